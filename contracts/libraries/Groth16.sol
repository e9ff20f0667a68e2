// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Groth16: the BN254 precompile calls every generated Groth16 verifier shares.
/// @notice A verification key is a run of words in memory, in this layout: α (G1, 2 words), β, γ, δ
/// (G2, 4 words each, in the precompile's order x_imaginary, x_real, y_imaginary, y_real), then the
/// input points IC0, IC1, … as (x, y) pairs. Functions take the key by its memory address (the word of
/// α's x), so fixed-size and dynamic key arrays share them.
/// @dev Internal functions only: they are inlined into each verifier, with no external call.
library Groth16 {
    /// @notice The BN254 base field modulus: coordinates of curve points are below it.
    uint256 internal constant BASE_FIELD =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;

    /// @notice Word offsets of the key's parts.
    uint256 internal constant ALPHA = 0;
    uint256 internal constant BETA = 2;
    uint256 internal constant GAMMA = 6;
    uint256 internal constant DELTA = 10;
    uint256 internal constant IC = 14;

    /// @notice acc += IC[index]·scalar through the EIP-196 precompiles; false if either call fails.
    /// @param key The memory address of the key's first word.
    function mulAdd(uint256[2] memory acc, uint256 key, uint256 index, uint256 scalar) internal view returns (bool ok) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Four scratch words past the free memory pointer: [ICx, ICy, scalar] for ecMul, whose
            // product lands in words 2 and 3; then [acc, product] for ecAdd, whose sum lands in acc.
            let buffer := mload(0x40)
            mcopy(buffer, add(key, mul(add(IC, mul(2, index)), 0x20)), 0x40)
            mstore(add(buffer, 0x40), scalar)
            ok := staticcall(gas(), 0x07, buffer, 0x60, add(buffer, 0x40), 0x40)
            mcopy(buffer, acc, 0x40)
            ok := and(ok, staticcall(gas(), 0x06, buffer, 0x80, acc, 0x40))
        }
    }

    /// @notice The pairing check e(−A, B) · e(α, β) · e(X, γ) · e(C, δ) = 1 for the input point X.
    /// @dev False for A's y coordinate ≥ q (its negation is computed here, so a non-canonical y would
    /// otherwise be reduced); every other coordinate goes to the EIP-197 precompile, which rejects any
    /// coordinate ≥ q and any point off the curve or, for G2, outside the subgroup.
    /// @param key The memory address of the key's first word.
    function pairing(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] memory x,
        uint256 key
    ) internal view returns (bool ok) {
        if (pA[1] >= BASE_FIELD) return false;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The 24-word pairing input, written past the free memory pointer (scratch, never read
            // back by Solidity).
            let input := mload(0x40)
            mstore(input, calldataload(pA))
            // −A = (Ax, q − Ay), and −O = O for the point at infinity (Ay = 0); Ay < q was checked.
            let ay := calldataload(add(pA, 32))
            mstore(add(input, 0x20), mul(iszero(iszero(ay)), sub(BASE_FIELD, ay)))
            calldatacopy(add(input, 0x40), pB, 0x80)
            mcopy(add(input, 0xc0), add(key, mul(ALPHA, 0x20)), 0x40)
            mcopy(add(input, 0x100), add(key, mul(BETA, 0x20)), 0x80)
            mcopy(add(input, 0x180), x, 0x40)
            mcopy(add(input, 0x1c0), add(key, mul(GAMMA, 0x20)), 0x80)
            calldatacopy(add(input, 0x240), pC, 0x40)
            mcopy(add(input, 0x280), add(key, mul(DELTA, 0x20)), 0x80)
            // EIP-197: 1 when the product of the four pairings is the identity; fails on any point
            // off the curve, outside its subgroup, or with a coordinate ≥ q.
            ok := staticcall(gas(), 0x08, input, 0x300, input, 0x20)
            ok := and(ok, eq(mload(input), 1))
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregationVerifier} from "../interfaces/IAggregationVerifier.sol";
import {Groth16} from "../libraries/Groth16.sol";
import {Snark} from "../libraries/Snark.sol";

/// @title AggregationVerifierBase: Groth16 verification of the Aggregation circuit on BN254.
/// @notice The logic every generated Aggregation verifier shares; a generated verifier only supplies its
/// circuit's shape (K, N, BITS, H) and verification key (`_verifyingKey`). It checks
/// e(−A, B) · e(α, β) · e(X, γ) · e(C, δ) = 1 with X = IC0 + Σ IC_{i+1}·signal_i over the K + 2 public
/// signals [aggregateCommitment, commitments[0..K), weights], through the EIP-196/197 precompiles (the
/// Groth16 library).
/// @dev Inputs are rejected, never reduced: every public signal must be below the scalar field modulus
/// (signal + r would verify like signal). A signal of 0 adds 0·IC = O to X, so its scalar
/// multiplication is skipped: a round of k < K contributions pays for k + 2 of them, not K + 2 (about
/// 6k gas saved per padding slot); missing commitments are 0.
abstract contract AggregationVerifierBase is IAggregationVerifier {
    /// @inheritdoc IAggregationVerifier
    function maxContributions() public pure virtual returns (uint256);

    /// @inheritdoc IAggregationVerifier
    function verifyAggregation(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256 aggregateCommitment,
        uint256[] calldata commitments,
        uint256 weights
    ) external view returns (bool) {
        uint256 k = maxContributions();
        uint256 count = commitments.length;
        if (count > k) return false;
        if (aggregateCommitment >= Snark.SCALAR_FIELD || weights >= Snark.SCALAR_FIELD) return false;
        uint256[] memory key = _verifyingKey();
        uint256 keyAddress = _address(key);
        uint256[2] memory x = [key[Groth16.IC], key[Groth16.IC + 1]];
        // IC1 belongs to aggregateCommitment, IC2..IC(K+1) to the commitments, IC(K+2) to weights.
        if (!_mulAddUnlessZero(x, keyAddress, 1, aggregateCommitment)) return false;
        for (uint256 i = 0; i < count; ++i) {
            uint256 commitment = commitments[i];
            if (commitment >= Snark.SCALAR_FIELD) return false;
            if (!_mulAddUnlessZero(x, keyAddress, 2 + i, commitment)) return false;
        }
        if (!_mulAddUnlessZero(x, keyAddress, 2 + k, weights)) return false;
        return Groth16.pairing(pA, pB, pC, x, keyAddress);
    }

    /// @dev The circuit's verification key (generated): 14 + 2·(K + 3) words in the Groth16 library's
    /// layout, α, β, γ, δ, then IC0..IC(K+2).
    function _verifyingKey() internal pure virtual returns (uint256[] memory);

    /// @dev acc += IC[index]·scalar, skipped for scalar 0 (0·IC is the point at infinity).
    function _mulAddUnlessZero(
        uint256[2] memory acc,
        uint256 keyAddress,
        uint256 index,
        uint256 scalar
    ) private view returns (bool) {
        return scalar == 0 || Groth16.mulAdd(acc, keyAddress, index, scalar);
    }

    /// @dev The memory address of a key's first word (a dynamic memory array's words follow its length).
    function _address(uint256[] memory key) private pure returns (uint256 keyAddress) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            keyAddress := add(key, 0x20)
        }
    }
}

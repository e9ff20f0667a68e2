// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionVerifier} from "../interfaces/IContributionVerifier.sol";
import {ContributionSignals} from "../libraries/ContributionSignals.sol";
import {Snark} from "../libraries/Snark.sol";

/// @title ContributionVerifierBase: Groth16 verification of the Contribution circuit on BN254.
/// @notice The logic every generated Contribution verifier shares; a generated verifier only supplies
/// its circuit's verification key (`_verifyingKey`). It checks
/// e(−A, B) · e(α, β) · e(X, γ) · e(C, δ) = 1 with X = IC0 + Σ IC_{i+1}·signal_i, through the
/// EIP-196/197 precompiles. `roundPoint` and `verifyRoundProof` split X into the part fixed for a round
/// and the part that varies per proof (see IContributionVerifier).
/// Only round points this verifier computed itself (`registerRoundPoint`) are accepted by
/// `verifyRoundProof`: a point chosen by the caller would let it pick the input point X freely and
/// forge a proof (X = 0 with A = α, B = β, C = O satisfies the equation), so the check is safe for any
/// caller, not only for a RoundManager that stores the points it registered.
/// @dev Inputs are rejected, never reduced: every public signal must be below the scalar field modulus
/// (signal + r would verify like signal) and A's y coordinate below the base field modulus (its
/// negation is computed here; every other coordinate goes to a precompile, which rejects any
/// coordinate ≥ q and any point off the curve or, for G2, outside the subgroup).
abstract contract ContributionVerifierBase is IContributionVerifier {
    /// @dev The BN254 base field modulus: coordinates of curve points are below it.
    uint256 private constant _BASE_FIELD =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Layout of the verification key `_verifyingKey` returns, in words: α (G1), β, γ, δ (G2, in the
    // precompile's order x_imaginary, x_real, y_imaginary, y_real), then IC0..IC6 as (x, y) pairs.
    uint256 private constant _ALPHA = 0;
    uint256 private constant _BETA = 2;
    uint256 private constant _GAMMA = 6;
    uint256 private constant _DELTA = 10;
    uint256 private constant _IC = 14;
    uint256 internal constant KEY_WORDS = 28;

    /// @dev The IC points of verifyRoundProof's four signals (root, nullifier, updateCommitment,
    /// recipient), one per byte, first signal in the lowest byte: IC_{i+1} belongs to signal i
    /// (ContributionSignals), so this is 0x06030201.
    uint256 private constant _PROOF_SIGNAL_ICS =
        (ContributionSignals.ROOT + 1) |
            ((ContributionSignals.NULLIFIER + 1) << 8) |
            ((ContributionSignals.UPDATE_COMMITMENT + 1) << 16) |
            ((ContributionSignals.RECIPIENT + 1) << 24);

    /// @dev keccak256 of every round point `registerRoundPoint` computed. A point is a function of
    /// (roundScope, l2BoundSq) alone, so a recorded point proves that it is IC0 + IC4·s + IC5·b for
    /// field elements s and b, whoever registered it.
    mapping(bytes32 pointHash => bool) private _registeredRoundPoints;

    /// @inheritdoc IContributionVerifier
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[6] calldata pubSignals
    ) external view returns (bool) {
        uint256 roundScope = pubSignals[ContributionSignals.ROUND_SCOPE];
        uint256 l2BoundSq = pubSignals[ContributionSignals.L2_BOUND_SQ];
        if (roundScope >= Snark.SCALAR_FIELD || l2BoundSq >= Snark.SCALAR_FIELD) return false;
        uint256[KEY_WORDS] memory key = _verifyingKey();
        (bool ok, uint256[2] memory point) = _foldRoundSignals(key, roundScope, l2BoundSq);
        uint256[4] memory proofSignals = [
            pubSignals[ContributionSignals.ROOT],
            pubSignals[ContributionSignals.NULLIFIER],
            pubSignals[ContributionSignals.UPDATE_COMMITMENT],
            pubSignals[ContributionSignals.RECIPIENT]
        ];
        return ok && _verify(key, pA, pB, pC, point, proofSignals);
    }

    /// @inheritdoc IContributionVerifier
    function roundPoint(uint256 roundScope, uint256 l2BoundSq) public view returns (uint256[2] memory point) {
        if (roundScope >= Snark.SCALAR_FIELD || l2BoundSq >= Snark.SCALAR_FIELD) {
            revert ContributionVerifierRoundSignalNotInField(roundScope, l2BoundSq);
        }
        bool ok;
        (ok, point) = _foldRoundSignals(_verifyingKey(), roundScope, l2BoundSq);
        if (!ok) revert ContributionVerifierRoundPointFailed();
    }

    /// @inheritdoc IContributionVerifier
    function registerRoundPoint(uint256 roundScope, uint256 l2BoundSq) external returns (uint256[2] memory point) {
        point = roundPoint(roundScope, l2BoundSq);
        bytes32 pointHash = _pointHash(point);
        if (!_registeredRoundPoints[pointHash]) {
            _registeredRoundPoints[pointHash] = true;
            emit RoundPointRegistered(roundScope, l2BoundSq, point);
        }
    }

    /// @inheritdoc IContributionVerifier
    function isRegisteredRoundPoint(uint256[2] calldata point) external view returns (bool) {
        return _registeredRoundPoints[_pointHash(point)];
    }

    /// @inheritdoc IContributionVerifier
    function verifyRoundProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] calldata point,
        uint256[4] calldata proofSignals
    ) external view returns (bool) {
        if (!_registeredRoundPoints[_pointHash(point)]) return false;
        return _verify(_verifyingKey(), pA, pB, pC, point, proofSignals);
    }

    function _pointHash(uint256[2] memory point) private pure returns (bytes32) {
        return keccak256(abi.encode(point[0], point[1]));
    }

    /// @dev The circuit's verification key (generated), in the layout described above.
    function _verifyingKey() internal pure virtual returns (uint256[KEY_WORDS] memory);

    /// @dev IC0 + IC_{ROUND_SCOPE+1}·roundScope + IC_{L2_BOUND_SQ+1}·l2BoundSq (IC4 and IC5).
    function _foldRoundSignals(
        uint256[KEY_WORDS] memory key,
        uint256 roundScope,
        uint256 l2BoundSq
    ) private view returns (bool ok, uint256[2] memory point) {
        point = [key[_IC], key[_IC + 1]];
        ok =
            _mulAdd(point, key, ContributionSignals.ROUND_SCOPE + 1, roundScope) &&
            _mulAdd(point, key, ContributionSignals.L2_BOUND_SQ + 1, l2BoundSq);
    }

    /// @dev The pairing check e(−A, B) · e(α, β) · e(X, γ) · e(C, δ) = 1, where X = point + Σ IC·signal
    /// over the four per-proof signals.
    function _verify(
        uint256[KEY_WORDS] memory key,
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] memory point,
        uint256[4] memory proofSignals
    ) private view returns (bool ok) {
        if (pA[1] >= _BASE_FIELD) return false;
        uint256[2] memory x = [point[0], point[1]];
        for (uint256 i = 0; i < 4; ++i) {
            uint256 signal = proofSignals[i];
            if (signal >= Snark.SCALAR_FIELD) return false;
            if (!_mulAdd(x, key, (_PROOF_SIGNAL_ICS >> (8 * i)) & 0xff, signal)) return false;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The 24-word pairing input, written past the free memory pointer (scratch, never read
            // back by Solidity).
            let input := mload(0x40)
            mstore(input, calldataload(pA))
            // −A = (Ax, q − Ay), and −O = O for the point at infinity (Ay = 0); Ay < q was checked.
            let ay := calldataload(add(pA, 32))
            mstore(add(input, 0x20), mul(iszero(iszero(ay)), sub(_BASE_FIELD, ay)))
            calldatacopy(add(input, 0x40), pB, 0x80)
            mcopy(add(input, 0xc0), add(key, mul(_ALPHA, 0x20)), 0x40)
            mcopy(add(input, 0x100), add(key, mul(_BETA, 0x20)), 0x80)
            mcopy(add(input, 0x180), x, 0x40)
            mcopy(add(input, 0x1c0), add(key, mul(_GAMMA, 0x20)), 0x80)
            calldatacopy(add(input, 0x240), pC, 0x40)
            mcopy(add(input, 0x280), add(key, mul(_DELTA, 0x20)), 0x80)
            // EIP-197: 1 when the product of the four pairings is the identity; fails on any point
            // off the curve, outside its subgroup, or with a coordinate ≥ q.
            ok := staticcall(gas(), 0x08, input, 0x300, input, 0x20)
            ok := and(ok, eq(mload(input), 1))
        }
    }

    /// @dev acc += IC[index]·scalar through the EIP-196 precompiles; false if either call fails.
    function _mulAdd(
        uint256[2] memory acc,
        uint256[KEY_WORDS] memory key,
        uint256 index,
        uint256 scalar
    ) private view returns (bool ok) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Four scratch words past the free memory pointer: [ICx, ICy, scalar] for ecMul, whose
            // product lands in words 2 and 3; then [acc, product] for ecAdd, whose sum lands in acc.
            let buffer := mload(0x40)
            mcopy(buffer, add(key, mul(add(_IC, mul(2, index)), 0x20)), 0x40)
            mstore(add(buffer, 0x40), scalar)
            ok := staticcall(gas(), 0x07, buffer, 0x60, add(buffer, 0x40), 0x40)
            mcopy(buffer, acc, 0x40)
            ok := and(ok, staticcall(gas(), 0x06, buffer, 0x80, acc, 0x40))
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionVerifier} from "../interfaces/IContributionVerifier.sol";
import {ContributionSignals} from "../libraries/ContributionSignals.sol";
import {Groth16} from "../libraries/Groth16.sol";
import {Snark} from "../libraries/Snark.sol";

/// @title ContributionVerifierBase: Groth16 verification of the Contribution circuit on BN254.
/// @notice The logic every generated Contribution verifier shares; a generated verifier only supplies
/// its circuit's verification key (`_verifyingKey`). It checks
/// e(−A, B) · e(α, β) · e(X, γ) · e(C, δ) = 1 with X = IC0 + Σ IC_{i+1}·signal_i, through the
/// EIP-196/197 precompiles (the Groth16 library). `roundPoint` and `verifyRoundProof` split X into the part fixed for a round
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
    /// @dev The words of the verification key `_verifyingKey` returns, in the Groth16 library's
    /// layout: α, β, γ, δ, then IC0..IC6.
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
        point = [key[Groth16.IC], key[Groth16.IC + 1]];
        uint256 keyAddress = _address(key);
        ok =
            Groth16.mulAdd(point, keyAddress, ContributionSignals.ROUND_SCOPE + 1, roundScope) &&
            Groth16.mulAdd(point, keyAddress, ContributionSignals.L2_BOUND_SQ + 1, l2BoundSq);
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
        uint256 keyAddress = _address(key);
        uint256[2] memory x = [point[0], point[1]];
        for (uint256 i = 0; i < 4; ++i) {
            uint256 signal = proofSignals[i];
            if (signal >= Snark.SCALAR_FIELD) return false;
            if (!Groth16.mulAdd(x, keyAddress, (_PROOF_SIGNAL_ICS >> (8 * i)) & 0xff, signal)) return false;
        }
        return Groth16.pairing(pA, pB, pC, x, keyAddress);
    }

    /// @dev The memory address of a key's first word (a fixed-size memory array starts at its address).
    function _address(uint256[KEY_WORDS] memory key) private pure returns (uint256 keyAddress) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            keyAddress := key
        }
    }
}

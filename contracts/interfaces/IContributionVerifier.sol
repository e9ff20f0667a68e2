// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IContributionVerifier: the shape every generated Contribution verifier has.
/// @notice Public signals, in the order the circuit exposes them:
/// [0] root, [1] nullifier, [2] updateCommitment, [3] roundScope, [4] l2BoundSq, [5] recipient.
/// Two of them, roundScope and l2BoundSq, are the same for every proof of a round. Their part of the
/// Groth16 input point can be computed once, when the round opens (`roundPoint`), and each proof then
/// checked against it with the four signals that vary (`verifyRoundProof`): two scalar
/// multiplications fewer per proof.
interface IContributionVerifier {
    /// @notice A round signal (roundScope or l2BoundSq) is not below the BN254 scalar field modulus.
    error RoundSignalNotInField(uint256 roundScope, uint256 l2BoundSq);
    /// @notice A precompile call failed while folding the round signals (only on running out of gas).
    error RoundPointFailed();

    /// @notice Checks a Groth16 proof against the six public signals; false for any invalid input.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[6] calldata pubSignals
    ) external view returns (bool);

    /// @notice The round's part of the input point: IC0 + IC_roundScope·roundScope + IC_l2BoundSq·l2BoundSq.
    /// @dev Reverts with RoundSignalNotInField unless both signals are below the scalar field modulus.
    function roundPoint(uint256 roundScope, uint256 l2BoundSq) external view returns (uint256[2] memory point);

    /// @notice Checks a Groth16 proof whose round signals are already folded into `point`, which must
    /// come from `roundPoint` of this verifier; false for any invalid input.
    /// @param proofSignals [root, nullifier, updateCommitment, recipient].
    /// @dev Equivalent to `verifyProof` with the six signals when `point == roundPoint(roundScope,
    /// l2BoundSq)`: the input point is linear in the signals.
    function verifyRoundProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] calldata point,
        uint256[4] calldata proofSignals
    ) external view returns (bool);
}

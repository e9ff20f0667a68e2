// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IContributionVerifier: the shape every generated Contribution verifier has.
/// @notice Public signals, in the order the circuit exposes them (their indices are named once, in
/// ContributionSignals): [ROOT = 0] root, [NULLIFIER = 1] nullifier, [UPDATE_COMMITMENT = 2]
/// updateCommitment, [ROUND_SCOPE = 3] roundScope, [L2_BOUND_SQ = 4] l2BoundSq, [RECIPIENT = 5] recipient.
/// Two of them, roundScope and l2BoundSq, are the same for every proof of a round. Their part of the
/// Groth16 input point can be computed once, when the round opens (`roundPoint`), and each proof then
/// checked against it with the four signals that vary (`verifyRoundProof`): two scalar
/// multiplications fewer per proof. `verifyRoundProof` accepts only points the verifier computed and
/// recorded itself (`registerRoundPoint`), so a caller cannot choose a point that forges a proof.
interface IContributionVerifier {
    /// @notice A round point was computed and recorded for the first time.
    event RoundPointRegistered(uint256 roundScope, uint256 l2BoundSq, uint256[2] point);

    /// @notice A round signal (roundScope or l2BoundSq) is not below the BN254 scalar field modulus.
    error ContributionVerifierRoundSignalNotInField(uint256 roundScope, uint256 l2BoundSq);
    /// @notice A precompile call failed while folding the round signals (only on running out of gas).
    error ContributionVerifierRoundPointFailed();

    /// @notice keccak256 of the verification key JSON (as snarkjs exports it) this verifier embeds;
    /// contracts/generated/keys.json records the same hash per circuit.
    // solhint-disable-next-line func-name-mixedcase
    function VERIFICATION_KEY_HASH() external view returns (bytes32);

    /// @notice Checks a Groth16 proof against the six public signals (ContributionSignals order); false
    /// for any invalid input.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[6] calldata pubSignals
    ) external view returns (bool);

    /// @notice The round's part of the input point: IC0 + IC_roundScope·roundScope + IC_l2BoundSq·l2BoundSq.
    /// @dev Reverts with ContributionVerifierRoundSignalNotInField unless both signals are below the
    /// scalar field modulus.
    function roundPoint(uint256 roundScope, uint256 l2BoundSq) external view returns (uint256[2] memory point);

    /// @notice `roundPoint`, recorded so that `verifyRoundProof` accepts it; anyone may register any
    /// pair (a point only ever stands for the signals it was computed from).
    function registerRoundPoint(uint256 roundScope, uint256 l2BoundSq) external returns (uint256[2] memory point);

    /// @notice Whether `point` was recorded by `registerRoundPoint`.
    function isRegisteredRoundPoint(uint256[2] calldata point) external view returns (bool);

    /// @notice Checks a Groth16 proof whose round signals are already folded into `point`; false for
    /// any invalid input, and for any point this verifier did not record with `registerRoundPoint`.
    /// @param proofSignals [root, nullifier, updateCommitment, recipient]: the signals at
    /// ContributionSignals.ROOT, NULLIFIER, UPDATE_COMMITMENT and RECIPIENT, in that order.
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

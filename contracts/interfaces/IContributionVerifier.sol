// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IContributionVerifier: the shape every generated Contribution verifier has.
/// @notice Public signals, in the order the circuit exposes them:
/// [0] root, [1] nullifier, [2] updateCommitment, [3] roundScope, [4] l2BoundSq, [5] recipient.
interface IContributionVerifier {
    /// @notice Checks a Groth16 proof against the six public signals; false for any invalid input.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[6] calldata pubSignals
    ) external view returns (bool);
}

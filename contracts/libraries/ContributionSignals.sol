// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ContributionSignals: the public signals of the Contribution circuit, by position.
/// @notice The one place that says where each public signal sits in the array a Contribution proof is
/// checked against (circuits/contribution.circom: outputs first, then the public inputs in the order of
/// circuits/circuits.json; the committed order is `publicSignals` in contracts/generated/keys.json).
/// RoundManager reads the signals by these indices, and ContributionVerifierBase pairs each with its
/// verification-key point IC_{index + 1}. src/zk keeps the TypeScript mirror.
library ContributionSignals {
    /// @notice The member-tree root the membership proof is against.
    uint256 internal constant ROOT = 0;
    /// @notice The nullifier: one per identity and round scope.
    uint256 internal constant NULLIFIER = 1;
    /// @notice The Poseidon commitment to the (update, salt) the contribution reveals off-chain.
    uint256 internal constant UPDATE_COMMITMENT = 2;
    /// @notice The round scope (Snark.roundScope): binds chain, RoundManager and round.
    uint256 internal constant ROUND_SCOPE = 3;
    /// @notice The round's bound on the squared L2 norm of the quantized update.
    uint256 internal constant L2_BOUND_SQ = 4;
    /// @notice The address paid the bond and reward, as a field element.
    uint256 internal constant RECIPIENT = 5;
    /// @notice The number of public signals.
    uint256 internal constant COUNT = 6;
}

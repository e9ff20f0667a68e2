// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IGuardiansGovernor: what the Guardians Governor adds to OpenZeppelin's Governor.
interface IGuardiansGovernor {
    /// @notice Every parameter of a Guardians Governor deployment.
    /// @param name The Governor's name (EIP-712 domain).
    /// @param votingDelay Seconds between a proposal and its vote snapshot.
    /// @param votingPeriod Seconds a vote stays open (before any late-quorum extension).
    /// @param proposalThreshold Votes needed to propose, in wei of voting power.
    /// @param quorumNumerator Quorum in percent of the GRD supply at the snapshot.
    /// @param lateQuorumVoteExtension Minimum seconds of voting left after quorum is reached.
    /// @param proposalGuardian The security council, able to cancel any proposal (address(0) for none).
    struct GovernorConfig {
        string name;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumNumerator;
        uint48 lateQuorumVoteExtension;
        address proposalGuardian;
    }

    /// @notice The voting-power source does not run the timestamp clock the Governor assumes.
    error GuardiansGovernorClockMismatch();

    /// @notice The proposal guardian tried to cancel a proposal that only removes guardian powers.
    error GuardiansGovernorCannotCancelGuardianRemoval(uint256 proposalId);

    /// @notice The id of the proposal being executed in this transaction, or 0 outside an execution.
    /// @dev Lets a target (e.g. the model registry) record which proposal changed it.
    function executingProposalId() external view returns (uint256);
}

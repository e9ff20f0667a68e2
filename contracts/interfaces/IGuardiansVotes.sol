// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IGuardiansVotes: the Governor's read-only view of voting power (GRD + staked GRD).
interface IGuardiansVotes is IERC5805 {
    /// @notice Delegation happens on GRD and sGRD themselves; the adapter only reads.
    error GuardiansVotesDelegationUnsupported();
    /// @notice GRD and sGRD must both run the timestamp clock the Governor uses.
    error GuardiansVotesClockMismatch();

    /// @notice The GRD token.
    function token() external view returns (IERC5805);

    /// @notice The sGRD stake position.
    function stakePosition() external view returns (IERC5805);

    /// @notice Where `account` delegates its GRD votes and its sGRD votes.
    function delegatesOf(address account) external view returns (address tokenDelegate, address positionDelegate);
}

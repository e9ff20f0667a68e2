// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title GuardiansTimelock
/// @notice The Timelock that owns the protocol: OpenZeppelin's TimelockController, unchanged.
/// @dev Production wiring (see docs/ROLES.md): PROPOSER_ROLE and EXECUTOR_ROLE to the Governor only
/// (so every execution goes through it and the model registry can record the proposal id),
/// CANCELLER_ROLE to the Governor only, admin = the timelock itself. The guardian cancels through
/// the Governor: with the Timelock's CANCELLER_ROLE it could also cancel its own removal.
contract GuardiansTimelock is TimelockController {
    /// @param minDelay Seconds between queueing and execution.
    /// @param proposers Accounts granted PROPOSER_ROLE (and CANCELLER_ROLE): the Governor.
    /// @param executors Accounts granted EXECUTOR_ROLE: the Governor.
    /// @param admin Optional bootstrap admin that must renounce after wiring (address(0) for none).
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {StakePosition} from "../../../token/StakePosition.sol";

/// @title MockStakingRegistry
/// @notice Test-only stand-in for the ParticipantRegistry's staking side, for governance tests: it
/// holds staked GRD and mints / burns the real StakePosition 1:1, as the registry does. No member
/// tree, unbonding or slashing.
contract MockStakingRegistry {
    using SafeERC20 for IERC20;

    /// @notice The staked token (GRD).
    IERC20 public immutable grd;
    /// @notice The stake position this registry deployed and alone mints.
    StakePosition public immutable position;

    /// @param token The GRD token.
    constructor(IERC20 token) {
        grd = token;
        position = new StakePosition();
    }

    /// @notice Takes `amount` GRD from the caller and mints as much sGRD to it.
    function stake(uint256 amount) external {
        grd.safeTransferFrom(msg.sender, address(this), amount);
        position.mint(msg.sender, amount);
    }

    /// @notice Burns `amount` of the caller's sGRD and returns as much GRD.
    function unstake(uint256 amount) external {
        position.burn(msg.sender, amount);
        grd.safeTransfer(msg.sender, amount);
    }
}

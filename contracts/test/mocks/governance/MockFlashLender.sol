// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @notice Receives a flash loan from MockFlashLender.
interface IMockFlashBorrower {
    /// @notice Called with `amount` lent; must return it to the lender before returning.
    function onFlashLoan(uint256 amount) external;
}

/// @title MockFlashLender
/// @notice Test-only flash lender: lends its whole token balance for the duration of one call and
/// requires it back, as a flash-loan pool does, to show that borrowed GRD carries no votes.
contract MockFlashLender is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The borrower did not return the loan.
    error MockFlashLenderNotRepaid(uint256 expected, uint256 actual);

    /// @notice The token lent.
    IERC20 public immutable token;

    /// @param lent The token lent.
    constructor(IERC20 lent) {
        token = lent;
    }

    /// @notice Lends `amount` to `borrower` for the duration of its `onFlashLoan` callback.
    function flashLoan(IMockFlashBorrower borrower, uint256 amount) external nonReentrant {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransfer(address(borrower), amount);
        borrower.onFlashLoan(amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        if (balanceAfter < balanceBefore) revert MockFlashLenderNotRepaid(balanceBefore, balanceAfter);
    }
}

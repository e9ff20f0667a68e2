// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IMockFlashBorrower, MockFlashLender} from "./MockFlashLender.sol";

/// @title MockFlashLoanVoter
/// @notice Test-only attacker: borrows GRD in a flash loan, delegates it to itself, votes on a
/// proposal and repays, all in one transaction.
contract MockFlashLoanVoter is IMockFlashBorrower {
    using SafeERC20 for IERC20;

    /// @notice Only the lender may call back.
    error MockFlashLoanVoterUnexpectedCaller(address caller);

    MockFlashLender private immutable _lender;
    IGovernor private immutable _governor;
    uint256 private _proposalId;

    /// @param lender The flash lender to borrow from.
    /// @param governor The Governor to vote in.
    constructor(MockFlashLender lender, IGovernor governor) {
        _lender = lender;
        _governor = governor;
    }

    /// @notice Borrows `amount` and votes For `proposalId` with it inside the loan.
    function attack(uint256 proposalId, uint256 amount) external {
        _proposalId = proposalId;
        _lender.flashLoan(this, amount);
    }

    /// @inheritdoc IMockFlashBorrower
    function onFlashLoan(uint256 amount) external {
        if (msg.sender != address(_lender)) revert MockFlashLoanVoterUnexpectedCaller(msg.sender);
        IERC20 token = _lender.token();
        IVotes(address(token)).delegate(address(this));
        _governor.castVote(_proposalId, 1);
        token.safeTransfer(address(_lender), amount);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IGuardiansVotes} from "../interfaces/IGuardiansVotes.sol";

/// @title GuardiansVotes
/// @notice The voting power the Guardians Governor counts: an account's GRD votes plus its sGRD
/// (stake position) votes, both read from their checkpoints at the same timepoint. Staking moves
/// GRD into the participant registry, which never delegates, and mints the same amount of sGRD
/// to the staker, so a staked token keeps exactly one vote.
/// @dev Read-only IERC5805 adapter for GovernorVotes. The total supply (the quorum base) is GRD's
/// alone: staked GRD is still inside GRD's supply, so adding sGRD would count it twice.
contract GuardiansVotes is IGuardiansVotes {
    string private constant _TIMESTAMP_CLOCK_MODE = "mode=timestamp";

    IERC5805 private immutable _token;
    IERC5805 private immutable _stakePosition;

    /// @param grd The GRD token (ERC20Votes, timestamp clock).
    /// @param sgrd The sGRD stake position (ERC20Votes, timestamp clock).
    constructor(IERC5805 grd, IERC5805 sgrd) {
        bytes32 expected = keccak256(bytes(_TIMESTAMP_CLOCK_MODE));
        if (keccak256(bytes(grd.CLOCK_MODE())) != expected || keccak256(bytes(sgrd.CLOCK_MODE())) != expected) {
            revert GuardiansVotesClockMismatch();
        }
        _token = grd;
        _stakePosition = sgrd;
    }

    /// @inheritdoc IGuardiansVotes
    function token() external view returns (IERC5805) {
        return _token;
    }

    /// @inheritdoc IGuardiansVotes
    function stakePosition() external view returns (IERC5805) {
        return _stakePosition;
    }

    /// @notice The ERC-6372 clock: block timestamps, as GRD and sGRD use.
    function clock() external view returns (uint48) {
        return Time.timestamp();
    }

    /// @notice The ERC-6372 clock mode: timestamps.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return _TIMESTAMP_CLOCK_MODE;
    }

    /// @notice Current voting power of `account`: its GRD votes plus its sGRD votes.
    function getVotes(address account) external view returns (uint256) {
        return _token.getVotes(account) + _stakePosition.getVotes(account);
    }

    /// @notice Voting power of `account` at past `timepoint`: GRD plus sGRD checkpoints at that time.
    /// @dev Reverts (ERC5805FutureLookup, from the tokens) for a timepoint that is not yet in the past.
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _token.getPastVotes(account, timepoint) + _stakePosition.getPastVotes(account, timepoint);
    }

    /// @notice GRD total supply at past `timepoint`: the base of the quorum. sGRD is not added, as
    /// staked GRD is already part of GRD's supply.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return _token.getPastTotalSupply(timepoint);
    }

    /// @inheritdoc IGuardiansVotes
    function delegatesOf(address account) external view returns (address tokenDelegate, address positionDelegate) {
        return (_token.delegates(account), _stakePosition.delegates(account));
    }

    /// @notice Not supported: an account has two delegates here; read them with {delegatesOf}.
    function delegates(address) external pure returns (address) {
        revert GuardiansVotesDelegationUnsupported();
    }

    /// @notice Not supported: delegate on GRD and on sGRD directly.
    function delegate(address) external pure {
        revert GuardiansVotesDelegationUnsupported();
    }

    /// @notice Not supported: delegate on GRD and on sGRD directly.
    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert GuardiansVotesDelegationUnsupported();
    }
}

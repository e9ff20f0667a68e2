// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IGuardiansGovernor} from "../interfaces/IGuardiansGovernor.sol";

/// @title GuardiansGovernor
/// @notice Token holders' governance of a Guardians consortium: they propose, vote, and the
/// Timelock executes. Voting power is GRD + staked GRD (GuardiansVotes), checkpointed on a
/// timestamp clock; the quorum is a fraction of the GRD supply at the snapshot; a proposal that
/// reaches quorum late keeps a minimum voting window; a proposal guardian (the security council)
/// can cancel any proposal, including a queued one, except a proposal that only removes guardian
/// powers: governance can always remove its guardian.
/// @dev GovernorStorage is left out: every caller (SDK, tasks) keeps the full proposal, and its
/// per-proposal storage would make `propose` dearer for no on-chain reader.
contract GuardiansGovernor is
    IGuardiansGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorPreventLateQuorum,
    GovernorProposalGuardian
{
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.Uint256Slot;

    /// @dev Transient slot holding the proposal under execution:
    /// keccak256(abi.encode(uint256(keccak256("guardians.governor.executingProposalId")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _EXECUTING_PROPOSAL_SLOT =
        0x65637c45e967b91653d61d5ec05bffae4806667714bcfd133e3a1b94e2388e00;

    string private constant _TIMESTAMP_CLOCK_MODE = "mode=timestamp";

    /// @dev The guardian's pause role on the RoundManager, and the Timelock's canceller role: revoking
    /// either from the guardian is a removal call (see {_onlyRemovesGuardian}).
    bytes32 private constant _PAUSER_ROLE = keccak256("PAUSER_ROLE");
    bytes32 private constant _CANCELLER_ROLE = keccak256("CANCELLER_ROLE");

    /// @param config Every deployment parameter (see IGuardiansGovernor.GovernorConfig).
    /// @param votes The voting-power source: the GuardiansVotes adapter; it must run the timestamp clock.
    /// @param timelock The Timelock that executes proposals and owns the protocol.
    constructor(
        GovernorConfig memory config,
        IVotes votes,
        TimelockController timelock
    )
        Governor(config.name)
        GovernorSettings(config.votingDelay, config.votingPeriod, config.proposalThreshold)
        GovernorVotes(votes)
        GovernorVotesQuorumFraction(config.quorumNumerator)
        GovernorTimelockControl(timelock)
        GovernorPreventLateQuorum(config.lateQuorumVoteExtension)
    {
        if (keccak256(bytes(IERC6372(address(votes)).CLOCK_MODE())) != keccak256(bytes(_TIMESTAMP_CLOCK_MODE))) {
            revert GuardiansGovernorClockMismatch();
        }
        _setProposalGuardian(config.proposalGuardian);
    }

    /// @notice Cancels a proposal: its proposer while it is Pending, the proposal guardian at any stage
    /// (a queued proposal is also cancelled in the Timelock). The guardian cannot cancel a proposal
    /// whose every call removes guardian powers (see {_onlyRemovesGuardian}).
    function cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) public override returns (uint256) {
        address guardian = proposalGuardian();
        if (_msgSender() == guardian && _onlyRemovesGuardian(guardian, targets, values, calldatas)) {
            revert GuardiansGovernorCannotCancelGuardianRemoval(
                getProposalId(targets, values, calldatas, descriptionHash)
            );
        }
        return super.cancel(targets, values, calldatas, descriptionHash);
    }

    /// @inheritdoc IGuardiansGovernor
    function executingProposalId() external view returns (uint256) {
        return _EXECUTING_PROPOSAL_SLOT.asUint256().tload();
    }

    /// @notice The ERC-6372 clock: block timestamps.
    /// @dev The constructor checked that the votes source runs this clock (its token is immutable),
    /// so reading it here saves GovernorVotes' external call to the token on every vote.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice The ERC-6372 clock mode: timestamps.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return _TIMESTAMP_CLOCK_MODE;
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @dev True when every call of a non-empty proposal is `setProposalGuardian(address(0))` on this
    /// Governor or `revokeRole(PAUSER_ROLE or CANCELLER_ROLE, guardian)` on any contract, with no
    /// value. Such calls only take powers away from the guardian, so a proposal made of them cannot
    /// be used to shield anything else from the guardian's veto. The loop is bounded by the
    /// proposal's own length and paid by the caller of a view-like check in `cancel`.
    function _onlyRemovesGuardian(
        address guardian,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) private view returns (bool) {
        bytes32 clearGuardian = keccak256(abi.encodeCall(this.setProposalGuardian, (address(0))));
        bytes32 revokePauser = keccak256(abi.encodeCall(IAccessControl.revokeRole, (_PAUSER_ROLE, guardian)));
        bytes32 revokeCanceller = keccak256(abi.encodeCall(IAccessControl.revokeRole, (_CANCELLER_ROLE, guardian)));
        for (uint256 i = 0; i < targets.length; ++i) {
            bytes32 call = keccak256(calldatas[i]);
            bool removal =
                (targets[i] == address(this) && call == clearGuardian) ||
                    call == revokePauser ||
                    call == revokeCanceller;
            if (values[i] != 0 || !removal) return false;
        }
        return targets.length != 0;
    }

    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev Publishes the proposal id in transient storage while the Timelock runs its calls, so a
    /// target can record which proposal changed it; the previous value is restored afterwards.
    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        TransientSlot.Uint256Slot slot = _EXECUTING_PROPOSAL_SLOT.asUint256();
        uint256 outer = slot.tload();
        slot.tstore(proposalId);
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
        slot.tstore(outer);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorProposalGuardian) returns (bool) {
        return super._validateCancel(proposalId, caller);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}

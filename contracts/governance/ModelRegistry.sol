// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IGuardiansModelRegistry} from "../interfaces/IGuardiansModelRegistry.sol";
import {IGuardiansGovernor} from "../interfaces/IGuardiansGovernor.sol";

/// @title ModelRegistry
/// @notice The model versions of a Guardians consortium and which one it serves. Candidates are
/// registered by the round manager at finalization or by governance; only governance (the
/// Timelock, holder of DEFAULT_ADMIN_ROLE) activates, rolls back or revokes. Exactly one version is
/// Active at a time: the champion. Every change of champion is appended to an on-chain history
/// (version, previous version, proposal id, time, kind) that is never rewritten.
/// @dev The proposal id is not an argument (a proposal cannot contain its own id): the registry
/// reads it from the Governor, which publishes it in transient storage while it executes. A change
/// made outside a Governor execution records proposal id 0.
contract ModelRegistry is IGuardiansModelRegistry, AccessControl {
    /// @inheritdoc IGuardiansModelRegistry
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @dev Basis points in 100 %.
    uint32 private constant _MAX_BPS = 10_000;

    /// @inheritdoc IGuardiansModelRegistry
    IGuardiansGovernor public proposalSource;

    uint256 private _versionCount;
    uint256 private _champion;
    mapping(uint256 versionId => ModelVersion) private _versions;
    Activation[] private _history;

    /// @param admin Receives DEFAULT_ADMIN_ROLE: the Timelock, or a deployer that grants the roles,
    /// hands DEFAULT_ADMIN_ROLE to the Timelock and renounces it (see docs/ROLES.md).
    /// @param source The Governor recorded as the source of proposal ids (address(0) for none yet).
    constructor(address admin, IGuardiansGovernor source) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setProposalSource(source);
    }

    /// @inheritdoc IModelRegistry
    function registerCandidate(
        CandidateParams calldata params
    ) external onlyRole(REGISTRAR_ROLE) returns (uint256 versionId) {
        if (params.weightsHash == bytes32(0)) revert ModelRegistryEmptyWeightsHash();
        if (bytes(params.uri).length == 0) revert ModelRegistryEmptyUri();
        if (params.accuracyBps > _MAX_BPS) revert ModelRegistryAccuracyOutOfRange(params.accuracyBps);
        if (params.parentId != 0 && _versions[params.parentId].status == VersionStatus.None) {
            revert ModelRegistryUnknownParent(params.parentId);
        }

        versionId = ++_versionCount;
        _versions[versionId] = ModelVersion({
            parentId: params.parentId,
            weightsHash: params.weightsHash,
            uri: params.uri,
            roundId: params.roundId,
            aggregateCommitment: params.aggregateCommitment,
            accuracyBps: params.accuracyBps,
            metricsHash: params.metricsHash,
            status: VersionStatus.Candidate,
            registeredAt: Time.timestamp(),
            registrar: msg.sender
        });
        emit CandidateRegistered(
            versionId,
            params.parentId,
            params.roundId,
            params.weightsHash,
            params.uri,
            msg.sender
        );
    }

    /// @inheritdoc IGuardiansModelRegistry
    function activate(uint256 versionId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireStatus(versionId, VersionStatus.Candidate);
        _crown(versionId, ActivationKind.Promotion);
    }

    /// @inheritdoc IGuardiansModelRegistry
    function rollback(uint256 toVersionId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireStatus(toVersionId, VersionStatus.Deprecated);
        _crown(toVersionId, ActivationKind.Rollback);
    }

    /// @inheritdoc IGuardiansModelRegistry
    function revoke(uint256 versionId, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        VersionStatus status = _versions[versionId].status;
        if (status == VersionStatus.None) revert ModelRegistryUnknownVersion(versionId);
        if (status == VersionStatus.Active) revert ModelRegistryCannotRevokeChampion(versionId);
        if (status == VersionStatus.Revoked) revert ModelRegistryUnexpectedStatus(versionId, status);
        _versions[versionId].status = VersionStatus.Revoked;
        emit VersionRevoked(versionId, reason);
    }

    /// @inheritdoc IGuardiansModelRegistry
    function setProposalSource(IGuardiansGovernor source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProposalSource(source);
    }

    /// @inheritdoc IModelRegistry
    function champion() external view returns (uint256) {
        return _champion;
    }

    /// @inheritdoc IModelRegistry
    function statusOf(uint256 versionId) external view returns (VersionStatus) {
        return _versions[versionId].status;
    }

    /// @inheritdoc IGuardiansModelRegistry
    function versionCount() external view returns (uint256) {
        return _versionCount;
    }

    /// @inheritdoc IGuardiansModelRegistry
    function versionOf(uint256 versionId) external view returns (ModelVersion memory) {
        if (_versions[versionId].status == VersionStatus.None) revert ModelRegistryUnknownVersion(versionId);
        return _versions[versionId];
    }

    /// @inheritdoc IGuardiansModelRegistry
    function activationCount() external view returns (uint256) {
        return _history.length;
    }

    /// @inheritdoc IGuardiansModelRegistry
    function activationAt(uint256 index) external view returns (Activation memory) {
        return _history[index];
    }

    /// @inheritdoc IGuardiansModelRegistry
    function activations(uint256 offset, uint256 limit) external view returns (Activation[] memory page) {
        uint256 length = _history.length;
        uint256 start = Math.min(offset, length);
        uint256 end = start + Math.min(limit, length - start);
        page = new Activation[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = _history[i];
        }
    }

    /// @dev Makes `versionId` the champion, deprecates the previous one and appends to the history.
    function _crown(uint256 versionId, ActivationKind kind) private {
        uint256 previous = _champion;
        if (previous != 0) _versions[previous].status = VersionStatus.Deprecated;
        _versions[versionId].status = VersionStatus.Active;
        _champion = versionId;

        uint256 proposalId = address(proposalSource) == address(0) ? 0 : proposalSource.executingProposalId();
        _history.push(
            Activation({
                versionId: versionId,
                previousVersionId: previous,
                proposalId: proposalId,
                activatedAt: Time.timestamp(),
                kind: kind
            })
        );
        emit ChampionChanged(versionId, previous, proposalId, kind, _history.length - 1);
    }

    function _setProposalSource(IGuardiansGovernor source) private {
        IGuardiansGovernor previous = proposalSource;
        proposalSource = source;
        emit ProposalSourceSet(address(previous), address(source));
    }

    function _requireStatus(uint256 versionId, VersionStatus expected) private view {
        VersionStatus status = _versions[versionId].status;
        if (status == VersionStatus.None) revert ModelRegistryUnknownVersion(versionId);
        if (status != expected) revert ModelRegistryUnexpectedStatus(versionId, status);
    }
}

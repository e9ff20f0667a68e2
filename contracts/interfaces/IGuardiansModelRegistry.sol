// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IModelRegistry} from "./IModelRegistry.sol";
import {IGuardiansGovernor} from "./IGuardiansGovernor.sol";

/// @title IGuardiansModelRegistry: the model registry as governance and readers see it.
/// @notice Adds to the shared IModelRegistry the lifecycle that only the Timelock drives
/// (activate, rollback, revoke), the stored versions and the append-only activation history.
interface IGuardiansModelRegistry is IModelRegistry {
    /// @notice How a version became the champion.
    enum ActivationKind {
        Promotion,
        Rollback
    }

    /// @notice A registered version: what it was registered with, plus its status and provenance
    /// (the last four fields share one storage slot).
    struct ModelVersion {
        uint256 parentId;
        bytes32 weightsHash;
        string uri;
        uint256 roundId;
        bytes32 aggregateCommitment;
        bytes32 metricsHash;
        address registrar;
        uint48 registeredAt;
        uint32 accuracyBps;
        VersionStatus status;
    }

    /// @notice One entry of the append-only activation history.
    /// @param versionId The version that became the champion.
    /// @param previousVersionId The champion it replaced (0 for the first activation).
    /// @param proposalId The Governor proposal whose execution made the change (0 if it was not made by one).
    /// @param activatedAt Block timestamp of the change.
    /// @param kind Promotion of a candidate, or rollback to a deprecated version.
    struct Activation {
        uint256 versionId;
        uint256 previousVersionId;
        uint256 proposalId;
        uint48 activatedAt;
        ActivationKind kind;
    }

    /// @notice `versionId` was never registered.
    error ModelRegistryUnknownVersion(uint256 versionId);
    /// @notice A candidate names a parent that was never registered.
    error ModelRegistryUnknownParent(uint256 parentId);
    /// @notice A candidate was registered without a weights hash.
    error ModelRegistryEmptyWeightsHash();
    /// @notice A candidate was registered without a URI.
    error ModelRegistryEmptyUri();
    /// @notice A candidate's accuracy is above 10 000 basis points.
    error ModelRegistryAccuracyOutOfRange(uint32 accuracyBps);
    /// @notice The operation does not apply to a version in `status` (e.g. activating a non-candidate).
    error ModelRegistryUnexpectedStatus(uint256 versionId, VersionStatus status);
    /// @notice The champion cannot be revoked: roll back or promote another version first (same proposal).
    error ModelRegistryCannotRevokeChampion(uint256 versionId);

    /// @notice A candidate version was registered.
    event CandidateRegistered(
        uint256 indexed versionId,
        uint256 indexed parentId,
        uint256 indexed roundId,
        bytes32 weightsHash,
        string uri,
        address registrar
    );
    /// @notice `versionId` became the champion; `previousVersionId` (if any) is now Deprecated.
    event ChampionChanged(
        uint256 indexed versionId,
        uint256 indexed previousVersionId,
        uint256 indexed proposalId,
        ActivationKind kind,
        uint256 historyIndex
    );
    /// @notice `versionId` was revoked; it can never be activated again.
    event VersionRevoked(uint256 indexed versionId, string reason);
    /// @notice The governor whose executing proposal id is recorded with each activation changed
    /// (emitted after the change).
    event ProposalSourceSet(address indexed previousSource, address indexed newSource);

    /// @notice The role that may register candidates: the RoundManager contract and governance (the Timelock).
    // solhint-disable-next-line func-name-mixedcase
    function REGISTRAR_ROLE() external view returns (bytes32);

    /// @notice The Governor whose executing proposal id is recorded with each activation (address(0) for none).
    function proposalSource() external view returns (IGuardiansGovernor);

    /// @notice Makes candidate `versionId` the champion and deprecates the previous one. Timelock only.
    function activate(uint256 versionId) external;

    /// @notice Makes the earlier champion `toVersionId` (now Deprecated) the champion again, in one call. Timelock only.
    function rollback(uint256 toVersionId) external;

    /// @notice Revokes a Candidate or Deprecated version for good. Timelock only.
    function revoke(uint256 versionId, string calldata reason) external;

    /// @notice Sets the Governor whose executing proposal id is recorded with each activation. Timelock only.
    function setProposalSource(IGuardiansGovernor source) external;

    /// @notice The number of registered versions; ids run from 1 to this number.
    function versionCount() external view returns (uint256);

    /// @notice Everything recorded about `versionId`.
    function versionOf(uint256 versionId) external view returns (ModelVersion memory);

    /// @notice The number of entries in the activation history.
    function activationCount() external view returns (uint256);

    /// @notice The activation history entry at `index` (0 is the first activation).
    function activationAt(uint256 index) external view returns (Activation memory);

    /// @notice Up to `limit` history entries starting at `offset`, oldest first; empty past the end.
    function activations(uint256 offset, uint256 limit) external view returns (Activation[] memory page);
}

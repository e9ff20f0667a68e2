// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IModelRegistry} from "../../interfaces/IModelRegistry.sol";

/// @title MockModelRegistry (test-only)
/// @notice Records candidates and lets tests set statuses; the real registry is the governance helper's.
contract MockModelRegistry is IModelRegistry {
    /// @notice Number of registered versions (ids start at 1).
    uint256 public versionCount;
    /// @notice The champion id tests set.
    uint256 public champion;

    mapping(uint256 versionId => VersionStatus) private _status;
    mapping(uint256 versionId => CandidateParams) private _candidates;

    /// @notice Emitted on every registration, so tests can check what was registered.
    event CandidateRegistered(uint256 indexed versionId, CandidateParams params, address caller);

    /// @notice Registers an Active genesis version (for round bases).
    function addActiveVersion() external returns (uint256 versionId) {
        versionId = ++versionCount;
        _status[versionId] = VersionStatus.Active;
        champion = versionId;
    }

    /// @notice Sets a version's status.
    function setStatus(uint256 versionId, VersionStatus status) external {
        _status[versionId] = status;
    }

    /// @inheritdoc IModelRegistry
    function registerCandidate(CandidateParams calldata params) external returns (uint256 versionId) {
        versionId = ++versionCount;
        _status[versionId] = VersionStatus.Candidate;
        _candidates[versionId] = params;
        emit CandidateRegistered(versionId, params, msg.sender);
    }

    /// @inheritdoc IModelRegistry
    function statusOf(uint256 versionId) external view returns (VersionStatus) {
        return _status[versionId];
    }

    /// @notice The parameters a candidate was registered with.
    function candidate(uint256 versionId) external view returns (CandidateParams memory) {
        return _candidates[versionId];
    }
}

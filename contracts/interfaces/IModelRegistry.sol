// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IModelRegistry: the model-version registry as other protocol contracts see it.
/// @notice Versions move Candidate → Active → Deprecated, or to Revoked; exactly one is Active.
interface IModelRegistry {
    /// @notice Lifecycle of a model version. `None` marks an id that was never registered.
    enum VersionStatus {
        None,
        Candidate,
        Active,
        Deprecated,
        Revoked
    }

    /// @notice What a candidate is registered with.
    /// @param parentId The version it was trained from (0 for a genesis model).
    /// @param weightsHash Hash of the serialized weights.
    /// @param uri Where the weights live, e.g. ipfs://….
    /// @param roundId The training round it came from (0 if none).
    /// @param contributionsRoot Merkle root (or other commitment) of the contribution uids it aggregates.
    /// @param accuracyBps Validation accuracy in basis points.
    /// @param metricsHash Hash of the full metrics document.
    struct CandidateParams {
        uint256 parentId;
        bytes32 weightsHash;
        string uri;
        uint256 roundId;
        bytes32 contributionsRoot;
        uint32 accuracyBps;
        bytes32 metricsHash;
    }

    /// @notice Registers a candidate version; callable by the coordinator role or the round manager.
    /// @return versionId The new version's id (ids start at 1).
    function registerCandidate(CandidateParams calldata params) external returns (uint256 versionId);

    /// @notice The id of the Active version (the champion), or 0 before the first activation.
    function champion() external view returns (uint256);

    /// @notice The status of a version; `None` for an unknown id.
    function statusOf(uint256 versionId) external view returns (VersionStatus);
}

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
    /// @param aggregateCommitment For a round's candidate, the aggregate commitment its round's aggregation
    /// proof established (the model file holds the aggregate; see docs/MODELS.md); 0 for a version
    /// registered by governance (a genesis or out-of-round model).
    /// @param accuracyBps Validation accuracy in basis points.
    /// @param metricsHash Hash of the full metrics document.
    struct CandidateParams {
        uint256 parentId;
        bytes32 weightsHash;
        string uri;
        uint256 roundId;
        bytes32 aggregateCommitment;
        uint32 accuracyBps;
        bytes32 metricsHash;
    }

    /// @notice Registers a candidate version; callable only by REGISTRAR_ROLE: the round manager, which
    /// registers a round's candidate when an aggregation proof finalizes the round, and governance (the
    /// Timelock), for a genesis or out-of-round model. No coordinator or other account holds it.
    /// @return versionId The new version's id (ids start at 1).
    function registerCandidate(CandidateParams calldata params) external returns (uint256 versionId);

    /// @notice The id of the Active version (the champion), or 0 before the first activation.
    function champion() external view returns (uint256);

    /// @notice The status of a version; `None` for an unknown id.
    function statusOf(uint256 versionId) external view returns (VersionStatus);
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregationVerifier} from "../../interfaces/IAggregationVerifier.sol";

/// @title MockAggregationVerifier (test-only)
/// @notice Declares the shape it is deployed with and accepts or rejects every proof, as configured.
/// Only for tests about something other than proofs; tests about aggregation proofs use the generated
/// verifier with real proofs.
contract MockAggregationVerifier is IAggregationVerifier {
    /// @notice No verification key: the mock embeds none.
    bytes32 public constant VERIFICATION_KEY_HASH = bytes32(0);

    /// @inheritdoc IAggregationVerifier
    uint256 public immutable maxContributions;
    /// @inheritdoc IAggregationVerifier
    uint256 public immutable updateLength;
    /// @inheritdoc IAggregationVerifier
    uint256 public immutable valueBits;
    /// @inheritdoc IAggregationVerifier
    uint256 public immutable headroom;

    /// @notice What `verifyAggregation` returns.
    bool public accepts = true;

    constructor(uint256 k, uint256 n, uint256 bits, uint256 h) {
        maxContributions = k;
        updateLength = n;
        valueBits = bits;
        headroom = h;
    }

    /// @notice Sets what `verifyAggregation` returns.
    function setAccepts(bool accepts_) external {
        accepts = accepts_;
    }

    /// @inheritdoc IAggregationVerifier
    function verifyAggregation(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256,
        uint256[] calldata,
        uint256
    ) external view returns (bool) {
        return accepts;
    }
}

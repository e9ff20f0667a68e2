// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionVerifier} from "../../interfaces/IContributionVerifier.sol";

/// @title MockContributionVerifier (test-only)
/// @notice Accepts or rejects every proof, as configured. Only for tests about something other than
/// proofs; tests about proofs use the generated verifier with real proofs.
contract MockContributionVerifier is IContributionVerifier {
    /// @notice No verification key: the mock embeds none.
    bytes32 public constant VERIFICATION_KEY_HASH = bytes32(0);

    /// @notice What `verifyProof` and `verifyRoundProof` return.
    bool public accepts = true;

    /// @notice Sets what `verifyProof` and `verifyRoundProof` return.
    function setAccepts(bool accepts_) external {
        accepts = accepts_;
    }

    /// @inheritdoc IContributionVerifier
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[6] calldata
    ) external view returns (bool) {
        return accepts;
    }

    /// @notice Not a curve point: the two signals themselves, so tests can see what was folded.
    function roundPoint(uint256 roundScope, uint256 l2BoundSq) external pure returns (uint256[2] memory) {
        return [roundScope, l2BoundSq];
    }

    /// @notice As `roundPoint`; the mock records nothing.
    function registerRoundPoint(uint256 roundScope, uint256 l2BoundSq) external pure returns (uint256[2] memory) {
        return [roundScope, l2BoundSq];
    }

    /// @notice Every point counts as registered: the mock's answer is `accepts` alone.
    function isRegisteredRoundPoint(uint256[2] calldata) external pure returns (bool) {
        return true;
    }

    /// @inheritdoc IContributionVerifier
    function verifyRoundProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[2] calldata,
        uint256[4] calldata
    ) external view returns (bool) {
        return accepts;
    }
}

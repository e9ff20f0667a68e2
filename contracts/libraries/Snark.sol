// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Snark: constants and helpers shared by contracts that handle BN254 public signals.
library Snark {
    /// @notice The BN254 scalar field modulus: every public signal and every tree leaf is below it.
    uint256 internal constant SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The round scope a Contribution proof must carry: binds chain, contract and round, so
    /// a proof (and its nullifier) cannot be replayed on another chain, contract or round.
    /// @dev keccak256(abi.encode(chainId, roundManager, roundId)) >> 8, which is always < SCALAR_FIELD.
    /// src/zk computes the same value (roundScope) for the prover.
    function roundScope(uint256 chainId, address roundManager, uint256 roundId) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(chainId, roundManager, roundId))) >> 8;
    }
}

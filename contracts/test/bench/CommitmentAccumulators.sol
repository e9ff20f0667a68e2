// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";

/// @title CommitmentAccumulators (benchmark-only)
/// @notice The two ways a round could bind its update commitments at submit time, each as the one
/// storage update `submit` would add: the keccak256 chain the RoundManager keeps, and a Poseidon chain
/// an aggregation circuit could recompute in-circuit instead of taking the commitments as public
/// inputs. bench/gas.ts measures both in the same run (docs/PROTOCOL.md, "Binding the round's
/// commitments"). Both slots start non-zero, as the RoundManager seeds its digest at openRound.
contract CommitmentAccumulators {
    /// @notice The keccak256 chain's current value.
    bytes32 public keccakDigest = keccak256("seed");
    /// @notice The Poseidon chain's current value.
    uint256 public poseidonDigest = 1;

    /// @notice What RoundManager.submit does: digest = keccak256(abi.encode(digest, commitment)).
    function extendKeccak(uint256 commitment) external {
        keccakDigest = keccak256(abi.encode(keccakDigest, commitment));
    }

    /// @notice The alternative: digest = PoseidonT3(digest, commitment), which a circuit could recompute.
    function extendPoseidon(uint256 commitment) external {
        poseidonDigest = PoseidonT3.hash([poseidonDigest, commitment]);
    }
}

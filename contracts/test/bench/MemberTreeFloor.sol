// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";

/// @title MemberTreeFloor (benchmark-only)
/// @notice The least a stake must do to the member tree, and nothing else: insert a leaf into the same
/// LeanIMT (PoseidonT3) and record the new root's creation time, as Semaphore's `addMember` does. The
/// gas benchmark measures it beside `stake` to show what the tree alone costs at 1,000 members.
contract MemberTreeFloor {
    using InternalLeanIMT for LeanIMTData;

    LeanIMTData private _tree;
    mapping(uint256 root => uint256 createdAt) private _rootCreatedAt;

    /// @notice Inserts many leaves at once (to prefill the tree cheaply); records the final root.
    function insertMany(uint256[] calldata leaves) external {
        _rootCreatedAt[_tree._insertMany(leaves)] = block.timestamp;
    }

    /// @notice Inserts one leaf and records the new root: the measured operation.
    function insert(uint256 leaf) external {
        _rootCreatedAt[_tree._insert(leaf)] = block.timestamp;
    }

    /// @notice The number of leaves.
    function size() external view returns (uint256) {
        return _tree.size;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Semaphore v4, compiled for the gas benchmark's side-by-side anchors (benchmark-only)
/// @notice Hardhat compiles only what contracts/ reaches: these imports make it build Semaphore's own
/// `Semaphore` and `SemaphoreVerifier` from the pinned @semaphore-protocol/contracts package, with this
/// project's compiler and settings, so that bench/gas.ts can deploy them beside Guardians. Nothing is
/// copied: the code is the package's. Semaphore links PoseidonT3 (through @zk-kit/lean-imt.sol) as an
/// external library, like ParticipantRegistry does.

// solhint-disable-next-line no-unused-import
import {Semaphore} from "@semaphore-protocol/contracts/Semaphore.sol";
// solhint-disable-next-line no-unused-import
import {SemaphoreVerifier} from "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol";

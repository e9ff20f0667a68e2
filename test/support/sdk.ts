import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import type { Signer } from "ethers";

import {
  aggregationChoices,
  candidateArtifact,
  finalizeRound,
  proveRoundAggregation,
  type PreparedAggregation,
} from "../../src/sdk/aggregation";
import { parentModelOf } from "../../src/sdk/model/parent";
import type { RoundOptions } from "../../src/sdk/coordinator";
import type { Opening } from "../../src/zk";
import { openGuardians, type Guardians } from "../../src/sdk/client";
import type { Deployment } from "../../src/sdk/deployments";
import type { DeployConfig } from "../../src/deployment/config/deploy";
import { deployForTest } from "./deployment";

/**
 * A deployed protocol on the in-process network (the committed localhost config, or `options.config`)
 * and an SDK session for each of the first signers.
 */
export async function deployedSessions(
  count = 4,
  options: { config?: DeployConfig } = {},
): Promise<{ deployment: Deployment; sessions: Guardians[]; signers: Signer[] }> {
  const { deployment } = await deployForTest({ config: options.config });
  const signers = (await ethers.getSigners()).slice(0, count);
  const sessions = await Promise.all(signers.map((signer) => openGuardians({ signer, deployment, pollMs: 10 })));
  // The deployer holds the allocation; give everyone else something to stake.
  for (const s of sessions.slice(1))
    await (await sessions[0].protocol.token.transfer(s.account, ethers.parseEther("1000"))).wait();
  return { deployment, sessions, signers };
}

/**
 * A round the shipped local configs accept on contribution_n32_b16_d16: its fractional bits are the
 * shipped genesis model's (8), so a candidate built on that genesis verifies.
 */
export const TEST_ROUND: RoundOptions = {
  l2BoundSq: 1_000_000n,
  n: 32,
  bits: 16,
  fracBits: 8,
  depth: 16,
  window: 60,
  bond: ethers.parseEther("1"),
  rewardPool: 0n,
  maxContributions: 8,
  aggregatorKey: DEV_AGGREGATOR_KEY.publicKey,
};

/** The shipped genesis model file (deploy/models/genesis.json), whose hash every shipped config registers. */
export const SHIPPED_GENESIS_FILE = path.join(__dirname, "..", "..", "deploy", "models", "genesis.json");

/**
 * Finalizes `roundId` the way the coordinator task does: proves the aggregate of `selected` (each
 * contribution's uid and opening, weight 1; every other contribution of the round left out), builds the
 * candidate's model file from the parent's (`parentFile`, the shipped genesis by default) and finalizes
 * with the proof, registering the URI `publish` gives the file (default `ipfs://round-<id>`, a
 * placeholder nothing serves). Returns the candidate's version and file.
 */
export async function finalizeByProof(
  coordinator: Guardians,
  roundId: bigint,
  selected: ReadonlyArray<{ uid: string; opening: Opening }>,
  parentFile: Uint8Array = new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE)),
  publish?: (file: Uint8Array) => Promise<string>,
): Promise<{ candidateVersion: bigint; file: Uint8Array; prepared: PreparedAggregation }> {
  const parent = await parentModelOf(coordinator, roundId, parentFile);
  const choices = await aggregationChoices(coordinator, roundId, selected);
  const prepared = await proveRoundAggregation(coordinator, roundId, choices);
  const candidate = candidateArtifact(prepared, parent);
  const { candidateVersion } = await finalizeRound(coordinator, prepared, {
    weightsHash: candidate.weightsHash,
    uri: publish === undefined ? `ipfs://round-${roundId}` : await publish(candidate.bytes),
    accuracyBps: 9000,
  });
  return { candidateVersion, file: candidate.bytes, prepared };
}

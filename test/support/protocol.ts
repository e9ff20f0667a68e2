import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AddressLike } from "ethers";

import { PERMIT_TYPES } from "../../src/sdk/participant";
import { AGGREGATION, GRD, identityCommitment, roundConfig, type Protocol } from "../../src/deployment/local/protocol";
import { MemberTree } from "../../src/zk";
import type { GuardiansToken, IRoundManager } from "../../typechain-types";

export * from "../../src/deployment/local/protocol";

/**
 * `loadFixture` for fixtures returning a Protocol: the chain is reverted to the snapshot, and the
 * TypeScript mirror tree is copied so one test's changes never leak into the next.
 */
export async function loadProtocol<T extends { tree: MemberTree }>(fixture: () => Promise<T>): Promise<T> {
  const loaded = await loadFixture(fixture);
  return { ...loaded, tree: loaded.tree.clone() };
}

/** Stakes `amount` for `user` with the commitment of `secret`, and mirrors the insertion in `tree`. */
export async function stakeMember(
  p: Protocol,
  user: HardhatEthersSigner,
  secret: bigint,
  amount: bigint = GRD(100),
): Promise<bigint> {
  const commitment = identityCommitment(secret);
  await p.registry.connect(user).stake(amount, commitment);
  p.tree.insert(commitment);
  return commitment;
}

/** Opens a round as the coordinator; returns its id. */
export async function openRound(p: Protocol, overrides: Partial<IRoundManager.RoundConfigStruct> = {}): Promise<bigint> {
  await p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, overrides));
  return p.rounds.roundCount();
}

/** Public signals, in the circuit's order: [root, nullifier, updateCommitment, roundScope, l2BoundSq, recipient]. */
export type PublicSignals = [bigint, bigint, bigint, bigint, bigint, bigint];

/** Signals a MockContributionVerifier accepts for `roundId`: everything the contract checks is right. */
export async function mockSignals(
  p: Protocol,
  roundId: bigint,
  nullifier: bigint,
  recipient: AddressLike,
  overrides: Partial<{ root: bigint; updateCommitment: bigint; roundScope: bigint; l2BoundSq: bigint }> = {},
): Promise<PublicSignals> {
  const round = await p.rounds.getRound(roundId);
  return [
    overrides.root ?? (await p.registry.currentRoot()),
    nullifier,
    overrides.updateCommitment ?? 12345n,
    overrides.roundScope ?? (await p.rounds.roundScope(roundId)),
    overrides.l2BoundSq ?? round.l2BoundSq,
    BigInt(await ethers.resolveAddress(recipient)),
  ];
}

/** A proof the MockContributionVerifier ignores. */
export const MOCK_PROOF: IRoundManager.ProofStruct = {
  pA: [1n, 2n],
  pB: [
    [3n, 4n],
    [5n, 6n],
  ],
  pC: [7n, 8n],
};

/** The round's update commitments in submission order, from its ContributionSubmitted events. */
export async function roundCommitments(p: Pick<Protocol, "rounds">, roundId: bigint): Promise<bigint[]> {
  const events = await p.rounds.queryFilter(p.rounds.filters.ContributionSubmitted(undefined, roundId));
  return events
    .map((e) => ({ index: e.args.index, commitment: e.args.updateCommitment }))
    .sort((a, b) => (a.index < b.index ? -1 : 1))
    .map((e) => e.commitment);
}

/** Packs H-bit weights as the aggregation proof's public `selection`: weight i at bits [H·i, H·i + H). */
export function packSelection(weights: readonly bigint[], headroom: number = AGGREGATION.headroom): bigint {
  return weights.reduce((packed, weight, i) => packed | (weight << BigInt(headroom * i)), 0n);
}

/**
 * An aggregation a MockAggregationVerifier accepts for `roundId`: the round's commitments in order and
 * `weights` (by default weight 1 for every contribution).
 */
export async function mockAggregation(
  p: Pick<Protocol, "rounds">,
  roundId: bigint,
  weights?: readonly bigint[],
): Promise<IRoundManager.AggregationProofStruct> {
  const commitments = await roundCommitments(p, roundId);
  return {
    proof: MOCK_PROOF,
    aggregateCommitment: 777n,
    selection: packSelection(weights ?? commitments.map(() => 1n)),
    commitments,
  };
}

/** An EIP-2612 permit of GRD from `holder` to `spender`, as (v, r, s). */
export async function signPermit(
  token: GuardiansToken,
  holder: HardhatEthersSigner,
  spender: AddressLike,
  value: bigint,
  deadline: number,
): Promise<{ v: number; r: string; s: string }> {
  const { chainId } = await ethers.provider.getNetwork();
  const signature = ethers.Signature.from(
    await holder.signTypedData(
      { name: "Guardians", version: "1", chainId, verifyingContract: await token.getAddress() },
      PERMIT_TYPES,
      {
        owner: holder.address,
        spender: await ethers.resolveAddress(spender),
        value,
        nonce: await token.nonces(holder),
        deadline,
      },
    ),
  );
  return { v: signature.v, r: signature.r, s: signature.s };
}

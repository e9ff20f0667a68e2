import type { Progress } from "../../core/progress";
import {
  aggregationCapacity,
  contribute as contributeThroughSdk,
  contributionByUid,
  openRound as openRoundThroughSdk,
} from "../../sdk";
import { updateCommitment } from "../../zk";
import type { Contribution, GasReport } from "../driver";
import { DEMO_ECONOMICS, DemoChain, gasOf, mergeGas } from "./context";

export async function openRound(chain: DemoChain, round: number): Promise<GasReport> {
  const { codec } = chain;
  const opened = await openRoundThroughSdk(chain.deployer(), {
    l2BoundSq: codec.l2BoundSq,
    n: codec.length,
    bits: codec.bits,
    fracBits: codec.fractionBits,
    depth: chain.circuit.depth,
    window: Math.max(DEMO_ECONOMICS.window, chain.config().rounds.minWindow),
    bond: DEMO_ECONOMICS.bond,
    rewardPool: DEMO_ECONOMICS.rewardPool,
    // One aggregation proof finalizes the round: it takes at most that proof's K contributions.
    maxContributions: await aggregationCapacity(chain.deployer(), codec.length, codec.bits),
    aggregatorKey: chain.aggregatorKey.publicKey,
  });
  chain.roundIds.set(round, opened.roundId);
  return gasOf("openRound", opened.outcome);
}

/** Proves and submits one contribution through the SDK, from the member's own wallet. */
export async function contribute(
  chain: DemoChain,
  name: string,
  round: number,
  update: readonly bigint[],
  p: Progress,
): Promise<Contribution> {
  const member = chain.memberOf(name);
  const submitted = await contributeThroughSdk(member.session, {
    identity: member.identity,
    // Exact binary fractions: the SDK's quantization gives back exactly these integers.
    update: chain.codec.dequantize(update),
    roundId: chain.roundIdOf(round),
    salt: chain.saltFor(name, round, "first"),
  });
  p.info(
    `  ✓ ${name} submitted from its own wallet: attestation ${submitted.uid.slice(0, 10)}…, proof ${(submitted.proveMs / 1000).toFixed(1)} s`,
  );
  if (submitted.quantized.some((q, i) => q !== update[i])) throw new Error(`${name}'s update changed in the SDK's quantization`);
  const contribution: Contribution = {
    member: name,
    round,
    uid: submitted.uid,
    commitment: submitted.updateCommitment,
    salt: submitted.salt,
    ...mergeGas(
      gasOf("submit", submitted.outcome),
      ...(submitted.bondDeposit.outcomes.length ? [gasOf("deposit bonds", ...submitted.bondDeposit.outcomes)] : []),
    ),
  };
  chain.accepted.push(contribution);
  return contribution;
}

/** The aggregator's check: does (update, salt) open the commitment recorded on-chain? */
export async function matchesCommitment(
  chain: DemoChain,
  contribution: Contribution,
  update: readonly bigint[],
): Promise<boolean> {
  // The commitment is recorded in the ContributionSubmitted event (the stored attestation omits it).
  const recorded = await contributionByUid(chain.deployer(), contribution.uid);
  return recorded.updateCommitment === updateCommitment(update, contribution.salt, chain.circuit);
}

/**
 * The aggregator's side of finalization: it chooses a weight for each contribution of a round (0
 * leaves one out), proves that the aggregate is the weighted sum of exactly the selected openings of
 * the round's commitments, and finalizes the round with that proof. Nothing here is taken on the
 * aggregator's word: the RoundManager recomputes the round's commitments digest and verifies the proof.
 */
import { ZeroAddress } from "ethers";

import {
  aggregationCircuit,
  packWeights,
  proveAggregation,
  updateCommitment,
  type AggregationCircuit,
  type AggregationProof,
  type Opening,
} from "../zk";
import type { ProvingProgress } from "../zk/groth16";
import { IAggregationVerifier__factory } from "../../typechain-types";
import { chainTime, type Guardians } from "./client";
import {
  COORDINATOR_HINTS,
  checkCandidate,
  listContributions,
  requireCoordinator,
  type CandidateInput,
  type RoundContribution,
} from "./coordinator";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import type { TxOutcome } from "./tx";

/** The aggregator's choice for one contribution of the round. */
export interface AggregationChoice {
  /** The contribution's attestation uid. */
  uid: string;
  /** Its integer weight: 0 leaves it out; the weights of a round sum to less than 2^H. */
  weight: bigint;
  /** Its opening (update and salt); needed when the weight is positive, never read otherwise. */
  opening: Opening | null;
}

/** A round's aggregation, proved and ready to finalize with. */
export interface PreparedAggregation {
  roundId: bigint;
  circuit: AggregationCircuit;
  /** The round's contributions in submission order, as the chain records them. */
  contributions: RoundContribution[];
  /** The weight of each contribution, in the same order. */
  weights: bigint[];
  /** The packed weights, as the proof and the contract take them. */
  selection: bigint;
  proof: AggregationProof;
}

/** The Aggregation circuit instance of the round's aggregation verifier (K, N, BITS, H read from it). */
export async function roundAggregationCircuit(g: Guardians, roundId: bigint): Promise<AggregationCircuit> {
  const round = await g.protocol.roundManager.getRound(roundId);
  if (round.aggregationVerifier === ZeroAddress) throw new ArgumentError(`round ${roundId} does not exist`);
  const verifier = IAggregationVerifier__factory.connect(round.aggregationVerifier, g.provider);
  const [k, n, bits, headroom] = await Promise.all([
    verifier.maxContributions(),
    verifier.updateLength(),
    verifier.valueBits(),
    verifier.headroom(),
  ]);
  return aggregationCircuit(`aggregation_k${k}_n${n}_b${bits}_h${headroom}`);
}

/**
 * Checks the aggregator's choices against the round as the chain records it, then proves the
 * aggregate. Every contribution needs exactly one choice; a selected one must be unrevoked and its
 * opening must open its on-chain commitment. Each mistake is one line, before any proving.
 */
export async function proveRoundAggregation(
  g: Guardians,
  roundId: bigint,
  choices: readonly AggregationChoice[],
  options: { cacheDir?: string; onProgress?: ProvingProgress } = {},
): Promise<PreparedAggregation> {
  const circuit = await roundAggregationCircuit(g, roundId);
  const contributions = (await listContributions(g, roundId)).sort((a, b) => a.index - b.index);
  const byUid = new Map<string, AggregationChoice>();
  for (const choice of choices) {
    const uid = choice.uid.toLowerCase();
    if (byUid.has(uid)) throw new ArgumentError(`contribution ${choice.uid} is chosen twice`);
    if (!contributions.some((c) => c.uid.toLowerCase() === uid))
      throw new ArgumentError(`contribution ${choice.uid} is not one of round ${roundId}'s`);
    byUid.set(uid, choice);
  }
  const openings: (Opening | null)[] = [];
  const weights: bigint[] = [];
  for (const c of contributions) {
    const choice = byUid.get(c.uid.toLowerCase());
    if (!choice) throw new ArgumentError(`contribution ${c.uid} of round ${roundId} has no weight: give it one (0 leaves it out)`);
    if (choice.weight > 0n) {
      if (c.status === "Revoked") throw new UserError(`contribution ${c.uid} was revoked by governance: it cannot be selected`);
      if (!choice.opening) throw new ArgumentError(`contribution ${c.uid} is selected but has no opening`);
      if (updateCommitment(choice.opening.update, choice.opening.salt, circuit) !== c.updateCommitment)
        throw new UserError(`the opening of contribution ${c.uid} does not open its on-chain commitment`);
    }
    openings.push(choice.weight > 0n ? choice.opening : null);
    weights.push(choice.weight);
  }
  const proof = await proveAggregation(
    { commitments: contributions.map((c) => c.updateCommitment), openings, weights },
    { circuit, cacheDir: options.cacheDir, onProgress: options.onProgress },
  );
  return { roundId, circuit, contributions, weights, selection: packWeights(weights, circuit), proof };
}

/**
 * Finalizes a round after its window with its proved aggregation and registers the candidate model
 * (whose weights file the caller built from the parent and `prepared.proof.aggregate`, docs/MODELS.md).
 */
export async function finalizeRound(
  g: Guardians,
  prepared: PreparedAggregation,
  candidate: CandidateInput,
): Promise<{ candidateVersion: bigint; outcome: TxOutcome }> {
  checkCandidate(candidate);
  const { roundId } = prepared;
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(roundId);
  const status = ROUND_STATUSES[Number(round.status)];
  if (status === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  if (status !== "Open") throw new UserError(`round ${roundId} is ${status.toLowerCase()} already`);
  const t = await chainTime(g);
  if (t < round.closesAt)
    throw new UserError(`round ${roundId} is open for ${round.closesAt - t} s more; finalize after its window`);
  if (t >= round.finalizeBy)
    throw new UserError(`round ${roundId} passed its finalization deadline (${round.finalizeBy}); it can only be cancelled`);
  if (Number(round.contributions) !== prepared.contributions.length)
    throw new UserError(`round ${roundId} has ${round.contributions} contributions, the aggregation covers ${prepared.contributions.length}`);
  await requireCoordinator(g);
  const { calldata } = prepared.proof;
  const aggregation = {
    proof: { pA: calldata.pA, pB: calldata.pB, pC: calldata.pC },
    aggregateCommitment: calldata.aggregateCommitment,
    selection: prepared.selection,
    commitments: calldata.commitments,
  };
  const args = {
    weightsHash: candidate.weightsHash,
    uri: candidate.uri,
    accuracyBps: candidate.accuracyBps,
    metricsHash: candidate.metricsHash ?? `0x${"00".repeat(32)}`,
  };
  const outcome = await g.send(`finalize round ${roundId}`, () => rm.finalizeRound(roundId, aggregation, args), COORDINATOR_HINTS);
  const finalized = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((l) => l?.name === "RoundFinalized");
  return { candidateVersion: finalized ? BigInt(finalized.args.candidateVersion) : 0n, outcome };
}

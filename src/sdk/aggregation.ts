/**
 * The aggregator's side of finalization: it chooses a weight for each contribution of a round (0
 * leaves one out), proves that the aggregate is the weighted sum of exactly the selected openings of
 * the round's commitments, and finalizes the round with that proof. Nothing here is taken on the
 * aggregator's word: the RoundManager recomputes the round's commitments digest and verifies the proof.
 */
import fs from "node:fs";
import { ZeroAddress } from "ethers";

import { packWeights, updateCommitment, type Opening } from "../zk";
import {
  aggregationCircuit,
  proveAggregation,
  type AggregationCalldata,
  type AggregationCircuit,
  type AggregationProof,
} from "../zk/aggregation-prover";
import type { ProvingProgress } from "../zk/groth16";
import { IAggregationVerifier__factory } from "./contracts";
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
import type { ParentModel } from "./model/parent";
import { artifactHash, modelAggregate, roundArtifact, serializeArtifact, type RoundArtifact } from "./model/artifact";

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

/** What finalization needs of a proved aggregation: the round, its proof's calldata and the selection. */
export interface FinalizableAggregation {
  roundId: bigint;
  /** The round's contributions the proof covers, in submission order (only their count is checked). */
  contributions: readonly unknown[];
  selection: bigint;
  proof: { calldata: Omit<AggregationCalldata, "weights"> };
}

/** Refuses, in one line, a round that cannot be finalized now; returns it. */
export async function requireFinalizable(g: Guardians, roundId: bigint) {
  const round = await g.protocol.roundManager.getRound(roundId);
  const status = ROUND_STATUSES[Number(round.status)];
  if (status === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  if (status !== "Open") throw new UserError(`round ${roundId} is ${status.toLowerCase()} already`);
  const t = await chainTime(g);
  if (t < round.closesAt)
    throw new UserError(`round ${roundId} is open for ${round.closesAt - t} s more; finalize after its window`);
  if (t >= round.finalizeBy)
    throw new UserError(`round ${roundId} passed its finalization deadline (${round.finalizeBy}); it can only be cancelled`);
  return round;
}

/** K of the aggregation verifier registered for (n, bits): the most contributions a round of that shape takes. */
export async function aggregationCapacity(g: Guardians, n: number, bits: number): Promise<number> {
  const address = await g.protocol.roundManager.aggregationVerifierFor(n, bits);
  if (address === ZeroAddress) throw new ArgumentError(`no aggregation verifier is registered for N=${n}, BITS=${bits}`);
  return Number(await IAggregationVerifier__factory.connect(address, g.provider).maxContributions());
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
  await requireFinalizable(g, roundId);
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
    if (!choice)
      throw new ArgumentError(`contribution ${c.uid} of round ${roundId} has no weight: give it one (0 leaves it out)`);
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
  prepared: FinalizableAggregation,
  candidate: CandidateInput,
): Promise<{ candidateVersion: bigint; outcome: TxOutcome }> {
  checkCandidate(candidate);
  const { roundId } = prepared;
  const rm = g.protocol.roundManager;
  const round = await requireFinalizable(g, roundId);
  if (Number(round.contributions) !== prepared.contributions.length)
    throw new UserError(
      `round ${roundId} has ${round.contributions} contributions, the aggregation covers ${prepared.contributions.length}`,
    );
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
  const outcome = await g.send(
    `finalize round ${roundId}`,
    () => rm.finalizeRound(roundId, aggregation, args),
    COORDINATOR_HINTS,
  );
  const finalized = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((l) => l?.name === "RoundFinalized");
  return { candidateVersion: finalized ? BigInt(finalized.args.candidateVersion) : 0n, outcome };
}

/** A participant's reveal file (participant contribute --reveal-out): its contribution and opening. */
export interface Reveal {
  uid: string;
  opening: Opening;
}

/** Reads a reveal file of round `roundId`; a wrong file is one clear line. */
export function readRevealFile(file: string, roundId: bigint): Reveal {
  if (!fs.existsSync(file)) throw new ArgumentError(`no reveal file at ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new ArgumentError(`${file} is not JSON`);
  }
  const r = raw as { roundId?: unknown; uid?: unknown; update?: unknown; salt?: unknown };
  const integer = (v: unknown) => typeof v === "string" && /^-?\d+$/.test(v);
  if (typeof r.uid !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(r.uid) || !integer(r.salt) || !integer(r.roundId))
    throw new ArgumentError(`${file} is not a reveal file (roundId, uid, update, salt)`);
  if (!Array.isArray(r.update) || !r.update.every(integer)) throw new ArgumentError(`${file}: update must be a list of integers`);
  if (BigInt(r.roundId as string) !== roundId)
    throw new ArgumentError(`${file} reveals a contribution to round ${r.roundId}, not ${roundId}`);
  return { uid: r.uid, opening: { update: (r.update as string[]).map((v) => BigInt(v)), salt: BigInt(r.salt as string) } };
}

/** Parses "uid=weight,uid=weight": non-negative integer weights by lowercase uid. */
export function parseWeightList(value: string, flag: string): Map<string, bigint> {
  const weights = new Map<string, bigint>();
  for (const item of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(0x[0-9a-fA-F]{64})=(\d+)$/.exec(item);
    if (!match) throw new ArgumentError(`--${flag}: "${item}" is not uid=weight (a 0x-hex uid and a non-negative integer)`);
    weights.set(match[1].toLowerCase(), BigInt(match[2]));
  }
  return weights;
}

/**
 * One choice per contribution of the round: a revealed one gets its opening and weight 1 (or its
 * entry in `weights`), an unrevealed one weight 0 (a positive weight needs its reveal).
 */
export async function aggregationChoices(
  g: Guardians,
  roundId: bigint,
  reveals: readonly Reveal[],
  weights?: ReadonlyMap<string, bigint>,
): Promise<AggregationChoice[]> {
  const revealed = new Map(reveals.map((r) => [r.uid.toLowerCase(), r.opening]));
  const contributions = await listContributions(g, roundId);
  for (const uid of [...revealed.keys(), ...(weights?.keys() ?? [])])
    if (!contributions.some((c) => c.uid.toLowerCase() === uid))
      throw new ArgumentError(`contribution ${uid} is not one of round ${roundId}'s`);
  return contributions.map((c) => {
    const uid = c.uid.toLowerCase();
    const opening = revealed.get(uid) ?? null;
    const weight = weights?.get(uid) ?? (opening && c.status !== "Revoked" ? 1n : 0n);
    return { uid: c.uid, weight, opening };
  });
}

/** A round's parent model: its version, on-chain hash and file, checked against the chain. */
/** The candidate's model file: the rule applied to the parent's weights and the proven aggregate. */
export function candidateArtifact(
  prepared: PreparedAggregation,
  parent: ParentModel,
): { artifact: RoundArtifact; bytes: Uint8Array; weightsHash: `0x${string}` } {
  const { circuit } = prepared;
  const artifact = roundArtifact({
    parent: { version: parent.version, weightsHash: parent.weightsHash, weights: parent.artifact.weights },
    round: prepared.roundId,
    fracBits: parent.artifact.fracBits,
    aggregate: modelAggregate({
      updateLength: circuit.n,
      bits: circuit.bits,
      headroom: circuit.headroom,
      contributionWeights: prepared.weights,
      sums: prepared.proof.aggregate.weightedSums,
    }),
  });
  if (artifact.aggregate.commitment !== prepared.proof.calldata.aggregateCommitment)
    throw new Error("the model file's aggregate commitment differs from the proof's");
  const bytes = serializeArtifact(artifact);
  return { artifact, bytes, weightsHash: artifactHash(bytes) };
}

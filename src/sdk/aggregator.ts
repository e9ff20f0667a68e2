/**
 * The aggregator's round, from the chain alone: its encryption key (stored encrypted, like an
 * identity), the review of every contribution's delivered openings (decrypted, checked against the
 * on-chain commitment, with evidence anyone can check for each one that fails), the selection (each
 * exclusion with its reason), and the proved aggregate with the candidate's model file. The demo and
 * the `coordinator aggregate` task both run `aggregateRound`; nothing is passed around in memory.
 */
import fs from "node:fs";
import { getBytes, hexlify } from "ethers";

import { updateCommitment, type Opening } from "../zk";
import type { ProvingProgress } from "../zk/groth16";
import {
  candidateArtifact,
  finalizeRound,
  proveRoundAggregation,
  requireFinalizable,
  type AggregationChoice,
  type PreparedAggregation,
} from "./aggregation";
import { parentModelOf, type ParentModel } from "./model/parent";
import type { Guardians } from "./client";
import { listContributions, type CandidateInput, type RoundContribution } from "./coordinator";
import {
  aggregatorPublicKeyOf,
  checkDeliveryEvidence,
  decryptOpening,
  deliveryEvidence,
  generateAggregatorKey,
  type AggregatorKeyPair,
  type AggregatorPublicKey,
  type DeliveryEvidence,
  type OpeningShape,
} from "./delivery";
import { parseHeader } from "./delivery/envelope";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError, WalletError } from "./errors";
import { roundAggregatorKey, roundDeliveries, roundOpeningContexts, type Delivery } from "./openings";
import { decryptSecret } from "./sealed-secret";
import { readSecretFile, writeSecretFile } from "./secret-file";
import { artifactHash, parseArtifact, type RoundArtifact } from "./model/artifact";
import type { TxOutcome } from "./tx";

/** The `kind` of an encrypted aggregator key file. */
export const AGGREGATOR_KEY_KIND = "guardians-aggregator-key";
/** The environment variable a CI job sets instead of answering the aggregator key's password prompt. */
export const AGGREGATOR_PASSWORD_ENV = "GUARDIANS_AGGREGATOR_PASSWORD";

/** Creates an aggregator key pair stored encrypted at `file` (0600); returns its public key. */
export function createAggregatorKeyFile(
  file: string,
  password: string,
  params?: { N: number; r: number; p: number },
): AggregatorPublicKey {
  const key = generateAggregatorKey();
  writeSecretFile(file, AGGREGATOR_KEY_KIND, hexlify(key.secretKey), password, { publicKey: key.publicKey }, params);
  return key.publicKey;
}

/** The public key of an aggregator key file, readable without its password. */
export function aggregatorKeyOfFile(file: string): AggregatorPublicKey {
  return readSecretFile(file, AGGREGATOR_KEY_KIND).public.publicKey;
}

/** Opens an aggregator key file; a wrong password or a mismatched file is one clear line. */
export function openAggregatorKeyFile(file: string, password: string): AggregatorKeyPair {
  const sealed = readSecretFile(file, AGGREGATOR_KEY_KIND);
  const secretKey = getBytes(decryptSecret(sealed, password, `aggregator key ${file}`));
  const publicKey = aggregatorPublicKeyOf(secretKey);
  if (publicKey !== sealed.public.publicKey)
    throw new WalletError(`aggregator key ${file}: the stored public key does not match the secret`);
  return { secretKey, publicKey };
}

/** What one delivery of a contribution's opening turned out to be. */
export interface DeliveryReview {
  delivery: Delivery;
  /** It decrypted to an opening of the contribution's on-chain commitment. */
  opens: boolean;
  /** One sentence: "opens the commitment", or why not. */
  why: string;
  /** For one that does not open: the shared point with its proof, so anyone can rerun the decryption. */
  evidence?: DeliveryEvidence;
}

/** A contribution of the round as the aggregator found it. */
export interface ContributionReview {
  contribution: RoundContribution;
  deliveries: DeliveryReview[];
  /** The opening of its commitment, from the first delivery that opens it; null if none does. */
  opening: Opening | null;
  /** Why it can (or cannot) be aggregated, one sentence. */
  why: string;
}

function roundShape(round: { n: bigint; bits: bigint }): OpeningShape {
  return { n: Number(round.n), bits: Number(round.bits) };
}

/**
 * Reads every contribution of the round and every delivery of its opening from the chain, decrypts
 * each with the aggregator's key and checks it against the on-chain commitment. A delivery that does
 * not decrypt or does not open the commitment gets evidence (the ECDH shared point and a proof that it
 * is the right one) so that anyone can check the verdict without the key.
 */
export async function reviewRoundOpenings(g: Guardians, roundId: bigint, key: AggregatorKeyPair): Promise<ContributionReview[]> {
  const round = await g.protocol.roundManager.getRound(roundId);
  if (ROUND_STATUSES[Number(round.status)] === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  const roundKey = await roundAggregatorKey(g, roundId);
  if (roundKey.toLowerCase() !== key.publicKey.toLowerCase())
    throw new UserError(
      `this key (${key.publicKey}) is not round ${roundId}'s aggregator key (${roundKey}): its openings are encrypted to the other`,
    );
  const shape = roundShape(round);
  const deliveries = await roundDeliveries(g, roundId);
  const contextOf = await roundOpeningContexts(g, roundId);
  const contributions = (await listContributions(g, roundId)).sort((a, b) => a.index - b.index);
  const reviews: ContributionReview[] = [];
  for (const contribution of contributions) {
    const context = contextOf(contribution.nullifier, contribution.updateCommitment);
    const own = deliveries.get(contribution.uid.toLowerCase()) ?? [];
    const checked = own.map((delivery): DeliveryReview & { opening?: Opening } => {
      const result = decryptOpening(key.secretKey, context, delivery.ciphertext, shape);
      if (result.ok) {
        const opening = { update: result.opening.values, salt: result.opening.salt };
        if (updateCommitment(opening.update, opening.salt, shape) === contribution.updateCommitment)
          return { delivery, opens: true, why: "opens the commitment", opening };
        return {
          delivery,
          opens: false,
          why: "decrypts to an opening of another commitment",
          evidence: deliveryEvidence(key.secretKey, delivery.ciphertext),
        };
      }
      return { delivery, opens: false, why: result.reason, evidence: deliveryEvidence(key.secretKey, delivery.ciphertext) };
    });
    const good = checked.find((d) => d.opens);
    const why =
      contribution.status === "Revoked"
        ? "revoked by governance"
        : good
          ? `its opening (delivery ${checked.indexOf(good) + 1} of ${checked.length}) opens its commitment`
          : checked.length === 0
            ? "no delivery on chain"
            : `no delivery opens its commitment (${checked.map((d) => d.why).join("; ")})`;
    reviews.push({
      contribution,
      deliveries: checked.map(({ delivery, opens, why: reason, evidence }) => ({ delivery, opens, why: reason, evidence })),
      opening: good?.opening ?? null,
      why,
    });
  }
  return reviews;
}

/** A valid contribution's update as the audit sees it: real values (quantized ÷ 2^fracBits). */
export interface AuditInput {
  uid: string;
  index: number;
  update: number[];
}

/** The audit's verdict on one update: flagged updates are left out, with the reason. */
export interface AuditVerdict {
  flagged: boolean;
  reason: string;
}

/** The aggregator's own check of the valid updates (e.g. a leave-one-out audit on its validation data). */
export type UpdateAudit = (updates: readonly AuditInput[]) => AuditVerdict[] | Promise<AuditVerdict[]>;

/** The aggregator's decision for one contribution. */
export interface SelectionEntry {
  review: ContributionReview;
  weight: bigint;
  /** Why it is included or left out, one sentence. */
  why: string;
}

export interface SelectionOptions {
  fracBits: number;
  audit?: UpdateAudit;
  /**
   * Integer weights of the included contributions (by lowercase uid), e.g. FedAvg by sample count
   * apportioned to the headroom; default 1 each, an equal average.
   */
  weigh?: (included: readonly AuditInput[]) => ReadonlyMap<string, bigint>;
  /**
   * Contributions the aggregator leaves out by its own decision (lowercase uid → reason), e.g. by an
   * out-of-band policy. The selection shows each with its reason, and `round check-aggregation`
   * reports it as not backed by evidence: a visible choice, never a hidden one.
   */
  exclude?: ReadonlyMap<string, string>;
}

/**
 * The selection: a revoked contribution or one without a valid opening is left out; the audit may
 * leave out more; every other gets its weight. Every contribution gets a reason.
 */
export async function planSelection(
  reviews: readonly ContributionReview[],
  options: SelectionOptions,
): Promise<SelectionEntry[]> {
  const scale = 2 ** options.fracBits;
  const candidates: AuditInput[] = reviews
    .filter((r) => r.opening && r.contribution.status !== "Revoked")
    .map((r) => ({
      uid: r.contribution.uid.toLowerCase(),
      index: r.contribution.index,
      update: (r.opening as Opening).update.map((v) => Number(v) / scale),
    }));
  const verdicts = options.audit && candidates.length > 0 ? await options.audit(candidates) : undefined;
  if (verdicts && verdicts.length !== candidates.length)
    throw new Error(`the audit returned ${verdicts.length} verdicts for ${candidates.length} updates`);
  const auditOf = new Map(candidates.map((c, i) => [c.uid, verdicts?.[i]]));
  const kept = candidates.filter((c) => !auditOf.get(c.uid)?.flagged && !options.exclude?.has(c.uid));
  const weights = options.weigh ? options.weigh(kept) : new Map(kept.map((c) => [c.uid, 1n]));
  return reviews.map((review): SelectionEntry => {
    const uid = review.contribution.uid.toLowerCase();
    if (review.contribution.status === "Revoked" || !review.opening) return { review, weight: 0n, why: review.why };
    const excluded = options.exclude?.get(uid);
    if (excluded !== undefined) return { review, weight: 0n, why: `excluded by the aggregator: ${excluded}` };
    const verdict = auditOf.get(uid);
    if (verdict?.flagged) return { review, weight: 0n, why: `flagged by the audit: ${verdict.reason}` };
    const weight = weights.get(uid) ?? 0n;
    const audited = verdict ? `; audit: ${verdict.reason}` : "";
    return { review, weight, why: weight > 0n ? `valid${audited}` : `given weight 0${audited}` };
  });
}

/** A round's aggregation as `coordinator aggregate` produces it. */
export interface RoundAggregation {
  selection: SelectionEntry[];
  prepared: PreparedAggregation;
  parent: ParentModel;
  candidate: { artifact: RoundArtifact; bytes: Uint8Array; weightsHash: `0x${string}` };
}

/**
 * The whole aggregation of a round: review the deliveries, select, prove, and build the candidate's
 * model file from its parent's (`parentBytes`, checked against the chain).
 */
export async function aggregateRound(
  g: Guardians,
  roundId: bigint,
  key: AggregatorKeyPair,
  options: Omit<SelectionOptions, "fracBits"> & { parentBytes: Uint8Array; cacheDir?: string; onProgress?: ProvingProgress },
): Promise<RoundAggregation> {
  const round = await requireFinalizable(g, roundId);
  const parent = await parentModelOf(g, roundId, options.parentBytes);
  const reviews = await reviewRoundOpenings(g, roundId, key);
  if (reviews.length === 0) throw new UserError(`round ${roundId} has no contributions to aggregate; cancel it instead`);
  for (const uid of options.exclude?.keys() ?? [])
    if (!reviews.some((r) => r.contribution.uid.toLowerCase() === uid))
      throw new ArgumentError(`${uid} is not one of round ${roundId}'s contributions; nothing to exclude`);
  const selection = await planSelection(reviews, { ...options, fracBits: Number(round.fracBits) });
  if (selection.every((s) => s.weight === 0n))
    throw new UserError(`no contribution of round ${roundId} can be included (${selection.map((s) => s.why).join("; ")})`);
  const choices: AggregationChoice[] = selection.map((s) => ({
    uid: s.review.contribution.uid,
    weight: s.weight,
    opening: s.weight > 0n ? s.review.opening : null,
  }));
  const prepared = await proveRoundAggregation(g, roundId, choices, {
    cacheDir: options.cacheDir,
    onProgress: options.onProgress,
  });
  return { selection, prepared, parent, candidate: candidateArtifact(prepared, parent) };
}

/** The file `coordinator aggregate` writes and `coordinator finalize` reads (with the model file). */
export interface AggregationFile {
  format: "guardians-aggregation/1";
  roundId: string;
  circuit: string;
  candidateWeightsHash: string;
  selection: string;
  contributions: Array<{
    uid: string;
    index: number;
    updateCommitment: string;
    weight: string;
    why: string;
    deliveries: Array<{ txHash: string; logIndex: number; opens: boolean; why: string; evidence?: DeliveryEvidence }>;
  }>;
  proof: ProofFields<string>;
}

/** An aggregation proof's calldata with every number mapped: to decimal strings for the file, and back. */
interface ProofFields<T> {
  pA: [T, T];
  pB: [[T, T], [T, T]];
  pC: [T, T];
  aggregateCommitment: T;
  commitments: T[];
}

function mapProof<A, B>(p: ProofFields<A>, f: (v: A) => B): ProofFields<B> {
  return {
    pA: [f(p.pA[0]), f(p.pA[1])],
    pB: [
      [f(p.pB[0][0]), f(p.pB[0][1])],
      [f(p.pB[1][0]), f(p.pB[1][1])],
    ],
    pC: [f(p.pC[0]), f(p.pC[1])],
    aggregateCommitment: f(p.aggregateCommitment),
    commitments: p.commitments.map(f),
  };
}

/** The aggregation, its evidence and its proof as one JSON file. */
export function aggregationFile(aggregation: RoundAggregation): AggregationFile {
  const { prepared } = aggregation;
  const { calldata } = prepared.proof;
  const str = (v: bigint | string) => v.toString();
  return {
    format: "guardians-aggregation/1",
    roundId: prepared.roundId.toString(),
    circuit: prepared.circuit.name,
    candidateWeightsHash: aggregation.candidate.weightsHash,
    selection: prepared.selection.toString(),
    contributions: aggregation.selection.map((s) => ({
      uid: s.review.contribution.uid,
      index: s.review.contribution.index,
      updateCommitment: s.review.contribution.updateCommitment.toString(),
      weight: s.weight.toString(),
      why: s.why,
      deliveries: s.review.deliveries.map((d) => ({
        txHash: d.delivery.txHash,
        logIndex: d.delivery.logIndex,
        opens: d.opens,
        why: d.why,
        ...(d.evidence ? { evidence: d.evidence } : {}),
      })),
    })),
    proof: mapProof(calldata, str),
  };
}

/** Reads an aggregation file of round `roundId`; a wrong file is one clear line. */
export function readAggregationFile(file: string, roundId: bigint): AggregationFile {
  if (!fs.existsSync(file)) throw new ArgumentError(`no aggregation file at ${file} (coordinator aggregate writes it)`);
  let parsed: AggregationFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as AggregationFile;
  } catch {
    throw new ArgumentError(`${file} is not JSON`);
  }
  if (parsed?.format !== "guardians-aggregation/1" || !parsed.proof || !Array.isArray(parsed.contributions))
    throw new ArgumentError(`${file} is not an aggregation file (guardians-aggregation/1)`);
  if (BigInt(parsed.roundId) !== roundId)
    throw new ArgumentError(`${file} aggregates round ${parsed.roundId}, not round ${roundId}`);
  return parsed;
}

/**
 * Finalizes a round from the files `coordinator aggregate` wrote: the aggregation (proof and
 * selection) and the candidate's model file, which must be the one the aggregation names and carry
 * the proven aggregate commitment; each mismatch is one line, before anything is sent.
 */
export async function finalizeFromFiles(
  g: Guardians,
  file: AggregationFile,
  modelBytes: Uint8Array,
  candidate: Omit<CandidateInput, "weightsHash">,
): Promise<{ candidateVersion: bigint; weightsHash: string; outcome: TxOutcome }> {
  const weightsHash = artifactHash(modelBytes);
  if (weightsHash !== file.candidateWeightsHash.toLowerCase())
    throw new ArgumentError(
      `the model file hashes to ${weightsHash}, but the aggregation's candidate is ${file.candidateWeightsHash}: give the file coordinator aggregate wrote`,
    );
  const artifact = parseArtifact(modelBytes);
  if (artifact.aggregate === null || artifact.aggregate.commitment !== BigInt(file.proof.aggregateCommitment))
    throw new ArgumentError("the model file's aggregate commitment is not the proof's");
  const big = (v: string) => BigInt(v);
  const { proof } = file;
  const r = await finalizeRound(
    g,
    {
      roundId: BigInt(file.roundId),
      contributions: file.contributions,
      selection: BigInt(file.selection),
      proof: { calldata: mapProof(proof, big) },
    },
    { ...candidate, weightsHash },
  );
  return { ...r, weightsHash };
}

/** What an outsider concludes from one piece of evidence in an aggregation file. */
export interface EvidenceFinding {
  uid: string;
  txHash: string;
  logIndex: number;
  /** The evidence holds: the delivery really does not open the contribution, for the reason given. */
  confirmed: boolean;
  why: string;
}

/**
 * Checks, without the aggregator's key, every exclusion an aggregation file justifies by evidence:
 * each cited delivery is read from the chain, the evidence's shared point is checked against the
 * round's aggregator key, and the decryption is rerun. An exclusion without evidence for a delivery
 * that exists is reported as unconfirmed.
 */
export async function checkAggregationEvidence(g: Guardians, file: AggregationFile): Promise<EvidenceFinding[]> {
  const roundId = BigInt(file.roundId);
  const round = await g.protocol.roundManager.getRound(roundId);
  const key = await roundAggregatorKey(g, roundId);
  const shape = roundShape(round);
  const deliveries = await roundDeliveries(g, roundId);
  const contextOf = await roundOpeningContexts(g, roundId);
  const findings: EvidenceFinding[] = [];
  for (const contribution of (await listContributions(g, roundId)).sort((a, b) => a.index - b.index)) {
    const listed = file.contributions.find((c) => c.uid.toLowerCase() === contribution.uid.toLowerCase());
    if (!listed || listed.weight !== "0") continue;
    const context = contextOf(contribution.nullifier, contribution.updateCommitment);
    for (const delivery of deliveries.get(contribution.uid.toLowerCase()) ?? []) {
      const claimed = listed.deliveries.find((d) => d.txHash === delivery.txHash && d.logIndex === delivery.logIndex);
      const base = { uid: contribution.uid, txHash: delivery.txHash, logIndex: delivery.logIndex };
      if (!claimed) {
        findings.push({ ...base, confirmed: false, why: "the aggregation file does not mention this delivery" });
        continue;
      }
      if (claimed.opens) {
        findings.push({ ...base, confirmed: false, why: "the file says this delivery opens the commitment, yet left it out" });
        continue;
      }
      if (!claimed.evidence) {
        // A malformed header is evidence by itself: anyone sees it in the ciphertext.
        const header = parseHeader(delivery.ciphertext);
        findings.push(
          header.ok
            ? { ...base, confirmed: false, why: `no evidence given for "${claimed.why}"` }
            : { ...base, confirmed: true, why: header.reason },
        );
        continue;
      }
      const check = checkDeliveryEvidence(key, context, delivery.ciphertext, shape, claimed.evidence);
      if (!check.valid) {
        findings.push({ ...base, confirmed: false, why: `the evidence is false: ${check.reason}` });
        continue;
      }
      const opens =
        check.result.ok &&
        updateCommitment(check.result.opening.values, check.result.opening.salt, shape) === contribution.updateCommitment;
      findings.push({
        ...base,
        confirmed: !opens,
        why: opens
          ? "the evidence shows this delivery DOES open the commitment"
          : check.result.ok
            ? "decrypts to an opening of another commitment"
            : check.result.reason,
      });
    }
  }
  return findings;
}

/** The aggregator's table: per contribution, whether its opening is valid and whether it is included, and why. */
export function formatSelection(selection: readonly SelectionEntry[]): string[] {
  const included = selection.filter((s) => s.weight > 0n).length;
  const lines = [`selection: ${included} of ${selection.length} contributions included`];
  lines.push("  #  contribution  valid  included  why");
  for (const s of selection) {
    const c = s.review.contribution;
    const valid = s.review.opening && c.status !== "Revoked" ? "✓" : "✗";
    const inclusion = s.weight > 0n ? `✓ ×${s.weight}` : "✗ left out";
    lines.push(`  ${String(c.index).padEnd(2)} ${c.uid.slice(0, 12)}  ${valid.padEnd(5)}  ${inclusion.padEnd(8)}  ${s.why}`);
  }
  return lines;
}

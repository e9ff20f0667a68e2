/**
 * Contributing to a round, in three steps that run wherever the member is: `reviewUpdate` (the checks
 * that cost nothing, before anything happens), `prepareContribution` (the member tree and the witness
 * input), then, once the witness is proved (proveGroth16: in Node, or in a browser's Web Worker),
 * `submitPreparedContribution` (the proof checked against the request, the opening sealed to the
 * round's aggregator, the bond, the transaction). contribute.ts runs all three in Node.
 */
import { hexlify } from "ethers";

import {
  buildContributionInput,
  contributionCircuitFor,
  contributionProof,
  quantize,
  randomFieldElement,
  sumOfSquares,
  type ContributionCircuit,
  type ContributionSignals,
  type ContributionWitnessInput,
  type Groth16Proof,
  type Identity,
} from "../zk";
import { type BondDeposit, bondShortfall, ensureBondBalance } from "./bonds";
import { chainTime, type Guardians } from "./client";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { grd, requireBalance } from "./funds";
import { parentModelOf } from "./model/parent";
import { PARTICIPANT_HINTS } from "./participant-hints";
import { roundAggregatorKey, sealOpening } from "./openings";
import { memberTree } from "./staking";
import type { TxOutcome } from "./tx";

export interface ContributeRequest {
  identity: Identity;
  /** The real-valued update; shorter than the circuit's N is zero-padded. */
  update: readonly number[];
  roundId: bigint;
  /** Who gets the bond and reward back (default: the sender). */
  recipient?: string;
  /** Commitment salt (default: random). */
  salt?: bigint;
  /**
   * The round's base model file (model fetch): checked against its on-chain hash, and the update must
   * have exactly as many values as the model has weights (without it, only N bounds the length).
   */
  baseModel?: Uint8Array;
}

/** A round as RoundManager.getRound returns it. */
type RoundView = Awaited<ReturnType<Guardians["protocol"]["roundManager"]["getRound"]>>;

/** The local checks of an update against a round, before anything is proved or sent. */
export interface UpdateReview {
  roundId: bigint;
  /** The round's N, BITS and fractional bits. */
  n: number;
  bits: number;
  fracBits: number;
  /** Values in the update (at most n; shorter ones are zero-padded). */
  length: number;
  /** The update quantized and zero-padded to n (empty when the length is over n). */
  quantized: bigint[];
  /** Indices of values outside ±2^(BITS−1−fracBits), the round's per-value range. */
  clipped: number[];
  /** Σ q_i² of the quantized update, and the round's bound on it. */
  normSq: bigint;
  l2BoundSq: bigint;
  /** The L2 norm and the bound in the update's own units. */
  norm: number;
  bound: number;
  /** Each check that fails; empty when the update may be proved. */
  problems: UpdateProblem[];
}

/** One failed check of reviewUpdate: which, and a sentence for the member. */
export interface UpdateProblem {
  check: "round open" | "length" | "range" | "norm";
  message: string;
}

/**
 * Checks an update against round `roundId` without sending anything: the round is open, the length
 * fits N, every value is in range and the quantized L2 norm is within the round's bound. Each failure
 * is a sentence in `problems` (nothing is thrown for those), so an app can show them all at once.
 */
export async function reviewUpdate(g: Guardians, roundId: bigint, update: readonly number[]): Promise<UpdateReview> {
  return reviewAgainst(g, roundId, await g.protocol.roundManager.getRound(roundId), update);
}

/** reviewUpdate's checks against a round already read (prepareContribution reads it once for all its checks). */
async function reviewAgainst(g: Guardians, roundId: bigint, round: RoundView, update: readonly number[]): Promise<UpdateReview> {
  const status = ROUND_STATUSES[Number(round.status)];
  if (status === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  const [n, bits, fracBits] = [Number(round.n), Number(round.bits), Number(round.fracBits)];
  const scale = 2 ** fracBits;
  const problems: UpdateProblem[] = [];
  const fail = (check: UpdateProblem["check"], message: string) => problems.push({ check, message });
  if (status !== "Open" || (await chainTime(g)) >= round.closesAt)
    fail("round open", `round ${roundId} is closed; contributions are no longer accepted`);
  let quantized: bigint[] = [];
  let clipped: number[] = [];
  let normSq = 0n;
  if (update.length > n) {
    fail("length", `the update has ${update.length} values; round ${roundId} takes at most ${n}`);
  } else {
    const q = quantize([...update, ...Array<number>(n - update.length).fill(0)], fracBits, bits);
    quantized = q.values;
    clipped = q.clipped;
    normSq = sumOfSquares(q.values);
    if (clipped.length > 0)
      fail(
        "range",
        `the update is out of range: ${clipped.length} value(s) (first at index ${clipped[0]}) exceed ±${2 ** (bits - 1 - fracBits)}, the round's per-value bound (${bits} bits, ${fracBits} fractional)`,
      );
    else if (normSq > round.l2BoundSq)
      fail(
        "norm",
        `the update's L2 norm ${(Math.sqrt(Number(normSq)) / scale).toFixed(4)} exceeds the round's bound ${(Math.sqrt(Number(round.l2BoundSq)) / scale).toFixed(4)} (squared, quantized: ${normSq} > ${round.l2BoundSq}); clip the update`,
      );
  }
  return {
    roundId,
    n,
    bits,
    fracBits,
    length: update.length,
    quantized,
    clipped,
    normSq,
    l2BoundSq: round.l2BoundSq,
    norm: Math.sqrt(Number(normSq)) / scale,
    bound: Math.sqrt(Number(round.l2BoundSq)) / scale,
    problems,
  };
}

/** Everything proved and sent for one contribution, before the proof exists. */
export interface PreparedContribution {
  roundId: bigint;
  /** The Contribution instance of the round's (N, BITS, DEPTH): whose keys prove `input`. */
  circuit: ContributionCircuit;
  /** The witness input to prove (proveGroth16 with the circuit's keys). */
  input: ContributionWitnessInput;
  /** The public signals the proof must carry. */
  signals: ContributionSignals;
  nullifier: bigint;
  quantized: bigint[];
  salt: bigint;
  normSq: bigint;
  recipient: string;
  bond: bigint;
}

/**
 * Every check of `contribute` that costs no gas (reviewUpdate's, the base model, the nullifier, the
 * bond balance, the aggregator key, membership), then the member tree and the witness input. Nothing
 * is sent. A refusal is one UserError (or ArgumentError) sentence.
 */
export async function prepareContribution(g: Guardians, request: ContributeRequest): Promise<PreparedContribution> {
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(request.roundId);
  const review = await reviewAgainst(g, request.roundId, round, request.update);
  const [problem] = review.problems;
  if (problem)
    throw problem.check === "length" ? new ArgumentError(problem.message) : new UserError(`${problem.message}; nothing was sent`);
  if (request.baseModel) {
    const base = await parentModelOf(g, request.roundId, request.baseModel);
    if (request.update.length !== base.artifact.weights.length)
      throw new ArgumentError(
        `the update has ${request.update.length} values, but round ${request.roundId}'s base model (version ${base.version}) has ${base.artifact.weights.length} weights: the update is local − global weights, one value per weight`,
      );
  }
  const scope = await rm.roundScope(request.roundId);
  const nullifier = request.identity.nullifier(scope);
  if (await rm.isNullifierUsed(request.roundId, nullifier))
    throw new UserError(`this identity has already contributed to round ${request.roundId}`);
  const recipient = request.recipient ?? g.account;
  // Only what the bond balance lacks must be in the wallet; checked now, before the slow proof.
  const shortfall = await bondShortfall(g, round.bond);
  if (shortfall > 0n)
    await requireBalance(g, shortfall, `round ${request.roundId}'s bond (the bond balance lacks ${grd(shortfall)})`);
  // A round whose aggregator key is unusable would take the bond and lose the opening: refuse first.
  await roundAggregatorKey(g, request.roundId);
  const { tree } = await memberTree(g);
  if (!tree.has(request.identity.commitment))
    throw new UserError("this identity is not in the member tree: stake first (npx hardhat participant stake)");
  const circuit = contributionCircuitFor(review.n, review.bits, Number(round.depth));
  const salt = request.salt ?? randomFieldElement();
  const { input, signals } = buildContributionInput(
    {
      identity: request.identity,
      tree,
      update: review.quantized,
      salt,
      roundScope: scope,
      l2BoundSq: round.l2BoundSq,
      recipient,
    },
    circuit,
  );
  return {
    roundId: request.roundId,
    circuit,
    input,
    signals,
    nullifier,
    quantized: review.quantized,
    salt,
    normSq: review.normSq,
    recipient,
    bond: round.bond,
  };
}

export interface Contribution {
  uid: string;
  roundId: bigint;
  nullifier: bigint;
  updateCommitment: bigint;
  /** The quantized update and salt: what the aggregator checks against the commitment. */
  quantized: bigint[];
  salt: bigint;
  normSq: bigint;
  /** The opening encrypted to the round's aggregator key, delivered in the submission's transaction. */
  encryptedOpening: Uint8Array;
  /** What was deposited so that the bond balance covered the round's bond (amount 0: nothing). */
  bondDeposit: BondDeposit;
  outcome: TxOutcome;
}

/**
 * Submits a prepared contribution with its proof: the proof's public signals must be the prepared
 * ones; the opening is sealed to the round's aggregator key and sent in the same transaction; exactly
 * the bond balance's shortfall is deposited (approve if needed, then depositBonds) right before.
 */
export async function submitPreparedContribution(
  g: Guardians,
  prepared: PreparedContribution,
  proved: { proof: Groth16Proof; publicSignals: readonly string[] },
): Promise<Contribution> {
  const rm = g.protocol.roundManager;
  const proof = contributionProof(prepared.signals, proved.proof, proved.publicSignals);
  const encryptedOpening = await sealOpening(g, prepared.roundId, {
    nullifier: prepared.nullifier,
    updateCommitment: prepared.signals.updateCommitment,
    update: prepared.quantized,
    salt: prepared.salt,
  });
  // Read again after the proof: another submission from this wallet may have used the balance since.
  const bondDeposit = await ensureBondBalance(g, prepared.bond, `round ${prepared.roundId}'s bond`);
  const { pA, pB, pC, pubSignals } = proof.calldata;
  const outcome = await g.send(
    `submit to round ${prepared.roundId}`,
    () => rm.submit(prepared.roundId, { pA, pB, pC }, pubSignals, hexlify(encryptedOpening)),
    PARTICIPANT_HINTS,
  );
  return {
    uid: await rm.attestationUid(prepared.roundId, prepared.nullifier),
    roundId: prepared.roundId,
    nullifier: prepared.nullifier,
    updateCommitment: prepared.signals.updateCommitment,
    quantized: prepared.quantized,
    salt: prepared.salt,
    normSq: prepared.normSq,
    encryptedOpening,
    bondDeposit,
    outcome,
  };
}

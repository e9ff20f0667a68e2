/** Proving a contribution and submitting it: the checks that cost no gas first, then the proof, then the bond. */
import { hexlify } from "ethers";

import { contributionCircuit, proveContribution, quantize, randomFieldElement, sumOfSquares, type Identity } from "../zk";
import { loadManifest } from "../zk/pipeline/manifest";
import { parentModelOf } from "./aggregation";
import { type BondDeposit, bondShortfall, ensureBondBalance } from "./bonds";
import { chainTime, type Guardians } from "./client";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { grd, requireBalance } from "./funds";
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
  proveMs: number;
}

/** The manifest's Contribution instance that matches a round's (n, bits, depth). */
function circuitFor(n: number, bits: number, depth: number) {
  const spec = loadManifest().find(
    (c) => c.template === "Contribution" && c.params[0] === n && c.params[1] === bits && c.params[2] === depth,
  );
  if (!spec) throw new UserError(`no Contribution circuit with N=${n}, BITS=${bits}, DEPTH=${depth} in circuits/circuits.json`);
  return contributionCircuit(spec.name);
}

/**
 * Quantizes and checks an update against the round (range and L2 bound) before anything else, so
 * an over-bound update gets a clear message and no transaction; then rebuilds the member tree and
 * proves. The bond comes from the sender's bond balance on the RoundManager: when it is short of the
 * round's bond, exactly the shortfall is deposited (approve if needed, then depositBonds) right
 * before the submission. Returns the attestation uid, the deposit, the transaction and its gas.
 */
export async function contribute(g: Guardians, request: ContributeRequest): Promise<Contribution> {
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(request.roundId);
  const roundStatus = ROUND_STATUSES[Number(round.status)];
  if (roundStatus === "None") throw new ArgumentError(`round ${request.roundId} does not exist`);
  if (roundStatus !== "Open" || (await chainTime(g)) >= round.closesAt)
    throw new UserError(`round ${request.roundId} is closed; contributions are no longer accepted`);
  const n = Number(round.n);
  const bits = Number(round.bits);
  const fracBits = Number(round.fracBits);
  if (request.update.length > n)
    throw new ArgumentError(`the update has ${request.update.length} values; round ${request.roundId} takes at most ${n}`);
  if (request.baseModel) {
    const base = await parentModelOf(g, request.roundId, request.baseModel);
    if (request.update.length !== base.artifact.weights.length)
      throw new ArgumentError(
        `the update has ${request.update.length} values, but round ${request.roundId}'s base model (version ${base.version}) has ${base.artifact.weights.length} weights: the update is local − global weights, one value per weight`,
      );
  }
  const padded = [...request.update, ...Array<number>(n - request.update.length).fill(0)];
  const q = quantize(padded, fracBits, bits);
  if (q.clipped.length > 0) {
    const limit = 2 ** (bits - 1 - fracBits);
    throw new UserError(
      `the update is out of range: ${q.clipped.length} value(s) (first at index ${q.clipped[0]}) exceed ±${limit}, the round's per-value bound (${bits} bits, ${fracBits} fractional); nothing was sent`,
    );
  }
  const normSq = sumOfSquares(q.values);
  if (normSq > round.l2BoundSq) {
    const scale = 2 ** fracBits;
    throw new UserError(
      `the update's L2 norm ${(Math.sqrt(Number(normSq)) / scale).toFixed(4)} exceeds the round's bound ${(Math.sqrt(Number(round.l2BoundSq)) / scale).toFixed(4)} (squared, quantized: ${normSq} > ${round.l2BoundSq}); clip the update; nothing was sent`,
    );
  }
  const scope = await rm.roundScope(request.roundId);
  const nullifier = request.identity.nullifier(scope);
  if (await rm.isNullifierUsed(request.roundId, nullifier))
    throw new UserError(`this identity has already contributed to round ${request.roundId}`);
  const recipient = request.recipient ?? g.account;
  const bondWhat = `round ${request.roundId}'s bond`;
  // Only what the bond balance lacks must be in the wallet; checked now, before the slow proof.
  const shortfall = await bondShortfall(g, round.bond);
  if (shortfall > 0n) await requireBalance(g, shortfall, `${bondWhat} (the bond balance lacks ${grd(shortfall)})`);

  // A round whose aggregator key is unusable would take the bond and lose the opening: refuse first.
  await roundAggregatorKey(g, request.roundId);
  const { tree } = await memberTree(g);
  if (!tree.has(request.identity.commitment))
    throw new UserError("this identity is not in the member tree: stake first (npx hardhat participant stake)");
  const circuit = circuitFor(n, bits, Number(round.depth));
  const salt = request.salt ?? randomFieldElement();
  const step = g.progress.step(`proving (${circuit.name})`);
  const started = performance.now();
  const proof = await proveContribution(
    {
      identity: request.identity,
      tree,
      update: q.values,
      salt,
      roundScope: scope,
      l2BoundSq: round.l2BoundSq,
      recipient,
    },
    {
      circuit,
      onProgress: (stage, done, total) => {
        if (done !== undefined && total) step.update(done, total, stage);
      },
    },
  );
  const proveMs = performance.now() - started;
  step.done();

  const encryptedOpening = await sealOpening(g, request.roundId, {
    nullifier,
    updateCommitment: proof.signals.updateCommitment,
    update: q.values,
    salt,
  });
  // Read again after the proof: another submission from this wallet may have used the balance since.
  const bondDeposit = await ensureBondBalance(g, round.bond, bondWhat);
  const { pA, pB, pC, pubSignals } = proof.calldata;
  const outcome = await g.send(
    `submit to round ${request.roundId}`,
    () => rm.submit(request.roundId, { pA, pB, pC }, pubSignals, hexlify(encryptedOpening)),
    PARTICIPANT_HINTS,
  );
  return {
    uid: await rm.attestationUid(request.roundId, nullifier),
    roundId: request.roundId,
    nullifier,
    updateCommitment: proof.signals.updateCommitment,
    quantized: q.values,
    salt,
    normSq,
    encryptedOpening,
    bondDeposit,
    outcome,
    proveMs,
  };
}

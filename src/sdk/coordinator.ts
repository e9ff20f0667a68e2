import { ZeroAddress } from "ethers";

import { maxL2BoundSq } from "../zk";
import { chainTime, type Guardians } from "./client";
import { ArgumentError, UserError } from "./errors";
import { submittedContributions, type SubmittedContribution } from "./contributions";
import { parseAggregatorPublicKey } from "./delivery";
import { ATTESTATION_STATUSES, ROUND_STATUSES, VERSION_STATUSES } from "./enums";
import { grd } from "./funds";
import type { RevertHints, TxOutcome } from "./tx";
import { IAggregationVerifier__factory } from "./contracts";

export const COORDINATOR_HINTS: RevertHints = {
  AccessControlUnauthorizedAccount: (a) => `${a[0]} lacks the role this needs (${a[1]})`,
  RoundManagerRoundConfigOutOfLimits: () => "the round configuration is outside the governance limits",
  RoundManagerRoundNotFinalizable: (a) =>
    `round ${a[0]} cannot be finalized now (unknown, still open, past its finalization deadline, or ended)`,
  RoundManagerRoundNotCancellable: (a) => `round ${a[0]} is not open, so it cannot be cancelled`,
  RoundManagerBoundAboveLimit: (a) => `the squared L2 bound ${a[0]} is above governance's maximum ${a[1]}`,
  RoundManagerBoundExceedsCircuit: (a) =>
    `the squared L2 bound ${a[0]} does not fit the circuit's ${a[1]}-bit sum of squares: no proof could join the round`,
  RoundManagerTreeTooDeep: (a) =>
    `the member tree has depth ${a[0]}, deeper than the verifier's ${a[1]}: members could not prove; register a deeper circuit`,
  RoundManagerFinalizationDeadlineNotPassed: (a) =>
    `round ${a[0]} can still be finalized until ${a[1]}; before that only governance may cancel it`,
  RoundManagerAggregationVerifierNotRegistered: (a) =>
    `no aggregation verifier is registered for N=${a[0]}, BITS=${a[1]}: governance must register one first`,
  RoundManagerRoundLargerThanAggregation: (a) =>
    `a round of ${a[0]} contributions is larger than one aggregation proof covers (K = ${a[1]})`,
  RoundManagerCommitmentCountMismatch: (a) => `the round accepted ${a[0]} contributions, the aggregation names ${a[1]}`,
  RoundManagerCommitmentsMismatch: (a) => `the aggregation's commitments are not round ${a[0]}'s, in submission order`,
  RoundManagerUnknownContributionSelected: (a) => `the selection weights slot ${a[0]}, past the round's contributions`,
  RoundManagerRevokedContributionSelected: (a) => `the selection includes contribution ${a[0]}, which governance revoked`,
  RoundManagerAggregationWeightsOverBound: (a) => `the selected weights sum to ${a[0]}, above the headroom's ${a[1]}`,
  RoundManagerEmptySelection: (a) => `the selection of round ${a[0]} includes no contribution`,
  RoundManagerInvalidAggregationProof: () => "the aggregation proof does not verify",
  RoundManagerMissingAggregatorKey: () => "the round needs the aggregator's encryption key (aggregator keygen)",
};

/** RoundConfig.l2BoundSq is a uint96: every squared bound is below this. */
export const MAX_L2_BOUND_SQ = 2n ** 96n;

export interface RoundOptions {
  baseModelVersion?: bigint;
  l2BoundSq: bigint;
  n: number;
  bits: number;
  fracBits: number;
  depth: number;
  /** Seconds the round accepts contributions. */
  window: number;
  bond: bigint;
  rewardPool: bigint;
  maxContributions: number;
  /** The aggregator's encryption key (x-only secp256k1, `aggregator keygen`): participants encrypt their openings to it. */
  aggregatorKey: string;
}

/** Refuses, in one line, an account that does not hold the RoundManager's COORDINATOR_ROLE. */
export async function requireCoordinator(g: Guardians): Promise<void> {
  const rm = g.protocol.roundManager;
  if (!(await rm.hasRole(await rm.COORDINATOR_ROLE(), g.account)))
    throw new UserError(`${g.account} does not hold COORDINATOR_ROLE on the RoundManager`);
}

/** Opens a round after checking it against the governance limits, the verifiers and the base model. */
export async function openRound(g: Guardians, options: RoundOptions): Promise<{ roundId: bigint; outcome: TxOutcome }> {
  const rm = g.protocol.roundManager;
  const limits = await rm.limits();
  const problems: string[] = [];
  if (options.window < Number(limits.minWindow) || options.window > Number(limits.maxWindow))
    problems.push(`the window must be between ${limits.minWindow} and ${limits.maxWindow} s, got ${options.window}`);
  if (options.bond < limits.minBond || options.bond > limits.maxBond)
    problems.push(`the bond must be between ${grd(limits.minBond)} and ${grd(limits.maxBond)}`);
  if (options.rewardPool > limits.maxRewardPool) problems.push(`the reward pool must be at most ${grd(limits.maxRewardPool)}`);
  if (options.maxContributions < 1 || options.maxContributions > Number(limits.maxContributions))
    problems.push(`max contributions must be between 1 and ${limits.maxContributions}`);
  if (options.l2BoundSq <= 0n) problems.push("the L2 bound must be positive");
  if (options.l2BoundSq >= MAX_L2_BOUND_SQ)
    problems.push(`the squared L2 bound must be below 2^96 (the RoundManager stores it in 96 bits), got ${options.l2BoundSq}`);
  if (options.fracBits >= options.bits) problems.push("the fractional bits must be fewer than the bits");
  if (options.l2BoundSq > limits.maxL2BoundSq)
    problems.push(`the squared L2 bound must be at most ${limits.maxL2BoundSq} (governance's maximum), got ${options.l2BoundSq}`);
  const circuitMax = maxL2BoundSq({ n: options.n, bits: options.bits });
  if (options.l2BoundSq > circuitMax)
    problems.push(
      `the squared L2 bound must be at most ${circuitMax} for N=${options.n}, BITS=${options.bits}: no proof could use it`,
    );
  let aggregatorKey = "";
  try {
    aggregatorKey = parseAggregatorPublicKey(options.aggregatorKey);
  } catch {
    problems.push(
      `the aggregator key must be an x-only secp256k1 public key (0x + 64 hex digits, as aggregator keygen prints), got "${options.aggregatorKey}"`,
    );
  }
  if (problems.length) throw new ArgumentError(problems.join("; "));
  const treeDepth = Number(await g.protocol.registry.treeDepth());
  if (treeDepth > options.depth)
    throw new UserError(
      `the member tree has depth ${treeDepth}, deeper than the circuit's ${options.depth}: members could not prove; use a deeper circuit`,
    );
  if ((await rm.verifierFor(options.n, options.bits, options.depth)) === ZeroAddress)
    throw new ArgumentError(`no verifier is registered for N=${options.n}, BITS=${options.bits}, DEPTH=${options.depth}`);
  const aggregationVerifier = await rm.aggregationVerifierFor(options.n, options.bits);
  if (aggregationVerifier === ZeroAddress)
    throw new ArgumentError(`no aggregation verifier is registered for N=${options.n}, BITS=${options.bits}`);
  const k = await IAggregationVerifier__factory.connect(aggregationVerifier, g.provider).maxContributions();
  if (BigInt(options.maxContributions) > k)
    throw new ArgumentError(
      `max contributions must be at most ${k}: one aggregation proof finalizes the round, and it covers ${k} contributions`,
    );
  const base = options.baseModelVersion ?? (await g.protocol.modelRegistry.champion());
  const baseStatus = VERSION_STATUSES[Number(await g.protocol.modelRegistry.statusOf(base))];
  if (baseStatus === "None" || baseStatus === "Revoked")
    throw new ArgumentError(`base model version ${base} is ${baseStatus === "None" ? "unknown" : "revoked"}`);
  await requireCoordinator(g);
  const spender = await rm.getAddress();
  if (options.rewardPool > 0n) {
    const balance = await g.protocol.token.balanceOf(g.account);
    if (balance < options.rewardPool)
      throw new UserError(
        `insufficient GRD balance for the reward pool: ${g.account} has ${grd(balance)}, needs ${grd(options.rewardPool)}`,
      );
    if ((await g.protocol.token.allowance(g.account, spender)) < options.rewardPool)
      await g.send("approve the reward pool", () => g.protocol.token.approve(spender, options.rewardPool), COORDINATOR_HINTS);
  }
  const config = {
    baseModelVersion: base,
    l2BoundSq: options.l2BoundSq,
    n: options.n,
    bits: options.bits,
    fracBits: options.fracBits,
    depth: options.depth,
    window: options.window,
    bond: options.bond,
    rewardPool: options.rewardPool,
    maxContributions: options.maxContributions,
    aggregatorKey,
  };
  const roundId = (await rm.roundCount()) + 1n;
  const outcome = await g.send("open round", () => rm.openRound(config), COORDINATOR_HINTS);
  const opened = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((l) => l?.name === "RoundOpened");
  return { roundId: opened ? BigInt(opened.args.roundId) : roundId, outcome };
}

/** A contribution as its ContributionSubmitted event records it, with its attestation's current status. */
export interface RoundContribution extends SubmittedContribution {
  status: (typeof ATTESTATION_STATUSES)[number];
}

async function withStatus(g: Guardians, c: SubmittedContribution): Promise<RoundContribution> {
  const status = ATTESTATION_STATUSES[Number((await g.protocol.roundManager.getAttestation(c.uid)).status)];
  return { ...c, status };
}

/** A round's contributions, from its ContributionSubmitted events. */
export async function listContributions(g: Guardians, roundId: bigint): Promise<RoundContribution[]> {
  const out: RoundContribution[] = [];
  for (const c of await submittedContributions(g, { roundId }, `reading round ${roundId}`)) out.push(await withStatus(g, c));
  return out;
}

/**
 * One contribution by its attestation uid, from its ContributionSubmitted event: the stored
 * attestation keeps only what claims read, so the update commitment, nullifier and submitter are
 * in the event alone.
 */
export async function contributionByUid(g: Guardians, uid: string): Promise<RoundContribution> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(uid)) throw new ArgumentError(`"${uid}" is not an attestation uid (0x + 64 hex digits)`);
  const [submitted] = await submittedContributions(g, { uid }, `reading contribution ${uid.slice(0, 10)}…`);
  if (!submitted) throw new UserError(`no contribution with attestation uid ${uid}`);
  return withStatus(g, submitted);
}

export interface CandidateInput {
  weightsHash: string;
  uri: string;
  accuracyBps: number;
  metricsHash?: string;
}

/** Refuses, in one line, a candidate the ModelRegistry would refuse. */
export function checkCandidate(c: CandidateInput): void {
  if (!/^0x[0-9a-fA-F]{64}$/.test(c.weightsHash) || /^0x0{64}$/.test(c.weightsHash))
    throw new ArgumentError("the weights hash must be a non-zero 32-byte hex value");
  if (!c.uri) throw new ArgumentError("the model URI must not be empty");
  if (!Number.isInteger(c.accuracyBps) || c.accuracyBps < 0 || c.accuracyBps > 10_000)
    throw new ArgumentError("the accuracy must be in basis points, 0 to 10000");
  if (c.metricsHash !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(c.metricsHash))
    throw new ArgumentError("the metrics hash must be 32-byte hex");
}

/**
 * Cancels an Open round: anyone may once its coordinator let the finalization deadline pass, governance
 * (the Timelock) at any time. The pool returns to the treasury; each contribution then claims its bond.
 */
export async function cancelRound(g: Guardians, roundId: bigint): Promise<{ refundedPool: bigint; outcome: TxOutcome }> {
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(roundId);
  const status = ROUND_STATUSES[Number(round.status)];
  if (status === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  if (status !== "Open") throw new UserError(`round ${roundId} is ${status.toLowerCase()}; only an open round can be cancelled`);
  const t = await chainTime(g);
  const governs = await rm.hasRole(await rm.DEFAULT_ADMIN_ROLE(), g.account);
  if (t < round.finalizeBy && !governs)
    throw new UserError(
      `round ${roundId} can still be finalized for ${round.finalizeBy - t} s; only governance may cancel it before then`,
    );
  const outcome = await g.send(`cancel round ${roundId}`, () => rm.cancelRound(roundId), COORDINATOR_HINTS);
  const cancelled = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((l) => l?.name === "RoundCancelled");
  return { refundedPool: cancelled ? BigInt(cancelled.args.refundedPool) : 0n, outcome };
}

/**
 * Registers a candidate model directly (outside a round), as a registrar: only the Timelock holds
 * REGISTRAR_ROLE besides the RoundManager, so in a deployed protocol this is what a governance proposal
 * executes for a genesis or out-of-round model.
 */
export async function registerCandidate(
  g: Guardians,
  candidate: CandidateInput & { parentId?: bigint },
): Promise<{ versionId: bigint; outcome: TxOutcome }> {
  checkCandidate(candidate);
  const mr = g.protocol.modelRegistry;
  if (!(await mr.hasRole(await mr.REGISTRAR_ROLE(), g.account)))
    throw new UserError(`${g.account} does not hold REGISTRAR_ROLE on the ModelRegistry`);
  const parentId = candidate.parentId ?? (await mr.champion());
  const params = {
    parentId,
    weightsHash: candidate.weightsHash,
    uri: candidate.uri,
    roundId: 0n,
    aggregateCommitment: `0x${"00".repeat(32)}`,
    accuracyBps: candidate.accuracyBps,
    metricsHash: candidate.metricsHash ?? `0x${"00".repeat(32)}`,
  };
  const outcome = await g.send("register candidate", () => mr.registerCandidate(params), COORDINATOR_HINTS);
  const event = outcome.receipt.logs.map((l) => mr.interface.parseLog(l)).find((l) => l?.name === "CandidateRegistered");
  return { versionId: event ? BigInt(event.args.versionId) : await mr.versionCount(), outcome };
}

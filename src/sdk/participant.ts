import { formatEther, Signature, type Log } from "ethers";

import {
  contributionCircuit,
  proveContribution,
  quantize,
  randomFieldElement,
  SNARK_SCALAR_FIELD,
  sumOfSquares,
  type Identity,
} from "../zk";
import { loadManifest } from "../../scripts/zk/manifest";
import { chainTime, type Guardians } from "./client";
import { CONTRACT_STEPS } from "./deployments";
import { ArgumentError, UserError } from "./errors";
import { queryEventsPaged } from "./events";
import { rebuildMemberTree, type RebuiltTree } from "./tree";
import type { RevertHints, TxOutcome } from "./tx";
import type { RoundManager } from "../../typechain-types";

/** IParticipantRegistry.MemberStatus, in order. */
export const MEMBER_STATUSES = ["None", "Active", "PendingEviction", "Unbonding", "Exited"] as const;
/** IRoundManager.RoundStatus and AttestationStatus, in order. */
export const ROUND_STATUSES = ["None", "Open", "Finalized", "Cancelled"] as const;
export const ATTESTATION_STATUSES = ["None", "Valid", "Revoked", "Claimed"] as const;

/** Sentences for the registry and round manager errors a participant can cause. */
export const PARTICIPANT_HINTS: RevertHints = {
  ERC20InsufficientBalance: (a) =>
    `insufficient GRD balance: ${formatEther(a[1] as bigint)} GRD available, ${formatEther(a[2] as bigint)} GRD needed`,
  ParticipantRegistryStakeBelowMinimum: (a) => `the stake must be at least ${formatEther(a[1] as bigint)} GRD`,
  ParticipantRegistryAlreadyRegistered: () => "this account has registered before (an address registers once)",
  ParticipantRegistryCommitmentAlreadyRegistered: () => "this identity is registered already",
  RoundManagerNullifierAlreadyUsed: (a) => `this identity has already contributed to round ${a[0]}`,
  RoundManagerRoundNotOpen: (a) => `round ${a[0]} is not open`,
  RoundManagerInsufficientBondBalance: (a) =>
    `the bond balance holds ${grd(a[1] as bigint)}, ${grd(a[0] as bigint)} needed (deposit with participant deposit-bonds)`,
  GuardiansZeroAmount: () => "the amount must be positive",
};

export const grd = (wei: bigint): string => `${formatEther(wei)} GRD`;

/** Rebuilds the member tree from the registry's events (from its deployment block). */
export async function memberTree(g: Guardians): Promise<RebuiltTree> {
  return rebuildMemberTree(g.protocol.registry, {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.registry] ?? 0,
    progress: g.progress,
  });
}

async function requireBalance(g: Guardians, needed: bigint, what: string): Promise<void> {
  const balance = await g.protocol.token.balanceOf(g.account);
  if (balance < needed)
    throw new UserError(`insufficient GRD balance for ${what}: ${g.account} has ${grd(balance)}, needs ${grd(needed)}`);
}

/** The EIP-2612 Permit type, as GRD's permit signs it. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/**
 * An ERC-2612 permit letting `spender` pull `value` GRD from the signer within the hour, or undefined
 * when the signer cannot sign typed data (e.g. some hardware wallets): the caller approves instead.
 */
async function signPermit(
  g: Guardians,
  spender: string,
  value: bigint,
): Promise<{ deadline: bigint; v: number; r: string; s: string } | undefined> {
  const { token } = g.protocol;
  const deadline = (await chainTime(g)) + 3600n;
  const domain = await token.eip712Domain();
  try {
    const raw = await g.signer.signTypedData(
      { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract },
      PERMIT_TYPES,
      { owner: g.account, spender, value, nonce: await token.nonces(g.account), deadline },
    );
    const { v, r, s } = Signature.from(raw);
    return { deadline, v, r, s };
  } catch {
    return undefined;
  }
}

/**
 * Stakes `amount` GRD and registers `commitment` in the member tree. Uses an ERC-2612 permit (one
 * transaction) when the signer can sign one, otherwise approve + stake. Every precondition the
 * contract checks is checked first, so a mistake costs no gas.
 */
export async function stake(
  g: Guardians,
  amount: bigint,
  commitment: bigint,
  options: { permit?: boolean } = {},
): Promise<TxOutcome> {
  const { registry, token } = g.protocol;
  if (amount <= 0n) throw new ArgumentError("the stake must be positive");
  const { minStake } = await registry.params();
  if (amount < minStake) throw new ArgumentError(`the stake must be at least ${grd(minStake)}, got ${grd(amount)}`);
  if (commitment <= 0n || commitment >= SNARK_SCALAR_FIELD)
    throw new ArgumentError("the identity commitment is not a field element");
  const member = await registry.memberOf(g.account);
  if (Number(member.status) !== 0)
    throw new UserError(
      `${g.account} has registered before (status ${MEMBER_STATUSES[Number(member.status)]}); an address registers once`,
    );
  if ((await registry.ownerOfCommitment(commitment)) !== "0x0000000000000000000000000000000000000000")
    throw new UserError("this identity is registered already; create a new one with participant:identity");
  await requireBalance(g, amount, "the stake");
  const spender = await registry.getAddress();

  const permit = options.permit === false ? undefined : await signPermit(g, spender, amount);
  if (permit) {
    const { deadline, v, r, s } = permit;
    return g.send(
      "stake (with permit)",
      () => registry.stakeWithPermit(amount, commitment, deadline, v, r, s),
      PARTICIPANT_HINTS,
    );
  }
  if ((await token.allowance(g.account, spender)) < amount)
    await g.send("approve GRD", () => token.approve(spender, amount), PARTICIPANT_HINTS);
  return g.send("stake", () => registry.stake(amount, commitment), PARTICIPANT_HINTS);
}

/** Leaves the member tree and starts unbonding; the siblings come from the rebuilt tree. */
export async function requestUnstake(g: Guardians): Promise<TxOutcome> {
  const { registry } = g.protocol;
  const member = await registry.memberOf(g.account);
  const status = MEMBER_STATUSES[Number(member.status)];
  if (status !== "Active" && status !== "PendingEviction")
    throw new UserError(`${g.account} is ${status}; only a member in the tree can unstake`);
  const { tree } = await memberTree(g);
  const siblings = tree.siblings(member.commitment);
  return g.send("request unstake", () => registry.requestUnstake(siblings), PARTICIPANT_HINTS);
}

export async function withdraw(g: Guardians): Promise<TxOutcome> {
  const member = await g.protocol.registry.memberOf(g.account);
  const status = MEMBER_STATUSES[Number(member.status)];
  if (status !== "Unbonding") throw new UserError(`${g.account} is ${status}; withdraw follows unstake and the unbonding period`);
  const left = member.unbondingEndsAt - (await chainTime(g));
  if (left > 0n)
    throw new UserError(`unbonding ends in ${left} s (${new Date(Number(member.unbondingEndsAt) * 1000).toISOString()})`);
  return g.send("withdraw", () => g.protocol.registry.withdraw(), PARTICIPANT_HINTS);
}

/** A bond balance after a deposit or withdrawal. */
export interface BondBalanceChange {
  /** GRD moved into (deposit) or out of (withdrawal) the bond balance. */
  amount: bigint;
  /** The account's bond balance afterwards. */
  bondBalance: bigint;
  outcome: TxOutcome;
}

/** The balance a BondsDeposited or BondsWithdrawn event of `account` in the receipt reports. */
function bondBalanceAfter(g: Guardians, outcome: TxOutcome, event: "BondsDeposited" | "BondsWithdrawn"): bigint | undefined {
  const rm = g.protocol.roundManager;
  for (const log of outcome.receipt.logs) {
    const parsed = rm.interface.parseLog(log);
    if (parsed?.name === event && String(parsed.args.account).toLowerCase() === g.account.toLowerCase())
      return BigInt(parsed.args.balance);
  }
  return undefined;
}

/**
 * Moves `amount` GRD from the wallet into its bond balance on the RoundManager, from which `submit`
 * takes each round's bond. Uses an ERC-2612 permit (one transaction) when the signer can sign one,
 * otherwise approve (when the allowance is short) + deposit. Checked first: a positive amount the
 * wallet holds.
 */
export async function depositBonds(g: Guardians, amount: bigint, options: { permit?: boolean } = {}): Promise<BondBalanceChange> {
  const { roundManager: rm, token } = g.protocol;
  if (amount <= 0n) throw new ArgumentError("the deposit must be positive");
  await requireBalance(g, amount, "the bond deposit");
  const spender = await rm.getAddress();
  let outcome: TxOutcome;
  const permit = options.permit === false ? undefined : await signPermit(g, spender, amount);
  if (permit) {
    const { deadline, v, r, s } = permit;
    outcome = await g.send(
      `deposit ${grd(amount)} for bonds (with permit)`,
      () => rm.depositBondsWithPermit(amount, deadline, v, r, s),
      PARTICIPANT_HINTS,
    );
  } else {
    if ((await token.allowance(g.account, spender)) < amount)
      await g.send("approve the bond deposit", () => token.approve(spender, amount), PARTICIPANT_HINTS);
    outcome = await g.send(`deposit ${grd(amount)} for bonds`, () => rm.depositBonds(amount), PARTICIPANT_HINTS);
  }
  const bondBalance = bondBalanceAfter(g, outcome, "BondsDeposited") ?? (await rm.bondBalanceOf(g.account));
  return { amount, bondBalance, outcome };
}

/**
 * Sends `amount` of the account's bond balance (default: all of it) back to the wallet; allowed at
 * any time, even while the RoundManager is paused. Bonds already taken by submissions come back
 * through `claim`, not here.
 */
export async function withdrawBonds(g: Guardians, amount?: bigint): Promise<BondBalanceChange> {
  const rm = g.protocol.roundManager;
  if (amount !== undefined && amount <= 0n) throw new ArgumentError("the withdrawal must be positive");
  const available = await rm.bondBalanceOf(g.account);
  if (amount === undefined && available === 0n)
    throw new UserError(`the bond balance of ${g.account} is empty; nothing to withdraw`);
  const value = amount ?? available;
  if (value > available)
    throw new UserError(`cannot withdraw ${grd(value)}: the bond balance of ${g.account} is ${grd(available)}; nothing was sent`);
  const outcome = await g.send(`withdraw ${grd(value)} of bonds`, () => rm.withdrawBonds(value), PARTICIPANT_HINTS);
  const bondBalance = bondBalanceAfter(g, outcome, "BondsWithdrawn") ?? (await rm.bondBalanceOf(g.account));
  return { amount: value, bondBalance, outcome };
}

/** What `ensureBondBalance` sent so that the bond balance covers a bond. */
export interface BondDeposit {
  /** GRD deposited: the shortfall, or 0 when the bond balance already covered the bond. */
  amount: bigint;
  /** The approval (when the allowance was short) and the deposit, in order; empty when nothing was sent. */
  outcomes: TxOutcome[];
}

/** How much the account's bond balance lacks to cover `bond` (0 when it covers it). */
export async function bondShortfall(g: Guardians, bond: bigint): Promise<bigint> {
  const balance = await g.protocol.roundManager.bondBalanceOf(g.account);
  return balance >= bond ? 0n : bond - balance;
}

/**
 * Tops up the account's bond balance to cover `bond`: deposits exactly the shortfall (approve, when
 * the allowance is short, then depositBonds), or sends nothing when the balance already covers it.
 * `what` names the bond in messages ("round 3's bond").
 */
export async function ensureBondBalance(g: Guardians, bond: bigint, what: string): Promise<BondDeposit> {
  const { roundManager: rm, token } = g.protocol;
  const shortfall = await bondShortfall(g, bond);
  if (shortfall === 0n) return { amount: 0n, outcomes: [] };
  await requireBalance(g, shortfall, `${what} (the bond balance lacks ${grd(shortfall)})`);
  const spender = await rm.getAddress();
  const outcomes: TxOutcome[] = [];
  if ((await token.allowance(g.account, spender)) < shortfall)
    outcomes.push(
      await g.send(`approve ${grd(shortfall)} for ${what}`, () => token.approve(spender, shortfall), PARTICIPANT_HINTS),
    );
  outcomes.push(await g.send(`deposit ${grd(shortfall)} for ${what}`, () => rm.depositBonds(shortfall), PARTICIPANT_HINTS));
  return { amount: shortfall, outcomes };
}

export interface ContributionRecord {
  uid: string;
  roundId: bigint;
  recipient: string;
  status: (typeof ATTESTATION_STATUSES)[number];
  /**
   * Bond + reward share, once the round is finalized and its challenge period is over; the bond alone
   * if the round was cancelled.
   */
  due: bigint;
  /** When it becomes claimable (0 if the round is not finalized yet, or was cancelled: claimable now). */
  claimableAt: bigint;
  block: number;
  txHash: string;
}

/** One ContributionSubmitted event, decoded. */
export interface SubmittedContribution {
  uid: string;
  roundId: bigint;
  recipient: string;
  nullifier: bigint;
  updateCommitment: bigint;
  /** The wallet that sent the submission and paid its bond. */
  submitter: string;
  block: number;
  txHash: string;
}

/** Decodes a ContributionSubmitted log: the one place the SDK reads that event's fields. */
export function decodeContributionSubmitted(rm: RoundManager, log: Log): SubmittedContribution | undefined {
  const parsed = rm.interface.parseLog(log);
  if (parsed?.name !== "ContributionSubmitted") return undefined;
  return {
    uid: String(parsed.args.uid),
    roundId: BigInt(parsed.args.roundId),
    recipient: String(parsed.args.recipient),
    nullifier: BigInt(parsed.args.nullifier),
    updateCommitment: BigInt(parsed.args.updateCommitment),
    submitter: String(parsed.args.submitter),
    block: log.blockNumber,
    txHash: log.transactionHash,
  };
}

/**
 * The ContributionSubmitted events matching every given field (all three are indexed), decoded, in
 * chain order; read in pages from the RoundManager's deployment block.
 */
export async function submittedContributions(
  g: Guardians,
  match: { uid?: string; roundId?: bigint; recipient?: string },
  label = "reading contributions",
): Promise<SubmittedContribution[]> {
  const rm = g.protocol.roundManager;
  const logs = await queryEventsPaged(rm, rm.filters.ContributionSubmitted(match.uid, match.roundId, match.recipient), {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.roundManager] ?? 0,
    progress: g.progress,
    label,
  });
  return logs.map((log) => decodeContributionSubmitted(rm, log)).filter((c): c is SubmittedContribution => c !== undefined);
}

/** Every contribution rewarded to `recipient`, with what each can claim now. */
export async function contributionsOf(g: Guardians, recipient: string): Promise<ContributionRecord[]> {
  const rm = g.protocol.roundManager;
  const records: ContributionRecord[] = [];
  for (const submitted of await submittedContributions(g, { recipient })) {
    const { uid, roundId } = submitted;
    const attestation = await rm.getAttestation(uid);
    const round = await rm.getRound(roundId);
    const status = ATTESTATION_STATUSES[Number(attestation.status)];
    const roundStatus = ROUND_STATUSES[Number(round.status)];
    const finalized = roundStatus === "Finalized";
    let due = 0n;
    if (status === "Valid" && finalized) due = round.bond + (await rm.rewardShare(roundId));
    // A cancelled round refunds the bond alone, claimable at once (claimableAt 0).
    if (status === "Valid" && roundStatus === "Cancelled") due = round.bond;
    records.push({
      uid,
      roundId,
      recipient,
      status,
      due,
      claimableAt: finalized ? round.challengeEndsAt : 0n,
      block: submitted.block,
      txHash: submitted.txHash,
    });
  }
  return records;
}

export interface ParticipantStatus {
  account: string;
  /** GRD in the wallet. */
  balance: bigint;
  /** GRD deposited on the RoundManager for bonds and not yet taken by a submission or withdrawn. */
  bondBalance: bigint;
  stakePosition: bigint;
  votes: bigint;
  status: (typeof MEMBER_STATUSES)[number];
  stake: bigint;
  commitment: bigint;
  /** Seconds of unbonding left (0 when not unbonding or over). */
  unbondingLeft: bigint;
  inTree: boolean;
  /** The member tree's depth now, and the deepest tree the latest round's circuit proves in (0: no round yet). */
  tree: { depth: number; latestRoundDepth: number };
  contributions: ContributionRecord[];
  /** Claimable now. */
  rewardsDue: bigint;
  /** Due once the pending challenge periods end. */
  rewardsPending: bigint;
}

export async function participantStatus(g: Guardians, account: string = g.account): Promise<ParticipantStatus> {
  const { registry, token, stakePosition, votes, roundManager } = g.protocol;
  const member = await registry.memberOf(account);
  const status = MEMBER_STATUSES[Number(member.status)];
  const t = await chainTime(g);
  const contributions = await contributionsOf(g, account);
  const roundCount = await roundManager.roundCount();
  const latestRoundDepth = roundCount === 0n ? 0 : Number((await roundManager.getRound(roundCount)).depth);
  const claimable = contributions.filter((c) => c.due > 0n && c.claimableAt <= t);
  const pending = contributions.filter((c) => c.due > 0n && c.claimableAt > t);
  return {
    account,
    balance: await token.balanceOf(account),
    bondBalance: await roundManager.bondBalanceOf(account),
    stakePosition: await stakePosition.balanceOf(account),
    votes: await votes.getVotes(account),
    status,
    stake: member.stake,
    commitment: member.commitment,
    unbondingLeft: status === "Unbonding" && member.unbondingEndsAt > t ? member.unbondingEndsAt - t : 0n,
    inTree: status === "Active" || status === "PendingEviction",
    tree: { depth: Number(await registry.treeDepth()), latestRoundDepth },
    contributions,
    rewardsDue: claimable.reduce((s, c) => s + c.due, 0n),
    rewardsPending: pending.reduce((s, c) => s + c.due, 0n),
  };
}

/** Claims the given attestations, or every claimable one of this account. Anyone may claim for a recipient. */
export async function claim(g: Guardians, uids?: string[]): Promise<Array<{ uid: string; outcome: TxOutcome }>> {
  const rm = g.protocol.roundManager;
  let targets = uids;
  if (!targets) {
    const t = await chainTime(g);
    targets = (await contributionsOf(g, g.account)).filter((c) => c.due > 0n && c.claimableAt <= t).map((c) => c.uid);
    if (targets.length === 0) throw new UserError(`nothing to claim for ${g.account} yet`);
  }
  const results: Array<{ uid: string; outcome: TxOutcome }> = [];
  for (const uid of targets) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(uid)) throw new ArgumentError(`"${uid}" is not an attestation uid (0x + 64 hex digits)`);
    const attestation = await rm.getAttestation(uid);
    const status = ATTESTATION_STATUSES[Number(attestation.status)];
    if (status !== "Valid")
      throw new UserError(`attestation ${uid} is ${status === "None" ? "unknown" : status}; nothing to claim`);
    results.push({ uid, outcome: await g.send(`claim ${uid.slice(0, 10)}…`, () => rm.claim(uid), PARTICIPANT_HINTS) });
  }
  return results;
}

export interface ContributeRequest {
  identity: Identity;
  /** The real-valued update; shorter than the circuit's N is zero-padded. */
  update: readonly number[];
  roundId: bigint;
  /** Who gets the bond and reward back (default: the sender). */
  recipient?: string;
  /** Commitment salt (default: random); keep it to reveal the update to the aggregator. */
  salt?: bigint;
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

  const { tree } = await memberTree(g);
  if (!tree.has(request.identity.commitment))
    throw new UserError("this identity is not in the member tree: stake first (participant:stake)");
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

  // Read again after the proof: another submission from this wallet may have used the balance since.
  const bondDeposit = await ensureBondBalance(g, round.bond, bondWhat);
  const { pA, pB, pC, pubSignals } = proof.calldata;
  const outcome = await g.send(
    `submit to round ${request.roundId}`,
    () => rm.submit(request.roundId, { pA, pB, pC }, pubSignals),
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
    bondDeposit,
    outcome,
    proveMs,
  };
}

import { formatEther, Signature } from "ethers";

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

/** IParticipantRegistry.MemberStatus, in order. */
export const MEMBER_STATUSES = ["None", "Active", "PendingEviction", "Unbonding", "Exited"] as const;
/** IRoundManager.RoundStatus and AttestationStatus, in order. */
export const ROUND_STATUSES = ["None", "Open", "Finalized", "Cancelled"] as const;
export const ATTESTATION_STATUSES = ["None", "Valid", "Revoked", "Claimed"] as const;

/** Sentences for the registry and round manager errors a participant can cause. */
export const PARTICIPANT_HINTS: RevertHints = {
  ERC20InsufficientBalance: (a) =>
    `insufficient GRD balance: ${formatEther(a[1] as bigint)} GRD available, ${formatEther(a[2] as bigint)} GRD needed`,
  StakeBelowMinimum: (a) => `the stake must be at least ${formatEther(a[1] as bigint)} GRD`,
  AlreadyRegistered: () => "this account has registered before (an address registers once)",
  CommitmentAlreadyRegistered: () => "this identity is registered already",
  NullifierAlreadyUsed: (a) => `this identity has already contributed to round ${a[0]}`,
  RoundNotOpen: (a) => `round ${a[0]} is not open`,
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

  if (options.permit !== false) {
    const deadline = (await chainTime(g)) + 3600n;
    const domain = await token.eip712Domain();
    let signature: Signature | undefined;
    try {
      const raw = await g.signer.signTypedData(
        { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: g.account, spender, value: amount, nonce: await token.nonces(g.account), deadline },
      );
      signature = Signature.from(raw);
    } catch {
      signature = undefined; // The signer cannot sign typed data (e.g. some hardware wallets): approve instead.
    }
    if (signature) {
      const sig = signature;
      return g.send(
        "stake (with permit)",
        () => registry.stakeWithPermit(amount, commitment, deadline, sig.v, sig.r, sig.s),
        PARTICIPANT_HINTS,
      );
    }
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

/** Every contribution rewarded to `recipient`, with what each can claim now. */
export async function contributionsOf(g: Guardians, recipient: string): Promise<ContributionRecord[]> {
  const rm = g.protocol.roundManager;
  const logs = await queryEventsPaged(rm, rm.filters.ContributionSubmitted(undefined, undefined, recipient), {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.roundManager] ?? 0,
    progress: g.progress,
    label: "reading contributions",
  });
  const records: ContributionRecord[] = [];
  for (const log of logs) {
    const parsed = rm.interface.parseLog(log);
    if (!parsed) continue;
    const uid = String(parsed.args.uid);
    const roundId = BigInt(parsed.args.roundId);
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
      block: log.blockNumber,
      txHash: log.transactionHash,
    });
  }
  return records;
}

export interface ParticipantStatus {
  account: string;
  balance: bigint;
  stakePosition: bigint;
  votes: bigint;
  status: (typeof MEMBER_STATUSES)[number];
  stake: bigint;
  commitment: bigint;
  /** Seconds of unbonding left (0 when not unbonding or over). */
  unbondingLeft: bigint;
  inTree: boolean;
  contributions: ContributionRecord[];
  /** Claimable now. */
  rewardsDue: bigint;
  /** Due once the pending challenge periods end. */
  rewardsPending: bigint;
}

export async function participantStatus(g: Guardians, account: string = g.account): Promise<ParticipantStatus> {
  const { registry, token, stakePosition, votes } = g.protocol;
  const member = await registry.memberOf(account);
  const status = MEMBER_STATUSES[Number(member.status)];
  const t = await chainTime(g);
  const contributions = await contributionsOf(g, account);
  const claimable = contributions.filter((c) => c.due > 0n && c.claimableAt <= t);
  const pending = contributions.filter((c) => c.due > 0n && c.claimableAt > t);
  return {
    account,
    balance: await token.balanceOf(account),
    stakePosition: await stakePosition.balanceOf(account),
    votes: await votes.getVotes(account),
    status,
    stake: member.stake,
    commitment: member.commitment,
    unbondingLeft: status === "Unbonding" && member.unbondingEndsAt > t ? member.unbondingEndsAt - t : 0n,
    inTree: status === "Active" || status === "PendingEviction",
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
 * an over-bound update gets a clear message and no transaction; then rebuilds the member tree,
 * proves, pays the bond and submits. Returns the attestation uid, the transaction and its gas.
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
  await requireBalance(g, round.bond, `round ${request.roundId}'s bond`);

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

  const spender = await rm.getAddress();
  if (round.bond > 0n && (await g.protocol.token.allowance(g.account, spender)) < round.bond)
    await g.send("approve the bond", () => g.protocol.token.approve(spender, round.bond), PARTICIPANT_HINTS);
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
    outcome,
    proveMs,
  };
}

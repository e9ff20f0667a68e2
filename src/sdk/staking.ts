/** A member's stake: joining the member tree, unstaking, withdrawing, and its standing. */
import { ZeroAddress } from "ethers";

import { SNARK_SCALAR_FIELD } from "../zk";
import { chainTime, type Guardians } from "./client";
import { contributionsOf, type ContributionRecord } from "./contributions";
import { CONTRACT_STEPS } from "./deployments";
import { MEMBER_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { grd, requireBalance, signPermit } from "./funds";
import { PARTICIPANT_HINTS } from "./participant-hints";
import { rebuildMemberTree, type RebuiltTree } from "./tree";
import type { TxOutcome } from "./tx";

/** Rebuilds the member tree from the registry's events (from its deployment block). */
export async function memberTree(g: Guardians): Promise<RebuiltTree> {
  return rebuildMemberTree(g.protocol.registry, {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.registry] ?? 0,
    progress: g.progress,
  });
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
  if ((await registry.ownerOfCommitment(commitment)) !== ZeroAddress)
    throw new UserError("this identity is registered already; create a new one with npx hardhat participant identity");
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

/** Pays the remaining stake back; `amount` is what the registry's Withdrawn event says it paid. */
export async function withdraw(g: Guardians): Promise<TxOutcome & { amount: bigint }> {
  const member = await g.protocol.registry.memberOf(g.account);
  const status = MEMBER_STATUSES[Number(member.status)];
  if (status !== "Unbonding") throw new UserError(`${g.account} is ${status}; withdraw follows unstake and the unbonding period`);
  const left = member.unbondingEndsAt - (await chainTime(g));
  if (left > 0n)
    throw new UserError(`unbonding ends in ${left} s (${new Date(Number(member.unbondingEndsAt) * 1000).toISOString()})`);
  const { registry } = g.protocol;
  const outcome = await g.send("withdraw", () => registry.withdraw(), PARTICIPANT_HINTS);
  let amount = 0n;
  for (const log of outcome.receipt.logs) {
    try {
      const parsed = registry.interface.parseLog(log);
      if (parsed?.name === "Withdrawn") amount += parsed.args.amount as bigint;
    } catch {
      // Another contract's event (the token's Transfer).
    }
  }
  return { ...outcome, amount };
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

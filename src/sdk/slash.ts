import { AbiCoder, getAddress, hexlify, isAddress, keccak256, randomBytes, ZeroAddress } from "ethers";

import type { Identity } from "../zk";
import type { Guardians } from "./client";
import { ArgumentError, TxRevertedError, UserError } from "./errors";
import { propose, type ProposalActions, type Proposed } from "./governance";
import { MEMBER_STATUSES } from "./enums";
import { grd } from "./funds";
import { memberTree } from "./staking";
import type { TxOutcome } from "./tx";

const HARDHAT_CHAIN_ID = 31337n;

/** How many `evict` transactions a disclosure tries, each with siblings from a freshly rebuilt tree. */
export const EVICTION_ATTEMPTS = 3;

/** Removing a PendingEviction member's leaf with `evict` (anyone may call it). */
export interface Eviction {
  /** The member's leaf is out of the tree: our `evict` landed, or another transaction removed it first. */
  removed: boolean;
  /** Our `evict` transaction, when it is the one that removed the leaf. */
  outcome?: TxOutcome;
  /** `evict` transactions tried (a later one follows a stake or removal that made the siblings stale); 0 when the eviction failed before sending one. */
  attempts: number;
  /** Why the leaf is still in the tree, when it is (every attempt reverted). */
  error?: string;
}

export interface Disclosure {
  member: string;
  commitOutcome: TxOutcome;
  revealOutcome: TxOutcome;
  slashed: bigint;
  whistleblowerReward: bigint;
  /** The member's leaf left the tree after the reveal (`eviction.removed`). */
  removedFromTree: boolean;
  /** The eviction that follows the reveal; undefined when the member was not in the tree (it had unstaked). */
  eviction?: Eviction;
}

export interface DiscloseOptions {
  /** `evict` attempts after the reveal (default EVICTION_ATTEMPTS). */
  evictionAttempts?: number;
}

/** A disclosure committed on chain and not yet revealed. */
interface CommittedDisclosure {
  member: string;
  payee: string;
  salt: string;
  /** The member's leaf was in the tree when the disclosure was committed (Active or PendingEviction). */
  inTree: boolean;
  commitOutcome: TxOutcome;
}

async function commitDisclosure(g: Guardians, leaked: Identity, receiver: string): Promise<CommittedDisclosure> {
  if (!isAddress(receiver)) throw new ArgumentError(`"${receiver}" is not an address`);
  const payee = getAddress(receiver);
  const { registry } = g.protocol;
  const member = await registry.ownerOfCommitment(leaked.commitment);
  if (member === ZeroAddress) throw new UserError("this secret belongs to no registered member");
  const record = await registry.memberOf(member);
  const status = MEMBER_STATUSES[Number(record.status)];
  if (record.stake === 0n) throw new UserError(`the member ${member} has no stake left to slash (${status})`);
  if (record.disclosed) throw new UserError(`the identity of ${member} was disclosed already; a secret is slashed once`);
  const salt = hexlify(randomBytes(32));
  const disclosure = keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [leaked.secret, payee, salt]),
  );
  const commitOutcome = await g.send("commit disclosure", () => registry.commitDisclosure(disclosure));
  return { member, payee, salt, inTree: status === "Active" || status === "PendingEviction", commitOutcome };
}

/**
 * Reveals with no siblings: the reveal depends on nothing but the commitment, so no stake, unstake or
 * eviction landing before it can make it revert once the secret is in the mempool. The registry
 * slashes and marks a member still in the tree PendingEviction.
 */
async function revealDisclosure(g: Guardians, leaked: Identity, committed: CommittedDisclosure): Promise<TxOutcome> {
  // The reveal must run in a later block than the commitment. Public nodes estimate gas against the
  // latest block, so wait for one more; Hardhat's automining chain (31337) puts the reveal in the
  // next block by itself and would never mine another one while we wait.
  if ((await g.provider.getNetwork()).chainId !== HARDHAT_CHAIN_ID)
    while ((await g.provider.getBlockNumber()) <= committed.commitOutcome.blockNumber)
      await new Promise((r) => setTimeout(r, 1000));
  const { registry } = g.protocol;
  return g.send("reveal disclosure", () => registry.revealDisclosure(leaked.secret, committed.payee, committed.salt, []));
}

/**
 * Removes a PendingEviction member's leaf (`evict`, open to anyone), with siblings from the tree
 * rebuilt just before each attempt. A stake or removal landing between the rebuild and the `evict`
 * makes the siblings stale and the `evict` revert; it is then retried on a freshly rebuilt tree, up
 * to `attempts` times. Stops, removed, as soon as the member is out of the tree (Unbonding or Exited),
 * whoever removed it.
 */
export async function evictMember(g: Guardians, account: string, attempts = EVICTION_ATTEMPTS): Promise<Eviction> {
  if (!isAddress(account)) throw new ArgumentError(`"${account}" is not an address`);
  const member = getAddress(account);
  const { registry } = g.protocol;
  let lastError = "";
  for (let attempt = 0; attempt < attempts; attempt++) {
    const record = await registry.memberOf(member);
    const status = MEMBER_STATUSES[Number(record.status)];
    // Unbonding or Exited: the leaf is out of the tree already (an unstake, or another evict, landed first).
    if (status === "Unbonding" || status === "Exited") return { removed: true, attempts: attempt };
    if (status !== "PendingEviction") throw new UserError(`${member} is ${status}; only a PendingEviction member can be evicted`);
    const siblings = (await memberTree(g)).tree.siblings(record.commitment);
    try {
      const outcome = await g.send("evict", () => registry.evict(member, siblings));
      return { removed: true, outcome, attempts: attempt + 1 };
    } catch (error) {
      if (!(error instanceof TxRevertedError)) throw error;
      lastError = error.message;
    }
  }
  return { removed: false, attempts, error: lastError };
}

/**
 * Discloses a leaked identity secret (RLN-style slashing), by commit-reveal: the commitment binds
 * the payee, so a front-runner copying the reveal gains nothing. The reveal takes no siblings (a
 * stake landing before it cannot make it revert after the secret is public); the member's leaf is
 * then removed by `evictMember`, on a freshly rebuilt tree, retried if the tree changes meanwhile.
 */
export async function discloseIdentity(
  g: Guardians,
  leaked: Identity,
  receiver: string = g.account,
  options: DiscloseOptions = {},
): Promise<Disclosure> {
  const { registry } = g.protocol;
  const committed = await commitDisclosure(g, leaked, receiver);
  const revealOutcome = await revealDisclosure(g, leaked, committed);
  const event = revealOutcome.receipt.logs
    .map((l) => registry.interface.parseLog(l))
    .find((l) => l?.name === "IdentityDisclosed");
  // The slash has landed: an eviction that fails in any way is reported, never thrown, so the caller
  // still learns what the disclosure did (anyone can evict the PendingEviction member later).
  const eviction = committed.inTree
    ? await evictMember(g, committed.member, options.evictionAttempts ?? EVICTION_ATTEMPTS).catch((error: unknown): Eviction => ({
        removed: false,
        attempts: 0,
        error: (error as Error).message ?? String(error),
      }))
    : undefined;
  return {
    member: committed.member,
    commitOutcome: committed.commitOutcome,
    revealOutcome,
    slashed: event ? BigInt(event.args.slashed) : 0n,
    whistleblowerReward: event ? BigInt(event.args.whistleblowerReward) : 0n,
    removedFromTree: eviction?.removed ?? false,
    eviction,
  };
}

/** The actions of a governance slash, checked against the per-call cap. */
export async function slashActions(
  g: Guardians,
  member: string,
  amount: bigint,
  reason: string,
  evidenceURI: string,
): Promise<ProposalActions> {
  if (!isAddress(member)) throw new ArgumentError(`"${member}" is not an address`);
  if (!reason) throw new ArgumentError("a slash needs a reason");
  const { registry } = g.protocol;
  const record = await registry.memberOf(member);
  const status = MEMBER_STATUSES[Number(record.status)];
  if (status === "None" || status === "Exited")
    throw new UserError(`${member} is ${status === "None" ? "not a member" : "exited"}; nothing to slash`);
  const cap = (record.stake * BigInt((await registry.params()).maxSlashBps)) / 10_000n;
  if (amount <= 0n || amount > cap)
    throw new ArgumentError(`the slash must be between 1 wei and the per-call cap ${grd(cap)} (of a ${grd(record.stake)} stake)`);
  return {
    targets: [await registry.getAddress()],
    values: [0n],
    calldatas: [registry.interface.encodeFunctionData("slash", [getAddress(member), amount, reason, evidenceURI])],
    description: `Slash ${grd(amount)} from ${getAddress(member)}: ${reason}${evidenceURI ? ` (evidence: ${evidenceURI})` : ""}`,
  };
}

/** Drafts (proposes) a governance slash: the Timelock executes it if the vote passes. */
export async function proposeSlash(
  g: Guardians,
  member: string,
  amount: bigint,
  reason: string,
  evidenceURI = "",
): Promise<Proposed> {
  return propose(g, await slashActions(g, member, amount, reason, evidenceURI));
}

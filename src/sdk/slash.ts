import { AbiCoder, getAddress, hexlify, isAddress, keccak256, randomBytes } from "ethers";

import type { Identity } from "../zk";
import type { Guardians } from "./client";
import { ArgumentError, UserError } from "./errors";
import { propose, type ProposalActions, type Proposed } from "./governance";
import { grd, MEMBER_STATUSES, memberTree } from "./participant";
import type { TxOutcome } from "./tx";

const HARDHAT_CHAIN_ID = 31337n;

export interface Disclosure {
  member: string;
  commitOutcome: TxOutcome;
  revealOutcome: TxOutcome;
  slashed: bigint;
  whistleblowerReward: bigint;
  removedFromTree: boolean;
}

/**
 * Discloses a leaked identity secret (RLN-style slashing), by commit-reveal: the commitment binds
 * the payee, so a front-runner copying the reveal gains nothing. The member's leaf is removed in
 * the same call (siblings from the rebuilt tree).
 */
export async function discloseIdentity(g: Guardians, leaked: Identity, receiver: string = g.account): Promise<Disclosure> {
  if (!isAddress(receiver)) throw new ArgumentError(`"${receiver}" is not an address`);
  const payee = getAddress(receiver);
  const { registry } = g.protocol;
  const member = await registry.ownerOfCommitment(leaked.commitment);
  if (member === "0x0000000000000000000000000000000000000000") throw new UserError("this secret belongs to no registered member");
  const record = await registry.memberOf(member);
  const status = MEMBER_STATUSES[Number(record.status)];
  if (record.stake === 0n) throw new UserError(`the member ${member} has no stake left to slash (${status})`);
  let siblings: bigint[] = [];
  if (status === "Active" || status === "PendingEviction") siblings = (await memberTree(g)).tree.siblings(leaked.commitment);

  const salt = hexlify(randomBytes(32));
  const disclosure = keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [leaked.secret, payee, salt]),
  );
  const commitOutcome = await g.send("commit disclosure", () => registry.commitDisclosure(disclosure));
  // The reveal must run in a later block than the commitment. Public nodes estimate gas against the
  // latest block, so wait for one more; Hardhat's automining chain (31337) puts the reveal in the
  // next block by itself and would never mine another one while we wait.
  if ((await g.provider.getNetwork()).chainId !== HARDHAT_CHAIN_ID)
    while ((await g.provider.getBlockNumber()) <= commitOutcome.blockNumber) await new Promise((r) => setTimeout(r, 1000));
  const revealOutcome = await g.send("reveal disclosure", () => registry.revealDisclosure(leaked.secret, payee, salt, siblings));
  const event = revealOutcome.receipt.logs
    .map((l) => registry.interface.parseLog(l))
    .find((l) => l?.name === "IdentityDisclosed");
  return {
    member,
    commitOutcome,
    revealOutcome,
    slashed: event ? BigInt(event.args.slashed) : 0n,
    whistleblowerReward: event ? BigInt(event.args.whistleblowerReward) : 0n,
    removedFromTree: event ? Boolean(event.args.removedFromTree) : false,
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

import type { EventLog, Log } from "ethers";

import { MemberTree } from "../zk";
import type { ParticipantRegistry } from "../../typechain-types";
import { queryEventsPaged } from "./events";
import type { Progress } from "../core/progress";

/** One registered identity, as the registry's events tell it. */
export interface RegisteredMember {
  account: string;
  /** The identity commitment C the member staked with; its leaf in the tree is memberLeaf(C). */
  commitment: bigint;
  index: number;
  /** Left the tree (unstake, eviction or disclosure): its leaf is now zero. */
  removed: boolean;
}

export interface RebuiltTree {
  /** The member tree as the contract holds it: removed leaves are zeros. */
  tree: MemberTree;
  /** The registered commitments by leaf index, 0 for a removed member (what MemberTree is built from). */
  commitments: bigint[];
  /** The tree's leaves as the contract holds them: memberLeaf(commitment), 0 for a removed member. */
  leaves: bigint[];
  members: Map<string, RegisteredMember>;
  /** The block the tree was read at; its root equals the contract's current root there. */
  block: number;
  root: bigint;
}

export interface RebuildOptions {
  fromBlock: number;
  toBlock?: number;
  pageSize?: number;
  progress?: Progress;
}

/**
 * Rebuilds the member tree from the registry's events, reading long block ranges page by page:
 * `Staked` inserts the leaf memberLeaf(commitment) at its index (the event carries the commitment,
 * the registry inserts its hash); `UnstakeRequested`, `Evicted` and an `IdentityDisclosed` that
 * removed the member set the member's leaf to zero (LeanIMT removal). The result is checked against
 * the contract's root at the same block, so a proof is never built on a wrong tree.
 */
export async function rebuildMemberTree(registry: ParticipantRegistry, options: RebuildOptions): Promise<RebuiltTree> {
  const runner = registry.runner;
  const provider = runner?.provider;
  if (!provider) throw new Error("rebuildMemberTree: the registry has no provider");
  const block = options.toBlock ?? (await provider.getBlockNumber());
  const paging = { fromBlock: options.fromBlock, toBlock: block, pageSize: options.pageSize, progress: options.progress };
  const kinds = [
    registry.filters.Staked,
    registry.filters.UnstakeRequested,
    registry.filters.Evicted,
    registry.filters.IdentityDisclosed,
  ] as const;
  const logs: Array<EventLog | Log> = [];
  for (const kind of kinds) logs.push(...(await queryEventsPaged(registry, kind, { ...paging, label: "reading member events" })));
  logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);

  const commitments: bigint[] = [];
  const members = new Map<string, RegisteredMember>();
  const remove = (account: string) => {
    const member = members.get(account);
    if (!member || member.removed) throw new Error(`member events out of order: ${account} removed while not in the tree`);
    member.removed = true;
    commitments[member.index] = 0n;
  };
  for (const log of logs) {
    const parsed = registry.interface.parseLog(log);
    if (!parsed) continue;
    const account = String(parsed.args.account);
    switch (parsed.name) {
      case "Staked": {
        const index = Number(parsed.args.index);
        const commitment = BigInt(parsed.args.commitment);
        if (index !== commitments.length)
          throw new Error(`member events out of order: leaf ${index} after ${commitments.length} leaves`);
        commitments.push(commitment);
        members.set(account, { account, commitment, index, removed: false });
        break;
      }
      case "UnstakeRequested":
      case "Evicted":
        remove(account);
        break;
      case "IdentityDisclosed":
        if (parsed.args.removedFromTree) remove(account);
        break;
    }
  }
  // MemberTree hashes each commitment into its leaf and keeps the zeros of removed members.
  const tree = new MemberTree(commitments);
  const onChain = await registry.currentRoot({ blockTag: block });
  if (tree.root !== onChain)
    throw new Error(`the member tree rebuilt from events has root ${tree.root}, the registry has ${onChain} at block ${block}`);
  return { tree, commitments, leaves: tree.leaves, members, block, root: tree.root };
}

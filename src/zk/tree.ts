import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon2 } from "poseidon-lite";

import { ProofInputError } from "./errors";

/** A Merkle path as LeanIMTRoot(MAX_DEPTH) takes it: siblings zero-padded to MAX_DEPTH. */
export interface MemberPath {
  root: bigint;
  leaf: bigint;
  depth: number;
  index: number;
  siblings: bigint[];
}

const hashPair = (a: bigint, b: bigint) => poseidon2([a, b]);

/**
 * The member tree: a @zk-kit/lean-imt LeanIMT with Poseidon(2), the same tree (same root for the
 * same leaves in the same order) as the on-chain @zk-kit/lean-imt.sol InternalLeanIMT with
 * poseidon-solidity's PoseidonT3.
 */
export class MemberTree {
  private readonly tree: LeanIMT<bigint>;

  constructor(commitments: Iterable<bigint> = []) {
    this.tree = new LeanIMT<bigint>(hashPair, [...commitments]);
  }

  get root(): bigint {
    // An empty LeanIMT has no root; the contract reports 0 for it.
    return this.tree.size === 0 ? 0n : this.tree.root;
  }

  get size(): number {
    return this.tree.size;
  }

  get depth(): number {
    return this.tree.depth;
  }

  insert(commitment: bigint): void {
    this.tree.insert(commitment);
  }

  /** Removes a member as the registry does: its leaf becomes 0 and the tree keeps its shape. */
  remove(commitment: bigint): void {
    this.tree.update(this.indexOfMember(commitment), 0n);
  }

  /** The unpadded LeanIMT siblings of a member: what the registry takes to remove (or evict) it. */
  siblings(commitment: bigint): bigint[] {
    return this.tree.generateProof(this.indexOfMember(commitment)).siblings;
  }

  /** An independent copy with the same leaves. */
  clone(): MemberTree {
    return new MemberTree(this.tree.leaves);
  }

  indexOf(commitment: bigint): number {
    return this.tree.indexOf(commitment);
  }

  has(commitment: bigint): boolean {
    return this.tree.has(commitment);
  }

  /**
   * The path of a member's commitment, padded to maxDepth. Throws ProofInputError when the
   * commitment is not a leaf, or when the tree is deeper than the circuit's maxDepth.
   */
  path(commitment: bigint, maxDepth: number): MemberPath {
    const proof = this.tree.generateProof(this.indexOfMember(commitment));
    if (proof.siblings.length > maxDepth) {
      throw new ProofInputError(
        `the member tree's path has depth ${proof.siblings.length}, the circuit supports at most ${maxDepth}`,
      );
    }
    return {
      root: proof.root,
      leaf: proof.leaf,
      depth: proof.siblings.length,
      index: proof.index,
      siblings: [...proof.siblings, ...Array<bigint>(maxDepth - proof.siblings.length).fill(0n)],
    };
  }

  private indexOfMember(commitment: bigint): number {
    const index = this.tree.indexOf(commitment);
    if (index < 0) {
      throw new ProofInputError(`identity commitment ${commitment} is not in the member tree (${this.size} members)`);
    }
    return index;
  }
}

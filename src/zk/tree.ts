import { LeanIMT } from "@zk-kit/lean-imt";
// By arity, so that a bundle takes only the round constants it needs (the package index holds all 16).
import { poseidon2 } from "poseidon-lite/poseidon2";

import { ProofInputError } from "./errors";
import { memberLeaf } from "./identity";

/** A Merkle path as LeanIMTRoot(MAX_DEPTH) takes it: siblings zero-padded to MAX_DEPTH. */
export interface MemberPath {
  root: bigint;
  /** The member's leaf in the tree, memberLeaf(commitment), not the commitment itself. */
  leaf: bigint;
  depth: number;
  index: number;
  siblings: bigint[];
}

const hashPair = (a: bigint, b: bigint) => poseidon2([a, b]);

/** The tree's value for one entry of a commitment list: 0 (a removed member) stays 0. */
const leafOf = (commitment: bigint) => (commitment === 0n ? 0n : memberLeaf(commitment));

/**
 * The member tree: a @zk-kit/lean-imt LeanIMT with Poseidon(2) over the leaves memberLeaf(C) =
 * Poseidon(C) of the registered identity commitments C, the same tree (same root for the same
 * commitments in the same order) as ParticipantRegistry's @zk-kit/lean-imt.sol InternalLeanIMT,
 * which inserts PoseidonT2.hash([C]) and hashes with poseidon-solidity's PoseidonT3. Its API speaks
 * of commitments, as the registry's does; the hashed leaves are an internal matter (and `leaves`).
 */
export class MemberTree {
  private readonly tree: LeanIMT<bigint>;

  /**
   * The tree of these commitments, in registration order. A 0 entry is a removed member: its leaf
   * is 0, as the registry leaves it (src/sdk/tree.ts rebuilds the tree from events that way).
   */
  constructor(commitments: Iterable<bigint> = []) {
    this.tree = new LeanIMT<bigint>(hashPair, [...commitments].map(leafOf));
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

  /** The tree's leaves as the registry holds them: memberLeaf(C) for members, 0 for removed ones. */
  get leaves(): bigint[] {
    return this.tree.leaves;
  }

  /** Registers a commitment as the registry's stake does: appends the leaf memberLeaf(commitment). */
  insert(commitment: bigint): void {
    if (commitment === 0n) throw new ProofInputError("0 is not an identity commitment (the registry refuses it)");
    this.tree.insert(memberLeaf(commitment));
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
    const copy = new MemberTree();
    if (this.size > 0) copy.tree.insertMany(this.tree.leaves);
    return copy;
  }

  /** The leaf index of a commitment, or −1 when it is not (or no longer) in the tree. */
  indexOf(commitment: bigint): number {
    return this.tree.indexOf(memberLeaf(commitment));
  }

  has(commitment: bigint): boolean {
    return this.tree.has(memberLeaf(commitment));
  }

  /**
   * The path of a member's leaf memberLeaf(commitment), padded to maxDepth. Throws ProofInputError
   * when the commitment is not in the tree, or when the tree is deeper than the circuit's maxDepth.
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
    const index = this.indexOf(commitment);
    if (index < 0) {
      throw new ProofInputError(`identity commitment ${commitment} is not in the member tree (${this.size} members)`);
    }
    return index;
  }
}

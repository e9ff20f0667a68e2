import { expect } from "chai";
import { poseidon2 } from "poseidon-lite";

import { MemberTree, ProofInputError } from "../../src/zk";

describe("src/zk tree: MemberTree", () => {
  const H = (a: bigint, b: bigint) => poseidon2([a, b]);

  it("has LeanIMT's root: a lone right node is carried up unhashed", () => {
    // LeanIMT with leaves a, b, c: H(H(a, b), c). Solidity's InternalLeanIMT defines the same root.
    const tree = new MemberTree([11n, 22n, 33n]);
    expect(tree.root).to.equal(H(H(11n, 22n), 33n));
    expect(tree.depth).to.equal(2);
  });

  it("reports 0 as the root of an empty tree, as the contract does", () => {
    expect(new MemberTree().root).to.equal(0n);
  });

  it("pads a member's path to the circuit's depth and skips levels without a sibling", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    const path = tree.path(33n, 4);
    expect(path.depth).to.equal(1);
    expect(path.siblings).to.deep.equal([H(11n, 22n), 0n, 0n, 0n]);
    expect(path.index).to.equal(1);
    expect(path.root).to.equal(tree.root);
  });

  it("refuses a commitment that is not a member, and a tree deeper than the circuit", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    expect(() => tree.path(44n, 4)).to.throw(ProofInputError, /identity commitment 44 is not in the member tree \(3 members\)/);
    expect(() => tree.path(11n, 1)).to.throw(ProofInputError, /depth 2, the circuit supports at most 1/);
  });
});

import { expect } from "chai";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon1, poseidon2 } from "poseidon-lite";

import { Identity, MemberTree, ProofInputError, memberLeaf } from "../../src/zk";
import { GRD, deployProtocolWithMocks, identityCommitment, loadProtocol } from "../support/protocol";

describe("src/zk tree: MemberTree", () => {
  const H = (a: bigint, b: bigint) => poseidon2([a, b]);
  const [a, b, c] = [11n, 22n, 33n].map(memberLeaf);

  /** @zk-kit/lean-imt over the given leaf values, as the registry's InternalLeanIMT holds them. */
  const leanImtRoot = (leaves: bigint[]) => new LeanIMT<bigint>(H, leaves).root;

  it("hashes each commitment C into its leaf Poseidon(C), arity 1, and an identity's leaf is Poseidon(Poseidon(secret))", () => {
    expect(memberLeaf(11n)).to.equal(poseidon1([11n]));
    const identity = new Identity(12345n);
    expect(identity.leaf).to.equal(poseidon1([poseidon1([12345n])]));
    expect(identity.leaf).to.equal(memberLeaf(identity.commitment));
    expect(new MemberTree([11n, 22n, 33n]).leaves).to.deep.equal([a, b, c]);
  });

  it("has LeanIMT's root over the leaves: a lone right node is carried up unhashed", () => {
    // LeanIMT with leaves a, b, c: H(H(a, b), c). Solidity's InternalLeanIMT defines the same root.
    const tree = new MemberTree([11n, 22n, 33n]);
    expect(tree.root).to.equal(H(H(a, b), c));
    expect(tree.depth).to.equal(2);
  });

  it("equals @zk-kit/lean-imt over the memberLeaf values, for every size from 1 to 17", () => {
    const commitments = Array.from({ length: 17 }, (_, i) => BigInt(i + 1) * 7_919n);
    for (let size = 1; size <= commitments.length; size++) {
      const some = commitments.slice(0, size);
      expect(new MemberTree(some).root, `size ${size}`).to.equal(leanImtRoot(some.map(memberLeaf)));
    }
  });

  it("reports 0 as the root of an empty tree, as the contract does", () => {
    expect(new MemberTree().root).to.equal(0n);
  });

  it("keeps a 0 entry, a removed member, as a 0 leaf: the same tree as a removal", () => {
    const rebuilt = new MemberTree([11n, 0n, 33n]);
    expect(rebuilt.leaves).to.deep.equal([a, 0n, c]);
    expect(rebuilt.root).to.equal(H(H(a, 0n), c));
    const removed = new MemberTree([11n, 22n, 33n]);
    removed.remove(22n);
    expect(removed.leaves).to.deep.equal([a, 0n, c]);
    expect(removed.root).to.equal(rebuilt.root);
    expect(removed.has(22n)).to.equal(false);
  });

  it("finds members by their commitment, never by their leaf", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    expect(tree.has(22n)).to.equal(true);
    expect(tree.indexOf(22n)).to.equal(1);
    expect(tree.has(b)).to.equal(false);
    expect(tree.indexOf(b)).to.equal(-1);
  });

  it("pads a member's path to the circuit's depth, gives the hashed leaf, and skips levels without a sibling", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    const path = tree.path(33n, 4);
    expect(path.leaf).to.equal(c);
    expect(path.depth).to.equal(1);
    expect(path.siblings).to.deep.equal([H(a, b), 0n, 0n, 0n]);
    expect(path.index).to.equal(1);
    expect(path.root).to.equal(tree.root);
    expect(tree.siblings(11n)).to.deep.equal([b, c]);
  });

  it("refuses a commitment that is not a member, a tree deeper than the circuit, and 0 as a commitment", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    expect(() => tree.path(44n, 4)).to.throw(ProofInputError, /identity commitment 44 is not in the member tree \(3 members\)/);
    expect(() => tree.path(11n, 1)).to.throw(ProofInputError, /depth 2, the circuit supports at most 1/);
    expect(() => tree.insert(0n)).to.throw(ProofInputError, /0 is not an identity commitment/);
  });

  it("clones into an independent tree with the same leaves, zeros included", () => {
    const tree = new MemberTree([11n, 22n, 33n]);
    tree.remove(11n);
    const copy = tree.clone();
    expect(copy.leaves).to.deep.equal([0n, b, c]);
    copy.insert(44n);
    expect(tree.size).to.equal(3);
    expect(copy.root).to.equal(H(H(0n, b), H(c, memberLeaf(44n))));
    expect(new MemberTree().clone().root).to.equal(0n);
  });

  describe("against ParticipantRegistry", () => {
    it("has the registry's root after every stake and removal, built from the same commitments", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const members = p.users.slice(0, 6).map((user, i) => ({ user, commitment: identityCommitment(BigInt(i + 1) * 101n) }));
      const commitments: bigint[] = [];
      const expectSameRoot = async (when: string) => {
        expect(p.tree.root, when).to.equal(await p.registry.currentRoot());
        expect(new MemberTree(commitments).root, when).to.equal(await p.registry.currentRoot());
      };
      for (const { user, commitment } of members) {
        await p.registry.connect(user).stake(GRD(100), commitment);
        p.tree.insert(commitment);
        commitments.push(commitment);
        await expectSameRoot(`after ${commitments.length} stakes`);
        expect(await p.registry.indexOf(commitment)).to.equal(BigInt(p.tree.indexOf(commitment)));
      }
      for (const i of [1, 4, 5]) {
        await p.registry.connect(members[i].user).requestUnstake(p.tree.siblings(members[i].commitment));
        p.tree.remove(members[i].commitment);
        commitments[i] = 0n;
        await expectSameRoot(`after removing member ${i}`);
      }
    });
  });
});

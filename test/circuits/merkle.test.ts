import { expect } from "chai";
import { poseidon1 } from "poseidon-lite";

import { Identity, MemberTree } from "../../src/zk";
import { CircuitHarness, field } from "./harness";

/**
 * LeanIMTRoot, through Membership(1) and Membership(4): the roots it computes equal
 * @zk-kit/lean-imt's (src/zk MemberTree) at every depth from 0 to MAX_DEPTH, and the
 * under-constraint of zk-kit.circom#24 (a non-binary path index) does not exist here.
 */
describe("circuits/merkle.circom: LeanIMTRoot", () => {
  const SCOPE = 42n;
  const identities = Array.from({ length: 16 }, (_, i) => new Identity(BigInt(i + 1) * 1_000_003n));
  let d1: CircuitHarness;
  let d4: CircuitHarness;

  function input(identity: Identity, tree: MemberTree, maxDepth: number) {
    const path = tree.path(identity.commitment, maxDepth);
    return {
      input: {
        secret: identity.secret.toString(),
        depth: path.depth.toString(),
        index: path.index.toString(),
        siblings: path.siblings.map(String),
        scope: SCOPE.toString(),
      },
      path,
    };
  }

  async function expectRoot(circuit: CircuitHarness, members: number, maxDepth: number, member: number) {
    const tree = new MemberTree(identities.slice(0, members).map((m) => m.commitment));
    const { input: signals, path } = input(identities[member], tree, maxDepth);
    const witness = await circuit.witness(signals);
    expect(circuit.get(witness, "root")).to.equal(tree.root);
    return path.depth;
  }

  /** The unique wire whose name matches. */
  function wire(circuit: CircuitHarness, pattern: RegExp): string {
    const names = circuit.wiresMatching(pattern);
    expect(names, `wires matching ${pattern}`).to.have.length(1);
    return names[0];
  }

  before(async () => {
    d1 = await CircuitHarness.load("membership_d1");
    d4 = await CircuitHarness.load("membership_d4");
  });

  describe("depths", () => {
    it("a one-member tree has depth 0 and its root is the leaf Poseidon(Poseidon(secret)), on MAX_DEPTH 1 and 4", async () => {
      expect(await expectRoot(d1, 1, 1, 0)).to.equal(0);
      expect(await expectRoot(d4, 1, 4, 0)).to.equal(0);
      expect(new MemberTree([identities[0].commitment]).root).to.equal(poseidon1([poseidon1([identities[0].secret])]));
    });

    it("reaches the largest depth of Membership(1) with two members", async () => {
      expect(await expectRoot(d1, 2, 1, 0)).to.equal(1);
      expect(await expectRoot(d1, 2, 1, 1)).to.equal(1);
    });

    it("reaches the largest depth of Membership(4) with sixteen members, for every member", async () => {
      for (let member = 0; member < 16; member++) expect(await expectRoot(d4, 16, 4, member)).to.equal(4);
    });

    it("matches LeanIMT on unbalanced trees, where levels without a sibling are skipped", async () => {
      for (const members of [3, 5, 9, 11]) {
        for (let member = 0; member < members; member++) await expectRoot(d4, members, 4, member);
      }
    });

    it("refuses a depth above MAX_DEPTH", async () => {
      const tree = new MemberTree(identities.slice(0, 4).map((m) => m.commitment));
      const { input: signals } = input(identities[0], tree, 4);
      const error = await d4.witness({ ...signals, depth: "5" }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
    });
  });

  describe("malicious witnesses", () => {
    it("zk-kit.circom#24: a non-binary path bit that mixes a fake leaf into a real node breaks only the path-bit check", async () => {
      // The forgery of zk-kit.circom#24: with a free multiplexer selector s, a non-member leaf x and
      // sibling y = L + R − x give mux outputs x + s(y − x) = L and y + s(x − y) = R for
      // s = (L − x)/(y − x): the real level-0 pair of member 0, hence the real root.
      const tree = new MemberTree(identities.slice(0, 4).map((m) => m.commitment));
      const outsider = new Identity(777n);
      const [L, R] = [identities[0].leaf, identities[1].leaf];
      const x = outsider.leaf;
      const y = field.mod(L + R - x);
      const s = field.mod((L - x) * field.inv(y - x));

      const { input: real } = input(identities[0], tree, 4);
      const honest = await d4.witness(real);
      const outsiderWitness = await d4.witness({
        ...real,
        secret: outsider.secret.toString(),
        siblings: [y.toString(), ...real.siblings.slice(1)],
      });
      // The outsider's identity, leaf and nullifier wires, then the forged level 0 over the real tree.
      const fromOutsider = Object.fromEntries(
        d4
          .wiresMatching(/^(secret|commitment|leaf|nullifier|IdentityCommitment_|MemberLeaf_|Nullifier_)/)
          .map((name) => [name, d4.get(outsiderWitness, name)]),
      );
      const forged = d4.patch(honest, {
        ...fromOutsider,
        "siblings[0]": y,
        index: s,
        [wire(d4, /LeanIMTRoot_.*\.pathBits\[0\]$/)]: s,
      });
      expect(d4.get(forged, "root")).to.equal(tree.root);

      const violated = d4.violatedConstraints(forged);
      expect(violated).to.not.be.empty;
      for (const c of violated) expect(d4.wiresOf(c).some((w) => /\.pathBits\[|^index$/.test(w))).to.equal(true);
    });

    it("a wrong sibling cannot lead to the tree's root", async () => {
      const tree = new MemberTree(identities.slice(0, 16).map((m) => m.commitment));
      const { input: real } = input(identities[5], tree, 4);
      const honest = await d4.witness(real);
      const forged = d4.patch(honest, { "siblings[2]": d4.get(honest, "siblings[2]") + 1n });
      expect(d4.violatedConstraints(forged)).to.not.be.empty;
      // The witness generator, given the wrong sibling, reaches another root.
      const wrong = await d4.witness({
        ...real,
        siblings: real.siblings.map((v, i) => (i === 2 ? (BigInt(v) + 1n).toString() : v)),
      });
      expect(d4.get(wrong, "root")).to.not.equal(tree.root);
    });

    it("a depth outside 0..MAX_DEPTH cannot collapse the root to 0", async () => {
      const tree = new MemberTree(identities.slice(0, 4).map((m) => m.commitment));
      const honest = await d4.witness(input(identities[0], tree, 4).input);
      const zeroed: Record<string, bigint> = { depth: 7n, root: 0n };
      for (const name of d4.wiresMatching(/LeanIMTRoot_.*\.(isAtDepth|rootTerms)\[/)) zeroed[name] = 0n;
      for (const name of d4.wiresMatching(/LeanIMTRoot_.*\.IsEqual_.*\.isz\.inv$/)) zeroed[name] = 0n;
      // Make each IsEqual's inverse wire consistent with depth 7 (7 − level ≠ 0), so that only the
      // "exactly one depth" constraint can object.
      for (const name of d4.wiresMatching(/LeanIMTRoot_.*\.IsEqual_.*\[(\d+)\]\.isz\.inv$/)) {
        const level = BigInt(/\[(\d+)\]\.isz\.inv$/.exec(name)![1]);
        zeroed[name] = field.inv(7n - level);
      }
      const forged = d4.patch(honest, zeroed);
      expect(d4.violatedConstraints(forged)).to.not.be.empty;
    });
  });
});

import { expect } from "chai";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon1, poseidon2 } from "poseidon-lite";

import { Identity, MemberTree, NULLIFIER_DOMAIN, memberLeaf } from "../../src/zk";
import { CircuitHarness } from "./harness";

const MAX_DEPTH = 4;
const H = (a: bigint, b: bigint) => poseidon2([a, b]);

/** The witness input of Membership(4) for a secret and a LeanIMT path (unpadded siblings). */
function membershipInput(secret: bigint, path: { depth: number; index: number; siblings: bigint[] }, scope: bigint) {
  const siblings = [...path.siblings.slice(0, path.depth), ...Array<bigint>(MAX_DEPTH - path.depth).fill(0n)];
  return {
    secret: secret.toString(),
    depth: path.depth.toString(),
    index: path.index.toString(),
    siblings: siblings.map(String),
    scope: scope.toString(),
  };
}

/** Membership(4): identity commitment, member leaf, member-tree root and the domain-separated nullifier. */
describe("circuits/membership.circom: Membership(4)", () => {
  const identities = Array.from({ length: 6 }, (_, i) => new Identity(BigInt(i + 1) * 65_537n));
  const tree = new MemberTree(identities.map((m) => m.commitment));
  let circuit: CircuitHarness;

  const input = (identity: Identity, scope: bigint) =>
    membershipInput(identity.secret, tree.path(identity.commitment, MAX_DEPTH), scope);

  before(async () => {
    circuit = await CircuitHarness.load("membership_d4");
  });

  it("commits to Poseidon(secret) and proves the leaf Poseidon(Poseidon(secret)), the value the registry inserts", async () => {
    const witness = await circuit.witness(input(identities[2], 1n));
    expect(circuit.get(witness, "commitment")).to.equal(poseidon1([identities[2].secret]));
    expect(circuit.get(witness, "commitment")).to.equal(identities[2].commitment);
    expect(circuit.get(witness, "leaf")).to.equal(poseidon1([poseidon1([identities[2].secret])]));
    expect(circuit.get(witness, "leaf")).to.equal(memberLeaf(identities[2].commitment));
    expect(tree.leaves[2]).to.equal(circuit.get(witness, "leaf"));
  });

  it("outputs the tree root and Poseidon(NULLIFIER_DOMAIN, scope, secret)", async () => {
    const witness = await circuit.witness(input(identities[4], 99n));
    expect(circuit.get(witness, "root")).to.equal(tree.root);
    expect(circuit.get(witness, "nullifier")).to.equal(identities[4].nullifier(99n));
  });

  it("uses the domain tag of the ASCII string guardians.nullifier", () => {
    expect(NULLIFIER_DOMAIN.toString(16)).to.equal(Buffer.from("guardians.nullifier").toString("hex"));
  });

  it("gives one member one nullifier per scope, and different members different nullifiers", async () => {
    const nullifier = async (member: number, scope: bigint) =>
      circuit.get(await circuit.witness(input(identities[member], scope)), "nullifier");
    expect(await nullifier(0, 5n)).to.equal(await nullifier(0, 5n));
    expect(await nullifier(0, 5n)).to.not.equal(await nullifier(0, 6n));
    expect(await nullifier(0, 5n)).to.not.equal(await nullifier(1, 5n));
  });

  describe("malicious witnesses", () => {
    it("a nullifier of another scope (a replay into this round) breaks the nullifier hash", async () => {
      const witness = await circuit.witness(input(identities[1], 10n));
      const forged = circuit.patch(witness, { nullifier: identities[1].nullifier(11n) });
      expect(circuit.violatedConstraints(forged)).to.not.be.empty;
    });

    it("another member's commitment, leaf and path, with one's own secret and nullifier, breaks only the commitment hash", async () => {
      // An outsider takes member 0's whole path, leaf and commitment, and keeps its own secret and
      // nullifier: everything is consistent except commitment = Poseidon(secret).
      const outsider = new Identity(424_242n);
      const member = await circuit.witness(input(identities[0], 10n));
      const own = await circuit.witness(membershipInput(outsider.secret, tree.path(identities[1].commitment, MAX_DEPTH), 10n));
      const fromOutsider = Object.fromEntries(
        circuit.wiresMatching(/^(secret|nullifier|Nullifier_)/).map((name) => [name, circuit.get(own, name)]),
      );
      const forged = circuit.patch(member, fromOutsider);
      expect(circuit.get(forged, "root")).to.equal(tree.root);
      const violated = circuit.violatedConstraints(forged);
      expect(violated).to.not.be.empty;
      for (const c of violated) expect(circuit.wiresOf(c).some((w) => /^IdentityCommitment_|^secret$/.test(w))).to.equal(true);
    });
  });

  /**
   * Issue #13, finding 1: an attacker stakes once with C = the root of its own Poseidon(2) tree over
   * several secrets, then proves membership for each secret through a path that passes through C,
   * one nullifier per secret. The registry now inserts P1(C), so C's place in the tree holds a
   * Poseidon(1) output, and no path whose nodes are Poseidon(2) outputs can go through it.
   */
  describe("a commitment that is the root of the attacker's own tree (issue #13)", () => {
    // Four honest members, then the attacker's commitment C at index 4: its leaf P1(C) is a lone
    // node carried up two levels, so its only sibling is s0 = H(H(l0, l1), H(l2, l3)).
    const honest = identities.slice(0, 4);
    const attackerSecrets = [1_001n, 1_002n, 1_003n, 1_004n];

    /** The attacker's subtree over the given leaf values, its root C, and the registry tree with C. */
    function attack(subtreeLeaves: bigint[]) {
      const subtree = new LeanIMT<bigint>(H, subtreeLeaves);
      const C = subtree.root;
      const registry = new MemberTree([...honest.map((m) => m.commitment), C]);
      /** The attacker's path for secret j: through its subtree up to C, then C's path in the registry. */
      const extendedPath = (j: number, registryPath = registry.path(C, MAX_DEPTH)) => {
        const below = subtree.generateProof(j);
        return {
          depth: below.siblings.length + registryPath.depth,
          index: below.index + (registryPath.index << below.siblings.length),
          siblings: [...below.siblings, ...registryPath.siblings.slice(0, registryPath.depth)],
        };
      };
      return { subtree, C, registry, extendedPath };
    }

    // The two subtrees an attacker would build: over P1(s_j), the shape of the old leaves, and
    // over P1(P1(s_j)), the shape of the new ones.
    const overCommitments = attack(attackerSecrets.map((s) => poseidon1([s])));
    const overLeaves = attack(attackerSecrets.map((s) => memberLeaf(poseidon1([s]))));

    it("the registry holds P1(C), a Poseidon(1) output, where the attacker's C was registered", () => {
      expect(overLeaves.registry.leaves[4]).to.equal(memberLeaf(overLeaves.C));
      expect(overLeaves.registry.leaves[4]).to.not.equal(overLeaves.C);
      expect(overLeaves.registry.path(overLeaves.C, MAX_DEPTH).siblings[0]).to.equal(
        H(H(honest[0].leaf, honest[1].leaf), H(honest[2].leaf, honest[3].leaf)),
      );
    });

    it("over P1(s_j) leaves, the honest witness of every secret's extended path misses the registry's root", async () => {
      const { registry, extendedPath } = overCommitments;
      for (const [j, secret] of attackerSecrets.entries()) {
        const witness = await circuit.witness(membershipInput(secret, extendedPath(j), 7n));
        expect(circuit.get(witness, "root"), `secret ${j}`).to.not.equal(registry.root);
      }
    });

    it("over P1(P1(s_j)) leaves, the extended path climbs to C and then misses the registry's root, which holds P1(C)", async () => {
      const { C, registry, extendedPath } = overLeaves;
      for (const [j, secret] of attackerSecrets.entries()) {
        const witness = await circuit.witness(membershipInput(secret, extendedPath(j), 7n));
        expect(circuit.get(witness, `${leanImtRoot()}.nodes[2]`)).to.equal(C);
        expect(circuit.get(witness, "root"), `secret ${j}`).to.not.equal(registry.root);
      }
    });

    it("over P1(P1(s_j)) leaves, the same paths would reach a registry that inserted C as it is: the registry's hash is needed", async () => {
      const { C, extendedPath } = overLeaves;
      const raw = new LeanIMT<bigint>(H, [...honest.map((m) => m.commitment), C]);
      const rawPath = raw.generateProof(4);
      expect(rawPath.siblings).to.have.length(1);
      const registryPath = { root: raw.root, leaf: C, depth: 1, index: rawPath.index, siblings: rawPath.siblings };
      const nullifiers = new Set<bigint>();
      for (const [j, secret] of attackerSecrets.entries()) {
        const witness = await circuit.witness(membershipInput(secret, extendedPath(j, registryPath), 7n));
        expect(circuit.get(witness, "root"), `secret ${j}`).to.equal(raw.root);
        nullifiers.add(circuit.get(witness, "nullifier"));
      }
      expect(nullifiers.size).to.equal(attackerSecrets.length);
    });

    describe("malicious witnesses that claim the registry's root", () => {
      /**
       * The attacker's honest witness for secret 0 (levels 0 and 1 climb its subtree to C = nodes[2])
       * with levels 2 and 3 taken from honest member 0's witness, which hashes (s0, P1(C)) at level 2
       * and reaches the registry's root: every wire above level 2 is that of the real root.
       */
      async function splice() {
        const { registry, extendedPath } = overLeaves;
        const attacker = await circuit.witness(membershipInput(attackerSecrets[0], extendedPath(0), 7n));
        const member = await circuit.witness(
          membershipInput(honest[0].secret, registry.path(honest[0].commitment, MAX_DEPTH), 7n),
        );
        expect(circuit.get(member, "root")).to.equal(registry.root);
        const prefix = leanImtRoot();
        const upper = new RegExp(
          `^${prefix}\\.(children\\[[23]\\]|nodes\\[[34]\\]|rootTerms\\[\\d\\]|Poseidon_\\d+_\\d+\\[[23]\\]\\.)`,
        );
        const fromMember = Object.fromEntries(
          [...circuit.wiresMatching(upper), "root"].map((name) => [name, circuit.get(member, name)]),
        );
        return { attacker, fromMember, prefix, registry };
      }

      it("keeping C as the node at level 2 but hashing P1(C) there breaks only the level-2 multiplexer", async () => {
        const { attacker, fromMember, prefix, registry } = await splice();
        const forged = circuit.patch(attacker, fromMember);
        expect(circuit.get(forged, "root")).to.equal(registry.root);
        expect(circuit.get(forged, `${prefix}.nodes[2]`)).to.equal(overLeaves.C);
        expect(circuit.get(forged, `${prefix}.children[2][1]`)).to.equal(memberLeaf(overLeaves.C));
        const violated = circuit.violatedConstraints(forged);
        expect(violated).to.not.be.empty;
        for (const c of violated) expect(circuit.wiresOf(c)).to.include(`${prefix}.children[2][1]`);
      });

      it("claiming P1(C) as the level-2 node breaks only the level-1 Poseidon(2): it would need P2(a, b) = P1(C)", async () => {
        const { attacker, fromMember, prefix, registry } = await splice();
        const forged = circuit.patch(attacker, { ...fromMember, [`${prefix}.nodes[2]`]: memberLeaf(overLeaves.C) });
        expect(circuit.get(forged, "root")).to.equal(registry.root);
        const violated = circuit.violatedConstraints(forged);
        expect(violated).to.not.be.empty;
        const levelOneHash = new RegExp(`^${prefix}\\.Poseidon_\\d+_\\d+\\[1\\]\\.`);
        for (const c of violated) {
          const wires = circuit.wiresOf(c);
          expect(wires).to.include(`${prefix}.nodes[2]`);
          expect(wires.some((w) => levelOneHash.test(w))).to.equal(true);
        }
      });
    });
  });

  /** The (generated) name of the LeanIMTRoot component of Membership(4). */
  function leanImtRoot(): string {
    const names = circuit.wiresMatching(/^LeanIMTRoot_\d+_\d+\.nodes\[1\]$/);
    expect(names).to.have.length(1);
    return names[0].replace(/\.nodes\[1\]$/, "");
  }
});

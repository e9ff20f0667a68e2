import { expect } from "chai";
import { poseidon1 } from "poseidon-lite";

import { Identity, MemberTree, NULLIFIER_DOMAIN } from "../../src/zk";
import { CircuitHarness } from "./harness";

/** Membership(4): identity commitment, member-tree root and the domain-separated nullifier. */
describe("circuits/membership.circom: Membership(4)", () => {
  const identities = Array.from({ length: 6 }, (_, i) => new Identity(BigInt(i + 1) * 65_537n));
  const tree = new MemberTree(identities.map((m) => m.commitment));
  let circuit: CircuitHarness;

  const input = (identity: Identity, scope: bigint) => {
    const path = tree.path(identity.commitment, 4);
    return {
      secret: identity.secret.toString(),
      depth: path.depth.toString(),
      index: path.index.toString(),
      siblings: path.siblings.map(String),
      scope: scope.toString(),
    };
  };

  before(async () => {
    circuit = await CircuitHarness.load("membership_d4");
  });

  it("registers Poseidon(secret) as the identity commitment, as poseidon-lite's poseidon1 computes it", async () => {
    const witness = await circuit.witness(input(identities[2], 1n));
    expect(circuit.get(witness, "commitment")).to.equal(poseidon1([identities[2].secret]));
    expect(identities[2].commitment).to.equal(poseidon1([identities[2].secret]));
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

    it("another member's commitment as the leaf, without their secret, breaks the commitment hash", async () => {
      const witness = await circuit.witness(input(identities[1], 10n));
      const forged = circuit.patch(witness, { commitment: identities[0].commitment });
      expect(circuit.violatedConstraints(forged)).to.not.be.empty;
    });
  });
});

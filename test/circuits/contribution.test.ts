import { expect } from "chai";
import fs from "node:fs";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon1, poseidon2 } from "poseidon-lite";

import { KEYS_MANIFEST } from "../../src/zk/pipeline/build";
import {
  Identity,
  MemberTree,
  buildContributionInput,
  contributionCircuit,
  memberLeaf,
  roundScope,
  sumOfSquares,
} from "../../src/zk";
import { CircuitHarness } from "./harness";

/** Contribution(32, 16, 16), the circuit the contracts verify. */
describe("circuits/contribution.circom: Contribution(32, 16, 16)", () => {
  const circuit = contributionCircuit();
  const members = Array.from({ length: 5 }, (_, i) => new Identity(BigInt(i + 3) * 104_729n));
  const update = Array.from({ length: circuit.n }, (_, i) => BigInt((i % 2 ? -1 : 1) * i * 1000));
  const request = {
    identity: members[2],
    tree: new MemberTree(members.map((m) => m.commitment)),
    update,
    salt: 42n,
    roundScope: roundScope(1n, "0x000000000000000000000000000000000000dEaD", 3n),
    l2BoundSq: sumOfSquares(update) + 5n,
    recipient: "0x1111111111111111111111111111111111111111",
  };
  let harness: CircuitHarness;

  before(async () => {
    harness = await CircuitHarness.load(circuit.name);
  });

  it("exposes [root, nullifier, updateCommitment, roundScope, l2BoundSq, recipient], IContributionVerifier's order", () => {
    const keys = JSON.parse(fs.readFileSync(KEYS_MANIFEST, "utf8")) as Record<string, { publicSignals: string[] }>;
    expect(keys[circuit.name].publicSignals).to.deep.equal([
      "root",
      "nullifier",
      "updateCommitment",
      "roundScope",
      "l2BoundSq",
      "recipient",
    ]);
  });

  it("outputs the root, nullifier and update commitment that src/zk computes", async () => {
    const { input, signals } = buildContributionInput(request, circuit);
    const witness = await harness.witness(input);
    expect(harness.get(witness, "root")).to.equal(signals.root);
    expect(harness.get(witness, "nullifier")).to.equal(signals.nullifier);
    expect(harness.get(witness, "updateCommitment")).to.equal(signals.updateCommitment);
    expect(harness.violatedConstraints(witness)).to.deep.equal([]);
  });

  it("proves the leaf Poseidon(Poseidon(secret)) in a LeanIMT over the registry's leaves, Poseidon of each commitment", async () => {
    const { input } = buildContributionInput(request, circuit);
    const witness = await harness.witness(input);
    const [leaf] = harness.wiresMatching(/^Membership_\d+_\d+\.leaf$/);
    expect(harness.get(witness, leaf)).to.equal(poseidon1([poseidon1([members[2].secret])]));
    const registryLeaves = members.map((m) => memberLeaf(m.commitment));
    const H = (a: bigint, b: bigint) => poseidon2([a, b]);
    expect(harness.get(witness, "root")).to.equal(new LeanIMT<bigint>(H, registryLeaves).root);
  });

  it("gives no secret under an attacker's commitment (the root of its own tree) a path to the member-tree root", async () => {
    // Issue #13: C = the root of the attacker's tree over its secrets' leaves, registered as one
    // identity; the registry holds P1(C), so the path up through C reaches another root.
    const H = (a: bigint, b: bigint) => poseidon2([a, b]);
    const secrets = [7_001n, 7_002n];
    const subtree = new LeanIMT<bigint>(
      H,
      secrets.map((s) => memberLeaf(poseidon1([s]))),
    );
    const tree = new MemberTree([...members.map((m) => m.commitment), subtree.root]);
    const above = tree.path(subtree.root, circuit.depth);
    const { input } = buildContributionInput({ ...request, tree }, circuit);
    for (const [j, secret] of secrets.entries()) {
      const below = subtree.generateProof(j);
      const depth = below.siblings.length + above.depth;
      const siblings = [...below.siblings, ...above.siblings.slice(0, above.depth)];
      const witness = await harness.witness({
        ...input,
        secret: secret.toString(),
        depth: depth.toString(),
        index: (below.index + (above.index << below.siblings.length)).toString(),
        siblings: [...siblings, ...Array<bigint>(circuit.depth - depth).fill(0n)].map(String),
      });
      expect(harness.get(witness, "root"), `secret ${j}`).to.not.equal(tree.root);
    }
  });

  it("binds the recipient: a front-runner's recipient breaks the recipient constraint", async () => {
    const { input } = buildContributionInput(request, circuit);
    const witness = await harness.witness(input);
    const forged = harness.patch(witness, { recipient: BigInt("0x2222222222222222222222222222222222222222") });
    const violated = harness.violatedConstraints(forged);
    expect(violated).to.have.length(1);
    expect(harness.wiresOf(violated[0])).to.include.members(["recipient", "recipientSquare"]);
  });

  it("binds the round: the nullifier of another round's scope breaks the nullifier hash", async () => {
    const { input } = buildContributionInput(request, circuit);
    const witness = await harness.witness(input);
    const otherRound = roundScope(1n, "0x000000000000000000000000000000000000dEaD", 4n);
    const forged = harness.patch(witness, { roundScope: otherRound });
    expect(harness.violatedConstraints(forged)).to.not.be.empty;
  });

  it("stays within 2^13 constraints, the budget of the shared test setup", () => {
    const keys = JSON.parse(fs.readFileSync(KEYS_MANIFEST, "utf8")) as Record<string, { constraints: number }>;
    expect(keys[circuit.name].constraints + 6).to.be.at.most(8192);
  });
});

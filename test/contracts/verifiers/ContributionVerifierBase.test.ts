import { expect } from "chai";
import fs from "node:fs";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { circuitPaths } from "../../../src/zk/pipeline/manifest";
import { VerificationKey, releaseSnarkjsWorkers, snark } from "../../../src/zk/pipeline/snarkjs";
import type { ContributionN32B16D16Verifier } from "../../../typechain-types";
import { ContributionCalldata, Identity, MemberTree, contributionCircuit, roundScope } from "../../../src/zk";
import { proveContribution } from "../../../src/zk/prover";
import { SCALAR_FIELD } from "../../support/protocol";

/** The BN254 base field modulus: curve coordinates are below it. */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const SIGNALS = ["root", "nullifier", "updateCommitment", "roundScope", "l2BoundSq", "recipient"] as const;
/** verifyRoundProof's signals, as positions among the six. */
const PROOF_SIGNALS = [0, 1, 2, 5];

type Signals = ContributionCalldata["pubSignals"];

/**
 * ContributionVerifierBase through the generated ContributionN32B16D16Verifier, against real proofs:
 * it agrees with snarkjs's own verifier, the round-folded path agrees with the full one, and every
 * input that is not canonical is rejected rather than reduced.
 */
describe("ContributionVerifierBase (ContributionN32B16D16Verifier)", () => {
  const circuit = contributionCircuit();
  const vkey = JSON.parse(fs.readFileSync(circuitPaths(circuit.name).vkey, "utf8")) as VerificationKey;

  async function deployAndProve() {
    const verifier = (await ethers.deployContract("ContributionN32B16D16Verifier")) as unknown as ContributionN32B16D16Verifier;
    const members = [11n, 12n, 13n].map((s) => new Identity(s * 104729n));
    const tree = new MemberTree(members.map((m) => m.commitment));
    const update = Array.from({ length: circuit.n }, (_, i) => BigInt((i % 9) - 4));
    const proof = await proveContribution({
      identity: members[1],
      tree,
      update,
      salt: 987654321n,
      roundScope: roundScope(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 3n),
      l2BoundSq: 5_000n,
      recipient: "0x00000000000000000000000000000000000000bB",
    });
    return { verifier, proof };
  }

  const proofSignals = (s: Signals): [bigint, bigint, bigint, bigint] => [s[0], s[1], s[2], s[5]];

  /** Registers a round's point, as RoundManager.openRound does, and returns it. */
  async function registeredPoint(verifier: ContributionN32B16D16Verifier, scope: bigint, bound: bigint) {
    await (await verifier.registerRoundPoint(scope, bound)).wait();
    return verifier.roundPoint(scope, bound);
  }

  async function verifyBothWays(verifier: ContributionN32B16D16Verifier, c: ContributionCalldata, signals: Signals) {
    const full = await verifier.verifyProof(c.pA, c.pB, c.pC, signals);
    const point = await registeredPoint(verifier, signals[3] % SCALAR_FIELD, signals[4] % SCALAR_FIELD);
    const folded = await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1]], proofSignals(signals));
    return { full, folded };
  }

  after(releaseSnarkjsWorkers);

  it("accepts a real proof through verifyProof and through verifyRoundProof with its round's point", async () => {
    const { verifier, proof } = await loadFixture(deployAndProve);
    expect(await snark.groth16.verify(vkey, proof.publicSignals, proof.proof)).to.equal(true);
    expect(await verifyBothWays(verifier, proof.calldata, proof.calldata.pubSignals)).to.deep.equal({ full: true, folded: true });
  });

  for (const [index, name] of SIGNALS.entries()) {
    it(`rejects the proof once "${name}" changes, as snarkjs does, on both paths`, async () => {
      const { verifier, proof } = await loadFixture(deployAndProve);
      const tampered = [...proof.calldata.pubSignals] as Signals;
      tampered[index] += 1n;
      const publicSignals = tampered.map(String);
      expect(await snark.groth16.verify(vkey, publicSignals, proof.proof)).to.equal(false);
      expect(await verifyBothWays(verifier, proof.calldata, tampered)).to.deep.equal({ full: false, folded: false });
    });

    it(`rejects "${name}" + r, which the curve arithmetic alone would accept as "${name}"`, async () => {
      const { verifier, proof } = await loadFixture(deployAndProve);
      const c = proof.calldata;
      const aliased = [...c.pubSignals] as Signals;
      aliased[index] += SCALAR_FIELD;
      expect(await verifier.verifyProof(c.pA, c.pB, c.pC, aliased)).to.equal(false);
      const position = PROOF_SIGNALS.indexOf(index);
      if (position >= 0) {
        const point = await verifier.roundPoint(c.pubSignals[3], c.pubSignals[4]);
        const signals = proofSignals(c.pubSignals);
        signals[position] += SCALAR_FIELD;
        expect(await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1]], signals)).to.equal(false);
      } else {
        await expect(verifier.roundPoint(aliased[3], aliased[4]))
          .to.be.revertedWithCustomError(verifier, "ContributionVerifierRoundSignalNotInField")
          .withArgs(aliased[3], aliased[4]);
      }
    });
  }

  it("rejects the proof against another round's point", async () => {
    const { verifier, proof } = await loadFixture(deployAndProve);
    const c = proof.calldata;
    for (const [scope, bound] of [
      [c.pubSignals[3] + 1n, c.pubSignals[4]],
      [c.pubSignals[3], c.pubSignals[4] + 1n],
    ]) {
      const point = await registeredPoint(verifier, scope, bound);
      expect(await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1]], proofSignals(c.pubSignals))).to.equal(false);
    }
  });

  it("accepts a real proof through verifyRoundProof only once its round's point is registered", async () => {
    const { verifier, proof } = await loadFixture(deployAndProve);
    const c = proof.calldata;
    const point = await verifier.roundPoint(c.pubSignals[3], c.pubSignals[4]);
    expect(await verifier.isRegisteredRoundPoint([point[0], point[1]])).to.equal(false);
    expect(await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1]], proofSignals(c.pubSignals))).to.equal(false);
    await expect(verifier.registerRoundPoint(c.pubSignals[3], c.pubSignals[4]))
      .to.emit(verifier, "RoundPointRegistered")
      .withArgs(c.pubSignals[3], c.pubSignals[4], [point[0], point[1]]);
    expect(await verifier.isRegisteredRoundPoint([point[0], point[1]])).to.equal(true);
    expect(await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1]], proofSignals(c.pubSignals))).to.equal(true);
    await expect(verifier.registerRoundPoint(c.pubSignals[3], c.pubSignals[4])).not.to.emit(verifier, "RoundPointRegistered");
  });

  it("refuses the forgery a caller-chosen point allows (X = O, A = α, B = β, C = O), which satisfies the pairing equation", async () => {
    const { verifier } = await loadFixture(deployAndProve);
    const alpha = (vkey.vk_alpha_1 as string[]).slice(0, 2).map(BigInt) as [bigint, bigint];
    const beta = vkey.vk_beta_2 as string[][];
    // The precompile's G2 order: imaginary part first.
    const pB: ContributionCalldata["pB"] = [
      [BigInt(beta[0][1]), BigInt(beta[0][0])],
      [BigInt(beta[1][1]), BigInt(beta[1][0])],
    ];
    const infinity: [bigint, bigint] = [0n, 0n];
    // What verifyRoundProof would check without the registration: e(−α, β)·e(α, β)·e(O, γ)·e(O, δ) = 1.
    const gamma = vkey.vk_gamma_2 as string[][];
    const delta = vkey.vk_delta_2 as string[][];
    const g2 = (p: string[][]) => [BigInt(p[0][1]), BigInt(p[0][0]), BigInt(p[1][1]), BigInt(p[1][0])];
    const words = [
      alpha[0],
      BASE_FIELD - alpha[1],
      ...g2(beta),
      ...alpha,
      ...g2(beta),
      0n,
      0n,
      ...g2(gamma),
      0n,
      0n,
      ...g2(delta),
    ];
    const pairing = await ethers.provider.call({
      to: "0x0000000000000000000000000000000000000008",
      data: ethers.concat(words.map((w) => ethers.toBeHex(w, 32))),
    });
    expect(BigInt(pairing), "the forged tuple satisfies the pairing equation").to.equal(1n);
    expect(await verifier.verifyRoundProof(alpha, pB, infinity, infinity, [0n, 0n, 0n, 0n])).to.equal(false);
  });

  it("folds nothing but IC0 for round signals of zero", async () => {
    const { verifier } = await loadFixture(deployAndProve);
    const ic0 = (vkey.IC as string[][])[0];
    expect(await verifier.roundPoint(0n, 0n)).to.deep.equal([BigInt(ic0[0]), BigInt(ic0[1])]);
  });

  it("rejects a round point that is not on the curve", async () => {
    const { verifier, proof } = await loadFixture(deployAndProve);
    const c = proof.calldata;
    const point = await registeredPoint(verifier, c.pubSignals[3], c.pubSignals[4]);
    expect(await verifier.verifyRoundProof(c.pA, c.pB, c.pC, [point[0], point[1] + 1n], proofSignals(c.pubSignals))).to.equal(
      false,
    );
  });

  it("rejects A with a non-canonical y (y + q encodes the same point)", async () => {
    const { verifier, proof } = await loadFixture(deployAndProve);
    const c = proof.calldata;
    const pA: [bigint, bigint] = [c.pA[0], c.pA[1] + BASE_FIELD];
    expect(await verifier.verifyProof(pA, c.pB, c.pC, c.pubSignals)).to.equal(false);
  });

  for (const [name, edit] of [
    ["A is changed", (c: ContributionCalldata) => ({ ...c, pA: [c.pA[0], c.pA[1] + 1n] as [bigint, bigint] })],
    ["A is the point at infinity", (c: ContributionCalldata) => ({ ...c, pA: [0n, 0n] as [bigint, bigint] })],
    [
      "B is changed",
      (c: ContributionCalldata) => ({
        ...c,
        pB: [[c.pB[0][0], c.pB[0][1] + 1n], c.pB[1]] as ContributionCalldata["pB"],
      }),
    ],
    ["C is changed", (c: ContributionCalldata) => ({ ...c, pC: [c.pC[0], c.pC[1] + 1n] as [bigint, bigint] })],
    ["A and C are swapped", (c: ContributionCalldata) => ({ ...c, pA: c.pC, pC: c.pA })],
  ] as const) {
    it(`rejects the proof when ${name}, on both paths`, async () => {
      const { verifier, proof } = await loadFixture(deployAndProve);
      const c = edit(proof.calldata);
      expect(await verifyBothWays(verifier, c, c.pubSignals)).to.deep.equal({ full: false, folded: false });
    });
  }
});

import { expect } from "chai";
import fs from "node:fs";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon1, poseidon2, poseidon3 } from "poseidon-lite";

import { circuitPaths } from "../../../src/zk/pipeline/manifest";
import { snark, releaseSnarkjsWorkers, type VerificationKey } from "../../../src/zk/pipeline/snarkjs";

/**
 * The pipeline end to end: a proof made in TypeScript with snarkjs for a circuit of the manifest,
 * checked against the verification key zk:build exported from the same proving key. Membership has no
 * Solidity verifier (no contract checks a bare membership proof; snarkjs's Solidity template is GPL):
 * the Solidity side of the pipeline is tested on the Contribution verifier (test/contracts/verifiers).
 */
describe("ZK pipeline: membership_d4 proof on its verification key", () => {
  const NULLIFIER_DOMAIN = BigInt("0x" + Buffer.from("guardians.nullifier").toString("hex"));
  const paths = circuitPaths("membership_d4");

  async function proveMembership() {
    const vkey = JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as VerificationKey;
    const secrets = [11n, 22n, 33n, 44n, 55n];
    const tree = new LeanIMT((a: bigint, b: bigint) => poseidon2([a, b]));
    // The registry's leaf for a secret s: Poseidon(commitment) = Poseidon(Poseidon(s)).
    for (const s of secrets) tree.insert(poseidon1([poseidon1([s])]));
    const member = 2;
    const merkle = tree.generateProof(member);
    const scope = 424242n;
    const siblings = [...merkle.siblings, ...Array(4 - merkle.siblings.length).fill(0n)];
    const { proof, publicSignals } = await snark.groth16.fullProve(
      { secret: secrets[member], depth: merkle.siblings.length, index: merkle.index, siblings, scope },
      paths.wasm,
      paths.zkey,
    );
    return {
      vkey,
      proof,
      publicSignals,
      expected: { root: tree.root, nullifier: poseidon3([NULLIFIER_DOMAIN, scope, secrets[member]]), scope },
    };
  }

  after(releaseSnarkjsWorkers);

  it("outputs the LeanIMT root and the domain-separated nullifier that TypeScript computes", async () => {
    const { publicSignals, expected } = await loadFixture(proveMembership);
    expect(publicSignals.map(BigInt)).to.deep.equal([expected.root, expected.nullifier, expected.scope]);
  });

  it("is accepted by the circuit's verification key", async () => {
    const { vkey, proof, publicSignals } = await loadFixture(proveMembership);
    expect(await snark.groth16.verify(vkey, publicSignals, proof)).to.equal(true);
  });

  for (const [index, name] of ["root", "nullifier", "scope"].entries()) {
    it(`is rejected once the public signal "${name}" is changed`, async () => {
      const { vkey, proof, publicSignals } = await loadFixture(proveMembership);
      const tampered = [...publicSignals];
      tampered[index] = (BigInt(tampered[index]) + 1n).toString();
      expect(await snark.groth16.verify(vkey, tampered, proof)).to.equal(false);
    });
  }
});

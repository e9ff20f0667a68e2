import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon1, poseidon2, poseidon3 } from "poseidon-lite";

import { circuitPaths } from "../../../src/zk/pipeline/manifest";
import { snark, releaseSnarkjsWorkers } from "../../../src/zk/pipeline/snarkjs";
import type { MembershipD4Verifier } from "../../../typechain-types";

/**
 * The pipeline end to end: a proof made in TypeScript with snarkjs for a circuit of the manifest,
 * checked by the Solidity verifier that zk:build generated from the same key.
 */
describe("ZK pipeline: membership_d4 proof on its generated verifier", () => {
  const NULLIFIER_DOMAIN = BigInt("0x" + Buffer.from("guardians.nullifier").toString("hex"));
  const paths = circuitPaths("membership_d4");

  async function deployVerifierWithProof() {
    const verifier = (await ethers.deployContract("MembershipD4Verifier")) as unknown as MembershipD4Verifier;
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
    const calldata = JSON.parse(`[${await snark.groth16.exportSolidityCallData(proof, publicSignals)}]`) as [
      [bigint, bigint],
      [[bigint, bigint], [bigint, bigint]],
      [bigint, bigint],
      [bigint, bigint, bigint],
    ];
    return {
      verifier,
      calldata,
      publicSignals,
      expected: { root: tree.root, nullifier: poseidon3([NULLIFIER_DOMAIN, scope, secrets[member]]), scope },
    };
  }

  after(releaseSnarkjsWorkers);

  it("outputs the LeanIMT root and the domain-separated nullifier that TypeScript computes", async () => {
    const { publicSignals, expected } = await loadFixture(deployVerifierWithProof);
    expect(publicSignals.map(BigInt)).to.deep.equal([expected.root, expected.nullifier, expected.scope]);
  });

  it("is accepted by the generated Solidity verifier", async () => {
    const { verifier, calldata } = await loadFixture(deployVerifierWithProof);
    expect(await verifier.verifyProof(...calldata)).to.equal(true);
  });

  for (const [index, name] of ["root", "nullifier", "scope"].entries()) {
    it(`is rejected once the public signal "${name}" is changed`, async () => {
      const { verifier, calldata } = await loadFixture(deployVerifierWithProof);
      const [a, b, c, signals] = calldata;
      const tampered = [...signals] as typeof signals;
      tampered[index] = BigInt(tampered[index]) + 1n;
      expect(await verifier.verifyProof(a, b, c, tampered)).to.equal(false);
    });
  }
});

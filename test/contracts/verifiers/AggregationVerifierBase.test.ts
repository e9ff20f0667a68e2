import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { releaseSnarkjsWorkers } from "../../../src/zk/pipeline/snarkjs";
import type { AggregationK16N32B16H5Verifier, AggregationK8N32B16H5Verifier } from "../../../typechain-types";
import { Opening, updateCommitment } from "../../../src/zk";
import { AggregationCalldata, aggregationCircuit, proveAggregation } from "../../../src/zk/aggregation-prover";
import { SCALAR_FIELD } from "../../support/protocol";

/** The BN254 base field modulus: curve coordinates are below it. */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

type Verifier = AggregationK8N32B16H5Verifier | AggregationK16N32B16H5Verifier;

/**
 * AggregationVerifierBase through the generated AggregationK8N32B16H5Verifier and
 * AggregationK16N32B16H5Verifier, against real proofs made by src/zk proveAggregation: a proof
 * verifies with the round's k commitments (the verifier pads them with 0), and every tampered or
 * non-canonical input is rejected rather than reduced.
 */
describe("AggregationVerifierBase (AggregationK8N32B16H5Verifier, AggregationK16N32B16H5Verifier)", () => {
  function roundOf(circuitName: string, k: number, weights: bigint[]) {
    const circuit = aggregationCircuit(circuitName);
    const openings: Opening[] = Array.from({ length: k }, (_, c) => ({
      update: Array.from({ length: circuit.n }, (_, j) => BigInt(((c + 3) * 104729 * (j + 1)) % 65536) - 32768n),
      salt: 777n + BigInt(c),
    }));
    return { circuit, commitments: openings.map((o) => updateCommitment(o.update, o.salt, circuit)), openings, weights };
  }

  /** The demo's round: five contributions on K = 8, the fourth left out. */
  async function fiveOfEight() {
    const verifier = (await ethers.deployContract("AggregationK8N32B16H5Verifier")) as unknown as AggregationK8N32B16H5Verifier;
    const { circuit, ...round } = roundOf("aggregation_k8_n32_b16_h5", 5, [3n, 1n, 4n, 0n, 5n]);
    const proof = await proveAggregation({ ...round, openings: round.openings.map((o, i) => (i === 3 ? null : o)) }, { circuit });
    return { verifier, calldata: proof.calldata };
  }

  /** K = 16 unit weights: the total 16 that H = 5 allows. */
  async function sixteenUnitWeights() {
    const verifier = (await ethers.deployContract("AggregationK16N32B16H5Verifier")) as unknown as AggregationK16N32B16H5Verifier;
    const { circuit, ...round } = roundOf("aggregation_k16_n32_b16_h5", 16, Array<bigint>(16).fill(1n));
    const proof = await proveAggregation(round, { circuit });
    return { verifier, calldata: proof.calldata };
  }

  const verify = (verifier: Verifier, c: AggregationCalldata) =>
    verifier.verifyAggregation(c.pA, c.pB, c.pC, c.aggregateCommitment, c.commitments, c.weights);

  after(releaseSnarkjsWorkers);

  it("reports the shape of its circuit: K, N, BITS and H", async () => {
    const { verifier } = await loadFixture(fiveOfEight);
    expect(
      await Promise.all([verifier.maxContributions(), verifier.updateLength(), verifier.valueBits(), verifier.headroom()]),
    ).to.deep.equal([8n, 32n, 16n, 5n]);
  });

  it("accepts a real proof of five contributions on K = 8, with the commitments unpadded or padded with zeros", async () => {
    const { verifier, calldata } = await loadFixture(fiveOfEight);
    expect(await verify(verifier, calldata)).to.equal(true);
    expect(await verify(verifier, { ...calldata, commitments: [...calldata.commitments, 0n, 0n, 0n] })).to.equal(true);
  });

  it("accepts a real proof of sixteen unit-weight contributions on K = 16", async () => {
    const { verifier, calldata } = await loadFixture(sixteenUnitWeights);
    expect(calldata.commitments).to.have.length(16);
    expect(await verify(verifier, calldata)).to.equal(true);
  });

  for (const [name, edit] of [
    ["the aggregate commitment changes", (c: AggregationCalldata) => ({ ...c, aggregateCommitment: c.aggregateCommitment + 1n })],
    [
      "the aggregate commitment is 0 (its scalar multiplication skipped)",
      (c: AggregationCalldata) => ({ ...c, aggregateCommitment: 0n }),
    ],
    [
      "a commitment changes",
      (c: AggregationCalldata) => ({ ...c, commitments: c.commitments.map((x, i) => (i === 2 ? x + 1n : x)) }),
    ],
    [
      "the left-out contribution's commitment is zeroed",
      (c: AggregationCalldata) => ({ ...c, commitments: c.commitments.map((x, i) => (i === 3 ? 0n : x)) }),
    ],
    ["a commitment is dropped", (c: AggregationCalldata) => ({ ...c, commitments: c.commitments.slice(0, 4) })],
    ["a padding slot gets a commitment", (c: AggregationCalldata) => ({ ...c, commitments: [...c.commitments, 1n] })],
    ["the weights change", (c: AggregationCalldata) => ({ ...c, weights: c.weights + 1n })],
    ["the weights are 0", (c: AggregationCalldata) => ({ ...c, weights: 0n })],
    ["A is changed", (c: AggregationCalldata) => ({ ...c, pA: [c.pA[0], c.pA[1] + 1n] as [bigint, bigint] })],
    ["A and C are swapped", (c: AggregationCalldata) => ({ ...c, pA: c.pC, pC: c.pA })],
  ] as const) {
    it(`rejects the proof when ${name}`, async () => {
      const { verifier, calldata } = await loadFixture(fiveOfEight);
      expect(await verify(verifier, edit(calldata))).to.equal(false);
    });
  }

  it("rejects more than K commitments, even when the extra ones are 0", async () => {
    const { verifier, calldata } = await loadFixture(fiveOfEight);
    expect(await verify(verifier, { ...calldata, commitments: [...calldata.commitments, 0n, 0n, 0n, 0n] })).to.equal(false);
  });

  for (const [name, alias] of [
    ["aggregateCommitment", (c: AggregationCalldata) => ({ ...c, aggregateCommitment: c.aggregateCommitment + SCALAR_FIELD })],
    [
      "a commitment",
      (c: AggregationCalldata) => ({ ...c, commitments: c.commitments.map((x, i) => (i === 0 ? x + SCALAR_FIELD : x)) }),
    ],
    ["weights", (c: AggregationCalldata) => ({ ...c, weights: c.weights + SCALAR_FIELD })],
  ] as const) {
    it(`rejects ${name} + r, which the curve arithmetic alone would accept as ${name}`, async () => {
      const { verifier, calldata } = await loadFixture(fiveOfEight);
      expect(await verify(verifier, alias(calldata))).to.equal(false);
    });
  }

  it("rejects A with a non-canonical y (y + q encodes the same point)", async () => {
    const { verifier, calldata } = await loadFixture(fiveOfEight);
    expect(await verify(verifier, { ...calldata, pA: [calldata.pA[0], calldata.pA[1] + BASE_FIELD] })).to.equal(false);
  });

  it("rejects the K = 8 proof on the K = 16 verifier", async () => {
    const { calldata } = await loadFixture(fiveOfEight);
    const { verifier } = await loadFixture(sixteenUnitWeights);
    expect(await verify(verifier, calldata)).to.equal(false);
  });
});

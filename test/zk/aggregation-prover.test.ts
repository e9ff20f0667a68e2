import { expect } from "chai";
import fs from "node:fs";

import { UserError } from "../../src/core/errors";
import { circuitPaths } from "../../src/zk/pipeline/manifest";
import { VerificationKey, releaseSnarkjsWorkers, snark } from "../../src/zk/pipeline/snarkjs";
import { AggregationRound, Opening, ProofInputError, ProvingStage, packWeights, updateCommitment } from "../../src/zk";
import {
  AggregationProof,
  DEFAULT_AGGREGATION_CIRCUIT,
  aggregationCircuit,
  proveAggregation,
} from "../../src/zk/aggregation-prover";

/**
 * src/zk's aggregation prover end to end on Aggregation(8, 32, 16, 5): a five-contribution round
 * (the demo's), one contribution left out unopened, proved with the cached development key and
 * checked by snarkjs's own verifier.
 */
describe("src/zk prover: proveAggregation", () => {
  const circuit = aggregationCircuit();
  const openings: Opening[] = [1, 2, 3, 4, 5].map((c) => ({
    update: Array.from({ length: circuit.n }, (_, j) => BigInt(((c * 7919 * (j + 1)) % 65536) - 32768)),
    salt: 4242n + BigInt(c),
  }));
  const round: AggregationRound = {
    commitments: openings.map((o) => updateCommitment(o.update, o.salt, circuit)),
    // Contribution 3 is left out, and its opening is not even known.
    openings: openings.map((o, i) => (i === 3 ? null : o)),
    weights: [1n, 2n, 3n, 0n, 4n],
  };
  let proof: AggregationProof;
  const stages: ProvingStage[] = [];

  before(async function () {
    this.timeout(120_000);
    proof = await proveAggregation(round, { onProgress: (stage) => stages.push(stage) });
  });

  after(releaseSnarkjsWorkers);

  it("reads Aggregation(8, 32, 16, 5) from the manifest as its default circuit", () => {
    expect(circuit).to.deep.equal({ name: DEFAULT_AGGREGATION_CIRCUIT, k: 8, n: 32, bits: 16, headroom: 5 });
  });

  it("is accepted by snarkjs's verifier with the circuit's verification key", async () => {
    const vkey = JSON.parse(fs.readFileSync(circuitPaths(circuit.name).vkey, "utf8")) as VerificationKey;
    expect(await snark.groth16.verify(vkey, proof.publicSignals, proof.proof)).to.equal(true);
    const tampered = [...proof.publicSignals];
    tampered[0] = String(BigInt(tampered[0]) + 1n);
    expect(await snark.groth16.verify(vkey, tampered, proof.proof)).to.equal(false);
  });

  it("returns the calldata verifyAggregation takes: the round's five commitments, unpadded, and the packed weights", () => {
    const { aggregateCommitment, commitments, weights } = proof.calldata;
    expect(aggregateCommitment).to.equal(proof.aggregate.commitment);
    expect(commitments).to.deep.equal(round.commitments);
    expect(weights).to.equal(packWeights(round.weights, circuit));
    expect(proof.publicSignals.map(BigInt)).to.deep.equal([aggregateCommitment, ...commitments, 0n, 0n, 0n, weights]);
  });

  it("returns the aggregate: total weight 10 and the weighted sums of the selected updates", () => {
    expect(proof.aggregate.totalWeight).to.equal(10n);
    proof.aggregate.weightedSums.forEach((v, j) =>
      expect(v).to.equal(
        openings[0].update[j] + 2n * openings[1].update[j] + 3n * openings[2].update[j] + 4n * openings[4].update[j],
      ),
    );
  });

  it("reports its stages to the progress callback, in order", () => {
    expect(stages[0]).to.equal("checked");
    expect(stages).to.include("proving");
    expect(stages.at(-1)).to.equal("proved");
  });

  it("refuses, before proving, a selected contribution without its opening", async () => {
    const error = await proveAggregation({ ...round, weights: [1n, 2n, 3n, 1n, 4n] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ProofInputError);
    expect((error as Error).message).to.equal("contribution 3 has weight 1 but no opening");
  });

  it("explains how to build the circuit when its proving key is missing", async () => {
    const error = await proveAggregation(round, { cacheDir: "/nonexistent" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.equal(
      `circuit ${circuit.name} is not built: run npx hardhat zk:build --circuit ${circuit.name}`,
    );
  });
});

import { expect } from "chai";

import {
  AggregationShape,
  aggregateCommitment,
  buildAggregationInput,
  commitmentDomain,
  packedElements,
  packedUpdate,
  poseidonChain,
  updateCommitment,
} from "../../src/zk";
import { CircuitHarness, bitPatch, field } from "./harness";

/**
 * Aggregation(4, 32, 16, 4): four contribution slots of 32 values of 16 bits, slots of 20 bits, 12
 * values per packed element, M = 3 elements. Honest cases run the witness generator; malicious ones
 * overwrite wires of an honest witness, as a cheating prover can, and evaluate the R1CS constraints.
 */
describe("circuits/aggregation.circom: Aggregation(4, 32, 16, 4)", () => {
  const SHAPE: AggregationShape = { k: 4, n: 32, bits: 16, headroom: 4 };
  const H = 4;
  const M = packedElements(SHAPE);
  const updates = [0, 1, 2, 3].map((c) =>
    Array.from({ length: 32 }, (_, j) => BigInt(((c + 1) * 997 * (j + 3)) % 65536) - 32768n),
  );
  const openings = updates.map((update, c) => ({ update, salt: 1000n + BigInt(c) }));
  let circuit: CircuitHarness;

  before(async () => {
    circuit = await CircuitHarness.load("aggregation_k4_n32_b16_h4");
  });

  const packedOf = (c: number) => packedUpdate(updates[c], SHAPE);

  /**
   * A witness for any packed rows, computed by the witness generator (which checks no range: the
   * packed elements are private inputs), with the commitments recomputed for those rows.
   */
  async function rawWitness(rows: bigint[][], salts: bigint[], selection: bigint[], weights: bigint[]) {
    const commitments = rows.map((row, c) => poseidonChain(commitmentDomain(SHAPE), [salts[c], ...row]));
    return circuit.witness({
      packed: rows.map((row) => row.map(String)),
      salt: salts.map(String),
      commitments: commitments.map(String),
      selection: selection.map(String),
      weights: weights.map(String),
    });
  }

  /**
   * Wires a cheating prover sets for a forged statement over the honest openings: selection and
   * weights (any field elements), scaled_i (s_i·w_i unless overridden), the terms, the bit
   * decompositions of the weights and of their sum, and every wire of the aggregate chain (taken
   * from a witness whose only selected row, with weight 1, is the forged aggregate).
   */
  async function forge(selection: bigint[], weights: bigint[], scaledOverride: Record<number, bigint> = {}) {
    const scaled = selection.map((s, i) => scaledOverride[i] ?? field.mod(s * weights[i]));
    const aggregate = Array.from({ length: M }, (_, e) => field.mod(scaled.reduce((acc, t, c) => acc + t * packedOf(c)[e], 0n)));
    const helper = await rawWitness(
      [aggregate, ...[1, 2, 3].map(packedOf)],
      [0n, 0n, 0n, 0n],
      [1n, 0n, 0n, 0n],
      [1n, 0n, 0n, 0n],
    );
    const values: Record<string, bigint> = {
      ...bitPatch(
        circuit,
        "totalWeightBits.out",
        scaled.reduce((a, b) => a + b, 0n),
        H,
      ),
    };
    for (const wire of circuit.wiresMatching(/^aggregateChain\.|^aggregateCommitment$/)) {
      values[wire] = circuit.get(helper, wire);
    }
    selection.forEach((s, i) => {
      values[`selection[${i}]`] = s;
      values[`weights[${i}]`] = weights[i];
      values[`scaled[${i}]`] = scaled[i];
      Object.assign(values, bitPatch(circuit, `weightBits[${i}].out`, weights[i], H));
      for (let e = 0; e < M; e++) values[`terms[${i}][${e}]`] = scaled[i] * packedOf(i)[e];
    });
    return { values, aggregate };
  }

  const honest = (selection: bigint[], weights: bigint[]) => buildAggregationInput(openings, selection, weights, SHAPE);

  describe("honest witnesses", () => {
    it("exposes [aggregateCommitment, commitments[4], selection[4], weights[4]] and stays within 2^13 constraints", () => {
      expect(circuit.wire("aggregateCommitment")).to.equal(1);
      expect(circuit.wire("commitments[0]")).to.equal(2);
      expect(circuit.wire("selection[0]")).to.equal(6);
      expect(circuit.wire("weights[3]")).to.equal(13);
      expect(circuit.constraintCount).to.be.at.most(1 << 13);
    });

    it("outputs the aggregate commitment src/zk computes, the weighted sum of the selected updates", async () => {
      const { input, aggregate } = honest([1n, 0n, 1n, 1n], [3n, 9n, 5n, 7n]);
      const witness = await circuit.witness(input);
      expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
      expect(aggregate.totalWeight).to.equal(15n);
      aggregate.weightedSums.forEach((v, j) => expect(v).to.equal(3n * updates[0][j] + 5n * updates[2][j] + 7n * updates[3][j]));
    });

    it("takes the extreme values at the largest total weight, 2^H − 1 = 15, with no carry between slots", async () => {
      const extreme = [Array<bigint>(32).fill(32767n), Array<bigint>(32).fill(-32768n)];
      const { input, aggregate } = buildAggregationInput(
        extreme.map((update) => ({ update, salt: 5n })),
        [1n, 1n],
        [15n, 0n],
        SHAPE,
      );
      const witness = await circuit.witness(input);
      expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
      expect(aggregate.offsetSums.every((v) => v === 15n * 65535n)).to.equal(true);
      expect(aggregate.weightedSums.every((v) => v === 15n * 32767n)).to.equal(true);
    });

    it("refuses a total weight of 2^H = 16, a weight of 16, a selection of 2 and a commitment the opening does not match", async () => {
      const base = honest([1n, 1n, 0n, 0n], [1n, 1n, 0n, 0n]).input;
      await circuit.expectWitnessRefused({ ...base, weights: ["8", "8", "0", "0"] });
      await circuit.expectWitnessRefused({ ...base, weights: ["16", "0", "0", "0"], selection: ["1", "0", "0", "0"] });
      await circuit.expectWitnessRefused({ ...base, selection: ["2", "0", "0", "0"] });
      const commitments = [...(base.commitments as string[])];
      commitments[0] = String(updateCommitment(updates[1], 1000n, SHAPE));
      await circuit.expectWitnessRefused({ ...base, commitments });
    });
  });

  describe("malicious witnesses", () => {
    it("forging the honest statement reproduces the honest witness (the harness is sound)", async () => {
      const selection = [1n, 1n, 0n, 1n];
      const weights = [2n, 3n, 4n, 5n];
      const witness = await circuit.witness(honest(selection, weights).input);
      const { values } = await forge(selection, weights);
      const repatched = circuit.patch(witness, values);
      expect(repatched).to.deep.equal(witness);
      expect(circuit.violatedConstraints(repatched)).to.deep.equal([]);
    });

    it("a selection bit of −1 that subtracts an update (Σ s·w = 1 passes the weight bound) breaks only the binary check", async () => {
      const witness = await circuit.witness(honest([1n, 1n, 0n, 0n], [1n, 2n, 0n, 0n]).input);
      const { values, aggregate } = await forge([field.mod(-1n), 1n, 0n, 0n], [1n, 2n, 0n, 0n]);
      const forged = circuit.patch(witness, values);
      expect(circuit.get(forged, "aggregateCommitment")).to.equal(aggregateCommitment(aggregate, SHAPE));
      circuit.expectOnlyViolations(forged, /^selection\[0\]$/);
    });

    it("a negative weight, −1 (p − 1), with Σ s·w = 1, breaks only that weight's range check", async () => {
      const witness = await circuit.witness(honest([1n, 1n, 0n, 0n], [1n, 2n, 0n, 0n]).input);
      const { values } = await forge([1n, 1n, 0n, 0n], [field.mod(-1n), 2n, 0n, 0n]);
      circuit.expectOnlyViolations(circuit.patch(witness, values), /^weightBits\[0\]\./);
    });

    it("weights in range whose sum reaches 2^H = 16 (4·4) break only the range check of the total", async () => {
      const witness = await circuit.witness(honest([1n, 1n, 1n, 1n], [3n, 3n, 3n, 3n]).input);
      const { values } = await forge([1n, 1n, 1n, 1n], [4n, 4n, 4n, 4n]);
      circuit.expectOnlyViolations(circuit.patch(witness, values), /^totalWeightBits\./);
    });

    it("a padding slot (selection 0) whose term is not zeroed breaks only its scaled = selection·weight constraint", async () => {
      const witness = await circuit.witness(honest([1n, 0n, 0n, 0n], [1n, 1n, 0n, 0n]).input);
      const { values } = await forge([1n, 0n, 0n, 0n], [1n, 1n, 0n, 0n], { 1: 1n });
      circuit.expectOnlyViolations(circuit.patch(witness, values), /^(scaled|selection|weights)\[1\]$/);
    });

    it("an opening that is not the committed update breaks only the chain bound to that commitment", async () => {
      const selection = [1n, 1n, 0n, 0n];
      const weights = [1n, 1n, 0n, 0n];
      const real = honest(selection, weights).input;
      // The prover opens slot 0 with contribution 1's update (another salt) and keeps C_0 public.
      const rows = [packedOf(1), packedOf(1), packedOf(2), packedOf(3)];
      const smuggled = await rawWitness(rows, [7n, 1001n, 1002n, 1003n], selection, weights);
      const forged = circuit.patch(smuggled, { "commitments[0]": BigInt((real.commitments as string[])[0]) });
      circuit.expectOnlyViolations(forged, /^(commitments\[0\]|openings\[0\]\.)/);
    });
  });
});

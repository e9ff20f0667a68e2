import { expect } from "chai";

import {
  AggregationShape,
  Opening,
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
 * Aggregation(4, 32, 16, 5): four contribution slots of 32 values of 16 bits, slots of 21 bits, 12
 * values per packed element, M = 3 elements; one public `weights` packing four 5-bit weights.
 * Honest cases run the witness generator; malicious ones overwrite wires of an honest witness, as a
 * cheating prover can, and evaluate the R1CS constraints.
 */
describe("circuits/aggregation.circom: Aggregation(4, 32, 16, 5)", () => {
  const SHAPE: AggregationShape = { k: 4, n: 32, bits: 16, headroom: 5 };
  const K = 4;
  const H = 5;
  const M = packedElements(SHAPE);
  const updates = [0, 1, 2, 3].map((c) =>
    Array.from({ length: 32 }, (_, j) => BigInt(((c + 1) * 997 * (j + 3)) % 65536) - 32768n),
  );
  const openings: Opening[] = updates.map((update, c) => ({ update, salt: 1000n + BigInt(c) }));
  const commitments = openings.map((o) => updateCommitment(o.update, o.salt, SHAPE));
  let circuit: CircuitHarness;

  before(async () => {
    circuit = await CircuitHarness.load("aggregation_k4_n32_b16_h5");
  });

  const packedOf = (c: number) => packedUpdate(updates[c], SHAPE);
  /** Σ w_i·2^(H·i) as a field element, for any (even out-of-range) weights. */
  const rawPack = (weights: bigint[]) => field.mod(weights.reduce((acc, w, i) => acc + (w << BigInt(H * i)), 0n));

  /**
   * A witness for any packed rows, computed by the witness generator (which checks no range: the
   * packed elements are private inputs), every commitment recomputed for its row and salt.
   */
  async function rawWitness(rows: bigint[][], salts: bigint[], weights: bigint[]) {
    return circuit.witness({
      packed: rows.map((row) => row.map(String)),
      salt: salts.map(String),
      commitments: rows.map((row, c) => String(poseidonChain(commitmentDomain(SHAPE), [salts[c], ...row]))),
      weights: String(rawPack(weights)),
    });
  }

  /** The honest witness of a round that opens every contribution with its real update. */
  const openedWitness = (weights: bigint[]) => rawWitness([0, 1, 2, 3].map(packedOf), [1000n, 1001n, 1002n, 1003n], weights);

  /**
   * Wires a cheating prover sets for a forged statement over the real packed rows: the public
   * weights and their bits, the bits of their total, the terms (w_i·packed_i unless overridden), and
   * every wire of the aggregate chain (taken from a witness whose only row, with weight 1, is the
   * forged aggregate).
   */
  async function forge(weights: bigint[], termsOverride: Record<number, bigint[]> = {}) {
    const terms = weights.map((w, i) => termsOverride[i] ?? packedOf(i).map((x) => field.mod(w * x)));
    const aggregate = Array.from({ length: M }, (_, e) => field.mod(terms.reduce((acc, row) => acc + row[e], 0n)));
    const helper = await rawWitness([aggregate, ...[1, 2, 3].map(packedOf)], [0n, 0n, 0n, 0n], [1n, 0n, 0n, 0n]);
    const values: Record<string, bigint> = {
      weights: rawPack(weights),
      ...bitPatch(circuit, "weightBits.out", rawPack(weights), K * H),
      ...bitPatch(
        circuit,
        "totalWeightBits.out",
        weights.reduce((a, b) => a + b, 0n),
        H,
      ),
    };
    for (const wire of circuit.wiresMatching(/^aggregateChain\.|^aggregateCommitment$/)) {
      values[wire] = circuit.get(helper, wire);
    }
    terms.forEach((row, i) => row.forEach((t, e) => (values[`terms[${i}][${e}]`] = t)));
    return { values, aggregate };
  }

  describe("honest witnesses", () => {
    it("exposes [aggregateCommitment, commitments[4], weights] and stays within 2^13 constraints", () => {
      expect(circuit.wire("aggregateCommitment")).to.equal(1);
      expect(circuit.wire("commitments[0]")).to.equal(2);
      expect(circuit.wire("commitments[3]")).to.equal(5);
      expect(circuit.wire("weights")).to.equal(6);
      expect(circuit.constraintCount).to.be.at.most(1 << 13);
    });

    it("outputs the aggregate commitment src/zk computes, the weighted sum of the selected updates, at the largest total 2^H − 1 = 31", async () => {
      const weights = [3n, 0n, 20n, 8n];
      const { input, aggregate } = buildAggregationInput({ commitments, openings, weights }, SHAPE);
      const witness = await circuit.witness(input);
      expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
      expect(aggregate.totalWeight).to.equal(31n);
      aggregate.weightedSums.forEach((v, j) => expect(v).to.equal(3n * updates[0][j] + 20n * updates[2][j] + 8n * updates[3][j]));
    });

    it("takes the extreme values at the largest total weight, 31, with no carry between slots", async () => {
      const extreme = [Array<bigint>(32).fill(32767n), Array<bigint>(32).fill(-32768n)].map((update) => ({ update, salt: 5n }));
      const round = {
        commitments: extreme.map((o) => updateCommitment(o.update, o.salt, SHAPE)),
        openings: extreme,
        weights: [31n, 0n],
      };
      const { input, aggregate } = buildAggregationInput(round, SHAPE);
      const witness = await circuit.witness(input);
      expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
      expect(aggregate.offsetSums.every((v) => v === 31n * 65535n)).to.equal(true);
      expect(aggregate.weightedSums.every((v) => v === 31n * 32767n)).to.equal(true);
    });

    it("leaves out, unopened, a contribution nobody can open and pads the slot beyond the round with commitment 0", async () => {
      const round = {
        commitments: [commitments[0], 123456789n, commitments[2]],
        openings: [openings[0], null, openings[2]],
        weights: [16n, 0n, 15n],
      };
      const { input, aggregate } = buildAggregationInput(round, SHAPE);
      expect(input.commitments).to.deep.equal([commitments[0], 123456789n, commitments[2], 0n].map(String));
      const witness = await circuit.witness(input);
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
      expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
      aggregate.weightedSums.forEach((v, j) => expect(v).to.equal(16n * updates[0][j] + 15n * updates[2][j]));
    });

    it("refuses a total weight of 2^H = 32, a weights value with bits above K·H and a selected slot whose opening does not match", async () => {
      const base = buildAggregationInput({ commitments, openings, weights: [1n, 1n, 0n, 0n] }, SHAPE).input;
      await circuit.expectWitnessRefused({ ...base, weights: String(rawPack([16n, 16n, 0n, 0n])) });
      await circuit.expectWitnessRefused({ ...base, weights: String(rawPack([1n, 1n, 0n, 0n]) + (1n << BigInt(K * H))) });
      await circuit.expectWitnessRefused({ ...base, commitments: [commitments[1], ...base.commitments.slice(1)].map(String) });
    });
  });

  describe("malicious witnesses", () => {
    it("forging the honest statement reproduces the honest witness (the harness is sound)", async () => {
      const weights = [2n, 3n, 0n, 5n];
      const witness = await openedWitness(weights);
      const { values } = await forge(weights);
      const repatched = circuit.patch(witness, values);
      expect(repatched).to.deep.equal(witness);
      expect(circuit.violatedConstraints(repatched)).to.deep.equal([]);
    });

    it("a selected slot opened with another update than its commitment's breaks only that slot's opening constraint", async () => {
      const weights = [1n, 1n, 0n, 0n];
      // The prover opens slot 0 with contribution 1's update (another salt) and keeps C_0 public.
      const smuggled = await rawWitness([1, 1, 2, 3].map(packedOf), [7n, 1001n, 1002n, 1003n], weights);
      const forged = circuit.patch(smuggled, { "commitments[0]": commitments[0] });
      expect(circuit.violatedConstraints(forged)).to.have.length(1);
      circuit.expectOnlyViolations(forged, /^commitments\[0\]$/);
    });

    it("weights in range whose total reaches 2^H = 32 (4·8) break only the range check of the total", async () => {
      const witness = await openedWitness([7n, 7n, 7n, 7n]);
      const { values } = await forge([8n, 8n, 8n, 8n]);
      circuit.expectOnlyViolations(circuit.patch(witness, values), /^totalWeightBits\./);
    });

    it("a weights value with a bit above K·H (2^20 + the honest weights) breaks only the weights decomposition", async () => {
      const weights = [1n, 2n, 0n, 0n];
      const witness = await openedWitness(weights);
      const forged = circuit.patch(witness, { weights: rawPack(weights) + (1n << BigInt(K * H)) });
      circuit.expectOnlyViolations(forged, /^(weights|weightBits\.out\[\d+\])$/);
    });

    it("a term that adds an unselected slot's packed update (weight 0) breaks only that slot's term constraints", async () => {
      const weights = [1n, 0n, 0n, 0n];
      const witness = await openedWitness(weights);
      const { values, aggregate } = await forge(weights, { 1: packedOf(1) });
      const forged = circuit.patch(witness, values);
      const both = packedOf(0).map((x, e) => x + packedOf(1)[e]);
      expect(circuit.get(forged, "aggregateCommitment")).to.equal(aggregateCommitment(both, SHAPE));
      expect(aggregate).to.deep.equal(both);
      circuit.expectOnlyViolations(forged, /^terms\[1\]\[\d\]$/);
    });

    it("a wrong aggregate commitment (the commitment of contribution 0 alone, for weights 1 and 1) breaks only the aggregate chain's input", async () => {
      const weights = [1n, 1n, 0n, 0n];
      const witness = await openedWitness(weights);
      const helper = await rawWitness([packedOf(0), ...[1, 2, 3].map(packedOf)], [0n, 0n, 0n, 0n], [1n, 0n, 0n, 0n]);
      const values: Record<string, bigint> = {};
      for (const wire of circuit.wiresMatching(/^aggregateChain\.|^aggregateCommitment$/)) {
        values[wire] = circuit.get(helper, wire);
      }
      const forged = circuit.patch(witness, values);
      expect(circuit.get(forged, "aggregateCommitment")).to.equal(aggregateCommitment(packedOf(0), SHAPE));
      circuit.expectOnlyViolations(forged, /^(terms\[\d\]\[\d\]|aggregateChain\..*)$/);
    });
  });
});

import { expect } from "chai";
import fc from "fast-check";

import {
  AggregationShape,
  ProofInputError,
  SNARK_SCALAR_FIELD,
  aggregateCommitment,
  buildAggregationInput,
  checkSelection,
  maxUpdateValue,
  minUpdateValue,
  packAggregate,
  packedUpdate,
  paddingCommitment,
  unpackSlots,
  updateCommitment,
} from "../../src/zk";
import { CircuitHarness } from "../circuits/harness";

/**
 * src/zk/aggregation.ts computes the aggregate and its commitment exactly as
 * Aggregation(K, N, BITS, H): a property test against the witness generator of
 * aggregation_k4_n32_b16_h4 on random small rounds (k ≤ 4 contributions, random selection and
 * weights with Σ s·w < 2^H).
 */
describe("src/zk aggregation: the packed weighted aggregate", () => {
  const SHAPE: AggregationShape = { k: 4, n: 32, bits: 16, headroom: 4 };
  const value = fc.bigInt({ min: minUpdateValue(16), max: maxUpdateValue(16) });
  const opening = fc.record({
    update: fc.array(value, { minLength: 32, maxLength: 32 }),
    salt: fc.bigInt({ min: 0n, max: SNARK_SCALAR_FIELD - 1n }),
  });
  /** k openings, k selection bits and k weights, clamped so that Σ s·w ≤ 15. */
  const round = fc.integer({ min: 1, max: 4 }).chain((k) =>
    fc
      .tuple(
        fc.array(opening, { minLength: k, maxLength: k }),
        fc.array(fc.boolean(), { minLength: k, maxLength: k }),
        fc.array(fc.integer({ min: 0, max: 15 }), { minLength: k, maxLength: k }),
      )
      .map(([openings, bits, rawWeights]) => {
        let room = 15;
        const selection = bits.map((b) => (b ? 1n : 0n));
        const weights = rawWeights.map((w, i) => {
          if (!bits[i]) return BigInt(w);
          const clamped = Math.min(w, room);
          room -= clamped;
          return BigInt(clamped);
        });
        return { openings, selection, weights };
      }),
  );

  it("equals aggregation_k4_n32_b16_h4's output on random rounds, and unpacks to Σ s·w·u", async function () {
    this.timeout(120_000);
    const circuit = await CircuitHarness.load("aggregation_k4_n32_b16_h4");
    await fc.assert(
      fc.asyncProperty(round, async ({ openings, selection, weights }) => {
        const { input, aggregate, commitments } = buildAggregationInput(openings, selection, weights, SHAPE);
        const witness = await circuit.witness(input);
        expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
        commitments
          .slice(0, openings.length)
          .forEach((c, i) => expect(c).to.equal(updateCommitment(openings[i].update, openings[i].salt, SHAPE)));
        commitments.slice(openings.length).forEach((c) => expect(c).to.equal(paddingCommitment(SHAPE)));
        for (let j = 0; j < SHAPE.n; j++) {
          const expected = openings.reduce((acc, o, i) => acc + selection[i] * weights[i] * o.update[j], 0n);
          expect(aggregate.weightedSums[j]).to.equal(expected);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("packs and unpacks an update: slots of BITS + H = 20 bits, 12 per element, headroom bits zero", () => {
    const update = Array.from({ length: 32 }, (_, j) => BigInt(j * 1000 - 16000));
    const elements = packedUpdate(update, SHAPE);
    expect(elements).to.have.length(3);
    expect(unpackSlots(elements, SHAPE)).to.deep.equal(update.map((u) => u + 32768n));
    expect(unpackSlots(elements, SHAPE).every((v) => v < 1n << 16n)).to.equal(true);
  });

  it("checks the selection and weights as the circuit does", () => {
    expect(checkSelection([1n, 0n, 1n, 1n], [5n, 15n, 5n, 5n], SHAPE)).to.equal(15n);
    expect(() => checkSelection([1n, 1n, 0n, 0n], [8n, 8n, 0n, 0n], SHAPE)).to.throw(ProofInputError, /sum to 16/);
    expect(() => checkSelection([2n, 0n, 0n, 0n], [1n, 0n, 0n, 0n], SHAPE)).to.throw(ProofInputError, /not a bit/);
    expect(() => checkSelection([0n, 0n, 0n, 0n], [16n, 0n, 0n, 0n], SHAPE)).to.throw(ProofInputError, /outside/);
    expect(() => checkSelection([1n], [1n], SHAPE)).to.throw(ProofInputError, /exactly 4/);
  });

  it("commits to the aggregate under its own domain, never the update commitment of the same elements", () => {
    const updates = [0, 1, 2, 3].map(() => Array<bigint>(32).fill(1n));
    const aggregate = packAggregate(updates, [1n, 0n, 0n, 0n], [1n, 0n, 0n, 0n], SHAPE);
    expect(aggregate.commitment).to.equal(aggregateCommitment(aggregate.elements, SHAPE));
    expect(aggregate.commitment).to.not.equal(updateCommitment(updates[0], 0n, SHAPE));
  });
});

import { expect } from "chai";
import fc from "fast-check";

import {
  AggregationShape,
  Opening,
  ProofInputError,
  SNARK_SCALAR_FIELD,
  aggregateCommitment,
  aggregationSignalsToArray,
  buildAggregationInput,
  checkWeights,
  maxUpdateValue,
  minUpdateValue,
  packAggregate,
  packWeights,
  packedUpdate,
  unpackSlots,
  unpackWeights,
  updateCommitment,
} from "../../src/zk";
import { CircuitHarness } from "../circuits/harness";

/**
 * src/zk/aggregation.ts computes the aggregate, its commitment and the public signals exactly as
 * Aggregation(K, N, BITS, H): a property test against the witness generator of
 * aggregation_k4_n32_b16_h5 on random small rounds (k ≤ 4 contributions, random weights with
 * Σ w < 2^H = 32, unselected contributions unopened or carrying a commitment nobody can open).
 */
describe("src/zk aggregation: the packed weighted aggregate", () => {
  const SHAPE: AggregationShape = { k: 4, n: 32, bits: 16, headroom: 5 };
  const value = fc.bigInt({ min: minUpdateValue(16), max: maxUpdateValue(16) });
  const opening = fc.record({
    update: fc.array(value, { minLength: 32, maxLength: 32 }),
    salt: fc.bigInt({ min: 0n, max: SNARK_SCALAR_FIELD - 1n }),
  });
  /** k contributions with weights clamped so that Σ w ≤ 31; an unselected one keeps its opening or not. */
  const round = fc.integer({ min: 1, max: 4 }).chain((k) =>
    fc
      .tuple(
        fc.array(opening, { minLength: k, maxLength: k }),
        fc.array(fc.integer({ min: 0, max: 31 }), { minLength: k, maxLength: k }),
        fc.array(fc.constantFrom("opened", "unopened", "garbage"), { minLength: k, maxLength: k }),
      )
      .map(([opened, rawWeights, fates]) => {
        let room = 31;
        const weights = rawWeights.map((w) => {
          const clamped = Math.min(w, room);
          room -= clamped;
          return BigInt(clamped);
        });
        const unselected = (i: number) => weights[i] === 0n;
        const commitments = opened.map((o, i) =>
          unselected(i) && fates[i] === "garbage" ? BigInt(i + 1) * 1_000_003n : updateCommitment(o.update, o.salt, SHAPE),
        );
        const openings = opened.map((o, i): Opening | null => (unselected(i) && fates[i] !== "opened" ? null : o));
        return { commitments, openings, weights, opened };
      }),
  );

  it("equals aggregation_k4_n32_b16_h5's output on random rounds, and unpacks to Σ w·u", async function () {
    this.timeout(120_000);
    const circuit = await CircuitHarness.load("aggregation_k4_n32_b16_h5");
    await fc.assert(
      fc.asyncProperty(round, async ({ commitments, openings, weights, opened }) => {
        const { input, aggregate, signals } = buildAggregationInput({ commitments, openings, weights }, SHAPE);
        const witness = await circuit.witness(input);
        const publicSignals = aggregationSignalsToArray(signals);
        expect(publicSignals).to.have.length(SHAPE.k + 2);
        publicSignals.forEach((s, i) => expect(witness[1 + i]).to.equal(s));
        expect(circuit.get(witness, "aggregateCommitment")).to.equal(aggregate.commitment);
        expect(signals.commitments).to.deep.equal([...commitments, ...Array<bigint>(SHAPE.k - commitments.length).fill(0n)]);
        expect(unpackWeights(signals.weights, SHAPE).slice(0, weights.length)).to.deep.equal(weights);
        for (let j = 0; j < SHAPE.n; j++) {
          const expected = opened.reduce((acc, o, i) => acc + weights[i] * o.update[j], 0n);
          expect(aggregate.weightedSums[j]).to.equal(expected);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("packs and unpacks an update: slots of BITS + H = 21 bits, 12 per element, headroom bits zero", () => {
    const update = Array.from({ length: 32 }, (_, j) => BigInt(j * 1000 - 16000));
    const elements = packedUpdate(update, SHAPE);
    expect(elements).to.have.length(3);
    expect(unpackSlots(elements, SHAPE)).to.deep.equal(update.map((u) => u + 32768n));
    expect(unpackSlots(elements, SHAPE).every((v) => v < 1n << 16n)).to.equal(true);
  });

  it("packs the weights as the circuit reads them, slot i at bits [5i, 5i + 5), and unpacks K of them", () => {
    expect(packWeights([3n, 0n, 20n, 8n], SHAPE)).to.equal(3n + (20n << 10n) + (8n << 15n));
    expect(packWeights([1n, 1n], SHAPE)).to.equal(1n + (1n << 5n));
    expect(unpackWeights(3n + (20n << 10n) + (8n << 15n), SHAPE)).to.deep.equal([3n, 0n, 20n, 8n]);
    expect(() => unpackWeights(1n << 20n, SHAPE)).to.throw(ProofInputError, /do not fit 4 slots of 5 bits/);
  });

  it("checks the weights as the circuit does: each in [0, 31], at most K, total below 2^H = 32", () => {
    expect(checkWeights([16n, 0n, 10n, 5n], SHAPE)).to.equal(31n);
    expect(() => checkWeights([16n, 16n], SHAPE)).to.throw(ProofInputError, /sum to 32/);
    expect(() => checkWeights([32n], SHAPE)).to.throw(ProofInputError, /weights\[0\] = 32 is outside \[0, 31\]/);
    expect(() => checkWeights([-1n], SHAPE)).to.throw(ProofInputError, /outside/);
    expect(() => checkWeights([1n, 1n, 1n, 1n, 1n], SHAPE)).to.throw(ProofInputError, /5 weights, the circuit takes at most 4/);
  });

  describe("refuses a round the circuit would reject", () => {
    const o = (seed: bigint): Opening => ({ update: Array<bigint>(32).fill(seed), salt: seed });
    const c = (x: Opening) => updateCommitment(x.update, x.salt, SHAPE);

    it("a selected contribution without its opening", () => {
      expect(() =>
        buildAggregationInput({ commitments: [c(o(1n)), 5n], openings: [o(1n), null], weights: [1n, 2n] }, SHAPE),
      ).to.throw(ProofInputError, /contribution 1 has weight 2 but no opening/);
    });

    it("a selected contribution whose opening is not its commitment's", () => {
      expect(() =>
        buildAggregationInput({ commitments: [c(o(1n)), c(o(2n))], openings: [o(2n), o(1n)], weights: [1n, 0n] }, SHAPE),
      ).to.throw(ProofInputError, /the opening of contribution 0 does not match its commitment/);
    });

    it("more contributions than slots, mismatched lengths and a commitment outside the field", () => {
      const five = [1n, 2n, 3n, 4n, 5n].map(o);
      expect(() =>
        buildAggregationInput({ commitments: five.map(c), openings: five, weights: five.map(() => 0n) }, SHAPE),
      ).to.throw(ProofInputError, /5 contributions, the circuit takes at most 4/);
      expect(() => buildAggregationInput({ commitments: [c(o(1n))], openings: [], weights: [1n] }, SHAPE)).to.throw(
        ProofInputError,
        /one commitment/,
      );
      expect(() => buildAggregationInput({ commitments: [SNARK_SCALAR_FIELD], openings: [null], weights: [0n] }, SHAPE)).to.throw(
        ProofInputError,
        /commitments\[0\] is not a field element/,
      );
    });
  });

  it("commits to the aggregate under its own domain, never the update commitment of the same elements", () => {
    const update = Array<bigint>(32).fill(1n);
    const aggregate = packAggregate([{ update, salt: 0n }, null], [1n, 0n], SHAPE);
    expect(aggregate.commitment).to.equal(aggregateCommitment(aggregate.elements, SHAPE));
    expect(aggregate.elements).to.deep.equal(packedUpdate(update, SHAPE));
    expect(aggregate.commitment).to.not.equal(updateCommitment(update, 0n, SHAPE));
  });
});

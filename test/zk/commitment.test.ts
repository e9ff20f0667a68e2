import { expect } from "chai";
import fc from "fast-check";
import { poseidon3, poseidon16 } from "poseidon-lite";

import {
  AGGREGATION_HEADROOM,
  SNARK_SCALAR_FIELD,
  UpdateShape,
  chainElements,
  commitmentDomain,
  maxUpdateValue,
  minUpdateValue,
  packUpdate,
  toField,
  updateCommitment,
  valuesPerElement,
} from "../../src/zk";
import { CircuitHarness } from "../circuits/harness";

/**
 * src/zk/commitment.ts computes the update commitment exactly as UpdateCommitment(N, BITS): a
 * property test against the circuits' witness generators, on a one-hash chain (NormBound(4, 8))
 * and a two-hash one (NormBound(48, 64): 1 + 48/3 = 17 elements, 15 then 2).
 */
describe("src/zk commitment: the update commitment", () => {
  const update = (shape: UpdateShape) =>
    fc.array(fc.bigInt({ min: minUpdateValue(shape.bits), max: maxUpdateValue(shape.bits) }), {
      minLength: shape.n,
      maxLength: shape.n,
    });
  const salt = fc.bigInt({ min: 0n, max: SNARK_SCALAR_FIELD - 1n });

  for (const [name, shape, runs] of [
    ["normbound_n4_b8", { n: 4, bits: 8 }, 40],
    ["normbound_n48_b64", { n: 48, bits: 64 }, 15],
  ] as const) {
    it(`equals ${name}'s output on random vectors and salts`, async function () {
      this.timeout(120_000);
      const circuit = await CircuitHarness.load(name);
      await fc.assert(
        fc.asyncProperty(update(shape), salt, async (values, s) => {
          const witness = await circuit.witness({
            update: values.map((u) => toField(u).toString()),
            salt: s.toString(),
            l2BoundSq: values.reduce((acc, u) => acc + u * u, 0n).toString(),
          });
          expect(circuit.get(witness, "updateCommitment")).to.equal(updateCommitment(values, s, shape));
        }),
        { numRuns: runs },
      );
    });
  }

  it("chains two hashes for NormBound(48, 64): Poseidon(domain, 15 elements), then Poseidon(h, 2 elements)", () => {
    const shape = { n: 48, bits: 64 };
    const values = Array.from({ length: 48 }, (_, i) => BigInt(i) - 24n);
    const elements = packUpdate(values, 9n, shape);
    expect(elements).to.have.length(chainElements(shape)).and.length(17);
    // Domain (N·256 + BITS)·256 + H; slots of 64 + 5 bits, floor(253/69) = 3 values per element.
    const first = poseidon16([(48n * 256n + 64n) * 256n + 5n, ...elements.slice(0, 15)]);
    expect(updateCommitment(values, 9n, shape)).to.equal(poseidon3([first, ...elements.slice(15)]));
  });

  it("packs offset values little-endian in slots of BITS + H bits, floor(253/(BITS + H)) per element, after the salt", () => {
    const shape = { n: 40, bits: 8 };
    expect(AGGREGATION_HEADROOM).to.equal(5);
    expect(valuesPerElement(shape)).to.equal(19);
    const values = Array.from({ length: 40 }, (_, i) => BigInt(i - 20));
    const elements = packUpdate(values, 7n, shape);
    expect(elements).to.have.length(4);
    expect(elements[0]).to.equal(7n);
    // 19 values in the first and second elements, 2 in the third; value i sits at bits 13·(i mod 19),
    // and the 5 headroom bits above each value are zero.
    const expected = [0, 1, 2].map((e) =>
      values.slice(19 * e, 19 * e + 19).reduce((acc, v, k) => acc + ((v + 128n) << BigInt(13 * k)), 0n),
    );
    expect(elements.slice(1)).to.deep.equal(expected);
    expect(elements.slice(1).every((x) => x < 1n << 253n)).to.equal(true);
  });

  it("names N, BITS and H in the domain tag, so a different headroom commits differently", () => {
    const values = [1n, 2n, 3n, 4n];
    expect(commitmentDomain({ n: 4, bits: 8 })).to.equal((4n * 256n + 8n) * 256n + 5n);
    expect(updateCommitment(values, 5n, { n: 4, bits: 8, headroom: 4 })).to.not.equal(
      updateCommitment(values, 5n, { n: 4, bits: 8 }),
    );
  });

  it("changes with the salt and with any one value", () => {
    const shape = { n: 4, bits: 8 };
    const base = updateCommitment([1n, 2n, 3n, 4n], 5n, shape);
    expect(updateCommitment([1n, 2n, 3n, 4n], 6n, shape)).to.not.equal(base);
    expect(updateCommitment([1n, 2n, 3n, 5n], 5n, shape)).to.not.equal(base);
  });
});

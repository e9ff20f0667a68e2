import { expect } from "chai";
import fc from "fast-check";
import { poseidon3, poseidon16 } from "poseidon-lite";

import {
  SNARK_SCALAR_FIELD,
  UpdateShape,
  chainElements,
  maxUpdateValue,
  minUpdateValue,
  packUpdate,
  toField,
  updateCommitment,
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
    const first = poseidon16([48n * 256n + 64n, ...elements.slice(0, 15)]);
    expect(updateCommitment(values, 9n, shape)).to.equal(poseidon3([first, ...elements.slice(15)]));
  });

  it("packs offset values little-endian, floor(253/BITS) per element, after the salt", () => {
    const shape = { n: 40, bits: 8 };
    const values = Array.from({ length: 40 }, (_, i) => BigInt(i - 20));
    const elements = packUpdate(values, 7n, shape);
    expect(elements).to.have.length(3);
    expect(elements[0]).to.equal(7n);
    // 31 values in the first element, 9 in the second; value i sits at bits 8·(i mod 31).
    const expected = [0, 1].map((e) =>
      values.slice(31 * e, 31 * e + 31).reduce((acc, v, k) => acc + ((v + 128n) << BigInt(8 * k)), 0n),
    );
    expect(elements.slice(1)).to.deep.equal(expected);
  });

  it("changes with the salt and with any one value", () => {
    const shape = { n: 4, bits: 8 };
    const base = updateCommitment([1n, 2n, 3n, 4n], 5n, shape);
    expect(updateCommitment([1n, 2n, 3n, 4n], 6n, shape)).to.not.equal(base);
    expect(updateCommitment([1n, 2n, 3n, 5n], 5n, shape)).to.not.equal(base);
  });
});

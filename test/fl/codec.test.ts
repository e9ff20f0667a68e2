import { expect } from "chai";
import fc from "fast-check";

import { UserError } from "../../src/core/errors";
import {
  UpdateOutOfBoundError,
  assertWithinBound,
  clipAndQuantize,
  clipL2,
  fixedPointCodec,
  l2Norm,
  squaredNorm,
} from "../../src/fl/codec";
import { DEMO_CODEC } from "../../src/demo/config";

describe("fl/codec", function () {
  const codec = fixedPointCodec({ length: 8, bits: 16, fractionBits: 10, l2Bound: 2 });

  it("pads to the circuit length and rounds to the nearest 2^-10", function () {
    const q = codec.quantize([0.5, -0.25, 0.0004, 1 / 3]);
    expect(q).to.deep.equal([512n, -256n, 0n, 341n, 0n, 0n, 0n, 0n]);
    codec.dequantize(q).forEach((x, j) => expect(x).to.be.closeTo([0.5, -0.25, 0.0004, 1 / 3, 0, 0, 0, 0][j], 2 ** -11));
  });

  it("derives the integer bound from the real one: (2 · 2^10)²", function () {
    expect(codec.l2BoundSq).to.equal(4194304n);
    expect(DEMO_CODEC.length).to.equal(32);
  });

  it("refuses updates longer than the circuit or coordinates wider than the bits", function () {
    expect(() => codec.quantize(new Array(9).fill(0))).to.throw(RangeError);
    expect(() => codec.quantize([40])).to.throw(UpdateOutOfBoundError, "does not fit in 16 signed bits");
  });

  it("clips to the L2 bound and leaves smaller updates alone", function () {
    expect(l2Norm(clipL2([3, 4], 2))).to.be.closeTo(2, 1e-12);
    expect(clipL2([0.3, 0.4], 2)).to.deep.equal([0.3, 0.4]);
  });

  it("always produces a vector within the circuit's bound, for any update", function () {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 8 }), (update) => {
        const q = clipAndQuantize(codec, update);
        expect(squaredNorm(q) <= codec.l2BoundSq).to.equal(true);
        expect(() => assertWithinBound(codec, q)).to.not.throw();
      }),
    );
  });

  it("refuses to prove an over-bound vector, as a user-facing error", function () {
    const q = codec.quantize([2, 1]);
    expect(() => assertWithinBound(codec, q)).to.throw(UpdateOutOfBoundError, "exceeds the round's bound");
    expect(new UpdateOutOfBoundError("x")).to.be.instanceOf(UserError);
  });
});

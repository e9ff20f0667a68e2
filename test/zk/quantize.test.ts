import { expect } from "chai";

import { ProofInputError, dequantize, padUpdate, quantize } from "../../src/zk";

describe("src/zk quantize: floats to signed fixed point", () => {
  it("scales by 2^f and rounds to the nearest integer", () => {
    const { values, clipped, scale } = quantize([0.5, -0.25, 0.126, 0], 8, 16);
    expect(scale).to.equal(256);
    expect(values).to.deep.equal([128n, -64n, 32n, 0n]);
    expect(clipped).to.deep.equal([]);
  });

  it("clips to [-2^(BITS-1), 2^(BITS-1) - 1] and reports every clipped position", () => {
    // With f = 8 and BITS = 16, reals in [-128, 128) fit; 200 and -129 do not.
    const { values, clipped } = quantize([1, 200, -129, -128], 8, 16);
    expect(values).to.deep.equal([256n, 32767n, -32768n, -32768n]);
    expect(clipped).to.deep.equal([1, 2]);
  });

  it("round-trips through dequantize within half a step", () => {
    const floats = [0.1, -0.7, 3.14159, -2.5];
    const back = dequantize(quantize(floats, 10, 16).values, 10);
    back.forEach((x, i) => expect(Math.abs(x - floats[i])).to.be.at.most(0.5 / 1024));
  });

  it("refuses non-finite values and impossible scales with one clear error", () => {
    expect(() => quantize([1, Number.NaN], 8, 16)).to.throw(ProofInputError, /update\[1\] = NaN is not a finite number/);
    expect(() => quantize([1], 16, 16)).to.throw(ProofInputError, /fractional bits must be an integer in \[0, 15\]/);
  });

  it("zero-pads an update to the circuit's N, and refuses one longer than N", () => {
    expect(padUpdate([5n, -3n], 4)).to.deep.equal([5n, -3n, 0n, 0n]);
    expect(() => padUpdate([1n, 2n, 3n], 2)).to.throw(ProofInputError, /has 3 values, more than the circuit's 2/);
  });
});

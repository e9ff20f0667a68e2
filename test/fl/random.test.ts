import { expect } from "chai";

import { createRng, dirichlet, gamma, normal, shuffled } from "../../src/fl/random";

const draw = (seed: number, label: string, n: number) => {
  const rng = createRng(seed, label);
  return Array.from({ length: n }, () => rng.next());
};

describe("fl/random", function () {
  it("gives the same numbers for the same seed and purpose", function () {
    expect(draw(7, "shards", 20)).to.deep.equal(draw(7, "shards", 20));
  });

  it("gives different streams for different seeds or purposes", function () {
    expect(draw(7, "shards", 5)).to.not.deep.equal(draw(8, "shards", 5));
    expect(draw(7, "shards", 5)).to.not.deep.equal(draw(7, "holdout", 5));
  });

  it("draws uniform numbers in [0, 1) with a mean near one half", function () {
    const xs = draw(1, "uniform", 10_000);
    expect(Math.min(...xs)).to.be.at.least(0);
    expect(Math.max(...xs)).to.be.below(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).to.be.closeTo(0.5, 0.02);
  });

  it("draws standard normals with mean 0 and variance 1", function () {
    const rng = createRng(2, "normal");
    const xs = Array.from({ length: 20_000 }, () => normal(rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(mean).to.be.closeTo(0, 0.03);
    expect(variance).to.be.closeTo(1, 0.05);
  });

  it("draws Gamma(shape) samples whose mean is the shape, below and above 1", function () {
    for (const shape of [0.5, 3]) {
      const rng = createRng(3, `gamma:${shape}`);
      const xs = Array.from({ length: 20_000 }, () => gamma(rng, shape));
      expect(Math.min(...xs)).to.be.above(0);
      expect(xs.reduce((a, b) => a + b, 0) / xs.length).to.be.closeTo(shape, 0.05 * shape);
    }
    expect(() => gamma(createRng(0, "x"), 0)).to.throw(RangeError);
  });

  it("draws Dirichlet vectors of non-negative shares that sum to one", function () {
    const rng = createRng(4, "dirichlet");
    for (let i = 0; i < 100; i++) {
      const p = dirichlet(rng, 5, 0.5);
      expect(p).to.have.length(5);
      expect(p.every((x) => x >= 0)).to.equal(true);
      expect(p.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
    }
  });

  it("shuffles into a permutation without touching the input", function () {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffled(createRng(5, "shuffle"), items);
    expect(out).to.not.deep.equal(items);
    expect([...out].sort((a, b) => a - b)).to.deep.equal(items);
    expect(items[0]).to.equal(0);
  });
});

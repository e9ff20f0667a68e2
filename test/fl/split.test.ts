import { expect } from "chai";
import fc from "fast-check";

import { loadWdbc } from "../../src/fl/data";
import { createRng } from "../../src/fl/random";
import { apportion, partitionNonIid, splitHoldout } from "../../src/fl/split";

describe("fl/split", function () {
  const { labels } = loadWdbc();
  const fractions = { test: 0.2, validation: 0.1 };

  describe("splitHoldout", function () {
    it("puts every example in exactly one of test, validation and pool", function () {
      const split = splitHoldout(labels, createRng(1, "holdout"), fractions);
      const all = [...split.test, ...split.validation, ...split.pool].sort((a, b) => a - b);
      expect(all).to.deep.equal(labels.map((_, i) => i));
    });

    it("keeps the class balance in the test set (stratified)", function () {
      const split = splitHoldout(labels, createRng(1, "holdout"), fractions);
      const malignant = split.test.filter((i) => labels[i] === 1).length;
      expect(malignant).to.equal(Math.round(212 * 0.2));
      expect(split.test.length - malignant).to.equal(Math.round(357 * 0.2));
    });

    it("is the same for the same seed and differs for another", function () {
      const a = splitHoldout(labels, createRng(1, "holdout"), fractions);
      expect(splitHoldout(labels, createRng(1, "holdout"), fractions)).to.deep.equal(a);
      expect(splitHoldout(labels, createRng(2, "holdout"), fractions).test).to.not.deep.equal(a.test);
    });

    it("refuses fractions that leave nothing for the participants", function () {
      expect(() => splitHoldout(labels, createRng(1, "x"), { test: 0.6, validation: 0.4 })).to.throw(RangeError);
    });
  });

  describe("apportion", function () {
    it("splits a total into integer parts that sum to it, proportional within one", function () {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 1000 }),
          fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
          (total, raw) => {
            const sum = raw.reduce((a, b) => a + b, 0);
            const weights = raw.map((w) => w / sum);
            const counts = apportion(total, weights);
            expect(counts.reduce((a, b) => a + b, 0)).to.equal(total);
            counts.forEach((c, i) => expect(Math.abs(c - weights[i] * total)).to.be.below(1 + 1e-9));
          },
        ),
      );
    });
  });

  describe("partitionNonIid", function () {
    const pool = labels.map((_, i) => i);
    const options = { alpha: 0.5, minShardSize: 20 };

    it("partitions the pool into k disjoint shards of at least the minimum size", function () {
      const shards = partitionNonIid(labels, pool, 5, createRng(7, "shards"), options);
      expect(shards).to.have.length(5);
      expect(shards.every((s) => s.length >= 20)).to.equal(true);
      expect(shards.flat().sort((a, b) => a - b)).to.deep.equal(pool);
    });

    it("is deterministic per seed", function () {
      const a = partitionNonIid(labels, pool, 5, createRng(7, "shards"), options);
      expect(partitionNonIid(labels, pool, 5, createRng(7, "shards"), options)).to.deep.equal(a);
      expect(partitionNonIid(labels, pool, 5, createRng(8, "shards"), options)).to.not.deep.equal(a);
    });

    it("gives shards clearly different label mixes (non-IID)", function () {
      const shards = partitionNonIid(labels, pool, 5, createRng(7, "shards"), options);
      const rates = shards.map((s) => s.filter((i) => labels[i] === 1).length / s.length);
      // An IID split would keep every shard near the overall 37% malignant.
      expect(Math.max(...rates) - Math.min(...rates)).to.be.above(0.3);
    });

    it("refuses more shards than the minimum size allows", function () {
      expect(() => partitionNonIid(labels, pool.slice(0, 50), 3, createRng(1, "x"), options)).to.throw(RangeError, "cannot fill");
      expect(() => partitionNonIid(labels, pool, 0, createRng(1, "x"), options)).to.throw(RangeError, "positive integer");
    });
  });
});

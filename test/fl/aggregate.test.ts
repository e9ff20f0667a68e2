import { expect } from "chai";

import { UserError } from "../../src/core/errors";
import { apportionWeights, coordinateMedian, createAggregator, fedAvg, trimmedMean } from "../../src/fl/aggregate";

describe("fl/aggregate", function () {
  const updates = [
    { update: [1, 10], weight: 1 },
    { update: [2, 20], weight: 1 },
    { update: [4, 30], weight: 2 },
  ];

  it("FedAvg weights each update by its shard size", function () {
    // (1·1 + 2·1 + 4·2) / 4 = 2.75 and (10 + 20 + 60) / 4 = 22.5
    expect(fedAvg(updates)).to.deep.equal([2.75, 22.5]);
  });

  it("the coordinate-wise median takes the middle value, or the mean of the two middle ones", function () {
    expect(coordinateMedian(updates)).to.deep.equal([2, 20]);
    expect(coordinateMedian([...updates, { update: [100, -5], weight: 1 }])).to.deep.equal([3, 15]);
  });

  it("the trimmed mean drops the extremes of each coordinate", function () {
    const withOutliers = [...updates, { update: [1000, -1000], weight: 1 }, { update: [-1000, 1000], weight: 1 }];
    // β = 0.2 of 5 trims one value from each end: [1, 2, 4] and [10, 20, 30] remain.
    expect(trimmedMean(0.2)(withOutliers)).to.deep.equal([7 / 3, 20]);
    expect(trimmedMean(0)(updates)).to.deep.equal([7 / 3, 20]);
    expect(() => trimmedMean(0.5)).to.throw(RangeError);
  });

  it("robust aggregators resist one huge update that drags FedAvg away", function () {
    const attacked = [...updates, { update: [1e6, 1e6], weight: 1 }];
    expect(fedAvg(attacked)[0]).to.be.above(1e5);
    expect(coordinateMedian(attacked)[0]).to.be.below(5);
    expect(trimmedMean(0.25)(attacked)[0]).to.be.below(5);
  });

  it("refuses empty or ragged input", function () {
    expect(() => fedAvg([])).to.throw(RangeError, "nothing to aggregate");
    expect(() =>
      coordinateMedian([
        { update: [1], weight: 1 },
        { update: [1, 2], weight: 1 },
      ]),
    ).to.throw(RangeError);
  });

  it("selects the aggregator named by --aggregator", function () {
    expect(createAggregator("fedavg")).to.equal(fedAvg);
    expect(createAggregator("median")).to.equal(coordinateMedian);
    expect(createAggregator("trimmed-mean")(updates)).to.deep.equal(trimmedMean(0.2)(updates));
    expect(() => createAggregator("krum")).to.throw(UserError, 'unknown aggregator "krum"');
  });

  describe("apportionWeights: FedAvg's weights as the small integers an aggregation proof takes", function () {
    it("apportions the total to the shard sizes by largest remainder, summing to exactly the total", function () {
      expect(apportionWeights([100, 100, 100], 31)).to.deep.equal([11n, 10n, 10n]);
      expect(apportionWeights([300, 100], 31)).to.deep.equal([23n, 8n]);
      const weights = apportionWeights([57, 91, 80, 66], 31);
      expect(weights.reduce((a, b) => a + b, 0n)).to.equal(31n);
    });

    it("gives every update at least 1, taking it back from the largest", function () {
      const weights = apportionWeights([1000, 1, 1], 31);
      expect(weights).to.deep.equal([29n, 1n, 1n]);
    });

    it("refuses more updates than the total can give 1 each, a non-positive size, and nothing at all", function () {
      expect(() => apportionWeights([1, 1, 1], 2)).to.throw(
        RangeError,
        "3 updates cannot each get a weight of at least 1 out of 2",
      );
      expect(() => apportionWeights([1, 0], 31)).to.throw(RangeError, "every shard size must be positive");
      expect(() => apportionWeights([], 31)).to.throw(RangeError, "nothing to weight");
    });
  });
});

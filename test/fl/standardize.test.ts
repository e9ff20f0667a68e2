import { expect } from "chai";

import { Dataset, loadWdbc, subset } from "../../src/fl/data";
import { combineMoments, featureMoments, standardize } from "../../src/fl/standardize";

/** Two-pass mean and population std of one column: an independent computation to compare with. */
function columnStats(data: Dataset, j: number): { mean: number; std: number } {
  const xs = data.features.map((r) => r[j]);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

describe("fl/standardize", function () {
  const data = loadWdbc();
  const parts = [
    subset(data, [...Array(100).keys()]),
    subset(
      data,
      [...Array(150).keys()].map((i) => i + 100),
    ),
  ];
  const union = subset(data, [...Array(250).keys()]);

  it("combines per-participant sums into exactly the union's mean and standard deviation", function () {
    const s = combineMoments(parts.map(featureMoments));
    for (let j = 0; j < 30; j++) {
      const expected = columnStats(union, j);
      expect(s.mean[j]).to.be.closeTo(expected.mean, 1e-9 * Math.max(1, Math.abs(expected.mean)));
      expect(s.std[j]).to.be.closeTo(expected.std, 1e-6 * Math.max(1, expected.std));
    }
  });

  it("standardizes the union to mean 0 and standard deviation 1", function () {
    const standardized = standardize(union, combineMoments(parts.map(featureMoments)));
    for (let j = 0; j < 30; j++) {
      const { mean, std } = columnStats(standardized, j);
      expect(mean).to.be.closeTo(0, 1e-9);
      expect(std).to.be.closeTo(1, 1e-6);
    }
  });

  it("depends only on the data it is given, so held-out rows cannot leak in", function () {
    const s = combineMoments(parts.map(featureMoments));
    const withOtherRows = combineMoments([...parts.map(featureMoments), featureMoments(subset(data, [300, 301]))]);
    expect(withOtherRows.mean).to.not.deep.equal(s.mean);
    expect(combineMoments(parts.map(featureMoments))).to.deep.equal(s);
  });

  it("maps a constant feature to 0 instead of dividing by zero", function () {
    const constant: Dataset = {
      features: [
        [5, 1],
        [5, 3],
      ],
      labels: [0, 1],
    };
    const s = combineMoments([featureMoments(constant)]);
    expect(s.std[0]).to.equal(1);
    expect(standardize(constant, s).features.map((r) => r[0])).to.deep.equal([0, 0]);
  });
});

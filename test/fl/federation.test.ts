import { expect } from "chai";

import { loadWdbc, subset } from "../../src/fl/data";
import { DEFAULT_FEDERATION, createFederation, localUpdate } from "../../src/fl/federation";
import { l2Norm } from "../../src/fl/codec";

describe("fl/federation", function () {
  const raw = loadWdbc();
  const options = { ...DEFAULT_FEDERATION, seed: 7, participants: 5, model: "logistic" };
  const federation = createFederation(raw, options);

  it("holds out a test set, a validation set and five shards that together use every row once", function () {
    const sizes = [federation.test, federation.validation, ...federation.shards].map((d) => d.labels.length);
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(569);
    expect(federation.test.labels.length).to.equal(Math.round(212 * 0.2) + Math.round(357 * 0.2));
    expect(federation.shards).to.have.length(5);
  });

  it("standardizes with statistics of the participants' shards only", function () {
    // Rebuild, independently, the rows the shards hold: those not in test or validation. Their mean
    // must be the standardizer's; the mean of all 569 rows (test included) must not.
    const mean = (rows: readonly (readonly number[])[], j: number) => rows.reduce((s, r) => s + r[j], 0) / rows.length;
    const shardRowCount = federation.shards.reduce((n, s) => n + s.labels.length, 0);
    const standardizedShardMean = (j: number) =>
      federation.shards.reduce((s, d) => s + d.features.reduce((t, r) => t + r[j], 0), 0) / shardRowCount;
    for (let j = 0; j < 30; j++) expect(standardizedShardMean(j)).to.be.closeTo(0, 1e-9);
    const everything = subset(raw, [...raw.labels.keys()]);
    expect(federation.standardizer.mean[0]).to.not.be.closeTo(mean(everything.features, 0), 1e-9);
  });

  it("is the same run for the same seed", function () {
    const again = createFederation(raw, options);
    // JSON comparison: chai's deep equality is slow on 400 rows of 30 floats.
    expect(JSON.stringify(again.shards)).to.equal(JSON.stringify(federation.shards));
    expect(again.initialParams).to.deep.equal(federation.initialParams);
    expect(localUpdate(again, 1, again.initialParams, 1, { kind: "honest" })).to.deep.equal(
      localUpdate(federation, 1, federation.initialParams, 1, { kind: "honest" }),
    );
  });

  it("makes the boosting poisoner's update the honest one scaled by its factor", function () {
    const honest = localUpdate(federation, 3, federation.initialParams, 1, { kind: "honest" });
    const boosted = localUpdate(federation, 3, federation.initialParams, 1, { kind: "boosted", factor: 25 });
    expect(l2Norm(boosted)).to.be.closeTo(25 * l2Norm(honest), 1e-9);
  });

  it("gives each participant a different round-to-round training order", function () {
    const r1 = localUpdate(federation, 0, federation.initialParams, 1, { kind: "honest" });
    const r2 = localUpdate(federation, 0, federation.initialParams, 2, { kind: "honest" });
    expect(r1).to.not.deep.equal(r2);
  });
});

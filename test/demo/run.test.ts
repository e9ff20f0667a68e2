import { expect } from "chai";

import { silentProgress } from "../../src/core/progress";
import { UserError } from "../../src/core/errors";
import { loadWdbc } from "../../src/fl/data";
import { DEMO_CODEC } from "../../src/demo/config";
import { DEFAULT_DEMO, behaviourOf, castFor, runFederatedDemo } from "../../src/demo/run";

describe("fl/run: the learning half of the demo (offline, no chain)", function () {
  const data = loadWdbc();

  it("casts P1 as double contributor, P(k-1) as booster and Pk as label flipper", function () {
    const cast = castFor(5);
    expect(cast).to.include({ doubleContributor: "P1", booster: "P4", poisoner: "P5" });
    expect(behaviourOf(cast, "P4", 1).kind).to.equal("boosted");
    expect(behaviourOf(cast, "P4", 2).kind).to.equal("honest");
    expect(behaviourOf(cast, "P5", 3).kind).to.equal("flipped-labels");
    expect(() => castFor(2)).to.throw(UserError, "--participants must be an integer ≥ 3");
  });

  for (const aggregator of ["fedavg", "median", "trimmed-mean"]) {
    it(`beats the initial model on the held-out set with ${aggregator}`, async function () {
      const summary = await runFederatedDemo(data, { ...DEFAULT_DEMO, aggregator }, DEMO_CODEC, undefined, silentProgress);
      expect(summary.rounds).to.have.length(3);
      expect(summary.finalAccuracy).to.be.above(summary.initialAccuracy);
      expect(summary.finalAccuracy).to.be.above(0.9);
      expect(summary.finalLoss).to.be.below(summary.initialLoss);
    });
  }

  it("refuses the boosted update locally and flags the label flipper", async function () {
    const summary = await runFederatedDemo(data, DEFAULT_DEMO, DEMO_CODEC, undefined, silentProgress);
    const overBound = summary.adversaries.filter((a) => a.attack === "over-bound");
    expect(overBound).to.have.length(1);
    expect(overBound[0]).to.include({ participant: "P4", round: 1, stopped: true });
    expect(summary.rounds[0]).to.include({ accepted: 4, rejected: 1 });
    expect(summary.rounds.flatMap((r) => r.flagged)).to.include("P5");
    expect(summary.rounds.flatMap((r) => r.flagged).every((p) => p === "P5")).to.equal(true);
    expect(summary.config.network).to.equal("offline");
    expect(summary.slashed).to.deep.equal([]);
  });

  it("is reproducible: the same seed gives the same summary, another seed another", async function () {
    const strip = (s: object) => JSON.stringify({ ...s, timings: undefined });
    const a = await runFederatedDemo(data, DEFAULT_DEMO, DEMO_CODEC, undefined, silentProgress);
    const b = await runFederatedDemo(data, DEFAULT_DEMO, DEMO_CODEC, undefined, silentProgress);
    const c = await runFederatedDemo(data, { ...DEFAULT_DEMO, seed: 8 }, DEMO_CODEC, undefined, silentProgress);
    expect(strip(a)).to.equal(strip(b));
    expect(strip(c)).to.not.equal(strip(a));
  });

  it("rejects bad options before doing anything", async function () {
    await expectUserError(
      runFederatedDemo(data, { ...DEFAULT_DEMO, rounds: 0 }, DEMO_CODEC, undefined, silentProgress),
      "--rounds",
    );
    await expectUserError(
      runFederatedDemo(data, { ...DEFAULT_DEMO, aggregator: "krum" }, DEMO_CODEC, undefined, silentProgress),
      'unknown aggregator "krum"',
    );
  });
});

async function expectUserError(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.contain(message);
    return;
  }
  expect.fail(`expected a UserError containing "${message}"`);
}

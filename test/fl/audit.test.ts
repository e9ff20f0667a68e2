import { expect } from "chai";

import { auditUpdates } from "../../src/fl/audit";
import { loadWdbc } from "../../src/fl/data";
import { evaluate } from "../../src/fl/evaluate";
import { DEFAULT_FEDERATION, createFederation, localUpdate } from "../../src/fl/federation";

describe("fl/audit: leave-one-out aggregation evaluation", function () {
  const federation = createFederation(loadWdbc(), { ...DEFAULT_FEDERATION, seed: 7, participants: 5, model: "logistic" });
  const global = federation.initialParams;
  const weightOf = (i: number) => federation.shards[i].labels.length;

  it("flags the flipped-label update and none of the honest ones", function () {
    const updates = federation.shards.map((_, i) => ({
      update: localUpdate(federation, i, global, 2, i === 2 ? { kind: "flipped-labels" } : { kind: "honest" }),
      weight: weightOf(i),
    }));
    const audit = auditUpdates(federation.model, global, updates, federation.validation);
    expect(audit.verdicts.map((v) => v.flagged)).to.deep.equal([false, false, true, false, false]);
    expect(audit.verdicts[2].without.logLoss).to.be.below(audit.withAll.logLoss);
    expect(audit.verdicts[2].reason).to.match(/^leaving it out lowers validation log-loss by/);
  });

  it("flags nothing when every update is honest", function () {
    const updates = federation.shards.map((_, i) => ({
      update: localUpdate(federation, i, global, 1, { kind: "honest" }),
      weight: weightOf(i),
    }));
    const audit = auditUpdates(federation.model, global, updates, federation.validation);
    expect(audit.verdicts.some((v) => v.flagged)).to.equal(false);
  });

  it("cannot judge a lone update and says so", function () {
    const single = [{ update: localUpdate(federation, 0, global, 1, { kind: "flipped-labels" }), weight: 1 }];
    const audit = auditUpdates(federation.model, global, single, federation.validation);
    expect(audit.verdicts[0].flagged).to.equal(false);
    expect(audit.verdicts[0].without).to.deep.equal(evaluate(federation.model, global, federation.validation));
  });
});

import { expect } from "chai";

import { Dataset, loadWdbc, subset } from "../../src/fl/data";
import { evaluate } from "../../src/fl/evaluate";
import { logisticRegression } from "../../src/fl/model";
import { createRng } from "../../src/fl/random";
import { combineMoments, featureMoments, standardize } from "../../src/fl/standardize";
import { DEFAULT_TRAINING, applyUpdate, difference, flipLabels, trainLocal } from "../../src/fl/train";

describe("fl/train", function () {
  const raw = subset(loadWdbc(), [...Array(200).keys()]);
  const data = standardize(raw, combineMoments([featureMoments(raw)]));
  const model = logisticRegression(30);
  const zero = new Array<number>(31).fill(0);

  it("lowers the training loss from the starting parameters", function () {
    const trained = trainLocal(model, zero, data, DEFAULT_TRAINING, createRng(1, "train"));
    const before = evaluate(model, zero, data);
    const after = evaluate(model, trained, data);
    expect(after.logLoss).to.be.below(before.logLoss / 2);
    expect(after.accuracy).to.be.above(0.9);
  });

  it("is deterministic for a seed and does not modify the global parameters", function () {
    const global = zero.slice();
    const a = trainLocal(model, global, data, DEFAULT_TRAINING, createRng(1, "train"));
    expect(trainLocal(model, global, data, DEFAULT_TRAINING, createRng(1, "train"))).to.deep.equal(a);
    expect(global).to.deep.equal(zero);
  });

  it("forms updates that move the global parameters to the local ones", function () {
    const global = zero.map((_, j) => j / 10);
    const local = trainLocal(model, global, data, DEFAULT_TRAINING, createRng(2, "train"));
    const moved = applyUpdate(global, difference(local, global));
    moved.forEach((x, j) => expect(x).to.be.closeTo(local[j], 1e-12));
    // Padding beyond the model's parameters is ignored.
    expect(applyUpdate([1, 2], [1, 1, 99])).to.deep.equal([2, 3]);
    expect(() => difference([1], [1, 2])).to.throw(RangeError);
  });

  it("flips every label for the poisoner, and training on them makes the model worse than chance", function () {
    const flipped: Dataset = flipLabels(data);
    expect(flipped.labels.every((y, i) => y === 1 - data.labels[i])).to.equal(true);
    const poisoned = trainLocal(model, zero, flipped, DEFAULT_TRAINING, createRng(1, "train"));
    expect(evaluate(model, poisoned, data).accuracy).to.be.below(0.2);
  });
});

import { expect } from "chai";

import { UserError } from "../../src/core/errors";
import { Dataset } from "../../src/fl/data";
import { createModel, logisticRegression } from "../../src/fl/model";
import { createRng } from "../../src/fl/random";

describe("fl/model: logistic regression", function () {
  const model = logisticRegression(3);
  const batch: Dataset = {
    features: [
      [0.5, -1, 2],
      [-0.3, 0.8, 0.1],
      [1.2, 0.4, -0.7],
    ],
    labels: [1, 0, 1],
  };

  /** Mean log-loss plus the same penalty, computed directly from the definition. */
  function objective(params: number[], l2: number): number {
    let loss = 0;
    batch.features.forEach((x, i) => {
      const z = params[3] + x.reduce((s, xj, j) => s + params[j] * xj, 0);
      const p = 1 / (1 + Math.exp(-z));
      loss -= batch.labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    });
    return loss / batch.features.length + (l2 / 2) * params.slice(0, 3).reduce((s, w) => s + w * w, 0);
  }

  it("has one weight per feature plus a bias", function () {
    expect(model.parameterCount).to.equal(4);
    expect(createModel("logistic", 30).parameterCount).to.equal(31);
  });

  it("computes the gradient of its objective (checked by finite differences)", function () {
    const params = [0.3, -0.2, 0.5, 0.1];
    const l2 = 0.01;
    const grad = model.gradient(params, batch, l2);
    const h = 1e-6;
    params.forEach((_, j) => {
      const up = params.slice();
      const down = params.slice();
      up[j] += h;
      down[j] -= h;
      expect(grad[j]).to.be.closeTo((objective(up, l2) - objective(down, l2)) / (2 * h), 1e-6);
    });
  });

  it("predicts 0.5 at zero and stays finite for huge logits", function () {
    expect(model.predict([0, 0, 0, 0], [1, 2, 3])).to.equal(0.5);
    expect(model.predict([1e4, 0, 0, 0], [1, 0, 0])).to.equal(1);
    expect(model.predict([-1e4, 0, 0, 0], [1, 0, 0])).to.equal(0);
  });

  it("draws small seeded initial parameters", function () {
    const a = model.initialParams(createRng(1, "init"));
    expect(a).to.deep.equal(model.initialParams(createRng(1, "init")));
    expect(a.every((x) => Math.abs(x) < 1)).to.equal(true);
  });

  it("rejects an unknown --model as a user error naming the choices", function () {
    expect(() => createModel("mlp", 30)).to.throw(UserError, 'unknown model "mlp"; choose one of: logistic');
  });
});

import { expect } from "chai";

import { compareFigures } from "../../bench/compare";
import { Figure } from "../../bench/figures";

const figure = (file: string, name: string, value: number): Figure => ({ file, name, value });

describe("Benchmark comparison (bench/compare.ts)", () => {
  it("flag any gas increase, however small, since gas is deterministic", () => {
    const [change] = compareFigures([figure("gas.json", "stake.avg", 100_000)], [figure("gas.json", "stake.avg", 100_001)], 10);
    expect(change.regression).to.equal(true);
    expect(change.deltaPct).to.be.closeTo(0.001, 1e-9);
  });

  it("flag a timing only when it is worse by more than the threshold", () => {
    const base = [figure("zk.json", "a.proveMs", 1000), figure("zk.json", "b.proveMs", 1000)];
    const head = [figure("zk.json", "a.proveMs", 1090), figure("zk.json", "b.proveMs", 1110)];
    expect(compareFigures(base, head, 10).map((change) => change.regression)).to.deep.equal([false, true]);
  });

  it("treat a throughput that drops as worse and one that rises as better", () => {
    const base = [figure("zk.json", "x.paramsPerSecond", 700), figure("zk.json", "y.paramsPerSecond", 700)];
    const head = [figure("zk.json", "x.paramsPerSecond", 500), figure("zk.json", "y.paramsPerSecond", 900)];
    expect(compareFigures(base, head, 10).map((change) => change.regression)).to.deep.equal([true, false]);
  });

  it("list figures present on only one side without calling them regressions", () => {
    const changes = compareFigures([figure("gas.json", "old.avg", 1)], [figure("gas.json", "new.avg", 2)], 10);
    expect(changes.map((change) => [change.key, change.before, change.after, change.regression])).to.deep.equal([
      ["gas.json: old.avg", 1, undefined, false],
      ["gas.json: new.avg", undefined, 2, false],
    ]);
  });
});

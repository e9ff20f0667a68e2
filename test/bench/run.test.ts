import { expect } from "chai";

import { flattenFigures } from "../../bench/figures";
import { benchmarkScripts, renderReport } from "../../bench/run";

describe("Benchmark runner (bench/run.ts)", () => {
  it("runs bench:zk, then bench:gas, then the other bench:* scripts, and never the comparison tool", () => {
    const scripts = {
      "bench:gas:governance": "x",
      "bench:compare": "x",
      "bench:gas": "x",
      bench: "x",
      "bench:zk": "x",
      test: "x",
    };
    expect(benchmarkScripts(scripts)).to.deep.equal(["bench:zk", "bench:gas", "bench:gas:governance"]);
  });

  it("reports the machine and date, and a table of every figure of the files the run wrote", () => {
    const record = {
      date: "2026-01-02T03:04:05.000Z",
      machine: { cpu: "Test CPU", cores: 2, memoryGb: 7.8, node: "v20.0.0", platform: "linux" },
      steps: [{ script: "bench:gas", seconds: 12 }],
      files: ["gas.json"],
    };
    const figures = [
      ...flattenFigures("gas.json", { stake: { avg: 150_000 } }),
      ...flattenFigures("zk.json", { circuits: [{ circuit: "c", proveMs: 1 }] }),
    ];
    const report = renderReport(record, figures, ["zk.json"]);
    for (const line of [
      "| Date | 2026-01-02T03:04:05.000Z |",
      "| CPU | Test CPU |",
      "| Cores | 2 |",
      "| Memory | 7.8 GB |",
      "| Node | v20.0.0 |",
    ]) {
      expect(report).to.contain(line);
    }
    expect(report).to.contain("| stake.avg | 150000 |");
    expect(report).not.to.contain("proveMs");
    expect(report).to.contain("this run did not rewrite them: `zk.json`");
  });
});

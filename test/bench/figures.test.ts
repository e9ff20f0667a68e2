import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { flattenFigures, formatValue, loadResultSet, machineInfo } from "../../bench/figures";
import { UserError } from "../../src/core/errors";

describe("Benchmark figures (bench/figures.ts)", () => {
  it("name each number in a results file by its path, in the file's order", () => {
    const gas = { stake: { avg: 150_000, max: 160_000 }, claim: { avg: 60_000, max: 61_000 } };
    expect(flattenFigures("gas.json", gas)).to.deep.equal([
      { file: "gas.json", name: "stake.avg", value: 150_000 },
      { file: "gas.json", name: "stake.max", value: 160_000 },
      { file: "gas.json", name: "claim.avg", value: 60_000 },
      { file: "gas.json", name: "claim.max", value: 61_000 },
    ]);
  });

  it("name rows of an array by their string fields and UPPER-CASE parameters, not by their position", () => {
    const zk = { circuits: [{ circuit: "contribution", N: 256, BITS: 16, DEPTH: 20, proveMs: 1234.5, note: "x" }] };
    expect(flattenFigures("zk.json", zk)).to.deep.equal([
      { file: "zk.json", name: "circuits[contribution N=256 BITS=16 DEPTH=20 x].proveMs", value: 1234.5 },
    ]);
  });

  it("fall back to the index for rows with nothing that identifies them, and ignore non-numbers", () => {
    expect(flattenFigures("f.json", { series: [3, { ms: 4 }], label: "text", ok: true, gone: null })).to.deep.equal([
      { file: "f.json", name: "series[0]", value: 3 },
      { file: "f.json", name: "series[1].ms", value: 4 },
    ]);
  });

  it("read every JSON file of a results folder, and say clearly when a file is not JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-results-"));
    fs.writeFileSync(path.join(dir, "gas.json"), JSON.stringify({ stake: { avg: 1 } }));
    fs.writeFileSync(path.join(dir, "README.md"), "not a results file");
    expect([...loadResultSet(dir).files.keys()]).to.deep.equal(["gas.json"]);
    fs.writeFileSync(path.join(dir, "broken.json"), "{");
    expect(() => loadResultSet(dir)).to.throw(UserError, /broken\.json is not valid JSON/);
    expect(() => loadResultSet(path.join(dir, "missing"))).to.throw(UserError, /is not a folder of benchmark results/);
  });

  it("refuse a git revision that has no bench/results folder", () => {
    expect(() => loadResultSet("git:no-such-revision-anywhere")).to.throw(UserError, /No bench\/results folder/);
  });

  it("describe the machine: CPU model, cores, memory, Node version", () => {
    const machine = machineInfo();
    expect(machine.cores).to.equal(os.cpus().length);
    expect(machine.node).to.equal(process.version);
    expect(machine.memoryGb).to.be.greaterThan(0);
    expect(machine.cpu).to.equal(os.cpus()[0].model.trim());
  });

  it("print gas as an integer and timings with decimals", () => {
    expect(formatValue(181_234)).to.equal("181234");
    expect(formatValue(12.34567)).to.equal("12.346");
    expect(formatValue(1234.56)).to.equal("1234.6");
  });
});

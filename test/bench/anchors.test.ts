import { expect } from "chai";

import { ANCHOR_PAIRS, anchorsOf, buildAnchors, gasRatio, renderAnchors } from "../../bench/anchors";
import { flattenFigures } from "../../bench/figures";
import { renderReport } from "../../bench/run";
import { UserError } from "../../src/core/errors";

const guardians = {
  stake: { avg: 500_000, max: 520_000 },
  memberTreeInsertAlone: { avg: 250_000, max: 277_000 },
  submitContribution: { avg: 300_000, max: 300_010 },
  claim: { avg: 70_000, max: 70_000 },
};
const semaphore = { addMember: { avg: 255_000, max: 282_000 }, validateProof: { avg: 286_000, max: 286_020 } };

describe("Benchmark anchors beside Semaphore (bench/anchors.ts)", () => {
  it("pair stake and the member-tree insert with addMember, and submitContribution with validateProof", () => {
    const anchors = buildAnchors(guardians, semaphore, "Semaphore v4 test");
    expect(anchors.semaphore).to.equal("Semaphore v4 test");
    expect(anchors.rows.map((row) => [row.guardians, row.semaphore])).to.deep.equal(
      ANCHOR_PAIRS.map((pair) => [pair.guardians, pair.semaphore]),
    );
    expect(anchors.rows[0]).to.deep.equal({
      guardians: "stake",
      semaphore: "addMember",
      guardiansAvg: 500_000,
      guardiansMax: 520_000,
      semaphoreAvg: 255_000,
      semaphoreMax: 282_000,
      ratio: 1.961,
    });
    expect(anchors.rows[2].ratio).to.equal(gasRatio(300_000, 286_000));
  });

  it("take the ratio as Guardians ÷ Semaphore to three decimals, and refuse a missing side", () => {
    expect(gasRatio(300_000, 286_000)).to.equal(1.049);
    expect(gasRatio(100, 200)).to.equal(0.5);
    expect(() => gasRatio(1, 0)).to.throw(/ratio to 0 gas/);
    expect(() => buildAnchors({ stake: guardians.stake }, semaphore, "x")).to.throw(/"memberTreeInsertAlone" was not measured/);
    expect(() => buildAnchors(guardians, { addMember: semaphore.addMember }, "x")).to.throw(/"validateProof" was not measured/);
  });

  it("name each anchor figure by its pair in gas.json, leaving the description out of the figures", () => {
    const gasJson = { stake: guardians.stake, anchors: buildAnchors(guardians, semaphore, "Semaphore v4 test") };
    const names = flattenFigures("gas.json", gasJson).map((figure) => figure.name);
    expect(names).to.include.members([
      "anchors.rows[stake addMember].ratio",
      "anchors.rows[memberTreeInsertAlone addMember].semaphoreAvg",
      "anchors.rows[submitContribution validateProof].guardiansMax",
    ]);
    expect(names.filter((name) => name.startsWith("anchors."))).to.have.length(3 * 5);
  });

  it("read the anchors back from gas.json, and say what is wrong with a malformed section", () => {
    const anchors = buildAnchors(guardians, semaphore, "Semaphore v4 test");
    expect(anchorsOf(JSON.parse(JSON.stringify({ stake: guardians.stake, anchors })))).to.deep.equal(anchors);
    expect(anchorsOf({ stake: guardians.stake })).to.equal(undefined);
    expect(anchorsOf(undefined)).to.equal(undefined);
    expect(() => anchorsOf({ anchors: { semaphore: "x", rows: [{ guardians: "stake", semaphore: "addMember" }] } })).to.throw(
      UserError,
      /"anchors" must be/,
    );
  });

  it("render a side-by-side table under gas.json's figures in the report", () => {
    const anchors = buildAnchors(guardians, semaphore, "Semaphore v4 test");
    const table = renderAnchors(anchors).join("\n");
    expect(table).to.contain("| Guardians | avg gas | max gas | Semaphore v4 | avg gas | max gas | Guardians ÷ Semaphore |");
    expect(table).to.contain("| `stake` | 500000 | 520000 | `addMember` | 255000 | 282000 | 1.961 |");
    expect(table).to.contain("| `submitContribution` | 300000 | 300010 | `validateProof` | 286000 | 286020 | 1.049 |");

    const record = {
      date: "2026-01-02T03:04:05.000Z",
      machine: { cpu: "Test CPU", cores: 2, memoryGb: 7.8, node: "v20.0.0", platform: "linux" },
      steps: [{ script: "bench:gas", seconds: 12 }],
      files: ["gas.json", "scaling.json"],
    };
    const figures = [
      ...flattenFigures("gas.json", { stake: guardians.stake, anchors }),
      ...flattenFigures("scaling.json", { stakeGasByMembersInTree: { 10: 1 } }),
    ];
    const report = renderReport(record, figures, [], anchors);
    const sideBySide = report.indexOf("### Side by side with Semaphore v4");
    expect(sideBySide).to.be.greaterThan(report.indexOf("## gas.json"));
    expect(sideBySide).to.be.lessThan(report.indexOf("## scaling.json"));
    expect(report).to.contain("Semaphore v4 test. Ratio: Guardians ÷ Semaphore, on the averages.");
    expect(renderReport(record, figures, [])).not.to.contain("Side by side");
  });
});

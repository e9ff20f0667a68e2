import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { accuracyChart, formatTable, gasChart, totalGasByAction, writeReport } from "../../src/demo/report";
import { RunSummary } from "../../src/demo/summary";

const summary: RunSummary = {
  initialAccuracy: 0.5,
  finalAccuracy: 0.96,
  initialLoss: 0.7,
  finalLoss: 0.12,
  rounds: [
    {
      round: 1,
      accepted: 4,
      rejected: 2,
      accuracy: 0.9,
      loss: 0.2,
      gas: { submit: 1000, openRound: 50 },
      flagged: [],
      selection: { P1: 8, P2: 8, P3: 8, P4: 7 },
      modelVersion: "2",
      verified: true,
    },
    {
      round: 2,
      accepted: 5,
      rejected: 0,
      accuracy: 0.96,
      loss: 0.12,
      gas: { submit: 1200 },
      flagged: ["P5"],
      selection: { P1: 8, P2: 8, P3: 8, P4: 7, P5: 0 },
      modelVersion: "3",
      verified: false,
    },
  ],
  slashed: [{ member: "lender", reason: "identity-disclosed", amount: "100", whistleblower: "w", whistleblowerReward: "10" }],
  revoked: [{ round: 2, participant: "P5", bondForfeited: "5", reason: "flagged <by audit>" }],
  config: {
    participants: 5,
    rounds: 2,
    seed: 7,
    model: "logistic",
    aggregator: "fedavg",
    network: "hardhat",
    shards: [{ examples: 10, malignant: 3 }],
    testExamples: 114,
    validationExamples: 57,
    l2Bound: 2,
  },
  adversaries: [{ attack: "over-bound", participant: "P4", round: 1, outcome: "refused locally", stopped: true }],
  setupGas: { stake: 300 },
  closingGas: { claim: 70 },
  timings: { setup: 1.5 },
};

describe("fl/report", function () {
  it("writes summary.json in the issue's shape and an HTML report", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-report-"));
    const files = writeReport(path.join(dir, "out"), summary);
    const written = JSON.parse(fs.readFileSync(files.summary, "utf8"));
    expect(written).to.include.keys("initialAccuracy", "finalAccuracy", "rounds", "slashed", "revoked");
    expect(written.rounds[0]).to.include.keys("round", "accepted", "rejected", "accuracy", "gas");
    expect(written).to.deep.equal(JSON.parse(JSON.stringify(summary)));
    const html = fs.readFileSync(files.report, "utf8");
    expect(html).to.match(/^<!doctype html>/);
    expect(html.match(/<svg /g)).to.have.length(2);
    expect(html).to.contain("flagged &#60;by audit&#62;");
    expect(html).to.contain("P5×0");
    expect(html).to.contain("v3 ✗ NOT verified");
    expect(html).to.contain("10.24432/C5DW2B");
  });

  it("sums gas per action over setup, rounds and closing, largest first", function () {
    expect(totalGasByAction(summary)).to.deep.equal([
      ["submit", 2200],
      ["stake", 300],
      ["claim", 70],
      ["openRound", 50],
    ]);
  });

  it("charts one point per round plus the initial model, and one bar per action", function () {
    expect(accuracyChart(summary).match(/<circle /g)).to.have.length(3);
    expect(gasChart(summary).match(/<rect /g)).to.have.length(4);
    expect(gasChart({ ...summary, rounds: [], setupGas: {}, closingGas: {} })).to.contain("No on-chain actions");
  });

  it("prints one line per round, then gas per action by phase with totals", function () {
    const [rounds, gas] = formatTable(summary).split("\n\n");
    const roundLines = rounds.split("\n");
    expect(roundLines).to.have.length(2 + 1 + 2);
    expect(roundLines[0]).to.match(/^round\s+accepted\s+rejected\s+selection\s+model\s+accuracy\s+loss\s+gas$/);
    expect(roundLines[3]).to.match(/^1\s+4\s+2\s+P1×8 P2×8 P3×8 P4×7\s+v2 ✓ verified\s+90\.0%\s+0\.2000\s+1,050$/);
    expect(roundLines[4]).to.contain("P5×0").and.to.contain("v3 ✗ NOT verified");
    const gasLines = gas.split("\n");
    expect(gasLines[0]).to.match(/^gas per action\s+setup\s+round 1\s+round 2\s+closing\s+total$/);
    expect(gasLines[2]).to.match(/^submit\s+1,000\s+1,200\s+2,200$/);
    expect(gasLines).to.have.length(2 + 4);
  });
});

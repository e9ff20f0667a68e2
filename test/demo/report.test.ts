import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  accuracyChart,
  formatGrdAmount,
  formatTable,
  gasChart,
  renderHtml,
  totalGasByAction,
  writeReport,
} from "../../src/demo/report";
import { RunSummary, adversaryLine } from "../../src/demo/summary";

const HASH_2 = `0x${"ab".repeat(32)}`;
const HASH_3 = `0x${"cd".repeat(32)}`;
const ROUND_MANAGER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

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
      weightsHash: HASH_2,
      modelFile: "/tmp/run/models/version-2.json",
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
      weightsHash: HASH_3,
      modelFile: "/tmp/run/models/version-3.json",
      verified: false,
    },
  ],
  slashed: [
    {
      member: "lender",
      reason: "identity-disclosed",
      amount: "100000000000000000000",
      whistleblower: "w",
      whistleblowerReward: "2500000000000000000",
    },
  ],
  revoked: [{ round: 2, participant: "P5", bondForfeited: "10000000000000000000", reason: "flagged <by audit>" }],
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
  deployment: {
    network: "hardhat",
    chainId: 31337,
    journal: "/tmp/run/deployment-hardhat.json",
    contracts: {
      RoundManager: ROUND_MANAGER,
      ModelRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      ParticipantRegistry: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
      GuardiansGovernor: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    },
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

  it("prints GRD amounts in GRD, not in wei", function () {
    const html = renderHtml(summary);
    expect(formatGrdAmount("10000000000000000000")).to.equal("10 GRD");
    expect(formatGrdAmount("2500000000000000000")).to.equal("2.5 GRD");
    expect(html).to.contain("<td>100 GRD</td>").and.to.contain("<td>2.5 GRD</td>").and.to.contain("<td>10 GRD</td>");
    expect(html).to.not.contain("100000000000000000000");
    expect(html).to.not.contain("(wei)");
  });

  it("shows each round's model version with its weightsHash and model file, and the deployment's contracts", function () {
    const html = renderHtml(summary);
    expect(html).to.match(
      /<td>1<\/td><td>v2<\/td><td class="code">0xabab[0-9a-f]*<\/td><td class="code">\/tmp\/run\/models\/version-2\.json<\/td>/,
    );
    expect(html).to.contain(HASH_3).and.to.contain("version-3.json");
    for (const name of ["RoundManager", "ModelRegistry", "ParticipantRegistry", "GuardiansGovernor"])
      expect(html).to.contain(`<td>${name}</td>`);
    expect(html).to.contain(`<td class="code">${ROUND_MANAGER}</td>`);
    expect(html).to.contain("chain 31337").and.to.contain("/tmp/run/deployment-hardhat.json");
  });

  it("says an offline run deployed nothing and registered no model", function () {
    const offline = renderHtml({
      ...summary,
      deployment: undefined,
      rounds: summary.rounds.map((r) => ({ ...r, modelVersion: undefined, weightsHash: undefined, modelFile: undefined })),
    });
    expect(offline).to.contain("Offline run: nothing was deployed.");
    expect(offline).to.contain("Offline run: no model version was registered.");
  });

  it("fits a 1280-pixel window: every table scrolls in its own box and hashes break anywhere", function () {
    const html = renderHtml(summary);
    const maxWidth = Number(/body\{[^}]*max-width:(\d+)px/.exec(html)?.[1]);
    expect(maxWidth).to.be.at.most(1280 - 2 * 16);
    expect(html).to.match(/\.wide\{max-width:100%;overflow-x:auto\}/);
    expect(html.match(/<table>/g)?.length).to.equal(html.match(/<div class="wide"><table>/g)?.length);
    expect(html).to.match(/td\.code,code\{[^}]*word-break:break-all/);
    expect(html).to.match(/svg\{max-width:100%/);
  });

  it("reads a stopped attack as a success and only an attack that got through as a failure", function () {
    const attack = summary.adversaries[0];
    expect(adversaryLine(attack)).to.equal("✓ stopped: over-bound (P4, round 1): refused locally");
    expect(adversaryLine({ ...attack, stopped: false, outcome: "never flagged" })).to.equal(
      "✗ NOT stopped: over-bound (P4, round 1): never flagged",
    );
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

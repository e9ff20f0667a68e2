import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { silentProgress, type Progress } from "../../src/core/progress";
import { parseDemoArgs } from "../../src/demo/cli";
import { runDemo } from "../../src/demo/main";
import { RunSummary } from "../../src/demo/summary";

/**
 * The demo end to end on the in-process network, in a small configuration: 3 hospitals (one honest
 * double contributor, one booster, one label flipper) plus the lender, 1 round, real proofs, real
 * deployment, real governance. Everything is checked on summary.json as written to disk.
 */
describe("demo: npm run demo, small configuration, on the in-process network", function () {
  let summary: RunSummary;
  let failures: string[];
  let outDir: string;
  /** Every line the run printed with progress.info. */
  const printed: string[] = [];
  const recording: Progress = { info: (line) => printed.push(line), step: (label, total) => silentProgress.step(label, total) };

  before(async function () {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-demo-"));
    const command = parseDemoArgs(["--participants", "3", "--rounds", "1", "--seed", "7", "--out", outDir], {});
    const result = await runDemo(command, recording);
    failures = result.failures;
    summary = JSON.parse(fs.readFileSync(path.join(outDir, "summary.json"), "utf8")) as RunSummary;
  });

  it("passes its own checks and writes the report", function () {
    expect(failures).to.deep.equal([]);
    expect(fs.readFileSync(path.join(outDir, "report.html"), "utf8")).to.contain("<svg");
    expect(summary.config.network).to.equal("hardhat");
  });

  it("improves test accuracy over the initial model", function () {
    expect(summary.finalAccuracy).to.be.above(summary.initialAccuracy);
    expect(summary.rounds[0].accuracy).to.equal(summary.finalAccuracy);
  });

  it("counts accepted and rejected contributions and the gas of every on-chain action", function () {
    // P1 and P3 contribute; P2's forged over-bound submission and P1's second one are rejected.
    expect(summary.rounds[0]).to.include({ round: 1, accepted: 2, rejected: 2 });
    // Bonds come from bond balances: each contribution deposits its bond first, and the forced submissions
    // withdraw theirs again once the contract has rejected them.
    for (const action of [
      "openRound",
      "deposit bonds",
      "submit",
      "withdraw bonds",
      "finalizeRound",
      "propose",
      "vote",
      "queue",
      "execute",
    ]) {
      expect(summary.rounds[0].gas[action], action).to.be.above(0);
    }
    expect(summary.setupGas.stake).to.be.above(0);
    expect(summary.closingGas.claim).to.be.above(0);
  });

  it("stops every adversary: refused and rejected, nullified, slashed, revoked", function () {
    const outcome = (attack: string) => summary.adversaries.find((a) => a.attack === attack);
    expect(outcome("over-bound")).to.include({ participant: "P2", stopped: true });
    expect(outcome("over-bound")?.outcome).to.match(
      /refused locally; forced submission rejected on-chain: RoundManagerInvalidProof/,
    );
    expect(outcome("double-contribution")).to.include({ participant: "P1", stopped: true });
    expect(outcome("double-contribution")?.outcome).to.contain("RoundManagerNullifierAlreadyUsed");
    expect(outcome("lent-identity")).to.include({ participant: "lender", stopped: true });
    expect(outcome("flipped-labels")).to.include({ participant: "P3", stopped: true });
    expect(summary.adversaries.every((a) => a.stopped)).to.equal(true);
  });

  it("prints every stopped attack as a success, and no attack as having got through", function () {
    const attackLines = printed.filter((line) => /stopped:/.test(line));
    expect(attackLines.some((line) => /✓ stopped: P2's boosted update: the local check refuses to prove it/.test(line))).to.equal(
      true,
    );
    expect(attackLines.some((line) => /✓ stopped: P1's second contribution in round 1 rejected/.test(line))).to.equal(true);
    expect(attackLines.some((line) => /✓ stopped: lender's lent identity disclosed/.test(line))).to.equal(true);
    expect(printed.filter((line) => line.includes("✗"))).to.deep.equal([]);
  });

  it("records the deployment's journal and contract addresses, and each round's model version, hash and file", function () {
    const deployment = summary.deployment;
    if (!deployment) throw new Error("no deployment in the summary");
    expect(deployment).to.include({ network: "hardhat", chainId: 31337 });
    expect(fs.existsSync(deployment.journal)).to.equal(true);
    expect(Object.keys(deployment.contracts)).to.have.members([
      "RoundManager",
      "ModelRegistry",
      "ParticipantRegistry",
      "GuardiansGovernor",
    ]);
    for (const address of Object.values(deployment.contracts)) expect(address).to.match(/^0x[0-9a-fA-F]{40}$/);
    const [round] = summary.rounds;
    expect(round.modelVersion).to.equal("2");
    expect(round.weightsHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(fs.existsSync(round.modelFile ?? "")).to.equal(true);
  });

  it("slashes the lender, pays the whistleblower and forfeits the flipper's bond", function () {
    expect(summary.slashed).to.have.length(1);
    const [slash] = summary.slashed;
    expect(slash).to.include({ member: "lender", reason: "identity-disclosed", whistleblower: "whistleblower" });
    expect(BigInt(slash.amount)).to.be.above(0n);
    expect(BigInt(slash.whistleblowerReward ?? "0")).to.be.above(0n);
    expect(summary.revoked.map((r) => r.participant)).to.deep.equal(["P3"]);
    expect(BigInt(summary.revoked[0].bondForfeited)).to.be.above(0n);
  });

  it("adds up token balances: nothing minted or lost, and each flow lands where it should", function () {
    const balances = summary.balances;
    if (!balances) throw new Error("no balances in the summary");
    expect(balances.conserved).to.equal(true);
    const delta = (who: string) => BigInt(balances.end[who]) - BigInt(balances.start[who]);
    const bond = BigInt(summary.revoked[0].bondForfeited);
    const slash = summary.slashed[0];
    // The whistleblower started with no GRD and ends with exactly its reward.
    expect(BigInt(balances.start.whistleblower)).to.equal(0n);
    expect(delta("whistleblower")).to.equal(BigInt(slash.whistleblowerReward ?? "0"));
    // The registry lost the slashed stake; the treasury gained the rest of it plus the forfeited bond.
    expect(delta("ParticipantRegistry")).to.equal(-BigInt(slash.amount));
    expect(delta("treasury (timelock)")).to.equal(BigInt(slash.amount) - BigInt(slash.whistleblowerReward ?? "0") + bond);
    // The flipper paid its bond and got nothing back; the honest contributor earned the reward.
    expect(delta("P3")).to.equal(-bond);
    expect(delta("P1")).to.be.above(0n);
    // Every deposit was taken by a submission or withdrawn: the RoundManager is left holding nothing.
    expect(BigInt(balances.end.RoundManager)).to.equal(0n);
  });
});

import { expect } from "chai";

import { UserError } from "../../src/core/errors";
import { parseDemoArgs, runFailures } from "../../src/demo/cli";
import { RunSummary } from "../../src/demo/summary";

describe("fl/cli: demo flags and the pass/fail rule", function () {
  it("defaults to 5 participants, 3 rounds, logistic + fedavg on the in-process network", function () {
    expect(parseDemoArgs([], {})).to.deep.equal({
      participants: 5,
      rounds: 3,
      seed: 7,
      model: "logistic",
      aggregator: "fedavg",
      network: "hardhat",
      out: "demo-output",
      offline: false,
    });
  });

  it("reads every flag", function () {
    const command = parseDemoArgs(
      "--participants 4 --rounds 2 --seed 11 --model logistic --aggregator median --network localhost --out x --offline".split(
        " ",
      ),
      {},
    );
    expect(command).to.deep.equal({
      participants: 4,
      rounds: 2,
      seed: 11,
      model: "logistic",
      aggregator: "median",
      network: "localhost",
      out: "x",
      offline: true,
    });
    expect(parseDemoArgs([], { HARDHAT_NETWORK: "localhost" }).network).to.equal("localhost");
  });

  it("turns every mistake into one user-facing line", function () {
    expect(() => parseDemoArgs(["--rounds", "two"], {})).to.throw(
      UserError,
      '--rounds must be a non-negative integer, got "two"',
    );
    expect(() => parseDemoArgs(["--frobnicate"], {})).to.throw(UserError, "usage: npm run demo");
    expect(() => parseDemoArgs(["--participants", "1"], {})).to.throw(UserError, "--participants must be an integer ≥ 3");
    expect(() => parseDemoArgs(["--aggregator", "mean"], {})).to.throw(UserError, 'unknown aggregator "mean"');
    expect(() => parseDemoArgs(["--network", "sepolia"], {})).to.throw(UserError, "--network must be hardhat or localhost");
    expect(parseDemoArgs(["--network", "sepolia", "--offline"], {}).offline).to.equal(true);
  });

  describe("runFailures", function () {
    const passing = {
      initialAccuracy: 0.5,
      finalAccuracy: 0.95,
      adversaries: [{ attack: "over-bound", participant: "P4", outcome: "refused locally", stopped: true }],
      balances: { start: {}, end: {}, conserved: true },
      rounds: [{ round: 1, modelVersion: "2", verified: true }],
    } as unknown as RunSummary;

    it("passes a run that improved and stopped every adversary", function () {
      expect(runFailures(passing)).to.deep.equal([]);
    });

    it("fails a run whose final accuracy does not beat the initial one", function () {
      expect(runFailures({ ...passing, finalAccuracy: 0.5 })).to.have.length(1);
    });

    it("fails a run where an adversary got through, or balances do not add up", function () {
      const escaped = { ...passing.adversaries[0], stopped: false };
      expect(runFailures({ ...passing, adversaries: [escaped] })[0]).to.contain("adversary not stopped: over-bound by P4");
      expect(runFailures({ ...passing, balances: { start: {}, end: {}, conserved: false } })).to.deep.equal([
        "GRD balances do not add up",
      ]);
    });

    it("fails a run that activated a model version model verify did not verify", function () {
      const unverified = [{ ...passing.rounds[0], verified: false }];
      expect(runFailures({ ...passing, rounds: unverified })).to.deep.equal([
        "round 1: model version 2 was activated without verifying",
      ]);
    });
  });
});

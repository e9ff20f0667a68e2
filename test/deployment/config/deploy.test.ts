import fs from "node:fs";
import { expect } from "chai";
import { ethers } from "hardhat";

import {
  MAX_ROUND_PERIOD,
  deployConfigPath,
  loadDeployConfig,
  validateDeployConfig,
} from "../../../src/deployment/config/deploy";
import { ConfigError } from "../../../src/sdk/errors";

const DEPLOYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function committedConfig(network: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(deployConfigPath(network), "utf8")) as Record<string, unknown>;
}

function problemsOf(raw: unknown): string[] {
  try {
    validateDeployConfig(raw, "test.json", DEPLOYER);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
  }
  return [];
}

const COORDINATOR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const GUARDIAN = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

/** A committed config with its role placeholders filled in, as an operator would before deploying. */
function namedRoles(network: string): Record<string, unknown> {
  const raw = committedConfig(network);
  raw.roles = { coordinator: COORDINATOR, guardian: GUARDIAN };
  return raw;
}

describe("deploy config validation", () => {
  for (const network of ["localhost", "hardhat"]) {
    it(`accepts the committed ${network} config, and warns that the deployer holds both roles`, () => {
      const config = loadDeployConfig(deployConfigPath(network), DEPLOYER);
      expect(config.token.supply).to.equal(ethers.parseEther("10000000"));
      expect(config.roles.coordinator).to.equal(DEPLOYER);
      expect(config.verifiers[0]).to.deep.equal({ circuit: "contribution_n32_b16_d16", n: 32, bits: 16, depth: 16 });
      expect(config.warnings).to.deep.equal([
        "roles.coordinator is the deployer: the deploying key will open and finalize rounds",
        "roles.guardian is the deployer: the deploying key can pause rounds and cancel any proposal",
      ]);
    });
  }

  for (const network of ["sepolia", "baseSepolia"]) {
    it(`refuses the committed ${network} config until its roles are named, and then accepts it without warnings`, () => {
      expect(problemsOf(committedConfig(network))).to.deep.equal([
        "roles.coordinator: name the coordinator's address: the config ships the placeholder <coordinator address>",
        "roles.guardian: name the guardian's address: the config ships the placeholder <guardian multisig address>",
      ]);
      const config = validateDeployConfig(namedRoles(network), "test.json", DEPLOYER);
      expect(config.roles).to.deep.equal({ coordinator: COORDINATOR, guardian: GUARDIAN });
      expect(config.warnings).to.deep.equal([]);
    });
  }

  for (const network of ["localhost", "hardhat", "sepolia", "baseSepolia"]) {
    it(`keeps ${network}'s unbonding and challenge periods above the governance latency with a 25% margin`, () => {
      const config = validateDeployConfig(namedRoles(network), "test.json", DEPLOYER);
      const g = config.governance;
      const latency = g.votingDelay + g.votingPeriod + g.lateQuorumExtension + g.timelockDelay;
      expect(config.governanceLatency).to.equal(latency);
      expect(config.registry.unbondingPeriod).to.be.at.least(latency * 1.25);
      expect(config.rounds.challengePeriod).to.be.at.least(latency * 1.25);
    });
  }

  it("refuses an unbonding period shorter than the governance latency, naming both numbers", () => {
    // Today's main shipped sepolia with a 7-day unbonding and a 2-day challenge period against a
    // 9-day governance latency: a member could withdraw before its slash executed.
    const raw = namedRoles("sepolia");
    (raw.registry as Record<string, unknown>).unbondingPeriod = "7d";
    (raw.rounds as Record<string, unknown>).challengePeriod = "2d";
    expect(problemsOf(raw)).to.deep.equal([
      "registry.unbondingPeriod: unbondingPeriod is 7 d (604800 s), shorter than the governance latency of 9 d (777600 s): a member can withdraw before a slash proposed when it starts unbonding executes",
      "rounds.challengePeriod: challengePeriod is 2 d (172800 s), shorter than the governance latency of 9 d (777600 s): a poisoned contribution's claim opens before a revocation proposed when it landed executes",
    ]);
  });

  it("refuses a period that outlasts the latency by less than the margin", () => {
    const raw = namedRoles("sepolia");
    (raw.rounds as Record<string, unknown>).challengePeriod = "10d";
    expect(problemsOf(raw)).to.deep.equal([
      "rounds.challengePeriod: challengePeriod is 10 d (864000 s), less than the governance latency of 9 d (777600 s) plus a 25% margin (972000 s)",
    ]);
  });

  it("warns when the coordinator and the guardian are one account", () => {
    const raw = namedRoles("sepolia");
    raw.roles = { coordinator: COORDINATOR, guardian: COORDINATOR };
    expect(validateDeployConfig(raw, "test.json", DEPLOYER).warnings).to.deep.equal([
      "roles.coordinator and roles.guardian are the same account: the guardian is meant to check the coordinator",
    ]);
  });

  it("requires a governance cap on round bounds that fits a uint96", () => {
    const raw = committedConfig("localhost");
    (raw.rounds as Record<string, unknown>).maxL2BoundSq = (2n ** 96n).toString();
    expect(problemsOf(raw)).to.deep.equal([`rounds.maxL2BoundSq: must be at most ${2n ** 96n - 1n}, got ${2n ** 96n}`]);
    delete (raw.rounds as Record<string, unknown>).maxL2BoundSq;
    expect(problemsOf(raw)[0]).to.match(/^rounds\.maxL2BoundSq: must be a non-negative integer/);
  });

  it("converts units: GRD amounts to wei and durations to seconds", () => {
    const raw = committedConfig("localhost");
    (raw.registry as Record<string, unknown>).minStake = "0.5 GRD";
    (raw.registry as Record<string, unknown>).unbondingPeriod = "2d";
    (raw.rounds as Record<string, unknown>).minBond = "1500 wei";
    const config = validateDeployConfig(raw, "test.json", DEPLOYER);
    expect(config.registry.minStake).to.equal(500_000_000_000_000_000n);
    expect(config.registry.unbondingPeriod).to.equal(2 * 86_400);
    expect(config.rounds.minBond).to.equal(1500n);
  });

  it("reports every bad field at once, one line each, naming the field", () => {
    const raw = committedConfig("localhost");
    (raw.token as Record<string, unknown>).supply = "lots";
    (raw.registry as Record<string, unknown>).maxSlashBps = 20_000;
    (raw.governance as Record<string, unknown>).votingPeriod = "soon";
    (raw.roles as Record<string, unknown>).guardian = "0x1234";
    const problems = problemsOf(raw);
    expect(problems).to.have.length(4);
    expect(problems[0]).to.match(/^token\.supply: must be an amount like "1000 GRD"/);
    expect(problems.find((p) => p.startsWith("registry.maxSlashBps"))).to.match(/at most 10000, got 20000/);
    expect(problems.find((p) => p.startsWith("governance.votingPeriod"))).to.match(/must be a duration/);
    expect(problems.find((p) => p.startsWith("roles.guardian"))).to.match(/must be an address/);
  });

  it("rejects inconsistent limits and over-allocation", () => {
    const raw = committedConfig("localhost");
    (raw.rounds as Record<string, unknown>).minWindow = "2d";
    (raw.rounds as Record<string, unknown>).maxWindow = "1d";
    (raw.token as Record<string, unknown>).allocations = [{ to: "deployer", amount: "20000000 GRD" }];
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith("rounds.maxWindow: must be at least rounds.minWindow"))).to.equal(true);
    expect(problems.some((p) => p.startsWith("token.allocations: allocate"))).to.equal(true);
  });

  it("rejects round periods above the RoundManager's 100-year cap and a root validity beyond 32 bits", () => {
    const raw = committedConfig("localhost");
    const rounds = raw.rounds as Record<string, unknown>;
    rounds.maxWindow = "36501d";
    rounds.challengePeriod = MAX_ROUND_PERIOD + 1;
    rounds.finalizationPeriod = "36501d";
    (raw.registry as Record<string, unknown>).rootValidity = 2 ** 32;
    expect(problemsOf(raw)).to.deep.equal([
      "registry.rootValidity: must be at most 4294967295 s, got 4294967296 s",
      "rounds.maxWindow: must be at most 3153600000 s, got 3153686400 s",
      "rounds.challengePeriod: must be at most 3153600000 s, got 3153600001 s",
      "rounds.finalizationPeriod: must be at most 3153600000 s, got 3153686400 s",
    ]);
    rounds.maxWindow = rounds.challengePeriod = rounds.finalizationPeriod = "36500d";
    (raw.registry as Record<string, unknown>).rootValidity = 2 ** 32 - 1;
    expect(problemsOf(raw)).to.deep.equal([]);
  });

  it("rejects a missing field and the zero address", () => {
    const raw = committedConfig("localhost");
    delete (raw.governance as Record<string, unknown>).timelockDelay;
    (raw.roles as Record<string, unknown>).coordinator = ethers.ZeroAddress;
    const problems = problemsOf(raw);
    expect(problems).to.deep.equal([
      'governance.timelockDelay: must be a duration in seconds or like "15m", "2h", "7d", got nothing',
      "roles.coordinator: must not be the zero address",
    ]);
  });

  it("names a missing or malformed file in one line", () => {
    expect(() => loadDeployConfig("/nonexistent/net.json", DEPLOYER)).to.throw(
      ConfigError,
      /no deployment config at \/nonexistent\/net.json/,
    );
  });
});

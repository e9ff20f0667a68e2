import fs from "node:fs";
import { expect } from "chai";
import { ethers } from "hardhat";

import { MAX_ROUND_PERIOD, deployConfigPath, loadDeployConfig, validateDeployConfig } from "../../../scripts/config/deploy";
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

describe("deploy config validation", () => {
  for (const network of ["localhost", "hardhat", "sepolia", "baseSepolia"]) {
    it(`accepts the committed ${network} config`, () => {
      const config = loadDeployConfig(deployConfigPath(network), DEPLOYER);
      expect(config.token.supply).to.equal(ethers.parseEther("10000000"));
      expect(config.roles.coordinator).to.equal(DEPLOYER);
      expect(config.verifiers[0]).to.deep.equal({ circuit: "contribution_n32_b16_d16", n: 32, bits: 16, depth: 16 });
    });
  }

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

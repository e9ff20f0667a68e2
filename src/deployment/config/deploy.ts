import fs from "node:fs";
import path from "node:path";

import { PROJECT_ROOT } from "../../core/paths";
import { ConfigError } from "../../sdk/errors";
import { governanceLatency, timingFindings } from "../../sdk/timing";
import { Validator } from "./validate";

/** Basis points in 100 %. */
const BPS = 10_000n;
const UINT32_MAX = 2n ** 32n - 1n;
/** Round bounds are stored in 96 bits (IRoundManager.Round.l2BoundSq). */
const UINT96_MAX = 2n ** 96n - 1n;
/** The RoundManager's cap on maxWindow, challengePeriod and finalizationPeriod (InvalidLimits above): 100 years. */
export const MAX_ROUND_PERIOD = 100 * 365 * 86_400;

/** A Contribution verifier to deploy and register, by its circuit instance in contracts/generated/keys.json. */
export interface VerifierConfig {
  circuit: string;
  n: number;
  bits: number;
  depth: number;
}

/** An Aggregation circuit whose verifier the deployment registers. */
export interface AggregationVerifierConfig {
  circuit: string;
}

/** A validated deployment config: every amount in wei, every duration in seconds, every address checksummed. */
export interface DeployConfig {
  token: { supply: bigint; allocations: Array<{ to: string; amount: bigint }> };
  registry: {
    minStake: bigint;
    unbondingPeriod: number;
    rootValidity: number;
    maxSlashBps: number;
    disclosureSlashBps: number;
    whistleblowerBps: number;
    disclosureWindow: number;
  };
  rounds: {
    minWindow: number;
    maxWindow: number;
    minBond: bigint;
    maxBond: bigint;
    maxRewardPool: bigint;
    maxContributions: number;
    challengePeriod: number;
    finalizationPeriod: number;
    /** The largest squared-L2 bound a round may open with (governance's cap). */
    maxL2BoundSq: bigint;
  };
  verifiers: VerifierConfig[];
  /**
   * The Aggregation circuits whose verifiers finalize rounds, by circuit name (contracts/generated/keys.json);
   * each declares its own (K, N, BITS, H), and rounds of its (N, BITS) take at most K contributions.
   */
  aggregationVerifiers: AggregationVerifierConfig[];
  governance: {
    name: string;
    votingDelay: number;
    votingPeriod: number;
    proposalThreshold: bigint;
    quorumPercent: number;
    lateQuorumExtension: number;
    timelockDelay: number;
  };
  roles: { coordinator: string; guardian: string };
  /** Registered and activated at deployment, so the first round has a base model. */
  genesisModel?: { weightsHash: string; uri: string; accuracyBps: number };
  /** The governance latency (seconds) the registry and RoundManager are deployed with as their floors. */
  governanceLatency: number;
  /** Valid but unsafe choices, each one line, for the deployer to read before anything is sent. */
  warnings: string[];
}

/** The per-network config file: deploy/config/<network>.json. */
export function deployConfigPath(network: string): string {
  return path.join(PROJECT_ROOT, "deploy", "config", `${network}.json`);
}

/**
 * Validates a raw config object. Every bad field is reported (one line each) in a single ConfigError;
 * `deployer` stands for the deploying account wherever an address is expected.
 */
export function validateDeployConfig(raw: unknown, source: string, deployer: string): DeployConfig {
  const v = new Validator(raw, source);
  if (raw === null || typeof raw !== "object") {
    v.problem("(root)", "must be a JSON object");
    v.finish();
  }

  const supply = v.amount("token.supply", { min: 1n });
  const rawAllocations = v.get("token.allocations") ?? [];
  const allocations: Array<{ to: string; amount: bigint }> = [];
  if (!Array.isArray(rawAllocations)) v.problem("token.allocations", "must be a list of { to, amount }");
  else
    rawAllocations.forEach((_, i) =>
      allocations.push({
        to: v.address(`token.allocations.${i}.to`, deployer),
        amount: v.amount(`token.allocations.${i}.amount`, { min: 1n }),
      }),
    );
  const allocated = allocations.reduce((sum, a) => sum + a.amount, 0n);
  // A bad supply is reported once, not again as an over-allocation.
  if (supply > 0n && allocated > supply)
    v.problem("token.allocations", `allocate ${allocated} wei, more than the supply ${supply}`);

  const bps = (field: string, min: bigint) => Number(v.uint(field, { min, max: BPS }));
  const registry = {
    minStake: v.amount("registry.minStake", { min: 1n }),
    unbondingPeriod: v.duration("registry.unbondingPeriod"),
    rootValidity: v.duration("registry.rootValidity", { max: Number(UINT32_MAX) }),
    maxSlashBps: bps("registry.maxSlashBps", 1n),
    disclosureSlashBps: bps("registry.disclosureSlashBps", 1n),
    whistleblowerBps: bps("registry.whistleblowerBps", 0n),
    disclosureWindow: v.duration("registry.disclosureWindow", { min: 1 }),
  };

  const rounds = {
    minWindow: v.duration("rounds.minWindow", { min: 1 }),
    maxWindow: v.duration("rounds.maxWindow", { min: 1, max: MAX_ROUND_PERIOD }),
    minBond: v.amount("rounds.minBond", { min: 0n }),
    maxBond: v.amount("rounds.maxBond", { min: 0n }),
    maxRewardPool: v.amount("rounds.maxRewardPool", { min: 0n }),
    maxContributions: Number(v.uint("rounds.maxContributions", { min: 1n, max: UINT32_MAX })),
    challengePeriod: v.duration("rounds.challengePeriod", { max: MAX_ROUND_PERIOD }),
    finalizationPeriod: v.duration("rounds.finalizationPeriod", { min: 1, max: MAX_ROUND_PERIOD }),
    maxL2BoundSq: v.uint("rounds.maxL2BoundSq", { min: 1n, max: UINT96_MAX }),
  };
  if (rounds.minWindow > rounds.maxWindow)
    v.problem("rounds.maxWindow", `must be at least rounds.minWindow (${rounds.minWindow} s)`);
  if (rounds.minBond > rounds.maxBond) v.problem("rounds.maxBond", `must be at least rounds.minBond (${rounds.minBond} wei)`);

  /** An entry's `circuit`: a circuit name of contracts/generated/keys.json, or a problem reported. */
  const circuitOf = (entry: unknown, field: string, kind: string): string => {
    const circuit = (entry as { circuit?: unknown })?.circuit;
    if (typeof circuit !== "string" || !/^[a-z][a-z0-9_]*$/.test(circuit))
      v.problem(field, `must name ${kind} of contracts/generated/keys.json, got ${JSON.stringify(circuit)}`);
    return String(circuit);
  };

  const rawVerifiers = v.get("verifiers");
  const verifiers: VerifierConfig[] = [];
  if (!Array.isArray(rawVerifiers)) v.problem("verifiers", "must be a list of { circuit, n, bits, depth }");
  else
    rawVerifiers.forEach((entry, i) => {
      verifiers.push({
        circuit: circuitOf(entry, `verifiers.${i}.circuit`, "a circuit"),
        n: Number(v.uint(`verifiers.${i}.n`, { min: 1n, max: 65535n })),
        bits: Number(v.uint(`verifiers.${i}.bits`, { min: 2n, max: 64n })),
        depth: Number(v.uint(`verifiers.${i}.depth`, { min: 1n, max: 32n })),
      });
    });

  const rawAggregation = v.get("aggregationVerifiers");
  const aggregationVerifiers: AggregationVerifierConfig[] = [];
  if (!Array.isArray(rawAggregation) || rawAggregation.length === 0)
    v.problem("aggregationVerifiers", "must be a non-empty list of { circuit }: rounds are finalized by aggregation proofs");
  else
    rawAggregation.forEach((entry, i) => {
      aggregationVerifiers.push({ circuit: circuitOf(entry, `aggregationVerifiers.${i}.circuit`, "an aggregation circuit") });
    });

  const name = v.get("governance.name");
  if (typeof name !== "string" || name.length === 0) v.problem("governance.name", "must be a non-empty string");
  const governance = {
    name: typeof name === "string" ? name : "",
    votingDelay: v.duration("governance.votingDelay"),
    votingPeriod: v.duration("governance.votingPeriod", { min: 1, max: Number(UINT32_MAX) }),
    proposalThreshold: v.amount("governance.proposalThreshold", { min: 0n }),
    quorumPercent: Number(v.uint("governance.quorumPercent", { min: 1n, max: 100n })),
    lateQuorumExtension: v.duration("governance.lateQuorumExtension"),
    timelockDelay: v.duration("governance.timelockDelay"),
  };

  const latency = governanceLatency(governance);
  const timing = timingFindings(latency, {
    unbondingPeriod: registry.unbondingPeriod,
    challengePeriod: rounds.challengePeriod,
  });
  // A period below the latency breaks an invariant; one within the margin is refused too, so that the
  // shipped configs keep time for proposing, queueing and executing.
  for (const finding of [...timing.problems, ...timing.warnings])
    v.problem(`${finding.period === "unbondingPeriod" ? "registry" : "rounds"}.${finding.period}`, finding.message);

  const role = (name: "coordinator" | "guardian") => {
    const raw = v.get(`roles.${name}`);
    if (typeof raw === "string" && /^<.*>$/.test(raw.trim())) {
      v.problem(`roles.${name}`, `name the ${name}'s address: the config ships the placeholder ${raw}`);
      return deployer;
    }
    return v.address(`roles.${name}`, deployer);
  };
  const roles = { coordinator: role("coordinator"), guardian: role("guardian") };
  const warnings: string[] = [];
  if (roles.coordinator === deployer)
    warnings.push("roles.coordinator is the deployer: the deploying key will open and finalize rounds");
  if (roles.guardian === deployer)
    warnings.push("roles.guardian is the deployer: the deploying key can pause rounds and cancel any proposal");
  if (roles.coordinator === roles.guardian && roles.coordinator !== deployer)
    warnings.push("roles.coordinator and roles.guardian are the same account: the guardian is meant to check the coordinator");

  let genesisModel: DeployConfig["genesisModel"];
  if (v.get("genesisModel") !== undefined) {
    const weightsHash = v.get("genesisModel.weightsHash");
    if (typeof weightsHash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(weightsHash) || /^0x0{64}$/.test(weightsHash))
      v.problem("genesisModel.weightsHash", "must be a non-zero 32-byte hex hash");
    const uri = v.get("genesisModel.uri");
    if (typeof uri !== "string" || uri.length === 0) v.problem("genesisModel.uri", "must be a non-empty URI");
    genesisModel = {
      weightsHash: String(weightsHash),
      uri: String(uri),
      accuracyBps: Number(v.uint("genesisModel.accuracyBps", { max: BPS, optional: 0n })),
    };
  }

  v.finish();
  return {
    token: { supply, allocations },
    registry,
    rounds,
    verifiers,
    aggregationVerifiers,
    governance,
    roles,
    genesisModel,
    governanceLatency: latency,
    warnings,
  };
}

/** Reads and validates deploy/config/<network>.json (or an explicit file). */
export function loadDeployConfig(file: string, deployer: string): DeployConfig {
  if (!fs.existsSync(file))
    throw new ConfigError(`no deployment config at ${file}: copy deploy/config/localhost.json and adapt it`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return validateDeployConfig(raw, path.relative(process.cwd(), file) || file, deployer);
}

import fs from "node:fs";
import { ContractFactory, type Signer, type TransactionRequest } from "ethers";

import * as typechain from "../../typechain-types";
import {
  GuardiansGovernor__factory,
  GuardiansTimelock__factory,
  GuardiansToken__factory,
  GuardiansVotes__factory,
  ModelRegistry__factory,
  ParticipantRegistry__factory,
  PoseidonT2__factory,
  PoseidonT3__factory,
  RoundManager__factory,
} from "../../typechain-types";
import type { DeployConfig } from "./config/deploy";
import { silentProgress, type Progress } from "../core/progress";
import { CONTRACT_STEPS, connectProtocol, protocolDecoder, type Deployment } from "../sdk/deployments";
import { readDeployment } from "../sdk/deployment-file";
import { ConfigError } from "../sdk/errors";
import { checkTiming, type TimingReport } from "../sdk/timing";
import { KEYS_MANIFEST } from "../zk/pipeline/build";
import { loadManifest } from "../zk/pipeline/manifest";
import { DeploymentRun, type JournalStep } from "./journal";
import { protocolRolePlan, roleId, type RoleGrant, type RoleRenouncement } from "./roles";

/** contracts/generated/keys.json, which zk:build writes: the verifier contract and key hash of each circuit. */
export { KEYS_MANIFEST as KEYS_PATH };

export interface DeployOptions {
  /** Network name, recorded in the journal. */
  network: string;
  /** deployments/<network>.json */
  journalPath: string;
  progress?: Progress;
  confirmations?: number;
  pollMs?: number;
  /** Called after each step is recorded; an exception here interrupts the deployment (tests). */
  onStepRecorded?: (name: string, step: JournalStep) => void | Promise<void>;
  /**
   * Local and test use only: refused on any chain but Hardhat's (31337). Deploys and registers, for a
   * circuit of `config.verifiers`, the named contract instead of the verifier keys.json exports, e.g.
   * `{ contribution_n32_b16_d16: "MockContributionVerifier" }` for tests that submit MOCK_PROOF
   * (src/deployment/local/governance.ts). The contract is a journaled step like any other (no key hash),
   * registered before the hand-over, and the overrides enter the journal's config and its hash, so a
   * resume cannot mix verifiers. Real configs never set it: their path and validation are unchanged.
   */
  verifierOverrides?: Readonly<Record<string, string>>;
}

export interface DeployResult {
  deployment: Deployment;
  /** Transactions sent by this run: 0 when the journal was already complete. */
  transactionsSent: number;
  /** True when the journal was already complete and nothing was done. */
  alreadyComplete: boolean;
  /** The timing invariants as the live Governor, Timelock, registry and RoundManager state them. */
  timing: TimingReport;
}

/**
 * The post-deployment check: reads the live Governor and Timelock and the protocol's periods. A broken
 * invariant (governance slower than unbonding or the challenge period) is a ConfigError naming both
 * numbers; the deployment is complete, and the fix is a governance proposal that lengthens the period.
 */
async function checkDeployedTiming(deployment: Deployment, signer: Signer): Promise<TimingReport> {
  const report = await checkTiming(await connectProtocol(deployment, signer));
  if (report.problems.length > 0)
    throw new ConfigError(
      `the deployment in ${deployment.file} breaks a timing invariant:\n${report.problems.map((p) => `  ${p}`).join("\n")}`,
    );
  return report;
}

interface KeyEntry {
  contract: string;
  vkeyHash: string;
  params: number[];
}

function readKeys(): Record<string, KeyEntry> {
  return JSON.parse(fs.readFileSync(KEYS_MANIFEST, "utf8")) as Record<string, KeyEntry>;
}

/** The verifier contract's TypeChain factory, looked up by the name zk:build gave it. */
function verifierFactory(contract: string, signer: Signer): ContractFactory {
  const Factory = (typechain as unknown as Record<string, new (signer: Signer) => ContractFactory>)[`${contract}__factory`];
  if (!Factory) throw new ConfigError(`no compiled contract ${contract}: run npx hardhat compile`);
  return new Factory(signer);
}

/** A verifier to deploy: the config's entry, the contract to deploy and its key hash (none for an override). */
type ResolvedVerifier = DeployConfig["verifiers"][number] & { contract: string; vkeyHash?: string };

/** Hardhat's chain id: the only chain DeployOptions.verifierOverrides is accepted on. */
const HARDHAT_CHAIN_ID = 31337n;

/**
 * Checks every verifier of the config against keys.json before anything is sent; a circuit named in
 * `overrides` (local and test use only, checked by the caller) takes the override's contract instead.
 */
function resolveVerifiers(config: DeployConfig, overrides: Readonly<Record<string, string>> = {}): ResolvedVerifier[] {
  for (const circuit of Object.keys(overrides))
    if (!config.verifiers.some((v) => v.circuit === circuit) && !config.aggregationVerifiers.some((v) => v.circuit === circuit))
      throw new ConfigError(`verifierOverrides.${circuit}: the config registers no verifier for ${circuit}`);
  // keys.json is read as before, unless overrides replace every verifier (a test needs no zk:build then).
  const overridesAll = Object.keys(overrides).length > 0 && config.verifiers.every((v) => overrides[v.circuit]);
  const keys = overridesAll ? {} : readKeys();
  return config.verifiers.map((v, i) => {
    const override = overrides[v.circuit];
    if (override) return { ...v, contract: override };
    const key = keys[v.circuit];
    if (!key)
      throw new ConfigError(
        `verifiers.${i}.circuit: ${v.circuit} has no exported verifier in contracts/generated/keys.json (run npx hardhat zk:build)`,
      );
    return { ...v, contract: key.contract, vkeyHash: key.vkeyHash };
  });
}

/** An aggregation verifier to deploy: the contract and its key hash, or an override with its constructor arguments. */
interface ResolvedAggregationVerifier {
  circuit: string;
  contract: string;
  vkeyHash?: string;
  args: unknown[];
}

/**
 * Checks every aggregation verifier of the config against keys.json before anything is sent. An
 * override (local and test use only) is deployed with the circuit's parameters (K, N, BITS, H) from
 * circuits/circuits.json as its constructor arguments, as MockAggregationVerifier takes them.
 */
function resolveAggregationVerifiers(
  config: DeployConfig,
  overrides: Readonly<Record<string, string>>,
): ResolvedAggregationVerifier[] {
  const specs = new Map(loadManifest().map((spec) => [spec.name, spec]));
  const keys = config.aggregationVerifiers.every((v) => overrides[v.circuit]) ? {} : readKeys();
  return config.aggregationVerifiers.map((v, i) => {
    const spec = specs.get(v.circuit);
    if (!spec || spec.template !== "Aggregation")
      throw new ConfigError(
        `aggregationVerifiers.${i}.circuit: ${v.circuit} is not an Aggregation circuit of circuits/circuits.json`,
      );
    const override = overrides[v.circuit];
    if (override) return { circuit: v.circuit, contract: override, args: [...spec.params] };
    const key = keys[v.circuit];
    if (!key)
      throw new ConfigError(
        `aggregationVerifiers.${i}.circuit: ${v.circuit} has no exported verifier in contracts/generated/keys.json (run npx hardhat zk:build)`,
      );
    return { circuit: v.circuit, contract: key.contract, vkeyHash: key.vkeyHash, args: [] };
  });
}

/** Refuses DeployOptions.verifierOverrides anywhere but on Hardhat's chain. */
async function checkOverridesAllowed(signer: Signer, overrides: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(overrides).length === 0) return;
  const chainId = (await signer.provider?.getNetwork())?.chainId;
  if (chainId !== HARDHAT_CHAIN_ID)
    throw new ConfigError(
      `verifierOverrides are for local tests only (chain ${HARDHAT_CHAIN_ID}); this network is chain ${chainId ?? "unknown"}`,
    );
}

/**
 * Deploys the whole protocol, resumably: timelock, token, Poseidon libraries, participant registry
 * (which creates the stake position), votes adapter, governor, model registry, verifiers, round
 * manager; then registers verifiers, grants roles, optionally crowns a genesis model, distributes
 * the token and hands every admin role to the Timelock, the deployer renouncing its own.
 *
 * Every step is journaled in `journalPath` as soon as it is sent; a re-run continues where the
 * previous one stopped, and a completed journal is returned as is.
 */
export async function deployProtocol(signer: Signer, config: DeployConfig, options: DeployOptions): Promise<DeployResult> {
  const progress = options.progress ?? silentProgress;
  const overrides = options.verifierOverrides ?? {};
  const verifiers = resolveVerifiers(config, overrides);
  const aggregationVerifiers = resolveAggregationVerifiers(config, overrides);
  await checkOverridesAllowed(signer, overrides);
  const run = await DeploymentRun.open({
    journalPath: options.journalPath,
    network: options.network,
    // Overrides are part of what is deployed: a resume with other overrides is refused as a changed config.
    config: Object.keys(overrides).length > 0 ? { ...config, verifierOverrides: overrides } : config,
    signer,
    progress,
    confirmations: options.confirmations,
    decoder: protocolDecoder(),
    onStepRecorded: options.onStepRecorded,
    pollMs: options.pollMs,
  });
  if (run.completed) {
    await run.checkDeployedCode();
    progress.info(`deployment in ${options.journalPath} is complete; nothing to do`);
    const deployment = readDeployment(options.journalPath);
    return { deployment, transactionsSent: 0, alreadyComplete: true, timing: await checkDeployedTiming(deployment, signer) };
  }
  const deployer = await signer.getAddress();

  const deploy = async (
    name: string,
    factory: ContractFactory,
    args: unknown[],
    extra: { libraries?: Record<string, string>; keyHash?: string } = {},
  ) => {
    const step = await run.step(name, { kind: "deploy", contract: name, args, ...extra }, () =>
      factory.getDeployTransaction(...args),
    );
    return step.address as string;
  };
  const call = async (
    name: string,
    contract: string,
    address: string,
    description: string,
    args: unknown[],
    build: () => Promise<TransactionRequest>,
  ) => {
    await run.step(name, { kind: "call", contract, address, args, description }, build);
  };

  // 1. Contracts.
  const timelock = await deploy(CONTRACT_STEPS.timelock, new GuardiansTimelock__factory(signer), [
    config.governance.timelockDelay,
    [],
    [],
    deployer,
  ]);
  const token = await deploy(CONTRACT_STEPS.token, new GuardiansToken__factory(signer), [deployer, config.token.supply]);
  const poseidonT2 = await deploy("PoseidonT2", new PoseidonT2__factory(signer), []);
  const poseidonT3 = await deploy("PoseidonT3", new PoseidonT3__factory(signer), []);
  const libraries = {
    "poseidon-solidity/PoseidonT2.sol:PoseidonT2": poseidonT2,
    "poseidon-solidity/PoseidonT3.sol:PoseidonT3": poseidonT3,
  };
  const registryParams = { ...config.registry };
  const registry = await deploy(
    CONTRACT_STEPS.registry,
    new ParticipantRegistry__factory(libraries, signer),
    [token, deployer, timelock, registryParams, config.governanceLatency],
    {
      libraries,
    },
  );
  const stakePosition = await ParticipantRegistry__factory.connect(registry, signer).stakePosition();
  const votes = await deploy(CONTRACT_STEPS.votes, new GuardiansVotes__factory(signer), [token, stakePosition]);
  const g = config.governance;
  const governorConfig = {
    name: g.name,
    votingDelay: g.votingDelay,
    votingPeriod: g.votingPeriod,
    proposalThreshold: g.proposalThreshold,
    quorumNumerator: g.quorumPercent,
    lateQuorumVoteExtension: g.lateQuorumExtension,
    proposalGuardian: config.roles.guardian,
  };
  const governor = await deploy(CONTRACT_STEPS.governor, new GuardiansGovernor__factory(signer), [
    governorConfig,
    votes,
    timelock,
  ]);
  const modelRegistry = await deploy(CONTRACT_STEPS.modelRegistry, new ModelRegistry__factory(signer), [deployer, governor]);
  const verifierAddresses: string[] = [];
  for (const v of verifiers)
    verifierAddresses.push(
      await deploy(v.contract, verifierFactory(v.contract, signer), [], v.vkeyHash ? { keyHash: v.vkeyHash } : {}),
    );
  const aggregationAddresses: string[] = [];
  for (const v of aggregationVerifiers)
    aggregationAddresses.push(
      await deploy(v.contract, verifierFactory(v.contract, signer), v.args, v.vkeyHash ? { keyHash: v.vkeyHash } : {}),
    );
  const roundManager = await deploy(CONTRACT_STEPS.roundManager, new RoundManager__factory(signer), [
    token,
    registry,
    modelRegistry,
    deployer,
    timelock,
    { ...config.rounds },
    config.governanceLatency,
  ]);

  // 2. Wiring, while the deployer is still admin.
  const rm = RoundManager__factory.connect(roundManager, signer);
  const mr = ModelRegistry__factory.connect(modelRegistry, signer);
  const pr = ParticipantRegistry__factory.connect(registry, signer);
  const tl = GuardiansTimelock__factory.connect(timelock, signer);
  const grd = GuardiansToken__factory.connect(token, signer);
  for (const [i, v] of verifiers.entries()) {
    const args = [v.n, v.bits, v.depth, verifierAddresses[i]];
    await call(`RoundManager.addVerifier(${v.circuit})`, "RoundManager", roundManager, `register ${v.contract}`, args, () =>
      rm.addVerifier.populateTransaction(v.n, v.bits, v.depth, verifierAddresses[i]),
    );
  }
  for (const [i, v] of aggregationVerifiers.entries()) {
    await call(
      `RoundManager.addAggregationVerifier(${v.circuit})`,
      "RoundManager",
      roundManager,
      `register ${v.contract}`,
      [aggregationAddresses[i]],
      () => rm.addAggregationVerifier.populateTransaction(aggregationAddresses[i]),
    );
  }
  const grant = async (
    label: string,
    contract: string,
    target: { grantRole: { populateTransaction(role: string, account: string): Promise<TransactionRequest> } },
    at: string,
    role: string,
    roleName: string,
    account: string,
  ) =>
    call(`${label}.grantRole(${roleName},${account})`, contract, at, `grant ${roleName} to ${account}`, [role, account], () =>
      target.grantRole.populateTransaction(role, account),
    );
  const revoke = async (
    label: string,
    contract: string,
    target: { renounceRole: { populateTransaction(role: string, account: string): Promise<TransactionRequest> } },
    at: string,
    role: string,
    roleName: string,
  ) =>
    call(`${label}.renounceRole(${roleName})`, contract, at, `the deployer renounces ${roleName}`, [role, deployer], () =>
      target.renounceRole.populateTransaction(role, deployer),
    );

  const roles = protocolRolePlan({
    // Candidates come from a finalized round (the RoundManager) or from governance (the Timelock), never
    // from an account's word: the coordinator holds no REGISTRAR_ROLE.
    registrars: [roundManager, timelock],
    coordinator: config.roles.coordinator,
    guardian: config.roles.guardian,
    governor,
    timelock,
    handOver: ["ParticipantRegistry", "RoundManager", "ModelRegistry", "GuardiansTimelock"],
  });
  const targets = { RoundManager: rm, ModelRegistry: mr, ParticipantRegistry: pr, GuardiansTimelock: tl };
  const addresses = {
    RoundManager: roundManager,
    ModelRegistry: modelRegistry,
    ParticipantRegistry: registry,
    GuardiansTimelock: timelock,
  };
  const grantStep = (g: RoleGrant) =>
    grant(g.contract, g.contract, targets[g.contract], addresses[g.contract], roleId(g.role), g.role, g.account);
  const renounceStep = (r: RoleRenouncement) =>
    revoke(r.contract, r.contract, targets[r.contract], addresses[r.contract], roleId(r.role), r.role);
  for (const g of roles.operational) await grantStep(g);

  if (config.genesisModel) {
    const genesis = {
      parentId: 0n,
      weightsHash: config.genesisModel.weightsHash,
      uri: config.genesisModel.uri,
      roundId: 0n,
      aggregateCommitment: `0x${"00".repeat(32)}`,
      accuracyBps: config.genesisModel.accuracyBps,
      metricsHash: `0x${"00".repeat(32)}`,
    };
    // The deployer registers the genesis model while it is still admin, then gives the role up.
    await grantStep({ contract: "ModelRegistry", role: "REGISTRAR_ROLE", account: deployer });
    await call(
      "ModelRegistry.registerCandidate(genesis)",
      "ModelRegistry",
      modelRegistry,
      "register the genesis model",
      [genesis],
      () => mr.registerCandidate.populateTransaction(genesis),
    );
    await call("ModelRegistry.activate(1)", "ModelRegistry", modelRegistry, "crown the genesis model", [1], () =>
      mr.activate.populateTransaction(1n),
    );
    await renounceStep({ contract: "ModelRegistry", role: "REGISTRAR_ROLE" });
  }

  for (const g of roles.governance) await grantStep(g);
  // The guardian gets no Timelock role: it cancels through the Governor's proposal guardian, which
  // cannot be turned against its own removal (docs/ROLES.md).

  // 3. Token distribution: allocations, then everything else to the treasury (the Timelock).
  for (const [i, a] of config.token.allocations.entries()) {
    if (a.to === deployer) continue;
    await call(`GuardiansToken.transfer(allocation ${i})`, "GuardiansToken", token, `allocate to ${a.to}`, [a.to, a.amount], () =>
      grd.transfer.populateTransaction(a.to, a.amount),
    );
  }
  const toTreasury = config.token.supply - config.token.allocations.reduce((s, a) => s + a.amount, 0n);
  if (toTreasury > 0n)
    await call(
      "GuardiansToken.transfer(treasury)",
      "GuardiansToken",
      token,
      "the rest of the supply to the treasury (Timelock)",
      [timelock, toTreasury],
      () => grd.transfer.populateTransaction(timelock, toTreasury),
    );

  // 4. Hand-over: the Timelock becomes admin of everything; the deployer keeps nothing.
  for (const g of roles.handOver) await grantStep(g);
  for (const r of roles.renounce) await renounceStep(r);

  run.complete();
  const deployment = readDeployment(options.journalPath);
  return {
    deployment,
    transactionsSent: run.transactionsSent,
    alreadyComplete: false,
    timing: await checkDeployedTiming(deployment, signer),
  };
}

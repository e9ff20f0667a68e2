import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { AddressLike } from "ethers";

import { Identity, MemberTree } from "../../zk";
import { aggregatorPublicKeyOf, type AggregatorKeyPair } from "../../sdk/delivery";
import { grantRoles, protocolRolePlan } from "../roles";

export { MemberTree };

import type {
  GuardiansToken,
  IParticipantRegistry,
  IRoundManager,
  IAggregationVerifier,
  IContributionVerifier,
  MockModelRegistry,
  ParticipantRegistry,
  RoundManager,
  StakePosition,
} from "../../../typechain-types";

/** The BN254 scalar field modulus (Snark.SCALAR_FIELD). */
export const SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export const DAY = 24 * 60 * 60;
export const GRD = (amount: number | bigint): bigint => ethers.parseEther(amount.toString());

/** The circuit the protocol ships with: contribution_n32_b16_d16. */
export const CIRCUIT = { n: 32, bits: 16, fracBits: 8, depth: 16 } as const;

/** The aggregation circuit registered beside it: aggregation_k8_n32_b16_h5, up to K = 8 contributions. */
export const AGGREGATION = { k: 8, n: CIRCUIT.n, bits: CIRCUIT.bits, headroom: 5 } as const;

export const DEFAULT_PARAMS: IParticipantRegistry.ParamsStruct = {
  minStake: GRD(100),
  unbondingPeriod: 7 * DAY,
  rootValidity: 60 * 60,
  maxSlashBps: 5_000,
  disclosureSlashBps: 10_000,
  whistleblowerBps: 2_000,
  disclosureWindow: DAY,
};

export const DEFAULT_LIMITS: IRoundManager.LimitsStruct = {
  minWindow: 60 * 60,
  maxWindow: 30 * DAY,
  minBond: 0,
  maxBond: GRD(1_000),
  maxRewardPool: GRD(1_000_000),
  maxContributions: 1_000,
  challengePeriod: 3 * DAY,
  finalizationPeriod: 7 * DAY,
  maxL2BoundSq: 2n ** 36n - 1n,
};

/**
 * The governance latency the unit fixture's contracts are deployed with (the floor of unbondingPeriod
 * and challengePeriod). Its admin is an account standing in for a Timelock that acts within two days;
 * DEFAULT_PARAMS and DEFAULT_LIMITS clear it with margin. The governed fixture (./governance.ts) is
 * deployed through deployProtocol (src/deployment/deploy.ts) with its real latency.
 */
export const FIXTURE_GOVERNANCE_LATENCY = 2 * DAY;

/** Addresses of the deployed Poseidon libraries the registry links against. */
export interface PoseidonLibraries {
  PoseidonT2: string;
  PoseidonT3: string;
}

/**
 * Deploys the poseidon-solidity libraries. They have public functions, so the registry (which uses
 * PoseidonT2 for disclosures and, through InternalLeanIMT, PoseidonT3 for the tree) links both.
 */
export async function deployPoseidonLibraries(): Promise<PoseidonLibraries> {
  const t2 = await ethers.deployContract("PoseidonT2");
  const t3 = await ethers.deployContract("PoseidonT3");
  return { PoseidonT2: await t2.getAddress(), PoseidonT3: await t3.getAddress() };
}

/** Deploys a ParticipantRegistry linked against `libraries` (deployed first when not given). */
export async function deployParticipantRegistry(
  token: AddressLike,
  admin: AddressLike,
  treasury: AddressLike,
  params: IParticipantRegistry.ParamsStruct = DEFAULT_PARAMS,
  libraries?: PoseidonLibraries,
  minUnbondingPeriod: number = FIXTURE_GOVERNANCE_LATENCY,
): Promise<ParticipantRegistry> {
  const linked = libraries ?? (await deployPoseidonLibraries());
  const factory = await ethers.getContractFactory("ParticipantRegistry", { libraries: { ...linked } });
  const registry = await factory.deploy(token, admin, treasury, params, minUnbondingPeriod);
  await registry.waitForDeployment();
  return registry as unknown as ParticipantRegistry;
}

/** What a RoundManager is deployed against, in its constructor's order. */
export interface RoundManagerWiring {
  token: AddressLike;
  registry: AddressLike;
  models: AddressLike;
  admin: AddressLike;
  treasury: AddressLike;
}

/** Deploys a RoundManager; `minChallengePeriod` is the governance latency it is deployed with. */
export async function deployRoundManager(
  wiring: RoundManagerWiring,
  limits: IRoundManager.LimitsStruct = DEFAULT_LIMITS,
  minChallengePeriod: number = FIXTURE_GOVERNANCE_LATENCY,
): Promise<RoundManager> {
  const { token, registry, models, admin, treasury } = wiring;
  const rounds = await ethers.deployContract("RoundManager", [
    token,
    registry,
    models,
    admin,
    treasury,
    limits,
    minChallengePeriod,
  ]);
  await rounds.waitForDeployment();
  return rounds as unknown as RoundManager;
}

/** The identity commitment of `secret`: Poseidon1(secret), as src/zk's Identity computes it. */
export function identityCommitment(secret: bigint): bigint {
  return new Identity(secret).commitment;
}

export interface Protocol {
  token: GuardiansToken;
  registry: ParticipantRegistry;
  stakePosition: StakePosition;
  rounds: RoundManager;
  models: MockModelRegistry;
  /** The verifier registered for CIRCUIT (a MockContributionVerifier unless deployed with the real one). */
  verifier: IContributionVerifier;
  /** The aggregation verifier registered for AGGREGATION (a MockAggregationVerifier unless real). */
  aggregationVerifier: IAggregationVerifier;
  libraries: PoseidonLibraries;
  baseVersion: bigint;
  tree: MemberTree;
  admin: HardhatEthersSigner;
  treasury: HardhatEthersSigner;
  coordinator: HardhatEthersSigner;
  pauser: HardhatEthersSigner;
  users: HardhatEthersSigner[];
}

/** GRD every funded account of the fixture receives (it then deposits BOND_DEPOSIT of it for bonds). */
export const USER_BALANCE = GRD(100_000);
/** What each funded account deposits into its RoundManager bond balance: ten default bonds. */
export const BOND_DEPOSIT = GRD(100);
export const SUPPLY = GRD(100_000_000);

/**
 * The whole protocol with a MockContributionVerifier registered for the shipped circuit's parameters:
 * for tests about something other than proofs. `admin` stands in for the Timelock.
 */
export async function deployProtocolWithMocks(): Promise<Protocol> {
  return deployProtocolWith("MockContributionVerifier", "MockAggregationVerifier");
}

/**
 * The whole protocol with the generated ContributionN32B16D16Verifier registered: for tests about proofs,
 * which use real proofs of contribution_n32_b16_d16.
 */
export async function deployProtocolWithRealVerifier(): Promise<Protocol> {
  return deployProtocolWith("ContributionN32B16D16Verifier", "AggregationK8N32B16H5Verifier");
}

/**
 * A contract-unit fixture, as OpenZeppelin's tests deploy one contract at a time, not the production
 * deployment: an EOA admin standing in for the Timelock (so tests call admin functions directly), a
 * MockModelRegistry, no Governor and no hand-over. What it shares with production it reuses rather than
 * restates: the contracts come from deployParticipantRegistry and deployRoundManager, and the roles from
 * protocolRolePlan (src/deployment/roles.ts), the plan the journaled deployment (src/deployment/deploy.ts) sends.
 * The fixture that deploys as production does is deployGovernedProtocol (./governance.ts), which goes
 * through that journaled deployment.
 */
async function deployProtocolWith(
  verifierName: "MockContributionVerifier" | "ContributionN32B16D16Verifier",
  aggregationVerifierName: "MockAggregationVerifier" | "AggregationK8N32B16H5Verifier",
): Promise<Protocol> {
  const [admin, treasury, coordinator, pauser, ...users] = await ethers.getSigners();
  const token = await ethers.deployContract("GuardiansToken", [treasury, SUPPLY]);
  const libraries = await deployPoseidonLibraries();
  const registry = await deployParticipantRegistry(token, admin, treasury, DEFAULT_PARAMS, libraries);
  const stakePosition = await ethers.getContractAt("StakePosition", await registry.stakePosition());
  const models = await ethers.deployContract("MockModelRegistry");
  await models.addActiveVersion();
  const baseVersion = await models.champion();
  const rounds = await deployRoundManager({ token, registry, models, admin, treasury });
  const deployed = await ethers.deployContract(verifierName);
  const verifier = await ethers.getContractAt("IContributionVerifier", deployed);
  await rounds.addVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth, verifier);
  const aggregationDeployed =
    aggregationVerifierName === "MockAggregationVerifier"
      ? await ethers.deployContract("MockAggregationVerifier", [
          AGGREGATION.k,
          AGGREGATION.n,
          AGGREGATION.bits,
          AGGREGATION.headroom,
        ])
      : await ethers.deployContract(aggregationVerifierName);
  const aggregationVerifier = await ethers.getContractAt("IAggregationVerifier", aggregationDeployed);
  await rounds.addAggregationVerifier(aggregationVerifier);
  // `admin` stands in for the Timelock and keeps its roles: no hand-over.
  const roles = protocolRolePlan({ coordinator: coordinator.address, guardian: pauser.address });
  await grantRoles({ RoundManager: rounds }, roles.operational);

  const funded = [coordinator, ...users.slice(0, 10)];
  for (const account of funded) {
    await token.connect(treasury).transfer(account, USER_BALANCE);
    await token.connect(account).approve(registry, ethers.MaxUint256);
    await token.connect(account).approve(rounds, ethers.MaxUint256);
    await rounds.connect(account).depositBonds(BOND_DEPOSIT);
  }
  return {
    token,
    registry,
    stakePosition,
    rounds,
    models,
    verifier,
    aggregationVerifier,
    libraries,
    baseVersion,
    tree: new MemberTree(),
    admin,
    treasury,
    coordinator,
    pauser,
    users,
  };
}

export { SAMPLE_OPENING } from "../../sdk/openings";

/** secp256k1's group order: a secret key and its negation give the same x, with opposite y parity. */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * A fixed aggregator key for local deployments, tests and the demo, like Hardhat's development
 * accounts: public, so never for a real network. Derived from a fixed label and normalized to even y.
 */
export const DEV_AGGREGATOR_KEY: AggregatorKeyPair = (() => {
  const seed = BigInt(ethers.id("guardians/development aggregator key")) % SECP256K1_ORDER;
  for (const candidate of [seed, SECP256K1_ORDER - seed]) {
    const secretKey = ethers.getBytes(ethers.toBeHex(candidate, 32));
    try {
      return { secretKey, publicKey: aggregatorPublicKeyOf(secretKey) };
    } catch {
      // Odd y: its negation has even y.
    }
  }
  throw new Error("no even-y development aggregator key");
})();

/** A round configuration within DEFAULT_LIMITS for the shipped circuit. */
export function roundConfig(
  baseVersion: bigint,
  overrides: Partial<IRoundManager.RoundConfigStruct> = {},
): IRoundManager.RoundConfigStruct {
  return {
    baseModelVersion: baseVersion,
    l2BoundSq: 1_000_000n,
    n: CIRCUIT.n,
    bits: CIRCUIT.bits,
    fracBits: CIRCUIT.fracBits,
    depth: CIRCUIT.depth,
    window: DAY,
    bond: GRD(10),
    rewardPool: GRD(1_000),
    maxContributions: AGGREGATION.k,
    aggregatorKey: DEV_AGGREGATOR_KEY.publicKey,
    ...overrides,
  };
}

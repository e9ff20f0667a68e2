/**
 * A protocol deployment with many members, for the load test and the scaling benchmark: real token, registry (with
 * its linked Poseidon libraries) and round manager; a MockContributionVerifier, because these measure the protocol's
 * bookkeeping under load, not proofs (each real proof takes seconds; test/contracts covers real proofs).
 */
import { AbiCoder, HDNodeWallet, Mnemonic, TransactionResponse, keccak256, parseEther } from "ethers";
import { ethers, network } from "hardhat";

import { Identity, updateCommitment } from "../../zk";
import { grantRoles, protocolRolePlan } from "../roles";
import {
  AGGREGATION,
  CIRCUIT,
  DAY,
  MemberTree,
  deployParticipantRegistry,
  deployRoundManager,
  roundConfig as baseRoundConfig,
} from "./protocol";

import type {
  GuardiansToken,
  MockContributionVerifier,
  MockModelRegistry,
  ParticipantRegistry,
  RoundManager,
} from "../../../typechain-types";
import type { IRoundManager } from "../../../typechain-types/contracts/RoundManager";

export const MIN_STAKE = parseEther("100");
export const BOND = parseEther("1");
/** What each member deposits into its RoundManager bond balance when it joins: ten bonds. */
export const BOND_DEPOSIT = 10n * BOND;
export const REGISTRY_PARAMS = {
  minStake: MIN_STAKE,
  unbondingPeriod: 14 * DAY,
  rootValidity: 60 * 60,
  maxSlashBps: 5_000,
  disclosureSlashBps: 10_000,
  whistleblowerBps: 1_000,
  disclosureWindow: DAY,
};
export const ROUND_LIMITS = {
  minWindow: 60,
  maxWindow: 30 * DAY,
  minBond: 0n,
  maxBond: parseEther("1000"),
  maxRewardPool: parseEther("1000000"),
  maxContributions: 1_000,
  challengePeriod: 3 * DAY,
  finalizationPeriod: 7 * DAY,
  maxL2BoundSq: 2n ** 36n - 1n,
};

/** A staked member: its wallet and its identity (secret, commitment, nullifiers). */
export interface Member {
  wallet: HDNodeWallet;
  identity: Identity;
}

export interface LoadProtocol {
  token: GuardiansToken;
  registry: ParticipantRegistry;
  rounds: RoundManager;
  verifier: MockContributionVerifier;
  models: MockModelRegistry;
  /** Deployer: admin, treasury and coordinator at once (a test deployment, not a production wiring). */
  admin: Awaited<ReturnType<typeof ethers.getSigners>>[number];
  /** The TypeScript mirror of the on-chain member tree. */
  tree: MemberTree;
  members: Member[];
  baseModel: bigint;
}

/** K of the load protocol's (mock) aggregation verifier: the most contributions a round may take at H = 5. */
export const LOAD_AGGREGATION_K = 2 ** AGGREGATION.headroom - 1;

export async function deployLoadProtocol(): Promise<LoadProtocol> {
  const [admin] = await ethers.getSigners();
  const token = await ethers.deployContract("GuardiansToken", [admin.address, parseEther("1000000000")]);
  const registry = await deployParticipantRegistry(await token.getAddress(), admin.address, admin.address, REGISTRY_PARAMS);
  const models = await ethers.deployContract("MockModelRegistry");
  const rounds = await deployRoundManager({ token, registry, models, admin, treasury: admin }, ROUND_LIMITS);
  const verifier = await ethers.deployContract("MockContributionVerifier");
  await grantRoles({ RoundManager: rounds }, protocolRolePlan({ coordinator: admin.address }).operational);
  await rounds.addVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth, await verifier.getAddress());
  // The largest round one aggregation proof can take at H = 5: K = 2^H − 1 = 31 contributions.
  await rounds.addAggregationVerifier(
    await ethers.deployContract("MockAggregationVerifier", [LOAD_AGGREGATION_K, CIRCUIT.n, CIRCUIT.bits, AGGREGATION.headroom]),
  );
  await token.approve(await rounds.getAddress(), ethers.MaxUint256);
  await models.addActiveVersion();
  return {
    token,
    registry,
    rounds,
    verifier,
    models,
    admin,
    tree: new MemberTree(),
    members: [],
    baseModel: await models.champion(),
  };
}

/** A deterministic wallet per index, funded with ETH for gas and with `grd` GRD. */
export async function fundedWallet(protocol: LoadProtocol, index: number, grd: bigint): Promise<HDNodeWallet> {
  const wallet = HDNodeWallet.fromMnemonic(
    Mnemonic.fromEntropy(keccak256(AbiCoder.defaultAbiCoder().encode(["string", "uint256"], ["guardians-load", index]))),
  ).connect(ethers.provider);
  await network.provider.send("hardhat_setBalance", [wallet.address, "0x56BC75E2D63100000"]); // 100 ETH
  if (grd > 0n) await protocol.token.transfer(wallet.address, grd);
  return wallet;
}

/** Gas used by a transaction, from its receipt. */
export async function gasOf(tx: Promise<TransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt.gasUsed;
}

/**
 * Stakes one more member with the minimum stake and a fresh identity (secret = a deterministic field element), deposits
 * BOND_DEPOSIT into its bond balance (submit takes bonds from there), mirrors its leaf in the TypeScript tree, and
 * returns the gas of the `stake` call alone.
 */
export async function addMember(protocol: LoadProtocol): Promise<bigint> {
  const index = protocol.members.length;
  const wallet = await fundedWallet(protocol, index, MIN_STAKE + BOND_DEPOSIT);
  const identity = new Identity(BigInt(keccak256(wallet.privateKey)) >> 8n); // deterministic, below the field
  await protocol.token.connect(wallet).approve(await protocol.registry.getAddress(), ethers.MaxUint256);
  await protocol.token.connect(wallet).approve(await protocol.rounds.getAddress(), BOND_DEPOSIT);
  await protocol.rounds.connect(wallet).depositBonds(BOND_DEPOSIT);
  const gas = await gasOf(protocol.registry.connect(wallet).stake(MIN_STAKE, identity.commitment));
  protocol.members.push({ wallet, identity });
  protocol.tree.insert(identity.commitment);
  return gas;
}

/** The protocol fixtures' round configuration, with this population's bond and a bound no mock update reaches. */
export function roundConfig(
  protocol: LoadProtocol,
  overrides: Partial<IRoundManager.RoundConfigStruct> = {},
): IRoundManager.RoundConfigStruct {
  // The widest bound contribution_n32_b16_d16 range-checks (36 bits) and ROUND_LIMITS allow.
  return baseRoundConfig(protocol.baseModel, { l2BoundSq: (1n << 36n) - 1n, bond: BOND, ...overrides });
}

/** The mock verifier checks no proof, so any well-formed proof points do. */
export const UNCHECKED_PROOF: IRoundManager.ProofStruct = {
  pA: [1n, 2n],
  pB: [
    [3n, 4n],
    [5n, 6n],
  ],
  pC: [7n, 8n],
};

/**
 * Public signals for `member` in `roundId`, as a real proof of a zero update would carry them: the current root, the
 * member's nullifier in the round's scope, the update's commitment, the round's scope and bound, and the recipient.
 */
export async function signalsFor(
  protocol: LoadProtocol,
  roundId: bigint,
  member: Member,
  recipient: string,
): Promise<[bigint, bigint, bigint, bigint, bigint, bigint]> {
  const round = await protocol.rounds.getRound(roundId);
  const scope = await protocol.rounds.roundScope(roundId);
  return [
    await protocol.registry.currentRoot(),
    member.identity.nullifier(scope),
    updateCommitment(Array<bigint>(CIRCUIT.n).fill(0n), roundId, CIRCUIT),
    scope,
    round.l2BoundSq,
    BigInt(recipient),
  ];
}

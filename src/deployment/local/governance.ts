import { ethers } from "hardhat";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import type { DeployConfig } from "../config/deploy";
import { grantRoles, protocolRolePlan, renounceRoles } from "../roles";
import { addressOf, connectProtocol } from "../../sdk/deployments";
import { deployForTest } from "./deployment";
import { CIRCUIT, DEFAULT_LIMITS, DEFAULT_PARAMS, identityCommitment, roundConfig } from "./protocol";
import { SAMPLE_OPENING } from "../../sdk/openings";
import { UNCHECKED_PROOF } from "./population";
import { MockContributionVerifier__factory } from "../../../typechain-types";
import type {
  GuardiansGovernor,
  GuardiansTimelock,
  GuardiansToken,
  GuardiansVotes,
  MockContributionVerifier,
  MockStakingRegistry,
  ModelRegistry,
  ParticipantRegistry,
  RoundManager,
  StakePosition,
} from "../../../typechain-types";
import type { IGuardiansGovernor } from "../../../typechain-types/contracts/governance/GuardiansGovernor";
import type { IModelRegistry } from "../../../typechain-types/contracts/governance/ModelRegistry";

/** One day, in seconds (the Governor's clock is a timestamp). */
export const DAY = 24 * 60 * 60;

/** The parameters every governance test runs with; every one is a constructor argument. */
export const GOVERNANCE_PARAMS = {
  supply: ethers.parseEther("1000000"),
  votingDelay: DAY,
  votingPeriod: 5 * DAY,
  proposalThreshold: ethers.parseEther("1000"),
  quorumPercent: 4n,
  lateQuorumVoteExtension: 2 * DAY,
  timelockDelay: 2 * DAY,
} as const;

/** What each voter holds: alice alone reaches quorum, bob alone does not, carol's GRD is all staked. */
export const HOLDINGS = {
  alice: ethers.parseEther("50000"),
  bob: ethers.parseEther("30000"),
  carol: ethers.parseEther("20000"),
} as const;

export interface GovernanceFixture {
  token: GuardiansToken;
  staking: MockStakingRegistry;
  position: StakePosition;
  votes: GuardiansVotes;
  timelock: GuardiansTimelock;
  governor: GuardiansGovernor;
  registry: ModelRegistry;
  deployer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  coordinator: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
}

/** A candidate's parameters, distinct per `seed`. */
export function candidate(seed: number, parentId = 0n, roundId = 0n): IModelRegistry.CandidateParamsStruct {
  return {
    parentId,
    weightsHash: ethers.id(`weights-${seed}`),
    uri: `ipfs://model-${seed}`,
    roundId,
    aggregateCommitment: ethers.id(`aggregate-${seed}`),
    accuracyBps: 9000 + seed,
    metricsHash: ethers.id(`metrics-${seed}`),
  };
}

/** The Governor's deployment parameters, with `guardian` as proposal guardian. */
export function governorConfig(guardian: string): IGuardiansGovernor.GovernorConfigStruct {
  const p = GOVERNANCE_PARAMS;
  return {
    name: "Guardians Governor",
    votingDelay: p.votingDelay,
    votingPeriod: p.votingPeriod,
    proposalThreshold: p.proposalThreshold,
    quorumNumerator: p.quorumPercent,
    lateQuorumVoteExtension: p.lateQuorumVoteExtension,
    proposalGuardian: guardian,
  };
}

/**
 * Deploys the Timelock (with the deployer as bootstrap admin), the GuardiansVotes adapter over
 * `token` and `position`, and the Governor with `guardian` as proposal guardian.
 */
async function deployGovernor(
  token: GuardiansToken,
  position: StakePosition,
  timelock: GuardiansTimelock,
  guardian: HardhatEthersSigner,
): Promise<{ votes: GuardiansVotes; governor: GuardiansGovernor }> {
  const votes = await ethers.deployContract("GuardiansVotes", [await token.getAddress(), await position.getAddress()]);
  const governor = await ethers.deployContract("GuardiansGovernor", [
    governorConfig(guardian.address),
    await votes.getAddress(),
    await timelock.getAddress(),
  ]);
  return { votes, governor };
}

/**
 * The governance unit fixture: the governance stack alone, wired with the production role plan
 * (docs/ROLES.md), with sGRD minted by a MockStakingRegistry instead of the ParticipantRegistry: GRD
 * with its supply handed to the Timelock (treasury) after the voters are funded, the GuardiansVotes
 * adapter, the Timelock, the Governor with the guardian, and the model registry administered by the
 * Timelock. There is no RoundManager, so the coordinator stands in for it as registrar (production
 * grants the coordinator no REGISTRAR_ROLE). The deployer keeps no role. For the whole protocol,
 * deployed through the production deployment, see deployGovernedProtocol.
 */
export async function deployGovernance(): Promise<GovernanceFixture> {
  const [deployer, alice, bob, carol, coordinator, guardian, outsider] = await ethers.getSigners();
  const p = GOVERNANCE_PARAMS;

  const token = await ethers.deployContract("GuardiansToken", [deployer.address, p.supply]);
  const staking = await ethers.deployContract("MockStakingRegistry", [await token.getAddress()]);
  const position = await ethers.getContractAt("StakePosition", await staking.position());
  const timelock = await ethers.deployContract("GuardiansTimelock", [p.timelockDelay, [], [], deployer.address]);
  const { votes, governor } = await deployGovernor(token, position, timelock, guardian);
  const registry = await ethers.deployContract("ModelRegistry", [deployer.address, await governor.getAddress()]);

  // The Timelock's production roles (docs/ROLES.md): the Governor proposes, executes and cancels, and
  // the Timelock administers itself once the deployer renounces. The guardian holds no Timelock role:
  // it cancels through the Governor, which cannot let it cancel its own removal.
  const roles = protocolRolePlan({
    registrars: [coordinator.address],
    governor: await governor.getAddress(),
    timelock: await timelock.getAddress(),
    handOver: ["ModelRegistry", "GuardiansTimelock"],
  });
  const contracts = { ModelRegistry: registry, GuardiansTimelock: timelock };
  await grantRoles(contracts, [...roles.governance, ...roles.operational, ...roles.handOver]);
  await renounceRoles(contracts, roles.renounce, deployer.address);

  await token.transfer(alice.address, HOLDINGS.alice);
  await token.transfer(bob.address, HOLDINGS.bob);
  await token.transfer(carol.address, HOLDINGS.carol);
  await token.transfer(await timelock.getAddress(), await token.balanceOf(deployer.address));
  await token.connect(alice).delegate(alice.address);
  await token.connect(bob).delegate(bob.address);
  await token.connect(carol).approve(await staking.getAddress(), HOLDINGS.carol);
  await staking.connect(carol).stake(HOLDINGS.carol);
  await mine();

  return {
    token,
    staking,
    position,
    votes,
    timelock,
    governor,
    registry,
    deployer,
    alice,
    bob,
    carol,
    coordinator,
    guardian,
    outsider,
  };
}

/** The governed protocol: the governance stack over the real ParticipantRegistry and RoundManager. */
export interface GovernedProtocol extends Omit<GovernanceFixture, "staking"> {
  participants: ParticipantRegistry;
  rounds: RoundManager;
  verifier: MockContributionVerifier;
  genesisVersion: bigint;
  /** carol's identity secret: she is the one member, staked through the ParticipantRegistry. */
  carolSecret: bigint;
}

/**
 * The longest a proposal takes from proposal to execution: the voting delay and period, a late-quorum
 * extension and the Timelock delay. The contracts are deployed with it as the floor of unbondingPeriod
 * and challengePeriod.
 */
export const GOVERNANCE_LATENCY_FLOOR =
  GOVERNANCE_PARAMS.votingDelay +
  GOVERNANCE_PARAMS.votingPeriod +
  GOVERNANCE_PARAMS.lateQuorumVoteExtension +
  GOVERNANCE_PARAMS.timelockDelay;

/**
 * Seconds a contribution must stay revocable, and a member's stake slashable after it starts
 * unbonding, for governance to act: the latency plus a day of slack for proposing, queueing and
 * executing.
 */
export const GOVERNANCE_LATENCY = GOVERNANCE_LATENCY_FLOOR + DAY;

/**
 * The verifiers the governed protocol registers for CIRCUIT and its aggregation circuit: its tests submit
 * MOCK_PROOF and finalize with mock aggregation proofs.
 */
export const GOVERNED_VERIFIER_OVERRIDES = {
  contribution_n32_b16_d16: "MockContributionVerifier",
  aggregation_k8_n32_b16_h5: "MockAggregationVerifier",
} as const;

/** What the governed protocol allocates to each account at deployment; the rest goes to the treasury. */
export const GOVERNED_ALLOCATIONS = {
  ...HOLDINGS,
  coordinator: ethers.parseEther("10000"),
  outsider: ethers.parseEther("1000"),
} as const;

/** The governed protocol's genesis model: candidate(0)'s weights, URI and accuracy. */
const GENESIS = candidate(0);

/**
 * The deployment config of the governed protocol, as deploy/config/<network>.json would state it once
 * validated: GOVERNANCE_PARAMS, DEFAULT_PARAMS and DEFAULT_LIMITS with the unbonding and challenge
 * periods at GOVERNANCE_LATENCY, the shipped circuit, a genesis model, and the allocations of
 * GOVERNED_ALLOCATIONS. Built directly rather than through validateDeployConfig: GOVERNANCE_LATENCY
 * keeps a day above the latency, less than the margin a shipped config must keep (the deployment's
 * own timing check, which refuses only a broken invariant, still runs).
 */
export function governedDeployConfig(
  accounts: Record<"coordinator" | "guardian" | keyof typeof GOVERNED_ALLOCATIONS, string>,
): DeployConfig {
  const p = GOVERNANCE_PARAMS;
  const r = { ...DEFAULT_PARAMS, unbondingPeriod: GOVERNANCE_LATENCY };
  const l = { ...DEFAULT_LIMITS, challengePeriod: GOVERNANCE_LATENCY };
  const allocations = (Object.keys(GOVERNED_ALLOCATIONS) as Array<keyof typeof GOVERNED_ALLOCATIONS>).map((name) => ({
    to: accounts[name],
    amount: GOVERNED_ALLOCATIONS[name],
  }));
  return {
    token: { supply: p.supply, allocations },
    registry: {
      minStake: BigInt(r.minStake),
      unbondingPeriod: Number(r.unbondingPeriod),
      rootValidity: Number(r.rootValidity),
      maxSlashBps: Number(r.maxSlashBps),
      disclosureSlashBps: Number(r.disclosureSlashBps),
      whistleblowerBps: Number(r.whistleblowerBps),
      disclosureWindow: Number(r.disclosureWindow),
    },
    rounds: {
      minWindow: Number(l.minWindow),
      maxWindow: Number(l.maxWindow),
      minBond: BigInt(l.minBond),
      maxBond: BigInt(l.maxBond),
      maxRewardPool: BigInt(l.maxRewardPool),
      maxContributions: Number(l.maxContributions),
      challengePeriod: Number(l.challengePeriod),
      finalizationPeriod: Number(l.finalizationPeriod),
      maxL2BoundSq: BigInt(l.maxL2BoundSq),
    },
    verifiers: [{ circuit: "contribution_n32_b16_d16", n: CIRCUIT.n, bits: CIRCUIT.bits, depth: CIRCUIT.depth }],
    aggregationVerifiers: [{ circuit: "aggregation_k8_n32_b16_h5" }],
    governance: {
      name: "Guardians Governor",
      votingDelay: p.votingDelay,
      votingPeriod: p.votingPeriod,
      proposalThreshold: p.proposalThreshold,
      quorumPercent: Number(p.quorumPercent),
      lateQuorumExtension: p.lateQuorumVoteExtension,
      timelockDelay: p.timelockDelay,
    },
    roles: { coordinator: accounts.coordinator, guardian: accounts.guardian },
    genesisModel: {
      weightsHash: String(GENESIS.weightsHash),
      uri: String(GENESIS.uri),
      accuracyBps: Number(GENESIS.accuracyBps),
    },
    governanceLatency: GOVERNANCE_LATENCY_FLOOR,
    warnings: [],
  };
}

/**
 * The whole protocol owned by the Timelock, deployed as production deploys it: through deployProtocol
 * (the `deploy` task's journaled deployment, into a temporary journal) with governedDeployConfig.
 * ParticipantRegistry (admin and slasher: Timelock; treasury: Timelock), RoundManager (admin: Timelock;
 * coordinator; guardian as pauser; the round challenge period covers the governance latency),
 * ModelRegistry (registrars: RoundManager and Timelock; a genesis version the deployer registered and
 * activated before renouncing). The one local difference is the verifier: the RoundManager checks proofs
 * with a MockContributionVerifier (GOVERNED_VERIFIER_OVERRIDES), since these tests are about governance,
 * not proofs. Then the fixture's own steps: alice and bob delegate, carol stakes through the real
 * registry (so her votes are sGRD), the coordinator and the outsider approve the RoundManager, and the
 * outsider deposits bonds.
 */
export async function deployGovernedProtocol(): Promise<GovernedProtocol> {
  const [deployer, alice, bob, carol, coordinator, guardian, outsider] = await ethers.getSigners();
  const config = governedDeployConfig({
    alice: alice.address,
    bob: bob.address,
    carol: carol.address,
    coordinator: coordinator.address,
    guardian: guardian.address,
    outsider: outsider.address,
  });
  const { deployment } = await deployForTest({
    signer: deployer,
    config,
    verifierOverrides: GOVERNED_VERIFIER_OVERRIDES,
  });
  const protocol = await connectProtocol(deployment, deployer);
  const { token, votes, timelock, governor } = protocol;
  const position = protocol.stakePosition;
  const participants = protocol.registry;
  const registry = protocol.modelRegistry;
  const rounds = protocol.roundManager;
  const verifier = MockContributionVerifier__factory.connect(
    addressOf(deployment, GOVERNED_VERIFIER_OVERRIDES.contribution_n32_b16_d16),
    deployer,
  );
  const genesisVersion = await registry.champion();

  const carolSecret = 424242n;
  await token.connect(alice).delegate(alice.address);
  await token.connect(bob).delegate(bob.address);
  await token.connect(carol).approve(participants, HOLDINGS.carol);
  await participants.connect(carol).stake(HOLDINGS.carol, identityCommitment(carolSecret));
  await token.connect(coordinator).approve(rounds, ethers.MaxUint256);
  await token.connect(outsider).approve(rounds, ethers.MaxUint256);
  // The outsider submits contributions: its bond balance covers ten default bonds.
  await rounds.connect(outsider).depositBonds(ethers.parseEther("100"));
  await mine();

  return {
    token,
    position,
    votes,
    timelock,
    governor,
    registry,
    participants,
    rounds,
    verifier,
    genesisVersion,
    carolSecret,
    deployer,
    alice,
    bob,
    carol,
    coordinator,
    guardian,
    outsider,
  };
}

/** A proposal as the Governor hashes it. */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  descriptionHash: string;
  id: bigint;
}

/** One call the Timelock will make. */
export interface Action {
  target: { getAddress(): Promise<string> };
  data: string;
}

/** Builds a proposal from `actions` and computes its id with the Governor's own hash. */
export async function buildProposal(governor: GuardiansGovernor, actions: Action[], description: string): Promise<Proposal> {
  const targets = await Promise.all(actions.map((a) => a.target.getAddress()));
  const values = actions.map(() => 0n);
  const calldatas = actions.map((a) => a.data);
  const descriptionHash = ethers.id(description);
  const id = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  return { targets, values, calldatas, description, descriptionHash, id };
}

/** `proposer` submits `proposal`; returns once it is recorded (state Pending). */
export async function propose(governor: GuardiansGovernor, proposer: HardhatEthersSigner, proposal: Proposal) {
  return governor.connect(proposer).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
}

/** Advances the clock until voting on `proposal` is open (just past its snapshot). */
export async function openVoting(governor: GuardiansGovernor, proposal: Proposal): Promise<void> {
  await time.increaseTo((await governor.proposalSnapshot(proposal.id)) + 1n);
}

/** Advances the clock past the (possibly extended) deadline of `proposal`. */
export async function closeVoting(governor: GuardiansGovernor, proposal: Proposal): Promise<void> {
  await time.increaseTo((await governor.proposalDeadline(proposal.id)) + 1n);
}

/** Queues a succeeded `proposal` in the Timelock. */
export async function queue(governor: GuardiansGovernor, proposal: Proposal) {
  return governor.queue(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash);
}

/** Waits out the Timelock delay and executes a queued `proposal`. */
export async function execute(governor: GuardiansGovernor, proposal: Proposal) {
  await time.increaseTo(await governor.proposalEta(proposal.id));
  return governor.execute(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash);
}

/** Takes `proposal` from creation to execution with `voters` voting For. */
export async function passProposal(
  f: Pick<GovernanceFixture, "governor" | "alice">,
  actions: Action[],
  description: string,
  voters: HardhatEthersSigner[] = [f.alice],
): Promise<Proposal> {
  const proposal = await buildProposal(f.governor, actions, description);
  await propose(f.governor, f.alice, proposal);
  await openVoting(f.governor, proposal);
  for (const voter of voters) await f.governor.connect(voter).castVote(proposal.id, VOTE.For);
  await closeVoting(f.governor, proposal);
  await queue(f.governor, proposal);
  await execute(f.governor, proposal);
  return proposal;
}

/** GovernorCountingSimple's vote types. */
export const VOTE = { Against: 0, For: 1, Abstain: 2 } as const;

/** IGovernor.ProposalState, in order. */
export const STATE = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;

/** IModelRegistry.VersionStatus, in order. */
export const STATUS = { None: 0n, Candidate: 1n, Active: 2n, Deprecated: 3n, Revoked: 4n } as const;

/** IModelRegistry.ActivationKind, in order. */
export const KIND = { Promotion: 0n, Rollback: 1n } as const;

/**
 * Registers `count` candidates from the coordinator, each the child of the previous; returns their ids.
 * For the governance fixture (deployGovernance) only, whose coordinator stands in for the RoundManager
 * as registrar: that fixture has no RoundManager. In the governed protocol the coordinator holds no
 * REGISTRAR_ROLE, as in production: its candidates come from rounds finalized by aggregation proofs.
 */
export async function registerCandidates(
  f: Pick<GovernanceFixture, "registry" | "coordinator">,
  count: number,
): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (let i = 1; i <= count; i++) {
    const parent = ids.length ? ids[ids.length - 1] : 0n;
    await f.registry.connect(f.coordinator).registerCandidate(candidate(i, parent, BigInt(i)));
    ids.push(await f.registry.versionCount());
  }
  return ids;
}

/**
 * Registers a candidate in the governed protocol the way production does: the coordinator opens a round
 * on the champion, the outsider submits one contribution (the verifiers are mocks), and once the window
 * has closed the coordinator finalizes it with an aggregation of that contribution and candidate(`seed`),
 * which the RoundManager registers (the coordinator holds no REGISTRAR_ROLE). Returns the version id.
 */
export async function registerRoundCandidate(
  f: Pick<GovernedProtocol, "rounds" | "registry" | "participants" | "coordinator" | "outsider">,
  seed: number,
): Promise<bigint> {
  await f.rounds.connect(f.coordinator).openRound(roundConfig(await f.registry.champion()));
  const roundId = await f.rounds.roundCount();
  const { l2BoundSq } = await f.rounds.getRound(roundId);
  const commitment = BigInt(1_000 + seed);
  const signals = [
    await f.participants.currentRoot(),
    BigInt(seed),
    commitment,
    await f.rounds.roundScope(roundId),
    l2BoundSq,
    BigInt(f.outsider.address),
  ] as [bigint, bigint, bigint, bigint, bigint, bigint];
  await f.rounds.connect(f.outsider).submit(roundId, UNCHECKED_PROOF, signals, SAMPLE_OPENING);
  await time.increaseTo((await f.rounds.getRound(roundId)).closesAt);
  const c = candidate(seed);
  const modelCandidate = { weightsHash: c.weightsHash, uri: c.uri, accuracyBps: c.accuracyBps, metricsHash: c.metricsHash };
  const aggregation = { proof: UNCHECKED_PROOF, aggregateCommitment: 1n, selection: 1n, commitments: [commitment] };
  await f.rounds.connect(f.coordinator).finalizeRound(roundId, aggregation, modelCandidate);
  return (await f.rounds.getRound(roundId)).candidateVersion;
}

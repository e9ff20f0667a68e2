import { Progress } from "../core/progress";
import type { DeploymentRecord } from "./summary";

/**
 * The on-chain half of the demo, as the run sees it. The implementation (src/demo/chain.ts) is a thin
 * adapter over the SDK (src/sdk) and the prover (src/zk): every action goes through them, so the
 * demo exercises exactly the code path of the tasks and tests. Members are named "P1".."Pk" for the
 * training participants, plus "lender" (a staked member who lends its identity secret) and
 * "whistleblower" (an unstaked account that discloses it).
 */
export interface ChainDriver {
  readonly network: string;
  /**
   * Deploys with the deploy scripts and `genesis` as the genesis model (its model file's hash on chain),
   * then each member makes an identity, stakes from its own wallet and joins.
   */
  setup(members: readonly string[], genesis: GenesisModel, progress: Progress): Promise<Enrolled>;
  openRound(round: number): Promise<GasReport>;
  /**
   * Proves and submits one contribution (the prover's own local check runs first). Resolves with
   * the on-chain attestation and the salt the member reveals to the aggregator off-chain.
   */
  contribute(member: string, round: number, update: readonly bigint[], progress: Progress): Promise<Contribution>;
  /**
   * Submits an update the prover refuses (over the bound) with the best forgery available: a valid
   * proof of a bounded update, with the public commitment swapped for the over-bound one's. The
   * contract must reject it; resolves with the revert's error name, throws if it was accepted.
   */
  forceContribution(member: string, round: number, update: readonly bigint[], progress: Progress): Promise<Rejection>;
  /** A second contribution by `member` in `round`; resolves with the revert's error name, throws if accepted. */
  contributeAgain(member: string, round: number, update: readonly bigint[], progress: Progress): Promise<Rejection>;
  /** The aggregator's check: does (update, salt) open the commitment recorded on-chain for this contribution? */
  matchesCommitment(contribution: Contribution, update: readonly bigint[]): Promise<boolean>;
  /**
   * Closes the round: proves the aggregate of the aggregator's selection, builds the candidate's model
   * file from the parent's, finalizes with the proof, and runs governance (propose, vote, queue,
   * execute) to activate it and revoke the flagged contributions; then verifies the activated version
   * (model verify) back to the genesis.
   */
  govern(round: number, outcome: RoundOutcome, progress: Progress): Promise<Governed>;
  /** The whistleblower discloses `member`'s lent identity secret (commit-reveal) and the member is slashed. */
  discloseIdentity(member: string, whistleblower: string): Promise<Disclosure>;
  /** Every member claims its bond and reward share for each unrevoked contribution; counts per member. */
  claimAll(members: readonly string[]): Promise<GasReport & { claimed: Record<string, number> }>;
  /** GRD balances (wei) of every account that can hold GRD, contracts included. */
  balances(): Promise<Record<string, bigint>>;
}

/** What setup leaves behind: its gas, and the deployment's journal and contract addresses. */
export interface Enrolled extends GasReport {
  readonly deployment: DeploymentRecord;
}

/** Gas used per action name. */
export interface GasReport {
  readonly gas: Record<string, number>;
}

export interface Contribution extends GasReport {
  readonly member: string;
  readonly round: number;
  /** The attestation id the RoundManager recorded. */
  readonly uid: string;
  readonly commitment: bigint;
  readonly salt: bigint;
}

export interface Rejection extends GasReport {
  /** The custom error name the contract reverted with. */
  readonly error: string;
}

/** The genesis model the deployment registers: fixed-point weights at 2^-fracBits. */
export interface GenesisModel {
  readonly weights: readonly bigint[];
  readonly fracBits: number;
  readonly accuracy: number;
}

/** One contribution as the aggregator selects it: its opening's update (the salt is the contribution's) and weight. */
export interface Selected {
  readonly contribution: Contribution;
  readonly update: readonly bigint[];
  /** 0 leaves it out. */
  readonly weight: bigint;
}

export interface RoundOutcome {
  readonly accepted: readonly Contribution[];
  readonly flagged: readonly Contribution[];
  /** The aggregator's selection, one entry per accepted contribution. */
  readonly selection: readonly Selected[];
  /** The new model's fixed-point weights as the learning side computed them (the chain's file must agree). */
  readonly weights: readonly bigint[];
  readonly accuracy: number;
  readonly loss: number;
}

export interface Governed extends GasReport {
  readonly modelVersion: string;
  /** The activated version's weightsHash on chain: the hash of its model file. */
  readonly weightsHash: string;
  /** Where the run wrote the activated version's model file. */
  readonly modelFile: string;
  /** model verify's verdict on the activated version. */
  readonly verified: boolean;
  /** Bond forfeited per revoked contribution uid (wei). */
  readonly forfeited: Record<string, bigint>;
}

export interface Disclosure extends GasReport {
  readonly slashed: bigint;
  readonly reward: bigint;
}

/** Adds the gas of `report` into `into`, per action. */
export function addGas(into: Record<string, number>, report: GasReport): void {
  for (const [action, gas] of Object.entries(report.gas)) into[action] = (into[action] ?? 0) + gas;
}

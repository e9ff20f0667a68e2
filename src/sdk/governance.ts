import { getAddress, id as keccakText, isAddress } from "ethers";

import { ACTIVATION_KINDS, ATTESTATION_STATUSES, ROUND_STATUSES, VERSION_STATUSES, type ActivationKind } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { grd } from "./funds";
import { queryEventsPaged } from "./events";
import { chainTime, type Guardians } from "./client";
import { CONTRACT_STEPS } from "./deployments";
import type { RevertHints, TxOutcome } from "./tx";
import { describeProvenance, modelProvenance, verifyModel } from "./model/chain";
import { GENESIS_RULE, artifactHash, parseArtifact } from "./model/artifact";
import { checkCandidate } from "./coordinator";
import type { ModelFileSource } from "./model/verify";
import { submittedContributions, type SubmittedContribution } from "./contributions";
import { formatDuration } from "./timing";

/** OpenZeppelin's IGovernor.ProposalState, in order. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** IModelRegistry.VersionStatus, in order. */

/** GovernorCountingSimple's support values. */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

/**
 * The actions of a proposal: what `propose`, `queue` and `execute` all need. `propose` takes the
 * human description and stores it with the proposer suffix; every other path takes the stored one.
 */
export interface ProposalActions {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** A proposal as its ProposalCreated event records it; `description` is the stored one, suffix included. */
export interface ProposalRecord extends ProposalActions {
  proposalId: bigint;
  proposer: string;
  voteStart: bigint;
  voteEnd: bigint;
  /** keccak256 of the stored description: what `queue`, `execute` and `cancel` take. */
  descriptionHash: string;
  block: number;
}

export interface Proposed {
  proposalId: bigint;
  /** The description as proposed and stored, ending in `#proposer=<account>`; hash this one. */
  description: string;
  outcome: TxOutcome;
}

/**
 * OpenZeppelin's front-running guard (`Governor._isValidDescriptionForProposer`): a description whose
 * last 52 bytes are `#proposer=0x` and 40 hex digits can be proposed only by that address. The
 * marker and the `0x` are case-sensitive, the hex digits are not (no checksum check); anything else
 * at the end (`0X…`, a short address, a trailing space) is not a suffix, and the proposal is open to
 * every proposer again.
 */
const PROPOSER_SUFFIX = /#proposer=(0x[0-9a-fA-F]{40})$/;

/** The suffix that binds a description to `proposer`: `#proposer=0x…` (checksummed). */
export function proposerSuffix(proposer: string): string {
  return `#proposer=${getAddress(proposer)}`;
}

/** The address a description's proposer suffix names, or undefined when it carries none the Governor checks. */
export function descriptionProposer(description: string): string | undefined {
  const match = PROPOSER_SUFFIX.exec(description);
  return match ? getAddress(match[1].toLowerCase()) : undefined;
}

/** A stored description without its proposer suffix, for people to read (never to hash). */
export function readableDescription(description: string): string {
  return descriptionProposer(description) === undefined ? description : description.replace(PROPOSER_SUFFIX, "").trimEnd();
}

/**
 * The description `proposer` submits: `description` followed by ` #proposer=<proposer>`, so that only
 * `proposer` can create the proposal. Without it anyone holding the proposal threshold could copy a
 * pending proposal from the mempool, land it first and cancel it while Pending, every time. A
 * description that already ends with `proposer`'s suffix is kept as it is; one that names another
 * proposer is refused (the Governor would reject it).
 */
export function descriptionForProposer(description: string, proposer: string): string {
  const named = descriptionProposer(description);
  if (named === undefined) return description ? `${description} ${proposerSuffix(proposer)}` : proposerSuffix(proposer);
  if (named !== getAddress(proposer))
    throw new ArgumentError(
      `the description ends with #proposer=${named}; only that account can propose it, not ${getAddress(proposer)}`,
    );
  return description;
}

async function versionStatus(g: Guardians, versionId: bigint): Promise<(typeof VERSION_STATUSES)[number]> {
  return VERSION_STATUSES[Number(await g.protocol.modelRegistry.statusOf(versionId))];
}

/**
 * Recomputes a proposal's id from its actions, exactly as the Governor does: `actions.description`
 * must be the stored description, proposer suffix included.
 */
export async function proposalIdOf(g: Guardians, actions: ProposalActions): Promise<bigint> {
  return g.protocol.governor.hashProposal(actions.targets, actions.values, actions.calldatas, keccakText(actions.description));
}

/**
 * Submits a proposal, the one path every SDK, task and demo proposal takes. The description is
 * stored with the proposer suffix (`descriptionForProposer`), so a copy sent from another account
 * reverts (`GovernorRestrictedProposer`) instead of taking the proposal over. Checks first, off
 * chain, that the proposer has enough votes and that the same proposal does not exist already (both
 * would otherwise be an opaque revert).
 */
export async function propose(g: Guardians, actions: ProposalActions): Promise<Proposed> {
  const { governor } = g.protocol;
  const description = descriptionForProposer(actions.description, g.account);
  const proposalId = await proposalIdOf(g, { ...actions, description });
  if ((await governor.proposalSnapshot(proposalId)) !== 0n)
    throw new UserError(`the same proposal exists already (id ${proposalId}); change --description to propose it again`);
  await requireProposerVotes(g);
  const outcome = await g.send(
    "propose",
    () => governor.propose(actions.targets, actions.values, actions.calldatas, description),
    GOVERNANCE_HINTS,
  );
  return { proposalId, description, outcome };
}

/** Sentences for the Governor's errors a proposer can cause, amounts in GRD. */
export const GOVERNANCE_HINTS: RevertHints = {
  GovernorInsufficientProposerVotes: (a) =>
    `the Governor counts ${grd(a[1] as bigint)} of votes for ${String(a[0])}, proposing needs ${grd(a[2] as bigint)}; votes count from the block after their delegation`,
};

/**
 * The Governor counts a proposer's votes at the timepoint before the proposal's block, so votes
 * delegated in the latest block count only from the next one: say that, not "delegate first".
 */
async function requireProposerVotes(g: Guardians): Promise<void> {
  const { governor, votes } = g.protocol;
  const threshold = await governor.proposalThreshold();
  if (threshold === 0n) return;
  const clock = await governor.clock();
  const counted = await votes.getPastVotes(g.account, clock - 1n).catch(() => 0n);
  if (counted >= threshold) return;
  const current = await votes.getVotes(g.account);
  if (current >= threshold)
    throw new UserError(
      `${g.account} has ${grd(current)} of votes, but votes count from the block after their delegation and the latest block still sees ${grd(counted)}; ` +
        "propose again after the next block (on a local node: npx hardhat local advance --seconds 1)",
    );
  throw new UserError(
    `${g.account} has ${grd(current)} of votes; proposing needs ${grd(threshold)} ` +
      "(votes are delegated GRD + sGRD: delegate yours with gov delegate, or get more delegated to you)",
  );
}

/** The actions that make `versionId` the champion. */
export async function modelActivationActions(g: Guardians, versionId: bigint, description?: string): Promise<ProposalActions> {
  const status = await versionStatus(g, versionId);
  if (status !== "Candidate")
    throw new ArgumentError(`model version ${versionId} is ${status}; only a Candidate can be activated`);
  const registry = g.protocol.modelRegistry;
  const version = await registry.versionOf(versionId);
  const provenance = describeProvenance(await modelProvenance(g.protocol, versionId));
  return {
    targets: [await registry.getAddress()],
    values: [0n],
    calldatas: [registry.interface.encodeFunctionData("activate", [versionId])],
    description:
      description ??
      `Activate model version ${versionId} (${version.uri}, weights ${version.weightsHash}). Provenance: ${provenance}. ` +
        `Check the file: npx hardhat model verify --model-version ${versionId} --file <its file>`,
  };
}

/** The actions that roll the champion back to an earlier, Deprecated version. */
export async function modelRollbackActions(g: Guardians, toVersionId: bigint, description?: string): Promise<ProposalActions> {
  const status = await versionStatus(g, toVersionId);
  if (status !== "Deprecated")
    throw new ArgumentError(`model version ${toVersionId} is ${status}; a rollback goes back to a Deprecated version`);
  const registry = g.protocol.modelRegistry;
  return {
    targets: [await registry.getAddress()],
    values: [0n],
    calldatas: [registry.interface.encodeFunctionData("rollback", [toVersionId])],
    description: description ?? `Roll the champion back to model version ${toVersionId}`,
  };
}

/**
 * The actions that register a genesis or out-of-round model, which only governance may do (the Timelock
 * holds REGISTRAR_ROLE beside the RoundManager): its file must be a canonical genesis model file
 * (docs/MODELS.md), whose hash becomes the version's weightsHash, so `model verify` checks it like the
 * shipped genesis. Activating it is a second proposal, once the version exists.
 */
export async function modelRegistrationActions(
  g: Guardians,
  model: { file: Uint8Array; uri: string; accuracyBps: number },
  description?: string,
): Promise<ProposalActions> {
  const artifact = parseArtifact(model.file);
  if (artifact.rule !== GENESIS_RULE)
    throw new ArgumentError(
      "only a genesis model file (no parent, no round) is registered by governance; a round's candidate comes with its round's proof",
    );
  const weightsHash = artifactHash(model.file);
  checkCandidate({ weightsHash, uri: model.uri, accuracyBps: model.accuracyBps });
  const registry = g.protocol.modelRegistry;
  const params = {
    parentId: 0n,
    weightsHash,
    uri: model.uri,
    roundId: 0n,
    aggregateCommitment: `0x${"00".repeat(32)}`,
    accuracyBps: model.accuracyBps,
    metricsHash: `0x${"00".repeat(32)}`,
  };
  return {
    targets: [await registry.getAddress()],
    values: [0n],
    calldatas: [registry.interface.encodeFunctionData("registerCandidate", [params])],
    description: description ?? `Register model ${weightsHash} (${model.uri}) as a new genesis version, outside any round`,
  };
}

export async function proposeModelRegistration(
  g: Guardians,
  model: { file: Uint8Array; uri: string; accuracyBps: number },
  description?: string,
): Promise<Proposed> {
  return propose(g, await modelRegistrationActions(g, model, description));
}

export async function proposeModel(g: Guardians, versionId: bigint, description?: string): Promise<Proposed> {
  return propose(g, await modelActivationActions(g, versionId, description));
}

export async function proposeRollback(g: Guardians, toVersionId: bigint, description?: string): Promise<Proposed> {
  return propose(g, await modelRollbackActions(g, toVersionId, description));
}

/** A contribution named by its attestation uid, or by its round and its position in it (submission order). */
export type ContributionRef = { uid: string } | { roundId: bigint; index: number };

/**
 * The ContributionSubmitted record of a contribution, by uid or by round and index: one line when
 * there is no such contribution.
 */
export async function findContribution(g: Guardians, ref: ContributionRef): Promise<SubmittedContribution> {
  const rm = g.protocol.roundManager;
  if ("uid" in ref) {
    const attestation = await rm.getAttestation(ref.uid);
    if (ATTESTATION_STATUSES[Number(attestation.status)] === "None")
      throw new ArgumentError(`no contribution has attestation uid ${ref.uid} on this RoundManager`);
    const [found] = await submittedContributions(g, { uid: ref.uid, roundId: attestation.roundId });
    if (!found) throw new Error(`attestation ${ref.uid} has no ContributionSubmitted event`);
    return found;
  }
  const round = await rm.getRound(ref.roundId);
  if (ROUND_STATUSES[Number(round.status)] === "None") throw new ArgumentError(`no round ${ref.roundId} on this RoundManager`);
  if (ref.index >= Number(round.contributions))
    throw new ArgumentError(
      `round ${ref.roundId} has ${round.contributions} contribution${round.contributions === 1n ? "" : "s"} (indices from 0); there is no index ${ref.index}`,
    );
  const found = (await submittedContributions(g, { roundId: ref.roundId })).find((c) => c.index === ref.index);
  if (!found) throw new Error(`round ${ref.roundId} has no ContributionSubmitted event for index ${ref.index}`);
  return found;
}

/**
 * The shortest time from `propose` to `execute`: the voting delay, the voting period and the Timelock
 * delay (a late quorum only lengthens it). A revocation that cannot execute before a deadline this far
 * away would revert.
 */
async function fastestExecution(g: Guardians): Promise<bigint> {
  const { governor, timelock } = g.protocol;
  return (await governor.votingDelay()) + (await governor.votingPeriod()) + (await timelock.getMinDelay());
}

function requireReason(reason: string): string {
  if (!reason.trim()) throw new ArgumentError("a revocation needs a reason (--reason must not be empty)");
  return reason.trim();
}

/**
 * The actions that revoke a contribution (RoundManager.revokeContribution: its bond goes to the
 * treasury, and it no longer shares the round's reward). Refused, with one line, when the contract
 * would refuse it at execution: an unknown contribution, one not Valid (already revoked, or claimed),
 * one of a cancelled round, or one of a finalized round whose challenge period is over, or ends before
 * a proposal made now could execute.
 */
export async function contributionRevocationActions(
  g: Guardians,
  ref: ContributionRef,
  reason: string,
  description?: string,
): Promise<ProposalActions & { contribution: SubmittedContribution }> {
  const why = requireReason(reason);
  const contribution = await findContribution(g, ref);
  const { uid, roundId, index } = contribution;
  const rm = g.protocol.roundManager;
  const status = ATTESTATION_STATUSES[Number((await rm.getAttestation(uid)).status)];
  if (status === "Revoked") throw new UserError(`contribution ${uid} (round ${roundId}, index ${index}) is already revoked`);
  if (status !== "Valid")
    throw new UserError(
      `contribution ${uid} (round ${roundId}, index ${index}) is ${status}; only a Valid contribution can be revoked`,
    );
  const round = await rm.getRound(roundId);
  const roundStatus = ROUND_STATUSES[Number(round.status)];
  if (roundStatus === "Cancelled") throw new UserError(`round ${roundId} was cancelled; its contributions cannot be revoked`);
  if (roundStatus === "Finalized") {
    const now = await chainTime(g);
    const ends = round.challengeEndsAt;
    const at = new Date(Number(ends) * 1000).toISOString();
    if (now >= ends)
      throw new UserError(`the challenge period of round ${roundId} ended at ${at}; its contributions can no longer be revoked`);
    const fastest = await fastestExecution(g);
    if (now + fastest >= ends)
      throw new UserError(
        `the challenge period of round ${roundId} ends at ${at}, in ${formatDuration(Number(ends - now))}; ` +
          `a proposal made now executes ${formatDuration(Number(fastest))} later at the earliest, and the revocation would revert`,
      );
  }
  return {
    contribution,
    targets: [await rm.getAddress()],
    values: [0n],
    calldatas: [rm.interface.encodeFunctionData("revokeContribution", [uid, why])],
    description: description ?? `Revoke contribution ${uid} (round ${roundId}, index ${index}): ${why}`,
  };
}

/**
 * The actions that revoke a model version (ModelRegistry.revoke). Refused, with one line, for an
 * unknown version, the champion (Active: the registry refuses it; roll back or activate another first)
 * and a version already revoked.
 */
export async function modelRevocationActions(
  g: Guardians,
  versionId: bigint,
  reason: string,
  description?: string,
): Promise<ProposalActions> {
  const why = requireReason(reason);
  const status = await versionStatus(g, versionId);
  if (status === "None") throw new ArgumentError(`no model version ${versionId} on the ModelRegistry`);
  if (status === "Revoked") throw new UserError(`model version ${versionId} is already revoked`);
  if (status === "Active")
    throw new UserError(
      `model version ${versionId} is the champion (Active) and cannot be revoked; activate another version or roll back first`,
    );
  const registry = g.protocol.modelRegistry;
  return {
    targets: [await registry.getAddress()],
    values: [0n],
    calldatas: [registry.interface.encodeFunctionData("revoke", [versionId, why])],
    description: description ?? `Revoke model version ${versionId} (${status}): ${why}`,
  };
}

/** Proposes revoking a contribution; checks everything first (contributionRevocationActions, propose). */
export async function proposeContributionRevocation(
  g: Guardians,
  ref: ContributionRef,
  reason: string,
  description?: string,
): Promise<Proposed & { contribution: SubmittedContribution }> {
  const { contribution, ...actions } = await contributionRevocationActions(g, ref, reason, description);
  return { ...(await propose(g, actions)), contribution };
}

/** Proposes revoking a model version; checks everything first (modelRevocationActions, propose). */
export async function proposeModelRevocation(
  g: Guardians,
  versionId: bigint,
  reason: string,
  description?: string,
): Promise<Proposed> {
  return propose(g, await modelRevocationActions(g, versionId, reason, description));
}

/**
 * Every proposal made on this Governor, read from its events (paged from its deployment block), with
 * the description exactly as stored: its hash is what `queue`, `execute` and `cancel` take.
 */
export async function listProposals(g: Guardians): Promise<ProposalRecord[]> {
  const { governor } = g.protocol;
  const logs = await queryEventsPaged(governor, governor.filters.ProposalCreated, {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.governor] ?? 0,
    progress: g.progress,
    label: "reading proposals",
  });
  return logs.map((log) => {
    const parsed = governor.interface.parseLog(log);
    if (!parsed) throw new Error("unparseable ProposalCreated log");
    const a = parsed.args;
    return {
      proposalId: a.proposalId as bigint,
      proposer: a.proposer as string,
      targets: [...(a.targets as string[])],
      values: [...(a[3] as bigint[])],
      calldatas: [...(a.calldatas as string[])],
      voteStart: a.voteStart as bigint,
      voteEnd: a.voteEnd as bigint,
      description: a.description as string,
      descriptionHash: keccakText(a.description as string),
      block: log.blockNumber,
    };
  });
}

/** Finds a proposal by id and recomputes its calldata; the recomputed id must match. */
export async function findProposal(g: Guardians, proposalId: bigint): Promise<ProposalRecord> {
  const found = (await listProposals(g)).find((p) => p.proposalId === proposalId);
  if (!found) throw new ArgumentError(`no proposal ${proposalId} on this Governor`);
  if ((await proposalIdOf(g, found)) !== proposalId) throw new Error(`proposal ${proposalId}: recomputed id differs`);
  return found;
}

export async function proposalState(g: Guardians, proposalId: bigint): Promise<ProposalStateName> {
  if ((await g.protocol.governor.proposalSnapshot(proposalId)) === 0n)
    throw new ArgumentError(`no proposal ${proposalId} on this Governor`);
  return PROPOSAL_STATES[Number(await g.protocol.governor.state(proposalId))];
}

export function parseSupport(value: string): SupportName {
  const key = value.toLowerCase();
  if (!(key in SUPPORT)) throw new ArgumentError(`support must be for, against or abstain, not "${value}"`);
  return key as SupportName;
}

export async function castVote(g: Guardians, proposalId: bigint, support: SupportName, reason = ""): Promise<TxOutcome> {
  const state = await proposalState(g, proposalId);
  if (state !== "Active") {
    const when =
      state === "Pending"
        ? ` (voting opens at ${new Date(Number(await g.protocol.governor.proposalSnapshot(proposalId)) * 1000).toISOString()})`
        : "";
    throw new UserError(`proposal ${proposalId} is ${state}${when}; votes are cast only while it is Active`);
  }
  if (await g.protocol.governor.hasVoted(proposalId, g.account))
    throw new UserError(`${g.account} has already voted on proposal ${proposalId}`);
  return g.send("vote", () =>
    reason
      ? g.protocol.governor.castVoteWithReason(proposalId, SUPPORT[support], reason)
      : g.protocol.governor.castVote(proposalId, SUPPORT[support]),
  );
}

export async function queueProposal(g: Guardians, proposalId: bigint): Promise<TxOutcome> {
  const state = await proposalState(g, proposalId);
  if (state !== "Succeeded") throw new UserError(`proposal ${proposalId} is ${state}; only a Succeeded proposal can be queued`);
  const p = await findProposal(g, proposalId);
  return g.send("queue", () => g.protocol.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash));
}

export async function executeProposal(g: Guardians, proposalId: bigint): Promise<TxOutcome> {
  const state = await proposalState(g, proposalId);
  if (state !== "Queued") throw new UserError(`proposal ${proposalId} is ${state}; only a Queued proposal can be executed`);
  const eta = await g.protocol.governor.proposalEta(proposalId);
  const now = await chainTime(g);
  if (eta > now)
    throw new UserError(
      `proposal ${proposalId} is in the timelock until ${new Date(Number(eta) * 1000).toISOString()} (${eta - now} s left)`,
    );
  const p = await findProposal(g, proposalId);
  return g.send("execute", () => g.protocol.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash));
}

/** Delegates both GRD and staked-GRD (sGRD) votes: voting power is their sum. */
export async function delegateVotes(g: Guardians, delegatee: string): Promise<TxOutcome[]> {
  if (!isAddress(delegatee)) throw new ArgumentError(`"${delegatee}" is not an address`);
  const to = getAddress(delegatee);
  const outcomes: TxOutcome[] = [];
  if ((await g.protocol.token.delegates(g.account)) !== to)
    outcomes.push(await g.send("delegate GRD votes", () => g.protocol.token.delegate(to)));
  if ((await g.protocol.stakePosition.delegates(g.account)) !== to)
    outcomes.push(await g.send("delegate sGRD votes", () => g.protocol.stakePosition.delegate(to)));
  return outcomes;
}

/** What a proposal that activates a model version says of that version. */
export interface ModelProposalCheck {
  versionId: bigint;
  /** From the chain alone: the round whose aggregation proof produced it, or governance. */
  provenance: string;
  /** model verify's verdict when the version's file was given; undefined otherwise. */
  verified?: boolean;
}

export interface ProposalSummary {
  proposalId: bigint;
  proposer: string;
  state: ProposalStateName;
  /** As stored, proposer suffix included (`readableDescription` drops it for display). */
  description: string;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  eta: bigint;
  /** For a proposal that activates a model version: its provenance and verification. */
  model?: ModelProposalCheck;
}

export interface GovernanceStatus {
  champion: bigint;
  versionCount: bigint;
  proposals: ProposalSummary[];
  history: Array<{
    versionId: bigint;
    previousVersionId: bigint;
    proposalId: bigint;
    activatedAt: bigint;
    kind: ActivationKind;
  }>;
  votes: bigint;
}

/** The version a proposal activates, if one of its actions is ModelRegistry.activate. */
function activatedVersion(g: Guardians, p: ProposalRecord, registryAddress: string): bigint | undefined {
  const registry = g.protocol.modelRegistry;
  for (const [i, target] of p.targets.entries()) {
    if (target.toLowerCase() !== registryAddress.toLowerCase()) continue;
    const call = registry.interface.parseTransaction({ data: p.calldatas[i] });
    if (call?.name === "activate") return BigInt(call.args[0]);
  }
  return undefined;
}

/**
 * Proposal states with tallies, the champion and the full activation history. A proposal that
 * activates a model shows the version's provenance, and model verify's verdict when `files` has its
 * file (and its ancestors').
 */
export async function governanceStatus(g: Guardians, files?: ModelFileSource): Promise<GovernanceStatus> {
  const { governor, modelRegistry } = g.protocol;
  const registryAddress = await modelRegistry.getAddress();
  const proposals: ProposalSummary[] = [];
  for (const p of await listProposals(g)) {
    const versionId = activatedVersion(g, p, registryAddress);
    let model: ModelProposalCheck | undefined;
    if (versionId !== undefined) {
      model = { versionId, provenance: describeProvenance(await modelProvenance(g.protocol, versionId)) };
      if (files && (await files(versionId))) model.verified = (await verifyModel(g.protocol, versionId, files)).verified;
    }
    const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(p.proposalId);
    proposals.push({
      proposalId: p.proposalId,
      proposer: p.proposer,
      state: PROPOSAL_STATES[Number(await governor.state(p.proposalId))],
      description: p.description,
      forVotes,
      againstVotes,
      abstainVotes,
      eta: await governor.proposalEta(p.proposalId),
      ...(model ? { model } : {}),
    });
  }
  const count = await modelRegistry.activationCount();
  const history = (await modelRegistry.activations(0, count)).map((a) => ({
    versionId: a.versionId,
    previousVersionId: a.previousVersionId,
    proposalId: a.proposalId,
    activatedAt: a.activatedAt,
    kind: ACTIVATION_KINDS[Number(a.kind)],
  }));
  return {
    champion: await modelRegistry.champion(),
    versionCount: await modelRegistry.versionCount(),
    proposals,
    history,
    votes: await g.protocol.votes.getVotes(g.account),
  };
}

/** Contribution records, read from ContributionSubmitted events, and the claims they pay. */
import type { Log } from "ethers";

import { chainTime, type Guardians } from "./client";
import { CONTRACT_STEPS } from "./deployments";
import { ATTESTATION_STATUSES, ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { queryEventsPaged } from "./events";
import { PARTICIPANT_HINTS } from "./participant-hints";
import type { TxOutcome } from "./tx";
import type { RoundManager } from "../../typechain-types";

export interface ContributionRecord {
  uid: string;
  roundId: bigint;
  recipient: string;
  status: (typeof ATTESTATION_STATUSES)[number];
  /**
   * Whether the round's proven selection included it ("pending" before finalization; a cancelled round
   * selects nothing).
   */
  inclusion: "included" | "left out" | "pending";
  /**
   * Once the round is finalized: the bond, plus the reward share if the selection included it; the bond
   * alone if the round was cancelled.
   */
  due: bigint;
  /** When it becomes claimable (0 if the round is not finalized yet, or was cancelled: claimable now). */
  claimableAt: bigint;
  block: number;
  txHash: string;
}

/** One ContributionSubmitted event, decoded. */
export interface SubmittedContribution {
  uid: string;
  roundId: bigint;
  recipient: string;
  nullifier: bigint;
  updateCommitment: bigint;
  /** The wallet that sent the submission and paid its bond. */
  submitter: string;
  /** Its position in the round (submission order): its slot in the aggregation proof and the selection. */
  index: number;
  block: number;
  txHash: string;
}

/** Decodes a ContributionSubmitted log: the one place the SDK reads that event's fields. */
export function decodeContributionSubmitted(rm: RoundManager, log: Log): SubmittedContribution | undefined {
  const parsed = rm.interface.parseLog(log);
  if (parsed?.name !== "ContributionSubmitted") return undefined;
  return {
    uid: String(parsed.args.uid),
    roundId: BigInt(parsed.args.roundId),
    recipient: String(parsed.args.recipient),
    nullifier: BigInt(parsed.args.nullifier),
    updateCommitment: BigInt(parsed.args.updateCommitment),
    submitter: String(parsed.args.submitter),
    index: Number(parsed.args.index),
    block: log.blockNumber,
    txHash: log.transactionHash,
  };
}

/**
 * The ContributionSubmitted events matching every given field (all three are indexed), decoded, in
 * chain order; read in pages from the RoundManager's deployment block.
 */
export async function submittedContributions(
  g: Guardians,
  match: { uid?: string; roundId?: bigint; recipient?: string },
  label = "reading contributions",
): Promise<SubmittedContribution[]> {
  const rm = g.protocol.roundManager;
  const logs = await queryEventsPaged(rm, rm.filters.ContributionSubmitted(match.uid, match.roundId, match.recipient), {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.roundManager] ?? 0,
    progress: g.progress,
    label,
  });
  return logs.map((log) => decodeContributionSubmitted(rm, log)).filter((c): c is SubmittedContribution => c !== undefined);
}

/** Every contribution rewarded to `recipient`, with what each can claim now. */
export async function contributionsOf(g: Guardians, recipient: string): Promise<ContributionRecord[]> {
  const rm = g.protocol.roundManager;
  const records: ContributionRecord[] = [];
  for (const submitted of await submittedContributions(g, { recipient })) {
    const { uid, roundId } = submitted;
    const attestation = await rm.getAttestation(uid);
    const round = await rm.getRound(roundId);
    const status = ATTESTATION_STATUSES[Number(attestation.status)];
    const roundStatus = ROUND_STATUSES[Number(round.status)];
    const finalized = roundStatus === "Finalized";
    const included = finalized && (await rm.selectionWeight(uid)) > 0n;
    let due = 0n;
    // A contribution the selection left out gets its bond back without reward.
    if (status === "Valid" && finalized) due = round.bond + (included ? await rm.rewardShare(roundId) : 0n);
    // A cancelled round refunds the bond alone, claimable at once (claimableAt 0).
    if (status === "Valid" && roundStatus === "Cancelled") due = round.bond;
    records.push({
      uid,
      roundId,
      recipient,
      status,
      inclusion: finalized ? (included ? "included" : "left out") : roundStatus === "Open" ? "pending" : "left out",
      due,
      claimableAt: finalized ? round.challengeEndsAt : 0n,
      block: submitted.block,
      txHash: submitted.txHash,
    });
  }
  return records;
}

/** Claims the given attestations, or every claimable one of this account. Anyone may claim for a recipient. */
/** One claim: what the RoundManager paid (its Claimed event) and to whom. */
export interface Claimed {
  uid: string;
  recipient: string;
  bond: bigint;
  reward: bigint;
  outcome: TxOutcome;
}

function claimedIn(rm: RoundManager, uid: string, outcome: TxOutcome): Claimed {
  for (const log of outcome.receipt.logs) {
    const parsed = (() => {
      try {
        return rm.interface.parseLog(log);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === "Claimed" && parsed.args.uid === uid)
      return {
        uid,
        recipient: parsed.args.recipient as string,
        bond: parsed.args.bond as bigint,
        reward: parsed.args.reward as bigint,
        outcome,
      };
  }
  return { uid, recipient: "", bond: 0n, reward: 0n, outcome };
}

export async function claim(g: Guardians, uids?: string[]): Promise<Claimed[]> {
  const rm = g.protocol.roundManager;
  let targets = uids;
  if (!targets) {
    const t = await chainTime(g);
    targets = (await contributionsOf(g, g.account)).filter((c) => c.due > 0n && c.claimableAt <= t).map((c) => c.uid);
    if (targets.length === 0) throw new UserError(`nothing to claim for ${g.account} yet`);
  }
  const results: Claimed[] = [];
  for (const uid of targets) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(uid)) throw new ArgumentError(`"${uid}" is not an attestation uid (0x + 64 hex digits)`);
    const attestation = await rm.getAttestation(uid);
    const status = ATTESTATION_STATUSES[Number(attestation.status)];
    if (status !== "Valid")
      throw new UserError(`attestation ${uid} is ${status === "None" ? "unknown" : status}; nothing to claim`);
    const outcome = await g.send(`claim ${uid.slice(0, 10)}…`, () => rm.claim(uid), PARTICIPANT_HINTS);
    results.push(claimedIn(rm, uid, outcome));
  }
  return results;
}

/**
 * The chain side of delivering a contribution's opening to the round's aggregator: the context each
 * ciphertext is bound to, the deliveries as the chain records them (in the submission's own
 * `ContributionSubmitted`, and again from its recipient in `OpeningDelivered`), and a recipient's
 * redelivery. The cryptography is in ./delivery (docs/PROTOCOL.md, "Delivering the opening").
 */
import { getBytes, hexlify, type Log } from "ethers";

import { updateCommitment } from "../zk";
import type { Guardians } from "./client";
import { CONTRACT_STEPS } from "./deployments";
import {
  encryptOpening,
  parseAggregatorPublicKey,
  type AggregatorPublicKey,
  type OpeningContext,
  type OpeningShape,
} from "./delivery";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError, UserError } from "./errors";
import { queryEventsPaged } from "./events";
import { PARTICIPANT_HINTS } from "./participant-hints";
import type { TxOutcome } from "./tx";
import { contributionByUid } from "./coordinator";

/**
 * Bytes in the place of an encrypted opening, for a submission whose opening nobody reads: fixtures
 * with mock proofs, and the demo's attacks, which the contract refuses anyway. The RoundManager checks
 * only an opening's length (1 to maxOpeningLength) and emits it.
 */
export const SAMPLE_OPENING = "0x01c0ffee";

/**
 * The contexts the ciphertexts of a round are bound to (their AAD): chain, RoundManager, round, then
 * each contribution's nullifier and commitment. The chain and contract are read once per round.
 */
export async function roundOpeningContexts(
  g: Guardians,
  roundId: bigint,
): Promise<(nullifier: bigint, updateCommitment: bigint) => OpeningContext> {
  const [network, roundManager] = await Promise.all([g.provider.getNetwork(), g.protocol.roundManager.getAddress()]);
  return (nullifier, updateCommitment) => ({ chainId: network.chainId, roundManager, roundId, nullifier, updateCommitment });
}

/** The context one contribution's ciphertext is bound to (its AAD). */
export async function openingContext(
  g: Guardians,
  roundId: bigint,
  nullifier: bigint,
  updateCommitment: bigint,
): Promise<OpeningContext> {
  return (await roundOpeningContexts(g, roundId))(nullifier, updateCommitment);
}

/** The round's aggregator key as the chain records it, checked to be a usable key; one line otherwise. */
export async function roundAggregatorKey(g: Guardians, roundId: bigint): Promise<AggregatorPublicKey> {
  const round = await g.protocol.roundManager.getRound(roundId);
  if (ROUND_STATUSES[Number(round.status)] === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  try {
    return parseAggregatorPublicKey(round.aggregatorKey);
  } catch {
    throw new UserError(
      `round ${roundId}'s aggregator key ${round.aggregatorKey} is not a valid secp256k1 x-only key: no opening can be delivered to it; ask the coordinator`,
    );
  }
}

/** Encrypts an opening to the round's aggregator key, bound to this contribution. */
export async function sealOpening(
  g: Guardians,
  roundId: bigint,
  contribution: { nullifier: bigint; updateCommitment: bigint; update: readonly bigint[]; salt: bigint },
): Promise<Uint8Array> {
  const round = await g.protocol.roundManager.getRound(roundId);
  const key = await roundAggregatorKey(g, roundId);
  const context = await openingContext(g, roundId, contribution.nullifier, contribution.updateCommitment);
  const shape: OpeningShape = { n: Number(round.n), bits: Number(round.bits) };
  return encryptOpening(key, context, { values: [...contribution.update], salt: contribution.salt }, shape);
}

/** A ciphertext the chain received for a contribution: in its `ContributionSubmitted`, or an `OpeningDelivered`. */
export interface Delivery {
  uid: string;
  roundId: bigint;
  ciphertext: Uint8Array;
  block: number;
  txHash: string;
  logIndex: number;
}

function decodeDelivery(g: Guardians, log: Log): Delivery | undefined {
  const parsed = g.protocol.roundManager.interface.parseLog(log);
  const field =
    parsed?.name === "ContributionSubmitted" ? "encryptedOpening" : parsed?.name === "OpeningDelivered" ? "ciphertext" : "";
  if (!parsed || !field) return undefined;
  return {
    uid: String(parsed.args.uid).toLowerCase(),
    roundId: BigInt(parsed.args.roundId),
    ciphertext: getBytes(String(parsed.args[field])),
    block: log.blockNumber,
    txHash: log.transactionHash,
    logIndex: log.index,
  };
}

/** Every delivery of the round's openings, by lowercase uid, each contribution's in chain order. */
export async function roundDeliveries(g: Guardians, roundId: bigint): Promise<Map<string, Delivery[]>> {
  const rm = g.protocol.roundManager;
  const paging = {
    fromBlock: g.protocol.deployment.blocks[CONTRACT_STEPS.roundManager] ?? 0,
    progress: g.progress,
    label: `reading round ${roundId}'s deliveries`,
  };
  const logs = [
    ...(await queryEventsPaged(rm, rm.filters.ContributionSubmitted(undefined, roundId), paging)),
    ...(await queryEventsPaged(rm, rm.filters.OpeningDelivered(undefined, roundId), paging)),
  ].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const byUid = new Map<string, Delivery[]>();
  for (const log of logs) {
    const delivery = decodeDelivery(g, log);
    if (!delivery) continue;
    byUid.set(delivery.uid, [...(byUid.get(delivery.uid) ?? []), delivery]);
  }
  return byUid;
}

/**
 * Delivers a contribution's opening again, from its recipient, while the round is open: what a
 * participant does when a copy of its submission was sent first with a ciphertext of its own (the
 * proof binds the recipient, not the ciphertext). Checks first that the opening opens the on-chain
 * commitment, so a wrong reveal file sends nothing.
 */
export async function redeliverOpening(
  g: Guardians,
  uid: string,
  opening: { update: readonly bigint[]; salt: bigint },
): Promise<{ ciphertext: Uint8Array; outcome: TxOutcome }> {
  const contribution = await contributionByUid(g, uid);
  if (contribution.status !== "Valid")
    throw new UserError(`contribution ${uid} is ${contribution.status}; its opening can no longer be delivered`);
  if (contribution.recipient.toLowerCase() !== g.account.toLowerCase())
    throw new UserError(`only contribution ${uid}'s recipient ${contribution.recipient} may deliver its opening again`);
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(contribution.roundId);
  if (ROUND_STATUSES[Number(round.status)] !== "Open")
    throw new UserError(`round ${contribution.roundId} is not open: openings can be delivered only during its window`);
  const shape = { n: Number(round.n), bits: Number(round.bits) };
  if (
    opening.update.length !== shape.n ||
    updateCommitment(opening.update, opening.salt, shape) !== contribution.updateCommitment
  )
    throw new ArgumentError(`this opening does not open contribution ${uid}'s commitment; nothing was sent`);
  const ciphertext = await sealOpening(g, contribution.roundId, { ...contribution, ...opening });
  const outcome = await g.send(
    `deliver the opening of ${uid.slice(0, 10)}…`,
    () => rm.deliverOpening(uid, hexlify(ciphertext)),
    PARTICIPANT_HINTS,
  );
  return { ciphertext, outcome };
}

/** What a participant needs to know to train for a round, read from the chain alone (`round show`). */
import { ZeroAddress } from "ethers";

import { IAggregationVerifier__factory } from "./contracts";
import { chainTime, type Guardians } from "./client";
import { ROUND_STATUSES } from "./enums";
import { ArgumentError } from "./errors";
import { grd } from "./funds";
import { modelVersionInfo, type ModelVersionInfo } from "./model/chain";

export interface RoundInfo {
  roundId: bigint;
  status: (typeof ROUND_STATUSES)[number];
  n: number;
  bits: number;
  fracBits: number;
  depth: number;
  /** The squared bound on the quantized update, and the real-valued L2 bound it stands for. */
  l2BoundSq: bigint;
  l2Bound: number;
  closesAt: bigint;
  /** Seconds until the window closes (0 once closed). */
  secondsLeft: bigint;
  finalizeBy: bigint;
  bond: bigint;
  rewardPool: bigint;
  contributions: number;
  maxContributions: number;
  /** K of the round's aggregation verifier: the most contributions its one proof covers. */
  aggregationK: number;
  aggregatorKey: string;
  baseModel: ModelVersionInfo;
  candidateVersion: bigint;
}

export async function roundInfo(g: Guardians, roundId: bigint): Promise<RoundInfo> {
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(roundId);
  const status = ROUND_STATUSES[Number(round.status)];
  if (status === "None") {
    const count = await rm.roundCount();
    throw new ArgumentError(
      `round ${roundId} does not exist (${count === 0n ? "no round was opened yet" : `rounds are 1 to ${count}`})`,
    );
  }
  const now = await chainTime(g);
  const k =
    round.aggregationVerifier === ZeroAddress
      ? 0
      : Number(await IAggregationVerifier__factory.connect(round.aggregationVerifier, g.provider).maxContributions());
  return {
    roundId,
    status,
    n: Number(round.n),
    bits: Number(round.bits),
    fracBits: Number(round.fracBits),
    depth: Number(round.depth),
    l2BoundSq: round.l2BoundSq,
    l2Bound: Math.sqrt(Number(round.l2BoundSq)) / 2 ** Number(round.fracBits),
    closesAt: round.closesAt,
    secondsLeft: status === "Open" && now < round.closesAt ? round.closesAt - now : 0n,
    finalizeBy: round.finalizeBy,
    bond: round.bond,
    rewardPool: round.rewardPool,
    contributions: Number(round.contributions),
    maxContributions: Number(round.maxContributions),
    aggregationK: k,
    aggregatorKey: round.aggregatorKey,
    baseModel: await modelVersionInfo(g.protocol, round.baseModelVersion),
    candidateVersion: round.candidateVersion,
  };
}

/** `round show`'s lines: `name: value`, one setting per line. */
export function formatRoundInfo(r: RoundInfo): string[] {
  const when = (t: bigint) => new Date(Number(t) * 1000).toISOString();
  return [
    `round: ${r.roundId}`,
    `status: ${r.status}${r.status === "Open" ? (r.secondsLeft > 0n ? ` (${r.secondsLeft} s left)` : " (window closed, awaiting finalization)") : ""}`,
    `update length (N): ${r.n}`,
    `bits per value: ${r.bits} (${r.fracBits} fractional: values are quantized to multiples of 2^-${r.fracBits}, within ±${2 ** (r.bits - 1 - r.fracBits)})`,
    `L2 bound: ${r.l2Bound} (squared, quantized: ${r.l2BoundSq})`,
    `window closes: ${when(r.closesAt)} (${r.closesAt})`,
    `finalize by: ${when(r.finalizeBy)} (${r.finalizeBy})`,
    `base model: version ${r.baseModel.versionId} (${r.baseModel.status}), ${r.baseModel.weightsHash}, ${r.baseModel.uri}`,
    `aggregator key: ${r.aggregatorKey}`,
    `bond: ${grd(r.bond)}`,
    `reward pool: ${grd(r.rewardPool)}`,
    `contributions: ${r.contributions} of at most ${r.maxContributions} (one aggregation proof covers ${r.aggregationK})`,
    `member tree depth of its circuit: ${r.depth}`,
    ...(r.candidateVersion > 0n ? [`candidate version: ${r.candidateVersion}`] : []),
  ];
}

import type { Progress } from "../../core/progress";
import type { Aggregator } from "../../fl/aggregate";
import type { UpdateCodec } from "../../fl/codec";
import type { Metrics } from "../../fl/evaluate";
import type { Federation } from "../../fl/federation";
import type { Cast } from "../cast";
import type { ChainDriver, Contribution } from "../driver";
import type { DemoOptions } from "../options";
import type { AdversaryRecord, RevocationRecord, RoundSummary, SlashRecord } from "../summary";

/** Runs `work` and adds its wall-clock seconds to `phase` in the summary's timings. */
export type TimePhase = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

/**
 * What every phase of a run reads. Without a driver (`--offline`) only the learning runs: each phase
 * skips or records as not run what needs the chain.
 */
export interface RunContext {
  readonly options: DemoOptions;
  readonly cast: Cast;
  readonly codec: UpdateCodec;
  readonly federation: Federation;
  readonly aggregate: Aggregator;
  readonly driver: ChainDriver | undefined;
  readonly progress: Progress;
  readonly time: TimePhase;
  readonly record: RunRecord;
}

/**
 * What the run accumulates for the summary. The phases append to it as things happen, so the
 * summary lists events in the order of the console output.
 */
export interface RunRecord {
  readonly rounds: RoundSummary[];
  readonly adversaries: AdversaryRecord[];
  readonly slashed: SlashRecord[];
  readonly revoked: RevocationRecord[];
}

export function emptyRecord(): RunRecord {
  return { rounds: [], adversaries: [], slashed: [], revoked: [] };
}

/** One round's view of the run: its number and the gas its on-chain actions add up to. */
export interface RoundContext extends RunContext {
  readonly round: number;
  readonly gas: Record<string, number>;
}

/**
 * The global model between rounds: its fixed-point weights (value = weight / 2^fractionBits, the
 * codec's scale, as the model file holds them), the parameters they stand for, and their held-out
 * test metrics.
 */
export interface GlobalModel {
  readonly params: readonly number[];
  readonly weights: readonly bigint[];
  readonly metrics: Metrics;
}

/** Rounds real parameters to fixed-point weights at 2^-fractionBits. */
export function toFixedPoint(params: readonly number[], fractionBits: number): bigint[] {
  return params.map((x) => BigInt(Math.round(x * 2 ** fractionBits)));
}

/** A trainer's update as revealed to the aggregator, with its on-chain attestation when there is a chain. */
export interface Revealed {
  readonly member: string;
  /** The trainer's index, which is also its shard's. */
  readonly index: number;
  readonly quantized: bigint[];
  readonly contribution?: Contribution;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Per-phase wall-clock seconds, and the function that measures them. */
export function createPhaseTimer(): { readonly timings: Record<string, number>; readonly time: TimePhase } {
  const timings: Record<string, number> = {};
  const time: TimePhase = async (phase, work) => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + seconds(performance.now() - started);
    }
  };
  return { timings, time };
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function formatGrd(wei: bigint): string {
  return `${Number(wei / 10n ** 14n) / 10_000} GRD`;
}

import { Dataset, subset } from "./data";
import { Rng, dirichlet, shuffled } from "./random";

/** Where each example goes: never shared between the parts. */
export interface HoldoutSplit {
  /** Held out for the final evaluation: no participant, and no decision of the aggregator, sees it. */
  readonly test: number[];
  /** The aggregator's own validation set, used to evaluate (audit) submitted updates. */
  readonly validation: number[];
  /** Everything else: what the participants hold between them. */
  readonly pool: number[];
}

/**
 * Splits example indices into test, validation and the participants' pool, stratified by label so
 * that each part keeps the data set's class balance.
 */
export function splitHoldout(
  labels: readonly (0 | 1)[],
  rng: Rng,
  fractions: { test: number; validation: number },
): HoldoutSplit {
  if (fractions.test <= 0 || fractions.validation < 0 || fractions.test + fractions.validation >= 1) {
    throw new RangeError("test and validation fractions must be positive and leave data for the participants");
  }
  const split: HoldoutSplit = { test: [], validation: [], pool: [] };
  for (const label of [0, 1] as const) {
    const members = shuffled(
      rng,
      labels.flatMap((y, i) => (y === label ? [i] : [])),
    );
    const nTest = Math.round(members.length * fractions.test);
    const nValidation = Math.round(members.length * fractions.validation);
    split.test.push(...members.slice(0, nTest));
    split.validation.push(...members.slice(nTest, nTest + nValidation));
    split.pool.push(...members.slice(nTest + nValidation));
  }
  // Sorted indices keep the parts independent of the order classes were visited in.
  for (const part of [split.test, split.validation, split.pool]) part.sort((a, b) => a - b);
  return split;
}

/** Splits `total` into integer parts proportional to `weights` (largest-remainder rounding). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const exact = weights.map((w) => w * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return counts;
}

export interface NonIidOptions {
  /** Dirichlet concentration: small values (0.3-1) give strongly skewed label mixes per shard. */
  readonly alpha: number;
  /** Every shard holds at least this many examples (redrawn until true). */
  readonly minShardSize: number;
}

/**
 * Label-skew partition of `indices` into `k` shards, the standard non-IID benchmark split: for each
 * class, the share each shard receives is drawn from Dirichlet(alpha). Real hospitals see different
 * case mixes; this reproduces that, deterministically for a given generator state.
 */
export function partitionNonIid(
  labels: readonly (0 | 1)[],
  indices: readonly number[],
  k: number,
  rng: Rng,
  options: NonIidOptions,
): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`the number of shards must be a positive integer, got ${k}`);
  if (k * options.minShardSize > indices.length) {
    throw new RangeError(`${indices.length} examples cannot fill ${k} shards of at least ${options.minShardSize}`);
  }
  const byClass = ([0, 1] as const).map((label) => indices.filter((i) => labels[i] === label));
  const MAX_ATTEMPTS = 1000;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const shards: number[][] = Array.from({ length: k }, () => []);
    for (const members of byClass) {
      const counts = apportion(members.length, dirichlet(rng, k, options.alpha));
      const order = shuffled(rng, members);
      let at = 0;
      counts.forEach((count, shard) => {
        shards[shard].push(...order.slice(at, at + count));
        at += count;
      });
    }
    if (shards.every((s) => s.length >= options.minShardSize)) return shards.map((s) => s.sort((a, b) => a - b));
  }
  throw new RangeError(`no partition with every shard ≥ ${options.minShardSize} examples after ${MAX_ATTEMPTS} draws`);
}

/** The shards as data sets. */
export function shardsOf(data: Dataset, shards: readonly (readonly number[])[]): Dataset[] {
  return shards.map((indices) => subset(data, indices));
}

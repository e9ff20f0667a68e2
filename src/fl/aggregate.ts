import { UserError } from "../core/errors";

/** One revealed update as the aggregator sees it. */
export interface WeightedUpdate {
  readonly update: readonly number[];
  /** FedAvg weight: the participant's number of training examples. */
  readonly weight: number;
}

export const AGGREGATOR_NAMES = ["fedavg", "median", "trimmed-mean"] as const;
export type AggregatorName = (typeof AGGREGATOR_NAMES)[number];

export type Aggregator = (updates: readonly WeightedUpdate[]) => number[];

function checkShape(updates: readonly WeightedUpdate[]): number {
  if (updates.length === 0) throw new RangeError("nothing to aggregate");
  const length = updates[0].update.length;
  if (updates.some((u) => u.update.length !== length)) throw new RangeError("updates differ in length");
  return length;
}

/** FedAvg (McMahan et al. 2017): the mean of the updates weighted by shard size. */
export const fedAvg: Aggregator = (updates) => {
  const length = checkShape(updates);
  const total = updates.reduce((s, u) => s + u.weight, 0);
  if (!(total > 0)) throw new RangeError("FedAvg needs a positive total weight");
  const out = new Array<number>(length).fill(0);
  for (const { update, weight } of updates) for (let j = 0; j < length; j++) out[j] += (update[j] * weight) / total;
  return out;
};

function sortedColumn(updates: readonly WeightedUpdate[], j: number): number[] {
  return updates.map((u) => u.update[j]).sort((a, b) => a - b);
}

/** Coordinate-wise median (Yin et al. 2018): robust to a minority of arbitrary updates; unweighted. */
export const coordinateMedian: Aggregator = (updates) => {
  const length = checkShape(updates);
  return Array.from({ length }, (_, j) => {
    const column = sortedColumn(updates, j);
    const mid = column.length >> 1;
    return column.length % 2 === 1 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
  });
};

/**
 * Coordinate-wise trimmed mean: drops the ⌊β·n⌋ smallest and largest values of each coordinate and
 * averages the rest (unweighted).
 */
export function trimmedMean(beta: number): Aggregator {
  if (!(beta >= 0 && beta < 0.5)) throw new RangeError(`trim fraction must be in [0, 0.5), got ${beta}`);
  return (updates) => {
    const length = checkShape(updates);
    const trim = Math.floor(beta * updates.length);
    return Array.from({ length }, (_, j) => {
      const kept = sortedColumn(updates, j).slice(trim, updates.length - trim);
      return kept.reduce((a, b) => a + b, 0) / kept.length;
    });
  };
}

export const TRIM_FRACTION = 0.2;

/** The aggregator named by the `--aggregator` flag. */
export function createAggregator(name: string): Aggregator {
  switch (name) {
    case "fedavg":
      return fedAvg;
    case "median":
      return coordinateMedian;
    case "trimmed-mean":
      return trimmedMean(TRIM_FRACTION);
    default:
      throw new UserError(`unknown aggregator "${name}"; choose one of: ${AGGREGATOR_NAMES.join(", ")}`);
  }
}

/**
 * FedAvg's weights as the small integers an aggregation proof takes: `total` (at most 2^H − 1, the
 * headroom's bound) apportioned to the shard sizes by largest remainder, each at least 1, so the
 * proven weighted mean is FedAvg up to this rounding of its weights. Deterministic: ties go to the
 * earlier update.
 */
export function apportionWeights(sizes: readonly number[], total: number): bigint[] {
  if (sizes.length === 0) throw new RangeError("nothing to weight");
  if (sizes.length > total)
    throw new RangeError(`${sizes.length} updates cannot each get a weight of at least 1 out of ${total}`);
  if (sizes.some((s) => !(s > 0))) throw new RangeError("every shard size must be positive");
  const sum = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * total) / sum);
  const weights = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - weights.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) weights[byRemainder[k].i]++;
  // The floor of 1 may have overshot: take back from the largest weights above 1.
  while (left < 0) {
    const largest = weights.reduce((best, w, i) => (w > weights[best] ? i : best), 0);
    weights[largest]--;
    left++;
  }
  return weights.map((w) => BigInt(w));
}

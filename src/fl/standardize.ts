import { Dataset } from "./data";

/** Per-feature mean and standard deviation used to standardize every data set of a run. */
export interface Standardizer {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * What one participant shares to build the global standardizer: counts and per-feature sums, never
 * rows. Summing these over the participants gives exactly the statistics of the union of their
 * shards, so the standardizer equals the pooled one without any shard leaving its owner (and
 * without the test or validation sets, which are not part of any shard).
 */
export interface FeatureMoments {
  readonly count: number;
  readonly sum: readonly number[];
  readonly sumOfSquares: readonly number[];
}

export function featureMoments(data: Dataset): FeatureMoments {
  const width = data.features[0]?.length ?? 0;
  const sum = new Array<number>(width).fill(0);
  const sumOfSquares = new Array<number>(width).fill(0);
  for (const row of data.features) {
    for (let j = 0; j < width; j++) {
      sum[j] += row[j];
      sumOfSquares[j] += row[j] * row[j];
    }
  }
  return { count: data.features.length, sum, sumOfSquares };
}

/** The standardizer of the union of the data sets whose moments are given. */
export function combineMoments(parts: readonly FeatureMoments[]): Standardizer {
  const count = parts.reduce((n, p) => n + p.count, 0);
  if (count < 2) throw new RangeError("standardization needs at least two examples");
  const width = parts[0].sum.length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < width; j++) {
    const m = parts.reduce((s, p) => s + p.sum[j], 0) / count;
    const secondMoment = parts.reduce((s, p) => s + p.sumOfSquares[j], 0) / count;
    // Population variance; a constant feature gets std 1 so it standardizes to 0 instead of NaN.
    const variance = Math.max(0, secondMoment - m * m);
    mean.push(m);
    std.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { mean, std };
}

export function standardize(data: Dataset, standardizer: Standardizer): Dataset {
  return {
    features: data.features.map((row) => row.map((x, j) => (x - standardizer.mean[j]) / standardizer.std[j])),
    labels: data.labels,
  };
}

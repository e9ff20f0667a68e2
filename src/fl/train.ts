import { Dataset, subset } from "./data";
import { Model } from "./model";
import { Rng, shuffled } from "./random";

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  /** L2 penalty on the weights. */
  readonly l2: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 5, learningRate: 0.1, batchSize: 16, l2: 1e-3 };

/**
 * Local training: mini-batch SGD from the global parameters over `epochs` passes of `data`, in an
 * order drawn from `rng`. Returns the local parameters; the caller forms the update.
 */
export function trainLocal(model: Model, global: readonly number[], data: Dataset, options: TrainingOptions, rng: Rng): number[] {
  const params = global.slice();
  const n = data.features.length;
  const all = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffled(rng, all);
    for (let start = 0; start < n; start += options.batchSize) {
      const batch = subset(data, order.slice(start, start + options.batchSize));
      const grad = model.gradient(params, batch, options.l2);
      for (let j = 0; j < params.length; j++) params[j] -= options.learningRate * grad[j];
    }
  }
  return params;
}

/** local − global, coordinate-wise. */
export function difference(local: readonly number[], global: readonly number[]): number[] {
  if (local.length !== global.length) throw new RangeError("parameter vectors differ in length");
  return local.map((x, j) => x - global[j]);
}

/** params + update over the first params.length coordinates (the rest is circuit padding). */
export function applyUpdate(params: readonly number[], update: readonly number[]): number[] {
  return params.map((x, j) => x + update[j]);
}

/** The same data with every label flipped: what the label-flipping poisoner trains on. */
export function flipLabels(data: Dataset): Dataset {
  return { features: data.features, labels: data.labels.map((y) => (y === 1 ? 0 : 1)) };
}

import { Dataset } from "./data";
import { Model } from "./model";

export interface Metrics {
  /** Fraction of examples classified correctly at threshold 0.5. */
  readonly accuracy: number;
  /** Mean binary cross-entropy (natural log), probabilities clamped to [1e-12, 1 − 1e-12]. */
  readonly logLoss: number;
}

const EPSILON = 1e-12;

export function evaluate(model: Model, params: readonly number[], data: Dataset): Metrics {
  const n = data.features.length;
  if (n === 0) throw new RangeError("cannot evaluate on an empty data set");
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - EPSILON, Math.max(EPSILON, model.predict(params, data.features[i])));
    const y = data.labels[i];
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
    loss -= y === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return { accuracy: correct / n, logLoss: loss / n };
}

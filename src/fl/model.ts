import { UserError } from "../core/errors";
import { Dataset } from "./data";
import { Rng, normal } from "./random";

/**
 * A binary classifier whose parameters are one flat vector, so that an update (local − global)
 * is a vector the Contribution circuit can bound and commit to.
 */
export interface Model {
  readonly name: ModelName;
  readonly parameterCount: number;
  /** P(label = 1 | x). */
  predict(params: readonly number[], x: readonly number[]): number;
  /** Gradient of the mean log-loss over `batch` plus (l2 / 2)·‖w‖² (the bias is not penalized). */
  gradient(params: readonly number[], batch: Dataset, l2: number): number[];
  /** Small seeded random parameters: the "initial model" every run starts from. */
  initialParams(rng: Rng): number[];
}

export const MODEL_NAMES = ["logistic"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

function sigmoid(z: number): number {
  // Split by sign so exp never overflows.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Logistic regression: `features` weights then one bias, i.e. 31 parameters for wdbc. */
export function logisticRegression(features: number): Model {
  const parameterCount = features + 1;
  const logit = (params: readonly number[], x: readonly number[]) => {
    let z = params[features];
    for (let j = 0; j < features; j++) z += params[j] * x[j];
    return z;
  };
  return {
    name: "logistic",
    parameterCount,
    predict: (params, x) => sigmoid(logit(params, x)),
    gradient(params, batch, l2) {
      const grad = new Array<number>(parameterCount).fill(0);
      const n = batch.features.length;
      for (let i = 0; i < n; i++) {
        const x = batch.features[i];
        const error = sigmoid(logit(params, x)) - batch.labels[i];
        for (let j = 0; j < features; j++) grad[j] += error * x[j];
        grad[features] += error;
      }
      for (let j = 0; j < parameterCount; j++) grad[j] /= Math.max(1, n);
      for (let j = 0; j < features; j++) grad[j] += l2 * params[j];
      return grad;
    },
    initialParams: (rng) => Array.from({ length: parameterCount }, () => 0.1 * normal(rng)),
  };
}

/** The model named by the `--model` flag. */
export function createModel(name: string, features: number): Model {
  switch (name) {
    case "logistic":
      return logisticRegression(features);
    default:
      // An MLP would not fit the circuit's update length (32); see docs/DEMO.md.
      throw new UserError(`unknown model "${name}"; choose one of: ${MODEL_NAMES.join(", ")}`);
  }
}

import { Dataset, WDBC_FEATURE_COUNT, subset } from "./data";
import { Model, createModel } from "./model";
import { createRng } from "./random";
import { partitionNonIid, splitHoldout } from "./split";
import { Standardizer, combineMoments, featureMoments, standardize } from "./standardize";
import { DEFAULT_TRAINING, TrainingOptions, difference, flipLabels, trainLocal } from "./train";

export interface FederationOptions {
  readonly seed: number;
  readonly participants: number;
  readonly model: string;
  readonly training: TrainingOptions;
  readonly testFraction: number;
  readonly validationFraction: number;
  /** Dirichlet concentration of the label-skew split. */
  readonly alpha: number;
  readonly minShardSize: number;
}

export const DEFAULT_FEDERATION: Omit<FederationOptions, "seed" | "participants" | "model"> = {
  training: DEFAULT_TRAINING,
  testFraction: 0.2,
  validationFraction: 0.1,
  alpha: 0.5,
  minShardSize: 20,
};

/** Everything the run's learning needs, built once from the raw data and the seed. */
export interface Federation {
  readonly options: FederationOptions;
  readonly model: Model;
  /** Built from the participants' shards only (see standardize.ts). */
  readonly standardizer: Standardizer;
  /** Standardized shards, one per participant. */
  readonly shards: readonly Dataset[];
  /** The aggregator's validation set (standardized). */
  readonly validation: Dataset;
  /** The held-out test set (standardized): only the reported accuracy uses it. */
  readonly test: Dataset;
  readonly initialParams: readonly number[];
}

export function createFederation(raw: Dataset, options: FederationOptions): Federation {
  const model = createModel(options.model, WDBC_FEATURE_COUNT);
  const split = splitHoldout(raw.labels, createRng(options.seed, "holdout"), {
    test: options.testFraction,
    validation: options.validationFraction,
  });
  const shardIndices = partitionNonIid(raw.labels, split.pool, options.participants, createRng(options.seed, "shards"), {
    alpha: options.alpha,
    minShardSize: options.minShardSize,
  });
  const rawShards = shardIndices.map((indices) => subset(raw, indices));
  const standardizer = combineMoments(rawShards.map(featureMoments));
  return {
    options,
    model,
    standardizer,
    shards: rawShards.map((s) => standardize(s, standardizer)),
    validation: standardize(subset(raw, split.validation), standardizer),
    test: standardize(subset(raw, split.test), standardizer),
    initialParams: model.initialParams(createRng(options.seed, "init")),
  };
}

/**
 * What a participant does with its data in a round. Honest members train on their labels; the
 * label-flipping poisoner trains on inverted labels (bounded, provable, and harmful); the boosting
 * poisoner scales its update (model replacement) far past the norm bound.
 */
export type Behaviour = { kind: "honest" } | { kind: "flipped-labels" } | { kind: "boosted"; factor: number };

/** The participant's real-valued update (local − global) for `round`, before clipping. */
export function localUpdate(
  federation: Federation,
  participant: number,
  global: readonly number[],
  round: number,
  behaviour: Behaviour,
): number[] {
  const shard = federation.shards[participant];
  const data = behaviour.kind === "flipped-labels" ? flipLabels(shard) : shard;
  const rng = createRng(federation.options.seed, `train:${participant}:${round}`);
  const update = difference(trainLocal(federation.model, global, data, federation.options.training, rng), global);
  return behaviour.kind === "boosted" ? update.map((x) => x * behaviour.factor) : update;
}

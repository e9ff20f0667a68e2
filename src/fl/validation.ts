import fs from "node:fs";
import path from "node:path";

import { auditUpdates, DEFAULT_AUDIT, type AuditOptions } from "./audit";
import { DataError, loadWdbc, subset, type Dataset } from "./data";
import { combineMoments, featureMoments, standardize } from "./standardize";
import { evaluate, type Metrics } from "./evaluate";
import { logisticRegression } from "./model";
import { createRng } from "./random";
import { DEFAULT_TRAINING, difference, trainLocal, type TrainingOptions } from "./train";

/**
 * Model-ready data files: what a participant trains on and what the aggregator audits with, outside
 * the demo. A header line, then one example per line: `label` (0 or 1) followed by the features,
 * already preprocessed as the consortium agreed (for the demo's logistic model: wdbc's 30 features,
 * standardized), so the model's weights are `features + 1` long (the bias last). docs/OPERATIONS.md
 * ("The update file") says how a participant turns such a file and the fetched model into an update.
 */
export function parseLabelledCsv(text: string, source: string): Dataset {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length < 2) throw new DataError(`${source}: expected a header line and at least one example`);
  const columns = lines[0].split(",").length;
  if (columns < 2) throw new DataError(`${source}:1: expected a label column and at least one feature`);
  const features: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].split(",").map((f) => f.trim());
    if (fields.length !== columns) throw new DataError(`${source}:${i + 1}: ${fields.length} columns, expected ${columns}`);
    if (fields[0] !== "0" && fields[0] !== "1")
      throw new DataError(`${source}:${i + 1}: the label must be 0 or 1, got "${fields[0]}"`);
    features.push(
      fields.slice(1).map((field, column) => {
        const value = Number(field);
        if (field === "" || !Number.isFinite(value))
          throw new DataError(`${source}:${i + 1}: feature ${column + 1} is not a number ("${field}")`);
        return value;
      }),
    );
    labels.push(fields[0] === "1" ? 1 : 0);
  }
  return { features, labels };
}

/** Reads a model-ready data file; a missing or damaged file is one line naming it. */
export function loadLabelledCsv(file: string): Dataset {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new DataError(`cannot read the data file ${file}`);
  }
  return parseLabelledCsv(text, path.basename(file));
}

/** A data set as a model-ready data file (the inverse of parseLabelledCsv). */
export function formatLabelledCsv(data: Dataset): string {
  const width = data.features[0]?.length ?? 0;
  const header = ["label", ...Array.from({ length: width }, (_, j) => `x${j + 1}`)].join(",");
  const rows = data.features.map((x, i) => [data.labels[i], ...x].join(","));
  return `${[header, ...rows].join("\n")}\n`;
}

/** The logistic model of the given weights (features + bias), checked against the data's width. */
function modelFor(weights: readonly number[], data: Dataset, source: string) {
  const featureCount = data.features[0]?.length ?? 0;
  if (weights.length !== featureCount + 1)
    throw new DataError(
      `${source} has ${featureCount} features, but the model has ${weights.length} weights (features + bias = ${featureCount + 1} expected)`,
    );
  return logisticRegression(featureCount);
}

/**
 * The aggregator's leave-one-out audit on its own validation data (src/fl/audit.ts), over updates
 * as real numbers: an update is flagged when the model aggregated without it is better. Each update
 * counts once (the aggregator does not know the participants' sample counts).
 */
export function validationAudit(
  validation: Dataset,
  globalWeights: readonly number[],
  options: AuditOptions = DEFAULT_AUDIT,
  source = "the validation data",
): (updates: readonly { update: readonly number[] }[]) => { flagged: boolean; reason: string }[] {
  const model = modelFor(globalWeights, validation, source);
  return (updates) => {
    const weighted = updates.map((u) => ({ update: u.update.slice(0, globalWeights.length), weight: 1 }));
    return auditUpdates(model, globalWeights, weighted, validation, options).verdicts.map((v) => ({
      flagged: v.flagged,
      reason: v.reason,
    }));
  };
}

/** Accuracy and log-loss of the logistic model of `weights` on model-ready data. */
export function evaluateWeights(data: Dataset, weights: readonly number[], source = "the data"): Metrics {
  return evaluate(modelFor(weights, data, source), weights, data);
}

/**
 * A participant's update with the reference trainer: local SGD from the global weights on its own
 * model-ready data, minus the global weights. Any trainer that produces local − global in the
 * model's order is as good; this one is what the walkthrough and the tests use.
 */
export function trainUpdate(
  globalWeights: readonly number[],
  data: Dataset,
  options: TrainingOptions = DEFAULT_TRAINING,
  seed = 1,
  source = "the training data",
): number[] {
  const model = modelFor(globalWeights, data, source);
  return difference(trainLocal(model, globalWeights, data, options, createRng(seed, "reference trainer")), globalWeights);
}

/**
 * Example data for a round on a local node: wdbc standardized as one consortium would agree, dealt
 * out every (parts + 1)-th example to each of `parts` organizations, the last share to the
 * aggregator's validation set. Model-ready CSVs (parseLabelledCsv).
 */
export function exampleDataFiles(parts: number): { shards: string[]; validation: string } {
  if (!Number.isInteger(parts) || parts < 1 || parts > 20) throw new DataError("--parts must be an integer from 1 to 20");
  const raw = loadWdbc();
  const data = standardize(raw, combineMoments([featureMoments(raw)]));
  const share = (k: number) =>
    formatLabelledCsv(
      subset(
        data,
        raw.labels.flatMap((_, i) => (i % (parts + 1) === k ? [i] : [])),
      ),
    );
  return { shards: Array.from({ length: parts }, (_, k) => share(k)), validation: share(parts) };
}

import fs from "node:fs";
import path from "node:path";

import { UserError } from "../core/errors";

/**
 * A labelled tabular data set: one row of features per example and a binary label
 * (1 = malignant, 0 = benign for wdbc).
 */
export interface Dataset {
  readonly features: readonly (readonly number[])[];
  readonly labels: readonly (0 | 1)[];
}

export const WDBC_FEATURE_COUNT = 30;
/** The copy shipped with the project (see data/README.md for its source and licence). */
export const WDBC_PATH = path.join(__dirname, "..", "..", "data", "wdbc.csv");

/** A data file that cannot be read as wdbc: the message names the file and line. */
export class DataError extends UserError {
  override name = "DataError";
}

/**
 * Parses the wdbc CSV: a header line, then `id, diagnosis (M|B), 30 features` per line. Every
 * field is checked, so a damaged file fails with the line that is wrong instead of training on NaN.
 */
export function parseWdbc(text: string, source = "wdbc.csv"): Dataset {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length < 2) throw new DataError(`${source}: expected a header line and at least one row`);
  const expectedColumns = WDBC_FEATURE_COUNT + 2;
  const headerColumns = lines[0].split(",").length;
  if (headerColumns !== expectedColumns) {
    throw new DataError(`${source}:1: the header has ${headerColumns} columns, expected ${expectedColumns}`);
  }
  const features: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 1; i < lines.length; i++) {
    const where = `${source}:${i + 1}`;
    const fields = lines[i].split(",").map((f) => f.trim());
    if (fields.length !== expectedColumns) {
      throw new DataError(`${where}: ${fields.length} columns, expected ${expectedColumns}`);
    }
    const diagnosis = fields[1];
    if (diagnosis !== "M" && diagnosis !== "B") {
      throw new DataError(`${where}: diagnosis must be M or B, got "${diagnosis}"`);
    }
    const row = fields.slice(2).map((field, column) => {
      const value = Number(field);
      if (field === "" || !Number.isFinite(value)) {
        throw new DataError(`${where}: feature ${column + 1} is not a number ("${field}")`);
      }
      return value;
    });
    features.push(row);
    labels.push(diagnosis === "M" ? 1 : 0);
  }
  return { features, labels };
}

/** Reads and parses the wdbc CSV at `file` (default: the copy shipped in data/). */
export function loadWdbc(file: string = WDBC_PATH): Dataset {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new DataError(`cannot read the data set at ${file}`);
  }
  return parseWdbc(text, path.basename(file));
}

/** The rows of `data` at `indices`, in that order. */
export function subset(data: Dataset, indices: readonly number[]): Dataset {
  return { features: indices.map((i) => data.features[i]), labels: indices.map((i) => data.labels[i]) };
}

/** Number of examples with label 1. */
export function positives(data: Dataset): number {
  return data.labels.reduce<number>((n, y) => n + y, 0);
}

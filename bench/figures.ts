/**
 * What the benchmark runner and the comparison share: reading bench/results/*.json as a flat list of named figures,
 * and describing the machine a run happened on.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { UserError } from "../src/cli/errors";

export const RESULTS_DIR = path.join(__dirname, "results");
/** Written by bench/run.ts next to the results: the machine, the date and which files that run produced. */
export const RUN_RECORD = "run.json";

/** One number from a results file, named by its path inside the JSON (e.g. `stake.avg`, `circuits[contribution N=256].proveMs`). */
export interface Figure {
  file: string;
  name: string;
  value: number;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface RunRecord {
  date: string;
  machine: MachineInfo;
  steps: { script: string; seconds: number }[];
  /** Results files this run wrote; any other file in the folder is older and left out of the table. */
  files: string[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * Names an element of an array of objects by what identifies it rather than by its index, so that a figure keeps its
 * name when rows are added or reordered: its string fields, and its UPPER-CASE numeric fields as parameters
 * (`contribution N=256 BITS=16`). Those identifying fields are not figures themselves.
 */
function rowLabel(row: Record<string, unknown>, index: number): { label: string; identifying: Set<string> } {
  const identifying = new Set<string>();
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === "string") {
      parts.push(value);
      identifying.add(key);
    } else if (typeof value === "number" && /^[A-Z][A-Z0-9_]*$/.test(key)) {
      parts.push(`${key}=${value}`);
      identifying.add(key);
    }
  }
  return { label: parts.length > 0 ? parts.join(" ") : String(index), identifying };
}

/** Every finite number in a parsed results file, depth first, in the file's own order. */
export function flattenFigures(file: string, json: unknown): Figure[] {
  const figures: Figure[] = [];
  const walk = (value: unknown, name: string, skip: Set<string> = new Set()): void => {
    if (typeof value === "number" && Number.isFinite(value)) {
      figures.push({ file, name, value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (item !== null && typeof item === "object" && !Array.isArray(item)) {
          const { label, identifying } = rowLabel(item as Record<string, unknown>, index);
          walk(item, `${name}[${label}]`, identifying);
        } else {
          walk(item, `${name}[${index}]`);
        }
      });
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (!skip.has(key)) walk(child, name === "" ? key : `${name}.${key}`);
      }
    }
  };
  walk(json, "");
  return figures;
}

/** A set of results: a folder on disk, or `git:<revision>` for the bench/results committed at that revision. */
export interface ResultSet {
  label: string;
  files: Map<string, unknown>;
}

export function loadResultSet(source: string): ResultSet {
  const files = new Map<string, unknown>();
  if (source.startsWith("git:")) {
    const revision = source.slice("git:".length);
    const repoRoot = path.resolve(__dirname, "..");
    let listing: string;
    try {
      listing = execFileSync("git", ["ls-tree", "--name-only", `${revision}:bench/results`], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      throw new UserError(`No bench/results folder at git revision "${revision}".`);
    }
    for (const name of listing.split("\n").filter((entry) => entry.endsWith(".json"))) {
      const text = execFileSync("git", ["show", `${revision}:bench/results/${name}`], { cwd: repoRoot, encoding: "utf8" });
      files.set(name, parseResults(`${source}/${name}`, text));
    }
  } else {
    if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
      throw new UserError(`"${source}" is not a folder of benchmark results (or git:<revision>).`);
    }
    for (const name of fs
      .readdirSync(source)
      .filter((entry) => entry.endsWith(".json"))
      .sort()) {
      files.set(name, parseResults(path.join(source, name), fs.readFileSync(path.join(source, name), "utf8")));
    }
  }
  return { label: source, files };
}

function parseResults(where: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The figures of a result set, without the run record (machine and date are not benchmark figures). */
export function figuresOf(results: ResultSet): Figure[] {
  return [...results.files].filter(([file]) => file !== RUN_RECORD).flatMap(([file, json]) => flattenFigures(file, json));
}

export function runRecordOf(results: ResultSet): RunRecord | undefined {
  return results.files.get(RUN_RECORD) as RunRecord | undefined;
}

/** Integers as they are (gas), other numbers to three significant decimals (milliseconds, ratios). */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 3);
}

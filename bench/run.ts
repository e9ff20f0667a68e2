/**
 * `npm run bench`: runs every benchmark (`bench:zk`, `bench:gas`, then any other `bench:*` script), then writes
 * bench/results/run.json (machine, date, what ran) and bench/results/README.md, a table of every figure the run
 * wrote. Figures are only ever read from the results files this run produced: a file left over from an earlier run
 * is named as stale and kept out of the table, so nothing in it was typed in or carried over.
 *
 *   npm run bench                       every benchmark
 *   npm run bench -- --only gas         only bench:gas (also: --only zk,gas)
 *   npm run bench -- --skip zk          everything but bench:zk
 *   npm run bench -- --report           only rewrite README.md from the files in bench/results
 *   npm run bench -- --zk-args "--group bench_small"   arguments for one benchmark (here bench:zk)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { UserError, runCli } from "../src/cli/errors";
import { PROJECT_ROOT } from "../src/core/paths";
import { Anchors, anchorsOf, renderAnchors } from "./anchors";
import { Figure, RESULTS_DIR, RUN_RECORD, RunRecord, figuresOf, formatValue, loadResultSet, machineInfo } from "./figures";

/** The two benchmarks the issue requires run first, in this order; other `bench:*` scripts follow alphabetically. */
const FIRST = ["bench:zk", "bench:gas"];
/** Scripts named bench:* that are tools, not benchmarks. */
const NOT_BENCHMARKS = new Set(["bench:compare"]);

interface Options {
  only?: Set<string>;
  skip: Set<string>;
  reportOnly: boolean;
  /** Extra arguments per benchmark script, from `--<name>-args "<arguments>"`. */
  scriptArgs: Map<string, string[]>;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { skip: new Set(), reportOnly: false, scriptArgs: new Map() };
  const list = (value: string | undefined, flag: string): Set<string> => {
    if (!value) throw new UserError(`${flag} needs a comma-separated list of benchmarks, e.g. ${flag} zk,gas`);
    return new Set(value.split(",").map((name) => (name.startsWith("bench:") ? name : `bench:${name}`)));
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only") options.only = list(argv[++i], arg);
    else if (arg === "--skip") options.skip = list(argv[++i], arg);
    else if (arg === "--report") options.reportOnly = true;
    else if (/^--[a-z0-9:-]+-args$/.test(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UserError(`${arg} needs a quoted list of arguments, e.g. ${arg} "--runs 1"`);
      options.scriptArgs.set(`bench:${arg.slice(2, -"-args".length)}`, value.split(/\s+/).filter(Boolean));
    } else {
      throw new UserError(`Unknown option "${arg}". Options: --only <names>, --skip <names>, --<name>-args "<args>", --report.`);
    }
  }
  return options;
}

/** The benchmark scripts package.json defines, in the order they run. */
export function benchmarkScripts(scripts: Record<string, string>): string[] {
  const names = Object.keys(scripts).filter((name) => name.startsWith("bench:") && !NOT_BENCHMARKS.has(name));
  const rest = names.filter((name) => !FIRST.includes(name)).sort();
  return [...FIRST.filter((name) => names.includes(name)), ...rest];
}

function selectScripts(options: Options): string[] {
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  const available = benchmarkScripts(scripts);
  for (const required of FIRST) {
    if (!available.includes(required) && !options.skip.has(required) && (!options.only || options.only.has(required))) {
      throw new UserError(`package.json defines no "${required}" script; run with --skip ${required.slice(6)} to go without it.`);
    }
  }
  for (const name of [...(options.only ?? []), ...options.skip, ...options.scriptArgs.keys()]) {
    if (!available.includes(name)) throw new UserError(`There is no benchmark "${name}"; available: ${available.join(", ")}.`);
  }
  return available.filter((name) => !options.skip.has(name) && (!options.only || options.only.has(name)));
}

/** Files in bench/results modified at or after `since` (ms since the epoch). */
function filesWrittenSince(since: number): string[] {
  return fs
    .readdirSync(RESULTS_DIR)
    .filter((file) => file.endsWith(".json") && file !== RUN_RECORD)
    .filter((file) => fs.statSync(path.join(RESULTS_DIR, file)).mtimeMs >= since)
    .sort();
}

/**
 * The Markdown report: machine and date, then one table per results file; when gas.json is from this run and holds
 * `anchors`, their side-by-side table with Semaphore follows gas.json's.
 */
export function renderReport(record: RunRecord, figures: Figure[], stale: string[], anchors?: Anchors): string {
  const { machine } = record;
  const lines = [
    "# Benchmark results",
    "",
    "Written by `npm run bench` (bench/run.ts) from the JSON files next to it; do not edit by hand.",
    "Compare two runs with `npm run bench:compare` (see [../README.md](../README.md)).",
    "",
    "| Machine | |",
    "|---|---|",
    `| Date | ${record.date} |`,
    `| CPU | ${machine.cpu} |`,
    `| Cores | ${machine.cores} |`,
    `| Memory | ${machine.memoryGb} GB |`,
    `| Node | ${machine.node} |`,
    `| Platform | ${machine.platform} |`,
    `| Benchmarks run | ${record.steps.map((step) => `\`${step.script}\` (${step.seconds.toFixed(0)} s)`).join(", ") || "none"} |`,
    "",
  ];
  for (const file of record.files) {
    const rows = figures.filter((figure) => figure.file === file);
    lines.push(`## ${file}`, "", "| Figure | Value |", "|---|---:|");
    for (const figure of rows) lines.push(`| ${figure.name.replace(/\|/g, "\\|")} | ${formatValue(figure.value)} |`);
    if (rows.length === 0) lines.push("| (no numeric figures) | |");
    lines.push("");
    if (file === "gas.json" && anchors) lines.push(...renderAnchors(anchors));
  }
  if (stale.length > 0) {
    lines.push(
      "## Not from this run",
      "",
      `Left out of the tables because this run did not rewrite them: ${stale.map((file) => `\`${file}\``).join(", ")}.`,
      "",
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  let record: RunRecord;
  if (options.reportOnly) {
    const previous = loadResultSet(RESULTS_DIR).files.get(RUN_RECORD) as RunRecord | undefined;
    if (!previous) throw new UserError(`bench/results/${RUN_RECORD} is missing: run \`npm run bench\` first.`);
    record = previous;
  } else {
    const scripts = selectScripts(options);
    const started = Date.now();
    const steps: RunRecord["steps"] = [];
    for (const script of scripts) {
      console.log(`\n=== npm run ${script} ${(options.scriptArgs.get(script) ?? []).join(" ")}`);
      const stepStart = Date.now();
      const extra = options.scriptArgs.get(script) ?? [];
      const run = spawnSync("npm", ["run", "--silent", script, ...(extra.length > 0 ? ["--", ...extra] : [])], {
        cwd: PROJECT_ROOT,
        stdio: "inherit",
      });
      if (run.status !== 0)
        throw new UserError(`npm run ${script} failed (exit code ${run.status ?? run.signal}); no report written.`);
      steps.push({ script, seconds: (Date.now() - stepStart) / 1000 });
    }
    record = { date: new Date(started).toISOString(), machine: machineInfo(), steps, files: filesWrittenSince(started) };
    fs.writeFileSync(path.join(RESULTS_DIR, RUN_RECORD), `${JSON.stringify(record, null, 2)}\n`);
  }
  const results = loadResultSet(RESULTS_DIR);
  const stale = [...results.files.keys()].filter((file) => file !== RUN_RECORD && !record.files.includes(file));
  const report = renderReport(record, figuresOf(results), stale, anchorsOf(results.files.get("gas.json")));
  fs.writeFileSync(path.join(RESULTS_DIR, "README.md"), report);
  console.log(`\nWrote bench/results/README.md: ${record.files.length} results file(s) from this run.`);
  if (stale.length > 0) console.warn(`warning: not rewritten by this run, so left out of the table: ${stale.join(", ")}`);
}

if (require.main === module) {
  void runCli(main);
}

/**
 * `npm run bench:compare -- <base> [<head>] [--threshold <percent>] [--fail-on-regression]`
 *
 * Compares two benchmark runs figure by figure. Each side is a folder of results (default head: bench/results) or
 * `git:<revision>` for the results committed at that revision. Gas is deterministic, so any gas change is reported;
 * timings are noisy, so only changes beyond the threshold (default 10%) are flagged, and only when both runs come
 * from the same kind of machine.
 */
import { UserError, runCli } from "../src/cli/errors";
import { Figure, RESULTS_DIR, figuresOf, formatValue, loadResultSet, runRecordOf } from "./figures";

export interface FigureChange {
  key: string;
  before?: number;
  after?: number;
  /** Relative change in percent, when both sides exist and the base is not zero. */
  deltaPct?: number;
  /** Worse by more than the threshold (or, for gas, worse at all). */
  regression: boolean;
}

/** Figures where a larger number is better; everything else (gas, ms, MB, constraints) is a cost. */
const HIGHER_IS_BETTER = /(perSec|PerSecond|throughput)/i;
/** Gas is deterministic: a change of a single unit is real, not noise. */
const DETERMINISTIC = /gas|constraints/i;

function keyOf(figure: Figure): string {
  return `${figure.file}: ${figure.name}`;
}

export function compareFigures(base: Figure[], head: Figure[], thresholdPct: number): FigureChange[] {
  const before = new Map(base.map((figure) => [keyOf(figure), figure.value]));
  const after = new Map(head.map((figure) => [keyOf(figure), figure.value]));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((key) => {
    const b = before.get(key);
    const a = after.get(key);
    const change: FigureChange = { key, before: b, after: a, regression: false };
    if (b !== undefined && a !== undefined) {
      if (b !== 0) change.deltaPct = ((a - b) / Math.abs(b)) * 100;
      const worse = HIGHER_IS_BETTER.test(key) ? a < b : a > b;
      const limit = DETERMINISTIC.test(key) ? 0 : thresholdPct;
      change.regression = worse && (change.deltaPct === undefined ? a !== b : Math.abs(change.deltaPct) > limit);
    }
    return change;
  });
}

function parseArgs(argv: string[]): { base: string; head: string; thresholdPct: number; failOnRegression: boolean } {
  const positional: string[] = [];
  let thresholdPct = 10;
  let failOnRegression = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--threshold") {
      thresholdPct = Number(argv[++i]);
      if (!Number.isFinite(thresholdPct) || thresholdPct < 0)
        throw new UserError("--threshold takes a percentage, e.g. --threshold 5");
    } else if (argv[i] === "--fail-on-regression") failOnRegression = true;
    else if (argv[i].startsWith("--")) throw new UserError(`Unknown option "${argv[i]}".`);
    else positional.push(argv[i]);
  }
  if (positional.length < 1 || positional.length > 2) {
    throw new UserError("Usage: npm run bench:compare -- <base folder | git:<rev>> [<head folder | git:<rev>>] [--threshold 10]");
  }
  return { base: positional[0], head: positional[1] ?? RESULTS_DIR, thresholdPct, failOnRegression };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = loadResultSet(args.base);
  const head = loadResultSet(args.head);
  const [baseRun, headRun] = [runRecordOf(base), runRecordOf(head)];
  for (const [label, run] of [
    ["base", baseRun],
    ["head", headRun],
  ] as const) {
    console.log(
      run
        ? `${label}: ${run.date}, ${run.machine.cpu} × ${run.machine.cores}, ${run.machine.memoryGb} GB, Node ${run.machine.node}`
        : `${label}: no run.json (machine unknown)`,
    );
  }
  const sameMachine =
    baseRun !== undefined &&
    headRun !== undefined &&
    baseRun.machine.cpu === headRun.machine.cpu &&
    baseRun.machine.cores === headRun.machine.cores;
  if (!sameMachine)
    console.log("note: the runs are not from the same kind of machine; compare timings with care (gas is comparable).");

  const changes = compareFigures(figuresOf(base), figuresOf(head), args.thresholdPct);
  const width = Math.max(...changes.map((change) => change.key.length), 6);
  console.log(`\n${"figure".padEnd(width)}  ${"base".padStart(12)}  ${"head".padStart(12)}  ${"change".padStart(9)}`);
  for (const change of changes) {
    const cell = (value?: number) => (value === undefined ? "—" : formatValue(value)).padStart(12);
    const delta =
      change.deltaPct === undefined
        ? change.before === undefined
          ? "new"
          : change.after === undefined
            ? "gone"
            : ""
        : `${change.deltaPct >= 0 ? "+" : ""}${change.deltaPct.toFixed(1)}%`;
    console.log(
      `${change.key.padEnd(width)}  ${cell(change.before)}  ${cell(change.after)}  ${delta.padStart(9)}${change.regression ? "  ← worse" : ""}`,
    );
  }
  const regressions = changes.filter((change) => change.regression && (DETERMINISTIC.test(change.key) || sameMachine));
  console.log(
    `\n${regressions.length} regression(s) (gas: any increase; timings: worse by more than ${args.thresholdPct}% on the same machine).`,
  );
  if (args.failOnRegression && regressions.length > 0)
    throw new UserError(`${regressions.length} benchmark figure(s) regressed.`);
}

if (require.main === module) {
  void runCli(main);
}

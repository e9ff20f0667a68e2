/**
 * `npm run coverage`: runs `hardhat coverage` over the contracts and fails unless the protocol code meets the floors
 * (lines and branches). Arguments after `--` go to `hardhat coverage` (e.g. `-- --testfiles "test/contracts/**"`).
 * The report (html, lcov, json-summary) is written to coverage/.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { UserError, runCli } from "../src/cli/errors";
import { PROJECT_ROOT } from "../src/core/paths";

export const COVERAGE_FLOORS = { linesPct: 95, branchesPct: 90 } as const;

/** Folders under contracts/ that are not measured: rendered verifiers and test/bench-only contracts (see .solcover.js). */
export const EXCLUDED_CONTRACT_DIRS = ["contracts/generated/", "contracts/test/"] as const;

export const COVERAGE_SUMMARY_PATH = path.join(PROJECT_ROOT, "coverage", "coverage-summary.json");

/** One metric of istanbul's json-summary. */
export interface CoverageMetric {
  total: number;
  covered: number;
}

/** istanbul's json-summary: a "total" entry plus one entry per file (absolute or project-relative path). */
export type CoverageSummary = Record<string, { lines: CoverageMetric; branches: CoverageMetric }>;

export interface CoverageVerdict {
  linesPct: number;
  branchesPct: number;
  /** One sentence per floor that was missed; empty when the floors hold. */
  failures: string[];
  /** Files counted, project-relative, each with its own line and branch percentage (lowest first). */
  files: { file: string; linesPct: number; branchesPct: number }[];
}

function pct(metric: CoverageMetric): number {
  // A file with no branches has nothing left uncovered.
  return metric.total === 0 ? 100 : (100 * metric.covered) / metric.total;
}

function relativeToProject(file: string, projectRoot: string): string {
  return (path.isAbsolute(file) ? path.relative(projectRoot, file) : file).split(path.sep).join("/");
}

/**
 * Totals the summary over contracts/ outside the excluded folders (recomputed from the files, not istanbul's own
 * total, so that a stray excluded file can never raise or lower the figure) and compares them to the floors.
 */
export function judgeCoverage(
  summary: CoverageSummary,
  floors: { linesPct: number; branchesPct: number } = COVERAGE_FLOORS,
  projectRoot: string = PROJECT_ROOT,
): CoverageVerdict {
  const lines = { total: 0, covered: 0 };
  const branches = { total: 0, covered: 0 };
  const files: CoverageVerdict["files"] = [];
  for (const [file, entry] of Object.entries(summary)) {
    if (file === "total") continue;
    const relative = relativeToProject(file, projectRoot);
    if (!relative.startsWith("contracts/")) continue;
    if (EXCLUDED_CONTRACT_DIRS.some((dir) => relative.startsWith(dir))) continue;
    lines.total += entry.lines.total;
    lines.covered += entry.lines.covered;
    branches.total += entry.branches.total;
    branches.covered += entry.branches.covered;
    files.push({ file: relative, linesPct: pct(entry.lines), branchesPct: pct(entry.branches) });
  }
  if (files.length === 0) {
    throw new UserError("The coverage summary lists no contract outside contracts/generated and contracts/test.");
  }
  const verdict: CoverageVerdict = {
    linesPct: pct(lines),
    branchesPct: pct(branches),
    failures: [],
    files: files.sort((a, b) => a.linesPct + a.branchesPct - (b.linesPct + b.branchesPct)),
  };
  if (verdict.linesPct < floors.linesPct) {
    verdict.failures.push(`line coverage ${verdict.linesPct.toFixed(2)}% is below the ${floors.linesPct}% floor`);
  }
  if (verdict.branchesPct < floors.branchesPct) {
    verdict.failures.push(`branch coverage ${verdict.branchesPct.toFixed(2)}% is below the ${floors.branchesPct}% floor`);
  }
  return verdict;
}

async function main(): Promise<void> {
  const passThrough = process.argv.slice(2);
  fs.rmSync(COVERAGE_SUMMARY_PATH, { force: true });
  const run = spawnSync("npx", ["hardhat", "coverage", ...passThrough], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (run.status !== 0) {
    throw new UserError(`hardhat coverage failed (exit code ${run.status ?? run.signal}); see the test output above.`);
  }
  if (!fs.existsSync(COVERAGE_SUMMARY_PATH)) {
    throw new UserError(`hardhat coverage wrote no ${path.relative(PROJECT_ROOT, COVERAGE_SUMMARY_PATH)}; check .solcover.js.`);
  }
  const summary = JSON.parse(fs.readFileSync(COVERAGE_SUMMARY_PATH, "utf8")) as CoverageSummary;
  const verdict = judgeCoverage(summary);
  console.log("\nCoverage of protocol contracts (generated verifiers and mocks excluded):");
  for (const file of verdict.files) {
    console.log(
      `  ${file.linesPct.toFixed(1).padStart(6)}% lines ${file.branchesPct.toFixed(1).padStart(6)}% branches  ${file.file}`,
    );
  }
  console.log(
    `  total: ${verdict.linesPct.toFixed(2)}% lines (floor ${COVERAGE_FLOORS.linesPct}%), ` +
      `${verdict.branchesPct.toFixed(2)}% branches (floor ${COVERAGE_FLOORS.branchesPct}%); report in coverage/index.html`,
  );
  if (verdict.failures.length > 0) throw new UserError(`coverage floors missed: ${verdict.failures.join("; ")}.`);
}

if (require.main === module) {
  void runCli(main);
}

import path from "node:path";

import { Progress } from "../core/progress";
import { DemoCommand, runFailures } from "./cli";
import { loadWdbc } from "../fl/data";
import { DEMO_CODEC } from "./config";
import type { ChainDriver } from "./driver";
import { formatTable, writeReport } from "./report";
import { runFederatedDemo } from "./run";
import { RunSummary, adversaryLine } from "./summary";

export interface DemoResult {
  readonly summary: RunSummary;
  readonly files: { summary: string; report: string };
  /** Why the run failed (empty when it passed): see runFailures. */
  readonly failures: string[];
}

/**
 * The whole demo for parsed flags: prepares the chain (unless offline), runs the federation, writes
 * the report and prints the final table. Used by scripts/demo.ts and by test/demo.
 */
export async function runDemo(command: DemoCommand, progress: Progress): Promise<DemoResult> {
  const started = performance.now();
  const out = path.resolve(command.out);
  progress.info(
    `Guardians demo: ${command.participants} hospitals, ${command.rounds} rounds, ${command.model} + ${command.aggregator}, ` +
      `seed ${command.seed}, ${command.offline ? "offline" : `network ${command.network}`}`,
  );
  const data = loadWdbc();
  let driver: ChainDriver | undefined;
  let summary: RunSummary;
  try {
    if (!command.offline) {
      process.env.HARDHAT_NETWORK = command.network;
      const { prepareChain } = await import("./prepare");
      driver = await prepareChain({ network: command.network, seed: command.seed, outDir: out, codec: DEMO_CODEC }, progress);
    }
    summary = await runFederatedDemo(data, command, DEMO_CODEC, driver, progress);
  } finally {
    // snarkjs keeps curve worker threads alive, which would keep the process from exiting.
    if (driver) await (await import("../zk/pipeline/snarkjs")).releaseSnarkjsWorkers();
  }
  const files = writeReport(out, summary);
  progress.info(`\n${formatTable(summary)}\n`);
  for (const a of summary.adversaries) progress.info(adversaryLine(a));
  progress.info(`\nsummary: ${files.summary}\nreport:  ${files.report}`);
  progress.info(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { summary, files, failures: runFailures(summary) };
}

/**
 * `npm run demo`: a federated training run on Guardians, end to end, on the wdbc data set.
 * Flags: see DEMO_USAGE in src/fl/cli.ts. Runs under ts-node (not `hardhat run`, which drops
 * unknown flags); `--network` selects the Hardhat network through HARDHAT_NETWORK before Hardhat
 * loads, so `--network localhost` talks to a running `npx hardhat node`.
 */
import path from "node:path";

import { UserError, runCli } from "../src/cli/errors";
import { createProgress } from "../src/cli/progress";
import { parseDemoArgs, runFailures } from "../src/fl/cli";
import { loadWdbc } from "../src/fl/data";
import { DEMO_CODEC } from "../src/fl/demo-config";
import type { ChainDriver } from "../src/fl/driver";
import { formatTable, writeReport } from "../src/fl/report";
import { runFederatedDemo } from "../src/fl/run";

async function main(): Promise<void> {
  const command = parseDemoArgs(process.argv.slice(2));
  const progress = createProgress();
  const started = performance.now();
  const out = path.resolve(command.out);
  progress.info(
    `Guardians demo: ${command.participants} hospitals, ${command.rounds} rounds, ${command.model} + ${command.aggregator}, seed ${command.seed}, ${command.offline ? "offline" : `network ${command.network}`}`,
  );
  const data = loadWdbc();
  let driver: ChainDriver | undefined;
  if (!command.offline) {
    process.env.HARDHAT_NETWORK = command.network;
    const { prepareChain } = await import("../src/fl/prepare");
    driver = await prepareChain({ network: command.network, seed: command.seed, outDir: out, codec: DEMO_CODEC }, progress);
  }
  const summary = await runFederatedDemo(data, command, DEMO_CODEC, driver, progress);
  const files = writeReport(out, summary);
  progress.info(`\n${formatTable(summary)}\n`);
  for (const a of summary.adversaries) progress.info(`${a.stopped ? "✓" : "✗"} ${a.attack} (${a.participant}): ${a.outcome}`);
  progress.info(`\nsummary: ${files.summary}\nreport:  ${files.report}`);
  progress.info(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const failures = runFailures(summary);
  if (failures.length) throw new UserError(`the demo failed: ${failures.join("; ")}`);
}

void runCli(main);

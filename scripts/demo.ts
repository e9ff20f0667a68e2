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
import { formatTable, writeReport } from "../src/fl/report";
import { runFederatedDemo } from "../src/fl/run";
import { DEMO_CODEC } from "../src/fl/demo-config";

async function main(): Promise<void> {
  const command = parseDemoArgs(process.argv.slice(2));
  const progress = createProgress();
  const started = performance.now();
  progress.info(
    `Guardians demo: ${command.participants} hospitals, ${command.rounds} rounds, ${command.model} + ${command.aggregator}, seed ${command.seed}`,
  );
  const data = loadWdbc();
  let driver;
  if (!command.offline) {
    process.env.HARDHAT_NETWORK = command.network;
    const { createChainDriver } = await import("../src/fl/chain");
    driver = await createChainDriver(command, progress);
  }
  const summary = await runFederatedDemo(data, command, DEMO_CODEC, driver, progress);
  const files = writeReport(path.resolve(command.out), summary);
  progress.info(`\n${formatTable(summary)}\n`);
  for (const a of summary.adversaries) progress.info(`${a.stopped ? "✓" : "✗"} ${a.attack} (${a.participant}): ${a.outcome}`);
  progress.info(`\nsummary: ${files.summary}\nreport:  ${files.report}`);
  progress.info(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const failures = runFailures(summary);
  if (failures.length) throw new UserError(`the demo failed: ${failures.join("; ")}`);
}

void runCli(main);

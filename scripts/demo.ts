/**
 * `npm run demo`: a federated training run on Guardians, end to end, on the wdbc data set.
 * Flags: see DEMO_USAGE in src/demo/cli.ts. Runs under ts-node (not `hardhat run`, which drops
 * unknown flags); `--network` selects the Hardhat network through HARDHAT_NETWORK before Hardhat
 * loads, so `--network localhost` talks to a running `npx hardhat node`.
 */
import { UserError, runCli } from "../src/cli/errors";
import { createProgress } from "../src/cli/progress";
import { parseDemoArgs } from "../src/demo/cli";
import { runDemo } from "../src/demo/main";

void runCli(async () => {
  const { failures } = await runDemo(parseDemoArgs(process.argv.slice(2)), createProgress());
  if (failures.length) throw new UserError(`the demo failed: ${failures.join("; ")}`);
}).then(() => {
  // A chain step that timed out leaves its wait polling a node that mines nothing: a failed run ends
  // here instead of waiting with it.
  if (process.exitCode) process.exit();
});

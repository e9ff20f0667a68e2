import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { runCli } from "../src/cli/errors";
import { taskContext, withAccountParams, type AccountArgs } from "../src/cli/hardhat";
import { formatDuration, type TimingReport } from "../src/sdk/timing";

interface DeployArgs extends AccountArgs {
  params?: string;
  journal?: string;
  noVerify: boolean;
}

/** Verifies every deployed contract's source on the network's explorer; an already verified one is fine. */
async function verifySources(hre: HardhatRuntimeEnvironment, journalPath: string): Promise<void> {
  const { readJournal } = await import("../src/deployment/journal");
  const journal = readJournal(journalPath);
  for (const [name, step] of Object.entries(journal?.steps ?? {})) {
    if (step.kind !== "deploy" || !step.address) continue;
    try {
      await hre.run("verify:verify", { address: step.address, constructorArguments: step.args, libraries: step.libraries ?? {} });
      console.log(`verified ${name} at ${step.address}`);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/already verified/i.test(message)) console.log(`${name}: already verified`);
      else console.error(`warning: could not verify ${name}: ${message.split("\n")[0]}`);
    }
  }
}

/** The post-deployment check's numbers, one line each, then any warning. */
function printTiming(report: TimingReport): void {
  const d = formatDuration;
  console.log(
    `governance latency ${d(report.latency)} (delay ${d(report.timing.votingDelay)}, vote ${d(report.timing.votingPeriod)}, ` +
      `late-quorum extension ${d(report.timing.lateQuorumExtension)}, timelock ${d(report.timing.timelockDelay)})`,
  );
  console.log(`unbonding period ${d(report.unbondingPeriod)} (floor ${d(report.minUnbondingPeriod)})`);
  console.log(`challenge period ${d(report.challengePeriod)} (floor ${d(report.minChallengePeriod)})`);
  for (const warning of report.warnings) console.error(`WARNING: ${warning}`);
}

withAccountParams(
  task("deploy", "Deploys (or resumes deploying) the whole protocol to the selected network, from deploy/config/<network>.json")
    .addOptionalParam("params", "Deployment config file (default deploy/config/<network>.json)", undefined, types.string)
    .addOptionalParam("journal", "Deployment journal (default deployments/<network>.json)", undefined, types.string)
    .addFlag("noVerify", "Skip source verification even when an explorer API key is configured"),
).setAction(async (args: DeployArgs, hre) =>
  runCli(async () => {
    const { deployConfigPath, loadDeployConfig } = await import("../src/deployment/config/deploy");
    const { deploymentPath } = await import("../src/sdk/deployment-file");
    const { deployProtocol } = await import("../src/deployment/deploy");
    const { LOCAL_NETWORKS } = await import("../src/sdk/wallet");
    const network = hre.network.name;
    const configPath = args.params ?? deployConfigPath(network);
    const journalPath = args.journal ?? deploymentPath(network);
    const ctx = await taskContext(hre, args);
    const deployer = await ctx.signer.getAddress();
    const config = loadDeployConfig(configPath, deployer);
    for (const warning of config.warnings) console.error(`WARNING: ${warning}`);
    ctx.progress.info(`deploying to ${network} from ${deployer}, journal ${journalPath}`);
    const result = await deployProtocol(ctx.signer, config, {
      network,
      journalPath,
      progress: ctx.progress,
      confirmations: ctx.confirmations,
    });
    for (const [name, address] of Object.entries(result.deployment.addresses)) console.log(`${name.padEnd(34)} ${address}`);
    printTiming(result.timing);
    console.log(
      result.alreadyComplete
        ? "deployment already complete: nothing sent"
        : `deployment complete: ${result.transactionsSent} transactions sent, journal ${journalPath}`,
    );
    const apiKey = hre.config.etherscan?.apiKey;
    const hasKey = typeof apiKey === "string" ? apiKey.length > 0 : Object.keys(apiKey ?? {}).length > 0;
    if (!args.noVerify && hasKey && !LOCAL_NETWORKS.includes(network)) await verifySources(hre, journalPath);
  }),
);

task(
  "deploy:check",
  "Reads the live Governor, Timelock, registry and RoundManager and checks that unbonding and challenge periods outlast governance",
)
  .addOptionalParam("journal", "Deployment journal (default deployments/<network>.json)", undefined, types.string)
  .setAction(async (args: { journal?: string }, hre) =>
    runCli(async () => {
      const { deploymentPath, readDeployment } = await import("../src/sdk/deployment-file");
      const { connectProtocol } = await import("../src/sdk/deployments");
      const { checkTiming } = await import("../src/sdk/timing");
      const { UserError } = await import("../src/sdk/errors");
      const deployment = readDeployment(args.journal ?? deploymentPath(hre.network.name));
      const report = await checkTiming(await connectProtocol(deployment, hre.ethers.provider));
      printTiming(report);
      if (report.problems.length > 0) throw new UserError(report.problems.join("; "));
      console.log("timing invariants hold");
    }),
  );

import type { Signer } from "ethers";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import { types } from "hardhat/config";

import { createProgress, type Progress } from "./progress";
import { ArgumentError } from "../sdk/errors";
import { LOCAL_NETWORKS, loadSigner } from "../sdk/wallet";
import type { Guardians } from "../sdk/client";

/** Confirmations waited for when neither --confirmations nor $GUARDIANS_CONFIRMATIONS says. */
export function defaultConfirmations(networkName: string, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.GUARDIANS_CONFIRMATIONS;
  if (fromEnv !== undefined) {
    if (!/^\d+$/.test(fromEnv) || Number(fromEnv) < 1)
      throw new ArgumentError("GUARDIANS_CONFIRMATIONS must be a positive integer");
    return Number(fromEnv);
  }
  return LOCAL_NETWORKS.includes(networkName) ? 1 : 2;
}

/** The account options every transacting task takes. */
export interface AccountArgs {
  keystore?: string;
  account?: number;
  confirmations?: number;
}

/** Adds --keystore, --account and --confirmations to a task. */
export function withAccountParams(definition: ConfigurableTaskDefinition): ConfigurableTaskDefinition {
  return definition
    .addOptionalParam("keystore", "Encrypted JSON keystore to sign with (default $GUARDIANS_KEYSTORE)", undefined, types.string)
    .addOptionalParam("account", "Development account index, on hardhat/localhost only", undefined, types.int)
    .addOptionalParam(
      "confirmations",
      "Confirmations to wait for per transaction (default $GUARDIANS_CONFIRMATIONS, else 1 locally, 2 elsewhere)",
      undefined,
      types.int,
    );
}

export interface TaskContext {
  signer: Signer;
  confirmations: number;
  progress: Progress;
  networkName: string;
}

/** Validates the account options, then loads the signer (the last step before touching the chain). */
export async function taskContext(hre: HardhatRuntimeEnvironment, args: AccountArgs): Promise<TaskContext> {
  if (args.confirmations !== undefined && (!Number.isInteger(args.confirmations) || args.confirmations < 1))
    throw new ArgumentError("--confirmations must be a positive integer");
  if (args.account !== undefined && (!Number.isInteger(args.account) || args.account < 0))
    throw new ArgumentError("--account must be a non-negative integer");
  const networkName = hre.network.name;
  const confirmations = args.confirmations ?? defaultConfirmations(networkName);
  const signer = await loadSigner({
    networkName,
    provider: hre.ethers.provider,
    localSigners: () => hre.ethers.getSigners(),
    keystore: args.keystore,
    account: args.account,
  });
  return { signer, confirmations, progress: createProgress(), networkName };
}

/** Loads the signer and opens the network's deployment: what every transacting task starts with. */
export async function openFromHre(hre: HardhatRuntimeEnvironment, args: AccountArgs): Promise<Guardians> {
  const ctx = await taskContext(hre, args);
  // Loaded here, not at the top: tasks import this module while Hardhat loads its config, before
  // typechain-types may exist (a fresh clone compiles first).
  const { openGuardians } = await import("../sdk/client");
  const { deploymentPath, readDeployment } = await import("../sdk/deployment-file");
  return openGuardians({
    signer: ctx.signer,
    deployment: readDeployment(deploymentPath(ctx.networkName)),
    confirmations: ctx.confirmations,
    progress: ctx.progress,
    networkName: ctx.networkName,
  });
}

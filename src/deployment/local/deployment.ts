/**
 * The journaled deployment (src/deployment/deploy.ts, the `deploy` task's) on the in-process Hardhat
 * network: the SDK and deploy tests and the governed-protocol fixture (./governance.ts) deploy through
 * it, as production does, into a temporary journal.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "hardhat";
import type { Signer } from "ethers";

import { deployProtocol, type DeployOptions, type DeployResult } from "../deploy";
import { deployConfigPath, loadDeployConfig, type DeployConfig } from "../config/deploy";

/** A fresh temporary folder for journals, keystores and identity files. */
export function tempDir(prefix = "guardians-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The committed localhost config, as the deploy task would load it for `deployer`. */
export function localConfig(deployer: string): DeployConfig {
  return loadDeployConfig(deployConfigPath("localhost"), deployer);
}

/**
 * Deploys the protocol on the in-process Hardhat network through the same deployProtocol the
 * `deploy` task uses, into a fresh journal.
 */
export async function deployForTest(
  options: Partial<DeployOptions> & { signer?: Signer; config?: DeployConfig } = {},
): Promise<DeployResult & { journalPath: string; signer: Signer; config: DeployConfig }> {
  const signer = options.signer ?? (await ethers.getSigners())[0];
  const config = options.config ?? localConfig(await signer.getAddress());
  const journalPath = options.journalPath ?? path.join(tempDir(), "hardhat.json");
  const result = await deployProtocol(signer, config, { network: "hardhat", pollMs: 10, ...options, journalPath });
  return { ...result, journalPath, signer, config };
}

/** The deployment journal on disk (Node only): where it lives, and reading it. */
import fs from "node:fs";
import path from "node:path";

import { PROJECT_ROOT } from "../core/paths";
import { parseDeployment, type Deployment } from "./deployments";
import { ConfigError } from "./errors";

/** deployments/<network>.json, or $GUARDIANS_DEPLOYMENTS_DIR/<network>.json. */
export function deploymentPath(network: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.GUARDIANS_DEPLOYMENTS_DIR
    ? path.resolve(env.GUARDIANS_DEPLOYMENTS_DIR)
    : path.join(PROJECT_ROOT, "deployments");
  return path.join(dir, `${network}.json`);
}

/** Reads a deployments file; a missing, malformed or unfinished one is a clear user error. */
export function readDeployment(file: string, options: { allowIncomplete?: boolean } = {}): Deployment {
  if (!fs.existsSync(file)) throw new ConfigError(`no deployment at ${file}: run npx hardhat deploy --network <network> first`);
  let journal: unknown;
  try {
    journal = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new ConfigError(`${file} is not valid JSON`);
  }
  return parseDeployment(journal, file, options);
}

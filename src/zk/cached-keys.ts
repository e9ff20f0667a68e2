/** The proving keys `npx hardhat zk:build` caches on disk (Node only). */
import fs from "node:fs";

import { UserError } from "../core/errors";
import type { CircuitKeys } from "./groth16";
import { circuitPaths } from "./pipeline/manifest";

/**
 * The cached wasm and proving key of a built circuit; a circuit that is not built is one UserError
 * that says how to build it.
 */
export function cachedCircuitKeys(circuitName: string, cacheDir?: string): CircuitKeys {
  const paths = circuitPaths(circuitName, cacheDir);
  if (!fs.existsSync(paths.wasm) || !fs.existsSync(paths.zkey)) {
    throw new UserError(`circuit ${circuitName} is not built: run npx hardhat zk:build --circuit ${circuitName}`);
  }
  return { wasm: paths.wasm, zkey: paths.zkey };
}

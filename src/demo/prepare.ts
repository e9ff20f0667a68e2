import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { Progress } from "../core/progress";
import type { UpdateCodec } from "../fl/codec";
import type { ChainDriver } from "./driver";

/**
 * Everything the chain half needs before it can load: Hardhat on the chosen network, compiled
 * contracts (and so typechain-types, which the SDK and the deploy scripts import), and the
 * proving keys of the Contribution circuit and of the Aggregation circuit that finalizes its rounds,
 * from the zk:build cache (cold: compiles and runs their setups).
 */
/**
 * The circuits the demo proves with: the Contribution circuit every member proves, and the Aggregation
 * circuit the local configs register to finalize rounds. A fresh clone builds exactly these.
 */
export async function demoCircuits(): Promise<readonly string[]> {
  const { DEFAULT_CONTRIBUTION_CIRCUIT } = await import("../zk");
  const { DEFAULT_AGGREGATION_CIRCUIT } = await import("../zk/aggregation-prover");
  return [DEFAULT_CONTRIBUTION_CIRCUIT, DEFAULT_AGGREGATION_CIRCUIT];
}

export async function prepareChain(
  options: { network: string; seed: number; outDir: string; codec: UpdateCodec },
  progress: Progress,
): Promise<ChainDriver> {
  const hre: HardhatRuntimeEnvironment = (await import("hardhat")).default;
  const compiling = progress.step("compile the contracts");
  await hre.run("compile", { quiet: true });
  compiling.done();
  const { buildCircuits } = await import("../zk/pipeline/build");
  const started = performance.now();
  for (const built of await buildCircuits({ groups: [], circuits: [...(await demoCircuits())], progress })) {
    progress.info(
      `  ${built.spec.name}: ${built.info.nConstraints} constraints, ${built.rebuilt.compile || built.rebuilt.setup ? "built" : "cached"}`,
    );
  }
  progress.info(`  circuits ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const { createChainDriver } = await import("./chain");
  return createChainDriver({ ...options, hre }, progress);
}

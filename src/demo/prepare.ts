import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { Progress } from "../core/progress";
import type { UpdateCodec } from "../fl/codec";
import type { ChainDriver } from "./driver";

/**
 * Everything the chain half needs before it can load: Hardhat on the chosen network, compiled
 * contracts (and so typechain-types, which the SDK and the deploy scripts import), and the
 * Contribution circuit's proving key from the zk:build cache (cold: compiles and runs the setup).
 */
export async function prepareChain(
  options: { network: string; seed: number; outDir: string; codec: UpdateCodec },
  progress: Progress,
): Promise<ChainDriver> {
  const hre: HardhatRuntimeEnvironment = (await import("hardhat")).default;
  const compiling = progress.step("compile the contracts");
  await hre.run("compile", { quiet: true });
  compiling.done();
  const { buildCircuits } = await import("../zk/pipeline/build");
  const { DEFAULT_CONTRIBUTION_CIRCUIT } = await import("../zk");
  const started = performance.now();
  const [built] = await buildCircuits({ groups: [], circuits: [DEFAULT_CONTRIBUTION_CIRCUIT], progress });
  progress.info(
    `  ${built.spec.name}: ${built.info.nConstraints} constraints, ${built.rebuilt.compile || built.rebuilt.setup ? "built" : "cached"} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const { createChainDriver } = await import("./chain");
  return createChainDriver({ ...options, hre }, progress);
}

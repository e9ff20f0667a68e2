import { UserError } from "../cli/errors";
import { Progress } from "../cli/progress";
import { DemoCommand } from "./cli";
import { ChainDriver } from "./driver";

/** The ChainDriver over the SDK (src/sdk) and the prover (src/zk). */
export async function createChainDriver(command: DemoCommand, progress: Progress): Promise<ChainDriver> {
  void progress;
  throw new UserError(
    `the on-chain part of the demo (network ${command.network}) needs the SDK and the prover, which are not merged yet; run with --offline for the learning part only`,
  );
}

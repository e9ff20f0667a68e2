import type { Progress } from "../../core/progress";
import { Dataset, positives } from "../../fl/data";
import { evaluate } from "../../fl/evaluate";
import { DEFAULT_FEDERATION, Federation, createFederation } from "../../fl/federation";
import { addGas } from "../driver";
import type { DemoOptions } from "../options";
import type { DeploymentRecord } from "../summary";
import { GlobalModel, RunContext, pct, toFixedPoint } from "./context";

/** Splits the data into the test set, the validation set and one non-IID shard per trainer. */
export function shardFederation(data: Dataset, options: DemoOptions, progress: Progress): Federation {
  const prep = progress.step("split wdbc into test, validation and non-IID shards; standardize from the shards");
  const federation = createFederation(data, { ...DEFAULT_FEDERATION, ...options });
  prep.done(
    `shards ${federation.shards.map((s) => `${s.labels.length}(${positives(s)}M)`).join(" ")}, ` +
      `test ${federation.test.labels.length}, validation ${federation.validation.labels.length}`,
  );
  return federation;
}

export interface ChainStart {
  /** Gas per action of the deployment, staking and joining. */
  readonly setupGas: Record<string, number>;
  /** GRD balances once everyone is staked; undefined offline. */
  readonly balances?: Record<string, bigint>;
  /** The deployment's journal and contract addresses; undefined offline. */
  readonly deployment?: DeploymentRecord;
}

/**
 * Deploys with `genesis` as the genesis model (its file's hash on chain), and enrols every trainer and
 * the lender (who stakes but does not train).
 */
export async function setUpChain({ driver, cast, codec, progress, time }: RunContext, genesis: GlobalModel): Promise<ChainStart> {
  const setupGas: Record<string, number> = {};
  if (!driver) {
    progress.info("  ! offline: no chain; deployment, proofs, governance and slashing are skipped");
    return { setupGas };
  }
  const members = [...cast.trainers, cast.lender];
  const model = { weights: genesis.weights, fracBits: codec.fractionBits, accuracy: genesis.metrics.accuracy };
  const enrolled = await time("setup", () => driver.setup(members, model, progress));
  addGas(setupGas, enrolled);
  return { setupGas, balances: await driver.balances(), deployment: enrolled.deployment };
}

/** The initial model, on the codec's fixed-point grid: the genesis model file holds exactly these weights. */
export function evaluateInitialModel({ federation, codec, progress }: RunContext): GlobalModel {
  const weights = toFixedPoint(federation.initialParams, codec.fractionBits);
  const params = codec.dequantize(weights);
  const metrics = evaluate(federation.model, params, federation.test);
  progress.info(`  initial model: test accuracy ${pct(metrics.accuracy)}, log-loss ${metrics.logLoss.toFixed(4)}`);
  return { params, weights, metrics };
}

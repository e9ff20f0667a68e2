import type { Progress } from "../../core/progress";
import { Dataset, positives } from "../../fl/data";
import { evaluate } from "../../fl/evaluate";
import { DEFAULT_FEDERATION, Federation, createFederation } from "../../fl/federation";
import { addGas } from "../driver";
import type { DemoOptions } from "../options";
import { GlobalModel, RunContext, pct } from "./context";

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
}

/** Deploys and enrols every trainer and the lender (who stakes but does not train). */
export async function setUpChain({ driver, cast, progress, time }: RunContext): Promise<ChainStart> {
  const setupGas: Record<string, number> = {};
  if (!driver) {
    progress.info("  ! offline: no chain; deployment, proofs, governance and slashing are skipped");
    return { setupGas };
  }
  const members = [...cast.trainers, cast.lender];
  addGas(setupGas, await time("setup", () => driver.setup(members, progress)));
  return { setupGas, balances: await driver.balances() };
}

export function evaluateInitialModel({ federation, progress }: RunContext): GlobalModel {
  const metrics = evaluate(federation.model, federation.initialParams, federation.test);
  progress.info(`  initial model: test accuracy ${pct(metrics.accuracy)}, log-loss ${metrics.logLoss.toFixed(4)}`);
  return { params: federation.initialParams, metrics };
}

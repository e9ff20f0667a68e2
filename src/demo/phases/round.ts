import { assertWithinBound, clipAndQuantize } from "../../fl/codec";
import { localUpdate } from "../../fl/federation";
import { behaviourOf } from "../cast";
import { addGas } from "../driver";
import { aggregateWithAudit, checkCommitments } from "./aggregation";
import { doubleContributionAttempt, overBoundAttempt } from "./attacks";
import { GlobalModel, Revealed, RoundContext, RunContext } from "./context";
import { governRound, recordCaughtPoisoner } from "./governance";

/**
 * One round: local training and contributions, the forced attacks, aggregation with the
 * leave-one-out audit, then finalization and the governance vote that activates the new model.
 * Appends the round's summary to the run's record and returns the new global model.
 */
export async function runRound(run: RunContext, round: number, global: GlobalModel): Promise<GlobalModel> {
  run.progress.info(`round ${round}/${run.options.rounds}`);
  const ctx: RoundContext = { ...run, round, gas: {} };
  if (run.driver) addGas(ctx.gas, await run.driver.openRound(round));
  const trained = await trainAndContribute(ctx, global.params);
  const rejectedAgain = await doubleContributionAttempt(ctx, trained.revealed);
  await checkCommitments(ctx, trained.revealed);
  const aggregation = aggregateWithAudit(ctx, trained.revealed, global);
  const governed = await governRound(ctx, trained.revealed, aggregation);
  recordCaughtPoisoner(ctx, aggregation);
  run.record.rounds.push({
    round,
    accepted: trained.revealed.length,
    rejected: trained.rejected + rejectedAgain,
    accuracy: aggregation.model.metrics.accuracy,
    loss: aggregation.model.metrics.logLoss,
    gas: ctx.gas,
    flagged: aggregation.flagged.map((f) => f.revealed.member),
    selection: Object.fromEntries(trained.revealed.map((r, i) => [r.member, Number(aggregation.weights[i])])),
    ...(governed ?? {}),
  });
  return aggregation.model;
}

interface Trained {
  /** The updates that made it through, in trainer order. */
  readonly revealed: Revealed[];
  /** Contributions refused or rejected: the booster's over-bound update. */
  readonly rejected: number;
}

/**
 * Every trainer trains on its shard from `global`, clips and quantizes its update, and (on-chain)
 * proves and submits it. The booster's over-bound update cannot be clipped into a valid proof: it is
 * forced through instead, and recorded as an adversary.
 */
async function trainAndContribute(ctx: RoundContext, global: readonly number[]): Promise<Trained> {
  const { cast, federation, codec, driver, round, gas, progress, time, record } = ctx;
  const revealed: Revealed[] = [];
  let rejected = 0;
  for (const [index, member] of cast.trainers.entries()) {
    const behaviour = behaviourOf(cast, member, round);
    const step = progress.step(`${member} trains locally${behaviour.kind === "honest" ? "" : ` (${behaviour.kind})`}`);
    const update = localUpdate(federation, index, global, round, behaviour);
    step.done();
    if (behaviour.kind === "boosted") {
      rejected++;
      record.adversaries.push(await overBoundAttempt(ctx, member, update));
      continue;
    }
    const quantized = clipAndQuantize(codec, update);
    assertWithinBound(codec, quantized);
    const contribution = driver
      ? await time("prove and submit", () => driver.contribute(member, round, quantized, progress))
      : undefined;
    if (contribution) addGas(gas, contribution);
    revealed.push({ member, index, quantized, contribution });
  }
  return { revealed, rejected };
}

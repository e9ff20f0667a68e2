/**
 * The aggregator's side of a round: it checks each revealed update against its on-chain commitment,
 * audits the updates leave-one-out on the validation set, and aggregates the ones left.
 */
import { WeightedUpdate } from "../../fl/aggregate";
import { auditUpdates } from "../../fl/audit";
import { evaluate } from "../../fl/evaluate";
import { applyUpdate } from "../../fl/train";
import { GlobalModel, Revealed, RoundContext, RunContext, pct } from "./context";

/** An update the audit left out of the aggregate, and why. */
export interface FlaggedUpdate {
  readonly revealed: Revealed;
  readonly reason: string;
}

export interface Aggregation {
  /** The new global model, evaluated on the held-out test set. */
  readonly model: GlobalModel;
  /** In the order the updates were revealed. */
  readonly flagged: readonly FlaggedUpdate[];
}

/** Throws unless every revealed update opens its on-chain commitment; offline there is nothing to check. */
export async function checkCommitments({ driver, progress }: RoundContext, revealed: readonly Revealed[]): Promise<void> {
  if (!driver) return;
  const check = progress.step("aggregator checks each revealed update against its on-chain commitment");
  for (const r of revealed) {
    if (!r.contribution || !(await driver.matchesCommitment(r.contribution, r.quantized))) {
      throw new Error(`${r.member}'s revealed update does not match its on-chain commitment`);
    }
  }
  check.done(`${revealed.length} of ${revealed.length} match`);
}

/** Audits the revealed updates against `global`, then applies the aggregate of those it did not flag. */
export function aggregateWithAudit(
  { federation, codec, aggregate, options, progress }: RunContext,
  revealed: readonly Revealed[],
  global: readonly number[],
): Aggregation {
  const weighted: WeightedUpdate[] = revealed.map((r) => ({
    // The codec pads to the circuit's length; the model only has parameterCount coordinates.
    update: codec.dequantize(r.quantized).slice(0, federation.model.parameterCount),
    weight: federation.shards[r.index].labels.length,
  }));
  const audit = auditUpdates(federation.model, global, weighted, federation.validation);
  const flagged: FlaggedUpdate[] = [];
  for (const [i, r] of revealed.entries()) {
    const verdict = audit.verdicts[i];
    if (!verdict.flagged) continue;
    progress.info(`  ⚑ aggregation evaluation flags ${r.member}: ${verdict.reason}`);
    flagged.push({ revealed: r, reason: verdict.reason });
  }
  const kept = weighted.filter((_, i) => !audit.verdicts[i].flagged);
  const params = applyUpdate(global, aggregate(kept));
  const metrics = evaluate(federation.model, params, federation.test);
  progress.info(
    `  ${options.aggregator} of ${kept.length} updates: test accuracy ${pct(metrics.accuracy)}, log-loss ${metrics.logLoss.toFixed(4)}`,
  );
  return { model: { params, metrics }, flagged };
}

import { Dataset } from "./data";
import { WeightedUpdate, fedAvg } from "./aggregate";
import { Metrics, evaluate } from "./evaluate";
import { Model } from "./model";
import { applyUpdate } from "./train";

export interface AuditOptions {
  /** Flag when leaving the update out lowers validation log-loss by more than this. */
  readonly lossTolerance: number;
}

export const DEFAULT_AUDIT: AuditOptions = { lossTolerance: 0.01 };

export interface UpdateVerdict {
  /** Validation metrics of global + aggregate of every update except this one. */
  readonly without: Metrics;
  readonly flagged: boolean;
  /** Why it was (not) flagged, one sentence for the report. */
  readonly reason: string;
}

export interface AuditResult {
  /** Validation metrics of global + aggregate of every update. */
  readonly withAll: Metrics;
  readonly verdicts: UpdateVerdict[];
}

/**
 * The aggregation evaluation: a leave-one-out check on the aggregator's validation set (never the
 * test set). An update is flagged when the model aggregated without it is better: its validation
 * log-loss is lower by more than the tolerance and its accuracy is no worse by more than one
 * validation example. The
 * flag is evidence for governance to revoke the contribution, not a verdict by itself.
 *
 * The check always uses FedAvg, whatever the run's aggregator: it measures each update's own pull
 * on the model, which a median would hide (leaving one update out of a median mostly reshuffles
 * which honest value is in the middle, so honest updates would be flagged by noise).
 */
export function auditUpdates(
  model: Model,
  global: readonly number[],
  updates: readonly WeightedUpdate[],
  validation: Dataset,
  options: AuditOptions = DEFAULT_AUDIT,
): AuditResult {
  const withAll = evaluate(model, applyUpdate(global, fedAvg(updates)), validation);
  const verdicts = updates.map((_, i): UpdateVerdict => {
    const others = updates.filter((__, k) => k !== i);
    if (others.length === 0) {
      return { without: evaluate(model, global, validation), flagged: false, reason: "the only update: nothing to compare with" };
    }
    const without = evaluate(model, applyUpdate(global, fedAvg(others)), validation);
    const lossGain = withAll.logLoss - without.logLoss;
    // One validation example either way is noise on a set this small (57 examples for wdbc).
    const accuracyNoise = 1 / validation.labels.length;
    const flagged = without.accuracy >= withAll.accuracy - accuracyNoise - 1e-12 && lossGain > options.lossTolerance;
    const reason = flagged
      ? `leaving it out lowers validation log-loss by ${lossGain.toFixed(3)} (accuracy ${pct(withAll.accuracy)} → ${pct(without.accuracy)})`
      : `leaving it out does not improve the model (log-loss ${signed(-lossGain)}, accuracy ${pct(withAll.accuracy)} → ${pct(without.accuracy)})`;
    return { without, flagged, reason };
  });
  return { withAll, verdicts };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
}

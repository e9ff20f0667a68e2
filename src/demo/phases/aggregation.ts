/**
 * The aggregator's side of a round: it checks each revealed update against its on-chain commitment,
 * audits the updates leave-one-out on the validation set, and chooses its selection: the flagged
 * updates get weight 0 (left out, visibly), the others FedAvg's weights as small integers. With
 * fedavg the new model is exactly what the chain can check: the parent's fixed-point weights plus the
 * rounded weighted mean of the quantized updates (src/sdk/model, "weighted-mean-round-half-up/1"),
 * the rule the aggregation proof and `model verify` hold the candidate to.
 */
import { AGGREGATOR_NAMES, WeightedUpdate, apportionWeights } from "../../fl/aggregate";
import { auditUpdates } from "../../fl/audit";
import { evaluate } from "../../fl/evaluate";
import { applyUpdate } from "../../fl/train";
import { applyAggregate, modelAggregate } from "../../sdk/model/artifact";
import { AGGREGATION_HEADROOM } from "../../zk";
import { GlobalModel, Revealed, RoundContext, RunContext, pct, toFixedPoint } from "./context";

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
  /** The aggregator's selection: each revealed update's integer weight, 0 for one left out (reveal order). */
  readonly weights: readonly bigint[];
}

/** The most a round's weights may sum to: 2^H − 1, so the packed aggregate has no carry. */
const MAX_TOTAL_WEIGHT = 2 ** AGGREGATION_HEADROOM - 1;

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
  global: GlobalModel,
): Aggregation {
  const weighted: WeightedUpdate[] = revealed.map((r) => ({
    // The codec pads to the circuit's length; the model only has parameterCount coordinates.
    update: codec.dequantize(r.quantized).slice(0, federation.model.parameterCount),
    weight: federation.shards[r.index].labels.length,
  }));
  const audit = auditUpdates(federation.model, global.params, weighted, federation.validation);
  const flagged: FlaggedUpdate[] = [];
  for (const [i, r] of revealed.entries()) {
    const verdict = audit.verdicts[i];
    if (!verdict.flagged) continue;
    progress.info(`  ⚑ aggregation evaluation flags ${r.member}: ${verdict.reason}`);
    flagged.push({ revealed: r, reason: verdict.reason });
  }
  const keptIndices = revealed.flatMap((_, i) => (audit.verdicts[i].flagged ? [] : [i]));
  const apportioned = apportionWeights(
    keptIndices.map((i) => weighted[i].weight),
    MAX_TOTAL_WEIGHT,
  );
  const weights = revealed.map((_, i) => {
    const k = keptIndices.indexOf(i);
    return k < 0 ? 0n : apportioned[k];
  });
  let fixed: bigint[];
  if (options.aggregator === AGGREGATOR_NAMES[0]) {
    // The proven rule: parent + round(Σ w_i·q_i / W), in exact integers on the fixed-point weights.
    const sums = Array.from({ length: codec.length }, (_, j) =>
      revealed.reduce((sum, r, i) => sum + weights[i] * r.quantized[j], 0n),
    );
    const proven = modelAggregate({
      updateLength: codec.length,
      bits: codec.bits,
      headroom: AGGREGATION_HEADROOM,
      contributionWeights: weights,
      sums,
    });
    fixed = applyAggregate(global.weights, proven);
  } else {
    // Median and trimmed mean are not linear: no aggregation proof covers them (offline runs only).
    const kept = keptIndices.map((i) => weighted[i]);
    fixed = toFixedPoint(applyUpdate(global.params, aggregate(kept)), codec.fractionBits);
  }
  const params = codec.dequantize(fixed);
  const metrics = evaluate(federation.model, params, federation.test);
  progress.info(
    `  ${options.aggregator} of ${keptIndices.length} updates (weights ${weights.join(", ")}): test accuracy ${pct(metrics.accuracy)}, log-loss ${metrics.logLoss.toFixed(4)}`,
  );
  return { model: { params, weights: fixed, metrics }, flagged, weights };
}

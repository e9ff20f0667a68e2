import { addGas } from "../driver";
import type { Aggregation } from "./aggregation";
import type { RoundSummary } from "../summary";
import type { Revealed, RoundContext, RunContext } from "./context";

/**
 * Closes the round on-chain with the aggregation proof of the aggregator's selection, registers the
 * candidate model and has governance activate it and revoke the flagged contributions (their bonds are
 * forfeited); the activated version is checked with model verify. Returns the activated model version
 * and the verdict; offline there is no chain to govern and it returns undefined.
 */
export async function governRound(
  { driver, round, gas, progress, time, record }: RoundContext,
  revealed: readonly Revealed[],
  { model, flagged, weights }: Aggregation,
): Promise<Pick<RoundSummary, "modelVersion" | "weightsHash" | "modelFile" | "verified"> | undefined> {
  if (!driver) return undefined;
  const governed = await time("governance", () =>
    driver.govern(
      round,
      {
        accepted: revealed.flatMap((r) => (r.contribution ? [r.contribution] : [])),
        flagged: flagged.flatMap((f) => (f.revealed.contribution ? [f.revealed.contribution] : [])),
        selection: revealed.flatMap((r, i) =>
          r.contribution ? [{ contribution: r.contribution, update: r.quantized, weight: weights[i] }] : [],
        ),
        weights: model.weights,
        accuracy: model.metrics.accuracy,
        loss: model.metrics.logLoss,
      },
      progress,
    ),
  );
  addGas(gas, governed);
  for (const { revealed: r, reason } of flagged) {
    const uid = r.contribution?.uid ?? "";
    record.revoked.push({
      round,
      participant: r.member,
      bondForfeited: (governed.forfeited[uid] ?? 0n).toString(),
      reason,
    });
  }
  return {
    modelVersion: governed.modelVersion,
    weightsHash: governed.weightsHash,
    modelFile: governed.modelFile,
    verified: governed.verified,
  };
}

/**
 * Records the label flipper as stopped in each round the audit caught it. Only the flipper's flags
 * count as a stopped attack; any other member flagged shows in the round's `flagged` list alone.
 */
export function recordCaughtPoisoner({ driver, cast, round, record }: RoundContext, { flagged }: Aggregation): void {
  for (const { revealed: r } of flagged) {
    if (r.member !== cast.poisoner) continue;
    record.adversaries.push({
      attack: "flipped-labels",
      participant: r.member,
      round,
      outcome: driver
        ? "flagged by the aggregation evaluation, revoked by governance, bond forfeited"
        : "flagged and left out (offline: not revoked)",
      stopped: true,
    });
  }
}

/** A label flipper the audit never caught is an adversary not stopped, which fails the run. */
export function recordUncaughtPoisoner({ cast, record }: RunContext): void {
  if (!record.adversaries.some((a) => a.attack === "flipped-labels")) {
    record.adversaries.push({ attack: "flipped-labels", participant: cast.poisoner, outcome: "never flagged", stopped: false });
  }
}

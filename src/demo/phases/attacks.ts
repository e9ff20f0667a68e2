/**
 * The attacks the run forces through even though an honest client would stop them: the boosted
 * update past the norm bound, and a second contribution in the same round.
 */
import { UserError } from "../../core/errors";
import { assertWithinBound, saturate } from "../../fl/codec";
import { TxRevertedError } from "../../sdk/errors";
import { addGas } from "../driver";
import { stoppedLine, type AdversaryRecord } from "../summary";
import type { Revealed, RoundContext } from "./context";

/**
 * The boosting poisoner: the local check refuses to prove it (the prover's own check when on-chain);
 * forced on-chain with a forged proof, the contract rejects it.
 */
export async function overBoundAttempt(
  { codec, driver, round, gas, progress }: RoundContext,
  member: string,
  update: readonly number[],
): Promise<AdversaryRecord> {
  // Coordinates past the circuit's integer width are saturated, as a forger would have to.
  const quantized = saturate(codec, update);
  let refusal: string;
  try {
    if (driver) await driver.contribute(member, round, quantized, progress);
    else assertWithinBound(codec, quantized);
    throw new Error(`${member}'s boosted update was accepted: the over-bound attack is misconfigured`);
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof TxRevertedError) throw error;
    refusal = error.message;
  }
  progress.info(`  ${stoppedLine(`${member}'s boosted update: the local check refuses to prove it: ${refusal}`)}`);
  if (!driver) {
    return {
      attack: "over-bound",
      participant: member,
      round,
      outcome: "refused locally (offline: not forced on-chain)",
      stopped: true,
    };
  }
  const rejection = await driver.forceContribution(member, round, quantized, progress);
  addGas(gas, rejection);
  progress.info(`  ${stoppedLine(`${member}'s forced submission rejected on-chain: ${rejection.error}`)}`);
  return {
    attack: "over-bound",
    participant: member,
    round,
    outcome: `refused locally; forced submission rejected on-chain: ${rejection.error}`,
    stopped: true,
  };
}

/**
 * The double contributor resubmits its round-1 update; the nullifier must stop it on-chain. Only
 * in round 1, and only with a chain (offline there is no nullifier to hit). Returns the number of
 * contributions rejected.
 */
export async function doubleContributionAttempt(
  { driver, cast, round, gas, progress, time, record }: RoundContext,
  revealed: readonly Revealed[],
): Promise<number> {
  if (!driver || round !== 1) return 0;
  const first = revealed.find((r) => r.member === cast.doubleContributor);
  if (!first) throw new Error(`${cast.doubleContributor} has no first contribution to repeat`);
  const rejection = await time("prove and submit", () =>
    driver.contributeAgain(cast.doubleContributor, round, first.quantized, progress),
  );
  addGas(gas, rejection);
  progress.info(
    `  ${stoppedLine(`${cast.doubleContributor}'s second contribution in round ${round} rejected: ${rejection.error}`)}`,
  );
  record.adversaries.push({
    attack: "double-contribution",
    participant: cast.doubleContributor,
    round,
    outcome: `rejected on-chain: ${rejection.error}`,
    stopped: true,
  });
  return 1;
}

import { UserError } from "../core/errors";
import { Progress } from "../core/progress";
import { WeightedUpdate, createAggregator } from "../fl/aggregate";
import { auditUpdates } from "../fl/audit";
import { TxRevertedError } from "../sdk/errors";
import { UpdateCodec, assertWithinBound, clipAndQuantize, saturate } from "../fl/codec";
import { Dataset, positives } from "../fl/data";
import { ChainDriver, Contribution, addGas } from "./driver";
import { evaluate } from "../fl/evaluate";
import { Behaviour, DEFAULT_FEDERATION, Federation, createFederation, localUpdate } from "../fl/federation";
import { AdversaryRecord, RevocationRecord, RoundSummary, RunSummary, SlashRecord } from "./summary";
import { applyUpdate } from "../fl/train";

export interface DemoOptions {
  readonly participants: number;
  readonly rounds: number;
  readonly seed: number;
  readonly model: string;
  readonly aggregator: string;
}

export const DEFAULT_DEMO: DemoOptions = { participants: 5, rounds: 3, seed: 7, model: "logistic", aggregator: "fedavg" };

/** How far past the bound the boosting poisoner scales its update (a model-replacement attack). */
export const BOOST_FACTOR = 25;

/**
 * Who does what. With k participants: P1 tries a second contribution in round 1; P(k-1) boosts its
 * round-1 update past the norm bound; Pk trains on flipped labels every round; "lender" is a staked
 * member (not a trainer) whose lent identity secret "whistleblower" discloses after round 1.
 */
export interface Cast {
  readonly trainers: string[];
  readonly doubleContributor: string;
  readonly booster: string;
  readonly poisoner: string;
  readonly lender: string;
  readonly whistleblower: string;
}

export const MIN_PARTICIPANTS = 3;

export function castFor(participants: number): Cast {
  if (!Number.isInteger(participants) || participants < MIN_PARTICIPANTS) {
    throw new UserError(`--participants must be an integer ≥ ${MIN_PARTICIPANTS} (one honest member, a booster and a poisoner)`);
  }
  const trainers = Array.from({ length: participants }, (_, i) => `P${i + 1}`);
  return {
    trainers,
    doubleContributor: trainers[0],
    booster: trainers[participants - 2],
    poisoner: trainers[participants - 1],
    lender: "lender",
    whistleblower: "whistleblower",
  };
}

export function behaviourOf(cast: Cast, member: string, round: number): Behaviour {
  if (member === cast.poisoner) return { kind: "flipped-labels" };
  if (member === cast.booster && round === 1) return { kind: "boosted", factor: BOOST_FACTOR };
  return { kind: "honest" };
}

export function validateOptions(options: DemoOptions): void {
  castFor(options.participants);
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new UserError("--rounds must be a positive integer");
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new UserError("--seed must be a non-negative integer");
  // Unknown names fail here, before any deployment.
  createAggregator(options.aggregator);
}

interface Revealed {
  readonly member: string;
  readonly index: number;
  readonly quantized: bigint[];
  readonly contribution?: Contribution;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * The whole run. With a driver, every chain step runs through it; without one (`--offline`), only
 * the learning runs and the summary says so: no gas, no slashing, and the adversaries that need
 * the chain are recorded as not run.
 */
export async function runFederatedDemo(
  data: Dataset,
  options: DemoOptions,
  codec: UpdateCodec,
  driver: ChainDriver | undefined,
  progress: Progress,
): Promise<RunSummary> {
  validateOptions(options);
  const cast = castFor(options.participants);
  const aggregate = createAggregator(options.aggregator);
  const timings: Record<string, number> = {};
  const time = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + seconds(performance.now() - started);
    }
  };

  const prep = progress.step("split wdbc into test, validation and non-IID shards; standardize from the shards");
  const federation: Federation = createFederation(data, { ...DEFAULT_FEDERATION, ...options });
  prep.done(
    `shards ${federation.shards.map((s) => `${s.labels.length}(${positives(s)}M)`).join(" ")}, ` +
      `test ${federation.test.labels.length}, validation ${federation.validation.labels.length}`,
  );

  const setupGas: Record<string, number> = {};
  let startBalances: Record<string, bigint> | undefined;
  if (driver) {
    const members = [...cast.trainers, cast.lender];
    addGas(setupGas, await time("setup", () => driver.setup(members, progress)));
    startBalances = await driver.balances();
  } else {
    progress.info("  ! offline: no chain; deployment, proofs, governance and slashing are skipped");
  }

  const initial = evaluate(federation.model, federation.initialParams, federation.test);
  progress.info(`  initial model: test accuracy ${pct(initial.accuracy)}, log-loss ${initial.logLoss.toFixed(4)}`);

  const rounds: RoundSummary[] = [];
  const adversaries: AdversaryRecord[] = [];
  const slashed: SlashRecord[] = [];
  const revoked: RevocationRecord[] = [];
  let global: readonly number[] = federation.initialParams;
  let current = initial;

  for (let round = 1; round <= options.rounds; round++) {
    progress.info(`round ${round}/${options.rounds}`);
    const gas: Record<string, number> = {};
    let rejected = 0;
    if (driver) addGas(gas, await driver.openRound(round));

    const revealed: Revealed[] = [];
    for (const [index, member] of cast.trainers.entries()) {
      const behaviour = behaviourOf(cast, member, round);
      const step = progress.step(`${member} trains locally${behaviour.kind === "honest" ? "" : ` (${behaviour.kind})`}`);
      const update = localUpdate(federation, index, global, round, behaviour);
      step.done();
      if (behaviour.kind === "boosted") {
        rejected++;
        adversaries.push(await overBoundAttempt(codec, driver, member, round, update, gas, progress));
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

    if (driver && round === 1) {
      const first = revealed.find((r) => r.member === cast.doubleContributor);
      if (!first) throw new Error(`${cast.doubleContributor} has no first contribution to repeat`);
      const rejection = await time("prove and submit", () =>
        driver.contributeAgain(cast.doubleContributor, round, first.quantized, progress),
      );
      addGas(gas, rejection);
      rejected++;
      progress.info(`  ✗ ${cast.doubleContributor}'s second contribution in round ${round} rejected: ${rejection.error}`);
      adversaries.push({
        attack: "double-contribution",
        participant: cast.doubleContributor,
        round,
        outcome: `rejected on-chain: ${rejection.error}`,
        stopped: true,
      });
    }

    // The aggregator: check each reveal against its on-chain commitment, then aggregate and audit.
    if (driver) {
      const check = progress.step("aggregator checks each revealed update against its on-chain commitment");
      for (const r of revealed) {
        if (!r.contribution || !(await driver.matchesCommitment(r.contribution, r.quantized))) {
          throw new Error(`${r.member}'s revealed update does not match its on-chain commitment`);
        }
      }
      check.done(`${revealed.length} of ${revealed.length} match`);
    }
    const weighted: WeightedUpdate[] = revealed.map((r) => ({
      update: codec.dequantize(r.quantized).slice(0, federation.model.parameterCount),
      weight: federation.shards[r.index].labels.length,
    }));
    const audit = auditUpdates(federation.model, global, weighted, federation.validation);
    const flagged = revealed.filter((_, i) => audit.verdicts[i].flagged);
    for (const [i, r] of revealed.entries()) {
      if (audit.verdicts[i].flagged) progress.info(`  ⚑ aggregation evaluation flags ${r.member}: ${audit.verdicts[i].reason}`);
    }
    const kept = weighted.filter((_, i) => !audit.verdicts[i].flagged);
    global = applyUpdate(global, aggregate(kept));
    current = evaluate(federation.model, global, federation.test);
    progress.info(
      `  ${options.aggregator} of ${kept.length} updates: test accuracy ${pct(current.accuracy)}, log-loss ${current.logLoss.toFixed(4)}`,
    );

    let modelVersion: string | undefined;
    if (driver) {
      const governed = await time("governance", () =>
        driver.govern(
          round,
          {
            accepted: revealed.flatMap((r) => (r.contribution ? [r.contribution] : [])),
            flagged: flagged.flatMap((r) => (r.contribution ? [r.contribution] : [])),
            parameters: global,
            accuracy: current.accuracy,
            loss: current.logLoss,
          },
          progress,
        ),
      );
      addGas(gas, governed);
      modelVersion = governed.modelVersion;
      for (const r of flagged) {
        const uid = r.contribution?.uid ?? "";
        revoked.push({
          round,
          participant: r.member,
          bondForfeited: (governed.forfeited[uid] ?? 0n).toString(),
          reason: audit.verdicts[revealed.indexOf(r)].reason,
        });
      }
    }
    for (const r of flagged) {
      if (r.member !== cast.poisoner) continue;
      adversaries.push({
        attack: "flipped-labels",
        participant: r.member,
        round,
        outcome: driver
          ? "flagged by the aggregation evaluation, revoked by governance, bond forfeited"
          : "flagged and left out (offline: not revoked)",
        stopped: true,
      });
    }

    rounds.push({
      round,
      accepted: revealed.length,
      rejected,
      accuracy: current.accuracy,
      loss: current.logLoss,
      gas,
      flagged: flagged.map((r) => r.member),
      modelVersion,
    });
  }

  if (!adversaries.some((a) => a.attack === "flipped-labels")) {
    adversaries.push({ attack: "flipped-labels", participant: cast.poisoner, outcome: "never flagged", stopped: false });
  }

  const closingGas: Record<string, number> = {};
  let balances: RunSummary["balances"];
  if (driver) {
    // After the rounds: slashing removes the lender from the member tree, and every proof above was
    // made against the tree it was in.
    progress.info("after the rounds");
    const disclosure = await driver.discloseIdentity(cast.lender, cast.whistleblower);
    addGas(closingGas, disclosure);
    slashed.push({
      member: cast.lender,
      reason: "identity-disclosed",
      amount: disclosure.slashed.toString(),
      whistleblower: cast.whistleblower,
      whistleblowerReward: disclosure.reward.toString(),
    });
    adversaries.push({
      attack: "lent-identity",
      participant: cast.lender,
      outcome: `identity disclosed by ${cast.whistleblower}: slashed ${formatGrd(disclosure.slashed)}, whistleblower paid ${formatGrd(disclosure.reward)}`,
      stopped: disclosure.slashed > 0n && disclosure.reward > 0n,
    });
    progress.info(
      `  ✗ ${cast.lender}'s lent identity disclosed: slashed ${formatGrd(disclosure.slashed)}, ${cast.whistleblower} paid ${formatGrd(disclosure.reward)}`,
    );
  }
  if (driver && startBalances) {
    addGas(closingGas, await driver.claimAll(cast.trainers));
    const end = await driver.balances();
    const sum = (b: Record<string, bigint>) => Object.values(b).reduce((s, x) => s + x, 0n);
    balances = {
      start: mapValues(startBalances, String),
      end: mapValues(end, String),
      conserved: sum(startBalances) === sum(end),
    };
  }

  return {
    initialAccuracy: initial.accuracy,
    finalAccuracy: current.accuracy,
    rounds,
    slashed,
    revoked,
    initialLoss: initial.logLoss,
    finalLoss: current.logLoss,
    config: {
      ...options,
      network: driver?.network ?? "offline",
      shards: federation.shards.map((s) => ({ examples: s.labels.length, malignant: positives(s) })),
      testExamples: federation.test.labels.length,
      validationExamples: federation.validation.labels.length,
      l2Bound: codec.l2Bound,
    },
    adversaries,
    balances,
    setupGas,
    closingGas,
    timings,
  };
}

/**
 * The boosting poisoner: the local check refuses to prove it (the prover's own check when on-chain);
 * forced on-chain with a forged proof, the contract rejects it.
 */
async function overBoundAttempt(
  codec: UpdateCodec,
  driver: ChainDriver | undefined,
  member: string,
  round: number,
  update: readonly number[],
  gas: Record<string, number>,
  progress: Progress,
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
  progress.info(`  ✗ ${member}: local check refuses to prove: ${refusal}`);
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
  progress.info(`  ✗ ${member}: forced submission rejected on-chain: ${rejection.error}`);
  return {
    attack: "over-bound",
    participant: member,
    round,
    outcome: `refused locally; forced submission rejected on-chain: ${rejection.error}`,
    stopped: true,
  };
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function formatGrd(wei: bigint): string {
  return `${Number(wei / 10n ** 14n) / 10_000} GRD`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

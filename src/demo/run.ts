import { UserError } from "../core/errors";
import { Progress } from "../core/progress";
import { createAggregator } from "../fl/aggregate";
import { UpdateCodec } from "../fl/codec";
import { Dataset, positives } from "../fl/data";
import { castFor } from "./cast";
import type { ChainDriver } from "./driver";
import { DemoOptions, validateOptions } from "./options";
import { closeRun, type Closing } from "./phases/closing";
import { GlobalModel, RunContext, createPhaseTimer, emptyRecord } from "./phases/context";
import { recordUncaughtPoisoner } from "./phases/governance";
import { runRound } from "./phases/round";
import { evaluateInitialModel, setUpChain, shardFederation } from "./phases/setup";
import type { DeploymentRecord, RunSummary } from "./summary";

// The cast and the options have their own modules (the phases import them without a cycle through
// this one); re-exported so imports of run.ts, as in test/demo, keep working.
export { BOOST_FACTOR, MIN_PARTICIPANTS, behaviourOf, castFor, type Cast } from "./cast";
export { DEFAULT_DEMO, validateOptions, type DemoOptions } from "./options";

/**
 * The whole run, phase by phase (src/demo/phases). With a driver, every chain step runs through it;
 * without one (`--offline`), only the learning runs and the summary says so: no gas, no slashing,
 * and the adversaries that need the chain are recorded as not run.
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
  const { timings, time } = createPhaseTimer();
  const federation = shardFederation(data, options, progress);
  const run: RunContext = { options, cast, codec, federation, aggregate, driver, progress, time, record: emptyRecord() };

  if (driver && options.aggregator !== "fedavg")
    throw new UserError(
      `--aggregator ${options.aggregator} is not linear, so no aggregation proof covers it: on chain the demo runs fedavg; use --offline to compare`,
    );
  const initial = evaluateInitialModel(run);
  const chain = await setUpChain(run, initial);
  let global = initial;
  for (let round = 1; round <= options.rounds; round++) global = await runRound(run, round, global);
  recordUncaughtPoisoner(run);
  const closing = await closeRun(run, chain.balances);

  return buildSummary(run, { initial, final: global, setupGas: chain.setupGas, deployment: chain.deployment, closing, timings });
}

/** What the summary needs beyond the run's record. */
interface Outcome {
  readonly initial: GlobalModel;
  readonly final: GlobalModel;
  readonly setupGas: Record<string, number>;
  readonly deployment: DeploymentRecord | undefined;
  readonly closing: Closing;
  readonly timings: Record<string, number>;
}

// The key order is summary.json's: keep it stable so runs diff cleanly.
function buildSummary({ options, codec, federation, driver, record }: RunContext, outcome: Outcome): RunSummary {
  return {
    initialAccuracy: outcome.initial.metrics.accuracy,
    finalAccuracy: outcome.final.metrics.accuracy,
    rounds: record.rounds,
    slashed: record.slashed,
    revoked: record.revoked,
    initialLoss: outcome.initial.metrics.logLoss,
    finalLoss: outcome.final.metrics.logLoss,
    config: {
      ...options,
      network: driver?.network ?? "offline",
      shards: federation.shards.map((s) => ({ examples: s.labels.length, malignant: positives(s) })),
      testExamples: federation.test.labels.length,
      validationExamples: federation.validation.labels.length,
      l2Bound: codec.l2Bound,
    },
    ...(outcome.deployment ? { deployment: outcome.deployment } : {}),
    adversaries: record.adversaries,
    balances: outcome.closing.balances,
    setupGas: outcome.setupGas,
    closingGas: outcome.closing.closingGas,
    timings: outcome.timings,
  };
}

import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import type { Guardians } from "../src/sdk/client";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const coordinator = scope(
  "coordinator",
  "The coordinator's actions: open a round, list contributions, finalize by an aggregation proof, cancel a stalled round",
);

interface OpenArgs extends AccountArgs {
  window: string;
  bond: string;
  pool: string;
  l2Bound: string;
  circuit: string;
  fracBits: number;
  maxContributions: number;
  baseModel?: string;
  aggregatorKey: string;
}

withAccountParams(
  coordinator
    .task("open-round", "Opens a training round within the governance limits; the reward pool comes from the sender")
    .addParam("window", "How long contributions are accepted: seconds or 15m, 2h, 7d", undefined, types.string)
    .addParam("bond", "GRD bond per contribution, returned on claim", undefined, types.string)
    .addParam("pool", "GRD reward pool shared by the contributions the aggregation proof selects", undefined, types.string)
    .addParam("l2Bound", "Bound on the real-valued L2 norm of an update, e.g. 2.5", undefined, types.string)
    .addOptionalParam(
      "circuit",
      "Contribution circuit of circuits/circuits.json (gives N, BITS, DEPTH)",
      "contribution_n32_b16_d16",
      types.string,
    )
    .addOptionalParam("fracBits", "Fractional bits of the fixed-point encoding", 8, types.int)
    .addOptionalParam(
      "maxContributions",
      "Maximum contributions in the round (at most K, what one aggregation proof covers)",
      8,
      types.int,
    )
    .addOptionalParam("baseModel", "Model version the round trains from (default: the champion)", undefined, types.string)
    .addParam(
      "aggregatorKey",
      "The aggregator's public key (0x + 64 hex, as aggregator keygen prints) or its key file: participants encrypt their openings to it",
      undefined,
      types.string,
    ),
).setAction(async (args: OpenArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const { contributionCircuit, maxL2BoundSq } = await import("../src/zk");
    const window = sdk.parseDuration(args.window, "window");
    const bond = sdk.parseGrd(args.bond, "bond");
    const rewardPool = sdk.parseGrd(args.pool, "pool");
    const l2Bound = sdk.parsePositiveReal(args.l2Bound, "l2-bound");
    let circuit;
    try {
      circuit = contributionCircuit(args.circuit);
    } catch {
      throw new sdk.ArgumentError(`--circuit ${args.circuit} is not a Contribution circuit of circuits/circuits.json`);
    }
    const fracBits = sdk.parseInteger(args.fracBits, "frac-bits", 0, circuit.bits - 1);
    const maxContributions = sdk.parseInteger(args.maxContributions, "max-contributions", 1, 2 ** 32 - 1);
    const scaled = BigInt(Math.floor(l2Bound * 2 ** fracBits));
    const l2BoundSq = scaled * scaled;
    if (l2BoundSq > maxL2BoundSq(circuit)) throw new sdk.ArgumentError(`--l2-bound ${l2Bound} is larger than the circuit allows`);
    const baseModelVersion = args.baseModel === undefined ? undefined : sdk.parseId(args.baseModel, "base-model");
    const aggregatorKey = args.aggregatorKey.startsWith("0x")
      ? args.aggregatorKey
      : sdk.aggregatorKeyOfFile(sdk.requireFile(args.aggregatorKey, "aggregator-key"));
    const g = await openFromHre(hre, args);
    const { roundId, outcome } = await sdk.openRound(g, {
      baseModelVersion,
      l2BoundSq,
      n: circuit.n,
      bits: circuit.bits,
      fracBits,
      depth: circuit.depth,
      window,
      bond,
      rewardPool,
      maxContributions,
      aggregatorKey,
    });
    console.log(`round: ${roundId}`);
    console.log(`aggregator key: ${aggregatorKey}`);
    console.log(`l2BoundSq: ${l2BoundSq}`);
    console.log(`tx: ${outcome.hash}`);
    console.log(`gas: ${outcome.gasUsed}`);
  }),
);

type Sdk = typeof import("../src/sdk");

/** A coordinator task whose only argument (besides the account) is `--round`. */
function roundTask(name: string, description: string, action: (sdk: Sdk, g: Guardians, roundId: bigint) => Promise<void>) {
  withAccountParams(coordinator.task(name, description).addParam("round", "Round id", undefined, types.string)).setAction(
    async (args: AccountArgs & { round: string }, hre) =>
      runCli(async () => {
        const sdk = await import("../src/sdk");
        const roundId = sdk.parseId(args.round, "round");
        await action(sdk, await openFromHre(hre, args), roundId);
      }),
  );
}

roundTask("contributions", "Lists a round's contributions and their status", async (sdk, g, roundId) => {
  const list = await sdk.listContributions(g, roundId);
  console.log(`round ${roundId}: ${list.length} contribution${list.length === 1 ? "" : "s"}`);
  for (const c of list) console.log(`  ${c.uid} ${c.status} recipient ${c.recipient} commitment ${c.updateCommitment}`);
});

interface AggregateArgs extends AccountArgs {
  round: string;
  key: string;
  parentModel: string;
  validation?: string;
  noAudit: boolean;
  exclude?: string;
  modelOut?: string;
  aggregationOut?: string;
}

withAccountParams(
  coordinator
    .task(
      "aggregate",
      "Reads the round's contributions and encrypted openings from the chain, decrypts and checks each, audits them on your validation data, proves the aggregate and writes the candidate's model file",
    )
    .addParam("round", "Round id", undefined, types.string)
    .addParam("key", "The aggregator key file (aggregator keygen) the round was opened with", undefined, types.string)
    .addParam("parentModel", "The model file of the round's base version (model fetch)", undefined, types.string)
    .addOptionalParam(
      "validation",
      "Your validation data (model-ready CSV: label, then the features) for the leave-one-out audit",
      undefined,
      types.string,
    )
    .addFlag("noAudit", "Skip the leave-one-out audit (every valid contribution is included)")
    .addOptionalParam(
      "exclude",
      "Comma-separated attestation uids to leave out by your own decision: shown in the selection, and not backed by evidence",
      undefined,
      types.string,
    )
    .addOptionalParam(
      "modelOut",
      "Where to write the candidate's model file (default round-<R>.model.json)",
      undefined,
      types.string,
    )
    .addOptionalParam(
      "aggregationOut",
      "Where to write the aggregation: proof, selection and evidence (default round-<R>.aggregation.json)",
      undefined,
      types.string,
    ),
).setAction(async (args: AggregateArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const fs = await import("node:fs");
    const roundId = sdk.parseId(args.round, "round");
    if (args.validation === undefined && !args.noAudit)
      throw new sdk.ArgumentError("give --validation <file> for the leave-one-out audit, or --no-audit to skip it");
    if (args.validation !== undefined && args.noAudit)
      throw new sdk.ArgumentError("--validation and --no-audit exclude each other");
    const parentBytes = new Uint8Array(fs.readFileSync(sdk.requireFile(args.parentModel, "parent-model")));
    const parent = sdk.parseArtifact(parentBytes);
    const fl = await import("../src/fl/validation");
    const scale = 2 ** parent.fracBits;
    const validation =
      args.validation === undefined ? undefined : fl.loadLabelledCsv(sdk.requireFile(args.validation, "validation"));
    const parentWeights = parent.weights.map((w) => Number(w) / scale);
    // validationAudit refuses, here, a model the validation data cannot evaluate: before anything is decrypted or proved.
    const audit =
      validation === undefined ? undefined : fl.validationAudit(validation, parentWeights, undefined, args.validation);
    const exclude = new Map(
      (args.exclude === undefined ? [] : sdk.parseList(args.exclude, "exclude")).map((uid) => [
        sdk.parseBytes32(uid, "exclude").toLowerCase(),
        "left out by the aggregator's decision (--exclude)",
      ]),
    );
    const modelOut = args.modelOut ?? `round-${roundId}.model.json`;
    const aggregationOut = args.aggregationOut ?? `round-${roundId}.aggregation.json`;
    for (const out of [modelOut, aggregationOut])
      if (fs.existsSync(out))
        throw new sdk.ArgumentError(`${out} exists; move it away or choose another path (nothing was overwritten)`);
    sdk.requireFile(args.key, "key");
    const password = await sdk.resolvePassword({ purpose: `aggregator key ${args.key}`, envName: sdk.AGGREGATOR_PASSWORD_ENV });
    const key = sdk.openAggregatorKeyFile(args.key, password);
    const g = await openFromHre(hre, args);
    const result = await sdk.aggregateRound(g, roundId, key, { parentBytes, audit, exclude });
    fs.writeFileSync(modelOut, result.candidate.bytes);
    fs.writeFileSync(aggregationOut, `${JSON.stringify(sdk.aggregationFile(result), null, 2)}\n`);
    for (const line of sdk.formatSelection(result.selection)) console.log(line);
    console.log(`aggregate commitment: ${result.prepared.proof.calldata.aggregateCommitment}`);
    if (validation !== undefined) {
      const metrics = fl.evaluateWeights(
        validation,
        result.candidate.artifact.weights.map((w) => Number(w) / scale),
        args.validation,
      );
      console.log(`validation accuracy: ${(metrics.accuracy * 100).toFixed(1)}% (${Math.round(metrics.accuracy * 10_000)} bps)`);
    }
    console.log(`model file: ${modelOut}`);
    console.log(`weightsHash: ${result.candidate.weightsHash}`);
    console.log(`aggregation: ${aggregationOut}`);
  }),
);

interface FinalizeArgs extends AccountArgs {
  round: string;
  aggregation?: string;
  model?: string;
  uri: string;
  accuracyBps: number;
  metricsHash?: string;
}

withAccountParams(
  coordinator
    .task(
      "finalize",
      "Finalizes a round with the aggregation proof coordinator aggregate wrote, registering the candidate's hash and URI",
    )
    .addParam("round", "Round id", undefined, types.string)
    .addOptionalParam("aggregation", "The aggregation file (default round-<R>.aggregation.json)", undefined, types.string)
    .addOptionalParam("model", "The candidate's model file (default round-<R>.model.json)", undefined, types.string)
    .addParam("uri", "Where the candidate's model file is published (model publish prints it)", undefined, types.string)
    .addParam("accuracyBps", "Validation accuracy in basis points (0–10000)", undefined, types.int)
    .addOptionalParam("metricsHash", "32-byte hash of the full metrics document", undefined, types.string),
).setAction(async (args: FinalizeArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const fs = await import("node:fs");
    const roundId = sdk.parseId(args.round, "round");
    sdk.parseInteger(args.accuracyBps, "accuracy-bps", 0, 10_000);
    const metricsHash = args.metricsHash === undefined ? undefined : sdk.parseBytes32(args.metricsHash, "metrics-hash");
    const aggregation = sdk.readAggregationFile(args.aggregation ?? `round-${roundId}.aggregation.json`, roundId);
    const modelFile = sdk.requireFile(args.model ?? `round-${roundId}.model.json`, "model");
    const g = await openFromHre(hre, args);
    const r = await sdk.finalizeFromFiles(g, aggregation, new Uint8Array(fs.readFileSync(modelFile)), {
      uri: args.uri,
      accuracyBps: args.accuracyBps,
      metricsHash,
    });
    const included = aggregation.contributions.filter((c) => c.weight !== "0").length;
    console.log(`selection: ${included} of ${aggregation.contributions.length} contributions`);
    console.log(`candidate version: ${r.candidateVersion}`);
    console.log(`weightsHash: ${r.weightsHash}`);
    console.log(`uri: ${args.uri}`);
    console.log(`tx: ${r.outcome.hash}`);
    console.log(`gas: ${r.outcome.gasUsed}`);
  }),
);

roundTask(
  "cancel-round",
  "Cancels a round left unfinalized past its deadline (anyone; governance at any time); bonds become claimable",
  async (sdk, g, roundId) => {
    const r = await sdk.cancelRound(g, roundId);
    console.log(`round ${roundId} cancelled; ${sdk.grd(r.refundedPool)} of pool returned to the treasury`);
    console.log(`tx: ${r.outcome.hash}`);
  },
);

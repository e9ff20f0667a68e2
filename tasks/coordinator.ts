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
    .addOptionalParam("baseModel", "Model version the round trains from (default: the champion)", undefined, types.string),
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
    });
    console.log(`round: ${roundId}`);
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

interface FinalizeArgs extends AccountArgs {
  round: string;
  reveals: string;
  weights?: string;
  parentModel: string;
  modelOut: string;
  uri: string;
  accuracyBps: number;
  metricsHash?: string;
}

withAccountParams(
  coordinator
    .task(
      "finalize",
      "Proves the round's aggregate from the revealed updates, writes the candidate model file (parent + aggregate) and finalizes with the proof",
    )
    .addParam("round", "Round id", undefined, types.string)
    .addParam("reveals", "Comma-separated reveal files (participant contribute --reveal-out)", undefined, types.string)
    .addOptionalParam(
      "weights",
      "Comma-separated uid=weight pairs (integers, total below 2^H); default: 1 for each revealed contribution, 0 for the others",
      undefined,
      types.string,
    )
    .addParam("parentModel", "The model file of the round's base version (guardians-model/1)", undefined, types.string)
    .addParam("modelOut", "Where to write the candidate's model file", undefined, types.string)
    .addParam("uri", "Where the candidate's model file will be published, e.g. ipfs://…", undefined, types.string)
    .addParam("accuracyBps", "Validation accuracy in basis points (0–10000)", undefined, types.int)
    .addOptionalParam("metricsHash", "32-byte hash of the full metrics document", undefined, types.string),
).setAction(async (args: FinalizeArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const fs = await import("node:fs");
    const roundId = sdk.parseId(args.round, "round");
    sdk.parseInteger(args.accuracyBps, "accuracy-bps", 0, 10_000);
    const metricsHash = args.metricsHash === undefined ? undefined : sdk.parseBytes32(args.metricsHash, "metrics-hash");
    const reveals = sdk.parseList(args.reveals, "reveals").map((file) => sdk.readRevealFile(file, roundId));
    const weights = args.weights === undefined ? undefined : sdk.parseWeightList(args.weights, "weights");
    if (!fs.existsSync(args.parentModel)) throw new sdk.ArgumentError(`no model file at ${args.parentModel}`);
    const parentBytes = new Uint8Array(fs.readFileSync(args.parentModel));
    const g = await openFromHre(hre, args);
    const parent = await sdk.parentModelOf(g, roundId, parentBytes);
    const choices = await sdk.aggregationChoices(g, roundId, reveals, weights);
    const prepared = await sdk.proveRoundAggregation(g, roundId, choices);
    const candidate = sdk.candidateArtifact(prepared, parent);
    fs.writeFileSync(args.modelOut, candidate.bytes);
    const r = await sdk.finalizeRound(g, prepared, {
      weightsHash: candidate.weightsHash,
      uri: args.uri,
      accuracyBps: args.accuracyBps,
      metricsHash,
    });
    console.log(`selection: ${prepared.weights.filter((w) => w > 0n).length} of ${prepared.contributions.length} contributions`);
    for (const [i, c] of prepared.contributions.entries()) console.log(`  ${c.uid} weight ${prepared.weights[i]}`);
    console.log(`aggregate commitment: ${prepared.proof.calldata.aggregateCommitment}`);
    console.log(`candidate version: ${r.candidateVersion}`);
    console.log(`model file: ${args.modelOut} (weightsHash ${candidate.weightsHash})`);
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

import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import type { Guardians } from "../src/sdk/client";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const coordinator = scope(
  "coordinator",
  "The coordinator's actions: open a round, list contributions, finalize, cancel a stalled round, register a candidate",
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
    .addParam("pool", "GRD reward pool shared by the round's valid contributions", undefined, types.string)
    .addParam("l2Bound", "Bound on the real-valued L2 norm of an update, e.g. 2.5", undefined, types.string)
    .addOptionalParam(
      "circuit",
      "Contribution circuit of circuits/circuits.json (gives N, BITS, DEPTH)",
      "contribution_n32_b16_d16",
      types.string,
    )
    .addOptionalParam("fracBits", "Fractional bits of the fixed-point encoding", 8, types.int)
    .addOptionalParam("maxContributions", "Maximum contributions in the round", 100, types.int)
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

interface CandidateArgs extends AccountArgs {
  weightsHash: string;
  uri: string;
  accuracyBps: number;
  metricsHash?: string;
}

function candidateParams(coordinatorTask: ReturnType<typeof coordinator.task>): ReturnType<typeof coordinator.task> {
  return coordinatorTask
    .addParam("weightsHash", "keccak256 (or other 32-byte hash) of the serialized weights", undefined, types.string)
    .addParam("uri", "Where the weights are, e.g. ipfs://…", undefined, types.string)
    .addParam("accuracyBps", "Validation accuracy in basis points (0–10000)", undefined, types.int)
    .addOptionalParam("metricsHash", "32-byte hash of the full metrics document", undefined, types.string);
}

withAccountParams(
  candidateParams(
    coordinator
      .task("finalize", "Finalizes a round after its window and registers the resulting candidate model")
      .addParam("round", "Round id", undefined, types.string)
      .addOptionalParam(
        "contributionsRoot",
        "Commitment to the aggregated uids (default: all valid contributions)",
        undefined,
        types.string,
      ),
  ),
).setAction(async (args: CandidateArgs & { round: string; contributionsRoot?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const roundId = sdk.parseId(args.round, "round");
    const weightsHash = sdk.parseBytes32(args.weightsHash, "weights-hash");
    const metricsHash = args.metricsHash === undefined ? undefined : sdk.parseBytes32(args.metricsHash, "metrics-hash");
    const root =
      args.contributionsRoot === undefined ? undefined : sdk.parseBytes32(args.contributionsRoot, "contributions-root");
    sdk.parseInteger(args.accuracyBps, "accuracy-bps", 0, 10_000);
    const g = await openFromHre(hre, args);
    const r = await sdk.finalizeRound(
      g,
      roundId,
      { weightsHash, uri: args.uri, accuracyBps: args.accuracyBps, metricsHash },
      root,
    );
    console.log(`candidate version: ${r.candidateVersion}`);
    console.log(`contributions root: ${r.contributionsRoot}`);
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

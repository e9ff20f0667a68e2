import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const round = scope("round", "What a round asks for, and an outsider's check of its aggregation");

withAccountParams(
  round
    .task(
      "show",
      "Prints a round's settings: N, fractional bits, L2 bound, window, base model, aggregator key, bond, pool, contributions",
    )
    .addParam("round", "Round id", undefined, types.string),
).setAction(async (args: AccountArgs & { round: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const roundId = sdk.parseId(args.round, "round");
    const g = await openFromHre(hre, args);
    for (const line of sdk.formatRoundInfo(await sdk.roundInfo(g, roundId))) console.log(line);
  }),
);

withAccountParams(
  round
    .task(
      "check-aggregation",
      "Checks, without the aggregator's key, the evidence for every contribution an aggregation file leaves out as undeliverable",
    )
    .addParam("round", "Round id", undefined, types.string)
    .addParam("aggregation", "The aggregation file the aggregator published (coordinator aggregate)", undefined, types.string),
).setAction(async (args: AccountArgs & { round: string; aggregation: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const roundId = sdk.parseId(args.round, "round");
    const file = sdk.readAggregationFile(args.aggregation, roundId);
    const g = await openFromHre(hre, args);
    const findings = await sdk.checkAggregationEvidence(g, file);
    for (const f of findings) console.log(`${f.confirmed ? "✓" : "✗"} ${f.uid} (tx ${f.txHash}, log ${f.logIndex}): ${f.why}`);
    const refuted = findings.filter((f) => !f.confirmed);
    console.log(`evidence: ${findings.length - refuted.length} of ${findings.length} exclusions confirmed`);
    if (refuted.length > 0)
      throw new sdk.UserError(`${refuted.length} exclusion(s) of round ${roundId} are not backed by evidence`);
  }),
);

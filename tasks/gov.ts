import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const gov = scope(
  "gov",
  "Governance: delegate, propose model activations, rollbacks and revocations, revoke contributions, vote, queue, execute, status",
);

withAccountParams(
  gov
    .task("delegate", "Delegates the account's GRD and staked-GRD votes (voting power counts both)")
    .addOptionalParam("to", "Delegatee (default: the account itself)", undefined, types.string),
).setAction(async (args: AccountArgs & { to?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const to = args.to === undefined ? undefined : sdk.parseAddress(args.to, "to");
    const g = await openFromHre(hre, args);
    const outcomes = await sdk.delegateVotes(g, to ?? g.account);
    console.log(`delegated to: ${to ?? g.account} (${outcomes.length} transaction${outcomes.length === 1 ? "" : "s"})`);
    for (const o of outcomes) console.log(`tx: ${o.hash}`);
  }),
);

async function printProposed(p: { proposalId: bigint; description: string; outcome: { hash: string; gasUsed: bigint } }) {
  const sdk = await import("../src/sdk");
  console.log(`proposal: ${p.proposalId}`);
  console.log(`description: ${sdk.readableDescription(p.description)}`);
  console.log(`proposer: ${sdk.descriptionProposer(p.description)} (only this account can submit this description)`);
  console.log(`tx: ${p.outcome.hash}`);
  console.log(`gas: ${p.outcome.gasUsed}`);
}

withAccountParams(
  gov
    .task("propose-model", "Proposes to make a Candidate model version the champion")
    .addParam("modelVersion", "Model version id", undefined, types.string)
    .addOptionalParam(
      "description",
      "Proposal description (default: derived from the version); ' #proposer=<account>' is appended",
      undefined,
      types.string,
    ),
).setAction(async (args: AccountArgs & { modelVersion: string; description?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const version = sdk.parseId(args.modelVersion, "model-version");
    const g = await openFromHre(hre, args);
    await printProposed(await sdk.proposeModel(g, version, args.description));
  }),
);

withAccountParams(
  gov
    .task(
      "propose-genesis",
      "Proposes to register a genesis or out-of-round model (a genesis model file), which only governance may do",
    )
    .addParam("file", "The model file (guardians-model/1, rule genesis)", undefined, types.string)
    .addParam("uri", "Where the file is published, e.g. ipfs://…", undefined, types.string)
    .addParam("accuracyBps", "Validation accuracy in basis points (0–10000)", undefined, types.int)
    .addOptionalParam("description", "Proposal description; ' #proposer=<account>' is appended", undefined, types.string),
).setAction(async (args: AccountArgs & { file: string; uri: string; accuracyBps: number; description?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const fs = await import("node:fs");
    if (!fs.existsSync(args.file)) throw new sdk.ArgumentError(`no model file at ${args.file}`);
    const file = new Uint8Array(fs.readFileSync(args.file));
    const g = await openFromHre(hre, args);
    await printProposed(
      await sdk.proposeModelRegistration(g, { file, uri: args.uri, accuracyBps: args.accuracyBps }, args.description),
    );
  }),
);

withAccountParams(
  gov
    .task("propose-rollback", "Proposes to roll the champion back to an earlier (Deprecated) version")
    .addParam("modelVersion", "Model version id to return to", undefined, types.string)
    .addOptionalParam("description", "Proposal description; ' #proposer=<account>' is appended", undefined, types.string),
).setAction(async (args: AccountArgs & { modelVersion: string; description?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const version = sdk.parseId(args.modelVersion, "model-version");
    const g = await openFromHre(hre, args);
    await printProposed(await sdk.proposeRollback(g, version, args.description));
  }),
);

/** A contribution's index in its round (a uint8 on chain). */
function parseIndex(sdk: typeof import("../src/sdk"), value: string): number {
  const index = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!(index <= 255)) throw new sdk.ArgumentError(`--index must be an integer from 0 to 255, got "${value}"`);
  return index;
}

withAccountParams(
  gov
    .task(
      "propose-revoke-contribution",
      "Proposes to revoke a contribution during its round's challenge period (its bond goes to the treasury)",
    )
    .addOptionalParam("uid", "The contribution's attestation uid (or give --round and --index)", undefined, types.string)
    .addOptionalParam("round", "Round id (with --index, instead of --uid)", undefined, types.string)
    .addOptionalParam(
      "index",
      "The contribution's index in its round: 0 for the first submitted (with --round)",
      undefined,
      types.string,
    )
    .addParam("reason", "Why; recorded on chain with the revocation", undefined, types.string)
    .addOptionalParam(
      "description",
      "Proposal description (default: derived from the contribution and the reason); ' #proposer=<account>' is appended",
      undefined,
      types.string,
    ),
).setAction(
  async (args: AccountArgs & { uid?: string; round?: string; index?: string; reason: string; description?: string }, hre) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const byRound = args.round !== undefined || args.index !== undefined;
      if (args.uid !== undefined && byRound) throw new sdk.ArgumentError("give either --uid, or --round and --index, not both");
      if (args.uid === undefined && (args.round === undefined || args.index === undefined))
        throw new sdk.ArgumentError("name the contribution: --uid <attestation uid>, or --round <id> and --index <i>");
      const ref =
        args.uid !== undefined
          ? { uid: sdk.parseBytes32(args.uid, "uid") }
          : { roundId: sdk.parseId(args.round as string, "round"), index: parseIndex(sdk, args.index as string) };
      if (!args.reason.trim()) throw new sdk.ArgumentError("--reason must not be empty");
      const g = await openFromHre(hre, args);
      const p = await sdk.proposeContributionRevocation(g, ref, args.reason, args.description);
      console.log(`contribution: ${p.contribution.uid} (round ${p.contribution.roundId}, index ${p.contribution.index})`);
      await printProposed(p);
    }),
);

withAccountParams(
  gov
    .task("propose-revoke-model", "Proposes to revoke a model version that is not the champion (Candidate or Deprecated)")
    .addParam("modelVersion", "Model version id", undefined, types.string)
    .addParam("reason", "Why; recorded on chain with the revocation", undefined, types.string)
    .addOptionalParam(
      "description",
      "Proposal description (default: derived from the version and the reason); ' #proposer=<account>' is appended",
      undefined,
      types.string,
    ),
).setAction(async (args: AccountArgs & { modelVersion: string; reason: string; description?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const version = sdk.parseId(args.modelVersion, "model-version");
    if (!args.reason.trim()) throw new sdk.ArgumentError("--reason must not be empty");
    const g = await openFromHre(hre, args);
    await printProposed(await sdk.proposeModelRevocation(g, version, args.reason, args.description));
  }),
);

withAccountParams(
  gov
    .task("vote", "Casts a vote on an Active proposal")
    .addParam("proposal", "Proposal id", undefined, types.string)
    .addParam("support", "for, against or abstain", undefined, types.string)
    .addOptionalParam("reason", "Reason recorded with the vote", undefined, types.string),
).setAction(async (args: AccountArgs & { proposal: string; support: string; reason?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const proposalId = sdk.parseId(args.proposal, "proposal");
    const support = sdk.parseSupport(args.support);
    const g = await openFromHre(hre, args);
    const outcome = await sdk.castVote(g, proposalId, support, args.reason);
    console.log(`voted: ${support} on ${proposalId}`);
    console.log(`tx: ${outcome.hash}`);
    console.log(`gas: ${outcome.gasUsed}`);
  }),
);

for (const [name, description] of [
  ["queue", "Queues a Succeeded proposal in the Timelock (its calldata is recomputed from its id)"],
  ["execute", "Executes a Queued proposal once the Timelock delay is over (its calldata is recomputed from its id)"],
] as const) {
  withAccountParams(gov.task(name, description).addParam("proposal", "Proposal id", undefined, types.string)).setAction(
    async (args: AccountArgs & { proposal: string }, hre) =>
      runCli(async () => {
        const sdk = await import("../src/sdk");
        const proposalId = sdk.parseId(args.proposal, "proposal");
        const g = await openFromHre(hre, args);
        const outcome = name === "queue" ? await sdk.queueProposal(g, proposalId) : await sdk.executeProposal(g, proposalId);
        console.log(`${name === "queue" ? "queued" : "executed"}: ${proposalId}`);
        console.log(`tx: ${outcome.hash}`);
        console.log(`gas: ${outcome.gasUsed}`);
      }),
  );
}

withAccountParams(
  gov
    .task(
      "status",
      "Shows every proposal's state and tally (with each proposed model's provenance), the champion and the history",
    )
    .addOptionalParam(
      "modelFiles",
      "Comma-separated model files: each proposed model whose file (and ancestors') is among them is verified",
      undefined,
      types.string,
    ),
).setAction(async (args: AccountArgs & { modelFiles?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const g = await openFromHre(hre, args);
    const files = args.modelFiles ? sdk.modelFilesByHash(g.protocol, sdk.parseList(args.modelFiles, "model-files")) : undefined;
    const s = await sdk.governanceStatus(g, files);
    console.log(`champion: ${s.champion === 0n ? "none" : `version ${s.champion}`}`);
    console.log(`versions: ${s.versionCount}`);
    console.log(`proposals: ${s.proposals.length}`);
    for (const p of s.proposals)
      console.log(
        `  ${p.proposalId} ${p.state} for ${sdk.grd(p.forVotes)} against ${sdk.grd(p.againstVotes)} abstain ${sdk.grd(p.abstainVotes)}: ${sdk.readableDescription(p.description)} (proposer ${p.proposer})` +
          (p.model
            ? `\n    model version ${p.model.versionId}: ${p.model.provenance}; file ${p.model.verified === undefined ? "not given (--model-files)" : p.model.verified ? "✓ verifies" : "✗ does NOT verify"}`
            : ""),
      );
    console.log(`history: ${s.history.length} activation${s.history.length === 1 ? "" : "s"}`);
    for (const h of s.history)
      console.log(
        `  ${new Date(Number(h.activatedAt) * 1000).toISOString()} ${h.kind} version ${h.versionId} (was ${h.previousVersionId}) proposal ${h.proposalId}`,
      );
  }),
);

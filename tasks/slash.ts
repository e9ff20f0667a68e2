import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const slash = scope("slash", "Slashing: disclose a leaked identity secret, or draft a governance slash proposal");

withAccountParams(
  slash
    .task(
      "disclose",
      "Discloses a leaked identity secret by commit-reveal; slashes its member, pays the whistleblower, then evicts the member from the tree",
    )
    .addParam(
      "leaked",
      "File with the leaked identity (guardians-identity-v1:0x… line, or an encrypted identity file)",
      undefined,
      types.string,
    )
    .addOptionalParam("receiver", "Who receives the whistleblower share (default: the sender)", undefined, types.string),
).setAction(async (args: AccountArgs & { leaked: string; receiver?: string }, hre) =>
  runCli(async () => {
    const fs = await import("node:fs");
    const sdk = await import("../src/sdk");
    const { Identity } = await import("../src/zk");
    sdk.requireFile(args.leaked, "leaked");
    const receiver = args.receiver === undefined ? undefined : sdk.parseAddress(args.receiver, "receiver");
    const text = fs.readFileSync(args.leaked, "utf8");
    let leaked;
    if (text.trim().startsWith("{")) {
      const password = await sdk.resolvePassword({ purpose: `identity ${args.leaked}`, envName: sdk.IDENTITY_PASSWORD_ENV });
      leaked = sdk.openIdentityFile(args.leaked, password);
    } else {
      try {
        leaked = Identity.deserialize(text);
      } catch {
        throw new sdk.ArgumentError(`--leaked ${args.leaked} holds neither an identity line nor an identity file`);
      }
    }
    const g = await openFromHre(hre, args);
    const d = await sdk.discloseIdentity(g, leaked, receiver);
    console.log(`member: ${d.member}`);
    console.log(`slashed: ${sdk.grd(d.slashed)}`);
    console.log(`whistleblower reward: ${sdk.grd(d.whistleblowerReward)}`);
    console.log(`tx: ${d.revealOutcome.hash}`);
    const e = d.eviction;
    if (!e) console.log("removed from tree: no (the member had already left the tree)");
    else if (e.outcome) console.log(`removed from tree: yes (evict tx ${e.outcome.hash}, attempt ${e.attempts})`);
    else if (e.removed) console.log("removed from tree: yes (by another transaction before our evict)");
    else {
      console.log(`removed from tree: no (the member is PendingEviction; ${e.attempts} evict attempts reverted: ${e.error})`);
      console.log("  anyone can evict it later with evict(account, siblings) on the ParticipantRegistry");
    }
  }),
);

withAccountParams(
  slash
    .task("propose", "Drafts a governance slash as a proposal (executed by the Timelock if it passes)")
    .addParam("member", "Member address", undefined, types.string)
    .addParam("amount", "GRD to slash (at most the per-call cap)", undefined, types.string)
    .addParam("reason", "Why", undefined, types.string)
    .addOptionalParam("evidence", "URI of the evidence", "", types.string),
).setAction(async (args: AccountArgs & { member: string; amount: string; reason: string; evidence: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const member = sdk.parseAddress(args.member, "member");
    const amount = sdk.parseGrd(args.amount, "amount");
    if (!args.reason.trim()) throw new sdk.ArgumentError("--reason must not be empty");
    const g = await openFromHre(hre, args);
    const p = await sdk.proposeSlash(g, member, amount, args.reason, args.evidence);
    console.log(`proposal: ${p.proposalId}`);
    console.log(`description: ${p.description}`);
    console.log(`tx: ${p.outcome.hash}`);
  }),
);

import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

/*
 * participant <task>: a member's life cycle. Heavy modules (the SDK, snarkjs) load inside the
 * actions so `--help` stays instant. Every argument is checked before the chain is touched.
 */
const participant = scope(
  "participant",
  "A member's actions: identity, stake, deposit and withdraw bonds, contribute, claim, unstake, withdraw, status",
);

/** Opens an encrypted identity file (password from $GUARDIANS_IDENTITY_PASSWORD or a hidden prompt). */
async function loadIdentity(file: string) {
  const { openIdentityFile, IDENTITY_PASSWORD_ENV, requireFile, resolvePassword } = await import("../src/sdk");
  requireFile(file, "identity");
  const password = await resolvePassword({ purpose: `identity ${file}`, envName: IDENTITY_PASSWORD_ENV });
  return openIdentityFile(file, password);
}

participant
  .task("identity", "Creates a new member identity and stores it encrypted (mode 0600); prints its public commitment")
  .addParam("out", "Path of the identity file to write (must not exist)", undefined, types.string)
  .setAction(async (args: { out: string }) =>
    runCli(async () => {
      const fs = await import("node:fs");
      const { createIdentityFile, checkNewPassword, IDENTITY_PASSWORD_ENV, resolvePassword, WalletError } =
        await import("../src/sdk");
      if (fs.existsSync(args.out)) throw new WalletError(`${args.out} already exists; nothing was overwritten`);
      const password = await resolvePassword({
        purpose: `the new identity ${args.out}`,
        confirm: true,
        envName: IDENTITY_PASSWORD_ENV,
      });
      checkNewPassword(password);
      const identity = createIdentityFile(args.out, password);
      console.log(`identity: ${args.out}`);
      console.log(`commitment: ${identity.commitment}`);
    }),
  );

withAccountParams(
  participant
    .task("stake", "Stakes GRD and registers an identity in the member tree (one transaction with an ERC-2612 permit)")
    .addParam("amount", "GRD to stake, e.g. 100 or 150.5", undefined, types.string)
    .addParam("identity", "Encrypted identity file (participant identity)", undefined, types.string)
    .addFlag("noPermit", "Use approve + stake instead of a permit signature"),
).setAction(async (args: AccountArgs & { amount: string; identity: string; noPermit: boolean }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const amount = sdk.parseGrd(args.amount, "amount");
    sdk.requireFile(args.identity, "identity");
    const commitment = sdk.identityCommitmentOf(args.identity);
    const g = await openFromHre(hre, args);
    const outcome = await sdk.stake(g, amount, commitment, { permit: !args.noPermit });
    console.log(`staked: ${sdk.grd(amount)} from ${g.account}`);
    console.log(`commitment: ${commitment}`);
    console.log(`tx: ${outcome.hash}`);
    console.log(`gas: ${outcome.gasUsed}`);
  }),
);

withAccountParams(participant.task("unstake", "Leaves the member tree and starts the unbonding period")).setAction(
  async (args: AccountArgs, hre) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const g = await openFromHre(hre, args);
      const outcome = await sdk.requestUnstake(g);
      const member = await g.protocol.registry.memberOf(g.account);
      console.log(`unbonding until: ${new Date(Number(member.unbondingEndsAt) * 1000).toISOString()}`);
      console.log(`tx: ${outcome.hash}`);
      console.log(`gas: ${outcome.gasUsed}`);
    }),
);

withAccountParams(participant.task("withdraw", "Withdraws the remaining stake once unbonding is over")).setAction(
  async (args: AccountArgs, hre) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const g = await openFromHre(hre, args);
      const outcome = await sdk.withdraw(g);
      console.log(`withdrawn: ${sdk.grd(outcome.amount)} to ${g.account}`);
      console.log(`tx: ${outcome.hash}`);
      console.log(`gas: ${outcome.gasUsed}`);
    }),
);

withAccountParams(
  participant
    .task(
      "deposit-bonds",
      "Deposits GRD into the account's bond balance on the RoundManager, from which each contribution's bond is taken",
    )
    .addParam("amount", "GRD to deposit, e.g. 10 or 2.5", undefined, types.string)
    .addFlag("noPermit", "Use approve + deposit instead of a permit signature"),
).setAction(async (args: AccountArgs & { amount: string; noPermit: boolean }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const amount = sdk.parseGrd(args.amount, "amount");
    if (amount === 0n) throw new sdk.ArgumentError("--amount must be positive");
    const g = await openFromHre(hre, args);
    const deposit = await sdk.depositBonds(g, amount, { permit: !args.noPermit });
    console.log(`deposited: ${sdk.grd(deposit.amount)} from ${g.account}`);
    console.log(`bond balance: ${sdk.grd(deposit.bondBalance)}`);
    console.log(`tx: ${deposit.outcome.hash}`);
    console.log(`gas: ${deposit.outcome.gasUsed}`);
  }),
);

withAccountParams(
  participant
    .task("withdraw-bonds", "Withdraws GRD from the account's bond balance on the RoundManager (any time, even paused)")
    .addOptionalParam("amount", "GRD to withdraw (default: the whole bond balance)", undefined, types.string),
).setAction(async (args: AccountArgs & { amount?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const amount = args.amount === undefined ? undefined : sdk.parseGrd(args.amount, "amount");
    if (amount === 0n) throw new sdk.ArgumentError("--amount must be positive");
    const g = await openFromHre(hre, args);
    const withdrawal = await sdk.withdrawBonds(g, amount);
    console.log(`withdrawn: ${sdk.grd(withdrawal.amount)} to ${g.account}`);
    console.log(`bond balance: ${sdk.grd(withdrawal.bondBalance)}`);
    console.log(`tx: ${withdrawal.outcome.hash}`);
    console.log(`gas: ${withdrawal.outcome.gasUsed}`);
  }),
);

withAccountParams(
  participant
    .task("status", "Shows stake, unbonding time left, membership, bond balance, contributions and rewards due")
    .addOptionalParam("address", "Account to show (default: the signing account)", undefined, types.string),
).setAction(async (args: AccountArgs & { address?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const address = args.address === undefined ? undefined : sdk.parseAddress(args.address, "address");
    const g = await openFromHre(hre, args);
    const s = await sdk.participantStatus(g, address ?? g.account);
    console.log(`account: ${s.account}`);
    console.log(`status: ${s.status}`);
    console.log(`stake: ${sdk.grd(s.stake)}`);
    console.log(`member of the tree: ${s.inTree ? "yes" : "no"}`);
    console.log(
      `member tree depth: ${s.tree.depth}` +
        (s.tree.latestRoundDepth === 0
          ? " (no round yet)"
          : ` (the latest round's circuit proves up to depth ${s.tree.latestRoundDepth}${s.tree.depth > s.tree.latestRoundDepth ? ": TOO DEEP, members cannot prove" : ""})`),
    );
    console.log(`unbonding left: ${s.unbondingLeft} s`);
    console.log(`GRD balance: ${sdk.grd(s.balance)}`);
    console.log(`bond balance: ${sdk.grd(s.bondBalance)}`);
    console.log(`votes: ${sdk.grd(s.votes)}`);
    console.log(`contributions: ${s.contributions.length}`);
    for (const c of s.contributions)
      console.log(`  round ${c.roundId} ${c.uid} ${c.status}, ${c.inclusion}${c.due > 0n ? ` due ${sdk.grd(c.due)}` : ""}`);
    console.log(`rewards due: ${sdk.grd(s.rewardsDue)}`);
    console.log(`rewards pending challenge: ${sdk.grd(s.rewardsPending)}`);
  }),
);

withAccountParams(
  participant
    .task(
      "contribute",
      "Quantizes and checks a model update, proves it, and submits it to a round; the bond comes from the bond balance, topped up by the shortfall",
    )
    .addParam(
      "update",
      "Model update (local − global weights): a JSON array, a float .npy (N-D, flattened in C order) or a .safetensors file (docs/OPERATIONS.md)",
      undefined,
      types.string,
    )
    .addParam("round", "Round id", undefined, types.string)
    .addParam("identity", "Encrypted identity file", undefined, types.string)
    .addOptionalParam(
      "baseModel",
      "The round's base model file (model fetch): checked against the chain, and the update must have its length",
      undefined,
      types.string,
    )
    .addOptionalParam("recipient", "Who receives the bond and reward back (default: the sender)", undefined, types.string)
    .addOptionalParam(
      "revealOut",
      "Also keep the quantized update and salt in this JSON file (mode 0600), to deliver them again with participant redeliver",
      undefined,
      types.string,
    ),
).setAction(
  async (
    args: AccountArgs & {
      update: string;
      round: string;
      identity: string;
      baseModel?: string;
      recipient?: string;
      revealOut?: string;
    },
    hre,
  ) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      const fs = await import("node:fs");
      const roundId = sdk.parseId(args.round, "round");
      const { values: update, format, shape } = sdk.readUpdate(args.update);
      const recipient = args.recipient === undefined ? undefined : sdk.parseAddress(args.recipient, "recipient");
      const baseModel =
        args.baseModel === undefined ? undefined : new Uint8Array(fs.readFileSync(sdk.requireFile(args.baseModel, "base-model")));
      if (args.revealOut !== undefined && fs.existsSync(args.revealOut))
        throw new sdk.ArgumentError(`${args.revealOut} exists; choose another path (nothing was overwritten)`);
      const identity = await loadIdentity(args.identity);
      const g = await openFromHre(hre, args);
      const c = await sdk.contribute(g, { identity, update, roundId, recipient, baseModel });
      if (args.revealOut) {
        const reveal = {
          roundId: c.roundId.toString(),
          uid: c.uid,
          update: c.quantized.map(String),
          salt: c.salt.toString(),
          updateCommitment: c.updateCommitment.toString(),
        };
        fs.writeFileSync(args.revealOut, `${JSON.stringify(reveal, null, 2)}\n`, { mode: 0o600 });
      }
      console.log(`update: ${update.length} values from ${format} ${shape}`);
      console.log(`attestation uid: ${c.uid}`);
      console.log(`bond deposited: ${sdk.grd(c.bondDeposit.amount)}`);
      console.log(`opening delivered: ${c.encryptedOpening.length} bytes, encrypted to the round's aggregator key`);
      console.log(`tx: ${c.outcome.hash}`);
      console.log(`gas: ${c.outcome.gasUsed}`);
      console.log(`proof: ${(c.proveMs / 1000).toFixed(1)} s`);
    }),
);

withAccountParams(
  participant
    .task(
      "redeliver",
      "Delivers a contribution's opening again (its recipient, while the round is open): when a copy of the submission carried another ciphertext",
    )
    .addParam("reveal", "The reveal file participant contribute --reveal-out wrote", undefined, types.string)
    .addParam("round", "Round id", undefined, types.string),
).setAction(async (args: AccountArgs & { reveal: string; round: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const roundId = sdk.parseId(args.round, "round");
    const reveal = sdk.readRevealFile(args.reveal, roundId);
    const g = await openFromHre(hre, args);
    const r = await sdk.redeliverOpening(g, reveal.uid, reveal.opening);
    console.log(`opening delivered: ${r.ciphertext.length} bytes for ${reveal.uid}`);
    console.log(`tx: ${r.outcome.hash}`);
    console.log(`gas: ${r.outcome.gasUsed}`);
  }),
);

withAccountParams(
  participant
    .task("claim", "Claims bond + reward of finalized contributions (all claimable ones of the account by default)")
    .addOptionalParam("uid", "One attestation uid to claim (anyone may claim it for its recipient)", undefined, types.string),
).setAction(async (args: AccountArgs & { uid?: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const uids = args.uid === undefined ? undefined : [sdk.parseBytes32(args.uid, "uid")];
    const g = await openFromHre(hre, args);
    let total = 0n;
    for (const c of await sdk.claim(g, uids)) {
      total += c.bond + c.reward;
      console.log(
        `claimed: ${c.uid} paid ${sdk.grd(c.bond + c.reward)} (bond ${sdk.grd(c.bond)} + reward ${sdk.grd(c.reward)}) to ${c.recipient} tx ${c.outcome.hash} gas ${c.outcome.gasUsed}`,
      );
    }
    console.log(`total paid: ${sdk.grd(total)}`);
  }),
);

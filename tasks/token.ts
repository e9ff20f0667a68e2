import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const token = scope("token", "GRD, the protocol's token: transfer");

withAccountParams(
  token
    .task("transfer", "Sends GRD from the signing account to an address")
    .addParam("to", "Recipient address", undefined, types.string)
    .addParam("amount", "GRD to send, e.g. 100 or 0.5", undefined, types.string),
).setAction(async (args: AccountArgs & { to: string; amount: string }, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const to = sdk.parseAddress(args.to, "to");
    const amount = sdk.parseGrd(args.amount, "amount");
    if (amount === 0n) throw new sdk.ArgumentError("--amount must be positive");
    const g = await openFromHre(hre, args);
    const outcome = await sdk.transferGrd(g, to, amount);
    console.log(`transferred: ${sdk.grd(amount)} from ${g.account} to ${to}`);
    console.log(`GRD balance: ${sdk.grd(await g.protocol.token.balanceOf(g.account))}`);
    console.log(`tx: ${outcome.hash}`);
    console.log(`gas: ${outcome.gasUsed}`);
  }),
);

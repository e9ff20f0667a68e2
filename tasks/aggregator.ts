import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";

const aggregator = scope("aggregator", "The aggregator's encryption key, to which participants encrypt their openings");

aggregator
  .task(
    "keygen",
    "Creates the aggregator's encryption key pair, stored encrypted (mode 0600); prints the public key a round opens with",
  )
  .addParam("out", "Path of the key file to write (must not exist)", undefined, types.string)
  .setAction(async (args: { out: string }) =>
    runCli(async () => {
      const fs = await import("node:fs");
      const sdk = await import("../src/sdk");
      if (fs.existsSync(args.out)) throw new sdk.WalletError(`${args.out} already exists; nothing was overwritten`);
      const password = await sdk.resolvePassword({
        purpose: `the new aggregator key ${args.out}`,
        confirm: true,
        envName: sdk.AGGREGATOR_PASSWORD_ENV,
      });
      sdk.checkNewPassword(password);
      const publicKey = sdk.createAggregatorKeyFile(args.out, password);
      console.log(`key file: ${args.out}`);
      console.log(`public key: ${publicKey}`);
    }),
  );

aggregator
  .task("show", "Prints the public key of an aggregator key file (no password needed)")
  .addParam("key", "The aggregator key file (aggregator keygen)", undefined, types.string)
  .setAction(async (args: { key: string }) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      sdk.requireFile(args.key, "aggregator key");
      console.log(`public key: ${sdk.aggregatorKeyOfFile(args.key)}`);
    }),
  );

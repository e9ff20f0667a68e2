import { task, types } from "hardhat/config";

import fs from "node:fs";

import { runCli } from "../src/cli/errors";
import { WalletError } from "../src/sdk/errors";

/*
 * wallet:* tasks: encrypted JSON keystores. Keys never leave the keystore file; only addresses
 * are printed.
 */

task("wallet:create", "Creates a new account in an encrypted JSON keystore (mode 0600) and prints its address")
  .addParam("out", "Path of the keystore file to write (must not exist)", undefined, types.string)
  .setAction(async (args: { out: string }) =>
    runCli(async () => {
      const { createKeystore, resolvePassword } = await import("../src/sdk/wallet");
      const { checkNewPassword } = await import("../src/sdk/sealed-secret");
      const { createProgress } = await import("../src/cli/progress");
      if (fs.existsSync(args.out)) throw new WalletError(`${args.out} already exists; nothing was overwritten`);
      const password = await resolvePassword({ purpose: `the new keystore ${args.out}`, confirm: true });
      checkNewPassword(password);
      const step = createProgress().step("encrypting the keystore (scrypt)", 1);
      const address = await createKeystore(args.out, password, (f) => step.update(f, 1));
      step.done();
      console.log(address);
    }),
  );

task("wallet:address", "Prints the address of an encrypted keystore (asks for its password)")
  .addParam("keystore", "Keystore file", undefined, types.string)
  .setAction(async (args: { keystore: string }) =>
    runCli(async () => {
      const { openKeystore, resolvePassword } = await import("../src/sdk/wallet");
      const password = await resolvePassword({ purpose: `keystore ${args.keystore}` });
      const wallet = await openKeystore(args.keystore, password);
      console.log(wallet.address);
    }),
  );

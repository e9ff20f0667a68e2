import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { ethers } from "hardhat";
import { Wallet } from "ethers";

import { WalletError } from "../../src/sdk/errors";
import { createKeystore, loadSigner, openKeystore, resolvePassword, PASSWORD_ENV, PRIVATE_KEY_ENV } from "../../src/sdk/wallet";
import { expectRejection } from "../support/expect";
import { tempDir } from "../support/deployment";

const PASSWORD = "correct horse battery";

describe("wallet: encrypted keystores and signer loading", () => {
  let dir: string;
  let keystore: string;
  let address: string;

  before(async () => {
    dir = tempDir("guardians-wallet-");
    keystore = path.join(dir, "alice.json");
    address = await createKeystore(keystore, PASSWORD);
  });

  it("writes an encrypted JSON keystore readable only by its owner, holding no plain key", async () => {
    expect(fs.statSync(keystore).mode & 0o777).to.equal(0o600);
    const json = JSON.parse(fs.readFileSync(keystore, "utf8")) as { crypto?: { kdf: string }; Crypto?: { kdf: string } };
    expect((json.crypto ?? json.Crypto)?.kdf).to.equal("scrypt");
    const wallet = await openKeystore(keystore, PASSWORD);
    expect(wallet.address).to.equal(address);
    expect(fs.readFileSync(keystore, "utf8")).to.not.include(wallet.privateKey.slice(2));
  });

  it("rejects a wrong password with one clear line", async () => {
    await expectRejection(openKeystore(keystore, "wrong password"), WalletError, /^wrong password for keystore .*alice\.json$/);
  });

  it("never overwrites an existing file", async () => {
    await expectRejection(createKeystore(keystore, PASSWORD), WalletError, /already exists/);
  });

  it("refuses a short password", async () => {
    await expectRejection(createKeystore(path.join(dir, "short.json"), "short"), WalletError, /at least 8 characters/);
  });

  it("takes the password from GUARDIANS_KEYSTORE_PASSWORD and refuses an empty one", async () => {
    expect(await resolvePassword({ purpose: "x", env: { [PASSWORD_ENV]: "from-env" } })).to.equal("from-env");
    await expectRejection(resolvePassword({ purpose: "x", env: { [PASSWORD_ENV]: "" } }), WalletError, /set but empty/);
  });

  it("loads a keystore signer connected to the network", async () => {
    const signer = await loadSigner({
      networkName: "sepolia",
      provider: ethers.provider,
      localSigners: () => ethers.getSigners(),
      keystore,
      env: { [PASSWORD_ENV]: PASSWORD },
    });
    expect(await signer.getAddress()).to.equal(address);
    expect(signer.provider).to.equal(ethers.provider);
  });

  it("accepts a raw PRIVATE_KEY with a warning that does not print the key", async () => {
    const key = Wallet.createRandom().privateKey;
    const warnings: string[] = [];
    const signer = await loadSigner({
      networkName: "sepolia",
      provider: ethers.provider,
      localSigners: () => ethers.getSigners(),
      env: { [PRIVATE_KEY_ENV]: key },
      warn: (m) => warnings.push(m),
    });
    expect(await signer.getAddress()).to.equal(new Wallet(key).address);
    expect(warnings).to.have.length(1);
    expect(warnings[0])
      .to.match(/raw private key/)
      .and.not.include(key.slice(2));
  });

  it("falls back to the node's development accounts on local networks only", async () => {
    const [, second] = await ethers.getSigners();
    const local = await loadSigner({
      networkName: "localhost",
      provider: ethers.provider,
      localSigners: () => ethers.getSigners(),
      account: 1,
      env: {},
    });
    expect(await local.getAddress()).to.equal(second.address);
    await expectRejection(
      loadSigner({ networkName: "sepolia", provider: ethers.provider, localSigners: () => ethers.getSigners(), env: {} }),
      WalletError,
      /no account for network sepolia: pass --keystore/,
    );
  });
});

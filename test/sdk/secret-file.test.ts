import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { poseidon1 } from "poseidon-lite";

import { WalletError } from "../../src/sdk/errors";
import { createIdentityFile, identityCommitmentOf, openIdentityFile } from "../../src/sdk/identity";
import { decryptSecret, encryptSecret, readSecretFile } from "../../src/sdk/secret-file";
import { tempDir } from "../support/deployment";

/** Cheap scrypt for unit tests of the format; files on disk use the full cost. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe("encrypted secret files and identity files", () => {
  it("round-trips a secret and never stores the plaintext", () => {
    const sealed = encryptSecret("test-kind", "the secret 12345", "a long password", { note: "public" }, FAST);
    expect(JSON.stringify(sealed)).to.not.include("the secret 12345");
    expect(decryptSecret(sealed, "a long password")).to.equal("the secret 12345");
  });

  it("detects a wrong password", () => {
    const sealed = encryptSecret("test-kind", "s", "a long password", {}, FAST);
    expect(() => decryptSecret(sealed, "another password", "the file")).to.throw(WalletError, /^wrong password for the file/);
  });

  it("detects tampering with the public metadata (it is authenticated)", () => {
    const sealed = encryptSecret("test-kind", "s", "a long password", { commitment: "1" }, FAST);
    expect(() => decryptSecret({ ...sealed, public: { commitment: "2" } }, "a long password")).to.throw(WalletError);
  });

  it("stores an identity encrypted (0600) with its commitment readable without the password", () => {
    const file = path.join(tempDir("guardians-identity-"), "id.json");
    const identity = createIdentityFile(file, "a long password");
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const text = fs.readFileSync(file, "utf8");
    expect(text).to.not.include(identity.secret.toString(16));
    expect(text).to.not.include(identity.secret.toString());
    expect(identityCommitmentOf(file)).to.equal(poseidon1([identity.secret]));
    expect(openIdentityFile(file, "a long password").secret).to.equal(identity.secret);
    expect(() => openIdentityFile(file, "wrong password!")).to.throw(WalletError, /wrong password for identity/);
  });

  it("rejects a file of another kind or that is not JSON", () => {
    const dir = tempDir("guardians-identity-");
    fs.writeFileSync(path.join(dir, "plain.txt"), "not json");
    expect(() => readSecretFile(path.join(dir, "plain.txt"), "guardians-identity")).to.throw(WalletError, /is not JSON/);
    expect(() => readSecretFile(path.join(dir, "missing.json"), "guardians-identity")).to.throw(WalletError, /not found/);
  });
});

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { poseidon1 } from "poseidon-lite";

import { WalletError } from "../../src/sdk/errors";
import { createIdentityFile, identityCommitmentOf, openIdentityFile } from "../../src/sdk/identity-file";
import { decryptSecret, encryptSecret, parseSecretFile, type SecretFile } from "../../src/sdk/sealed-secret";
import { readSecretFile } from "../../src/sdk/secret-file";
import { tempDir } from "../support/deployment";

/** Cheap scrypt for unit tests of the format; files on disk use the full cost. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

/**
 * The format as Node's own crypto writes and reads it (scrypt, AES-256-GCM, the AAD of kind and public
 * data): the files earlier versions wrote, and an independent implementation to check @noble's against.
 */
const nodeCrypto = {
  key: (password: string, salt: Buffer, params = FAST) =>
    crypto.scryptSync(password.normalize("NFKC"), salt, 32, { ...params, maxmem: 256 * params.N * params.r }),
  aad: (file: Pick<SecretFile, "kind" | "public">) => Buffer.from(JSON.stringify({ kind: file.kind, public: file.public })),
  encrypt(kind: string, plaintext: string, password: string, publicData: Record<string, string>): SecretFile {
    const [salt, iv] = [crypto.randomBytes(32), crypto.randomBytes(12)];
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key(password, salt), iv);
    cipher.setAAD(this.aad({ kind, public: publicData }));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return {
      version: 1,
      kind,
      public: publicData,
      kdf: { name: "scrypt", ...FAST, salt: salt.toString("hex") },
      cipher: { name: "aes-256-gcm", iv: iv.toString("hex"), tag: cipher.getAuthTag().toString("hex") },
      ciphertext: ciphertext.toString("hex"),
    };
  },
  decrypt(file: SecretFile, password: string): string {
    const decipher = crypto.createDecipheriv(
      "aes-256-gcm",
      this.key(password, Buffer.from(file.kdf.salt, "hex")),
      Buffer.from(file.cipher.iv, "hex"),
    );
    decipher.setAAD(this.aad(file));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, "hex"));
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "hex")), decipher.final()]).toString("utf8");
  },
};

describe("encrypted secret files and identity files", () => {
  it("round-trips a secret and never stores the plaintext", () => {
    const sealed = encryptSecret("test-kind", "the secret 12345", "a long password", { note: "public" }, FAST);
    expect(JSON.stringify(sealed)).to.not.include("the secret 12345");
    expect(decryptSecret(sealed, "a long password")).to.equal("the secret 12345");
  });

  it("reads files Node's crypto wrote (earlier versions, the CLI) and writes files Node's crypto reads", () => {
    const written = nodeCrypto.encrypt("guardians-identity", "secret ünïcode", "pässword long", { commitment: "7" });
    expect(decryptSecret(written, "pässword long")).to.equal("secret ünïcode");
    const sealed = encryptSecret("guardians-identity", "secret ünïcode", "pässword long", { commitment: "7" }, FAST);
    expect(nodeCrypto.decrypt(sealed, "pässword long")).to.equal("secret ünïcode");
  });

  it("parses only well-formed files of the expected kind, each problem one line naming the source", () => {
    const sealed = encryptSecret("guardians-identity", "s", "a long password", {}, FAST);
    expect(parseSecretFile(JSON.stringify(sealed), "guardians-identity", "upload.json")).to.deep.equal(sealed);
    expect(() => parseSecretFile("{", "guardians-identity", "upload.json")).to.throw(WalletError, /^upload\.json is not JSON$/);
    for (const bad of [
      { ...sealed, kind: "other" },
      { ...sealed, ciphertext: "zz" },
      { ...sealed, cipher: undefined },
    ])
      expect(() => parseSecretFile(JSON.stringify(bad), "guardians-identity", "upload.json")).to.throw(
        WalletError,
        /^upload\.json is not an encrypted guardians-identity file$/,
      );
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

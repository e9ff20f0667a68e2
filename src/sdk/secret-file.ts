import crypto from "node:crypto";
import fs from "node:fs";

import { WalletError } from "./errors";
import { checkNewPassword, writePrivateFile } from "./wallet";

/**
 * Encrypted files for secrets that are not Ethereum keys (identity secrets): AES-256-GCM under a
 * key derived from the password with scrypt. GCM authenticates, so a wrong password or a tampered
 * file is detected, never silently decrypted to garbage. Public metadata (e.g. the identity
 * commitment) may sit beside the ciphertext in `public`.
 */
export interface SecretFile<P extends Record<string, string> = Record<string, string>> {
  version: 1;
  kind: string;
  public: P;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  cipher: { name: "aes-256-gcm"; iv: string; tag: string };
  ciphertext: string;
}

/** scrypt cost: 2^17 as geth/ethers keystores (≈ 128 MiB, about a second). */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;

function deriveKey(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return crypto.scryptSync(password.normalize("NFKC"), salt, 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  });
}

/** Encrypts `plaintext` for `password`; the AAD binds the kind and public metadata to the ciphertext. */
export function encryptSecret<P extends Record<string, string>>(
  kind: string,
  plaintext: string,
  password: string,
  publicData: P,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): SecretFile<P> {
  const salt = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const key = deriveKey(password, salt, params);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(JSON.stringify({ kind, public: publicData })));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    version: 1,
    kind,
    public: publicData,
    kdf: { name: "scrypt", ...params, salt: salt.toString("hex") },
    cipher: { name: "aes-256-gcm", iv: iv.toString("hex"), tag: cipher.getAuthTag().toString("hex") },
    ciphertext: ciphertext.toString("hex"),
  };
}

export function decryptSecret(file: SecretFile, password: string, source = "the file"): string {
  const key = deriveKey(password, Buffer.from(file.kdf.salt, "hex"), file.kdf);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(file.cipher.iv, "hex"));
  decipher.setAAD(Buffer.from(JSON.stringify({ kind: file.kind, public: file.public })));
  decipher.setAuthTag(Buffer.from(file.cipher.tag, "hex"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "hex")), decipher.final()]).toString("utf8");
  } catch {
    throw new WalletError(`wrong password for ${source} (or the file was altered)`);
  }
}

/** Writes a new encrypted secret file (0600); refuses to overwrite. */
export function writeSecretFile<P extends Record<string, string>>(
  path: string,
  kind: string,
  plaintext: string,
  password: string,
  publicData: P,
  params?: { N: number; r: number; p: number },
): SecretFile<P> {
  checkNewPassword(password);
  if (fs.existsSync(path)) throw new WalletError(`${path} already exists; choose another path (nothing was overwritten)`);
  const file = encryptSecret(kind, plaintext, password, publicData, params);
  writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** Reads an encrypted secret file of the expected kind; shape problems are one clear line. */
export function readSecretFile(path: string, kind: string): SecretFile {
  let raw: string;
  try {
    raw = fs.readFileSync(path, "utf8");
  } catch {
    throw new WalletError(`${path} not found`);
  }
  let file: SecretFile;
  try {
    file = JSON.parse(raw) as SecretFile;
  } catch {
    throw new WalletError(`${path} is not JSON`);
  }
  if (file?.version !== 1 || file.kind !== kind || file.kdf?.name !== "scrypt" || file.cipher?.name !== "aes-256-gcm")
    throw new WalletError(`${path} is not an encrypted ${kind} file`);
  return file;
}

/**
 * Encrypted secrets that are not Ethereum keys (identity secrets, aggregator keys): AES-256-GCM under
 * a key derived from the password with scrypt, both from @noble, so that the terminal and the wallet
 * app read and write the same files. GCM authenticates, so a wrong password or a tampered file is
 * detected, never silently decrypted to garbage. Public metadata (e.g. the identity commitment) sits
 * beside the ciphertext in `public`, bound to it as associated data. secret-file.ts keeps them on disk.
 */
import { gcm } from "@noble/ciphers/aes";
import { scrypt } from "@noble/hashes/scrypt";
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils";

import { WalletError } from "./errors";

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

/** The minimum password length accepted when creating a keystore or identity file. */
export const MIN_PASSWORD_LENGTH = 8;

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new WalletError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
}

const TAG_BYTES = 16;

function deriveKey(password: string, salt: Uint8Array, params: { N: number; r: number; p: number }): Uint8Array {
  return scrypt(utf8ToBytes(password.normalize("NFKC")), salt, { N: params.N, r: params.r, p: params.p, dkLen: 32 });
}

/** The associated data: the kind and the public metadata, so that neither can be swapped. */
const associatedData = (kind: string, publicData: Record<string, string>): Uint8Array =>
  utf8ToBytes(JSON.stringify({ kind, public: publicData }));

/** Encrypts `plaintext` for `password`; the AAD binds the kind and public metadata to the ciphertext. */
export function encryptSecret<P extends Record<string, string>>(
  kind: string,
  plaintext: string,
  password: string,
  publicData: P,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): SecretFile<P> {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const sealed = gcm(deriveKey(password, salt, params), iv, associatedData(kind, publicData)).encrypt(utf8ToBytes(plaintext));
  return {
    version: 1,
    kind,
    public: publicData,
    kdf: { name: "scrypt", ...params, salt: bytesToHex(salt) },
    cipher: { name: "aes-256-gcm", iv: bytesToHex(iv), tag: bytesToHex(sealed.subarray(sealed.length - TAG_BYTES)) },
    ciphertext: bytesToHex(sealed.subarray(0, sealed.length - TAG_BYTES)),
  };
}

/** Decrypts a secret file; a wrong password or an altered file is one WalletError naming `source`. */
export function decryptSecret(file: SecretFile, password: string, source = "the file"): string {
  try {
    const key = deriveKey(password, hexToBytes(file.kdf.salt), file.kdf);
    const sealed = hexToBytes(file.ciphertext + file.cipher.tag);
    const plaintext = gcm(key, hexToBytes(file.cipher.iv), associatedData(file.kind, file.public)).decrypt(sealed);
    return new TextDecoder("utf-8", { fatal: true }).decode(plaintext);
  } catch {
    throw new WalletError(`wrong password for ${source} (or the file was altered)`);
  }
}

/** A secret file's text, as the CLI writes it and the app exports it: the one serialization of the format. */
export function formatSecretFile(file: SecretFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads an encrypted secret file's text as one of the expected kind; shape problems are one clear line. */
export function parseSecretFile(text: string, kind: string, source: string): SecretFile {
  let file: SecretFile;
  try {
    file = JSON.parse(text) as SecretFile;
  } catch {
    throw new WalletError(`${source} is not JSON`);
  }
  const hex = (v: unknown) => typeof v === "string" && /^([0-9a-f]{2})*$/i.test(v);
  if (
    file?.version !== 1 ||
    file.kind !== kind ||
    typeof file.public !== "object" ||
    file.kdf?.name !== "scrypt" ||
    !hex(file.kdf.salt) ||
    file.cipher?.name !== "aes-256-gcm" ||
    !hex(file.cipher.iv) ||
    !hex(file.cipher.tag) ||
    !hex(file.ciphertext)
  )
    throw new WalletError(`${source} is not an encrypted ${kind} file`);
  return file;
}

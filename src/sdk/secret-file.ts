/** Encrypted secret files on disk (Node only): the format is sealed-secret.ts's, shared with the wallet app. */
import fs from "node:fs";

import { WalletError } from "./errors";
import { checkNewPassword, encryptSecret, formatSecretFile, parseSecretFile, type SecretFile } from "./sealed-secret";
import { writePrivateFile } from "./wallet";

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
  writePrivateFile(path, formatSecretFile(file));
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
  return parseSecretFile(raw, kind, path);
}

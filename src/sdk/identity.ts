import { Identity } from "../zk";
import { WalletError } from "./errors";
import { readSecretFile, writeSecretFile, decryptSecret } from "./secret-file";

/** The `kind` of an encrypted identity file. */
export const IDENTITY_KIND = "guardians-identity";

/**
 * Creates a new identity and stores it encrypted at `file` (0600, never in plain text). Only the
 * public commitment is readable without the password.
 */
export function createIdentityFile(file: string, password: string): Identity {
  const identity = Identity.generate();
  writeSecretFile(file, IDENTITY_KIND, identity.serialize(), password, { commitment: identity.commitment.toString() });
  return identity;
}

/** The commitment of an identity file, readable without its password. */
export function identityCommitmentOf(file: string): bigint {
  return BigInt(readSecretFile(file, IDENTITY_KIND).public.commitment);
}

/** Opens an identity file; a wrong password is one clear line. */
export function openIdentityFile(file: string, password: string): Identity {
  const sealed = readSecretFile(file, IDENTITY_KIND);
  const identity = Identity.deserialize(decryptSecret(sealed, password, `identity ${file}`));
  if (identity.commitment.toString() !== sealed.public.commitment)
    throw new WalletError(`identity ${file}: the stored commitment does not match the secret`);
  return identity;
}

/** The environment variable a CI job sets instead of answering the identity password prompt. */
export const IDENTITY_PASSWORD_ENV = "GUARDIANS_IDENTITY_PASSWORD";

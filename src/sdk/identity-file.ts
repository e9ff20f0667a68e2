/** Identity files on disk (Node only): sealIdentity's format, 0600, never in plain text. */
import { Identity } from "../zk";
import { IDENTITY_KIND, openIdentity } from "./identity";
import { readSecretFile, writeSecretFile } from "./secret-file";

/** Creates a new identity and stores it encrypted at `file` (0600); only the commitment is readable without the password. */
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
  return openIdentity(readSecretFile(file, IDENTITY_KIND), password, `identity ${file}`);
}

/** A member's identity, sealed under a passphrase: the one format of the CLI's identity file and the wallet app's. */
import { Identity } from "../zk";
import { WalletError } from "./errors";
import { checkNewPassword, decryptSecret, encryptSecret, type SecretFile } from "./sealed-secret";

/** The `kind` of an encrypted identity file. */
export const IDENTITY_KIND = "guardians-identity";

/** The environment variable a CI job sets instead of answering the identity password prompt. */
export const IDENTITY_PASSWORD_ENV = "GUARDIANS_IDENTITY_PASSWORD";

/** An identity encrypted under `password`; only its public commitment is readable without it. */
export function sealIdentity(identity: Identity, password: string, params?: { N: number; r: number; p: number }): SecretFile {
  checkNewPassword(password);
  return encryptSecret(IDENTITY_KIND, identity.serialize(), password, { commitment: identity.commitment.toString() }, params);
}

/** Opens a sealed identity; a wrong password, or a commitment that is not the secret's, is one clear line. */
export function openIdentity(sealed: SecretFile, password: string, source = "the identity"): Identity {
  if (sealed.kind !== IDENTITY_KIND) throw new WalletError(`${source} is not an encrypted ${IDENTITY_KIND} file`);
  const identity = Identity.deserialize(decryptSecret(sealed, password, source));
  if (identity.commitment.toString() !== sealed.public.commitment)
    throw new WalletError(`${source}: the stored commitment does not match the secret`);
  return identity;
}

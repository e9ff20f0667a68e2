/**
 * The member identity in this browser: only its encrypted file (the CLI's identity file, sealed
 * under the passphrase with scrypt + AES-GCM) is stored, in localStorage; the secret exists in
 * memory only after the passphrase opened it.
 */
import {
  IDENTITY_KIND,
  Identity,
  formatSecretFile,
  openIdentity,
  parseSecretFile,
  sealIdentity,
  UserError,
  type SecretFile,
} from "./sdk";

const KEY = "guardians.identity";
const SOURCE = "the identity stored in this browser";

export function storedIdentityFile(): SecretFile | undefined {
  const text = localStorage.getItem(KEY);
  if (!text) return undefined;
  return parseSecretFile(text, IDENTITY_KIND, SOURCE);
}

export function storedCommitment(): bigint | undefined {
  const file = storedIdentityFile();
  return file ? BigInt(file.public.commitment) : undefined;
}

function store(file: SecretFile): void {
  localStorage.setItem(KEY, formatSecretFile(file));
}

/** A new identity, sealed under `passphrase` and stored; returns it unlocked. */
export async function createIdentity(passphrase: string): Promise<Identity> {
  const identity = Identity.generate();
  store(sealIdentity(identity, passphrase));
  return identity;
}

/** Opens the stored identity; a wrong passphrase is the SDK's one-sentence WalletError. */
export async function unlockIdentity(passphrase: string): Promise<Identity> {
  const file = storedIdentityFile();
  if (!file) throw new UserError("no identity is stored in this browser: create or import one on the Join page");
  return openIdentity(file, passphrase, SOURCE);
}

/** Imports a CLI identity file: it must open with `passphrase` before it replaces anything. */
export async function importIdentity(text: string, fileName: string, passphrase: string): Promise<Identity> {
  const file = parseSecretFile(text, IDENTITY_KIND, fileName);
  const identity = openIdentity(file, passphrase, fileName);
  store(file);
  return identity;
}

export function forgetIdentity(): void {
  localStorage.removeItem(KEY);
}

/** Offers the stored file as a download, named like the CLI's default. */
export function downloadIdentity(): void {
  const file = storedIdentityFile();
  if (!file) return;
  const url = URL.createObjectURL(new Blob([formatSecretFile(file)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `identity-${file.public.commitment.slice(0, 8)}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

import fs from "node:fs";
import path from "node:path";
import tty from "node:tty";
import { Wallet, type Provider, type Signer } from "ethers";

import { WalletError } from "./errors";
import { checkNewPassword } from "./sealed-secret";

/** The environment variable a CI job sets instead of answering the hidden prompt. */
export const PASSWORD_ENV = "GUARDIANS_KEYSTORE_PASSWORD";
/** The environment variable naming the default keystore file. */
export const KEYSTORE_ENV = "GUARDIANS_KEYSTORE";
/** A raw private key; accepted, with a warning, because it sits in plain text in the environment. */
export const PRIVATE_KEY_ENV = "PRIVATE_KEY";
/** Networks whose node holds unlocked development accounts. */
export const LOCAL_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/**
 * Reads one line from the terminal without echoing it. Uses stdin when it is a terminal, otherwise
 * /dev/tty (so `cmd | npx hardhat …` still prompts); fails with a clear message when neither exists.
 */
export async function readHiddenLine(prompt: string): Promise<string> {
  let input: tty.ReadStream;
  let ownsInput = false;
  if (process.stdin.isTTY) {
    input = process.stdin as tty.ReadStream;
  } else {
    let fd: number;
    try {
      fd = fs.openSync("/dev/tty", "r");
    } catch {
      throw new WalletError(`no terminal to ask for the password: set ${PASSWORD_ENV}`);
    }
    input = new tty.ReadStream(fd);
    ownsInput = true;
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding("utf8");
  return new Promise<string>((resolve, reject) => {
    let line = "";
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      if (ownsInput) input.destroy();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new WalletError("password prompt cancelled"));
        if (ch === "\u007f" || ch === "\b") line = line.slice(0, -1);
        else if (ch >= " ") line += ch;
      }
    };
    input.on("data", onData);
  });
}

export interface PasswordOptions {
  /** What the password opens, for the prompt. */
  purpose: string;
  /** Ask twice and require both to match (when creating a file). */
  confirm?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The environment variable that may hold the password (default GUARDIANS_KEYSTORE_PASSWORD). */
  envName?: string;
}

/** The keystore password: from GUARDIANS_KEYSTORE_PASSWORD when set, otherwise a hidden prompt. */
export async function resolvePassword(options: PasswordOptions): Promise<string> {
  const env = options.env ?? process.env;
  const envName = options.envName ?? PASSWORD_ENV;
  const fromEnv = env[envName];
  if (fromEnv !== undefined) {
    if (fromEnv.length === 0) throw new WalletError(`${envName} is set but empty`);
    return fromEnv;
  }
  const password = await readHiddenLine(`Password for ${options.purpose}: `);
  if (options.confirm) {
    const again = await readHiddenLine("Repeat the password: ");
    if (again !== password) throw new WalletError("the two passwords differ");
  }
  if (password.length === 0) throw new WalletError("the password is empty");
  return password;
}

/** Writes a file readable only by its owner; refuses to overwrite anything. */
export function writePrivateFile(file: string, contents: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, contents, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new WalletError(`${file} already exists; choose another path (nothing was overwritten)`);
    throw error;
  }
  // The umask may have widened nothing, but a pre-set umask can narrow; make the mode exact.
  fs.chmodSync(file, 0o600);
}

/**
 * Creates a new random account and stores it as an encrypted JSON keystore (scrypt, the format of
 * ethers and geth) at `file`, mode 0600. Returns only the address: the key never leaves the file.
 */
export async function createKeystore(file: string, password: string, onProgress?: (fraction: number) => void): Promise<string> {
  checkNewPassword(password);
  if (fs.existsSync(file)) throw new WalletError(`${file} already exists; choose another path (nothing was overwritten)`);
  const wallet = Wallet.createRandom();
  const json = await wallet.encrypt(password, onProgress);
  writePrivateFile(file, json);
  return wallet.address;
}

/** Opens an encrypted JSON keystore; a wrong password or a malformed file is one clear line. */
export async function openKeystore(
  file: string,
  password: string,
  provider?: Provider,
  onProgress?: (fraction: number) => void,
): Promise<Wallet> {
  let json: string;
  try {
    json = fs.readFileSync(file, "utf8");
  } catch {
    throw new WalletError(`keystore ${file} not found`);
  }
  let wallet: Wallet;
  try {
    const decrypted = await Wallet.fromEncryptedJson(json, password, onProgress);
    wallet = new Wallet(decrypted.privateKey);
  } catch (error) {
    const message = (error as Error).message ?? "";
    if (/incorrect password/i.test(message)) throw new WalletError(`wrong password for keystore ${file}`);
    throw new WalletError(`${file} is not a valid encrypted JSON keystore`);
  }
  return provider ? wallet.connect(provider) : wallet;
}

export interface SignerRequest {
  /** Hardhat network name, e.g. "localhost", "sepolia". */
  networkName: string;
  provider: Provider;
  /** The node's development accounts (Hardhat's signers), used only on local networks. */
  localSigners: () => Promise<Signer[]>;
  /** Keystore file; defaults to $GUARDIANS_KEYSTORE. */
  keystore?: string;
  /** Index of the development account on local networks. */
  account?: number;
  env?: NodeJS.ProcessEnv;
  /** Where warnings go. */
  warn?: (message: string) => void;
}

/**
 * The account a command acts with, in order of preference: an encrypted keystore (password from
 * $GUARDIANS_KEYSTORE_PASSWORD or a hidden prompt), a raw $PRIVATE_KEY (with a warning), and on
 * local networks one of the node's development accounts. No key is ever printed.
 */
export async function loadSigner(request: SignerRequest): Promise<Signer> {
  const env = request.env ?? process.env;
  const warn = request.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const keystore = request.keystore ?? env[KEYSTORE_ENV];
  if (keystore) {
    if (!fs.existsSync(keystore)) throw new WalletError(`keystore ${keystore} not found`);
    const password = await resolvePassword({ purpose: `keystore ${path.basename(keystore)}`, env });
    return openKeystore(keystore, password, request.provider);
  }
  const rawKey = env[PRIVATE_KEY_ENV];
  if (rawKey) {
    warn(`using the raw private key in $${PRIVATE_KEY_ENV}; prefer an encrypted keystore (npx hardhat wallet:create)`);
    try {
      return new Wallet(rawKey.trim(), request.provider);
    } catch {
      throw new WalletError(`$${PRIVATE_KEY_ENV} is not a valid private key`);
    }
  }
  if (LOCAL_NETWORKS.includes(request.networkName)) {
    const signers = await request.localSigners();
    const index = request.account ?? 0;
    const signer = signers[index];
    if (!signer) throw new WalletError(`the node has ${signers.length} development accounts; --account ${index} is out of range`);
    return signer;
  }
  throw new WalletError(
    `no account for network ${request.networkName}: pass --keystore <file> (or set ${KEYSTORE_ENV}); create one with npx hardhat wallet:create`,
  );
}

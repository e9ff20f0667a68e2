import {
  Interface,
  type ErrorFragment,
  type Provider,
  type TransactionReceipt,
  type TransactionRequest,
  type TransactionResponse,
} from "ethers";

import { silentProgress, type Progress } from "../core/progress";
import { TxRevertedError, UserError } from "./errors";

/** Solidity's built-in revert shapes, which no contract ABI lists. */
const BUILTIN_ERRORS = new Interface(["error Error(string message)", "error Panic(uint256 code)"]);

const PANIC_REASONS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
};

export interface DecodedRevert {
  /** The custom error's name, e.g. `ERC20InsufficientBalance`, or `Error` / `Panic`. */
  name: string;
  args: readonly unknown[];
  /** `name(arg, …)` with readable arguments. */
  text: string;
}

/**
 * Turns revert data into the custom error's name. It knows every error of the interfaces it is
 * given (pass every protocol contract's interface: a revert may come from a nested call, e.g. the
 * token inside `stake`).
 */
export class RevertDecoder {
  private readonly bySelector = new Map<string, { iface: Interface; fragment: ErrorFragment }>();

  constructor(interfaces: readonly Interface[] = []) {
    for (const iface of [BUILTIN_ERRORS, ...interfaces]) {
      iface.forEachError((fragment) => {
        if (!this.bySelector.has(fragment.selector)) this.bySelector.set(fragment.selector, { iface, fragment });
      });
    }
  }

  /** Decodes raw revert data; undefined when the data is empty or no known error matches. */
  decode(data: string | undefined): DecodedRevert | undefined {
    if (!data || !/^0x[0-9a-fA-F]{8}/.test(data)) return undefined;
    const known = this.bySelector.get(data.slice(0, 10).toLowerCase());
    if (!known) return undefined;
    let args: readonly unknown[];
    try {
      args = [...known.iface.decodeErrorResult(known.fragment, data)];
    } catch {
      return undefined;
    }
    const name = known.fragment.name;
    if (name === "Panic") {
      const code = Number(args[0]);
      return { name, args, text: `Panic(0x${code.toString(16)}: ${PANIC_REASONS[code] ?? "unknown"})` };
    }
    if (name === "Error") return { name, args, text: `Error("${String(args[0])}")` };
    return { name, args, text: `${name}(${args.map(formatArg).join(", ")})` };
  }

  /** Finds the revert data anywhere inside an error thrown by ethers or by a Hardhat provider. */
  decodeError(error: unknown): DecodedRevert | undefined {
    for (const data of revertDataCandidates(error)) {
      const decoded = this.decode(data);
      if (decoded) return decoded;
    }
    return undefined;
  }
}

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  return String(value);
}

/** Every hex string under a `data` key (ethers nests the node's error a few levels deep). */
function revertDataCandidates(error: unknown, depth = 0, seen = new Set<unknown>()): string[] {
  if (depth > 6 || error === null || typeof error !== "object" || seen.has(error)) return [];
  seen.add(error);
  const found: string[] = [];
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && record.data.startsWith("0x")) found.push(record.data);
  for (const key of ["data", "error", "info", "cause", "revert", "parent"]) {
    if (key in record) found.push(...revertDataCandidates(record[key], depth + 1, seen));
  }
  return found;
}

/** Human sentences for custom errors a user can cause; keyed by error name. */
export type RevertHints = Readonly<Record<string, (args: readonly unknown[]) => string>>;

export interface TxOptions {
  /** Confirmations to wait for (1 = mined). */
  confirmations?: number;
  progress?: Progress;
  decoder?: RevertDecoder;
  hints?: RevertHints;
  /** How often to poll for the receipt and new blocks. */
  pollMs?: number;
  /** The sending account and its network's name, named when the account cannot pay for gas. */
  account?: string;
  networkName?: string;
}

export interface TxOutcome {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
  receipt: TransactionReceipt;
}

/** Wraps a revert into a one-line user error naming the contract's custom error. */
export function revertError(action: string, error: unknown, decoder: RevertDecoder, hints: RevertHints = {}): TxRevertedError {
  const decoded = decoder.decodeError(error);
  if (decoded) {
    const hint = hints[decoded.name];
    const sentence = hint ? `${hint(decoded.args)} (${decoded.text})` : decoded.text;
    return new TxRevertedError(`${action} reverted: ${sentence}`, decoded.name, decoded.args);
  }
  const short = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message ?? String(error);
  return new TxRevertedError(`${action} failed: ${short.split("\n")[0]}`);
}

function isRevert(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === "CALL_EXCEPTION" || /revert/i.test(e?.message ?? "");
}

/** The node refused the transaction because the sender cannot pay for its gas (ethers, Hardhat, anvil, geth). */
export function isInsufficientFunds(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown; shortMessage?: unknown };
  if (e.code === "INSUFFICIENT_FUNDS") return true;
  const text = `${typeof e.message === "string" ? e.message : ""} ${typeof e.shortMessage === "string" ? e.shortMessage : ""}`;
  if (/insufficient funds|doesn't have enough funds|not enough funds|OutOfFund/i.test(text)) return true;
  const record = error as Record<string, unknown>;
  return ["error", "info", "cause", "parent"].some((key) => key in record && isInsufficientFunds(record[key], depth + 1));
}

/** The one line for a wallet that cannot pay gas: who, where, and how to fund it. */
export function noGasError(account = "the sending account", networkName = "this network"): UserError {
  return new UserError(
    `${account} has no ETH to pay gas on ${networkName}; fund it (on a local node: npx hardhat local fund --to ${account.startsWith("0x") ? account : "<address>"})`,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a mined transaction to reach `confirmations`, showing progress, by polling (works the
 * same on every provider, including Hardhat's). A failed receipt is replayed to decode its error.
 */
export async function waitForConfirmations(
  provider: Provider,
  response: TransactionResponse,
  action: string,
  options: TxOptions = {},
): Promise<TxOutcome> {
  const confirmations = Math.max(1, options.confirmations ?? 1);
  const progress = options.progress ?? silentProgress;
  const pollMs = options.pollMs ?? 250;
  const step = progress.step(
    `${action}: waiting for ${confirmations} confirmation${confirmations > 1 ? "s" : ""}`,
    confirmations,
  );
  let receipt: TransactionReceipt | null = null;
  for (;;) {
    receipt ??= await provider.getTransactionReceipt(response.hash);
    if (receipt) {
      const depth = (await provider.getBlockNumber()) - receipt.blockNumber + 1;
      step.update(Math.min(depth, confirmations), confirmations, `tx ${response.hash.slice(0, 10)}…`);
      if (depth >= confirmations) break;
    }
    await sleep(pollMs);
  }
  if (receipt.status !== 1) {
    step.done("reverted");
    const decoder = options.decoder ?? new RevertDecoder();
    let replayError: unknown = new Error("reverted on chain");
    try {
      await provider.call({ ...toCallRequest(response), blockTag: receipt.blockNumber });
    } catch (error) {
      replayError = error;
    }
    throw revertError(action, replayError, decoder, options.hints);
  }
  step.done(`block ${receipt.blockNumber}, gas ${receipt.gasUsed}`);
  return { hash: response.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed, receipt };
}

function toCallRequest(response: TransactionResponse): TransactionRequest {
  return { from: response.from, to: response.to, data: response.data, value: response.value };
}

/** Sends a transaction; a revert in its gas estimate is decoded into the contract's custom error. */
export async function submitTx(
  action: string,
  send: () => Promise<TransactionResponse>,
  options: Pick<TxOptions, "decoder" | "hints" | "account" | "networkName"> = {},
): Promise<TransactionResponse> {
  const decoder = options.decoder ?? new RevertDecoder();
  try {
    return await send();
  } catch (error) {
    if (isInsufficientFunds(error)) throw noGasError(options.account, options.networkName);
    if (isRevert(error) || decoder.decodeError(error)) throw revertError(action, error, decoder, options.hints);
    throw error;
  }
}

/**
 * The one path every transaction of the SDK takes: send (a revert in the gas estimate is decoded
 * into the contract's custom error before anything is signed), then wait for the configured
 * confirmations with progress.
 */
export async function sendTx(
  provider: Provider,
  action: string,
  send: () => Promise<TransactionResponse>,
  options: TxOptions = {},
): Promise<TxOutcome> {
  const response = await submitTx(action, send, options);
  return waitForConfirmations(provider, response, action, options);
}

/** Every failure the app shows reads as one sentence. */
import { isInsufficientFunds, UserError } from "./sdk-core";

export const REJECTED = "You rejected the signature in your wallet; nothing was sent.";

/** A wallet's "user rejected" (EIP-1193 4001, ethers ACTION_REJECTED), however deeply it is wrapped. */
export function isRejection(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === "ACTION_REJECTED" || e.code === 4001) return true;
  if (typeof e.message === "string" && /user (rejected|denied)/i.test(e.message)) return true;
  const record = error as Record<string, unknown>;
  return ["error", "info", "cause", "parent"].some((key) => key in record && isRejection(record[key], depth + 1));
}

/** Capital first letter and a full stop: SDK messages are written as lines for a terminal. */
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return "Something went wrong.";
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function errorSentence(error: unknown): string {
  if (isRejection(error)) return REJECTED;
  if (error instanceof UserError) return asSentence(error.message);
  if (isInsufficientFunds(error)) return "Your account has not enough ETH to pay for this transaction's gas; nothing was sent.";
  const e = error as { shortMessage?: unknown; message?: unknown; code?: unknown };
  if (e?.code === "NETWORK_ERROR" || /failed to fetch|network error/i.test(String(e?.message ?? "")))
    return "The network cannot be reached; check that the node is running and try again.";
  const text = typeof e?.shortMessage === "string" ? e.shortMessage : typeof e?.message === "string" ? e.message : String(error);
  return asSentence(`Unexpected error: ${text.split("\n")[0]}`);
}

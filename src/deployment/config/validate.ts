import { getAddress, isAddress, ZeroAddress } from "ethers";

import { ConfigError } from "../../sdk/errors";

/**
 * Field-by-field validation of a JSON document. Every check records a problem under the field's
 * path instead of stopping, so a bad file is reported once with one line per bad field.
 */
export class Validator {
  private readonly problems: string[] = [];

  constructor(
    private readonly root: unknown,
    private readonly source: string,
  ) {}

  /** The raw value at a dotted path ("governance.votingPeriod"). */
  get(path: string): unknown {
    let value: unknown = this.root;
    for (const key of path.split(".")) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** A non-negative integer given as a JSON number (safe) or a decimal string (for wei amounts). */
  uint(path: string, options: { min?: bigint; max?: bigint; optional?: bigint } = {}): bigint {
    const raw = this.get(path);
    if (raw === undefined && options.optional !== undefined) return options.optional;
    let value: bigint | undefined;
    if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) value = BigInt(raw);
    else if (typeof raw === "string" && /^\d+$/.test(raw)) value = BigInt(raw);
    if (value === undefined) {
      this.problem(path, `must be a non-negative integer (a number, or a decimal string for large values), got ${show(raw)}`);
      return 0n;
    }
    if (options.min !== undefined && value < options.min) this.problem(path, `must be at least ${options.min}, got ${value}`);
    if (options.max !== undefined && value > options.max) this.problem(path, `must be at most ${options.max}, got ${value}`);
    return value;
  }

  /** A token amount with its unit: "1000 GRD", "0.5 GRD" (18 decimals) or "1500 wei". */
  amount(path: string, options: { min?: bigint } = {}): bigint {
    const raw = typeof this.get(path) === "string" ? (this.get(path) as string).trim() : undefined;
    const grd = raw ? /^(\d+)(?:\.(\d{1,18}))?\s*GRD$/.exec(raw) : null;
    const wei = raw ? /^(\d+)\s*wei$/.exec(raw) : null;
    let value: bigint;
    if (grd) value = BigInt(grd[1]) * 10n ** 18n + BigInt((grd[2] ?? "0").padEnd(18, "0"));
    else if (wei) value = BigInt(wei[1]);
    else {
      this.problem(path, `must be an amount like "1000 GRD", "0.5 GRD" or "1500 wei", got ${show(this.get(path))}`);
      return 0n;
    }
    if (options.min !== undefined && value < options.min) this.problem(path, `must be at least ${options.min} wei, got ${value}`);
    return value;
  }

  /** A duration in seconds: a number, or a string with a unit ("90s", "15m", "2h", "7d"). */
  duration(path: string, options: { min?: number; max?: number } = {}): number {
    const raw = this.get(path);
    const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
    let seconds: number | undefined;
    if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) seconds = raw;
    else if (typeof raw === "string") {
      const match = /^(\d+)\s*([smhd])$/.exec(raw.trim());
      if (match) seconds = Number(match[1]) * units[match[2]];
    }
    if (seconds === undefined) {
      this.problem(path, `must be a duration in seconds or like "15m", "2h", "7d", got ${show(raw)}`);
      return 0;
    }
    if (options.min !== undefined && seconds < options.min)
      this.problem(path, `must be at least ${options.min} s, got ${seconds} s`);
    if (options.max !== undefined && seconds > options.max)
      this.problem(path, `must be at most ${options.max} s, got ${seconds} s`);
    return seconds;
  }

  /** An address (checksummed on output); "deployer" stands for the deploying account. */
  address(path: string, deployer?: string): string {
    const raw = this.get(path);
    if (raw === "deployer" && deployer) return deployer;
    if (typeof raw !== "string" || !isAddress(raw)) {
      this.problem(path, `must be an address (0x + 40 hex digits)${deployer ? ' or "deployer"' : ""}, got ${show(raw)}`);
      return ZeroAddress;
    }
    if (/^0x0{40}$/i.test(raw)) this.problem(path, "must not be the zero address");
    return getAddress(raw);
  }

  /** Throws one ConfigError listing every problem found, if any. */
  finish(): void {
    if (this.problems.length === 0) return;
    const lines = this.problems.map((p) => `  ${p}`).join("\n");
    throw new ConfigError(
      `${this.source}: ${this.problems.length} invalid field${this.problems.length > 1 ? "s" : ""}:\n${lines}`,
    );
  }
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

import fs from "node:fs";
import { getAddress, isAddress, parseUnits } from "ethers";

import { ArgumentError } from "./errors";

/**
 * Parsers for task arguments. Each throws an ArgumentError naming the flag, so a task can check
 * all of its arguments before it touches the chain.
 */

/** A GRD amount in whole tokens with up to 18 decimals ("100", "0.5"). */
export function parseGrd(value: string, flag: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(value.trim()))
    throw new ArgumentError(`--${flag} must be an amount of GRD like 100 or 0.5, got "${value}"`);
  return parseUnits(value.trim(), 18);
}

/** A positive integer id (round, proposal, model version). */
export function parseId(value: string, flag: string): bigint {
  if (!/^\d+$/.test(value.trim()) || BigInt(value.trim()) === 0n)
    throw new ArgumentError(`--${flag} must be a positive integer, got "${value}"`);
  return BigInt(value.trim());
}

export function parseAddress(value: string, flag: string): string {
  if (!isAddress(value)) throw new ArgumentError(`--${flag} must be an address (0x + 40 hex digits), got "${value}"`);
  return getAddress(value);
}

/** Seconds, or a number with a unit: 90s, 15m, 2h, 7d. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new ArgumentError(`--${flag} must be a duration like 3600, 90s, 15m, 2h or 7d, got "${value}"`);
  return Number(match[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as "" | "s" | "m" | "h" | "d"];
}

export function parseBytes32(value: string, flag: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new ArgumentError(`--${flag} must be 32 bytes of hex (0x + 64 digits), got "${value}"`);
  return value.toLowerCase();
}

export function parseInteger(value: number | undefined, flag: string, min: number, max: number): number {
  if (value === undefined || !Number.isInteger(value) || value < min || value > max)
    throw new ArgumentError(`--${flag} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/** A positive real number ("1.5"). */
export function parsePositiveReal(value: string, flag: string): number {
  const x = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(x > 0))
    throw new ArgumentError(`--${flag} must be a positive number, got "${value}"`);
  return x;
}

export function requireFile(file: string, flag: string): string {
  if (!fs.existsSync(file)) throw new ArgumentError(`--${flag}: file ${file} not found`);
  return file;
}

/** A comma-separated list flag: its non-empty, trimmed items; an empty list is one clear line. */
export function parseList(value: string, flag: string): string[] {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new ArgumentError(`--${flag} must list at least one item, got "${value}"`);
  return items;
}

import { ProofInputError } from "./errors";
import { maxUpdateValue, minUpdateValue } from "./encoding";

export interface Quantized {
  /** The fixed-point values round(x·2^f), clipped to [-2^(BITS-1), 2^(BITS-1) − 1]. */
  values: bigint[];
  /** Positions whose value was clipped; empty when the update fit. */
  clipped: number[];
  /** The scale 2^f. */
  scale: number;
}

/**
 * Float update → signed fixed point with scale 2^fractionalBits: each value becomes
 * round(x · 2^f), clipped to the BITS-bit range. Clipping changes the update, so it is reported
 * (positions in `clipped`) rather than hidden; non-finite values are refused.
 */
export function quantize(update: readonly number[], fractionalBits: number, bits: number): Quantized {
  if (!Number.isInteger(fractionalBits) || fractionalBits < 0 || fractionalBits >= bits) {
    throw new ProofInputError(`fractional bits must be an integer in [0, ${bits - 1}], got ${fractionalBits}`);
  }
  const scale = 2 ** fractionalBits;
  const min = minUpdateValue(bits);
  const max = maxUpdateValue(bits);
  const clipped: number[] = [];
  const values = update.map((x, i) => {
    if (!Number.isFinite(x)) throw new ProofInputError(`update[${i}] = ${x} is not a finite number`);
    const q = BigInt(Math.round(x * scale));
    if (q < min || q > max) {
      clipped.push(i);
      return q < min ? min : max;
    }
    return q;
  });
  return { values, clipped, scale };
}

/** Fixed point → float, the inverse of quantize up to rounding and clipping. */
export function dequantize(values: readonly bigint[], fractionalBits: number): number[] {
  return values.map((v) => Number(v) / 2 ** fractionalBits);
}

/**
 * Zero-pads a quantized update to the circuit's N (e.g. a 31-parameter model to N = 32). Zeros add
 * nothing to the norm; the padding is part of the committed vector, so verifiers pad the same way.
 */
export function padUpdate(values: readonly bigint[], n: number): bigint[] {
  if (values.length > n) {
    throw new ProofInputError(`the update has ${values.length} values, more than the circuit's ${n}`);
  }
  return [...values, ...Array<bigint>(n - values.length).fill(0n)];
}

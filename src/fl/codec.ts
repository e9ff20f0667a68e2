import { UserError } from "../core/errors";
import { dequantize as zkDequantize, quantize as zkQuantize, sumOfSquares } from "../zk";

/**
 * How a real-valued update becomes the integer vector the Contribution circuit proves a bound on:
 * padded to the circuit's length, scaled by 2^fractionBits, rounded, and each coordinate a signed
 * `bits`-bit integer. The bound is on the integers: Σ q² ≤ l2BoundSq.
 *
 * This is the seam to src/zk (branch circuits): the demo only needs these operations, so the
 * prover's quantizer can replace `fixedPointCodec` without touching the learning code.
 */
export interface UpdateCodec {
  /** Circuit update length N (≥ the model's parameter count; the rest is zero padding). */
  readonly length: number;
  readonly bits: number;
  readonly fractionBits: number;
  /** The bound on Σ q², as the circuit's public input. */
  readonly l2BoundSq: bigint;
  /** The real-valued L2 bound that l2BoundSq corresponds to. */
  readonly l2Bound: number;
  /** Pads and rounds; throws if a coordinate does not fit in `bits` signed bits. */
  quantize(update: readonly number[]): bigint[];
  dequantize(quantized: readonly bigint[]): number[];
}

/** The update is larger than the round's bound: the local check refuses to prove it. */
export class UpdateOutOfBoundError extends UserError {
  override name = "UpdateOutOfBoundError";
}

/**
 * The circuit's fixed-point encoding (src/zk quantize: round(x·2^f), saturated to `bits` signed bits),
 * with the demo's rule on top: an update that would saturate is refused rather than silently changed.
 */
export function fixedPointCodec(options: { length: number; bits: number; fractionBits: number; l2Bound: number }): UpdateCodec {
  const scale = 2 ** options.fractionBits;
  const l2BoundSq = BigInt(Math.floor((options.l2Bound * scale) ** 2));
  return {
    ...options,
    l2BoundSq,
    quantize(update) {
      if (update.length > options.length) {
        throw new RangeError(`an update of ${update.length} values does not fit the circuit's ${options.length}`);
      }
      const padded = [...update, ...new Array<number>(options.length - update.length).fill(0)];
      const { values, clipped } = zkQuantize(padded, options.fractionBits, options.bits);
      if (clipped.length) {
        const j = clipped[0];
        throw new UpdateOutOfBoundError(`update coordinate ${j} = ${padded[j]} does not fit in ${options.bits} signed bits`);
      }
      return values;
    },
    dequantize: (quantized) => zkDequantize(quantized, options.fractionBits),
  };
}

/** Pads and quantizes, saturating coordinates that do not fit (what a forger would submit). */
export function saturate(codec: UpdateCodec, update: readonly number[]): bigint[] {
  const padded = [...update, ...new Array<number>(codec.length - update.length).fill(0)];
  return zkQuantize(padded, codec.fractionBits, codec.bits).values;
}

/** Σ q², the squared norm the circuit bounds. */
export function squaredNorm(quantized: readonly bigint[]): bigint {
  return sumOfSquares(quantized);
}

export function l2Norm(update: readonly number[]): number {
  return Math.sqrt(update.reduce((s, x) => s + x * x, 0));
}

/** Scales `update` down so its L2 norm is at most `bound` (unchanged if already within). */
export function clipL2(update: readonly number[], bound: number): number[] {
  const norm = l2Norm(update);
  return norm <= bound ? update.slice() : update.map((x) => (x * bound) / norm);
}

/**
 * Clips then quantizes so the result always satisfies the circuit's bound: rounding can push a
 * clipped vector a hair over, so the largest coordinates are moved one step toward zero until it fits.
 */
export function clipAndQuantize(codec: UpdateCodec, update: readonly number[]): bigint[] {
  const q = codec.quantize(clipL2(update, codec.l2Bound));
  while (squaredNorm(q) > codec.l2BoundSq) {
    let largest = 0;
    for (let j = 1; j < q.length; j++) if (abs(q[j]) > abs(q[largest])) largest = j;
    q[largest] -= q[largest] > 0n ? 1n : -1n;
  }
  return q;
}

/** The local check before proving: a witness over the bound could not be proven anyway. */
export function assertWithinBound(codec: UpdateCodec, quantized: readonly bigint[]): void {
  const normSq = squaredNorm(quantized);
  if (normSq > codec.l2BoundSq) {
    throw new UpdateOutOfBoundError(`update norm² ${normSq} exceeds the round's bound ${codec.l2BoundSq}: refusing to prove it`);
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

import { bitLength } from "./field";

/**
 * The shape of an update vector, and every quantity circuits/normbound.circom derives from it.
 * Each function mirrors the circom function of the same name; change both together.
 */
export interface UpdateShape {
  /** Number of parameters N. */
  n: number;
  /** Bits per value: values are signed integers in [-2^(BITS-1), 2^(BITS-1)). */
  bits: number;
  /**
   * Headroom bits H above each value's slot (default AGGREGATION_HEADROOM, which every
   * Contribution commitment uses; Aggregation(K, N, BITS, H) names it as a parameter).
   */
  headroom?: number;
}

/**
 * AGGREGATION_HEADROOM(): H = 5 headroom bits per slot, so one aggregation proof may add packed
 * updates with total weight Σ w_i < 2^H = 32 (16 unit weights fit) without a carry between slots.
 * At BITS = 16 a slot is 21 bits, 12 per field element.
 */
export const AGGREGATION_HEADROOM = 5;

/** The shape's headroom H, AGGREGATION_HEADROOM unless given. */
export const headroomOf = (shape: UpdateShape): number => shape.headroom ?? AGGREGATION_HEADROOM;

/** Bits of one packed slot: BITS + H. */
export const slotBits = (shape: UpdateShape): number => shape.bits + headroomOf(shape);

/** Smallest value an update may hold: -2^(BITS-1). */
export const minUpdateValue = (bits: number): bigint => -(1n << BigInt(bits - 1));
/** Largest value an update may hold: 2^(BITS-1) - 1. */
export const maxUpdateValue = (bits: number): bigint => (1n << BigInt(bits - 1)) - 1n;

/**
 * Offset values packed per field element (UPDATE_VALUES_PER_ELEMENT(BITS, H)): slots of BITS + H
 * bits, so every element, headroom included, stays below 2^253.
 */
export const valuesPerElement = (shape: UpdateShape): number => Math.floor(253 / slotBits(shape));

/** Packed elements of an N-value update (UPDATE_PACKED_ELEMENTS). */
export const packedElements = (shape: UpdateShape): number => Math.ceil(shape.n / valuesPerElement(shape));

/** Field elements the chain absorbs: the salt, then the packed update (UPDATE_CHAIN_ELEMENTS). */
export const chainElements = (shape: UpdateShape): number => 1 + packedElements(shape);

/** Elements absorbed per Poseidon hash of the chain (UPDATE_CHAIN_BLOCK): 16 inputs, one the chain value. */
export const CHAIN_BLOCK = 15;

/** The chain's starting value (UPDATE_COMMITMENT_DOMAIN(N, BITS, H)): names N, BITS and H. */
export const commitmentDomain = (shape: UpdateShape): bigint =>
  (BigInt(shape.n) * 256n + BigInt(shape.bits)) * 256n + BigInt(headroomOf(shape));

/** K of SUM_OF_SQUARES_BITS: Σu² ≤ N·2^(2·BITS−2) < 2^K, and l2BoundSq must be below 2^K. */
export const sumOfSquaresBits = ({ n, bits }: UpdateShape): number => bitLength(n) + 2 * bits - 2;

/** Largest l2BoundSq the circuit accepts: 2^K − 1. */
export const maxL2BoundSq = (shape: UpdateShape): bigint => (1n << BigInt(sumOfSquaresBits(shape))) - 1n;

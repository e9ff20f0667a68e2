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
}

/** Smallest value an update may hold: -2^(BITS-1). */
export const minUpdateValue = (bits: number): bigint => -(1n << BigInt(bits - 1));
/** Largest value an update may hold: 2^(BITS-1) - 1. */
export const maxUpdateValue = (bits: number): bigint => (1n << BigInt(bits - 1)) - 1n;

/** Offset values packed per field element (UPDATE_VALUES_PER_ELEMENT): every element stays below 2^253. */
export const valuesPerElement = (bits: number): number => Math.floor(253 / bits);

/** Field elements the chain absorbs: the salt, then the packed update (UPDATE_CHAIN_ELEMENTS). */
export const chainElements = ({ n, bits }: UpdateShape): number => 1 + Math.ceil(n / valuesPerElement(bits));

/** Elements absorbed per Poseidon hash of the chain (UPDATE_CHAIN_BLOCK): 16 inputs, one the chain value. */
export const CHAIN_BLOCK = 15;

/** The chain's starting value (UPDATE_COMMITMENT_DOMAIN): names N and BITS. */
export const commitmentDomain = ({ n, bits }: UpdateShape): bigint => BigInt(n) * 256n + BigInt(bits);

/** K of SUM_OF_SQUARES_BITS: Σu² ≤ N·2^(2·BITS−2) < 2^K, and l2BoundSq must be below 2^K. */
export const sumOfSquaresBits = ({ n, bits }: UpdateShape): number => bitLength(n) + 2 * bits - 2;

/** Largest l2BoundSq the circuit accepts: 2^K − 1. */
export const maxL2BoundSq = (shape: UpdateShape): bigint => (1n << BigInt(sumOfSquaresBits(shape))) - 1n;

import { ProofInputError } from "./errors";
import { SNARK_SCALAR_FIELD } from "./field";
import { packUpdate, poseidonChain, updateCommitment } from "./commitment";
import {
  UpdateShape,
  commitmentDomain,
  headroomOf,
  minUpdateValue,
  packedElements,
  slotBits,
  valuesPerElement,
} from "./encoding";

/**
 * The TypeScript mirror of circuits/aggregation.circom: Aggregation(K, N, BITS, H) adds the packed
 * openings of up to K update commitments with integer weights packed into one public signal
 * (weight 0 leaves a contribution out; it then needs no opening).
 */

/** An Aggregation instance's shape: K contributions of N values of BITS bits, H headroom bits. */
export interface AggregationShape extends UpdateShape {
  /** Contribution slots K (the round's k ≤ K; the rest is padding). */
  k: number;
}

/** One opened contribution: the update and the salt of its commitment. */
export interface Opening {
  update: readonly bigint[];
  salt: bigint;
}

/** The public aggregate of a round, as the circuit commits to it. */
export interface Aggregate {
  /** W = Σ w_i, below 2^H. */
  totalWeight: bigint;
  /** Per value, Σ w_i·(u_ij + 2^(BITS−1)): the aggregate's slots, each below 2^(BITS+H). */
  offsetSums: bigint[];
  /** Per value, the signed weighted sum Σ w_i·u_ij = offsetSum − W·2^(BITS−1). */
  weightedSums: bigint[];
  /** The M packed aggregate elements Σ w_i·packed_i. */
  elements: bigint[];
  /** aggregateCommitment: the Poseidon chain over elements from aggregateCommitmentDomain. */
  commitment: bigint;
}

/** A round to aggregate: the k ≤ K contributions in submission order. */
export interface AggregationRound {
  /** The update commitments the contract holds, one per contribution. */
  commitments: readonly bigint[];
  /**
   * The opening of each contribution; null where the aggregator has none (garbage, undelivered).
   * Every contribution with a positive weight needs its opening; the others are never read.
   */
  openings: readonly (Opening | null)[];
  /** Integer weights, each in [0, 2^H), Σ < 2^H; 0 leaves the contribution out. */
  weights: readonly bigint[];
}

/** The public signals of an Aggregation proof, by name (K commitments, padded with 0). */
export interface AggregationPublicSignals {
  aggregateCommitment: bigint;
  commitments: bigint[];
  /** The packed weights (packWeights). */
  weights: bigint;
}

/** The witness input of Aggregation(K, N, BITS, H), as decimal strings. */
export interface AggregationWitnessInput {
  [signal: string]: string | string[] | string[][];
  packed: string[][];
  salt: string[];
  commitments: string[];
  weights: string;
}

/** AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H): 2^128 above the update commitment's tag. */
export const aggregateCommitmentDomain = (shape: UpdateShape): bigint => (1n << 128n) + commitmentDomain(shape);

/** The commitment of a padding slot beyond the round's k: 0 (its weight must be 0). */
export const PADDING_COMMITMENT = 0n;

/**
 * Checks integer weights as the circuit reads them: at most K of them, each in [0, 2^H), and
 * W = Σ w_i < 2^H. Returns W.
 */
export function checkWeights(weights: readonly bigint[], shape: AggregationShape): bigint {
  const h = BigInt(headroomOf(shape));
  if (weights.length > shape.k) throw new ProofInputError(`${weights.length} weights, the circuit takes at most ${shape.k}`);
  let total = 0n;
  weights.forEach((w, i) => {
    if (typeof w !== "bigint" || w < 0n || w >= 1n << h) {
      throw new ProofInputError(`weights[${i}] = ${String(w)} is outside [0, ${(1n << h) - 1n}]`);
    }
    total += w;
  });
  if (total >= 1n << h) {
    throw new ProofInputError(`the weights sum to ${total}, the headroom allows at most ${(1n << h) - 1n}`);
  }
  return total;
}

/**
 * The circuit's public `weights`: weight i at bits [H·i, H·i + H). Takes at most K weights (the
 * rest are 0) and checks them with checkWeights.
 */
export function packWeights(weights: readonly bigint[], shape: AggregationShape): bigint {
  checkWeights(weights, shape);
  const h = BigInt(headroomOf(shape));
  return weights.reduce((packed, w, i) => packed | (w << (h * BigInt(i))), 0n);
}

/** The K weights a packed `weights` signal holds; throws if it has bits above K·H. */
export function unpackWeights(packed: bigint, shape: AggregationShape): bigint[] {
  const h = BigInt(headroomOf(shape));
  if (packed < 0n || packed >= 1n << (h * BigInt(shape.k))) {
    throw new ProofInputError(`packed weights ${packed} do not fit ${shape.k} slots of ${h} bits`);
  }
  return Array.from({ length: shape.k }, (_, i) => (packed >> (h * BigInt(i))) & ((1n << h) - 1n));
}

/** The M packed elements of an update (packUpdate without the salt). */
export function packedUpdate(update: readonly bigint[], shape: UpdateShape): bigint[] {
  return packUpdate(update, 0n, shape).slice(1);
}

/** Reads the N slots of BITS + H bits out of M packed elements, little-endian. */
export function unpackSlots(elements: readonly bigint[], shape: UpdateShape): bigint[] {
  const per = valuesPerElement(shape);
  const slot = BigInt(slotBits(shape));
  const mask = (1n << slot) - 1n;
  return Array.from({ length: shape.n }, (_, j) => (elements[Math.floor(j / per)] >> (slot * BigInt(j % per))) & mask);
}

/** The public aggregate from its packed elements and the total weight W (as a verifier reads it). */
export function unpackAggregate(
  elements: readonly bigint[],
  totalWeight: bigint,
  shape: UpdateShape,
): { offsetSums: bigint[]; weightedSums: bigint[] } {
  const offsetSums = unpackSlots(elements, shape);
  const offset = -minUpdateValue(shape.bits) * totalWeight;
  return { offsetSums, weightedSums: offsetSums.map((v) => v - offset) };
}

/**
 * The aggregate exactly as Aggregation(K, N, BITS, H) computes it: Σ w_i·packed_i, and its
 * commitment. One opening and one weight per contribution (at most K); an opening may be null
 * where the weight is 0, and is then never read.
 */
export function packAggregate(
  openings: readonly (Opening | null)[],
  weights: readonly bigint[],
  shape: AggregationShape,
): Aggregate {
  if (openings.length !== weights.length) throw new ProofInputError(`one weight per contribution`);
  const totalWeight = checkWeights(weights, shape);
  const elements = Array<bigint>(packedElements(shape)).fill(0n);
  openings.forEach((opening, i) => {
    if (weights[i] === 0n) return;
    if (!opening) throw new ProofInputError(`contribution ${i} has weight ${weights[i]} but no opening`);
    packedUpdate(opening.update, shape).forEach((x, e) => (elements[e] += weights[i] * x));
  });
  const { offsetSums, weightedSums } = unpackAggregate(elements, totalWeight, shape);
  return { totalWeight, offsetSums, weightedSums, elements, commitment: aggregateCommitment(elements, shape) };
}

/** aggregateCommitment of M packed aggregate elements. */
export function aggregateCommitment(elements: readonly bigint[], shape: UpdateShape): bigint {
  if (elements.length !== packedElements(shape)) {
    throw new ProofInputError(`the aggregate has ${elements.length} elements, the shape takes ${packedElements(shape)}`);
  }
  if (elements.some((x) => x < 0n || x >= SNARK_SCALAR_FIELD)) throw new ProofInputError(`aggregate elements must be below p`);
  return poseidonChain(aggregateCommitmentDomain(shape), elements);
}

/** The public signals in the circuit's order: [aggregateCommitment, commitments[K], weights]. */
export function aggregationSignalsToArray(signals: AggregationPublicSignals): bigint[] {
  return [signals.aggregateCommitment, ...signals.commitments, signals.weights];
}

/**
 * The witness input of Aggregation(K, N, BITS, H) for a round of k ≤ K contributions, with the
 * aggregate and the public signals the proof will carry. Every condition the circuit enforces is
 * checked first, with one ProofInputError: each selected contribution (weight > 0) needs an opening
 * of its commitment; unselected contributions and the padding slots beyond k (commitment 0) are
 * opened with the zero update and salt 0, which the circuit never binds to their commitments.
 */
export function buildAggregationInput(
  round: AggregationRound,
  shape: AggregationShape,
): { input: AggregationWitnessInput; aggregate: Aggregate; signals: AggregationPublicSignals } {
  const { commitments, openings, weights } = round;
  const k = commitments.length;
  if (k > shape.k) throw new ProofInputError(`${k} contributions, the circuit takes at most ${shape.k}`);
  if (openings.length !== k || weights.length !== k) {
    throw new ProofInputError(`one commitment, one opening (or null) and one weight per contribution`);
  }
  commitments.forEach((c, i) => {
    if (c < 0n || c >= SNARK_SCALAR_FIELD) throw new ProofInputError(`commitments[${i}] is not a field element`);
  });
  const packed = packWeights(weights, shape);
  const aggregate = packAggregate(openings, weights, shape);
  const zero = Array<bigint>(packedElements(shape)).fill(0n);
  const rows: bigint[][] = [];
  const salts: bigint[] = [];
  for (let i = 0; i < shape.k; i++) {
    const opening = i < k && weights[i] > 0n ? openings[i] : null;
    if (opening && updateCommitment(opening.update, opening.salt, shape) !== commitments[i]) {
      throw new ProofInputError(`the opening of contribution ${i} does not match its commitment`);
    }
    rows.push(opening ? packedUpdate(opening.update, shape) : zero);
    salts.push(opening ? opening.salt : 0n);
  }
  const padded = [...commitments, ...Array<bigint>(shape.k - k).fill(PADDING_COMMITMENT)];
  return {
    input: {
      packed: rows.map((row) => row.map(String)),
      salt: salts.map(String),
      commitments: padded.map(String),
      weights: packed.toString(),
    },
    aggregate,
    signals: { aggregateCommitment: aggregate.commitment, commitments: padded, weights: packed },
  };
}

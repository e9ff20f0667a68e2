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
 * openings of up to K update commitments with public selection bits and integer weights.
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
  /** W = Σ s_i·w_i, below 2^H. */
  totalWeight: bigint;
  /** Per value, Σ s_i·w_i·(u_ij + 2^(BITS−1)): the aggregate's slots, each below 2^(BITS+H). */
  offsetSums: bigint[];
  /** Per value, the signed weighted sum Σ s_i·w_i·u_ij = offsetSum − W·2^(BITS−1). */
  weightedSums: bigint[];
  /** The M packed aggregate elements Σ s_i·w_i·packed_i. */
  elements: bigint[];
  /** aggregateCommitment: the Poseidon chain over elements from aggregateCommitmentDomain. */
  commitment: bigint;
}

/** AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H): 2^128 above the update commitment's tag. */
export const aggregateCommitmentDomain = (shape: UpdateShape): bigint => (1n << 128n) + commitmentDomain(shape);

/**
 * Checks the public selection and weights as the circuit does: K binary selection bits, K integer
 * weights in [0, 2^H), and W = Σ s_i·w_i < 2^H. Returns W.
 */
export function checkSelection(selection: readonly bigint[], weights: readonly bigint[], shape: AggregationShape): bigint {
  const h = headroomOf(shape);
  if (selection.length !== shape.k || weights.length !== shape.k) {
    throw new ProofInputError(`the circuit takes exactly ${shape.k} selection bits and weights`);
  }
  let total = 0n;
  selection.forEach((s, i) => {
    if (s !== 0n && s !== 1n) throw new ProofInputError(`selection[${i}] = ${s} is not a bit`);
    const w = weights[i];
    if (typeof w !== "bigint" || w < 0n || w >= 1n << BigInt(h)) {
      throw new ProofInputError(`weights[${i}] = ${String(w)} is outside [0, ${(1n << BigInt(h)) - 1n}]`);
    }
    total += s * w;
  });
  if (total >= 1n << BigInt(h)) {
    throw new ProofInputError(`the selected weights sum to ${total}, the headroom allows at most ${(1n << BigInt(h)) - 1n}`);
  }
  return total;
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
 * The aggregate exactly as Aggregation(K, N, BITS, H) computes it: Σ s_i·w_i·packed_i, and its
 * commitment. updates has one entry per contribution slot (K of them).
 */
export function packAggregate(
  updates: readonly (readonly bigint[])[],
  selection: readonly bigint[],
  weights: readonly bigint[],
  shape: AggregationShape,
): Aggregate {
  const totalWeight = checkSelection(selection, weights, shape);
  if (updates.length !== shape.k) throw new ProofInputError(`the circuit takes exactly ${shape.k} updates`);
  const elements = Array<bigint>(packedElements(shape)).fill(0n);
  updates.forEach((update, i) => {
    const scale = selection[i] * weights[i];
    packedUpdate(update, shape).forEach((x, e) => (elements[e] += scale * x));
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

/** The opening the prover uses for a padding slot: the zero update with salt 0. */
export const paddingOpening = (shape: UpdateShape): Opening => ({ update: Array<bigint>(shape.n).fill(0n), salt: 0n });

/** The commitment of paddingOpening, which the contract may put in unused slots. */
export const paddingCommitment = (shape: UpdateShape): bigint => updateCommitment(Array<bigint>(shape.n).fill(0n), 0n, shape);

/**
 * The witness input of Aggregation(K, N, BITS, H) for the round's k ≤ K openings (in submission
 * order), padded to K with paddingOpening; selection and weights cover the k real contributions
 * and are padded with 0.
 */
export function buildAggregationInput(
  openings: readonly Opening[],
  selection: readonly bigint[],
  weights: readonly bigint[],
  shape: AggregationShape,
): { input: Record<string, string[] | string[][]>; aggregate: Aggregate; commitments: bigint[] } {
  if (openings.length > shape.k)
    throw new ProofInputError(`${openings.length} contributions, the circuit takes at most ${shape.k}`);
  if (selection.length !== openings.length || weights.length !== openings.length) {
    throw new ProofInputError(`one selection bit and one weight per contribution`);
  }
  const padded = [...openings];
  while (padded.length < shape.k) padded.push(paddingOpening(shape));
  const s = [...selection, ...Array<bigint>(shape.k - selection.length).fill(0n)];
  const w = [...weights, ...Array<bigint>(shape.k - weights.length).fill(0n)];
  const aggregate = packAggregate(
    padded.map((o) => o.update),
    s,
    w,
    shape,
  );
  const commitments = padded.map((o) => updateCommitment(o.update, o.salt, shape));
  return {
    input: {
      packed: padded.map((o) => packedUpdate(o.update, shape).map(String)),
      salt: padded.map((o) => o.salt.toString()),
      commitments: commitments.map(String),
      selection: s.map(String),
      weights: w.map(String),
    },
    aggregate,
    commitments,
  };
}

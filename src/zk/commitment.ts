import { ProofInputError } from "./errors";
import { SNARK_SCALAR_FIELD } from "./field";
import { poseidonPermutation } from "./poseidon";
import {
  UpdateShape,
  commitmentDomain,
  maxUpdateValue,
  minUpdateValue,
  spongeElements,
  spongeRate,
  valuesPerElement,
} from "./encoding";

/**
 * Checks that an update fits the circuit: exactly N integers in [-2^(BITS-1), 2^(BITS-1)).
 * Throws ProofInputError naming the first offending position.
 */
export function checkUpdate(update: readonly bigint[], shape: UpdateShape): void {
  if (update.length !== shape.n) {
    throw new ProofInputError(`the update has ${update.length} values, the circuit takes exactly ${shape.n}`);
  }
  const min = minUpdateValue(shape.bits);
  const max = maxUpdateValue(shape.bits);
  update.forEach((value, i) => {
    if (typeof value !== "bigint") {
      throw new ProofInputError(`update[${i}] = ${String(value)} is not an integer (quantize the update first)`);
    }
    if (value < min || value > max) {
      throw new ProofInputError(`update[${i}] = ${value} is outside [${min}, ${max}] (${shape.bits}-bit signed values)`);
    }
  });
}

/** Σ update_i², the squared L2 norm the circuit compares with l2BoundSq. */
export function sumOfSquares(update: readonly bigint[]): bigint {
  return update.reduce((acc, u) => acc + u * u, 0n);
}

/**
 * The field elements the sponge absorbs: [salt, packed_0, ...], each packed element holding
 * valuesPerElement(BITS) offset values u + 2^(BITS-1), little-endian.
 */
export function packUpdate(update: readonly bigint[], salt: bigint, shape: UpdateShape): bigint[] {
  checkUpdate(update, shape);
  const per = valuesPerElement(shape.bits);
  const offset = -minUpdateValue(shape.bits);
  const elements = Array<bigint>(spongeElements(shape)).fill(0n);
  elements[0] = salt;
  update.forEach((u, i) => {
    elements[1 + Math.floor(i / per)] += (u + offset) << BigInt(shape.bits * (i % per));
  });
  return elements;
}

/**
 * The update commitment exactly as UpdateCommitment(N, BITS) computes it: a Poseidon sponge with
 * capacity commitmentDomain(shape), rate spongeRate(shape), absorbing the packed elements by
 * addition, zero-padded to whole blocks; the result is the first state element after the last
 * permutation.
 */
export function updateCommitment(update: readonly bigint[], salt: bigint, shape: UpdateShape): bigint {
  if (salt < 0n || salt >= SNARK_SCALAR_FIELD) throw new ProofInputError(`the salt must be a field element below p`);
  const elements = packUpdate(update, salt, shape);
  const rate = spongeRate(shape);
  let state = [commitmentDomain(shape), ...Array<bigint>(rate).fill(0n)];
  for (let start = 0; start < elements.length; start += rate) {
    const block = elements.slice(start, start + rate);
    state = poseidonPermutation(state.map((s, i) => (i === 0 ? s : s + (block[i - 1] ?? 0n))));
  }
  return state[0];
}

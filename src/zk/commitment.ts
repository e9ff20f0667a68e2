import { ProofInputError } from "./errors";
import { SNARK_SCALAR_FIELD } from "./field";
import { poseidonHash } from "./poseidon";
import {
  CHAIN_BLOCK,
  UpdateShape,
  chainElements,
  commitmentDomain,
  maxUpdateValue,
  minUpdateValue,
  slotBits,
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
 * The field elements the chain hashes: [salt, packed_0, ...], each packed element holding
 * valuesPerElement(shape) offset values u + 2^(BITS-1), little-endian, in slots of BITS + H bits.
 */
export function packUpdate(update: readonly bigint[], salt: bigint, shape: UpdateShape): bigint[] {
  checkUpdate(update, shape);
  const per = valuesPerElement(shape);
  const slot = slotBits(shape);
  const offset = -minUpdateValue(shape.bits);
  const elements = Array<bigint>(chainElements(shape)).fill(0n);
  elements[0] = salt;
  update.forEach((u, i) => {
    elements[1 + Math.floor(i / per)] += (u + offset) << BigInt(slot * (i % per));
  });
  return elements;
}

/**
 * PoseidonChain(ELEMENTS, DOMAIN): h_0 = domain, h_{b+1} = Poseidon(h_b, next ≤ 15 elements); the
 * last hash is as wide as its block.
 */
export function poseidonChain(domain: bigint, elements: readonly bigint[]): bigint {
  let chain = domain;
  for (let start = 0; start < elements.length; start += CHAIN_BLOCK) {
    chain = poseidonHash([chain, ...elements.slice(start, start + CHAIN_BLOCK)]);
  }
  return chain;
}

/**
 * The update commitment exactly as UpdateCommitment(N, BITS) computes it: the Poseidon chain
 * h_0 = commitmentDomain(shape), h_{b+1} = Poseidon(h_b, next ≤ 15 packed elements).
 */
export function updateCommitment(update: readonly bigint[], salt: bigint, shape: UpdateShape): bigint {
  if (salt < 0n || salt >= SNARK_SCALAR_FIELD) throw new ProofInputError(`the salt must be a field element below p`);
  return poseidonChain(commitmentDomain(shape), packUpdate(update, salt, shape));
}

import * as poseidon from "poseidon-lite";

/** poseidon-lite's hash functions by arity: poseidon1 … poseidon16, circomlib's Poseidon(1..16). */
const BY_ARITY: ((inputs: bigint[]) => bigint)[] = [
  poseidon.poseidon1,
  poseidon.poseidon2,
  poseidon.poseidon3,
  poseidon.poseidon4,
  poseidon.poseidon5,
  poseidon.poseidon6,
  poseidon.poseidon7,
  poseidon.poseidon8,
  poseidon.poseidon9,
  poseidon.poseidon10,
  poseidon.poseidon11,
  poseidon.poseidon12,
  poseidon.poseidon13,
  poseidon.poseidon14,
  poseidon.poseidon15,
  poseidon.poseidon16,
];

/** circomlib's Poseidon(inputs.length) (1 to 16 inputs), computed by poseidon-lite. */
export function poseidonHash(inputs: bigint[]): bigint {
  const hash = BY_ARITY[inputs.length - 1];
  if (!hash) throw new RangeError(`Poseidon takes 1 to ${BY_ARITY.length} inputs, got ${inputs.length}`);
  return hash(inputs);
}

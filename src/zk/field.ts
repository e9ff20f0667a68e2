/** The BN254 scalar field modulus p: every circuit signal is an integer modulo p. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A signed integer as the field element the circuit sees: negative values become p − |x|. */
export function toField(value: bigint): bigint {
  const reduced = value % SNARK_SCALAR_FIELD;
  return reduced < 0n ? reduced + SNARK_SCALAR_FIELD : reduced;
}

/** Number of bits of a non-negative integer (bitLength(0) = 0), as circuits/normbound.circom counts them. */
export function bitLength(value: bigint | number): number {
  return BigInt(value).toString(2).replace(/^0$/, "").length;
}

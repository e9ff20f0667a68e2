import type { Opening, OpeningContext, OpeningResult, OpeningShape } from "../../src/sdk/delivery";
import { SNARK_SCALAR_FIELD } from "../../src/zk/field";

/** A contribution's attestation, as the delivery tests bind ciphertexts to it. */
export const DELIVERY_CONTEXT: OpeningContext = {
  chainId: 31337n,
  roundManager: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  roundId: 7n,
  nullifier: 0x1234567890abcdefn,
  updateCommitment: SNARK_SCALAR_FIELD - 12345n,
};

/** A deterministic opening that reaches both ends of the range. */
export function sampleOpening(shape: OpeningShape, salt = 987654321n): Opening {
  const half = 1n << BigInt(shape.bits - 1);
  const values = Array.from({ length: shape.n }, (_, i) => {
    if (i === 0) return -half;
    if (i === 1) return half - 1n;
    return (BigInt(i * 7919) % (2n * half)) - half;
  });
  return { values, salt };
}

/** An OpeningResult as JSON (bigints as decimal strings), for assertion messages. */
export function showResult(result: OpeningResult): string {
  return JSON.stringify(result, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

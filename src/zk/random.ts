import { randomBytes } from "node:crypto";

/**
 * A uniformly random field element for secrets and salts: 31 random bytes (248 bits), always below
 * p ≈ 2^253.6 without reduction, so the distribution is exactly uniform over [0, 2^248).
 */
export function randomFieldElement(): bigint {
  return BigInt(`0x${randomBytes(31).toString("hex")}`);
}

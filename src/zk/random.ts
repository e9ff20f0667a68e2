/**
 * A uniformly random field element for secrets and salts: 31 random bytes (248 bits), always below
 * p ≈ 2^253.6 without reduction, so the distribution is exactly uniform over [0, 2^248). The bytes come
 * from the Web Crypto API, which Node (globalThis.crypto) and every browser provide.
 */
export function randomFieldElement(): bigint {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(31));
  return BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`);
}

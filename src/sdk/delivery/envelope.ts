/**
 * The encrypted delivery of a contribution's opening (its quantized values and the salt of its
 * Poseidon commitment) to the round's aggregator, carried in the submit transaction.
 *
 * A standard hybrid scheme, every primitive from @noble: ECDH on secp256k1, HKDF-SHA256 and the
 * ChaCha20-Poly1305 AEAD. Nothing here is hand-rolled arithmetic.
 *
 * Ciphertext, byte by byte (version 1; total = openingCiphertextLength(shape)):
 *
 *   offset 0          1 byte    version, = OPENING_FORMAT_VERSION (1)
 *   offset 1          33 bytes  E, the sender's fresh ephemeral public key e·G, SEC1 compressed (02/03 ‖ x)
 *   offset 34         P bytes   ChaCha20-Poly1305 encryption of the plaintext (P = 32 + n·ceil(bits/8))
 *   offset 34 + P     16 bytes  the Poly1305 tag
 *
 * Plaintext (P bytes):
 *
 *   salt              32 bytes  big-endian, must be < the BN254 scalar field modulus
 *   values[0..n-1]    n × w     each a two's complement big-endian integer in w = ceil(bits/8) bytes,
 *                               which must lie in [-2^(bits-1), 2^(bits-1))
 *
 * Keys: PK is the aggregator's x-only key lifted to the point with even y (BIP-340 lift_x).
 *   S           = e·PK (= sk·E), the ECDH shared point
 *   message key = HKDF-SHA256(ikm = compressed S (33 bytes), salt = compressed E (33 bytes),
 *                             info = "guardians/opening/v1", length = 32)
 *   nonce       = 12 zero bytes
 *   AAD         = openingAad(context): ASCII "guardians/opening/v1" (20 bytes) ‖ chainId (32 bytes BE)
 *                 ‖ roundManager (20 bytes) ‖ roundId (32) ‖ nullifier (32) ‖ updateCommitment (32)
 *
 * The AAD binds the ciphertext to one contribution (nullifier, update commitment) of one round of one
 * RoundManager on one chain: replayed anywhere else it does not decrypt. Since the key is derived
 * from S, a third party given S (with the DLEQ proof of evidence.ts) can rerun the decryption
 * without the aggregator's secret key: see openWithSharedPoint.
 */
import { chacha20poly1305 } from "@noble/ciphers/chacha";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils";
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex, concatBytes, utf8ToBytes } from "@noble/hashes/utils";
import { getBytes, isAddress, solidityPacked } from "ethers";

import { SNARK_SCALAR_FIELD } from "../../zk/field";
import { ArgumentError } from "../errors";

/** x-only public key, 0x + 64 hex: the x coordinate of the point with EVEN y (BIP-340 style), so it fits a bytes32 in the round's on-chain config. */
export type AggregatorPublicKey = string;

export interface AggregatorKeyPair {
  secretKey: Uint8Array;
  publicKey: AggregatorPublicKey;
}

/** What the ciphertext is bound to (its AAD): one contribution of one round of one RoundManager on one chain. */
export interface OpeningContext {
  chainId: bigint;
  roundManager: string;
  roundId: bigint;
  nullifier: bigint;
  updateCommitment: bigint;
}

/** The opening of a contribution's commitment: its quantized values and the commitment's salt. */
export interface Opening {
  values: bigint[];
  salt: bigint;
}

/** The round's update shape: n values of `bits` bits each (two's complement range). */
export interface OpeningShape {
  n: number;
  bits: number;
}

export const OPENING_FORMAT_VERSION = 1;

export type OpeningResult = { ok: true; opening: Opening } | { ok: false; reason: string };

/** Domain tag: the HKDF info and the prefix of the AAD. */
export const OPENING_DOMAIN_TAG = "guardians/opening/v1";

const Point = secp256k1.Point;
type CurvePoint = InstanceType<typeof Point>;
const ORDER = Point.Fn.ORDER;

const VERSION_BYTES = 1;
const POINT_BYTES = 33;
const HEADER_BYTES = VERSION_BYTES + POINT_BYTES;
const SALT_BYTES = 32;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MAX_BITS = 32;
/** Not a cryptographic limit: a bound so a bad shape cannot make us allocate gigabytes. */
const MAX_VALUES = 1 << 24;

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/** A fresh aggregator key pair; the secret is negated when needed so that sk·G has even y. */
export function generateAggregatorKey(): AggregatorKeyPair {
  let scalar = bytesToNumberBE(secp256k1.utils.randomSecretKey());
  if (Point.BASE.multiply(scalar).y % 2n === 1n) scalar = ORDER - scalar;
  const secretKey = numberToBytesBE(scalar, 32);
  return { secretKey, publicKey: aggregatorPublicKeyOf(secretKey) };
}

/** The x-only public key of a secret; refuses an invalid scalar or one whose point has odd y (ArgumentError). */
export function aggregatorPublicKeyOf(secretKey: Uint8Array): AggregatorPublicKey {
  const point = Point.BASE.multiply(secretScalar(secretKey));
  return xOnlyHex(point);
}

/** Validates an x-only key: 0x + 64 hex digits, the x of a curve point (lift_x). Returns it in lowercase. */
export function parseAggregatorPublicKey(hex: string): AggregatorPublicKey {
  if (typeof hex !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ArgumentError(`aggregator public key must be 0x followed by 64 hex digits (32 bytes), got ${describe(hex)}`);
  }
  liftPublicKey(hex);
  return hex.toLowerCase();
}

/**
 * The scalar of an aggregator secret key: 32 bytes big-endian in [1, order), whose point has even y.
 * @internal shared with evidence.ts
 */
export function secretScalar(secretKey: Uint8Array): bigint {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new ArgumentError("aggregator secret key must be 32 bytes");
  }
  const scalar = bytesToNumberBE(secretKey);
  if (!Point.Fn.isValidNot0(scalar)) throw new ArgumentError("aggregator secret key is not a valid secp256k1 scalar");
  if (Point.BASE.multiply(scalar).y % 2n === 1n) {
    throw new ArgumentError("aggregator secret key has an odd-y public point; x-only keys need the even-y secret (negate it)");
  }
  return scalar;
}

/**
 * The even-y point of an x-only key (BIP-340 lift_x); ArgumentError when it is not a curve point.
 * @internal shared with evidence.ts
 */
export function liftPublicKey(publicKey: AggregatorPublicKey): CurvePoint {
  if (typeof publicKey !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(publicKey)) {
    throw new ArgumentError(`aggregator public key must be 0x followed by 64 hex digits (32 bytes), got ${describe(publicKey)}`);
  }
  try {
    return schnorr.utils.lift_x(BigInt(publicKey));
  } catch {
    throw new ArgumentError(`aggregator public key ${publicKey} is not the x coordinate of a secp256k1 point`);
  }
}

function xOnlyHex(point: CurvePoint): AggregatorPublicKey {
  return "0x" + bytesToHex(numberToBytesBE(point.x, 32));
}

// ---------------------------------------------------------------------------------------------
// Shape, context and plaintext codec
// ---------------------------------------------------------------------------------------------

function checkShape(shape: OpeningShape): void {
  if (!shape || !Number.isInteger(shape.n) || shape.n < 1 || shape.n > MAX_VALUES) {
    throw new ArgumentError(`opening shape: n must be an integer in [1, ${MAX_VALUES}], got ${describe(shape?.n)}`);
  }
  if (!Number.isInteger(shape.bits) || shape.bits < 1 || shape.bits > MAX_BITS) {
    throw new ArgumentError(`opening shape: bits must be an integer in [1, ${MAX_BITS}], got ${describe(shape?.bits)}`);
  }
}

function valueWidth(bits: number): number {
  return Math.ceil(bits / 8);
}

function plaintextLength(shape: OpeningShape): number {
  return SALT_BYTES + shape.n * valueWidth(shape.bits);
}

/** Exact byte length of a well-formed ciphertext: 1 + 33 + 32 + n·ceil(bits/8) + 16. */
export function openingCiphertextLength(shape: OpeningShape): number {
  checkShape(shape);
  return HEADER_BYTES + plaintextLength(shape) + TAG_BYTES;
}

const UINT256_MAX = (1n << 256n) - 1n;

/** The AAD: "guardians/opening/v1" ‖ chainId (32) ‖ roundManager (20) ‖ roundId (32) ‖ nullifier (32) ‖ updateCommitment (32). */
export function openingAad(context: OpeningContext): Uint8Array {
  if (!context || typeof context !== "object") throw new ArgumentError("opening context is missing");
  for (const field of ["chainId", "roundId", "nullifier", "updateCommitment"] as const) {
    const value = context[field];
    if (typeof value !== "bigint" || value < 0n || value > UINT256_MAX) {
      throw new ArgumentError(`opening context: ${field} must be a uint256 bigint, got ${describe(value)}`);
    }
  }
  if (typeof context.roundManager !== "string" || !isAddress(context.roundManager)) {
    throw new ArgumentError(`opening context: roundManager must be an address, got ${describe(context.roundManager)}`);
  }
  return getBytes(
    solidityPacked(
      ["string", "uint256", "address", "uint256", "uint256", "uint256"],
      [
        OPENING_DOMAIN_TAG,
        context.chainId,
        context.roundManager.toLowerCase(),
        context.roundId,
        context.nullifier,
        context.updateCommitment,
      ],
    ),
  );
}

function encodePlaintext(opening: Opening, shape: OpeningShape): Uint8Array {
  if (!opening || !Array.isArray(opening.values)) throw new ArgumentError("opening: values must be an array of bigints");
  if (opening.values.length !== shape.n) {
    throw new ArgumentError(`opening has ${opening.values.length} values, the shape expects ${shape.n}`);
  }
  if (typeof opening.salt !== "bigint" || opening.salt < 0n || opening.salt >= SNARK_SCALAR_FIELD) {
    throw new ArgumentError("opening salt must be a bigint in [0, p) (the BN254 scalar field)");
  }
  const width = valueWidth(shape.bits);
  const half = 1n << BigInt(shape.bits - 1);
  const modulus = 1n << BigInt(8 * width);
  const out = new Uint8Array(plaintextLength(shape));
  out.set(numberToBytesBE(opening.salt, SALT_BYTES), 0);
  opening.values.forEach((value, i) => {
    if (typeof value !== "bigint" || value < -half || value >= half) {
      throw new ArgumentError(`opening value[${i}] = ${describe(value)} is outside [-2^${shape.bits - 1}, 2^${shape.bits - 1})`);
    }
    out.set(numberToBytesBE(value < 0n ? value + modulus : value, width), SALT_BYTES + i * width);
  });
  return out;
}

function decodePlaintext(plaintext: Uint8Array, shape: OpeningShape): OpeningResult {
  const salt = bytesToNumberBE(plaintext.subarray(0, SALT_BYTES));
  if (salt >= SNARK_SCALAR_FIELD) return { ok: false, reason: "decrypts to a salt outside the field" };
  const width = valueWidth(shape.bits);
  const half = 1n << BigInt(shape.bits - 1);
  const modulus = 1n << BigInt(8 * width);
  const signBit = modulus >> 1n;
  const values: bigint[] = [];
  for (let i = 0; i < shape.n; i++) {
    const start = SALT_BYTES + i * width;
    const raw = bytesToNumberBE(plaintext.subarray(start, start + width));
    const value = raw >= signBit ? raw - modulus : raw;
    if (value < -half || value >= half) {
      return { ok: false, reason: `decrypts to value[${i}] = ${value}, outside [-2^${shape.bits - 1}, 2^${shape.bits - 1})` };
    }
    values.push(value);
  }
  return { ok: true, opening: { values, salt } };
}

// ---------------------------------------------------------------------------------------------
// Sealing and opening
// ---------------------------------------------------------------------------------------------

function messageKey(sharedPoint: Uint8Array, ephemeral: Uint8Array): Uint8Array {
  return hkdf(sha256, sharedPoint, ephemeral, utf8ToBytes(OPENING_DOMAIN_TAG), KEY_BYTES);
}

/**
 * Every message key is fresh (derived from a fresh ephemeral key e), so a key never encrypts two
 * messages and the fixed all-zero nonce never repeats under one key: that is ChaCha20-Poly1305's
 * only nonce requirement.
 */
const ZERO_NONCE = new Uint8Array(12);

/**
 * Encrypts arbitrary plaintext bytes to the aggregator under the context, with the same KDF path as
 * encryptOpening but WITHOUT checking the plaintext. For tests and evidence only (e.g. to build what a
 * dishonest sender would send); a participant uses encryptOpening.
 * @internal
 */
export function sealPlaintext(publicKey: AggregatorPublicKey, context: OpeningContext, plaintext: Uint8Array): Uint8Array {
  const aggregator = liftPublicKey(publicKey);
  const aad = openingAad(context);
  const e = bytesToNumberBE(secp256k1.utils.randomSecretKey());
  const ephemeral = Point.BASE.multiply(e).toBytes(true);
  const shared = aggregator.multiply(e).toBytes(true);
  const sealed = chacha20poly1305(messageKey(shared, ephemeral), ZERO_NONCE, aad).encrypt(plaintext);
  return concatBytes(Uint8Array.of(OPENING_FORMAT_VERSION), ephemeral, sealed);
}

/** Encrypts a contribution's opening to the aggregator, bound to `context`; throws ArgumentError on bad inputs. */
export function encryptOpening(
  publicKey: AggregatorPublicKey,
  context: OpeningContext,
  opening: Opening,
  shape: OpeningShape,
): Uint8Array {
  checkShape(shape);
  return sealPlaintext(publicKey, context, encodePlaintext(opening, shape));
}

/**
 * The ephemeral key E of a ciphertext, or the reason it has none. Never throws on the bytes.
 * @internal shared with evidence.ts
 */
export function parseHeader(ciphertext: Uint8Array): { ok: true; ephemeral: CurvePoint } | { ok: false; reason: string } {
  if (!(ciphertext instanceof Uint8Array)) return { ok: false, reason: "malformed: not a byte array" };
  if (ciphertext.length < HEADER_BYTES) {
    return { ok: false, reason: `malformed: ${ciphertext.length} bytes, too short for the header (${HEADER_BYTES})` };
  }
  if (ciphertext[0] !== OPENING_FORMAT_VERSION) {
    return { ok: false, reason: `malformed: version ${ciphertext[0]}, expected ${OPENING_FORMAT_VERSION}` };
  }
  const ephemeral = parseCompressedPoint(ciphertext.subarray(VERSION_BYTES, HEADER_BYTES));
  if (!ephemeral) return { ok: false, reason: "malformed: the ephemeral key is not a valid compressed secp256k1 point" };
  return { ok: true, ephemeral };
}

/**
 * A 33-byte SEC1 compressed point (02/03 ‖ x), or undefined for anything else (including infinity).
 * @internal shared with evidence.ts
 */
export function parseCompressedPoint(bytes: Uint8Array): CurvePoint | undefined {
  if (bytes.length !== POINT_BYTES || (bytes[0] !== 0x02 && bytes[0] !== 0x03)) return undefined;
  try {
    const point = Point.fromBytes(bytes);
    return point.is0() ? undefined : point;
  } catch {
    return undefined;
  }
}

function checkLength(ciphertext: Uint8Array, shape: OpeningShape): OpeningResult | undefined {
  const expected = openingCiphertextLength(shape);
  if (!(ciphertext instanceof Uint8Array)) return { ok: false, reason: "malformed: not a byte array" };
  if (ciphertext.length !== expected) return { ok: false, reason: `malformed: ${ciphertext.length} bytes, expected ${expected}` };
  return undefined;
}

function openWithShared(shared: Uint8Array, context: OpeningContext, ciphertext: Uint8Array, shape: OpeningShape): OpeningResult {
  const aad = openingAad(context);
  const ephemeral = ciphertext.subarray(VERSION_BYTES, HEADER_BYTES);
  let plaintext: Uint8Array;
  try {
    plaintext = chacha20poly1305(messageKey(shared, ephemeral), ZERO_NONCE, aad).decrypt(ciphertext.subarray(HEADER_BYTES));
  } catch {
    return { ok: false, reason: "does not decrypt (authentication failed)" };
  }
  return decodePlaintext(plaintext, shape);
}

/**
 * The aggregator's decryption. `ok:false` with one sentence for anything wrong with the ciphertext
 * (never a throw); ArgumentError only for a bad secret key, context or shape (the caller's inputs).
 */
export function decryptOpening(
  secretKey: Uint8Array,
  context: OpeningContext,
  ciphertext: Uint8Array,
  shape: OpeningShape,
): OpeningResult {
  const scalar = secretScalar(secretKey);
  openingAad(context);
  const badLength = checkLength(ciphertext, shape);
  if (badLength) return badLength;
  const header = parseHeader(ciphertext);
  if (!header.ok) return header;
  return openWithShared(header.ephemeral.multiply(scalar).toBytes(true), context, ciphertext, shape);
}

/**
 * What a third party runs once it has checked the aggregator's evidence (evidence.ts): the same
 * decryption, from the 33-byte compressed shared point S instead of the secret key.
 */
export function openWithSharedPoint(
  sharedPoint: Uint8Array,
  context: OpeningContext,
  ciphertext: Uint8Array,
  shape: OpeningShape,
): OpeningResult {
  openingAad(context);
  const badLength = checkLength(ciphertext, shape);
  if (badLength) return badLength;
  const header = parseHeader(ciphertext);
  if (!header.ok) return header;
  if (!(sharedPoint instanceof Uint8Array) || !parseCompressedPoint(sharedPoint)) {
    return { ok: false, reason: "the shared point is not a valid compressed secp256k1 point" };
  }
  return openWithShared(sharedPoint, context, ciphertext, shape);
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
  return String(value);
}

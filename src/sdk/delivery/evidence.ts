/**
 * Public evidence for a contribution the aggregator leaves out because its delivery (envelope.ts)
 * does not decrypt or does not match: the ECDH shared point S = sk·E of the ciphertext, with a
 * Chaum–Pedersen proof that log_G(PK) = log_E(S). Anyone can check it without the secret key, then
 * derive the message key from S and rerun the decryption (openWithSharedPoint): the result is the
 * aggregator's, not its word. Revealing S reveals only this one message's key (it is e·PK for a
 * fresh e), never sk: the proof is zero-knowledge (honest-verifier, made non-interactive).
 *
 * Proof (non-interactive, Fiat–Shamir with SHA-256), all points SEC1 compressed (33 bytes):
 *   prover:   k random in [1, order), A1 = k·G, A2 = k·E,
 *             c = SHA-256("guardians/delivery-dleq/v1" ‖ G ‖ PK ‖ E ‖ S ‖ A1 ‖ A2) mod order,
 *             s = k + c·sk mod order
 *   verifier: A1 = s·G − c·PK, A2 = s·E − c·S (neither at infinity), then recomputes c.
 * PK is the x-only key lifted to even y, as in envelope.ts. challenge and response are 32-byte
 * big-endian scalars below the group order (non-canonical encodings are refused).
 */
import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils";

import {
  type AggregatorPublicKey,
  type OpeningContext,
  type OpeningResult,
  type OpeningShape,
  liftPublicKey,
  openWithSharedPoint,
  openingAad,
  openingCiphertextLength,
  parseCompressedPoint,
  parseHeader,
  secretScalar,
} from "./envelope";

export interface DeliveryEvidence {
  /** 0x + the 33-byte compressed shared point S = sk·E. */
  sharedPoint: string;
  /** 0x + 32 bytes: the Fiat–Shamir challenge c. */
  challenge: string;
  /** 0x + 32 bytes: the response s = k + c·sk mod order. */
  response: string;
}

export type EvidenceCheck = { valid: false; reason: string } | { valid: true; result: OpeningResult };

/** Fiat–Shamir domain tag of the DLEQ proof. */
export const DLEQ_DOMAIN_TAG = "guardians/delivery-dleq/v1";

const Point = secp256k1.Point;
type CurvePoint = InstanceType<typeof Point>;
const Fn = Point.Fn;

function challengeOf(points: CurvePoint[]): bigint {
  const bytes = concatBytes(utf8ToBytes(DLEQ_DOMAIN_TAG), ...points.map((p) => p.toBytes(true)));
  return Fn.create(bytesToNumberBE(sha256(bytes)));
}

function hex(bytes: Uint8Array): string {
  return "0x" + bytesToHex(bytes);
}

/**
 * The aggregator's evidence for a ciphertext: its shared point and the DLEQ proof. Undefined when the
 * ciphertext has no valid header (too short, wrong version, or an invalid ephemeral key): that
 * malformation is evidence by itself. Throws ArgumentError only for an invalid secret key.
 */
export function deliveryEvidence(secretKey: Uint8Array, ciphertext: Uint8Array): DeliveryEvidence | undefined {
  const sk = secretScalar(secretKey);
  const header = parseHeader(ciphertext);
  if (!header.ok) return undefined;
  const E = header.ephemeral;
  const PK = Point.BASE.multiply(sk);
  const S = E.multiply(sk);
  const k = bytesToNumberBE(secp256k1.utils.randomSecretKey());
  const A1 = Point.BASE.multiply(k);
  const A2 = E.multiply(k);
  const c = challengeOf([Point.BASE, PK, E, S, A1, A2]);
  const s = Fn.add(k, Fn.mul(c, sk));
  return {
    sharedPoint: hex(S.toBytes(true)),
    challenge: hex(numberToBytesBE(c, 32)),
    response: hex(numberToBytesBE(s, 32)),
  };
}

function parseScalar(value: unknown): bigint | undefined {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) return undefined;
  const scalar = BigInt(value);
  return Fn.isValid(scalar) ? scalar : undefined;
}

function parsePoint(value: unknown): CurvePoint | undefined {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{66}$/.test(value)) return undefined;
  return parseCompressedPoint(hexToBytes(value.slice(2)));
}

/**
 * Checks the aggregator's evidence for a ciphertext: verifies the DLEQ proof that the shared point is
 * sk·E for the sk of `publicKey`, then reruns the decryption with it. Anything wrong with the
 * ciphertext or the evidence gives `valid:false` with a reason, never a throw; ArgumentError only for
 * a bad public key, context or shape (the checker's own inputs, read from the chain).
 */
export function checkDeliveryEvidence(
  publicKey: AggregatorPublicKey,
  context: OpeningContext,
  ciphertext: Uint8Array,
  shape: OpeningShape,
  evidence: DeliveryEvidence,
): EvidenceCheck {
  const PK = liftPublicKey(publicKey);
  openingAad(context);
  openingCiphertextLength(shape);
  const header = parseHeader(ciphertext);
  if (!header.ok) return { valid: false, reason: `no evidence applies: the ciphertext is ${header.reason}` };
  if (!evidence || typeof evidence !== "object") return { valid: false, reason: "the evidence is missing" };
  const S = parsePoint(evidence.sharedPoint);
  if (!S) return { valid: false, reason: "the evidence's shared point is not a 0x-prefixed 33-byte compressed secp256k1 point" };
  const c = parseScalar(evidence.challenge);
  if (c === undefined)
    return { valid: false, reason: "the evidence's challenge is not a 0x-prefixed 32-byte scalar below the order" };
  const s = parseScalar(evidence.response);
  if (s === undefined)
    return { valid: false, reason: "the evidence's response is not a 0x-prefixed 32-byte scalar below the order" };
  const E = header.ephemeral;
  // Public data only: the variable-time multiplications are fine here.
  const A1 = Point.BASE.multiplyUnsafe(s).subtract(PK.multiplyUnsafe(c));
  const A2 = E.multiplyUnsafe(s).subtract(S.multiplyUnsafe(c));
  if (A1.is0() || A2.is0())
    return { valid: false, reason: "the DLEQ proof does not verify (a commitment is the point at infinity)" };
  if (challengeOf([Point.BASE, PK, E, S, A1, A2]) !== c) {
    return {
      valid: false,
      reason: "the DLEQ proof does not verify: the shared point is not the aggregator's for this ciphertext",
    };
  }
  return { valid: true, result: openWithSharedPoint(S.toBytes(true), context, ciphertext, shape) };
}

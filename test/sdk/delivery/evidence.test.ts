import { expect } from "chai";
import { secp256k1 } from "@noble/curves/secp256k1";
import { numberToBytesBE } from "@noble/curves/utils";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";

import {
  type DeliveryEvidence,
  type EvidenceCheck,
  checkDeliveryEvidence,
  decryptOpening,
  deliveryEvidence,
  encryptOpening,
  generateAggregatorKey,
  openWithSharedPoint,
} from "../../../src/sdk/delivery";
import { ArgumentError } from "../../../src/sdk/errors";
import { DELIVERY_CONTEXT as CONTEXT, sampleOpening } from "../../support/delivery";

const shape = { n: 8, bits: 16 };

function evidenceFor(secretKey: Uint8Array, ciphertext: Uint8Array): DeliveryEvidence {
  const evidence = deliveryEvidence(secretKey, ciphertext);
  if (!evidence) throw new Error("expected evidence for a well-formed ciphertext");
  return evidence;
}

function expectInvalid(check: EvidenceCheck, reason: RegExp): void {
  expect(
    check.valid,
    JSON.stringify(check, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ).to.equal(false);
  if (!check.valid) expect(check.reason).to.match(reason);
}

/** Adds 1 (mod 2^256) to a 0x-prefixed 32-byte hex scalar. */
function bump(hex: string): string {
  return "0x" + ((BigInt(hex) + 1n) % (1n << 256n)).toString(16).padStart(64, "0");
}

describe("delivery evidence: the shared point with a DLEQ proof anyone can check", () => {
  const key = generateAggregatorKey();
  const opening = sampleOpening(shape);
  const good = encryptOpening(key.publicKey, CONTEXT, opening, shape);
  /** Encrypted under the right key but bound to another contribution: the aggregator cannot decrypt it. */
  const wrongContext = encryptOpening(key.publicKey, { ...CONTEXT, nullifier: CONTEXT.nullifier + 1n }, opening, shape);

  it("verifies honest evidence for a good ciphertext and yields the aggregator's own result", () => {
    const evidence = evidenceFor(key.secretKey, good);
    expect(evidence.sharedPoint).to.match(/^0x0[23][0-9a-f]{64}$/);
    expect(evidence.challenge).to.match(/^0x[0-9a-f]{64}$/);
    expect(evidence.response).to.match(/^0x[0-9a-f]{64}$/);
    const check = checkDeliveryEvidence(key.publicKey, CONTEXT, good, shape, evidence);
    expect(check).to.deep.equal({ valid: true, result: decryptOpening(key.secretKey, CONTEXT, good, shape) });
    expect(check).to.deep.equal({ valid: true, result: { ok: true, opening } });
  });

  it("verifies honest evidence for a ciphertext that does not decrypt and yields the same refusal", () => {
    const aggregator = decryptOpening(key.secretKey, CONTEXT, wrongContext, shape);
    expect(aggregator).to.deep.equal({ ok: false, reason: "does not decrypt (authentication failed)" });
    const check = checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, evidenceFor(key.secretKey, wrongContext));
    expect(check).to.deep.equal({ valid: true, result: aggregator });
  });

  it("reports a malformed length through the evidence as the aggregator does", () => {
    const extended = new Uint8Array(good.length + 1);
    extended.set(good);
    const check = checkDeliveryEvidence(key.publicKey, CONTEXT, extended, shape, evidenceFor(key.secretKey, extended));
    expect(check).to.deep.equal({ valid: true, result: decryptOpening(key.secretKey, CONTEXT, extended, shape) });
    expect(check.valid && !check.result.ok && check.result.reason).to.equal(
      `malformed: ${good.length + 1} bytes, expected ${good.length}`,
    );
  });

  it("gives a fresh proof each time, every one valid", () => {
    const a = evidenceFor(key.secretKey, good);
    const b = evidenceFor(key.secretKey, good);
    expect(a.sharedPoint).to.equal(b.sharedPoint);
    expect(a.response).to.not.equal(b.response);
    expect(checkDeliveryEvidence(key.publicKey, CONTEXT, good, shape, b).valid).to.equal(true);
  });

  describe("forged evidence is refused", () => {
    const honest = evidenceFor(key.secretKey, wrongContext);

    it("refuses a wrong shared point (that of another secret, or another valid point)", () => {
      const other = generateAggregatorKey();
      const otherShared = evidenceFor(other.secretKey, wrongContext).sharedPoint;
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, { ...honest, sharedPoint: otherShared }),
        /DLEQ proof does not verify/,
      );
      const negated = "0x" + (honest.sharedPoint.slice(2, 4) === "02" ? "03" : "02") + honest.sharedPoint.slice(4);
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, { ...honest, sharedPoint: negated }),
        /DLEQ proof does not verify/,
      );
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, {
          ...honest,
          sharedPoint: "0x" + bytesToHex(secp256k1.Point.BASE.toBytes(true)),
        }),
        /DLEQ proof does not verify/,
      );
    });

    it("refuses a tampered challenge", () => {
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, { ...honest, challenge: bump(honest.challenge) }),
        /DLEQ proof does not verify|challenge/,
      );
    });

    it("refuses a tampered response", () => {
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, { ...honest, response: bump(honest.response) }),
        /DLEQ proof does not verify|response/,
      );
    });

    it("refuses evidence made for another ciphertext", () => {
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, good, shape, evidenceFor(key.secretKey, wrongContext)),
        /DLEQ proof does not verify/,
      );
    });

    it("refuses evidence made with another secret key", () => {
      const other = generateAggregatorKey();
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, evidenceFor(other.secretKey, wrongContext)),
        /DLEQ proof does not verify/,
      );
    });

    it("refuses a shared point that would decrypt if the proof were not checked", () => {
      // The sender's own shared point e·PK is the right one; a forger who knows it still needs a proof.
      const shared = hexToBytes(honest.sharedPoint.slice(2));
      expect(openWithSharedPoint(shared, CONTEXT, good, shape).ok).to.equal(false);
      const forged = {
        sharedPoint: evidenceFor(key.secretKey, good).sharedPoint,
        challenge: honest.challenge,
        response: honest.response,
      };
      expectInvalid(checkDeliveryEvidence(key.publicKey, CONTEXT, good, shape, forged), /DLEQ proof does not verify/);
    });

    it("refuses malformed fields and points with a reason, never a throw", () => {
      const order = secp256k1.Point.Fn.ORDER;
      const cases: [Partial<Record<keyof DeliveryEvidence, unknown>>, RegExp][] = [
        [{ sharedPoint: "0x" + "00".repeat(33) }, /shared point/],
        [{ sharedPoint: "0x04" + honest.sharedPoint.slice(4) }, /shared point/],
        [{ sharedPoint: "0x02" + "00".repeat(31) + "05" }, /shared point/],
        [{ sharedPoint: "0x02" + secp256k1.Point.Fp.ORDER.toString(16) }, /shared point/],
        [{ sharedPoint: honest.sharedPoint.slice(2) }, /shared point/],
        [{ sharedPoint: honest.sharedPoint + "00" }, /shared point/],
        [{ sharedPoint: 42 }, /shared point/],
        [{ challenge: "0x" + order.toString(16) }, /challenge/],
        [{ challenge: "0x" + "zz".repeat(32) }, /challenge/],
        [{ challenge: undefined }, /challenge/],
        [{ response: "0x" + "ff".repeat(32) }, /response/],
        [{ response: honest.response.slice(0, 10) }, /response/],
        [{ response: "0x" + "00".repeat(32) }, /DLEQ proof does not verify/],
        [{ challenge: "0x" + "00".repeat(32), response: "0x" + "00".repeat(32) }, /point at infinity|DLEQ proof does not verify/],
      ];
      for (const [patch, reason] of cases) {
        const forged = { ...honest, ...patch } as DeliveryEvidence;
        let check: EvidenceCheck | undefined;
        expect(
          () => (check = checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, forged)),
          JSON.stringify(patch),
        ).to.not.throw();
        if (check) expectInvalid(check, reason);
      }
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, undefined as unknown as DeliveryEvidence),
        /missing/,
      );
    });

    it("refuses the trivial proof for the point at infinity (s = 0, c = 0 with S = E)", () => {
      const E = "0x" + bytesToHex(wrongContext.subarray(1, 34));
      const zero = "0x" + bytesToHex(numberToBytesBE(0n, 32));
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, wrongContext, shape, { sharedPoint: E, challenge: zero, response: zero }),
        /point at infinity/,
      );
    });
  });

  describe("malformed ciphertexts", () => {
    it("gives no evidence for a ciphertext without a valid ephemeral key, version or header", () => {
      const badPoint = Uint8Array.from(good);
      badPoint.fill(0, 1, 34);
      const badVersion = Uint8Array.from(good);
      badVersion[0] = 2;
      for (const ciphertext of [new Uint8Array(0), good.subarray(0, 33), badPoint, badVersion]) {
        expect(deliveryEvidence(key.secretKey, ciphertext)).to.equal(undefined);
        expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape).ok).to.equal(false);
      }
    });

    it("refuses any evidence offered for such a ciphertext, without a throw", () => {
      const badPoint = Uint8Array.from(good);
      badPoint.fill(0, 1, 34);
      expectInvalid(
        checkDeliveryEvidence(key.publicKey, CONTEXT, badPoint, shape, evidenceFor(key.secretKey, good)),
        /ephemeral key/,
      );
    });

    it("throws ArgumentError only for the checker's own bad inputs (public key, shape)", () => {
      const evidence = evidenceFor(key.secretKey, good);
      expect(() => checkDeliveryEvidence("0x1234", CONTEXT, good, shape, evidence)).to.throw(ArgumentError, /public key/);
      expect(() => checkDeliveryEvidence(key.publicKey, CONTEXT, good, { n: 0, bits: 16 }, evidence)).to.throw(
        ArgumentError,
        /n must be/,
      );
    });
  });
});

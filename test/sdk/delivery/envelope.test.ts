import { expect } from "chai";
import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils";

import {
  type OpeningContext,
  type OpeningResult,
  OPENING_FORMAT_VERSION,
  aggregatorPublicKeyOf,
  decryptOpening,
  encryptOpening,
  generateAggregatorKey,
  openingCiphertextLength,
  parseAggregatorPublicKey,
  sealPlaintext,
} from "../../../src/sdk/delivery/envelope";
import { ArgumentError } from "../../../src/sdk/errors";
import { SNARK_SCALAR_FIELD } from "../../../src/zk/field";
import { DELIVERY_CONTEXT as CONTEXT, sampleOpening, showResult } from "../../support/delivery";

function expectRefused(result: OpeningResult, reason: RegExp): void {
  expect(result.ok, showResult(result)).to.equal(false);
  if (!result.ok) expect(result.reason).to.match(reason);
}

/** The plaintext layout of the format, built by hand (so a test can encode what encryptOpening refuses). */
function rawPlaintext(salt: bigint, rawValues: bigint[], width: number): Uint8Array {
  const out = new Uint8Array(32 + rawValues.length * width);
  out.set(numberToBytesBE(salt, 32), 0);
  rawValues.forEach((v, i) => out.set(numberToBytesBE(v, width), 32 + i * width));
  return out;
}

describe("delivery envelope: the opening encrypted to the aggregator", () => {
  const key = generateAggregatorKey();

  it("round-trips an opening of 32 values of 16 bits, in exactly openingCiphertextLength bytes", () => {
    const shape = { n: 32, bits: 16 };
    const opening = sampleOpening(shape);
    const ciphertext = encryptOpening(key.publicKey, CONTEXT, opening, shape);
    expect(ciphertext.length).to.equal(openingCiphertextLength(shape)).and.to.equal(146);
    expect(ciphertext[0]).to.equal(OPENING_FORMAT_VERSION);
    expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape)).to.deep.equal({ ok: true, opening });
  });

  for (const shape of [
    { n: 1, bits: 9 },
    { n: 1, bits: 32 },
    { n: 3, bits: 9 },
    { n: 5, bits: 32 },
    { n: 2, bits: 1 },
    { n: 7, bits: 8 },
  ]) {
    it(`round-trips the extreme values and salt p−1 at n=${shape.n}, bits=${shape.bits}`, () => {
      const half = 1n << BigInt(shape.bits - 1);
      for (const v of [-half, half - 1n, 0n, -1n]) {
        const opening = { values: Array.from({ length: shape.n }, () => v), salt: SNARK_SCALAR_FIELD - 1n };
        const ciphertext = encryptOpening(key.publicKey, CONTEXT, opening, shape);
        expect(ciphertext.length).to.equal(openingCiphertextLength(shape));
        expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape)).to.deep.equal({ ok: true, opening });
      }
      const mixed = sampleOpening(shape, 0n);
      const ciphertext = encryptOpening(key.publicKey, CONTEXT, mixed, shape);
      expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape)).to.deep.equal({ ok: true, opening: mixed });
    });
  }

  it("computes the length as 1 + 33 + 32 + n·ceil(bits/8) + 16", () => {
    expect(openingCiphertextLength({ n: 1, bits: 9 })).to.equal(1 + 33 + 32 + 2 + 16);
    expect(openingCiphertextLength({ n: 1, bits: 32 })).to.equal(1 + 33 + 32 + 4 + 16);
    expect(openingCiphertextLength({ n: 10, bits: 8 })).to.equal(1 + 33 + 32 + 10 + 16);
    expect(() => openingCiphertextLength({ n: 0, bits: 8 })).to.throw(ArgumentError, /n must be/);
    expect(() => openingCiphertextLength({ n: 1, bits: 33 })).to.throw(ArgumentError, /bits must be/);
    expect(() => openingCiphertextLength({ n: 1.5, bits: 8 })).to.throw(ArgumentError, /n must be/);
  });

  it("encrypts the same opening differently each time (a fresh ephemeral key)", () => {
    const shape = { n: 4, bits: 8 };
    const a = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);
    const b = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);
    expect(Buffer.from(a).equals(Buffer.from(b))).to.equal(false);
  });

  describe("binding to the attestation (AAD)", () => {
    const shape = { n: 8, bits: 16 };
    const ciphertext = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);
    const elsewhere: Record<string, OpeningContext> = {
      "another contribution (nullifier)": { ...CONTEXT, nullifier: CONTEXT.nullifier + 1n },
      "another contribution (update commitment)": { ...CONTEXT, updateCommitment: CONTEXT.updateCommitment - 1n },
      "another round": { ...CONTEXT, roundId: CONTEXT.roundId + 1n },
      "another chain": { ...CONTEXT, chainId: 1n },
      "another RoundManager": { ...CONTEXT, roundManager: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
    };
    for (const [where, context] of Object.entries(elsewhere)) {
      it(`does not decrypt when replayed into ${where}`, () => {
        expectRefused(decryptOpening(key.secretKey, context, ciphertext, shape), /^does not decrypt \(authentication failed\)$/);
      });
    }

    it("decrypts under the same context whatever the case of the RoundManager address", () => {
      const lower = { ...CONTEXT, roundManager: CONTEXT.roundManager.toLowerCase() };
      expect(decryptOpening(key.secretKey, lower, ciphertext, shape).ok).to.equal(true);
    });

    it("refuses a context that is not one (ArgumentError, before any cryptography)", () => {
      expect(() => encryptOpening(key.publicKey, { ...CONTEXT, roundManager: "0x1234" }, sampleOpening(shape), shape)).to.throw(
        ArgumentError,
        /roundManager must be an address/,
      );
      expect(() => decryptOpening(key.secretKey, { ...CONTEXT, roundId: -1n }, ciphertext, shape)).to.throw(
        ArgumentError,
        /roundId must be a uint256/,
      );
    });
  });

  it("refuses every single flipped bit of a ciphertext", () => {
    const shape = { n: 2, bits: 12 };
    const ciphertext = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);
    expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape).ok).to.equal(true);
    for (let byte = 0; byte < ciphertext.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Uint8Array.from(ciphertext);
        tampered[byte] ^= 1 << bit;
        const result = decryptOpening(key.secretKey, CONTEXT, tampered, shape);
        expect(result.ok, `byte ${byte} bit ${bit}`).to.equal(false);
      }
    }
  });

  it("refuses a ciphertext for another aggregator key", () => {
    const shape = { n: 4, bits: 16 };
    const ciphertext = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);
    const other = generateAggregatorKey();
    expectRefused(decryptOpening(other.secretKey, CONTEXT, ciphertext, shape), /^does not decrypt \(authentication failed\)$/);
  });

  describe("malformed ciphertexts give ok:false with a reason, never a throw", () => {
    const shape = { n: 32, bits: 16 };
    const ciphertext = encryptOpening(key.publicKey, CONTEXT, sampleOpening(shape), shape);

    it("refuses a truncated or extended ciphertext by its length", () => {
      expectRefused(
        decryptOpening(key.secretKey, CONTEXT, ciphertext.subarray(0, 145), shape),
        /^malformed: 145 bytes, expected 146$/,
      );
      expectRefused(
        decryptOpening(key.secretKey, CONTEXT, ciphertext.subarray(0, 10), shape),
        /^malformed: 10 bytes, expected 146$/,
      );
      const longer = new Uint8Array(147);
      longer.set(ciphertext);
      expectRefused(decryptOpening(key.secretKey, CONTEXT, longer, shape), /^malformed: 147 bytes, expected 146$/);
    });

    it("refuses an empty ciphertext", () => {
      expectRefused(decryptOpening(key.secretKey, CONTEXT, new Uint8Array(0), shape), /^malformed: 0 bytes, expected 146$/);
    });

    it("refuses another version", () => {
      for (const version of [0, 2, 255]) {
        const tampered = Uint8Array.from(ciphertext);
        tampered[0] = version;
        expectRefused(
          decryptOpening(key.secretKey, CONTEXT, tampered, shape),
          new RegExp(`^malformed: version ${version}, expected 1$`),
        );
      }
    });

    it("refuses an ephemeral key that is not a compressed curve point", () => {
      const badPrefix = Uint8Array.from(ciphertext);
      badPrefix[1] = 0x04;
      expectRefused(decryptOpening(key.secretKey, CONTEXT, badPrefix, shape), /ephemeral key is not a valid/);
      const zero = Uint8Array.from(ciphertext);
      zero.fill(0, 1, 34);
      expectRefused(decryptOpening(key.secretKey, CONTEXT, zero, shape), /ephemeral key is not a valid/);
      // x = field prime p (not below p) and an x with no point on the curve.
      const p = secp256k1.Point.Fp.ORDER;
      for (const x of [p, 5n]) {
        const tampered = Uint8Array.from(ciphertext);
        tampered.set(numberToBytesBE(x, 32), 2);
        expectRefused(decryptOpening(key.secretKey, CONTEXT, tampered, shape), /ephemeral key is not a valid/);
      }
    });
  });

  describe("a sender who encrypts a bad opening under the right key is reported by reason", () => {
    it("reports a value above the range", () => {
      const shape = { n: 2, bits: 9 };
      const ciphertext = sealPlaintext(key.publicKey, CONTEXT, rawPlaintext(1n, [3n, 256n], 2));
      expect(ciphertext.length).to.equal(openingCiphertextLength(shape));
      expectRefused(
        decryptOpening(key.secretKey, CONTEXT, ciphertext, shape),
        /^decrypts to value\[1\] = 256, outside \[-2\^8, 2\^8\)$/,
      );
    });

    it("reports a value below the range (a two's complement that does not sign-extend)", () => {
      const shape = { n: 1, bits: 9 };
      // 0xfeff = −257 as 16-bit two's complement.
      const ciphertext = sealPlaintext(key.publicKey, CONTEXT, rawPlaintext(1n, [0xfeffn], 2));
      expectRefused(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape), /^decrypts to value\[0\] = -257, outside/);
    });

    it("accepts the bounds themselves when built by hand (the check is not off by one)", () => {
      const shape = { n: 2, bits: 9 };
      const ciphertext = sealPlaintext(key.publicKey, CONTEXT, rawPlaintext(SNARK_SCALAR_FIELD - 1n, [255n, 0xff00n], 2));
      expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape)).to.deep.equal({
        ok: true,
        opening: { values: [255n, -256n], salt: SNARK_SCALAR_FIELD - 1n },
      });
    });

    it("reads 32-bit values as full-width two's complement, where no value can be out of range", () => {
      const shape = { n: 1, bits: 32 };
      const ciphertext = sealPlaintext(key.publicKey, CONTEXT, rawPlaintext(1n, [1n << 31n], 4));
      // 2^31 in 4 bytes reads as −2^31, which is in range: 32 bits fill the width, nothing can be out.
      expect(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape)).to.deep.equal({
        ok: true,
        opening: { values: [-(1n << 31n)], salt: 1n },
      });
    });

    for (const salt of [SNARK_SCALAR_FIELD, (1n << 256n) - 1n]) {
      it(`reports a salt of ${salt === SNARK_SCALAR_FIELD ? "p" : "2^256−1"} as outside the field`, () => {
        const shape = { n: 1, bits: 16 };
        const ciphertext = sealPlaintext(key.publicKey, CONTEXT, rawPlaintext(salt, [5n], 2));
        expectRefused(decryptOpening(key.secretKey, CONTEXT, ciphertext, shape), /^decrypts to a salt outside the field$/);
      });
    }

    it("refuses to encrypt such an opening itself", () => {
      const shape = { n: 1, bits: 9 };
      expect(() => encryptOpening(key.publicKey, CONTEXT, { values: [256n], salt: 1n }, shape)).to.throw(
        ArgumentError,
        /value\[0\]/,
      );
      expect(() => encryptOpening(key.publicKey, CONTEXT, { values: [-257n], salt: 1n }, shape)).to.throw(
        ArgumentError,
        /value\[0\]/,
      );
      expect(() => encryptOpening(key.publicKey, CONTEXT, { values: [1n], salt: SNARK_SCALAR_FIELD }, shape)).to.throw(
        ArgumentError,
        /salt/,
      );
      expect(() => encryptOpening(key.publicKey, CONTEXT, { values: [1n, 2n], salt: 1n }, shape)).to.throw(
        ArgumentError,
        /2 values, the shape expects 1/,
      );
    });
  });

  describe("x-only aggregator keys", () => {
    it("generates 50 keys whose points all have even y, and whose keys parse and round-trip", () => {
      for (let i = 0; i < 50; i++) {
        const k = generateAggregatorKey();
        const point = secp256k1.Point.BASE.multiply(bytesToNumberBE(k.secretKey));
        expect(point.y % 2n).to.equal(0n);
        expect(k.publicKey).to.match(/^0x[0-9a-f]{64}$/);
        expect(BigInt(k.publicKey)).to.equal(point.x);
        expect(parseAggregatorPublicKey(k.publicKey)).to.equal(k.publicKey);
        expect(parseAggregatorPublicKey(k.publicKey.toUpperCase().replace("0X", "0x"))).to.equal(k.publicKey);
        expect(aggregatorPublicKeyOf(k.secretKey)).to.equal(k.publicKey);
      }
    });

    it("refuses a secret whose point has odd y, and invalid scalars", () => {
      const even = bytesToNumberBE(key.secretKey);
      const odd = numberToBytesBE(secp256k1.Point.Fn.ORDER - even, 32);
      expect(() => aggregatorPublicKeyOf(odd)).to.throw(ArgumentError, /odd-y/);
      expect(() => aggregatorPublicKeyOf(new Uint8Array(32))).to.throw(ArgumentError, /not a valid secp256k1 scalar/);
      expect(() => aggregatorPublicKeyOf(numberToBytesBE(secp256k1.Point.Fn.ORDER, 32))).to.throw(ArgumentError, /scalar/);
      expect(() => aggregatorPublicKeyOf(new Uint8Array(31).fill(1))).to.throw(ArgumentError, /32 bytes/);
      expect(() => decryptOpening(odd, CONTEXT, new Uint8Array(0), { n: 1, bits: 8 })).to.throw(ArgumentError, /odd-y/);
    });

    it("refuses a public key that is not hex, has the wrong length, or is not the x of a curve point", () => {
      const bad = [
        "0x" + "zz".repeat(32),
        key.publicKey.slice(2),
        key.publicKey.slice(0, 64),
        key.publicKey + "00",
        "0x",
        "",
        "0x" + "00".repeat(32),
        "0x" + "05".padStart(64, "0"),
        "0x" + secp256k1.Point.Fp.ORDER.toString(16),
        "0x" + "ff".repeat(32),
      ];
      for (const text of bad) {
        expect(() => parseAggregatorPublicKey(text), text).to.throw(ArgumentError);
        expect(() => parseAggregatorPublicKey(text)).to.throw(/^aggregator public key [^\n]+$/);
      }
      expect(() =>
        encryptOpening("0x" + "05".padStart(64, "0"), CONTEXT, { values: [1n], salt: 1n }, { n: 1, bits: 8 }),
      ).to.throw(ArgumentError, /not the x coordinate/);
    });
  });
});

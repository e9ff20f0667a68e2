import { expect } from "chai";
import { poseidon1, poseidon3 } from "poseidon-lite";

import { Identity, NULLIFIER_DOMAIN, ProofInputError, SNARK_SCALAR_FIELD, memberLeaf } from "../../src/zk";

describe("src/zk identity", () => {
  it("generates distinct secrets of at most 248 bits, always below p", () => {
    const secrets = Array.from({ length: 32 }, () => Identity.generate().secret);
    expect(new Set(secrets).size).to.equal(32);
    for (const s of secrets) expect(s > 0n && s < 1n << 248n && s < SNARK_SCALAR_FIELD).to.equal(true);
  });

  it("commits with Poseidon(secret), has the leaf Poseidon(Poseidon(secret)), and nullifies with Poseidon(NULLIFIER_DOMAIN, scope, secret)", () => {
    const identity = new Identity(12345n);
    expect(identity.commitment).to.equal(poseidon1([12345n]));
    expect(identity.leaf).to.equal(poseidon1([poseidon1([12345n])]));
    expect(identity.leaf).to.equal(memberLeaf(identity.commitment));
    expect(identity.nullifier(9n)).to.equal(poseidon3([NULLIFIER_DOMAIN, 9n, 12345n]));
  });

  it("serializes to one line and reads it back", () => {
    const identity = Identity.generate();
    const text = identity.serialize();
    expect(text).to.match(/^guardians-identity-v1:0x[0-9a-f]{64}$/);
    const back = Identity.deserialize(text);
    expect(back.secret).to.equal(identity.secret);
    expect(back.commitment).to.equal(identity.commitment);
    expect(back.leaf).to.equal(identity.leaf);
  });

  it("refuses malformed text and secrets outside [1, p)", () => {
    expect(() => Identity.deserialize("0x1234")).to.throw(ProofInputError, /not a serialized identity/);
    const p = SNARK_SCALAR_FIELD.toString(16).padStart(64, "0");
    expect(() => Identity.deserialize(`guardians-identity-v1:0x${p}`)).to.throw(ProofInputError, /\[1, p\)/);
    expect(() => new Identity(0n)).to.throw(ProofInputError);
  });
});

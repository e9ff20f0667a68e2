// By arity, so that a bundle takes only the round constants it needs (the package index holds all 16).
import { poseidon1 } from "poseidon-lite/poseidon1";
import { poseidon3 } from "poseidon-lite/poseidon3";

import { ProofInputError } from "./errors";
import { SNARK_SCALAR_FIELD } from "./field";
import { randomFieldElement } from "./random";

/**
 * Domain tag of the nullifier hash, the ASCII bytes of "guardians.nullifier" read as a big-endian
 * integer; circuits/membership.circom's NULLIFIER_DOMAIN() holds the same number.
 */
export const NULLIFIER_DOMAIN = BigInt(
  `0x${Array.from(new TextEncoder().encode("guardians.nullifier"), (b) => b.toString(16).padStart(2, "0")).join("")}`,
);

const SERIALIZED_PREFIX = "guardians-identity-v1:";

/**
 * The value an identity commitment C occupies in the member tree: Poseidon(C), arity 1 (poseidon-lite
 * `poseidon1`; on chain poseidon-solidity `PoseidonT2.hash([C])`, which ParticipantRegistry inserts;
 * circuits/membership.circom `MemberLeaf`). Leaves are thus Poseidon(1) outputs and internal nodes
 * Poseidon(2) outputs, so no registered value can serve as an internal node of a membership proof
 * (issue #13; docs/CIRCUITS.md).
 */
export function memberLeaf(commitment: bigint): bigint {
  return poseidon1([commitment]);
}

/**
 * A member identity: a secret field element, its public commitment Poseidon(secret), which it
 * registers with the registry (on chain: poseidon-solidity PoseidonT2), and its leaf in the member
 * tree, memberLeaf(commitment) = Poseidon(Poseidon(secret)).
 */
export class Identity {
  readonly secret: bigint;
  readonly commitment: bigint;
  /** memberLeaf(commitment): the value the registry inserts into the member tree. */
  readonly leaf: bigint;

  constructor(secret: bigint) {
    if (secret <= 0n || secret >= SNARK_SCALAR_FIELD) {
      throw new ProofInputError("an identity secret must be a field element in [1, p)");
    }
    this.secret = secret;
    this.commitment = poseidon1([secret]);
    this.leaf = memberLeaf(this.commitment);
  }

  /** A fresh identity with a uniformly random 248-bit secret (see randomFieldElement). */
  static generate(): Identity {
    let secret = 0n;
    while (secret === 0n) secret = randomFieldElement();
    return new Identity(secret);
  }

  /** The identity as one line, `guardians-identity-v1:0x<64 hex digits>`; it holds the secret. */
  serialize(): string {
    return `${SERIALIZED_PREFIX}0x${this.secret.toString(16).padStart(64, "0")}`;
  }

  /** Reads what serialize wrote; a malformed string is a ProofInputError, never a wrong identity. */
  static deserialize(text: string): Identity {
    const trimmed = text.trim();
    const hex = trimmed.startsWith(SERIALIZED_PREFIX) ? trimmed.slice(SERIALIZED_PREFIX.length) : "";
    if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
      throw new ProofInputError(`not a serialized identity: expected ${SERIALIZED_PREFIX}0x followed by 64 hex digits`);
    }
    return new Identity(BigInt(hex));
  }

  /** This member's nullifier in a scope: Poseidon(NULLIFIER_DOMAIN, scope, secret). */
  nullifier(scope: bigint): bigint {
    return poseidon3([NULLIFIER_DOMAIN, scope, this.secret]);
  }
}

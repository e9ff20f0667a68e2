pragma circom 2.2.3;

include "circomlib/circuits/poseidon.circom";
include "./merkle.circom";

// Domain tag of the nullifier hash: the ASCII bytes of "guardians.nullifier" read as a big-endian
// integer. Poseidon's arity already separates the identity commitment (arity 1) from the nullifier
// (arity 3); the tag also separates Guardians nullifiers from any other protocol that hashes the
// same secret with the same arity.
function NULLIFIER_DOMAIN() {
    return 2307202052345620041123426324648771004547032434;
}

// IdentityCommitment(): the public identity of a member, what it registers with the registry.
//   Input:  secret (private), a field element known only to the member.
//   Output: commitment = Poseidon(secret), arity 1.
// Safety: Poseidon is collision resistant, so a commitment pins exactly one secret; the on-chain
// registry recomputes the same hash (poseidon-solidity PoseidonT2) when a secret is disclosed.
template IdentityCommitment() {
    signal input secret;
    signal output commitment <== Poseidon(1)([secret]);
}

// MemberLeaf(): the value an identity commitment occupies in the member tree.
//   Input:  commitment, an identity commitment C as the registry received it.
//   Output: leaf = Poseidon(C), arity 1: ParticipantRegistry inserts PoseidonT2.hash([C]), never C.
// Safety: the registry accepts any field element as C, so C itself must never be a leaf: an attacker
// could register C = the root of its own Poseidon(2) tree and extend its members' paths through it
// (issue #13). Hashed with Poseidon(1), every leaf is a Poseidon(1) output (width t = 2) while every
// internal node is a Poseidon(2) output (width t = 3); see Membership for why that closes the attack.
template MemberLeaf() {
    signal input commitment;
    signal output leaf <== Poseidon(1)([commitment]);
}

// Nullifier(): one value per (identity, scope), unlinkable across scopes.
//   Inputs: secret (private), scope.
//   Output: nullifier = Poseidon(NULLIFIER_DOMAIN, scope, secret).
template Nullifier() {
    signal input secret;
    signal input scope;
    signal output nullifier <== Poseidon(3)([NULLIFIER_DOMAIN(), scope, secret]);
}

// Membership(MAX_DEPTH): Semaphore-style anonymous membership in a LeanIMT member tree.
//   Private inputs: secret; the Merkle path (depth, index, siblings[MAX_DEPTH]) of the member's leaf
//                   Poseidon(Poseidon(secret)), as @zk-kit/lean-imt's generateProof returns it.
//   Public input:   scope, the context in which the nullifier is unique (a training round).
//   Outputs:        root, the member-tree root the path leads to; nullifier for (secret, scope).
//
// Safety conditions:
//   - Those of LeanIMTRoot: binary path bits, exactly one depth.
//   - The scope is hashed into the nullifier, so it is bound by the proof even though it enters no
//     other constraint.
//   - One registered commitment C is one secret, so one nullifier per scope (issue #13). Write P1, P2
//     for circomlib's Poseidon(1) and Poseidon(2): two different permutations (widths t = 2 and
//     t = 3, each with its own round constants and MDS matrix), so P1(x) = P2(a, b) is a collision
//     between two instances, as hard as any Poseidon collision. The registry inserts L = P1(C) for
//     every commitment (MemberLeaf) and sets a removed member's leaf to 0; an internal node is
//     P2(left, right). LeanIMT carries a node without a sibling up unchanged, so every value in the
//     tree, at any level, is a leaf value (P1(C) or 0) or the P2 of its two children. In the circuit,
//     nodes[0] = P1(P1(secret)) and every node above it is a P2 output: a level LeanIMT skips is
//     absent from the proof, and LeanIMTRoot never carries a node up. Take a valid witness whose root
//     is the tree's and walk down both paths together, comparing equal values:
//       * circuit node a P2 output, tree node internal: P2's collision resistance makes the
//         circuit's children the tree's children, one hash down in both;
//       * circuit node a P2 output, tree node a leaf value: P2(a, b) = P1(C) is a cross-instance
//         collision (and = 0 a preimage of 0). So a registered leaf is never an internal node of a
//         proven path, whatever C is; C = the root of an attacker's own tree is a dead end;
//       * circuit node P1(P1(secret)) (the bottom), tree node internal: P1 = P2 again;
//       * bottom against a leaf: P1(P1(secret)) = P1(C) gives P1(secret) = C by P1's collision
//         resistance, so C pins exactly one secret (and a removed leaf 0 needs a preimage of 0).
//     Both halves are needed: with raw leaves (L = C), an attacker's C = the root of a tree over
//     P1(P1(s_j)) is again an internal node of valid paths (test/circuits/membership.test.ts).
template Membership(MAX_DEPTH) {
    signal input secret;
    signal input depth;
    signal input index;
    signal input siblings[MAX_DEPTH];
    signal input scope;
    signal output root;
    signal output nullifier;

    signal commitment <== IdentityCommitment()(secret);
    signal leaf <== MemberLeaf()(commitment);
    root <== LeanIMTRoot(MAX_DEPTH)(leaf, depth, index, siblings);
    nullifier <== Nullifier()(secret, scope);
}

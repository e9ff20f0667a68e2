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

// IdentityCommitment(): the public identity of a member, the leaf it registers in the member tree.
//   Input:  secret (private), a field element known only to the member.
//   Output: commitment = Poseidon(secret), arity 1.
// Safety: Poseidon is collision resistant, so a commitment pins exactly one secret; the on-chain
// registry recomputes the same hash (poseidon-solidity PoseidonT2) when a secret is disclosed.
template IdentityCommitment() {
    signal input secret;
    signal output commitment <== Poseidon(1)([secret]);
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
//   Private inputs: secret; the Merkle path (depth, index, siblings[MAX_DEPTH]) of the member's
//                   identity commitment, as @zk-kit/lean-imt's generateProof returns it.
//   Public input:   scope, the context in which the nullifier is unique (a training round).
//   Outputs:        root, the member-tree root the path leads to; nullifier for (secret, scope).
// Safety conditions: those of LeanIMTRoot (binary path bits, exactly one depth), and the scope is
// hashed into the nullifier, so it is bound by the proof even though it enters no other constraint.
template Membership(MAX_DEPTH) {
    signal input secret;
    signal input depth;
    signal input index;
    signal input siblings[MAX_DEPTH];
    signal input scope;
    signal output root;
    signal output nullifier;

    signal commitment <== IdentityCommitment()(secret);
    root <== LeanIMTRoot(MAX_DEPTH)(commitment, depth, index, siblings);
    nullifier <== Nullifier()(secret, scope);
}

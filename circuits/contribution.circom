pragma circom 2.2.3;

include "./membership.circom";
include "./normbound.circom";

// Contribution(N, BITS, DEPTH): one proof per training contribution. A registered member commits
// to a model update within the round's norm bound, for one round, paying one recipient.
//   Private inputs: secret, the member's identity secret;
//                   depth, index, siblings[DEPTH], the LeanIMT Merkle path of the member's leaf
//                     Poseidon(Poseidon(secret)) (see Membership);
//                   update[N], salt, the update and its commitment salt (see NormBound).
//   Public inputs:  roundScope, Snark.roundScope(chainId, roundManager, roundId): binds chain,
//                     contract and round, and is the nullifier's scope;
//                   l2BoundSq, the round's bound on Σ update_i², below 2^SUM_OF_SQUARES_BITS;
//                   recipient, the uint160 reward address.
//   Outputs:        root, the member-tree root; nullifier = Poseidon(NULLIFIER_DOMAIN, roundScope,
//                   secret), one per member and round; updateCommitment (see UpdateCommitment).
//   Public signals, as snarkjs and IContributionVerifier order them:
//                   [root, nullifier, updateCommitment, roundScope, l2BoundSq, recipient].
// Safety conditions: those of Membership (binary path bits, exactly one depth, scope in the
// nullifier, and one secret per registered commitment: the registry's leaves are Poseidon(1) of the
// commitments, internal nodes Poseidon(2), so a registered value can never be an internal node of a
// proven path without a collision between the two Poseidon instances; issue #13) and of NormBound
// (range checks, no wrap-around, range-checked comparator inputs);
// recipient enters a quadratic constraint, so a proof verifies for exactly one recipient and a
// front-runner who copies it cannot redirect the reward. No `<--` anywhere.
template Contribution(N, BITS, DEPTH) {
    signal input secret;
    signal input depth;
    signal input index;
    signal input siblings[DEPTH];
    signal input update[N];
    signal input salt;
    signal input roundScope;
    signal input l2BoundSq;
    signal input recipient;
    signal output root;
    signal output nullifier;
    signal output updateCommitment;

    (root, nullifier) <== Membership(DEPTH)(secret, depth, index, siblings, roundScope);
    updateCommitment <== NormBound(N, BITS)(update, salt, l2BoundSq);

    // Binds recipient to the proof: without a constraint, a public input that nothing uses could
    // be changed freely (the Groth16 equation would not depend on it). Semaphore does the same.
    signal recipientSquare <== recipient * recipient;
}

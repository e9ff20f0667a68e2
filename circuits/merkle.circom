pragma circom 2.2.3;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/mux1.circom";

// LeanIMTRoot(MAX_DEPTH): the root of a @zk-kit/lean-imt Poseidon tree, for a proof of any depth
// from 0 to MAX_DEPTH.
//
// Inputs (all private):
//   leaf              the leaf whose inclusion is proven. It enters the tree as it is: the caller
//                     must make leaves distinguishable from internal nodes (P2 outputs), as
//                     Membership does with MemberLeaf (every member leaf is a Poseidon(1) output).
//   depth             the number of levels in the proof, as @zk-kit/lean-imt's generateProof gives
//                     it (siblings.length): levels where a node had no sibling are skipped, exactly as
//                     LeanIMT skips hashing there, so the root matches the TypeScript and Solidity trees.
//   index             the leaf's path index as LeanIMT's proof gives it: bit i says whether the node
//                     at level i is a right child.
//   siblings[MAX_DEPTH] the siblings, zero-padded above depth.
// Output:
//   root              the root reached after `depth` levels.
//
// Safety conditions:
//   - index is decomposed by Num2Bits(MAX_DEPTH), so every path bit is constrained to be 0 or 1.
//     zk-kit.circom#24 (2025) took path indices as free signals feeding a multiplexer, and a
//     non-binary index let a prover mix node and sibling into a forged root. Here no bit can be 2.
//     It also forces index < 2^MAX_DEPTH.
//   - depth must equal exactly one of 0..MAX_DEPTH: the IsEqual selectors are summed and that sum
//     is constrained to 1, so an out-of-range depth cannot make the root collapse to 0.
//   - IsEqual is sound on any field element, so depth needs no separate range check.
//   - Every node above the leaf is a Poseidon(2) output: a level where LeanIMT carries a node up
//     without a sibling is not in the proof (depth counts only hashed levels), so this template
//     never carries a value up unhashed. That is what lets Membership tell leaves from nodes.
template LeanIMTRoot(MAX_DEPTH) {
    signal input leaf;
    signal input depth;
    signal input index;
    signal input siblings[MAX_DEPTH];
    signal output root;

    signal pathBits[MAX_DEPTH] <== Num2Bits(MAX_DEPTH)(index);

    signal nodes[MAX_DEPTH + 1];
    signal children[MAX_DEPTH][2];
    signal isAtDepth[MAX_DEPTH + 1];
    signal rootTerms[MAX_DEPTH + 1];
    nodes[0] <== leaf;

    var depthMatches = 0;
    var rootSum = 0;
    for (var level = 0; level <= MAX_DEPTH; level++) {
        isAtDepth[level] <== IsEqual()([depth, level]);
        rootTerms[level] <== isAtDepth[level] * nodes[level];
        depthMatches += isAtDepth[level];
        rootSum += rootTerms[level];

        if (level < MAX_DEPTH) {
            // pathBits[level] = 1 means the current node is the right child.
            children[level] <== MultiMux1(2)(
                [[nodes[level], siblings[level]], [siblings[level], nodes[level]]],
                pathBits[level]
            );
            nodes[level + 1] <== Poseidon(2)(children[level]);
        }
    }
    depthMatches === 1;
    root <== rootSum;
}

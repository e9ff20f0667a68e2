pragma circom 2.2.3;

include "circomlib/circuits/bitify.circom";
include "./normbound.circom";

// Aggregation of attested update commitments (issue #15), shared with src/zk/aggregation.ts (which
// mirrors every function here; change both together).

// The aggregate commitment's starting value: 2^128 above the update commitment's tag of the same
// shape. Update tags are below 2^128 (N < 2^112), so an aggregate commitment never shares a chain
// start with an update commitment, and the aggregate chain (no salt) is one element shorter too.
function AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H) {
    return (1 << 128) + UPDATE_COMMITMENT_DOMAIN(N, BITS, H);
}

// Aggregation(K, N, BITS, H): the weighted sum of up to K committed updates, in packed form.
//   Private inputs: packed[K][M], salt[K], the openings of the K commitments: packed[i] are the
//                   M = UPDATE_PACKED_ELEMENTS(N, BITS, H) packed elements of update i (slots of
//                   BITS + H bits holding offset values u + 2^(BITS-1)), salt[i] its salt.
//   Public inputs:  commitments[K], the update commitments C_1..C_K in submission order (padding
//                     slots beyond the round's k hold any commitment the prover can open, e.g.
//                     src/zk paddingCommitment: the zero update with salt 0);
//                   selection[K], bits: 1 adds contribution i, 0 leaves it out;
//                   weights[K], integer weights, each below 2^H, with Σ selection_i·weights_i < 2^H.
//   Output:         aggregateCommitment = PoseidonChain(M, AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H))
//                   over aggregate_e = Σ_i selection_i·weights_i·packed[i][e]. Slot j of the aggregate
//                   is Σ_i s_i·w_i·(u_ij + 2^(BITS-1)) = Σ_i s_i·w_i·u_ij + W·2^(BITS-1), with
//                   W = Σ_i s_i·w_i public, so the signed weighted sum is recovered from the
//                   published aggregate (src/zk unpackAggregate). The aggregate is public, so its
//                   commitment has no salt: it is a hash, one public signal instead of N values.
//   Public signals, as snarkjs orders them:
//                   [aggregateCommitment, commitments[K], selection[K], weights[K]].
// Output rather than public input: a Groth16 output is a public signal exactly like an input, and
// the verifier compares it with the hash of the published aggregate either way; as an output the
// witness generator computes it, and `<==` binds it with no extra equality constraint.
// Safety conditions:
//   - every selection bit is binary: selection_i·(selection_i − 1) = 0. Otherwise a selection of
//     −1 subtracts an update and Σ s·w could still pass the weight bound;
//   - every weight is range-checked to H bits (Num2Bits(H)), so a weight is a small non-negative
//     integer, never a "negative" field element; the total W = Σ s_i·w_i is then an integer below
//     K·2^H < p (no wrap; asserted below), and W itself is range-checked to H bits: W < 2^H;
//   - every opening is bound to its public commitment: the chain of [salt[i], packed[i]...] from
//     UPDATE_COMMITMENT_DOMAIN(N, BITS, H) is recomputed and constrained equal to commitments[i],
//     for selected and padding slots alike;
//   - padding cannot smuggle an update in: the term of contribution i is
//     scaled_i·packed[i][e] with scaled_i = selection_i·weights_i, so selection_i = 0 forces every
//     term of contribution i to 0, whatever its opening;
//   - no carry between slots, no wrap: this circuit does NOT range-check the opened values. It relies
//     on the Contribution proofs that attested the selected commitments (the contract must only
//     select commitments it accepted with a Contribution proof of the same N and BITS): those
//     range-checked every value to [0, 2^BITS) before packing them with H zero bits above each,
//     and Poseidon's collision resistance makes the opening here the same packed elements. Then a
//     slot of the aggregate is Σ s_i·w_i·v_ij ≤ W·(2^BITS − 1) < 2^(BITS + H): it fits its slot
//     (no carry into the next), and the element is below 2^(PER·(BITS + H)) ≤ 2^253 < p (no wrap),
//     so the aggregate elements are exactly the packing of the integer weighted sums;
//   - no `<--` here (circomlib's Num2Bits binds its `<--` bits by their weighted sum).
// Cost: one Poseidon chain per contribution (about 41 constraints per absorbed element, PER values
// each), one multiplication per packed element and contribution, K·(H + 2) + H for the selection
// and weight checks, and one chain over the M aggregate elements.
template Aggregation(K, N, BITS, H) {
    var M = UPDATE_PACKED_ELEMENTS(N, BITS, H);
    assert(K >= 1 && N >= 1 && BITS >= 1 && BITS < 256 && H >= 1 && H < 256);
    assert(BITS + H <= 253);
    // W < K·2^H < p: the sum of range-checked weights cannot wrap before its own range check.
    assert(bitLength(K) + H <= 252);

    signal input packed[K][M];
    signal input salt[K];
    signal input commitments[K];
    signal input selection[K];
    signal input weights[K];
    signal output aggregateCommitment;

    // Selection bits and weights.
    component weightBits[K];
    signal scaled[K];
    var totalWeight = 0;
    for (var i = 0; i < K; i++) {
        selection[i] * (selection[i] - 1) === 0;
        weightBits[i] = Num2Bits(H);
        weightBits[i].in <== weights[i];
        _ <== weightBits[i].out;
        scaled[i] <== selection[i] * weights[i];
        totalWeight += scaled[i];
    }
    component totalWeightBits = Num2Bits(H);
    totalWeightBits.in <== totalWeight;
    _ <== totalWeightBits.out;

    // Openings: each chain recomputed and bound to its public commitment.
    component openings[K];
    for (var i = 0; i < K; i++) {
        openings[i] = PoseidonChain(1 + M, UPDATE_COMMITMENT_DOMAIN(N, BITS, H));
        openings[i].elements[0] <== salt[i];
        for (var e = 0; e < M; e++) {
            openings[i].elements[1 + e] <== packed[i][e];
        }
        openings[i].out === commitments[i];
    }

    // The weighted sum of the packed elements: one multiplication per contribution and element.
    signal terms[K][M];
    var aggregate[M];
    for (var e = 0; e < M; e++) {
        aggregate[e] = 0;
        for (var i = 0; i < K; i++) {
            terms[i][e] <== scaled[i] * packed[i][e];
            aggregate[e] += terms[i][e];
        }
    }

    component aggregateChain = PoseidonChain(M, AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H));
    aggregateChain.elements <== aggregate;
    aggregateCommitment <== aggregateChain.out;
}

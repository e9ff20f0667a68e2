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
//   Private inputs: packed[K][M], salt[K]: the openings of the selected commitments. packed[i] are
//                   the M = UPDATE_PACKED_ELEMENTS(N, BITS, H) packed elements of update i (slots
//                   of BITS + H bits holding offset values u + 2^(BITS-1)), salt[i] its salt. An
//                   unselected slot (weight 0) needs no opening: any values do (src/zk uses zeros).
//   Public inputs:  commitments[K], the update commitments C_1..C_K in submission order; slots
//                     beyond the round's k hold 0;
//                   weights, ONE field element packing the K integer weights: w_i is bits
//                     [H·i, H·i + H) of weights. w_i = 0 leaves contribution i out, w_i > 0
//                     selects it. The total W = Σ w_i must be below 2^H.
//   Output:         aggregateCommitment = PoseidonChain(M, AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H))
//                   over aggregate_e = Σ_i w_i·packed[i][e]. Slot j of the aggregate is
//                   Σ_i w_i·(u_ij + 2^(BITS-1)) = Σ_i w_i·u_ij + W·2^(BITS-1), with W public (the
//                   sum of the public weights), so the signed weighted sum is recovered from the
//                   published aggregate (src/zk unpackAggregate). The aggregate is public, so its
//                   commitment has no salt: it is a hash, one public signal instead of N values.
//   Public signals, as snarkjs orders them: [aggregateCommitment, commitments[K], weights].
// Output rather than public input: a Groth16 output is a public signal exactly like an input, and
// the verifier compares it with the hash of the published aggregate either way; as an output the
// witness generator computes it, and `<==` binds it with no extra equality constraint. One packed
// weights signal instead of K: each public signal costs the verifier one elliptic-curve scalar
// multiplication (about 6k gas), so K − 1 fewer of them.
// Safety conditions:
//   - the weights are decoded uniquely: Num2Bits(K·H) constrains K·H binary bits whose weighted sum
//     equals weights; K·H ≤ 252 (asserted) makes 2^(K·H) − 1 < p, so there is exactly one
//     decomposition, and a weights value of 2^(K·H) or more (bits above slot K − 1) has none;
//   - every w_i is the integer of its H bits, in [0, 2^H): never a "negative" field element; the
//     total W = Σ w_i is then an integer below K·2^H ≤ 2^(K·H) < p (no wrap), and W itself is
//     range-checked to H bits: W < 2^H;
//   - every selected opening is bound to its public commitment: the chain of [salt[i], packed[i]...]
//     from UPDATE_COMMITMENT_DOMAIN(N, BITS, H) is recomputed and w_i·(chain_i − commitments[i]) = 0
//     is constrained. The field has no zero divisors, so for w_i ≠ 0 (as a field element, which an
//     integer in [1, 2^H) is) the chain equals the commitment. (This is selected_i·(chain_i − C_i)
//     = 0 with selected_i = 1 − IsZero(w_i), without IsZero's inverse hint and its 2 constraints.)
//     For w_i = 0 nothing is bound, which is what lets the aggregator leave out a contribution it
//     cannot open (garbage, undelivered) and lets padding slots carry commitment 0;
//   - an unselected slot cannot smuggle an update in: the term of contribution i is w_i·packed[i][e],
//     so w_i = 0 makes every term of contribution i zero, whatever its (unbound) opening;
//   - padding: commitment 0 has no known opening, which is fine because its weight must be 0. The
//     circuit does not know the round's k; the CONTRACT enforces weight 0 for every slot at or
//     beyond the round's count (and for every contribution it did not accept);
//   - no carry between slots, no wrap: this circuit does NOT range-check the opened values. It relies
//     on the Contribution proofs that attested the selected commitments (the contract must only
//     give a positive weight to commitments it accepted with a Contribution proof of the same N,
//     BITS and H): those range-checked every value to [0, 2^BITS) before packing them with H zero
//     bits above each, and Poseidon's collision resistance makes the opening here the same packed
//     elements. Then a slot of the aggregate is Σ w_i·v_ij ≤ W·(2^BITS − 1) < 2^(BITS + H): it fits
//     its slot (no carry into the next), and the element is below 2^(PER·(BITS + H)) ≤ 2^253 < p
//     (no wrap), so the aggregate elements are exactly the packing of the integer weighted sums;
//   - no `<--` here (circomlib's Num2Bits binds its `<--` bits by their weighted sum).
// Cost: one Poseidon chain per contribution (about 41 constraints per absorbed element, PER values
// each), one multiplication per packed element and contribution, K·H + H bits and K opening
// constraints for the weights, and one chain over the M aggregate elements.
template Aggregation(K, N, BITS, H) {
    var M = UPDATE_PACKED_ELEMENTS(N, BITS, H);
    assert(K >= 1 && N >= 1 && BITS >= 1 && BITS < 256 && H >= 1 && H < 256);
    assert(BITS + H <= 253);
    // One decomposition of weights (2^(K·H) − 1 < p), and W < K·2^H ≤ 2^(K·H) < p: the sum of the
    // weights cannot wrap before its own range check.
    assert(K * H <= 252);

    signal input packed[K][M];
    signal input salt[K];
    signal input commitments[K];
    signal input weights;
    signal output aggregateCommitment;

    // The weights: K slots of H bits, and their total below 2^H.
    component weightBits = Num2Bits(K * H);
    weightBits.in <== weights;
    var w[K];
    var totalWeight = 0;
    for (var i = 0; i < K; i++) {
        w[i] = 0;
        for (var b = 0; b < H; b++) {
            w[i] += weightBits.out[H * i + b] * (1 << b);
        }
        totalWeight += w[i];
    }
    component totalWeightBits = Num2Bits(H);
    totalWeightBits.in <== totalWeight;
    _ <== totalWeightBits.out;

    // Openings: each chain recomputed, and bound to its public commitment when the weight is not 0.
    component openings[K];
    for (var i = 0; i < K; i++) {
        openings[i] = PoseidonChain(1 + M, UPDATE_COMMITMENT_DOMAIN(N, BITS, H));
        openings[i].elements[0] <== salt[i];
        for (var e = 0; e < M; e++) {
            openings[i].elements[1 + e] <== packed[i][e];
        }
        w[i] * (openings[i].out - commitments[i]) === 0;
    }

    // The weighted sum of the packed elements: one multiplication per contribution and element.
    signal terms[K][M];
    var aggregate[M];
    for (var e = 0; e < M; e++) {
        aggregate[e] = 0;
        for (var i = 0; i < K; i++) {
            terms[i][e] <== w[i] * packed[i][e];
            aggregate[e] += terms[i][e];
        }
    }

    component aggregateChain = PoseidonChain(M, AGGREGATE_COMMITMENT_DOMAIN(N, BITS, H));
    aggregateChain.elements <== aggregate;
    aggregateCommitment <== aggregateChain.out;
}

pragma circom 2.2.3;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Update encoding shared by the circuits and src/zk/commitment.ts (which mirrors every function
// here; change both together):
//   - an update value u is a signed fixed-point integer in [-2^(BITS-1), 2^(BITS-1));
//   - it is range-checked and packed in its offset encoding u + 2^(BITS-1), in [0, 2^BITS);
//   - UPDATE_VALUES_PER_ELEMENT(BITS) offset values are packed little-endian into one field element;
//   - the elements [salt, packed_0, packed_1, ...] are absorbed by a Poseidon sponge.

// Offset values packed per field element: every packed element stays below 2^253 < p.
function UPDATE_VALUES_PER_ELEMENT(BITS) {
    return 253 \ BITS;
}

// Field elements the sponge absorbs: the salt, then the packed update.
function UPDATE_SPONGE_ELEMENTS(N, BITS) {
    var perElement = UPDATE_VALUES_PER_ELEMENT(BITS);
    return 1 + (N + perElement - 1) \ perElement;
}

// Sponge rate: circomlib's Poseidon permutation has width at most 17, so at most 16 rate elements
// next to the one capacity element; small updates use a narrower (cheaper) permutation.
function UPDATE_SPONGE_RATE(N, BITS) {
    var elements = UPDATE_SPONGE_ELEMENTS(N, BITS);
    return elements < 16 ? elements : 16;
}

// The sponge's initial capacity: a domain tag naming the vector length and width, so commitments
// to vectors of different shapes can never be equal by zero padding.
function UPDATE_COMMITMENT_DOMAIN(N, BITS) {
    return N * 256 + BITS;
}

// Bit length of an integer given as a template parameter (bitLength(0) = 0).
function bitLength(x) {
    var n = 0;
    var rest = x;
    while (rest > 0) {
        rest = rest \ 2;
        n++;
    }
    return n;
}

// Width K of the sum of squares: Σu² ≤ N·2^(2·BITS−2) < 2^(bitLength(N) + 2·BITS − 2) = 2^K.
function SUM_OF_SQUARES_BITS(N, BITS) {
    return bitLength(N) + 2 * BITS - 2;
}

// SignedRangeCheck(BITS): proves that a field element encodes a signed integer in
// [-2^(BITS-1), 2^(BITS-1)).
//   Input:  value, read as a signed integer (negative values are p - |value| in the field).
//   Output: none; the template only constrains.
// Safety: Num2Bits(BITS) constrains each of its BITS bits to be binary and their weighted sum to
// equal value + 2^(BITS-1), so value + 2^(BITS-1) lies in [0, 2^BITS). A value wrapped around the
// field (e.g. -2^BITS, which is p - 2^BITS) has an offset encoding of about p, far above 2^BITS,
// and no binary decomposition exists. Requires BITS ≤ 252 so that 2^BITS < p.
template SignedRangeCheck(BITS) {
    assert(BITS >= 1 && BITS <= 252);
    signal input value;

    component bits = Num2Bits(BITS);
    bits.in <== value + (1 << (BITS - 1));
    // The bits are the proof that value is in range, and nothing else needs them.
    _ <== bits.out;
}

// UpdateCommitment(N, BITS): a hiding, binding commitment to a range-checked update.
//   Inputs:  offsetValues[N], each ALREADY range-checked to [0, 2^BITS) by the caller (the update in
//            offset encoding u + 2^(BITS-1)); salt, a random field element that hides the update.
//   Output:  commitment, the last permutation's first state element after absorbing
//            [salt, packed_0, ..., packed_{M-1}] with a Poseidon sponge whose capacity starts at
//            UPDATE_COMMITMENT_DOMAIN(N, BITS), rate UPDATE_SPONGE_RATE(N, BITS), absorbing by
//            field addition into the rate, zero-padded to a whole number of blocks.
// Safety: packing is injective because each offset value is below 2^BITS (the caller's range
// check) and UPDATE_VALUES_PER_ELEMENT values fill at most 253 bits, so no packed element wraps
// the field. The packing is linear, so it costs no constraint once --O2 folds it in; the length is
// fixed by N and the domain tag separates shapes, so zero padding is unambiguous.
template UpdateCommitment(N, BITS) {
    var PER = UPDATE_VALUES_PER_ELEMENT(BITS);
    var ELEMENTS = UPDATE_SPONGE_ELEMENTS(N, BITS);
    var RATE = UPDATE_SPONGE_RATE(N, BITS);
    var BLOCKS = (ELEMENTS + RATE - 1) \ RATE;
    assert(N >= 1 && BITS >= 1 && BITS * PER <= 253 && BITS < 256);

    signal input offsetValues[N];
    signal input salt;
    signal output commitment;

    var elements[BLOCKS * RATE];
    for (var e = 0; e < BLOCKS * RATE; e++) {
        elements[e] = 0;
    }
    elements[0] = salt;
    for (var i = 0; i < N; i++) {
        elements[1 + i \ PER] += offsetValues[i] * (1 << (BITS * (i % PER)));
    }

    // state[b] is the full sponge state before block b: [capacity, rate_1 .. rate_RATE].
    signal state[BLOCKS][RATE + 1];
    state[0][0] <== UPDATE_COMMITMENT_DOMAIN(N, BITS);
    for (var r = 1; r <= RATE; r++) {
        state[0][r] <== 0;
    }
    component permutations[BLOCKS];
    for (var b = 0; b < BLOCKS; b++) {
        var last = b == BLOCKS - 1;
        permutations[b] = PoseidonEx(RATE, last ? 1 : RATE + 1);
        permutations[b].initialState <== state[b][0];
        for (var r = 0; r < RATE; r++) {
            permutations[b].inputs[r] <== state[b][r + 1] + elements[b * RATE + r];
        }
        if (!last) {
            for (var s = 0; s <= RATE; s++) {
                state[b + 1][s] <== permutations[b].out[s];
            }
        }
    }
    commitment <== permutations[BLOCKS - 1].out[0];
}

// NormBound(N, BITS): a committed model update whose squared L2 norm is at most a public bound.
//   Private inputs: update[N], signed fixed-point integers in [-2^(BITS-1), 2^(BITS-1));
//                   salt, a random field element hiding the update.
//   Public input:   l2BoundSq, the bound on Σ update_i², below 2^K with K = SUM_OF_SQUARES_BITS.
//   Output:         updateCommitment = UpdateCommitment(N, BITS)(update + 2^(BITS-1), salt).
// L∞ is fixed by BITS, with no separate public bound: |u| ≤ 2^(BITS-1) (see docs/CIRCUITS.md).
// Safety conditions:
//   - every update value is range-checked by bit decomposition in offset encoding
//     (SignedRangeCheck), so a negative value wrapped around the field is rejected;
//   - the sum of squares cannot wrap the field: each square is at most 2^(2·BITS−2), so the sum is
//     at most N·2^(2·BITS−2) < 2^K; the template refuses at compile time any N, BITS with K > 252,
//     which implies N·2^(2·BITS−2) < 2^252 < p;
//   - the comparison sees only range-checked inputs: the sum (< 2^K by the above) and l2BoundSq
//     (range-checked to K bits here); it range-checks l2BoundSq − sum to K bits, which holds
//     exactly when sum ≤ l2BoundSq;
//   - no `<--`: every signal is assigned with `<==`.
template NormBound(N, BITS) {
    var K = SUM_OF_SQUARES_BITS(N, BITS);
    assert(N >= 1);
    assert(BITS >= 1);
    // N·2^(2·BITS−2) < 2^K ≤ 2^252 < p: the sum of squares cannot wrap, and LessEqThan accepts K.
    assert(K <= 252);

    signal input update[N];
    signal input salt;
    signal input l2BoundSq;
    signal output updateCommitment;

    component valueRange[N];
    signal squares[N];
    signal offsetValues[N];
    var sumOfSquares = 0;
    for (var i = 0; i < N; i++) {
        valueRange[i] = SignedRangeCheck(BITS);
        valueRange[i].value <== update[i];
        offsetValues[i] <== update[i] + (1 << (BITS - 1));
        squares[i] <== update[i] * update[i];
        sumOfSquares += squares[i];
    }

    // The comparison sum ≤ l2BoundSq, as a range check of the difference: both sides lie in
    // [0, 2^K), so l2BoundSq − sum lies in [0, 2^K) exactly when sum ≤ l2BoundSq; otherwise the
    // difference wraps to p − (sum − l2BoundSq) > p − 2^K > 2^K and has no K-bit decomposition.
    // (circomlib's LessEqThan(K) computes the same decomposition with one more bit, and leaves its
    // low bits unused, which --inspect reports.)
    component boundBits = Num2Bits(K);
    boundBits.in <== l2BoundSq;
    component slackBits = Num2Bits(K);
    slackBits.in <== l2BoundSq - sumOfSquares;
    _ <== boundBits.out;
    _ <== slackBits.out;

    updateCommitment <== UpdateCommitment(N, BITS)(offsetValues, salt);
}

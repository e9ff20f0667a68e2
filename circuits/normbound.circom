pragma circom 2.2.3;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Update encoding shared by the circuits and src/zk/encoding.ts, src/zk/commitment.ts (which
// mirror every function here; change both together):
//   - an update value u is a signed fixed-point integer in [-2^(BITS-1), 2^(BITS-1));
//   - it is range-checked and packed in its offset encoding u + 2^(BITS-1), in [0, 2^BITS);
//   - each offset value sits in a slot of BITS + H bits, H = AGGREGATION_HEADROOM() bits of
//     headroom above the value, and UPDATE_VALUES_PER_ELEMENT(BITS, H) = floor(253 / (BITS + H))
//     slots are packed little-endian into one field element;
//   - the elements [salt, packed_0, packed_1, ...] are hashed by a Poseidon chain that starts from
//     UPDATE_COMMITMENT_DOMAIN(N, BITS, H) and absorbs UPDATE_CHAIN_BLOCK elements per hash.
// The headroom is what lets Aggregation (circuits/aggregation.circom) add weighted packed elements
// directly: with every value below 2^BITS and Σ weights < 2^H, a slot's weighted sum stays below
// 2^(BITS + H), so no slot carries into the next and no packed element wraps the field.

// H, the headroom bits of every slot. H = 5 bounds the total weight one aggregation proof adds,
// Σ w_i < 2^H = 32: up to 31 unit-weight contributions (K = 16 unit weights fit, which H = 4, a
// total of at most 15, did not), or fewer with larger integer weights. At BITS = 16 it packs the
// same 12 values per field element as H = 4 (253 \ 21 = 253 \ 20 = 12), against 15 without
// headroom (253 \ 16): about 25% more hashing in the Contribution proof, which is small next to its
// 17 constraints per parameter of range check and square. (circom has no default template
// parameters, so NormBound takes H from this function; UpdateCommitment and Aggregation take it as
// a parameter and name it in their domain tags.)
function AGGREGATION_HEADROOM() {
    return 5;
}

// Offset values packed per field element: every packed element, slots of BITS + H bits, stays
// below 2^253 < p, headroom included.
function UPDATE_VALUES_PER_ELEMENT(BITS, H) {
    return 253 \ (BITS + H);
}

// Packed elements of an N-value update.
function UPDATE_PACKED_ELEMENTS(N, BITS, H) {
    var perElement = UPDATE_VALUES_PER_ELEMENT(BITS, H);
    return (N + perElement - 1) \ perElement;
}

// Field elements the chain absorbs: the salt, then the packed update.
function UPDATE_CHAIN_ELEMENTS(N, BITS, H) {
    return 1 + UPDATE_PACKED_ELEMENTS(N, BITS, H);
}

// Elements absorbed per hash: circomlib's Poseidon takes at most 16 inputs, one of which carries
// the chain value.
function UPDATE_CHAIN_BLOCK() {
    return 15;
}

// The chain's starting value: a domain tag naming the vector length, the value width and the
// headroom, so commitments to vectors of different shapes or packings are hashes of different
// inputs. Injective for BITS < 256 and H < 256; below 2^128 for every N < 2^112.
function UPDATE_COMMITMENT_DOMAIN(N, BITS, H) {
    return (N * 256 + BITS) * 256 + H;
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

// PoseidonChain(ELEMENTS, DOMAIN): Merkle–Damgård over circomlib's Poseidon.
//   Input:  elements[ELEMENTS], any field elements.
//   Output: out = h_B of h_0 = DOMAIN, h_{b+1} = Poseidon(h_b, block_b), where block_b are the next
//           (at most UPDATE_CHAIN_BLOCK() = 15) elements; the last hash is as wide as its block.
// Safety: collision resistant as Poseidon is, for a fixed ELEMENTS (different lengths must use
// different DOMAIN values, which the callers' domain tags ensure). No range checks: the elements
// are hashed as field elements. Every signal is assigned with `<==`.
template PoseidonChain(ELEMENTS, DOMAIN) {
    var BLOCK = UPDATE_CHAIN_BLOCK();
    var HASHES = (ELEMENTS + BLOCK - 1) \ BLOCK;
    assert(ELEMENTS >= 1);

    signal input elements[ELEMENTS];
    signal output out;

    signal chain[HASHES + 1];
    chain[0] <== DOMAIN;
    component hashes[HASHES];
    for (var h = 0; h < HASHES; h++) {
        var size = ELEMENTS - h * BLOCK < BLOCK ? ELEMENTS - h * BLOCK : BLOCK;
        hashes[h] = Poseidon(1 + size);
        hashes[h].inputs[0] <== chain[h];
        for (var k = 0; k < size; k++) {
            hashes[h].inputs[1 + k] <== elements[h * BLOCK + k];
        }
        chain[h + 1] <== hashes[h].out;
    }
    out <== chain[HASHES];
}

// UpdateCommitment(N, BITS, H): a hiding, binding commitment to a range-checked update.
//   Inputs:  offsetValues[N], each ALREADY range-checked to [0, 2^BITS) by the caller (the update in
//            offset encoding u + 2^(BITS-1)); salt, a random field element that hides the update.
//   Output:  commitment = PoseidonChain over [salt, packed_0, ..., packed_{M-1}] from
//            UPDATE_COMMITMENT_DOMAIN(N, BITS, H); packed_e holds the values e·PER .. e·PER + PER − 1
//            in slots of BITS + H bits, PER = floor(253 / (BITS + H)). NormBound (hence every
//            Contribution) uses H = AGGREGATION_HEADROOM(); H is a parameter so that a benchmark
//            instance can measure the unpacked baseline (H = 0) against it.
// Safety: packing is injective because each offset value is below 2^BITS (the caller's range
// check), so it fits its slot with H zero bits above it, and PER slots fill at most 253 bits, so no
// packed element wraps the field. Packing is linear, so it costs no constraint once --O2 folds it
// in. The chain is collision resistant as Poseidon is; the number of elements is fixed by N, BITS
// and H, which the starting value names, so no padding ambiguity arises. The H zero bits of every
// slot are what Aggregation relies on (see circuits/aggregation.circom).
template UpdateCommitment(N, BITS, H) {
    var SLOT = BITS + H;
    var PER = UPDATE_VALUES_PER_ELEMENT(BITS, H);
    var ELEMENTS = UPDATE_CHAIN_ELEMENTS(N, BITS, H);
    assert(N >= 1 && BITS >= 1 && BITS < 256 && H >= 0 && H < 256 && SLOT <= 253);

    signal input offsetValues[N];
    signal input salt;
    signal output commitment;

    var elements[ELEMENTS];
    for (var e = 0; e < ELEMENTS; e++) {
        elements[e] = 0;
    }
    elements[0] = salt;
    for (var i = 0; i < N; i++) {
        elements[1 + i \ PER] += offsetValues[i] * (1 << (SLOT * (i % PER)));
    }

    commitment <== PoseidonChain(ELEMENTS, UPDATE_COMMITMENT_DOMAIN(N, BITS, H))(elements);
}

// NormBound(N, BITS): a committed model update whose squared L2 norm is at most a public bound.
//   Private inputs: update[N], signed fixed-point integers in [-2^(BITS-1), 2^(BITS-1));
//                   salt, a random field element hiding the update.
//   Public input:   l2BoundSq, the bound on Σ update_i², below 2^K with K = SUM_OF_SQUARES_BITS.
//   Output:         updateCommitment = UpdateCommitment(N, BITS, AGGREGATION_HEADROOM())(update +
//                   2^(BITS-1), salt).
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
//   - no `<--` here: every signal is assigned with `<==` (circomlib's Num2Bits binds its `<--`
//     bits with a constraint that their weighted sum equals the input).
template NormBound(N, BITS) {
    var K = SUM_OF_SQUARES_BITS(N, BITS);
    assert(N >= 1);
    assert(BITS >= 1);
    // N·2^(2·BITS−2) < 2^K ≤ 2^252 < p: the sum of squares cannot wrap, and neither can the slack.
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

    updateCommitment <== UpdateCommitment(N, BITS, AGGREGATION_HEADROOM())(offsetValues, salt);
}

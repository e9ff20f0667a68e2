// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAggregationVerifier: the shape every generated Aggregation verifier has.
/// @notice Aggregation(K, N, BITS, H) (circuits/aggregation.circom) proves that the aggregator knows
/// the openings of the selected update commitments and that `aggregateCommitment` commits to their
/// weighted sum. Public signals, in the order the circuit exposes them:
/// [aggregateCommitment, commitments[0], …, commitments[K − 1], weights].
/// `weights` packs one H-bit integer weight per contribution slot, slot i at bits [H·i, H·i + H):
/// weight 0 leaves contribution i out, a positive weight selects it. The circuit refuses a total
/// weight of 2^H or more (no carry between the aggregate's slots). Slots past the round's
/// contributions hold commitment 0 and weight 0; `verifyAggregation` pads a shorter array with zeros.
interface IAggregationVerifier {
    /// @notice keccak256 of the verification key JSON (as snarkjs exports it) this verifier embeds;
    /// contracts/generated/keys.json records the same hash per circuit.
    // solhint-disable-next-line func-name-mixedcase
    function VERIFICATION_KEY_HASH() external view returns (bytes32);

    /// @notice K: the most contributions one proof aggregates.
    function maxContributions() external view returns (uint256);

    /// @notice N: the update length of the Contribution circuits whose commitments it opens.
    function updateLength() external view returns (uint256);

    /// @notice BITS: the bits of each update value.
    function valueBits() external view returns (uint256);

    /// @notice H: the headroom bits above each packed value, and the width of each weight.
    function headroom() external view returns (uint256);

    /// @notice Checks a Groth16 aggregation proof; false for any invalid input (a signal not below the
    /// scalar field modulus, more than K commitments, a point off the curve).
    /// @param aggregateCommitment The commitment to the packed weighted sum (the circuit's output).
    /// @param commitments The update commitments in submission order, at most K; missing slots are 0.
    /// @param weights The packed weights (see the contract notice).
    function verifyAggregation(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256 aggregateCommitment,
        uint256[] calldata commitments,
        uint256 weights
    ) external view returns (bool);
}

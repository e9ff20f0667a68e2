// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAggregationVerifier} from "./IAggregationVerifier.sol";
import {IContributionVerifier} from "./IContributionVerifier.sol";
import {IGuardiansErrors} from "./IGuardiansErrors.sol";
import {IModelRegistry} from "./IModelRegistry.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/// @title IRoundManager: training rounds and contribution attestations.
/// @notice A coordinator opens a round; any wallet submits one contribution per member identity with one
/// Groth16 proof; after the window the coordinator finalizes with a second Groth16 proof that the
/// candidate's aggregate is the weighted sum of exactly the selected contributions of the round; after a
/// challenge period in which governance may revoke contributions, recipients claim their bond, plus an
/// equal share of the pool for each contribution the proven selection included.
/// A round the coordinator does not finalize by its deadline can be cancelled by anyone: its pool
/// returns to the treasury and every unrevoked contribution claims its bond back, so no coordinator
/// can lock participants' bonds. Bonds are paid from a bond balance the submitting wallet deposits
/// beforehand (`depositBonds`) and may withdraw at any time; refunds go to each contribution's recipient.
interface IRoundManager is IGuardiansErrors {
    /// @notice Lifecycle of a round.
    enum RoundStatus {
        None,
        Open,
        Finalized,
        Cancelled
    }

    /// @notice Lifecycle of an attestation.
    enum AttestationStatus {
        None,
        Valid,
        Revoked,
        Claimed
    }

    /// @notice A Groth16 proof, as snarkjs exports it for Solidity.
    struct Proof {
        uint256[2] pA;
        uint256[2][2] pB;
        uint256[2] pC;
    }

    /// @notice What the coordinator chooses when opening a round.
    /// @param baseModelVersion The model version the round trains from (a ModelRegistry id).
    /// @param l2BoundSq The bound on the squared L2 norm of a quantized update. Below 2^96: a circuit's
    /// sum of squares has bitLength(N) + 2·BITS − 2 bits, 96 at most for BITS ≤ 40 and N < 2^18.
    /// @param n Update length (N) of the circuit.
    /// @param bits Quantization bits (BITS) of the circuit.
    /// @param fracBits Fractional bits of the fixed-point quantization (off-chain; must be < bits).
    /// @param depth Maximum member tree depth of the circuit.
    /// @param window Seconds the round accepts contributions.
    /// @param bond Bond per contribution, taken from the submitter, returned on claim.
    /// @param rewardPool Reward pool, taken from the opener, shared equally by the unrevoked contributions
    /// the aggregation proof selects.
    /// @param maxContributions Maximum number of contributions: at most K, the number of contributions the
    /// round's aggregation verifier (registered for (n, bits)) aggregates in one proof.
    /// @param aggregatorKey The aggregator's encryption key: the x coordinate of a secp256k1 public key
    /// with even y (BIP-340 style). Each participant encrypts its opening to it in `submit`
    /// (docs/PROTOCOL.md, "Delivering the opening"). Not checked on chain beyond being non-zero: the SDK
    /// refuses a key that is not on the curve before opening the round.
    // Calldata only, never stored, so its packing costs nothing.
    // solhint-disable-next-line gas-struct-packing
    struct RoundConfig {
        uint256 baseModelVersion;
        uint96 l2BoundSq;
        uint16 n;
        uint8 bits;
        uint8 fracBits;
        uint8 depth;
        uint64 window;
        uint128 bond;
        uint128 rewardPool;
        uint32 maxContributions;
        bytes32 aggregatorKey;
    }

    /// @notice Limits within which coordinators open rounds, the finalization period and the challenge
    /// period (governance).
    /// @param challengePeriod Seconds after finalization during which governance may revoke a
    /// contribution; never below `minChallengePeriod`, the governance latency.
    /// @param finalizationPeriod Seconds after a round closes within which the coordinator must finalize
    /// it; afterwards it can only be cancelled (by anyone).
    /// @param maxL2BoundSq The largest squared-L2 bound a round may set: a huge bound would make the
    /// norm check meaningless.
    /// @dev maxWindow, challengePeriod and finalizationPeriod are at most 100 years each, so every
    /// deadline a round stores fits in uint40.
    struct Limits {
        // slot 0
        uint64 minWindow;
        uint64 maxWindow;
        uint128 minBond;
        // slot 1
        uint128 maxBond;
        uint128 maxRewardPool;
        // slot 2
        uint32 maxContributions;
        uint64 challengePeriod;
        uint64 finalizationPeriod;
        uint96 maxL2BoundSq;
    }

    /// @notice A round as stored (eleven slots, packed so that `submit` reads five and `claim` three).
    // Packed by what each function reads (see the slot comments), not by size.
    // solhint-disable-next-line gas-struct-packing
    struct Round {
        // slot 0: read by submit
        IContributionVerifier verifier;
        uint96 l2BoundSq;
        // slot 1: read by submit and claim. `maxOpeningLength`: OPENING_ENVELOPE_BYTES + n·ceil(bits/8),
        // computed at openRound so that submit checks an opening's length without reading slot 3.
        uint128 bond;
        uint32 contributions;
        uint32 maxContributions;
        uint40 closesAt;
        RoundStatus status;
        uint16 maxOpeningLength;
        // slot 2: read by claim. `rewarded`: the selected contributions not revoked, set at finalization.
        uint128 rewardPool;
        uint32 rewarded;
        uint40 challengeEndsAt;
        uint40 finalizeBy;
        bool remainderSwept;
        // slot 3: the circuits' shape, and the verifier of the round's aggregation proof with its H.
        uint16 n;
        uint8 bits;
        uint8 fracBits;
        uint8 depth;
        uint8 headroom;
        IAggregationVerifier aggregationVerifier;
        // slots 4 and 5
        uint256 baseModelVersion;
        uint256 candidateVersion;
        // slot 6: read and written by submit. keccak256 chain of the update commitments in submission
        // order, from a seed naming the chain, this contract and the round (see `commitmentsDigest`).
        bytes32 commitmentsDigest;
        // slots 7 and 8: read by submit. The verifier's input point for the round's constant signals
        // (roundScope, l2BoundSq), computed once at openRound (IContributionVerifier.roundPoint).
        uint256[2] roundPoint;
        // slot 9: read by claim. The proven selection: H-bit weight of contribution i at bits [H·i, H·i + H)
        // (IAggregationVerifier), 0 for a contribution left out.
        uint256 selection;
        // slot 10: bit i set when contribution i was revoked; written only by revokeContribution.
        uint256 revokedMask;
        // slot 11: never read by a contract; participants read it to encrypt their openings.
        bytes32 aggregatorKey;
    }

    /// @notice An attestation as stored: one packed slot with what `claim` and `revokeContribution`
    /// read. The rest of the record never changes and no contract reads it: the uid is derived from the
    /// nullifier, and the nullifier, update commitment and submitter live in the `ContributionSubmitted`
    /// event, indexed by uid (see docs/PROTOCOL.md). `index` is the contribution's position in its round
    /// (submission order), which names its slot in the aggregation proof and in the selection.
    struct Attestation {
        address recipient;
        uint40 time;
        uint40 roundId;
        uint8 index;
        AttestationStatus status;
    }

    /// @notice The aggregation proof a round is finalized with (IAggregationVerifier).
    /// @param proof The Groth16 proof of Aggregation(K, N, BITS, H).
    /// @param aggregateCommitment The commitment to the packed weighted sum of the selected updates.
    /// @param selection The packed weights: H bits per contribution, 0 for one left out.
    /// @param commitments The round's update commitments in submission order, checked against the
    /// round's `commitmentsDigest`.
    // Calldata only, never stored.
    // solhint-disable-next-line gas-struct-packing
    struct AggregationProof {
        Proof proof;
        uint256 aggregateCommitment;
        uint256 selection;
        uint256[] commitments;
    }

    /// @notice The model version candidate the coordinator links at finalization.
    struct Candidate {
        bytes32 weightsHash;
        string uri;
        uint32 accuracyBps;
        bytes32 metricsHash;
    }

    /// @notice The round does not exist, is closed, or is finalized.
    error RoundManagerRoundNotOpen(uint256 roundId);
    /// @notice The round already holds its maximum number of contributions.
    error RoundManagerRoundFull(uint256 roundId);
    /// @notice Public signal `index` is not below the BN254 scalar field modulus.
    error RoundManagerSignalNotInField(uint256 index);
    /// @notice The proof's round scope is not this round's (another round, contract or chain).
    error RoundManagerWrongRoundScope(uint256 expected, uint256 actual);
    /// @notice The proof's L2 bound is not the round's.
    error RoundManagerWrongL2Bound(uint256 expected, uint256 actual);
    /// @notice The recipient signal is zero or not an address.
    error RoundManagerInvalidRecipient(uint256 recipient);
    /// @notice The nullifier was already used in this round.
    error RoundManagerNullifierAlreadyUsed(uint256 roundId, uint256 nullifier);
    /// @notice The proof does not verify.
    error RoundManagerInvalidProof();
    /// @notice The caller's bond balance is smaller than the bond or withdrawal it needs.
    error RoundManagerInsufficientBondBalance(uint256 needed, uint256 available);
    /// @notice No verifier is registered for (n, bits, depth).
    error RoundManagerVerifierNotRegistered(uint16 n, uint8 bits, uint8 depth);
    /// @notice A verifier is already registered for (n, bits, depth).
    error RoundManagerVerifierAlreadyRegistered(uint16 n, uint8 bits, uint8 depth);
    /// @notice The round configuration is outside the governance limits.
    error RoundManagerRoundConfigOutOfLimits();
    /// @notice The base model version is not a usable version of the model registry.
    error RoundManagerUnknownBaseModel(uint256 versionId);
    /// @notice The round cannot be finalized (unknown, still open, past its finalization deadline, or
    /// already finalized or cancelled).
    error RoundManagerRoundNotFinalizable(uint256 roundId);
    /// @notice The round is not Open, so it cannot be cancelled.
    error RoundManagerRoundNotCancellable(uint256 roundId);
    /// @notice Only governance may cancel a round before its finalization deadline (`finalizeBy`).
    error RoundManagerFinalizationDeadlineNotPassed(uint256 roundId, uint256 finalizeBy);
    /// @notice The round was cancelled: its contributions can no longer be revoked, only refunded.
    error RoundManagerRoundWasCancelled(uint256 roundId);
    /// @notice The call needs the challenge period to be over.
    error RoundManagerChallengePeriodNotOver(uint256 roundId);
    /// @notice The challenge period is over: the contribution can no longer be revoked.
    error RoundManagerChallengePeriodOver(uint256 roundId);
    /// @notice The attestation is not in the state the call needs.
    error RoundManagerWrongAttestationStatus(bytes32 uid, AttestationStatus status);
    /// @notice The round's pool remainder was already swept.
    error RoundManagerRemainderAlreadySwept(uint256 roundId);
    /// @notice Limits out of range.
    error RoundManagerInvalidLimits();
    /// @notice A challenge period shorter than the governance latency the contract was deployed with:
    /// a revocation proposed when a contribution lands could not execute before claims open.
    error RoundManagerChallengeBelowGovernanceLatency(uint256 challengePeriod, uint256 minChallengePeriod);
    /// @notice The member tree is deeper than the circuit of (n, bits, depth) can prove in.
    error RoundManagerTreeTooDeep(uint256 treeDepth, uint8 verifierDepth);
    /// @notice The round's bound is above the governance maximum.
    error RoundManagerBoundAboveLimit(uint256 l2BoundSq, uint256 maxL2BoundSq);
    /// @notice The round's bound does not fit the circuit's sum-of-squares width: no proof could use it.
    error RoundManagerBoundExceedsCircuit(uint256 l2BoundSq, uint256 sumOfSquaresBits);
    /// @notice No aggregation verifier is registered for (n, bits).
    error RoundManagerAggregationVerifierNotRegistered(uint16 n, uint8 bits);
    /// @notice An aggregation verifier is already registered for (n, bits).
    error RoundManagerAggregationVerifierAlreadyRegistered(uint16 n, uint8 bits);
    /// @notice The aggregation verifier's shape cannot be used: K or H is zero, H is above 8, K is above
    /// 2^H − 1 (a round could take contributions no selection can include with weight 1), or N or BITS
    /// does not fit the round's fields.
    error RoundManagerAggregationVerifierUnsupported(uint256 k, uint256 n, uint256 bits, uint256 headroom);
    /// @notice The round would take more contributions than one aggregation proof covers (K).
    error RoundManagerRoundLargerThanAggregation(uint256 maxContributions, uint256 k);
    /// @notice The finalization names a different number of commitments than the round accepted.
    error RoundManagerCommitmentCountMismatch(uint256 expected, uint256 actual);
    /// @notice The finalization's commitments are not the round's, in submission order.
    error RoundManagerCommitmentsMismatch(uint256 roundId);
    /// @notice The selection gives a weight to slot `index`, past the round's contributions.
    error RoundManagerUnknownContributionSelected(uint256 index);
    /// @notice The selection includes contribution `index`, which governance revoked.
    error RoundManagerRevokedContributionSelected(uint256 index);
    /// @notice The selected weights sum to `totalWeight`, above the aggregation headroom's maximum.
    error RoundManagerAggregationWeightsOverBound(uint256 totalWeight, uint256 maxTotalWeight);
    /// @notice The selection includes no contribution: there is no aggregate to make a candidate of.
    error RoundManagerEmptySelection(uint256 roundId);
    /// @notice The aggregation proof does not verify.
    error RoundManagerInvalidAggregationProof();
    /// @notice A round was opened without the aggregator's encryption key.
    error RoundManagerMissingAggregatorKey();
    /// @notice An encrypted opening is empty or longer than the round's format allows (`maxOpeningLength`).
    error RoundManagerOpeningLengthInvalid(uint256 length, uint256 maxLength);
    /// @notice Only a contribution's recipient may deliver its opening again.
    error RoundManagerNotRecipient(bytes32 uid, address caller);

    /// @notice A round was opened.
    event RoundOpened(uint256 indexed roundId, address indexed coordinator, RoundConfig config, uint256 closesAt);
    /// @notice A contribution was attested (the full attestation record); `index` is its position in the
    /// round, and `encryptedOpening` its opening encrypted to the round's aggregator key: its first
    /// delivery, in the event that creates the contribution (one log rather than two per submission).
    event ContributionSubmitted(
        bytes32 indexed uid,
        uint256 indexed roundId,
        address indexed recipient,
        uint256 nullifier,
        uint256 updateCommitment,
        address submitter,
        uint256 index,
        bytes encryptedOpening
    );
    /// @notice A contribution's opening (its update and salt) was delivered again by its recipient
    /// (`deliverOpening`), encrypted to the round's aggregator key. The aggregator uses every delivery of
    /// a contribution (the first is in `ContributionSubmitted`); one that opens its commitment is enough.
    event OpeningDelivered(bytes32 indexed uid, uint256 indexed roundId, bytes ciphertext);
    /// @notice A round was finalized by an aggregation proof and its candidate registered.
    /// @param selection The proven packed weights (IAggregationVerifier); `included` of them are non-zero.
    event RoundFinalized(
        uint256 indexed roundId,
        uint256 indexed candidateVersion,
        uint256 aggregateCommitment,
        uint256 selection,
        uint256 included,
        uint256 challengeEndsAt
    );
    /// @notice Governance revoked a contribution; its bond went to the treasury.
    event ContributionRevoked(bytes32 indexed uid, uint256 indexed roundId, string reason);
    /// @notice A recipient was paid its bond and reward.
    event Claimed(bytes32 indexed uid, address indexed recipient, uint256 bond, uint256 reward);
    /// @notice A round was cancelled (by governance, or by anyone after its finalization deadline); its
    /// pool went back to the treasury.
    event RoundCancelled(uint256 indexed roundId, address indexed by, uint256 refundedPool);
    /// @notice `account` deposited `amount` into its bond balance, which is now `balance`.
    event BondsDeposited(address indexed account, uint256 amount, uint256 balance);
    /// @notice `account` withdrew `amount` from its bond balance, which is now `balance`.
    event BondsWithdrawn(address indexed account, uint256 amount, uint256 balance);
    /// @notice The undistributed part of a round's pool went to the treasury.
    event RemainderSwept(uint256 indexed roundId, uint256 amount);
    /// @notice Governance registered a verifier.
    event VerifierAdded(uint16 n, uint8 bits, uint8 depth, IContributionVerifier verifier);
    /// @notice Governance removed a verifier (open rounds keep theirs).
    event VerifierRemoved(uint16 n, uint8 bits, uint8 depth);
    /// @notice Governance registered the aggregation verifier of (n, bits), aggregating up to `k`
    /// contributions per proof.
    event AggregationVerifierAdded(uint16 n, uint8 bits, uint256 k, IAggregationVerifier verifier);
    /// @notice Governance removed the aggregation verifier of (n, bits) (open rounds keep theirs).
    event AggregationVerifierRemoved(uint16 n, uint8 bits);
    /// @notice Governance changed the limits.
    event LimitsUpdated(Limits limits);
    /// @notice Governance changed the treasury.
    event TreasuryUpdated(address treasury);

    /// @notice Opens a round (coordinator); takes the reward pool from the caller.
    function openRound(RoundConfig calldata config) external returns (uint256 roundId);

    /// @notice Submits a contribution; callable by anyone. Signals: [root, nullifier, updateCommitment,
    /// roundScope, l2BoundSq, recipient]. Takes the round's bond from the caller's bond balance.
    /// @param encryptedOpening The contribution's opening encrypted to the round's `aggregatorKey`,
    /// emitted in `ContributionSubmitted` so that its delivery is on chain: 1 to `maxOpeningLength` bytes.
    function submit(
        uint256 roundId,
        Proof calldata proof,
        uint256[6] calldata pubSignals,
        bytes calldata encryptedOpening
    ) external returns (bytes32 uid);

    /// @notice Delivers a contribution's opening again (its recipient only, while the round is open).
    /// The proof binds the recipient but not the ciphertext, so whoever copies a submission from the
    /// mempool can send it first with a ciphertext of its own; the recipient then delivers the right
    /// one here, before the window closes.
    function deliverOpening(bytes32 uid, bytes calldata encryptedOpening) external;

    /// @notice The longest encrypted opening a round accepts: `OPENING_ENVELOPE_BYTES` plus n values
    /// of ceil(bits / 8) bytes each.
    function maxOpeningLength(uint256 roundId) external view returns (uint256);

    /// @notice Moves `amount` GRD from the caller into its bond balance, from which `submit` takes bonds.
    function depositBonds(uint256 amount) external;

    /// @notice `depositBonds` with an EIP-2612 permit, so a fresh wallet deposits in one transaction.
    /// The permit is skipped when the allowance already covers `amount` (a front-run permit).
    function depositBondsWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Sends `amount` of the caller's bond balance back to it; allowed at any time, even paused.
    function withdrawBonds(uint256 amount) external;

    /// @notice The bond balance of `account`: GRD deposited and not yet taken by a submission or withdrawn.
    function bondBalanceOf(address account) external view returns (uint256);

    /// @notice Finalizes a round after its window (coordinator) with an aggregation proof: checks that
    /// `aggregation.commitments` are exactly the round's, in submission order; that the selection weights
    /// only contributions the round accepted and governance did not revoke, within the headroom; and the
    /// proof. Records the selection and registers the candidate with the proven aggregate commitment.
    function finalizeRound(
        uint256 roundId,
        AggregationProof calldata aggregation,
        Candidate calldata candidate
    ) external returns (uint256 candidateVersion);

    /// @notice Cancels an Open round: anyone may once its finalization deadline (`finalizeBy`) has
    /// passed, governance at any time. The pool returns to the treasury; contributions claim their bonds.
    function cancelRound(uint256 roundId) external;

    /// @notice Revokes a contribution before its challenge period ends (governance); the bond is forfeited.
    function revokeContribution(bytes32 uid, string calldata reason) external;

    /// @notice Pays a contribution's bond to its recipient, plus a reward share if the round's proven
    /// selection included it; anyone may call it. In a cancelled round it pays the bond alone, at once.
    function claim(bytes32 uid) external;

    /// @notice The attestation uid of `nullifier` in `roundId`.
    function attestationUid(uint256 roundId, uint256 nullifier) external view returns (bytes32);

    /// @notice The round scope a proof for `roundId` must carry.
    function roundScope(uint256 roundId) external view returns (uint256);

    /// @notice Sends the part of a finalized round's pool that no claim can take (rounding dust, or the
    /// whole pool when the selection kept no contribution that is still unrevoked) to the treasury; anyone
    /// may call it.
    function sweepRemainder(uint256 roundId) external;

    // ------------------------------------------------------------------ governance

    /// @notice Registers the verifier of the Contribution circuit with parameters (n, bits, depth).
    /// DEFAULT_ADMIN_ROLE (governance) only.
    function addVerifier(uint16 n, uint8 bits, uint8 depth, IContributionVerifier verifier) external;

    /// @notice Unregisters a verifier; rounds already open keep the one they were opened with.
    /// DEFAULT_ADMIN_ROLE (governance) only.
    function removeVerifier(uint16 n, uint8 bits, uint8 depth) external;

    /// @notice Registers the aggregation verifier for the (N, BITS) it declares: rounds of that shape open
    /// with it and take at most its K contributions. DEFAULT_ADMIN_ROLE (governance) only.
    function addAggregationVerifier(IAggregationVerifier verifier) external;

    /// @notice Unregisters the aggregation verifier of (n, bits); rounds already open keep theirs.
    /// DEFAULT_ADMIN_ROLE (governance) only.
    function removeAggregationVerifier(uint16 n, uint8 bits) external;

    /// @notice Replaces the limits. DEFAULT_ADMIN_ROLE (governance) only.
    /// @dev Reverts with RoundManagerInvalidLimits for limits out of range, and with
    /// RoundManagerChallengeBelowGovernanceLatency for a challenge period below `minChallengePeriod`.
    function setLimits(Limits calldata newLimits) external;

    /// @notice Replaces the treasury. DEFAULT_ADMIN_ROLE (governance) only.
    function setTreasury(address treasury_) external;

    /// @notice Stops new submissions. PAUSER_ROLE (a guardian) only.
    function pause() external;

    /// @notice Resumes submissions. DEFAULT_ADMIN_ROLE (governance) only.
    function unpause() external;

    // ------------------------------------------------------------------ configuration and state

    /// @notice The role that may open and finalize rounds.
    // solhint-disable-next-line func-name-mixedcase
    function COORDINATOR_ROLE() external view returns (bytes32);

    /// @notice The role that may pause new submissions (a guardian); only the admin unpauses.
    // solhint-disable-next-line func-name-mixedcase
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The bytes an encrypted opening may take beyond its n values: the format version, the
    /// ephemeral key, the salt and the authentication tag, with room to spare for a later format.
    // solhint-disable-next-line func-name-mixedcase
    function OPENING_ENVELOPE_BYTES() external view returns (uint256);

    /// @notice The bond and reward asset (GRD).
    function token() external view returns (IERC20);

    /// @notice The member registry whose roots proofs are checked against.
    function registry() external view returns (IParticipantRegistry);

    /// @notice The model registry candidates are registered with.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice The floor of `challengePeriod`: the longest a revocation proposal takes from proposal to
    /// execution (voting delay + voting period + late-quorum extension + timelock delay) when deployed.
    function minChallengePeriod() external view returns (uint256);

    /// @notice Receives forfeited bonds and undistributed pool remainders.
    function treasury() external view returns (address);

    /// @notice Number of rounds opened; round ids start at 1.
    function roundCount() external view returns (uint256);

    /// @notice Whether `nullifier` was used in `roundId`.
    function isNullifierUsed(uint256 roundId, uint256 nullifier) external view returns (bool);

    /// @notice The stored attestation `uid` (status None if unknown).
    function getAttestation(bytes32 uid) external view returns (Attestation memory);

    /// @notice The stored round `roundId`.
    function getRound(uint256 roundId) external view returns (Round memory);

    /// @notice The reward share each selected, unrevoked contribution of a round claims (0 before
    /// finalization).
    function rewardShare(uint256 roundId) external view returns (uint256);

    /// @notice The weight the round's proven selection gives contribution `uid` (0: left out, or the round
    /// is not finalized).
    function selectionWeight(bytes32 uid) external view returns (uint256);

    /// @notice The seed of round `roundId`'s commitments digest: keccak256(chain id, this contract, roundId).
    /// Each submission sets digest = keccak256(abi.encode(digest, updateCommitment)).
    function commitmentsDigestSeed(uint256 roundId) external view returns (bytes32);

    /// @notice The verifier registered for (n, bits, depth), or zero.
    function verifierFor(uint16 n, uint8 bits, uint8 depth) external view returns (IContributionVerifier);

    /// @notice The aggregation verifier registered for (n, bits), or zero.
    function aggregationVerifierFor(uint16 n, uint8 bits) external view returns (IAggregationVerifier);

    /// @notice The current limits.
    function limits() external view returns (Limits memory);
}

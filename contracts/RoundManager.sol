// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IAggregationVerifier} from "./interfaces/IAggregationVerifier.sol";
import {IContributionVerifier} from "./interfaces/IContributionVerifier.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IRoundManager} from "./interfaces/IRoundManager.sol";
import {ContributionSignals} from "./libraries/ContributionSignals.sol";
import {Permits} from "./libraries/Permits.sol";
import {Snark} from "./libraries/Snark.sol";

/// @title RoundManager
/// @notice Training rounds and their contribution attestations. One contribution per member identity
/// per round: the nullifier (a function of the identity secret and the round scope) is the only
/// uniqueness key, never the proof's bytes, because Groth16 proofs are malleable.
/// @dev Nothing between a contribution's proof and the candidate rests on the coordinator's word: each
/// `submit` extends a keccak256 chain of the round's update commitments (one warm slot rewritten), and
/// `finalizeRound` takes the commitments back, recomputes the chain, and verifies an aggregation proof
/// over exactly them with public weights (see docs/PROTOCOL.md, "Verifiable aggregation").
/// Rewards are pulled: after the challenge period each unrevoked contribution claims its bond, and each
/// one the proven selection included claims rewardPool / rewarded on top, computed from counters.
/// Liveness does not
/// rest on the coordinator: a round it leaves unfinalized past `finalizeBy` can be cancelled by anyone,
/// which returns the pool to the treasury and lets every unrevoked contribution reclaim its bond.
/// `submit` calls no token: the bond comes from the submitter's bond balance, and the round's constant
/// public signals were folded into the verifier's input point when the round opened. Both keep the
/// per-contribution cost down (see docs/PROTOCOL.md, "Gas").
contract RoundManager is IRoundManager, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IRoundManager
    bytes32 public constant COORDINATOR_ROLE = keccak256("COORDINATOR_ROLE");
    /// @inheritdoc IRoundManager
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @dev Upper bound of maxWindow, challengePeriod and finalizationPeriod (see Limits).
    uint256 private constant _MAX_PERIOD = 100 * 365 days;
    /// @inheritdoc IRoundManager
    uint256 public constant OPENING_ENVELOPE_BYTES = 128;

    /// @inheritdoc IRoundManager
    IERC20 public immutable token;
    /// @inheritdoc IRoundManager
    IParticipantRegistry public immutable registry;
    /// @inheritdoc IRoundManager
    IModelRegistry public immutable modelRegistry;
    /// @inheritdoc IRoundManager
    uint256 public immutable minChallengePeriod;

    /// @inheritdoc IRoundManager
    address public treasury;
    /// @inheritdoc IRoundManager
    uint256 public roundCount;

    Limits private _limits;
    mapping(bytes32 key => IContributionVerifier) private _verifiers;
    mapping(bytes32 key => IAggregationVerifier) private _aggregationVerifiers;
    mapping(uint256 roundId => Round) private _rounds;
    mapping(bytes32 uid => Attestation) private _attestations;
    mapping(address account => uint256) private _bondBalances;

    /// @param token_ The bond and reward asset (GRD).
    /// @param registry_ The participant registry.
    /// @param modelRegistry_ The model registry (this contract must be allowed to register candidates).
    /// @param admin Holds DEFAULT_ADMIN_ROLE (the Timelock in production).
    /// @param treasury_ Receives forfeited bonds and pool remainders.
    /// @param initialLimits Initial limits.
    /// @param minChallengePeriod_ The floor of `challengePeriod` (see `minChallengePeriod`).
    constructor(
        IERC20 token_,
        IParticipantRegistry registry_,
        IModelRegistry modelRegistry_,
        address admin,
        address treasury_,
        Limits memory initialLimits,
        uint256 minChallengePeriod_
    ) {
        if (
            address(token_) == address(0) ||
            address(registry_) == address(0) ||
            address(modelRegistry_) == address(0) ||
            admin == address(0) ||
            treasury_ == address(0)
        ) revert GuardiansZeroAddress();
        token = token_;
        registry = registry_;
        modelRegistry = modelRegistry_;
        treasury = treasury_;
        minChallengePeriod = minChallengePeriod_;
        _setLimits(initialLimits);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ rounds

    /// @inheritdoc IRoundManager
    function openRound(
        RoundConfig calldata config
    ) external onlyRole(COORDINATOR_ROLE) nonReentrant returns (uint256 roundId) {
        IContributionVerifier verifier = _verifiers[_verifierKey(config.n, config.bits, config.depth)];
        if (address(verifier) == address(0))
            revert RoundManagerVerifierNotRegistered(config.n, config.bits, config.depth);
        Limits memory bounds = _limits;
        if (
            config.window < bounds.minWindow ||
            config.window > bounds.maxWindow ||
            config.bond < bounds.minBond ||
            config.bond > bounds.maxBond ||
            config.rewardPool > bounds.maxRewardPool ||
            config.maxContributions == 0 ||
            config.maxContributions > bounds.maxContributions ||
            config.l2BoundSq == 0 ||
            config.fracBits >= config.bits
        ) revert RoundManagerRoundConfigOutOfLimits();
        if (config.l2BoundSq > bounds.maxL2BoundSq)
            revert RoundManagerBoundAboveLimit(config.l2BoundSq, bounds.maxL2BoundSq);
        // The circuit range-checks the bound to SUM_OF_SQUARES_BITS(n, bits) = bitLength(n) + 2·bits − 2
        // bits (circuits/normbound.circom): a wider bound opens a round no proof can join. bits > fracBits
        // ≥ 0 was checked, so the sum is at least 3 before the subtraction; a shift of 256 or more gives 0.
        uint256 sumOfSquaresBits = Math.log2(config.n) + 1 + 2 * uint256(config.bits) - 2;
        if (config.l2BoundSq >> sumOfSquaresBits != 0) {
            revert RoundManagerBoundExceedsCircuit(config.l2BoundSq, sumOfSquaresBits);
        }
        uint256 treeDepth = registry.treeDepth();
        if (treeDepth > config.depth) revert RoundManagerTreeTooDeep(treeDepth, config.depth);
        if (config.aggregatorKey == bytes32(0)) revert RoundManagerMissingAggregatorKey();
        IModelRegistry.VersionStatus base = modelRegistry.statusOf(config.baseModelVersion);
        if (base == IModelRegistry.VersionStatus.None || base == IModelRegistry.VersionStatus.Revoked) {
            revert RoundManagerUnknownBaseModel(config.baseModelVersion);
        }

        roundId = ++roundCount;
        uint256 closesAt = block.timestamp + config.window;
        uint256 finalizeBy = closesAt + bounds.finalizationPeriod;
        Round storage round = _rounds[roundId];
        round.verifier = verifier;
        // Each period is at most _MAX_PERIOD (see _setLimits) and timestamps stay below 2^40 until the
        // year 36812, so these deadlines fit in uint40: the casts are lossless.
        round.closesAt = uint40(closesAt);
        round.maxContributions = config.maxContributions;
        round.l2BoundSq = config.l2BoundSq;
        round.bond = config.bond;
        round.status = RoundStatus.Open;
        round.rewardPool = config.rewardPool;
        round.n = config.n;
        round.bits = config.bits;
        round.fracBits = config.fracBits;
        round.depth = config.depth;
        // n < 2^16 and bits < 2^8 keep this below 2^22, which can exceed uint16: such a round (far larger
        // than any circuit) is refused rather than truncated.
        uint256 openingLimit = OPENING_ENVELOPE_BYTES + uint256(config.n) * ((uint256(config.bits) + 7) / 8);
        if (openingLimit > type(uint16).max) revert RoundManagerRoundConfigOutOfLimits();
        // Bounded by the check above: the cast is lossless.
        round.maxOpeningLength = uint16(openingLimit);
        (round.aggregationVerifier, round.headroom) = _aggregationVerifierOf(config);
        // A non-zero seed, so that each submit rewrites a non-zero slot (no zero-to-non-zero store), and
        // one that names this round, so no other round's or chain's digest can equal it.
        round.commitmentsDigest = _digestSeed(roundId);
        round.finalizeBy = uint40(finalizeBy);
        round.baseModelVersion = config.baseModelVersion;
        round.aggregatorKey = config.aggregatorKey;
        round.roundPoint = verifier.registerRoundPoint(
            Snark.roundScope(block.chainid, address(this), roundId),
            config.l2BoundSq
        );
        emit RoundOpened(roundId, msg.sender, config, closesAt);

        if (config.rewardPool != 0) token.safeTransferFrom(msg.sender, address(this), config.rewardPool);
    }

    /// @inheritdoc IRoundManager
    function submit(
        uint256 roundId,
        Proof calldata proof,
        uint256[6] calldata pubSignals,
        bytes calldata encryptedOpening
    ) external whenNotPaused nonReentrant returns (bytes32 uid) {
        Round storage round = _rounds[roundId];
        uint256 contributions = _checkSubmission(round, roundId, pubSignals);
        _checkOpeningLength(round, encryptedOpening.length);
        uid = _uid(roundId, pubSignals[ContributionSignals.NULLIFIER]);
        Attestation storage attestation = _attestations[uid];
        if (attestation.status != AttestationStatus.None)
            revert RoundManagerNullifierAlreadyUsed(roundId, pubSignals[ContributionSignals.NULLIFIER]);
        uint256 bond = round.bond;
        uint256 bondBalance = _bondBalances[msg.sender];
        if (bondBalance < bond) revert RoundManagerInsufficientBondBalance(bond, bondBalance);
        _verifyProof(round, proof, pubSignals);

        // _checkSubmission checked 0 < recipient ≤ type(uint160).max: the cast is lossless.
        address recipient = address(uint160(pubSignals[ContributionSignals.RECIPIENT]));
        attestation.recipient = recipient;
        // Timestamps stay below 2^40 until the year 36812. roundId ≤ roundCount, which grows by one per
        // openRound: reaching 2^40 would take more transactions than any chain will ever hold.
        // contributions < maxContributions ≤ K ≤ 2^H − 1 ≤ 255 (addAggregationVerifier), so the index
        // fits uint8. The three casts are lossless.
        attestation.time = uint40(block.timestamp);
        attestation.roundId = uint40(roundId);
        attestation.index = uint8(contributions);
        attestation.status = AttestationStatus.Valid;
        // contributions < maxContributions ≤ type(uint32).max, so the increment fits: the cast is lossless.
        round.contributions = uint32(contributions + 1);
        round.commitmentsDigest = _nextDigest(
            round.commitmentsDigest,
            pubSignals[ContributionSignals.UPDATE_COMMITMENT]
        );
        // bondBalance ≥ bond was checked above.
        if (bond != 0) _bondBalances[msg.sender] = bondBalance - bond;
        _emitSubmitted(uid, roundId, recipient, pubSignals, contributions, encryptedOpening);
    }

    /// @inheritdoc IRoundManager
    function deliverOpening(bytes32 uid, bytes calldata encryptedOpening) external whenNotPaused {
        Attestation storage attestation = _attestations[uid];
        if (attestation.status != AttestationStatus.Valid)
            revert RoundManagerWrongAttestationStatus(uid, attestation.status);
        if (msg.sender != attestation.recipient) revert RoundManagerNotRecipient(uid, msg.sender);
        uint256 roundId = attestation.roundId;
        Round storage round = _rounds[roundId];
        if (round.status != RoundStatus.Open || block.timestamp >= round.closesAt)
            revert RoundManagerRoundNotOpen(roundId);
        _checkOpeningLength(round, encryptedOpening.length);
        emit OpeningDelivered(uid, roundId, encryptedOpening);
    }

    /// @inheritdoc IRoundManager
    function depositBonds(uint256 amount) external nonReentrant {
        _depositBonds(amount);
    }

    /// @inheritdoc IRoundManager
    function depositBondsWithPermit(
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Permits.permitUnlessAllowed(token, msg.sender, amount, deadline, v, r, s);
        _depositBonds(amount);
    }

    /// @inheritdoc IRoundManager
    function withdrawBonds(uint256 amount) external nonReentrant {
        if (amount == 0) revert GuardiansZeroAmount();
        uint256 bondBalance = _bondBalances[msg.sender];
        if (bondBalance < amount) revert RoundManagerInsufficientBondBalance(amount, bondBalance);
        uint256 remaining = bondBalance - amount;
        _bondBalances[msg.sender] = remaining;
        emit BondsWithdrawn(msg.sender, amount, remaining);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IRoundManager
    function finalizeRound(
        uint256 roundId,
        AggregationProof calldata aggregation,
        Candidate calldata candidate
    ) external onlyRole(COORDINATOR_ROLE) nonReentrant returns (uint256 candidateVersion) {
        Round storage round = _rounds[roundId];
        if (round.status != RoundStatus.Open || block.timestamp < round.closesAt || block.timestamp >= round.finalizeBy)
            revert RoundManagerRoundNotFinalizable(roundId);
        IAggregationVerifier verifier = round.aggregationVerifier;
        uint256 included = _checkAggregation(round, roundId, aggregation);
        if (
            !verifier.verifyAggregation(
                aggregation.proof.pA,
                aggregation.proof.pB,
                aggregation.proof.pC,
                aggregation.aggregateCommitment,
                aggregation.commitments,
                aggregation.selection
            )
        ) revert RoundManagerInvalidAggregationProof();

        uint256 challengeEndsAt = block.timestamp + _limits.challengePeriod;
        round.status = RoundStatus.Finalized;
        // challengePeriod ≤ _MAX_PERIOD (see _setLimits) and timestamps stay below 2^40 until the year
        // 36812, so the deadline fits in uint40; included ≤ contributions ≤ type(uint32).max. Both casts
        // are lossless.
        round.challengeEndsAt = uint40(challengeEndsAt);
        round.rewarded = uint32(included);
        round.selection = aggregation.selection;
        candidateVersion = modelRegistry.registerCandidate(
            IModelRegistry.CandidateParams({
                parentId: round.baseModelVersion,
                weightsHash: candidate.weightsHash,
                uri: candidate.uri,
                roundId: roundId,
                aggregateCommitment: bytes32(aggregation.aggregateCommitment),
                accuracyBps: candidate.accuracyBps,
                metricsHash: candidate.metricsHash
            })
        );
        round.candidateVersion = candidateVersion;
        emit RoundFinalized(
            roundId,
            candidateVersion,
            aggregation.aggregateCommitment,
            aggregation.selection,
            included,
            challengeEndsAt
        );
    }

    /// @inheritdoc IRoundManager
    function cancelRound(uint256 roundId) external nonReentrant {
        Round storage round = _rounds[roundId];
        if (round.status != RoundStatus.Open) revert RoundManagerRoundNotCancellable(roundId);
        if (block.timestamp < round.finalizeBy && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert RoundManagerFinalizationDeadlineNotPassed(roundId, round.finalizeBy);
        }
        round.status = RoundStatus.Cancelled;
        // The whole pool leaves now, so nothing remains to sweep.
        round.remainderSwept = true;
        uint256 pool = round.rewardPool;
        emit RoundCancelled(roundId, msg.sender, pool);
        if (pool != 0) token.safeTransfer(treasury, pool);
    }

    /// @inheritdoc IRoundManager
    function revokeContribution(
        bytes32 uid,
        string calldata reason
    ) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        Attestation storage attestation = _attestations[uid];
        if (attestation.status != AttestationStatus.Valid)
            revert RoundManagerWrongAttestationStatus(uid, attestation.status);
        uint256 roundId = attestation.roundId;
        Round storage round = _rounds[roundId];
        if (round.status == RoundStatus.Cancelled) revert RoundManagerRoundWasCancelled(roundId);
        if (round.status == RoundStatus.Finalized && block.timestamp >= round.challengeEndsAt) {
            revert RoundManagerChallengePeriodOver(roundId);
        }
        attestation.status = AttestationStatus.Revoked;
        uint256 index = attestation.index;
        round.revokedMask |= 1 << index;
        // A contribution revoked after finalization no longer shares the pool. Every selected contribution
        // was Valid at finalization and each is revoked at most once, so rewarded ≥ 1 here.
        if (round.status == RoundStatus.Finalized && _weightAt(round, index) != 0) --round.rewarded;
        emit ContributionRevoked(uid, roundId, reason);
        uint256 bond = round.bond;
        if (bond != 0) token.safeTransfer(treasury, bond);
    }

    /// @inheritdoc IRoundManager
    function claim(bytes32 uid) external nonReentrant {
        Attestation storage attestation = _attestations[uid];
        if (attestation.status != AttestationStatus.Valid)
            revert RoundManagerWrongAttestationStatus(uid, attestation.status);
        Round storage round = _rounds[attestation.roundId];
        RoundStatus status = round.status;
        bool cancelled = status == RoundStatus.Cancelled;
        if (!cancelled && (status != RoundStatus.Finalized || block.timestamp < round.challengeEndsAt)) {
            revert RoundManagerChallengePeriodNotOver(attestation.roundId);
        }
        attestation.status = AttestationStatus.Claimed;
        // A cancelled round's pool went back to the treasury, and a contribution the selection left out
        // earns no share. A selected one is Valid here, so it counts in rewarded ≥ 1.
        uint256 reward = !cancelled && _weightAt(round, attestation.index) != 0 ? round.rewardPool / round.rewarded : 0;
        uint256 bond = round.bond;
        address recipient = attestation.recipient;
        emit Claimed(uid, recipient, bond, reward);
        token.safeTransfer(recipient, bond + reward);
    }

    /// @inheritdoc IRoundManager
    function sweepRemainder(uint256 roundId) external nonReentrant {
        Round storage round = _rounds[roundId];
        // Checked first: a cancelled round returned its whole pool and is marked swept.
        if (round.remainderSwept) revert RoundManagerRemainderAlreadySwept(roundId);
        if (round.status != RoundStatus.Finalized || block.timestamp < round.challengeEndsAt) {
            revert RoundManagerChallengePeriodNotOver(roundId);
        }
        round.remainderSwept = true;
        uint256 rewarded = round.rewarded;
        uint256 pool = round.rewardPool;
        uint256 remainder = rewarded == 0 ? pool : pool % rewarded;
        emit RemainderSwept(roundId, remainder);
        if (remainder != 0) token.safeTransfer(treasury, remainder);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IRoundManager
    function addVerifier(
        uint16 n,
        uint8 bits,
        uint8 depth,
        IContributionVerifier verifier
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(verifier) == address(0)) revert GuardiansZeroAddress();
        bytes32 key = _verifierKey(n, bits, depth);
        if (address(_verifiers[key]) != address(0)) revert RoundManagerVerifierAlreadyRegistered(n, bits, depth);
        _verifiers[key] = verifier;
        emit VerifierAdded(n, bits, depth, verifier);
    }

    /// @inheritdoc IRoundManager
    function removeVerifier(uint16 n, uint8 bits, uint8 depth) external onlyRole(DEFAULT_ADMIN_ROLE) {
        bytes32 key = _verifierKey(n, bits, depth);
        if (address(_verifiers[key]) == address(0)) revert RoundManagerVerifierNotRegistered(n, bits, depth);
        delete _verifiers[key];
        emit VerifierRemoved(n, bits, depth);
    }

    /// @inheritdoc IRoundManager
    function addAggregationVerifier(IAggregationVerifier verifier) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(verifier) == address(0)) revert GuardiansZeroAddress();
        uint256 k = verifier.maxContributions();
        uint256 n = verifier.updateLength();
        uint256 bits = verifier.valueBits();
        uint256 headroom = verifier.headroom();
        // Every contribution a round takes must be includable with weight 1 (K ≤ 2^H − 1, the most the
        // weights may sum to); with H ≤ 8 that keeps K·H weight bits within the one-word selection and
        // every index below 256 (the attestation's uint8). N and BITS must fit the round's fields.
        if (
            k == 0 ||
            headroom == 0 ||
            headroom > 8 ||
            k > (1 << headroom) - 1 ||
            n > type(uint16).max ||
            bits > type(uint8).max
        ) revert RoundManagerAggregationVerifierUnsupported(k, n, bits, headroom);
        // Both casts were bounded just above.
        uint16 n16 = uint16(n);
        uint8 bits8 = uint8(bits);
        bytes32 key = _aggregationKey(n16, bits8);
        if (address(_aggregationVerifiers[key]) != address(0)) {
            revert RoundManagerAggregationVerifierAlreadyRegistered(n16, bits8);
        }
        _aggregationVerifiers[key] = verifier;
        emit AggregationVerifierAdded(n16, bits8, k, verifier);
    }

    /// @inheritdoc IRoundManager
    function removeAggregationVerifier(uint16 n, uint8 bits) external onlyRole(DEFAULT_ADMIN_ROLE) {
        bytes32 key = _aggregationKey(n, bits);
        if (address(_aggregationVerifiers[key]) == address(0)) {
            revert RoundManagerAggregationVerifierNotRegistered(n, bits);
        }
        delete _aggregationVerifiers[key];
        emit AggregationVerifierRemoved(n, bits);
    }

    /// @inheritdoc IRoundManager
    function setLimits(Limits calldata newLimits) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLimits(newLimits);
    }

    /// @inheritdoc IRoundManager
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert GuardiansZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    /// @inheritdoc IRoundManager
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IRoundManager
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IRoundManager
    function bondBalanceOf(address account) external view returns (uint256) {
        return _bondBalances[account];
    }

    /// @inheritdoc IRoundManager
    function attestationUid(uint256 roundId, uint256 nullifier) external view returns (bytes32) {
        return _uid(roundId, nullifier);
    }

    /// @inheritdoc IRoundManager
    function roundScope(uint256 roundId) external view returns (uint256) {
        return Snark.roundScope(block.chainid, address(this), roundId);
    }

    /// @inheritdoc IRoundManager
    function isNullifierUsed(uint256 roundId, uint256 nullifier) external view returns (bool) {
        return _attestations[_uid(roundId, nullifier)].status != AttestationStatus.None;
    }

    /// @inheritdoc IRoundManager
    function getAttestation(bytes32 uid) external view returns (Attestation memory) {
        return _attestations[uid];
    }

    /// @inheritdoc IRoundManager
    function getRound(uint256 roundId) external view returns (Round memory) {
        return _rounds[roundId];
    }

    /// @inheritdoc IRoundManager
    function rewardShare(uint256 roundId) external view returns (uint256) {
        Round storage round = _rounds[roundId];
        uint256 rewarded = round.rewarded;
        if (round.status != RoundStatus.Finalized || rewarded == 0) return 0;
        return round.rewardPool / rewarded;
    }

    /// @inheritdoc IRoundManager
    function selectionWeight(bytes32 uid) external view returns (uint256) {
        Attestation storage attestation = _attestations[uid];
        if (attestation.status == AttestationStatus.None) return 0;
        Round storage round = _rounds[attestation.roundId];
        if (round.status != RoundStatus.Finalized) return 0;
        return _weightAt(round, attestation.index);
    }

    /// @inheritdoc IRoundManager
    function commitmentsDigestSeed(uint256 roundId) external view returns (bytes32) {
        return _digestSeed(roundId);
    }

    /// @inheritdoc IRoundManager
    function maxOpeningLength(uint256 roundId) external view returns (uint256) {
        return _rounds[roundId].maxOpeningLength;
    }

    /// @inheritdoc IRoundManager
    function verifierFor(uint16 n, uint8 bits, uint8 depth) external view returns (IContributionVerifier) {
        return _verifiers[_verifierKey(n, bits, depth)];
    }

    /// @inheritdoc IRoundManager
    function aggregationVerifierFor(uint16 n, uint8 bits) external view returns (IAggregationVerifier) {
        return _aggregationVerifiers[_aggregationKey(n, bits)];
    }

    /// @inheritdoc IRoundManager
    function limits() external view returns (Limits memory) {
        return _limits;
    }

    // ------------------------------------------------------------------ internals

    /// @dev EAS-like uid: unique per (chain, contract, round, nullifier), hence per identity and round.
    function _uid(uint256 roundId, uint256 nullifier) private view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), roundId, nullifier));
    }

    /// @dev submit's checks of the round and the public signals, all but the nullifier and the proof;
    /// returns the round's contribution count.
    function _checkSubmission(
        Round storage round,
        uint256 roundId,
        uint256[6] calldata pubSignals
    ) private view returns (uint256 contributions) {
        if (round.status != RoundStatus.Open || block.timestamp >= round.closesAt)
            revert RoundManagerRoundNotOpen(roundId);
        contributions = round.contributions;
        if (contributions >= round.maxContributions) revert RoundManagerRoundFull(roundId);
        for (uint256 i = 0; i < ContributionSignals.COUNT; ++i) {
            if (pubSignals[i] >= Snark.SCALAR_FIELD) revert RoundManagerSignalNotInField(i);
        }
        uint256 scope = Snark.roundScope(block.chainid, address(this), roundId);
        if (pubSignals[ContributionSignals.ROUND_SCOPE] != scope)
            revert RoundManagerWrongRoundScope(scope, pubSignals[ContributionSignals.ROUND_SCOPE]);
        if (pubSignals[ContributionSignals.L2_BOUND_SQ] != round.l2BoundSq) {
            revert RoundManagerWrongL2Bound(round.l2BoundSq, pubSignals[ContributionSignals.L2_BOUND_SQ]);
        }
        uint256 recipient = pubSignals[ContributionSignals.RECIPIENT];
        if (recipient == 0 || recipient > type(uint160).max) revert RoundManagerInvalidRecipient(recipient);
        registry.validateRoot(pubSignals[ContributionSignals.ROOT]);
    }

    /// @dev submit's event, in its own frame: with the opening, submit's own would not fit the stack.
    function _emitSubmitted(
        bytes32 uid,
        uint256 roundId,
        address recipient,
        uint256[6] calldata pubSignals,
        uint256 index,
        bytes calldata encryptedOpening
    ) private {
        emit ContributionSubmitted(
            uid,
            roundId,
            recipient,
            pubSignals[ContributionSignals.NULLIFIER],
            pubSignals[ContributionSignals.UPDATE_COMMITMENT],
            msg.sender,
            index,
            encryptedOpening
        );
    }

    /// @dev An encrypted opening must be present and no longer than the round's format allows, so that a
    /// submission cannot be padded with megabytes of calldata the aggregator must read.
    function _checkOpeningLength(Round storage round, uint256 length) private view {
        uint256 maxLength = round.maxOpeningLength;
        if (length == 0 || length > maxLength) revert RoundManagerOpeningLengthInvalid(length, maxLength);
    }

    /// @dev Verifies the proof against the round's point, into which roundScope and l2BoundSq (checked
    /// equal to the round's by _checkSubmission) were folded when it opened.
    function _verifyProof(Round storage round, Proof calldata proof, uint256[6] calldata pubSignals) private view {
        uint256[4] memory proofSignals = [
            pubSignals[ContributionSignals.ROOT],
            pubSignals[ContributionSignals.NULLIFIER],
            pubSignals[ContributionSignals.UPDATE_COMMITMENT],
            pubSignals[ContributionSignals.RECIPIENT]
        ];
        if (!round.verifier.verifyRoundProof(proof.pA, proof.pB, proof.pC, round.roundPoint, proofSignals)) {
            revert RoundManagerInvalidProof();
        }
    }

    /// @dev The aggregation verifier of the round's (n, bits) and its H. One proof finalizes the round, so
    /// the round may not take more contributions than that proof covers (K).
    function _aggregationVerifierOf(
        RoundConfig calldata config
    ) private view returns (IAggregationVerifier verifier, uint8 headroom) {
        verifier = _aggregationVerifiers[_aggregationKey(config.n, config.bits)];
        if (address(verifier) == address(0)) revert RoundManagerAggregationVerifierNotRegistered(config.n, config.bits);
        uint256 k = verifier.maxContributions();
        if (config.maxContributions > k) revert RoundManagerRoundLargerThanAggregation(config.maxContributions, k);
        // addAggregationVerifier admitted only H ≤ 8: the cast is lossless.
        headroom = uint8(verifier.headroom());
    }

    /// @dev finalizeRound's checks of everything but the proof; returns how many contributions the
    /// selection includes. Loops over the round's contributions, at most K ≤ 255 (addAggregationVerifier).
    function _checkAggregation(
        Round storage round,
        uint256 roundId,
        AggregationProof calldata aggregation
    ) private view returns (uint256 included) {
        uint256 contributions = round.contributions;
        uint256[] calldata commitments = aggregation.commitments;
        if (commitments.length != contributions) {
            revert RoundManagerCommitmentCountMismatch(contributions, commitments.length);
        }
        bytes32 digest = _digestSeed(roundId);
        for (uint256 i = 0; i < contributions; ++i) {
            digest = _nextDigest(digest, commitments[i]);
        }
        if (digest != round.commitmentsDigest) revert RoundManagerCommitmentsMismatch(roundId);

        uint256 headroom = round.headroom;
        uint256 mask = (1 << headroom) - 1;
        uint256 selection = aggregation.selection;
        uint256 revokedMask = round.revokedMask;
        uint256 totalWeight;
        // contributions ≤ K ≤ 2^H − 1 and H ≤ 8, so K·H < 256: the shifts stay within the word, and the
        // slots past the round start at bit H·contributions < 256.
        for (uint256 i = 0; i < contributions; ++i) {
            uint256 weight = (selection >> (headroom * i)) & mask;
            if (weight == 0) continue;
            if ((revokedMask & (1 << i)) != 0) revert RoundManagerRevokedContributionSelected(i);
            totalWeight += weight;
            ++included;
        }
        uint256 beyond = headroom * contributions;
        if (beyond < 256 && selection >> beyond != 0) {
            uint256 index = contributions;
            // Terminates: a set bit b lies in slot b / H, and H·(b / H) ≤ b < 256.
            while (((selection >> (headroom * index)) & mask) == 0) ++index;
            revert RoundManagerUnknownContributionSelected(index);
        }
        if (totalWeight > mask) revert RoundManagerAggregationWeightsOverBound(totalWeight, mask);
        if (included == 0) revert RoundManagerEmptySelection(roundId);
    }

    /// @dev The weight the round's selection gives contribution `index` (0 before finalization).
    function _weightAt(Round storage round, uint256 index) private view returns (uint256) {
        uint256 headroom = round.headroom;
        return (round.selection >> (headroom * index)) & ((1 << headroom) - 1);
    }

    function _digestSeed(uint256 roundId) private view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), roundId));
    }

    function _nextDigest(bytes32 digest, uint256 updateCommitment) private pure returns (bytes32) {
        return keccak256(abi.encode(digest, updateCommitment));
    }

    function _depositBonds(uint256 amount) private {
        if (amount == 0) revert GuardiansZeroAmount();
        uint256 bondBalance = _bondBalances[msg.sender] + amount;
        _bondBalances[msg.sender] = bondBalance;
        emit BondsDeposited(msg.sender, amount, bondBalance);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _verifierKey(uint16 n, uint8 bits, uint8 depth) private pure returns (bytes32) {
        return keccak256(abi.encode(n, bits, depth));
    }

    function _aggregationKey(uint16 n, uint8 bits) private pure returns (bytes32) {
        return keccak256(abi.encode(n, bits));
    }

    function _setLimits(Limits memory limits_) private {
        if (
            limits_.minWindow == 0 ||
            limits_.minWindow > limits_.maxWindow ||
            limits_.minBond > limits_.maxBond ||
            limits_.maxContributions == 0 ||
            limits_.finalizationPeriod == 0 ||
            limits_.maxWindow > _MAX_PERIOD ||
            limits_.challengePeriod > _MAX_PERIOD ||
            limits_.finalizationPeriod > _MAX_PERIOD ||
            limits_.maxL2BoundSq == 0
        ) revert RoundManagerInvalidLimits();
        if (limits_.challengePeriod < minChallengePeriod) {
            revert RoundManagerChallengeBelowGovernanceLatency(limits_.challengePeriod, minChallengePeriod);
        }
        _limits = limits_;
        emit LimitsUpdated(limits_);
    }
}

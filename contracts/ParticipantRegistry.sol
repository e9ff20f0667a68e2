// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";

import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IStakePosition} from "./interfaces/IStakePosition.sol";
import {Permits} from "./libraries/Permits.sol";
import {Snark} from "./libraries/Snark.sol";
import {StakePosition} from "./token/StakePosition.sol";

/// @title ParticipantRegistry
/// @notice Staking, the member tree and slashing. A member stakes GRD and registers its identity
/// commitment C; the member tree (a LeanIMT over Poseidon) holds its leaf PoseidonT2(C), and
/// contribution proofs prove membership against a root.
/// Staked GRD keeps its voting weight through the non-transferable StakePosition (sGRD), minted 1:1
/// on stake and top-up and burned on slash and withdrawal.
/// @dev Root acceptance: the current root, or a root created within `rootValidity` seconds AND at
/// or after the last removal from the tree. The second condition stops a member who unstaked or was
/// evicted from proving against a root that still holds its leaf. Roots carry the removal count at
/// their creation, so the check is O(1).
/// The leaf is the arity-1 hash of the commitment, never the commitment itself: every internal node of
/// the tree is a Poseidon(2) output, so no registered value can stand for a node inside a proof's path
/// (a commitment chosen as the root of a private subtree would otherwise let one stake prove for every
/// identity under it). Membership.circom proves leaf = Poseidon1(Poseidon1(secret)) to match.
/// Timing: `unbondingPeriod` never goes below `minUnbondingPeriod`, the governance latency fixed at
/// deployment, so a slash proposed when a member starts unbonding executes before it can withdraw.
contract ParticipantRegistry is IParticipantRegistry, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using InternalLeanIMT for LeanIMTData;

    /// @inheritdoc IParticipantRegistry
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    uint256 private constant _BPS = 10_000;

    /// @dev When a root was created and how many removals the tree had seen by then (one slot).
    struct RootInfo {
        uint64 createdAt;
        uint64 removals;
    }

    /// @dev When a disclosure commitment was made (one slot).
    struct DisclosureCommitment {
        uint64 blockNumber;
        uint64 committedAt;
    }

    /// @inheritdoc IParticipantRegistry
    IERC20 public immutable token;
    /// @inheritdoc IParticipantRegistry
    IStakePosition public immutable stakePosition;
    /// @inheritdoc IParticipantRegistry
    uint256 public immutable minUnbondingPeriod;

    /// @inheritdoc IParticipantRegistry
    address public treasury;
    /// @inheritdoc IParticipantRegistry
    uint64 public removals;
    /// @dev A copy of `_params.rootValidity`, packed with `removals` so that validateRoot decides the
    /// usual case from one slot; written only by _setParams.
    uint32 private _rootValidity;

    Params private _params;
    LeanIMTData private _tree;
    mapping(address account => Member) private _members;
    mapping(uint256 commitment => address account) private _commitmentOwner;
    mapping(uint256 root => RootInfo) private _roots;
    mapping(bytes32 disclosure => DisclosureCommitment) private _disclosures;

    /// @param token_ The staking asset (GRD).
    /// @param admin Holds DEFAULT_ADMIN_ROLE and SLASHER_ROLE (the Timelock in production).
    /// @param treasury_ Receives slashed funds.
    /// @param initialParams Initial parameters (see `Params`).
    /// @param minUnbondingPeriod_ The floor of `unbondingPeriod` (see `minUnbondingPeriod`).
    constructor(
        IERC20 token_,
        address admin,
        address treasury_,
        Params memory initialParams,
        uint256 minUnbondingPeriod_
    ) {
        if (address(token_) == address(0) || admin == address(0) || treasury_ == address(0))
            revert GuardiansZeroAddress();
        token = token_;
        treasury = treasury_;
        minUnbondingPeriod = minUnbondingPeriod_;
        stakePosition = new StakePosition();
        _setParams(initialParams);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(SLASHER_ROLE, admin);
    }

    // ------------------------------------------------------------------ staking

    /// @inheritdoc IParticipantRegistry
    function stake(uint256 amount, uint256 identityCommitment) external nonReentrant {
        _stake(amount, identityCommitment);
    }

    /// @inheritdoc IParticipantRegistry
    function stakeWithPermit(
        uint256 amount,
        uint256 identityCommitment,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Permits.permitUnlessAllowed(token, msg.sender, amount, deadline, v, r, s);
        _stake(amount, identityCommitment);
    }

    /// @inheritdoc IParticipantRegistry
    function topUp(uint256 amount) external nonReentrant {
        if (amount == 0) revert GuardiansZeroAmount();
        Member storage member = _members[msg.sender];
        MemberStatus status = member.status;
        if (status != MemberStatus.Active && status != MemberStatus.PendingEviction) {
            revert ParticipantRegistryWrongMemberStatus(msg.sender, status);
        }
        // A disclosed identity is public: stake cannot bring it back to Active, only eviction follows.
        if (member.disclosed) revert ParticipantRegistryIdentityDisclosed(msg.sender);
        uint256 newStake = member.stake + amount;
        member.stake = SafeCast.toUint128(newStake);
        if (status == MemberStatus.PendingEviction && newStake >= _params.minStake) {
            member.status = MemberStatus.Active;
        }
        emit ToppedUp(msg.sender, amount, newStake);
        token.safeTransferFrom(msg.sender, address(this), amount);
        stakePosition.mint(msg.sender, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function requestUnstake(uint256[] calldata siblings) external nonReentrant {
        Member storage member = _members[msg.sender];
        MemberStatus status = member.status;
        if (status != MemberStatus.Active && status != MemberStatus.PendingEviction) {
            revert ParticipantRegistryWrongMemberStatus(msg.sender, status);
        }
        uint256 root = _removeLeaf(member.commitment, siblings);
        uint256 endsAt = _startUnbonding(member);
        emit UnstakeRequested(msg.sender, endsAt, root);
    }

    /// @inheritdoc IParticipantRegistry
    function withdraw() external nonReentrant {
        Member storage member = _members[msg.sender];
        if (member.status != MemberStatus.Unbonding)
            revert ParticipantRegistryWrongMemberStatus(msg.sender, member.status);
        if (block.timestamp < member.unbondingEndsAt)
            revert ParticipantRegistryUnbondingNotOver(member.unbondingEndsAt);
        uint256 amount = member.stake;
        member.stake = 0;
        member.status = MemberStatus.Exited;
        emit Withdrawn(msg.sender, amount);
        stakePosition.burn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ slashing

    /// @inheritdoc IParticipantRegistry
    function slash(
        address account,
        uint256 amount,
        string calldata reason,
        string calldata evidenceURI
    ) external onlyRole(SLASHER_ROLE) nonReentrant {
        Member storage member = _members[account];
        MemberStatus status = member.status;
        if (status == MemberStatus.None || status == MemberStatus.Exited)
            revert ParticipantRegistryWrongMemberStatus(account, status);
        uint256 cap = (uint256(member.stake) * _params.maxSlashBps) / _BPS;
        if (amount == 0 || amount > cap) revert ParticipantRegistrySlashAmountInvalid(amount, cap);
        _reduceStake(account, member, amount);
        emit Slashed(account, msg.sender, amount, reason, evidenceURI);
        stakePosition.burn(account, amount);
        token.safeTransfer(treasury, amount);
    }

    /// @inheritdoc IParticipantRegistry
    function evict(address account, uint256[] calldata siblings) external nonReentrant {
        Member storage member = _members[account];
        if (member.status != MemberStatus.PendingEviction)
            revert ParticipantRegistryWrongMemberStatus(account, member.status);
        uint256 root = _removeLeaf(member.commitment, siblings);
        if (member.stake == 0) {
            member.status = MemberStatus.Exited;
        } else {
            _startUnbonding(member);
        }
        emit Evicted(account, msg.sender, root);
    }

    /// @inheritdoc IParticipantRegistry
    function commitDisclosure(bytes32 disclosure) external {
        if (_disclosures[disclosure].blockNumber != 0) revert ParticipantRegistryDisclosureAlreadyCommitted(disclosure);
        // Block numbers and timestamps stay below 2^64 for hundreds of billions of years: the casts are lossless.
        _disclosures[disclosure] = DisclosureCommitment(uint64(block.number), uint64(block.timestamp));
        emit DisclosureCommitted(disclosure, msg.sender);
    }

    /// @inheritdoc IParticipantRegistry
    /// @dev The payee is fixed by the commitment made at least one block earlier, so copying a reveal
    /// from the mempool gains nothing. With empty `siblings` (or a member already out of the tree) the
    /// member is marked PendingEviction instead of removed, so a reveal never fails on stale siblings.
    function revealDisclosure(
        uint256 secret,
        address receiver,
        bytes32 salt,
        uint256[] calldata siblings
    ) external nonReentrant {
        if (receiver == address(0)) revert GuardiansZeroAddress();
        bytes32 disclosure = keccak256(abi.encode(secret, receiver, salt));
        DisclosureCommitment memory committed = _disclosures[disclosure];
        if (committed.blockNumber == 0 || committed.blockNumber >= block.number) {
            revert ParticipantRegistryDisclosureNotRevealable(disclosure);
        }
        if (block.timestamp > uint256(committed.committedAt) + _params.disclosureWindow) {
            revert ParticipantRegistryDisclosureExpired(disclosure);
        }
        delete _disclosures[disclosure];

        address account = _commitmentOwner[PoseidonT2.hash([secret])];
        Member storage member = _members[account];
        MemberStatus status = member.status;
        if (account == address(0) || member.stake == 0) revert ParticipantRegistryNoMemberForSecret();
        // One secret costs its member one disclosure: disclosureSlashBps is what a leak costs, not a
        // per-reveal charge that anyone holding the secret could repeat.
        if (member.disclosed) revert ParticipantRegistryIdentityDisclosed(account);
        member.disclosed = true;

        uint256 slashed = (uint256(member.stake) * _params.disclosureSlashBps) / _BPS;
        uint256 reward = (slashed * _params.whistleblowerBps) / _BPS;
        _reduceStake(account, member, slashed);

        // A disclosed identity leaves the tree whatever stake it keeps: removed now when siblings are
        // given, otherwise marked for eviction.
        bool removed = false;
        if (status == MemberStatus.Active || status == MemberStatus.PendingEviction) {
            if (siblings.length != 0) {
                _removeLeaf(member.commitment, siblings);
                if (member.stake == 0) {
                    member.status = MemberStatus.Exited;
                } else {
                    _startUnbonding(member);
                }
                removed = true;
            } else if (member.status == MemberStatus.Active) {
                member.status = MemberStatus.PendingEviction;
                emit MarkedForEviction(account, member.stake);
            }
        }
        emit IdentityDisclosed(account, receiver, slashed, reward, removed);

        stakePosition.burn(account, slashed);
        if (reward != 0) token.safeTransfer(receiver, reward);
        // reward ≤ slashed because whistleblowerBps ≤ 10_000.
        if (slashed != reward) token.safeTransfer(treasury, slashed - reward);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IParticipantRegistry
    function setParams(Params calldata newParams) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(newParams);
    }

    /// @inheritdoc IParticipantRegistry
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert GuardiansZeroAddress();
        treasury = treasury_;
        emit TreasuryUpdated(treasury_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IParticipantRegistry
    function validateRoot(uint256 root) public view {
        RootInfo memory info = _roots[root];
        if (root == 0 || info.createdAt == 0) revert ParticipantRegistryUnknownRoot(root);
        // The usual case first, without reading the tree: a root made since the last removal and
        // within the validity window.
        if (info.removals == removals && block.timestamp <= uint256(info.createdAt) + _rootValidity) return;
        if (root == _tree._root()) return;
        if (info.removals != removals) revert ParticipantRegistryRootPredatesRemoval(root);
        revert ParticipantRegistryExpiredRoot(root, info.createdAt);
    }

    /// @inheritdoc IParticipantRegistry
    function isValidRoot(uint256 root) external view returns (bool) {
        RootInfo memory info = _roots[root];
        if (root == 0 || info.createdAt == 0) return false;
        if (root == _tree._root()) return true;
        return info.removals == removals && block.timestamp <= uint256(info.createdAt) + _rootValidity;
    }

    /// @inheritdoc IParticipantRegistry
    function rootInfo(uint256 root) external view returns (uint64 createdAt, uint64 removalsAtCreation) {
        RootInfo memory info = _roots[root];
        return (info.createdAt, info.removals);
    }

    /// @inheritdoc IParticipantRegistry
    function currentRoot() external view returns (uint256) {
        return _tree._root();
    }

    /// @inheritdoc IParticipantRegistry
    function treeSize() external view returns (uint256) {
        return _tree.size;
    }

    /// @inheritdoc IParticipantRegistry
    function treeDepth() external view returns (uint256) {
        return _tree.depth;
    }

    /// @inheritdoc IParticipantRegistry
    function indexOf(uint256 commitment) external view returns (uint256) {
        return _tree._indexOf(memberLeaf(commitment));
    }

    /// @inheritdoc IParticipantRegistry
    function memberLeaf(uint256 commitment) public pure returns (uint256) {
        return PoseidonT2.hash([commitment]);
    }

    /// @inheritdoc IParticipantRegistry
    function memberOf(address account) external view returns (Member memory) {
        return _members[account];
    }

    /// @inheritdoc IParticipantRegistry
    function ownerOfCommitment(uint256 commitment) external view returns (address) {
        return _commitmentOwner[commitment];
    }

    /// @inheritdoc IParticipantRegistry
    function params() external view returns (Params memory) {
        return _params;
    }

    /// @inheritdoc IParticipantRegistry
    function disclosureOf(bytes32 disclosure) external view returns (uint64 blockNumber, uint64 committedAt) {
        DisclosureCommitment memory committed = _disclosures[disclosure];
        return (committed.blockNumber, committed.committedAt);
    }

    // ------------------------------------------------------------------ internals

    function _stake(uint256 amount, uint256 commitment) private {
        if (amount == 0) revert GuardiansZeroAmount();
        if (amount < _params.minStake) revert ParticipantRegistryStakeBelowMinimum(amount, _params.minStake);
        if (commitment == 0 || commitment >= Snark.SCALAR_FIELD)
            revert ParticipantRegistryInvalidCommitment(commitment);
        Member storage member = _members[msg.sender];
        if (member.status != MemberStatus.None) revert ParticipantRegistryAlreadyRegistered(msg.sender);
        if (_commitmentOwner[commitment] != address(0))
            revert ParticipantRegistryCommitmentAlreadyRegistered(commitment);

        member.commitment = commitment;
        member.stake = SafeCast.toUint128(amount);
        member.status = MemberStatus.Active;
        _commitmentOwner[commitment] = msg.sender;
        uint256 index = _tree.size;
        uint256 root = _tree._insert(memberLeaf(commitment));
        _recordRoot(root);
        emit Staked(msg.sender, commitment, amount, index, root);

        token.safeTransferFrom(msg.sender, address(this), amount);
        stakePosition.mint(msg.sender, amount);
    }

    /// @dev Removes a leaf; every older root becomes unacceptable (see the contract's @dev).
    function _removeLeaf(uint256 commitment, uint256[] calldata siblings) private returns (uint256 root) {
        ++removals;
        root = _tree._remove(memberLeaf(commitment), siblings);
        _recordRoot(root);
    }

    function _recordRoot(uint256 root) private {
        // Timestamps stay below 2^64 for hundreds of billions of years: the cast is lossless.
        _roots[root] = RootInfo(uint64(block.timestamp), removals);
        emit RootUpdated(root, removals);
    }

    function _startUnbonding(Member storage member) private returns (uint256 endsAt) {
        endsAt = block.timestamp + _params.unbondingPeriod;
        // unbondingPeriod is a uint64 with no upper bound of its own, so the sum can exceed 2^64 − 1: a
        // truncated deadline would let the member withdraw at once. SafeCast reverts instead.
        member.unbondingEndsAt = SafeCast.toUint64(endsAt);
        member.status = MemberStatus.Unbonding;
    }

    /// @dev Lowers a stake; callers guarantee amount ≤ stake. Applies the status consequences.
    function _reduceStake(address account, Member storage member, uint256 amount) private {
        // amount ≤ stake (checked by every caller), so the subtraction cannot underflow and the
        // remainder fits in uint128 like the stake it comes from: the cast below is lossless.
        uint256 remaining = member.stake - amount;
        member.stake = uint128(remaining);
        MemberStatus status = member.status;
        if (status == MemberStatus.Active && remaining < _params.minStake) {
            member.status = MemberStatus.PendingEviction;
            emit MarkedForEviction(account, remaining);
        } else if (status == MemberStatus.Unbonding && remaining == 0) {
            member.status = MemberStatus.Exited;
        }
    }

    function _setParams(Params memory params_) private {
        if (
            params_.minStake == 0 ||
            params_.maxSlashBps == 0 ||
            params_.maxSlashBps > _BPS ||
            params_.disclosureSlashBps == 0 ||
            params_.disclosureSlashBps > _BPS ||
            params_.whistleblowerBps > _BPS ||
            params_.disclosureWindow == 0 ||
            params_.rootValidity > type(uint32).max
        ) revert ParticipantRegistryInvalidParams();
        if (params_.unbondingPeriod < minUnbondingPeriod) {
            revert ParticipantRegistryUnbondingBelowGovernanceLatency(params_.unbondingPeriod, minUnbondingPeriod);
        }
        _params = params_;
        // rootValidity ≤ type(uint32).max was checked above: the cast is lossless.
        _rootValidity = uint32(params_.rootValidity);
        emit ParamsUpdated(params_);
    }
}

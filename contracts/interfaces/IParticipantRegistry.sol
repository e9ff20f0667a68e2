// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGuardiansErrors} from "./IGuardiansErrors.sol";
import {IStakePosition} from "./IStakePosition.sol";

/// @title IParticipantRegistry: staking, the member tree and slashing.
/// @notice Members stake GRD and register an identity commitment C = Poseidon1(secret); the on-chain
/// LeanIMT holds the member leaf Poseidon1(C). Contribution proofs prove membership against one of the
/// tree's roots.
interface IParticipantRegistry is IGuardiansErrors {
    /// @notice Where a member is in its lifecycle.
    /// @dev None: never registered. Active: in the tree with at least the minimum stake.
    /// PendingEviction: still in the tree but below the minimum stake; anyone may `evict` it.
    /// Unbonding: out of the tree, stake slashable until `withdraw`. Exited: nothing left.
    enum MemberStatus {
        None,
        Active,
        PendingEviction,
        Unbonding,
        Exited
    }

    /// @notice One member's record (two storage slots).
    /// @param commitment The identity commitment Poseidon1(secret); the member's leaf is Poseidon1(commitment).
    /// @param stake GRD held for the member (slashable while > 0).
    /// @param unbondingEndsAt When `withdraw` becomes possible (0 unless Unbonding).
    /// @param status The lifecycle stage.
    /// @param disclosed The identity's secret was disclosed: it was slashed once, cannot be topped up
    /// back to Active, and cannot be disclosed again.
    struct Member {
        uint256 commitment;
        uint128 stake;
        uint64 unbondingEndsAt;
        MemberStatus status;
        bool disclosed;
    }

    /// @notice Governance parameters.
    /// @param minStake Minimum stake to be (and stay) in the tree.
    /// @param unbondingPeriod Seconds between `requestUnstake` and `withdraw`.
    /// @param rootValidity Seconds a non-current root stays acceptable after its creation (at most 2^32 − 1).
    /// @param maxSlashBps Cap of one governance `slash`, in basis points of the member's stake.
    /// @param disclosureSlashBps Share of the stake an identity disclosure slashes, in basis points.
    /// @param whistleblowerBps Share of a disclosure slash paid to the whistleblower, in basis points.
    /// @param disclosureWindow Seconds after a disclosure commitment during which it can be revealed.
    struct Params {
        uint128 minStake;
        uint64 unbondingPeriod;
        uint64 rootValidity;
        uint16 maxSlashBps;
        uint16 disclosureSlashBps;
        uint16 whistleblowerBps;
        uint32 disclosureWindow;
    }

    /// @notice The stake is below the minimum.
    error ParticipantRegistryStakeBelowMinimum(uint256 amount, uint256 minStake);
    /// @notice The commitment is not a field element (≥ the BN254 scalar field modulus) or is zero.
    error ParticipantRegistryInvalidCommitment(uint256 commitment);
    /// @notice The commitment was registered before (commitments are single-use, forever).
    error ParticipantRegistryCommitmentAlreadyRegistered(uint256 commitment);
    /// @notice The address already registered once (an address registers once, forever).
    error ParticipantRegistryAlreadyRegistered(address account);
    /// @notice The account is not in the state the call needs.
    error ParticipantRegistryWrongMemberStatus(address account, MemberStatus status);
    /// @notice `withdraw` before the unbonding period has ended.
    error ParticipantRegistryUnbondingNotOver(uint256 unbondingEndsAt);
    /// @notice A slash of zero, above the member's stake, or above the per-call cap.
    error ParticipantRegistrySlashAmountInvalid(uint256 amount, uint256 cap);
    /// @notice The root was never a root of the member tree (or is zero).
    error ParticipantRegistryUnknownRoot(uint256 root);
    /// @notice The root is older than the root validity window.
    error ParticipantRegistryExpiredRoot(uint256 root, uint256 createdAt);
    /// @notice The root predates a member removal, so it may still contain a removed member.
    error ParticipantRegistryRootPredatesRemoval(uint256 root);
    /// @notice The disclosure commitment was already made.
    error ParticipantRegistryDisclosureAlreadyCommitted(bytes32 disclosure);
    /// @notice No such disclosure commitment, or it was made in this block.
    error ParticipantRegistryDisclosureNotRevealable(bytes32 disclosure);
    /// @notice The disclosure commitment is older than the disclosure window.
    error ParticipantRegistryDisclosureExpired(bytes32 disclosure);
    /// @notice The revealed secret matches no slashable member.
    error ParticipantRegistryNoMemberForSecret();
    /// @notice A parameter is out of its allowed range.
    error ParticipantRegistryInvalidParams();
    /// @notice The member's identity was disclosed: no top-up, no second disclosure.
    error ParticipantRegistryIdentityDisclosed(address account);
    /// @notice An unbonding period shorter than the governance latency the registry was deployed with:
    /// a member could withdraw before a slash proposed when it started unbonding executes.
    error ParticipantRegistryUnbondingBelowGovernanceLatency(uint256 unbondingPeriod, uint256 minUnbondingPeriod);

    /// @notice A member staked and its commitment became leaf `index`.
    event Staked(address indexed account, uint256 indexed commitment, uint256 amount, uint256 index, uint256 root);
    /// @notice A member added stake.
    event ToppedUp(address indexed account, uint256 amount, uint256 newStake);
    /// @notice A member left the tree and started unbonding.
    event UnstakeRequested(address indexed account, uint256 unbondingEndsAt, uint256 root);
    /// @notice A member withdrew its remaining stake.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Governance slashed a member.
    event Slashed(address indexed account, address indexed slasher, uint256 amount, string reason, string evidenceURI);
    /// @notice A member fell below the minimum stake and awaits `evict`.
    event MarkedForEviction(address indexed account, uint256 stake);
    /// @notice A member below the minimum stake was removed from the tree.
    event Evicted(address indexed account, address indexed caller, uint256 root);
    /// @notice A disclosure commitment was recorded.
    event DisclosureCommitted(bytes32 indexed disclosure, address indexed committer);
    /// @notice A disclosed identity was slashed.
    event IdentityDisclosed(
        address indexed account,
        address indexed receiver,
        uint256 slashed,
        uint256 whistleblowerReward,
        bool removedFromTree
    );
    /// @notice The member tree got a new root.
    event RootUpdated(uint256 indexed root, uint256 removals);
    /// @notice Governance changed the parameters.
    event ParamsUpdated(Params params);
    /// @notice Governance changed the treasury.
    event TreasuryUpdated(address treasury);

    /// @notice Stakes `amount` GRD and inserts `identityCommitment` into the member tree.
    function stake(uint256 amount, uint256 identityCommitment) external;

    /// @notice `stake` after an ERC-2612 permit for `amount`.
    function stakeWithPermit(
        uint256 amount,
        uint256 identityCommitment,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Adds `amount` to the caller's stake.
    function topUp(uint256 amount) external;

    /// @notice Removes the caller's leaf (with its Merkle `siblings`) and starts unbonding.
    function requestUnstake(uint256[] calldata siblings) external;

    /// @notice Pays the caller's remaining stake once unbonding is over.
    function withdraw() external;

    /// @notice Governance slashing: at most the per-call cap; funds go to the treasury.
    function slash(address account, uint256 amount, string calldata reason, string calldata evidenceURI) external;

    /// @notice Removes a member that is pending eviction from the tree; anyone may call it.
    function evict(address account, uint256[] calldata siblings) external;

    /// @notice Commits to a disclosure: keccak256(abi.encode(secret, receiver, salt)).
    function commitDisclosure(bytes32 disclosure) external;

    /// @notice Reveals a committed disclosure; slashes the member whose commitment is Poseidon1(secret).
    function revealDisclosure(uint256 secret, address receiver, bytes32 salt, uint256[] calldata siblings) external;

    /// @notice Reverts with ParticipantRegistryUnknownRoot, ParticipantRegistryExpiredRoot or
    /// ParticipantRegistryRootPredatesRemoval unless `root` is acceptable.
    function validateRoot(uint256 root) external view;

    /// @notice Whether `root` is acceptable for a proof now.
    function isValidRoot(uint256 root) external view returns (bool);

    /// @notice The current root of the member tree (0 while empty).
    function currentRoot() external view returns (uint256);

    /// @notice The current depth of the member tree: a circuit of a smaller MAX_DEPTH cannot prove in it.
    function treeDepth() external view returns (uint256);

    /// @notice The tree leaf of an identity commitment: PoseidonT2(commitment).
    function memberLeaf(uint256 commitment) external pure returns (uint256);

    /// @notice The member record of `account`.
    function memberOf(address account) external view returns (Member memory);

    // ------------------------------------------------------------------ governance

    /// @notice Replaces the parameters. DEFAULT_ADMIN_ROLE (governance) only.
    /// @dev Reverts with ParticipantRegistryInvalidParams for a parameter out of range, and with
    /// ParticipantRegistryUnbondingBelowGovernanceLatency for an unbonding period below `minUnbondingPeriod`.
    function setParams(Params calldata newParams) external;

    /// @notice Replaces the treasury. DEFAULT_ADMIN_ROLE (governance) only.
    function setTreasury(address treasury_) external;

    // ------------------------------------------------------------------ configuration and state

    /// @notice The role that may call `slash` (governance: the Timelock).
    // solhint-disable-next-line func-name-mixedcase
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice The staking asset (GRD).
    function token() external view returns (IERC20);

    /// @notice The non-transferable stake position (sGRD) this registry mints and burns.
    function stakePosition() external view returns (IStakePosition);

    /// @notice The floor of `unbondingPeriod`: the longest a slash proposal takes from proposal to
    /// execution (voting delay + voting period + late-quorum extension + timelock delay) when deployed.
    function minUnbondingPeriod() external view returns (uint256);

    /// @notice Receives slashed stake (after the whistleblower share).
    function treasury() external view returns (address);

    /// @notice Number of leaves ever removed from the tree.
    function removals() external view returns (uint64);

    /// @notice The current parameters.
    function params() external view returns (Params memory);

    /// @notice When `root` was created and the removal count then (createdAt 0: never a root).
    function rootInfo(uint256 root) external view returns (uint64 createdAt, uint64 removalsAtCreation);

    /// @notice Number of leaves ever inserted (removed leaves stay as zeros).
    function treeSize() external view returns (uint256);

    /// @notice The leaf index of `commitment`; reverts (LeafDoesNotExist) if it is not in the tree.
    function indexOf(uint256 commitment) external view returns (uint256);

    /// @notice The address that registered `commitment` (zero if none ever did).
    function ownerOfCommitment(uint256 commitment) external view returns (address);

    /// @notice When `disclosure` was committed (zeros if it was not, or was revealed).
    function disclosureOf(bytes32 disclosure) external view returns (uint64 blockNumber, uint64 committedAt);
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IStakePosition} from "../interfaces/IStakePosition.sol";

/// @title StakePosition (sGRD)
/// @notice A non-transferable, checkpointed record of each staker's GRD held by the participant
/// registry. Staked GRD sits in the registry, where it would vote for no one; the position keeps
/// that weight with the staker. It is minted 1:1 on stake and top-up, and burned on slash and
/// withdrawal. The Governor counts GRD votes plus position votes (see GuardiansVotes).
/// @dev The registry deploys this contract and is its only minter. On a holder's first mint the
/// position delegates to the holder, so staking never silently drops voting power; the holder may
/// re-delegate at any time.
contract StakePosition is ERC20, EIP712, ERC20Votes, IStakePosition {
    /// @inheritdoc IStakePosition
    address public immutable registry;

    constructor() ERC20("Guardians Stake Position", "sGRD") EIP712("Guardians Stake Position", "1") {
        registry = msg.sender;
    }

    modifier onlyRegistry() {
        if (msg.sender != registry) revert StakePositionUnauthorized(msg.sender);
        _;
    }

    /// @inheritdoc IStakePosition
    function mint(address account, uint256 amount) external onlyRegistry {
        _mint(account, amount);
        if (delegates(account) == address(0)) _delegate(account, account);
    }

    /// @inheritdoc IStakePosition
    function burn(address account, uint256 amount) external onlyRegistry {
        _burn(account, amount);
    }

    /// @notice The ERC-6372 clock: block timestamps, as the Governor uses.
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice The ERC-6372 clock mode: timestamps.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @dev Positions move only by mint and burn: a stake is not a tradeable claim.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (from != address(0) && to != address(0)) revert StakePositionNonTransferable();
        super._update(from, to, value);
    }
}

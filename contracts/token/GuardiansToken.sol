// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title GuardiansToken (GRD)
/// @notice The protocol token: the staking, bond and reward asset, and the voting token of the
/// Guardians Governor. The whole supply is minted once, at deployment, to a treasury that
/// governance controls; there is no later minting.
/// @dev Votes are checkpointed on a timestamp clock (ERC-6372), as the Governor's clock.
contract GuardiansToken is ERC20, ERC20Permit, ERC20Votes {
    /// @param treasury Receives the whole supply (the Timelock in production).
    /// @param supply The fixed total supply, in wei.
    constructor(address treasury, uint256 supply) ERC20("Guardians", "GRD") ERC20Permit("Guardians") {
        _mint(treasury, supply);
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

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

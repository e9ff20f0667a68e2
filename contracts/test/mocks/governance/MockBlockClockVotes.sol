// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";

/// @title MockBlockClockVotes
/// @notice Test-only votes token on OpenZeppelin's default block-number clock, to show that
/// GuardiansVotes refuses a token whose clock differs from the Governor's timestamp clock.
contract MockBlockClockVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Block Clock Votes", "BCV") EIP712("Block Clock Votes", "1") {}

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

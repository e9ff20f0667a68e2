// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title Permits: EIP-2612 permits that a front-runner cannot turn into a denial of service.
library Permits {
    /// @notice Uses `owner`'s permit for `value` to the calling contract, unless the allowance already
    /// covers `value`.
    /// @dev Anyone may copy a permit from the mempool and submit it first; the permit then reverts here
    /// (its nonce is used), but the allowance it set is already enough, so it is skipped.
    function permitUnlessAllowed(
        IERC20 token,
        address owner,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal {
        if (token.allowance(owner, address(this)) < value) {
            IERC20Permit(address(token)).permit(owner, address(this), value, deadline, v, r, s);
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockReentrantToken (test-only)
/// @notice An ERC20 that, once armed, calls back into a target during its next transfer, the way a
/// token with transfer hooks (ERC-777-like) or a malicious token would. It records the callback's result.
contract MockReentrantToken is ERC20 {
    /// @notice Contract the next transfer calls back into (zero when disarmed).
    address public callbackTarget;
    /// @notice Calldata of the callback.
    bytes public payload;
    /// @notice Whether the last callback succeeded.
    bool public lastCallSucceeded;
    /// @notice Return or revert data of the last callback.
    bytes public lastReturnData;

    /// @param holder Receives the whole supply.
    /// @param supply The supply, in wei.
    constructor(address holder, uint256 supply) ERC20("Reentrant", "RNT") {
        _mint(holder, supply);
    }

    /// @notice Arms a one-shot callback into `target_` with `payload_` during the next transfer.
    function arm(address target_, bytes calldata payload_) external {
        callbackTarget = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address callee = callbackTarget;
        if (callee != address(0)) {
            callbackTarget = address(0);
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory data) = callee.call(payload);
            lastCallSucceeded = ok;
            lastReturnData = data;
        }
    }
}

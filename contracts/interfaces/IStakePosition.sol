// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStakePosition: the registry-facing side of the non-transferable stake position.
interface IStakePosition {
    /// @notice A caller other than the registry tried to mint or burn.
    error StakePositionUnauthorized(address caller);
    /// @notice Positions cannot be transferred, approved away or sold.
    error StakePositionNonTransferable();

    /// @notice Mints `amount` of position to `account`; on the first mint it self-delegates.
    function mint(address account, uint256 amount) external;

    /// @notice Burns `amount` of `account`'s position.
    function burn(address account, uint256 amount) external;

    /// @notice The participant registry: the only account that mints and burns positions.
    function registry() external view returns (address);
}

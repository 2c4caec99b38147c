// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @notice The part of ERC-20 the Rollup uses.
interface IERC20 {
    /// @notice Moves `amount` from `from` to `to` using the caller's allowance.
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    /// @notice Moves `amount` from the caller to `to`.
    function transfer(address to, uint256 amount) external returns (bool);
    /// @notice The token balance of `account`.
    function balanceOf(address account) external view returns (uint256);
}

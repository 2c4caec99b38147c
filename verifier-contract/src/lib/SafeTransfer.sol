// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @title SafeTransfer
/// @notice ERC-20 transfers that accept tokens returning nothing or `true`, and revert on
///         `false`, on a revert, or on a token without code.
library SafeTransfer {
    /// @notice The token call failed or returned false.
    error TokenTransferFailed(address token, address from, address to, uint256 amount);

    /// @notice `token.transferFrom(from, to, amount)` or revert.
    function safeTransferFrom(address token, address from, address to, uint256 amount) internal {
        _call(token, abi.encodeWithSelector(0x23b872dd, from, to, amount), from, to, amount);
    }

    /// @notice `token.transfer(to, amount)` or revert.
    function safeTransfer(address token, address to, uint256 amount) internal {
        _call(token, abi.encodeWithSelector(0xa9059cbb, to, amount), address(this), to, amount);
    }

    function _call(address token, bytes memory data, address from, address to, uint256 amount) private {
        (bool ok, bytes memory ret) = token.call(data);
        // An address without code "succeeds" with empty return data: reject it explicitly.
        if (!ok || (ret.length == 0 && token.code.length == 0) || (ret.length != 0 && (ret.length < 32 || !abi.decode(ret, (bool)))))
        {
            revert TokenTransferFailed(token, from, to, amount);
        }
    }
}

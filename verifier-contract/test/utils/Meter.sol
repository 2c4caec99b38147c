// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @title Meter
/// @notice TEST ONLY: acts as a user (an EOA stand-in: it holds tokens and ETH and is the
///         `msg.sender` the target sees) and measures what each call would cost as an L1
///         transaction: 21,000 + calldata (4 gas per zero byte, 16 per other byte) + the
///         execution gas of the call, before refunds.
/// @dev The execution gas is a `gas()` delta around the CALL in assembly minus the CALL's own
///      overhead, calibrated at construction on a code-`STOP` callee; with value, the CALL also
///      charges 9,000 and hands the callee a 2,300 stipend, which a transaction does neither.
///      The target is warmed first, as a transaction's `to` is. Everything else the call touches
///      is as warm as the surrounding transaction left it, so callers measure a call that is the
///      first thing their test function does after `setUp` (a transaction of its own): then the
///      figure is the same with and without forge's `--isolate`/`--gas-report`.
contract Meter {
    /// @notice The measured call reverted with `reason`.
    error CallFailed(bytes reason);

    /// @notice Gas the measurement itself adds for a value-less call.
    uint256 public immutable overhead;
    /// @notice The last measured transaction gas.
    uint256 public last;

    constructor() {
        overhead = _used(_deployStop(), 0, "");
    }

    receive() external payable {}

    /// @notice Calls `target` with `value` and `data` without measuring (set-up steps).
    /// @param target Callee.
    /// @param value Wei sent.
    /// @param data Calldata.
    /// @return ret The return data.
    function exec(address target, uint256 value, bytes calldata data) external returns (bytes memory ret) {
        bool ok;
        (ok, ret) = target.call{value: value}(data);
        if (!ok) revert CallFailed(ret);
    }

    /// @notice Calls `target` and returns the transaction gas the call would cost.
    /// @param target Callee (a contract).
    /// @param value Wei sent (from this contract's balance).
    /// @param data Calldata.
    /// @return txGas 21,000 + calldata gas + execution gas (before refunds).
    function measure(address target, uint256 value, bytes calldata data) external returns (uint256 txGas) {
        uint256 exec_ = _used(target, value, data) - overhead - (value != 0 ? 6_700 : 0);
        uint256 cd;
        for (uint256 i = 0; i < data.length; ++i) {
            cd += data[i] == 0 ? 4 : 16;
        }
        txGas = 21_000 + cd + exec_;
        last = txGas;
    }

    function _used(address target, uint256 value, bytes memory data) private returns (uint256 used) {
        uint256 warm = target.code.length; // warm the callee, as a transaction's `to`
        bool ok;
        assembly {
            pop(warm)
            let ptr := add(data, 0x20)
            let len := mload(data)
            let g0 := gas()
            ok := call(gas(), target, value, ptr, len, 0, 0)
            used := sub(g0, gas())
        }
        if (!ok) {
            bytes memory reason = new bytes(0);
            assembly {
                reason := mload(0x40)
                mstore(reason, returndatasize())
                returndatacopy(add(reason, 0x20), 0, returndatasize())
                mstore(0x40, add(add(reason, 0x20), returndatasize()))
            }
            revert CallFailed(reason);
        }
    }

    function _deployStop() private returns (address callee) {
        assembly {
            // init code `6001600c60003960016000f3` (CODECOPY 1 byte from 12, RETURN it) + runtime 00
            mstore(0, 0x6001600c60003960016000f30000000000000000000000000000000000000000)
            callee := create(0, 0, 13)
        }
        if (callee == address(0)) revert CallFailed("");
    }
}

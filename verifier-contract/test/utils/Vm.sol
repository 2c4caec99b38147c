// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// @notice The few forge cheatcodes zkclear's tests use (forge-std is not available offline).
/// @dev Signatures follow forge's cheatcode ABI; the contract lives at `VM_ADDRESS`.
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function deal(address who, uint256 newBalance) external;
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    function assume(bool condition) external pure;
    function readFile(string calldata path) external view returns (string memory);
    function parseJson(string calldata json, string calldata key) external pure returns (bytes memory);
    function parseJsonUintArray(string calldata json, string calldata key) external pure returns (uint256[] memory);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonBytes32(string calldata json, string calldata key) external pure returns (bytes32);
    function parseJsonKeys(string calldata json, string calldata key) external pure returns (string[] memory);
    function projectRoot() external view returns (string memory);
    function toString(uint256 value) external pure returns (string memory);
    function label(address account, string calldata newLabel) external;
    function etch(address target, bytes calldata newRuntimeBytecode) external;
    function store(address target, bytes32 slot, bytes32 value) external;
    function load(address target, bytes32 slot) external view returns (bytes32 data);
    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }

    function lastCallGas() external view returns (Gas memory gas);
}

/// @notice Base for zkclear forge tests: the cheatcode handle and small assertion helpers.
/// @dev Failing assertions revert with a custom error carrying the compared values.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev DSTest-style log event; forge prints it with -vv.
    event log_named_uint(string key, uint256 val);

    error AssertionFailed(string what, uint256 left, uint256 right);
    error AssertionFailedBytes32(string what, bytes32 left, bytes32 right);
    error AssertionFailedBool(string what);

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, a, b);
    }

    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        if (a != b) revert AssertionFailedBytes32(what, a, b);
    }

    function assertEq(address a, address b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what, uint160(a), uint160(b));
    }

    function assertTrue(bool c, string memory what) internal pure {
        if (!c) revert AssertionFailedBool(what);
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert AssertionFailed(what, a, b);
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert AssertionFailed(what, a, b);
    }
}

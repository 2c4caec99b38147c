// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "./utils/Vm.sol";

contract SmokeTest is TestBase {
    function testWarp() public {
        vm.warp(1000);
        assertEq(block.timestamp, 1000, "warp");
    }
}

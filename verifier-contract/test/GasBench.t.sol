// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {IBatchVerifier} from "../src/IBatchVerifier.sol";
import {AcceptAllVerifier} from "./fixtures/AcceptAllVerifier.sol";

/// @notice Gas of each user-facing call in a steady state (warm queue, existing accounts).
///         Run: `forge test --match-contract GasBench -vv` (numbers are logged; BENCHMARKS.md).
///         The figures are execution gas of the call as measured by the caller (the 21k base
///         and calldata cost of a transaction are not included).
contract GasBenchTest is RollupBase {
    function setUp() public override {
        super.setUp();
        // commitBatch is measured without the proof check: accept-all fixture.
        rollup = new Rollup(address(token), IBatchVerifier(address(new AcceptAllVerifier())), operator, GENESIS, 1, 0);
        _fund(alice, 1e15);
        _fund(bob, 1e15);
        vm.prank(bob);
        rollup.deposit(10, _key(2)); // the queue and the rollup's token balance are not empty
    }

    /// @dev Gas used by the last external call itself (forge's `lastCallGas`), so the caller's
    ///      ABI encoding and memory are not counted.
    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function _measureDeposit(address who) internal returns (uint256) {
        vm.prank(who);
        rollup.deposit(1000, _key(1));
        return _last();
    }

    function testGasDeposit() public {
        emit log_named_uint("deposit, first (new account)", _measureDeposit(alice));
        uint256 g = _measureDeposit(alice);
        emit log_named_uint("deposit, existing account", g);
        assertLe(g, 60_000, "deposit goal");
    }

    function testGasRequestForcedWithdrawal() public {
        vm.prank(alice);
        uint32 id = rollup.deposit(1000, _key(1));
        vm.prank(alice);
        rollup.requestForcedWithdrawal(id, 500);
        uint256 g = _last();
        emit log_named_uint("requestForcedWithdrawal", g);
        assertLe(g, 90_000, "forced goal");
    }

    function testGasSetL2Key() public {
        vm.prank(bob);
        rollup.setL2Key(_key(7));
        uint256 g = _last();
        emit log_named_uint("setL2Key", g);
    }

    function _trades(uint256 n) internal pure returns (bytes memory pubdata) {
        bytes memory t = hex"0300000001000000020000000000fa05f5e100000000c8000001f40000000700010007";
        pubdata = new bytes(35 * n);
        for (uint256 i = 0; i < 35 * n; ++i) {
            pubdata[i] = t[i % 35];
        }
    }

    function _commitGas(bytes memory pubdata) internal returns (uint256) {
        vm.prank(operator);
        rollup.commitBatch(bytes32(uint256(keccak256(pubdata))), pubdata, "");
        return _last();
    }

    function testGasCommitBatchVsPubdataSize() public {
        // One priority op (bob's deposit) so the queue check runs, then N trades.
        bytes memory dep = abi.encodePacked(_depositBytes(1, bob, _key(2), 10), uint8(0));
        emit log_named_uint("commitBatch, 1 deposit (75 B)", _commitGas(dep));
        uint256[4] memory ns = [uint256(10), 100, 1000, 2800];
        for (uint256 i = 0; i < 4; ++i) {
            bytes memory pd = _trades(ns[i]);
            emit log_named_uint(string.concat("commitBatch, trades x", vm.toString(ns[i]), ", pubdata bytes"), pd.length);
            emit log_named_uint("  gas", _commitGas(pd));
        }
        bytes memory w;
        for (uint256 i = 0; i < 100; ++i) {
            w = bytes.concat(w, _withdrawOp(1, uint32(i), address(uint160(0x1000 + i)), 1));
        }
        emit log_named_uint("commitBatch, 100 withdrawals to new addresses (3700 B)", _commitGas(w));
    }

    function testGasWithdraw() public {
        _commitGas(_withdrawOp(1, 0, alice, 5));
        _commitGas(_withdrawOp(1, 1, alice, 5));
        vm.prank(alice);
        rollup.withdraw();
        uint256 g = _last();
        emit log_named_uint("withdraw", g);
    }

    function _escapeGas(uint256 nPositions) internal returns (uint256 g) {
        StateProofs.Position[] memory ps = new StateProofs.Position[](nPositions);
        for (uint256 i = 0; i < nPositions; ++i) {
            ps[i] = StateProofs.Position({slot: uint8(i), marketId: 0, size: 1, fundingIndex: 0});
        }
        Scenario memory s = _scenario(alice, 1000, ps, 10, 0);
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        vm.prank(operator);
        rollup.commitBatch(
            s.stateRoot,
            abi.encodePacked(
                _depositBytes(1, bob, _key(2), 10), uint8(0), _depositBytes(2, alice, _key(1), 5000), uint8(0)
            ),
            ""
        );
        vm.prank(alice);
        rollup.requestForcedWithdrawal(2, 1);
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        emit log_named_uint("openEscapeRoots", _last());
        rollup.proveMarket(0, s.market, s.marketPath);
        emit log_named_uint("proveMarket", _last());
        rollup.escape(s.account, s.positions, s.accountPath);
        g = _last();
    }

    function testGasEscapeOnePosition() public {
        uint256 g = _escapeGas(1);
        emit log_named_uint("escape, 1 position", g);
    }

    function testGasEscapeNoPosition() public {
        emit log_named_uint("escape, no position", _escapeGas(0));
    }

    function testGasEscapeFourPositions() public {
        emit log_named_uint("escape, 4 positions", _escapeGas(4));
    }

    function testGasEscapeSixteenPositions() public {
        emit log_named_uint("escape, 16 positions", _escapeGas(16));
    }
}

// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";

/// @notice The escape hatch: freeze, open the last proven root, prove markets, escape once.
contract EscapeTest is RollupBase {
    /// @dev Alice deposits, the operator proves a state `s`, bob's forced withdrawal is ignored,
    ///      the deadline passes and the rollup freezes.
    function _frozenAt(Scenario memory s, uint64 deposited) internal {
        vm.prank(alice);
        rollup.deposit(deposited, _key(1));
        _commit(s.stateRoot, abi.encodePacked(_depositBytes(1, alice, _key(1), deposited), uint8(0)));
        vm.prank(bob);
        rollup.deposit(10, _key(2));
        vm.prank(bob);
        rollup.requestForcedWithdrawal(2, 10);
        vm.warp(block.timestamp + 7 days + 1);
        rollup.freeze();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        rollup.proveMarket(0, s.market, s.marketPath);
    }

    function _onePosition(int64 size, int64 cachedFunding) internal pure returns (StateProofs.Position[] memory ps) {
        ps = new StateProofs.Position[](1);
        ps[0] = StateProofs.Position({slot: 0, marketId: 0, size: _embed(size), fundingIndex: _embed(cachedFunding)});
    }

    function testEscapePaysCollateralPlusMarkedPositionsOnce() public {
        // collateral 1000, long 3 lots at mark 100, market funding index -4, cached -10:
        // unpaid funding 3 × (-4 - -10) = 18, value = 1000 + 300 - 18 = 1282.
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        _frozenAt(s, 5000);
        uint256 before = token.balanceOf(alice);
        vm.prank(bob); // anyone may submit; the owner in the leaf is paid
        uint256 paid = rollup.escape(s.account, s.positions, s.accountPath);
        assertEq(paid, 1282, "payout");
        assertEq(token.balanceOf(alice) - before, 1282, "received");
        assertTrue(rollup.escaped(1), "marked");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyEscaped.selector, uint32(1)));
        rollup.escape(s.account, s.positions, s.accountPath);
    }

    function testEscapeShortPositionAndNegativeValuePaysZero() public {
        // collateral 100, short 5 at mark 100: value = 100 - 500 < 0 -> 0, still marked.
        Scenario memory s = _scenario(alice, 100, _onePosition(-5, 0), 100, 0);
        _frozenAt(s, 5000);
        uint256 before = token.balanceOf(alice);
        assertEq(rollup.escape(s.account, s.positions, s.accountPath), 0, "nothing");
        assertEq(token.balanceOf(alice), before, "unchanged");
        assertTrue(rollup.escaped(1), "marked");
    }

    function testEscapeRejectsForgedLeaf() public {
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        _frozenAt(s, 5000);
        s.account.collateral = 1_000_000; // not what was proven
        vm.expectRevert();
        rollup.escape(s.account, s.positions, s.accountPath);
        s.account.collateral = _embed(1000);
        s.account.owner = bob; // pay someone else
        vm.expectRevert();
        rollup.escape(s.account, s.positions, s.accountPath);
        // hiding the (losing) position is impossible: the positions root would differ
        s.account.owner = alice;
        StateProofs.Position[] memory none = new StateProofs.Position[](0);
        vm.expectRevert();
        rollup.escape(s.account, none, s.accountPath);
    }

    function testEscapeRequiresFreezeRootsAndMarkets() public {
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        vm.expectRevert(Rollup.NotFrozen.selector);
        rollup.escape(s.account, s.positions, s.accountPath);
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        _commit(s.stateRoot, abi.encodePacked(_depositBytes(1, alice, _key(1), 5000), uint8(0)));
        vm.prank(alice);
        rollup.requestForcedWithdrawal(1, 10);
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        vm.expectRevert(Rollup.EscapeRootsNotOpened.selector);
        rollup.escape(s.account, s.positions, s.accountPath);
        vm.expectRevert();
        rollup.openEscapeRoots(s.marketsRoot, s.accountsRoot, s.globals); // swapped
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        vm.expectRevert(abi.encodeWithSelector(Rollup.MarketNotProven.selector, uint8(0)));
        rollup.escape(s.account, s.positions, s.accountPath);
        s.market[4] = 1_000_000; // a forged price
        vm.expectRevert();
        rollup.proveMarket(0, s.market, s.marketPath);
    }

    function testEscapeWithSixteenPositions() public {
        StateProofs.Position[] memory ps = new StateProofs.Position[](16);
        for (uint8 i = 0; i < 16; ++i) {
            ps[i] = StateProofs.Position({slot: i, marketId: 0, size: _embed(int64(int8(i)) - 7 == 0 ? int64(1) : int64(int8(i)) - 7), fundingIndex: 0});
        }
        Scenario memory s = _scenario(alice, 100_000, ps, 10, 0);
        _frozenAt(s, 200_000);
        uint256 paid = rollup.escape(s.account, s.positions, s.accountPath);
        // sizes -7..8 with 0 replaced by 1: sum = 8 + 1 = 9 lots at 10
        assertEq(paid, 100_000 + 90, "payout");
    }

    /// forge-config: default.fuzz.runs = 24
    function testFuzzEscapeNeverPaysTwiceNorBelowZero(int32 collateral, int24 size, uint32 price) public {
        vm.assume(size != 0 && price != 0);
        Scenario memory s = _scenario(alice, collateral, _onePosition(size, 0), price, 0);
        _fund(alice, 2 ** 58);
        _frozenAt(s, uint64(2 ** 58));
        int256 value = int256(collateral) + int256(size) * int256(uint256(price));
        uint256 paid = rollup.escape(s.account, s.positions, s.accountPath);
        assertEq(paid, value > 0 ? uint256(value) : 0, "payout");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyEscaped.selector, uint32(1)));
        rollup.escape(s.account, s.positions, s.accountPath);
    }
}

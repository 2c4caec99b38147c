// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {PoseidonGoldilocks} from "../src/lib/PoseidonGoldilocks.sol";

/// @notice The escape hatch: freeze, open the last proven root, prove markets, record each
///         account's claim once during the claim window, pay claims (pro rata) after it.
contract EscapeTest is RollupBase {
    /// @dev Alice deposits, the operator proves a state `s`, bob's deposit and forced withdrawal
    ///      are ignored, the deadline passes and the rollup freezes.
    function _frozenAt(Scenario memory s, uint64 deposited) internal {
        vm.prank(alice);
        rollup.deposit(deposited, _key(1));
        _commit(s.stateRoot, abi.encodePacked(_depositBytes(1, alice, _key(1), deposited), uint8(0)));
        vm.prank(bob);
        rollup.deposit(10, _key(2));
        vm.prank(bob);
        rollup.requestForcedWithdrawal{value: FEE}(2, 10);
        vm.warp(block.timestamp + 7 days + 1);
        rollup.freeze();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        rollup.proveMarket(0, s.market, s.marketPath);
    }

    function _onePosition(int64 size, int64 cachedFunding) internal pure returns (StateProofs.Position[] memory ps) {
        ps = new StateProofs.Position[](1);
        ps[0] = StateProofs.Position({slot: 0, marketId: 0, size: _embed(size), fundingIndex: _embed(cachedFunding)});
    }

    function _claim(uint32 id) internal view returns (address owner, uint256 amount, uint8 status) {
        (owner, amount, status) = rollup.claims(id);
    }

    function _afterWindow() internal {
        vm.warp(rollup.claimWindowEnd() + 1);
    }

    function testEscapeRecordsThenPaysCollateralPlusMarkedPositionsOnce() public {
        // collateral 1000, long 3 lots at mark 100, market funding index -4, cached -10:
        // unpaid funding 3 × (-4 - -10) = 18, value = 1000 + 300 - 18 = 1282.
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        _frozenAt(s, 5000);
        uint256 before = token.balanceOf(alice);
        vm.prank(bob); // anyone may submit; the claim belongs to the owner in the leaf
        assertEq(rollup.escape(s.account, s.positions, s.accountPath), 1282, "claim");
        (address owner, uint256 amount, uint8 status) = _claim(1);
        assertEq(owner, alice, "claim owner");
        assertEq(amount, 1282, "claim amount");
        assertEq(status, 1, "recorded");
        assertEq(rollup.totalClaims(), 1282, "total claims");
        assertEq(token.balanceOf(alice), before, "recording pays nothing");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyEscaped.selector, uint32(1)));
        rollup.escape(s.account, s.positions, s.accountPath);

        uint256 end = rollup.claimWindowEnd();
        assertEq(end, block.timestamp + WINDOW, "window");
        vm.expectRevert(abi.encodeWithSelector(Rollup.ClaimWindowOpen.selector, end));
        rollup.claimEscape(1);
        _afterWindow();
        vm.expectRevert(abi.encodeWithSelector(Rollup.ClaimWindowClosed.selector, end));
        rollup.escape(s.account, s.positions, s.accountPath);
        // 5010 held, bob's 10 reserved: 5000 of assets cover the claim in full
        assertEq(rollup.escapeAssets(), 5000, "assets");
        assertEq(rollup.escapePayable(1), 1282, "payable");
        vm.prank(bob);
        assertEq(rollup.claimEscape(1), 1282, "paid");
        assertEq(token.balanceOf(alice) - before, 1282, "received");
        (,, status) = _claim(1);
        assertEq(status, 2, "paid status");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyPaid.selector, uint32(1)));
        rollup.claimEscape(1);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoClaim.selector, uint32(2)));
        rollup.claimEscape(2);
    }

    function testEscapeShortPositionAndNegativeValueClaimsZero() public {
        // collateral 100, short 5 at mark 100: value = 100 - 500 < 0 -> 0, still recorded.
        Scenario memory s = _scenario(alice, 100, _onePosition(-5, 0), 100, 0);
        _frozenAt(s, 5000);
        uint256 before = token.balanceOf(alice);
        assertEq(rollup.escape(s.account, s.positions, s.accountPath), 0, "nothing");
        (,, uint8 status) = _claim(1);
        assertEq(status, 1, "recorded");
        _afterWindow();
        assertEq(rollup.claimEscape(1), 0, "pays nothing");
        assertEq(token.balanceOf(alice), before, "unchanged");
    }

    function testEscapeRejectsForgedLeaf() public {
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        _frozenAt(s, 5000);
        s.account.collateral = 1_000_000; // not what was proven
        vm.expectRevert();
        rollup.escape(s.account, s.positions, s.accountPath);
        s.account.collateral = _embed(1000);
        s.account.owner = bob; // claim for someone else
        vm.expectRevert();
        rollup.escape(s.account, s.positions, s.accountPath);
        // hiding the (losing) position is impossible: the positions root would differ
        s.account.owner = alice;
        StateProofs.Position[] memory none = new StateProofs.Position[](0);
        vm.expectRevert();
        rollup.escape(s.account, none, s.accountPath);
        assertEq(rollup.totalClaims(), 0, "nothing recorded");
    }

    function testEscapeRequiresFreezeRootsAndMarkets() public {
        Scenario memory s = _scenario(alice, 1000, _onePosition(3, -10), 100, -4);
        vm.expectRevert(Rollup.NotFrozen.selector);
        rollup.escape(s.account, s.positions, s.accountPath);
        vm.expectRevert(Rollup.NotFrozen.selector);
        rollup.claimEscape(1);
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        _commit(s.stateRoot, abi.encodePacked(_depositBytes(1, alice, _key(1), 5000), uint8(0)));
        vm.prank(alice);
        rollup.requestForcedWithdrawal{value: FEE}(1, 10);
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
        // sizes -7..8 with 0 replaced by 1: sum = 8 + 1 = 9 lots at 10
        assertEq(rollup.escape(s.account, s.positions, s.accountPath), 100_000 + 90, "claim");
        _afterWindow();
        assertEq(rollup.claimEscape(1), 100_090, "paid");
    }

    /// @dev The scenario of issue 14: long 1 lot / short 1 lot at 100, mark 300 at the last
    ///      proven root, so the short is bankrupt and the claims exceed what the rollup holds
    ///      for the proven accounts; a third user's deposit is still queued. Paid first come,
    ///      first served, the long's escape would take part of that deposit. Now the deposit is
    ///      refunded in full (even after every payout) and the escapers share the rest pro rata.
    function testBankruptAccountQueuedDepositRefundedEscapesProRata() public {
        address carol = address(0xCA201);
        address dave = address(0xDA7E);
        _fund(carol, 1e9);
        _fund(dave, 1e9);
        // alice long 1 @ 100 (collateral 150 - 100), bob short 1 @ 100 (150 + 100), dave 100 flat
        StateProofs.Account[] memory accts = new StateProofs.Account[](3);
        StateProofs.Position[][] memory pos = new StateProofs.Position[][](3);
        (accts[0], pos[0]) = (_account(1, alice, 50), _pos(1));
        (accts[1], pos[1]) = (_account(2, bob, 250), _pos(-1));
        (accts[2], pos[2]) = (_account(3, dave, 100), _pos(0));
        MultiState memory s = _multiState(accts, pos, 300);

        vm.prank(alice);
        rollup.deposit(150, _key(1));
        vm.prank(bob);
        rollup.deposit(150, _key(2));
        vm.prank(dave);
        rollup.deposit(100, _key(3));
        _commit(
            s.stateRoot,
            abi.encodePacked(
                _depositBytes(1, alice, _key(1), 150),
                uint8(0),
                _depositBytes(2, bob, _key(2), 150),
                uint8(0),
                _depositBytes(3, dave, _key(3), 100),
                uint8(0)
            )
        );
        bytes32 carolPrev = rollup.lastQueueHash();
        vm.prank(carol);
        uint32 carolId = rollup.deposit(200, _key(4)); // never processed
        assertEq(token.balanceOf(address(rollup)), 600, "held");
        vm.warp(block.timestamp + 7 days + 1);
        rollup.freeze();
        assertEq(rollup.reservedDeposits(), 200, "carol's deposit reserved");
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        rollup.proveMarket(0, s.market, s.marketPath);

        assertEq(rollup.escape(s.accounts[0], s.positions[0], s.paths[0]), 350, "alice: 50 + 300");
        assertEq(rollup.escape(s.accounts[1], s.positions[1], s.paths[1]), 0, "bob: 250 - 300, bankrupt");
        assertEq(rollup.escape(s.accounts[2], s.positions[2], s.paths[2]), 100, "dave: 100");
        assertEq(rollup.totalClaims(), 450, "claims exceed the 400 of assets");

        _afterWindow();
        assertEq(rollup.escapeAssets(), 400, "600 held - 200 reserved");
        uint256 a0 = token.balanceOf(alice);
        uint256 d0 = token.balanceOf(dave);
        assertEq(rollup.claimEscape(1), 311, "alice: floor(350 * 400 / 450)");
        assertEq(rollup.claimEscape(3), 88, "dave: floor(100 * 400 / 450)");
        assertEq(rollup.claimEscape(2), 0, "bob: nothing");
        assertEq(token.balanceOf(alice) - a0, 311, "alice received");
        assertEq(token.balanceOf(dave) - d0, 88, "dave received");

        uint256 c0 = token.balanceOf(carol);
        rollup.refundDeposit(3, carolPrev, _depositBytes(carolId, carol, _key(4), 200));
        assertEq(token.balanceOf(carol) - c0, 200, "carol refunded in full");
        assertEq(token.balanceOf(address(rollup)), 1, "rounding dust stays");
    }

    /// forge-config: default.fuzz.runs = 24
    function testFuzzEscapeNeverPaysTwiceNorBelowZero(int32 collateral, int24 size, uint32 price) public {
        vm.assume(size != 0 && price != 0);
        Scenario memory s = _scenario(alice, collateral, _onePosition(size, 0), price, 0);
        _fund(alice, 2 ** 58);
        _frozenAt(s, uint64(2 ** 58));
        int256 value = int256(collateral) + int256(size) * int256(uint256(price));
        uint256 claim = rollup.escape(s.account, s.positions, s.accountPath);
        assertEq(claim, value > 0 ? uint256(value) : 0, "claim");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyEscaped.selector, uint32(1)));
        rollup.escape(s.account, s.positions, s.accountPath);
        _afterWindow();
        assertEq(rollup.claimEscape(1), claim, "paid in full (2^58 held)");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyPaid.selector, uint32(1)));
        rollup.claimEscape(1);
    }

    /// @dev Markets 0 (perp at `perpPrice`) and 1 (`call`) in one markets tree; the account holds
    ///      `size` lots of market 1. Returns the scenario and market 1's leaf and path.
    function _optionScenario(uint64[17] memory call, int64 size, uint64 perpPrice)
        internal
        returns (Scenario memory s, bytes32[] memory callPath)
    {
        StateProofs.Position[] memory ps = new StateProofs.Position[](1);
        ps[0] = StateProofs.Position({slot: 0, marketId: 1, size: _embed(size), fundingIndex: 0});
        s = _scenario(alice, 1000, ps, perpPrice, 0);
        bytes32 perpLeaf = _hashMarket(s.market);
        bytes32 callLeaf = _hashMarket(call);
        bytes32[] memory e = _emptyRoots(8);
        bytes32 node = PoseidonGoldilocks.twoToOne(perpLeaf, callLeaf);
        s.marketPath = new bytes32[](8);
        callPath = new bytes32[](8);
        s.marketPath[0] = callLeaf;
        callPath[0] = perpLeaf;
        for (uint256 h = 1; h < 8; ++h) {
            s.marketPath[h] = e[h];
            callPath[h] = e[h];
            node = PoseidonGoldilocks.twoToOne(node, e[h]);
        }
        s.marketsRoot = node;
        s.stateRoot = _stateRoot(s.accountsRoot, s.marketsRoot, s.globals);
    }

    /// @dev A call on market 0 (strike 100), mark 7, expiring at `expiry`, settled at `settled`.
    function _call(uint64 expiry, uint64 settled) internal pure returns (uint64[17] memory m) {
        m = _marketLeaf(7, 0);
        m[0] = 1; // call
        m[1] = 0; // underlying
        m[2] = 100; // strike
        m[3] = expiry;
        m[14] = settled;
    }

    /// @dev Commits `s` with oracle clock `clock`, freezes, opens the roots.
    function _frozenWithClock(Scenario memory s, uint64 clock) internal {
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        _commitAt(s.stateRoot, clock, abi.encodePacked(_depositBytes(1, alice, _key(1), 5000), uint8(0)));
        vm.prank(bob);
        rollup.deposit(10, _key(2));
        vm.warp(block.timestamp + 7 days + 1);
        rollup.freeze();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
    }

    function testEscapeValuesAnExpiredUnsettledOptionAtItsPayoff() public {
        vm.warp(1_800_000_000);
        // Expired (1 700 000 000 ≤ clock) but never settled: 10 calls worth max(130 − 100, 0) = 30
        // each at the proven underlying price, not their stale mark of 7.
        uint64[17] memory c = _call(1_700_000_000, 0);
        (Scenario memory s, bytes32[] memory callPath) = _optionScenario(c, 10, 130);
        _frozenWithClock(s, 1_700_000_100);
        vm.expectRevert(abi.encodeWithSelector(Rollup.UnderlyingNotProven.selector, uint8(1), uint8(0)));
        rollup.proveMarket(1, c, callPath);
        rollup.proveMarket(0, s.market, s.marketPath);
        rollup.proveMarket(1, c, callPath);
        (, uint64 price,) = rollup.escapeMarkets(1);
        assertEq(price, 30, "payoff at the underlying");
        assertEq(rollup.escape(s.account, s.positions, s.accountPath), 1300, "1000 + 10 x 30");
    }

    function testEscapeValuesASettledOptionAtItsSettlementPayoffAndALiveOneAtMark() public {
        vm.warp(1_800_000_000);
        uint64[17] memory settled = _call(1_700_000_000, 160);
        (Scenario memory s, bytes32[] memory callPath) = _optionScenario(settled, 10, 130);
        _frozenWithClock(s, 1_700_000_100);
        rollup.proveMarket(1, settled, callPath);
        (, uint64 price,) = rollup.escapeMarkets(1);
        assertEq(price, 60, "payoff at the settlement price, no underlying needed");

        // Not yet expired at the last proven clock: the mark.
        setUp();
        vm.warp(1_800_000_000);
        uint64[17] memory live = _call(1_750_000_000, 0);
        (s, callPath) = _optionScenario(live, 10, 130);
        _frozenWithClock(s, 1_700_000_100);
        rollup.proveMarket(1, live, callPath);
        (, price,) = rollup.escapeMarkets(1);
        assertEq(price, 7, "mark");
    }
}

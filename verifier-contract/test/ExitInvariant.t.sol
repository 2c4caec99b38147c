// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Vm} from "./utils/Vm.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {TestToken} from "./fixtures/TestToken.sol";

/// @notice Random exits after freeze over a state with many accounts, bankrupt ones included
///         (claims sum to more than the rollup holds for the proven accounts), unprocessed
///         deposits and a pending withdrawal. Records what each action should do and flags any
///         action that must succeed but reverted, or must revert but succeeded.
contract ExitHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct Queued {
        uint64 index;
        bytes32 prev;
        bytes op;
        address owner;
        uint256 amount;
        bool refunded;
    }

    Rollup internal immutable rollup;
    TestToken internal immutable token;
    StateProofs.Account[] internal accounts;
    int64[] internal sizes;
    bytes32[][] internal paths;
    Queued[] internal queued;
    address[] internal pendingOwners;

    mapping(uint32 => uint256) public payouts; // per account id
    uint256 public paidTotal;
    uint256 public settledAssets; // escapeAssets() right before the first payout
    bool public settled;
    uint256 public failures; // actions that misbehaved
    string public lastFailure;

    constructor(Rollup r, TestToken t) {
        rollup = r;
        token = t;
    }

    function addAccount(StateProofs.Account memory a, int64 size, bytes32[] memory path) external {
        accounts.push(a);
        sizes.push(size);
        paths.push(path);
    }

    function addQueued(uint64 index, bytes32 prev, bytes memory op, address owner, uint256 amount) external {
        queued.push(Queued(index, prev, op, owner, amount, false));
    }

    function addPendingOwner(address who) external {
        pendingOwners.push(who);
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function accountId(uint256 k) external view returns (uint32) {
        return accounts[k].accountId;
    }

    /// @notice Sum of the queued deposits not refunded yet.
    function unrefunded() external view returns (uint256 total) {
        for (uint256 j = 0; j < queued.length; ++j) {
            if (!queued[j].refunded) total += queued[j].amount;
        }
    }

    function _fail(string memory what) internal {
        ++failures;
        lastFailure = what;
    }

    function _positions(int64 size) internal pure returns (StateProofs.Position[] memory ps) {
        ps = new StateProofs.Position[](size == 0 ? 0 : 1);
        if (size != 0) {
            uint64 e = size >= 0 ? uint64(size) : uint64(0xffffffff00000001 - uint64(-size));
            ps[0] = StateProofs.Position({slot: 0, marketId: 0, size: e, fundingIndex: 0});
        }
    }

    function _windowOpen() internal view returns (bool) {
        return block.timestamp <= rollup.claimWindowEnd();
    }

    function escape(uint256 k) external {
        k %= accounts.length;
        StateProofs.Account memory a = accounts[k];
        (,, uint8 status) = rollup.claims(a.accountId);
        bool should = _windowOpen() && status == 0;
        try rollup.escape(a, _positions(sizes[k]), paths[k]) {
            if (!should) _fail("escape accepted twice or after the window");
        } catch {
            if (should) _fail("escape refused");
        }
    }

    function escapeForged(uint256 k, uint64 collateral) external {
        k %= accounts.length;
        StateProofs.Account memory a = accounts[k];
        a.collateral = collateral % 0xffffffff00000001;
        if (a.collateral == accounts[k].collateral) return;
        try rollup.escape(a, _positions(sizes[k]), paths[k]) {
            _fail("forged leaf accepted");
        } catch {}
    }

    function warp(uint32 dt) external {
        vm.warp(block.timestamp + dt % 2 days);
    }

    function claim(uint256 k) external {
        uint32 id = accounts[k % accounts.length].accountId;
        (address owner, uint256 amount, uint8 status) = rollup.claims(id);
        bool should = !_windowOpen() && status == 1;
        if (should && !settled) {
            settledAssets = rollup.escapeAssets();
            settled = true;
        }
        uint256 expected = should ? rollup.escapePayable(id) : 0;
        uint256 before = token.balanceOf(owner);
        try rollup.claimEscape(id) returns (uint256 paid) {
            if (!should) _fail("claim paid twice, without a claim or during the window");
            if (paid != expected || token.balanceOf(owner) - before != paid) _fail("claim paid a wrong amount");
            if (paid > amount) _fail("claim paid more than its value");
            ++payouts[id];
            paidTotal += paid;
        } catch {
            if (should) _fail("claim refused");
        }
    }

    function refund(uint256 j) external {
        Queued storage q = queued[j % queued.length];
        uint256 before = token.balanceOf(q.owner);
        try rollup.refundDeposit(q.index, q.prev, q.op) {
            if (q.refunded) _fail("deposit refunded twice");
            if (token.balanceOf(q.owner) - before != q.amount) _fail("refund amount");
            q.refunded = true;
        } catch {
            if (!q.refunded) _fail("deposit not refundable");
        }
    }

    function withdraw(uint256 k) external {
        address who = pendingOwners[k % pendingOwners.length];
        uint256 pending = rollup.pendingWithdrawals(who);
        vm.prank(who);
        try rollup.withdraw() {
            if (pending == 0) _fail("withdrew nothing");
        } catch {
            if (pending != 0) _fail("pending withdrawal not payable");
        }
    }

    function donate(uint32 amount) external {
        token.mint(address(rollup), amount % 1000);
    }
}

contract ExitInvariantTest is RollupBase {
    ExitHandler internal handler;
    uint256 internal constant PAIRS = 6;
    int64 internal constant MARK = 1000;

    function _owner(uint32 id) internal pure returns (address) {
        return address(uint160(0x3000 + id));
    }

    function setUp() public override {
        super.setUp();
        handler = new ExitHandler(rollup, token);
        // Pairs (long id 2i+1, short id 2i+2), s = i+1 lots traded at 100, mark 1000 at the
        // last proven root. Longs deposit 110 s (collateral 10 s after paying 100 s; value
        // 910 s), shorts deposit 150 s or 250 s (collateral + 100 s, value < 0: bankrupt, so
        // the longs' claims, 19 105 in all, are about three times the 6 655 of assets).
        // Account 1 then withdraws 5 (pending on L1, collateral 5 on L2).
        uint256 n = 2 * PAIRS;
        StateProofs.Account[] memory accts = new StateProofs.Account[](n);
        StateProofs.Position[][] memory pos = new StateProofs.Position[][](n);
        int64[] memory size = new int64[](n);
        uint64[] memory dep = new uint64[](n);
        bytes memory pubdata;
        uint256 claims;
        for (uint256 i = 0; i < PAIRS; ++i) {
            int64 s = int64(int256(i + 1));
            uint32 l = uint32(2 * i + 1);
            uint32 sh = l + 1;
            dep[2 * i] = uint64(int64(110) * s);
            dep[2 * i + 1] = uint64((i % 2 == 0 ? int64(150) : int64(250)) * s);
            int256 cl = int256(uint256(dep[2 * i])) - 100 * s - (l == 1 ? int256(5) : int256(0));
            int256 cs = int256(uint256(dep[2 * i + 1])) + 100 * s;
            (accts[2 * i], pos[2 * i], size[2 * i]) = (_account(l, _owner(l), cl), _pos(s), s);
            (accts[2 * i + 1], pos[2 * i + 1], size[2 * i + 1]) = (_account(sh, _owner(sh), cs), _pos(-s), -s);
            claims += uint256(cl + MARK * s);
            if (cs - MARK * s > 0) claims += uint256(cs - MARK * s);
        }
        MultiState memory st = _multiState(accts, pos, uint64(MARK));

        uint256 processed;
        for (uint32 id = 1; id <= n; ++id) {
            _fund(_owner(id), 1e9);
            vm.prank(_owner(id));
            rollup.deposit(dep[id - 1], _key(id));
            pubdata = abi.encodePacked(pubdata, _depositBytes(id, _owner(id), _key(id), dep[id - 1]), uint8(0));
            processed += dep[id - 1];
        }
        _commit(bytes32(uint256(1)), pubdata);
        _commit(st.stateRoot, _withdrawOp(1, 0, _owner(1), 5));
        handler.addPendingOwner(_owner(1));
        handler.addPendingOwner(_owner(2)); // nothing pending

        // unprocessed deposits: an existing account and two new depositors
        address[3] memory who = [_owner(1), address(0x4001), address(0x4002)];
        uint64[3] memory amt = [uint64(40), 77, 1000];
        for (uint256 j = 0; j < 3; ++j) {
            _fund(who[j], 1e9);
            bytes32 prev = rollup.lastQueueHash();
            uint64 index = rollup.queueLength();
            vm.prank(who[j]);
            uint32 id = rollup.deposit(amt[j], _key(uint64(100 + j)));
            handler.addQueued(index, prev, _depositBytes(id, who[j], _key(uint64(100 + j)), amt[j]), who[j], amt[j]);
        }
        vm.prank(_owner(2));
        rollup.requestForcedWithdrawal{value: FEE}(2, 1);
        vm.warp(block.timestamp + 7 days + 1);
        rollup.freeze();
        rollup.openEscapeRoots(st.accountsRoot, st.marketsRoot, st.globals);
        rollup.proveMarket(0, st.market, st.marketPath);
        for (uint256 k = 0; k < n; ++k) {
            handler.addAccount(st.accounts[k], size[k], st.paths[k]);
        }
        // the scenario is the one that matters: claims exceed the proven accounts' assets
        assertEq(rollup.escapeAssets(), processed - 5, "assets");
        assertGe(claims, 2 * processed, "claims exceed assets");
        assertEq(rollup.reservedDeposits(), 1117, "reserved");
    }

    /// @dev forge-std's `FuzzSelector` layout: the actions the fuzzer may call.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory f) {
        bytes4[] memory sel = new bytes4[](7);
        sel[0] = ExitHandler.escape.selector;
        sel[1] = ExitHandler.escapeForged.selector;
        sel[2] = ExitHandler.warp.selector;
        sel[3] = ExitHandler.claim.selector;
        sel[4] = ExitHandler.refund.selector;
        sel[5] = ExitHandler.withdraw.selector;
        sel[6] = ExitHandler.donate.selector;
        f = new FuzzSelector[](1);
        f[0] = FuzzSelector(address(handler), sel);
    }

    /// @notice Balance >= pending withdrawals + reserved unrefunded deposits + what every
    ///         unpaid claim will be paid.
    /// forge-config: default.invariant.depth = 64
    function invariantSolvent() public view {
        uint256 owed = rollup.totalPending() + rollup.reservedDeposits();
        for (uint256 k = 0; k < handler.accountCount(); ++k) {
            owed += rollup.escapePayable(handler.accountId(k));
        }
        assertGe(token.balanceOf(address(rollup)), owed, "solvent");
    }

    /// @notice Every queued deposit not refunded yet is reserved, and refunds never failed.
    /// forge-config: default.invariant.depth = 64
    function invariantDepositorsRefundable() public view {
        assertEq(rollup.reservedDeposits(), handler.unrefunded(), "reserved = unrefunded");
        assertEq(handler.failures(), 0, handler.lastFailure());
    }

    /// @notice Nobody paid twice; payouts never exceed the assets fixed at settlement.
    /// forge-config: default.invariant.depth = 64
    function invariantPaidOnceWithinAssets() public view {
        for (uint256 k = 0; k < handler.accountCount(); ++k) {
            assertLe(handler.payouts(handler.accountId(k)), 1, "paid once");
        }
        assertLe(handler.paidTotal(), handler.settledAssets(), "payouts <= assets");
        assertEq(handler.failures(), 0, handler.lastFailure());
    }
}

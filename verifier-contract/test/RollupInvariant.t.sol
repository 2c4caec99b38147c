// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Vm} from "./utils/Vm.sol";
import {Rollup} from "../src/Rollup.sol";
import {StateProofs} from "../src/StateProofs.sol";
import {TestToken} from "./fixtures/TestToken.sol";
import {StatementVerifier} from "./fixtures/AcceptAllVerifier.sol";

/// @notice Drives the rollup with random users and a well-behaved operator whose batches
///         consume the queue exactly and credit withdrawals backed by L2 balances, plus an
///         attacker that submits arbitrary batches. Ghost variables track what must hold.
contract RollupHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Rollup internal immutable rollup;
    TestToken internal immutable token;
    StatementVerifier internal immutable verifier;
    address internal immutable operator;
    address[3] internal actors = [address(0x1001), address(0x1002), address(0x1003)];

    bytes[] internal pendingOps; // priority bytes not yet in a batch, with their outcome suffix
    uint256[] internal pendingDeposits; // deposit amount of each pending op (0 for others)
    uint256 internal pendingHead;
    uint256 public l2Balance; // collateral on L2 (processed deposits) backing future withdrawals
    bytes32 public ghostRoot;
    uint64 public ghostBatches;

    constructor(Rollup r, TestToken t, StatementVerifier v, address op) {
        rollup = r;
        token = t;
        verifier = v;
        operator = op;
        ghostRoot = r.stateRoot();
        for (uint256 i = 0; i < 3; ++i) {
            t.mint(actors[i], 2 ** 62);
            vm.deal(actors[i], 1000 ether);
            vm.prank(actors[i]);
            t.approve(address(r), type(uint256).max);
        }
    }

    function deposit(uint256 who, uint64 amount) external {
        if (rollup.frozen()) return;
        address a = actors[who % 3];
        amount = uint64(1 + amount % 1e12);
        vm.prank(a);
        uint32 id = rollup.deposit(amount, [uint64(1), 2, 3, 4, 5]);
        pendingOps.push(abi.encodePacked(uint8(1), id, a, uint64(1), uint64(2), uint64(3), uint64(4), uint64(5), amount, uint8(0)));
        pendingDeposits.push(amount); // on L2 once a batch processes it
    }

    function forcedWithdrawal(uint256 who, uint64 amount) external {
        if (rollup.frozen()) return;
        address a = actors[who % 3];
        uint32 id = rollup.accountOf(a);
        if (id == 0) return;
        uint256 fee = rollup.priorityFee();
        vm.prank(a);
        rollup.requestForcedWithdrawal{value: fee}(id, amount);
        // the rollup pays at most what is on L2 (margin rules simplified to the total)
        uint64 paid = uint64(amount < l2Balance ? amount : l2Balance);
        l2Balance -= paid;
        pendingOps.push(abi.encodePacked(uint8(10), id, a, amount, paid, uint8(paid == 0 ? 3 : 0)));
        pendingDeposits.push(0);
    }

    function commitValid(uint256 nOps, uint64 withdrawal, bytes32 newRoot) external {
        if (rollup.frozen()) return;
        bytes memory pubdata;
        uint256 end = pendingHead + nOps % (pendingOps.length - pendingHead + 1);
        for (; pendingHead < end; ++pendingHead) {
            pubdata = abi.encodePacked(pubdata, pendingOps[pendingHead]);
            l2Balance += pendingDeposits[pendingHead];
        }
        uint64 w = l2Balance == 0 ? 0 : uint64(withdrawal % (l2Balance + 1));
        l2Balance -= w;
        pubdata = abi.encodePacked(pubdata, uint8(4), uint32(1), uint32(0), actors[0], w, uint8(0));
        verifier.accept(keccak256(rollup.batchStatement(newRoot, 0, pubdata)));
        vm.prank(operator);
        rollup.commitBatch(newRoot, 0, pubdata, "ok");
        ghostRoot = newRoot;
        ++ghostBatches;
    }

    function commitForged(bytes calldata pubdata, bytes32 newRoot, bytes calldata proof) external {
        if (rollup.frozen()) return;
        vm.prank(operator);
        try rollup.commitBatch(newRoot, 0, pubdata, proof) {
            // Only a registered statement with proof "ok" can pass; that is a valid batch.
            ghostRoot = newRoot;
            ++ghostBatches;
        } catch {}
    }

    function withdraw(uint256 who) external {
        address a = actors[who % 3];
        if (rollup.pendingWithdrawals(a) == 0) return;
        vm.prank(a);
        rollup.withdraw();
    }

    function warpAndFreeze(uint32 dt) external {
        // up to 30 days a step (queue request times are kept for 136 years after deployment)
        vm.warp(block.timestamp + dt % 30 days);
        try rollup.freeze() {} catch {}
    }
}

/// @notice Invariants: solvency, the root only moves through valid batches, counters agree.
contract RollupInvariantTest is RollupBase {
    RollupHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new RollupHandler(rollup, token, verifier, operator);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    /// forge-config: default.invariant.fail-on-revert = true
    function invariantBalanceCoversAllClaims() public view {
        assertGe(token.balanceOf(address(rollup)), rollup.totalPending() + rollup.reservedDeposits(), "solvent");
    }

    function invariantRootOnlyChangesThroughValidBatches() public view {
        assertEq(rollup.stateRoot(), handler.ghostRoot(), "root");
        assertEq(rollup.batchNumber(), handler.ghostBatches(), "batches");
    }

    function invariantCursorNeverPassesQueue() public view {
        assertLe(rollup.queueCursor(), rollup.queueLength(), "cursor");
    }
}

/// @notice After freeze: any sequence of escape claims, payouts, refunds and withdrawals
///         records and pays each account at most once and keeps the contract solvent.
contract EscapeHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Rollup internal immutable rollup;
    StateProofs.Account internal account;
    StateProofs.Position[] internal positions;
    bytes32[] internal path;
    uint256 public escapes;
    uint256 public payouts;

    constructor(Rollup r, StateProofs.Account memory a, StateProofs.Position[] memory ps, bytes32[] memory p) {
        rollup = r;
        account = a;
        for (uint256 i = 0; i < ps.length; ++i) {
            positions.push(ps[i]);
        }
        path = p;
    }

    function escape() external {
        try rollup.escape(account, positions, path) {
            ++escapes;
        } catch {}
    }

    function escapeForged(uint64 collateral) external {
        StateProofs.Account memory a = account;
        a.collateral = collateral % 0xffffffff00000001;
        try rollup.escape(a, positions, path) {
            ++escapes;
        } catch {}
    }

    function claim() external {
        try rollup.claimEscape(account.accountId) {
            ++payouts;
        } catch {}
    }

    function warp(uint32 dt) external {
        vm.warp(block.timestamp + dt % 2 days);
    }

    function withdraw() external {
        try rollup.withdraw() {} catch {}
    }
}

contract EscapeInvariantTest is RollupBase {
    EscapeHandler internal handler;

    function setUp() public override {
        super.setUp();
        StateProofs.Position[] memory ps = new StateProofs.Position[](1);
        ps[0] = StateProofs.Position({slot: 2, marketId: 0, size: 4, fundingIndex: 0});
        Scenario memory s = _scenario(alice, 700, ps, 50, 0);
        vm.prank(alice);
        rollup.deposit(5000, _key(1));
        _commit(s.stateRoot, abi.encodePacked(_depositBytes(1, alice, _key(1), 5000), uint8(0)));
        vm.prank(alice);
        rollup.requestForcedWithdrawal{value: FEE}(1, 1);
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        rollup.openEscapeRoots(s.accountsRoot, s.marketsRoot, s.globals);
        rollup.proveMarket(0, s.market, s.marketPath);
        handler = new EscapeHandler(rollup, s.account, s.positions, s.accountPath);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function invariantOneEscapePerAccount() public view {
        assertLe(handler.escapes(), 1, "escapes");
        assertLe(handler.payouts(), handler.escapes(), "payouts");
        assertEq(token.balanceOf(alice), 1e15 - 5000 + (handler.payouts() == 1 ? 900 : 0), "alice paid once");
    }

    function invariantEscapeKeepsSolvency() public view {
        assertGe(
            token.balanceOf(address(rollup)),
            rollup.totalPending() + rollup.reservedDeposits() + rollup.escapePayable(1),
            "solvent"
        );
    }
}

// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {RollupBase} from "./utils/RollupBase.sol";
import {Rollup} from "../src/Rollup.sol";
import {IBatchVerifier} from "../src/IBatchVerifier.sol";
import {TestToken} from "./fixtures/TestToken.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Unit and fuzz tests of deposits, the priority queue, batches, withdrawals and freeze.
contract RollupTest is RollupBase {
    /*//////////////////////////////////////////////////////////////
                                DEPOSITS
    //////////////////////////////////////////////////////////////*/

    function testDepositMatchesDocumentedPriorityBytes() public {
        // docs/pubdata.md worked example: 1 000 USDC to account 1, owner 0x0011..2233, key 1..5.
        address owner = 0x00112233445566778899AABbCCdDeeFf00112233;
        _fund(owner, 1e12);
        vm.prank(owner);
        uint32 id = rollup.deposit(1_000_000_000, [uint64(1), 2, 3, 4, 5]);
        assertEq(id, 1, "first id");
        bytes memory expected =
            hex"010000000100112233445566778899aabbccddeeff0011223300000000000000010000000000000002000000000000000300000000000000040000000000000005000000003b9aca00";
        assertEq(expected.length, 73, "priority bytes length");
        assertEq(rollup.lastQueueHash(), keccak256(abi.encodePacked(bytes32(0), expected)), "queueHash_1");
        (bytes32 prefix, uint64 at) = rollup.queueEntry(1);
        assertEq(prefix, rollup.lastQueueHash() & ~bytes32(uint256(type(uint64).max)), "stored prefix");
        assertEq(at, block.timestamp, "request time");
        assertEq(token.balanceOf(address(rollup)), 1_000_000_000, "pulled");
    }

    function testDepositAssignsSequentialIdsOncePerOwner() public {
        vm.prank(alice);
        assertEq(rollup.deposit(5, _key(1)), 1, "alice id");
        vm.prank(bob);
        assertEq(rollup.deposit(5, _key(2)), 2, "bob id");
        vm.prank(alice);
        assertEq(rollup.deposit(7, _key(9)), 1, "alice keeps id");
        assertEq(rollup.queueLength(), 3, "queue length");
        assertEq(rollup.nextAccountId(), 3, "next id");
    }

    function testDepositRejectsOutOfRangeAmount() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidAmount.selector, 0, 1));
        rollup.deposit(0, _key(1));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidAmount.selector, 2 ** 60, 1));
        rollup.deposit(uint64(2 ** 60), _key(1));
    }

    function testDepositRevertsWithoutAllowance() public {
        address carol = address(0xCA201);
        token.mint(carol, 100);
        vm.prank(carol);
        // SafeERC20 bubbles the token's own revert up
        vm.expectRevert(abi.encodeWithSelector(TestToken.Insufficient.selector, carol, 0, 100));
        rollup.deposit(100, _key(1));
        assertEq(rollup.queueLength(), 0, "nothing queued");
    }

    function testConstructorRejectsTokenWithoutCode() public {
        Rollup.Config memory cfg = _config(address(verifier));
        cfg.token = address(0xdead);
        vm.expectRevert(Rollup.InvalidConfig.selector);
        new Rollup(cfg);
        cfg = _config(address(verifier));
        cfg.operator = address(0);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new Rollup(cfg);
        cfg = Rollup.Config(address(token), IBatchVerifier(address(verifier)), operator, GENESIS, 1, 0, 0, 0, 0, 0);
        Rollup r = new Rollup(cfg);
        assertEq(r.deadline(), 7 days, "default deadline");
        assertEq(r.claimWindow(), 14 days, "default claim window");
        assertEq(r.priorityFee(), 0.001 ether, "default fee");
        assertEq(r.minDeposit(), 1e6, "default minimum deposit");
        assertEq(r.operator(), operator, "operator");
    }

    function testSetL2KeyRequiresAccountAndChains() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoAccount.selector, alice));
        rollup.setL2Key{value: FEE}(_key(3));
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        bytes32 h1 = rollup.lastQueueHash();
        vm.prank(alice);
        rollup.setL2Key{value: FEE}(_key(3));
        uint64[5] memory k = _key(3);
        bytes memory op = abi.encodePacked(uint8(2), uint32(1), alice, k[0], k[1], k[2], k[3], k[4]);
        assertEq(op.length, 65, "set key length");
        assertEq(rollup.lastQueueHash(), keccak256(abi.encodePacked(h1, op)), "chained");
    }

    function testForcedWithdrawalOnlyByOwner() public {
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotAccountOwner.selector, bob, uint32(1)));
        rollup.requestForcedWithdrawal{value: FEE}(1, 5);
        bytes32 h1 = rollup.lastQueueHash();
        vm.prank(alice);
        rollup.requestForcedWithdrawal{value: FEE}(1, 5);
        assertEq(rollup.lastQueueHash(), keccak256(abi.encodePacked(h1, _forcedBytes(1, alice, 5))), "chained");
    }

    /*//////////////////////////////////////////////////////////////
                                BATCHES
    //////////////////////////////////////////////////////////////*/

    function testCommitBatchAssemblesDocumentedStatement() public {
        vm.prank(alice);
        rollup.deposit(1000, _key(1));
        bytes memory pubdata = abi.encodePacked(_depositBytes(1, alice, _key(1), 1000), uint8(0), uint8(0));
        bytes32 newRoot = bytes32(uint256(77));
        bytes memory st = rollup.batchStatement(newRoot, 1_234, pubdata);
        bytes memory expected = abi.encodePacked(
            uint64(1), GENESIS, newRoot, uint64(0), uint64(1), rollup.lastQueueHash(), keccak256(pubdata), uint64(1_234)
        );
        assertEq(st.length, 160, "statement length");
        assertEq(keccak256(st), keccak256(expected), "statement bytes");
        _commit(newRoot, pubdata);
        assertEq(rollup.stateRoot(), newRoot, "root");
        assertEq(rollup.batchNumber(), 1, "batch number");
        assertEq(rollup.queueCursor(), 1, "cursor");
        assertEq(rollup.processedQueueHash(), rollup.lastQueueHash(), "processed hash");
    }

    function testCommitBatchCreditsWithdrawalsRefundsAndForced() public {
        vm.prank(alice);
        rollup.deposit(1000, _key(1));
        vm.prank(bob);
        rollup.deposit(500, _key(2));
        vm.prank(alice);
        rollup.requestForcedWithdrawal{value: FEE}(1, 300);
        assertEq(rollup.reservedDeposits(), 1500, "queued deposits reserved");
        bytes memory pubdata = abi.encodePacked(
            _depositBytes(1, alice, _key(1), 1000),
            uint8(0),
            _depositBytes(2, bob, _key(2), 500),
            uint8(2), // refused: refunded to bob
            _forcedBytes(1, alice, 300),
            uint64(250),
            uint8(0),
            _withdrawOp(1, 0, address(0xD00D), 100)
        );
        _commit(bytes32(uint256(5)), pubdata);
        assertEq(rollup.pendingWithdrawals(bob), 500, "refund");
        assertEq(rollup.pendingWithdrawals(alice), 250, "forced");
        assertEq(rollup.pendingWithdrawals(address(0xD00D)), 100, "withdraw");
        assertEq(rollup.totalPending(), 850, "total");
        assertEq(rollup.reservedDeposits(), 0, "processed deposits (accepted or refused) released");
        vm.prank(alice);
        assertEq(rollup.withdraw(), 250, "withdrawn");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NothingToWithdraw.selector, alice));
        rollup.withdraw();
    }

    function testCommitBatchRejectsTamperedPriorityBytes() public {
        vm.prank(alice);
        rollup.deposit(1000, _key(1));
        bytes memory pubdata = abi.encodePacked(_depositBytes(1, alice, _key(1), 999), uint8(0));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.QueueHashMismatch.selector, uint64(1)));
        rollup.commitBatch(bytes32(uint256(1)), 0, pubdata, "ok");
    }

    function testCommitBatchRejectsUnrequestedPriorityOp() public {
        bytes memory pubdata = abi.encodePacked(_forcedBytes(1, alice, 5), uint64(0), uint8(1));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.QueueOverrun.selector, uint64(1), uint64(0)));
        rollup.commitBatch(bytes32(uint256(1)), 0, pubdata, "ok");
    }

    function testCommitBatchRejectsMalformedPubdata() public {
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidPubdata.selector, 1));
        rollup.commitBatch(bytes32(0), 0, hex"00ff", "ok");
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidPubdata.selector, 0));
        rollup.commitBatch(bytes32(0), 0, hex"0400", "ok"); // truncated Withdraw
        vm.stopPrank();
    }

    function testCommitBatchRejectsInvalidProofAndNonOperator() public {
        bytes memory pubdata = hex"00";
        bytes32 h = keccak256(rollup.batchStatement(bytes32(uint256(9)), 0, pubdata));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidProof.selector, h));
        rollup.commitBatch(bytes32(uint256(9)), 0, pubdata, "ok");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        rollup.commitBatch(bytes32(uint256(9)), 0, pubdata, "ok");
        assertEq(rollup.stateRoot(), GENESIS, "root unchanged");
    }

    function testCommitBatchRefusesAnOracleClockBeyondL1TimePlusSlack() public {
        vm.warp(1_800_000_000);
        uint64 limit = uint64(block.timestamp + rollup.oracleTimeSlack());
        bytes memory pubdata = hex"00";
        bytes32 h = keccak256(rollup.batchStatement(bytes32(uint256(9)), limit + 1, pubdata));
        verifier.accept(h);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.OracleTimeInFuture.selector, limit + 1, limit));
        rollup.commitBatch(bytes32(uint256(9)), limit + 1, pubdata, "ok");
        _commitAt(bytes32(uint256(9)), limit, pubdata);
        assertEq(rollup.oracleTime(), limit, "clock at the last proven root");
        // The clock is part of the statement: a proof for one clock does not commit another.
        bytes memory st = rollup.batchStatement(bytes32(uint256(10)), limit, pubdata);
        assertEq(st.length, 160, "docs/pubdata.md statement length");
        verifier.accept(keccak256(st));
        bytes32 other = keccak256(rollup.batchStatement(bytes32(uint256(10)), limit - 1, pubdata));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidProof.selector, other));
        rollup.commitBatch(bytes32(uint256(10)), limit - 1, pubdata, "ok");
    }

    function testCommitBatchWalksTheNewOpTypes() public {
        // CancelOrder (11, 9 bytes), CoverDeficit (12, 13 bytes), SettlementTick (13, 6 bytes).
        bytes memory pubdata = abi.encodePacked(
            uint8(11), uint32(1), uint32(7), uint8(12), uint32(1), uint64(5), uint8(13), uint8(16), uint32(9)
        );
        _commit(bytes32(uint256(3)), pubdata);
        assertEq(rollup.batchNumber(), 1, "committed");
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidPubdata.selector, 0));
        rollup.commitBatch(bytes32(0), 0, hex"0e", "ok"); // type 14 does not exist
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidPubdata.selector, 0));
        rollup.commitBatch(bytes32(0), 0, hex"0d0000", "ok"); // truncated SettlementTick
        vm.stopPrank();
    }

    function testOperatorHandoverTakesTwoSteps() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        rollup.transferOwnership(alice);
        vm.prank(operator);
        rollup.transferOwnership(bob);
        assertEq(rollup.operator(), operator, "unchanged until accepted");
        assertEq(rollup.pendingOwner(), bob, "pending");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        rollup.acceptOwnership();
        vm.prank(bob);
        rollup.acceptOwnership();
        assertEq(rollup.operator(), bob, "operator");
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, operator));
        rollup.commitBatch(bytes32(uint256(9)), 0, hex"00", "ok");
        vm.prank(bob);
        vm.expectRevert(Rollup.RenounceDisabled.selector);
        rollup.renounceOwnership();
        assertEq(rollup.operator(), bob, "still operated");
    }

    /*//////////////////////////////////////////////////////////////
                                 FREEZE
    //////////////////////////////////////////////////////////////*/

    function testFreezeOnlyAfterDeadlineOfUnprocessedOp() public {
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotOverdue.selector, uint64(0), type(uint256).max));
        rollup.freeze();
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        uint256 due = block.timestamp + 7 days;
        vm.warp(due);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotOverdue.selector, uint64(0), due));
        rollup.freeze();
        vm.warp(due + 1);
        rollup.freeze();
        assertTrue(rollup.frozen(), "frozen");

        vm.prank(alice);
        vm.expectRevert(Rollup.Frozen.selector);
        rollup.deposit(10, _key(1));
        vm.prank(alice);
        vm.expectRevert(Rollup.Frozen.selector);
        rollup.requestForcedWithdrawal{value: FEE}(1, 1);
        vm.prank(alice);
        vm.expectRevert(Rollup.Frozen.selector);
        rollup.setL2Key{value: FEE}(_key(1));
        vm.prank(operator);
        vm.expectRevert(Rollup.Frozen.selector);
        rollup.commitBatch(bytes32(0), 0, hex"00", "ok");
    }

    function testProcessedOpsDoNotFreeze() public {
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        _commit(bytes32(uint256(3)), abi.encodePacked(_depositBytes(1, alice, _key(1), 10), uint8(0)));
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotOverdue.selector, uint64(1), type(uint256).max));
        rollup.freeze();
    }

    function testRefundUnprocessedDepositAfterFreeze() public {
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        _commit(bytes32(uint256(3)), abi.encodePacked(_depositBytes(1, alice, _key(1), 10), uint8(0)));
        bytes32 h1 = rollup.lastQueueHash();
        vm.prank(bob);
        rollup.deposit(40, _key(2));
        bytes32 h2 = rollup.lastQueueHash();
        vm.prank(bob);
        rollup.deposit(60, _key(2));
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        assertEq(rollup.reservedDeposits(), 100, "reserved at freeze");

        uint256 before = token.balanceOf(bob);
        bytes memory op2 = _depositBytes(2, bob, _key(2), 60);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotRefundable.selector, uint64(2)));
        rollup.refundDeposit(2, h1, op2); // wrong predecessor hash
        rollup.refundDeposit(2, h2, op2);
        rollup.refundDeposit(1, h1, _depositBytes(2, bob, _key(2), 40));
        assertEq(token.balanceOf(bob) - before, 100, "refunded");
        assertEq(rollup.reservedDeposits(), 0, "reservation released");
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotRefundable.selector, uint64(1)));
        rollup.refundDeposit(1, h1, _depositBytes(2, bob, _key(2), 40));
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotRefundable.selector, uint64(0)));
        rollup.refundDeposit(0, bytes32(0), _depositBytes(1, alice, _key(1), 10)); // processed
    }

    /*//////////////////////////////////////////////////////////////
                               ANTI-SPAM
    //////////////////////////////////////////////////////////////*/

    function testPriorityRequestsPayTheFeeToTheOperator() public {
        vm.prank(alice);
        rollup.deposit(10, _key(1));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InsufficientFee.selector, FEE - 1, FEE));
        rollup.requestForcedWithdrawal{value: FEE - 1}(1, 5);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InsufficientFee.selector, 0, FEE));
        rollup.setL2Key(_key(2));
        vm.prank(alice);
        vm.expectEmit();
        emit Rollup.PriorityFeePaid(alice, FEE);
        rollup.requestForcedWithdrawal{value: FEE}(1, 5);
        vm.prank(alice);
        rollup.setL2Key{value: 2 * FEE}(_key(2)); // an excess is kept as fee
        assertEq(address(rollup).balance, 3 * FEE, "accumulated");

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        rollup.collectFees(payable(alice));
        address payable sink = payable(address(0xFEE5));
        vm.prank(operator);
        vm.expectEmit();
        emit Rollup.FeesCollected(sink, 3 * FEE);
        assertEq(rollup.collectFees(sink), 3 * FEE, "collected");
        assertEq(sink.balance, 3 * FEE, "sent");
        vm.prank(operator);
        vm.expectRevert(Rollup.NoFees.selector);
        rollup.collectFees(sink);
    }

    function testDepositBelowMinimumIsRejected() public {
        Rollup.Config memory cfg = _config(address(verifier));
        cfg.minDeposit = 1000;
        rollup = new Rollup(cfg);
        _fund(alice, 1e6);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidAmount.selector, 999, 1000));
        rollup.deposit(999, _key(1));
        vm.prank(alice);
        rollup.deposit(1000, _key(1));
        assertEq(rollup.queueLength(), 1, "queued");
    }

    /*//////////////////////////////////////////////////////////////
                              QUEUE RING
    //////////////////////////////////////////////////////////////*/

    /// @dev More unprocessed ops than the ring holds: the surplus gets fresh slots, every entry
    ///      stays readable, batches and refunds work across both, and the ring is reused.
    function testQueueBeyondTheRingKeepsEveryEntry() public {
        uint256 n = rollup.QUEUE_RING() + 40;
        bytes32[] memory hashes = new bytes32[](n + 1); // hashes[i] = queueHash_i
        bytes memory pubdata;
        for (uint256 i = 0; i < n; ++i) {
            vm.prank(alice);
            rollup.deposit(uint64(1 + i), _key(1));
            hashes[i + 1] = rollup.lastQueueHash();
            bytes memory op = _depositBytes(1, alice, _key(1), uint64(1 + i));
            assertEq(hashes[i + 1], keccak256(abi.encodePacked(hashes[i], op)), "chained");
            if (i < 280) pubdata = abi.encodePacked(pubdata, op, uint8(0));
            vm.warp(block.timestamp + 1);
        }
        for (uint256 i = 1; i <= n; ++i) {
            (bytes32 prefix, uint64 at) = rollup.queueEntry(uint64(i));
            assertEq(prefix, hashes[i] & ~bytes32(uint256(type(uint64).max)), "entry prefix");
            assertEq(at, 1_700_000_000 + i - 1, "entry time");
        }
        // one batch consumes 280 ops, ending on an overflow entry
        _commit(bytes32(uint256(1)), pubdata);
        assertEq(rollup.queueCursor(), 280, "cursor");
        assertEq(rollup.reservedDeposits(), (n * (n + 1)) / 2 - (280 * 281) / 2, "reserved");
        // new ops reuse ring slots of processed ones and chain from the full last hash
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(bob);
            rollup.deposit(7, _key(2));
        }
        bytes32 h = hashes[n];
        bytes32 hBob = keccak256(abi.encodePacked(h, _depositBytes(2, bob, _key(2), 7))); // queueHash_{n+1}
        for (uint256 i = 0; i < 3; ++i) {
            h = keccak256(abi.encodePacked(h, _depositBytes(2, bob, _key(2), 7)));
        }
        assertEq(rollup.lastQueueHash(), h, "chain across ring reuse");
        vm.warp(block.timestamp + 8 days);
        rollup.freeze();
        // refunds read the processed hash, overflow entries and reused ring entries alike
        uint256 before = token.balanceOf(alice);
        rollup.refundDeposit(280, hashes[280], _depositBytes(1, alice, _key(1), 281));
        rollup.refundDeposit(uint64(n - 1), hashes[n - 1], _depositBytes(1, alice, _key(1), uint64(n)));
        assertEq(token.balanceOf(alice) - before, 281 + n, "refunded");
        before = token.balanceOf(bob);
        rollup.refundDeposit(uint64(n + 1), hBob, _depositBytes(2, bob, _key(2), 7));
        assertEq(token.balanceOf(bob) - before, 7, "refunded from a reused ring slot");
    }

    /*//////////////////////////////////////////////////////////////
                                  FUZZ
    //////////////////////////////////////////////////////////////*/

    function testFuzzDepositChainsAnyValidAmount(uint64 amount, uint64 k) public {
        amount = uint64(1 + (amount % (2 ** 60 - 1)));
        _fund(alice, amount);
        uint64[5] memory key = _key(k % 2 ** 63);
        vm.prank(alice);
        rollup.deposit(amount, key);
        assertEq(
            rollup.lastQueueHash(),
            keccak256(abi.encodePacked(bytes32(0), _depositBytes(1, alice, key, amount))),
            "chain"
        );
    }

    function testFuzzCommitBatchCreditsExactlyTheWithdrawals(uint64[4] memory amounts, address to) public {
        vm.assume(to != address(0));
        bytes memory pubdata;
        uint256 total;
        for (uint256 i = 0; i < 4; ++i) {
            uint64 a = amounts[i] % 2 ** 60;
            total += a;
            pubdata = abi.encodePacked(pubdata, _withdrawOp(1, uint32(i), to, a), uint8(0));
        }
        _commit(bytes32(uint256(11)), pubdata);
        assertEq(rollup.pendingWithdrawals(to), total, "credited");
        assertEq(rollup.totalPending(), total, "total");
    }

    function testFuzzMalformedPubdataNeverCommits(bytes memory pubdata) public {
        vm.prank(operator);
        try rollup.commitBatch(bytes32(uint256(1)), 0, pubdata, "ok") {
            revert("a batch without a registered statement committed");
        } catch {}
        assertEq(rollup.stateRoot(), GENESIS, "root unchanged");
    }
}

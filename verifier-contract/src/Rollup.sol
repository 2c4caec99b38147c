// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IBatchVerifier} from "./IBatchVerifier.sol";
import {StateProofs} from "./StateProofs.sol";

/// @title Rollup
/// @notice zkclear's L1 contract: holds the collateral token, the last proven state root, the
///         priority queue (deposits, key changes, forced withdrawals) as a Keccak hash chain,
///         pending withdrawals, and the escape hatch used once the operator stops.
/// @dev Encodings are normative in docs/pubdata.md (priority bytes, pubdata, batch statement) and
///      docs/state-layout.md (leaves, state root); the exit rules and their solvency argument are
///      in docs/l1.md. Invariants:
///      - `stateRoot` only changes in `commitBatch`, after the verifier accepted the statement;
///      - token balance >= `totalPending` + `reservedDeposits()` + the unpaid escape claims'
///        payable amounts (escape payouts are pro rata over what is left, never more);
///      - each priority operation is consumed exactly once, in queue order;
///      - each account claims and is paid at most once, each unprocessed deposit is refunded at
///        most once and always can be.
///      The operator is the `Ownable2Step` owner (two-step handover, renouncing disabled).
contract Rollup is Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Operation types of docs/pubdata.md (`OpType`, one byte).
    enum OpType {
        Noop,
        Deposit,
        SetKey,
        Trade,
        Withdraw,
        OracleTick,
        FundingTick,
        Liquidate,
        Deleverage,
        SettleOption,
        ForcedWithdrawal
    }

    /// @notice Constructor parameters (a zero duration, fee or minimum selects the default).
    struct Config {
        /// @dev The collateral ERC-20 (must have code).
        address token;
        /// @dev The batch verifier (must have code).
        IBatchVerifier verifier;
        /// @dev The operator (owner) allowed to commit batches.
        address operator;
        /// @dev The genesis state root.
        bytes32 genesisRoot;
        /// @dev `genesis.next_account_id` (>= 1; id 0 is the fee account).
        uint32 firstAccountId;
        /// @dev Forced-inclusion deadline in seconds (0 = `DEFAULT_DEADLINE`).
        uint256 deadline;
        /// @dev Escape claim window after freeze, in seconds (0 = `DEFAULT_CLAIM_WINDOW`).
        uint256 claimWindow;
        /// @dev ETH fee of `setL2Key` / `requestForcedWithdrawal` in wei (0 = `DEFAULT_PRIORITY_FEE`).
        uint256 priorityFee;
        /// @dev Smallest deposit in token base units (0 = `DEFAULT_MIN_DEPOSIT`).
        uint256 minDeposit;
        /// @dev How far a batch's oracle clock may run ahead of `block.timestamp`, in seconds
        ///      (0 = `DEFAULT_ORACLE_TIME_SLACK`).
        uint256 oracleTimeSlack;
    }

    /// @notice A market's last proven mark price and funding index, opened after freeze.
    struct EscapeMarket {
        bool proven;
        uint64 price;
        int64 fundingIndex;
    }

    /// @notice An escape claim: the account's value at the last proven root and its L1 owner.
    /// @dev `status`: 0 none, `CLAIM_RECORDED`, `CLAIM_PAID`. One storage slot.
    struct Claim {
        address owner;
        uint88 amount;
        uint8 status;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The rollup is frozen: no batches, no new priority operations.
    error Frozen();
    /// @notice The action is only available once the rollup is frozen.
    error NotFrozen();
    /// @notice A deposit amount outside [minDeposit, 2^60).
    error InvalidAmount(uint256 amount, uint256 minDeposit);
    /// @notice A priority request paid less than the priority fee.
    error InsufficientFee(uint256 paid, uint256 fee);
    /// @notice The priority queue reached its 2^40 operations.
    error QueueFull(uint256 length);
    /// @notice The caller has no account (deposit first).
    error NoAccount(address caller);
    /// @notice The caller does not own `accountId`.
    error NotAccountOwner(address caller, uint32 accountId);
    /// @notice The pubdata is malformed at byte `offset`.
    error InvalidPubdata(uint256 offset);
    /// @notice The pubdata consumes priority operations that were never requested.
    error QueueOverrun(uint64 queueLast, uint64 queueLength);
    /// @notice The priority bytes in the pubdata differ from those requested on L1.
    error QueueHashMismatch(uint64 queueLast);
    /// @notice The proof does not verify for the statement.
    error InvalidProof(bytes32 statementHash);
    /// @notice The batch's oracle clock is beyond L1 time plus the configured slack.
    error OracleTimeInFuture(uint64 oracleTime, uint256 limit);
    /// @notice An option's underlying market must be proven first (expired, unsettled options
    ///         are valued at their payoff at the underlying's price).
    error UnderlyingNotProven(uint8 marketId, uint8 underlying);
    /// @notice Nothing to withdraw.
    error NothingToWithdraw(address account);
    /// @notice `freeze` while no priority operation is past its deadline.
    error NotOverdue(uint64 oldestUnprocessed, uint256 dueAt);
    /// @notice A constructor argument is invalid.
    error InvalidConfig();
    /// @notice The opened roots are not the preimage of the last proven state root.
    error StateRootMismatch(bytes32 computed, bytes32 stateRoot);
    /// @notice Escape roots are already opened.
    error EscapeRootsOpened();
    /// @notice Escape roots are not opened yet.
    error EscapeRootsNotOpened();
    /// @notice The markets or accounts root does not match the opened one.
    error MerkleMismatch(bytes32 computed, bytes32 expected);
    /// @notice A market used by an escaping position was not opened with `proveMarket`.
    error MarketNotProven(uint8 marketId);
    /// @notice The account already recorded its escape claim.
    error AlreadyEscaped(uint32 accountId);
    /// @notice `escape` after the claim window closed at `windowEnd`.
    error ClaimWindowClosed(uint256 windowEnd);
    /// @notice An escape payout before the claim window closes at `windowEnd`.
    error ClaimWindowOpen(uint256 windowEnd);
    /// @notice The account has no recorded escape claim.
    error NoClaim(uint32 accountId);
    /// @notice The account's escape claim was already paid.
    error AlreadyPaid(uint32 accountId);
    /// @notice A refund request that is not an unprocessed deposit in the queue.
    error NotRefundable(uint64 index);
    /// @notice The operator role cannot be renounced (batches would stop for good).
    error RenounceDisabled();
    /// @notice No priority fees to collect.
    error NoFees();
    /// @notice Sending `amount` wei of fees to `to` failed.
    error FeeTransferFailed(address to, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A priority operation was appended at `index`; `priorityBytes` is what was chained
    ///         (its first byte is the `OpType`).
    event PriorityOp(uint64 indexed index, uint32 indexed accountId, bytes priorityBytes);
    /// @notice `payer` paid `amount` wei of priority fee (collected by the operator).
    event PriorityFeePaid(address indexed payer, uint256 amount);
    /// @notice The operator collected `amount` wei of priority fees to `to`.
    event FeesCollected(address indexed to, uint256 amount);
    /// @notice `owner` was assigned `accountId` by its first deposit.
    event AccountAssigned(address indexed owner, uint32 indexed accountId);
    /// @notice A batch was proven: the state moved from `oldRoot` to `newRoot`.
    event BatchCommitted(uint64 indexed batchNumber, bytes32 oldRoot, bytes32 newRoot, uint64 queueLast);
    /// @notice `amount` became withdrawable by `account` (from a batch).
    event WithdrawalCredited(address indexed account, uint256 amount);
    /// @notice `account` pulled `amount`.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice The rollup froze at `batchNumber` because priority op `overdueIndex` was overdue;
    ///         `reservedDeposits` (unprocessed deposits) stay refundable, claims close at `windowEnd`.
    event RollupFrozen(uint64 batchNumber, uint64 overdueIndex, uint256 reservedDeposits, uint256 windowEnd);
    /// @notice The last proven state root was opened for escapes.
    event EscapeRootsOpen(bytes32 accountsRoot, bytes32 marketsRoot);
    /// @notice A market's last proven price and funding index were opened for escapes.
    event MarketProven(uint8 indexed marketId, uint64 price, int64 fundingIndex);
    /// @notice `accountId` recorded an escape claim of `amount` for `owner`.
    event EscapeClaimed(uint32 indexed accountId, address indexed owner, uint256 amount);
    /// @notice The claim window closed: `assets` are shared among `totalClaims`.
    event EscapesSettled(uint256 assets, uint256 totalClaims);
    /// @notice `accountId`'s claim was paid: `amount` to `owner`.
    event EscapePaid(uint32 indexed accountId, address indexed owner, uint256 amount);
    /// @notice An unprocessed deposit at `index` was refunded to `owner` after freeze.
    event DepositRefunded(uint64 indexed index, address indexed owner, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Forced-inclusion deadline used when the constructor is given 0.
    uint256 public constant DEFAULT_DEADLINE = 7 days;
    /// @notice Escape claim window used when the constructor is given 0.
    uint256 public constant DEFAULT_CLAIM_WINDOW = 14 days;
    /// @notice Priority fee used when the constructor is given 0.
    uint256 public constant DEFAULT_PRIORITY_FEE = 0.001 ether;
    /// @notice Minimum deposit used when the constructor is given 0 (1 unit of a 6-decimal token).
    uint256 public constant DEFAULT_MIN_DEPOSIT = 1e6;
    /// @notice Oracle-clock slack used when the constructor is given 0.
    uint256 public constant DEFAULT_ORACLE_TIME_SLACK = 15 minutes;
    /// @notice Deposit and withdrawal amounts are below 2^60 (docs/bit-widths.md).
    uint256 public constant MAX_AMOUNT = 2 ** 60;
    /// @notice The queue holds at most 2^40 operations over the contract's life.
    uint256 public constant MAX_QUEUE = 0x10000000000; // 2^40
    /// @notice Queue entries of live operations are kept in a ring of this many pre-filled slots
    ///         (operations more than `QUEUE_RING` ahead of the cursor get a fresh slot).
    uint256 public constant QUEUE_RING = 256;
    /// @dev Claim status values.
    uint8 internal constant CLAIM_RECORDED = 1;
    uint8 internal constant CLAIM_PAID = 2;
    /// @dev Goldilocks modulus (signed values are embedded as x mod p).
    uint256 internal constant P = 0xffffffff00000001;
    /// @dev A queue entry keeps the top 192 bits of its queue hash; the low 64 hold the ring lap
    ///      (bits 32..63) and the request time in seconds since deployment (bits 0..31).
    uint256 internal constant HASH_MASK = 0xffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000;
    uint256 internal constant LOG_RING = 8;
    /// @dev Queue-head bits `_enqueue` leaves unchanged: cursor, frozen, nextAccountId.
    uint256 internal constant HEAD_KEEP = 0xffffffff000000000000000000ffffffffffff0000000000;
    /// @dev Key offset of entries that did not fit in the ring.
    uint256 internal constant OVERFLOW_KEY = 0x10000000000000000;
    uint256 internal constant DEPOSIT_BYTES = 73;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice The collateral token (checked to have code).
    IERC20 public immutable token;
    /// @notice The batch proof verifier.
    IBatchVerifier public immutable verifier;
    /// @notice Merkle/Poseidon helper used by the escape hatch.
    StateProofs public immutable proofs;
    /// @notice Seconds after which an unprocessed priority operation lets anyone freeze.
    uint256 public immutable deadline;
    /// @notice Seconds after freeze during which accounts record escape claims.
    uint256 public immutable claimWindow;
    /// @notice ETH fee (wei) of each `setL2Key` and `requestForcedWithdrawal`.
    uint256 public immutable priorityFee;
    /// @notice Smallest deposit (token base units).
    uint256 public immutable minDeposit;
    /// @notice How far a batch's oracle clock may run ahead of L1 time (seconds).
    uint256 public immutable oracleTimeSlack;
    /// @dev Queue request times are stored as seconds since this (the deployment time).
    uint256 internal immutable _epoch;

    /// @dev The queue head, one slot written by every priority operation (a struct starts its
    ///      own slot): bits 0-39 `length`, 40-79 `cursor`, 80-87 `frozen`, 88-159 `queued`,
    ///      160-191 `nextAccountId`, 192-255 `hashLow`. `_enqueue` reads and writes it as one word.
    struct QueueHead {
        // Number of priority operations ever requested (< MAX_QUEUE = 2^40).
        uint40 length;
        // Number of priority operations consumed by proven batches.
        uint40 cursor;
        // Whether the rollup is frozen (escape mode).
        bool frozen;
        // Sum of the amounts of queued deposits that no batch processed and that were not
        // refunded: reserved for their refund after freeze (< 2^72; a deposit that would pass
        // it reverts until batches catch up).
        uint72 queued;
        // The id the next new depositor gets.
        uint32 nextAccountId;
        // The low 64 bits of queueHash_{length} (the top 192 are in its queue entry).
        uint64 hashLow;
    }

    QueueHead internal _head;

    /// @notice Number of committed batches.
    uint64 public batchNumber;
    /// @notice The rollup clock (latest oracle time) at the last proven root.
    uint64 public oracleTime;
    /// @notice When the rollup froze (0 = not frozen).
    uint64 public frozenAt;
    /// @notice Whether the escape assets were fixed (first payout after the claim window).
    bool public escapesSettled;

    /// @notice The last proven state root (4 Goldilocks elements, big-endian u64 each).
    bytes32 public stateRoot;
    /// @notice queueHash_{queueCursor}, in full.
    bytes32 public processedQueueHash;
    /// @dev Queue entries: key `i % QUEUE_RING` (ring) or `OVERFLOW_KEY | i` holds, for op i,
    ///      (top 192 bits of queueHash_{i+1}) | (i / QUEUE_RING as u32) << 32 | (request time
    ///      − deployment time as u32). Ring slots are pre-filled so a write costs no new slot.
    mapping(uint256 => uint256) internal _queue;
    /// @notice owner -> account id (0 = none; ids assigned here start at >= 1).
    mapping(address => uint32) public accountOf;
    /// @notice Withdrawable amounts.
    mapping(address => uint256) public pendingWithdrawals;
    /// @notice Sum of `pendingWithdrawals`.
    uint256 public totalPending;
    /// @notice Opened escape roots (after freeze).
    bytes32 public escapeAccountsRoot;
    /// @notice Opened markets root (after freeze).
    bytes32 public escapeMarketsRoot;
    /// @notice Markets opened for escapes.
    mapping(uint8 => EscapeMarket) public escapeMarkets;
    /// @notice Escape claims by account id.
    mapping(uint32 => Claim) public claims;
    /// @notice Sum of all recorded escape claims.
    uint256 public totalClaims;
    /// @notice Assets shared by the escape claims, fixed by the first payout (see `escapeAssets`).
    uint256 internal _settledAssets;
    /// @notice Unprocessed deposits refunded after freeze.
    mapping(uint64 => bool) public refunded;

    /*//////////////////////////////////////////////////////////////
                               MODIFIERS
    //////////////////////////////////////////////////////////////*/

    modifier notFrozen() {
        if (_head.frozen) revert Frozen();
        _;
    }

    modifier whenFrozen() {
        if (!_head.frozen) revert NotFrozen();
        _;
    }

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param cfg See `Config`; zero durations, fee and minimum select the defaults.
    constructor(Config memory cfg) Ownable(cfg.operator) {
        if (cfg.token.code.length == 0 || address(cfg.verifier).code.length == 0) revert InvalidConfig();
        if (cfg.firstAccountId == 0 || cfg.minDeposit >= MAX_AMOUNT) revert InvalidConfig();
        token = IERC20(cfg.token);
        verifier = cfg.verifier;
        proofs = new StateProofs();
        deadline = cfg.deadline == 0 ? DEFAULT_DEADLINE : cfg.deadline;
        claimWindow = cfg.claimWindow == 0 ? DEFAULT_CLAIM_WINDOW : cfg.claimWindow;
        priorityFee = cfg.priorityFee == 0 ? DEFAULT_PRIORITY_FEE : cfg.priorityFee;
        minDeposit = cfg.minDeposit == 0 ? DEFAULT_MIN_DEPOSIT : cfg.minDeposit;
        oracleTimeSlack = cfg.oracleTimeSlack == 0 ? DEFAULT_ORACLE_TIME_SLACK : cfg.oracleTimeSlack;
        _epoch = block.timestamp;
        stateRoot = cfg.genesisRoot;
        _head.nextAccountId = cfg.firstAccountId;
        // Pre-fill the ring with a non-zero value whose lap tag (0) is only ever matched by ops
        // 0..QUEUE_RING-1, which overwrite it before anything reads it.
        for (uint256 i = 0; i < QUEUE_RING; ++i) {
            _queue[i] = 1;
        }
    }

    /*//////////////////////////////////////////////////////////////
                          PRIORITY OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Deposits `amount` of the collateral token to the caller's account (created with
    ///         `l2Key` on first deposit; an existing account keeps its key).
    /// @dev Pulls the tokens (approve first) after the effects, assigns an account id on first
    ///      deposit and appends a `Deposit` priority operation; the amount stays reserved for a
    ///      refund until a batch processes it.
    /// @param amount Token base units, minDeposit <= amount < 2^60.
    /// @param l2Key The L2 public key's 5 limbs.
    /// @return accountId The caller's account id.
    function deposit(uint64 amount, uint64[5] calldata l2Key) external nonReentrant returns (uint32 accountId) {
        if (amount < minDeposit || amount >= MAX_AMOUNT) revert InvalidAmount(amount, minDeposit);
        accountId = accountOf[msg.sender];
        if (accountId == 0) accountId = _newAccount();
        _enqueue(OpType.Deposit, accountId, _keyOp(OpType.Deposit, accountId, l2Key, amount), amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Assigns the caller the next account id.
    function _newAccount() private returns (uint32 accountId) {
        accountId = _head.nextAccountId;
        _head.nextAccountId = accountId + 1;
        accountOf[msg.sender] = accountId;
        emit AccountAssigned(msg.sender, accountId);
    }

    /// @notice Requests that the caller's L2 key be set to `l2Key` (a priority operation).
    /// @dev Costs `priorityFee` wei (any excess is kept as fee).
    /// @param l2Key The new L2 public key's 5 limbs.
    function setL2Key(uint64[5] calldata l2Key) external payable {
        _chargeFee();
        uint32 accountId = accountOf[msg.sender];
        if (accountId == 0) revert NoAccount(msg.sender);
        _enqueue(OpType.SetKey, accountId, _keyOp(OpType.SetKey, accountId, l2Key, 0), 0);
    }

    /// @notice Forces the rollup to withdraw up to `amount` from `accountId` to its L1 owner
    ///         (the caller). If the operator ignores it past the deadline, anyone may `freeze`.
    /// @dev Costs `priorityFee` wei (any excess is kept as fee).
    /// @param accountId The caller's account.
    /// @param amount Requested amount in token base units (the rollup pays what margin allows).
    function requestForcedWithdrawal(uint32 accountId, uint64 amount) external payable {
        _chargeFee();
        if (accountOf[msg.sender] != accountId || accountId == 0) revert NotAccountOwner(msg.sender, accountId);
        uint256 op = _opBuffer();
        assembly ("memory-safe") {
            // u8 10 | u32 account | address owner | u64 amount (33 bytes)
            mstore(op, shl(248, 10))
            mstore(add(op, 1), shl(224, accountId))
            mstore(add(op, 5), shl(96, caller()))
            mstore(add(op, 25), shl(192, amount))
        }
        _enqueue(OpType.ForcedWithdrawal, accountId, op, 0);
    }

    /// @notice Sends the accumulated priority fees (this contract's whole ETH balance) to `to`.
    /// @param to Recipient of the fees.
    /// @return amount Wei sent.
    function collectFees(address payable to) external onlyOwner nonReentrant returns (uint256 amount) {
        amount = address(this).balance;
        if (amount == 0) revert NoFees();
        emit FeesCollected(to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert FeeTransferFailed(to, amount);
    }

    /// @notice Whether the rollup is frozen (escape mode).
    /// @return True after `freeze`.
    function frozen() external view returns (bool) {
        return _head.frozen;
    }

    /// @notice The id the next new depositor gets.
    /// @return The next account id.
    function nextAccountId() external view returns (uint32) {
        return _head.nextAccountId;
    }

    /// @notice Number of priority operations ever requested.
    /// @return The queue length.
    function queueLength() external view returns (uint64) {
        return _head.length;
    }

    /// @notice Number of priority operations consumed by proven batches.
    /// @return The queue cursor.
    function queueCursor() external view returns (uint64) {
        return _head.cursor;
    }

    /// @notice Sum of the unprocessed, unrefunded deposits (reserved for their refunds).
    /// @return The reserved amount in token base units.
    function reservedDeposits() external view returns (uint256) {
        return _head.queued;
    }

    /// @notice queueHash_{queueLength}, in full (0 for an empty queue).
    /// @return The hash the next priority operation chains from.
    function lastQueueHash() public view returns (bytes32) {
        uint256 n = _head.length;
        if (n == 0) return bytes32(0);
        return bytes32((_entry(n - 1) & HASH_MASK) | _head.hashLow);
    }

    /// @notice queueHash_{index} truncated to 192 bits, and the request time of op index-1.
    /// @dev Guaranteed for unprocessed operations (queueCursor < index <= queueLength); the
    ///      entries of processed ones are recycled and may read as zero.
    /// @param index 1..queueLength.
    /// @return hashPrefix The top 192 bits of queueHash_{index}.
    /// @return requestedAt The block time of op index-1.
    function queueEntry(uint64 index) external view returns (bytes32 hashPrefix, uint64 requestedAt) {
        if (index == 0 || index > _head.length) return (bytes32(0), 0);
        uint256 e = _entry(index - 1);
        return (bytes32(e & HASH_MASK), uint64(_epoch + uint32(e)));
    }

    function _chargeFee() internal {
        if (msg.value < priorityFee) revert InsufficientFee(msg.value, priorityFee);
        emit PriorityFeePaid(msg.sender, msg.value);
    }

    /// @dev The entry of live op `i` (`i < queueLength`): the ring slot when its lap tag is i's.
    function _entry(uint256 i) internal view returns (uint256 e) {
        e = _queue[i & (QUEUE_RING - 1)];
        if (uint32(e >> 32) != uint32(i >> LOG_RING)) e = _queue[OVERFLOW_KEY | i];
    }

    /// @dev Scratch memory for an operation's priority bytes at `op`, with 64 free bytes before
    ///      it (the chained hash, then the event's ABI head) and zero padding after. Not
    ///      allocated: valid until the next allocation.
    function _opBuffer() private pure returns (uint256 op) {
        assembly ("memory-safe") {
            op := add(mload(0x40), 0x40)
        }
    }

    /// @dev Writes the priority bytes of a Deposit (`t` 1: key then amount, 73 bytes) or SetKey
    ///      (`t` 2: key, 65 bytes) of the caller into an op buffer. Key limbs must be u64.
    function _keyOp(OpType t, uint32 accountId, uint64[5] calldata l2Key, uint64 amount)
        private
        view
        returns (uint256 op)
    {
        op = _opBuffer();
        assembly ("memory-safe") {
            mstore(op, shl(248, t))
            mstore(add(op, 1), shl(224, accountId))
            mstore(add(op, 5), shl(96, caller()))
            let k0 := calldataload(l2Key)
            let k1 := calldataload(add(l2Key, 0x20))
            let k2 := calldataload(add(l2Key, 0x40))
            let k3 := calldataload(add(l2Key, 0x60))
            let k4 := calldataload(add(l2Key, 0x80))
            // ABI validation: every limb is a u64
            if shr(64, or(or(or(k0, k1), or(k2, k3)), k4)) { revert(0, 0) }
            mstore(add(op, 25), shl(192, k0))
            mstore(add(op, 33), shl(192, k1))
            mstore(add(op, 41), shl(192, k2))
            mstore(add(op, 49), shl(192, k3))
            mstore(add(op, 57), shl(192, k4))
            if eq(t, 1) { mstore(add(op, 65), shl(192, amount)) }
        }
    }

    /// @dev Appends the operation whose `len(t)` priority bytes are at `op` (an `_opBuffer`):
    ///      chains it from queueHash_{queueLength}, writes its queue entry (a pre-filled ring
    ///      slot when the backlog is under `QUEUE_RING`) and the queue head slot (length, queued
    ///      deposits, low hash bits), and emits `PriorityOp`. Reverts when frozen or full.
    function _enqueue(OpType t, uint32 accountId, uint256 op, uint256 depositAmount) internal {
        uint256 len = (PRIORITY_LENGTHS >> (8 * uint256(t))) & 0xff;
        uint256 head;
        uint256 h;
        assembly ("memory-safe") {
            head := sload(_head.slot)
            let index := and(head, 0xffffffffff)
            let prev := 0
            if index {
                let j := sub(index, 1)
                mstore(0, and(j, sub(QUEUE_RING, 1)))
                mstore(0x20, _queue.slot)
                prev := sload(keccak256(0, 0x40))
                if iszero(eq(and(shr(32, prev), 0xffffffff), shr(LOG_RING, j))) {
                    mstore(0, or(OVERFLOW_KEY, j))
                    prev := sload(keccak256(0, 0x40))
                }
                prev := or(and(prev, HASH_MASK), shr(192, head))
            }
            mstore(sub(op, 0x20), prev)
            h := keccak256(sub(op, 0x20), add(len, 0x20))
        }
        uint256 index = head & 0xffffffffff;
        uint256 queued = ((head >> 88) & 0xffffffffffffffffff) + depositAmount;
        uint256 elapsed = block.timestamp - _epoch;
        if ((head >> 80) & 0xff != 0) revert Frozen();
        if (index + 1 >= MAX_QUEUE || elapsed > 0xffffffff) revert QueueFull(index);
        if (queued > 0xffffffffffffffffff) revert InvalidAmount(depositAmount, minDeposit);
        bytes32 topic = PriorityOp.selector;
        assembly ("memory-safe") {
            // ring slot `index % QUEUE_RING` holds op index - k * QUEUE_RING (or the pre-fill):
            // dead once that op is processed, i.e. when index < cursor + QUEUE_RING.
            let key := or(OVERFLOW_KEY, index)
            if lt(index, add(and(shr(40, head), 0xffffffffff), QUEUE_RING)) { key := and(index, sub(QUEUE_RING, 1)) }
            mstore(0, key)
            mstore(0x20, _queue.slot)
            sstore(keccak256(0, 0x40), or(and(h, HASH_MASK), or(shl(32, shr(LOG_RING, index)), elapsed)))
            sstore(
                _head.slot,
                // keep cursor, frozen (bits 40-87) and nextAccountId (160-191)
                or(or(shl(192, h), shl(88, queued)), or(and(head, HEAD_KEEP), add(index, 1)))
            )
            // PriorityOp(index, accountId, bytes): data = abi.encode(priority bytes)
            mstore(sub(op, 0x40), 0x20)
            mstore(sub(op, 0x20), len)
            log3(sub(op, 0x40), add(0x40, and(add(len, 31), not(31))), topic, index, accountId)
        }
    }

    /*//////////////////////////////////////////////////////////////
                                BATCHES
    //////////////////////////////////////////////////////////////*/

    /// @notice Commits a proven batch: checks the statement (docs/pubdata.md) against this
    ///         contract's state and the proof, moves to `newRoot`, and credits the withdrawals
    ///         and refunds found in `pubdata`.
    /// @param newRoot The state root after the batch.
    /// @param clock The rollup clock after the batch (its largest oracle timestamp); at most
    ///        `block.timestamp + oracleTimeSlack`, so a future-dated tick cannot be proven here.
    /// @param pubdata The batch's pubdata (its Keccak-256 is part of the statement).
    /// @param proof The validity proof for the statement.
    function commitBatch(bytes32 newRoot, uint64 clock, bytes calldata pubdata, bytes calldata proof)
        external
        nonReentrant
        onlyOwner
        notFrozen
    {
        uint256 limit = block.timestamp + oracleTimeSlack;
        if (clock > limit) revert OracleTimeInFuture(clock, limit);
        uint64 queueFirst = _head.cursor;
        (uint64 queueLast, bytes32 queueHashAfter) = _scanPriority(pubdata, queueFirst);
        bytes32 statementHash =
            keccak256(_statement(newRoot, clock, pubdata, queueFirst, queueLast, queueHashAfter));
        if (!verifier.verify(statementHash, proof)) revert InvalidProof(statementHash);

        uint64 n = batchNumber + 1;
        emit BatchCommitted(n, stateRoot, newRoot, queueLast);
        stateRoot = newRoot;
        batchNumber = n;
        oracleTime = clock;
        _head.cursor = uint40(queueLast);
        processedQueueHash = queueHashAfter;
        _creditWithdrawals(pubdata);
    }

    /// @notice The statement bytes `commitBatch` would verify for this batch now (for tools).
    /// @param newRoot The state root after the batch.
    /// @param clock The rollup clock after the batch.
    /// @param pubdata The batch's pubdata.
    /// @return statement The 160 statement bytes.
    function batchStatement(bytes32 newRoot, uint64 clock, bytes calldata pubdata)
        external
        view
        returns (bytes memory statement)
    {
        uint64 queueFirst = _head.cursor;
        (uint64 queueLast, bytes32 queueHashAfter) = _scanPriority(pubdata, queueFirst);
        return _statement(newRoot, clock, pubdata, queueFirst, queueLast, queueHashAfter);
    }

    /// @dev The 160 statement bytes of the next batch (docs/pubdata.md).
    function _statement(
        bytes32 newRoot,
        uint64 clock,
        bytes calldata pubdata,
        uint64 queueFirst,
        uint64 queueLast,
        bytes32 queueHashAfter
    ) internal view returns (bytes memory) {
        return abi.encodePacked(
            batchNumber + 1, stateRoot, newRoot, queueFirst, queueLast, queueHashAfter, keccak256(pubdata), clock
        );
    }

    /// @dev Lengths of op types 0..13 (docs/pubdata.md), one byte each, type t at byte t from the
    ///      least significant end: Noop 1, Deposit 74, SetKey 66, Trade 35, Withdraw 37,
    ///      OracleTick 14, FundingTick 10, Liquidate 22, Deleverage 18, SettleOption 6,
    ///      ForcedWithdrawal 42, CancelOrder 9, CoverDeficit 13, SettlementTick 6. A type above
    ///      13 reads 0 (invalid).
    uint256 internal constant OP_LENGTHS = 0x060d092a0612160a0e2523424a01;
    /// @dev The largest op type.
    uint256 internal constant MAX_OP_TYPE = 13;
    /// @dev Priority-byte lengths by type (same layout): Deposit 73, SetKey 65, ForcedWithdrawal 33.
    uint256 internal constant PRIORITY_LENGTHS = 0x2100000000000000414900;

    /// @dev Walks the pubdata, chains the priority bytes from `processedQueueHash`, and checks
    ///      the result against the queue entry it reaches. Reverts on malformed pubdata.
    function _scanPriority(bytes calldata pubdata, uint64 queueFirst)
        internal
        view
        returns (uint64 queueLast, bytes32 h)
    {
        h = processedQueueHash;
        uint256 count;
        uint256 bad; // 1 + offset of the first malformed operation, 0 if none
        assembly ("memory-safe") {
            let end := add(pubdata.offset, pubdata.length)
            for { let ptr := pubdata.offset } lt(ptr, end) {} {
                let t := byte(0, calldataload(ptr))
                let len := and(shr(shl(3, t), OP_LENGTHS), 0xff)
                if or(gt(t, MAX_OP_TYPE), or(iszero(len), gt(add(ptr, len), end))) {
                    bad := add(sub(ptr, pubdata.offset), 1)
                    break
                }
                let prio := and(shr(shl(3, t), PRIORITY_LENGTHS), 0xff)
                if prio {
                    // scratch at the free-memory pointer: queueHash ‖ priority bytes
                    mstore(mload(0x40), h)
                    calldatacopy(add(mload(0x40), 0x20), ptr, prio)
                    h := keccak256(mload(0x40), add(0x20, prio))
                    count := add(count, 1)
                }
                ptr := add(ptr, len)
            }
        }
        if (bad != 0) revert InvalidPubdata(bad - 1);
        queueLast = queueFirst + uint64(count);
        if (queueLast > _head.length) revert QueueOverrun(queueLast, _head.length);
        if (count != 0 && (_entry(queueLast - 1) & HASH_MASK) != (uint256(h) & HASH_MASK)) {
            revert QueueHashMismatch(queueLast);
        }
    }

    /// @dev Credits Withdraw amounts, refused deposits and forced withdrawals to pending
    ///      balances, and releases the reservation of every deposit the batch processed. The
    ///      pubdata was validated by `_scanPriority`.
    function _creditWithdrawals(bytes calldata pubdata) internal {
        uint256 total;
        uint256 consumed; // deposits processed by this batch (accepted or refused)
        bytes32 creditedTopic = WithdrawalCredited.selector;
        assembly ("memory-safe") {
            let end := add(pubdata.offset, pubdata.length)
            for { let ptr := pubdata.offset } lt(ptr, end) {} {
                let w := calldataload(ptr)
                let t := byte(0, w)
                let to := 0
                let amount := 0
                switch t
                case 4 {
                    // u8 4 | u32 account | u32 nonce | address to | u64 amount
                    to := shr(96, calldataload(add(ptr, 9)))
                    amount := shr(192, calldataload(add(ptr, 29)))
                }
                case 1 {
                    // priority bytes (73) | u8 status: a refused deposit goes back to its owner
                    let deposited := shr(192, calldataload(add(ptr, 65)))
                    consumed := add(consumed, deposited)
                    if byte(0, calldataload(add(ptr, 73))) {
                        to := shr(96, calldataload(add(ptr, 5)))
                        amount := deposited
                    }
                }
                case 10 {
                    // priority bytes (33) | u64 amount_withdrawn | u8 status
                    to := shr(96, calldataload(add(ptr, 5)))
                    amount := shr(192, calldataload(add(ptr, 33)))
                }
                if amount {
                    mstore(0, to)
                    mstore(0x20, pendingWithdrawals.slot)
                    let slot := keccak256(0, 0x40)
                    sstore(slot, add(sload(slot), amount))
                    total := add(total, amount)
                    mstore(0, amount)
                    log2(0, 0x20, creditedTopic, to)
                }
                ptr := add(ptr, and(shr(shl(3, t), OP_LENGTHS), 0xff))
            }
        }
        if (total != 0) totalPending += total;
        if (consumed != 0) _head.queued = uint72(uint256(_head.queued) - consumed);
    }

    /*//////////////////////////////////////////////////////////////
                              WITHDRAWALS
    //////////////////////////////////////////////////////////////*/

    /// @notice Pays the caller everything credited to it.
    /// @return amount The amount transferred.
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = pendingWithdrawals[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        pendingWithdrawals[msg.sender] = 0;
        totalPending -= amount;
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 FREEZE
    //////////////////////////////////////////////////////////////*/

    /// @notice Freezes the rollup when the oldest unprocessed priority operation is older than
    ///         the deadline. Callable by anyone; afterwards only withdrawals, refunds of
    ///         unprocessed deposits and escapes work. Opens the escape claim window.
    function freeze() external notFrozen {
        uint64 cursor = _head.cursor;
        if (cursor == _head.length) revert NotOverdue(cursor, type(uint256).max);
        uint256 dueAt = _epoch + uint32(_entry(cursor)) + deadline;
        if (block.timestamp <= dueAt) revert NotOverdue(cursor, dueAt);
        _head.frozen = true;
        frozenAt = uint64(block.timestamp);
        emit RollupFrozen(batchNumber, cursor, _head.queued, block.timestamp + claimWindow);
    }

    /*//////////////////////////////////////////////////////////////
                                 ESCAPE
    //////////////////////////////////////////////////////////////*/

    /// @notice Opens the last proven state root for escapes (once, by anyone, after freeze).
    /// @param accountsRoot The accounts tree root inside `stateRoot`.
    /// @param marketsRoot The markets tree root inside `stateRoot`.
    /// @param globals insurance_fund, fee_account_id, oracle_time, batch_number, priority_cursor.
    function openEscapeRoots(bytes32 accountsRoot, bytes32 marketsRoot, uint64[5] calldata globals)
        external
        whenFrozen
    {
        if (escapeAccountsRoot != bytes32(0)) revert EscapeRootsOpened();
        bytes32 root = proofs.stateRoot(accountsRoot, marketsRoot, globals);
        if (root != stateRoot) revert StateRootMismatch(root, stateRoot);
        escapeAccountsRoot = accountsRoot;
        escapeMarketsRoot = marketsRoot;
        emit EscapeRootsOpen(accountsRoot, marketsRoot);
    }

    /// @notice Opens a market's escape price and funding index (once per market). The escape
    ///         price is the mark, except for options: a settled option is worth its payoff at
    ///         the settlement price, and an expired, unsettled one its payoff at the underlying's
    ///         proven price (prove the underlying first) — as the state values them.
    /// @param marketId The market.
    /// @param leaf Its 17 leaf elements (docs/state-layout.md, market leaf).
    /// @param path 8 siblings in the markets tree.
    function proveMarket(uint8 marketId, uint64[17] calldata leaf, bytes32[] calldata path) external whenFrozen {
        bytes32 expected = escapeMarketsRoot;
        if (expected == bytes32(0)) revert EscapeRootsNotOpened();
        bytes32 root = proofs.marketsRoot(marketId, leaf, path);
        if (root != expected) revert MerkleMismatch(root, expected);
        uint64 price = leaf[4];
        if (leaf[0] != 0) {
            // kind (1 call, 2 put), strike leaf[2], expiry leaf[3], settlement price leaf[14]
            uint64 s = leaf[14];
            if (s == 0 && leaf[3] <= oracleTime) {
                uint8 u = uint8(leaf[1]);
                EscapeMarket memory um = escapeMarkets[u];
                if (!um.proven) revert UnderlyingNotProven(marketId, u);
                s = um.price;
            }
            if (s != 0) price = _payoff(leaf[0], leaf[2], s);
        }
        EscapeMarket memory m = EscapeMarket(true, price, int64(_signed(leaf[6])));
        escapeMarkets[marketId] = m;
        emit MarketProven(marketId, m.price, m.fundingIndex);
    }

    /// @notice The end of the escape claim window (0 before freeze).
    /// @return The last second at which `escape` records claims.
    function claimWindowEnd() public view returns (uint256) {
        uint256 at = frozenAt;
        return at == 0 ? 0 : at + claimWindow;
    }

    /// @notice Records an account's escape claim, once, during the claim window: its value in
    ///         the last proven state, max(0, collateral + Σ size × price − Σ size ×
    ///         (fundingIndex − cachedIndex)), for its L1 owner. Paid by `claimEscape` after the
    ///         window, pro rata if the claims exceed the assets (docs/l1.md).
    /// @dev Anyone may submit; the claim always belongs to the owner in the leaf. Values above
    ///      2^88 − 1 (unreachable under docs/bit-widths.md) are capped: against the claimant.
    /// @param account The account leaf fields.
    /// @param positions Every non-empty position slot, increasing by slot.
    /// @param path 32 siblings in the accounts tree.
    /// @return amount The claim recorded.
    function escape(
        StateProofs.Account calldata account,
        StateProofs.Position[] calldata positions,
        bytes32[] calldata path
    ) external whenFrozen returns (uint256 amount) {
        uint256 end = claimWindowEnd();
        if (block.timestamp > end) revert ClaimWindowClosed(end);
        bytes32 expected = escapeAccountsRoot;
        if (expected == bytes32(0)) revert EscapeRootsNotOpened();
        uint32 id = account.accountId;
        if (claims[id].status != 0) revert AlreadyEscaped(id);
        bytes32 root = proofs.accountsRoot(account, positions, path);
        if (root != expected) revert MerkleMismatch(root, expected);

        int256 value = _signed(account.collateral);
        for (uint256 i = 0; i < positions.length; ++i) {
            StateProofs.Position calldata p = positions[i];
            EscapeMarket memory m = escapeMarkets[p.marketId];
            if (!m.proven) revert MarketNotProven(p.marketId);
            int256 size = _signed(p.size);
            value += size * int256(uint256(m.price)) - size * (int256(m.fundingIndex) - _signed(p.fundingIndex));
        }
        amount = value > 0 ? uint256(value) : 0;
        if (amount > type(uint88).max) amount = type(uint88).max;

        claims[id] = Claim(account.owner, uint88(amount), CLAIM_RECORDED);
        totalClaims += amount;
        emit EscapeClaimed(id, account.owner, amount);
    }

    /// @notice The assets escape claims share: the token balance minus the reserved unprocessed
    ///         deposits and the pending withdrawals (never negative); fixed at the first payout.
    /// @return The assets in token base units.
    function escapeAssets() public view returns (uint256) {
        if (escapesSettled) return _settledAssets;
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = totalPending + _head.queued;
        return balance > owed ? balance - owed : 0;
    }

    /// @notice What the claim of `accountId` pays (now, or at settlement if not settled yet):
    ///         the claim in full when all claims fit in the assets, else
    ///         floor(claim × assets / totalClaims). 0 once paid or without a claim.
    /// @param accountId The account.
    /// @return The payable amount.
    function escapePayable(uint32 accountId) external view returns (uint256) {
        Claim memory c = claims[accountId];
        if (c.status != CLAIM_RECORDED) return 0;
        return _share(c.amount, escapeAssets());
    }

    /// @notice Pays a recorded escape claim to its owner, once, after the claim window (anyone
    ///         may call). The first payout fixes the shared assets (`EscapesSettled`).
    /// @param accountId The account whose claim is paid.
    /// @return paid The amount transferred to the claim's owner.
    function claimEscape(uint32 accountId) external nonReentrant whenFrozen returns (uint256 paid) {
        uint256 end = claimWindowEnd();
        if (block.timestamp <= end) revert ClaimWindowOpen(end);
        Claim memory c = claims[accountId];
        if (c.status == 0) revert NoClaim(accountId);
        if (c.status == CLAIM_PAID) revert AlreadyPaid(accountId);
        uint256 assets;
        if (escapesSettled) {
            assets = _settledAssets;
        } else {
            assets = escapeAssets();
            _settledAssets = assets;
            escapesSettled = true;
            emit EscapesSettled(assets, totalClaims);
        }
        paid = _share(c.amount, assets);
        claims[accountId].status = CLAIM_PAID;
        emit EscapePaid(accountId, c.owner, paid);
        if (paid != 0) token.safeTransfer(c.owner, paid);
    }

    /// @dev The pro-rata rule: full when Σ claims <= assets, else rounded down.
    function _share(uint256 claim, uint256 assets) internal view returns (uint256) {
        uint256 total = totalClaims;
        return total <= assets ? claim : claim * assets / total;
    }

    /// @notice After freeze, refunds a deposit that no batch processed (once). Always payable:
    ///         unprocessed deposits are reserved and never count as escape assets.
    /// @param index The deposit's queue index (>= queueCursor).
    /// @param prevHash queueHash_{index} in full (from the `PriorityOp` events).
    /// @param priorityBytes The deposit's 73 priority bytes (from its `PriorityOp` event).
    function refundDeposit(uint64 index, bytes32 prevHash, bytes calldata priorityBytes)
        external
        nonReentrant
        whenFrozen
    {
        uint64 cursor = _head.cursor;
        if (index < cursor || index >= _head.length || refunded[index]) revert NotRefundable(index);
        if (priorityBytes.length != DEPOSIT_BYTES || uint8(priorityBytes[0]) != uint8(OpType.Deposit)) {
            revert NotRefundable(index);
        }
        bool first = index == cursor;
        uint256 prevStored = first ? uint256(processedQueueHash) : _entry(index - 1) & HASH_MASK;
        uint256 prevGiven = first ? uint256(prevHash) : uint256(prevHash) & HASH_MASK;
        uint256 h = uint256(keccak256(abi.encodePacked(prevHash, priorityBytes)));
        if (prevGiven != prevStored || (h & HASH_MASK) != (_entry(index) & HASH_MASK)) {
            revert NotRefundable(index);
        }
        address owner = address(bytes20(priorityBytes[5:25]));
        uint256 amount = uint64(bytes8(priorityBytes[65:73]));
        refunded[index] = true;
        _head.queued -= uint72(amount);
        emit DepositRefunded(index, owner, amount);
        token.safeTransfer(owner, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                OPERATOR
    //////////////////////////////////////////////////////////////*/

    /// @notice The operator allowed to commit batches (the owner; handed over with
    ///         `transferOwnership` + `acceptOwnership`).
    /// @return The operator's address.
    function operator() external view returns (address) {
        return owner();
    }

    /// @notice Disabled: an operator-less rollup could only freeze.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    /// @dev Signed value of a canonical Goldilocks element (x mod p embedding).
    /// @dev An option's payoff per lot at underlying price `s`: call max(s − k, 0), put max(k − s, 0).
    function _payoff(uint64 kind, uint64 k, uint64 s) internal pure returns (uint64) {
        if (kind == 1) return s > k ? s - k : 0;
        return k > s ? k - s : 0;
    }

    function _signed(uint64 x) internal pure returns (int256) {
        uint256 v = x;
        return v > P / 2 ? -int256(P - v) : int256(v);
    }
}

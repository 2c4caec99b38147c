// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {IBatchVerifier} from "./IBatchVerifier.sol";
import {IERC20} from "./interfaces/IERC20.sol";
import {SafeTransfer} from "./lib/SafeTransfer.sol";
import {StateProofs} from "./StateProofs.sol";

/// @title Rollup
/// @notice zkclear's L1 contract: holds the collateral token, the last proven state root, the
///         priority queue (deposits, key changes, forced withdrawals) as a Keccak hash chain,
///         pending withdrawals, and the escape hatch used once the operator stops.
/// @dev Encodings are normative in docs/pubdata.md (priority bytes, pubdata, batch statement) and
///      docs/state-layout.md (leaves, state root). Invariants:
///      - `stateRoot` only changes in `commitBatch`, after the verifier accepted the statement;
///      - token balance >= `totalPending` (+ escape payouts, which are checked against it);
///      - each priority operation is consumed exactly once, in queue order;
///      - each account escapes at most once, each unprocessed deposit is refunded at most once.
contract Rollup {
    using SafeTransfer for address;

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

    /// @notice A market's last proven mark price and funding index, opened after freeze.
    struct EscapeMarket {
        bool proven;
        uint64 price;
        int64 fundingIndex;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The caller is not the operator.
    error NotOperator(address caller);
    /// @notice The rollup is frozen: no batches, no new priority operations.
    error Frozen();
    /// @notice The action is only available once the rollup is frozen.
    error NotFrozen();
    /// @notice A deposit amount outside [1, 2^60).
    error InvalidAmount(uint256 amount);
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
    /// @notice Nothing to withdraw.
    error NothingToWithdraw(address account);
    /// @notice `freeze` while no priority operation is past its deadline.
    error NotOverdue(uint64 oldestUnprocessed, uint256 dueAt);
    /// @notice A constructor argument is invalid.
    error InvalidConfig();
    /// @notice The opened roots are not the preimage of the last proven state root.
    error StateRootMismatch(bytes32 computed, bytes32 stateRoot);
    /// @notice Escape roots are already opened / not opened yet.
    error EscapeRootsOpened();
    error EscapeRootsNotOpened();
    /// @notice The markets or accounts root does not match the opened one.
    error MerkleMismatch(bytes32 computed, bytes32 expected);
    /// @notice A market used by an escaping position was not opened with `proveMarket`.
    error MarketNotProven(uint8 marketId);
    /// @notice The account already escaped.
    error AlreadyEscaped(uint32 accountId);
    /// @notice The contract cannot pay `amount` without touching pending withdrawals.
    error InsufficientFunds(uint256 amount, uint256 available);
    /// @notice A refund request that is not an unprocessed deposit in the queue.
    error NotRefundable(uint64 index);
    /// @notice A reentrant call.
    error Reentrancy();

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A priority operation was appended at `index`; `priorityBytes` is what was chained.
    event PriorityOp(uint64 indexed index, OpType indexed opType, uint32 indexed accountId, bytes priorityBytes);
    /// @notice `owner` was assigned `accountId` by its first deposit.
    event AccountAssigned(address indexed owner, uint32 indexed accountId);
    /// @notice A batch was proven: the state moved from `oldRoot` to `newRoot`.
    event BatchCommitted(uint64 indexed batchNumber, bytes32 oldRoot, bytes32 newRoot, uint64 queueLast);
    /// @notice `amount` became withdrawable by `account` (from a batch or a refund).
    event WithdrawalCredited(address indexed account, uint256 amount);
    /// @notice `account` pulled `amount`.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice The rollup froze at `batchNumber` because priority op `overdueIndex` was overdue.
    event RollupFrozen(uint64 batchNumber, uint64 overdueIndex);
    /// @notice The last proven state root was opened for escapes.
    event EscapeRootsOpen(bytes32 accountsRoot, bytes32 marketsRoot);
    /// @notice A market's last proven price and funding index were opened for escapes.
    event MarketProven(uint8 indexed marketId, uint64 price, int64 fundingIndex);
    /// @notice `accountId` escaped, paying `amount` to `owner`.
    event Escaped(uint32 indexed accountId, address indexed owner, uint256 amount);
    /// @notice An unprocessed deposit at `index` was refunded to `owner` after freeze.
    event DepositRefunded(uint64 indexed index, address indexed owner, uint256 amount);
    /// @notice The operator role moved.
    event OperatorChanged(address indexed previous, address indexed next);

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Forced-inclusion deadline used when the constructor is given 0.
    uint256 public constant DEFAULT_DEADLINE = 7 days;
    /// @notice Deposit and withdrawal amounts are below 2^60 (docs/bit-widths.md).
    uint256 public constant MAX_AMOUNT = 2 ** 60;
    /// @dev Goldilocks modulus (signed values are embedded as x mod p).
    uint256 internal constant P = 0xffffffff00000001;
    /// @dev The stored queue hashes keep their top 192 bits; the low 64 hold the request time.
    uint256 internal constant HASH_MASK = ~uint256(0xffffffffffffffff);
    uint256 internal constant DEPOSIT_BYTES = 73;
    uint256 internal constant SET_KEY_BYTES = 65;
    uint256 internal constant FORCED_BYTES = 33;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice The collateral token (checked to have code).
    address public immutable token;
    /// @notice The batch proof verifier.
    IBatchVerifier public immutable verifier;
    /// @notice Merkle/Poseidon helper used by the escape hatch.
    StateProofs public immutable proofs;
    /// @notice Seconds after which an unprocessed priority operation lets anyone freeze.
    uint256 public immutable deadline;

    /// @notice The only address allowed to commit batches.
    address public operator;
    /// @notice The last proven state root (4 Goldilocks elements, big-endian u64 each).
    bytes32 public stateRoot;
    /// @notice Number of committed batches.
    uint64 public batchNumber;
    /// @notice Number of priority operations ever requested.
    uint64 public queueLength;
    /// @notice Number of priority operations consumed by proven batches.
    uint64 public queueCursor;
    /// @notice The id the next new depositor gets.
    uint32 public nextAccountId;
    /// @notice Whether the rollup is frozen (escape mode).
    bool public frozen;
    /// @notice queueHash_{queueCursor}, in full.
    bytes32 public processedQueueHash;
    /// @notice queueHash_{queueLength}, in full.
    bytes32 public lastQueueHash;
    /// @dev index i+1 -> (top 192 bits of queueHash_{i+1}) | (timestamp of op i).
    mapping(uint256 => bytes32) internal _queue;
    /// @notice owner -> account id (0 = none; ids assigned here start at >= 1).
    mapping(address => uint32) public accountOf;
    /// @notice Withdrawable amounts.
    mapping(address => uint256) public pendingWithdrawals;
    /// @notice Sum of `pendingWithdrawals`.
    uint256 public totalPending;
    /// @notice Opened escape roots (after freeze).
    bytes32 public escapeAccountsRoot;
    bytes32 public escapeMarketsRoot;
    /// @notice Markets opened for escapes.
    mapping(uint8 => EscapeMarket) public escapeMarkets;
    /// @notice Accounts that escaped.
    mapping(uint32 => bool) public escaped;
    /// @notice Unprocessed deposits refunded after freeze.
    mapping(uint64 => bool) public refunded;

    /*//////////////////////////////////////////////////////////////
                               MODIFIERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Transient-storage reentrancy lock (slot 0 of transient storage).
    modifier nonReentrant() {
        _lock();
        _;
        assembly {
            tstore(0, 0)
        }
    }

    /// @dev Takes the transient reentrancy lock (a function, so callers keep no extra local).
    function _lock() private {
        bool locked;
        assembly {
            locked := tload(0)
        }
        if (locked) revert Reentrancy();
        assembly {
            tstore(0, 1)
        }
    }

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    modifier notFrozen() {
        if (frozen) revert Frozen();
        _;
    }

    modifier whenFrozen() {
        if (!frozen) revert NotFrozen();
        _;
    }

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param token_ The collateral ERC-20 (must have code).
    /// @param verifier_ The batch verifier (must have code).
    /// @param operator_ The operator allowed to commit batches.
    /// @param genesisRoot The genesis state root.
    /// @param firstAccountId `genesis.next_account_id` (>= 1; id 0 is the fee account).
    /// @param deadline_ Forced-inclusion deadline in seconds (0 = 7 days).
    constructor(
        address token_,
        IBatchVerifier verifier_,
        address operator_,
        bytes32 genesisRoot,
        uint32 firstAccountId,
        uint256 deadline_
    ) {
        if (token_.code.length == 0 || address(verifier_).code.length == 0 || operator_ == address(0)) {
            revert InvalidConfig();
        }
        if (firstAccountId == 0) revert InvalidConfig();
        token = token_;
        verifier = verifier_;
        proofs = new StateProofs();
        deadline = deadline_ == 0 ? DEFAULT_DEADLINE : deadline_;
        operator = operator_;
        stateRoot = genesisRoot;
        nextAccountId = firstAccountId;
        emit OperatorChanged(address(0), operator_);
    }

    /*//////////////////////////////////////////////////////////////
                          PRIORITY OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Deposits `amount` of the collateral token to the caller's account (created with
    ///         `l2Key` on first deposit; an existing account keeps its key).
    /// @dev Pulls the tokens (approve first), assigns an account id on first deposit and appends
    ///      a `Deposit` priority operation.
    /// @param amount Token base units, 1 <= amount < 2^60.
    /// @param l2Key The L2 public key's 5 limbs.
    /// @return accountId The caller's account id.
    function deposit(uint64 amount, uint64[5] calldata l2Key)
        external
        nonReentrant
        notFrozen
        returns (uint32 accountId)
    {
        if (amount == 0 || amount >= MAX_AMOUNT) revert InvalidAmount(amount);
        accountId = accountOf[msg.sender];
        if (accountId == 0) {
            accountId = nextAccountId;
            nextAccountId = accountId + 1;
            accountOf[msg.sender] = accountId;
            emit AccountAssigned(msg.sender, accountId);
        }
        bytes memory op = abi.encodePacked(
            uint8(OpType.Deposit), accountId, msg.sender, l2Key[0], l2Key[1], l2Key[2], l2Key[3], l2Key[4], amount
        );
        _enqueue(OpType.Deposit, accountId, op);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Requests that the caller's L2 key be set to `l2Key` (a priority operation).
    /// @param l2Key The new L2 public key's 5 limbs.
    function setL2Key(uint64[5] calldata l2Key) external notFrozen {
        uint32 accountId = accountOf[msg.sender];
        if (accountId == 0) revert NoAccount(msg.sender);
        _enqueue(OpType.SetKey, accountId, abi.encodePacked(uint8(OpType.SetKey), accountId, msg.sender, l2Key[0], l2Key[1], l2Key[2], l2Key[3], l2Key[4]));
    }

    /// @notice Forces the rollup to withdraw up to `amount` from `accountId` to its L1 owner
    ///         (the caller). If the operator ignores it past the deadline, anyone may `freeze`.
    /// @param accountId The caller's account.
    /// @param amount Requested amount in token base units (the rollup pays what margin allows).
    function requestForcedWithdrawal(uint32 accountId, uint64 amount) external notFrozen {
        if (accountOf[msg.sender] != accountId || accountId == 0) revert NotAccountOwner(msg.sender, accountId);
        _enqueue(
            OpType.ForcedWithdrawal,
            accountId,
            abi.encodePacked(uint8(OpType.ForcedWithdrawal), accountId, msg.sender, amount)
        );
    }

    /// @notice queueHash_{index} truncated to 192 bits, and the request time of op index-1.
    /// @param index 1..queueLength.
    function queueEntry(uint64 index) external view returns (bytes32 hashPrefix, uint64 requestedAt) {
        bytes32 e = _queue[index];
        return (e & bytes32(HASH_MASK), uint64(uint256(e)));
    }

    function _enqueue(OpType t, uint32 accountId, bytes memory op) internal {
        uint64 index = queueLength;
        bytes32 h = _chain(lastQueueHash, op);
        _queue[index + 1] = (h & bytes32(HASH_MASK)) | bytes32(uint256(uint64(block.timestamp)));
        lastQueueHash = h;
        queueLength = index + 1;
        emit PriorityOp(index, t, accountId, op);
    }

    function _chain(bytes32 prev, bytes memory op) private pure returns (bytes32 h) {
        assembly {
            let n := mload(op)
            // Overwrites the word before `op`'s data (its length) with prev, hashes, restores.
            mstore(op, prev)
            h := keccak256(op, add(n, 0x20))
            mstore(op, n)
        }
    }

    /*//////////////////////////////////////////////////////////////
                                BATCHES
    //////////////////////////////////////////////////////////////*/

    /// @notice Commits a proven batch: checks the statement (docs/pubdata.md) against this
    ///         contract's state and the proof, moves to `newRoot`, and credits the withdrawals
    ///         and refunds found in `pubdata`.
    /// @param newRoot The state root after the batch.
    /// @param pubdata The batch's pubdata (its Keccak-256 is part of the statement).
    /// @param proof The validity proof for the statement.
    function commitBatch(bytes32 newRoot, bytes calldata pubdata, bytes calldata proof)
        external
        nonReentrant
        onlyOperator
        notFrozen
    {
        uint64 queueFirst = queueCursor;
        (uint64 queueLast, bytes32 queueHashAfter) = _scanPriority(pubdata, queueFirst);
        uint64 n = batchNumber + 1;
        bytes32 oldRoot = stateRoot;
        bytes32 statementHash =
            keccak256(abi.encodePacked(n, oldRoot, newRoot, queueFirst, queueLast, queueHashAfter, keccak256(pubdata)));
        if (!verifier.verify(statementHash, proof)) revert InvalidProof(statementHash);

        stateRoot = newRoot;
        batchNumber = n;
        queueCursor = queueLast;
        processedQueueHash = queueHashAfter;
        emit BatchCommitted(n, oldRoot, newRoot, queueLast);
        _creditWithdrawals(pubdata);
    }

    /// @notice The statement bytes `commitBatch` would verify for this batch now (for tools).
    /// @param newRoot The state root after the batch.
    /// @param pubdata The batch's pubdata.
    /// @return statement The 152 statement bytes.
    function batchStatement(bytes32 newRoot, bytes calldata pubdata) external view returns (bytes memory statement) {
        uint64 queueFirst = queueCursor;
        (uint64 queueLast, bytes32 queueHashAfter) = _scanPriority(pubdata, queueFirst);
        return abi.encodePacked(batchNumber + 1, stateRoot, newRoot, queueFirst, queueLast, queueHashAfter, keccak256(pubdata));
    }

    /// @dev Lengths of op types 0..10 (docs/pubdata.md), one byte each, type t at byte t from the
    ///      least significant end: Noop 1, Deposit 74, SetKey 66, Trade 35, Withdraw 37,
    ///      OracleTick 14, FundingTick 10, Liquidate 22, Deleverage 18, SettleOption 6,
    ///      ForcedWithdrawal 42. A type above 10 reads 0 (invalid).
    uint256 internal constant OP_LENGTHS = 0x2a0612160a0e2523424a01;
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
                if or(gt(t, 10), or(iszero(len), gt(add(ptr, len), end))) {
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
        if (queueLast > queueLength) revert QueueOverrun(queueLast, queueLength);
        if (count != 0 && (_queue[queueLast] & bytes32(HASH_MASK)) != (h & bytes32(HASH_MASK))) {
            revert QueueHashMismatch(queueLast);
        }
    }

    /// @dev Credits Withdraw amounts, refused deposits and forced withdrawals to pending
    ///      balances. The pubdata was validated by `_scanPriority`.
    function _creditWithdrawals(bytes calldata pubdata) internal {
        uint256 total;
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
                    if byte(0, calldataload(add(ptr, 73))) {
                        to := shr(96, calldataload(add(ptr, 5)))
                        amount := shr(192, calldataload(add(ptr, 65)))
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
    ///         the deadline. Callable by anyone; afterwards only withdrawals and escapes work.
    function freeze() external notFrozen {
        uint64 cursor = queueCursor;
        if (cursor == queueLength) revert NotOverdue(cursor, type(uint256).max);
        uint256 dueAt = uint256(uint64(uint256(_queue[cursor + 1]))) + deadline;
        if (block.timestamp <= dueAt) revert NotOverdue(cursor, dueAt);
        frozen = true;
        emit RollupFrozen(batchNumber, cursor);
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

    /// @notice Opens a market's last proven mark price and funding index (once per market).
    /// @param marketId The market.
    /// @param leaf Its 15 leaf elements (docs/state-layout.md, market leaf).
    /// @param path 8 siblings in the markets tree.
    function proveMarket(uint8 marketId, uint64[15] calldata leaf, bytes32[] calldata path) external whenFrozen {
        bytes32 expected = escapeMarketsRoot;
        if (expected == bytes32(0)) revert EscapeRootsNotOpened();
        bytes32 root = proofs.marketsRoot(marketId, leaf, path);
        if (root != expected) revert MerkleMismatch(root, expected);
        EscapeMarket memory m = EscapeMarket(true, leaf[4], int64(_signed(leaf[6])));
        escapeMarkets[marketId] = m;
        emit MarketProven(marketId, m.price, m.fundingIndex);
    }

    /// @notice Pays an account's value in the last proven state to its L1 owner, once:
    ///         max(0, collateral + Σ size × price − Σ size × (fundingIndex − cachedIndex)).
    /// @dev Anyone may submit; the payout always goes to the owner in the leaf.
    /// @param account The account leaf fields.
    /// @param positions Every non-empty position slot, increasing by slot.
    /// @param path 32 siblings in the accounts tree.
    /// @return amount The amount paid.
    function escape(
        StateProofs.Account calldata account,
        StateProofs.Position[] calldata positions,
        bytes32[] calldata path
    ) external nonReentrant whenFrozen returns (uint256 amount) {
        bytes32 expected = escapeAccountsRoot;
        if (expected == bytes32(0)) revert EscapeRootsNotOpened();
        if (escaped[account.accountId]) revert AlreadyEscaped(account.accountId);
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
        uint256 available = IERC20(token).balanceOf(address(this)) - totalPending;
        if (amount > available) revert InsufficientFunds(amount, available);

        escaped[account.accountId] = true;
        emit Escaped(account.accountId, account.owner, amount);
        if (amount != 0) token.safeTransfer(account.owner, amount);
    }

    /// @notice After freeze, refunds a deposit that no batch processed (once).
    /// @param index The deposit's queue index (>= queueCursor).
    /// @param prevHash queueHash_{index} in full (from the `PriorityOp` events).
    /// @param priorityBytes The deposit's 73 priority bytes (from its `PriorityOp` event).
    function refundDeposit(uint64 index, bytes32 prevHash, bytes calldata priorityBytes)
        external
        nonReentrant
        whenFrozen
    {
        if (index < queueCursor || index >= queueLength || refunded[index]) revert NotRefundable(index);
        if (priorityBytes.length != DEPOSIT_BYTES || uint8(priorityBytes[0]) != uint8(OpType.Deposit)) {
            revert NotRefundable(index);
        }
        bytes32 prevStored = index == queueCursor ? processedQueueHash : _queue[index] & bytes32(HASH_MASK);
        bytes32 prevGiven = index == queueCursor ? prevHash : prevHash & bytes32(HASH_MASK);
        bytes32 h = keccak256(abi.encodePacked(prevHash, priorityBytes));
        if (prevGiven != prevStored || (h & bytes32(HASH_MASK)) != (_queue[index + 1] & bytes32(HASH_MASK))) {
            revert NotRefundable(index);
        }
        address owner = address(bytes20(priorityBytes[5:25]));
        uint256 amount = uint64(bytes8(priorityBytes[65:73]));
        uint256 available = IERC20(token).balanceOf(address(this)) - totalPending;
        if (amount > available) revert InsufficientFunds(amount, available);
        refunded[index] = true;
        emit DepositRefunded(index, owner, amount);
        token.safeTransfer(owner, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                OPERATOR
    //////////////////////////////////////////////////////////////*/

    /// @notice Hands the operator role to `next`.
    /// @param next The new operator (non-zero).
    function setOperator(address next) external onlyOperator {
        if (next == address(0)) revert InvalidConfig();
        emit OperatorChanged(operator, next);
        operator = next;
    }

    /// @dev Signed value of a canonical Goldilocks element (x mod p embedding).
    function _signed(uint64 x) internal pure returns (int256) {
        uint256 v = x;
        return v > P / 2 ? -int256(P - v) : int256(v);
    }
}

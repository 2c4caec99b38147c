// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

import {PoseidonGoldilocks} from "./lib/PoseidonGoldilocks.sol";

/// @title StateProofs
/// @notice Stateless Merkle openings of the zkclear state (docs/state-layout.md) with
///         plonky2-identical Poseidon over Goldilocks. Kept out of `Rollup` so that the rollup's
///         runtime code stays under the 24 KiB limit; the rollup deploys its own instance.
/// @dev Every function is pure: the caller compares the returned root with a root it trusts.
contract StateProofs {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice An account leaf's fields (positions root is recomputed from `positions`).
    /// @dev Field elements are canonical (< p); signed values use the `x mod p` embedding.
    struct Account {
        uint32 accountId;
        address owner;
        uint64[5] l2Key;
        uint64 collateral;
        uint64 nonce;
        bytes32 fillsRoot;
    }

    /// @notice A non-empty position slot. Slots must be strictly increasing across the list.
    struct Position {
        uint8 slot;
        uint8 marketId;
        uint64 size;
        uint64 fundingIndex;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice A Merkle path does not have the tree's depth.
    error BadPathLength(uint256 expected, uint256 actual);
    /// @notice Position slots are out of range, repeated or not increasing.
    error BadPositionSlot(uint256 slot);
    /// @notice A listed position has size 0 (such a slot must be empty instead).
    error EmptyPosition(uint256 slot);
    /// @notice A field element is not canonical (>= p).
    error NonCanonical(uint256 value);

    /*//////////////////////////////////////////////////////////////
                               CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Depth of the accounts tree.
    uint256 public constant ACCOUNTS_DEPTH = 32;
    /// @notice Depth of the markets tree.
    uint256 public constant MARKETS_DEPTH = 8;
    /// @notice Depth of an account's positions tree.
    uint256 public constant POSITIONS_DEPTH = 4;

    /// @dev empty_root(1..4) of docs/state-layout.md (checked against the library in
    ///      test/StateProofs.t.sol and against plonky2 in test/vectors/PoseidonVectors.t.sol).
    bytes32 internal constant EMPTY1 = 0x3c18a9786cb0b359c4055e3364a246c37953db0ab48808f4c71603f33a1144ca;
    bytes32 internal constant EMPTY2 = 0xb61a4ad1aaf14fcc8d85581b9901b2cfde8f9ad762a30af22196fc41328ae503;
    bytes32 internal constant EMPTY3 = 0x61e00af7295ce05a9a247cc59da2de6446fb94bfe956c05f67703a0cc73ca542;
    bytes32 internal constant EMPTY4 = 0x5154921a064626448cc1b30d2e2c0947167d7cf3bf854d27f522eaa0af88a040;

    /*//////////////////////////////////////////////////////////////
                               FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The state root over its 13-element preimage:
    ///         hash_no_pad([accountsRoot(4), marketsRoot(4), insurance_fund, fee_account_id,
    ///         oracle_time, batch_number, priority_cursor]).
    /// @param accounts Root of the accounts tree.
    /// @param markets Root of the markets tree.
    /// @param globals The five global elements, in the order above.
    /// @return The state root.
    function stateRoot(bytes32 accounts, bytes32 markets, uint64[5] calldata globals)
        external
        pure
        returns (bytes32)
    {
        uint64[] memory e = new uint64[](13);
        _put4(e, 0, accounts);
        _put4(e, 4, markets);
        for (uint256 i = 0; i < 5; ++i) {
            e[8 + i] = _canonical(globals[i]);
        }
        return PoseidonGoldilocks.hashNoPadPacked(e);
    }

    /// @notice The markets root implied by a market leaf at `marketId` and its path.
    /// @param marketId The market (leaf index).
    /// @param leaf The 17 market-leaf elements.
    /// @param path 8 siblings from the leaf upward.
    /// @return The markets root.
    function marketsRoot(uint8 marketId, uint64[17] calldata leaf, bytes32[] calldata path)
        external
        pure
        returns (bytes32)
    {
        if (path.length != MARKETS_DEPTH) revert BadPathLength(MARKETS_DEPTH, path.length);
        uint64[] memory e = new uint64[](17);
        for (uint256 i = 0; i < 17; ++i) {
            e[i] = _canonical(leaf[i]);
        }
        return PoseidonGoldilocks.merkleRoot(PoseidonGoldilocks.hashNoPadPacked(e), marketId, path);
    }

    /// @notice The accounts root implied by an account, all its non-empty positions and its path.
    /// @dev Slots not listed are empty; listing every non-empty slot is forced by the root match.
    /// @param a The account's fields.
    /// @param positions Its non-empty position slots, strictly increasing by slot.
    /// @param path 32 siblings from the account leaf upward.
    /// @return The accounts root.
    function accountsRoot(Account calldata a, Position[] calldata positions, bytes32[] calldata path)
        external
        pure
        returns (bytes32)
    {
        if (path.length != ACCOUNTS_DEPTH) revert BadPathLength(ACCOUNTS_DEPTH, path.length);
        bytes32 posRoot = _positionsRoot(positions);
        uint64[] memory e = new uint64[](20);
        uint256 owner = uint160(a.owner);
        for (uint256 i = 0; i < 5; ++i) {
            e[i] = uint64(uint32(owner >> (128 - 32 * i)));
            e[5 + i] = _canonical(a.l2Key[i]);
        }
        e[10] = _canonical(a.collateral);
        e[11] = _canonical(a.nonce);
        _put4(e, 12, posRoot);
        _put4(e, 16, a.fillsRoot);
        return PoseidonGoldilocks.merkleRoot(PoseidonGoldilocks.hashNoPadPacked(e), a.accountId, path);
    }

    /// @notice The root of a positions tree holding exactly `positions` (other slots empty).
    /// @param positions Non-empty slots, strictly increasing by slot.
    /// @return The positions root (empty_root(4) when `positions` is empty).
    function positionsRoot(Position[] calldata positions) external pure returns (bytes32) {
        return _positionsRoot(positions);
    }

    function _positionsRoot(Position[] calldata positions) internal pure returns (bytes32) {
        bytes32[16] memory nodes;
        uint256 next = 0;
        uint64[] memory e = new uint64[](3);
        for (uint256 i = 0; i < positions.length; ++i) {
            Position calldata p = positions[i];
            if (p.slot < next || p.slot >= 16) revert BadPositionSlot(p.slot);
            if (p.size == 0) revert EmptyPosition(p.slot);
            next = uint256(p.slot) + 1;
            e[0] = p.marketId;
            e[1] = _canonical(p.size);
            e[2] = _canonical(p.fundingIndex);
            nodes[p.slot] = PoseidonGoldilocks.hashNoPadPacked(e);
        }
        bytes32[5] memory empty = [bytes32(0), EMPTY1, EMPTY2, EMPTY3, EMPTY4];
        for (uint256 h = 0; h < POSITIONS_DEPTH; ++h) {
            uint256 width = 16 >> (h + 1);
            for (uint256 j = 0; j < width; ++j) {
                bytes32 l = nodes[2 * j];
                bytes32 r = nodes[2 * j + 1];
                nodes[j] = (l == empty[h] && r == empty[h]) ? empty[h + 1] : PoseidonGoldilocks.twoToOne(l, r);
            }
        }
        return nodes[0];
    }

    function _put4(uint64[] memory e, uint256 at, bytes32 h) private pure {
        uint256 v = uint256(h);
        for (uint256 i = 0; i < 4; ++i) {
            e[at + i] = _canonical(uint64(v >> (192 - 64 * i)));
        }
    }

    function _canonical(uint64 x) private pure returns (uint64) {
        if (x >= PoseidonGoldilocks.P) revert NonCanonical(x);
        return x;
    }
}

// SPDX-License-Identifier: MIT OR Apache-2.0
// GENERATED FILE, do not edit: produced from plonky2's Poseidon constants by
// `ZKCLEAR_BLESS=1 cargo test -p zkclear-l1 poseidon_library_is_up_to_date`
// (verifier-contract/l1/src/poseidon_sol.rs).
pragma solidity ^0.8.24;

/// @title PoseidonGoldilocks
/// @notice plonky2's Poseidon over Goldilocks (p = 2^64 - 2^32 + 1; width 12, rate 8, x^7,
///         8 full + 22 partial rounds) with `hashNoPad` and `twoToOne` bit-identical to plonky2's
///         `PoseidonHash::hash_no_pad` and `PoseidonHash::two_to_one`.
/// @dev A hash (`HashOut`, four elements) as `bytes32` is its four elements in order, each a
///      big-endian u64 (docs/state-layout.md). Merkle convention: empty leaf = 0, parent =
///      twoToOne(left, right), bit i of the index (LSB first) = 1 means right child at level i,
///      siblings from the leaf upward. Inputs are reduced mod p; outputs are canonical.
library PoseidonGoldilocks {
    /// @dev The Goldilocks modulus.
    uint256 internal constant P = 0xffffffff00000001;

    /// @notice Thrown when a Merkle path is longer than the 256 bits an index can address.
    error PathTooLong(uint256 length);

    /// @dev The Poseidon permutation in place on 12 words at memory `s` (inputs < 2^64; outputs
    ///      canonical). Invariant: equal mod p to plonky2's `Poseidon::poseidon`.
    function permute(uint256 s) internal pure {
        /// @solidity memory-safe-assembly
        assembly {
            // full round 0
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := add(mload(add(s, 0x0)), 0xb585f766f2144405) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := add(mload(add(s, 0x80)), 0xe10d666650f4e012) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x100)), 0xcdc4a239b0c44426) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x20)), 0x7746a55f43921ad7) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := add(mload(add(s, 0xa0)), 0x8cae14cb07d09bf1) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x120)), 0x277fa208bf337bff) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x40)), 0xb2fb0d31cee799b4) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := add(mload(add(s, 0xc0)), 0xd438539c95f63e9f) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x140)), 0xe17653a29da578a1) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x60)), 0xf6760a4803427d7) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := add(mload(add(s, 0xe0)), 0xef781c7ce35b4c3d) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := add(mload(add(s, 0x160)), 0xc54302f225db2c76) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0xd5c7718fbfc647fb0000308bbd23dc5416cc000086287821f722c881)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xc35eae071903ff0b00006e4a40c18f30c09c000059cd1a8a41c18e55))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0x849c2656969c4be700009a2eedb70d8f8cfa0000c3b919ad495dc574))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0xc0572c8c08cbbbad0000e360c6e0ae486f380000a484c4c5ef6a0781))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 1
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0x66bbd30e6ce0e5830000ad6805e0e30b2c8a0000e9fa634a21de0082)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xda2abef589d644e0000ac51d9f5fcf8535e0000f56f6d48959a600d))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0xf061274fdb150d610000502ad7dc18c2ad870000f7d713e806391165))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0x28b8ec3ae9c29633000057a1550c110b304100008297132b32825daf))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 2
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0xe8be3e5da8043e5700007cf416cfe7e14ca1000092a756e67e2b9413)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xf5c0bc1de6da8699000061df517b86a46439000070e741ebfee96586))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0x40b12cbf09ef74bf000085dc499b11d77b750000019d5ee2af82ec1c))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0xa637093ecb2ad63100004b959b48b9c1073300006f6f2ed772466352))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 3
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0x740ef19ce01398a10000c5571f35d728863300003cc3f892184df408)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0x694d24c0752fdf45000091d89c5184109a020000e993fd841e7e97f1))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0x60936af96ee2f1480000f37f925d04e5667b0000f2831d3575f0f3af))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0xc33448feadc78f0c00002d6e448371955a690000d2500e0a350994ca))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // partial rounds
            {
                let s0 := mload(add(s, 0x0))
                let s1 := mload(add(s, 0x20))
                let s2 := mload(add(s, 0x40))
                let s3 := mload(add(s, 0x60))
                let s4 := mload(add(s, 0x80))
                let s5 := mload(add(s, 0xa0))
                let s6 := mload(add(s, 0xc0))
                let s7 := mload(add(s, 0xe0))
                let s8 := mload(add(s, 0x100))
                let s9 := mload(add(s, 0x120))
                let s10 := mload(add(s, 0x140))
                let s11 := mload(add(s, 0x160))
                mstore(add(s, 0x20), add(mul(s1, 0x80772dc2645b280b), add(mul(s2, 0xe796d293a47a64cb), add(mul(s3, 0xdcedab70f40718ba), add(mul(s4, 0xf4a437f2888ae909), add(mul(s5, 0xf97abba0dffb6c50), add(mul(s6, 0x7f8e41e0b0a6cdff), add(mul(s7, 0x726af914971c1374), add(mul(s8, 0x64dd936da878404d), add(mul(s9, 0x85418a9fef8a9890), add(mul(s10, 0x156048ee7a738154), mul(s11, 0xd841e8ef9dde8ba0))))))))))))
                mstore(add(s, 0x40), add(mul(s1, 0xdc927721da922cf8), add(mul(s2, 0xb124c33152a2421a), add(mul(s3, 0x14a4a64da0b2668f), add(mul(s4, 0xc537d44dc2875403), add(mul(s5, 0x5e40f0c9bb82aab5), add(mul(s6, 0x4b1ba8d40afca97d), add(mul(s7, 0x1d7f8a2cce1a9d00), add(mul(s8, 0x4db9a2ead2bd7262), add(mul(s9, 0xd8a2eb7ef5e707ad), add(mul(s10, 0x91f7562377e81df5), mul(s11, 0x156048ee7a738154))))))))))))
                mstore(add(s, 0x60), add(mul(s1, 0xc1978156516879ad), add(mul(s2, 0xee5dc0ce131268a), add(mul(s3, 0x4715b8e5ab34653b), add(mul(s4, 0x7f68007619fd8ba9), add(mul(s5, 0x5996a80497e24a6b), add(mul(s6, 0x623708f28fca70e8), add(mul(s7, 0x18737784700c75cd), add(mul(s8, 0xbe2e19f6d07f1a83), add(mul(s9, 0xbfe85ababed2d882), add(mul(s10, 0xd8a2eb7ef5e707ad), mul(s11, 0x85418a9fef8a9890))))))))))))
                mstore(add(s, 0x80), add(mul(s1, 0x90e80c591f48b603), add(mul(s2, 0xa9032a52f930fae6), add(mul(s3, 0x1e8916a99c93a88e), add(mul(s4, 0xa4911db6a32612da), add(mul(s5, 0x7084430a7307c9a), add(mul(s6, 0xbf150dc4914d380f), add(mul(s7, 0x7fb45d605dd82838), add(mul(s8, 0x2290fe23c20351a), add(mul(s9, 0xbe2e19f6d07f1a83), add(mul(s10, 0x4db9a2ead2bd7262), mul(s11, 0x64dd936da878404d))))))))))))
                mstore(add(s, 0xa0), add(mul(s1, 0x3a2432625475e3ae), add(mul(s2, 0x7e33ca8c814280de), add(mul(s3, 0xbba4b5d86b9a3b2c), add(mul(s4, 0x2f7e9aade3fdaec1), add(mul(s5, 0xad2f570a5b8545aa), add(mul(s6, 0xc26a083554767106), add(mul(s7, 0x862361aeab0f9b6e), add(mul(s8, 0x7fb45d605dd82838), add(mul(s9, 0x18737784700c75cd), add(mul(s10, 0x1d7f8a2cce1a9d00), mul(s11, 0x726af914971c1374))))))))))))
                mstore(add(s, 0xc0), add(mul(s1, 0xa2d4321cca94fe), add(mul(s2, 0xad11180f69a8c29e), add(mul(s3, 0xe76649f9bd5d5c2e), add(mul(s4, 0xe7ffd578da4ea43d), add(mul(s5, 0xab7f81fef4274770), add(mul(s6, 0x753b8b1126665c22), add(mul(s7, 0xc26a083554767106), add(mul(s8, 0xbf150dc4914d380f), add(mul(s9, 0x623708f28fca70e8), add(mul(s10, 0x4b1ba8d40afca97d), mul(s11, 0x7f8e41e0b0a6cdff))))))))))))
                mstore(add(s, 0xe0), add(mul(s1, 0x77736f524010c932), add(mul(s2, 0xc75ac6d5b5a10ff3), add(mul(s3, 0xaf8e2518a1ece54d), add(mul(s4, 0x43a608e7afa6b5c2), add(mul(s5, 0xcb81f535cf98c9e9), add(mul(s6, 0xab7f81fef4274770), add(mul(s7, 0xad2f570a5b8545aa), add(mul(s8, 0x7084430a7307c9a), add(mul(s9, 0x5996a80497e24a6b), add(mul(s10, 0x5e40f0c9bb82aab5), mul(s11, 0xf97abba0dffb6c50))))))))))))
                mstore(add(s, 0x100), add(mul(s1, 0x904d3f2804a36c54), add(mul(s2, 0xf0674a8dc5a387ec), add(mul(s3, 0xdcda1344cdca873f), add(mul(s4, 0xca46546aa99e1575), add(mul(s5, 0x43a608e7afa6b5c2), add(mul(s6, 0xe7ffd578da4ea43d), add(mul(s7, 0x2f7e9aade3fdaec1), add(mul(s8, 0xa4911db6a32612da), add(mul(s9, 0x7f68007619fd8ba9), add(mul(s10, 0xc537d44dc2875403), mul(s11, 0xf4a437f2888ae909))))))))))))
                mstore(add(s, 0x120), add(mul(s1, 0xbf9b39e28a16f354), add(mul(s2, 0xb36d43120eaa5e2b), add(mul(s3, 0xcd080204256088e5), add(mul(s4, 0xdcda1344cdca873f), add(mul(s5, 0xaf8e2518a1ece54d), add(mul(s6, 0xe76649f9bd5d5c2e), add(mul(s7, 0xbba4b5d86b9a3b2c), add(mul(s8, 0x1e8916a99c93a88e), add(mul(s9, 0x4715b8e5ab34653b), add(mul(s10, 0x14a4a64da0b2668f), mul(s11, 0xdcedab70f40718ba))))))))))))
                mstore(add(s, 0x140), add(mul(s1, 0x3a1ded54a6cd058b), add(mul(s2, 0x6f232aab4b533a25), add(mul(s3, 0xb36d43120eaa5e2b), add(mul(s4, 0xf0674a8dc5a387ec), add(mul(s5, 0xc75ac6d5b5a10ff3), add(mul(s6, 0xad11180f69a8c29e), add(mul(s7, 0x7e33ca8c814280de), add(mul(s8, 0xa9032a52f930fae6), add(mul(s9, 0xee5dc0ce131268a), add(mul(s10, 0xb124c33152a2421a), mul(s11, 0xe796d293a47a64cb))))))))))))
                mstore(add(s, 0x160), add(mul(s1, 0x42392870da5737cf), add(mul(s2, 0x3a1ded54a6cd058b), add(mul(s3, 0xbf9b39e28a16f354), add(mul(s4, 0x904d3f2804a36c54), add(mul(s5, 0x77736f524010c932), add(mul(s6, 0xa2d4321cca94fe), add(mul(s7, 0x3a2432625475e3ae), add(mul(s8, 0x90e80c591f48b603), add(mul(s9, 0xc1978156516879ad), add(mul(s10, 0xdc927721da922cf8), mul(s11, 0x80772dc2645b280b))))))))))))
                s1 := mload(add(s, 0x20))
                s2 := mload(add(s, 0x40))
                s3 := mload(add(s, 0x60))
                s4 := mload(add(s, 0x80))
                s5 := mload(add(s, 0xa0))
                s6 := mload(add(s, 0xc0))
                s7 := mload(add(s, 0xe0))
                s8 := mload(add(s, 0x100))
                s9 := mload(add(s, 0x120))
                s10 := mload(add(s, 0x140))
                s11 := mload(add(s, 0x160))
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x74cb2e819ae421ab)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x3d999c961b7c63b0), add(mul(s2, 0x814e82efcd172529), add(mul(s3, 0x2421e5d236704588), add(mul(s4, 0x887af7d4dd482328), add(mul(s5, 0xa5e9c291f6119b27), add(mul(s6, 0xbdc52b2676a4b4aa), add(mul(s7, 0x64832009d29bcf57), add(mul(s8, 0x9c4155174a552cc), add(mul(s9, 0x463f9ee03d290810), add(mul(s10, 0xc810936e64982542), mul(s11, 0x43b1c289f7bc3ac))))))))))))
                    s1 := add(s1, mul(s0, 0x94877900674181c3))
                    s2 := add(s2, mul(s0, 0xc6c67cc37a2a2bbd))
                    s3 := add(s3, mul(s0, 0xd667c2055387940f))
                    s4 := add(s4, mul(s0, 0xba63a63e94b5ff0))
                    s5 := add(s5, mul(s0, 0x99460cc41b8f079f))
                    s6 := add(s6, mul(s0, 0x7ff02375ed524bb3))
                    s7 := add(s7, mul(s0, 0xea0870b47a8caf0e))
                    s8 := add(s8, mul(s0, 0xabcad82633b7bc9d))
                    s9 := add(s9, mul(s0, 0x3b8d135261052241))
                    s10 := add(s10, mul(s0, 0xfb4515f5e5b0d539))
                    s11 := add(s11, mul(s0, 0x3ee8011c2b37f77c))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xd2559d2370e7f663)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x673655aae8be5a8b), add(mul(s2, 0xd510fe714f39fa10), add(mul(s3, 0x2c68a099b51c9e73), add(mul(s4, 0xa667bfa9aa96999d), add(mul(s5, 0x4d67e72f063e2108), add(mul(s6, 0xf84dde3e6acda179), add(mul(s7, 0x40f9cc8c08f80981), add(mul(s8, 0x5ead032050097142), add(mul(s9, 0x6591b02092d671bb), add(mul(s10, 0xe18c71963dd1b7), mul(s11, 0x8a21bcd24a14218a))))))))))))
                    s1 := add(s1, mul(s0, 0xadef3740e71c726))
                    s2 := add(s2, mul(s0, 0xa37bf67c6f986559))
                    s3 := add(s3, mul(s0, 0xc6b16f7ed4fa1b00))
                    s4 := add(s4, mul(s0, 0x6a065da88d8bfc3c))
                    s5 := add(s5, mul(s0, 0x4cabc0916844b46f))
                    s6 := add(s6, mul(s0, 0x407faac0f02e78d1))
                    s7 := add(s7, mul(s0, 0x7a786d9cf0852cf))
                    s8 := add(s8, mul(s0, 0x42433fb6949a629a))
                    s9 := add(s9, mul(s0, 0x891682a147ce43b0))
                    s10 := add(s10, mul(s0, 0x26cfd58e7b003b55))
                    s11 := add(s11, mul(s0, 0x2bbf0ed7b657acb3))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x62bf78acf843d17c)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x202800f4addbdc87), add(mul(s2, 0xe4b5bdb1cc3504ff), add(mul(s3, 0xbe32b32a825596e7), add(mul(s4, 0x8e0f68c5dc223b9a), add(mul(s5, 0x58022d9e1c256ce3), add(mul(s6, 0x584d29227aa073ac), add(mul(s7, 0x8b9352ad04bef9e7), add(mul(s8, 0xaead42a3f445ecbf), add(mul(s9, 0x3c667a1d833a3cca), add(mul(s10, 0xda6f61838efa1ffe), mul(s11, 0xe8f749470bd7c446))))))))))))
                    s1 := add(s1, mul(s0, 0x481ac7746b159c67))
                    s2 := add(s2, mul(s0, 0xe367de32f108e278))
                    s3 := add(s3, mul(s0, 0x73f260087ad28bec))
                    s4 := add(s4, mul(s0, 0x5cfc82216bc1bdca))
                    s5 := add(s5, mul(s0, 0xcaccc870a2663a0e))
                    s6 := add(s6, mul(s0, 0xdb69cd7b4298c45d))
                    s7 := add(s7, mul(s0, 0x7bc9e0c57243e62d))
                    s8 := add(s8, mul(s0, 0x3cc51c5d368693ae))
                    s9 := add(s9, mul(s0, 0x366b4e8cc068895b))
                    s10 := add(s10, mul(s0, 0x2bd18715cdabbca4))
                    s11 := add(s11, mul(s0, 0xa752061c4f33b8cf))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xd5ab7b67e14d1fb4)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xc5b85bab9e5b3869), add(mul(s2, 0x45245258aec51cf7), add(mul(s3, 0x16e6b8e68b931830), add(mul(s4, 0xe2ae0f051418112c), add(mul(s5, 0x470e26a0093a65b), add(mul(s6, 0x6bef71973a8146ed), add(mul(s7, 0x119265be51812daf), add(mul(s8, 0xb0be7356254bea2e), add(mul(s9, 0x8584defff7589bd7), add(mul(s10, 0x3c5fe4aeb1fb52ba), mul(s11, 0x9e7cd88acf543a5e))))))))))))
                    s1 := add(s1, mul(s0, 0xb22d2432b72d5098))
                    s2 := add(s2, mul(s0, 0x9e18a487f44d2fe4))
                    s3 := add(s3, mul(s0, 0x4b39e14ce22abd3c))
                    s4 := add(s4, mul(s0, 0x9e77fde2eb315e0d))
                    s5 := add(s5, mul(s0, 0xca5e0385fe67014d))
                    s6 := add(s6, mul(s0, 0xc2cb99bf1b6bddb))
                    s7 := add(s7, mul(s0, 0x99ec1cd2a4460bfe))
                    s8 := add(s8, mul(s0, 0x8577a815a2ff843f))
                    s9 := add(s9, mul(s0, 0x7d80a6b4fd6518a5))
                    s10 := add(s10, mul(s0, 0xeb6c67123eab62cb))
                    s11 := add(s11, mul(s0, 0x8f7851650eca21a5))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xb9fe2ae6e0969bdc)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x179be4bba87f0a8c), add(mul(s2, 0xacf63d95d8887355), add(mul(s3, 0x6696670196b0074f), add(mul(s4, 0xd99ddf1fe75085f9), add(mul(s5, 0xc2597881fef0283b), add(mul(s6, 0xcf48395ee6c54f14), add(mul(s7, 0x15226a8e4cd8d3b6), add(mul(s8, 0xc053297389af5d3b), add(mul(s9, 0x2c08893f0d1580e2), add(mul(s10, 0xed3cbcff6fcc5ba), mul(s11, 0xc82f510ecf81f6d0))))))))))))
                    s1 := add(s1, mul(s0, 0x11ba9a1b81718c2a))
                    s2 := add(s2, mul(s0, 0x9f7d798a3323410c))
                    s3 := add(s3, mul(s0, 0xa821855c8c1cf5e5))
                    s4 := add(s4, mul(s0, 0x535e8d6fac0031b2))
                    s5 := add(s5, mul(s0, 0x404e7c751b634320))
                    s6 := add(s6, mul(s0, 0xa729353f6e55d354))
                    s7 := add(s7, mul(s0, 0x4db97d92e58bb831))
                    s8 := add(s8, mul(s0, 0xb53926c27897bf7d))
                    s9 := add(s9, mul(s0, 0x965040d52fe115c5))
                    s10 := add(s10, mul(s0, 0x9565fa41ebd31fd7))
                    s11 := add(s11, mul(s0, 0xaae4438c877ea8f4))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xe33fdf79f92a10e8)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x94b06183acb715cc), add(mul(s2, 0x500392ed0d431137), add(mul(s3, 0x861cc95ad5c86323), add(mul(s4, 0x5830a443f86c4ac), add(mul(s5, 0x3b68225874a20a7c), add(mul(s6, 0x10b3309838e236fb), add(mul(s7, 0x9b77fc8bcd559e2c), add(mul(s8, 0xbdecf5e0cb9cb213), add(mul(s9, 0x30276f1221ace5fa), add(mul(s10, 0x7935dd342764a144), mul(s11, 0xeac6db520bb03708))))))))))))
                    s1 := add(s1, mul(s0, 0x37f4e36af6073c6e))
                    s2 := add(s2, mul(s0, 0x4edc0918210800e9))
                    s3 := add(s3, mul(s0, 0xc44998e99eae4188))
                    s4 := add(s4, mul(s0, 0x9f4310d05d068338))
                    s5 := add(s5, mul(s0, 0x9ec7fe4350680f29))
                    s6 := add(s6, mul(s0, 0xc5b2c1fdc0b50874))
                    s7 := add(s7, mul(s0, 0xa01920c5ef8b2ebe))
                    s8 := add(s8, mul(s0, 0x59fa6f8bd91d58ba))
                    s9 := add(s9, mul(s0, 0x8bfc9eb89b515a82))
                    s10 := add(s10, mul(s0, 0xbe86a7a2555ae775))
                    s11 := add(s11, mul(s0, 0xcbb8bbaa3810babf))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xea2bb4c2b25989b)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x7186a80551025f8f), add(mul(s2, 0x622247557e9b5371), add(mul(s3, 0xc4cbe326d1ad9742), add(mul(s4, 0x55f1523ac6a23ea2), add(mul(s5, 0xa13dfe77a3d52f53), add(mul(s6, 0xe30750b6301c0452), add(mul(s7, 0x8bd488070a3a32b), add(mul(s8, 0xcd800caef5b72ae3), add(mul(s9, 0x83329c90f04233ce), add(mul(s10, 0xb5b99e6664a0a3ee), mul(s11, 0x6b0731849e200a7f))))))))))))
                    s1 := add(s1, mul(s0, 0x577f9a9e7ee3f9c2))
                    s2 := add(s2, mul(s0, 0x88c522b949ace7b1))
                    s3 := add(s3, mul(s0, 0x82f07007c8b72106))
                    s4 := add(s4, mul(s0, 0x8283d37c6675b50e))
                    s5 := add(s5, mul(s0, 0x98b074d9bbac1123))
                    s6 := add(s6, mul(s0, 0x75c56fb7758317c1))
                    s7 := add(s7, mul(s0, 0xfed24e206052bc72))
                    s8 := add(s8, mul(s0, 0x26d7c3d1bc07dae5))
                    s9 := add(s9, mul(s0, 0xf88c5e441e28dbb4))
                    s10 := add(s10, mul(s0, 0x4fe27f9f96615270))
                    s11 := add(s11, mul(s0, 0x514d4ba49c2b14fe))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xca9121fbf9d38f06)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xec3fabc192b01799), add(mul(s2, 0x382b38cee8ee5375), add(mul(s3, 0x3bfb6c3f0e616572), add(mul(s4, 0x514abd0cf6c7bc86), add(mul(s5, 0x47521b1361dcc546), add(mul(s6, 0x178093843f863d14), add(mul(s7, 0xad1003c5d28918e7), add(mul(s8, 0x738450e42495bc81), add(mul(s9, 0xaf947c59af5e4047), add(mul(s10, 0x4653fb0685084ef2), mul(s11, 0x57fde2062ae35bf))))))))))))
                    s1 := add(s1, mul(s0, 0xf02a3ac068ee110b))
                    s2 := add(s2, mul(s0, 0xa3630dafb8ae2d7))
                    s3 := add(s3, mul(s0, 0xce0dc874eaf9b55c))
                    s4 := add(s4, mul(s0, 0x9a95f6cff5b55c7e))
                    s5 := add(s5, mul(s0, 0x626d76abfed00c7b))
                    s6 := add(s6, mul(s0, 0xa0c1cf1251c204ad))
                    s7 := add(s7, mul(s0, 0xdaebd3006321052c))
                    s8 := add(s8, mul(s0, 0x3d4bd48b625a8065))
                    s9 := add(s9, mul(s0, 0x7f1e584e071f6ed2))
                    s10 := add(s10, mul(s0, 0x720574f0501caed3))
                    s11 := add(s11, mul(s0, 0xe3260ba93d23540a))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xbdd9b0aa81f58fa4)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xe376678d843ce55e), add(mul(s2, 0x66f3860d7514e7fc), add(mul(s3, 0x7817f3dfff8b4ffa), add(mul(s4, 0x3929624a9def725b), add(mul(s5, 0x126ca37f215a80a), add(mul(s6, 0xfce2f5d02762a303), add(mul(s7, 0x1bc927375febbad7), add(mul(s8, 0x85b481e5243f60bf), add(mul(s9, 0x2d3c5f42a39c91a0), add(mul(s10, 0x811719919351ae8), mul(s11, 0xf669de0add993131))))))))))))
                    s1 := add(s1, mul(s0, 0xab1cbd41d8c1e335))
                    s2 := add(s2, mul(s0, 0x9322ed4c0bc2df01))
                    s3 := add(s3, mul(s0, 0x51c3c0983d4284e5))
                    s4 := add(s4, mul(s0, 0x94178e291145c231))
                    s5 := add(s5, mul(s0, 0xfd0f1a973d6b2085))
                    s6 := add(s6, mul(s0, 0xd427ad96e2b39719))
                    s7 := add(s7, mul(s0, 0x8a52437fecaac06b))
                    s8 := add(s8, mul(s0, 0xdc20ee4b8c4c9a80))
                    s9 := add(s9, mul(s0, 0xa2c98e9549da2100))
                    s10 := add(s10, mul(s0, 0x1603fe12613db5b6))
                    s11 := add(s11, mul(s0, 0xe174929433c5505))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x83079fa4ecf20d7e)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x7de38bae084da92d), add(mul(s2, 0x5b848442237e8a9b), add(mul(s3, 0xf6c705da84d57310), add(mul(s4, 0x31e6a4bdb6a49017), add(mul(s5, 0x889489706e5c5c0f), add(mul(s6, 0xe4a205459692a1b), add(mul(s7, 0xbac3fa75ee26f299), add(mul(s8, 0x5f5894f4057d755e), add(mul(s9, 0xb0dc3ecd724bb076), add(mul(s10, 0x5e34d8554a6452ba), mul(s11, 0x4f78fd8c1fdcc5f))))))))))))
                    s1 := add(s1, mul(s0, 0x3d4eab2b8ef5f796))
                    s2 := add(s2, mul(s0, 0xcfff421583896e22))
                    s3 := add(s3, mul(s0, 0x4143cb32d39ac3d9))
                    s4 := add(s4, mul(s0, 0x22365051b78a5b65))
                    s5 := add(s5, mul(s0, 0x6f7fd010d027c9b6))
                    s6 := add(s6, mul(s0, 0xd9dd36fba77522ab))
                    s7 := add(s7, mul(s0, 0xa44cf1cb33e37165))
                    s8 := add(s8, mul(s0, 0x3fc83d3038c86417))
                    s9 := add(s9, mul(s0, 0xc4588d418e88d270))
                    s10 := add(s10, mul(s0, 0xce1320f10ab80fe2))
                    s11 := add(s11, mul(s0, 0xdb5eadbbec18de5d))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x650b838edfcc4ad3)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x4dd19c38779512ea), add(mul(s2, 0xdb79ba02704620e9), add(mul(s3, 0x92a29a3675a5d2be), add(mul(s4, 0xd5177029fe495166), add(mul(s5, 0xd32b3298a13330c1), add(mul(s6, 0x251c4a3eb2c5f8fd), add(mul(s7, 0xe1c48b26e0d98825), add(mul(s8, 0x3301d3362a4ffccb), add(mul(s9, 0x9bb6c88de8cd178), add(mul(s10, 0xdc05b676564f538a), mul(s11, 0x60192d883e473fee))))))))))))
                    s1 := add(s1, mul(s0, 0x1183dfce7c454afd))
                    s2 := add(s2, mul(s0, 0x21cea4aa3d3ed949))
                    s3 := add(s3, mul(s0, 0xfce6f70303f2304))
                    s4 := add(s4, mul(s0, 0x19557d34b55551be))
                    s5 := add(s5, mul(s0, 0x4c56f689afc5bbc9))
                    s6 := add(s6, mul(s0, 0xa1e920844334f944))
                    s7 := add(s7, mul(s0, 0xbad66d423d2ec861))
                    s8 := add(s8, mul(s0, 0xf318c785dc9e0479))
                    s9 := add(s9, mul(s0, 0x99e2032e765ddd81))
                    s10 := add(s10, mul(s0, 0x400ccc9906d66f45))
                    s11 := add(s11, mul(s0, 0xe1197454db2e0dd9))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x77180c88583c76ac)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x16b9774801ac44a0), add(mul(s2, 0x3cb8411e786d3c8e), add(mul(s3, 0xa86e9cf505072491), add(mul(s4, 0x178928152e109ae), add(mul(s5, 0x5317b905a6e1ab7b), add(mul(s6, 0xda20b3be7f53d59f), add(mul(s7, 0xcb97dedecebee9ad), add(mul(s8, 0x4bd545218c59f58d), add(mul(s9, 0x77dc8d856c05a44a), add(mul(s10, 0x87948589e4f243fd), mul(s11, 0x7e5217af969952c2))))))))))))
                    s1 := add(s1, mul(s0, 0x84d1ecc4d53d2ff1))
                    s2 := add(s2, mul(s0, 0xd8af8b9ceb4e11b6))
                    s3 := add(s3, mul(s0, 0x335856bb527b52f4))
                    s4 := add(s4, mul(s0, 0xc756f17fb59be595))
                    s5 := add(s5, mul(s0, 0xc0654e4ea5553a78))
                    s6 := add(s6, mul(s0, 0x9e9a46b61f2ea942))
                    s7 := add(s7, mul(s0, 0x14fc8b5b3b809127))
                    s8 := add(s8, mul(s0, 0xd7009f0f103be413))
                    s9 := add(s9, mul(s0, 0x3e0ee7b7a9fb4601))
                    s10 := add(s10, mul(s0, 0xa74e888922085ed7))
                    s11 := add(s11, mul(s0, 0xe80a7cde3d4ac526))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xaf8c20753143a180)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xbc58987d06a84e4d), add(mul(s2, 0xb5d420244c9cae3), add(mul(s3, 0xa3c4711b938c02c0), add(mul(s4, 0x3aace640a3e03990), add(mul(s5, 0x865a0f3249aacd8a), add(mul(s6, 0x8d00b2a7dbed06c7), add(mul(s7, 0x6eacb905beb7e2f8), add(mul(s8, 0x45322b216ec3ec7), add(mul(s9, 0xeb9de00d594828e6), add(mul(s10, 0x88c5f20df9e5c26), mul(s11, 0xf555f4112b19781f))))))))))))
                    s1 := add(s1, mul(s0, 0x238aa6daa612186d))
                    s2 := add(s2, mul(s0, 0x9137a5c630bad4b4))
                    s3 := add(s3, mul(s0, 0xc7db3817870c5eda))
                    s4 := add(s4, mul(s0, 0x217e4f04e5718dc9))
                    s5 := add(s5, mul(s0, 0xcae814e2817bd99d))
                    s6 := add(s6, mul(s0, 0xe3292e7ab770a8ba))
                    s7 := add(s7, mul(s0, 0x7bb36ef70b6b9482))
                    s8 := add(s8, mul(s0, 0x3c7835fb85bca2d3))
                    s9 := add(s9, mul(s0, 0xfe2cdf8ee3c25e86))
                    s10 := add(s10, mul(s0, 0x61b3915ad7274b20))
                    s11 := add(s11, mul(s0, 0xeab75ca7c918e4ef))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xb8ccfe9989a39175)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xa8cedbff1813d3a7), add(mul(s2, 0x50dcaee0fd27d164), add(mul(s3, 0xf1cb02417e23bd82), add(mul(s4, 0xfaf322786e2abe8b), add(mul(s5, 0x937a4315beb5d9b6), add(mul(s6, 0x1b18992921a11d85), add(mul(s7, 0x7d66c4368b3c497b), add(mul(s8, 0xe7946317a6b4e99), add(mul(s9, 0xbe4430134182978b), add(mul(s10, 0x3771e82493ab262d), mul(s11, 0xa671690d8095ce82))))))))))))
                    s1 := add(s1, mul(s0, 0xd6e15ffc055e154e))
                    s2 := add(s2, mul(s0, 0xec67881f381a32bf))
                    s3 := add(s3, mul(s0, 0xfbb1196092bf409c))
                    s4 := add(s4, mul(s0, 0xdc9d2e07830ba226))
                    s5 := add(s5, mul(s0, 0x698ef3245ff7988))
                    s6 := add(s6, mul(s0, 0x194fae2974f8b576))
                    s7 := add(s7, mul(s0, 0x7a5d9bea6ca4910e))
                    s8 := add(s8, mul(s0, 0x7aebfea95ccdd1c9))
                    s9 := add(s9, mul(s0, 0xf9bd38a67d5f0e86))
                    s10 := add(s10, mul(s0, 0xfa65539de65492d8))
                    s11 := add(s11, mul(s0, 0xf0dfcbe7653ff787))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x954a1729f60cc9c5)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xb035585f6e929d9d), add(mul(s2, 0xba1579c7e219b954), add(mul(s3, 0xcb201cf846db4ba3), add(mul(s4, 0x287bf9177372cf45), add(mul(s5, 0xa350e4f61147d0a6), add(mul(s6, 0xd5d0ecfb50bcff99), add(mul(s7, 0x2e166aa6c776ed21), add(mul(s8, 0xe1e66c991990e282), add(mul(s9, 0x662b329b01e7bb38), add(mul(s10, 0x8aa674b36144d9a9), mul(s11, 0xcbabf78f97f95e65))))))))))))
                    s1 := add(s1, mul(s0, 0xbd87ad390420258))
                    s2 := add(s2, mul(s0, 0xad8617bca9e33c8))
                    s3 := add(s3, mul(s0, 0xc00ad377a1e2666))
                    s4 := add(s4, mul(s0, 0xac6fc58b3f0518f))
                    s5 := add(s5, mul(s0, 0xc0cc8a892cc4173))
                    s6 := add(s6, mul(s0, 0xc210accb117bc21))
                    s7 := add(s7, mul(s0, 0xb73630dbb46ca18))
                    s8 := add(s8, mul(s0, 0xc8be4920cbd4a54))
                    s9 := add(s9, mul(s0, 0xbfe877a21be1690))
                    s10 := add(s10, mul(s0, 0xae790559b0ded81))
                    s11 := add(s11, mul(s0, 0xbf50db2f8d6ce31))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xdeb5b550c4dca53b)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xeec24b15a06b53fe), add(mul(s2, 0xc8a7aa07c5633533), add(mul(s3, 0xefe9c6fa4311ad51), add(mul(s4, 0xb9173f13977109a1), add(mul(s5, 0x69ce43c9cc94aedc), add(mul(s6, 0xecf623c9cd118815), add(mul(s7, 0x28625def198c33c7), add(mul(s8, 0xccfc5f7de5c3636a), add(mul(s9, 0xf5e6c40f1621c299), add(mul(s10, 0xcec0e58c34cb64b1), mul(s11, 0xa868ea113387939f))))))))))))
                    s1 := add(s1, mul(s0, 0xcf29427ff7c58))
                    s2 := add(s2, mul(s0, 0xbd9b3cf49eec8))
                    s3 := add(s3, mul(s0, 0xd1dc8aa81fb26))
                    s4 := add(s4, mul(s0, 0xbc792d5c394ef))
                    s5 := add(s5, mul(s0, 0xd2ae0b2266453))
                    s6 := add(s6, mul(s0, 0xd413f12c496c1))
                    s7 := add(s7, mul(s0, 0xc84128cfed618))
                    s8 := add(s8, mul(s0, 0xdb5ebd48fc0d4))
                    s9 := add(s9, mul(s0, 0xd1b77326dcb90))
                    s10 := add(s10, mul(s0, 0xbeb0ccc145421))
                    s11 := add(s11, mul(s0, 0xd10e5b22b11d1))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xf01bb0b00f77011e)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xd8dddbdc5ce4ef45), add(mul(s2, 0xacfc51de8131458c), add(mul(s3, 0x146bb3c0fe499ac0), add(mul(s4, 0x9e65309f15943903), add(mul(s5, 0x80d0ad980773aa70), add(mul(s6, 0xf97817d4ddbf0607), add(mul(s7, 0xe4626620a75ba276), add(mul(s8, 0xdfdc7fd6fc74f66), add(mul(s9, 0xf464864ad6f2bb93), add(mul(s10, 0x2d55e52a5d44414), mul(s11, 0xdd8de62487c40925))))))))))))
                    s1 := add(s1, mul(s0, 0xe24c99adad8))
                    s2 := add(s2, mul(s0, 0xcf389ed4bc8))
                    s3 := add(s3, mul(s0, 0xe580cbf6966))
                    s4 := add(s4, mul(s0, 0xcde5fd7e04f))
                    s5 := add(s5, mul(s0, 0xe63628041b3))
                    s6 := add(s6, mul(s0, 0xe7e81a87361))
                    s7 := add(s7, mul(s0, 0xdabe78f6d98))
                    s8 := add(s8, mul(s0, 0xefb14cac554))
                    s9 := add(s9, mul(s0, 0xe5574743b10))
                    s10 := add(s10, mul(s0, 0xd05709f42c1))
                    s11 := add(s11, mul(s0, 0xe4690c96af1))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0xa1ebb404b676afd9)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0xc15acf44759545a3), add(mul(s2, 0xcbfdcf39869719d4), add(mul(s3, 0x33f62042e2f80225), add(mul(s4, 0x2599c5ead81d8fa3), add(mul(s5, 0xb306cb6c1d7c8d0), add(mul(s6, 0x658c80d3df3729b1), add(mul(s7, 0xe8d1b2b21b41429c), add(mul(s8, 0xa1b67f09d4b3ccb8), add(mul(s9, 0xe1adf8b84437180), add(mul(s10, 0xd593a5e584af47b), mul(s11, 0xa023d94c56e151c7))))))))))))
                    s1 := add(s1, mul(s0, 0xf7157bc98))
                    s2 := add(s2, mul(s0, 0xe3006d948))
                    s3 := add(s3, mul(s0, 0xfa65811e6))
                    s4 := add(s4, mul(s0, 0xe0d127e2f))
                    s5 := add(s5, mul(s0, 0xfc18bfe53))
                    s6 := add(s6, mul(s0, 0xfd002d901))
                    s7 := add(s7, mul(s0, 0xeed6461d8))
                    s8 := add(s8, mul(s0, 0x1068562754))
                    s9 := add(s9, mul(s0, 0xfa0236f50))
                    s10 := add(s10, mul(s0, 0xe3af13ee1))
                    s11 := add(s11, mul(s0, 0xfa460f6d1))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x860b6e1597a0173e)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x49026cc3a4afc5a6), add(mul(s2, 0xe06dff00ab25b91b), add(mul(s3, 0xab38c561e8850ff), add(mul(s4, 0x92c3c8275e105eeb), add(mul(s5, 0xb65256e546889bd0), add(mul(s6, 0x3c0468236ea142f6), add(mul(s7, 0xee61766b889e18f2), add(mul(s8, 0xa206f41b12c30415), add(mul(s9, 0x2fe9d756c9f12d1), add(mul(s10, 0xe9633210630cbf12), mul(s11, 0x1ffea9fe85a0b0b1))))))))))))
                    s1 := add(s1, mul(s0, 0x11131738))
                    s2 := add(s2, mul(s0, 0xf56d588))
                    s3 := add(s3, mul(s0, 0x11050f86))
                    s4 := add(s4, mul(s0, 0xf848f4f))
                    s5 := add(s5, mul(s0, 0x111527d3))
                    s6 := add(s6, mul(s0, 0x114369a1))
                    s7 := add(s7, mul(s0, 0x106f2f38))
                    s8 := add(s8, mul(s0, 0x11e2ca94))
                    s9 := add(s9, mul(s0, 0x110a29f0))
                    s10 := add(s10, mul(s0, 0xfa9f5c1))
                    s11 := add(s11, mul(s0, 0x10f625d1))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x308bb65a036acbce)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x81d1ae8cc50240f3), add(mul(s2, 0xf4c77a079a4607d7), add(mul(s3, 0xed446b2315e3efc1), add(mul(s4, 0xb0a6b70915178c3), add(mul(s5, 0xb11ff3e089f15d9a), add(mul(s6, 0x1d4dba0b7ae9cc18), add(mul(s7, 0x65d74e2f43b48d05), add(mul(s8, 0xa2df8c6b8ae0804a), add(mul(s9, 0xa4e6f0a8c33348a6), add(mul(s10, 0xc0a26efc7be5669b), mul(s11, 0xa6b6582c547d0d60))))))))))))
                    s1 := add(s1, mul(s0, 0x11f718))
                    s2 := add(s2, mul(s0, 0x10b6c8))
                    s3 := add(s3, mul(s0, 0x134a96))
                    s4 := add(s4, mul(s0, 0x10cf7f))
                    s5 := add(s5, mul(s0, 0x124d03))
                    s6 := add(s6, mul(s0, 0x13f8a1))
                    s7 := add(s7, mul(s0, 0x117c58))
                    s8 := add(s8, mul(s0, 0x132c94))
                    s9 := add(s9, mul(s0, 0x134fc0))
                    s10 := add(s10, mul(s0, 0x10a091))
                    s11 := add(s11, mul(s0, 0x128961))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                s0 := add(s0, 0x1aca78f31c97c876)
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x84afc741f1c13213), add(mul(s2, 0x2f8f43734fc906f3), add(mul(s3, 0xde682d72da0a02d9), add(mul(s4, 0xbb005236adb9ef2), add(mul(s5, 0x5bdf35c10a8b5624), add(mul(s6, 0x739a8a343950010), add(mul(s7, 0x52f515f44785cfbc), add(mul(s8, 0xcbaf4e5d82856c60), add(mul(s9, 0xac9ea09074e3e150), add(mul(s10, 0x8f0fa011a2035fb0), mul(s11, 0x1a37905d8450904a))))))))))))
                    s1 := add(s1, mul(s0, 0x1300))
                    s2 := add(s2, mul(s0, 0x1750))
                    s3 := add(s3, mul(s0, 0x114e))
                    s4 := add(s4, mul(s0, 0x131f))
                    s5 := add(s5, mul(s0, 0x167b))
                    s6 := add(s6, mul(s0, 0x1371))
                    s7 := add(s7, mul(s0, 0x1230))
                    s8 := add(s8, mul(s0, 0x182c))
                    s9 := add(s9, mul(s0, 0x1368))
                    s10 := add(s10, mul(s0, 0xf31))
                    s11 := add(s11, mul(s0, 0x15c9))
                    s0 := d
                }
                { let x2 := mulmod(s0, s0, 0xffffffff00000001) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, 0xffffffff00000001), 0xffffffff00000001), 0xffffffff00000001) }
                {
                    let d := add(mul(s0, 25), add(mul(s1, 0x3abeb80def61cc85), add(mul(s2, 0x9d19c9dd4eac4133), add(mul(s3, 0x75a652d9641a985), add(mul(s4, 0x9daf69ae1b67e667), add(mul(s5, 0x364f71da77920a18), add(mul(s6, 0x50bd769f745c95b1), add(mul(s7, 0xf223d1180dbbf3fc), add(mul(s8, 0x2f885e584e04aa99), add(mul(s9, 0xb69a0fa70aea684a), add(mul(s10, 0x9584acaa6e062a0), mul(s11, 0xbc051640145b19b))))))))))))
                    s1 := add(s1, mul(s0, 0x14))
                    s2 := add(s2, mul(s0, 0x22))
                    s3 := add(s3, mul(s0, 0x12))
                    s4 := add(s4, mul(s0, 0x27))
                    s5 := add(s5, mul(s0, 0xd))
                    s6 := add(s6, mul(s0, 0xd))
                    s7 := add(s7, mul(s0, 0x1c))
                    s8 := add(s8, mul(s0, 0x2))
                    s9 := add(s9, mul(s0, 0x10))
                    s10 := add(s10, mul(s0, 0x29))
                    s11 := add(s11, mul(s0, 0xf))
                    s0 := d
                }
                mstore(add(s, 0x0), add(s0, 0x475cd3205a3bdcde))
                mstore(add(s, 0x20), add(s1, 0x18a42105c31b7e88))
                mstore(add(s, 0x40), add(s2, 0x23e7414af663068))
                mstore(add(s, 0x60), add(s3, 0x15147108121967d7))
                mstore(add(s, 0x80), add(s4, 0xe4a3dff1d7d6fef9))
                mstore(add(s, 0xa0), add(s5, 0x1a8d1a588085737))
                mstore(add(s, 0xc0), add(s6, 0x11b4c74eda62beef))
                mstore(add(s, 0xe0), add(s7, 0xe587cc0d69a73346))
                mstore(add(s, 0x100), add(s8, 0x1ff7327017aa2a6e))
                mstore(add(s, 0x120), add(s9, 0x594e29c42473d06b))
                mstore(add(s, 0x140), add(s10, 0xf6f31db1899b12d5))
                mstore(add(s, 0x160), add(s11, 0xc02ac5e47312d3ca))
            }
            // full round 26
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0x9e9cbd781628fc5b00001c86d265f15750cd0000e70201e960cb78b8)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xdae8645996edd6a500003996ce73dd832c1c00006f90ff3b6a65f108))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0xdebe0853b1a1d37800008e7fba02983224bd000042747a7245e7fa84))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0xa49229d24d0143430000ba0dec7103255dd40000d1f507e43ab749b2))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 27
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0x80cefd2b7d99ff830000166fc0cc438a3c7200007be5b9ffda905e1c)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xbb9879c6e61fd62a00003762b59a8ae83efa0000a3c95eaec244aa30))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0x6e7c8f1a842650340000e8928a4c8911475000000230bca8f4df0544))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0x164bb2de1bbeddc800002a440b51a4945ee500004135c2bebfe148c6))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 28
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), add(mul(and(w0, 0xffffffffffffffffffff), 8), 0x4543d9df5476d3cb0000aaed34074b1643460000f3c12fe54d5c653b)))))))))))))
                    mstore(add(s, 0x0), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0x80), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x100), shr(160, o))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), add(mul(w0, 20), 0xf172d73e004fc90d00008ffd96bbf9c9c81d000040b9e922ed9771e2))))))))))))
                    mstore(add(s, 0x20), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xa0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x120), shr(160, o))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), add(mul(w1, 20), 0xdfd1c4febcc81238000070fc91eb5937085c0000551f5b0fbe7b1840))))))))))))
                    mstore(add(s, 0x40), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xc0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x140), shr(160, o))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), add(mul(w2, 20), 0xbc8dfb627fe558fc00007f795e2a5f915440000025032aa7c4cb1811))))))))))))
                    mstore(add(s, 0x60), and(o, 0xffffffffffffffffffff))
                    mstore(add(s, 0xe0), and(shr(80, o), 0xffffffffffffffffffff))
                    mstore(add(s, 0x160), shr(160, o))
                }
            }
            // full round 29
            {
                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0
                { let p := 0xffffffff00000001 
                    { let x := mload(add(s, 0x0)) let x2 := mulmod(x, x, p) w0 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0x80)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x100)) let x2 := mulmod(x, x, p) w0 := or(w0, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x20)) let x2 := mulmod(x, x, p) w1 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xa0)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x120)) let x2 := mulmod(x, x, p) w1 := or(w1, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x40)) let x2 := mulmod(x, x, p) w2 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xc0)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x140)) let x2 := mulmod(x, x, p) w2 := or(w2, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x60)) let x2 := mulmod(x, x, p) w3 := mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p) }
                    { let x := mload(add(s, 0xe0)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(80, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                    { let x := mload(add(s, 0x160)) let x2 := mulmod(x, x, p) w3 := or(w3, shl(160, mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p))) }
                }
                let w4 := or(shr(80, w0), shl(160, and(w0, 0xffffffffffffffffffff)))
                let w5 := or(shr(80, w1), shl(160, and(w1, 0xffffffffffffffffffff)))
                let w6 := or(shr(80, w2), shl(160, and(w2, 0xffffffffffffffffffff)))
                let w7 := or(shr(80, w3), shl(160, and(w3, 0xffffffffffffffffffff)))
                let w8 := or(shr(80, w4), shl(160, and(w4, 0xffffffffffffffffffff)))
                let w9 := or(shr(80, w5), shl(160, and(w5, 0xffffffffffffffffffff)))
                let w10 := or(shr(80, w6), shl(160, and(w6, 0xffffffffffffffffffff)))
                let w11 := or(shr(80, w7), shl(160, and(w7, 0xffffffffffffffffffff)))
                {
                    let o := add(mul(w0, 17), add(mul(w1, 15), add(mul(w2, 41), add(mul(w3, 16), add(mul(w4, 2), add(mul(w5, 28), add(mul(w6, 13), add(mul(w7, 13), add(mul(w8, 39), add(mul(w9, 18), add(mul(w10, 34), add(mul(w11, 20), mul(and(w0, 0xffffffffffffffffffff), 8)))))))))))))
                    mstore(add(s, 0x0), mod(and(o, 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0x80), mod(and(shr(80, o), 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0x100), mod(shr(160, o), 0xffffffff00000001))
                }
                {
                    let o := add(mul(w1, 17), add(mul(w2, 15), add(mul(w3, 41), add(mul(w4, 16), add(mul(w5, 2), add(mul(w6, 28), add(mul(w7, 13), add(mul(w8, 13), add(mul(w9, 39), add(mul(w10, 18), add(mul(w11, 34), mul(w0, 20))))))))))))
                    mstore(add(s, 0x20), mod(and(o, 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0xa0), mod(and(shr(80, o), 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0x120), mod(shr(160, o), 0xffffffff00000001))
                }
                {
                    let o := add(mul(w2, 17), add(mul(w3, 15), add(mul(w4, 41), add(mul(w5, 16), add(mul(w6, 2), add(mul(w7, 28), add(mul(w8, 13), add(mul(w9, 13), add(mul(w10, 39), add(mul(w11, 18), add(mul(w0, 34), mul(w1, 20))))))))))))
                    mstore(add(s, 0x40), mod(and(o, 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0xc0), mod(and(shr(80, o), 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0x140), mod(shr(160, o), 0xffffffff00000001))
                }
                {
                    let o := add(mul(w3, 17), add(mul(w4, 15), add(mul(w5, 41), add(mul(w6, 16), add(mul(w7, 2), add(mul(w8, 28), add(mul(w9, 13), add(mul(w10, 13), add(mul(w11, 39), add(mul(w0, 18), add(mul(w1, 34), mul(w2, 20))))))))))))
                    mstore(add(s, 0x60), mod(and(o, 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0xe0), mod(and(shr(80, o), 0xffffffffffffffffffff), 0xffffffff00000001))
                    mstore(add(s, 0x160), mod(shr(160, o), 0xffffffff00000001))
                }
            }
        }
    }

    /// @notice plonky2's `hash_no_pad`: overwrite-mode sponge, rate 8, no padding.
    /// @dev The empty input hashes to four zeros (no permutation), as in plonky2.
    function hashNoPad(uint64[] memory input) internal pure returns (uint64[4] memory out) {
        uint256 s = _state();
        uint256 n = input.length;
        for (uint256 i = 0; i < n; i += 8) {
            uint256 end = i + 8 < n ? i + 8 : n;
            for (uint256 j = i; j < end; ++j) {
                uint256 e = input[j];
                /// @solidity memory-safe-assembly
                assembly {
                    mstore(add(s, mul(sub(j, i), 0x20)), e)
                }
            }
            permute(s);
        }
        /// @solidity memory-safe-assembly
        assembly {
            mstore(out, mload(s))
            mstore(add(out, 0x20), mload(add(s, 0x20)))
            mstore(add(out, 0x40), mload(add(s, 0x40)))
            mstore(add(out, 0x60), mload(add(s, 0x60)))
        }
    }

    /// @notice `hashNoPad` returning the packed `bytes32` form.
    function hashNoPadPacked(uint64[] memory input) internal pure returns (bytes32) {
        return pack(hashNoPad(input));
    }

    /// @notice plonky2's `two_to_one` (compress): permute [left, right, 0, 0, 0, 0], take 4.
    function twoToOne(uint64[4] memory left, uint64[4] memory right)
        internal
        pure
        returns (uint64[4] memory out)
    {
        return unpack(twoToOne(pack(left), pack(right)));
    }

    /// @notice `twoToOne` on packed hashes.
    function twoToOne(bytes32 left, bytes32 right) internal pure returns (bytes32 out) {
        uint256 s = _state();
        _load(s, left, right);
        permute(s);
        return _packState(s);
    }

    /// @notice The root of the tree holding `leaf` at `index`, given its siblings from the leaf
    ///         upward. The tree depth is `siblings.length`; index bits above it must be zero
    ///         (callers check the index range).
    function merkleRoot(bytes32 leaf, uint256 index, bytes32[] calldata siblings)
        internal
        pure
        returns (bytes32 node)
    {
        uint256 depth = siblings.length;
        if (depth > 256) revert PathTooLong(depth);
        uint256 s = _state();
        node = leaf;
        for (uint256 i = 0; i < depth; ++i) {
            bytes32 sib = siblings[i];
            if ((index >> i) & 1 == 1) _load(s, sib, node);
            else _load(s, node, sib);
            permute(s);
            node = _packState(s);
        }
    }

    /// @notice Packs four elements (each reduced mod p) into the `bytes32` hash form.
    function pack(uint64[4] memory h) internal pure returns (bytes32) {
        return bytes32(
            ((uint256(h[0]) % P) << 192) | ((uint256(h[1]) % P) << 128)
                | ((uint256(h[2]) % P) << 64) | (uint256(h[3]) % P)
        );
    }

    /// @notice Splits a `bytes32` hash into its four elements.
    function unpack(bytes32 h) internal pure returns (uint64[4] memory out) {
        uint256 v = uint256(h);
        out[0] = uint64(v >> 192);
        out[1] = uint64(v >> 128);
        out[2] = uint64(v >> 64);
        out[3] = uint64(v);
    }

    /// @dev A zeroed 12-word permutation state in fresh memory.
    function _state() private pure returns (uint256 s) {
        /// @solidity memory-safe-assembly
        assembly {
            s := mload(0x40)
            mstore(0x40, add(s, 0x180))
            calldatacopy(s, calldatasize(), 0x180)
        }
    }

    /// @dev state = [left(4), right(4), 0, 0, 0, 0].
    function _load(uint256 s, bytes32 left, bytes32 right) private pure {
        /// @solidity memory-safe-assembly
        assembly {
            let m := 0xffffffffffffffff
            mstore(s, shr(192, left))
            mstore(add(s, 0x20), and(shr(128, left), m))
            mstore(add(s, 0x40), and(shr(64, left), m))
            mstore(add(s, 0x60), and(left, m))
            mstore(add(s, 0x80), shr(192, right))
            mstore(add(s, 0xa0), and(shr(128, right), m))
            mstore(add(s, 0xc0), and(shr(64, right), m))
            mstore(add(s, 0xe0), and(right, m))
            mstore(add(s, 0x100), 0)
            mstore(add(s, 0x120), 0)
            mstore(add(s, 0x140), 0)
            mstore(add(s, 0x160), 0)
        }
    }

    /// @dev The first four (canonical) state words packed as a hash.
    function _packState(uint256 s) private pure returns (bytes32 h) {
        /// @solidity memory-safe-assembly
        assembly {
            h := or(
                or(shl(192, mload(s)), shl(128, mload(add(s, 0x20)))),
                or(shl(64, mload(add(s, 0x40))), mload(add(s, 0x60)))
            )
        }
    }
}

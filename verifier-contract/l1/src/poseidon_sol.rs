//! Generator of `verifier-contract/src/lib/PoseidonGoldilocks.sol` from plonky2's own constants.
//!
//! The Solidity library is a fully unrolled Yul permutation whose constants are read here from
//! `plonky2::hash::poseidon` (round constants) and `poseidon_goldilocks` (MDS and the "fast
//! partial round" matrices), so it cannot drift from the prover's hash: the test
//! `poseidon_library_is_up_to_date` fails when the committed file differs from this output, and
//! the forge suite checks the library against Rust-generated vectors (`vectors.rs`).
//!
//! Arithmetic is lazily reduced (all values stay far below 2^256, bounds in comments of the
//! generated code) and is equal modulo p to plonky2's `poseidon` (which itself is tested equal to
//! `poseidon_naive` by plonky2).

use std::fmt::Write as _;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::hash::poseidon::{
    Poseidon, ALL_ROUND_CONSTANTS, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS, SPONGE_WIDTH,
};

type F = GoldilocksField;

/// Goldilocks modulus as a Yul literal.
const P_HEX: &str = "0xffffffff00000001";

/// Renders the complete Solidity library.
///
/// Invariant: deterministic (same plonky2 constants give byte-identical output), so the committed
/// file can be compared verbatim.
pub fn poseidon_goldilocks_sol() -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(&permutation_body());
    out.push_str(FOOTER);
    out
}

fn hex(v: u64) -> String {
    format!("{v:#x}")
}

/// `add(a0, add(a1, ...))`: right-nested so Yul keeps at most two temporaries on the stack.
fn sum(terms: &[String]) -> String {
    match terms {
        [] => "0".to_owned(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("add({first}, {})", sum(rest)),
    }
}

/// Lane width of the packed MDS: a row sum is < 264 * 2^64 < 2^73, so 80-bit lanes never carry
/// into each other, and three lanes (top lane < 2^233) fit a word.
const LANE: usize = 80;
const LANE_MASK: &str = "0xffffffffffffffffffff";

/// Three 64-bit values packed as lanes (lane 0 least significant) as a Yul literal.
fn packed(lanes: [u64; 3]) -> String {
    let mut v = [0u8; 32];
    for (l, x) in lanes.iter().enumerate() {
        // lane l occupies bits [80 l, 80 l + 64): byte offset from the right = 10 l
        let start = 32 - 10 * l - 8;
        v[start..start + 8].copy_from_slice(&x.to_be_bytes());
    }
    let hexs: String = v.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{}", hexs.trim_start_matches('0'))
}

/// What is added to the state as it enters the next round, folded into this round's output.
#[derive(Clone, Copy)]
enum Next {
    /// The next full round's constants.
    Round(usize),
    /// The partial phase's first constant layer.
    PartialFirst,
    /// Nothing: this is the last round; reduce to canonical.
    Last,
}

fn next_constant(next: Next, i: usize) -> u64 {
    match next {
        Next::Round(r) => ALL_ROUND_CONSTANTS[i + SPONGE_WIDTH * r],
        Next::PartialFirst => <F as Poseidon>::FAST_PARTIAL_FIRST_ROUND_CONSTANT[i],
        Next::Last => 0,
    }
}

/// A full round on the state in memory at `s`. The round's constants were already added to the
/// state (folded into the previous layer), except in round 0 where `add_rc` adds them here.
///
/// MDS = circulant(MDS_MATRIX_CIRC) + diag(MDS_MATRIX_DIAG), computed on packed words:
/// w_j holds (x_j, x_{j+4}, x_{j+8}) (indices mod 12) for j = 0..11, where w_{j+4} is w_j
/// rotated by one lane, and output word k = Σ_i c_i w_{(i+k) mod 12} holds
/// (out_k, out_{k+4}, out_{k+8}); 48 multiplications instead of 144.
fn full_round(out: &mut String, round: usize, add_rc: bool, next: Next) {
    let _ = writeln!(out, "            // full round {round}");
    let _ = writeln!(out, "            {{");
    let _ = writeln!(
        out,
        "                let w0 := 0 let w1 := 0 let w2 := 0 let w3 := 0"
    );
    // S-boxes straight into the packed words (no store/reload of the S-box outputs); `p` on the
    // stack (a one-byte DUP instead of a nine-byte PUSH8) while the stack is shallow.
    let _ = writeln!(out, "                {{ let p := P ");
    for j in 0..4 {
        for l in 0..3 {
            let i = j + 4 * l;
            let load = format!("mload(add(s, {:#x}))", 32 * i);
            let x = if add_rc {
                format!(
                    "add({load}, {})",
                    hex(ALL_ROUND_CONSTANTS[i + SPONGE_WIDTH * round])
                )
            } else {
                load
            };
            let y = "mulmod(x, mulmod(x2, mulmod(x2, x2, p), p), p)";
            let set = match l {
                0 => format!("w{j} := {y}"),
                _ => format!("w{j} := or(w{j}, shl({}, {y}))", LANE * l),
            };
            let _ = writeln!(
                out,
                "                    {{ let x := {x} let x2 := mulmod(x, x, p) {set} }}"
            );
        }
    }
    let _ = writeln!(out, "                }}");
    for j in 4..12 {
        let _ = writeln!(
            out,
            "                let w{j} := or(shr({LANE}, w{}), shl({}, and(w{}, {LANE_MASK})))",
            j - 4,
            2 * LANE,
            j - 4
        );
    }
    for k in 0..4 {
        let mut terms: Vec<String> = (0..SPONGE_WIDTH)
            .map(|i| {
                let c = <F as Poseidon>::MDS_MATRIX_CIRC[i];
                format!("mul(w{}, {c})", (i + k) % SPONGE_WIDTH)
            })
            .collect();
        if k == 0 {
            // MDS_MATRIX_DIAG is [8, 0, ..., 0]: out_0 += 8 x_0 (lane 0 of w0).
            let d = <F as Poseidon>::MDS_MATRIX_DIAG[0];
            terms.push(format!("mul(and(w0, {LANE_MASK}), {d})"));
        }
        let rc = [0, 1, 2].map(|l| next_constant(next, k + 4 * l));
        if rc != [0, 0, 0] {
            terms.push(packed(rc));
        }
        let _ = writeln!(out, "                {{");
        let _ = writeln!(out, "                    let o := {}", sum(&terms));
        for l in 0..3 {
            let lane = match l {
                0 => format!("and(o, {LANE_MASK})"),
                1 => format!("and(shr({LANE}, o), {LANE_MASK})"),
                _ => format!("shr({}, o)", 2 * LANE),
            };
            let lane = if matches!(next, Next::Last) {
                format!("mod({lane}, P)")
            } else {
                lane
            };
            let _ = writeln!(
                out,
                "                    mstore(add(s, {:#x}), {lane})",
                32 * (k + 4 * l)
            );
        }
        let _ = writeln!(out, "                }}");
    }
    let _ = writeln!(out, "            }}");
    // The sums above assume the diagonal has a single non-zero entry.
    debug_assert!(<F as Poseidon>::MDS_MATRIX_DIAG[1..]
        .iter()
        .all(|&d| d == 0));
}

/// The 22 partial rounds in plonky2's sparse-matrix form (equal to the naive rounds), on stack
/// variables. The first constant layer was folded into the previous round; the constants of
/// round `next_round` are added on the way out.
fn partial_rounds(out: &mut String, next_round: usize) {
    let _ = writeln!(out, "            // partial rounds");
    let _ = writeln!(out, "            {{");
    for i in 0..SPONGE_WIDTH {
        let _ = writeln!(
            out,
            "                let s{i} := mload(add(s, {:#x}))",
            32 * i
        );
    }
    // Initial dense matrix: row/column 0 is the identity. Inputs < 2^74, so sums < 2^142.
    for c in 1..SPONGE_WIDTH {
        let terms: Vec<String> = (1..SPONGE_WIDTH)
            .map(|r| {
                let m = <F as Poseidon>::FAST_PARTIAL_ROUND_INITIAL_MATRIX[r - 1][c - 1];
                format!("mul(s{r}, {})", hex(m))
            })
            .collect();
        let _ = writeln!(
            out,
            "                mstore(add(s, {:#x}), {})",
            32 * c,
            sum(&terms)
        );
    }
    for c in 1..SPONGE_WIDTH {
        let _ = writeln!(out, "                s{c} := mload(add(s, {:#x}))", 32 * c);
    }
    // Each round adds < 2^129 to s1..s11 (so they stay < 2^143) and d < 2^211.
    for r in 0..N_PARTIAL_ROUNDS {
        let _ = writeln!(
            out,
            "                {{ let x2 := mulmod(s0, s0, P) s0 := mulmod(s0, mulmod(x2, mulmod(x2, x2, P), P), P) }}"
        );
        let rc = <F as Poseidon>::FAST_PARTIAL_ROUND_CONSTANTS[r];
        let mds00 = <F as Poseidon>::MDS_MATRIX_CIRC[0] + <F as Poseidon>::MDS_MATRIX_DIAG[0];
        if rc != 0 {
            let _ = writeln!(out, "                s0 := add(s0, {})", hex(rc));
        }
        let mut terms = vec![format!("mul(s0, {mds00})")];
        for i in 1..SPONGE_WIDTH {
            let w = <F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS[r][i - 1];
            terms.push(format!("mul(s{i}, {})", hex(w)));
        }
        let _ = writeln!(out, "                {{");
        let _ = writeln!(out, "                    let d := {}", sum(&terms));
        for i in 1..SPONGE_WIDTH {
            let v = <F as Poseidon>::FAST_PARTIAL_ROUND_VS[r][i - 1];
            let _ = writeln!(
                out,
                "                    s{i} := add(s{i}, mul(s0, {}))",
                hex(v)
            );
        }
        let _ = writeln!(out, "                    s0 := d");
        let _ = writeln!(out, "                }}");
    }
    for i in 0..SPONGE_WIDTH {
        let rc = ALL_ROUND_CONSTANTS[i + SPONGE_WIDTH * next_round];
        let _ = writeln!(
            out,
            "                mstore(add(s, {:#x}), add(s{i}, {}))",
            32 * i,
            hex(rc)
        );
    }
    let _ = writeln!(out, "            }}");
}

fn permutation_body() -> String {
    let mut out = String::new();
    let mut round = 0;
    for k in 0..HALF_N_FULL_ROUNDS {
        let next = if k + 1 == HALF_N_FULL_ROUNDS {
            Next::PartialFirst
        } else {
            Next::Round(round + 1)
        };
        full_round(&mut out, round, round == 0, next);
        round += 1;
    }
    round += N_PARTIAL_ROUNDS;
    partial_rounds(&mut out, round);
    for k in 0..HALF_N_FULL_ROUNDS {
        let next = if k + 1 == HALF_N_FULL_ROUNDS {
            Next::Last
        } else {
            Next::Round(round + 1)
        };
        full_round(&mut out, round, false, next);
        round += 1;
    }
    out.replace(", P)", &format!(", {P_HEX})"))
        .replace(":= P ", &format!(":= {P_HEX} "))
}

const HEADER: &str = r#"// SPDX-License-Identifier: MIT OR Apache-2.0
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
"#;

const FOOTER: &str = r#"        }
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
"#;

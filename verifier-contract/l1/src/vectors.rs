//! Poseidon-Goldilocks test vectors computed by plonky2, for the Solidity library.
//!
//! Two renderings of the same vectors are committed: `verifier-contract/test/vectors/poseidon.json`
//! (for any consumer) and `verifier-contract/test/vectors/PoseidonVectors.t.sol` (a forge test
//! with the vectors embedded, so forge needs no file-system cheatcodes). The test
//! `poseidon_vectors_are_up_to_date` fails when either committed file is stale.

use std::fmt::Write as _;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::hash_types::HashOut;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

type F = GoldilocksField;

/// Goldilocks modulus.
const P: u64 = 0xffff_ffff_0000_0001;

/// One `hash_no_pad` vector.
#[derive(Debug, Clone, Serialize)]
pub struct HashVector {
    /// What the vector exercises.
    pub name: String,
    /// Canonical input elements.
    pub input: Vec<u64>,
    /// The hash as `bytes32` hex (four big-endian u64).
    pub output: String,
}

/// One `two_to_one` vector.
#[derive(Debug, Clone, Serialize)]
pub struct TwoToOneVector {
    /// Left hash, packed hex.
    pub left: String,
    /// Right hash, packed hex.
    pub right: String,
    /// Result, packed hex.
    pub output: String,
}

/// One Merkle path vector (docs/state-layout.md convention).
#[derive(Debug, Clone, Serialize)]
pub struct MerkleVector {
    /// Leaf hash, packed hex.
    pub leaf: String,
    /// Leaf index (bit i = 1: right child at level i).
    pub index: u64,
    /// Siblings from the leaf upward, packed hex.
    pub siblings: Vec<String>,
    /// Root, packed hex.
    pub root: String,
}

/// All vectors. Invariant: deterministic (fixed seed), so the rendering is stable.
#[derive(Debug, Clone, Serialize)]
pub struct PoseidonVectors {
    /// `hash_no_pad` vectors.
    pub hash_no_pad: Vec<HashVector>,
    /// `two_to_one` vectors.
    pub two_to_one: Vec<TwoToOneVector>,
    /// Merkle paths.
    pub merkle: Vec<MerkleVector>,
    /// `empty_root(h)` for h = 0..=32 (packed hex).
    pub empty_roots: Vec<String>,
}

/// Packs a plonky2 hash as the `bytes32` hex string used by the contracts.
pub fn pack_hex(h: &HashOut<F>) -> String {
    let mut s = String::from("0x");
    for e in h.elements {
        let _ = write!(s, "{:016x}", e.to_canonical_u64());
    }
    s
}

fn felts(xs: &[u64]) -> Vec<F> {
    xs.iter().map(|&x| F::from_noncanonical_u64(x)).collect()
}

fn random_hash(rng: &mut ChaCha8Rng) -> HashOut<F> {
    HashOut {
        elements: [0; 4].map(|_| F::from_canonical_u64(rng.gen_range(0..P))),
    }
}

fn two_to_one(l: HashOut<F>, r: HashOut<F>) -> HashOut<F> {
    <PoseidonHash as Hasher<F>>::two_to_one(l, r)
}

/// The documented account-leaf example of docs/state-layout.md ("Worked example").
fn account_leaf_example(empty: &[HashOut<F>]) -> Vec<u64> {
    let mut v = vec![
        0x0011_2233,
        0x4455_6677,
        0x8899_aabb,
        0xccdd_eeff,
        0x0011_2233,
        1,
        2,
        3,
        4,
        5,
        P - 5_000_000,
        7,
    ];
    v.extend(empty[4].elements.iter().map(|e| e.to_canonical_u64()));
    v.extend(empty[16].elements.iter().map(|e| e.to_canonical_u64()));
    v
}

/// Computes every vector with plonky2.
pub fn poseidon_vectors() -> PoseidonVectors {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_0005);
    let mut empty = vec![HashOut::<F>::ZERO];
    for h in 0..32 {
        empty.push(two_to_one(empty[h], empty[h]));
    }

    let mut hash_no_pad = Vec::new();
    for len in [
        0usize, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 15, 16, 17, 20, 24, 25,
    ] {
        let input: Vec<u64> = (0..len).map(|_| rng.gen_range(0..P)).collect();
        hash_no_pad.push((format!("random length {len}"), input));
    }
    hash_no_pad.push(("all p-1".into(), vec![P - 1; 12]));
    hash_no_pad.push(("all zero, length 8".into(), vec![0; 8]));
    hash_no_pad.push(("position leaf example".into(), vec![2, 3, P - 10]));
    hash_no_pad.push(("account leaf example".into(), account_leaf_example(&empty)));
    let hash_no_pad = hash_no_pad
        .into_iter()
        .map(|(name, input)| {
            let output = pack_hex(&<PoseidonHash as Hasher<F>>::hash_no_pad(&felts(&input)));
            HashVector {
                name,
                input,
                output,
            }
        })
        .collect();

    let mut two = Vec::new();
    let edge = HashOut {
        elements: [F::from_canonical_u64(P - 1); 4],
    };
    let pairs = [
        (HashOut::ZERO, HashOut::ZERO),
        (edge, edge),
        (random_hash(&mut rng), random_hash(&mut rng)),
        (random_hash(&mut rng), random_hash(&mut rng)),
    ];
    for (l, r) in pairs {
        two.push(TwoToOneVector {
            left: pack_hex(&l),
            right: pack_hex(&r),
            output: pack_hex(&two_to_one(l, r)),
        });
    }

    let mut merkle = Vec::new();
    for (depth, index) in [(4usize, 5u64), (8, 0), (8, 255), (32, 0xdead_beef)] {
        let leaf = random_hash(&mut rng);
        let siblings: Vec<HashOut<F>> = (0..depth)
            .map(|h| {
                if rng.gen_bool(0.3) {
                    empty[h]
                } else {
                    random_hash(&mut rng)
                }
            })
            .collect();
        let mut node = leaf;
        for (i, sib) in siblings.iter().enumerate() {
            node = if (index >> i) & 1 == 1 {
                two_to_one(*sib, node)
            } else {
                two_to_one(node, *sib)
            };
        }
        merkle.push(MerkleVector {
            leaf: pack_hex(&leaf),
            index,
            siblings: siblings.iter().map(pack_hex).collect(),
            root: pack_hex(&node),
        });
    }

    PoseidonVectors {
        hash_no_pad,
        two_to_one: two,
        merkle,
        empty_roots: empty.iter().map(pack_hex).collect(),
    }
}

/// The JSON rendering (pretty, trailing newline).
pub fn render_json(v: &PoseidonVectors) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s)
}

/// The forge test rendering: one test per family, vectors inlined.
pub fn render_forge_test(v: &PoseidonVectors) -> String {
    let mut o = String::new();
    o.push_str(
        "// SPDX-License-Identifier: MIT OR Apache-2.0\n\
         // GENERATED FILE, do not edit: vectors computed by plonky2 in\n\
         // `ZKCLEAR_BLESS=1 cargo test -p zkclear-l1 poseidon_vectors_are_up_to_date`\n\
         // (verifier-contract/l1/src/vectors.rs).\n\
         pragma solidity ^0.8.24;\n\n\
         import {TestBase} from \"../utils/Vm.sol\";\n\
         import {PoseidonGoldilocks} from \"../../src/lib/PoseidonGoldilocks.sol\";\n\n\
         /// @notice The Solidity Poseidon-Goldilocks against plonky2 (Rust-generated vectors).\n\
         contract PoseidonVectorsTest is TestBase {\n",
    );
    o.push_str(
        "    /// @dev External so that `merkleRoot` receives its siblings as calldata.\n\
         \x20   function root(bytes32 leaf, uint256 index, bytes32[] calldata siblings) external pure returns (bytes32) {\n\
         \x20       return PoseidonGoldilocks.merkleRoot(leaf, index, siblings);\n\
         \x20   }\n\n",
    );
    o.push_str("    function testHashNoPadVectors() public pure {\n        uint64[] memory x;\n");
    for h in &v.hash_no_pad {
        let _ = writeln!(o, "        x = new uint64[]({});", h.input.len());
        for (i, e) in h.input.iter().enumerate() {
            let _ = writeln!(o, "        x[{i}] = {e:#x};");
        }
        let _ = writeln!(
            o,
            "        assertEq(PoseidonGoldilocks.hashNoPadPacked(x), bytes32({}), \"{}\");",
            h.output, h.name
        );
    }
    o.push_str("    }\n\n    function testTwoToOneVectors() public pure {\n");
    for (i, t) in v.two_to_one.iter().enumerate() {
        let _ = writeln!(
            o,
            "        assertEq(PoseidonGoldilocks.twoToOne(bytes32({}), bytes32({})), bytes32({}), \"two_to_one {i}\");",
            t.left, t.right, t.output
        );
    }
    o.push_str(
        "    }\n\n    function testEmptyRoots() public pure {\n        bytes32 e = bytes32(0);\n",
    );
    for (h, r) in v.empty_roots.iter().enumerate().skip(1) {
        let _ = writeln!(
            o,
            "        e = PoseidonGoldilocks.twoToOne(e, e);\n        assertEq(e, bytes32({r}), \"empty_root({h})\");"
        );
    }
    o.push_str(
        "    }\n\n    function testMerkleVectors() public view {\n        bytes32[] memory s;\n",
    );
    for (k, m) in v.merkle.iter().enumerate() {
        let _ = writeln!(o, "        s = new bytes32[]({});", m.siblings.len());
        for (i, sib) in m.siblings.iter().enumerate() {
            let _ = writeln!(o, "        s[{i}] = bytes32({sib});");
        }
        let _ = writeln!(
            o,
            "        assertEq(this.root(bytes32({}), {:#x}, s), bytes32({}), \"merkle {k}\");",
            m.leaf, m.index, m.root
        );
    }
    o.push_str("    }\n}\n");
    o
}

//! Native construction of escape inputs: leaves, positions roots and Merkle paths exactly as
//! docs/state-layout.md defines them, hashed with plonky2's Poseidon (the same function the
//! contract's `PoseidonGoldilocks` reproduces).
//!
//! A wallet rebuilds the state from L1 pubdata, then uses these to call `Rollup.escape`.

use std::collections::BTreeMap;

use alloy::primitives::{Address, B256};
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::hash_types::HashOut;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::error::{L1Error, L1Result};

type F = GoldilocksField;

/// A Poseidon hash (4 Goldilocks elements).
pub type Hash = HashOut<F>;

/// Goldilocks modulus.
pub const P: u64 = 0xffff_ffff_0000_0001;

/// Signed embedding `x mod p` (docs/state-layout.md).
///
/// Invariant: injective for |x| < p/2, which every documented signed quantity satisfies.
pub fn embed(x: i64) -> u64 {
    if x >= 0 {
        x as u64
    } else {
        P - x.unsigned_abs()
    }
}

/// The contract's `bytes32` form of a hash: four big-endian u64, element 0 first.
pub fn pack(h: &Hash) -> B256 {
    let mut out = [0u8; 32];
    for (i, e) in h.elements.iter().enumerate() {
        out[8 * i..8 * i + 8].copy_from_slice(&e.to_canonical_u64().to_be_bytes());
    }
    B256::from(out)
}

/// `hash_no_pad` over canonical u64 elements.
pub fn hash_no_pad(xs: &[u64]) -> Hash {
    let v: Vec<F> = xs.iter().map(|&x| F::from_noncanonical_u64(x)).collect();
    <PoseidonHash as Hasher<F>>::hash_no_pad(&v)
}

/// `two_to_one` (inner Merkle node).
pub fn two_to_one(l: Hash, r: Hash) -> Hash {
    <PoseidonHash as Hasher<F>>::two_to_one(l, r)
}

/// `empty_root(h)`: root of an empty subtree of height `h` (empty leaf = ZERO).
pub fn empty_root(h: usize) -> Hash {
    let mut e = Hash::ZERO;
    for _ in 0..h {
        e = two_to_one(e, e);
    }
    e
}

fn elems(h: &Hash) -> [u64; 4] {
    h.elements.map(|e| e.to_canonical_u64())
}

/// An account leaf's fields (docs/state-layout.md, account leaf).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFields {
    /// Account id (leaf index in the accounts tree).
    pub account_id: u32,
    /// L1 owner.
    pub owner: Address,
    /// L2 public key limbs.
    pub l2_key: [u64; 5],
    /// Collateral, signed base units.
    pub collateral: i64,
    /// Account nonce.
    pub nonce: u32,
    /// Order-fills tree root.
    pub fills_root: Hash,
}

/// A non-empty position slot (docs/state-layout.md, position leaf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionFields {
    /// Slot 0..15.
    pub slot: u8,
    /// Market id.
    pub market: u8,
    /// Signed size in lots (never 0).
    pub size: i64,
    /// Cached funding index.
    pub funding_index: i64,
}

/// The position leaf hash.
pub fn position_leaf(p: &PositionFields) -> Hash {
    hash_no_pad(&[u64::from(p.market), embed(p.size), embed(p.funding_index)])
}

/// Root of the positions tree (depth 4) holding exactly `positions`.
///
/// Errors on a slot ≥ 16, a repeated slot or a zero size (such a slot must be empty).
pub fn positions_root(positions: &[PositionFields]) -> L1Result<Hash> {
    let mut leaves = BTreeMap::new();
    for p in positions {
        if p.slot >= 16
            || p.size == 0
            || leaves.insert(u64::from(p.slot), position_leaf(p)).is_some()
        {
            return Err(L1Error::InvalidInput(format!("bad position {p:?}")));
        }
    }
    Ok(SparseTree::new(4, leaves)?.root())
}

/// The account leaf hash given its positions root.
pub fn account_leaf(a: &AccountFields, positions_root: &Hash) -> Hash {
    let owner = a.owner.as_slice();
    let mut e = Vec::with_capacity(20);
    for limb in owner.chunks(4) {
        let mut b = [0u8; 4];
        b.copy_from_slice(limb);
        e.push(u64::from(u32::from_be_bytes(b)));
    }
    e.extend_from_slice(&a.l2_key);
    e.push(embed(a.collateral));
    e.push(u64::from(a.nonce));
    e.extend_from_slice(&elems(positions_root));
    e.extend_from_slice(&elems(&a.fills_root));
    hash_no_pad(&e)
}

/// The market leaf hash over its 17 elements (docs/state-layout.md, "Market leaf").
pub fn market_leaf(fields: &[u64; 17]) -> Hash {
    hash_no_pad(fields)
}

/// The state root over its 13-element preimage (docs/state-layout.md, "State root").
pub fn state_root(accounts_root: &Hash, markets_root: &Hash, globals: &[u64; 5]) -> Hash {
    let mut e = Vec::with_capacity(13);
    e.extend_from_slice(&elems(accounts_root));
    e.extend_from_slice(&elems(markets_root));
    e.extend_from_slice(globals);
    hash_no_pad(&e)
}

/// A small in-memory sparse Merkle tree (empty leaf = ZERO), for building paths of a few leaves.
///
/// Invariant: `levels[h]` maps node index at height h to its (non-empty-subtree) hash.
#[derive(Debug, Clone)]
pub struct SparseTree {
    depth: usize,
    levels: Vec<BTreeMap<u64, Hash>>,
    empty: Vec<Hash>,
}

impl SparseTree {
    /// Builds the tree of `depth` with `leaves` (index → leaf hash).
    pub fn new(depth: usize, leaves: BTreeMap<u64, Hash>) -> L1Result<Self> {
        if depth > 63 || leaves.keys().any(|&i| i >> depth != 0) {
            return Err(L1Error::InvalidInput("leaf index outside the tree".into()));
        }
        let mut empty = vec![Hash::ZERO];
        for h in 0..depth {
            empty.push(two_to_one(empty[h], empty[h]));
        }
        let mut levels = vec![leaves];
        for h in 0..depth {
            let mut up = BTreeMap::new();
            for &i in levels[h].keys() {
                let parent = i >> 1;
                if up.contains_key(&parent) {
                    continue;
                }
                let l = levels[h].get(&(parent << 1)).copied().unwrap_or(empty[h]);
                let r = levels[h]
                    .get(&((parent << 1) | 1))
                    .copied()
                    .unwrap_or(empty[h]);
                up.insert(parent, two_to_one(l, r));
            }
            levels.push(up);
        }
        Ok(Self {
            depth,
            levels,
            empty,
        })
    }

    /// The root.
    pub fn root(&self) -> Hash {
        self.levels[self.depth]
            .get(&0)
            .copied()
            .unwrap_or(self.empty[self.depth])
    }

    /// Siblings of leaf `index` from the leaf upward, packed for the contract.
    pub fn path(&self, index: u64) -> Vec<B256> {
        (0..self.depth)
            .map(|h| {
                let sib = (index >> h) ^ 1;
                pack(&self.levels[h].get(&sib).copied().unwrap_or(self.empty[h]))
            })
            .collect()
    }
}

//! Sparse Merkle trees with Poseidon over Goldilocks.
//!
//! Many fixed-depth binary trees share one [`Store`](crate::store::Store), each named by a
//! [`TreeId`]: the global accounts and markets trees, and one small positions tree and one order-fill
//! tree per account. [`StateDb`] reads and updates them through an in-memory staging overlay that
//! commits a whole batch of operations atomically.
//!
//! # Hashing convention (circuits and Solidity copy it bit for bit)
//! - A tree of depth `d` has `2^d` leaves, indexed `0 .. 2^d`. Levels count from the leaves:
//!   level 0 holds the leaves, level `d` the root.
//! - The tree stores leaf *digests*: the caller hashes a leaf's contents into a [`Hash`].
//! - The empty leaf is [`Hash::ZERO`] (`[0, 0, 0, 0]`). Hence the empty subtree of height `h` is
//!   `E_0 = ZERO`, `E_{h+1} = H(E_h, E_h)`, and an all-empty tree of depth `d` has root `E_d`
//!   ([`empty_root`]).
//! - A parent is `H(left, right)` with `H = PoseidonHash::two_to_one` of plonky2 (one Poseidon
//!   permutation over the state `left || right || 0000`, first four output elements).
//! - Bit `i` of a leaf's index (least significant first) is 1 when the path's node at level `i` is
//!   the right child of its parent, so the sibling at level `i` sits at position
//!   `(index >> i) ^ 1`. Proofs list siblings from the leaf level upward.
//! - Bytes: a hash is four canonical `u64` little-endian, in element order ([`hash_to_bytes`]).

mod db;
mod node_map;
mod proof;

use std::sync::OnceLock;

use plonky2::field::types::{Field, Field64, PrimeField64};
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::store::StoreError;

pub use db::{Checkpoint, StateDb, DEFAULT_CACHE_CAPACITY};
pub use proof::{MerkleProof, UpdateProof};

/// The Goldilocks field, p = 2^64 - 2^32 + 1.
pub type F = plonky2::field::goldilocks_field::GoldilocksField;

/// A Poseidon digest: four Goldilocks elements.
pub type Hash = plonky2::hash::hash_types::HashOut<F>;

/// Deepest tree supported: leaf indices are `u64`.
pub const MAX_DEPTH: u8 = 64;

/// Identifies one tree inside a store. Many trees share one store (global accounts/markets trees
/// and one small positions tree and one order-fill tree per account).
///
/// Invariant: the caller uses one fixed depth per `TreeId`; the tree layer does not record it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct TreeId {
    /// Which family of tree (e.g. 0 = accounts, 1 = markets, 2 = positions, 3 = order fills).
    pub kind: u8,
    /// The owning account for per-account trees, 0 for global ones.
    pub owner: u64,
}

impl TreeId {
    /// The tree of family `kind` owned by `owner`.
    pub const fn new(kind: u8, owner: u64) -> Self {
        Self { kind, owner }
    }
}

/// Errors of the tree layer.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// The requested depth is above [`MAX_DEPTH`].
    #[error("tree depth {depth} exceeds the maximum of {MAX_DEPTH}")]
    DepthTooLarge {
        /// The depth asked for.
        depth: u8,
    },
    /// The leaf index does not fit in a tree of this depth (`index >= 2^depth`).
    #[error("leaf index {index} out of range for a tree of depth {depth}")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The depth of the tree.
        depth: u8,
    },
    /// A checkpoint taken before the last `commit`/`discard` cannot be rolled back to.
    #[error("checkpoint taken before the last commit or discard")]
    StaleCheckpoint,
    /// The underlying store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks that `depth <= MAX_DEPTH` and `index < 2^depth`.
pub fn check_index(depth: u8, index: u64) -> Result<(), TreeError> {
    if depth > MAX_DEPTH {
        return Err(TreeError::DepthTooLarge { depth });
    }
    if depth < MAX_DEPTH && index >> depth != 0 {
        return Err(TreeError::IndexOutOfRange { index, depth });
    }
    Ok(())
}

/// The parent of two nodes: `PoseidonHash::two_to_one(left, right)`.
#[inline]
pub fn hash_children(left: &Hash, right: &Hash) -> Hash {
    PoseidonHash::two_to_one(*left, *right)
}

/// Roots of empty subtrees by height, `0 ..= MAX_DEPTH`: entry `h` is `E_h` of the module docs.
pub fn empty_hashes() -> &'static [Hash; MAX_DEPTH as usize + 1] {
    static TABLE: OnceLock<[Hash; MAX_DEPTH as usize + 1]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [Hash::ZERO; MAX_DEPTH as usize + 1];
        for h in 1..table.len() {
            table[h] = hash_children(&table[h - 1], &table[h - 1]);
        }
        table
    })
}

/// Root of an all-empty tree of `depth` (`E_depth`). Defined for every `u8`, though trees only
/// go to [`MAX_DEPTH`].
pub fn empty_root(depth: u8) -> Hash {
    let table = empty_hashes();
    match table.get(usize::from(depth)) {
        Some(h) => *h,
        None => {
            let mut h = table[MAX_DEPTH as usize];
            for _ in MAX_DEPTH..depth {
                h = hash_children(&h, &h);
            }
            h
        }
    }
}

/// Encodes a hash as 32 bytes: its four elements as canonical `u64`, little-endian, in order.
pub fn hash_to_bytes(hash: &Hash) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, e) in out.chunks_exact_mut(8).zip(hash.elements.iter()) {
        chunk.copy_from_slice(&e.to_canonical_u64().to_le_bytes());
    }
    out
}

/// Decodes [`hash_to_bytes`]: `None` unless `bytes` is 32 bytes of four canonical elements.
pub fn hash_from_bytes(bytes: &[u8]) -> Option<Hash> {
    if bytes.len() != 32 {
        return None;
    }
    let mut elements = [F::ZERO; 4];
    for (e, chunk) in elements.iter_mut().zip(bytes.chunks_exact(8)) {
        let v = u64::from_le_bytes(chunk.try_into().ok()?);
        if v >= F::ORDER {
            return None;
        }
        *e = F::from_canonical_u64(v);
    }
    Some(Hash { elements })
}

/// Lower-case hex of [`hash_to_bytes`] (64 characters), for logs and test output.
pub fn hash_to_hex(hash: &Hash) -> String {
    hex::encode(hash_to_bytes(hash))
}

#[cfg(test)]
mod tests;

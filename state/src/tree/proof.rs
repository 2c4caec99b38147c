//! Membership and update proofs: the Merkle witnesses the circuits consume.

use super::{hash_children, Hash, MAX_DEPTH};

/// Whether the node on the path at `level` is a right child: bit `level` of `index`.
#[inline]
fn is_right(index: u64, level: usize) -> bool {
    u32::try_from(level)
        .ok()
        .and_then(|l| index.checked_shr(l))
        .is_some_and(|v| v & 1 == 1)
}

/// Folds `leaf` up along `siblings` (leaf level first) to the root it implies at `index`.
fn fold_path(index: u64, leaf: &Hash, siblings: &[Hash]) -> Hash {
    siblings
        .iter()
        .enumerate()
        .fold(*leaf, |node, (level, sibling)| {
            if is_right(index, level) {
                hash_children(sibling, &node)
            } else {
                hash_children(&node, sibling)
            }
        })
}

/// Whether `index` addresses a leaf of a tree with `depth` levels and `depth <= MAX_DEPTH`.
fn index_fits(index: u64, depth: usize) -> bool {
    match u32::try_from(depth) {
        Ok(d) if d < u32::from(MAX_DEPTH) => index >> d == 0,
        Ok(d) => d == u32::from(MAX_DEPTH),
        Err(_) => false,
    }
}

/// A membership proof: leaf `leaf` sits at `index` of the tree whose root [`Self::compute_root`]
/// gives. The tree's depth is `siblings.len()`.
///
/// Invariant (when produced by [`super::StateDb::prove`]): `siblings[i]` is the sibling at level
/// `i` of the path to `index`, so `compute_root()` equals the tree's root.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MerkleProof {
    /// Leaf index; bit `i` set means the path node at level `i` is a right child.
    pub index: u64,
    /// The leaf digest proven.
    pub leaf: Hash,
    /// Siblings from the leaf level upward.
    pub siblings: Vec<Hash>,
}

impl MerkleProof {
    /// The root implied by the leaf, the index bits and the siblings (`siblings.len()` hashes).
    pub fn compute_root(&self) -> Hash {
        fold_path(self.index, &self.leaf, &self.siblings)
    }

    /// Whether this proof shows `leaf` at `index` under `root`. False when the index does not fit
    /// the depth `siblings.len()` or the depth exceeds [`MAX_DEPTH`].
    pub fn verify(&self, root: &Hash) -> bool {
        index_fits(self.index, self.siblings.len()) && self.compute_root() == *root
    }
}

/// The witness of one leaf update: the path siblings, unchanged by the update, prove `old_leaf`
/// under `old_root` and `new_leaf` under `new_root`.
///
/// Invariant (when produced by [`super::StateDb::update_leaf`]): [`Self::verify`] holds and
/// `old_root` was the tree's root just before the update, `new_root` just after.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UpdateProof {
    /// Leaf index; bit `i` set means the path node at level `i` is a right child.
    pub index: u64,
    /// The leaf digest before the update.
    pub old_leaf: Hash,
    /// The leaf digest after the update.
    pub new_leaf: Hash,
    /// Siblings from the leaf level upward (the same before and after).
    pub siblings: Vec<Hash>,
    /// The root before the update.
    pub old_root: Hash,
    /// The root after the update.
    pub new_root: Hash,
}

impl UpdateProof {
    /// The membership proof of the old leaf under `old_root`.
    pub fn old_proof(&self) -> MerkleProof {
        MerkleProof {
            index: self.index,
            leaf: self.old_leaf,
            siblings: self.siblings.clone(),
        }
    }

    /// The membership proof of the new leaf under `new_root`.
    pub fn new_proof(&self) -> MerkleProof {
        MerkleProof {
            index: self.index,
            leaf: self.new_leaf,
            siblings: self.siblings.clone(),
        }
    }

    /// Whether the siblings take `old_leaf` to `old_root` and `new_leaf` to `new_root` (what the
    /// update circuit checks; `2 * depth` hashes).
    pub fn verify(&self) -> bool {
        index_fits(self.index, self.siblings.len())
            && fold_path(self.index, &self.old_leaf, &self.siblings) == self.old_root
            && fold_path(self.index, &self.new_leaf, &self.siblings) == self.new_root
    }
}

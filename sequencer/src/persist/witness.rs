//! The stored and served form of a leaf-update witness: hashes as hex of their 32 canonical
//! bytes, and siblings equal to the empty subtree of their level left out (a mask says which).
//!
//! In sparse trees most siblings are empty subtrees (an account tree of depth 32 with a few
//! thousand accounts has ~20 empty siblings per path), so this form is about a fifth of the plain
//! JSON of [`UpdateProof`] (four decimal limbs per hash) and that much cheaper to encode at a
//! batch cut and to send to provers.
//!
//! Invariant: decoding the compact form gives back exactly the [`UpdateProof`] it was made from
//! (`witness::tests`); a compact form that is inconsistent (mask bits beyond the depth, a
//! sibling count that does not match the mask, a non-canonical hash) does not decode.

use serde::{Deserialize, Serialize};
use zkclear_state::tree::{
    empty_hashes, hash_from_bytes, hash_to_bytes, Hash, TreeId, UpdateProof,
};

/// A leaf update witness.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CompactLeafUpdate", into = "CompactLeafUpdate")]
pub struct LeafUpdateRecord {
    /// Tree.
    pub tree: TreeId,
    /// Witness.
    pub proof: UpdateProof,
}

/// The serialised form of [`LeafUpdateRecord`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompactLeafUpdate {
    tree: TreeId,
    index: u64,
    /// Path length (the tree's depth).
    depth: u8,
    old_leaf: String,
    new_leaf: String,
    old_root: String,
    new_root: String,
    /// Bit `i` set: the sibling at level `i` is the empty subtree of that level (left out).
    empty: u64,
    /// The other siblings, from the leaf level upward.
    siblings: Vec<String>,
}

fn hex_of(h: &Hash) -> String {
    hex::encode(hash_to_bytes(h))
}

fn hash_of(s: &str, what: &str) -> Result<Hash, String> {
    let bytes = hex::decode(s).map_err(|e| format!("{what}: {e}"))?;
    hash_from_bytes(&bytes).ok_or_else(|| format!("{what}: not 32 canonical bytes"))
}

impl From<LeafUpdateRecord> for CompactLeafUpdate {
    fn from(r: LeafUpdateRecord) -> Self {
        let empties = empty_hashes();
        let mut empty = 0u64;
        let mut siblings = Vec::new();
        for (level, s) in r.proof.siblings.iter().enumerate() {
            if level < 64 && empties.get(level) == Some(s) {
                empty |= 1 << level;
            } else {
                siblings.push(hex_of(s));
            }
        }
        CompactLeafUpdate {
            tree: r.tree,
            index: r.proof.index,
            // Paths are at most MAX_DEPTH (< 64) long: the trees' depths are constants.
            depth: u8::try_from(r.proof.siblings.len()).unwrap_or(u8::MAX),
            old_leaf: hex_of(&r.proof.old_leaf),
            new_leaf: hex_of(&r.proof.new_leaf),
            old_root: hex_of(&r.proof.old_root),
            new_root: hex_of(&r.proof.new_root),
            empty,
            siblings,
        }
    }
}

impl TryFrom<CompactLeafUpdate> for LeafUpdateRecord {
    type Error = String;

    fn try_from(c: CompactLeafUpdate) -> Result<Self, String> {
        let empties = empty_hashes();
        let depth = usize::from(c.depth);
        if depth >= empties.len() || depth > 63 {
            return Err(format!("witness depth {depth} is too large"));
        }
        if c.empty >> depth != 0 {
            return Err("empty-sibling mask has bits beyond the depth".into());
        }
        let present = depth - c.empty.count_ones() as usize;
        if c.siblings.len() != present {
            return Err(format!(
                "{} siblings given, the mask leaves {present}",
                c.siblings.len()
            ));
        }
        let mut given = c.siblings.iter();
        let mut siblings = Vec::with_capacity(depth);
        for (level, empty) in empties.iter().enumerate().take(depth) {
            if c.empty & (1 << level) != 0 {
                siblings.push(*empty);
            } else {
                let s = given.next().ok_or("missing sibling")?;
                siblings.push(hash_of(s, "sibling")?);
            }
        }
        Ok(LeafUpdateRecord {
            tree: c.tree,
            proof: UpdateProof {
                index: c.index,
                old_leaf: hash_of(&c.old_leaf, "old leaf")?,
                new_leaf: hash_of(&c.new_leaf, "new leaf")?,
                siblings,
                old_root: hash_of(&c.old_root, "old root")?,
                new_root: hash_of(&c.new_root, "new root")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use zkclear_state::store::MemoryStore;
    use zkclear_state::tree::{hash_from_bytes, StateDb};

    use super::*;

    fn leaf(n: u8) -> Hash {
        let mut b = [0u8; 32];
        b[0] = n;
        hash_from_bytes(&b).unwrap()
    }

    /// Real witnesses from a sparse depth-32 tree with a few leaves.
    fn witnesses() -> Vec<LeafUpdateRecord> {
        let mut db = StateDb::open(MemoryStore::new()).unwrap();
        let tree = TreeId::new(0, 0);
        [(5u64, 1u8), (6, 2), (1 << 31, 3), (5, 4)]
            .iter()
            .map(|&(i, n)| LeafUpdateRecord {
                tree,
                proof: db.update_leaf(tree, 32, i, leaf(n)).unwrap(),
            })
            .collect()
    }

    #[test]
    fn compact_form_round_trips_and_is_smaller() {
        for w in witnesses() {
            assert!(w.proof.verify());
            let json = serde_json::to_string(&w).unwrap();
            let back: LeafUpdateRecord = serde_json::from_str(&json).unwrap();
            assert_eq!(back, w);
            let plain = serde_json::to_string(&(w.tree, &w.proof)).unwrap();
            assert!(
                json.len() * 3 < plain.len(),
                "{} vs {}",
                json.len(),
                plain.len()
            );
        }
    }

    #[test]
    fn inconsistent_compact_forms_do_not_decode() {
        let w = witnesses().pop().unwrap();
        let good: CompactLeafUpdate = w.into();
        let mut extra = good.clone();
        extra.empty |= 1 << 40;
        let mut missing = good.clone();
        missing.siblings.pop();
        missing.empty &= !1;
        let mut short = good.clone();
        short.siblings.push(good.old_root.clone());
        let mut bad_hash = good.clone();
        bad_hash.new_root = "ff".repeat(32);
        let mut deep = good.clone();
        deep.depth = 200;
        for c in [extra, missing, short, bad_hash, deep] {
            let json = serde_json::to_string(&c).unwrap();
            assert!(
                serde_json::from_str::<LeafUpdateRecord>(&json).is_err(),
                "{json}"
            );
        }
    }
}

//! Deferred hashing: an opt-in mode of [`State`] in which the record writes of an operation are
//! staged at once but their Merkle leaf updates are only remembered (a dirty set) and applied
//! later, in one pass, by [`State::rehash`].
//!
//! Why: an eager leaf update costs a Poseidon path per written leaf and per op, on the caller's
//! thread; deferring it lets a batch hash each dirty leaf once (a hot account written by many ops
//! of the batch, e.g. the fee account, is hashed once instead of once per op) and lets the
//! hashing move off the thread that decides operations.
//!
//! Invariants:
//! - operations never read a hash, root or leaf to decide (only records: `ops/` calls no `db()`,
//!   `root`, `get_leaf` or `prove`), so deferring changes no decision, status, error or pubdata:
//!   an op's [`Outcome`](super::Outcome) equals the eager one except that `updates` is empty;
//! - as in the eager mode, an op writes an account's fills and positions before its account
//!   record (`write_account` is what marks the account leaf), so the account leaf hashed last
//!   over the final subtree roots is the leaf the eager mode ends with;
//! - the dirty set names exactly the leaves whose records changed since the last rehash; a failed
//!   [`State::apply`] leaves it as it was;
//! - [`State::rehash`] recomputes every dirty leaf from its record, in the canonical order
//!   [`DirtyLeaf`]'s `Ord` gives (per account in id order: fill slots, then position slots, then
//!   the account leaf, which hashes the two subtree roots; then markets), so after it the trees
//!   equal those the eager mode would have built for the same operations;
//! - while leaves are pending the trees are stale: [`State::root`] fails with
//!   [`StateError::PendingLeaves`] rather than return a stale root, and [`State::db`]'s tree reads
//!   are stale; [`State::commit_batch`] rehashes first.

use std::collections::BTreeSet;

use super::{leaves, LeafUpdate, State, StateError, ACCOUNTS, KIND_FILLS};
use super::{CorruptRecord, KIND_POSITIONS, MARKETS};
use crate::store::Store;
use crate::tree::TreeId;
use crate::types::{AccountId, MarketId, Positions, FILLS_DEPTH, POSITIONS_DEPTH};
use crate::types::{ACCOUNTS_DEPTH, MARKETS_DEPTH};

/// Which part of an account's state a dirty leaf belongs to.
///
/// Invariant: the derived order is fills < positions < account leaf, the order in which the
/// account leaf sees its subtrees' final roots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountPart {
    /// A slot of the account's order-fill tree.
    Fill(u64),
    /// A slot of the account's positions tree.
    Position(u64),
    /// The account's own leaf in the accounts tree.
    Leaf,
}

/// A leaf whose record changed and whose digest is not yet in its tree.
///
/// Invariant: the derived order (accounts by id, each with its parts in [`AccountPart`] order,
/// then markets by id) is the canonical rehash order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DirtyLeaf {
    /// A leaf of one account (its fills tree, its positions tree, or its accounts-tree leaf).
    Account(AccountId, AccountPart),
    /// A market's leaf in the markets tree.
    Market(MarketId),
}

/// The dirty set, with the leaves first marked by the operation in progress so that a failed
/// operation can take them out again.
///
/// Invariant: `op_new` lists exactly the members of `leaves` inserted since the last
/// [`Self::begin_op`] (a leaf already dirty before the op is not listed: it stays dirty).
#[derive(Debug, Default)]
pub(crate) struct Pending {
    leaves: BTreeSet<DirtyLeaf>,
    op_new: Vec<DirtyLeaf>,
}

impl Pending {
    /// Marks `leaf` dirty.
    pub(crate) fn mark(&mut self, leaf: DirtyLeaf) {
        if self.leaves.insert(leaf) {
            self.op_new.push(leaf);
        }
    }

    /// Starts an operation: marks from now on are undone by [`Self::rollback_op`].
    pub(crate) fn begin_op(&mut self) {
        self.op_new.clear();
    }

    /// Takes out every leaf first marked since [`Self::begin_op`].
    pub(crate) fn rollback_op(&mut self) {
        for leaf in self.op_new.drain(..) {
            self.leaves.remove(&leaf);
        }
    }

    /// Forgets every dirty leaf (after a discard of the staged records they describe).
    pub(crate) fn clear(&mut self) {
        self.leaves.clear();
        self.op_new.clear();
    }

    /// Number of dirty leaves.
    pub(crate) fn len(&self) -> usize {
        self.leaves.len()
    }

    /// Whether any leaf is dirty.
    pub(crate) fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The dirty leaves in canonical order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &DirtyLeaf> {
        self.leaves.iter()
    }
}

impl<S: Store> State<S> {
    /// Switches deferred hashing on or off (off by default).
    ///
    /// On: record writes are staged at once and their leaf updates are only marked dirty;
    /// [`super::Outcome::updates`] is empty and [`Self::root`] fails while leaves are pending,
    /// until [`Self::rehash`] (or [`Self::commit_batch`], which rehashes). Off: every write hashes
    /// its leaf at once and each outcome carries its witnesses. Switching off first rehashes the
    /// pending leaves, so the eager witnesses that follow start from up-to-date trees.
    pub fn set_deferred_hashing(&mut self, on: bool) -> Result<(), StateError> {
        if !on {
            self.rehash()?;
        }
        self.deferred = on;
        Ok(())
    }

    /// Whether deferred hashing is on ([`Self::set_deferred_hashing`]).
    pub fn deferred_hashing(&self) -> bool {
        self.deferred
    }

    /// Number of leaves changed and not yet hashed into their trees (0 in the eager mode).
    pub fn pending_leaves(&self) -> usize {
        self.pending.len()
    }

    /// Hashes every pending leaf into its tree, in the canonical order of [`DirtyLeaf`], and
    /// clears the dirty set. Returns the leaf updates made, with witnesses, in that order (no-op
    /// updates of a record changed and changed back included). Nothing to do in the eager mode.
    ///
    /// Each leaf is recomputed from its current record, so rehashing is idempotent: on error the
    /// dirty set is left whole (the leaves already hashed are hashed again, to the same value, by
    /// the next call).
    pub fn rehash(&mut self) -> Result<Vec<LeafUpdate>, StateError> {
        if self.pending.is_empty() {
            return Ok(Vec::new());
        }
        let dirty: Vec<DirtyLeaf> = self.pending.iter().copied().collect();
        let mut updates = Vec::with_capacity(dirty.len());
        let mut positions: Option<(AccountId, Positions)> = None;
        for leaf in dirty {
            updates.push(self.rehash_leaf(leaf, &mut positions)?);
        }
        self.pending.clear();
        Ok(updates)
    }

    /// Hashes one dirty leaf from its record; `positions` caches the last account's slots.
    fn rehash_leaf(
        &mut self,
        leaf: DirtyLeaf,
        positions: &mut Option<(AccountId, Positions)>,
    ) -> Result<LeafUpdate, StateError> {
        let (tree, depth, index, digest) = match leaf {
            DirtyLeaf::Market(id) => {
                let m = self.market(id)?.ok_or(CorruptRecord {
                    what: "market of a dirty leaf",
                })?;
                (
                    MARKETS,
                    MARKETS_DEPTH,
                    u64::from(id),
                    leaves::market_leaf(&m),
                )
            }
            DirtyLeaf::Account(id, AccountPart::Fill(slot)) => {
                let fill = self.fill(id, slot)?;
                (
                    TreeId::new(KIND_FILLS, u64::from(id)),
                    FILLS_DEPTH,
                    slot,
                    leaves::fill_leaf(&fill),
                )
            }
            DirtyLeaf::Account(id, AccountPart::Position(slot)) => {
                let slots = match positions {
                    Some((cached, slots)) if *cached == id => *slots,
                    _ => {
                        let slots = self.positions(id)?;
                        *positions = Some((id, slots));
                        slots
                    }
                };
                let p = usize::try_from(slot)
                    .ok()
                    .and_then(|s| slots.get(s))
                    .ok_or(CorruptRecord {
                        what: "position slot of a dirty leaf",
                    })?;
                (
                    TreeId::new(KIND_POSITIONS, u64::from(id)),
                    POSITIONS_DEPTH,
                    slot,
                    leaves::position_leaf(p.as_ref()),
                )
            }
            DirtyLeaf::Account(id, AccountPart::Leaf) => {
                let a = self.account(id)?.ok_or(CorruptRecord {
                    what: "account of a dirty leaf",
                })?;
                let owner = u64::from(id);
                let pr = self
                    .db
                    .root(TreeId::new(KIND_POSITIONS, owner), POSITIONS_DEPTH)?;
                let fr = self.db.root(TreeId::new(KIND_FILLS, owner), FILLS_DEPTH)?;
                (
                    ACCOUNTS,
                    ACCOUNTS_DEPTH,
                    owner,
                    leaves::account_leaf(&a, &pr, &fr),
                )
            }
        };
        let proof = self.db.update_leaf(tree, depth, index, digest)?;
        Ok(LeafUpdate { tree, proof })
    }
}

#[cfg(test)]
mod tests;

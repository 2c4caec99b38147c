//! Storage backends: a byte key-value [`Store`] with atomic, durable batches.
//!
//! The Merkle trees and the raw records of the state live in one store (see
//! [`crate::tree::StateDb`], which stages writes in memory and hands a whole batch of operations to
//! [`Store::write_batch`] at once).
//!
//! # Atomicity and durability
//! [`Store::write_batch`] is the only way to change a store. Once it returns `Ok`, every put and
//! delete of the batch is visible and survives a crash of the process (for [`SledStore`]: the batch
//! is applied with sled's atomic `apply_batch` and then `flush`ed). If the process dies while it
//! runs, a reopened store shows either the whole batch or none of it, never a part. [`MemoryStore`]
//! gives the same all-or-nothing visibility but, being in memory, no durability.

mod memory;
mod sled_store;

use std::sync::Arc;

pub use memory::MemoryStore;
pub use sled_store::SledStore;

// The staging layer lives with the trees; re-exported here because it is the store-facing API too.
pub use crate::tree::{Checkpoint, StateDb};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The sled database failed (I/O, corruption detected by sled, ...).
    #[error("sled store: {0}")]
    Sled(#[from] sled::Error),
    /// A thread panicked while holding the in-memory store's lock.
    #[error("in-memory store lock poisoned by a panicked writer")]
    Poisoned,
    /// A record does not have the shape its key promises (e.g. a tree node that is not 32 bytes of
    /// four canonical Goldilocks elements).
    #[error("corrupt record under key 0x{key}: {reason}")]
    Corrupt {
        /// The key of the record, hex encoded.
        key: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// One write of a [`WriteBatch`]: `Some(value)` puts, `None` deletes.
pub type BatchOp = (Vec<u8>, Option<Vec<u8>>);

/// An ordered list of puts and deletes applied atomically by [`Store::write_batch`].
///
/// Invariant: when a key occurs several times, the last write to it wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteBatch {
    ops: Vec<BatchOp>,
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty batch with room for `n` writes.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            ops: Vec::with_capacity(n),
        }
    }

    /// Sets `key` to `value`.
    pub fn put(&mut self, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.ops.push((key.into(), Some(value.into())));
    }

    /// Removes `key` (a no-op for a key that is absent).
    pub fn delete(&mut self, key: impl Into<Vec<u8>>) {
        self.ops.push((key.into(), None));
    }

    /// Number of writes in the batch.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the batch holds no write.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The writes, in the order they were added.
    pub fn ops(&self) -> &[BatchOp] {
        &self.ops
    }

    /// Consumes the batch into its writes, in the order they were added.
    pub fn into_ops(self) -> Vec<BatchOp> {
        self.ops
    }
}

/// A byte key-value store with atomic batches.
///
/// Invariant: `get` sees exactly the writes of the batches whose `write_batch` returned `Ok`
/// (whole batches only); a failed `write_batch` leaves the store unchanged.
pub trait Store: Send + Sync {
    /// The value under `key`, if any.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Applies every write of `batch` atomically, and durably where the backend is durable.
    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError>;
}

impl<T: Store + ?Sized> Store for Arc<T> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).get(key)
    }

    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError> {
        (**self).write_batch(batch)
    }
}

impl<T: Store + ?Sized> Store for Box<T> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).get(key)
    }

    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError> {
        (**self).write_batch(batch)
    }
}

#[cfg(test)]
mod tests;

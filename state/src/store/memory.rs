//! An in-memory [`Store`] for tests and for the native replay.

use std::collections::HashMap;
use std::sync::RwLock;

use super::{Store, StoreError, WriteBatch};

/// A [`Store`] held in memory: atomic (a batch is applied under one write lock) but not durable.
///
/// Invariant: readers never observe a batch half-applied.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RwLock<HashMap<Vec<u8>, Vec<u8>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of keys held.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.map.read().map_err(|_| StoreError::Poisoned)?.len())
    }

    /// Whether the store holds no key.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Every key and value held, in key order (a copy: for comparing two stores).
    pub fn entries(&self) -> Result<std::collections::BTreeMap<Vec<u8>, Vec<u8>>, StoreError> {
        let map = self.map.read().map_err(|_| StoreError::Poisoned)?;
        Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let map = self.map.read().map_err(|_| StoreError::Poisoned)?;
        Ok(map.get(key).cloned())
    }

    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let mut map = self.map.write().map_err(|_| StoreError::Poisoned)?;
        for (key, value) in batch.into_ops() {
            match value {
                Some(value) => {
                    map.insert(key, value);
                }
                None => {
                    map.remove(&key);
                }
            }
        }
        Ok(())
    }
}

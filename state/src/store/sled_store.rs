//! The durable [`Store`] on sled.

use std::path::Path;

use super::{Store, StoreError, WriteBatch};

/// A [`Store`] in a sled database.
///
/// Invariant: [`Store::write_batch`] returns `Ok` only after the batch was applied atomically
/// (`apply_batch`) and flushed to disk (`flush`), so an acknowledged batch survives a crash of the
/// process, and an interrupted one is either wholly present or wholly absent after reopening.
#[derive(Debug, Clone)]
pub struct SledStore {
    db: sled::Db,
}

impl SledStore {
    /// Opens (creating if needed) the database in directory `path`. Only one process may hold it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Ok(Self {
            db: sled::open(path)?,
        })
    }

    /// A database in a temporary directory, deleted when the store is dropped (tests).
    pub fn open_temporary() -> Result<Self, StoreError> {
        Ok(Self {
            db: sled::Config::new().temporary(true).open()?,
        })
    }

    /// Bytes the database takes on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }
}

impl Store for SledStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.db.get(key)?.map(|v| v.to_vec()))
    }

    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let mut sled_batch = sled::Batch::default();
        for (key, value) in batch.into_ops() {
            match value {
                Some(value) => sled_batch.insert(key, value),
                None => sled_batch.remove(key),
            }
        }
        self.db.apply_batch(sled_batch)?;
        self.db.flush()?;
        Ok(())
    }
}

//! [`NodeDb`]: the node's sled tree and its key layout; [`StateStore`]: the state crate's
//! [`Store`] over the same tree, which folds the node's staged records into the state's atomic
//! commit.

use std::path::Path;
use std::sync::{Arc, Mutex};

use zkclear_state::store::{BatchOp, Store, StoreError, WriteBatch};

use super::codec::{
    BatchRecord, FinishedOrderRecord, MetaRecord, ProofRecord, RestingRecord, StatementRecord,
    WalEntry,
};
use super::{PersistError, PersistResult};

const STATE: &[u8] = b"s/";
const WAL: &[u8] = b"w/";
const BATCH_INDEX: &[u8] = b"b/";
const CONTENT: &[u8] = b"c/";
const RESTING: &[u8] = b"o/";
const PROOF: &[u8] = b"p/";
const META: &[u8] = b"m/meta";
const STATEMENT: &[u8] = b"t/";
const FINISHED: &[u8] = b"f/";
const FINISHED_BY_EXPIRY: &[u8] = b"x/";
const TRADES: &[u8] = b"r/";

fn key(prefix: &[u8], suffix: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + suffix.len());
    k.extend_from_slice(prefix);
    k.extend_from_slice(suffix);
    k
}

fn decode<T: serde::de::DeserializeOwned>(what: &'static str, bytes: &[u8]) -> PersistResult<T> {
    serde_json::from_slice(bytes).map_err(|e| PersistError::Corrupt {
        what,
        reason: e.to_string(),
    })
}

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain records (no maps with non-string keys) cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// Writes staged by the node for the next state commit.
type Staged = Arc<Mutex<Vec<BatchOp>>>;

/// The node's database. Cloning shares the same tree.
///
/// Invariant: every key lives under exactly one prefix (`s/` state, `w/` WAL, `b/` batch index,
/// `c/` content-addressed batch records, `o/` resting orders, `p/` proofs, `t/` statements, `m/` metadata,
/// `f/` finished orders by digest, `x/` the same by expiry (for pruning), `r/` recent trades).
#[derive(Clone, Debug)]
pub struct NodeDb {
    db: sled::Db,
    staged: Staged,
}

impl NodeDb {
    /// Opens (or creates) the database in `path`.
    pub fn open(path: impl AsRef<Path>) -> PersistResult<Self> {
        Ok(Self::from_db(sled::open(path)?))
    }

    /// A temporary database, deleted on drop (tests).
    pub fn open_temporary() -> PersistResult<Self> {
        Ok(Self::from_db(sled::Config::new().temporary(true).open()?))
    }

    fn from_db(db: sled::Db) -> Self {
        Self {
            db,
            staged: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// The state's store over this database.
    pub fn state_store(&self) -> StateStore {
        StateStore {
            db: self.db.clone(),
            staged: self.staged.clone(),
        }
    }

    /// Makes every write so far durable (one fsync for a whole group of inputs).
    pub fn flush(&self) -> PersistResult<()> {
        self.db.flush()?;
        Ok(())
    }

    /// Appends a WAL record (durable after the next [`Self::flush`]).
    pub fn append_wal(&self, seq: u64, entry: &WalEntry) -> PersistResult<()> {
        self.db
            .insert(key(WAL, &seq.to_be_bytes()), encode(entry))?;
        Ok(())
    }

    /// The WAL records with sequence number above `cut`, in order.
    pub fn wal_after(&self, cut: u64) -> PersistResult<Vec<(u64, WalEntry)>> {
        let start = key(WAL, &cut.saturating_add(1).to_be_bytes());
        let mut out = Vec::new();
        for item in self.db.range(start..key(WAL, &[0xff; 9])) {
            let (k, v) = item?;
            let seq = seq_of(&k[WAL.len()..])?;
            out.push((seq, decode("wal entry", &v)?));
        }
        Ok(out)
    }

    /// Stages the deletion of the WAL records `(from, to]` for the next state commit.
    pub fn stage_wal_truncate(&self, from: u64, to: u64) {
        let mut seq = from.saturating_add(1);
        while seq <= to {
            self.stage(key(WAL, &seq.to_be_bytes()), None);
            seq += 1;
        }
    }

    fn stage(&self, k: Vec<u8>, v: Option<Vec<u8>>) {
        if let Ok(mut s) = self.staged.lock() {
            s.push((k, v));
        }
    }

    /// Drops the writes staged for a commit that did not happen.
    pub fn clear_staged(&self) {
        if let Ok(mut s) = self.staged.lock() {
            s.clear();
        }
    }

    /// Stages a resting order (or its removal, `None`) under its arrival sequence number.
    pub fn stage_resting(&self, seq: u64, record: Option<&RestingRecord>) {
        self.stage(key(RESTING, &seq.to_be_bytes()), record.map(encode));
    }

    /// The resting orders as of the last commit, in arrival order.
    pub fn resting_orders(&self) -> PersistResult<Vec<RestingRecord>> {
        self.db
            .scan_prefix(RESTING)
            .map(|item| {
                let (_, v) = item?;
                decode("resting order", &v)
            })
            .collect()
    }

    /// Stages the node metadata.
    pub fn stage_meta(&self, meta: &MetaRecord) {
        self.stage(META.to_vec(), Some(encode(meta)));
    }

    /// The node metadata as of the last commit (`None` before the first batch).
    pub fn meta(&self) -> PersistResult<Option<MetaRecord>> {
        match self.db.get(META)? {
            None => Ok(None),
            Some(v) => Ok(Some(decode("meta", &v)?)),
        }
    }

    /// Stages a batch record, content-addressed by the blake3 hash of its encoding, and indexes
    /// it by batch number. Returns the content id.
    pub fn stage_batch(&self, record: &BatchRecord) -> [u8; 32] {
        let bytes = encode(record);
        let id = *blake3::hash(&bytes).as_bytes();
        self.stage(key(CONTENT, &id), Some(bytes));
        self.stage(
            key(BATCH_INDEX, &record.batch_number.to_be_bytes()),
            Some(id.to_vec()),
        );
        id
    }

    /// A committed batch and its content id.
    pub fn batch(&self, number: u64) -> PersistResult<Option<([u8; 32], BatchRecord)>> {
        let Some(id) = self.db.get(key(BATCH_INDEX, &number.to_be_bytes()))? else {
            return Ok(None);
        };
        let id: [u8; 32] = id.as_ref().try_into().map_err(|_| PersistError::Corrupt {
            what: "batch index",
            reason: "id is not 32 bytes".into(),
        })?;
        let Some(bytes) = self.db.get(key(CONTENT, &id))? else {
            return Err(PersistError::Corrupt {
                what: "batch record",
                reason: "indexed record missing".into(),
            });
        };
        if blake3::hash(&bytes).as_bytes() != &id {
            return Err(PersistError::Corrupt {
                what: "batch record",
                reason: "content does not match its blake3 id".into(),
            });
        }
        Ok(Some((id, decode("batch record", &bytes)?)))
    }

    /// Stores a batch's statement and flushes it.
    pub fn put_statement(&self, st: &StatementRecord) -> PersistResult<()> {
        self.db
            .insert(key(STATEMENT, &st.batch_number.to_be_bytes()), encode(st))?;
        self.flush()
    }

    /// The statement of a committed batch, if written.
    pub fn statement(&self, batch_number: u64) -> PersistResult<Option<StatementRecord>> {
        match self.db.get(key(STATEMENT, &batch_number.to_be_bytes()))? {
            None => Ok(None),
            Some(v) => Ok(Some(decode("statement", &v)?)),
        }
    }

    /// Stores a submitted (unverified) proof for a batch, one per worker (a later submission of
    /// the same worker replaces its earlier one, never another worker's), and flushes it.
    pub fn put_proof(&self, proof: &ProofRecord) -> PersistResult<()> {
        let mut suffix = proof.batch_number.to_be_bytes().to_vec();
        suffix.extend_from_slice(proof.worker.as_bytes());
        self.db.insert(key(PROOF, &suffix), encode(proof))?;
        self.flush()
    }

    /// The proofs submitted for a batch (unverified), by worker.
    pub fn proofs(&self, batch_number: u64) -> PersistResult<Vec<ProofRecord>> {
        self.db
            .scan_prefix(key(PROOF, &batch_number.to_be_bytes()))
            .map(|item| {
                let (_, v) = item?;
                decode("proof", &v)
            })
            .collect()
    }

    /// Stages a finished order (or its removal, `None`) under its digest, indexed by `expiry`.
    pub fn stage_finished(
        &self,
        digest: &[u8; 32],
        expiry: u64,
        record: Option<&FinishedOrderRecord>,
    ) {
        let mut by_expiry = expiry.to_be_bytes().to_vec();
        by_expiry.extend_from_slice(digest);
        self.stage(key(FINISHED, digest), record.map(encode));
        self.stage(
            key(FINISHED_BY_EXPIRY, &by_expiry),
            record.map(|_| Vec::new()),
        );
    }

    /// The finished order with this digest, as of the last commit.
    pub fn finished(&self, digest: &[u8; 32]) -> PersistResult<Option<FinishedOrderRecord>> {
        match self.db.get(key(FINISHED, digest))? {
            None => Ok(None),
            Some(v) => Ok(Some(decode("finished order", &v)?)),
        }
    }

    /// `(expiry, digest)` of the committed finished orders whose expiry is before `now`.
    pub fn finished_expired_before(&self, now: u64) -> PersistResult<Vec<(u64, [u8; 32])>> {
        let end = key(FINISHED_BY_EXPIRY, &now.to_be_bytes());
        let mut out = Vec::new();
        for item in self.db.range(FINISHED_BY_EXPIRY.to_vec()..end) {
            let (k, _) = item?;
            let rest = &k[FINISHED_BY_EXPIRY.len()..];
            let corrupt = || PersistError::Corrupt {
                what: "finished-order expiry key",
                reason: "not 8 + 32 bytes".into(),
            };
            let (e, d) = rest.split_at_checked(8).ok_or_else(corrupt)?;
            let expiry = u64::from_be_bytes(e.try_into().map_err(|_| corrupt())?);
            out.push((expiry, d.try_into().map_err(|_| corrupt())?));
        }
        Ok(out)
    }

    /// Stages a trade of `market` with per-market sequence number `seq` (or its removal).
    pub fn stage_trade<T: serde::Serialize>(&self, market: u8, seq: u64, trade: Option<&T>) {
        let mut suffix = vec![market];
        suffix.extend_from_slice(&seq.to_be_bytes());
        self.stage(key(TRADES, &suffix), trade.map(encode));
    }

    /// The latest `limit` committed trades of `market` with their sequence numbers, newest first.
    pub fn recent_trades<T: serde::de::DeserializeOwned>(
        &self,
        market: u8,
        limit: usize,
    ) -> PersistResult<Vec<(u64, T)>> {
        let mut out = Vec::new();
        for item in self
            .db
            .scan_prefix(key(TRADES, &[market]))
            .rev()
            .take(limit)
        {
            let (k, v) = item?;
            out.push((seq_of(&k[TRADES.len() + 1..])?, decode("trade", &v)?));
        }
        Ok(out)
    }
}

fn seq_of(bytes: &[u8]) -> PersistResult<u64> {
    let arr: [u8; 8] = bytes.try_into().map_err(|_| PersistError::Corrupt {
        what: "wal key",
        reason: "not 8 bytes".into(),
    })?;
    Ok(u64::from_be_bytes(arr))
}

/// The state crate's [`Store`] over the node's tree (keys under `s/`).
///
/// Invariant: `write_batch` applies the state's batch together with everything the node staged,
/// in one atomic sled batch, then flushes.
#[derive(Clone, Debug)]
pub struct StateStore {
    db: sled::Db,
    staged: Staged,
}

impl Store for StateStore {
    fn get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.db.get(key(STATE, k))?.map(|v| v.to_vec()))
    }

    fn write_batch(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let mut sled_batch = sled::Batch::default();
        for (k, v) in batch.into_ops() {
            match v {
                Some(v) => sled_batch.insert(key(STATE, &k), v),
                None => sled_batch.remove(key(STATE, &k)),
            }
        }
        let extra = match self.staged.lock() {
            Ok(mut s) => std::mem::take(&mut *s),
            Err(_) => return Err(StoreError::Poisoned),
        };
        for (k, v) in extra {
            match v {
                Some(v) => sled_batch.insert(k, v),
                None => sled_batch.remove(k),
            }
        }
        self.db.apply_batch(sled_batch)?;
        self.db.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::codec::{MetaRecord, WalEntry};

    #[test]
    fn staged_records_commit_with_the_state_batch_only() {
        let db = NodeDb::open_temporary().expect("temp db");
        let meta = MetaRecord {
            wal_cut: 7,
            ..MetaRecord::default()
        };
        db.stage_meta(&meta);
        assert_eq!(db.meta().expect("read"), None);
        let mut wb = WriteBatch::new();
        wb.put(b"k".to_vec(), b"v".to_vec());
        db.state_store().write_batch(wb).expect("write");
        assert_eq!(db.meta().expect("read"), Some(meta));
        assert_eq!(
            db.state_store().get(b"k").expect("get"),
            Some(b"v".to_vec())
        );
    }

    #[test]
    fn wal_after_returns_later_entries_in_order_and_truncate_removes_them() {
        let db = NodeDb::open_temporary().expect("temp db");
        for seq in 1..=5 {
            db.append_wal(seq, &WalEntry::Noop).expect("append");
        }
        let seqs: Vec<u64> = db.wal_after(2).expect("scan").iter().map(|e| e.0).collect();
        assert_eq!(seqs, vec![3, 4, 5]);
        db.stage_wal_truncate(0, 4);
        db.state_store()
            .write_batch(WriteBatch::new())
            .expect("commit");
        let seqs: Vec<u64> = db.wal_after(0).expect("scan").iter().map(|e| e.0).collect();
        assert_eq!(seqs, vec![5]);
    }
}

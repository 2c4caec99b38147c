//! Persistence: one sled tree holds the state's records, the write-ahead log, the committed
//! batches, the resting orders and the node's metadata, under disjoint key prefixes.
//!
//! Invariants:
//! - an input is acknowledged only after its WAL record is flushed ([`NodeDb::flush`], called
//!   once per group of concurrently arriving inputs: group commit);
//! - a batch commit writes, in ONE atomic sled batch, the state's staged changes, the batch
//!   record, the resting-order deltas, the node metadata (WAL cut, queue hash) and the deletion
//!   of the WAL records the batch covers ([`StateStore`] carries the extra writes into the state's
//!   own `write_batch`). After a crash the store holds a batch entirely or not at all, and the
//!   WAL holds exactly the acknowledged inputs after the last committed batch.

mod codec;
mod store;
mod witness;

pub use codec::{
    submission_records, submissions_of, BatchRecord, FinishedOrderRecord, LeafUpdateRecord,
    MetaRecord, OpRecord, OrderEnd, ProofRecord, RestingRecord, SigHex, SignedOrderRecord,
    StatementRecord, SubmissionRecord, WalEntry,
};
pub use store::{NodeDb, StateStore};

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// sled failed.
    #[error("sled: {0}")]
    Sled(#[from] sled::Error),
    /// A stored record does not decode.
    #[error("corrupt record {what}: {reason}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// Why.
        reason: String,
    },
}

/// Result alias of the persistence layer.
pub type PersistResult<T> = Result<T, PersistError>;

//! The submitter: commits a batch that has a proof to L1 with `commitBatch(newRoot, oracleTime, pubdata,
//! proof)`.
//!
//! Invariant: only a batch with a stored proof is ever sent; without one the batch stays
//! "awaiting proof" (there is no fallback proof). Stored proofs are unverified submissions of
//! authenticated workers; the latest one is sent, and L1 verifies it.

use alloy::primitives::B256;
use zkclear_l1::client::RollupClient;

use crate::persist::NodeDb;

/// Why a batch was not committed to L1.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The batch, its statement or its proof is not in the database yet.
    #[error("batch {batch}: {what} not available")]
    NotReady {
        /// Batch number.
        batch: u64,
        /// What is missing.
        what: &'static str,
    },
    /// Stored hex that does not decode.
    #[error("batch {batch}: corrupt {what}")]
    Corrupt {
        /// Batch number.
        batch: u64,
        /// Which field.
        what: &'static str,
    },
    /// Database.
    #[error("database: {0}")]
    Db(String),
    /// L1 rejected or did not answer.
    #[error(transparent)]
    L1(#[from] zkclear_l1::L1Error),
}

/// Commits proven batches through a [`RollupClient`] signed by the operator key.
#[derive(Debug, Clone)]
pub struct Submitter {
    client: RollupClient,
    db: NodeDb,
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s.trim_start_matches("0x")).ok()
}

impl Submitter {
    /// A submitter over the node database and an operator client.
    pub fn new(client: RollupClient, db: NodeDb) -> Self {
        Self { client, db }
    }

    /// Commits batch `n` with its latest stored proof. Answers the L1 transaction hash.
    pub async fn submit(&self, n: u64) -> Result<String, SubmitError> {
        let db_err = |e: crate::persist::PersistError| SubmitError::Db(e.to_string());
        let (_, batch) = self
            .db
            .batch(n)
            .map_err(db_err)?
            .ok_or(SubmitError::NotReady {
                batch: n,
                what: "batch",
            })?;
        let statement = self
            .db
            .statement(n)
            .map_err(db_err)?
            .ok_or(SubmitError::NotReady {
                batch: n,
                what: "statement",
            })?;
        let proof = self
            .db
            .proofs(n)
            .map_err(db_err)?
            .into_iter()
            .max_by_key(|p| p.submitted_at)
            .ok_or(SubmitError::NotReady {
                batch: n,
                what: "proof",
            })?;
        let corrupt = |what| SubmitError::Corrupt { batch: n, what };
        let pubdata = unhex(&batch.pubdata).ok_or(corrupt("pubdata"))?;
        let root = unhex(&statement.new_root).ok_or(corrupt("new_root"))?;
        let root: [u8; 32] = root.try_into().map_err(|_| corrupt("new_root"))?;
        let proof = unhex(&proof.proof).ok_or(corrupt("proof"))?;
        let stmt = unhex(&statement.statement).ok_or(corrupt("statement"))?;
        let clock: [u8; 8] = stmt
            .get(152..160)
            .and_then(|b| b.try_into().ok())
            .ok_or(corrupt("statement oracle time"))?;
        let receipt = self
            .client
            .commit_batch(B256::from(root), u64::from_be_bytes(clock), pubdata, proof)
            .await?;
        let tx = receipt.transaction_hash.to_string();
        tracing::info!(target: "zkclear::l1", batch = n, %tx, "batch committed to L1");
        Ok(tx)
    }
}

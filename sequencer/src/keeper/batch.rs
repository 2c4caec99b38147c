//! Cutting a batch (by size or time): one atomic commit of the state, the batch record, the
//! resting-order deltas, the metadata and the WAL truncation; then the statement.

use std::time::Duration;

use zkclear_state::pubdata::BatchStatement;
use zkclear_state::tree::{hash_to_bytes, Hash};

use super::core::{unix_now, Core, Pending};
use super::error::KeeperResult;
use super::views::Event;
use crate::persist::{BatchRecord, RestingRecord, SignedOrderRecord, StatementRecord};

/// A root as `0x` hex of its four elements, each a big-endian u64 (docs/state-layout.md).
pub fn root_hex(h: &Hash) -> String {
    let mut b = hash_to_bytes(h);
    for chunk in b.chunks_exact_mut(8) {
        chunk.reverse();
    }
    format!("0x{}", hex::encode(b))
}

impl Core {
    /// Cuts a batch if it is full, or (when `timer`) if its deadline passed.
    pub(super) fn maybe_cut(&mut self, timer: bool) {
        let full = self.pending.ops.len() >= self.config.max_batch_ops.max(1);
        let due = timer
            && self.pending.started.is_some_and(|t| {
                t.elapsed() >= Duration::from_millis(self.config.batch_interval_ms)
            });
        if full || due {
            if let Err(e) = self.cut_batch() {
                tracing::error!(target: "zkclear::batcher", error = %e, "batch commit failed; keeper stops accepting inputs");
                self.failed = Some(e.to_string());
            }
        }
    }

    /// Commits the pending batch; `None` if nothing is pending.
    pub(super) fn cut_batch(&mut self) -> KeeperResult<Option<u64>> {
        if self.pending.ops.is_empty() {
            return Ok(None);
        }
        let started = std::time::Instant::now();
        // Hash what is pending now, so its witnesses are part of this batch's record.
        self.current_root()?;
        let hashed = started.elapsed();
        let g = self.state.globals()?;
        let batch_number = g.batch_number + 1;
        let queue_first = self.committed_priority_cursor()?;
        let pending = std::mem::take(&mut self.pending);
        let Pending {
            ops,
            witnesses,
            pubdata,
            ..
        } = pending;
        let n_ops = ops.len();
        let record = BatchRecord {
            batch_number,
            ops,
            witnesses,
            deferred: self.state.deferred_hashing(),
            pubdata: hex::encode(&pubdata),
            old_root: root_hex(&self.batch_old_root),
            queue_first,
            queue_last: g.priority_cursor,
            queue_hash_after: hex::encode(self.meta.queue_hash),
            created_at: unix_now(),
        };
        let id = self.db.stage_batch(&record);
        let encoded = started.elapsed();
        for (oid, seq) in std::mem::take(&mut self.dirty) {
            let rec = self.resting.get(&oid).and_then(|m| {
                let remaining = self.books.get(&m.market)?.order(oid)?.remaining;
                Some(RestingRecord {
                    seq: m.seq,
                    order: SignedOrderRecord::from(&m.signed),
                    remaining,
                })
            });
            self.db.stage_resting(seq, rec.as_ref());
        }
        if let Err(e) = self.stage_lifecycle(g.oracle_time) {
            self.db.clear_staged();
            return Err(e);
        }
        self.meta.wal_cut = self.last_seq;
        self.db.stage_meta(&self.meta);
        self.db
            .stage_wal_truncate(self.committed_cut, self.last_seq);
        let new_root = match self.state.commit_batch() {
            Ok(r) => r,
            Err(e) => {
                self.db.clear_staged();
                return Err(e.into());
            }
        };
        self.committed_cut = self.last_seq;
        let committed = started.elapsed();
        let statement = BatchStatement {
            batch_number,
            old_root: self.batch_old_root,
            new_root,
            queue_first,
            queue_last: record.queue_last,
            queue_hash_after: self.meta.queue_hash,
            pubdata_hash: BatchStatement::pubdata_hash_of(&pubdata),
            oracle_time: self.state.globals()?.oracle_time,
        };
        self.db.put_statement(&StatementRecord {
            batch_number,
            new_root: root_hex(&new_root),
            statement: hex::encode(statement.to_bytes()),
            statement_hash: hex::encode(statement.hash()),
        })?;
        self.batch_old_root = new_root;
        self.metrics.batch_committed(n_ops, pubdata.len());
        tracing::info!(
            target: "zkclear::batcher",
            batch = batch_number,
            ops = n_ops,
            pubdata = pubdata.len(),
            id = %hex::encode(id),
            hash_ms = hashed.as_millis() as u64,
            encode_ms = (encoded - hashed).as_millis() as u64,
            commit_ms = (committed - encoded).as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "batch committed"
        );
        let _ = self.events.send(Event::Batch { batch_number });
        Ok(Some(batch_number))
    }

    /// Priority cursor as of the last commit (the pending batch's `queue_first`).
    fn committed_priority_cursor(&self) -> KeeperResult<u64> {
        let committed = self.state.globals()?.batch_number;
        if committed == 0 {
            return Ok(0);
        }
        Ok(self.db.batch(committed)?.map_or(0, |(_, r)| r.queue_last))
    }

    /// If a crash fell between the last state commit and its statement, rewrite the statement.
    pub(super) fn repair_last_statement(&mut self) -> KeeperResult<()> {
        let n = self.state.globals()?.batch_number;
        if n == 0 || self.db.statement(n)?.is_some() {
            return Ok(());
        }
        let Some((_, r)) = self.db.batch(n)? else {
            return Ok(());
        };
        let pubdata = hex::decode(&r.pubdata).unwrap_or_default();
        let old_root = parse_root(&r.old_root).unwrap_or_default();
        let mut qh = [0u8; 32];
        if let Ok(b) = hex::decode(&r.queue_hash_after) {
            if b.len() == 32 {
                qh.copy_from_slice(&b);
            }
        }
        let new_root = self.current_root()?;
        let statement = BatchStatement {
            batch_number: n,
            old_root,
            new_root,
            queue_first: r.queue_first,
            queue_last: r.queue_last,
            queue_hash_after: qh,
            pubdata_hash: BatchStatement::pubdata_hash_of(&pubdata),
            oracle_time: self.state.globals()?.oracle_time,
        };
        self.db.put_statement(&StatementRecord {
            batch_number: n,
            new_root: root_hex(&new_root),
            statement: hex::encode(statement.to_bytes()),
            statement_hash: hex::encode(statement.hash()),
        })?;
        tracing::warn!(target: "zkclear::batcher", batch = n, "statement rewritten after a crash");
        Ok(())
    }
}

/// Parses [`root_hex`] back into a hash.
pub(super) fn parse_root(s: &str) -> Option<Hash> {
    let mut b = hex::decode(s.strip_prefix("0x").unwrap_or(s)).ok()?;
    if b.len() != 32 {
        return None;
    }
    for chunk in b.chunks_exact_mut(8) {
        chunk.reverse();
    }
    zkclear_state::tree::hash_from_bytes(&b)
}

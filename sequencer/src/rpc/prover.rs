//! The prover namespace (`prover_*`): lease a committed batch, keep the lease alive, submit a
//! proof. Proof verification arrives with the prover issue: a submitted proof is stored against
//! its batch and reported as "submitted, unverified" — never as accepted.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::RpcModule;
use serde::Serialize;

use super::error::{invalid_params, rpc_error, NOT_FOUND, STORAGE, UNKNOWN_LEASE};
use super::params::SubmitProofParams;
use super::zkc::one;
use super::RpcContext;
use crate::keeper::{Answer, Query};
use crate::persist::{BatchRecord, ProofRecord};

type RpcResult<T> = Result<T, ErrorObjectOwned>;

/// Largest accepted proof, bytes.
const MAX_PROOF_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug)]
struct Lease {
    batch: u64,
    worker: String,
    expires: Instant,
}

/// Live leases (in memory: after a restart every unproven batch is leasable again).
#[derive(Debug, Default)]
pub(super) struct Leases {
    inner: Mutex<(u64, HashMap<u64, Lease>)>,
}

/// A leased proving job.
#[derive(Clone, Debug, Serialize)]
struct Job {
    lease_id: u64,
    batch_number: u64,
    lease_secs: u64,
    batch: BatchRecord,
    statement: Option<String>,
}

fn lease_error() -> ErrorObjectOwned {
    rpc_error(UNKNOWN_LEASE, "lease unknown or expired")
}

pub(super) fn register(m: &mut RpcModule<RpcContext>) {
    let _ = m.register_async_method("prover_leaseJob", |p, ctx, _| async move {
        let worker: String = one(&p)?;
        if worker.len() > 128 {
            return Err(invalid_params("worker name longer than 128 bytes"));
        }
        let mut from = 1;
        loop {
            let next = match ctx.keeper.query(Query::NextUnproven(from)).await? {
                Answer::NextUnproven(n) => n,
                _ => None,
            };
            let Some(batch) = next else {
                return RpcResult::Ok(None);
            };
            let ttl = Duration::from_secs(ctx.config.lease_secs.max(1));
            let lease_id = {
                let Ok(mut g) = ctx.leases.inner.lock() else {
                    return Err(rpc_error(STORAGE, "lease table poisoned"));
                };
                let now = Instant::now();
                g.1.retain(|_, l| l.expires > now);
                if g.1.values().any(|l| l.batch == batch) {
                    None
                } else {
                    g.0 += 1;
                    let id = g.0;
                    g.1.insert(
                        id,
                        Lease {
                            batch,
                            worker: worker.clone(),
                            expires: now + ttl,
                        },
                    );
                    Some(id)
                }
            };
            let Some(lease_id) = lease_id else {
                from = batch + 1;
                continue;
            };
            let record = ctx
                .db
                .batch(batch)
                .map_err(|e| rpc_error(STORAGE, e.to_string()))?
                .ok_or_else(|| rpc_error(NOT_FOUND, format!("batch {batch}")))?;
            let statement = ctx
                .db
                .statement(batch)
                .map_err(|e| rpc_error(STORAGE, e.to_string()))?
                .map(|s| s.statement);
            return Ok(Some(Job {
                lease_id,
                batch_number: batch,
                lease_secs: ttl.as_secs(),
                batch: record.1,
                statement,
            }));
        }
    });
    let _ = m.register_method("prover_heartbeat", |p, ctx, _| {
        let lease_id: u64 = one(&p)?;
        let Ok(mut g) = ctx.leases.inner.lock() else {
            return Err(rpc_error(STORAGE, "lease table poisoned"));
        };
        let now = Instant::now();
        let ttl = Duration::from_secs(ctx.config.lease_secs.max(1));
        match g.1.get_mut(&lease_id) {
            Some(l) if l.expires > now => {
                l.expires = now + ttl;
                Ok(ttl.as_secs())
            }
            _ => Err(lease_error()),
        }
    });
    let _ = m.register_method("prover_submitProof", |p, ctx, _| {
        let s: SubmitProofParams = one(&p)?;
        let bytes = hex::decode(s.proof.strip_prefix("0x").unwrap_or(&s.proof))
            .map_err(|e| invalid_params(format!("proof is not hex: {e}")))?;
        if bytes.is_empty() || bytes.len() > MAX_PROOF_BYTES {
            return Err(invalid_params("proof must be 1 byte to 8 MiB"));
        }
        let worker = {
            let Ok(mut g) = ctx.leases.inner.lock() else {
                return Err(rpc_error(STORAGE, "lease table poisoned"));
            };
            match g.1.get(&s.lease_id) {
                Some(l) if l.expires > Instant::now() && l.batch == s.batch_number => {
                    let w = l.worker.clone();
                    g.1.remove(&s.lease_id);
                    w
                }
                _ => return Err(lease_error()),
            }
        };
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        ctx.db
            .put_proof(&ProofRecord {
                batch_number: s.batch_number,
                worker,
                proof: hex::encode(&bytes),
                submitted_at: unix,
            })
            .map_err(|e| rpc_error(STORAGE, e.to_string()))?;
        tracing::info!(target: "zkclear::prover", batch = s.batch_number, bytes = bytes.len(), "proof submitted (unverified)");
        Ok(serde_json::json!({ "status": "submitted_unverified", "batch_number": s.batch_number }))
    });
}

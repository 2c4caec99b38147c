//! The prover namespace (`prover_*`): lease a committed batch, keep the lease alive, submit a
//! proof. Every method takes a worker token first; the tokens are configured (`[prover]
//! worker_tokens`), and a request without a configured token changes nothing and learns nothing
//! (jobs carry signed orders, so they are served to authenticated workers only).
//!
//! Invariants:
//! - tokens are compared in constant time (blake3 digests, compared by `blake3::Hash`'s
//!   constant-time equality, against every configured token);
//! - a worker holds at most `max_leases_per_worker` live leases, so no client can hold every
//!   unproven batch;
//! - proof verification arrives with the prover issue: a submitted proof is stored as
//!   unverified against its batch and worker and never makes the batch unleasable.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jsonrpsee::types::{ErrorObjectOwned, Params};
use jsonrpsee::RpcModule;
use serde::{Deserialize, Serialize};

use super::error::{
    invalid_params, rpc_error, LEASE_LIMIT, NOT_FOUND, STORAGE, UNAUTHORIZED, UNKNOWN_LEASE,
};
use super::params::SubmitProofParams;
use super::RpcContext;
use crate::keeper::{Answer, Query};
use crate::persist::{BatchRecord, ProofRecord};

type RpcResult<T> = Result<T, ErrorObjectOwned>;

/// Largest accepted proof, bytes.
const MAX_PROOF_BYTES: usize = 8 * 1024 * 1024;

/// Shortest accepted worker token, bytes.
pub const MIN_TOKEN_BYTES: usize = 16;

/// Prover workers (the `[prover]` section of the config file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProverConfig {
    /// Secret tokens of the prover workers (at least 16 bytes each); worker `i` is named
    /// `worker-i` in leases and stored proofs. Empty: every `prover_*` call is refused.
    pub worker_tokens: Vec<String>,
    /// Most live leases one worker may hold.
    pub max_leases_per_worker: usize,
}

impl Default for ProverConfig {
    fn default() -> Self {
        Self {
            worker_tokens: Vec::new(),
            max_leases_per_worker: 2,
        }
    }
}

impl ProverConfig {
    /// The first configured token shorter than [`MIN_TOKEN_BYTES`], if any.
    pub fn short_token(&self) -> Option<usize> {
        self.worker_tokens
            .iter()
            .position(|t| t.len() < MIN_TOKEN_BYTES)
    }

    /// The worker `token` authenticates, compared in constant time against every configured
    /// token.
    fn worker_of(&self, token: &str) -> Option<String> {
        let given = blake3::hash(token.as_bytes());
        let mut found = None;
        for (i, t) in self.worker_tokens.iter().enumerate() {
            // `blake3::Hash`'s `==` is constant-time.
            let matches = blake3::hash(t.as_bytes()) == given;
            if matches && found.is_none() {
                found = Some(format!("worker-{i}"));
            }
        }
        found
    }
}

#[derive(Clone, Debug)]
struct Lease {
    batch: u64,
    worker: String,
    expires: Instant,
}

/// Live leases (in memory: after a restart every batch is leasable again).
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
    rpc_error(UNKNOWN_LEASE, "lease unknown, expired or another worker's")
}

/// Reads the token (first positional parameter) and answers the worker it authenticates.
fn authenticate(p: &Params<'_>, ctx: &RpcContext) -> RpcResult<String> {
    let mut seq = p.sequence();
    let token: String = seq
        .next()
        .map_err(|_| rpc_error(UNAUTHORIZED, "a worker token is the first parameter"))?;
    if ctx.prover.worker_tokens.is_empty() {
        return Err(rpc_error(
            UNAUTHORIZED,
            "no prover worker tokens are configured ([prover] worker_tokens)",
        ));
    }
    let worker = ctx
        .prover
        .worker_of(&token)
        .ok_or_else(|| rpc_error(UNAUTHORIZED, "unknown worker token"))?;
    Ok(worker)
}

/// The positional parameter after the token.
fn second<T: serde::de::DeserializeOwned>(p: &Params<'_>) -> RpcResult<T> {
    let mut seq = p.sequence();
    let _: serde_json::Value = seq
        .next()
        .map_err(|e| invalid_params(e.message().to_string()))?;
    seq.next::<T>()
        .map_err(|e| invalid_params(e.message().to_string()))
}

pub(super) fn register(m: &mut RpcModule<RpcContext>) {
    let _ = m.register_async_method("prover_leaseJob", |p, ctx, _| async move {
        let worker = authenticate(&p, &ctx)?;
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
                let held = g.1.values().filter(|l| l.worker == worker).count();
                let cap = ctx.prover.max_leases_per_worker;
                if held >= cap {
                    return Err(rpc_error(
                        LEASE_LIMIT,
                        format!("{worker} already holds {held} leases (at most {cap})"),
                    ));
                }
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
            tracing::info!(target: "zkclear::prover", %worker, batch, lease_id, "batch leased");
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
        let worker = authenticate(&p, ctx)?;
        let lease_id: u64 = second(&p)?;
        let Ok(mut g) = ctx.leases.inner.lock() else {
            return Err(rpc_error(STORAGE, "lease table poisoned"));
        };
        let now = Instant::now();
        let ttl = Duration::from_secs(ctx.config.lease_secs.max(1));
        match g.1.get_mut(&lease_id) {
            Some(l) if l.expires > now && l.worker == worker => {
                l.expires = now + ttl;
                Ok(ttl.as_secs())
            }
            _ => Err(lease_error()),
        }
    });
    let _ = m.register_method("prover_submitProof", |p, ctx, _| {
        let worker = authenticate(&p, ctx)?;
        let s: SubmitProofParams = second(&p)?;
        let bytes = hex::decode(s.proof.strip_prefix("0x").unwrap_or(&s.proof))
            .map_err(|e| invalid_params(format!("proof is not hex: {e}")))?;
        if bytes.is_empty() || bytes.len() > MAX_PROOF_BYTES {
            return Err(invalid_params("proof must be 1 byte to 8 MiB"));
        }
        {
            let Ok(mut g) = ctx.leases.inner.lock() else {
                return Err(rpc_error(STORAGE, "lease table poisoned"));
            };
            match g.1.get(&s.lease_id) {
                Some(l)
                    if l.expires > Instant::now()
                        && l.batch == s.batch_number
                        && l.worker == worker =>
                {
                    g.1.remove(&s.lease_id);
                }
                _ => return Err(lease_error()),
            }
        }
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        ctx.db
            .put_proof(&ProofRecord {
                batch_number: s.batch_number,
                worker: worker.clone(),
                proof: hex::encode(&bytes),
                submitted_at: unix,
            })
            .map_err(|e| rpc_error(STORAGE, e.to_string()))?;
        tracing::info!(target: "zkclear::prover", %worker, batch = s.batch_number, bytes = bytes.len(), "proof submitted (unverified; the batch stays leasable)");
        Ok(serde_json::json!({ "status": "submitted_unverified", "batch_number": s.batch_number }))
    });
}

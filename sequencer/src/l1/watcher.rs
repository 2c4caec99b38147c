//! The L1 watcher: polls the Rollup's `PriorityOp` events (deposits, key changes, forced
//! withdrawals) and feeds them to the keeper in queue order, starting from the state's priority
//! cursor.
//!
//! Invariants:
//! - the op with queue index `i` is applied only when the keeper's cursor is exactly `i`, so an
//!   op is never skipped or applied twice (after a node restart the cursor comes back from the
//!   recovered state, after an L1 restart the watcher just reconnects);
//! - any L1 error (node down, connection refused) is retried with exponential backoff and never
//!   stops the node.

use std::time::Duration;

use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use zkclear_l1::bindings::Rollup;
use zkclear_state::crypto::PublicKey;
use zkclear_state::ops::{Deposit, ForcedWithdrawal, SetKey};
use zkclear_state::types::Address as L2Address;

pub use crate::keeper::PriorityOp;
use crate::keeper::{Answer, KeeperError, KeeperHandle, Query};

/// Why a watcher step failed.
#[derive(Debug, thiserror::Error)]
pub enum WatcherError {
    /// The L1 URL does not parse.
    #[error("invalid L1 URL {url}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The L1 node did not answer (down, restarting, refused).
    #[error("L1 node: {0}")]
    L1(String),
    /// The keeper refused or is gone.
    #[error("keeper: {0}")]
    Keeper(#[from] KeeperError),
    /// Priority bytes that do not follow docs/pubdata.md.
    #[error("malformed priority op #{index}: {reason}")]
    Malformed {
        /// Queue index.
        index: u64,
        /// Why.
        reason: String,
    },
}

fn be_u32(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_be_bytes(a)
}

fn be_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(a)
}

fn owner(b: &[u8]) -> L2Address {
    let mut o = [0u8; 20];
    o.copy_from_slice(&b[5..25]);
    L2Address(o)
}

fn pubkey(b: &[u8]) -> PublicKey {
    let mut limbs = [0u64; 5];
    for (i, l) in limbs.iter_mut().enumerate() {
        *l = be_u64(b, 25 + 8 * i);
    }
    PublicKey(limbs)
}

/// Decodes exactly the priority bytes of docs/pubdata.md (73 / 65 / 33 bytes by type).
/// Never panics: a wrong length or an unknown type is `None`.
pub fn decode_priority(bytes: &[u8]) -> Option<PriorityOp> {
    let (&ty, _) = bytes.split_first()?;
    match (ty, bytes.len()) {
        (1, 73) => Some(PriorityOp::Deposit(Deposit {
            account: be_u32(bytes, 1),
            owner: owner(bytes),
            pubkey: pubkey(bytes),
            amount: be_u64(bytes, 65),
        })),
        (2, 65) => Some(PriorityOp::SetKey(SetKey {
            account: be_u32(bytes, 1),
            owner: owner(bytes),
            pubkey: pubkey(bytes),
        })),
        (10, 33) => Some(PriorityOp::ForcedWithdrawal(ForcedWithdrawal {
            account: be_u32(bytes, 1),
            owner: owner(bytes),
            amount: be_u64(bytes, 25),
        })),
        _ => None,
    }
}

/// Where and how often to watch.
#[derive(Clone, Debug)]
pub struct WatcherConfig {
    /// L1 JSON-RPC URL (http, loopback in the devnet).
    pub l1_rpc: String,
    /// The Rollup contract.
    pub rollup: Address,
    /// Poll interval.
    pub poll: Duration,
    /// Longest wait between retries after an error.
    pub max_backoff: Duration,
}

/// The watcher task's state.
#[derive(Debug)]
pub struct Watcher {
    config: WatcherConfig,
    keeper: KeeperHandle,
    rollup: Rollup::RollupInstance<DynProvider>,
    /// First L1 block not yet scanned for events (rewound to 0 on a gap).
    next_block: u64,
}

impl Watcher {
    /// Builds a watcher; connects lazily (every call is a fresh HTTP request, so an L1 restart
    /// needs no reconnection state).
    pub fn new(config: WatcherConfig, keeper: KeeperHandle) -> Result<Self, WatcherError> {
        let url = config
            .l1_rpc
            .parse()
            .map_err(|e| WatcherError::InvalidUrl {
                url: config.l1_rpc.clone(),
                reason: format!("{e}"),
            })?;
        let provider = ProviderBuilder::new().connect_http(url).erased();
        let rollup = Rollup::new(config.rollup, provider);
        Ok(Self {
            config,
            keeper,
            rollup,
            next_block: 0,
        })
    }

    async fn cursor(&self) -> Result<u64, WatcherError> {
        match self.keeper.query(Query::PriorityCursor).await? {
            Answer::PriorityCursor(c) => Ok(c),
            _ => Err(WatcherError::Keeper(KeeperError::Unavailable)),
        }
    }

    /// One pass: applies every queued op from the keeper's cursor on. Answers how many it
    /// applied.
    pub async fn step(&mut self) -> Result<usize, WatcherError> {
        let mut cursor = self.cursor().await?;
        let length = self
            .rollup
            .queueLength()
            .call()
            .await
            .map_err(|e| WatcherError::L1(e.to_string()))?;
        if length <= cursor {
            return Ok(0);
        }
        let head = self
            .rollup
            .provider()
            .get_block_number()
            .await
            .map_err(|e| WatcherError::L1(e.to_string()))?;
        let mut events = self
            .rollup
            .PriorityOp_filter()
            .from_block(self.next_block)
            .to_block(head)
            .query()
            .await
            .map_err(|e| WatcherError::L1(e.to_string()))?;
        events.sort_by_key(|(e, _)| e.index);
        let mut applied = 0;
        for (ev, _) in events {
            if ev.index < cursor {
                continue;
            }
            if ev.index > cursor {
                // A gap (e.g. the scan window started too late): rescan from genesis next time.
                self.next_block = 0;
                return Ok(applied);
            }
            let op = decode_priority(&ev.priorityBytes).ok_or_else(|| WatcherError::Malformed {
                index: ev.index,
                reason: format!("{} bytes", ev.priorityBytes.len()),
            })?;
            let (kind, account) = (op.name(), op.account());
            let status = self.keeper.priority(op, Some(ev.index)).await?;
            tracing::info!(target: "zkclear::l1", index = ev.index, kind, account, status, "priority op fed");
            cursor += 1;
            applied += 1;
        }
        if cursor >= length {
            self.next_block = head.saturating_add(1);
        }
        Ok(applied)
    }

    /// Runs until the keeper goes away: polls, and backs off (doubling up to `max_backoff`)
    /// while L1 is unreachable.
    pub async fn run(mut self) {
        let mut backoff = self.config.poll;
        loop {
            match self.step().await {
                Ok(_) => {
                    backoff = self.config.poll;
                    tokio::time::sleep(self.config.poll).await;
                }
                Err(WatcherError::Keeper(KeeperError::Unavailable)) => {
                    tracing::info!(target: "zkclear::l1", "keeper stopped; watcher exits");
                    return;
                }
                Err(e) => {
                    tracing::warn!(target: "zkclear::l1", error = %e, retry_in_ms = backoff.as_millis() as u64, "L1 watcher step failed");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(self.config.max_backoff);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_pubdata_md_deposit_example() {
        let hex_bytes = "010000000100112233445566778899aabbccddeeff00112233\
            0000000000000001000000000000000200000000000000030000000000000004\
            0000000000000005000000003b9aca00";
        let bytes = hex::decode(hex_bytes).expect("valid hex");
        let Some(PriorityOp::Deposit(d)) = decode_priority(&bytes) else {
            panic!("expected a deposit");
        };
        assert_eq!(d.account, 1);
        assert_eq!(d.pubkey, PublicKey([1, 2, 3, 4, 5]));
        assert_eq!(d.amount, 1_000_000_000);
        assert_eq!(d.owner.0[0..2], [0x00, 0x11]);
    }

    #[test]
    fn decodes_set_key_and_forced_withdrawal_as_the_state_encodes_them() {
        let owner = zkclear_state::types::Address([0xab; 20]);
        let s = SetKey {
            account: 7,
            owner,
            pubkey: PublicKey([u64::MAX - (1 << 32), 2, 3, 4, 5]),
        };
        let bytes = zkclear_state::pubdata::encode::set_key_priority(&s);
        assert_eq!(decode_priority(&bytes), Some(PriorityOp::SetKey(s)));
        let f = ForcedWithdrawal {
            account: 9,
            owner,
            amount: 123_456_789,
        };
        let bytes = zkclear_state::pubdata::encode::forced_withdrawal_priority(&f);
        assert_eq!(
            decode_priority(&bytes),
            Some(PriorityOp::ForcedWithdrawal(f))
        );
    }

    #[test]
    fn rejects_truncated_and_unknown_priority_bytes() {
        assert_eq!(decode_priority(&[]), None);
        assert_eq!(decode_priority(&[1; 72]), None);
        assert_eq!(decode_priority(&[3; 35]), None);
        assert!(matches!(
            decode_priority(&[10; 33]),
            Some(PriorityOp::ForcedWithdrawal(_))
        ));
    }
}

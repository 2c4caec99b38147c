//! Oracle ingestion helpers and the demo oracle: a task that signs a configured price path with
//! configured oracle keys (an odd number, at least the quorum) and feeds the ticks to the keeper,
//! which applies them as `OracleTick` ops (signatures checked by the state against the genesis
//! oracle keys), and that signs each option's settlement price (the underlying's price at its
//! expiry) once its tick time reaches the expiry (`SettlementTick`).

use std::time::Duration;

use zkclear_state::crypto::SecretKey;
use zkclear_state::ops::oracle_tick::price_digest;
use zkclear_state::ops::settlement_tick::settlement_digest;
use zkclear_state::ops::{OracleSubmission, OracleTick, SettlementTick};

use crate::keeper::{Answer, KeeperHandle, Query};

/// Builds a tick for `market` at `timestamp` and `price`, signed by every `(index, key)`.
pub fn signed_tick(market: u8, timestamp: u64, price: u32, keys: &[(u8, SecretKey)]) -> OracleTick {
    let digest = price_digest(market, timestamp, price);
    OracleTick {
        market,
        timestamp,
        submissions: keys
            .iter()
            .map(|(i, k)| OracleSubmission {
                key_index: *i,
                price,
                signature: k.sign(&digest),
            })
            .collect(),
    }
}

/// Builds the settlement tick of option `market` expiring at `expiry`, at the underlying price
/// `price`, signed by every `(index, key)`.
pub fn signed_settlement(
    market: u8,
    expiry: u64,
    price: u32,
    keys: &[(u8, SecretKey)],
) -> SettlementTick {
    let digest = settlement_digest(market, expiry, price);
    SettlementTick {
        market,
        submissions: keys
            .iter()
            .map(|(i, k)| OracleSubmission {
                key_index: *i,
                price,
                signature: k.sign(&digest),
            })
            .collect(),
    }
}

/// An option market the demo oracle settles at expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionExpiry {
    /// The option market.
    pub market: u8,
    /// Its underlying perp.
    pub underlying: u8,
    /// Its expiry (unix seconds).
    pub expiry: u64,
}

/// The latest oracle timestamp the keeper has applied to any market (0 if none, or if the keeper
/// does not answer). A tick must be strictly after its market's last one and not before the
/// rollup clock, so an oracle that restarts resumes after this.
pub async fn last_applied_timestamp(keeper: &KeeperHandle) -> u64 {
    match keeper.query(Query::Markets).await {
        Ok(Answer::Markets(ms)) => ms.iter().map(|m| m.price_time).max().unwrap_or(0),
        _ => 0,
    }
}

/// The timestamp of the next tick: the wall clock, or one second after the last tick if the
/// clock has not moved past it (strictly increasing).
pub fn next_timestamp(now: u64, last: u64) -> u64 {
    now.max(last.saturating_add(1))
}

/// Runs the demo oracle until the keeper stops: every `interval`, the next price of each path
/// (looping), timestamped with the wall clock, strictly after every tick the keeper applied
/// before (also those of a run before a restart in the same second).
pub async fn run_demo(
    keeper: KeeperHandle,
    keys: Vec<(u8, SecretKey)>,
    paths: Vec<(u8, Vec<u32>)>,
    mut options: Vec<OptionExpiry>,
    interval: Duration,
) {
    let mut step = 0usize;
    let mut last_price = std::collections::HashMap::new();
    let mut last_ts = last_applied_timestamp(&keeper).await;
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let ts = next_timestamp(now, last_ts);
        last_ts = ts;
        for (market, prices) in &paths {
            let Some(&price) = prices.get(step % prices.len().max(1)) else {
                continue;
            };
            match keeper
                .oracle_tick(signed_tick(*market, ts, price, &keys))
                .await
            {
                Ok(()) => {
                    last_price.insert(*market, price);
                    tracing::debug!(target: "zkclear::oracle", market, price, ts, "demo tick")
                }
                Err(crate::keeper::KeeperError::Unavailable) => return,
                Err(e) => {
                    tracing::warn!(target: "zkclear::oracle", market, error = %e, "demo tick rejected")
                }
            }
        }
        // Settle each option whose expiry the clock reached, at its underlying's last price.
        let mut settled = Vec::new();
        for (i, o) in options.iter().enumerate() {
            let Some(&price) = last_price.get(&o.underlying) else {
                continue;
            };
            if ts < o.expiry {
                continue;
            }
            match keeper
                .settlement_tick(signed_settlement(o.market, o.expiry, price, &keys))
                .await
            {
                Ok(()) => {
                    tracing::info!(target: "zkclear::oracle", market = o.market, price, "demo settlement signed");
                    settled.push(i);
                }
                Err(crate::keeper::KeeperError::Unavailable) => return,
                Err(e) => {
                    tracing::warn!(target: "zkclear::oracle", market = o.market, error = %e, "demo settlement rejected");
                    settled.push(i);
                }
            }
        }
        for i in settled.into_iter().rev() {
            options.remove(i);
        }
        step += 1;
    }
}

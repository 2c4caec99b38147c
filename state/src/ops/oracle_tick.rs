//! `OracleTick`: a market's price from at least a quorum of distinct configured oracle keys.
//!
//! Each submission signs `hash_no_pad([DOMAIN_ORACLE, market, timestamp, price])`. The price
//! used is the median; for an even count the **lower** of the two middle values (always a
//! submitted price, no rounding). The timestamp must be strictly after the market's last price
//! and not before the rollup clock (`oracle_time`), which it then becomes.

use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::crypto::{MessageDigest, Signature, SignatureVerifier};
use crate::math::{self, u64_to_field};
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{MarketId, OpType, DOMAIN_ORACLE};

use super::common::outcome;
use super::OpError;

/// One oracle's signed price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleSubmission {
    /// Index of the key in the genesis oracle key list.
    pub key_index: u8,
    /// Price signed.
    pub price: u32,
    /// Signature of [`price_digest`].
    pub signature: Signature,
}

/// An oracle tick for one market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OracleTick {
    /// Market priced.
    pub market: MarketId,
    /// Observation time (unix seconds).
    pub timestamp: u64,
    /// At least `quorum` submissions from distinct keys.
    pub submissions: Vec<OracleSubmission>,
}

/// Oracle-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OracleTickError {
    /// Fewer submissions than the quorum.
    #[error("{got} submissions, quorum is {quorum}")]
    BelowQuorum {
        /// Submissions given.
        got: usize,
        /// Required.
        quorum: usize,
    },
    /// A key index not in the configuration.
    #[error("unknown oracle key index {key_index}")]
    UnknownKey {
        /// The index.
        key_index: u8,
    },
    /// The same key submitted twice.
    #[error("oracle key {key_index} submitted twice")]
    DuplicateKey {
        /// The index.
        key_index: u8,
    },
    /// A signature does not verify.
    #[error("oracle key {key_index} signature is invalid")]
    BadSignature {
        /// The index.
        key_index: u8,
    },
    /// Not after the market's previous price.
    #[error("timestamp {timestamp} is not after the market's last price at {last}")]
    TimestampNotIncreasing {
        /// Given.
        timestamp: u64,
        /// Market's last.
        last: u64,
    },
    /// Before the rollup clock.
    #[error("timestamp {timestamp} is before the rollup clock {clock}")]
    ClockWentBack {
        /// Given.
        timestamp: u64,
        /// Current clock.
        clock: u64,
    },
}

/// The message an oracle signs.
pub fn price_digest(market: MarketId, timestamp: u64, price: u32) -> MessageDigest {
    PoseidonHash::hash_no_pad(
        &[
            DOMAIN_ORACLE,
            u64::from(market),
            timestamp,
            u64::from(price),
        ]
        .map(u64_to_field),
    )
}

/// Lower median of a non-empty list (`None` if empty).
pub fn median(prices: &[u32]) -> Option<u32> {
    let mut v = prices.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return None;
    }
    v.get((n - 1) / 2).copied()
}

/// Applies an oracle tick.
pub fn apply<S: Store>(
    state: &mut State<S>,
    t: &OracleTick,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    math::timestamp(t.timestamp)?;
    let mut market = state
        .market(t.market)?
        .ok_or(OpError::MarketNotFound { market: t.market })?;
    let mut g = state.globals()?;
    if t.timestamp <= market.price_time {
        return Err(OracleTickError::TimestampNotIncreasing {
            timestamp: t.timestamp,
            last: market.price_time,
        }
        .into());
    }
    if t.timestamp < g.oracle_time {
        return Err(OracleTickError::ClockWentBack {
            timestamp: t.timestamp,
            clock: g.oracle_time,
        }
        .into());
    }
    let quorum = state.oracle().quorum;
    if t.submissions.len() < quorum {
        return Err(OracleTickError::BelowQuorum {
            got: t.submissions.len(),
            quorum,
        }
        .into());
    }
    let mut seen = [false; 256];
    let mut prices = Vec::with_capacity(t.submissions.len());
    for s in &t.submissions {
        let key = state.oracle().keys.get(usize::from(s.key_index)).ok_or(
            OracleTickError::UnknownKey {
                key_index: s.key_index,
            },
        )?;
        if std::mem::replace(&mut seen[usize::from(s.key_index)], true) {
            return Err(OracleTickError::DuplicateKey {
                key_index: s.key_index,
            }
            .into());
        }
        math::price(s.price)?;
        let digest = price_digest(t.market, t.timestamp, s.price);
        if !verifier.verify(key, &digest, &s.signature) {
            return Err(OracleTickError::BadSignature {
                key_index: s.key_index,
            }
            .into());
        }
        prices.push(s.price);
    }
    // Non-empty: quorum ≥ 1 (genesis validation) and len ≥ quorum.
    let price = median(&prices).ok_or(OracleTickError::BelowQuorum { got: 0, quorum })?;
    market.price = price;
    market.price_time = t.timestamp;
    state.write_market(&market)?;
    g.oracle_time = t.timestamp;
    state.set_globals(&g);
    Ok(outcome(
        OpType::OracleTick,
        encode::oracle_tick(t.market, t.timestamp, price),
    ))
}

#[cfg(test)]
mod tests;

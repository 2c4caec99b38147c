//! `OracleTick`: a market's price from a quorum of distinct configured oracle keys.
//!
//! Rules, in order:
//! 1. the timestamp is a valid timestamp, strictly after the market's last price and not before
//!    the rollup clock (`oracle_time`);
//! 2. the submissions are an **odd** number, at least the quorum (genesis makes the quorum a
//!    strict majority of the keys), from distinct configured keys, each signing
//!    `hash_no_pad([DOMAIN_ORACLE, market, timestamp, price])`; the price is their exact median
//!    (always a submitted price, no rounding). With an honest majority among the signers the
//!    median lies within the honest prices;
//! 3. **band**: once the market has a price, the move is at most `band_ppm` of the last price per
//!    started minute since it: `|new − last| × 10^6 ≤ last × min(band_ppm × minutes, 2^24)` with
//!    `minutes = max(1, ceil((timestamp − last_time) / 60))` capped at 2^24. A tick outside the
//!    band is refused, so no liquidation can run on it. The band widens with time, so a genuine
//!    move is accepted after `move / band_ppm` minutes without any operator action; meanwhile the
//!    price ages and the staleness rule (`common::require_fresh`) stops ops that open risk or
//!    liquidate on the old price. There is no operator override.
//!
//! Reads: market leaf, globals. Writes: market leaf (price, price time), globals (clock).

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
    /// An even number of submissions: the median would not be one signed price.
    #[error("{got} submissions: an odd number is required")]
    EvenSubmissionCount {
        /// Submissions given.
        got: usize,
    },
    /// The move from the last price exceeds the market's band for the elapsed time.
    #[error("price {price} moves more than {allowed_ppm} ppm from the last price {last}")]
    OutsideBand {
        /// The median price of the tick.
        price: u32,
        /// The price it is compared with.
        last: u32,
        /// The largest move allowed for the elapsed time, ppm of `last`.
        allowed_ppm: u64,
    },
}

/// Cap of a band's allowed move, ppm (`2^24`, ≈ 16.8× the last price): keeps
/// `last × allowed_ppm < 2^56`.
pub const MAX_BAND_MOVE_PPM: u64 = 1 << 24;

/// The largest move allowed `elapsed` seconds after the last price, ppm of that price:
/// `min(band_ppm × max(1, ceil(elapsed / 60)), 2^24)`, minutes capped at 2^24.
pub fn band_allowed_ppm(band_ppm: u32, elapsed: u64) -> u64 {
    let minutes = elapsed.div_ceil(60).clamp(1, 1 << 24);
    (u64::from(band_ppm) * minutes).min(MAX_BAND_MOVE_PPM)
}

/// Checks that `price` is within the band of `last` after `elapsed` seconds.
pub fn check_band(
    price: u32,
    last: u32,
    band_ppm: u32,
    elapsed: u64,
) -> Result<(), OracleTickError> {
    let allowed_ppm = band_allowed_ppm(band_ppm, elapsed);
    let moved = u64::from(price.abs_diff(last)) * math::PPM; // < 2^52
    if moved > u64::from(last) * allowed_ppm {
        return Err(OracleTickError::OutsideBand {
            price,
            last,
            allowed_ppm,
        });
    }
    Ok(())
}

/// Verifies a set of oracle submissions for the message `digest(price)` and returns their median:
/// an odd number, at least the quorum, distinct configured keys, valid prices and signatures.
pub(crate) fn quorum_median<S: Store>(
    state: &State<S>,
    submissions: &[OracleSubmission],
    digest: impl Fn(u32) -> MessageDigest,
    verifier: &dyn SignatureVerifier,
) -> Result<u32, OpError> {
    let quorum = state.oracle().quorum;
    if submissions.len() < quorum {
        return Err(OracleTickError::BelowQuorum {
            got: submissions.len(),
            quorum,
        }
        .into());
    }
    if submissions.len() % 2 == 0 {
        return Err(OracleTickError::EvenSubmissionCount {
            got: submissions.len(),
        }
        .into());
    }
    let mut seen = [false; 256];
    let mut prices = Vec::with_capacity(submissions.len());
    for s in submissions {
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
        if !verifier.verify(key, &digest(s.price), &s.signature) {
            return Err(OracleTickError::BadSignature {
                key_index: s.key_index,
            }
            .into());
        }
        prices.push(s.price);
    }
    // Odd and ≥ quorum ≥ 1: non-empty.
    Ok(median(&prices).ok_or(OracleTickError::BelowQuorum { got: 0, quorum })?)
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

/// Median of a non-empty list (`None` if empty); the lower middle value for an even length
/// (ops only ever pass odd lengths).
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
    let price = quorum_median(
        state,
        &t.submissions,
        |p| price_digest(t.market, t.timestamp, p),
        verifier,
    )?;
    if market.price != 0 {
        check_band(
            price,
            market.price,
            market.band_ppm,
            t.timestamp - market.price_time,
        )?;
    }
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

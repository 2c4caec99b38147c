//! `SettlementTick`: the settlement price of an expired option market, signed by the oracle
//! quorum for the option's expiry time, so no timing choice of the sequencer can pick it.
//!
//! Each submission signs `hash_no_pad([DOMAIN_SETTLEMENT, option market, expiry, price])`: the
//! underlying's price *at the expiry instant*, a message distinct from every mark tick. Rules, in
//! order: the market is an option; it has no settlement price yet; the rollup clock has reached
//! its expiry (so it no longer trades, `trade::check_tradable`); the submissions pass the quorum
//! rule of `oracle_tick::quorum_median` (odd, ≥ quorum, distinct keys, valid signatures; the
//! median); the underlying has a price and the median is within the underlying's band
//! (`oracle_tick::check_band`) for the time between the underlying's last price and the expiry.
//! The clock is not moved (the expiry is already past it).
//!
//! Reads: the option's market leaf, the underlying's market leaf, globals (clock). Writes: the
//! option's market leaf (settlement price).

use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::crypto::{MessageDigest, SignatureVerifier};
use crate::math::u64_to_field;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{MarketId, OpType, DOMAIN_SETTLEMENT};

use super::common::outcome;
use super::oracle_tick::{check_band, quorum_median, OracleSubmission};
use super::OpError;

/// A quorum-signed settlement price for an option market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettlementTick {
    /// The option market settled.
    pub market: MarketId,
    /// Signed underlying prices at the option's expiry.
    pub submissions: Vec<OracleSubmission>,
}

/// Settlement-tick rejections (quorum, key, signature and band errors are
/// [`super::OracleTickError`]s).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettlementTickError {
    /// The market is a perp.
    #[error("market {market} is not an option")]
    NotAnOption {
        /// The market.
        market: MarketId,
    },
    /// The market already has a settlement price.
    #[error("market {market} is already settled at {price}")]
    AlreadySettled {
        /// The market.
        market: MarketId,
        /// Its settlement price.
        price: u32,
    },
    /// The rollup clock has not reached the expiry.
    #[error("option expires at {expiry}, clock is {now}")]
    NotExpired {
        /// Expiry.
        expiry: u64,
        /// Rollup clock.
        now: u64,
    },
    /// The underlying has never had a price: no band to check against.
    #[error("underlying market {market} has no price")]
    UnderlyingHasNoPrice {
        /// The underlying.
        market: MarketId,
    },
}

/// The message an oracle signs for the settlement of option `market` expiring at `expiry`.
pub fn settlement_digest(market: MarketId, expiry: u64, price: u32) -> MessageDigest {
    PoseidonHash::hash_no_pad(
        &[
            DOMAIN_SETTLEMENT,
            u64::from(market),
            expiry,
            u64::from(price),
        ]
        .map(u64_to_field),
    )
}

/// Applies a settlement tick.
pub fn apply<S: Store>(
    state: &mut State<S>,
    t: &SettlementTick,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    let mut market = state
        .market(t.market)?
        .ok_or(OpError::MarketNotFound { market: t.market })?;
    if !market.kind.is_option() {
        return Err(SettlementTickError::NotAnOption { market: t.market }.into());
    }
    if market.settlement_price != 0 {
        return Err(SettlementTickError::AlreadySettled {
            market: t.market,
            price: market.settlement_price,
        }
        .into());
    }
    let now = state.globals()?.oracle_time;
    if now < market.expiry {
        return Err(SettlementTickError::NotExpired {
            expiry: market.expiry,
            now,
        }
        .into());
    }
    let price = quorum_median(
        state,
        &t.submissions,
        |p| settlement_digest(t.market, market.expiry, p),
        verifier,
    )?;
    let underlying = state
        .market(market.underlying)?
        .ok_or(OpError::MarketNotFound {
            market: market.underlying,
        })?;
    if underlying.price == 0 {
        return Err(SettlementTickError::UnderlyingHasNoPrice {
            market: underlying.id,
        }
        .into());
    }
    check_band(
        price,
        underlying.price,
        underlying.band_ppm,
        market.expiry.abs_diff(underlying.price_time),
    )?;
    market.settlement_price = price;
    state.write_market(&market)?;
    Ok(outcome(
        OpType::SettlementTick,
        encode::settlement_tick(t.market, price),
    ))
}

#[cfg(test)]
mod tests;

//! `FundingTick`: the sequencer moves a perp's funding index by `index_delta` (per lot; longs pay
//! a positive change). Bound: `|index_delta| ≤ floor(price × max_rate / 10^6) × min(elapsed,
//! 2^24) / 3600` (floor), with `elapsed` = rollup clock − last funding time; the funding time then
//! becomes the clock. Positions settle funding into collateral whenever they are touched.
//!
//! Reads: the market leaf, globals (clock). Writes: the market leaf (index, funding time).

use crate::math::{self, MAX_FUNDING_ELAPSED, PPM};
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{MarketId, OpType};

use super::common::outcome;
use super::OpError;

/// A funding index update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundingTick {
    /// Perp market.
    pub market: MarketId,
    /// Change of the funding index (base units per lot).
    pub index_delta: i64,
}

/// Funding-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FundingTickError {
    /// Options have no funding.
    #[error("market {market} is not a perp")]
    NotAPerp {
        /// Market.
        market: MarketId,
    },
    /// No oracle price yet.
    #[error("market {market} has no oracle price")]
    NoPrice {
        /// Market.
        market: MarketId,
    },
    /// The change exceeds the rate bound.
    #[error("funding change {delta} exceeds the bound {bound}")]
    DeltaTooLarge {
        /// Asked.
        delta: i64,
        /// Allowed.
        bound: u64,
    },
}

/// The largest allowed `|index_delta|` for `price`, `max_rate_ppm` per hour and `elapsed` s.
pub fn funding_bound(price: u32, max_rate_ppm: u32, elapsed: u64) -> u64 {
    let per_hour = u64::from(price) * u64::from(max_rate_ppm.min(PPM as u32)) / PPM;
    per_hour * elapsed.min(MAX_FUNDING_ELAPSED) / 3600
}

/// Applies a funding tick.
pub fn apply<S: Store>(state: &mut State<S>, f: &FundingTick) -> Result<Outcome, OpError> {
    let mut market = state
        .market(f.market)?
        .ok_or(OpError::MarketNotFound { market: f.market })?;
    if market.kind.is_option() {
        return Err(FundingTickError::NotAPerp { market: f.market }.into());
    }
    if market.price == 0 {
        return Err(FundingTickError::NoPrice { market: f.market }.into());
    }
    let now = state.globals()?.oracle_time;
    let elapsed = now.saturating_sub(market.funding_time);
    let bound = funding_bound(market.price, market.max_funding_rate_ppm, elapsed);
    if f.index_delta.unsigned_abs() > bound {
        return Err(FundingTickError::DeltaTooLarge {
            delta: f.index_delta,
            bound,
        }
        .into());
    }
    market.funding_index =
        math::funding_index(i128::from(market.funding_index) + i128::from(f.index_delta))?;
    market.funding_time = now;
    state.write_market(&market)?;
    Ok(outcome(OpType::FundingTick, encode::funding_tick(f)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testkit::{trade, Kit, BTC, CALL};
    use crate::ops::Op;
    use crate::types::Side;

    fn op(market: MarketId, index_delta: i64) -> Op {
        Op::FundingTick(FundingTick {
            market,
            index_delta,
        })
    }

    /// Price 10 000 000, rate 1 000 ppm/h: 10 000 per hour; `seconds` later.
    fn kit_after(seconds: u64) -> Kit {
        let mut k = Kit::new();
        k.now += seconds - 1;
        k.price(BTC, 10_000_000);
        k
    }

    #[test]
    fn funding_moves_value_from_longs_to_shorts() {
        let mut k = kit_after(3600);
        k.fund(1, 1_000_000_000);
        k.fund(2, 1_000_000_000);
        let m = k.order(1, BTC, Side::Buy, 10_000_000, 10, 1);
        let t = k.order(2, BTC, Side::Sell, 10_000_000, 10, 1);
        k.ok(&trade(m, t, 10, 10_000_000));
        k.ok(&op(BTC, 10_000));
        let long = k.state.margin(1).expect("margin").value;
        let short = k.state.margin(2).expect("margin").value;
        assert_eq!(long, 1_000_000_000 - 100_000);
        assert_eq!(short, 1_000_000_000 + 100_000);
    }

    #[test]
    fn funding_tick_rejects_delta_too_large() {
        let mut k = kit_after(3600);
        assert!(matches!(
            k.apply(&op(BTC, -10_001)),
            Err(OpError::FundingTick(FundingTickError::DeltaTooLarge {
                delta: -10_001,
                bound: 10_000
            }))
        ));
    }

    #[test]
    fn funding_tick_rejects_not_a_perp() {
        let mut k = kit_after(3600);
        assert!(matches!(
            k.apply(&op(CALL, 0)),
            Err(OpError::FundingTick(FundingTickError::NotAPerp {
                market: CALL
            }))
        ));
    }

    #[test]
    fn funding_tick_rejects_no_price() {
        let mut k = Kit::new();
        assert!(matches!(
            k.apply(&op(1, 0)),
            Err(OpError::FundingTick(FundingTickError::NoPrice {
                market: 1
            }))
        ));
    }

    #[test]
    fn funding_tick_rejects_unknown_market() {
        let mut k = Kit::new();
        assert!(matches!(
            k.apply(&op(200, 0)),
            Err(OpError::MarketNotFound { market: 200 })
        ));
    }

    #[test]
    fn funding_bound_caps_elapsed_time() {
        assert_eq!(funding_bound(10_000_000, 1_000, 7_200), 20_000);
        assert_eq!(
            funding_bound(u32::MAX, 1_000_000, u64::MAX),
            u64::from(u32::MAX) * MAX_FUNDING_ELAPSED / 3600
        );
    }
}

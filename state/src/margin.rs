//! Margin: account value and risk at the initial and maintenance levels (`docs/architecture.md`, "Margin").
//!
//! ```text
//! value = collateral + Σ size × price − Σ_perps size × (index − cached_index)
//! risk  = Σ_perps |size| × ceil(price × fraction / 10^6)
//!       + Σ_short options |size| × max(ceil(α·S / 10^6) − OTM, ceil(β·S / 10^6))
//! ```
//!
//! where an option's price is its oracle mark (or its intrinsic payoff once the market has a
//! settlement price), S is the underlying's oracle price, OTM the out-of-the-money amount
//! (call: max(K − S, 0), put: max(S − K, 0)). Per-unit risk is rounded up before multiplying by
//! the size: rounding is against the trader. Long options add no risk beyond their value.
//!
//! Options are paid in cash: at the **initial** level (opening risk, withdrawals, forced
//! withdrawals) the value of unsettled long options does not count, so an account cannot buy
//! options on credit or withdraw the premium it paid; at maintenance it counts at its mark.
//!
//! ```text
//! healthy(initial)     ⇔ value − long_option_value ≥ initial_risk
//! healthy(maintenance) ⇔ value ≥ maintenance_risk
//! ```
//!
//! Bounds (`docs/bit-widths.md`): `|value| < 2^61`, `long_option_value < 2^60`, risks `< 2^60`,
//! so every comparison above, and the free-collateral comparisons of `ops::common::may_end_at`
//! written as `a + b ≥ c + d`, stay within the 62-bit signed range of the circuit gadgets.

use crate::math::{self, MathError, MathResult};
use crate::types::{Market, MarketKind, Position};

/// Exclusive bound of an account value's magnitude (`2^61`): an op that would produce a larger
/// one is refused, so the margin comparisons fit the circuits' signed range.
pub const MAX_ACCOUNT_VALUE: i128 = 1 << 61;

/// Margin level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Required to open risk (trades, withdrawals).
    Initial,
    /// Below it the account can be liquidated.
    Maintenance,
}

/// One position with the market data margin needs.
#[derive(Clone, Copy, Debug)]
pub struct MarginEntry<'a> {
    /// The position.
    pub position: Position,
    /// Its market.
    pub market: &'a Market,
    /// Oracle price of the underlying (the market's own price for perps).
    pub underlying_price: u32,
}

/// Value and risks of an account.
///
/// Invariant: `|value| < 2^61`, `long_option_value` and risks `< 2^60`
/// (`docs/bit-widths.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MarginSummary {
    /// Collateral plus marked positions minus unpaid funding.
    pub value: i64,
    /// Σ size × mark over unsettled long options: part of `value`, not counted at the initial
    /// level.
    pub long_option_value: u64,
    /// Risk at the initial level.
    pub initial_risk: u64,
    /// Risk at the maintenance level.
    pub maintenance_risk: u64,
}

impl MarginSummary {
    /// Risk at `level`.
    pub fn risk(&self, level: Level) -> u64 {
        match level {
            Level::Initial => self.initial_risk,
            Level::Maintenance => self.maintenance_risk,
        }
    }

    /// The value counted at `level`: `value − long_option_value` at initial, `value` at
    /// maintenance (`|x| < 2^61 + 2^60`).
    pub fn value_at(&self, level: Level) -> i128 {
        match level {
            Level::Initial => i128::from(self.value) - i128::from(self.long_option_value),
            Level::Maintenance => i128::from(self.value),
        }
    }

    /// `value_at(level) − risk(level)`, exact (`|x| < 2^62`).
    pub fn free(&self, level: Level) -> i128 {
        self.value_at(level) - i128::from(self.risk(level))
    }

    /// Whether `value ≥ risk(level)`.
    pub fn is_healthy(&self, level: Level) -> bool {
        self.free(level) >= 0
    }
}

/// The per-unit mark used for value: the oracle price, or an option's intrinsic payoff once its
/// market has a settlement price.
pub fn mark_price(market: &Market) -> u64 {
    if market.kind.is_option() && market.settlement_price != 0 {
        market.option_payoff(u64::from(market.settlement_price))
    } else {
        u64::from(market.price)
    }
}

/// Funding owed by the position: `size × (market index − cached index)` (0 for options).
pub fn unpaid_funding(position: &Position, market: &Market) -> MathResult<i128> {
    if market.kind.is_option() {
        return Ok(0);
    }
    let delta = i128::from(market.funding_index) - i128::from(position.funding_index);
    Ok(i128::from(math::position_size(i128::from(position.size))?) * delta)
}

/// Per-unit risk of a position at `level` (already rounded up).
pub fn risk_per_unit(entry: &MarginEntry<'_>, level: Level) -> MathResult<u64> {
    let m = entry.market;
    let (alpha, beta) = match level {
        Level::Initial => (m.initial_ppm, m.beta_initial_ppm),
        Level::Maintenance => (m.maintenance_ppm, m.beta_maintenance_ppm),
    };
    match m.kind {
        MarketKind::Perp => math::ceil_ppm(u64::from(m.price), alpha),
        MarketKind::Call | MarketKind::Put => {
            if entry.position.size >= 0 || m.settlement_price != 0 {
                return Ok(0);
            }
            let s = u64::from(entry.underlying_price);
            let k = u64::from(m.strike);
            let otm = match m.kind {
                MarketKind::Call => k.saturating_sub(s),
                _ => s.saturating_sub(k),
            };
            let a = math::ceil_ppm(s, alpha)?.saturating_sub(otm);
            Ok(a.max(math::ceil_ppm(s, beta)?))
        }
    }
}

/// Value and both risks of an account with `collateral` and `entries`.
pub fn compute(collateral: i64, entries: &[MarginEntry<'_>]) -> MathResult<MarginSummary> {
    let mut value = i128::from(math::collateral(i128::from(collateral))?);
    let mut initial: i128 = 0;
    let mut maintenance: i128 = 0;
    let mut long_options: i128 = 0;
    for e in entries {
        let size = e.position.size;
        let marked = math::notional(size, mark_price(e.market))?;
        value += marked;
        if e.market.kind.is_option() && size > 0 && e.market.settlement_price == 0 {
            long_options += marked;
        }
        value -= unpaid_funding(&e.position, e.market)?;
        initial += math::size_times(size.abs(), risk_per_unit(e, Level::Initial)?)?;
        maintenance += math::size_times(size.abs(), risk_per_unit(e, Level::Maintenance)?)?;
    }
    if value.abs() >= MAX_ACCOUNT_VALUE {
        return Err(MathError::OutOfRange {
            quantity: "account value",
            value,
        });
    }
    // Each term < 2^56 and at most 16 entries: < 2^60, so the casts are exact.
    Ok(MarginSummary {
        value: value as i64,
        long_option_value: long_options as u64,
        initial_risk: initial as u64,
        maintenance_risk: maintenance as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perp(price: u32) -> Market {
        Market {
            id: 0,
            kind: MarketKind::Perp,
            underlying: 0,
            strike: 0,
            expiry: 0,
            price,
            price_time: 1,
            funding_index: 0,
            funding_time: 0,
            initial_ppm: 100_000,
            maintenance_ppm: 50_000,
            beta_initial_ppm: 0,
            beta_maintenance_ppm: 0,
            liquidation_fee_ppm: 10_000,
            max_funding_rate_ppm: 1_000,
            settlement_price: 0,
            band_ppm: 50_000,
            max_price_age: 300,
        }
    }

    fn option(kind: MarketKind, strike: u32, mark: u32) -> Market {
        Market {
            id: 1,
            kind,
            underlying: 0,
            strike,
            expiry: 100,
            price: mark,
            initial_ppm: 150_000,
            maintenance_ppm: 100_000,
            beta_initial_ppm: 100_000,
            beta_maintenance_ppm: 50_000,
            ..perp(mark)
        }
    }

    fn pos(market: u8, size: i64) -> Position {
        Position {
            market,
            size,
            funding_index: 0,
        }
    }

    #[test]
    fn perp_value_and_risk_follow_the_formula() {
        let m = perp(1_000);
        let e = [MarginEntry {
            position: pos(0, -10),
            market: &m,
            underlying_price: 1_000,
        }];
        let s = compute(20_000, &e).expect("in range");
        assert_eq!(s.value, 20_000 - 10_000);
        assert_eq!(s.initial_risk, 10 * 100);
        assert_eq!(s.maintenance_risk, 10 * 50);
        assert!(s.is_healthy(Level::Initial));
    }

    #[test]
    fn per_unit_risk_rounds_up_against_the_trader() {
        let m = perp(3);
        let e = [MarginEntry {
            position: pos(0, 7),
            market: &m,
            underlying_price: 3,
        }];
        // 3 × 10% = 0.3 → 1 per lot.
        assert_eq!(compute(0, &e).expect("in range").initial_risk, 7);
    }

    #[test]
    fn unpaid_funding_lowers_value_of_longs() {
        let mut m = perp(1_000);
        m.funding_index = 5;
        let e = [MarginEntry {
            position: pos(0, 10),
            market: &m,
            underlying_price: 1_000,
        }];
        assert_eq!(compute(0, &e).expect("in range").value, 10_000 - 50);
    }

    #[test]
    fn short_call_risk_is_max_of_alpha_minus_otm_and_beta() {
        // S = 1000, K = 1100 (OTM by 100): max(150 − 100, 100) = 100 at initial.
        let u = perp(1_000);
        let c = option(MarketKind::Call, 1_100, 20);
        let e = [MarginEntry {
            position: pos(1, -3),
            market: &c,
            underlying_price: u.price,
        }];
        let s = compute(0, &e).expect("in range");
        assert_eq!(s.value, -60);
        assert_eq!(s.initial_risk, 300);
        // maintenance: max(100 − 100, 50) = 50
        assert_eq!(s.maintenance_risk, 150);
    }

    #[test]
    fn short_put_in_the_money_uses_alpha() {
        // S = 1000, K = 1100 put is ITM: OTM = 0 → α·S = 150.
        let p = option(MarketKind::Put, 1_100, 120);
        let e = [MarginEntry {
            position: pos(1, -2),
            market: &p,
            underlying_price: 1_000,
        }];
        assert_eq!(compute(0, &e).expect("in range").initial_risk, 300);
    }

    #[test]
    fn long_options_add_no_risk() {
        let c = option(MarketKind::Call, 900, 150);
        let e = [MarginEntry {
            position: pos(1, 4),
            market: &c,
            underlying_price: 1_000,
        }];
        let s = compute(0, &e).expect("in range");
        assert_eq!((s.value, s.initial_risk), (600, 0));
    }

    #[test]
    fn settled_option_is_valued_at_its_payoff() {
        let mut c = option(MarketKind::Call, 900, 150);
        c.settlement_price = 1_000;
        let e = [MarginEntry {
            position: pos(1, -4),
            market: &c,
            underlying_price: 5,
        }];
        let s = compute(0, &e).expect("in range");
        assert_eq!((s.value, s.initial_risk), (-400, 0));
    }

    #[test]
    fn compute_rejects_out_of_range_collateral() {
        assert!(compute(math::MAX_COLLATERAL + 1, &[]).is_err());
    }

    #[test]
    fn long_option_value_counts_at_maintenance_only() {
        let u = perp(10_000);
        let c = option(MarketKind::Call, 9_000, 1_500);
        let e = [MarginEntry {
            position: pos(1, 100),
            market: &c,
            underlying_price: u.price,
        }];
        // Bought 100 calls at 1 500 on credit: collateral −150 000, value 0.
        let s = compute(-150_000, &e).expect("in range");
        assert_eq!((s.value, s.long_option_value), (0, 150_000));
        assert_eq!(s.risk(Level::Initial), 0);
        assert!(s.is_healthy(Level::Maintenance));
        assert!(!s.is_healthy(Level::Initial));
        assert_eq!(s.free(Level::Initial), -150_000);
        // Once settled, the payoff is cash owed to the account and counts at both levels.
        let settled = Market {
            settlement_price: 10_000,
            ..c
        };
        let e = [MarginEntry {
            position: pos(1, 100),
            market: &settled,
            underlying_price: u.price,
        }];
        let s = compute(0, &e).expect("in range");
        assert_eq!((s.value, s.long_option_value), (100_000, 0));
    }

    #[test]
    fn account_value_beyond_2_pow_61_is_refused() {
        // A short of maximal size at price 1 that has received maximal funding: ≈ +2^57 each.
        let m = Market {
            funding_index: math::MAX_FUNDING_INDEX,
            ..perp(1)
        };
        let p = Position {
            market: 0,
            size: -(math::MAX_SIZE as i64),
            funding_index: -math::MAX_FUNDING_INDEX,
        };
        let e = MarginEntry {
            position: p,
            market: &m,
            underlying_price: 1,
        };
        assert!(compute(0, &[e; 16]).is_ok());
        assert!(matches!(
            compute(math::MAX_COLLATERAL, &[e; 16]),
            Err(MathError::OutOfRange {
                quantity: "account value",
                ..
            })
        ));
    }
}

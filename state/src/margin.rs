//! Margin: account value and risk at the initial and maintenance levels (DESIGN.md §3).
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
//! Healthy at a level ⇔ value ≥ risk at that level. Bounds: `docs/bit-widths.md`.

use crate::math::{self, MathError, MathResult};
use crate::types::{Market, MarketKind, Position};

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
/// Invariant: `|value| < 2^62`, risks `< 2^60` (`docs/bit-widths.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MarginSummary {
    /// Collateral plus marked positions minus unpaid funding.
    pub value: i64,
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

    /// `value − risk(level)`, exact (`|x| < 2^63`).
    pub fn free(&self, level: Level) -> i128 {
        i128::from(self.value) - i128::from(self.risk(level))
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
    for e in entries {
        let size = e.position.size;
        value += math::notional(size, mark_price(e.market))?;
        value -= unpaid_funding(&e.position, e.market)?;
        initial += math::size_times(size.abs(), risk_per_unit(e, Level::Initial)?)?;
        maintenance += math::size_times(size.abs(), risk_per_unit(e, Level::Maintenance)?)?;
    }
    let bound = 1i128 << 62;
    if value.abs() >= bound {
        return Err(MathError::OutOfRange {
            quantity: "account value",
            value,
        });
    }
    // Each term < 2^56 and at most 16 entries: < 2^60, so the casts are exact.
    Ok(MarginSummary {
        value: value as i64,
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
}

//! The risk-pass policy the keeper follows after every oracle tick, settlement and funding tick
//! (`docs/architecture.md`, "Deficits"; the state's `Liquidate`, `CoverDeficit` and
//! `Deleverage` ops are the rules, this module only chooses among what they allow).
//!
//! Policy, per account below maintenance or with negative value, in this order:
//! 1. **cover**: a negative value is brought towards zero from the insurance fund
//!    (`CoverDeficit`), as far as the fund goes;
//! 2. **liquidate**: each position is taken over in full by the operator's liquidator account at
//!    the mark price (at value ≥ 0 the state allows a discount up to the position's maintenance
//!    margin per lot; the operator takes none), or at the bankruptcy price if the value is still
//!    negative; then a deficit left by the liquidation fee cap is covered again;
//! 3. **deleverage**: with the fund empty and the value still negative, each position is closed
//!    at the bankruptcy price against the first counterparty of the published ranking
//!    ([`rank`]).

/// The price at which a liquidator takes over a position of `size` lots (signed) from an account
/// of margin `value`, with mark price `mark`: the mark if `value ≥ 0`, else the bankruptcy price
/// `mark + ceil(−value/|size|)` for a long, `mark − ceil(−value/|size|)` for a short. `None` if
/// the result is not a valid price (≤ 0 or above u32).
pub fn liquidation_price(mark: u64, value: i64, size: i64) -> Option<u32> {
    if size == 0 {
        return None;
    }
    if value >= 0 {
        return u32::try_from(mark).ok().filter(|&p| p > 0);
    }
    bankruptcy_price(mark, value, size)
}

/// The bankruptcy price of a position of `size` lots for an account of value `value < 0`
/// (the state's `Deleverage` rule).
pub fn bankruptcy_price(mark: u64, value: i64, size: i64) -> Option<u32> {
    let abs = i128::from(size.unsigned_abs());
    if abs == 0 {
        return None;
    }
    let deficit = i128::from(value.min(0)).unsigned_abs() as i128;
    let per_lot = (deficit + abs - 1) / abs;
    let p = if size > 0 {
        i128::from(mark) + per_lot
    } else {
        i128::from(mark) - per_lot
    };
    u32::try_from(p).ok().filter(|&p| p > 0)
}

/// A possible deleveraging counterparty: an account holding the opposite position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The account.
    pub account: u32,
    /// Its free collateral at maintenance (`value − maintenance risk`).
    pub free: i128,
    /// Its signed size in the market.
    pub size: i64,
}

/// The published deleveraging ranking: only counterparties in profit in the sense the state
/// checks (free collateral at maintenance > 0), largest free collateral first, ties by lower
/// account id. Anyone can recompute it from the public state at the batch's point.
pub fn rank(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.retain(|c| c.free > 0);
    candidates.sort_by(|a, b| b.free.cmp(&a.free).then(a.account.cmp(&b.account)));
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_puts_the_largest_free_collateral_first_and_drops_losers() {
        let c = |account, free| Candidate {
            account,
            free,
            size: -1,
        };
        let ranked = rank(vec![c(5, 10), c(2, 0), c(3, 30), c(4, 30), c(9, -7)]);
        let ids: Vec<u32> = ranked.iter().map(|c| c.account).collect();
        assert_eq!(ids, vec![3, 4, 5]);
    }

    #[test]
    fn solvent_account_is_liquidated_at_the_mark() {
        assert_eq!(liquidation_price(1_000, 5, 3), Some(1_000));
        assert_eq!(liquidation_price(1_000, 5, -3), Some(1_000));
    }

    #[test]
    fn bankrupt_long_sells_above_mark_and_short_buys_below() {
        assert_eq!(liquidation_price(1_000, -10, 3), Some(1_004));
        assert_eq!(liquidation_price(1_000, -10, -3), Some(996));
    }

    #[test]
    fn impossible_prices_are_none() {
        assert_eq!(liquidation_price(1_000, -10, 0), None);
        assert_eq!(bankruptcy_price(5, -100, -1), None);
    }
}

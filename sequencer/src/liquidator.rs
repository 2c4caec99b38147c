//! Liquidation rules the keeper follows after every oracle tick (DESIGN.md §3, `Liquidate` and
//! `Deleverage`): which price to liquidate at, and the bankruptcy price for deleveraging.
//!
//! Policy: an account below maintenance margin has each of its positions taken over in full by
//! the operator's liquidator account at the mark price, or, if the account's value is negative,
//! at the bankruptcy price (the worst price the state accepts). If that fails (e.g. the
//! liquidator lacks margin) and the insurance fund cannot cover the deficit, the position is
//! deleveraged against the opposite position of the account with the highest margin value.

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

#[cfg(test)]
mod tests {
    use super::*;

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

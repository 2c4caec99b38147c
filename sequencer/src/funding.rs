//! Funding: the index change of a perp market from the premium of the book's mark (mid price)
//! over the oracle index price, bounded as the state bounds it (`docs/architecture.md`, "Operations", `FundingTick`).

use zkclear_state::ops::funding_tick::funding_bound;

/// Length of the funding period: a premium held for this long moves the index by the premium.
pub const FUNDING_PERIOD_SECS: u64 = 8 * 3600;

/// The funding index change (base units per lot; > 0: longs pay shorts) for a market whose
/// book mid is `mark` (None: no two-sided book, so no premium), oracle price `index`, after
/// `elapsed` seconds, clamped to `± funding_bound(index, max_rate_ppm, elapsed)`.
///
/// Invariant: `|result| ≤ funding_bound(...)`, so the state never rejects it for its size.
pub fn index_delta(mark: Option<u64>, index: u32, max_rate_ppm: u32, elapsed: u64) -> i64 {
    let Some(mark) = mark else { return 0 };
    let premium = i128::from(mark) - i128::from(index);
    let raw = premium * i128::from(elapsed) / i128::from(FUNDING_PERIOD_SECS);
    let bound = i128::from(funding_bound(index, max_rate_ppm, elapsed));
    let clamped = raw.clamp(-bound, bound);
    i64::try_from(clamped).unwrap_or(0)
}

/// The book mid: `(bid + ask) / 2` when both sides exist.
pub fn mid(best_bid: Option<u64>, best_ask: Option<u64>) -> Option<u64> {
    match (best_bid, best_ask) {
        (Some(b), Some(a)) => Some(b / 2 + a / 2 + (b % 2 + a % 2) / 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premium_above_index_makes_longs_pay() {
        let d = index_delta(Some(10_100), 10_000, 1_000_000, 3600);
        assert_eq!(d, 100 * 3600 / 28_800);
        assert!(index_delta(Some(9_900), 10_000, 1_000_000, 3600) < 0);
    }

    #[test]
    fn delta_is_clamped_to_the_state_bound() {
        let bound = funding_bound(10_000, 1_000, 3600) as i64;
        assert_eq!(index_delta(Some(20_000), 10_000, 1_000, 3600), bound);
        assert_eq!(index_delta(Some(1), 10_000, 1_000, 3600), -bound);
    }

    #[test]
    fn no_two_sided_book_means_no_funding() {
        assert_eq!(index_delta(None, 10_000, 1_000, 3600), 0);
        assert_eq!(mid(Some(10), None), None);
        assert_eq!(mid(Some(9), Some(12)), Some(10));
    }
}

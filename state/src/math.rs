//! Checked integer arithmetic with the declared bit widths of `docs/bit-widths.md`.
//!
//! Every quantity of the state has a range chosen so that no sum or product a circuit forms can
//! wrap modulo the Goldilocks prime. Native code computes in `i128` and rejects any result outside
//! its range with [`MathError::OutOfRange`], so native code and circuits accept the same inputs.
//! Rounding is explicit: per-unit risk and fees round up (against the trader).

use plonky2::field::types::{Field, Field64, PrimeField64};

use crate::tree::F;

/// Parts per million: the denominator of every fraction (margin, fees, α, β, funding rate).
pub const PPM: u64 = 1_000_000;
/// Largest order size, fill or position magnitude (lots): `2^24 − 1`.
pub const MAX_SIZE: u64 = (1 << 24) - 1;
/// Largest price (collateral base units per lot): `2^32 − 1`.
pub const MAX_PRICE: u64 = u32::MAX as u64;
/// Largest collateral magnitude and largest deposit/withdrawal amount: `2^60 − 1`.
pub const MAX_COLLATERAL: i64 = (1 << 60) - 1;
/// Largest funding-index magnitude: `2^32 − 1`.
pub const MAX_FUNDING_INDEX: i64 = (1 << 32) - 1;
/// Largest timestamp (unix seconds), batch number and priority cursor: `2^40 − 1`.
pub const MAX_TIMESTAMP: u64 = (1 << 40) - 1;
/// Elapsed time beyond which the funding bound stops growing (seconds): `2^24`.
pub const MAX_FUNDING_ELAPSED: u64 = 1 << 24;

/// A value outside its declared range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MathError {
    /// `value` is outside the declared range of `quantity`.
    #[error("{quantity} = {value} is outside its declared range")]
    OutOfRange {
        /// Which quantity (e.g. "collateral", "position size").
        quantity: &'static str,
        /// The offending value.
        value: i128,
    },
}

/// Result alias of this module.
pub type MathResult<T> = Result<T, MathError>;

fn out_of_range<T>(quantity: &'static str, value: i128) -> MathResult<T> {
    Err(MathError::OutOfRange { quantity, value })
}

/// `x` if `lo <= x <= hi`, else `OutOfRange`.
fn within(quantity: &'static str, x: i128, lo: i128, hi: i128) -> MathResult<i128> {
    if x < lo || x > hi {
        return out_of_range(quantity, x);
    }
    Ok(x)
}

/// A collateral balance: `|x| <= MAX_COLLATERAL`.
pub fn collateral(x: i128) -> MathResult<i64> {
    let m = i128::from(MAX_COLLATERAL);
    within("collateral", x, -m, m).map(|v| v as i64)
}

/// An unsigned amount (deposit, withdrawal, fee, insurance fund): `0 <= x <= MAX_COLLATERAL`.
pub fn amount(x: i128) -> MathResult<u64> {
    within("amount", x, 0, i128::from(MAX_COLLATERAL)).map(|v| v as u64)
}

/// A position size: `|x| <= MAX_SIZE`.
pub fn position_size(x: i128) -> MathResult<i64> {
    let m = i128::from(MAX_SIZE);
    within("position size", x, -m, m).map(|v| v as i64)
}

/// An order size or fill: `1 <= x <= MAX_SIZE`.
pub fn order_size(x: u64) -> MathResult<u64> {
    within("order size", i128::from(x), 1, i128::from(MAX_SIZE)).map(|v| v as u64)
}

/// A price: `1 <= x <= MAX_PRICE` (a `u32` other than 0).
pub fn price(x: u32) -> MathResult<u64> {
    within("price", i128::from(x), 1, i128::from(MAX_PRICE)).map(|v| v as u64)
}

/// A fraction in ppm: `x <= PPM`.
pub fn fraction(x: u32) -> MathResult<u64> {
    within("fraction (ppm)", i128::from(x), 0, i128::from(PPM)).map(|v| v as u64)
}

/// A funding index: `|x| <= MAX_FUNDING_INDEX`.
pub fn funding_index(x: i128) -> MathResult<i64> {
    let m = i128::from(MAX_FUNDING_INDEX);
    within("funding index", x, -m, m).map(|v| v as i64)
}

/// A timestamp, batch number or cursor: `x <= MAX_TIMESTAMP`.
pub fn timestamp(x: u64) -> MathResult<u64> {
    within("timestamp", i128::from(x), 0, i128::from(MAX_TIMESTAMP)).map(|v| v as u64)
}

/// `ceil(price × ppm / 10^6)`: a per-unit risk or fee, rounded up (against the trader).
/// Invariant: the result is `<= price` (since `ppm <= 10^6`), hence `< 2^32`.
pub fn ceil_ppm(price: u64, ppm: u32) -> MathResult<u64> {
    let f = fraction(ppm)?;
    let p = within("price", i128::from(price), 0, i128::from(MAX_PRICE))? as u64;
    // p < 2^32 and f <= 10^6 < 2^20, so the product < 2^52 fits.
    Ok((p * f).div_ceil(PPM))
}

/// `|size| × per_unit` where `|size| <= MAX_SIZE` and `per_unit <= MAX_PRICE`: `< 2^56`.
pub fn size_times(size: i64, per_unit: u64) -> MathResult<i128> {
    let s = i128::from(position_size(i128::from(size))?);
    let u = within(
        "per-unit amount",
        i128::from(per_unit),
        0,
        i128::from(MAX_PRICE),
    )?;
    Ok(s * u)
}

/// `size × price` (signed notional), `|result| < 2^56`.
pub fn notional(size: i64, price: u64) -> MathResult<i128> {
    size_times(size, price)
}

/// The signed embedding of `docs/state-layout.md`: `x ↦ x mod p`.
///
/// Invariant: injective for `|x| < p/2`; every signed state quantity is far inside that.
pub fn signed_to_field(x: i64) -> F {
    if x >= 0 {
        F::from_canonical_u64(x as u64)
    } else {
        -F::from_canonical_u64(x.unsigned_abs())
    }
}

/// Inverse of [`signed_to_field`] for canonical values `< 2^63` or `> p − 2^63`.
pub fn field_to_signed(f: F) -> i64 {
    let v = f.to_canonical_u64();
    if v < (1 << 63) {
        v as i64
    } else {
        -((F::ORDER - v) as i64)
    }
}

/// An unsigned integer as a field element (`x < p` for every use: widths ≤ 60 bits or u32 limbs).
pub fn u64_to_field(x: u64) -> F {
    F::from_noncanonical_u64(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collateral_rejects_values_beyond_60_bits() {
        assert!(collateral(i128::from(MAX_COLLATERAL)).is_ok());
        assert!(collateral(-i128::from(MAX_COLLATERAL)).is_ok());
        assert_eq!(
            collateral(i128::from(MAX_COLLATERAL) + 1),
            Err(MathError::OutOfRange {
                quantity: "collateral",
                value: i128::from(MAX_COLLATERAL) + 1
            })
        );
    }

    #[test]
    fn ceil_ppm_rounds_up_and_never_exceeds_price() {
        assert_eq!(ceil_ppm(100_000_000, 200), Ok(20_000));
        assert_eq!(ceil_ppm(3, 500_000), Ok(2));
        assert_eq!(ceil_ppm(MAX_PRICE, 1_000_000), Ok(MAX_PRICE));
        assert!(ceil_ppm(1, 1_000_001).is_err());
    }

    #[test]
    fn position_size_rejects_24_bit_overflow() {
        assert!(position_size(i128::from(MAX_SIZE)).is_ok());
        assert!(position_size(-i128::from(MAX_SIZE) - 1).is_err());
    }

    #[test]
    fn order_size_rejects_zero() {
        assert!(order_size(0).is_err());
        assert_eq!(order_size(1), Ok(1));
    }

    #[test]
    fn price_rejects_zero() {
        assert!(price(0).is_err());
        assert_eq!(price(u32::MAX), Ok(MAX_PRICE));
    }

    #[test]
    fn signed_embedding_round_trips() {
        for x in [0i64, 1, -1, MAX_COLLATERAL, -MAX_COLLATERAL, -5_000_000] {
            assert_eq!(field_to_signed(signed_to_field(x)), x);
        }
        assert_eq!(
            signed_to_field(-5_000_000).to_canonical_u64(),
            0xfffffffeffb3b4c1
        );
    }

    #[test]
    fn notional_bound_is_56_bits() {
        let n = notional(-(MAX_SIZE as i64), MAX_PRICE).expect("in range");
        assert!(n.unsigned_abs() < 1 << 56);
        assert!(notional(MAX_SIZE as i64 + 1, 1).is_err());
    }

    #[test]
    fn funding_index_and_timestamp_ranges() {
        assert!(funding_index(i128::from(MAX_FUNDING_INDEX) + 1).is_err());
        assert!(timestamp(MAX_TIMESTAMP + 1).is_err());
        assert!(amount(-1).is_err());
    }
}

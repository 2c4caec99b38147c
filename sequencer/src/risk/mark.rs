//! Conversion between model prices (f64) and the integer price units an oracle signs.
//!
//! Rounding rule: `value × units_per_one` is computed in f64 (itself rounded to the nearest
//! double) and then rounded to the nearest integer, ties away from zero (`f64::round`). The result
//! is therefore within half a unit (plus one ulp of the product) of the exact value. The oracle
//! signs the integer; the state and the circuits never see the float.

use super::black_scholes::{price, BsInputs, OptionKind};
use super::RiskError;

/// 2^64 as f64: the first value that does not fit in u64.
const U64_LIMIT: f64 = 18_446_744_073_709_551_616.0;

/// Integer price units for `value` at `units_per_one` units per 1.0, rounded to nearest (ties
/// away from zero). Errors on NaN/infinity, negative values, zero scale or a result ≥ 2^64.
pub fn to_price_units(value: f64, units_per_one: u64) -> Result<u64, RiskError> {
    if units_per_one == 0 {
        return Err(RiskError::ZeroScale);
    }
    if !value.is_finite() {
        return Err(RiskError::NotFinite("price"));
    }
    if value < 0.0 {
        return Err(RiskError::NegativePrice(value));
    }
    // u64 -> f64 rounds to the nearest double for scales above 2^53; that is within the
    // documented tolerance of one ulp of the product.
    let scaled = (value * units_per_one as f64).round();
    if scaled >= U64_LIMIT {
        return Err(RiskError::PriceOutOfRange(scaled));
    }
    // `scaled` is integral, non-negative and below 2^64, so the cast is exact.
    Ok(scaled as u64)
}

/// `units / units_per_one` as f64 (the oracle's integer price as a model input).
pub fn from_price_units(units: u64, units_per_one: u64) -> Result<f64, RiskError> {
    if units_per_one == 0 {
        return Err(RiskError::ZeroScale);
    }
    Ok(units as f64 / units_per_one as f64)
}

/// Black–Scholes mark of an option in integer price units (see the module's rounding rule).
///
/// A model price that is negative only by floating-point cancellation (deep out of the money) is
/// taken as 0.
pub fn option_mark(
    kind: OptionKind,
    inputs: &BsInputs,
    units_per_one: u64,
) -> Result<u64, RiskError> {
    let p = price(kind, inputs)?;
    to_price_units(p.max(0.0), units_per_one)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_nearest_with_ties_away_from_zero() {
        assert_eq!(to_price_units(1.234_4, 1_000), Ok(1_234));
        assert_eq!(to_price_units(1.234_6, 1_000), Ok(1_235));
        assert_eq!(to_price_units(0.5, 1), Ok(1));
        assert_eq!(to_price_units(2.5, 1), Ok(3));
        assert_eq!(to_price_units(0.0, 1_000_000), Ok(0));
    }

    #[test]
    fn rejects_values_that_have_no_integer_price() {
        assert_eq!(
            to_price_units(-0.01, 100),
            Err(RiskError::NegativePrice(-0.01))
        );
        assert_eq!(
            to_price_units(f64::NAN, 100),
            Err(RiskError::NotFinite("price"))
        );
        assert_eq!(
            to_price_units(f64::INFINITY, 100),
            Err(RiskError::NotFinite("price"))
        );
        assert_eq!(to_price_units(1.0, 0), Err(RiskError::ZeroScale));
        assert!(matches!(
            to_price_units(2e19, 1),
            Err(RiskError::PriceOutOfRange(_))
        ));
        assert_eq!(to_price_units(1e19, 1), Ok(10_000_000_000_000_000_000));
    }

    #[test]
    fn hull_call_marks_to_6_decimal_units() {
        let inputs = BsInputs {
            spot: 42.0,
            strike: 40.0,
            rate: 0.1,
            dividend_yield: 0.0,
            vol: 0.2,
            time: 0.5,
        };
        // 4.7594223928715332 (mpmath) → 4_759_422 at 10^6 units per 1.0.
        assert_eq!(
            option_mark(OptionKind::Call, &inputs, 1_000_000),
            Ok(4_759_422)
        );
        assert_eq!(
            option_mark(OptionKind::Put, &inputs, 1_000_000),
            Ok(808_599)
        );
    }

    #[test]
    fn deep_out_of_the_money_mark_is_zero_not_an_error() {
        let inputs = BsInputs {
            spot: 1.0,
            strike: 1_000.0,
            rate: 0.0,
            dividend_yield: 0.0,
            vol: 0.1,
            time: 0.01,
        };
        assert_eq!(option_mark(OptionKind::Call, &inputs, 1_000_000), Ok(0));
    }

    #[test]
    fn integer_price_round_trips_through_f64() {
        let x = from_price_units(42_500_000, 1_000_000).expect("non-zero scale");
        assert_eq!(x, 42.5);
        assert_eq!(to_price_units(x, 1_000_000), Ok(42_500_000));
        assert_eq!(from_price_units(1, 0), Err(RiskError::ZeroScale));
    }
}

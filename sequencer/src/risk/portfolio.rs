//! Greeks of a portfolio: the size-weighted sum of its positions' Greeks.

use super::black_scholes::{greeks, BsInputs, Greeks, OptionKind};
use super::RiskError;

/// What a position holds, with the market data needed to value it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instrument {
    /// The underlying itself, or a perpetual on it: value `spot`, delta 1, no other Greeks.
    Underlying {
        /// Current price, > 0.
        spot: f64,
    },
    /// A European option on the underlying.
    Option {
        /// Call or put.
        kind: OptionKind,
        /// Model inputs (the spot should be the portfolio's common underlying price).
        inputs: BsInputs,
    },
}

/// A signed holding: `size` > 0 long, < 0 short, in units of the instrument.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PortfolioPosition {
    /// The instrument held.
    pub instrument: Instrument,
    /// Signed quantity in units of the underlying per instrument (lots × lot size).
    pub size: f64,
}

/// Σ size × Greeks over the positions (`price` becomes the portfolio's model value).
///
/// Fails on the first invalid position (non-finite size, invalid model inputs) or if a sum
/// overflows; an empty portfolio has all-zero Greeks.
pub fn portfolio_greeks(positions: &[PortfolioPosition]) -> Result<Greeks, RiskError> {
    let mut total = Greeks::default();
    for p in positions {
        if !p.size.is_finite() {
            return Err(RiskError::NotFinite("size"));
        }
        let unit = match p.instrument {
            Instrument::Underlying { spot } => {
                if !spot.is_finite() {
                    return Err(RiskError::NotFinite("spot"));
                }
                if spot <= 0.0 {
                    return Err(RiskError::NonPositiveSpot(spot));
                }
                Greeks {
                    price: spot,
                    delta: 1.0,
                    ..Greeks::default()
                }
            }
            Instrument::Option { kind, inputs } => greeks(kind, &inputs)?,
        };
        total = total.add_scaled(&unit, p.size);
    }
    let parts = [
        total.price,
        total.delta,
        total.gamma,
        total.theta,
        total.vega,
        total.rho,
    ];
    if parts.iter().all(|v| v.is_finite()) {
        Ok(total)
    } else {
        Err(RiskError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hull_inputs() -> BsInputs {
        BsInputs {
            spot: 49.0,
            strike: 50.0,
            rate: 0.05,
            dividend_yield: 0.0,
            vol: 0.2,
            time: 0.3846,
        }
    }

    #[test]
    fn delta_hedged_short_call_has_zero_delta_and_keeps_option_gamma() {
        let call = Instrument::Option {
            kind: OptionKind::Call,
            inputs: hull_inputs(),
        };
        let one = greeks(OptionKind::Call, &hull_inputs()).expect("valid inputs");
        let book = [
            PortfolioPosition {
                instrument: call,
                size: -100_000.0,
            },
            PortfolioPosition {
                instrument: Instrument::Underlying { spot: 49.0 },
                size: 100_000.0 * one.delta,
            },
        ];
        let g = portfolio_greeks(&book).expect("valid portfolio");
        assert!(g.delta.abs() < 1e-9);
        assert!((g.gamma + 100_000.0 * one.gamma).abs() < 1e-9);
        assert!((g.price - (100_000.0 * one.delta * 49.0 - 100_000.0 * one.price)).abs() < 1e-6);
    }

    #[test]
    fn long_call_short_put_same_strike_is_a_synthetic_forward() {
        let inp = hull_inputs();
        let pos = |kind, size| PortfolioPosition {
            instrument: Instrument::Option { kind, inputs: inp },
            size,
        };
        let g = portfolio_greeks(&[pos(OptionKind::Call, 1.0), pos(OptionKind::Put, -1.0)])
            .expect("valid portfolio");
        assert!((g.delta - 1.0).abs() < 1e-12);
        assert!(g.gamma.abs() < 1e-12 && g.vega.abs() < 1e-12);
        let forward = inp.spot - inp.strike * (-inp.rate * inp.time).exp();
        assert!((g.price - forward).abs() < 1e-12);
    }

    #[test]
    fn invalid_position_is_a_typed_error() {
        let bad_size = PortfolioPosition {
            instrument: Instrument::Underlying { spot: 1.0 },
            size: f64::NAN,
        };
        assert_eq!(
            portfolio_greeks(&[bad_size]),
            Err(RiskError::NotFinite("size"))
        );
        let bad_spot = PortfolioPosition {
            instrument: Instrument::Underlying { spot: 0.0 },
            size: 1.0,
        };
        assert_eq!(
            portfolio_greeks(&[bad_spot]),
            Err(RiskError::NonPositiveSpot(0.0))
        );
        let huge = PortfolioPosition {
            instrument: Instrument::Underlying { spot: 1e300 },
            size: 1e300,
        };
        assert_eq!(portfolio_greeks(&[huge]), Err(RiskError::Overflow));
        assert_eq!(portfolio_greeks(&[]), Ok(Greeks::default()));
    }
}

//! Option analytics for display and for the oracle's option marks: the normal distribution,
//! Black–Scholes prices and Greeks per option and per portfolio, and the conversion of a model
//! price to the integer price units an oracle signs.
//!
//! f64 lives only here; the book, the breakers and the state use integers.

mod black_scholes;
mod mark;
mod normal;
mod portfolio;

#[cfg(test)]
mod reference_tests;

pub use black_scholes::{greeks, price, BsInputs, Greeks, OptionKind};
pub use mark::{from_price_units, option_mark, to_price_units};
pub use normal::{erfc, norm_cdf, norm_pdf};
pub use portfolio::{portfolio_greeks, Instrument, PortfolioPosition};

use thiserror::Error;

/// Why an analytics input was refused; nothing here panics or returns NaN.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RiskError {
    /// An input was NaN or infinite (the field is named).
    #[error("{0} must be finite")]
    NotFinite(&'static str),
    /// Underlying price was ≤ 0.
    #[error("spot must be positive, got {0}")]
    NonPositiveSpot(f64),
    /// Strike was ≤ 0.
    #[error("strike must be positive, got {0}")]
    NonPositiveStrike(f64),
    /// Volatility was ≤ 0.
    #[error("volatility must be positive, got {0}")]
    NonPositiveVol(f64),
    /// Time to expiry was < 0.
    #[error("time to expiry must not be negative, got {0}")]
    NegativeTime(f64),
    /// A result overflowed f64 (inputs valid but extreme).
    #[error("result is not finite for these inputs")]
    Overflow,
    /// A price to convert to integer units was negative.
    #[error("price must not be negative, got {0}")]
    NegativePrice(f64),
    /// A price in integer units does not fit in u64.
    #[error("price {0} does not fit the integer price range")]
    PriceOutOfRange(f64),
    /// The integer price scale (units per 1.0) was zero.
    #[error("price scale must be at least 1 unit per 1.0")]
    ZeroScale,
}

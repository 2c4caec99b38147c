//! Black–Scholes–Merton prices and Greeks of European options, with a continuous dividend
//! yield q (q = 0 gives plain Black–Scholes).
//!
//! Units: theta is per year of calendar time (∂V/∂t = −∂V/∂T), vega per unit of volatility (1.00
//! = 100 vol points), rho per unit of rate; multiply by 1/365 or 0.01 for per-day or per-point
//! figures. Analytics only: nothing here enters the state or the circuits.

use super::normal::{norm_cdf, norm_pdf};
use super::RiskError;

/// Call or put.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionKind {
    /// Right to buy at the strike.
    Call,
    /// Right to sell at the strike.
    Put,
}

/// Inputs of the model; [`BsInputs::validate`] defines which are accepted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BsInputs {
    /// Underlying price S > 0.
    pub spot: f64,
    /// Strike K > 0.
    pub strike: f64,
    /// Continuously compounded risk-free rate r (any finite value).
    pub rate: f64,
    /// Continuous dividend (or funding) yield q (any finite value).
    pub dividend_yield: f64,
    /// Volatility σ > 0, per √year.
    pub vol: f64,
    /// Time to expiry T ≥ 0, in years.
    pub time: f64,
}

/// Price and first-order (plus gamma) sensitivities of one option, per unit of underlying.
///
/// For a portfolio the same struct holds sums weighted by signed sizes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Greeks {
    /// Model value.
    pub price: f64,
    /// ∂V/∂S.
    pub delta: f64,
    /// ∂²V/∂S².
    pub gamma: f64,
    /// ∂V/∂t per year (calendar time passing).
    pub theta: f64,
    /// ∂V/∂σ per unit volatility.
    pub vega: f64,
    /// ∂V/∂r per unit rate.
    pub rho: f64,
}

impl Greeks {
    /// `self + size × other`, component-wise.
    pub fn add_scaled(&self, other: &Greeks, size: f64) -> Greeks {
        Greeks {
            price: self.price + size * other.price,
            delta: self.delta + size * other.delta,
            gamma: self.gamma + size * other.gamma,
            theta: self.theta + size * other.theta,
            vega: self.vega + size * other.vega,
            rho: self.rho + size * other.rho,
        }
    }

    fn all_finite(&self) -> bool {
        [
            self.price, self.delta, self.gamma, self.theta, self.vega, self.rho,
        ]
        .iter()
        .all(|v| v.is_finite())
    }
}

impl BsInputs {
    /// Accepts S > 0, K > 0, σ > 0, T ≥ 0, all finite (r and q finite, any sign).
    pub fn validate(&self) -> Result<(), RiskError> {
        let fields = [
            ("spot", self.spot),
            ("strike", self.strike),
            ("rate", self.rate),
            ("dividend_yield", self.dividend_yield),
            ("vol", self.vol),
            ("time", self.time),
        ];
        for (name, v) in fields {
            if !v.is_finite() {
                return Err(RiskError::NotFinite(name));
            }
        }
        if self.spot <= 0.0 {
            return Err(RiskError::NonPositiveSpot(self.spot));
        }
        if self.strike <= 0.0 {
            return Err(RiskError::NonPositiveStrike(self.strike));
        }
        if self.vol <= 0.0 {
            return Err(RiskError::NonPositiveVol(self.vol));
        }
        if self.time < 0.0 {
            return Err(RiskError::NegativeTime(self.time));
        }
        Ok(())
    }
}

/// Price and Greeks of a European option.
///
/// At expiry (T = 0) the price is the intrinsic value, delta is 1 (call) / −1 (put) in the money,
/// 0 out of the money and ±½ at the money, and the other Greeks are 0. Errors on invalid inputs
/// and when the result overflows (never returns NaN or infinity).
pub fn greeks(kind: OptionKind, inp: &BsInputs) -> Result<Greeks, RiskError> {
    inp.validate()?;
    let g = if inp.time == 0.0 {
        at_expiry(kind, inp)
    } else {
        before_expiry(kind, inp)
    };
    if g.all_finite() {
        Ok(g)
    } else {
        Err(RiskError::Overflow)
    }
}

/// Model price only; see [`greeks`].
pub fn price(kind: OptionKind, inp: &BsInputs) -> Result<f64, RiskError> {
    greeks(kind, inp).map(|g| g.price)
}

fn at_expiry(kind: OptionKind, inp: &BsInputs) -> Greeks {
    let (s, k) = (inp.spot, inp.strike);
    let (price, delta) = match kind {
        OptionKind::Call => ((s - k).max(0.0), step(s - k)),
        OptionKind::Put => ((k - s).max(0.0), -step(k - s)),
    };
    Greeks {
        price,
        delta,
        ..Greeks::default()
    }
}

/// 1 above zero, 0 below, ½ at zero.
fn step(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        0.0
    } else {
        0.5
    }
}

fn before_expiry(kind: OptionKind, inp: &BsInputs) -> Greeks {
    let BsInputs {
        spot: s,
        strike: k,
        rate: r,
        dividend_yield: q,
        vol,
        time: t,
    } = *inp;
    let sqrt_t = t.sqrt();
    let vol_sqrt_t = vol * sqrt_t;
    let d1 = ((s / k).ln() + (r - q + 0.5 * vol * vol) * t) / vol_sqrt_t;
    let d2 = d1 - vol_sqrt_t;
    let df_r = (-r * t).exp();
    let df_q = (-q * t).exp();
    let pdf_d1 = norm_pdf(d1);
    let gamma = df_q * pdf_d1 / (s * vol_sqrt_t);
    let vega = s * df_q * pdf_d1 * sqrt_t;
    let decay = -s * df_q * pdf_d1 * vol / (2.0 * sqrt_t);
    match kind {
        OptionKind::Call => {
            let (n1, n2) = (norm_cdf(d1), norm_cdf(d2));
            Greeks {
                price: s * df_q * n1 - k * df_r * n2,
                delta: df_q * n1,
                gamma,
                theta: decay - r * k * df_r * n2 + q * s * df_q * n1,
                vega,
                rho: k * t * df_r * n2,
            }
        }
        OptionKind::Put => {
            let (n1, n2) = (norm_cdf(-d1), norm_cdf(-d2));
            Greeks {
                price: k * df_r * n2 - s * df_q * n1,
                delta: -df_q * n1,
                gamma,
                theta: decay + r * k * df_r * n2 - q * s * df_q * n1,
                vega,
                rho: -k * t * df_r * n2,
            }
        }
    }
}

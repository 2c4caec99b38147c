//! `zkc_getGreeks`: Black–Scholes Greeks of an account's positions (display only, f64; the
//! margin rules never use them). Volatility and rate come from the RPC config.

use jsonrpsee::types::ErrorObjectOwned;
use serde::Serialize;

use super::error::{rpc_error, INVALID_ORDER, UNKNOWN_ACCOUNT};
use super::Ctx;
use crate::keeper::{Answer, MarketView, Query};
use crate::risk::{self, BsInputs, Instrument, OptionKind, PortfolioPosition};

const YEAR_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// Greeks of a position or a portfolio (per unit for a position, size-weighted for a sum).
#[derive(Clone, Debug, Default, Serialize)]
pub struct GreeksView {
    /// Market (absent for the portfolio total).
    pub market: Option<u8>,
    /// Size in lots.
    pub size: i64,
    /// Model value.
    pub price: f64,
    /// Delta.
    pub delta: f64,
    /// Gamma.
    pub gamma: f64,
    /// Theta per year.
    pub theta: f64,
    /// Vega per 1.00 of volatility.
    pub vega: f64,
    /// Rho per 1.00 of rate.
    pub rho: f64,
}

fn view(market: Option<u8>, size: i64, g: &risk::Greeks) -> GreeksView {
    GreeksView {
        market,
        size,
        price: g.price,
        delta: g.delta,
        gamma: g.gamma,
        theta: g.theta,
        vega: g.vega,
        rho: g.rho,
    }
}

fn instrument(m: &MarketView, markets: &[MarketView], now: u64, ctx: &Ctx) -> Option<Instrument> {
    let spot_of = |id: u8| {
        markets
            .iter()
            .find(|x| x.id == id)
            .map(|x| f64::from(x.price))
    };
    let kind = match m.kind.as_str() {
        "call" => OptionKind::Call,
        "put" => OptionKind::Put,
        _ => {
            return Some(Instrument::Underlying {
                spot: spot_of(m.id)?,
            })
        }
    };
    Some(Instrument::Option {
        kind,
        inputs: BsInputs {
            spot: spot_of(m.underlying)?,
            strike: f64::from(m.strike),
            rate: ctx.config.greeks_rate,
            dividend_yield: 0.0,
            vol: ctx.config.greeks_vol,
            time: m.expiry.saturating_sub(now) as f64 / YEAR_SECS,
        },
    })
}

/// Per-position Greeks and their size-weighted total.
pub(super) async fn account_greeks(
    ctx: &Ctx,
    id: u32,
) -> Result<serde_json::Value, ErrorObjectOwned> {
    let Answer::Account(Some(acc)) = ctx.keeper.query(Query::Account(id)).await? else {
        return Err(rpc_error(UNKNOWN_ACCOUNT, format!("account {id}")));
    };
    let Answer::Markets(markets) = ctx.keeper.query(Query::Markets).await? else {
        return Err(rpc_error(UNKNOWN_ACCOUNT, "markets unavailable"));
    };
    let now = markets.iter().map(|m| m.price_time).max().unwrap_or(0);
    let mut per = Vec::new();
    let mut book = Vec::new();
    for p in &acc.positions {
        let Some(m) = markets.iter().find(|m| m.id == p.market) else {
            continue;
        };
        let Some(inst) = instrument(m, &markets, now, ctx) else {
            continue;
        };
        let one = PortfolioPosition {
            instrument: inst,
            size: 1.0,
        };
        let g = risk::portfolio_greeks(&[one])
            .map_err(|e| rpc_error(INVALID_ORDER, format!("market {}: {e}", m.id)))?;
        per.push(view(Some(m.id), p.size, &g));
        book.push(PortfolioPosition {
            instrument: inst,
            size: p.size as f64,
        });
    }
    let total =
        risk::portfolio_greeks(&book).map_err(|e| rpc_error(INVALID_ORDER, e.to_string()))?;
    Ok(serde_json::json!({
        "account": id,
        "positions": per,
        "total": view(None, 0, &total),
    }))
}

//! `Liquidate`: a liquidator's signed order takes over part of the position of an account below
//! maintenance margin.
//!
//! Rules: the liquidated account is below maintenance; the liquidator's order takes the position over
//! (it buys a long, sells a short) in the same market and fills at most the position (so the position
//! only shrinks and its risk falls); the price is within the order's limit and no worse for the
//! liquidated account than its bankruptcy price, pro rata:
//! `(P − mark) × |size| + value ≥ 0` for a long, `(mark − P) × |size| + value ≥ 0` for a short,
//! i.e. the account keeps at least `value × (1 − fill / |size|)`. A liquidation fee
//! `fill × ceil(mark × liquidation_fee_ppm / 10^6)`, capped at the account's remaining positive
//! value, goes to the insurance fund. The liquidator's order may not be post-only (it fills in the
//! liquidator role), a reduce-only one must only shrink the liquidator's position; the liquidator
//! follows the Trade margin rule and pays no trading fee. Writes: liquidator fill, liquidator positions, liquidator account, liquidated
//! positions, liquidated account (globals last).

use crate::crypto::SignatureVerifier;
use crate::margin::{self, Level};
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, MarketId, OpType, Role, SignedOrder};

use super::common::{may_end_at, outcome, Party};
use super::order::{check_fill, check_reduce_only};
use super::trade::check_tradable;
use super::OpError;

/// A liquidation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Liquidate {
    /// Account below maintenance.
    pub liquidated: AccountId,
    /// The liquidator's signed order (its account and market).
    pub liquidator: SignedOrder,
    /// Lots taken over.
    pub fill: u32,
    /// Price.
    pub price: u32,
}

/// Liquidation-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LiquidateError {
    /// The liquidator is the liquidated account.
    #[error("an account cannot liquidate itself")]
    SelfLiquidation,
    /// No position in the market.
    #[error("account {account} has no position in market {market}")]
    NoPosition {
        /// Account.
        account: AccountId,
        /// Market.
        market: MarketId,
    },
    /// The account is at or above maintenance margin.
    #[error("account {account} is not below maintenance margin")]
    AccountHealthy {
        /// Account.
        account: AccountId,
    },
    /// The liquidator's order would not take the position over (it must buy a long, sell a short).
    #[error("liquidator order must take the position over (buy a long, sell a short)")]
    WrongSide,
    /// The fill is larger than the position.
    #[error("fill {fill} exceeds the position size {size}")]
    FillExceedsPosition {
        /// Fill.
        fill: u32,
        /// |size|.
        size: u64,
    },
    /// The price is worse than the bankruptcy price.
    #[error("price {price} is beyond the bankruptcy price (mark {mark})")]
    BeyondBankruptcyPrice {
        /// Price.
        price: u32,
        /// Mark.
        mark: u64,
    },
    /// The liquidator would end below initial margin.
    #[error("liquidator {account} would be below initial margin")]
    InsufficientMargin {
        /// Liquidator account.
        account: AccountId,
    },
}

/// Applies a liquidation.
pub fn apply<S: Store>(
    state: &mut State<S>,
    l: &Liquidate,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    let o = &l.liquidator.order;
    if o.account == l.liquidated {
        return Err(LiquidateError::SelfLiquidation.into());
    }
    math::order_size(u64::from(l.fill))?;
    let price = math::price(l.price)?;
    let market = state
        .market(o.market)?
        .ok_or(OpError::MarketNotFound { market: o.market })?;
    let mut g = state.globals()?;
    check_tradable(&market, g.oracle_time)?;
    let mut victim = Party::load(state, l.liquidated)?;
    let size = victim.size_in(market.id);
    if size == 0 {
        return Err(LiquidateError::NoPosition {
            account: l.liquidated,
            market: market.id,
        }
        .into());
    }
    let before = victim.margin(state)?;
    if before.is_healthy(Level::Maintenance) {
        return Err(LiquidateError::AccountHealthy {
            account: l.liquidated,
        }
        .into());
    }
    if o.side.sign() != size.signum() {
        return Err(LiquidateError::WrongSide.into());
    }
    if u64::from(l.fill) > size.unsigned_abs() {
        return Err(LiquidateError::FillExceedsPosition {
            fill: l.fill,
            size: size.unsigned_abs(),
        }
        .into());
    }
    let mark = margin::mark_price(&market);
    let gain_per_unit = (i128::from(price) - i128::from(mark)) * i128::from(size.signum());
    if gain_per_unit * i128::from(size.unsigned_abs()) + i128::from(before.value) < 0 {
        return Err(LiquidateError::BeyondBankruptcyPrice {
            price: l.price,
            mark,
        }
        .into());
    }
    let mut liquidator = Party::load(state, o.account)?;
    let (slot, fill) = check_fill(
        state,
        &l.liquidator,
        &liquidator.account,
        Role::Liquidator,
        l.price,
        l.fill,
        0,
        verifier,
    )?;
    let delta = o.side.sign() * i64::from(l.fill);
    let lq_before = liquidator.margin(state)?;
    let lq_size = liquidator.size_in(market.id);
    liquidator.move_position(&market, delta, price)?;
    check_reduce_only(o, Role::Liquidator, lq_size, liquidator.size_in(market.id))?;
    let lq_after = liquidator.margin(state)?;
    if !may_end_at(
        &lq_before,
        &lq_after,
        lq_size,
        liquidator.size_in(market.id),
    ) {
        return Err(LiquidateError::InsufficientMargin { account: o.account }.into());
    }
    victim.move_position(&market, -delta, price)?;
    let value_after = victim.margin(state)?.value;
    let fee = math::size_times(
        i64::from(l.fill),
        math::ceil_ppm(mark, market.liquidation_fee_ppm)?,
    )?
    .min(i128::from(value_after.max(0)));
    victim.credit(-fee)?;
    g.insurance_fund = math::amount(i128::from(g.insurance_fund) + fee)?;

    state.write_fill(liquidator.id, slot, &fill)?;
    liquidator.save(state)?;
    victim.save(state)?;
    state.set_globals(&g);
    Ok(outcome(OpType::Liquidate, encode::liquidate(l)))
}

#[cfg(test)]
mod tests;

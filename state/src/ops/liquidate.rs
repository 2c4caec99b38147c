//! `Liquidate`: a liquidator's signed order takes over part of the position of an account below
//! maintenance margin.
//!
//! Rules, in order: not a self-liquidation; fill and price in range; the market is tradable
//! (`trade::check_tradable`, fresh prices); the liquidated account holds a position in the
//! market, every price it is valued with is fresh (`common::require_fresh`), and it is below
//! maintenance; the liquidator's order takes the position over (it buys a long, sells a short)
//! and fills at most the position (so the position only shrinks and its risk falls); the
//! **discount** the liquidator gets against the mark is bounded by the position's maintenance
//! risk per unit, `(mark − P) × sign(size) ≤ maintenance_risk_per_unit`, so a fill takes at most
//! its own share of the maintenance margin however large the account is; the price is no worse
//! for the liquidated account than its bankruptcy price, pro rata:
//! `(P − mark) × sign(size) × |size| + value ≥ 0`, i.e. the account keeps at least
//! `value × (1 − fill / |size|)`; the liquidator's order passes `order::check_fill` (fee 0; not
//! post-only: it fills in the liquidator role) and, if reduce-only, only shrinks the
//! liquidator's position (`order::check_reduce_only`);
//! the liquidator follows the Trade margin rule (`common::may_end_at`, fresh prices when it opens
//! risk); both move their positions at P (`Party::move_position`, funding settled first); a
//! liquidation fee `fill × ceil(mark × liquidation_fee_ppm / 10^6)`, capped at the account's
//! remaining positive value, goes to the insurance fund.
//!
//! Reads: market leaf (and underlying), globals, both accounts with their position slots and the
//! markets they hold, the liquidator's fill slot. Writes: liquidator fill, liquidator positions,
//! liquidator account, liquidated positions, liquidated account, globals (insurance fund).

use crate::crypto::SignatureVerifier;
use crate::margin::{self, Level};
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Market, MarketId, OpType, Role, SignedOrder};

use super::common::{may_end_at, only_reduces, outcome, require_fresh, Party};
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
    /// The liquidator's discount against the mark exceeds the position's maintenance risk per
    /// unit.
    #[error("price {price} gives a discount of {discount} per lot against mark {mark}, above the maintenance margin per lot {max_discount}")]
    DiscountAboveMaintenance {
        /// The price.
        price: u32,
        /// The mark.
        mark: u64,
        /// Discount per lot, in the liquidator's favour.
        discount: i128,
        /// The position's maintenance risk per lot.
        max_discount: u64,
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
    check_tradable(state, &market, g.oracle_time)?;
    let mut victim = Party::load(state, l.liquidated)?;
    let size = victim.size_in(market.id);
    if size == 0 {
        return Err(LiquidateError::NoPosition {
            account: l.liquidated,
            market: market.id,
        }
        .into());
    }
    require_fresh(state, &victim.positions)?;
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
    let max_discount = victim_risk_per_unit(state, &victim, &market)?;
    if -gain_per_unit > i128::from(max_discount) {
        return Err(LiquidateError::DiscountAboveMaintenance {
            price: l.price,
            mark,
            discount: -gain_per_unit,
            max_discount,
        }
        .into());
    }
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
    let lq_size_after = liquidator.size_in(market.id);
    if !only_reduces(lq_size, lq_size_after) {
        require_fresh(state, &liquidator.positions)?;
    }
    if !may_end_at(&lq_before, &lq_after, lq_size, lq_size_after) {
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

/// The maintenance risk per lot of the liquidated account's position in `market`.
fn victim_risk_per_unit<S: Store>(
    state: &State<S>,
    victim: &Party,
    market: &Market,
) -> Result<u64, OpError> {
    let slot = victim
        .slot_of(market.id)
        .and_then(|s| victim.positions[s])
        .ok_or(LiquidateError::NoPosition {
            account: victim.id,
            market: market.id,
        })?;
    let underlying_price = if market.kind.is_option() {
        state
            .market(market.underlying)?
            .ok_or(OpError::MarketNotFound {
                market: market.underlying,
            })?
            .price
    } else {
        market.price
    };
    let entry = margin::MarginEntry {
        position: slot,
        market,
        underlying_price,
    };
    Ok(margin::risk_per_unit(&entry, Level::Maintenance)?)
}

#[cfg(test)]
mod tests;

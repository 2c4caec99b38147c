//! `Trade`: two signed limit orders matched for `fill` lots at `price`.
//!
//! Rules: same market, opposite sides, different accounts; the market has an oracle price and
//! (options) has not expired; price within both limits; fill within both remaining sizes
//! (fill slots, `docs/state-layout.md`); fee rates within each signed maximum; the maker's signed
//! time in force allows it to fill as the maker (not IOC) and the taker's as the taker (not
//! post-only); a reduce-only order's fill only shrinks its account's position in the market; each
//! account is healthy at initial margin afterwards unless the trade only reduced its position
//! without worsening its free collateral at maintenance. Fees `fill × ceil(price × fee_ppm / 10^6)` go to
//! the fee account. Write order (circuits follow it): maker fill, maker positions, maker
//! account, taker fill, taker positions, taker account, fee account.

use crate::crypto::SignatureVerifier;
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Market, OpType, Role, SignedOrder};

use super::common::{may_end_at, outcome, Party};
use super::order::{check_fill, check_reduce_only};
use super::OpError;

/// A matched trade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trade {
    /// The resting order.
    pub maker: SignedOrder,
    /// The incoming order.
    pub taker: SignedOrder,
    /// Lots exchanged.
    pub fill: u32,
    /// Execution price.
    pub price: u32,
    /// Maker fee rate charged, ppm (≤ the maker's max fee).
    pub maker_fee_ppm: u32,
    /// Taker fee rate charged, ppm (≤ the taker's max fee).
    pub taker_fee_ppm: u32,
}

/// Trade-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TradeError {
    /// Both orders belong to one account.
    #[error("account {account} cannot trade with itself")]
    SelfTrade {
        /// The account.
        account: AccountId,
    },
    /// The orders name different markets.
    #[error("orders are for different markets")]
    MarketMismatch,
    /// Both orders are on the same side.
    #[error("both orders are on the same side")]
    SameSide,
    /// The market cannot trade now.
    #[error("market {market} is not tradable: {reason}")]
    MarketNotTradable {
        /// The market.
        market: u8,
        /// Why.
        reason: &'static str,
    },
    /// An account would end below initial margin without only reducing its position.
    #[error("{role} account {account} would be below initial margin")]
    InsufficientMargin {
        /// Which side.
        role: Role,
        /// The account.
        account: AccountId,
    },
}

/// Checks that `market` can trade at the current clock.
pub(crate) fn check_tradable(market: &Market, now: u64) -> Result<(), TradeError> {
    let reason = if market.price == 0 {
        "no oracle price yet"
    } else if market.kind.is_option() && (now >= market.expiry || market.settlement_price != 0) {
        "option expired"
    } else {
        return Ok(());
    };
    Err(TradeError::MarketNotTradable {
        market: market.id,
        reason,
    })
}

/// Applies a trade.
pub fn apply<S: Store>(
    state: &mut State<S>,
    t: &Trade,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    let (mo, to) = (&t.maker.order, &t.taker.order);
    if mo.account == to.account {
        return Err(TradeError::SelfTrade {
            account: mo.account,
        }
        .into());
    }
    if mo.market != to.market {
        return Err(TradeError::MarketMismatch.into());
    }
    if mo.side == to.side {
        return Err(TradeError::SameSide.into());
    }
    math::order_size(u64::from(t.fill))?;
    let price = math::price(t.price)?;
    let market = state
        .market(mo.market)?
        .ok_or(OpError::MarketNotFound { market: mo.market })?;
    check_tradable(&market, state.globals()?.oracle_time)?;

    let mut maker = Party::load(state, mo.account)?;
    let mut taker = Party::load(state, to.account)?;
    let (maker_slot, maker_fill) = check_fill(
        state,
        &t.maker,
        &maker.account,
        Role::Maker,
        t.price,
        t.fill,
        t.maker_fee_ppm,
        verifier,
    )?;
    let (taker_slot, taker_fill) = check_fill(
        state,
        &t.taker,
        &taker.account,
        Role::Taker,
        t.price,
        t.fill,
        t.taker_fee_ppm,
        verifier,
    )?;

    let maker_fee = math::size_times(i64::from(t.fill), math::ceil_ppm(price, t.maker_fee_ppm)?)?;
    let taker_fee = math::size_times(i64::from(t.fill), math::ceil_ppm(price, t.taker_fee_ppm)?)?;
    for (party, order, fee, role) in [
        (&mut maker, mo, maker_fee, Role::Maker),
        (&mut taker, to, taker_fee, Role::Taker),
    ] {
        let before = party.margin(state)?;
        let size_before = party.size_in(market.id);
        party.move_position(&market, order.side.sign() * i64::from(t.fill), price)?;
        check_reduce_only(order, role, size_before, party.size_in(market.id))?;
        party.credit(-fee)?;
        let after = party.margin(state)?;
        if !may_end_at(&before, &after, size_before, party.size_in(market.id)) {
            return Err(TradeError::InsufficientMargin {
                role,
                account: party.id,
            }
            .into());
        }
    }

    state.write_fill(maker.id, maker_slot, &maker_fill)?;
    maker.save(state)?;
    state.write_fill(taker.id, taker_slot, &taker_fill)?;
    taker.save(state)?;
    let fees = maker_fee + taker_fee;
    if fees > 0 {
        let mut fee_party = Party::load(state, state.globals()?.fee_account)?;
        fee_party.credit(fees)?;
        fee_party.save(state)?;
    }
    Ok(outcome(OpType::Trade, encode::trade(t)))
}

#[cfg(test)]
mod tests;

//! `Trade`: two signed limit orders matched for `fill` lots at `price`.
//!
//! Rules, in order: different accounts, same market, opposite sides; fill and price in range;
//! the market is tradable (`check_tradable`: it has a fresh oracle price, and an option has not
//! expired and its underlying has a fresh price); each order passes `order::check_fill` (price
//! within its limit, fee within its signed maximum, fill within what remains, its signed time in
//! force allows its role — the maker not IOC, the taker not post-only — signature); a
//! reduce-only order's fill only shrinks its account's position (`order::check_reduce_only`); then
//! for the maker and then the taker: `Party::move_position` (settles the position's unpaid
//! funding into collateral, then moves the size in the slot holding the market or else the
//! lowest empty slot, paying `delta × price`), the fee `fill × ceil(price × fee_ppm / 10^6)` is
//! debited, and the account must end healthy at initial margin — with fresh prices for every
//! position it holds (`common::require_fresh`) — unless the trade only reduced its position
//! without worsening its free collateral at maintenance (`common::may_end_at`).
//!
//! Reads: market leaf (and the underlying's for an option), globals (clock, fee account), both
//! accounts with their 16 position slots and the markets they hold, both fill slots, the fee
//! account. Writes (circuits follow this order): maker fill, maker positions, maker account,
//! taker fill, taker positions, taker account, fee account.

use crate::crypto::SignatureVerifier;
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Market, OpType, Role, SignedOrder};

use super::common::{check_fresh, may_end_at, only_reduces, outcome, require_fresh, Party};
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

/// Checks that `market` can trade at the current clock: it has a price that is fresh
/// (`common::check_fresh`), and an option has not expired (nor been settled) and its
/// underlying has a fresh price. Reads the underlying's market leaf for an option.
pub(crate) fn check_tradable<S: Store>(
    state: &State<S>,
    market: &Market,
    now: u64,
) -> Result<(), OpError> {
    let reason = if market.price == 0 {
        "no oracle price yet"
    } else if market.kind.is_option() && (now >= market.expiry || market.settlement_price != 0) {
        "option expired"
    } else {
        check_fresh(market, now)?;
        if market.kind.is_option() {
            let underlying = state
                .market(market.underlying)?
                .ok_or(OpError::MarketNotFound {
                    market: market.underlying,
                })?;
            check_fresh(&underlying, now)?;
        }
        return Ok(());
    };
    Err(TradeError::MarketNotTradable {
        market: market.id,
        reason,
    }
    .into())
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
    check_tradable(state, &market, state.globals()?.oracle_time)?;

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
        let size_after = party.size_in(market.id);
        if !only_reduces(size_before, size_after) {
            require_fresh(state, &party.positions)?;
        }
        if !may_end_at(&before, &after, size_before, size_after) {
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

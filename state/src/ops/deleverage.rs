//! `Deleverage`: when an account's value is negative and the insurance fund is empty (what it
//! could cover, `CoverDeficit` already took), the sequencer closes (part of) its position against
//! a counterparty holding the opposite position, at the bankruptcy price, so the loss is shared
//! instead of unpaid.
//!
//! Rules, in order: two different accounts; fill in range; the market exists; every price either
//! account is valued with is fresh (`common::require_fresh`); the deleveraged account's value is
//! negative; the insurance fund is empty; the deleveraged account holds a position in the market
//! and the fill is at most its size; the counterparty holds the opposite position, at least
//! `fill` lots of it, and is in profit in the only sense the state can check (its value at
//! maintenance is above its maintenance risk: entry prices are not part of the state); the price
//! is exactly the bankruptcy price `mark + ceil(−value / |size|)` for a long (it sells),
//! `mark − ceil(−value / |size|)` for a short, rounded so the bankrupt account ends no more
//! negative, pro rata (in favour of the system); both move their positions at that price
//! (`Party::move_position`, funding settled first); the counterparty stays healthy at
//! maintenance.
//!
//! Ranking (followed by the sequencer, checkable by anyone from the public state, not proven per
//! op): counterparties by free collateral at maintenance (`value − maintenance risk`),
//! largest first, ties by account id.
//!
//! Reads: market leaf, globals (clock, fund), both accounts with their position slots and the
//! markets they hold. Writes: deleveraged positions and account, then counterparty positions and
//! account.

use crate::margin::Level;
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, MarketId, OpType};

use super::common::{outcome, require_fresh, Party};
use super::OpError;

/// An auto-deleveraging step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleverage {
    /// The bankrupt account.
    pub deleveraged: AccountId,
    /// The account taking the opposite side.
    pub counterparty: AccountId,
    /// Market.
    pub market: MarketId,
    /// Lots closed.
    pub fill: u32,
    /// Price (must be the bankruptcy price).
    pub price: u32,
}

/// Deleveraging-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeleverageError {
    /// Both sides are one account.
    #[error("an account cannot deleverage against itself")]
    SameAccount,
    /// The account's value is not negative.
    #[error("account {account} is not bankrupt")]
    NotBankrupt {
        /// Account.
        account: AccountId,
    },
    /// The insurance fund is not empty: `CoverDeficit` first.
    #[error("insurance fund {fund} is not empty")]
    InsuranceFundNotEmpty {
        /// Fund.
        fund: u64,
    },
    /// The deleveraged account holds no position in the market.
    #[error("account {account} has no position in market {market}")]
    NoPosition {
        /// Account.
        account: AccountId,
        /// Market.
        market: MarketId,
    },
    /// The fill is larger than the deleveraged position.
    #[error("fill {fill} exceeds the position size {size}")]
    FillExceedsPosition {
        /// Fill.
        fill: u32,
        /// |size|.
        size: u64,
    },
    /// The counterparty's position is not on the opposite side (or absent).
    #[error("counterparty {account} holds no opposite position")]
    CounterpartyNotOpposite {
        /// Account.
        account: AccountId,
    },
    /// The counterparty's opposite position is smaller than the fill.
    #[error("counterparty {account} holds {size} lots, fill is {fill}")]
    CounterpartyTooSmall {
        /// Account.
        account: AccountId,
        /// |size|.
        size: u64,
        /// Fill.
        fill: u32,
    },
    /// The counterparty is not in profit (value at maintenance not above its maintenance risk).
    #[error("counterparty {account} is not in profit (free collateral {free})")]
    CounterpartyNotInProfit {
        /// Account.
        account: AccountId,
        /// Its free collateral at maintenance.
        free: i128,
    },
    /// The price is not the bankruptcy price.
    #[error("price {price} is not the bankruptcy price {expected}")]
    NotBankruptcyPrice {
        /// Given.
        price: u32,
        /// Expected.
        expected: i128,
    },
    /// The counterparty would fall below maintenance.
    #[error("counterparty {account} would be below maintenance margin")]
    CounterpartyUnhealthy {
        /// Account.
        account: AccountId,
    },
}

/// Applies a deleveraging step.
pub fn apply<S: Store>(state: &mut State<S>, d: &Deleverage) -> Result<Outcome, OpError> {
    if d.deleveraged == d.counterparty {
        return Err(DeleverageError::SameAccount.into());
    }
    math::order_size(u64::from(d.fill))?;
    let market = state
        .market(d.market)?
        .ok_or(OpError::MarketNotFound { market: d.market })?;
    let mut bankrupt = Party::load(state, d.deleveraged)?;
    let mut other = Party::load(state, d.counterparty)?;
    require_fresh(state, &bankrupt.positions)?;
    require_fresh(state, &other.positions)?;
    let before = bankrupt.margin(state)?;
    if before.value >= 0 {
        return Err(DeleverageError::NotBankrupt {
            account: d.deleveraged,
        }
        .into());
    }
    let deficit = before.value.unsigned_abs();
    let fund = state.globals()?.insurance_fund;
    if fund != 0 {
        return Err(DeleverageError::InsuranceFundNotEmpty { fund }.into());
    }
    let size = bankrupt.size_in(d.market);
    if size == 0 {
        return Err(DeleverageError::NoPosition {
            account: d.deleveraged,
            market: d.market,
        }
        .into());
    }
    if u64::from(d.fill) > size.unsigned_abs() {
        return Err(DeleverageError::FillExceedsPosition {
            fill: d.fill,
            size: size.unsigned_abs(),
        }
        .into());
    }
    let other_size = other.size_in(d.market);
    if other_size.signum() != -size.signum() {
        return Err(DeleverageError::CounterpartyNotOpposite {
            account: d.counterparty,
        }
        .into());
    }
    if u64::from(d.fill) > other_size.unsigned_abs() {
        return Err(DeleverageError::CounterpartyTooSmall {
            account: d.counterparty,
            size: other_size.unsigned_abs(),
            fill: d.fill,
        }
        .into());
    }
    let other_free = other.margin(state)?.free(Level::Maintenance);
    if other_free <= 0 {
        return Err(DeleverageError::CounterpartyNotInProfit {
            account: d.counterparty,
            free: other_free,
        }
        .into());
    }
    let mark = i128::from(crate::margin::mark_price(&market));
    let per_unit = i128::from(deficit.div_ceil(size.unsigned_abs()));
    let expected = mark + per_unit * i128::from(size.signum());
    if i128::from(d.price) != expected {
        return Err(DeleverageError::NotBankruptcyPrice {
            price: d.price,
            expected,
        }
        .into());
    }
    let price = math::price(d.price)?;
    let delta = -size.signum() * i64::from(d.fill);
    bankrupt.move_position(&market, delta, price)?;
    other.move_position(&market, -delta, price)?;
    if !other.margin(state)?.is_healthy(Level::Maintenance) {
        return Err(DeleverageError::CounterpartyUnhealthy {
            account: d.counterparty,
        }
        .into());
    }
    bankrupt.save(state)?;
    other.save(state)?;
    Ok(outcome(OpType::Deleverage, encode::deleverage(d)))
}

#[cfg(test)]
mod tests;

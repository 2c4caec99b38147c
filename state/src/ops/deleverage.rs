//! `Deleverage`: when an account's value is negative and the insurance fund cannot cover the
//! deficit, the sequencer closes (part of) its position against a counterparty holding the
//! opposite position, at the bankruptcy price, so the loss is shared instead of unpaid.
//!
//! Rules: value < 0 and insurance fund < −value; the counterparty's position is opposite and at
//! least `fill`; `fill ≤ |size|`; the price is exactly the bankruptcy price
//! `mark + ceil(−value / |size|)` for a long (it sells), `mark − ceil(−value / |size|)` for a short
//! (rounded so the bankrupt account ends no more negative, pro rata); the counterparty stays
//! healthy at maintenance. The choice of counterparty follows the published ranking (highest
//! unrealised profit first), which is checked off-circuit from the public state, not proven.
//! Writes: deleveraged positions and account, then counterparty positions and account.

use crate::margin::Level;
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, MarketId, OpType};

use super::common::{outcome, Party};
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
    /// The insurance fund covers the deficit: liquidate instead.
    #[error("insurance fund {fund} covers the deficit {deficit}")]
    InsuranceCanCover {
        /// Deficit.
        deficit: u64,
        /// Fund.
        fund: u64,
    },
    /// An account lacks a position of the needed sign and size.
    #[error("account {account} has no suitable position")]
    NoSuitablePosition {
        /// Account.
        account: AccountId,
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
    let before = bankrupt.margin(state)?;
    if before.value >= 0 {
        return Err(DeleverageError::NotBankrupt {
            account: d.deleveraged,
        }
        .into());
    }
    let deficit = before.value.unsigned_abs();
    let fund = state.globals()?.insurance_fund;
    if fund >= deficit {
        return Err(DeleverageError::InsuranceCanCover { deficit, fund }.into());
    }
    let size = bankrupt.size_in(d.market);
    let other_size = other.size_in(d.market);
    if size == 0 || u64::from(d.fill) > size.unsigned_abs() {
        return Err(DeleverageError::NoSuitablePosition {
            account: d.deleveraged,
        }
        .into());
    }
    if other_size.signum() != -size.signum() || u64::from(d.fill) > other_size.unsigned_abs() {
        return Err(DeleverageError::NoSuitablePosition {
            account: d.counterparty,
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

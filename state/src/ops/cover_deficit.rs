//! `CoverDeficit`: the insurance fund brings an account with negative value towards zero.
//!
//! Rules, in order: the account exists; every price it is valued with is fresh
//! (`common::require_fresh`); its value (maintenance level: every position at its mark, long
//! options included) is negative; the insurance fund is not empty. The fund pays
//! `amount = min(fund, −value)` into the account's collateral. With or without positions: an
//! account left with negative collateral and no positions (after a bankrupt option settles, or a
//! loss-reducing trade) is reachable by this op, and a bankrupt account with positions ends at
//! value 0, where a liquidation at the mark is allowed (`ops::liquidate`). What the fund cannot
//! cover is shared by `ops::deleverage`, which requires an empty fund.
//!
//! Reads: globals (clock, fund), the account, its position slots and the markets they hold.
//! Writes: the account leaf, then globals (insurance fund).

use crate::margin::Level;
use crate::math;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, OpType};

use super::common::{outcome, require_fresh, Party};
use super::OpError;

/// A deficit cover, chosen by the sequencer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverDeficit {
    /// The account with negative value.
    pub account: AccountId,
}

/// Deficit-cover rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoverDeficitError {
    /// The account's value is not negative.
    #[error("account {account} has value {value}, no deficit")]
    NoDeficit {
        /// The account.
        account: AccountId,
        /// Its value.
        value: i64,
    },
    /// The insurance fund is empty.
    #[error("the insurance fund is empty")]
    InsuranceFundEmpty,
}

/// Applies a deficit cover; its pubdata carries the amount paid.
pub fn apply<S: Store>(state: &mut State<S>, c: &CoverDeficit) -> Result<Outcome, OpError> {
    let mut party = Party::load(state, c.account)?;
    require_fresh(state, &party.positions)?;
    let value = party.margin(state)?.value_at(Level::Maintenance);
    if value >= 0 {
        return Err(CoverDeficitError::NoDeficit {
            account: c.account,
            value: value as i64, // |value| < 2^61 (margin::compute)
        }
        .into());
    }
    let mut g = state.globals()?;
    if g.insurance_fund == 0 {
        return Err(CoverDeficitError::InsuranceFundEmpty.into());
    }
    let amount = (-value).min(i128::from(g.insurance_fund));
    party.credit(amount)?;
    g.insurance_fund = math::amount(i128::from(g.insurance_fund) - amount)?;
    state.write_account(party.id, &party.account)?;
    state.set_globals(&g);
    Ok(outcome(
        OpType::CoverDeficit,
        encode::cover_deficit(c.account, amount as u64),
    ))
}

#[cfg(test)]
mod tests;

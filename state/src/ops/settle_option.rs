//! `SettleOption`: pays an expired option position at its market's settlement price and removes
//! it.
//!
//! Rules, in order: the market is an option; it has a settlement price (set once, by the
//! quorum-signed `SettlementTick` for the expiry instant — which requires the clock to have
//! reached the expiry — so the sequencer's timing cannot choose it); the account holds a
//! position in it. The position closes at the payoff per unit (call `max(S − K, 0)`, put
//! `max(K − S, 0)`) through `Party::move_position` (options carry no funding): longs receive,
//! shorts pay; the payments of one market sum to zero once every position is settled. A short
//! that cannot pay ends with negative value, which `CoverDeficit`/`Deleverage` absorb.
//!
//! Reads: the market leaf, the account and its position slots. Writes: the account's positions,
//! then the account leaf.

use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, MarketId, OpType};

use super::common::{outcome, Party};
use super::OpError;

/// Settlement of one account's position in an expired option market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettleOption {
    /// Account holding the position.
    pub account: AccountId,
    /// Option market.
    pub market: MarketId,
}

/// Settlement-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettleOptionError {
    /// The market is a perp.
    #[error("market {market} is not an option")]
    NotAnOption {
        /// The market.
        market: MarketId,
    },
    /// The market has no settlement price yet (no `SettlementTick`).
    #[error("market {market} has no settlement price yet")]
    NotSettled {
        /// The market.
        market: MarketId,
    },
    /// The account holds no position in the market.
    #[error("account {account} has no position in market {market}")]
    NoPosition {
        /// Account.
        account: AccountId,
        /// Market.
        market: MarketId,
    },
}

/// Applies a settlement.
pub fn apply<S: Store>(state: &mut State<S>, s: &SettleOption) -> Result<Outcome, OpError> {
    let market = state
        .market(s.market)?
        .ok_or(OpError::MarketNotFound { market: s.market })?;
    if !market.kind.is_option() {
        return Err(SettleOptionError::NotAnOption { market: s.market }.into());
    }
    if market.settlement_price == 0 {
        return Err(SettleOptionError::NotSettled { market: s.market }.into());
    }
    let mut party = Party::load(state, s.account)?;
    let size = party.size_in(s.market);
    if size == 0 {
        return Err(SettleOptionError::NoPosition {
            account: s.account,
            market: s.market,
        }
        .into());
    }
    let payoff = market.option_payoff(u64::from(market.settlement_price));
    // Closing at the payoff: collateral += size × payoff.
    party.move_position(&market, -size, payoff)?;
    party.save(state)?;
    Ok(outcome(OpType::SettleOption, encode::settle_option(s)))
}

#[cfg(test)]
mod tests;

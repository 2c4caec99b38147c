//! `SettleOption`: at or after expiry, pays `size × payoff` (call `max(S − K, 0)`, put
//! `max(K − S, 0)`) and removes the position. S, the settlement price, is fixed by the first
//! settlement of the market: the underlying's oracle price, which must be observed at or after
//! expiry; later settlements reuse it. Longs receive, shorts pay; the payments of one market
//! sum to zero once every position is settled.

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
    /// The rollup clock is before expiry.
    #[error("option expires at {expiry}, clock is {now}")]
    NotExpired {
        /// Expiry.
        expiry: u64,
        /// Clock.
        now: u64,
    },
    /// The underlying price was observed before expiry.
    #[error("underlying price from {price_time} predates expiry {expiry}")]
    UnderlyingPriceStale {
        /// Observation time.
        price_time: u64,
        /// Expiry.
        expiry: u64,
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
    let mut market = state
        .market(s.market)?
        .ok_or(OpError::MarketNotFound { market: s.market })?;
    if !market.kind.is_option() {
        return Err(SettleOptionError::NotAnOption { market: s.market }.into());
    }
    let now = state.globals()?.oracle_time;
    if now < market.expiry {
        return Err(SettleOptionError::NotExpired {
            expiry: market.expiry,
            now,
        }
        .into());
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
    if market.settlement_price == 0 {
        let underlying = state
            .market(market.underlying)?
            .ok_or(OpError::MarketNotFound {
                market: market.underlying,
            })?;
        if underlying.price == 0 || underlying.price_time < market.expiry {
            return Err(SettleOptionError::UnderlyingPriceStale {
                price_time: underlying.price_time,
                expiry: market.expiry,
            }
            .into());
        }
        market.settlement_price = underlying.price;
        state.write_market(&market)?;
    }
    let payoff = market.option_payoff(u64::from(market.settlement_price));
    // Closing at the payoff: collateral += size × payoff.
    party.move_position(&market, -size, payoff)?;
    party.save(state)?;
    Ok(outcome(OpType::SettleOption, encode::settle_option(s)))
}

#[cfg(test)]
mod tests;

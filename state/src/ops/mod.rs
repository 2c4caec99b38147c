//! The state transition: one module per operation of `docs/architecture.md` (Operations), each with
//! `pub fn apply(state, op, verifier) -> Result<Outcome, OpError>`.
//!
//! Invariant: an op either fails with a typed error (and [`crate::state::State::apply`] rolls
//! every staged write back) or succeeds and returns its exact pubdata. Priority operations
//! (Deposit, SetKey, ForcedWithdrawal) never fail on their inputs: they are recorded with a
//! status so that the L1 queue always advances.

pub mod cancel_order;
pub mod common;
pub mod cover_deficit;
pub mod deleverage;
pub mod deposit;
pub mod forced_withdrawal;
pub mod funding_tick;
pub mod liquidate;
pub mod oracle_tick;
pub mod order;
pub mod set_key;
pub mod settle_option;
pub mod settlement_tick;
pub mod trade;
pub mod withdraw;

#[cfg(test)]
mod solvency_tests;
#[cfg(test)]
pub(crate) mod testkit;

use crate::crypto::SignatureVerifier;
use crate::math::MathError;
use crate::state::{State, StateError};
use crate::store::Store;
use crate::types::{AccountId, MarketId, OpType};

pub use cancel_order::{CancelOrder, CancelOrderError};
pub use cover_deficit::{CoverDeficit, CoverDeficitError};
pub use deleverage::{Deleverage, DeleverageError};
pub use deposit::Deposit;
pub use forced_withdrawal::ForcedWithdrawal;
pub use funding_tick::{FundingTick, FundingTickError};
pub use liquidate::{Liquidate, LiquidateError};
pub use oracle_tick::{OracleSubmission, OracleTick, OracleTickError};
pub use order::OrderError;
pub use set_key::SetKey;
pub use settle_option::{SettleOption, SettleOptionError};
pub use settlement_tick::{SettlementTick, SettlementTickError};
pub use trade::{Trade, TradeError};
pub use withdraw::{Withdraw, WithdrawError};

/// An operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Padding (changes nothing).
    Noop,
    /// L1 deposit.
    Deposit(Deposit),
    /// L1 key change.
    SetKey(SetKey),
    /// Two matched orders.
    Trade(Trade),
    /// L2 withdrawal.
    Withdraw(Withdraw),
    /// Oracle price.
    OracleTick(OracleTick),
    /// Funding index update.
    FundingTick(FundingTick),
    /// Liquidation.
    Liquidate(Liquidate),
    /// Auto-deleveraging.
    Deleverage(Deleverage),
    /// Option settlement.
    SettleOption(SettleOption),
    /// L1 forced withdrawal.
    ForcedWithdrawal(ForcedWithdrawal),
    /// Owner-signed cancel of one order.
    CancelOrder(CancelOrder),
    /// Insurance fund covers a deficit.
    CoverDeficit(CoverDeficit),
    /// Option settlement price.
    SettlementTick(SettlementTick),
}

impl Op {
    /// The op's type id.
    pub fn op_type(&self) -> OpType {
        match self {
            Op::Noop => OpType::Noop,
            Op::Deposit(_) => OpType::Deposit,
            Op::SetKey(_) => OpType::SetKey,
            Op::Trade(_) => OpType::Trade,
            Op::Withdraw(_) => OpType::Withdraw,
            Op::OracleTick(_) => OpType::OracleTick,
            Op::FundingTick(_) => OpType::FundingTick,
            Op::Liquidate(_) => OpType::Liquidate,
            Op::Deleverage(_) => OpType::Deleverage,
            Op::SettleOption(_) => OpType::SettleOption,
            Op::ForcedWithdrawal(_) => OpType::ForcedWithdrawal,
            Op::CancelOrder(_) => OpType::CancelOrder,
            Op::CoverDeficit(_) => OpType::CoverDeficit,
            Op::SettlementTick(_) => OpType::SettlementTick,
        }
    }
}

/// Why an operation was rejected.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The account does not exist.
    #[error("account {account} does not exist")]
    AccountNotFound {
        /// The account.
        account: AccountId,
    },
    /// The market does not exist.
    #[error("market {market} does not exist")]
    MarketNotFound {
        /// The market.
        market: MarketId,
    },
    /// A price the op relies on is missing or older than its market's `max_price_age`
    /// (`common::require_fresh`).
    #[error(
        "market {market} price (time {price_time}) is stale at clock {now}: max age {max_age} s"
    )]
    StalePrice {
        /// The market whose price is stale.
        market: MarketId,
        /// Time of its price (0 = none yet).
        price_time: u64,
        /// The rollup clock.
        now: u64,
        /// The market's maximum price age.
        max_age: u32,
    },
    /// The account already holds positions in 16 markets.
    #[error("account {account} has no free position slot")]
    TooManyPositions {
        /// The account.
        account: AccountId,
    },
    /// A quantity left its declared range.
    #[error(transparent)]
    Math(#[from] MathError),
    /// An order rule failed.
    #[error(transparent)]
    Order(#[from] OrderError),
    /// A trade rule failed.
    #[error(transparent)]
    Trade(#[from] TradeError),
    /// A withdrawal rule failed.
    #[error(transparent)]
    Withdraw(#[from] WithdrawError),
    /// An oracle tick rule failed.
    #[error(transparent)]
    OracleTick(#[from] OracleTickError),
    /// A funding tick rule failed.
    #[error(transparent)]
    FundingTick(#[from] FundingTickError),
    /// A liquidation rule failed.
    #[error(transparent)]
    Liquidate(#[from] LiquidateError),
    /// A deleveraging rule failed.
    #[error(transparent)]
    Deleverage(#[from] DeleverageError),
    /// An option settlement rule failed.
    #[error(transparent)]
    SettleOption(#[from] SettleOptionError),
    /// A cancel rule failed.
    #[error(transparent)]
    CancelOrder(#[from] CancelOrderError),
    /// A deficit-cover rule failed.
    #[error(transparent)]
    CoverDeficit(#[from] CoverDeficitError),
    /// A settlement-tick rule failed.
    #[error(transparent)]
    SettlementTick(#[from] SettlementTickError),
    /// The state itself failed (storage, corruption): not a property of the op.
    #[error(transparent)]
    State(#[from] StateError),
}

impl From<crate::tree::TreeError> for OpError {
    fn from(e: crate::tree::TreeError) -> Self {
        OpError::State(StateError::Tree(e))
    }
}

impl From<crate::store::StoreError> for OpError {
    fn from(e: crate::store::StoreError) -> Self {
        OpError::State(StateError::Store(e))
    }
}

/// Routes `op` to its handler.
pub(crate) fn dispatch<S: Store>(
    state: &mut State<S>,
    op: &Op,
    verifier: &dyn SignatureVerifier,
) -> Result<crate::state::Outcome, OpError> {
    match op {
        Op::Noop => Ok(common::outcome(OpType::Noop, vec![OpType::Noop as u8])),
        Op::Deposit(o) => deposit::apply(state, o),
        Op::SetKey(o) => set_key::apply(state, o),
        Op::Trade(o) => trade::apply(state, o, verifier),
        Op::Withdraw(o) => withdraw::apply(state, o, verifier),
        Op::OracleTick(o) => oracle_tick::apply(state, o, verifier),
        Op::FundingTick(o) => funding_tick::apply(state, o),
        Op::Liquidate(o) => liquidate::apply(state, o, verifier),
        Op::Deleverage(o) => deleverage::apply(state, o),
        Op::SettleOption(o) => settle_option::apply(state, o),
        Op::ForcedWithdrawal(o) => forced_withdrawal::apply(state, o),
        Op::CancelOrder(o) => cancel_order::apply(state, o, verifier),
        Op::CoverDeficit(o) => cover_deficit::apply(state, o),
        Op::SettlementTick(o) => settlement_tick::apply(state, o, verifier),
    }
}

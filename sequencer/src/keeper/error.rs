//! Keeper errors. Each variant maps to one stable JSON-RPC code (`crate::rpc::error`,
//! documented in docs/rpc.md).

use zkclear_state::ops::{OpError, OrderError, TradeError};
use zkclear_state::state::StateError;
use zkclear_state::types::Role;

use crate::book::BookError;
use crate::persist::PersistError;

/// Why the keeper refused or failed an input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeeperError {
    /// The signature does not verify under the account's key.
    #[error("invalid signature")]
    InvalidSignature,
    /// No such market.
    #[error("unknown market {0}")]
    UnknownMarket(u8),
    /// The order's nonce is used or superseded in its fill slot.
    #[error("stale nonce {nonce} (slot holds {stored})")]
    StaleNonce {
        /// The order's nonce.
        nonce: u32,
        /// The nonce stored in its fill slot.
        stored: u32,
    },
    /// No such account.
    #[error("unknown account {0}")]
    UnknownAccount(u32),
    /// The order expired (by the rollup clock).
    #[error("order expired at {expiry}, clock is {now}")]
    Expired {
        /// Order expiry.
        expiry: u64,
        /// Rollup clock.
        now: u64,
    },
    /// The market does not trade now.
    #[error("market not tradable: {0}")]
    MarketNotTradable(String),
    /// An order with this account and nonce is already resting.
    #[error("an order with this nonce is already resting")]
    DuplicateOrder,
    /// A post-only order would cross.
    #[error("post-only order would cross the book")]
    PostOnlyWouldCross,
    /// A circuit breaker halted the market.
    #[error("market {0} is halted by its circuit breaker")]
    MarketHalted(u8),
    /// No such resting order.
    #[error("no such resting order")]
    UnknownOrder,
    /// A field is out of its range.
    #[error("invalid order: {0}")]
    InvalidOrder(String),
    /// The order's signed fee limit is below the fee it would be charged.
    #[error("max_fee_ppm {max_fee_ppm} is below the configured fee {required} ppm this order can be charged")]
    FeeTooLow {
        /// The order's signed limit.
        max_fee_ppm: u32,
        /// The configured fee of the roles it can fill in.
        required: u32,
    },
    /// The order was admitted before and no longer rests (filled, cancelled, an IOC remainder):
    /// a signed order is admitted once.
    #[error("this signed order was already placed and has finished (filled or cancelled)")]
    OrderFinished,
    /// Resting the order would leave the worst case of the account's resting orders below
    /// initial margin.
    #[error("insufficient margin for resting orders: {0}")]
    RestingMargin(String),
    /// The account already rests the most orders allowed.
    #[error("the account already has {cap} resting orders (the most allowed)")]
    TooManyRestingOrders {
        /// The configured cap.
        cap: usize,
    },
    /// The state rejected the operation.
    #[error("rejected by the state: {0}")]
    Rejected(String),
    /// An L1 priority op that is not the next one of the queue.
    #[error("priority op #{got} is not the next one of the L1 queue (#{expected})")]
    PriorityOutOfOrder {
        /// The state's priority cursor.
        expected: u64,
        /// The op's queue index.
        got: u64,
    },
    /// A price the request depends on is older than its market's maximum age.
    #[error("stale price: {0}")]
    StalePrice(String),
    /// The state refused an oracle or settlement tick.
    #[error("oracle tick refused: {0}")]
    OracleTickRefused(String),
    /// Not found (batch, ...).
    #[error("not found: {0}")]
    NotFound(String),
    /// The keeper is not running.
    #[error("keeper unavailable")]
    Unavailable,
    /// Storage failed; the keeper stops.
    #[error("storage failure: {0}")]
    Storage(String),
}

/// Result alias of the keeper.
pub type KeeperResult<T> = Result<T, KeeperError>;

impl From<PersistError> for KeeperError {
    fn from(e: PersistError) -> Self {
        KeeperError::Storage(e.to_string())
    }
}

impl From<StateError> for KeeperError {
    fn from(e: StateError) -> Self {
        KeeperError::Storage(e.to_string())
    }
}

impl From<BookError> for KeeperError {
    fn from(e: BookError) -> Self {
        match e {
            BookError::PostOnlyWouldCross(_) => KeeperError::PostOnlyWouldCross,
            BookError::DuplicateOrderId(_) => KeeperError::DuplicateOrder,
            BookError::UnknownOrderId(_) => KeeperError::UnknownOrder,
            other => KeeperError::InvalidOrder(other.to_string()),
        }
    }
}

impl From<OpError> for KeeperError {
    fn from(e: OpError) -> Self {
        match e {
            OpError::MarketNotFound { market } => KeeperError::UnknownMarket(market),
            OpError::AccountNotFound { account } => KeeperError::UnknownAccount(account),
            OpError::Order(OrderError::BadSignature { .. }) => KeeperError::InvalidSignature,
            OpError::Order(OrderError::NonceStale { nonce, stored, .. }) => {
                KeeperError::StaleNonce { nonce, stored }
            }
            OpError::Order(OrderError::Expired { expiry, now, .. }) => {
                KeeperError::Expired { expiry, now }
            }
            OpError::Trade(TradeError::MarketNotTradable { reason, .. }) => {
                KeeperError::MarketNotTradable(reason.to_string())
            }
            OpError::State(s) => KeeperError::Storage(s.to_string()),
            e @ OpError::StalePrice { .. } => KeeperError::StalePrice(e.to_string()),
            e @ (OpError::OracleTick(_) | OpError::SettlementTick(_)) => {
                KeeperError::OracleTickRefused(e.to_string())
            }
            other => KeeperError::Rejected(other.to_string()),
        }
    }
}

/// Which party of a trade an op error blames, if any.
pub(crate) fn blamed(e: &OpError) -> Option<Role> {
    match e {
        OpError::Order(o) => Some(match o {
            OrderError::ZeroNonce { role }
            | OrderError::Expired { role, .. }
            | OrderError::PriceOutsideLimit { role, .. }
            | OrderError::FeeAboveMax { role, .. }
            | OrderError::NonceStale { role, .. }
            | OrderError::Overfilled { role, .. }
            | OrderError::BadSignature { role }
            | OrderError::PostOnlyNotMaker { role }
            | OrderError::IocAsMaker { role }
            | OrderError::ReduceOnlyWouldIncrease { role, .. } => *role,
        }),
        OpError::Trade(TradeError::InsufficientMargin { role, .. }) => Some(*role),
        _ => None,
    }
}

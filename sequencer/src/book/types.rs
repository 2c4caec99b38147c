//! Orders, fills and errors of the matching engine.
//!
//! Prices are integer ticks and sizes integer lots; the book never sees fixed-point or
//! floating-point values, and it knows nothing of the state crate's types (the keeper converts).

use thiserror::Error;

/// Identifier of an order, unique among the orders resting in one book.
///
/// The keeper assigns it (for example a sequence number, or a truncated order hash); the book
/// only checks that no resting order already uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId(pub u64);

/// Identifier of the account that owns an order (the state tree's account index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub u64);

/// Price in integer ticks; a valid order price is at least 1.
pub type Ticks = u64;

/// Size in integer lots; a valid order size is at least 1.
pub type Lots = u64;

/// Side of an order: a buy (bid) or a sell (ask).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// Buys: increases the account's signed position.
    Buy,
    /// Sells: decreases the account's signed position.
    Sell,
}

impl Side {
    /// The other side.
    pub fn opposite(self) -> Side {
        match self {
            Side::Buy => Side::Sell,
            Side::Sell => Side::Buy,
        }
    }

    /// True when a taker on this side with limit `limit` trades against a maker at `maker_price`.
    pub fn crosses(self, limit: Ticks, maker_price: Ticks) -> bool {
        match self {
            Side::Buy => maker_price <= limit,
            Side::Sell => maker_price >= limit,
        }
    }
}

/// How an order treats the part it cannot fill immediately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderKind {
    /// Good till cancelled: fills what crosses, rests the remainder at its limit price.
    Limit,
    /// Only ever a maker: rejected with [`BookError::PostOnlyWouldCross`] (book unchanged) if any
    /// part of it would trade on arrival; otherwise rests in full.
    PostOnly,
    /// Immediate or cancel: fills what crosses, cancels the remainder; never rests.
    Ioc,
}

/// An order as the book sees it: already authenticated and checked for its market by the keeper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookOrder {
    /// Unique among resting orders of this book.
    pub id: OrderId,
    /// Owner; two orders of one account never trade with each other (self-trade prevention).
    pub account: AccountId,
    /// Buy or sell.
    pub side: Side,
    /// Limit price in ticks, at least 1.
    pub price: Ticks,
    /// Size in lots, at least 1.
    pub size: Lots,
    /// Time-in-force behaviour.
    pub kind: OrderKind,
    /// Never increase |position|: the order is clipped to the account's position when it arrives
    /// and again whenever it trades as a maker.
    pub reduce_only: bool,
}

/// One trade between a resting maker and an incoming taker, at the maker's price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fill {
    /// The resting order.
    pub maker: OrderId,
    /// Account of the resting order.
    pub maker_account: AccountId,
    /// The incoming order.
    pub taker: OrderId,
    /// Account of the incoming order (never equal to `maker_account`).
    pub taker_account: AccountId,
    /// Side of the taker; the maker is on the opposite side.
    pub taker_side: Side,
    /// Execution price: always the maker's resting price.
    pub price: Ticks,
    /// Traded size, at least 1.
    pub size: Lots,
}

/// Why a quantity of an order was cancelled rather than filled or rested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CancelReason {
    /// Explicit cancel request.
    Requested,
    /// Self-trade prevention: the resting maker of the taker's own account was cancelled.
    SelfTrade,
    /// Reduce-only clipping: the quantity would have increased |position|.
    ReduceOnly,
    /// The unfilled remainder of an IOC order.
    ImmediateOrCancel,
    /// The keeper truncated the plan (the state rejected a later fill), so the taker's remainder
    /// was cancelled instead of matching further or resting.
    Truncated,
    /// The keeper refused to rest the remainder (resting-order margin or the per-account cap),
    /// after the fills were applied.
    NotRested,
}

/// Reasons an order or a command is rejected; a rejected call leaves the book unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BookError {
    /// Order size was zero.
    #[error("order {0:?}: size must be at least 1 lot")]
    ZeroSize(OrderId),
    /// Order price was zero.
    #[error("order {0:?}: price must be at least 1 tick")]
    ZeroPrice(OrderId),
    /// An order with this id is already resting in the book.
    #[error("order {0:?}: an order with this id is already resting")]
    DuplicateOrderId(OrderId),
    /// No resting order has this id.
    #[error("order {0:?}: no such resting order")]
    UnknownOrderId(OrderId),
    /// A post-only order would have traded on arrival.
    #[error("order {0:?}: post-only order would cross the book")]
    PostOnlyWouldCross(OrderId),
    /// The plan was computed against an earlier version of the book.
    #[error("plan was computed at book version {planned}, book is at version {current}")]
    StalePlan {
        /// Book version the plan was computed at.
        planned: u64,
        /// Current book version.
        current: u64,
    },
    /// The plan belongs to another book.
    #[error("plan belongs to another book")]
    ForeignPlan,
    /// An order put back by [`super::OrderBook::restore`] would cross the book.
    #[error("order {0:?}: a restored order would cross the book")]
    RestoreWouldCross(OrderId),
}

/// Source of an account's current signed position in this book's market (lots, long > 0).
///
/// Reduce-only orders need it; the keeper implements it over the state (including fills it has
/// already applied in the current batch). Closures `Fn(AccountId) -> i64` implement it.
pub trait Positions {
    /// Signed position of `account` in lots.
    fn position(&self, account: AccountId) -> i64;
}

impl<F: Fn(AccountId) -> i64> Positions for F {
    fn position(&self, account: AccountId) -> i64 {
        self(account)
    }
}

/// [`Positions`] for callers without reduce-only orders: every account is flat, so any
/// reduce-only order is clipped to nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flat;

impl Positions for Flat {
    fn position(&self, _account: AccountId) -> i64 {
        0
    }
}

/// Lots that an order on `side` may trade without increasing |position| (0 if it would only
/// increase it).
pub(crate) fn reducible(side: Side, position: i128) -> u128 {
    match side {
        Side::Sell if position > 0 => position.unsigned_abs(),
        Side::Buy if position < 0 => position.unsigned_abs(),
        _ => 0,
    }
}

//! Matching engine: one price-time-priority limit order book per market, over integer prices
//! (ticks) and sizes (lots).
//!
//! Policies (docs/matching.md explains each choice):
//! - fills execute at the maker's price, best price first, then oldest first;
//! - post-only orders that would cross are rejected ([`BookError::PostOnlyWouldCross`]), book
//!   unchanged;
//! - IOC remainders are cancelled; limit remainders rest;
//! - reduce-only orders are clipped to the account's position on arrival, and again each time
//!   they trade as makers (the excess is cancelled), so they never increase |position|;
//! - self-trade prevention cancels the resting maker of the taker's own account (whole
//!   remaining size) and matching continues behind it;
//! - matching is planned without mutating the book ([`OrderBook::plan`]); the keeper applies the
//!   fills to the state and commits the plan, or truncates it at the first fill the state
//!   rejected ([`Plan::truncate_fills`]) and commits the rest.

mod level;
mod order_book;
mod plan;
mod types;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use order_book::{Depth, DepthLevel, OrderBook, RestingOrder};
pub use plan::{MakerStep, Plan};
pub use types::{
    AccountId, BookError, BookOrder, CancelReason, Fill, Flat, Lots, OrderId, OrderKind, Positions,
    Side, Ticks,
};

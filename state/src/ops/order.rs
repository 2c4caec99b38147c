//! Signed-order checks shared by Trade and Liquidate, and the fill-slot rule of
//! `docs/state-layout.md` (Loopring-style storage slots).
//!
//! The signed time in force is enforced per fill from the role the order plays: a post-only
//! order fills only as the maker, an IOC order only as the taker or a liquidator (so it can never
//! have rested). A reduce-only order's fill is checked by the op, which knows the position before
//! and after ([`check_reduce_only`]).

use crate::crypto::SignatureVerifier;
use crate::math;
use crate::state::State;
use crate::store::Store;
use crate::types::{Account, FillSlot, Order, Role, Side, SignedOrder, TimeInForce};

use super::OpError;

/// Why an order cannot fill.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// Order nonces start at 1.
    #[error("{role} order has nonce 0")]
    ZeroNonce {
        /// Which order.
        role: Role,
    },
    /// The rollup clock is past the order's expiry.
    #[error("{role} order expired at {expiry}, clock is {now}")]
    Expired {
        /// Which order.
        role: Role,
        /// The order's expiry.
        expiry: u64,
        /// The oracle clock.
        now: u64,
    },
    /// The execution price is worse than the order's limit.
    #[error("{role} order limit {limit} does not allow price {price}")]
    PriceOutsideLimit {
        /// Which order.
        role: Role,
        /// Execution price.
        price: u32,
        /// The order's limit.
        limit: u32,
    },
    /// The fee rate charged is above the order's signed maximum.
    #[error("{role} fee {fee_ppm} ppm above the signed maximum {max_fee_ppm}")]
    FeeAboveMax {
        /// Which order.
        role: Role,
        /// Fee charged.
        fee_ppm: u32,
        /// Signed maximum.
        max_fee_ppm: u32,
    },
    /// The fill slot holds a larger nonce: replay or stale order.
    #[error("{role} order nonce {nonce} is stale (slot holds {stored})")]
    NonceStale {
        /// Which order.
        role: Role,
        /// The order's nonce.
        nonce: u32,
        /// Nonce in the slot.
        stored: u32,
    },
    /// The fill exceeds what remains of the order.
    #[error("{role} order has {remaining} lots left, fill is {fill}")]
    Overfilled {
        /// Which order.
        role: Role,
        /// Fill asked.
        fill: u32,
        /// Remaining size.
        remaining: u32,
    },
    /// The signature does not verify under the account's key.
    #[error("{role} order signature is invalid")]
    BadSignature {
        /// Which order.
        role: Role,
    },
    /// A post-only order may only fill as the maker (it never takes liquidity).
    #[error("post-only order cannot fill as the {role}")]
    PostOnlyNotMaker {
        /// The role it was given.
        role: Role,
    },
    /// An IOC order may only fill as the taker or a liquidator (it never rests, so it is never a
    /// maker).
    #[error("immediate-or-cancel order cannot fill as the {role}")]
    IocAsMaker {
        /// The role it was given.
        role: Role,
    },
    /// A reduce-only order's fill would grow or flip the account's position.
    #[error("reduce-only {role} order would move the position from {before} to {after}")]
    ReduceOnlyWouldIncrease {
        /// Which order.
        role: Role,
        /// Position size before the fill.
        before: i64,
        /// Position size after the fill.
        after: i64,
    },
}

/// Checks that `order` may fill in `role` under its signed time in force.
fn check_time_in_force(order: &Order, role: Role) -> Result<(), OrderError> {
    match (order.time_in_force, role) {
        (TimeInForce::PostOnly, Role::Taker | Role::Liquidator) => {
            Err(OrderError::PostOnlyNotMaker { role })
        }
        (TimeInForce::Ioc, Role::Maker) => Err(OrderError::IocAsMaker { role }),
        _ => Ok(()),
    }
}

/// Checks a reduce-only order's fill: the account's position in the order's market goes from
/// `before` to `after`, which must only shrink it (`common::only_reduces`). Orders without the
/// flag pass.
pub(crate) fn check_reduce_only(
    order: &Order,
    role: Role,
    before: i64,
    after: i64,
) -> Result<(), OrderError> {
    if order.reduce_only && !super::common::only_reduces(before, after) {
        return Err(OrderError::ReduceOnlyWouldIncrease {
            role,
            before,
            after,
        });
    }
    Ok(())
}

/// Checks `signed` for a fill of `fill` lots at `price` with fee rate `fee_ppm`, by `account`
/// (the order's account), and returns its slot index and the slot's new content.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_fill<S: Store>(
    state: &State<S>,
    signed: &SignedOrder,
    account: &Account,
    role: Role,
    price: u32,
    fill: u32,
    fee_ppm: u32,
    verifier: &dyn SignatureVerifier,
) -> Result<(u64, FillSlot), OpError> {
    let o = &signed.order;
    math::order_size(u64::from(o.size))?;
    math::price(o.limit_price)?;
    if o.nonce == 0 {
        return Err(OrderError::ZeroNonce { role }.into());
    }
    check_time_in_force(o, role)?;
    let now = state.globals()?.oracle_time;
    if now > o.expiry {
        return Err(OrderError::Expired {
            role,
            expiry: o.expiry,
            now,
        }
        .into());
    }
    let within = match o.side {
        Side::Buy => price <= o.limit_price,
        Side::Sell => price >= o.limit_price,
    };
    if !within {
        return Err(OrderError::PriceOutsideLimit {
            role,
            price,
            limit: o.limit_price,
        }
        .into());
    }
    if fee_ppm > o.max_fee_ppm {
        return Err(OrderError::FeeAboveMax {
            role,
            fee_ppm,
            max_fee_ppm: o.max_fee_ppm,
        }
        .into());
    }
    let slot = o.fill_slot();
    let stored = state.fill(o.account, slot)?;
    let filled = match stored.nonce.cmp(&o.nonce) {
        std::cmp::Ordering::Greater => {
            return Err(OrderError::NonceStale {
                role,
                nonce: o.nonce,
                stored: stored.nonce,
            }
            .into())
        }
        std::cmp::Ordering::Equal => stored.filled,
        std::cmp::Ordering::Less => 0,
    };
    let remaining = o.size.saturating_sub(filled);
    if fill > remaining {
        return Err(OrderError::Overfilled {
            role,
            fill,
            remaining,
        }
        .into());
    }
    if !verifier.verify(&account.pubkey, &o.digest(), &signed.signature) {
        return Err(OrderError::BadSignature { role }.into());
    }
    Ok((
        slot,
        FillSlot {
            nonce: o.nonce,
            filled: filled + fill,
        },
    ))
}

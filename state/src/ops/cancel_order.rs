//! `CancelOrder`: the owner's signed cancel of one order, which makes that order's nonce
//! unfillable for good.
//!
//! Signed message: [`crate::types::cancel_digest`] `= hash_no_pad([DOMAIN_CANCEL, account,
//! order.digest() (4 elements)])`, so the signature names the exact order (every field) and can
//! never be used as an order signature.
//!
//! Rules: the account exists; the order is the account's (`order.account == account`); its nonce
//! is ≥ 1; the signature verifies under the account's key; the order's fill slot
//! (`nonce mod 2^16`, `docs/state-layout.md`) does not hold a larger nonce (nothing to cancel: the
//! order is already superseded). The slot then holds `(nonce, 2^24 − 1)`: `2^24 − 1` is the largest
//! order size (`docs/bit-widths.md`), so no order with this nonce can fill again, whatever its
//! size, and any order with a smaller nonce in the slot is superseded as usual. Applying it twice
//! is harmless (the second writes the same slot).
//!
//! Reads: account, fill slot. Writes, in order (circuits follow it): the fill slot, then the
//! account leaf (unchanged fields, new fills root).
//!
//! Why it exists: once an order has been in a batch its signature has left the sequencer (prover
//! jobs carry it). A `CancelOrder` in a later batch binds the operator: after that batch is
//! proven, no proof can include another fill of the order (`docs/matching.md`, "Cancels").

use crate::crypto::{Signature, SignatureVerifier};
use crate::math::MAX_SIZE;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, FillSlot, OpType, Order};

use super::common::outcome;
use super::OpError;

/// A signed cancel of one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelOrder {
    /// The account cancelling (the order's account).
    pub account: AccountId,
    /// The order cancelled, as it was signed.
    pub order: Order,
    /// Signature of `order.cancel_digest()` by the account's key.
    pub signature: Signature,
}

/// Cancel-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CancelOrderError {
    /// The order belongs to another account.
    #[error("order of account {order_account} cannot be cancelled by account {account}")]
    AccountMismatch {
        /// The cancelling account.
        account: AccountId,
        /// The order's account.
        order_account: AccountId,
    },
    /// Order nonces start at 1.
    #[error("order nonce 0 cannot be cancelled")]
    ZeroNonce,
    /// The signature does not verify under the account's key.
    #[error("cancel signature is invalid")]
    BadSignature,
    /// The fill slot already holds a larger nonce: the order is superseded.
    #[error("order nonce {nonce} is stale (slot holds {stored})")]
    NonceStale {
        /// The order's nonce.
        nonce: u32,
        /// Nonce in the slot.
        stored: u32,
    },
}

/// Lots written as filled by a cancel: the largest order size, so nothing of the order is left.
pub const CANCELLED_FILL: u32 = MAX_SIZE as u32;

/// Applies a cancel.
pub fn apply<S: Store>(
    state: &mut State<S>,
    c: &CancelOrder,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    let account = state
        .account(c.account)?
        .ok_or(OpError::AccountNotFound { account: c.account })?;
    if c.order.account != c.account {
        return Err(CancelOrderError::AccountMismatch {
            account: c.account,
            order_account: c.order.account,
        }
        .into());
    }
    if c.order.nonce == 0 {
        return Err(CancelOrderError::ZeroNonce.into());
    }
    if !verifier.verify(&account.pubkey, &c.order.cancel_digest(), &c.signature) {
        return Err(CancelOrderError::BadSignature.into());
    }
    let slot = c.order.fill_slot();
    let stored = state.fill(c.account, slot)?;
    if stored.nonce > c.order.nonce {
        return Err(CancelOrderError::NonceStale {
            nonce: c.order.nonce,
            stored: stored.nonce,
        }
        .into());
    }
    state.write_fill(
        c.account,
        slot,
        &FillSlot {
            nonce: c.order.nonce,
            filled: CANCELLED_FILL,
        },
    )?;
    state.write_account(c.account, &account)?;
    Ok(outcome(OpType::CancelOrder, encode::cancel_order(c)))
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use crate::crypto::test_scheme::InsecureTestScheme;
    use crate::ops::order::OrderError;
    use crate::ops::testkit::{key, trade, Kit, BTC};
    use crate::ops::Op;
    use crate::types::Side;

    fn cancel_of(order: Order) -> CancelOrder {
        CancelOrder {
            account: order.account,
            order,
            signature: InsecureTestScheme::sign(&key(order.account), &order.cancel_digest()),
        }
    }

    fn kit() -> Kit {
        let mut k = Kit::new();
        k.fund(1, 1_000_000_000);
        k.fund(2, 1_000_000_000);
        k.price(BTC, 10_000_000);
        k
    }

    fn rejected(k: &mut Kit, c: CancelOrder) -> OpError {
        let root = k.state.root().expect("root");
        let e = match k.apply(&Op::CancelOrder(c)) {
            Err(e) => e,
            Ok(_) => panic!("cancel should be rejected"),
        };
        assert_eq!(
            k.state.root().expect("root"),
            root,
            "a rejected op changes nothing"
        );
        e
    }

    #[test]
    fn cancel_order_stops_every_later_fill_of_a_partly_filled_order() {
        let mut k = kit();
        let m = k.order(1, BTC, Side::Sell, 10_000_000, 10, 7);
        let t = k.order(2, BTC, Side::Buy, 10_000_000, 10, 1);
        k.ok(&trade(m, t, 4, 10_000_000));
        let out = k.ok(&Op::CancelOrder(cancel_of(m.order)));
        assert_eq!(hex::encode(&out.pubdata), "0b0000000100000007");
        assert_eq!(
            k.state.fill(1, 7).expect("slot"),
            FillSlot {
                nonce: 7,
                filled: CANCELLED_FILL
            }
        );
        let t2 = k.order(2, BTC, Side::Buy, 10_000_000, 10, 2);
        assert!(matches!(
            k.apply(&trade(m, t2, 1, 10_000_000)),
            Err(OpError::Order(OrderError::Overfilled { .. }))
        ));
        // A bigger order signed with the same nonce cannot fill either.
        let mut big = m;
        big.order.size = CANCELLED_FILL;
        let big = crate::ops::testkit::sign(big.order);
        assert!(k.apply(&trade(big, t2, 1, 10_000_000)).is_err());
    }

    #[test]
    fn cancel_order_of_a_never_filled_order_blocks_it() {
        let mut k = kit();
        let m = k.order(1, BTC, Side::Sell, 10_000_000, 10, 3);
        k.ok(&Op::CancelOrder(cancel_of(m.order)));
        let t = k.order(2, BTC, Side::Buy, 10_000_000, 10, 1);
        assert!(k.apply(&trade(m, t, 1, 10_000_000)).is_err());
    }

    #[test]
    fn cancel_order_rejects_unknown_account() {
        let mut k = kit();
        let mut c = cancel_of(k.order(1, BTC, Side::Sell, 10_000_000, 10, 3).order);
        c.account = 9;
        c.order.account = 9;
        assert!(matches!(
            rejected(&mut k, c),
            OpError::AccountNotFound { account: 9 }
        ));
    }

    #[test]
    fn cancel_order_rejects_another_accounts_order() {
        let mut k = kit();
        let mut c = cancel_of(k.order(1, BTC, Side::Sell, 10_000_000, 10, 3).order);
        c.account = 2;
        assert!(matches!(
            rejected(&mut k, c),
            OpError::CancelOrder(CancelOrderError::AccountMismatch {
                account: 2,
                order_account: 1
            })
        ));
    }

    #[test]
    fn cancel_order_rejects_zero_nonce() {
        let mut k = kit();
        let c = cancel_of(k.order(1, BTC, Side::Sell, 10_000_000, 10, 0).order);
        assert!(matches!(
            rejected(&mut k, c),
            OpError::CancelOrder(CancelOrderError::ZeroNonce)
        ));
    }

    #[test]
    fn cancel_order_rejects_a_signature_that_is_not_over_the_cancel_digest() {
        let mut k = kit();
        let m = k.order(1, BTC, Side::Sell, 10_000_000, 10, 3);
        // The order's own signature (as served with a batch) is not a cancel signature.
        let c = CancelOrder {
            account: 1,
            order: m.order,
            signature: m.signature,
        };
        assert!(matches!(
            rejected(&mut k, c),
            OpError::CancelOrder(CancelOrderError::BadSignature)
        ));
        // Neither is another account's signature over the cancel digest.
        let mut c = cancel_of(m.order);
        c.signature = InsecureTestScheme::sign(&key(2), &m.order.cancel_digest());
        assert!(matches!(
            rejected(&mut k, c),
            OpError::CancelOrder(CancelOrderError::BadSignature)
        ));
    }

    #[test]
    fn cancel_order_rejects_a_superseded_nonce() {
        let mut k = kit();
        // Nonce 65 539 fills slot 3; cancelling nonce 3 afterwards is stale.
        let m = k.order(1, BTC, Side::Sell, 10_000_000, 10, 65_539);
        let t = k.order(2, BTC, Side::Buy, 10_000_000, 10, 1);
        k.ok(&trade(m, t, 1, 10_000_000));
        let c = cancel_of(k.order(1, BTC, Side::Sell, 10_000_000, 10, 3).order);
        assert!(matches!(
            rejected(&mut k, c),
            OpError::CancelOrder(CancelOrderError::NonceStale {
                nonce: 3,
                stored: 65_539
            })
        ));
    }
}

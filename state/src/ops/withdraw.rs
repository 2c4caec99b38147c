//! `Withdraw`: an L2-signed withdrawal of collateral to an L1 address.
//!
//! Signed message: `hash_no_pad([DOMAIN_WITHDRAW, account, nonce, amount, to (5 limbs)])`. The
//! nonce must equal the account's and is incremented; every price the account's positions are
//! valued with must be fresh (`common::require_fresh`), and the account must be healthy at
//! initial margin afterwards (long option value not counted: options are paid in cash). The
//! contract credits `amount` to `to` from the pubdata.
//!
//! Reads: the account, its position slots and the markets they hold, globals (clock). Writes:
//! the account's positions (unchanged), then the account leaf.

use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::crypto::{MessageDigest, Signature, SignatureVerifier};
use crate::margin::Level;
use crate::math::{self, u64_to_field, MathError};
use crate::pubdata::encode;
use crate::state::{L1Credit, Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Address, OpType, DOMAIN_WITHDRAW};

use super::common::{outcome, require_fresh, Party};
use super::OpError;

/// A signed withdrawal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdraw {
    /// Account debited.
    pub account: AccountId,
    /// The account's current nonce.
    pub nonce: u32,
    /// L1 recipient.
    pub to: Address,
    /// Amount (collateral base units), 1 ≤ amount < 2^60.
    pub amount: u64,
    /// Signature of [`Withdraw::digest`] by the account's key.
    pub signature: Signature,
}

impl Withdraw {
    /// The signed message.
    pub fn digest(&self) -> MessageDigest {
        let mut v = vec![
            DOMAIN_WITHDRAW,
            u64::from(self.account),
            u64::from(self.nonce),
            self.amount,
        ];
        v.extend(self.to.limbs());
        let elems: Vec<_> = v.into_iter().map(u64_to_field).collect();
        PoseidonHash::hash_no_pad(&elems)
    }
}

/// Withdrawal-specific rejections.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawError {
    /// Zero amount.
    #[error("withdrawal of zero")]
    ZeroAmount,
    /// Nonce differs from the account's.
    #[error("nonce {got}, account expects {expected}")]
    BadNonce {
        /// Account nonce.
        expected: u32,
        /// Given.
        got: u32,
    },
    /// The signature does not verify.
    #[error("withdrawal signature is invalid")]
    BadSignature,
    /// The account would end below initial margin.
    #[error("account {account} would be below initial margin")]
    InsufficientMargin {
        /// The account.
        account: AccountId,
    },
}

/// Applies a withdrawal.
pub fn apply<S: Store>(
    state: &mut State<S>,
    w: &Withdraw,
    verifier: &dyn SignatureVerifier,
) -> Result<Outcome, OpError> {
    if w.amount == 0 {
        return Err(WithdrawError::ZeroAmount.into());
    }
    let amount = math::amount(i128::from(w.amount))?;
    let mut party = Party::load(state, w.account)?;
    if w.nonce != party.account.nonce {
        return Err(WithdrawError::BadNonce {
            expected: party.account.nonce,
            got: w.nonce,
        }
        .into());
    }
    if !verifier.verify(&party.account.pubkey, &w.digest(), &w.signature) {
        return Err(WithdrawError::BadSignature.into());
    }
    party.credit(-i128::from(amount))?;
    party.account.nonce = party
        .account
        .nonce
        .checked_add(1)
        .ok_or(MathError::OutOfRange {
            quantity: "account nonce",
            value: i128::from(w.nonce) + 1,
        })?;
    require_fresh(state, &party.positions)?;
    if !party.margin(state)?.is_healthy(Level::Initial) {
        return Err(WithdrawError::InsufficientMargin { account: w.account }.into());
    }
    party.save(state)?;
    let mut out = outcome(OpType::Withdraw, encode::withdraw(w));
    out.l1_credit = Some(L1Credit {
        to: w.to,
        amount: w.amount,
    });
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;
    use crate::ops::testkit::{addr, Kit, BTC};
    use crate::ops::Op;
    use crate::types::Side;

    #[test]
    fn withdraw_debits_and_credits_l1() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let out = k.ok(&k.withdraw_op(1, 400, 0));
        assert_eq!(k.collateral(1), 600);
        assert_eq!(
            out.l1_credit,
            Some(L1Credit {
                to: addr(1),
                amount: 400
            })
        );
        assert_eq!(k.state.account(1).expect("db").expect("exists").nonce, 1);
    }

    #[test]
    fn withdraw_pubdata_matches_documented_example() {
        let w = Withdraw {
            account: 2,
            nonce: 0,
            to: Address::from_hex("0x00112233445566778899aabbccddeeff00112233").expect("valid"),
            amount: 5_000_000,
            signature: Signature::default(),
        };
        assert_eq!(
            hex::encode(encode::withdraw(&w)),
            "04000000020000000000112233445566778899aabbccddeeff0011223300000000004c4b40"
        );
    }

    #[test]
    fn withdraw_rejects_zero_amount() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let e = k.apply(&k.withdraw_op(1, 0, 0));
        assert!(matches!(
            e,
            Err(OpError::Withdraw(WithdrawError::ZeroAmount))
        ));
    }

    #[test]
    fn withdraw_rejects_bad_nonce() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let e = k.apply(&k.withdraw_op(1, 10, 3));
        assert!(matches!(
            e,
            Err(OpError::Withdraw(WithdrawError::BadNonce {
                expected: 0,
                got: 3
            }))
        ));
    }

    #[test]
    fn withdraw_rejects_replay() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let op = k.withdraw_op(1, 10, 0);
        k.ok(&op);
        assert!(matches!(
            k.apply(&op),
            Err(OpError::Withdraw(WithdrawError::BadNonce { .. }))
        ));
    }

    #[test]
    fn withdraw_rejects_bad_signature() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let Op::Withdraw(mut w) = k.withdraw_op(1, 10, 0) else {
            panic!("withdraw op")
        };
        w.amount = 11;
        assert!(matches!(
            k.apply(&Op::Withdraw(w)),
            Err(OpError::Withdraw(WithdrawError::BadSignature))
        ));
    }

    #[test]
    fn withdraw_rejects_insufficient_margin() {
        let mut k = Kit::new();
        k.fund(1, 1_000_000_000);
        k.fund(2, 1_000_000_000);
        k.price(BTC, 10_000_000);
        let m = k.order(1, BTC, Side::Buy, 10_000_000, 100, 1);
        let t = k.order(2, BTC, Side::Sell, 10_000_000, 100, 1);
        k.ok(&crate::ops::testkit::trade(m, t, 100, 10_000_000));
        // Initial risk 100 lots × 1 000 000 = 100 000 000; value 1 000 000 000.
        let root = k.state.root().expect("root");
        let e = k.apply(&k.withdraw_op(1, 900_000_001, 0));
        assert!(matches!(
            e,
            Err(OpError::Withdraw(WithdrawError::InsufficientMargin {
                account: 1
            }))
        ));
        assert_eq!(
            k.state.root().expect("root"),
            root,
            "rejection changes nothing"
        );
        k.ok(&k.withdraw_op(1, 900_000_000, 0));
    }

    #[test]
    fn withdraw_rejects_unknown_account() {
        let mut k = Kit::new();
        assert!(matches!(
            k.apply(&k.withdraw_op(9, 1, 0)),
            Err(OpError::AccountNotFound { account: 9 })
        ));
    }

    #[test]
    fn withdraw_rejects_amount_out_of_range() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        assert!(matches!(
            k.apply(&k.withdraw_op(1, 1 << 60, 0)),
            Err(OpError::Math(_))
        ));
    }

    #[test]
    fn withdraw_refuses_a_stale_price_when_the_account_holds_positions() {
        let mut k = Kit::new();
        k.fund(1, 1_000_000_000);
        k.fund(2, 1_000_000_000);
        k.price(BTC, 10_000_000);
        let m = k.order(1, BTC, Side::Buy, 10_000_000, 10, 1);
        let t = k.order(2, BTC, Side::Sell, 10_000_000, 10, 1);
        k.ok(&crate::ops::testkit::trade(m, t, 10, 10_000_000));
        k.now += 3_600;
        k.price(crate::ops::testkit::ETH, 5);
        let w = k.withdraw_op(1, 1, 0);
        assert!(matches!(
            k.apply(&w),
            Err(OpError::StalePrice { market: BTC, .. })
        ));
        // Without positions, nothing needs a price.
        k.fund(3, 100);
        k.ok(&k.withdraw_op(3, 100, 0));
    }
}

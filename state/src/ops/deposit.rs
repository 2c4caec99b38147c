//! `Deposit` (L1 priority queue): credits collateral, creating the account (owner, L2 key) if new.
//!
//! Never rejected: a deposit that cannot be applied is recorded with a non-zero status and the
//! contract refunds it to `owner` (`docs/pubdata.md`).
//!
//! Reads: globals (priority cursor), the account. Writes: the account leaf, globals (cursor).

use plonky2::field::types::Field64;

use crate::crypto::PublicKey;
use crate::math;
use crate::pubdata::encode;
use crate::state::{L1Credit, Outcome, State};
use crate::store::Store;
use crate::tree::F;
use crate::types::{Account, AccountId, Address, OpType};

use super::common::outcome;
use super::OpError;

/// Status: credited.
pub const STATUS_OK: u8 = 0;
/// Status: the account exists with another owner (refunded).
pub const STATUS_OWNER_MISMATCH: u8 = 1;
/// Status: the amount or the resulting collateral is out of range (refunded).
pub const STATUS_OUT_OF_RANGE: u8 = 2;
/// Status: a new account's key has a limb ≥ p (refunded).
pub const STATUS_BAD_KEY: u8 = 3;

/// An L1 deposit as chained by the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deposit {
    /// Account id assigned by the contract.
    pub account: AccountId,
    /// L1 owner credited.
    pub owner: Address,
    /// L2 key for a new account (ignored for an existing one).
    pub pubkey: PublicKey,
    /// Amount in collateral base units.
    pub amount: u64,
}

/// Whether every limb of `key` is a canonical field element.
pub(crate) fn key_is_canonical(key: &PublicKey) -> bool {
    key.0.iter().all(|&l| l < F::ORDER)
}

/// Advances the priority cursor by one.
pub(crate) fn advance_cursor<S: Store>(state: &mut State<S>) -> Result<(), OpError> {
    let mut g = state.globals()?;
    g.priority_cursor = math::timestamp(g.priority_cursor + 1)?;
    state.set_globals(&g);
    Ok(())
}

/// Applies a deposit.
pub fn apply<S: Store>(state: &mut State<S>, d: &Deposit) -> Result<Outcome, OpError> {
    advance_cursor(state)?;
    let existing = state.account(d.account)?;
    let status = match existing {
        Some(a) if a.owner != d.owner => STATUS_OWNER_MISMATCH,
        None if !key_is_canonical(&d.pubkey) => STATUS_BAD_KEY,
        _ => {
            let mut a = existing.unwrap_or(Account {
                owner: d.owner,
                pubkey: d.pubkey,
                collateral: 0,
                nonce: 0,
            });
            let credited = math::amount(i128::from(d.amount))
                .and_then(|amt| math::collateral(i128::from(a.collateral) + i128::from(amt)));
            match credited {
                Err(_) => STATUS_OUT_OF_RANGE,
                Ok(c) => {
                    a.collateral = c;
                    state.write_account(d.account, &a)?;
                    STATUS_OK
                }
            }
        }
    };
    let mut out = outcome(OpType::Deposit, encode::deposit(d, status));
    out.status = status;
    if status != STATUS_OK {
        out.l1_credit = Some(L1Credit {
            to: d.owner,
            amount: d.amount,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testkit::{addr, Kit};
    use crate::ops::Op;

    fn dep(account: AccountId, owner: Address, amount: u64) -> Op {
        Op::Deposit(Deposit {
            account,
            owner,
            pubkey: PublicKey([9, 9, 9, 9, account as u64]),
            amount,
        })
    }

    #[test]
    fn deposit_creates_account_and_credits() {
        let mut k = Kit::new();
        let out = k.apply(&dep(5, addr(5), 1_000)).expect("applies");
        assert_eq!(out.status, STATUS_OK);
        let a = k.state.account(5).expect("db").expect("created");
        assert_eq!((a.collateral, a.owner), (1_000, addr(5)));
        k.apply(&dep(5, addr(5), 500)).expect("applies");
        assert_eq!(k.collateral(5), 1_500);
        assert_eq!(k.state.globals().expect("db").priority_cursor, 2);
    }

    #[test]
    fn deposit_records_owner_mismatch_and_refunds() {
        let mut k = Kit::new();
        k.apply(&dep(5, addr(5), 1_000)).expect("applies");
        let root = k.state.root().expect("root");
        let out = k.apply(&dep(5, addr(6), 7)).expect("recorded");
        assert_eq!(out.status, STATUS_OWNER_MISMATCH);
        assert_eq!(
            out.l1_credit,
            Some(L1Credit {
                to: addr(6),
                amount: 7
            })
        );
        assert_eq!(k.collateral(5), 1_000);
        assert_ne!(
            k.state.root().expect("root"),
            root,
            "the cursor still advances"
        );
    }

    #[test]
    fn deposit_records_out_of_range_amount() {
        let mut k = Kit::new();
        let out = k.apply(&dep(5, addr(5), 1 << 60)).expect("recorded");
        assert_eq!(out.status, STATUS_OUT_OF_RANGE);
        assert!(k.state.account(5).expect("db").is_none());
    }

    #[test]
    fn deposit_records_non_canonical_key() {
        let mut k = Kit::new();
        let out = k
            .apply(&Op::Deposit(Deposit {
                account: 5,
                owner: addr(5),
                pubkey: PublicKey([u64::MAX, 0, 0, 0, 0]),
                amount: 1,
            }))
            .expect("recorded");
        assert_eq!(out.status, STATUS_BAD_KEY);
    }

    #[test]
    fn deposit_pubdata_matches_documented_example() {
        let mut k = Kit::new();
        let out = k
            .apply(&Op::Deposit(Deposit {
                account: 1,
                owner: Address::from_hex("0x00112233445566778899aabbccddeeff00112233")
                    .expect("valid"),
                pubkey: PublicKey([1, 2, 3, 4, 5]),
                amount: 1_000_000_000,
            }))
            .expect("applies");
        assert_eq!(
            hex::encode(&out.pubdata),
            "010000000100112233445566778899aabbccddeeff00112233\
             0000000000000001000000000000000200000000000000030000000000000004\
             0000000000000005000000003b9aca0000"
        );
    }
}

//! `ForcedWithdrawal` (L1 priority queue): withdraws `min(requested, max(0, value − initial
//! risk))`, the most that keeps the account healthy at initial margin. Never rejected: an account
//! that cannot withdraw anything is recorded with a status and 0 withdrawn, so the request is
//! provably processed and the L1 queue advances. Prices are used as they are, even stale: the
//! request must be processed within the L1 deadline, and refusing it on a stale price would let
//! an operator who stops the oracle deny exits (`docs/architecture.md`, "Margin").
//!
//! Reads: globals (cursor, clock), the account, its position slots and their markets. Writes:
//! the account's positions and leaf (when something is withdrawn), globals (cursor).

use crate::margin::Level;
use crate::math;
use crate::pubdata::encode;
use crate::state::{L1Credit, Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Address, OpType};

use super::common::{outcome, Party};
use super::deposit::advance_cursor;
use super::OpError;

/// Status: withdrawn (possibly partially).
pub const STATUS_OK: u8 = 0;
/// Status: no such account.
pub const STATUS_NO_ACCOUNT: u8 = 1;
/// Status: the requester is not the owner.
pub const STATUS_OWNER_MISMATCH: u8 = 2;
/// Status: nothing withdrawable.
pub const STATUS_NOTHING_WITHDRAWABLE: u8 = 3;

/// An L1 forced withdrawal request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForcedWithdrawal {
    /// Account.
    pub account: AccountId,
    /// The requester (must be the owner; also the recipient).
    pub owner: Address,
    /// Amount requested.
    pub amount: u64,
}

/// Applies a forced withdrawal.
pub fn apply<S: Store>(state: &mut State<S>, f: &ForcedWithdrawal) -> Result<Outcome, OpError> {
    advance_cursor(state)?;
    let (status, withdrawn) = match state.account(f.account)? {
        None => (STATUS_NO_ACCOUNT, 0),
        Some(a) if a.owner != f.owner => (STATUS_OWNER_MISMATCH, 0),
        Some(_) => {
            let mut party = Party::load(state, f.account)?;
            let free = match party.margin(state) {
                Ok(m) => m.free(Level::Initial),
                Err(OpError::Math(_)) => 0,
                Err(e) => return Err(e),
            };
            let w = free
                .clamp(0, i128::from(math::MAX_COLLATERAL))
                .min(i128::from(f.amount));
            if w > 0 && party.credit(-w).is_ok() {
                party.save(state)?;
                (STATUS_OK, w as u64)
            } else {
                (STATUS_NOTHING_WITHDRAWABLE, 0)
            }
        }
    };
    let mut out = outcome(
        OpType::ForcedWithdrawal,
        encode::forced_withdrawal(f, withdrawn, status),
    );
    out.status = status;
    if withdrawn > 0 {
        out.l1_credit = Some(L1Credit {
            to: f.owner,
            amount: withdrawn,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testkit::{addr, trade, Kit, BTC};
    use crate::ops::Op;
    use crate::types::Side;

    fn op(account: AccountId, owner: Address, amount: u64) -> Op {
        Op::ForcedWithdrawal(ForcedWithdrawal {
            account,
            owner,
            amount,
        })
    }

    #[test]
    fn forced_withdrawal_pays_in_full_when_healthy() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        let out = k.ok(&op(1, addr(1), 300));
        assert_eq!((out.status, k.collateral(1)), (STATUS_OK, 700));
        assert_eq!(out.pubdata.len(), 42);
        assert_eq!(out.l1_credit.map(|c| c.amount), Some(300));
    }

    #[test]
    fn forced_withdrawal_caps_at_free_collateral() {
        let mut k = Kit::new();
        k.fund(1, 1_000_000_000);
        k.fund(2, 1_000_000_000);
        k.price(BTC, 10_000_000);
        let m = k.order(1, BTC, Side::Buy, 10_000_000, 100, 1);
        let t = k.order(2, BTC, Side::Sell, 10_000_000, 100, 1);
        k.ok(&trade(m, t, 100, 10_000_000));
        let out = k.ok(&op(1, addr(1), u64::MAX >> 8));
        assert_eq!(out.status, STATUS_OK);
        assert_eq!(out.l1_credit.map(|c| c.amount), Some(900_000_000));
        let margin = k.state.margin(1).expect("margin");
        assert_eq!(margin.free(Level::Initial), 0);
    }

    #[test]
    fn forced_withdrawal_records_missing_account() {
        let mut k = Kit::new();
        let out = k.ok(&op(3, addr(3), 1));
        assert_eq!((out.status, out.l1_credit), (STATUS_NO_ACCOUNT, None));
    }

    #[test]
    fn forced_withdrawal_records_owner_mismatch() {
        let mut k = Kit::new();
        k.fund(1, 1_000);
        assert_eq!(k.ok(&op(1, addr(9), 1)).status, STATUS_OWNER_MISMATCH);
        assert_eq!(k.collateral(1), 1_000);
    }

    #[test]
    fn forced_withdrawal_records_nothing_withdrawable() {
        let mut k = Kit::new();
        k.fund(1, 0);
        let out = k.ok(&op(1, addr(1), 5));
        assert_eq!(out.status, STATUS_NOTHING_WITHDRAWABLE);
        assert_eq!(&out.pubdata[33..], &[0, 0, 0, 0, 0, 0, 0, 0, 3]);
    }
}

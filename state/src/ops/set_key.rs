//! `SetKey` (L1 priority queue): binds a new L2 key to an account, authorised by its L1 owner
//! (`owner` is `msg.sender` on L1). Never rejected: recorded with a status instead.
//!
//! Reads: globals (priority cursor), the account. Writes: the account leaf, globals (cursor).

use crate::crypto::PublicKey;
use crate::pubdata::encode;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{AccountId, Address, OpType};

use super::common::outcome;
use super::deposit::{advance_cursor, key_is_canonical};
use super::OpError;

/// Status: key set.
pub const STATUS_OK: u8 = 0;
/// Status: no such account.
pub const STATUS_NO_ACCOUNT: u8 = 1;
/// Status: `owner` is not the account's owner.
pub const STATUS_OWNER_MISMATCH: u8 = 2;
/// Status: the key has a limb ≥ p.
pub const STATUS_BAD_KEY: u8 = 3;

/// An L1 key change request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetKey {
    /// Account.
    pub account: AccountId,
    /// The requester (must be the account's owner).
    pub owner: Address,
    /// New L2 key.
    pub pubkey: PublicKey,
}

/// Applies a key change.
pub fn apply<S: Store>(state: &mut State<S>, s: &SetKey) -> Result<Outcome, OpError> {
    advance_cursor(state)?;
    let status = match state.account(s.account)? {
        None => STATUS_NO_ACCOUNT,
        Some(a) if a.owner != s.owner => STATUS_OWNER_MISMATCH,
        Some(_) if !key_is_canonical(&s.pubkey) => STATUS_BAD_KEY,
        Some(mut a) => {
            a.pubkey = s.pubkey;
            state.write_account(s.account, &a)?;
            STATUS_OK
        }
    };
    let mut out = outcome(OpType::SetKey, encode::set_key(s, status));
    out.status = status;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testkit::{addr, Kit};
    use crate::ops::Op;

    fn op(account: AccountId, owner: Address, k: u64) -> Op {
        Op::SetKey(SetKey {
            account,
            owner,
            pubkey: PublicKey([k, 0, 0, 0, 0]),
        })
    }

    #[test]
    fn set_key_replaces_the_key() {
        let mut k = Kit::new();
        k.fund(1, 10);
        let out = k.ok(&op(1, addr(1), 77));
        assert_eq!(out.status, STATUS_OK);
        assert_eq!(out.pubdata.len(), 66);
        let a = k.state.account(1).expect("db").expect("exists");
        assert_eq!(a.pubkey, PublicKey([77, 0, 0, 0, 0]));
    }

    #[test]
    fn set_key_records_missing_account() {
        let mut k = Kit::new();
        assert_eq!(k.ok(&op(4, addr(4), 1)).status, STATUS_NO_ACCOUNT);
    }

    #[test]
    fn set_key_records_owner_mismatch() {
        let mut k = Kit::new();
        k.fund(1, 10);
        assert_eq!(k.ok(&op(1, addr(2), 1)).status, STATUS_OWNER_MISMATCH);
        assert_ne!(
            k.state.account(1).expect("db").expect("exists").pubkey,
            PublicKey([1, 0, 0, 0, 0])
        );
    }

    #[test]
    fn set_key_records_non_canonical_key() {
        let mut k = Kit::new();
        k.fund(1, 10);
        assert_eq!(k.ok(&op(1, addr(1), u64::MAX)).status, STATUS_BAD_KEY);
    }
}

//! The account keys the keeper publishes so that RPC threads can check signatures before an
//! input reaches the keeper (which then spends no time on them): the signature check runs on
//! every core, the keeper's one thread only compares keys.
//!
//! Invariants:
//! - the keeper writes an account's key in the same step in which it applies the op that
//!   created the account or changed its key, before that step is acknowledged;
//! - a verdict reached on an RPC thread (valid or not) is used by the keeper only if the key it
//!   was reached under is still the account's key when the keeper admits the input (otherwise
//!   the keeper checks the signature again itself), so a stale snapshot can never admit a
//!   signature under a key the account no longer has;
//! - the keeper applies the verdict at the same point of its checks where it would verify, so
//!   an input gets the same error, with the same code, as without the snapshot.

use std::collections::HashMap;
use std::sync::RwLock;

use zkclear_state::crypto::{MessageDigest, PublicKey, Signature, SignatureVerifier};
use zkclear_state::types::AccountId;

/// A signature verdict reached outside the keeper, with the key it was reached under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The key the signature was checked under.
    pub key: PublicKey,
    /// Whether it verified.
    pub valid: bool,
}

impl SignatureCheck {
    /// The verdict for `current` (the account's key at admission), if this check applies to it.
    pub fn verdict_under(check: Option<Self>, current: &PublicKey) -> Option<bool> {
        check.filter(|c| c.key == *current).map(|c| c.valid)
    }
}

/// Account id → public key, as last applied by the keeper.
#[derive(Debug, Default)]
pub struct KeySnapshot {
    keys: RwLock<HashMap<AccountId, PublicKey>>,
}

impl KeySnapshot {
    /// The key of `account`, if the keeper has published one.
    pub fn get(&self, account: AccountId) -> Option<PublicKey> {
        // A poisoned lock only means a writer panicked between two whole-entry writes: the map
        // itself is still a valid snapshot.
        let keys = self.keys.read().unwrap_or_else(|e| e.into_inner());
        keys.get(&account).copied()
    }

    /// Publishes `key` as the key of `account` (keeper only).
    pub(super) fn set(&self, account: AccountId, key: PublicKey) {
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        keys.insert(account, key);
    }

    /// Checks `signature` over `message` under the published key of `account` on the calling
    /// thread (`None`: no key published yet, the keeper checks it).
    pub fn pre_verify(
        &self,
        verifier: &(dyn SignatureVerifier + Send + Sync),
        account: AccountId,
        message: &MessageDigest,
        signature: &Signature,
    ) -> Option<SignatureCheck> {
        let key = self.get(account)?;
        Some(SignatureCheck {
            key,
            valid: verifier.verify(&key, message, signature),
        })
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::rand_core::SeedableRng;
    use zkclear_state::crypto::{SchnorrVerifier, SecretKey};
    use zkclear_state::types::{Order, Side};

    use super::*;

    fn message(nonce: u32) -> MessageDigest {
        Order {
            account: 3,
            market: 0,
            side: Side::Buy,
            limit_price: 100,
            size: 1,
            max_fee_ppm: 0,
            expiry: 1,
            nonce,
            time_in_force: zkclear_state::types::TimeInForce::Gtc,
            reduce_only: false,
        }
        .digest()
    }

    #[test]
    fn pre_verify_answers_the_verdict_and_the_key_it_was_reached_under() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let sk = SecretKey::random(&mut rng);
        let other = SecretKey::random(&mut rng);
        let snap = KeySnapshot::default();
        let msg = message(5);
        let sig = sk.sign(&msg);
        assert_eq!(
            snap.pre_verify(&SchnorrVerifier, 3, &msg, &sig),
            None,
            "no key published: the keeper decides"
        );
        snap.set(3, sk.public_key());
        let good = snap.pre_verify(&SchnorrVerifier, 3, &msg, &sig);
        assert_eq!(
            good,
            Some(SignatureCheck {
                key: sk.public_key(),
                valid: true
            })
        );
        let bad = snap.pre_verify(&SchnorrVerifier, 3, &message(6), &sig);
        assert_eq!(
            SignatureCheck::verdict_under(bad, &sk.public_key()),
            Some(false)
        );
        // The verdict only counts under the key it was reached under.
        assert_eq!(
            SignatureCheck::verdict_under(good, &sk.public_key()),
            Some(true)
        );
        assert_eq!(
            SignatureCheck::verdict_under(good, &other.public_key()),
            None
        );
        snap.set(3, other.public_key());
        assert_eq!(
            snap.pre_verify(&SchnorrVerifier, 3, &msg, &sig)
                .map(|c| c.valid),
            Some(false)
        );
    }
}

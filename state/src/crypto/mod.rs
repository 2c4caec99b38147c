//! Signatures and keys.
//!
//! Orders, withdrawals and oracle prices are signed with L2 keys: Schnorr signatures over the
//! ECgFp5 curve with Poseidon as the challenge hash (`docs/architecture.md`, "Keys and signatures"; `docs/signatures.md`). `state/` only depends on the
//! [`SignatureVerifier`] trait, so the scheme plugs in without touching the operations.

pub mod derive;
pub mod ecgfp5;
pub mod schnorr;

pub use schnorr::{SchnorrVerifier, SecretKey};

#[cfg(any(test, feature = "insecure-test-signatures"))]
pub mod test_scheme;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::hash::hash_types::HashOut;

/// An L2 public key: the canonical encoding of an ECgFp5 point, one GF(p^5) element as five
/// Goldilocks limbs (each canonical, i.e. `< p`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PublicKey(pub [u64; 5]);

/// Length in bytes of an encoded [`Signature`].
pub const SIGNATURE_BYTES: usize = 80;

/// An L2 signature in its canonical 80-byte encoding (two 40-byte little-endian scalars for the
/// Schnorr scheme). Decoding and canonicality checks belong to the scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; SIGNATURE_BYTES]);

impl Default for Signature {
    fn default() -> Self {
        Signature([0u8; SIGNATURE_BYTES])
    }
}

/// A message to be signed: a Poseidon digest over Goldilocks (e.g. the order hash).
pub type MessageDigest = HashOut<GoldilocksField>;

/// Checks signatures for the state transition.
///
/// Invariant: `verify` returns `true` only if `signature` is a valid, canonically encoded
/// signature of `message` under `key`; it never panics on any input.
pub trait SignatureVerifier {
    /// Whether `signature` is a valid signature by `key` over `message`.
    fn verify(&self, key: &PublicKey, message: &MessageDigest, signature: &Signature) -> bool;
}

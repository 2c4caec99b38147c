//! INSECURE test signature scheme. Anyone can forge: the "signature" of a message is
//! `Poseidon(pk ‖ msg)`, computable from public data. It exists only so that tests of the state
//! transition can sign orders before (and independently of) the real ECgFp5 Schnorr scheme, and it
//! is compiled only under `cfg(test)` or the `insecure-test-signatures` feature, which no release
//! binary enables.

use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use super::{MessageDigest, PublicKey, Signature, SignatureVerifier, SIGNATURE_BYTES};

/// The insecure test scheme (see the module docs). Never use it outside tests.
#[derive(Clone, Copy, Debug, Default)]
pub struct InsecureTestScheme;

impl InsecureTestScheme {
    /// The only valid "signature" of `message` under `key`: the 32 bytes of
    /// `hash_no_pad(key ‖ message)` (little-endian elements), zero-padded to 80 bytes.
    pub fn sign(key: &PublicKey, message: &MessageDigest) -> Signature {
        let mut input = Vec::with_capacity(9);
        input.extend(
            key.0.iter().map(|&l| {
                plonky2::field::goldilocks_field::GoldilocksField::from_noncanonical_u64(l)
            }),
        );
        input.extend_from_slice(&message.elements);
        let h = PoseidonHash::hash_no_pad(&input);
        let mut sig = [0u8; SIGNATURE_BYTES];
        for (chunk, e) in sig.chunks_exact_mut(8).zip(h.elements.iter()) {
            chunk.copy_from_slice(&e.to_canonical_u64().to_le_bytes());
        }
        Signature(sig)
    }
}

impl SignatureVerifier for InsecureTestScheme {
    fn verify(&self, key: &PublicKey, message: &MessageDigest, signature: &Signature) -> bool {
        Self::sign(key, message) == *signature
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_scheme_accepts_its_signature_and_rejects_others() {
        let key = PublicKey([1, 2, 3, 4, 5]);
        let msg = MessageDigest::ZERO;
        let sig = InsecureTestScheme::sign(&key, &msg);
        assert!(InsecureTestScheme.verify(&key, &msg, &sig));
        assert!(!InsecureTestScheme.verify(&PublicKey([1, 2, 3, 4, 6]), &msg, &sig));
        assert!(!InsecureTestScheme.verify(&key, &msg, &Signature::default()));
    }
}

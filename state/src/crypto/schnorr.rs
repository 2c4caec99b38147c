//! Schnorr signatures over ECgFp5 with a Poseidon challenge (docs/signatures.md is the byte-exact
//! specification; keep the two in step).
//!
//! - Secret key: a scalar `sk` in `[1, n)`; public key `pk = encode(sk * G)` (five limbs).
//! - Nonce: `k = LE512(keccak256(NONCE_TAG || 0x00 || sk || m || c) ||
//!   keccak256(NONCE_TAG || 0x01 || sk || m || c)) mod n`, with `sk` as 40 LE bytes, `m` as its
//!   four limbs in 8-byte LE each, and `c` a counter byte starting at 0, incremented while `k = 0`.
//! - `R = k * G`, `e = challenge(encode(R), pk, m)`, `s = k - e * sk mod n`; the signature is
//!   `s || e`, each as 40 LE bytes.
//! - `challenge(w, pk, m)` = Poseidon `hash_no_pad` (plonky2's `PoseidonHash`) of the 14
//!   Goldilocks elements `w[0..5] || pk[0..5] || m[0..4]`; its first two output limbs `h0, h1`
//!   give the integer `e = h0 + h1 2^64 < 2^128`. A 128-bit challenge gives 128-bit security
//!   (Neven, Smart, Warinschi, "Hash function requirements for Schnorr signatures", 2009) and
//!   halves the in-circuit cost of `e * pk`.
//! - Verify: decode `pk` (canonical, on the group, not neutral), decode `s` and `e` (canonical,
//!   `< n`), `R' = s * G + e * pk`, reject if `R'` is the neutral, accept iff
//!   `challenge(encode(R'), pk, m) = e`. (An honest `R = k G` is never the neutral; the circuit
//!   cannot encode the neutral as a commitment, so both sides reject it.) The native code rejects
//!   an `e >= 2^128` before the multiplication, with the same answer (no challenge is that large);
//!   `s` and `e` are public, so it multiplies in variable time, while signing stays constant time.

use alloy_primitives::keccak256;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;
use rand::{CryptoRng, RngCore};

use super::ecgfp5::curve::OddMultiples;
use super::ecgfp5::field::{fp5_from_canonical, fp5_to_canonical};
use super::ecgfp5::scalar::SCALAR_BYTES;
use super::ecgfp5::{Fp5, Point, Scalar};
use super::{MessageDigest, PublicKey, Signature, SignatureVerifier, SIGNATURE_BYTES};

/// Domain-separation prefix of the deterministic nonce derivation.
pub const NONCE_TAG: &[u8] = b"zkclear/ecgfp5-schnorr/nonce/v1";

/// Why a key or signature was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SchnorrError {
    /// A public-key limb is `>= p`.
    #[error("public key limb is not a canonical Goldilocks element")]
    NonCanonicalPublicKey,
    /// The public key is not the encoding of a group element.
    #[error("public key does not decode to a curve point")]
    InvalidPublicKey,
    /// The public key encodes the neutral element.
    #[error("public key is the neutral element")]
    NeutralPublicKey,
    /// A scalar of the signature (or a secret key) is `>= n`.
    #[error("scalar is not canonical (>= n)")]
    NonCanonicalScalar,
    /// A secret key is zero.
    #[error("secret key is zero")]
    ZeroSecretKey,
    /// The recomputed challenge differs: the signature does not verify.
    #[error("signature does not verify")]
    BadSignature,
}

/// A decoded signature. Invariant: both scalars are `< n` (canonical).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchnorrSignature {
    /// The response `s = k - e * sk mod n`.
    pub s: Scalar,
    /// The challenge `e` (`< 2^256` for any signature that verifies).
    pub e: Scalar,
}

impl SchnorrSignature {
    /// Decodes `s || e`, rejecting any scalar `>= n`.
    pub fn from_signature(sig: &Signature) -> Result<Self, SchnorrError> {
        let mut s = [0u8; SCALAR_BYTES];
        let mut e = [0u8; SCALAR_BYTES];
        s.copy_from_slice(&sig.0[..SCALAR_BYTES]);
        e.copy_from_slice(&sig.0[SCALAR_BYTES..]);
        Ok(SchnorrSignature {
            s: Scalar::from_bytes(&s).ok_or(SchnorrError::NonCanonicalScalar)?,
            e: Scalar::from_bytes(&e).ok_or(SchnorrError::NonCanonicalScalar)?,
        })
    }

    /// The canonical 80-byte encoding `s || e`.
    pub fn to_signature(&self) -> Signature {
        let mut out = [0u8; SIGNATURE_BYTES];
        out[..SCALAR_BYTES].copy_from_slice(&self.s.to_bytes());
        out[SCALAR_BYTES..].copy_from_slice(&self.e.to_bytes());
        Signature(out)
    }
}

/// An L2 secret key. Invariant: a non-zero scalar. `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Scalar);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl SecretKey {
    /// The key for a non-zero scalar.
    pub fn from_scalar(sk: Scalar) -> Result<Self, SchnorrError> {
        if sk.is_zero() {
            return Err(SchnorrError::ZeroSecretKey);
        }
        Ok(SecretKey(sk))
    }

    /// Decodes a canonical 40-byte LE key (`0 < sk < n`).
    pub fn from_bytes(bytes: &[u8; SCALAR_BYTES]) -> Result<Self, SchnorrError> {
        Self::from_scalar(Scalar::from_bytes(bytes).ok_or(SchnorrError::NonCanonicalScalar)?)
    }

    /// The 40-byte LE encoding. Secret: store it as such.
    pub fn to_bytes(&self) -> [u8; SCALAR_BYTES] {
        self.0.to_bytes()
    }

    /// A uniformly random key (64 random bytes reduced mod n, retried while zero).
    pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        loop {
            let mut buf = [0u8; 64];
            rng.fill_bytes(&mut buf);
            if let Ok(sk) = Self::from_scalar(Scalar::from_bytes_reduce(&buf)) {
                return sk;
            }
        }
    }

    /// The secret scalar.
    pub fn scalar(&self) -> &Scalar {
        &self.0
    }

    /// `encode(sk * G)`.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(fp5_to_canonical(&Point::mul_generator(&self.0).encode()))
    }

    /// The deterministic signature of `message` (see the module documentation).
    pub fn sign(&self, message: &MessageDigest) -> Signature {
        let pk = self.public_key();
        let k = self.nonce(message);
        let r = Point::mul_generator(&k).encode();
        let e = challenge(&r, &pk, message);
        let s = k.sub(&e.mul(&self.0));
        SchnorrSignature { s, e }.to_signature()
    }

    fn nonce(&self, message: &MessageDigest) -> Scalar {
        let mut counter = 0u8;
        loop {
            let mut wide = [0u8; 64];
            for (half, chunk) in wide.chunks_exact_mut(32).enumerate() {
                let mut input = Vec::with_capacity(NONCE_TAG.len() + 2 + SCALAR_BYTES + 32);
                input.extend_from_slice(NONCE_TAG);
                input.push(half as u8);
                input.extend_from_slice(&self.0.to_bytes());
                input.extend_from_slice(&message_bytes(message));
                input.push(counter);
                chunk.copy_from_slice(keccak256(&input).as_slice());
            }
            let k = Scalar::from_bytes_reduce(&wide);
            if !k.is_zero() {
                return k;
            }
            counter = counter.wrapping_add(1);
        }
    }
}

/// The message's four limbs as 8-byte little-endian canonical integers.
fn message_bytes(m: &MessageDigest) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(m.elements.iter()) {
        chunk.copy_from_slice(&limb.to_canonical_u64().to_le_bytes());
    }
    out
}

/// The Poseidon inputs of the challenge: `w || pk || m` (14 elements).
pub fn challenge_inputs(r: &Fp5, pk: &PublicKey, m: &MessageDigest) -> [GoldilocksField; 14] {
    let mut inputs = [GoldilocksField::ZERO; 14];
    inputs[..5].copy_from_slice(&r.0);
    for (dst, limb) in inputs[5..10].iter_mut().zip(pk.0.iter()) {
        // pk limbs are canonical whenever the key decoded; reduce anyway so this never panics.
        *dst = GoldilocksField::from_noncanonical_u64(*limb);
    }
    inputs[10..].copy_from_slice(&m.elements);
    inputs
}

/// Number of Poseidon output limbs forming the challenge (`e < 2^(64 CHALLENGE_LIMBS)`).
pub const CHALLENGE_LIMBS: usize = 2;

/// The challenge limbs `h0, h1` (canonical Goldilocks elements) of `challenge`.
pub fn challenge_limbs(r: &Fp5, pk: &PublicKey, m: &MessageDigest) -> [GoldilocksField; 2] {
    let h = PoseidonHash::hash_no_pad(&challenge_inputs(r, pk, m));
    [h.elements[0], h.elements[1]]
}

/// The challenge scalar `e = h0 + h1 2^64 < 2^128` for commitment encoding `r`, key `pk` and
/// message `m`.
pub fn challenge(r: &Fp5, pk: &PublicKey, m: &MessageDigest) -> Scalar {
    let [h0, h1] = challenge_limbs(r, pk, m).map(|x| x.to_canonical_u64());
    Scalar::from_limbs([h0, h1, 0, 0, 0]).expect("a 128-bit integer is below n > 2^318")
}

/// Decodes a public key: canonical limbs, a group element, not the neutral.
pub fn decode_public_key(pk: &PublicKey) -> Result<Point, SchnorrError> {
    let w = fp5_from_canonical(pk.0).ok_or(SchnorrError::NonCanonicalPublicKey)?;
    let p = Point::decode(&w).ok_or(SchnorrError::InvalidPublicKey)?;
    if p.is_neutral() {
        return Err(SchnorrError::NeutralPublicKey);
    }
    Ok(p)
}

/// Verifies `signature` over `message` under `key`, saying why it is rejected.
///
/// Checks in this order: the key (canonical, on the group, not the neutral), the signature's
/// scalars (canonical), then the equation. Same result as [`verify_prepared`] on
/// [`PreparedPublicKey::new`]`(key)`.
pub fn verify(
    key: &PublicKey,
    message: &MessageDigest,
    signature: &Signature,
) -> Result<(), SchnorrError> {
    verify_prepared(&PreparedPublicKey::new(key)?, message, signature)
}

/// A public key decoded (and its multiplication table built) once, for verifying many
/// signatures by the same key: saves the square root of decoding and the table, about a tenth of
/// a verification. Invariant: `point` is the table of odd multiples of the decoding of `key`, a
/// non-neutral group element (about 1.3 KiB; cache it per signer only where that memory is
/// affordable).
#[derive(Clone, Copy, Debug)]
pub struct PreparedPublicKey {
    key: PublicKey,
    point: OddMultiples,
}

impl PreparedPublicKey {
    /// Decodes `key`: canonical limbs, a group element, not the neutral (the checks and errors
    /// of [`decode_public_key`]).
    pub fn new(key: &PublicKey) -> Result<Self, SchnorrError> {
        Ok(PreparedPublicKey {
            key: *key,
            point: OddMultiples::new(&decode_public_key(key)?),
        })
    }

    /// The encoded key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }
}

/// Verifies `signature` over `message` under a prepared key: exactly the result of [`verify`]
/// on the key it was prepared from.
pub fn verify_prepared(
    key: &PreparedPublicKey,
    message: &MessageDigest,
    signature: &Signature,
) -> Result<(), SchnorrError> {
    let sig = SchnorrSignature::from_signature(signature)?;
    // Every challenge is below 2^128 (see `challenge`), so a larger e can never match: rejecting
    // it here gives the same answer and bounds the work an attacker's signature can cost.
    if !is_challenge_sized(&sig.e) {
        return Err(SchnorrError::BadSignature);
    }
    // s and e are public: the variable-time multiplication is safe here (never when signing).
    let r = key.point.mul_add_generator_vartime(&sig.e, &sig.s);
    if !r.is_neutral() && challenge(&r.encode(), &key.key, message) == sig.e {
        Ok(())
    } else {
        Err(SchnorrError::BadSignature)
    }
}

/// Whether `e < 2^(64 CHALLENGE_LIMBS)`, the range of [`challenge`].
fn is_challenge_sized(e: &Scalar) -> bool {
    e.to_limbs()[CHALLENGE_LIMBS..].iter().all(|&l| l == 0)
}

/// The production [`SignatureVerifier`]: ECgFp5 Schnorr with a Poseidon challenge.
#[derive(Clone, Copy, Debug, Default)]
pub struct SchnorrVerifier;

impl SignatureVerifier for SchnorrVerifier {
    fn verify(&self, key: &PublicKey, message: &MessageDigest, signature: &Signature) -> bool {
        verify(key, message, signature).is_ok()
    }
}

#[cfg(test)]
#[path = "schnorr_tests.rs"]
mod tests;

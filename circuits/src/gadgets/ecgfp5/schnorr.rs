//! In-circuit verification of ECgFp5 Schnorr signatures (mirrors
//! `zkclear_state::crypto::schnorr::verify`, step by step).

use anyhow::Result;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::hash_types::HashOutTarget;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator};
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use zkclear_state::crypto::ecgfp5::field::P;
use zkclear_state::crypto::ecgfp5::scalar::N;
use zkclear_state::crypto::schnorr::CHALLENGE_LIMBS;
use zkclear_state::crypto::{PublicKey, Signature};

use super::curve::CircuitBuilderEcGFp5;
use super::field::{QuinticExtTarget, D, F};
use super::scalar_mul::CircuitBuilderWindowTable;

/// Number of 32-bit limbs of the response `s`.
pub const S_LIMBS: usize = 10;

/// A signature: `s` as ten 32-bit little-endian limbs, `e` as its two 64-bit limbs (each a
/// canonical Goldilocks element, as the Poseidon output it must equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchnorrSignatureTarget {
    /// `s`, 32 bits per limb (range-checked by the verifier gadget).
    pub s_limbs: [Target; S_LIMBS],
    /// `e = e_limbs[0] + 2^64 e_limbs[1]`.
    pub e_limbs: [Target; CHALLENGE_LIMBS],
}

/// Why a value cannot be assigned to a signature or key target.
#[derive(Debug, thiserror::Error)]
pub enum SchnorrWitnessError {
    /// The value is not canonically encoded (the native verifier rejects it too).
    #[error("non-canonical {0}")]
    NonCanonical(&'static str),
    /// The witness already holds a different value.
    #[error("witness conflict: {0}")]
    Witness(String),
}

/// Assigns a signature's bytes to `t`.
pub fn set_schnorr_signature_target<W: WitnessWrite<F>>(
    witness: &mut W,
    t: &SchnorrSignatureTarget,
    sig: &Signature,
) -> Result<(), SchnorrWitnessError> {
    for (i, &target) in t.s_limbs.iter().enumerate() {
        let mut b = [0u8; 4];
        b.copy_from_slice(&sig.0[4 * i..4 * i + 4]);
        let v = F::from_canonical_u32(u32::from_le_bytes(b));
        witness
            .set_target(target, v)
            .map_err(|e| SchnorrWitnessError::Witness(e.to_string()))?;
    }
    let e = &sig.0[40..];
    if e[8 * CHALLENGE_LIMBS..].iter().any(|&b| b != 0) {
        return Err(SchnorrWitnessError::NonCanonical("challenge (>= 2^128)"));
    }
    for (i, &target) in t.e_limbs.iter().enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(&e[8 * i..8 * i + 8]);
        let v = u64::from_le_bytes(b);
        if v >= P {
            return Err(SchnorrWitnessError::NonCanonical("challenge limb"));
        }
        witness
            .set_target(target, F::from_canonical_u64(v))
            .map_err(|e| SchnorrWitnessError::Witness(e.to_string()))?;
    }
    Ok(())
}

/// Assigns a public key's limbs to `t`.
pub fn set_public_key_target<W: WitnessWrite<F>>(
    witness: &mut W,
    t: &QuinticExtTarget,
    pk: &PublicKey,
) -> Result<(), SchnorrWitnessError> {
    for (&target, &v) in t.0.iter().zip(pk.0.iter()) {
        if v >= P {
            return Err(SchnorrWitnessError::NonCanonical("public key limb"));
        }
        witness
            .set_target(target, F::from_canonical_u64(v))
            .map_err(|e| SchnorrWitnessError::Witness(e.to_string()))?;
    }
    Ok(())
}

/// Schnorr verification on the circuit builder.
pub trait CircuitBuilderSchnorr {
    /// Fresh signature targets (constrained only by `verify_schnorr_signature`).
    fn add_virtual_schnorr_signature_target(&mut self) -> SchnorrSignatureTarget;
    /// Constrains `sig` to be a valid signature of `message` under `pk`: the proof exists iff
    /// `zkclear_state::crypto::schnorr::verify` accepts.
    fn verify_schnorr_signature(
        &mut self,
        pk: &QuinticExtTarget,
        message: &HashOutTarget,
        sig: &SchnorrSignatureTarget,
    );
    /// The 320 little-endian bits of `s`, constrained to encode an integer `< n`.
    fn schnorr_response_bits(&mut self, s_limbs: &[Target; S_LIMBS]) -> Vec<BoolTarget>;
    /// The 64 bits of a canonical Goldilocks element (rejecting the encoding of `x + p`).
    fn canonical_bits_u64(&mut self, x: Target) -> Vec<BoolTarget>;
}

impl CircuitBuilderSchnorr for CircuitBuilder<F, D> {
    fn add_virtual_schnorr_signature_target(&mut self) -> SchnorrSignatureTarget {
        SchnorrSignatureTarget {
            s_limbs: [(); S_LIMBS].map(|_| self.add_virtual_target()),
            e_limbs: [(); CHALLENGE_LIMBS].map(|_| self.add_virtual_target()),
        }
    }

    fn verify_schnorr_signature(
        &mut self,
        pk: &QuinticExtTarget,
        message: &HashOutTarget,
        sig: &SchnorrSignatureTarget,
    ) {
        // decode_public_key: on the group and not the neutral.
        let q = self.curve_decode_non_neutral(pk);
        // SchnorrSignature::from_signature: s < n (e is compared with the hash below).
        let s_bits = self.schnorr_response_bits(&sig.s_limbs);
        let e_bits: Vec<BoolTarget> = sig
            .e_limbs
            .iter()
            .flat_map(|&l| self.canonical_bits_u64(l))
            .collect();
        // R' = s G + e pk, not the neutral.
        let r = self.straus_mul(&s_bits, &e_bits, &q);
        let w = self.curve_encode_non_neutral(&r);
        // challenge(encode(R'), pk, m) == e.
        let inputs = [w.0.as_slice(), pk.0.as_slice(), message.elements.as_slice()].concat();
        let h = self.hash_n_to_hash_no_pad::<PoseidonHash>(inputs);
        for (&hi, &ei) in h.elements.iter().zip(sig.e_limbs.iter()) {
            self.connect(hi, ei);
        }
    }

    fn schnorr_response_bits(&mut self, s_limbs: &[Target; S_LIMBS]) -> Vec<BoolTarget> {
        let bits: Vec<BoolTarget> = s_limbs.iter().flat_map(|&l| self.split_le(l, 32)).collect();
        // Scan from the top: `eq` = the prefix equals n's prefix. A 1 where n has a 0 is allowed
        // only below a difference; equality all the way down (s = n) is rejected.
        let mut eq = self.one();
        for i in (0..bits.len()).rev() {
            let n_bit = (N[i / 64] >> (i % 64)) & 1 == 1;
            let t = self.mul(eq, bits[i].target);
            if n_bit {
                eq = t;
            } else {
                self.assert_zero(t);
            }
        }
        self.assert_zero(eq);
        bits
    }

    fn canonical_bits_u64(&mut self, x: Target) -> Vec<BoolTarget> {
        let lo = self.add_virtual_target();
        let hi = self.add_virtual_target();
        self.add_simple_generator(U64HalvesGenerator { x, lo, hi });
        let mut bits = self.split_le(lo, 32);
        bits.extend(self.split_le(hi, 32));
        let sum = self.mul_const_add(F::from_canonical_u64(1 << 32), hi, lo);
        self.connect(sum, x);
        // lo + 2^32 hi < p unless hi = 2^32 - 1 and lo > 0.
        let max = self.constant(F::from_canonical_u64(u32::MAX as u64));
        let hi_is_max = self.is_equal(hi, max);
        let t = self.mul(hi_is_max.target, lo);
        self.assert_zero(t);
        bits
    }
}

/// Splits a canonical Goldilocks value into its 32-bit halves.
#[derive(Debug, Default)]
pub struct U64HalvesGenerator {
    x: Target,
    lo: Target,
    hi: Target,
}

impl SimpleGenerator<F, D> for U64HalvesGenerator {
    fn id(&self) -> String {
        "U64HalvesGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        vec![self.x]
    }

    fn run_once(&self, witness: &PartitionWitness<F>, out: &mut GeneratedValues<F>) -> Result<()> {
        let x = witness.get_target(self.x).to_canonical_u64();
        out.set_target(self.lo, F::from_canonical_u64(x & 0xFFFF_FFFF))?;
        out.set_target(self.hi, F::from_canonical_u64(x >> 32))
    }

    fn serialize(&self, dst: &mut Vec<u8>, _: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_target(self.x)?;
        dst.write_target(self.lo)?;
        dst.write_target(self.hi)
    }

    fn deserialize(src: &mut Buffer, _: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            x: src.read_target()?,
            lo: src.read_target()?,
            hi: src.read_target()?,
        })
    }
}

#[cfg(test)]
#[path = "schnorr_tests.rs"]
mod tests;

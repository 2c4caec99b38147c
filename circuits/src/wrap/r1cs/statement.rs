//! Binds the final proof's public inputs (the statement digest as 8 × 32-bit limbs, limb `i` =
//! big-endian `u32` of `digest[4i..4i+4]`) to the wrapper's two Groth16 public inputs, the
//! 128-bit halves `hi = digest[0..16]`, `lo = digest[16..32]` read big-endian
//! ([`statement_inputs`](crate::wrap::groth16::statement_inputs)).
//!
//! Must be called before any other `new_input` so that `hi, lo` are instance variables 1 and 2.

use ark_bn254::Fr;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::goldilocks::{range_check, GoldilocksVar};
use crate::wrap::groth16::{statement_inputs, NUM_PUBLIC_INPUTS};

/// Limbs of the statement digest.
pub const DIGEST_LIMBS: usize = 8;

/// The digest as the eight big-endian 32-bit limbs the plonky2 layer exposes.
pub fn digest_to_limbs(digest: &[u8; 32]) -> [u32; DIGEST_LIMBS] {
    let mut limbs = [0u32; DIGEST_LIMBS];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let mut b = [0u8; 4];
        b.copy_from_slice(&digest[4 * i..4 * i + 4]);
        *limb = u32::from_be_bytes(b);
    }
    limbs
}

/// Allocates the two public inputs and the eight limb witnesses (each range-checked to 32 bits,
/// hence canonical), and enforces `hi = Σ_{i<4} limb_i 2^{32(3-i)}`, `lo` likewise with limbs
/// 4..8. Returns the limbs (to compare with the proof's public inputs) and `[hi, lo]`.
pub fn alloc_statement(
    cs: ConstraintSystemRef<Fr>,
    digest: Option<[u8; 32]>,
) -> Result<(Vec<GoldilocksVar>, [FpVar<Fr>; NUM_PUBLIC_INPUTS]), SynthesisError> {
    let halves = digest.map(|d| statement_inputs(&d));
    let hi = FpVar::new_input(cs.clone(), || {
        halves
            .map(|h| h[0])
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    let lo = FpVar::new_input(cs.clone(), || {
        halves
            .map(|h| h[1])
            .ok_or(SynthesisError::AssignmentMissing)
    })?;
    let limb_values = digest.map(|d| digest_to_limbs(&d));
    let mut limbs = Vec::with_capacity(DIGEST_LIMBS);
    for i in 0..DIGEST_LIMBS {
        let fp = FpVar::new_witness(cs.clone(), || {
            limb_values
                .map(|l| Fr::from(l[i]))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        range_check(&fp, 32)?;
        limbs.push(GoldilocksVar { fp, bits: 32 });
    }
    let recombine = |part: &[GoldilocksVar]| {
        part.iter().fold(FpVar::<Fr>::zero(), |acc, l| {
            acc * Fr::from(1u64 << 32) + &l.fp
        })
    };
    recombine(&limbs[..4]).enforce_equal(&hi)?;
    recombine(&limbs[4..]).enforce_equal(&lo)?;
    Ok((limbs, [hi, lo]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    fn digest() -> [u8; 32] {
        let mut d = [0u8; 32];
        for (i, b) in d.iter_mut().enumerate() {
            *b = 0xff - i as u8;
        }
        d
    }

    #[test]
    fn statement_halves_match_the_limbs_and_are_the_first_inputs() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let d = digest();
        let (limbs, _) = alloc_statement(cs.clone(), Some(d))?;
        assert!(cs.is_satisfied()?);
        assert_eq!(cs.num_instance_variables(), 1 + NUM_PUBLIC_INPUTS);
        let expect = digest_to_limbs(&d);
        for (l, e) in limbs.iter().zip(expect) {
            assert_eq!(l.value()?, u64::from(e));
        }
        assert_eq!(expect[0], 0xfffe_fdfc);
        Ok(())
    }

    #[test]
    fn a_limb_that_disagrees_with_the_public_halves_fails() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (limbs, _) = alloc_statement(cs.clone(), Some(digest()))?;
        // The proof's public input differs from the limb the halves were built from.
        let claimed = GoldilocksVar::new_u64_witness(cs.clone(), Some(limbs[5].value()? ^ 1))?;
        limbs[5].enforce_equal(&claimed)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }
}

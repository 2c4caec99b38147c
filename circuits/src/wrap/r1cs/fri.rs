//! FRI building blocks in R1CS (the query loop that uses them is not written yet, see
//! docs/wrap.md): the proof-of-work check and the query point `x = g · ω^{rev(index)}` of a
//! query index drawn from the transcript, as plonky2's FRI verifier computes them.

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};

use super::challenger::Challenge;
use super::goldilocks::GoldilocksVar;

/// Enforces plonky2's grinding check: the canonical PoW response has at least `pow_bits`
/// leading zeros (of 64; Goldilocks elements use all 64 bits).
pub fn check_proof_of_work(response: &Challenge, pow_bits: usize) -> Result<(), SynthesisError> {
    if pow_bits > 64 {
        return Err(SynthesisError::Unsatisfiable);
    }
    for bit in &response.bits[64 - pow_bits..] {
        bit.enforce_equal(&Boolean::FALSE)?;
    }
    Ok(())
}

/// The query's index bits: `challenge mod 2^lde_bits`, i.e. its low `lde_bits` bits.
pub fn query_index_bits(
    challenge: &Challenge,
    lde_bits: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    challenge
        .bits
        .get(..lde_bits)
        .map(<[Boolean<Fr>]>::to_vec)
        .ok_or(SynthesisError::Unsatisfiable)
}

/// `x = g · ω^{reverse_bits(index, lde_bits)}` with `g` the multiplicative generator and `ω` a
/// primitive `2^lde_bits`-th root of unity; about `lde_bits` reduced products.
pub fn query_point(index_bits: &[Boolean<Fr>]) -> Result<GoldilocksVar, SynthesisError> {
    let lde_bits = index_bits.len();
    let omega = GoldilocksField::primitive_root_of_unity(lde_bits);
    let mut acc =
        GoldilocksVar::constant(GoldilocksField::MULTIPLICATIVE_GROUP_GENERATOR.to_canonical_u64());
    let mut power = omega;
    // Bit j of the reversed index is bit (lde_bits - 1 - j) of the index.
    for j in 0..lde_bits {
        let bit = &index_bits[lde_bits - 1 - j];
        let c = power.to_canonical_u64();
        // 1 + bit · (ω^{2^j} - 1): linear in the bit, so no constraint.
        let factor = GoldilocksVar {
            fp: FpVar::from(bit.clone()) * Fr::from(c) + FpVar::from(!bit) * Fr::from(1u64),
            bits: 64,
        };
        acc = acc.mul(&factor)?;
        power = power * power;
    }
    acc.reduce()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::ConstraintSystem;

    fn reverse_bits(x: usize, bits: usize) -> usize {
        (0..bits).fold(0, |acc, k| acc | (((x >> k) & 1) << (bits - 1 - k)))
    }

    fn native_point(index: usize, lde_bits: usize) -> u64 {
        let omega = GoldilocksField::primitive_root_of_unity(lde_bits);
        (GoldilocksField::MULTIPLICATIVE_GROUP_GENERATOR
            * omega.exp_u64(reverse_bits(index, lde_bits) as u64))
        .to_canonical_u64()
    }

    fn challenge(
        cs: &ark_relations::gr1cs::ConstraintSystemRef<Fr>,
        v: u64,
    ) -> anyhow::Result<Challenge> {
        let (value, bits) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(v))?;
        Ok(Challenge { value, bits })
    }

    #[test]
    fn query_point_matches_plonky2_for_several_indices() -> anyhow::Result<()> {
        let lde_bits = 16;
        for raw in [
            0u64,
            1,
            0xdead_beef_0001_2345,
            GoldilocksField::NEG_ONE.to_canonical_u64(),
        ] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let ch = challenge(&cs, raw)?;
            let x = query_point(&query_index_bits(&ch, lde_bits)?)?;
            let index = (raw % (1 << lde_bits)) as usize;
            assert_eq!(x.value()?, native_point(index, lde_bits));
            assert!(cs.is_satisfied()?);
        }
        Ok(())
    }

    #[test]
    fn a_wrong_query_point_is_rejected() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let ch = challenge(&cs, 12345)?;
        let x = query_point(&query_index_bits(&ch, 10)?)?;
        let claimed =
            GoldilocksVar::new_u64_witness(cs.clone(), Some(native_point(12345 % 1024, 10) ^ 2))?;
        x.enforce_equal(&claimed)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn proof_of_work_needs_leading_zeros() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        check_proof_of_work(&challenge(&cs, (1 << 47) - 1)?, 16)?;
        assert!(cs.is_satisfied()?);
        let cs = ConstraintSystem::<Fr>::new_ref();
        check_proof_of_work(&challenge(&cs, 1 << 48)?, 16)?;
        assert!(!cs.is_satisfied()?);
        let _ = Boolean::new_witness(cs, || Ok(true))?;
        Ok(())
    }
}

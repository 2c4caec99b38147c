//! Poseidon-BN254 (width 3) in R1CS: 3 constraints per S-box, linear layers free,
//! `8 * 3 * 3 + 57 * 3 = 243` constraints per permutation. Mirrors [`poseidon_bn254`] exactly.

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::SynthesisError;

use crate::wrap::poseidon_bn254::{self, FULL_ROUNDS, PARTIAL_ROUNDS, RATE, WIDTH};

fn sbox(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// The permutation, in place.
pub fn permute(state: &mut [FpVar<Fr>; WIDTH]) -> Result<(), SynthesisError> {
    let p = poseidon_bn254::params();
    let half = FULL_ROUNDS / 2;
    for round in 0..FULL_ROUNDS + PARTIAL_ROUNDS {
        for (i, lane) in state.iter_mut().enumerate() {
            *lane += p.ark[round * WIDTH + i];
        }
        if round < half || round >= half + PARTIAL_ROUNDS {
            for lane in state.iter_mut() {
                *lane = sbox(lane)?;
            }
        } else {
            state[0] = sbox(&state[0])?;
        }
        let old = state.clone();
        for (i, lane) in state.iter_mut().enumerate() {
            let mut acc = FpVar::zero();
            for (j, o) in old.iter().enumerate() {
                acc += o * p.mds[i][j];
            }
            *lane = acc;
        }
    }
    Ok(())
}

/// Overwrite-mode sponge over BN254 elements (mirrors [`poseidon_bn254::hash_no_pad`]).
pub fn hash_no_pad(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let mut state = [FpVar::zero(), FpVar::zero(), FpVar::zero()];
    for chunk in inputs.chunks(RATE) {
        for (k, x) in chunk.iter().enumerate() {
            state[1 + k] = x.clone();
        }
        permute(&mut state)?;
    }
    let [_, out, _] = state;
    Ok(out)
}

/// Merkle node compression (mirrors [`poseidon_bn254::two_to_one`]).
pub fn two_to_one(left: &FpVar<Fr>, right: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let mut state = [FpVar::zero(), left.clone(), right.clone()];
    permute(&mut state)?;
    let [_, out, _] = state;
    Ok(out)
}

/// `two_to_one(left, right)` if `swap` is false, else `two_to_one(right, left)` (2 more
/// constraints).
pub fn two_to_one_swapped(
    a: &FpVar<Fr>,
    b: &FpVar<Fr>,
    swap: &Boolean<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let left = FpVar::conditionally_select(swap, b, a)?;
    let right = a + b - &left;
    two_to_one(&left, &right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::eq::EqGadget;
    use ark_r1cs_std::GR1CSVar;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn gadget_matches_native_permutation_in_243_constraints() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let input = [Fr::from(0u64), Fr::from(1u64), Fr::from(2u64)];
        let mut native = input;
        poseidon_bn254::permute(&mut native);
        let mut vars = [
            FpVar::new_witness(cs.clone(), || Ok(input[0]))?,
            FpVar::new_witness(cs.clone(), || Ok(input[1]))?,
            FpVar::new_witness(cs.clone(), || Ok(input[2]))?,
        ];
        permute(&mut vars)?;
        assert_eq!(cs.num_constraints(), 243);
        for (v, n) in vars.iter().zip(native) {
            assert_eq!(v.value()?, n);
        }
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn gadget_rejects_a_wrong_claimed_digest() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64)))?;
        let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(4u64)))?;
        let claimed = FpVar::new_input(cs.clone(), || {
            Ok(poseidon_bn254::two_to_one(Fr::from(4u64), Fr::from(3u64)))
        })?;
        two_to_one(&a, &b)?.enforce_equal(&claimed)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }
}

//! Merkle-cap membership in R1CS for trees built by plonky2 with
//! [`PoseidonBn254Hash`](crate::wrap::hash_config::PoseidonBn254Hash): the leaf (Goldilocks
//! elements, each `< 2^64` so the packing is injective) is packed three per BN254 element and
//! hashed, then compressed with each sibling, the index bit choosing the order; the result must
//! equal the cap entry selected by the remaining index bits.

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::gr1cs::SynthesisError;

use super::challenger::pack;
use super::goldilocks::GoldilocksVar;
use super::poseidon;
use crate::wrap::hash_config::GL_PER_FR;

/// Hash of a leaf (mirrors `PoseidonBn254Hash::hash_or_noop`, which always hashes).
pub fn hash_leaf(leaf: &[GoldilocksVar]) -> Result<FpVar<Fr>, SynthesisError> {
    let packed: Vec<FpVar<Fr>> = leaf.chunks(GL_PER_FR).map(pack).collect();
    poseidon::hash_no_pad(&packed)
}

/// Selects `items[index]` with little-endian index bits (`items.len() == 2^bits.len()`).
pub fn select_by_bits(
    items: &[FpVar<Fr>],
    bits: &[Boolean<Fr>],
) -> Result<FpVar<Fr>, SynthesisError> {
    if items.len() != 1 << bits.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut layer = items.to_vec();
    for bit in bits {
        layer = layer
            .chunks(2)
            .map(|pair| FpVar::conditionally_select(bit, &pair[1], &pair[0]))
            .collect::<Result<_, _>>()?;
    }
    layer.pop().ok_or(SynthesisError::Unsatisfiable)
}

/// Enforces that `leaf` sits at the index given by `index_bits` (little-endian; the first
/// `siblings.len()` bits walk the path, the rest select the cap entry).
pub fn verify_to_cap(
    leaf: &[GoldilocksVar],
    index_bits: &[Boolean<Fr>],
    siblings: &[FpVar<Fr>],
    cap: &[FpVar<Fr>],
) -> Result<(), SynthesisError> {
    if index_bits.len() < siblings.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut digest = hash_leaf(leaf)?;
    for (sibling, bit) in siblings.iter().zip(index_bits) {
        digest = poseidon::two_to_one_swapped(&digest, sibling, bit)?;
    }
    select_by_bits(cap, &index_bits[siblings.len()..])?.enforce_equal(&digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::hash_config::PoseidonBn254Hash;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::field::goldilocks_field::GoldilocksField as GL;
    use plonky2::field::types::{Field, PrimeField64};
    use plonky2::hash::merkle_tree::MerkleTree;

    fn check(index: usize, tamper_leaf: bool) -> anyhow::Result<bool> {
        let leaves: Vec<Vec<GL>> = (0..32u64)
            .map(|i| {
                (0..7)
                    .map(|j| GL::from_canonical_u64(i * 1000 + j) - GL::ONE)
                    .collect()
            })
            .collect();
        let cap_height = 2;
        let tree = MerkleTree::<GL, PoseidonBn254Hash>::new(leaves.clone(), cap_height);
        let proof = tree.prove(index);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let mut leaf = leaves[index].clone();
        if tamper_leaf {
            leaf[3] += GL::ONE;
        }
        let leaf_vars = leaf
            .iter()
            .map(|v| GoldilocksVar::new_u64_witness(cs.clone(), Some(v.to_canonical_u64())))
            .collect::<Result<Vec<_>, _>>()?;
        let bits = (0..5)
            .map(|k| Boolean::new_witness(cs.clone(), || Ok((index >> k) & 1 == 1)))
            .collect::<Result<Vec<_>, _>>()?;
        let siblings = proof
            .siblings
            .iter()
            .map(|s| FpVar::new_witness(cs.clone(), || Ok(s.0)))
            .collect::<Result<Vec<_>, _>>()?;
        let cap = tree
            .cap
            .0
            .iter()
            .map(|c| FpVar::new_input(cs.clone(), || Ok(c.0)))
            .collect::<Result<Vec<_>, _>>()?;
        verify_to_cap(&leaf_vars, &bits, &siblings, &cap)?;
        Ok(cs.is_satisfied()?)
    }

    #[test]
    fn native_merkle_proof_verifies_in_circuit() -> anyhow::Result<()> {
        assert!(check(0, false)?);
        assert!(check(29, false)?);
        Ok(())
    }

    #[test]
    fn tampered_leaf_fails_the_merkle_check() -> anyhow::Result<()> {
        assert!(!check(13, true)?);
        Ok(())
    }
}

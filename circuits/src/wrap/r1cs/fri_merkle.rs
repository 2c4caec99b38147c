//! The Merkle part of one FRI query in R1CS: the four initial oracles (constants/sigmas, wires,
//! Z/partial products, quotient) opened at the query index, and each commit-phase oracle opened
//! at the coset index (`index >> arity_bits`, cumulatively), as plonky2's
//! `fri_verifier_query_round` checks them. The folding arithmetic is separate (not written yet).

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::SynthesisError;

use super::extension::GoldilocksExtVar;
use super::goldilocks::GoldilocksVar;
use super::merkle::verify_to_cap;

/// The openings and Merkle siblings of one query.
#[derive(Clone, Debug)]
pub struct QueryOpeningsVar {
    /// Per initial oracle: the opened row (each element `< 2^64`) and the siblings.
    pub initial: Vec<(Vec<GoldilocksVar>, Vec<FpVar<Fr>>)>,
    /// Per commit-phase step: the coset's evaluations and the siblings.
    pub steps: Vec<(Vec<GoldilocksExtVar>, Vec<FpVar<Fr>>)>,
}

/// Enforces every Merkle opening of one query. `index_bits` are the query index's `lde_bits`
/// little-endian bits; `initial_caps` are in oracle order.
pub fn verify_query_paths(
    index_bits: &[Boolean<Fr>],
    initial_caps: &[Vec<FpVar<Fr>>],
    commit_caps: &[Vec<FpVar<Fr>>],
    reduction_arity_bits: &[usize],
    query: &QueryOpeningsVar,
) -> Result<(), SynthesisError> {
    if initial_caps.len() != query.initial.len()
        || commit_caps.len() != query.steps.len()
        || reduction_arity_bits.len() != query.steps.len()
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    for ((leaf, siblings), cap) in query.initial.iter().zip(initial_caps) {
        verify_to_cap(leaf, index_bits, siblings, cap)?;
    }
    let mut shift = 0;
    for (((evals, siblings), cap), arity_bits) in query
        .steps
        .iter()
        .zip(commit_caps)
        .zip(reduction_arity_bits)
    {
        shift += arity_bits;
        let coset_bits = index_bits
            .get(shift..)
            .ok_or(SynthesisError::Unsatisfiable)?;
        let leaf: Vec<GoldilocksVar> = evals
            .iter()
            .flat_map(|e| [e.c0.clone(), e.c1.clone()])
            .collect();
        verify_to_cap(&leaf, coset_bits, siblings, cap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::hash_config::Bn254HashOut;
    use crate::wrap::r1cs::transcript::tests::{final_proof, C, GL};
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use plonky2::field::extension::quadratic::QuadraticExtension;
    use plonky2::field::extension::FieldExtension;
    use plonky2::field::types::{Field, PrimeField64};
    use plonky2::plonk::proof::ProofWithPublicInputs;

    type Q = QuadraticExtension<GL>;

    fn digests(
        cs: &ConstraintSystemRef<Fr>,
        hs: &[Bn254HashOut],
    ) -> anyhow::Result<Vec<FpVar<Fr>>> {
        Ok(hs
            .iter()
            .map(|h| FpVar::new_witness(cs.clone(), || Ok(h.0)))
            .collect::<Result<_, _>>()?)
    }

    fn gl_vars(cs: &ConstraintSystemRef<Fr>, xs: &[GL]) -> anyhow::Result<Vec<GoldilocksVar>> {
        Ok(xs
            .iter()
            .map(|x| GoldilocksVar::new_u64_witness(cs.clone(), Some(x.to_canonical_u64())))
            .collect::<Result<_, _>>()?)
    }

    /// Allocates query 0 of the proof (optionally with a tampered initial leaf) and checks it.
    fn check_query(
        proof: &ProofWithPublicInputs<GL, C, 2>,
        constants_cap: &[Bn254HashOut],
        reduction_arity_bits: &[usize],
        index: usize,
        lde_bits: usize,
        tamper: bool,
    ) -> anyhow::Result<bool> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = &proof.proof;
        let round = &p.opening_proof.query_round_proofs[0];
        let mut initial = Vec::new();
        for (k, (leaf, mp)) in round.initial_trees_proof.evals_proofs.iter().enumerate() {
            let mut leaf = leaf.clone();
            if tamper && k == 1 {
                leaf[0] += GL::ONE;
            }
            initial.push((gl_vars(&cs, &leaf)?, digests(&cs, &mp.siblings)?));
        }
        let mut steps = Vec::new();
        for step in &round.steps {
            let evals = step
                .evals
                .iter()
                .map(|e| {
                    let [a, b] = <Q as FieldExtension<2>>::to_basefield_array(e);
                    Ok(GoldilocksExtVar {
                        c0: GoldilocksVar::new_u64_witness(cs.clone(), Some(a.to_canonical_u64()))?,
                        c1: GoldilocksVar::new_u64_witness(cs.clone(), Some(b.to_canonical_u64()))?,
                    })
                })
                .collect::<Result<Vec<_>, SynthesisError>>()?;
            steps.push((evals, digests(&cs, &step.merkle_proof.siblings)?));
        }
        let caps = vec![
            digests(&cs, constants_cap)?,
            digests(&cs, &p.wires_cap.0)?,
            digests(&cs, &p.plonk_zs_partial_products_cap.0)?,
            digests(&cs, &p.quotient_polys_cap.0)?,
        ];
        let commit_caps = p
            .opening_proof
            .commit_phase_merkle_caps
            .iter()
            .map(|c| digests(&cs, &c.0))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let bits = (0..lde_bits)
            .map(|k| Boolean::new_witness(cs.clone(), || Ok((index >> k) & 1 == 1)))
            .collect::<Result<Vec<_>, _>>()?;
        let query = QueryOpeningsVar { initial, steps };
        verify_query_paths(&bits, &caps, &commit_caps, reduction_arity_bits, &query)?;
        Ok(cs.is_satisfied()?)
    }

    #[test]
    fn query_openings_of_a_final_proof_verify_and_tampering_fails() -> anyhow::Result<()> {
        let (data, proof) = final_proof()?;
        let common = &data.common;
        let digest = data.verifier_only.circuit_digest;
        let challenges = proof.get_challenges(proof.get_public_inputs_hash(), &digest, common)?;
        let index = challenges.fri_challenges.fri_query_indices[0];
        let lde_bits = common.degree_bits() + common.config.fri_config.rate_bits;
        let cap = &data.verifier_only.constants_sigmas_cap.0;
        let arity = &common.fri_params.reduction_arity_bits;
        assert!(!arity.is_empty());
        assert!(check_query(&proof, cap, arity, index, lde_bits, false)?);
        assert!(!check_query(&proof, cap, arity, index, lde_bits, true)?);
        let other = index ^ 1;
        assert!(!check_query(&proof, cap, arity, other, lde_bits, false)?);
        Ok(())
    }
}

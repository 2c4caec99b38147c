//! All Fiat–Shamir challenges of a final proof, recomputed in R1CS in the order of plonky2's
//! `get_challenges` (FRI parameters, circuit digest, public-input hash, caps, openings, FRI
//! commit caps, final polynomial, proof of work, query indices). Lookups are not supported (the
//! final circuit has none).

use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::PrimeField64;
use plonky2::plonk::circuit_data::CommonCircuitData;

use super::challenger::{Challenge, ChallengerVar};
use super::extension::GoldilocksExtVar;
use super::goldilocks::GoldilocksVar;
use super::poseidon_goldilocks;

/// The proof data the transcript observes, as circuit variables (all elements canonical).
#[derive(Clone, Debug)]
pub struct TranscriptInputs {
    /// The final proof's public inputs.
    pub public_inputs: Vec<GoldilocksVar>,
    /// Wires cap.
    pub wires_cap: Vec<FpVar<Fr>>,
    /// Permutation Z and partial products cap.
    pub zs_partial_products_cap: Vec<FpVar<Fr>>,
    /// Quotient polynomials cap.
    pub quotient_cap: Vec<FpVar<Fr>>,
    /// Openings flattened in `OpeningSet::to_fri_openings` order.
    pub openings: Vec<GoldilocksExtVar>,
    /// FRI commit-phase caps.
    pub commit_caps: Vec<Vec<FpVar<Fr>>>,
    /// FRI final polynomial coefficients.
    pub final_poly: Vec<GoldilocksExtVar>,
    /// FRI proof-of-work witness.
    pub pow_witness: GoldilocksVar,
}

/// The challenges (extension challenges as `[c0, c1]` pairs).
#[derive(Clone, Debug)]
pub struct ChallengesVar {
    /// Permutation-argument betas.
    pub betas: Vec<Challenge>,
    /// Permutation-argument gammas.
    pub gammas: Vec<Challenge>,
    /// Constraint-combination alphas.
    pub alphas: Vec<Challenge>,
    /// Opening point.
    pub zeta: [Challenge; 2],
    /// FRI batching challenge.
    pub fri_alpha: [Challenge; 2],
    /// FRI folding challenges.
    pub fri_betas: Vec<[Challenge; 2]>,
    /// Proof-of-work response.
    pub pow_response: Challenge,
    /// One raw challenge per query (its low `lde_bits` bits are the index).
    pub query_challenges: Vec<Challenge>,
}

fn constant(v: u64) -> GoldilocksVar {
    GoldilocksVar::constant(v)
}

fn ext_challenge(ch: &mut ChallengerVar) -> Result<[Challenge; 2], SynthesisError> {
    Ok([ch.get_challenge()?, ch.get_challenge()?])
}

fn observe_cap(ch: &mut ChallengerVar, cap: &[FpVar<Fr>]) -> Result<(), SynthesisError> {
    cap.iter().try_for_each(|d| ch.observe_digest(d))
}

fn observe_exts(ch: &mut ChallengerVar, xs: &[GoldilocksExtVar]) -> Result<(), SynthesisError> {
    for x in xs {
        ch.observe_element(&x.c0)?;
        ch.observe_element(&x.c1)?;
    }
    Ok(())
}

/// Recomputes the challenges of a proof of shape `common` with verifier digest `circuit_digest`.
pub fn get_challenges(
    common: &CommonCircuitData<GoldilocksField, 2>,
    circuit_digest: Fr,
    inputs: &TranscriptInputs,
) -> Result<ChallengesVar, SynthesisError> {
    Ok(get_challenges_and_public_inputs_hash(common, circuit_digest, inputs)?.0)
}

/// [`get_challenges`], also returning the canonical Goldilocks-Poseidon hash of the public
/// inputs it computed (the gates' `public_inputs_hash`), so it is not computed twice.
pub fn get_challenges_and_public_inputs_hash(
    common: &CommonCircuitData<GoldilocksField, 2>,
    circuit_digest: Fr,
    inputs: &TranscriptInputs,
) -> Result<(ChallengesVar, [GoldilocksVar; 4]), SynthesisError> {
    if common.num_lookup_polys != 0 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let fri = &common.fri_params;
    let cfg = &fri.config;
    let n = common.config.num_challenges;
    let mut ch = ChallengerVar::new();

    // FriParams::observe.
    let mut params = vec![
        cfg.rate_bits as u64,
        cfg.cap_height as u64,
        u64::from(cfg.proof_of_work_bits),
    ];
    params.extend(
        cfg.reduction_strategy
            .serialize::<GoldilocksField>()
            .iter()
            .map(|f| f.to_canonical_u64()),
    );
    params.push(cfg.num_query_rounds as u64);
    params.push(u64::from(fri.hiding));
    params.push(fri.degree_bits as u64);
    params.extend(fri.reduction_arity_bits.iter().map(|&b| b as u64));
    ch.observe_elements(&params.into_iter().map(constant).collect::<Vec<_>>())?;

    ch.observe_digest(&FpVar::constant(circuit_digest))?;
    let pi_hash = poseidon_goldilocks::hash_no_pad(&inputs.public_inputs)?;
    let mut pi_hash_canonical = Vec::with_capacity(pi_hash.len());
    for h in &pi_hash {
        let (canon, _) = h.canonical()?;
        ch.observe_element(&canon)?;
        pi_hash_canonical.push(canon);
    }
    let pi_hash: [GoldilocksVar; 4] = pi_hash_canonical
        .try_into()
        .map_err(|_| SynthesisError::Unsatisfiable)?;

    observe_cap(&mut ch, &inputs.wires_cap)?;
    let betas = ch.get_n_challenges(n)?;
    let gammas = ch.get_n_challenges(n)?;
    observe_cap(&mut ch, &inputs.zs_partial_products_cap)?;
    let alphas = ch.get_n_challenges(n)?;
    observe_cap(&mut ch, &inputs.quotient_cap)?;
    let zeta = ext_challenge(&mut ch)?;
    observe_exts(&mut ch, &inputs.openings)?;

    let fri_alpha = ext_challenge(&mut ch)?;
    let mut fri_betas = Vec::with_capacity(inputs.commit_caps.len());
    for cap in &inputs.commit_caps {
        observe_cap(&mut ch, cap)?;
        fri_betas.push(ext_challenge(&mut ch)?);
    }
    observe_exts(&mut ch, &inputs.final_poly)?;
    ch.observe_element(&inputs.pow_witness)?;
    let pow_response = ch.get_challenge()?;
    let query_challenges = ch.get_n_challenges(cfg.num_query_rounds)?;
    let challenges = ChallengesVar {
        betas,
        gammas,
        alphas,
        zeta,
        fri_alpha,
        fri_betas,
        pow_response,
        query_challenges,
    };
    Ok((challenges, pi_hash))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::recursion::security::WrapSecurity;
    use crate::wrap::hash_config::PoseidonBn254GoldilocksConfig;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use plonky2::field::extension::FieldExtension;
    use plonky2::field::types::Field;
    use plonky2::iop::witness::{PartialWitness, WitnessWrite};
    use plonky2::plonk::circuit_builder::CircuitBuilder;
    use plonky2::plonk::circuit_data::CircuitData;
    use plonky2::plonk::config::GenericHashOut;
    use plonky2::plonk::proof::ProofWithPublicInputs;

    pub(crate) type GL = GoldilocksField;
    pub(crate) type C = PoseidonBn254GoldilocksConfig;
    pub(crate) type Q = plonky2::field::extension::quadratic::QuadraticExtension<GL>;

    /// A final-config proof with 8 public limbs and enough rows for FRI folding.
    pub(crate) fn final_proof(
    ) -> anyhow::Result<(CircuitData<GL, C, 2>, ProofWithPublicInputs<GL, C, 2>)> {
        let mut b = CircuitBuilder::<GL, 2>::new(WrapSecurity::InsecureTest.circuit_config());
        let limbs = b.add_virtual_targets(8);
        b.register_public_inputs(&limbs);
        let mut acc = limbs[0];
        for i in 0..4_000 {
            acc = b.mul_add(acc, limbs[i % 8], limbs[(i + 3) % 8]);
        }
        let out = b.add_virtual_target();
        b.connect(acc, out);
        let data = b.build::<C>();
        let mut pw = PartialWitness::new();
        for (i, t) in limbs.iter().enumerate() {
            pw.set_target(*t, GL::from_canonical_u64(0xf000_0000 + i as u64))?;
        }
        let proof = data.prove(pw)?;
        Ok((data, proof))
    }

    pub(crate) fn ext_vars(
        cs: &ConstraintSystemRef<Fr>,
        xs: &[Q],
    ) -> anyhow::Result<Vec<GoldilocksExtVar>> {
        Ok(xs
            .iter()
            .map(|x| {
                let [a, b] = <Q as FieldExtension<2>>::to_basefield_array(x);
                GoldilocksExtVar::new_canonical_witness(
                    cs.clone(),
                    Some([a.to_canonical_u64(), b.to_canonical_u64()]),
                )
            })
            .collect::<Result<_, _>>()?)
    }

    fn cap_vars(
        cs: &ConstraintSystemRef<Fr>,
        cap: &[crate::wrap::hash_config::Bn254HashOut],
    ) -> anyhow::Result<Vec<FpVar<Fr>>> {
        Ok(cap
            .iter()
            .map(|h| FpVar::new_witness(cs.clone(), || Ok(h.0)))
            .collect::<Result<_, _>>()?)
    }

    pub(crate) fn inputs(
        cs: &ConstraintSystemRef<Fr>,
        proof: &ProofWithPublicInputs<GL, C, 2>,
    ) -> anyhow::Result<TranscriptInputs> {
        let p = &proof.proof;
        let o = &p.openings;
        // OpeningSet::to_fri_openings order (no lookups): the zeta batch, then g * zeta.
        let openings: Vec<Q> = [
            o.constants.as_slice(),
            &o.plonk_sigmas,
            &o.wires,
            &o.plonk_zs,
            &o.partial_products,
            &o.quotient_polys,
            &o.plonk_zs_next,
        ]
        .concat();
        Ok(TranscriptInputs {
            public_inputs: proof
                .public_inputs
                .iter()
                .map(|v| {
                    GoldilocksVar::new_canonical_witness(cs.clone(), Some(v.to_canonical_u64()))
                        .map(|x| x.0)
                })
                .collect::<Result<_, _>>()?,
            wires_cap: cap_vars(cs, &p.wires_cap.0)?,
            zs_partial_products_cap: cap_vars(cs, &p.plonk_zs_partial_products_cap.0)?,
            quotient_cap: cap_vars(cs, &p.quotient_polys_cap.0)?,
            openings: ext_vars(cs, &openings)?,
            commit_caps: p
                .opening_proof
                .commit_phase_merkle_caps
                .iter()
                .map(|c| cap_vars(cs, &c.0))
                .collect::<Result<_, _>>()?,
            final_poly: ext_vars(cs, &p.opening_proof.final_poly.coeffs)?,
            pow_witness: GoldilocksVar::new_canonical_witness(
                cs.clone(),
                Some(p.opening_proof.pow_witness.to_canonical_u64()),
            )?
            .0,
        })
    }

    fn vals(cs: &[Challenge]) -> anyhow::Result<Vec<u64>> {
        Ok(cs
            .iter()
            .map(|c| c.value.value())
            .collect::<Result<_, _>>()?)
    }

    #[test]
    fn circuit_transcript_reproduces_plonky2_challenges_of_a_final_proof() -> anyhow::Result<()> {
        let (data, proof) = final_proof()?;
        let common = &data.common;
        assert!(!proof
            .proof
            .opening_proof
            .commit_phase_merkle_caps
            .is_empty());
        let digest = data.verifier_only.circuit_digest;
        let native = proof.get_challenges(proof.get_public_inputs_hash(), &digest, common)?;

        let cs = ConstraintSystem::<Fr>::new_ref();
        let got = get_challenges(common, digest.0, &inputs(&cs, &proof)?)?;
        let canon = |v: &[GL]| v.iter().map(|x| x.to_canonical_u64()).collect::<Vec<_>>();
        let ext = |e: &Q| canon(&<Q as FieldExtension<2>>::to_basefield_array(e));
        assert_eq!(vals(&got.betas)?, canon(&native.plonk_betas));
        assert_eq!(vals(&got.gammas)?, canon(&native.plonk_gammas));
        assert_eq!(vals(&got.alphas)?, canon(&native.plonk_alphas));
        assert_eq!(vals(&got.zeta)?, ext(&native.plonk_zeta));
        let fri = &native.fri_challenges;
        assert_eq!(vals(&got.fri_alpha)?, ext(&fri.fri_alpha));
        for (g, n) in got.fri_betas.iter().zip(&fri.fri_betas) {
            assert_eq!(vals(g)?, ext(n));
        }
        assert_eq!(
            got.pow_response.value.value()?,
            fri.fri_pow_response.to_canonical_u64()
        );
        let lde = 1u64 << (common.degree_bits() + common.config.fri_config.rate_bits);
        let idx: Vec<usize> = vals(&got.query_challenges)?
            .iter()
            .map(|v| (v % lde) as usize)
            .collect();
        assert_eq!(idx, fri.fri_query_indices);
        assert!(cs.is_satisfied()?);
        eprintln!(
            "transcript of a 2^{} final proof: {} constraints",
            common.degree_bits(),
            cs.num_constraints()
        );
        // The digest is observed through `to_vec`; keep the byte form in sync.
        assert_eq!(digest.to_bytes().len(), 32);
        a_changed_opening_changes_the_fri_challenges(&data, &proof)
    }

    fn a_changed_opening_changes_the_fri_challenges(
        data: &CircuitData<GL, C, 2>,
        proof: &ProofWithPublicInputs<GL, C, 2>,
    ) -> anyhow::Result<()> {
        let digest = data.verifier_only.circuit_digest;
        let native = proof.get_challenges(proof.get_public_inputs_hash(), &digest, &data.common)?;
        let mut tampered = proof.clone();
        tampered.proof.openings.wires[0] += Q::ONE;
        let cs = ConstraintSystem::<Fr>::new_ref();
        let got = get_challenges(&data.common, digest.0, &inputs(&cs, &tampered)?)?;
        assert_eq!(
            got.zeta[0].value.value()?,
            <Q as FieldExtension<2>>::to_basefield_array(&native.plonk_zeta)[0].to_canonical_u64()
        );
        assert_ne!(
            got.fri_alpha[0].value.value()?,
            <Q as FieldExtension<2>>::to_basefield_array(&native.fri_challenges.fri_alpha)[0]
                .to_canonical_u64()
        );
        Ok(())
    }
}

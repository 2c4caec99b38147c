//! Tests of the vanishing argument on a real final proof (honest and tampered openings) and of
//! its pieces against plonky2's native arithmetic.

use std::ops::Range;

use super::*;
use crate::wrap::r1cs::transcript::get_challenges;
use crate::wrap::r1cs::transcript::tests::{ext_vars, final_proof, inputs, C, GL, Q};
use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
use plonky2::hash::hash_types::HashOut;
use plonky2::plonk::proof::{OpeningSet, ProofWithPublicInputs};
use plonky2::plonk::vars::EvaluationVars;

/// plonky2's `evaluate_gate_constraints` (crate-private there): each gate filtered by its
/// selector group, summed into `num_gate_constraints` slots.
fn native_gate_constraints(
    common: &CommonCircuitData<GL, 2>,
    openings: &OpeningSet<GL, 2>,
    pi_hash: &HashOut<GL>,
) -> anyhow::Result<Vec<Q>> {
    // `SelectorsInfo`'s fields are crate-private; its serde form exposes them.
    let info = serde_json::to_value(&common.selectors_info)?;
    let indices: Vec<usize> = serde_json::from_value(info["selector_indices"].clone())?;
    let groups: Vec<Range<usize>> = serde_json::from_value(info["groups"].clone())?;
    let vars = EvaluationVars {
        local_constants: &openings.constants,
        local_wires: &openings.wires,
        public_inputs_hash: pi_hash,
    };
    let mut out = vec![Q::ZERO; common.num_gate_constraints];
    for (row, gate) in common.gates.iter().enumerate() {
        let sel = indices[row];
        let values = gate.0.eval_filtered(
            vars,
            row,
            sel,
            groups[sel].clone(),
            groups.len(),
            common.num_lookup_selectors,
        );
        for (k, c) in values.into_iter().enumerate() {
            out[k] += c;
        }
    }
    Ok(out)
}

fn flat_openings(o: &OpeningSet<GL, 2>) -> Vec<Q> {
    [
        o.constants.as_slice(),
        &o.plonk_sigmas,
        &o.wires,
        &o.plonk_zs,
        &o.partial_products,
        &o.quotient_polys,
        &o.plonk_zs_next,
    ]
    .concat()
}

fn challenge(cs: &ConstraintSystemRef<Fr>, v: GL) -> anyhow::Result<Challenge> {
    let (value, bits) =
        GoldilocksVar::new_canonical_witness(cs.clone(), Some(v.to_canonical_u64()))?;
    Ok(Challenge { value, bits })
}

/// The plonk challenges of `proof` computed natively and allocated (FRI fields are unused
/// by the vanishing check and left empty).
fn native_challenges(
    cs: &ConstraintSystemRef<Fr>,
    common: &CommonCircuitData<GL, 2>,
    digest: &crate::wrap::hash_config::Bn254HashOut,
    proof: &ProofWithPublicInputs<GL, C, 2>,
) -> anyhow::Result<ChallengesVar> {
    let ch = proof.get_challenges(proof.get_public_inputs_hash(), digest, common)?;
    let many = |vs: &[GL]| -> anyhow::Result<Vec<Challenge>> {
        vs.iter().map(|v| challenge(cs, *v)).collect()
    };
    let [z0, z1] = ch.plonk_zeta.to_basefield_array();
    let fri_alpha = [challenge(cs, GL::ZERO)?, challenge(cs, GL::ZERO)?];
    Ok(ChallengesVar {
        betas: many(&ch.plonk_betas)?,
        gammas: many(&ch.plonk_gammas)?,
        alphas: many(&ch.plonk_alphas)?,
        zeta: [challenge(cs, z0)?, challenge(cs, z1)?],
        fri_alpha,
        fri_betas: Vec::new(),
        pow_response: challenge(cs, GL::ZERO)?,
        query_challenges: Vec::new(),
    })
}

/// Runs the vanishing check on `proof`'s openings (possibly tampered) with the honest
/// proof's challenges and the given gate-constraint values; returns satisfaction.
fn check(
    common: &CommonCircuitData<GL, 2>,
    digest: &crate::wrap::hash_config::Bn254HashOut,
    honest: &ProofWithPublicInputs<GL, C, 2>,
    openings: &OpeningSet<GL, 2>,
    gates: &[Q],
) -> anyhow::Result<bool> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let challenges = native_challenges(&cs, common, digest, honest)?;
    let opened =
        OpeningSetVar::from_fri_openings(common, &ext_vars(&cs, &flat_openings(openings))?)?;
    let gate_vars = ext_vars(&cs, gates)?;
    check_vanishing_at_zeta(common, &opened, &challenges, &gate_vars)?;
    Ok(cs.is_satisfied()?)
}

/// Constraints of `check_vanishing_at_zeta` for shape `common`, with canonical (64-bit)
/// gate-constraint values and arbitrary witnesses (the count does not depend on values).
fn shape_cost(common: &CommonCircuitData<GL, 2>) -> anyhow::Result<usize> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let nc = common.config.num_challenges;
    let val = |i: usize| GL::from_canonical_u64(0x1234_5678 * (i as u64 + 3));
    let many = |off: usize| -> anyhow::Result<Vec<Challenge>> {
        (0..nc).map(|i| challenge(&cs, val(off + i))).collect()
    };
    let challenges = ChallengesVar {
        betas: many(0)?,
        gammas: many(10)?,
        alphas: many(20)?,
        zeta: [challenge(&cs, val(30))?, challenge(&cs, val(31))?],
        fri_alpha: [challenge(&cs, GL::ZERO)?, challenge(&cs, GL::ZERO)?],
        fri_betas: Vec::new(),
        pow_response: challenge(&cs, GL::ZERO)?,
        query_challenges: Vec::new(),
    };
    let len = common.num_constants
        + common.config.num_routed_wires
        + common.config.num_wires
        + nc * (2 + common.num_partial_products + common.quotient_degree_factor);
    let ext = |i: usize| Q::from_basefield_array([val(i), val(i + 1)]);
    let flat = ext_vars(&cs, &(0..len).map(ext).collect::<Vec<_>>())?;
    let gates = ext_vars(
        &cs,
        &(0..common.num_gate_constraints)
            .map(ext)
            .collect::<Vec<_>>(),
    )?;
    let opened = OpeningSetVar::from_fri_openings(common, &flat)?;
    let before = cs.num_constraints();
    check_vanishing_at_zeta(common, &opened, &challenges, &gates)?;
    Ok(cs.num_constraints() - before)
}

#[test]
#[ignore = "builds the Secure shrink circuits; prints the vanishing-check cost of the real shape"]
fn vanishing_cost_at_the_secure_final_shape() -> anyhow::Result<()> {
    use crate::recursion::security::WrapSecurity;
    use crate::recursion::shrink::{tests::inner_digest_proof, ShrinkCircuit};
    let (inner, _) = inner_digest_proof([1; 8])?;
    let start = std::time::Instant::now();
    let shrink = ShrinkCircuit::build(WrapSecurity::Secure, &inner.common, &inner.verifier_only);
    let common = shrink.final_common();
    let cost = shape_cost(common)?;
    eprintln!(
        "Secure final shape (built in {:.1} s): 2^{} rows, {} routed wires, {} gate \
         constraints, {} challenges, quotient degree {}: vanishing check {cost} constraints",
        start.elapsed().as_secs_f64(),
        common.degree_bits(),
        common.config.num_routed_wires,
        common.num_gate_constraints,
        common.config.num_challenges,
        common.quotient_degree_factor,
    );
    assert!(cost > 0);
    Ok(())
}

#[test]
fn honest_final_proof_satisfies_the_vanishing_check() -> anyhow::Result<()> {
    let (data, proof) = final_proof()?;
    let common = &data.common;
    let gates = native_gate_constraints(
        common,
        &proof.proof.openings,
        &proof.get_public_inputs_hash(),
    )?;

    let cs = ConstraintSystem::<Fr>::new_ref();
    let digest = data.verifier_only.circuit_digest;
    let transcript = inputs(&cs, &proof)?;
    let challenges = get_challenges(common, digest.0, &transcript)?;
    let opened = OpeningSetVar::from_fri_openings(common, &transcript.openings)?;
    let gate_vars = ext_vars(&cs, &gates)?;
    let before = cs.num_constraints();
    check_vanishing_at_zeta(common, &opened, &challenges, &gate_vars)?;
    let cost = cs.num_constraints() - before;
    assert!(cs.is_satisfied()?);
    assert_eq!(cost, shape_cost(common)?);
    eprintln!(
        "vanishing check of a 2^{} final proof ({} routed wires, {} gate constraints, {} \
         challenges, quotient degree {}): {} constraints",
        common.degree_bits(),
        common.config.num_routed_wires,
        common.num_gate_constraints,
        common.config.num_challenges,
        common.quotient_degree_factor,
        cost
    );
    Ok(())
}

#[test]
fn tampered_openings_or_gate_values_fail_the_vanishing_check() -> anyhow::Result<()> {
    let (data, proof) = final_proof()?;
    let common = &data.common;
    let digest = data.verifier_only.circuit_digest;
    let pi_hash = proof.get_public_inputs_hash();
    let honest = &proof.proof.openings;
    let gates = native_gate_constraints(common, honest, &pi_hash)?;
    assert!(check(common, &digest, &proof, honest, &gates)?, "honest");

    type Tamper = fn(&mut OpeningSet<GL, 2>);
    let cases: [(&str, Tamper); 6] = [
        ("wire", |o| o.wires[3] += Q::ONE),
        ("sigma", |o| o.plonk_sigmas[1] += Q::ONE),
        ("plonk_z", |o| o.plonk_zs[0] += Q::ONE),
        ("plonk_z_next", |o| o.plonk_zs_next[1] += Q::ONE),
        ("partial product", |o| o.partial_products[2] += Q::ONE),
        ("quotient chunk", |o| {
            let last = o.quotient_polys.len() - 1;
            o.quotient_polys[last] += Q::ONE
        }),
    ];
    for (name, tamper) in cases {
        let mut o = honest.clone();
        tamper(&mut o);
        // Gate values follow the (tampered) openings, as a cheating prover's would.
        let g = native_gate_constraints(common, &o, &pi_hash)?;
        assert!(
            !check(common, &digest, &proof, &o, &g)?,
            "tampered {name} accepted"
        );
    }
    let mut g = gates.clone();
    let mid = g.len() / 2;
    g[mid] += Q::ONE;
    assert!(
        !check(common, &digest, &proof, honest, &g)?,
        "tampered gate value accepted"
    );
    Ok(())
}

#[test]
fn opening_set_rejects_a_wrong_length() -> anyhow::Result<()> {
    let (data, proof) = final_proof()?;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let mut flat = ext_vars(&cs, &flat_openings(&proof.proof.openings))?;
    let opened = OpeningSetVar::from_fri_openings(&data.common, &flat)?;
    assert_eq!(opened.wires.len(), data.common.config.num_wires);
    assert_eq!(
        opened.plonk_zs_next.len(),
        data.common.config.num_challenges
    );
    flat.pop();
    assert!(matches!(
        OpeningSetVar::from_fri_openings(&data.common, &flat),
        Err(SynthesisError::Unsatisfiable)
    ));
    Ok(())
}

#[test]
fn reduce_with_powers_multi_matches_native_and_binds_every_term() -> anyhow::Result<()> {
    for len in [1usize, 7, 145] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let natives: Vec<Ext> = (0..len as u64)
            .map(|i| {
                Ext::from_basefield_array([
                    F::from_canonical_u64(F::NEG_ONE.to_canonical_u64() - i * 0x1_0000_0001),
                    F::from_noncanonical_u64(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                ])
            })
            .collect();
        // Every third term is a lazy product (about 130 bits), as partial-product terms are.
        let terms = natives
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let t = ext_witness(&cs, *v)?;
                Ok(if i % 3 == 0 { mul(&t, &t)? } else { t })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let natives: Vec<Ext> = natives
            .iter()
            .enumerate()
            .map(|(i, v)| if i % 3 == 0 { *v * *v } else { *v })
            .collect();
        let alphas = [F::from_canonical_u64(0xdead_beef_0bad_f00d), F::NEG_ONE];
        let alpha_vars = alphas
            .iter()
            .map(|a| Ok(challenge(&cs, *a)?.value))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let got = reduce_with_powers_multi(&terms, &alpha_vars)?;
        for (g, a) in got.iter().zip(alphas) {
            let expected = natives.iter().rev().fold(Ext::ZERO, |acc, t| {
                acc * <Ext as FieldExtension<2>>::from_basefield(a) + *t
            });
            assert_eq!(native(g), Some(expected), "len {len}");
        }
        // A claimed combination off by one is refused.
        let wrong = ext_witness(&cs, native(&got[0]).unwrap_or(Ext::ZERO) + Ext::ONE)?;
        got[1].enforce_equal(&ext_witness(&cs, native(&got[1]).unwrap_or(Ext::ZERO))?)?;
        assert!(cs.is_satisfied()?);
        got[0].enforce_equal(&wrong)?;
        assert!(!cs.is_satisfied()?);
    }
    Ok(())
}

fn ext_witness(cs: &ConstraintSystemRef<Fr>, v: Ext) -> anyhow::Result<GoldilocksExtVar> {
    let [a, b] = v.to_basefield_array();
    Ok(GoldilocksExtVar::new_canonical_witness(
        cs.clone(),
        Some([a.to_canonical_u64(), b.to_canonical_u64()]),
    )?)
}

#[test]
fn l_0_matches_plonky2_and_rejects_a_wrong_inverse() -> anyhow::Result<()> {
    let degree_bits = 5;
    let n = 1usize << degree_bits;
    let x = Ext::from_basefield_array([
        F::from_canonical_u64(0x1234_5678_9abc),
        F::from_canonical_u64(F::NEG_ONE.to_canonical_u64() - 11),
    ]);
    let z_h = x.exp_power_of_2(degree_bits) - Ext::ONE;
    let expected = z_h / (Ext::from_canonical_usize(n) * (x - Ext::ONE));

    let cs = ConstraintSystem::<Fr>::new_ref();
    let xv = ext_witness(&cs, x)?;
    let zv = ext_witness(&cs, z_h)?;
    let l0 = eval_l_0(degree_bits, &xv, &zv)?;
    assert_eq!(native(&l0), Some(expected));
    assert!(cs.is_satisfied()?);

    // A wrong inverse (so a wrong L_0) is refused.
    let cs = ConstraintSystem::<Fr>::new_ref();
    let d = ext_witness(&cs, x)?;
    let wrong = ext_witness(&cs, x.inverse() + Ext::ONE)?;
    enforce_inverse(&d, &wrong)?;
    assert!(!cs.is_satisfied()?);

    // zeta = 1 has no inverse: unsatisfiable rather than a free L_0.
    let cs = ConstraintSystem::<Fr>::new_ref();
    let one = ext_witness(&cs, Ext::ONE)?;
    let zero = ext_witness(&cs, Ext::ZERO)?;
    eval_l_0(degree_bits, &one, &zero)?;
    assert!(!cs.is_satisfied()?);
    Ok(())
}

//! Tests of the FRI query arithmetic against plonky2's native verifier on a real final proof.

use super::*;
use crate::wrap::r1cs::fri::{query_index_bits, query_point};
use crate::wrap::r1cs::transcript::tests::{final_proof, C};
use ark_r1cs_std::alloc::AllocVar;
use ark_relations::gr1cs::ConstraintSystem;
use plonky2::field::interpolation::{barycentric_weights, interpolate};
use plonky2::field::polynomial::PolynomialCoeffs;
use plonky2::plonk::proof::ProofWithPublicInputs;
use plonky2::util::reducing::ReducingFactor;

type Proof = ProofWithPublicInputs<GL, C, 2>;

fn ext_witness(cs: &ConstraintSystemRef<Fr>, e: Ext) -> anyhow::Result<GoldilocksExtVar> {
    Ok(GoldilocksExtVar::new_canonical_witness(
        cs.clone(),
        Some(from_ext(e)),
    )?)
}

fn ext_witnesses(
    cs: &ConstraintSystemRef<Fr>,
    es: &[Ext],
) -> anyhow::Result<Vec<GoldilocksExtVar>> {
    es.iter().map(|e| ext_witness(cs, *e)).collect()
}

fn bits_witness(
    cs: &ConstraintSystemRef<Fr>,
    v: usize,
    n: usize,
) -> anyhow::Result<Vec<Boolean<Fr>>> {
    Ok((0..n)
        .map(|k| Boolean::new_witness(cs.clone(), || Ok((v >> k) & 1 == 1)))
        .collect::<Result<_, _>>()?)
}

/// Native mirror of plonky2's `compute_evaluation` (barycentric interpolation of the coset
/// in plonky2's reversed order), independent of the DFT form used in the circuit.
fn native_fold(x: GL, within: usize, arity_bits: usize, evals: &[Ext], beta: Ext) -> Ext {
    let arity = 1 << arity_bits;
    let g = GL::primitive_root_of_unity(arity_bits);
    let mut rev = evals.to_vec();
    plonky2::util::reverse_index_bits_in_place(&mut rev);
    let start = x * g.exp_u64((arity - reverse_bits(within, arity_bits)) as u64);
    let points: Vec<(Ext, Ext)> = g
        .powers()
        .map(|y| <Ext as FieldExtension<2>>::from_basefield(start * y))
        .zip(rev)
        .collect();
    let weights = barycentric_weights(&points);
    interpolate(&points, beta, &weights)
}

fn openings_of(proof: &Proof) -> Vec<Ext> {
    let o = &proof.proof.openings;
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tamper {
    Honest,
    FinalPolyCoefficient,
    CosetEntryAtIndex,
    OtherCosetEntry,
    InitialRowValue,
    Beta,
}

struct Run {
    satisfied: bool,
    query_constraints: usize,
}

/// Allocates the challenges, openings and query `q` of `proof` (tampered as asked) and
/// runs [`verify_query_folding`].
fn run_query(
    common: &CommonCircuitData<GL, 2>,
    proof: &Proof,
    challenges: &plonky2::plonk::proof::ProofChallenges<GL, 2>,
    q: usize,
    tamper: Tamper,
) -> anyhow::Result<Run> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let fri = &challenges.fri_challenges;
    let p = &proof.proof.opening_proof;
    let zeta = ext_witness(&cs, challenges.plonk_zeta)?;
    let alpha = ext_witness(&cs, fri.fri_alpha)?;
    let mut betas = fri.fri_betas.clone();
    if tamper == Tamper::Beta {
        betas[0] += Ext::ONE;
    }
    let betas = ext_witnesses(&cs, &betas)?;
    let openings = ext_witnesses(&cs, &openings_of(proof))?;
    let reduced = precompute_reduced_openings(common, &alpha, &openings)?;

    let lde_bits = common.fri_params.lde_bits();
    let index = fri.fri_query_indices[q];
    let (raw, bits) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(index as u64))?;
    let index_bits = query_index_bits(&Challenge { value: raw, bits }, lde_bits)?;
    let x = query_point(&index_bits)?;

    let round = &p.query_round_proofs[q];
    let mut initial = Vec::new();
    for (k, (row, _)) in round.initial_trees_proof.evals_proofs.iter().enumerate() {
        let mut row = row.clone();
        if tamper == Tamper::InitialRowValue && k == WIRES {
            row[3] += GL::ONE;
        }
        let vars = row
            .iter()
            .map(|v| GoldilocksVar::new_u64_witness(cs.clone(), Some(v.to_canonical_u64())))
            .collect::<Result<Vec<_>, _>>()?;
        initial.push((vars, Vec::new()));
    }
    let arity0 = common.fri_params.reduction_arity_bits[0];
    let within0 = index & ((1 << arity0) - 1);
    let mut steps = Vec::new();
    for (i, step) in round.steps.iter().enumerate() {
        let mut evals = step.evals.clone();
        if i == 0 && tamper == Tamper::CosetEntryAtIndex {
            evals[within0] += Ext::ONE;
        }
        if i == 0 && tamper == Tamper::OtherCosetEntry {
            evals[within0 ^ 1] += Ext::ONE;
        }
        let vars = evals
            .iter()
            .map(|e| {
                let [a, b] = from_ext(*e);
                Ok(GoldilocksExtVar {
                    c0: GoldilocksVar::new_u64_witness(cs.clone(), Some(a))?,
                    c1: GoldilocksVar::new_u64_witness(cs.clone(), Some(b))?,
                })
            })
            .collect::<Result<Vec<_>, SynthesisError>>()?;
        steps.push((vars, Vec::new()));
    }
    let query = QueryOpeningsVar { initial, steps };
    let mut final_coeffs = p.final_poly.coeffs.clone();
    if tamper == Tamper::FinalPolyCoefficient {
        let last = final_coeffs.len() - 1;
        final_coeffs[last] += Ext::ONE;
    }
    let final_poly = ext_witnesses(&cs, &final_coeffs)?;

    let before = cs.num_constraints();
    verify_query_folding(
        common,
        &zeta,
        &betas,
        &reduced,
        &index_bits,
        &x,
        &query,
        &final_poly,
    )?;
    Ok(Run {
        satisfied: cs.is_satisfied()?,
        query_constraints: cs.num_constraints() - before,
    })
}

fn fixture() -> anyhow::Result<(
    plonky2::plonk::circuit_data::CircuitData<GL, C, 2>,
    Proof,
    plonky2::plonk::proof::ProofChallenges<GL, 2>,
)> {
    let (data, proof) = final_proof()?;
    let digest = data.verifier_only.circuit_digest;
    let challenges = proof.get_challenges(proof.get_public_inputs_hash(), &digest, &data.common)?;
    Ok((data, proof, challenges))
}

#[test]
fn honest_queries_of_a_final_proof_fold_to_the_final_polynomial() -> anyhow::Result<()> {
    let (data, proof, challenges) = fixture()?;
    let common = &data.common;
    assert!(!common.fri_params.reduction_arity_bits.is_empty());
    for q in 0..challenges.fri_challenges.fri_query_indices.len() {
        let run = run_query(common, &proof, &challenges, q, Tamper::Honest)?;
        assert!(run.satisfied, "query {q}");
        eprintln!(
            "FRI folding of one query (2^{} rows, arity bits {:?}, final poly len {}): {} \
             constraints",
            common.degree_bits(),
            common.fri_params.reduction_arity_bits,
            common.fri_params.final_poly_len(),
            run.query_constraints
        );
    }
    Ok(())
}

#[test]
fn tampered_query_data_is_rejected() -> anyhow::Result<()> {
    let (data, proof, challenges) = fixture()?;
    for tamper in [
        Tamper::FinalPolyCoefficient,
        Tamper::CosetEntryAtIndex,
        Tamper::OtherCosetEntry,
        Tamper::InitialRowValue,
        Tamper::Beta,
    ] {
        let run = run_query(&data.common, &proof, &challenges, 0, tamper)?;
        assert!(!run.satisfied, "{tamper:?} was accepted");
    }
    Ok(())
}

#[test]
fn reduced_openings_match_plonky2_reducing_factor() -> anyhow::Result<()> {
    let (data, proof, challenges) = fixture()?;
    let common = &data.common;
    let cs = ConstraintSystem::<Fr>::new_ref();
    let alpha = challenges.fri_challenges.fri_alpha;
    let values = openings_of(&proof);
    let reduced = precompute_reduced_openings(
        common,
        &ext_witness(&cs, alpha)?,
        &ext_witnesses(&cs, &values)?,
    )?;
    let batches = fri_batches(common)?;
    assert_eq!(batches[1].len(), proof.proof.openings.plonk_zs_next.len());
    let split = batches[0].len();
    assert_eq!(split + batches[1].len(), values.len());
    for (got, batch) in reduced
        .reduced_openings
        .iter()
        .zip([&values[..split], &values[split..]])
    {
        let native = ReducingFactor::new(alpha).reduce(batch.iter());
        assert_eq!(got.value()?, from_ext(native));
    }
    assert!(cs.is_satisfied()?);
    Ok(())
}

#[test]
fn coset_fold_matches_plonky2_barycentric_interpolation() -> anyhow::Result<()> {
    for arity_bits in 1..=4 {
        let n = 1 << arity_bits;
        let evals: Vec<Ext> = (0..n)
            .map(|i| {
                to_ext(&[
                    GL::NEG_ONE.to_canonical_u64() - 17 * i,
                    0x1234_5678_9abc_def0 ^ (i << 40),
                ])
            })
            .collect();
        let beta = to_ext(&[0xdead_beef_cafe_f00d, 0x0bad_c0de_1234_5678]);
        let x = GL::from_canonical_u64(0x7654_3210_fedc_ba98);
        for within in 0..n as usize {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let xv = GoldilocksVar::new_u64_witness(cs.clone(), Some(x.to_canonical_u64()))?;
            let bits = bits_witness(&cs, within, arity_bits)?;
            let ev = ext_witnesses(&cs, &evals)?;
            let bv = ext_witness(&cs, beta)?;
            let got = fold_coset(&xv, &bits, &ev, &bv)?;
            let native = native_fold(x, within, arity_bits, &evals, beta);
            assert_eq!(got.value()?, from_ext(native), "arity {n}, index {within}");
            assert!(cs.is_satisfied()?);
        }
    }
    Ok(())
}

#[test]
fn a_wrong_quotient_witness_is_rejected() -> anyhow::Result<()> {
    // Every division (initial quotients, u = beta / c) is a free witness bound by
    // `enforce_quotient`; a quotient off by one must fail.
    let n = to_ext(&[0x1111_2222_3333_4444, 0x5555_6666_7777_8888]);
    let d = to_ext(&[GL::NEG_ONE.to_canonical_u64(), 3]);
    for (q, ok) in [(n / d, true), (n / d + Ext::ONE, false)] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (nv, dv, qv) = (
            ext_witness(&cs, n)?,
            ext_witness(&cs, d)?,
            ext_witness(&cs, q)?,
        );
        enforce_quotient(&qv, &dv, &nv)?;
        assert_eq!(cs.is_satisfied()?, ok);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (nv, dv) = (ext_witness(&cs, n)?, ext_witness(&cs, d)?);
        assert_eq!(divide(&nv, &dv)?.value()?, from_ext(n / d));
        assert!(cs.is_satisfied()?);
    }
    Ok(())
}

#[test]
fn final_polynomial_evaluation_matches_plonky2() -> anyhow::Result<()> {
    let x = GL::from_canonical_u64(0xffff_0000_1234_5678);
    for len in [1usize, 2, 5, 16, 17, 32] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let coeffs: Vec<Ext> = (0..len as u64)
            .map(|i| to_ext(&[GL::NEG_ONE.to_canonical_u64() - i, i * 0x9e37_79b9_7f4a]))
            .collect();
        let xv = GoldilocksVar::new_u64_witness(cs.clone(), Some(x.to_canonical_u64()))?;
        let got = eval_at_base(&ext_witnesses(&cs, &coeffs)?, &xv)?;
        let native =
            PolynomialCoeffs::new(coeffs).eval(<Ext as FieldExtension<2>>::from_basefield(x));
        assert_eq!(got.value()?, from_ext(native), "length {len}");
        assert!(cs.is_satisfied()?);
        got.enforce_equal(&ext_witness(&cs, native + Ext::ONE)?)?;
        assert!(!cs.is_satisfied()?);
    }
    Ok(())
}

/// Constraints of [`precompute_reduced_openings`] and of one [`verify_query_folding`] for a
/// proof of shape `common`, on arbitrary values (the count does not depend on them).
fn shape_cost(common: &CommonCircuitData<GL, 2>) -> anyhow::Result<(usize, usize)> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let e = |i: u64| ext_witness(&cs, to_ext(&[3 + i, 5 + 2 * i]));
    let zeta = e(0)?;
    let alpha = e(1)?;
    let params = &common.fri_params;
    let betas = (0..params.reduction_arity_bits.len() as u64)
        .map(|i| e(10 + i))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let batches = fri_batches(common)?;
    let total: usize = batches.iter().map(Vec::len).sum();
    let openings = (0..total as u64)
        .map(|i| e(100 + i))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let before = cs.num_constraints();
    let reduced = precompute_reduced_openings(common, &alpha, &openings)?;
    let precompute = cs.num_constraints() - before;

    let lde_bits = params.lde_bits();
    let index = 0x2b5d_u64 & ((1 << lde_bits) - 1);
    let (raw, bits) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(index))?;
    let index_bits = query_index_bits(&Challenge { value: raw, bits }, lde_bits)?;
    let x = query_point(&index_bits)?;
    let cfg = &common.config;
    let row_lens = [
        common.sigmas_range().end,
        cfg.num_wires,
        cfg.num_challenges * (1 + common.num_partial_products),
        cfg.num_challenges * common.quotient_degree_factor,
    ];
    let initial = row_lens
        .iter()
        .map(|&len| {
            let row = (0..len as u64)
                .map(|i| GoldilocksVar::new_u64_witness(cs.clone(), Some(i * 7 + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((row, Vec::new()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let steps = params
        .reduction_arity_bits
        .iter()
        .map(|&bits| {
            let evals = (0..1u64 << bits)
                .map(|i| e(1000 + i))
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok((evals, Vec::new()))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let final_poly = (0..params.final_poly_len() as u64)
        .map(|i| e(2000 + i))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let query = QueryOpeningsVar { initial, steps };
    let before = cs.num_constraints();
    verify_query_folding(
        common,
        &zeta,
        &betas,
        &reduced,
        &index_bits,
        &x,
        &query,
        &final_poly,
    )?;
    Ok((precompute, cs.num_constraints() - before))
}

#[test]
fn shape_cost_equals_the_cost_on_a_real_proof() -> anyhow::Result<()> {
    let (data, proof, challenges) = fixture()?;
    let run = run_query(&data.common, &proof, &challenges, 0, Tamper::Honest)?;
    let (precompute, per_query) = shape_cost(&data.common)?;
    eprintln!("fixture shape: precompute {precompute}, per query {per_query}");
    assert_eq!(per_query, run.query_constraints);
    Ok(())
}

#[test]
#[ignore = "builds the Secure shrink circuits; prints the FRI arithmetic cost of the real shape"]
fn query_cost_at_the_secure_final_shape() -> anyhow::Result<()> {
    use crate::recursion::security::WrapSecurity;
    use crate::recursion::shrink::{tests::inner_digest_proof, ShrinkCircuit};
    let (inner, _) = inner_digest_proof([1; 8])?;
    let start = std::time::Instant::now();
    let shrink = ShrinkCircuit::build(WrapSecurity::Secure, &inner.common, &inner.verifier_only);
    let common = shrink.final_common();
    let (precompute, per_query) = shape_cost(common)?;
    let queries = common.fri_params.config.num_query_rounds;
    eprintln!(
        "Secure final shape (built in {:.1} s): 2^{} rows, lde 2^{}, arity bits {:?}, final poly \
         len {}, {} + {} + {} + {} polys; precompute {precompute}; per query {per_query}; \
         {queries} queries: {}",
        start.elapsed().as_secs_f64(),
        common.degree_bits(),
        common.fri_params.lde_bits(),
        common.fri_params.reduction_arity_bits,
        common.fri_params.final_poly_len(),
        common.sigmas_range().end,
        common.config.num_wires,
        common.config.num_challenges * (1 + common.num_partial_products),
        common.config.num_challenges * common.quotient_degree_factor,
        precompute + queries * per_query
    );
    assert!(per_query > 0);
    Ok(())
}

#[test]
fn lazy_powers_match_native_powers() -> anyhow::Result<()> {
    let a = to_ext(&[0x0123_4567_89ab_cdef, GL::NEG_ONE.to_canonical_u64() - 5]);
    for count in [1usize, 2, 3, 4, 16, 17, 259] {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let powers = lazy_powers(&ext_witness(&cs, a)?, count)?;
        assert_eq!(powers.len(), count);
        for (k, p) in powers.iter().enumerate() {
            assert_eq!(
                p.value()?,
                from_ext(a.exp_u64(k as u64)),
                "a^{k} of {count}"
            );
            assert!(p.c0.bits <= 132 && p.c1.bits <= 132);
        }
        assert!(cs.is_satisfied()?);
    }
    Ok(())
}

#[test]
fn zeta_in_the_base_field_is_rejected() -> anyhow::Result<()> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    enforce_nonzero(&GoldilocksVar::new_u64_witness(cs.clone(), Some(0))?)?;
    assert!(!cs.is_satisfied()?);
    let cs = ConstraintSystem::<Fr>::new_ref();
    enforce_nonzero(&GoldilocksVar::new_u64_witness(cs.clone(), Some(9))?)?;
    assert!(cs.is_satisfied()?);
    Ok(())
}

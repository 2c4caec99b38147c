//! End to end at `WrapSecurity::InsecureTest`: a stand-in inner proof, shrunk by `ShrinkCircuit`
//! to the final BN254-hashed proof, verified by the R1CS `WrapCircuit`, Groth16 setup (seeded,
//! INSECURE) / prove / verify, and the committed `Groth16Verifier.sol` run in forge's EVM (revm).
//!
//! The pipeline runs once per test binary (`pipeline()`); each test checks one behaviour.
//! `ZKCLEAR_BLESS=1 cargo test -p zkclear-circuits --test wrap_e2e` rewrites the committed
//! verifier (the same file `wrap_bench --emit-verifier` writes).
#![allow(clippy::panic)]

use std::sync::OnceLock;

use ark_bn254::{Bn254, Fr};
use ark_groth16::Proof;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, SynthesisError};
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::types::Field;
use zkclear_circuits::recursion::security::WrapSecurity;
use zkclear_circuits::recursion::shrink::{FinalProof, ShrinkCircuit, F};
use zkclear_circuits::wrap::circuit::{
    self, insecure_test_setup_rng, stand_in_inner_proof, WrapCircuit, WrapVerifierData,
};
use zkclear_circuits::wrap::groth16::{
    self, encode_proof, statement_inputs, Groth16Keys, NUM_PUBLIC_INPUTS,
};
use zkclear_circuits::wrap::solidity::{self, check_in_forge};

struct Pipeline {
    data: WrapVerifierData,
    final_proof: FinalProof,
    num_constraints: usize,
    keys: Groth16Keys,
    proof: Proof<Bn254>,
    digest: [u8; 32],
}

fn test_digest() -> [u8; 32] {
    let mut d = [0u8; 32];
    for (i, b) in d.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(29).wrapping_add(0x83);
    }
    d
}

fn build() -> anyhow::Result<Pipeline> {
    let digest = test_digest();
    let (inner, inner_proof) = stand_in_inner_proof(&digest)?;
    let shrink = ShrinkCircuit::build(
        WrapSecurity::InsecureTest,
        &inner.common,
        &inner.verifier_only,
    );
    let final_proof = shrink.shrink(&inner_proof)?;
    shrink.verify_final(&final_proof)?;
    let data = WrapVerifierData::from_shrink(&shrink);
    anyhow::ensure!(
        satisfied(&data, &final_proof)?,
        "the honest final proof does not satisfy the wrapper"
    );
    let num_constraints = circuit::count_constraints(&data)?;
    let pk = groth16::setup(
        WrapCircuit::for_setup(&data),
        &mut insecure_test_setup_rng(),
    )?;
    let keys = Groth16Keys {
        pk,
        circuit_id: data.circuit_id(),
    };
    let mut rng = insecure_test_setup_rng();
    let (proof, proved_digest) = circuit::prove(&keys, &data, &final_proof, &mut rng)?;
    anyhow::ensure!(
        proved_digest == digest,
        "the wrap proof attests another digest"
    );
    Ok(Pipeline {
        data,
        final_proof,
        num_constraints,
        keys,
        proof,
        digest,
    })
}

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| match build() {
        Ok(p) => p,
        Err(e) => panic!("wrap pipeline failed: {e:#}"),
    })
}

/// Whether `proof` satisfies the wrapper (a synthesis refusal counts as unsatisfied).
fn satisfied(data: &WrapVerifierData, proof: &FinalProof) -> anyhow::Result<bool> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    match WrapCircuit::for_proof(data, proof).generate_constraints(cs.clone()) {
        Ok(()) => Ok(cs.is_satisfied()?),
        Err(SynthesisError::Unsatisfiable) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[test]
fn the_wrapper_is_satisfied_by_a_shrunk_final_proof() {
    let p = pipeline();
    eprintln!(
        "wrap circuit at InsecureTest: {} constraints, final degree 2^{}",
        p.num_constraints,
        p.data.common.degree_bits()
    );
    assert!(p.num_constraints > 100_000);
    assert_eq!(p.keys.pk.vk.gamma_abc_g1.len(), NUM_PUBLIC_INPUTS + 1);
}

#[test]
fn a_tampered_final_proof_leaves_the_wrapper_unsatisfied() -> anyhow::Result<()> {
    let p = pipeline();
    type Q = QuadraticExtension<F>;
    type Tamper = Box<dyn Fn(&mut FinalProof)>;
    let tampers: Vec<(&str, Tamper)> = vec![
        (
            "public input (statement limb)",
            Box::new(|f| f.public_inputs[3] += F::ONE),
        ),
        (
            "wire opening at zeta",
            Box::new(|f| f.proof.openings.wires[0] += Q::ONE),
        ),
        (
            "quotient opening at zeta",
            Box::new(|f| f.proof.openings.quotient_polys[0] += Q::ONE),
        ),
        (
            "initial Merkle leaf of query 0",
            Box::new(|f| {
                f.proof.opening_proof.query_round_proofs[0]
                    .initial_trees_proof
                    .evals_proofs[1]
                    .0[0] += F::ONE
            }),
        ),
        (
            "commit-phase evaluation of query 1",
            Box::new(|f| f.proof.opening_proof.query_round_proofs[1].steps[0].evals[0] += Q::ONE),
        ),
        (
            "final polynomial",
            Box::new(|f| f.proof.opening_proof.final_poly.coeffs[0] += Q::ONE),
        ),
        (
            "wires cap",
            Box::new(|f| f.proof.wires_cap.0[0].0 += Fr::from(1u64)),
        ),
    ];
    for (what, tamper) in tampers {
        let mut bad = p.final_proof.clone();
        tamper(&mut bad);
        assert!(
            !satisfied(&p.data, &bad)?,
            "tampered {what} still satisfies the wrapper"
        );
    }
    Ok(())
}

#[test]
fn the_wrap_proof_verifies_and_a_changed_input_is_refused() -> anyhow::Result<()> {
    let p = pipeline();
    let vk = &p.keys.pk.vk;
    let [hi, lo] = statement_inputs(&p.digest);
    assert!(groth16::verify(vk, &[hi, lo], &p.proof)?);
    assert!(!groth16::verify(vk, &[hi + Fr::from(1u64), lo], &p.proof)?);
    assert!(!groth16::verify(vk, &[hi, lo + Fr::from(1u64)], &p.proof)?);
    Ok(())
}

fn committed_verifier_source(p: &Pipeline) -> anyhow::Result<String> {
    Ok(circuit::committed_test_verifier(
        &p.data,
        &p.keys,
        p.num_constraints,
    )?)
}

#[test]
fn committed_groth16_verifier_is_up_to_date() -> anyhow::Result<()> {
    let p = pipeline();
    let want = committed_verifier_source(p)?;
    let path = solidity::repo_root().join(solidity::VERIFIER_PATH);
    if std::env::var("ZKCLEAR_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &want)?;
        return Ok(());
    }
    let have = std::fs::read_to_string(&path)?;
    anyhow::ensure!(
        have == want,
        "{} is stale: regenerate with `{}` (or ZKCLEAR_BLESS=1 cargo test -p zkclear-circuits --test wrap_e2e)",
        path.display(),
        solidity::EMIT_COMMAND
    );
    Ok(())
}

#[test]
fn the_committed_verifier_accepts_the_wrap_proof_in_the_evm() -> anyhow::Result<()> {
    let p = pipeline();
    // The contract rendered from this run's key: equal to the committed file whenever
    // `committed_groth16_verifier_is_up_to_date` passes.
    let contract = committed_verifier_source(p)?;
    let dir = tempfile::tempdir()?;
    let gas = check_in_forge(&contract, p.digest, &encode_proof(&p.proof), dir.path())?;
    eprintln!("Groth16Verifier.verify of the wrap proof: {gas} execution gas");
    assert!(gas < 230_000);
    Ok(())
}

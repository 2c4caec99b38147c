//! The final wrap of a batch proof: shrink (plonky2 recursion to the BN254-hashed final proof),
//! then Groth16 (the R1CS verifier of the final proof; not complete yet, see docs/wrap.md).
//! This module orchestrates and measures; the circuits live in `zkclear_circuits`.

use std::time::Instant;

use plonky2::field::types::Field;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitConfig, CircuitData};
use plonky2::plonk::proof::ProofWithPublicInputs;
use serde::Serialize;
use zkclear_circuits::recursion::security::WrapSecurity;
use zkclear_circuits::recursion::shrink::{InnerConfig, ShrinkCircuit, ShrinkError, D, F};
use zkclear_circuits::wrap::budget::Budget;

/// What `wrap_bench` reports for one security level.
#[derive(Debug, Serialize)]
pub struct ShrinkReport {
    /// The security level measured.
    pub security: WrapSecurity,
    /// `queries * rate_bits + pow_bits`.
    pub conjectured_bits: usize,
    /// Seconds to build the middle and final circuits.
    pub build_s: f64,
    /// Seconds to prove both shrink layers for one inner proof.
    pub shrink_prove_s: f64,
    /// log2 of the final circuit's rows.
    pub final_degree_bits: usize,
    /// Gate types of the final circuit (what the R1CS verifier must evaluate at zeta).
    pub final_gates: Vec<String>,
    /// Constraint polynomials of the final circuit.
    pub final_num_gate_constraints: usize,
    /// Serialized size of the final proof in bytes.
    pub final_proof_bytes: usize,
    /// The R1CS verifier's constraint budget for this shape.
    pub budget: Budget,
    /// `budget.total()`.
    pub budget_total: usize,
}

/// Failures of the wrap orchestration.
#[derive(Debug, thiserror::Error)]
pub enum WrapError {
    /// The shrink step failed.
    #[error(transparent)]
    Shrink(#[from] ShrinkError),
    /// Building or proving the stand-in inner circuit failed.
    #[error("inner proof: {0}")]
    Inner(anyhow::Error),
}

/// An inner circuit and one of its proofs.
pub type InnerCircuitAndProof = (
    CircuitData<F, InnerConfig, D>,
    ProofWithPublicInputs<F, InnerConfig, D>,
);

/// A stand-in for the aggregation layer's proof: exposes a statement digest as 8 × 32-bit limbs.
pub fn sample_inner_proof(
    limbs: [u32; 8],
) -> Result<
    (
        CircuitData<F, InnerConfig, D>,
        ProofWithPublicInputs<F, InnerConfig, D>,
    ),
    WrapError,
> {
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let targets = builder.add_virtual_targets(8);
    for t in &targets {
        builder.range_check(*t, 32);
    }
    builder.register_public_inputs(&targets);
    let data = builder.build::<InnerConfig>();
    let mut pw = PartialWitness::new();
    for (t, l) in targets.iter().zip(limbs) {
        pw.set_target(*t, F::from_canonical_u32(l))
            .map_err(WrapError::Inner)?;
    }
    let proof = data.prove(pw).map_err(WrapError::Inner)?;
    Ok((data, proof))
}

/// Builds the shrink circuits, shrinks one stand-in proof and counts the wrapper's budget.
pub fn bench_shrink(security: WrapSecurity) -> Result<ShrinkReport, WrapError> {
    let (inner, proof) = sample_inner_proof([0x0102_0304; 8])?;
    let t = Instant::now();
    let shrink = ShrinkCircuit::build(security, &inner.common, &inner.verifier_only);
    let build_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let final_proof = shrink.shrink(&proof)?;
    let shrink_prove_s = t.elapsed().as_secs_f64();
    let common = shrink.final_common();
    let budget = Budget::for_shape(common);
    Ok(ShrinkReport {
        security,
        conjectured_bits: security.conjectured_bits(),
        build_s,
        shrink_prove_s,
        final_degree_bits: common.degree_bits(),
        final_gates: common.gates.iter().map(|g| g.0.id()).collect(),
        final_num_gate_constraints: common.num_gate_constraints,
        final_proof_bytes: final_proof.to_bytes().len(),
        budget_total: budget.total(),
        budget,
    })
}

/// Peak resident memory of this process in MiB (Linux `VmHWM`; 0 elsewhere).
pub fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

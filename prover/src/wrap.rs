//! The final wrap of a batch proof: shrink (plonky2 recursion to the BN254-hashed final proof),
//! then Groth16 (the R1CS verifier of the final proof, `zkclear_circuits::wrap::circuit`).
//! This module orchestrates and measures; the circuits live in `zkclear_circuits`.

use std::time::Instant;

use serde::Serialize;
use zkclear_circuits::recursion::security::WrapSecurity;
use zkclear_circuits::recursion::shrink::{ShrinkCircuit, ShrinkError};
use zkclear_circuits::wrap::budget::Budget;
use zkclear_circuits::wrap::circuit::stand_in_inner_proof;

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

/// Builds the shrink circuits, shrinks one stand-in proof and counts the wrapper's budget.
pub fn bench_shrink(security: WrapSecurity) -> Result<ShrinkReport, WrapError> {
    // The wrapper's stand-in for the aggregation proof; digest bytes 01 02 03 04 repeated.
    let digest: [u8; 32] = std::array::from_fn(|i| (i % 4 + 1) as u8);
    let (inner, proof) = stand_in_inner_proof(&digest).map_err(WrapError::Inner)?;
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

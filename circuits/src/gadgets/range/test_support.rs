//! Shared helpers for gadget tests: one config, a prover that reports failure instead of
//! panicking, and a check of computed outputs against native values.

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitConfig, CircuitData};
use plonky2::plonk::config::PoseidonGoldilocksConfig;
use plonky2::plonk::proof::ProofWithPublicInputs;

pub(crate) const D: usize = 2;
pub(crate) type C = PoseidonGoldilocksConfig;
pub(crate) type F = GoldilocksField;

/// A builder with the recursion config every zkclear circuit uses.
pub(crate) fn builder() -> CircuitBuilder<F, D> {
    CircuitBuilder::new(CircuitConfig::standard_recursion_config())
}

/// Proves and verifies; `None` when the witness does not satisfy the circuit (plonky2 reports
/// an unsatisfied constraint by panicking inside the prover, which is caught here).
pub(crate) fn try_prove(
    data: &CircuitData<F, C, D>,
    pw: PartialWitness<F>,
) -> Option<ProofWithPublicInputs<F, C, D>> {
    let proof = catch_unwind(AssertUnwindSafe(|| data.prove(pw)))
        .ok()?
        .ok()?;
    data.verify(proof.clone()).ok()?;
    Some(proof)
}

/// Whether a witness setting `assignments` proves.
pub(crate) fn proves_with(data: &CircuitData<F, C, D>, assignments: &[(Target, F)]) -> bool {
    let mut pw = PartialWitness::new();
    for &(t, v) in assignments {
        if pw.set_target(t, v).is_err() {
            return false;
        }
    }
    try_prove(data, pw).is_some()
}

/// Builds with `outputs` as public inputs, proves with `inputs`, and asserts the outputs equal
/// `expected` (the native results).
pub(crate) fn assert_outputs(
    mut builder: CircuitBuilder<F, D>,
    inputs: &[(Target, F)],
    outputs: &[Target],
    expected: &[F],
) {
    builder.register_public_inputs(outputs);
    let data = builder.build::<C>();
    let mut pw = PartialWitness::new();
    for &(t, v) in inputs {
        pw.set_target(t, v).expect("each input target is set once");
    }
    let proof = try_prove(&data, pw).expect("honest witness proves");
    assert_eq!(proof.public_inputs, expected);
}

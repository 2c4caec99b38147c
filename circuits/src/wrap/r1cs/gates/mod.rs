//! The final circuit's gate constraints evaluated at `zeta` in R1CS, mirroring plonky2's
//! `evaluate_gate_constraints`: each gate's unfiltered constraints (one file per gate, same order
//! of terms as the plonky2 gate's `eval_unfiltered`), multiplied by its selector filter and summed
//! into `num_gate_constraints` slots.
//!
//! Invariant: for the same opened values, every output equals plonky2's native
//! `evaluate_gate_constraints` (tested per gate against `Gate::eval_unfiltered`). A gate type this
//! module does not know is `SynthesisError::Unsatisfiable`, never skipped.

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::arithmetic_base::ArithmeticGate;
use plonky2::gates::arithmetic_extension::ArithmeticExtensionGate;
use plonky2::gates::base_sum::BaseSumGate;
use plonky2::gates::constant::ConstantGate;
use plonky2::gates::coset_interpolation::CosetInterpolationGate;
use plonky2::gates::gate::GateRef;
use plonky2::gates::multiplication_extension::MulExtensionGate;
use plonky2::gates::noop::NoopGate;
use plonky2::gates::poseidon::PoseidonGate;
use plonky2::gates::poseidon_mds::PoseidonMdsGate;
use plonky2::gates::public_input::PublicInputGate;
use plonky2::gates::random_access::RandomAccessGate;
use plonky2::gates::reducing::ReducingGate;
use plonky2::gates::reducing_extension::ReducingExtensionGate;

use super::extension::GoldilocksExtVar;
use super::goldilocks::GoldilocksVar;

pub mod arithmetic;
pub mod arithmetic_extension;
pub mod base_sum;
pub mod constant;
pub mod coset_interpolation;
pub mod multiplication_extension;
pub mod noop;
pub mod poseidon;
pub mod poseidon_mds;
pub mod public_input;
pub mod random_access;
pub mod reducing;
pub mod reducing_extension;
#[cfg(test)]
pub(crate) mod testing;

type F = GoldilocksField;
const D: usize = 2;

/// The opened values at `zeta` a gate sees, as circuit variables (plonky2's `EvaluationVars`).
#[derive(Clone, Debug)]
pub struct EvaluationVarsVar {
    /// Constant columns at zeta (selectors first, as in the openings).
    pub local_constants: Vec<GoldilocksExtVar>,
    /// Wire columns at zeta.
    pub local_wires: Vec<GoldilocksExtVar>,
    /// The Goldilocks-Poseidon hash of the public inputs.
    pub public_inputs_hash: [GoldilocksVar; 4],
}

/// One gate's unfiltered constraints, by gate type.
pub fn eval_unfiltered(
    gate: &GateRef<F, D>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let any = gate.0.as_any();
    if let Some(g) = any.downcast_ref::<NoopGate>() {
        return noop::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ConstantGate>() {
        return constant::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PublicInputGate>() {
        return public_input::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ArithmeticGate>() {
        return arithmetic::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ArithmeticExtensionGate<D>>() {
        return arithmetic_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<MulExtensionGate<D>>() {
        return multiplication_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<BaseSumGate<2>>() {
        return base_sum::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<RandomAccessGate<F, D>>() {
        return random_access::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ReducingGate<D>>() {
        return reducing::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ReducingExtensionGate<D>>() {
        return reducing_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<CosetInterpolationGate<F, D>>() {
        return coset_interpolation::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PoseidonGate<F, D>>() {
        return poseidon::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PoseidonMdsGate<F, D>>() {
        return poseidon_mds::eval_unfiltered(g, vars);
    }
    Err(SynthesisError::Unsatisfiable)
}

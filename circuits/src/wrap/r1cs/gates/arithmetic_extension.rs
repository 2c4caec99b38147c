//! `ArithmeticExtensionGate` constraints at zeta (plonky2 `gates/arithmetic_extension.rs`, `eval_unfiltered`).
//! NOT YET WRITTEN: refuses every witness until the constraints are mirrored.

#![allow(unused_imports)]

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::arithmetic_extension::ArithmeticExtensionGate;

use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order.
pub fn eval_unfiltered(
    _gate: &ArithmeticExtensionGate<2>,
    _vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    Err(SynthesisError::Unsatisfiable)
}

//! `ReducingGate` constraints at zeta (plonky2 `gates/reducing.rs`, `eval_unfiltered`).
//! NOT YET WRITTEN: refuses every witness until the constraints are mirrored.

#![allow(unused_imports)]

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::reducing::ReducingGate;

use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order.
pub fn eval_unfiltered(
    _gate: &ReducingGate<2>,
    _vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    Err(SynthesisError::Unsatisfiable)
}

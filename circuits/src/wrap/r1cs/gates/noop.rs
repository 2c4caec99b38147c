//! `NoopGate` constraints at zeta (plonky2 `gates/noop.rs`, `eval_unfiltered`): none.

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::noop::NoopGate;

use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints: always empty, as in plonky2.
pub fn eval_unfiltered(
    _gate: &NoopGate,
    _vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use ark_bn254::Fr;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::gates::gate::GateRef;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{assert_gate_matches_native, Opening};

    #[test]
    fn noop_has_no_constraints_like_native() -> anyhow::Result<()> {
        let gate = GateRef::new(NoopGate);
        assert_eq!(assert_gate_matches_native(&gate, 1)?, 0);
        // Nothing to tamper: whatever is opened, the evaluation adds no constraint.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = Opening::random(2, 4, 5).allocate(cs.clone())?;
        let before = cs.num_constraints();
        assert!(eval_unfiltered(&NoopGate, &vars)?.is_empty());
        assert_eq!(cs.num_constraints(), before);
        Ok(())
    }
}

//! `ConstantGate` constraints at zeta (plonky2 `gates/constant.rs`, `eval_unfiltered`):
//! `local_constants[i] - local_wires[i]` for each of the gate's constants.

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::constant::ConstantGate;
use plonky2::gates::gate::Gate;

use super::arithmetic_extension::{local_constant, local_wire};
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order (no constraints, lazy differences).
pub fn eval_unfiltered(
    gate: &ConstantGate,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    // `num_consts` is crate-private in plonky2; `num_constants()` returns it.
    let num_consts = <ConstantGate as Gate<GoldilocksField, 2>>::num_constants(gate);
    (0..num_consts)
        .map(|i| Ok(local_constant(vars, i)?.sub(&local_wire(vars, i)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;
    use plonky2::plonk::circuit_data::CircuitConfig;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    #[test]
    fn constant_gate_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        // The builder's constant gate uses every constant column: `num_constants` = 2.
        let num_consts = CircuitConfig::standard_recursion_config().num_constants;
        let gate = GateRef::new(ConstantGate::new(num_consts));
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("ConstantGate ({num_consts} constants): {cost} constraints");
        assert_eq!(cost, 0);
        Ok(())
    }

    #[test]
    fn constant_gate_rejects_tampered_wire_and_constant() -> anyhow::Result<()> {
        let gate = GateRef::new(ConstantGate::new(2));
        for tamper in [Tamper::Wire(1), Tamper::Constant(0)] {
            assert_tampered_rejected(&gate, 2, tamper)?;
        }
        Ok(())
    }
}

//! `ArithmeticGate` constraints at zeta (plonky2 `gates/arithmetic_base.rs`, `eval_unfiltered`):
//! for each op, `output - (m0 * m1 * c0 + addend * c1)`. The opened wires are extension elements
//! at zeta, so every product is an extension product.

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::arithmetic_base::ArithmeticGate;

use super::arithmetic_extension::{local_constant, local_wire};
use super::ext_mul;
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order (one per op, 12 products and one
/// reduction each). Outputs stay below 140 bits, so the filter product needs no reduction.
pub fn eval_unfiltered(
    gate: &ArithmeticGate,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let const_0 = local_constant(vars, 0)?;
    let const_1 = local_constant(vars, 1)?;
    let mut constraints = Vec::with_capacity(gate.num_ops);
    for i in 0..gate.num_ops {
        // plonky2's `wire_ith_multiplicand_0(i)` = 4i, then multiplicand_1, addend, output.
        let multiplicand_0 = local_wire(vars, 4 * i)?;
        let multiplicand_1 = local_wire(vars, 4 * i + 1)?;
        let addend = local_wire(vars, 4 * i + 2)?;
        let output = local_wire(vars, 4 * i + 3)?;
        // The 132-bit `m0 * m1` is reduced here (the cheapest point): a ~200-bit output would
        // cost more to reduce where it is multiplied by the selector filter.
        let product = ext_mul(&multiplicand_0, &multiplicand_1)?.reduce()?;
        let computed_output = ext_mul(&product, &const_0)?.add(&ext_mul(&addend, &const_1)?);
        constraints.push(output.sub(&computed_output));
    }
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;
    use plonky2::plonk::circuit_data::CircuitConfig;

    use super::*;
    use crate::wrap::r1cs::gates::arithmetic_extension::max_output_bits;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    #[test]
    fn arithmetic_gate_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = ArithmeticGate::new_from_config(&CircuitConfig::standard_recursion_config());
        assert_eq!(gate.num_ops, 20);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("ArithmeticGate (20 ops): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 20 * (12 + 2 * 140), "cost {cost}");
        assert!(max_output_bits(&gate, 3)? <= 140);
        Ok(())
    }

    #[test]
    fn arithmetic_gate_rejects_tampered_wires_and_constants() -> anyhow::Result<()> {
        let gate = GateRef::new(ArithmeticGate::new_from_config(
            &CircuitConfig::standard_recursion_config(),
        ));
        for tamper in [
            Tamper::Wire(0),
            Tamper::Wire(42),
            Tamper::Wire(79),
            Tamper::Constant(0),
            Tamper::Constant(1),
        ] {
            assert_tampered_rejected(&gate, 3, tamper)?;
        }
        Ok(())
    }
}

//! `MulExtensionGate` constraints at zeta (plonky2 `gates/multiplication_extension.rs`,
//! `eval_unfiltered`): for each op, `output - c0 * m0 * m1` in the extension algebra.

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::multiplication_extension::MulExtensionGate;

use super::arithmetic_extension::{local_constant, ExtAlgebraVar};
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order (two extension elements per op, each
/// below 140 bits).
pub fn eval_unfiltered(
    gate: &MulExtensionGate<2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let const_0 = local_constant(vars, 0)?;
    let mut constraints = Vec::with_capacity(2 * gate.num_ops);
    for i in 0..gate.num_ops {
        // plonky2's `wires_ith_multiplicand_0(i)` = 3Di..3Di+D, then multiplicand_1, output.
        let base = 6 * i;
        let multiplicand_0 = ExtAlgebraVar::from_wires(vars, base..base + 2)?;
        let multiplicand_1 = ExtAlgebraVar::from_wires(vars, base + 2..base + 4)?;
        let output = ExtAlgebraVar::from_wires(vars, base + 4..base + 6)?;
        // The 136-bit algebra product is reduced here (the cheapest point): a ~200-bit output
        // would cost more to reduce where it is multiplied by the selector filter.
        let computed_output = multiplicand_0
            .mul(&multiplicand_1)?
            .reduce()?
            .scalar_mul(&const_0)?;
        constraints.extend(output.sub(&computed_output).to_basefield_array());
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
    fn mul_extension_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate =
            MulExtensionGate::<2>::new_from_config(&CircuitConfig::standard_recursion_config());
        assert_eq!(gate.num_ops, 13);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("MulExtensionGate (13 ops): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 13 * (24 + 4 * 140), "cost {cost}");
        assert!(max_output_bits(&gate, 3)? <= 140);
        Ok(())
    }

    #[test]
    fn mul_extension_rejects_tampered_wires_and_constant() -> anyhow::Result<()> {
        let gate = GateRef::new(MulExtensionGate::<2>::new_from_config(
            &CircuitConfig::standard_recursion_config(),
        ));
        for tamper in [
            Tamper::Wire(1),
            Tamper::Wire(3),
            Tamper::Wire(77),
            Tamper::Constant(0),
        ] {
            assert_tampered_rejected(&gate, 4, tamper)?;
        }
        Ok(())
    }
}

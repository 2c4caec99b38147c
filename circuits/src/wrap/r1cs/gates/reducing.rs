//! `ReducingGate` constraints at zeta (plonky2 `gates/reducing.rs`, `eval_unfiltered`): the
//! accumulator chain `acc_{i} = acc_{i-1} * alpha + coeff_i` over base-field coefficients, in the
//! extension algebra, one constraint (two extension elements) per coefficient.

use std::ops::Range;

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::reducing::ReducingGate;

use super::arithmetic_extension::{local_wire, ExtAlgebraVar};
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// `D`: wires per extension element.
const D: usize = 2;
/// plonky2's `START_COEFFS`: after the output, alpha and the old accumulator.
const START_COEFFS: usize = 3 * D;

/// plonky2's `wires_accs(i)`: the last accumulator is the output (wires `0..D`).
fn wires_accs(num_coeffs: usize, i: usize) -> Range<usize> {
    if i + 1 == num_coeffs {
        return 0..D;
    }
    let start = START_COEFFS + num_coeffs + D * i;
    start..start + D
}

/// The gate's unfiltered constraints, in plonky2's order (16 constraints per coefficient: every
/// accumulator is a fresh wire, so no reduction is needed).
pub fn eval_unfiltered(
    gate: &ReducingGate<2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let n = gate.num_coeffs;
    let alpha = ExtAlgebraVar::from_wires(vars, D..2 * D)?;
    let old_acc = ExtAlgebraVar::from_wires(vars, 2 * D..3 * D)?;
    let coeffs = (0..n)
        .map(|i| local_wire(vars, START_COEFFS + i))
        .collect::<Result<Vec<_>, _>>()?;
    let accs = (0..n)
        .map(|i| ExtAlgebraVar::from_wires(vars, wires_accs(n, i)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut constraints = Vec::with_capacity(D * n);
    let mut acc = old_acc;
    for (coeff, next) in coeffs.iter().zip(accs) {
        let constraint = acc.mul(&alpha)?.add_ext(coeff).sub(&next);
        constraints.extend(constraint.to_basefield_array());
        acc = next;
    }
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;
    use plonky2::plonk::circuit_data::CircuitConfig;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    /// The gate plonky2's `ReducingFactorTarget::reduce_base` builds for the standard recursion
    /// config.
    fn standard_gate() -> ReducingGate<2> {
        let config = CircuitConfig::standard_recursion_config();
        ReducingGate::new(ReducingGate::<2>::max_coeffs_len(
            config.num_wires,
            config.num_routed_wires,
        ))
    }

    #[test]
    fn reducing_gate_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = standard_gate();
        assert_eq!(gate.num_coeffs, 43);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("ReducingGate (43 coeffs): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 43 * 16, "cost {cost}");
        // A short chain too (the last accumulator is the output wire).
        assert_gate_matches_native(&GateRef::new(ReducingGate::<2>::new(2)), 3)?;
        Ok(())
    }

    #[test]
    fn reducing_gate_rejects_tampered_wires() -> anyhow::Result<()> {
        let gate = GateRef::new(standard_gate());
        // Output, alpha, old accumulator, first and last coefficient, an intermediate accumulator.
        for tamper in [
            Tamper::Wire(1),
            Tamper::Wire(2),
            Tamper::Wire(5),
            Tamper::Wire(6),
            Tamper::Wire(48),
            Tamper::Wire(49),
            Tamper::Wire(131),
        ] {
            assert_tampered_rejected(&gate, 4, tamper)?;
        }
        Ok(())
    }
}

//! `ReducingExtensionGate` constraints at zeta (plonky2 `gates/reducing_extension.rs`,
//! `eval_unfiltered`): the accumulator chain `acc_{i} = acc_{i-1} * alpha + coeff_i` over
//! extension coefficients, in the extension algebra.

use std::ops::Range;

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::reducing_extension::ReducingExtensionGate;

use super::arithmetic_extension::ExtAlgebraVar;
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// `D`: wires per extension element.
const D: usize = 2;
/// plonky2's `START_COEFFS`: after the output, alpha and the old accumulator.
const START_COEFFS: usize = 3 * D;

/// plonky2's `wires_coeff(i)`.
fn wires_coeff(i: usize) -> Range<usize> {
    START_COEFFS + D * i..START_COEFFS + D * (i + 1)
}

/// plonky2's `wires_accs(i)`: the last accumulator is the output (wires `0..D`).
fn wires_accs(num_coeffs: usize, i: usize) -> Range<usize> {
    if i + 1 == num_coeffs {
        return 0..D;
    }
    let start = START_COEFFS + D * num_coeffs + D * i;
    start..start + D
}

/// The gate's unfiltered constraints, in plonky2's order (16 constraints per coefficient).
pub fn eval_unfiltered(
    gate: &ReducingExtensionGate<2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let n = gate.num_coeffs;
    let alpha = ExtAlgebraVar::from_wires(vars, D..2 * D)?;
    let old_acc = ExtAlgebraVar::from_wires(vars, 2 * D..3 * D)?;
    let coeffs = (0..n)
        .map(|i| ExtAlgebraVar::from_wires(vars, wires_coeff(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let accs = (0..n)
        .map(|i| ExtAlgebraVar::from_wires(vars, wires_accs(n, i)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut constraints = Vec::with_capacity(D * n);
    let mut acc = old_acc;
    for (coeff, next) in coeffs.iter().zip(accs) {
        let constraint = acc.mul(&alpha)?.add(coeff).sub(&next);
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

    /// The gate plonky2's `ReducingFactorTarget::reduce` builds for the standard recursion
    /// config.
    fn standard_gate() -> ReducingExtensionGate<2> {
        let config = CircuitConfig::standard_recursion_config();
        ReducingExtensionGate::new(ReducingExtensionGate::<2>::max_coeffs_len(
            config.num_wires,
            config.num_routed_wires,
        ))
    }

    #[test]
    fn reducing_extension_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = standard_gate();
        assert_eq!(gate.num_coeffs, 32);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("ReducingExtensionGate (32 coeffs): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 32 * 16, "cost {cost}");
        assert_gate_matches_native(&GateRef::new(ReducingExtensionGate::<2>::new(2)), 3)?;
        Ok(())
    }

    #[test]
    fn reducing_extension_rejects_tampered_wires() -> anyhow::Result<()> {
        let gate = GateRef::new(standard_gate());
        // Output, alpha, old accumulator, first and last coefficient, an intermediate accumulator.
        for tamper in [
            Tamper::Wire(0),
            Tamper::Wire(3),
            Tamper::Wire(4),
            Tamper::Wire(7),
            Tamper::Wire(69),
            Tamper::Wire(70),
            Tamper::Wire(131),
        ] {
            assert_tampered_rejected(&gate, 4, tamper)?;
        }
        Ok(())
    }
}

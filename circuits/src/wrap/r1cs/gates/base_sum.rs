//! `BaseSumGate<2>` constraints at zeta (plonky2 `gates/base_sum.rs`, `eval_unfiltered`): the
//! limbs recombined in base 2 minus the sum wire, then `prod_{i < B} (limb - i)` per limb.

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::base_sum::BaseSumGate;

use super::arithmetic_extension::{ext_sub_base_const, local_wire};
use super::EvaluationVarsVar;
use super::{ext_lazy_sum, ext_mul, ext_mul_const};
use crate::wrap::r1cs::extension::GoldilocksExtVar;
use crate::wrap::r1cs::goldilocks::P;

/// The base of the only instantiation the final circuit uses.
const B: u64 = 2;

/// `B^i mod p`.
fn base_power(i: usize) -> u64 {
    (0..i).fold(1u64, |acc, _| {
        ((u128::from(acc) * u128::from(B)) % u128::from(P)) as u64
    })
}

/// The gate's unfiltered constraints, in plonky2's order: `sum limb_i B^i - sum`, then one
/// range constraint per limb (one extension product each for B = 2).
pub fn eval_unfiltered(
    gate: &BaseSumGate<2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    // plonky2's `WIRE_SUM` = 0, limbs from `START_LIMBS` = 1.
    let sum = local_wire(vars, 0)?;
    let limbs = (0..gate.num_limbs)
        .map(|i| local_wire(vars, 1 + i))
        .collect::<Result<Vec<_>, _>>()?;
    // `reduce_with_powers(limbs, B)` evaluated as a flat sum of constant multiples: the same value,
    // with a representation of ~64 + num_limbs bits instead of Horner's growth of 2 bits a step.
    let terms: Vec<_> = limbs
        .iter()
        .enumerate()
        .map(|(i, limb)| ext_mul_const(limb, base_power(i)))
        .collect();
    let computed_sum = ext_lazy_sum(&terms);
    let mut constraints = Vec::with_capacity(1 + limbs.len());
    constraints.push(computed_sum.sub(&sum));
    for limb in &limbs {
        // `(limb - 0) * (limb - 1) * ... * (limb - (B - 1))`.
        let mut product = limb.clone();
        for i in 1..B {
            product = ext_mul(&product, &ext_sub_base_const(limb, i))?;
        }
        constraints.push(product);
    }
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::field::goldilocks_field::GoldilocksField;
    use plonky2::gates::gate::GateRef;
    use plonky2::plonk::circuit_data::CircuitConfig;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    #[test]
    fn base_sum_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = BaseSumGate::<2>::new_from_config::<GoldilocksField>(
            &CircuitConfig::standard_recursion_config(),
        );
        assert_eq!(gate.num_limbs, 63);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("BaseSumGate<2> (63 limbs): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 63 * 4, "cost {cost}");
        Ok(())
    }

    #[test]
    fn base_sum_rejects_tampered_sum_and_limbs() -> anyhow::Result<()> {
        let gate = GateRef::new(BaseSumGate::<2>::new_from_config::<GoldilocksField>(
            &CircuitConfig::standard_recursion_config(),
        ));
        for tamper in [Tamper::Wire(0), Tamper::Wire(1), Tamper::Wire(63)] {
            assert_tampered_rejected(&gate, 5, tamper)?;
        }
        Ok(())
    }
}

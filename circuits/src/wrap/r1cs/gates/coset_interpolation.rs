//! `CosetInterpolationGate` constraints at zeta (plonky2 `gates/coset_interpolation.rs`,
//! `eval_unfiltered`): the shifted evaluation point times the shift is the evaluation point; the
//! barycentric interpolation over the subgroup, run in segments of `degree - 1` points, matches
//! the intermediate (eval, prod) wires at each segment's end and the evaluation value at the last.
//!
//! Each step is `e' = e (x - x_i) + w_i v_i p`, `p' = p (x - x_i)` in the extension algebra; the
//! running values are reduced once per step (a product chain grows ~73 bits a step), which is
//! where almost all of the gate's cost goes.

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::gates::coset_interpolation::CosetInterpolationGate;

use super::arithmetic_extension::{local_wire, ExtAlgebraVar, ALGEBRA_MUL_BITS};
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// `D`: wires per extension element.
const D: usize = 2;

/// plonky2's wire layout of the gate (its index functions are crate-private).
struct Layout {
    num_points: usize,
    num_intermediates: usize,
}

impl Layout {
    fn new(gate: &CosetInterpolationGate<GoldilocksField, 2>) -> Result<Self, SynthesisError> {
        let num_points = 1usize
            .checked_shl(gate.subgroup_bits as u32)
            .ok_or(SynthesisError::Unsatisfiable)?;
        if gate.degree < 2 || num_points < 2 || gate.barycentric_weights.len() != num_points {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(Self {
            num_points,
            num_intermediates: (num_points - 2) / (gate.degree - 1),
        })
    }
    const fn wire_shift(&self) -> usize {
        0
    }
    fn wires_value(&self, i: usize) -> std::ops::Range<usize> {
        1 + D * i..1 + D * (i + 1)
    }
    fn start_evaluation_point(&self) -> usize {
        1 + D * self.num_points
    }
    fn wires_evaluation_point(&self) -> std::ops::Range<usize> {
        let s = self.start_evaluation_point();
        s..s + D
    }
    fn wires_evaluation_value(&self) -> std::ops::Range<usize> {
        let s = self.start_evaluation_point() + D;
        s..s + D
    }
    fn start_intermediates(&self) -> usize {
        self.start_evaluation_point() + 2 * D
    }
    fn wires_intermediate_eval(&self, i: usize) -> std::ops::Range<usize> {
        let s = self.start_intermediates() + D * i;
        s..s + D
    }
    fn wires_intermediate_prod(&self, i: usize) -> std::ops::Range<usize> {
        let s = self.start_intermediates() + D * (self.num_intermediates + i);
        s..s + D
    }
    fn wires_shifted_evaluation_point(&self) -> std::ops::Range<usize> {
        let s = self.start_intermediates() + D * 2 * self.num_intermediates;
        s..s + D
    }
}

/// Bound on the eval outputs (`computed_eval` minus a wire), so that the caller's product with
/// the selector filter needs no reduction.
const OUTPUT_BITS: u32 = 140;

/// plonky2's `partial_interpolate_ext_algebra` over `points` = (x_i, v_i, w_i), starting from
/// `start`: a segment's starting (eval, prod) wires, or `None` for plonky2's `(ZERO, one())`;
/// returns (eval, prod), lazily reduced.
fn partial_interpolate(
    points: &[(u64, ExtAlgebraVar, u64)],
    x: &ExtAlgebraVar,
    start: Option<(ExtAlgebraVar, ExtAlgebraVar)>,
) -> Result<(ExtAlgebraVar, ExtAlgebraVar), SynthesisError> {
    let mut rest = points.iter();
    let (mut eval, mut prod) = match start {
        Some((e, p)) => (e, p),
        None => {
            // From (0, 1) the first step is (w_0 v_0, x - x_0): the same values, no products.
            let (x_i, v, w) = rest.next().ok_or(SynthesisError::Unsatisfiable)?;
            (v.scalar_mul_base_const(*w), x.sub_base_const(*x_i))
        }
    };
    let mut rest = rest.peekable();
    while let Some((x_i, v, w)) = rest.next() {
        let term = x.sub_base_const(*x_i);
        let mut weighted = v.scalar_mul_base_const(*w);
        if rest.peek().is_none() {
            // The segment's eval becomes a constraint output: keep it near 140 bits by reducing
            // the widest factors, cheaper than reducing a ~200-bit output after the filter
            // product. An algebra product has at most `a + b + 8` bits, the sum one more.
            let predicted = |e: &ExtAlgebraVar, w: &ExtAlgebraVar, p: &ExtAlgebraVar| {
                (e.bits() + term.bits()).max(w.bits() + p.bits()) + 9
            };
            while predicted(&eval, &weighted, &prod) > OUTPUT_BITS - 2 {
                let widest = eval.bits().max(weighted.bits()).max(prod.bits());
                if widest <= 64 {
                    break;
                } else if eval.bits() == widest {
                    eval = eval.reduce()?;
                } else if weighted.bits() == widest {
                    weighted = weighted.reduce()?;
                } else {
                    prod = prod.reduce()?;
                }
            }
        }
        // `prod` feeds two products; reduce it once here rather than in each.
        if prod.bits() + weighted.bits().max(term.bits()) > ALGEBRA_MUL_BITS {
            prod = prod.reduce()?;
        }
        eval = eval.mul(&term)?.add(&weighted.mul(&prod)?);
        prod = prod.mul(&term)?;
    }
    Ok((eval, prod))
}

/// The gate's unfiltered constraints, in plonky2's order: the shift check (2), then per
/// intermediate its eval and prod (4), then the evaluation value (2).
pub fn eval_unfiltered(
    gate: &CosetInterpolationGate<GoldilocksField, 2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let layout = Layout::new(gate)?;
    let degree = gate.degree;
    let mut constraints = Vec::with_capacity(2 * D + 2 * D * layout.num_intermediates);

    let shift = local_wire(vars, layout.wire_shift())?;
    let evaluation_point = ExtAlgebraVar::from_wires(vars, layout.wires_evaluation_point())?;
    let shifted_evaluation_point =
        ExtAlgebraVar::from_wires(vars, layout.wires_shifted_evaluation_point())?;
    constraints.extend(
        evaluation_point
            .sub(&shifted_evaluation_point.scalar_mul(&shift)?)
            .to_basefield_array(),
    );

    let domain = GoldilocksField::two_adic_subgroup(gate.subgroup_bits);
    let points = (0..layout.num_points)
        .map(|i| {
            Ok((
                domain[i].to_canonical_u64(),
                ExtAlgebraVar::from_wires(vars, layout.wires_value(i))?,
                gate.barycentric_weights[i].to_canonical_u64(),
            ))
        })
        .collect::<Result<Vec<_>, SynthesisError>>()?;

    let first = points.get(..degree).ok_or(SynthesisError::Unsatisfiable)?;
    let (mut computed_eval, mut computed_prod) =
        partial_interpolate(first, &shifted_evaluation_point, None)?;
    for i in 0..layout.num_intermediates {
        let intermediate_eval = ExtAlgebraVar::from_wires(vars, layout.wires_intermediate_eval(i))?;
        let intermediate_prod = ExtAlgebraVar::from_wires(vars, layout.wires_intermediate_prod(i))?;
        constraints.extend(intermediate_eval.sub(&computed_eval).to_basefield_array());
        constraints.extend(intermediate_prod.sub(&computed_prod).to_basefield_array());

        let start_index = 1 + (degree - 1) * (i + 1);
        let end_index = (start_index + degree - 1).min(layout.num_points);
        let segment = points
            .get(start_index..end_index)
            .ok_or(SynthesisError::Unsatisfiable)?;
        (computed_eval, computed_prod) = partial_interpolate(
            segment,
            &shifted_evaluation_point,
            Some((intermediate_eval, intermediate_prod)),
        )?;
    }

    let evaluation_value = ExtAlgebraVar::from_wires(vars, layout.wires_evaluation_value())?;
    constraints.extend(evaluation_value.sub(&computed_eval).to_basefield_array());
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::{Gate, GateRef};
    use plonky2::plonk::circuit_data::CircuitConfig;

    use super::*;
    use crate::wrap::r1cs::gates::arithmetic_extension::max_output_bits;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    /// plonky2's `CosetInterpolationGate::with_max_degree` (crate-private there): the same
    /// weights as `new`, with the smallest degree that needs as few intermediates as
    /// `max_degree` allows.
    fn with_max_degree(
        subgroup_bits: usize,
        max_degree: usize,
    ) -> CosetInterpolationGate<GoldilocksField, 2> {
        let mut gate = CosetInterpolationGate::new(subgroup_bits);
        let n_points = 1 << subgroup_bits;
        let n_intermediates = (n_points - 2) / (max_degree - 1);
        gate.degree = (n_points - 2) / (n_intermediates + 1) + 2;
        gate
    }

    /// The gate plonky2's FRI verifier uses under the standard recursion config: arity bits 4
    /// (`ConstantArityBits(4, 5)`), max degree `max_quotient_degree_factor` = 8.
    fn standard_gate() -> CosetInterpolationGate<GoldilocksField, 2> {
        let config = CircuitConfig::standard_recursion_config();
        with_max_degree(4, config.max_quotient_degree_factor)
    }

    #[test]
    fn coset_interpolation_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = standard_gate();
        assert_eq!(gate.degree, 6);
        let config = CircuitConfig::standard_recursion_config();
        assert!(Gate::<GoldilocksField, 2>::num_wires(&gate) <= config.num_wires);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("CosetInterpolationGate (16 points, degree 6): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 20_000, "cost {cost}");
        assert!(max_output_bits(&gate, 3)? <= OUTPUT_BITS);
        // No intermediates (degree = all points) and another segment split.
        for (bits, max_degree) in [(3, 8), (3, 4), (2, 2)] {
            let g = GateRef::new(with_max_degree(bits, max_degree));
            let c = assert_gate_matches_native(&g, 20 + bits as u64)?;
            eprintln!("CosetInterpolationGate ({bits} bits, max degree {max_degree}): {c}");
        }
        Ok(())
    }

    #[test]
    fn coset_interpolation_rejects_tampered_wires() -> anyhow::Result<()> {
        let gate = standard_gate();
        let layout = Layout::new(&gate)?;
        let gate = GateRef::new(gate);
        for tamper in [
            Tamper::Wire(layout.wire_shift()),
            Tamper::Wire(layout.wires_value(0).start),
            Tamper::Wire(layout.wires_value(7).end - 1),
            Tamper::Wire(layout.wires_value(15).start),
            Tamper::Wire(layout.wires_evaluation_point().start),
            Tamper::Wire(layout.wires_evaluation_value().end - 1),
            Tamper::Wire(layout.wires_intermediate_eval(0).start),
            Tamper::Wire(layout.wires_intermediate_prod(1).end - 1),
            Tamper::Wire(layout.wires_shifted_evaluation_point().start),
        ] {
            assert_tampered_rejected(&gate, 5, tamper)?;
        }
        Ok(())
    }
}

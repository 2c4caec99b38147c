//! `ArithmeticExtensionGate` constraints at zeta (plonky2 `gates/arithmetic_extension.rs`,
//! `eval_unfiltered`), and the lazy `ExtensionAlgebra` arithmetic the extension gates share.
//!
//! Opened wires at zeta are extension elements, so a gate that reads `D = 2` wires as one
//! extension element works in plonky2's `ExtensionAlgebra<F::Extension, 2>`: `a0 + a1 Y`,
//! `Y^2 = 7`, with extension coefficients. [`ExtAlgebraVar`] mirrors it over
//! [`GoldilocksExtVar`]. Products stay lazy: an operand is reduced only when the product's
//! representation could pass [`MAX_BITS`], so a product's coefficients always represent the
//! exact field value plonky2 computes.

use std::ops::Range;

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::arithmetic_extension::ArithmeticExtensionGate;

use super::{ext_bits, ext_lazy_sum, ext_mul, ext_mul_const, EvaluationVarsVar};
use crate::wrap::r1cs::extension::{GoldilocksExtVar, W};
use crate::wrap::r1cs::goldilocks::{GoldilocksVar, MAX_BITS, P};

/// Largest `bits(a) + bits(b)` for which an algebra product needs no reduction: each extension
/// product adds up to 4 bits (a factor 7 and a sum of two), the algebra's `Y^2 = 7` and its sum
/// of two extension products 4 more.
pub const ALGEBRA_MUL_BITS: u32 = MAX_BITS - 8;

/// The gate's unfiltered constraints, in plonky2's order: for each op,
/// `output - (m0 * m1 * c0 + addend * c1)` as two extension elements, each below 140 bits.
pub fn eval_unfiltered(
    gate: &ArithmeticExtensionGate<2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let const_0 = local_constant(vars, 0)?;
    let const_1 = local_constant(vars, 1)?;
    let mut constraints = Vec::with_capacity(2 * gate.num_ops);
    for i in 0..gate.num_ops {
        // plonky2's `wires_ith_multiplicand_0(i)` .. `wires_ith_output(i)`: 4 * D wires per op.
        let base = 8 * i;
        let multiplicand_0 = ExtAlgebraVar::from_wires(vars, base..base + 2)?;
        let multiplicand_1 = ExtAlgebraVar::from_wires(vars, base + 2..base + 4)?;
        let addend = ExtAlgebraVar::from_wires(vars, base + 4..base + 6)?;
        let output = ExtAlgebraVar::from_wires(vars, base + 6..base + 8)?;
        // The 136-bit algebra product is reduced here (the cheapest point): a ~200-bit output
        // would cost more to reduce where it is multiplied by the selector filter.
        let computed_output = multiplicand_0
            .mul(&multiplicand_1)?
            .reduce()?
            .scalar_mul(&const_0)?
            .add(&addend.scalar_mul(&const_1)?);
        constraints.extend(output.sub(&computed_output).to_basefield_array());
    }
    Ok(constraints)
}

/// `vars.local_wires[i]`; a missing column is unsatisfiable (never a panic).
pub fn local_wire(vars: &EvaluationVarsVar, i: usize) -> Result<GoldilocksExtVar, SynthesisError> {
    vars.local_wires
        .get(i)
        .cloned()
        .ok_or(SynthesisError::Unsatisfiable)
}

/// `vars.local_constants[i]` (selectors already removed); a missing column is unsatisfiable.
pub fn local_constant(
    vars: &EvaluationVarsVar,
    i: usize,
) -> Result<GoldilocksExtVar, SynthesisError> {
    vars.local_constants
        .get(i)
        .cloned()
        .ok_or(SynthesisError::Unsatisfiable)
}

/// `a - c` for a base-field constant `c`, lazily, as `a + (p - c)` (one bit of growth).
pub fn ext_sub_base_const(a: &GoldilocksExtVar, c: u64) -> GoldilocksExtVar {
    GoldilocksExtVar {
        c0: a.c0.add(&GoldilocksVar::constant(P - c % P)),
        c1: a.c1.clone(),
    }
}

/// Reduces the wider of two algebra operands (then the other, if still needed) until
/// `bits(a) + bits(b) <= limit`, so that each operand is reduced at most once per product.
fn fit(
    a: &ExtAlgebraVar,
    b: &ExtAlgebraVar,
    limit: u32,
) -> Result<(ExtAlgebraVar, ExtAlgebraVar), SynthesisError> {
    let (mut a, mut b) = (a.clone(), b.clone());
    while a.bits() + b.bits() > limit {
        if a.bits() >= b.bits() && a.bits() > 64 {
            a = a.reduce()?;
        } else if b.bits() > 64 {
            b = b.reduce()?;
        } else {
            return Err(SynthesisError::Unsatisfiable);
        }
    }
    Ok((a, b))
}

/// An element of plonky2's `ExtensionAlgebra<F::Extension, 2>`: `0[0] + 0[1] Y`, `Y^2 = 7`.
#[derive(Clone, Debug)]
pub struct ExtAlgebraVar(pub [GoldilocksExtVar; 2]);

impl ExtAlgebraVar {
    /// plonky2's `get_local_ext_algebra(range)`: two consecutive wires (range of length 2).
    pub fn from_wires(
        vars: &EvaluationVarsVar,
        range: Range<usize>,
    ) -> Result<Self, SynthesisError> {
        if range.len() != 2 {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(Self([
            local_wire(vars, range.start)?,
            local_wire(vars, range.start + 1)?,
        ]))
    }

    /// The embedding of an extension element (`ExtensionAlgebra::from`): `[e, 0]`.
    pub fn from_ext(e: &GoldilocksExtVar) -> Self {
        Self([e.clone(), GoldilocksExtVar::constant(0, 0)])
    }

    /// The wider coefficient's representation size.
    pub fn bits(&self) -> u32 {
        ext_bits(&self.0[0]).max(ext_bits(&self.0[1]))
    }

    /// Every coefficient reduced below 2^64.
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        Ok(Self([self.0[0].reduce()?, self.0[1].reduce()?]))
    }

    /// Lazy sum (tight size bound).
    pub fn add(&self, o: &Self) -> Self {
        Self([
            ext_lazy_sum(&[self.0[0].clone(), o.0[0].clone()]),
            ext_lazy_sum(&[self.0[1].clone(), o.0[1].clone()]),
        ])
    }

    /// `self + e` for an extension element `e` embedded in the algebra (`[e, 0]`).
    pub fn add_ext(&self, e: &GoldilocksExtVar) -> Self {
        Self([
            ext_lazy_sum(&[self.0[0].clone(), e.clone()]),
            self.0[1].clone(),
        ])
    }

    /// Lazy difference.
    pub fn sub(&self, o: &Self) -> Self {
        Self([self.0[0].sub(&o.0[0]), self.0[1].sub(&o.0[1])])
    }

    /// `self - c` for a base-field constant `c` embedded in the algebra.
    pub fn sub_base_const(&self, c: u64) -> Self {
        Self([ext_sub_base_const(&self.0[0], c), self.0[1].clone()])
    }

    /// Product in the algebra, `(a0 b0 + 7 a1 b1) + (a0 b1 + a1 b0) Y` (16 constraints plus any
    /// reduction of an operand); at most `bits(a) + bits(b) + 8` bits after fitting.
    pub fn mul(&self, o: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = fit(self, o, ALGEBRA_MUL_BITS)?;
        let c0 = ext_lazy_sum(&[
            ext_mul(&a.0[0], &b.0[0])?,
            ext_mul_const(&ext_mul(&a.0[1], &b.0[1])?, W),
        ]);
        let c1 = ext_lazy_sum(&[ext_mul(&a.0[0], &b.0[1])?, ext_mul(&a.0[1], &b.0[0])?]);
        Ok(Self([c0, c1]))
    }

    /// `scalar_mul` by an extension element (8 constraints plus any reduction).
    pub fn scalar_mul(&self, s: &GoldilocksExtVar) -> Result<Self, SynthesisError> {
        Ok(Self([ext_mul(&self.0[0], s)?, ext_mul(&self.0[1], s)?]))
    }

    /// `scalar_mul` by a base-field constant (no constraints).
    pub fn scalar_mul_base_const(&self, c: u64) -> Self {
        Self([ext_mul_const(&self.0[0], c), ext_mul_const(&self.0[1], c)])
    }

    /// plonky2's `to_basefield_array`: the two extension coefficients.
    pub fn to_basefield_array(self) -> [GoldilocksExtVar; 2] {
        self.0
    }
}

/// The widest output representation of `gate` on random openings (for tests that bound it).
#[cfg(test)]
pub(crate) fn max_output_bits(
    gate: &plonky2::gates::gate::GateRef<plonky2::field::goldilocks_field::GoldilocksField, 2>,
    seed: u64,
) -> anyhow::Result<u32> {
    let cs = ark_relations::gr1cs::ConstraintSystem::<ark_bn254::Fr>::new_ref();
    let vars = super::testing::Opening::for_gate(gate, seed).allocate(cs)?;
    let outputs = super::eval_unfiltered(gate, &vars)?;
    Ok(outputs.iter().map(ext_bits).max().unwrap_or(0))
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
    fn arithmetic_extension_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let config = CircuitConfig::standard_recursion_config();
        let gate = ArithmeticExtensionGate::<2>::new_from_config(&config);
        assert_eq!(gate.num_ops, 10);
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("ArithmeticExtensionGate (10 ops): {cost} constraints");
        assert_gate_matches_native(&gate, 2)?;
        assert!(cost <= 10 * (32 + 4 * 140), "cost {cost}");
        assert!(max_output_bits(&gate, 3)? <= 140);
        Ok(())
    }

    #[test]
    fn arithmetic_extension_rejects_tampered_wires_and_constants() -> anyhow::Result<()> {
        let gate = GateRef::new(ArithmeticExtensionGate::<2>::new_from_config(
            &CircuitConfig::standard_recursion_config(),
        ));
        // A multiplicand, an addend (second limb of the algebra element), an output, both constants.
        for tamper in [
            Tamper::Wire(0),
            Tamper::Wire(13),
            Tamper::Wire(79),
            Tamper::Constant(0),
            Tamper::Constant(1),
        ] {
            assert_tampered_rejected(&gate, 3, tamper)?;
        }
        Ok(())
    }
}

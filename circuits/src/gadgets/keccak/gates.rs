//! Custom gates for Keccak-f[1600] on bits (one field element per bit, each 0 or 1).
//!
//! - [`XorGate`]: `out = x_0 ⊕ … ⊕ x_{n−1}`, as `2·out − 1 + Π(1 − 2·x_i) = 0` (degree n). Used
//!   with n = 5 for θ's column parities, n = 2 for θ's D and for absorbing message bits.
//! - [`ChiGate`]: one z-slice of a round: for each of the five rows, given the bits `a_x` of B
//!   (after ρ and π) and the matching θ bits `d_x`, `out_x = b_x ⊕ (¬b_{x+1} ∧ b_{x+2})` with
//!   `b_x = a_x ⊕ d_x` (degree 6), ι on lane (0, 0) from the row constant, and the five column
//!   parities of the outputs (the next round's θ C).
//!
//! XOR constraints hold on all-zero wires, so unused operations of a row are harmless; outputs
//! are boolean whenever inputs are, so booleanity is proven once, where message bits enter.

use core::marker::PhantomData;

use anyhow::Result as AnyResult;
use plonky2::field::extension::Extendable;
use plonky2::field::types::Field;
use plonky2::gates::gate::Gate;
use plonky2::gates::util::StridedConstraintConsumer;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator, WitnessGeneratorRef};
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitConfig, CommonCircuitData};
use plonky2::plonk::vars::{EvaluationTargets, EvaluationVars, EvaluationVarsBase};
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

/// XOR of `n` bits in field form: `a ⊕ b = a + b − 2ab`, folded.
fn xor_all<T: Field>(bits: impl IntoIterator<Item = T>) -> T {
    bits.into_iter()
        .fold(T::ZERO, |acc, x| acc + x - T::TWO * acc * x)
}

/// The XOR-gate constraint `2·out − 1 + Π(1 − 2·x_i)`.
fn xor_constraint<T: Field>(inputs: &[T], out: T) -> T {
    let prod = inputs
        .iter()
        .fold(T::ONE, |acc, &x| acc * (T::ONE - T::TWO * x));
    T::TWO * out - T::ONE + prod
}

/// The χ outputs of one row-slice, θ folded in.
fn chi_outputs<T: Field>(a: &[T], d: &[T]) -> [T; 5] {
    let b: Vec<T> = (0..5).map(|x| xor_all([a[x], d[x]])).collect();
    core::array::from_fn(|x| {
        let t = (T::ONE - b[(x + 1) % 5]) * b[(x + 2) % 5];
        xor_all([b[x], t])
    })
}

/// `n`-input XOR gate, as many operations per row as routed wires allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XorGate {
    /// Inputs per operation (2..=8).
    pub arity: usize,
    /// Operations per row.
    pub num_ops: usize,
}

impl XorGate {
    /// The widest packing of `arity`-input XORs for `config`.
    pub const fn new_from_config(config: &CircuitConfig, arity: usize) -> Self {
        Self {
            arity,
            num_ops: config.num_routed_wires / (arity + 1),
        }
    }

    /// Wire of input `k` of operation `op`.
    pub const fn wire_input(&self, op: usize, k: usize) -> usize {
        op * (self.arity + 1) + k
    }

    /// Wire of the output of operation `op`.
    pub const fn wire_output(&self, op: usize) -> usize {
        op * (self.arity + 1) + self.arity
    }
}

impl<F: RichField + Extendable<D>, const D: usize> Gate<F, D> for XorGate {
    fn id(&self) -> String {
        format!("zkclear::{self:?}")
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_usize(self.arity)?;
        dst.write_usize(self.num_ops)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            arity: src.read_usize()?,
            num_ops: src.read_usize()?,
        })
    }

    fn eval_unfiltered(&self, vars: EvaluationVars<F, D>) -> Vec<F::Extension> {
        (0..self.num_ops)
            .map(|op| {
                let ins: Vec<_> = (0..self.arity)
                    .map(|k| vars.local_wires[self.wire_input(op, k)])
                    .collect();
                xor_constraint(&ins, vars.local_wires[self.wire_output(op)])
            })
            .collect()
    }

    fn eval_unfiltered_base_one(
        &self,
        vars: EvaluationVarsBase<F>,
        mut yield_constr: StridedConstraintConsumer<F>,
    ) {
        for op in 0..self.num_ops {
            let ins: Vec<F> = (0..self.arity)
                .map(|k| vars.local_wires[self.wire_input(op, k)])
                .collect();
            yield_constr.one(xor_constraint(&ins, vars.local_wires[self.wire_output(op)]));
        }
    }

    fn eval_unfiltered_circuit(
        &self,
        builder: &mut CircuitBuilder<F, D>,
        vars: EvaluationTargets<D>,
    ) -> Vec<ExtensionTarget<D>> {
        let one = builder.one_extension();
        (0..self.num_ops)
            .map(|op| {
                let mut prod = one;
                for k in 0..self.arity {
                    let x = vars.local_wires[self.wire_input(op, k)];
                    let factor = builder.mul_const_add_extension(-F::TWO, x, one);
                    prod = builder.mul_extension(prod, factor);
                }
                let out = vars.local_wires[self.wire_output(op)];
                let two_out = builder.mul_const_extension(F::TWO, out);
                let t = builder.sub_extension(two_out, one);
                builder.add_extension(t, prod)
            })
            .collect()
    }

    fn generators(&self, row: usize, _constants: &[F]) -> Vec<WitnessGeneratorRef<F, D>> {
        (0..self.num_ops)
            .map(|op| {
                WitnessGeneratorRef::new(
                    XorGenerator::<F, D> {
                        gate: *self,
                        row,
                        op,
                        _phantom: PhantomData,
                    }
                    .adapter(),
                )
            })
            .collect()
    }

    fn num_wires(&self) -> usize {
        self.num_ops * (self.arity + 1)
    }

    fn num_constants(&self) -> usize {
        0
    }

    fn degree(&self) -> usize {
        self.arity
    }

    fn num_constraints(&self) -> usize {
        self.num_ops
    }
}

/// Computes the output of one [`XorGate`] operation.
#[derive(Debug, Clone)]
pub struct XorGenerator<F: RichField + Extendable<D>, const D: usize> {
    gate: XorGate,
    row: usize,
    op: usize,
    _phantom: PhantomData<F>,
}

impl<F: RichField + Extendable<D>, const D: usize> SimpleGenerator<F, D> for XorGenerator<F, D> {
    fn id(&self) -> String {
        "zkclear::XorGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        (0..self.gate.arity)
            .map(|k| Target::wire(self.row, self.gate.wire_input(self.op, k)))
            .collect()
    }

    fn run_once(
        &self,
        witness: &PartitionWitness<F>,
        out: &mut GeneratedValues<F>,
    ) -> AnyResult<()> {
        let value = xor_all(witness.get_targets(&self.dependencies()));
        out.set_target(
            Target::wire(self.row, self.gate.wire_output(self.op)),
            value,
        )
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_usize(self.gate.arity)?;
        dst.write_usize(self.gate.num_ops)?;
        dst.write_usize(self.row)?;
        dst.write_usize(self.op)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            gate: XorGate {
                arity: src.read_usize()?,
                num_ops: src.read_usize()?,
            },
            row: src.read_usize()?,
            op: src.read_usize()?,
            _phantom: PhantomData,
        })
    }
}

/// One z-slice of a Keccak round: χ on all five rows (θ folded in, ι on lane (0, 0) from the
/// row's constant), plus the five column parities of the result, which are θ's C for the next
/// round. Exactly 80 routed wires: 5 rows × (5 `a` + 5 `d` + 5 outputs) + 5 parities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChiGate;

/// Wires per row slice: five `a`, five `d`, five outputs.
const CHI_WIRES: usize = 15;

impl ChiGate {
    /// Routed wires the gate needs.
    pub const ROUTED_WIRES: usize = 5 * CHI_WIRES + 5;

    /// Wire of `a_x` of row `y` (bit of B before θ's D is applied).
    pub const fn wire_a(y: usize, x: usize) -> usize {
        y * CHI_WIRES + x
    }

    /// Wire of `d_x` of row `y` (θ's D bit for that B bit).
    pub const fn wire_d(y: usize, x: usize) -> usize {
        y * CHI_WIRES + 5 + x
    }

    /// Wire of output `x` of row `y`.
    pub const fn wire_out(y: usize, x: usize) -> usize {
        y * CHI_WIRES + 10 + x
    }

    /// Wire of the parity of output column `x`.
    pub const fn wire_parity(x: usize) -> usize {
        5 * CHI_WIRES + x
    }
}

/// The 25 outputs (`[y][x]`) and 5 column parities of a slice; `rc` is the ι bit (0 or 1).
fn chi_slice<T: Field>(w: &[T], rc: T) -> ([[T; 5]; 5], [T; 5]) {
    let outs: [[T; 5]; 5] = core::array::from_fn(|y| {
        let a: Vec<T> = (0..5).map(|x| w[ChiGate::wire_a(y, x)]).collect();
        let d: Vec<T> = (0..5).map(|x| w[ChiGate::wire_d(y, x)]).collect();
        let mut row = chi_outputs(&a, &d);
        if y == 0 {
            row[0] = xor_all([row[0], rc]);
        }
        row
    });
    let parities = core::array::from_fn(|x| xor_all((0..5).map(|y| outs[y][x])));
    (outs, parities)
}

/// The gate's constraints: outputs equal χ (and ι), parity wires satisfy the XOR constraint.
fn chi_constraints<T: Field>(w: &[T], rc: T) -> Vec<T> {
    let (outs, _) = chi_slice(w, rc);
    let mut constraints = Vec::with_capacity(30);
    for (y, row) in outs.iter().enumerate() {
        constraints.extend((0..5).map(|x| w[ChiGate::wire_out(y, x)] - row[x]));
    }
    for x in 0..5 {
        let column: Vec<T> = (0..5).map(|y| w[ChiGate::wire_out(y, x)]).collect();
        constraints.push(xor_constraint(&column, w[ChiGate::wire_parity(x)]));
    }
    constraints
}

impl<F: RichField + Extendable<D>, const D: usize> Gate<F, D> for ChiGate {
    fn id(&self) -> String {
        format!("zkclear::{self:?}")
    }

    fn serialize(&self, _dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        Ok(())
    }

    fn deserialize(_src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self)
    }

    fn eval_unfiltered(&self, vars: EvaluationVars<F, D>) -> Vec<F::Extension> {
        chi_constraints(vars.local_wires, vars.local_constants[0])
    }

    fn eval_unfiltered_base_one(
        &self,
        vars: EvaluationVarsBase<F>,
        mut yield_constr: StridedConstraintConsumer<F>,
    ) {
        let w: Vec<F> = (0..Self::ROUTED_WIRES)
            .map(|i| vars.local_wires[i])
            .collect();
        yield_constr.many(chi_constraints(&w, vars.local_constants[0]));
    }

    fn eval_unfiltered_circuit(
        &self,
        builder: &mut CircuitBuilder<F, D>,
        vars: EvaluationTargets<D>,
    ) -> Vec<ExtensionTarget<D>> {
        let w = vars.local_wires;
        let rc = vars.local_constants[0];
        let one = builder.one_extension();
        let xor = |builder: &mut CircuitBuilder<F, D>, u, v| {
            let s = builder.add_extension(u, v);
            builder.arithmetic_extension(-F::TWO, F::ONE, u, v, s)
        };
        let mut constraints = Vec::with_capacity(30);
        for y in 0..5 {
            let b: Vec<_> = (0..5)
                .map(|x| xor(builder, w[Self::wire_a(y, x)], w[Self::wire_d(y, x)]))
                .collect();
            for x in 0..5 {
                let not_b1 = builder.sub_extension(one, b[(x + 1) % 5]);
                let t = builder.mul_extension(not_b1, b[(x + 2) % 5]);
                let mut out = xor(builder, b[x], t);
                if y == 0 && x == 0 {
                    out = xor(builder, out, rc);
                }
                constraints.push(builder.sub_extension(w[Self::wire_out(y, x)], out));
            }
        }
        for x in 0..5 {
            let mut prod = one;
            for y in 0..5 {
                let factor = builder.mul_const_add_extension(-F::TWO, w[Self::wire_out(y, x)], one);
                prod = builder.mul_extension(prod, factor);
            }
            let two_par = builder.mul_const_extension(F::TWO, w[Self::wire_parity(x)]);
            let t = builder.sub_extension(two_par, one);
            constraints.push(builder.add_extension(t, prod));
        }
        constraints
    }

    fn generators(&self, row: usize, constants: &[F]) -> Vec<WitnessGeneratorRef<F, D>> {
        let rc = constants.first().copied().unwrap_or(F::ZERO);
        vec![WitnessGeneratorRef::new(
            ChiGenerator::<F, D> {
                row,
                rc,
                _phantom: PhantomData,
            }
            .adapter(),
        )]
    }

    fn num_wires(&self) -> usize {
        Self::ROUTED_WIRES
    }

    fn num_constants(&self) -> usize {
        1
    }

    fn degree(&self) -> usize {
        // χ is degree 6 in the wires; ι multiplies lane (0, 0) by the constant.
        7
    }

    fn num_constraints(&self) -> usize {
        30
    }
}

/// Computes the outputs and column parities of one [`ChiGate`] row.
#[derive(Debug, Clone)]
pub struct ChiGenerator<F: RichField + Extendable<D>, const D: usize> {
    row: usize,
    rc: F,
    _phantom: PhantomData<F>,
}

impl<F: RichField + Extendable<D>, const D: usize> SimpleGenerator<F, D> for ChiGenerator<F, D> {
    fn id(&self) -> String {
        "zkclear::ChiGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        (0..5)
            .flat_map(|y| (0..5).flat_map(move |x| [ChiGate::wire_a(y, x), ChiGate::wire_d(y, x)]))
            .map(|w| Target::wire(self.row, w))
            .collect()
    }

    fn run_once(
        &self,
        witness: &PartitionWitness<F>,
        out: &mut GeneratedValues<F>,
    ) -> AnyResult<()> {
        let mut w = vec![F::ZERO; ChiGate::ROUTED_WIRES];
        for y in 0..5 {
            for x in 0..5 {
                for wire in [ChiGate::wire_a(y, x), ChiGate::wire_d(y, x)] {
                    w[wire] = witness.get_target(Target::wire(self.row, wire));
                }
            }
        }
        let (outs, parities) = chi_slice(&w, self.rc);
        for (y, row) in outs.iter().enumerate() {
            for (x, &v) in row.iter().enumerate() {
                out.set_target(Target::wire(self.row, ChiGate::wire_out(y, x)), v)?;
            }
        }
        for (x, &v) in parities.iter().enumerate() {
            out.set_target(Target::wire(self.row, ChiGate::wire_parity(x)), v)?;
        }
        Ok(())
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_usize(self.row)?;
        dst.write_field(self.rc)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            row: src.read_usize()?,
            rc: src.read_field()?,
            _phantom: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate_testing::{test_eval_fns, test_low_degree};

    use super::*;
    use crate::gadgets::range::test_support::{C, D, F};

    fn config() -> CircuitConfig {
        CircuitConfig::standard_recursion_config()
    }

    #[test]
    fn xor_gates_have_the_declared_degree_and_matching_evaluators() -> AnyResult<()> {
        for arity in [2, 5] {
            let gate = XorGate::new_from_config(&config(), arity);
            test_low_degree::<F, _, D>(gate);
            test_eval_fns::<F, C, _, D>(gate)?;
        }
        Ok(())
    }

    #[test]
    fn chi_gate_has_the_declared_degree_and_matching_evaluators() -> AnyResult<()> {
        test_low_degree::<F, _, D>(ChiGate);
        test_eval_fns::<F, C, _, D>(ChiGate)
    }

    #[test]
    fn field_formulas_match_boolean_logic() {
        for m in 0u32..1024 {
            let bit = |i: u32| F::from_bool((m >> i) & 1 == 1);
            let a: Vec<F> = (0..5).map(bit).collect();
            let d: Vec<F> = (5..10).map(bit).collect();
            let outs = chi_outputs(&a, &d);
            let b: Vec<bool> = (0..5)
                .map(|x| ((m >> x) ^ (m >> (x + 5))) & 1 == 1)
                .collect();
            for x in 0..5 {
                let expect = b[x] ^ (!b[(x + 1) % 5] & b[(x + 2) % 5]);
                assert_eq!(outs[x], F::from_bool(expect));
            }
            let parity = (m & 31).count_ones() % 2 == 1;
            assert_eq!(xor_all(a.clone()), F::from_bool(parity));
            assert_eq!(xor_constraint(&a, F::from_bool(parity)), F::ZERO);
            assert_ne!(xor_constraint(&a, F::from_bool(!parity)), F::ZERO);
        }
    }
}

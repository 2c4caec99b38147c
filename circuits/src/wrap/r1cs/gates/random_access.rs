//! `RandomAccessGate` constraints at zeta (plonky2 `gates/random_access.rs`, `eval_unfiltered`):
//! per copy, the index bits are boolean, they recompose to the access index, and the tree of
//! selections `x + b (y - x)` over the list, one level per bit, ends at the claimed element;
//! then the extra constants equal their wires.

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::random_access::RandomAccessGate;

use super::arithmetic_extension::{ext_sub_base_const, local_constant, local_wire};
use super::{ext_lazy_sum, ext_mul, ext_mul_const, EvaluationVarsVar};
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// plonky2's wire layout of the gate (its index functions are crate-private).
struct Layout {
    bits: usize,
    num_copies: usize,
    vec_size: usize,
    num_extra_constants: usize,
}

impl Layout {
    fn new(gate: &RandomAccessGate<GoldilocksField, 2>) -> Self {
        Self {
            bits: gate.bits,
            num_copies: gate.num_copies,
            vec_size: 1 << gate.bits,
            num_extra_constants: gate.num_extra_constants,
        }
    }
    fn wire_access_index(&self, copy: usize) -> usize {
        (2 + self.vec_size) * copy
    }
    fn wire_claimed_element(&self, copy: usize) -> usize {
        (2 + self.vec_size) * copy + 1
    }
    fn wire_list_item(&self, i: usize, copy: usize) -> usize {
        (2 + self.vec_size) * copy + 2 + i
    }
    fn start_extra_constants(&self) -> usize {
        (2 + self.vec_size) * self.num_copies
    }
    fn num_routed_wires(&self) -> usize {
        self.start_extra_constants() + self.num_extra_constants
    }
    fn wire_bit(&self, i: usize, copy: usize) -> usize {
        self.num_routed_wires() + copy * self.bits + i
    }
}

/// The gate's unfiltered constraints, in plonky2's order: per copy `bits` boolean constraints,
/// the recomposition, the selected element; then one per extra constant.
pub fn eval_unfiltered(
    gate: &RandomAccessGate<GoldilocksField, 2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let layout = Layout::new(gate);
    if layout.bits >= 64 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut constraints =
        Vec::with_capacity(layout.num_copies * (layout.bits + 2) + layout.num_extra_constants);
    for copy in 0..layout.num_copies {
        let access_index = local_wire(vars, layout.wire_access_index(copy))?;
        let mut list_items = (0..layout.vec_size)
            .map(|i| local_wire(vars, layout.wire_list_item(i, copy)))
            .collect::<Result<Vec<_>, _>>()?;
        let claimed_element = local_wire(vars, layout.wire_claimed_element(copy))?;
        let bits = (0..layout.bits)
            .map(|i| local_wire(vars, layout.wire_bit(i, copy)))
            .collect::<Result<Vec<_>, _>>()?;

        for b in &bits {
            constraints.push(ext_mul(b, &ext_sub_base_const(b, 1))?);
        }

        // plonky2 folds `acc.double() + b` from the top bit; the flat sum of `b_i 2^i` is the
        // same value with a smaller representation.
        let weighted: Vec<_> = bits
            .iter()
            .enumerate()
            .map(|(i, b)| ext_mul_const(b, 1u64 << i))
            .collect();
        constraints.push(ext_lazy_sum(&weighted).sub(&access_index));

        // One level per bit, lowest bit first: pairs (x, y) -> x + b (y - x). `ext_mul` reduces
        // the (growing) difference only when the product could overflow.
        for b in &bits {
            list_items = list_items
                .chunks_exact(2)
                .map(|pair| {
                    let (x, y) = (&pair[0], &pair[1]);
                    Ok(ext_lazy_sum(&[x.clone(), ext_mul(b, &y.sub(x))?]))
                })
                .collect::<Result<Vec<_>, SynthesisError>>()?;
        }
        let [selected] = list_items.as_slice() else {
            return Err(SynthesisError::Unsatisfiable);
        };
        constraints.push(selected.sub(&claimed_element));
    }
    for i in 0..layout.num_extra_constants {
        let wire = local_wire(vars, layout.start_extra_constants() + i)?;
        constraints.push(local_constant(vars, i)?.sub(&wire));
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

    /// The gate `random_access` builds for a list of `2^bits` items under the standard recursion
    /// config; the FRI verifier's Merkle-cap and coset-point lookups use `bits` = 4 (cap height
    /// 4, arity 2^4).
    fn standard_gate(bits: usize) -> RandomAccessGate<GoldilocksField, 2> {
        RandomAccessGate::new_from_config(&CircuitConfig::standard_recursion_config(), bits)
    }

    #[test]
    fn random_access_matches_native_at_standard_recursion_config() -> anyhow::Result<()> {
        let gate = standard_gate(4);
        assert_eq!(
            (gate.num_copies, gate.num_extra_constants),
            (4, 2),
            "4 copies of 18 routed wires, 2 extra constants"
        );
        let gate = GateRef::new(gate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("RandomAccessGate (bits 4, 4 copies, 2 constants): {cost} constraints");
        // Two levels of the 4-level tree need their ~208-bit differences reduced: ~1.3k a copy.
        assert!(cost <= 5_400, "cost {cost}");
        assert_gate_matches_native(&gate, 2)?;
        // Other list sizes the builder may use.
        for bits in [1, 2, 3, 5] {
            let g = GateRef::new(standard_gate(bits));
            let c = assert_gate_matches_native(&g, 10 + bits as u64)?;
            eprintln!("RandomAccessGate (bits {bits}): {c} constraints");
        }
        Ok(())
    }

    #[test]
    fn random_access_rejects_tampered_wires_and_constants() -> anyhow::Result<()> {
        let layout = Layout::new(&standard_gate(4));
        let gate = GateRef::new(standard_gate(4));
        for tamper in [
            Tamper::Wire(layout.wire_access_index(0)),
            Tamper::Wire(layout.wire_claimed_element(3)),
            Tamper::Wire(layout.wire_list_item(0, 1)),
            Tamper::Wire(layout.wire_list_item(15, 2)),
            Tamper::Wire(layout.wire_bit(0, 0)),
            Tamper::Wire(layout.wire_bit(3, 3)),
            Tamper::Wire(layout.start_extra_constants() + 1),
            Tamper::Constant(0),
        ] {
            assert_tampered_rejected(&gate, 3, tamper)?;
        }
        Ok(())
    }
}

//! `PoseidonMdsGate` constraints at zeta (plonky2 `gates/poseidon_mds.rs`, `eval_unfiltered`):
//! Poseidon's MDS layer over the extension algebra `F_p^2 ⊗ F_p^2`. Wires `2i, 2i + 1` hold the two
//! components of input `i`, wires `2(12 + i), 2(12 + i) + 1` those of output `i`; the MDS
//! constants are base-field scalars, so the layer acts on each component separately. Constraint
//! `2i + k` is `output_i[k] - mds(inputs)_i[k]`: 24 constraints, all linear, so the evaluation
//! costs no R1CS constraint (outputs stay about 74 bits).

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::poseidon_mds::PoseidonMdsGate;
use plonky2::hash::poseidon::{Poseidon, SPONGE_WIDTH};

use super::{ext_lazy_sum, ext_mul_const, EvaluationVarsVar};
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// Extension degree: one algebra element is two extension wires.
const D: usize = 2;

/// plonky2's `mds_row_shf_algebra` on one component of the algebra elements.
fn mds_row(r: usize, v: &[&GoldilocksExtVar]) -> GoldilocksExtVar {
    let circ = <GoldilocksField as Poseidon>::MDS_MATRIX_CIRC;
    let diag = <GoldilocksField as Poseidon>::MDS_MATRIX_DIAG;
    let mut terms: Vec<_> = (0..SPONGE_WIDTH)
        .filter(|&i| circ[i] != 0)
        .map(|i| ext_mul_const(v[(i + r) % SPONGE_WIDTH], circ[i]))
        .collect();
    if diag[r] != 0 {
        terms.push(ext_mul_const(v[r], diag[r]));
    }
    ext_lazy_sum(&terms)
}

/// The gate's 24 unfiltered constraints, in plonky2's order.
pub fn eval_unfiltered(
    _gate: &PoseidonMdsGate<GoldilocksField, 2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let w = &vars.local_wires;
    if w.len() < 2 * SPONGE_WIDTH * D {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut constraints = Vec::with_capacity(SPONGE_WIDTH * D);
    for i in 0..SPONGE_WIDTH {
        for k in 0..D {
            let component: Vec<&GoldilocksExtVar> =
                (0..SPONGE_WIDTH).map(|j| &w[j * D + k]).collect();
            let computed = mds_row(i, &component);
            constraints.push(w[(SPONGE_WIDTH + i) * D + k].sub(&computed));
        }
    }
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    fn gate() -> GateRef<GoldilocksField, 2> {
        GateRef::new(PoseidonMdsGate::<GoldilocksField, 2>::new())
    }

    #[test]
    fn poseidon_mds_gate_matches_native_at_no_cost() -> anyhow::Result<()> {
        let cost = assert_gate_matches_native(&gate(), 1)?;
        eprintln!("PoseidonMdsGate eval_unfiltered: {cost} R1CS constraints");
        assert_eq!(cost, 0);
        Ok(())
    }

    #[test]
    fn poseidon_mds_gate_rejects_tampered_wires() -> anyhow::Result<()> {
        // An input component of each half and an output component.
        for wire in [0, 2 * 5 + 1, 2 * (SPONGE_WIDTH + 7)] {
            assert_tampered_rejected(&gate(), 4, Tamper::Wire(wire))?;
        }
        Ok(())
    }
}

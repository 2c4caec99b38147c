//! `PublicInputGate` constraints at zeta (plonky2 `gates/public_input.rs`, `eval_unfiltered`):
//! `local_wires[i] - public_inputs_hash[i]` for the four hash elements.

use ark_relations::gr1cs::SynthesisError;
use plonky2::gates::public_input::PublicInputGate;

use super::arithmetic_extension::local_wire;
use super::EvaluationVarsVar;
use crate::wrap::r1cs::extension::GoldilocksExtVar;

/// The gate's unfiltered constraints, in plonky2's order (wires 0..4 against the hash, each hash
/// element embedded in the extension; no constraints, lazy differences).
pub fn eval_unfiltered(
    _gate: &PublicInputGate,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    vars.public_inputs_hash
        .iter()
        .enumerate()
        .map(|(wire, hash_part)| {
            Ok(local_wire(vars, wire)?.sub(&GoldilocksExtVar::from_base(hash_part)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    #[test]
    fn public_input_gate_matches_native() -> anyhow::Result<()> {
        let gate = GateRef::new(PublicInputGate);
        let cost = assert_gate_matches_native(&gate, 1)?;
        eprintln!("PublicInputGate: {cost} constraints");
        assert_eq!(cost, 0);
        Ok(())
    }

    #[test]
    fn public_input_gate_rejects_tampered_wire_and_hash() -> anyhow::Result<()> {
        let gate = GateRef::new(PublicInputGate);
        for tamper in [Tamper::Wire(3), Tamper::PublicInputsHash(0)] {
            assert_tampered_rejected(&gate, 2, tamper)?;
        }
        Ok(())
    }
}

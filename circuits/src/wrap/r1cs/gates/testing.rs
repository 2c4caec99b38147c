//! Test harness for the R1CS gate evaluations: random opened values, evaluated both by plonky2's
//! native `Gate::eval_unfiltered` and by this module's [`eval_unfiltered`], compared value by
//! value and then *enforced* in R1CS, so that a wrong witness is caught by `cs.is_satisfied()`.
//!
//! Typical use in a gate file's tests:
//!
//! ```ignore
//! let gate = GateRef::new(ArithmeticGate::new_from_config(&config));
//! let cost = assert_gate_matches_native(&gate, 1)?;
//! assert_tampered_rejected(&gate, 2, Tamper::Wire(0))?;
//! ```

use anyhow::{ensure, Context};
use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::extension::FieldExtension;
use plonky2::field::types::{Field, PrimeField64, Sample};
use plonky2::gates::gate::GateRef;
use plonky2::hash::hash_types::HashOut;
use plonky2::plonk::vars::EvaluationVars;
use rand::rngs::StdRng;
use rand::SeedableRng;

use super::{eval_unfiltered, EvaluationVarsVar, D, F};
use crate::wrap::r1cs::extension::GoldilocksExtVar;
use crate::wrap::r1cs::goldilocks::GoldilocksVar;

/// plonky2's extension field for the final circuit.
pub(crate) type E = QuadraticExtension<F>;

/// Canonical coefficients of an extension element.
pub(crate) fn ext_coeffs(e: E) -> [u64; 2] {
    let [a, b] = e.to_basefield_array();
    [a.to_canonical_u64(), b.to_canonical_u64()]
}

/// An extension element as an R1CS constant (no constraints).
pub(crate) fn ext_constant(e: E) -> GoldilocksExtVar {
    let [a, b] = ext_coeffs(e);
    GoldilocksExtVar::constant(a, b)
}

/// Which opened value a tamper test changes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Tamper {
    /// A wire column (index into the gate's wires).
    Wire(usize),
    /// A constant column (index into the gate's constants, selectors already removed).
    Constant(usize),
    /// One element of the public-inputs hash.
    PublicInputsHash(usize),
}

/// Native opened values for one gate (selectors already removed, as `eval_unfiltered` sees them).
#[derive(Clone, Debug)]
pub(crate) struct Opening {
    /// `gate.num_constants()` constant columns at zeta.
    pub constants: Vec<E>,
    /// `gate.num_wires()` wire columns at zeta.
    pub wires: Vec<E>,
    /// The public-inputs hash.
    pub public_inputs_hash: HashOut<F>,
}

impl Opening {
    /// Uniformly random opened values with the given shape, from a seeded RNG.
    pub(crate) fn random(num_constants: usize, num_wires: usize, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        Self {
            constants: (0..num_constants).map(|_| E::sample(&mut rng)).collect(),
            wires: (0..num_wires).map(|_| E::sample(&mut rng)).collect(),
            public_inputs_hash: HashOut::sample(&mut rng),
        }
    }

    /// Random opened values shaped for `gate`.
    pub(crate) fn for_gate(gate: &GateRef<F, D>, seed: u64) -> Self {
        Self::random(gate.0.num_constants(), gate.0.num_wires(), seed)
    }

    /// A copy with one opened value changed (by adding one to its first coefficient).
    pub(crate) fn tampered(&self, tamper: Tamper) -> Self {
        let mut out = self.clone();
        match tamper {
            Tamper::Wire(i) => out.wires[i] += E::ONE,
            Tamper::Constant(i) => out.constants[i] += E::ONE,
            Tamper::PublicInputsHash(i) => out.public_inputs_hash.elements[i] += F::ONE,
        }
        out
    }

    /// plonky2's native `eval_unfiltered` on these values.
    pub(crate) fn native(&self, gate: &GateRef<F, D>) -> Vec<E> {
        gate.0.eval_unfiltered(EvaluationVars {
            local_constants: &self.constants,
            local_wires: &self.wires,
            public_inputs_hash: &self.public_inputs_hash,
        })
    }

    /// Allocates every opened value as a canonical witness.
    pub(crate) fn allocate(
        &self,
        cs: ConstraintSystemRef<Fr>,
    ) -> Result<EvaluationVarsVar, SynthesisError> {
        let alloc = |v: &[E]| {
            v.iter()
                .map(|e| GoldilocksExtVar::new_canonical_witness(cs.clone(), Some(ext_coeffs(*e))))
                .collect::<Result<Vec<_>, _>>()
        };
        let local_constants = alloc(&self.constants)?;
        let local_wires = alloc(&self.wires)?;
        let mut hash = Vec::with_capacity(4);
        for h in self.public_inputs_hash.elements {
            let (v, _) =
                GoldilocksVar::new_canonical_witness(cs.clone(), Some(h.to_canonical_u64()))?;
            hash.push(v);
        }
        let public_inputs_hash = hash.try_into().map_err(|_| SynthesisError::Unsatisfiable)?;
        Ok(EvaluationVarsVar {
            local_constants,
            local_wires,
            public_inputs_hash,
        })
    }
}

/// Enforces `outputs[i] == expected[i]` (expected as constants).
pub(crate) fn enforce_outputs(
    outputs: &[GoldilocksExtVar],
    expected: &[E],
) -> Result<(), SynthesisError> {
    if outputs.len() != expected.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    for (o, e) in outputs.iter().zip(expected) {
        o.enforce_equal(&ext_constant(*e))?;
    }
    Ok(())
}

/// Evaluates `gate` in R1CS on random opened values (seeded), checks every output's value against
/// plonky2's native evaluation, enforces the equalities and asserts the system is satisfied.
/// Returns the number of constraints of the evaluation alone (not the witness allocation nor the
/// final equality checks).
pub(crate) fn assert_gate_matches_native(gate: &GateRef<F, D>, seed: u64) -> anyhow::Result<usize> {
    let opening = Opening::for_gate(gate, seed);
    let native = opening.native(gate);
    ensure!(
        native.len() == gate.0.num_constraints(),
        "native evaluation of {} gave {} constraints, expected {}",
        gate.0.id(),
        native.len(),
        gate.0.num_constraints()
    );
    let cs = ConstraintSystem::<Fr>::new_ref();
    let vars = opening.allocate(cs.clone())?;
    let before = cs.num_constraints();
    let outputs = eval_unfiltered(gate, &vars)
        .with_context(|| format!("R1CS evaluation of {}", gate.0.id()))?;
    let cost = cs.num_constraints() - before;
    ensure!(
        outputs.len() == native.len(),
        "{}: {} outputs, native has {}",
        gate.0.id(),
        outputs.len(),
        native.len()
    );
    for (i, (o, n)) in outputs.iter().zip(&native).enumerate() {
        ensure!(
            o.value()? == ext_coeffs(*n),
            "{}: constraint {i} differs from native",
            gate.0.id()
        );
    }
    enforce_outputs(&outputs, &native)?;
    ensure!(
        cs.is_satisfied()?,
        "{}: honest witness unsatisfied at {:?}",
        gate.0.id(),
        cs.which_is_unsatisfied()?
    );
    Ok(cost)
}

/// Changes one opened value, evaluates `gate` in R1CS on the tampered witness, enforces the
/// outputs to equal the native evaluation of the *honest* values, and asserts the system is not
/// satisfied. Also asserts that the tamper changes the native evaluation (otherwise the test
/// would prove nothing).
pub(crate) fn assert_tampered_rejected(
    gate: &GateRef<F, D>,
    seed: u64,
    tamper: Tamper,
) -> anyhow::Result<()> {
    let honest = Opening::for_gate(gate, seed);
    let expected = honest.native(gate);
    let bad = honest.tampered(tamper);
    ensure!(
        bad.native(gate) != expected,
        "{}: tampering {tamper:?} does not change the native constraints",
        gate.0.id()
    );
    let cs = ConstraintSystem::<Fr>::new_ref();
    let vars = bad.allocate(cs.clone())?;
    let outputs = eval_unfiltered(gate, &vars)?;
    enforce_outputs(&outputs, &expected)?;
    ensure!(
        !cs.is_satisfied()?,
        "{}: tampered {tamper:?} still satisfies the constraints",
        gate.0.id()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plonky2::gates::noop::NoopGate;

    #[test]
    fn tampering_changes_the_opening() {
        let o = Opening::random(2, 3, 7);
        let t = o.tampered(Tamper::Wire(1));
        assert_eq!(t.wires[0], o.wires[0]);
        assert_eq!(t.wires[1], o.wires[1] + E::ONE);
        let t = o.tampered(Tamper::PublicInputsHash(3));
        assert_ne!(t.public_inputs_hash, o.public_inputs_hash);
    }

    #[test]
    fn allocated_opening_holds_the_native_values() -> anyhow::Result<()> {
        let o = Opening::random(1, 2, 9);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = o.allocate(cs.clone())?;
        assert_eq!(v.local_wires[1].value()?, ext_coeffs(o.wires[1]));
        assert_eq!(v.local_constants[0].value()?, ext_coeffs(o.constants[0]));
        assert_eq!(
            v.public_inputs_hash[2].value()?,
            o.public_inputs_hash.elements[2].to_canonical_u64()
        );
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn enforce_outputs_rejects_a_wrong_expected_value() -> anyhow::Result<()> {
        let o = Opening::random(0, 1, 11);
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = o.allocate(cs.clone())?;
        enforce_outputs(&v.local_wires, &[o.wires[0] + E::ONE])?;
        assert!(!cs.is_satisfied()?);
        // A gate without constraints has nothing to compare: zero outputs on both sides.
        let noop = GateRef::new(NoopGate);
        assert!(Opening::for_gate(&noop, 1).native(&noop).is_empty());
        Ok(())
    }
}

//! The shrink step: from an inner proof (Goldilocks-Poseidon config, e.g. the aggregation
//! layer) to the final proof that the Groth16 wrapper verifies.
//!
//! Two recursion layers, both with the FRI parameters of a [`WrapSecurity`]:
//! 1. `middle` (Goldilocks-Poseidon hashing) verifies the inner proof; its size no longer depends
//!    on the inner circuit.
//! 2. `final` (Poseidon-BN254 hashing, [`PoseidonBn254GoldilocksConfig`]) verifies the middle
//!    proof, so the R1CS wrapper hashes natively in BN254.
//!
//! Both layers forward the inner public inputs unchanged (the statement digest), and both fix
//! the verifier data of the layer below as circuit constants, so a final proof binds the exact
//! inner circuit.

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{
    CircuitData, CommonCircuitData, VerifierCircuitData, VerifierOnlyCircuitData,
};
use plonky2::plonk::config::{GenericConfig, PoseidonGoldilocksConfig};
use plonky2::plonk::proof::{ProofWithPublicInputs, ProofWithPublicInputsTarget};
use thiserror::Error;

use super::security::WrapSecurity;
use crate::wrap::hash_config::PoseidonBn254GoldilocksConfig;

/// Extension degree used throughout.
pub const D: usize = 2;
/// Base field.
pub type F = GoldilocksField;
/// Config of the inner and middle proofs.
pub type InnerConfig = PoseidonGoldilocksConfig;
/// Config of the final proof.
pub type FinalConfig = PoseidonBn254GoldilocksConfig;
/// The final proof the Groth16 wrapper verifies.
pub type FinalProof = ProofWithPublicInputs<F, FinalConfig, D>;

/// Failures of the shrink step.
#[derive(Debug, Error)]
pub enum ShrinkError {
    /// The inner proof does not verify against the inner circuit: nothing to shrink.
    #[error("inner proof does not verify: {0}")]
    InnerProofInvalid(anyhow::Error),
    /// The inner proof has a different number of public inputs than the inner circuit.
    #[error("inner proof has {got} public inputs, the inner circuit {expected}")]
    PublicInputCount {
        /// Public inputs of the inner circuit.
        expected: usize,
        /// Public inputs in the given proof.
        got: usize,
    },
    /// Witness generation or proving of a shrink layer failed.
    #[error("proving the {layer} shrink layer failed: {source}")]
    Prove {
        /// `middle` or `final`.
        layer: &'static str,
        /// plonky2's error.
        source: anyhow::Error,
    },
}

/// The text of a caught panic payload (`&str` or `String`), for error messages.
fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-text panic payload".to_owned())
}

/// One recursion layer: verifies one proof of config `Cin`, proves with config `Cout`.
struct Layer<Cout: GenericConfig<D, F = F>> {
    data: CircuitData<F, Cout, D>,
    proof_target: ProofWithPublicInputsTarget<D>,
}

impl<Cout: GenericConfig<D, F = F>> Layer<Cout> {
    fn build(
        security: WrapSecurity,
        inner_common: &CommonCircuitData<F, D>,
        inner_verifier: &VerifierOnlyCircuitData<InnerConfig, D>,
    ) -> Self {
        let mut builder = CircuitBuilder::<F, D>::new(security.circuit_config());
        let proof_target = builder.add_virtual_proof_with_pis(inner_common);
        let vd = builder.constant_verifier_data::<InnerConfig>(inner_verifier);
        builder.verify_proof::<InnerConfig>(&proof_target, &vd, inner_common);
        builder.register_public_inputs(&proof_target.public_inputs);
        let data = builder.build::<Cout>();
        Self { data, proof_target }
    }

    fn prove(
        &self,
        layer: &'static str,
        inner: &ProofWithPublicInputs<F, InnerConfig, D>,
    ) -> Result<ProofWithPublicInputs<F, Cout, D>, ShrinkError> {
        let mut pw = PartialWitness::new();
        pw.set_proof_with_pis_target(&self.proof_target, inner)
            .map_err(|source| ShrinkError::Prove { layer, source })?;
        // plonky2's witness generators assert on inconsistent witnesses (e.g. a value that does
        // not fit its limbs when the inner proof was tampered with) instead of returning an
        // error; a bad proof from a worker must be an error here, never a crashed prover.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.data.prove(pw)))
            .map_err(|panic| ShrinkError::Prove {
                layer,
                source: anyhow::anyhow!("witness generation panicked: {}", panic_message(&panic)),
            })?
            .map_err(|source| ShrinkError::Prove { layer, source })
    }
}

/// The two shrink circuits for one inner circuit. Building costs seconds; build once, prove many.
pub struct ShrinkCircuit {
    security: WrapSecurity,
    inner_common: CommonCircuitData<F, D>,
    inner_verifier: VerifierOnlyCircuitData<InnerConfig, D>,
    middle: Layer<InnerConfig>,
    final_layer: Layer<FinalConfig>,
}

impl std::fmt::Debug for ShrinkCircuit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShrinkCircuit")
            .field("security", &self.security)
            .field("final_degree_bits", &self.final_common().degree_bits())
            .finish()
    }
}

impl ShrinkCircuit {
    /// Builds the middle and final layers for proofs of the given inner circuit.
    pub fn build(
        security: WrapSecurity,
        inner_common: &CommonCircuitData<F, D>,
        inner_verifier: &VerifierOnlyCircuitData<InnerConfig, D>,
    ) -> Self {
        let middle = Layer::<InnerConfig>::build(security, inner_common, inner_verifier);
        let final_layer =
            Layer::<FinalConfig>::build(security, &middle.data.common, &middle.data.verifier_only);
        Self {
            security,
            inner_common: inner_common.clone(),
            inner_verifier: inner_verifier.clone(),
            middle,
            final_layer,
        }
    }

    /// The security level both layers were built with.
    pub fn security(&self) -> WrapSecurity {
        self.security
    }

    /// Shape of the final proof (what the R1CS wrapper is specialised to).
    pub fn final_common(&self) -> &CommonCircuitData<F, D> {
        &self.final_layer.data.common
    }

    /// Verifier key of the final proof (constants/sigmas cap and circuit digest).
    pub fn final_verifier(&self) -> &VerifierOnlyCircuitData<FinalConfig, D> {
        &self.final_layer.data.verifier_only
    }

    /// Shrinks one inner proof. The inner proof is checked natively first so that a bad proof
    /// gets a clear error; the recursive verifiers enforce the same check in-circuit.
    pub fn shrink(
        &self,
        inner: &ProofWithPublicInputs<F, InnerConfig, D>,
    ) -> Result<FinalProof, ShrinkError> {
        let expected = self.inner_common.num_public_inputs;
        if inner.public_inputs.len() != expected {
            return Err(ShrinkError::PublicInputCount {
                expected,
                got: inner.public_inputs.len(),
            });
        }
        VerifierCircuitData {
            verifier_only: self.inner_verifier.clone(),
            common: self.inner_common.clone(),
        }
        .verify(inner.clone())
        .map_err(ShrinkError::InnerProofInvalid)?;
        self.shrink_unchecked(inner)
    }

    /// Shrinks without the native pre-check: only the in-circuit verifiers stand between a bad
    /// inner proof and a final proof (used by tests that show they do).
    pub(crate) fn shrink_unchecked(
        &self,
        inner: &ProofWithPublicInputs<F, InnerConfig, D>,
    ) -> Result<FinalProof, ShrinkError> {
        let middle = self.middle.prove("middle", inner)?;
        self.final_layer.prove("final", &middle)
    }

    /// Verifies a final proof natively (what the R1CS wrapper re-does in BN254).
    pub fn verify_final(&self, proof: &FinalProof) -> anyhow::Result<()> {
        self.final_layer.data.verify(proof.clone())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use plonky2::field::types::Field;
    use plonky2::plonk::circuit_data::CircuitConfig;

    /// A stand-in for the aggregation layer: proves knowledge of eight 32-bit limbs whose
    /// running product-sum is fixed, and exposes the limbs (the statement digest) publicly.
    pub(crate) fn inner_digest_proof(
        limbs: [u32; 8],
    ) -> anyhow::Result<(
        CircuitData<F, InnerConfig, D>,
        ProofWithPublicInputs<F, InnerConfig, D>,
    )> {
        let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
        let targets = builder.add_virtual_targets(8);
        for t in &targets {
            builder.range_check(*t, 32);
        }
        builder.register_public_inputs(&targets);
        let data = builder.build::<InnerConfig>();
        let mut pw = PartialWitness::new();
        for (t, l) in targets.iter().zip(limbs) {
            pw.set_target(*t, F::from_canonical_u32(l))?;
        }
        let proof = data.prove(pw)?;
        Ok((data, proof))
    }

    #[test]
    fn shrink_forwards_public_inputs_and_verifies() -> anyhow::Result<()> {
        let limbs = [1, 2, 3, 4, 5, 6, 7, u32::MAX];
        let (inner, proof) = inner_digest_proof(limbs)?;
        let shrink = ShrinkCircuit::build(
            WrapSecurity::InsecureTest,
            &inner.common,
            &inner.verifier_only,
        );
        let final_proof = shrink.shrink(&proof)?;
        shrink.verify_final(&final_proof)?;
        assert_eq!(final_proof.public_inputs, proof.public_inputs);
        Ok(())
    }

    #[test]
    fn shrink_rejects_tampered_inner_proof() -> anyhow::Result<()> {
        let (inner, mut proof) = inner_digest_proof([9; 8])?;
        let shrink = ShrinkCircuit::build(
            WrapSecurity::InsecureTest,
            &inner.common,
            &inner.verifier_only,
        );
        proof.public_inputs[0] = F::from_canonical_u32(10);
        assert!(matches!(
            shrink.shrink(&proof),
            Err(ShrinkError::InnerProofInvalid(_))
        ));
        // Without the native pre-check, the in-circuit verifier still refuses: either witness
        // generation fails or the resulting proof does not verify.
        match shrink.shrink_unchecked(&proof) {
            Err(ShrinkError::Prove { .. }) => {}
            Err(other) => anyhow::bail!("unexpected error: {other}"),
            Ok(bad) => assert!(shrink.verify_final(&bad).is_err()),
        }
        Ok(())
    }
}

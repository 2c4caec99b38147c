//! The wrapper circuit: one final plonky2 proof (the shrink step's output) verified in R1CS over
//! BN254, with the two 128-bit halves of the statement digest as its only public inputs.
//!
//! [`WrapCircuit`] allocates every proof element as a witness (canonical where the transcript
//! observes it, `< 2^64` where only a Merkle leaf packs it), then mirrors plonky2's
//! `verify_with_challenges`: the Fiat–Shamir transcript ([`transcript`]); the gate constraints
//! evaluated on the openings at zeta ([`gates`]) and the vanishing identity ([`vanishing`]); the
//! FRI proof of work and each query's index and point ([`fri`]), its Merkle openings against
//! the proof's caps and the verifier's constants/sigmas cap, fixed as a constant
//! ([`fri_merkle`]), and its folding down to the final polynomial ([`fri_fold`]); and the
//! binding of the proof's eight public limbs to the Groth16 inputs ([`statement`]).
//!
//! Invariant: the R1CS depends only on the final circuit's shape and verifier data
//! ([`WrapVerifierData`]), never on the proof, so one Groth16 key serves every proof; a proof of
//! another shape is refused at synthesis.
//!
//! [`transcript`]: super::r1cs::transcript
//! [`gates`]: super::r1cs::gates
//! [`vanishing`]: super::r1cs::vanishing
//! [`fri`]: super::r1cs::fri
//! [`fri_merkle`]: super::r1cs::fri_merkle
//! [`fri_fold`]: super::r1cs::fri_fold
//! [`statement`]: super::r1cs::statement

use ark_bn254::{Bn254, Fr};
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::Proof;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::extension::FieldExtension;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::VerifierOnlyCircuitData;
use plonky2::plonk::circuit_data::{CircuitConfig, CircuitData, CommonCircuitData};
use plonky2::plonk::proof::ProofWithPublicInputs;
use rand::rngs::StdRng;
use rand::{CryptoRng, RngCore, SeedableRng};
use thiserror::Error;

use super::groth16::{self, statement_inputs, Groth16Error, Groth16Keys};
use super::hash_config::Bn254HashOut;
use super::poseidon_bn254;
use super::r1cs::extension::GoldilocksExtVar;
use super::r1cs::fri::{check_proof_of_work, query_index_bits, query_point};
use super::r1cs::fri_fold::{
    ext_from_challenges, precompute_reduced_openings, verify_query_folding,
};
use super::r1cs::fri_merkle::{verify_query_paths, QueryOpeningsVar};
use super::r1cs::gates::{evaluate_gate_constraints, EvaluationVarsVar};
use super::r1cs::goldilocks::GoldilocksVar;
use super::r1cs::statement::{alloc_statement, DIGEST_LIMBS};
use super::r1cs::transcript::{get_challenges_and_public_inputs_hash, TranscriptInputs};
use super::r1cs::vanishing::{check_vanishing_at_zeta, OpeningSetVar};
use super::solidity::{render_verifier, VerifierProvenance, EMIT_COMMAND};
use crate::recursion::security::WrapSecurity;
use crate::recursion::shrink::{FinalConfig, FinalProof, InnerConfig, ShrinkCircuit, D, F};

/// Version of the wrapper's R1CS. Part of the circuit id: bump it whenever the constraints
/// change for the same final circuit, so a cached Groth16 key of the old R1CS is not looked up.
pub const WRAP_CIRCUIT_VERSION: &str = "zkclear-wrap/2";

/// Seed of the deterministic setup behind the committed `Groth16Verifier.sol`. INSECURE: the
/// setup's toxic waste is derivable from it, so anyone can forge proofs under that key.
pub const INSECURE_TEST_SETUP_SEED: u64 = 0x7a6b_636c_6561_7200;

type Q = QuadraticExtension<F>;

/// Failures of the wrap (witness preparation, Groth16).
#[derive(Debug, Error)]
pub enum WrapError {
    /// The final circuit does not expose exactly the eight statement limbs.
    #[error(
        "final circuit has {0} public inputs, the wrapper expects {DIGEST_LIMBS} statement limbs"
    )]
    PublicInputCount(usize),
    /// A public input of the final proof is not a 32-bit limb.
    #[error("public input {index} of the final proof is {value}, not a 32-bit limb")]
    LimbOutOfRange {
        /// Position among the public inputs.
        index: usize,
        /// The canonical value.
        value: u64,
    },
    /// The verifying key does not have the wrapper's two public inputs.
    #[error("verifying key has {0} public inputs, the wrapper two")]
    KeyShape(usize),
    /// Setup, proving or the key cache failed.
    #[error(transparent)]
    Groth16(#[from] Groth16Error),
}

/// What the wrapper is specialised to: the final circuit's shape and its verifier key.
#[derive(Clone, Debug)]
pub struct WrapVerifierData {
    /// The FRI parameters the final circuit was built with.
    pub security: WrapSecurity,
    /// Shape of the final proof.
    pub common: CommonCircuitData<F, D>,
    /// Circuit digest and constants/sigmas cap of the final circuit.
    pub verifier: VerifierOnlyCircuitData<FinalConfig, D>,
}

impl WrapVerifierData {
    /// The data of a shrink circuit's final layer.
    pub fn from_shrink(shrink: &ShrinkCircuit) -> Self {
        Self {
            security: shrink.security(),
            common: shrink.final_common().clone(),
            verifier: shrink.final_verifier().clone(),
        }
    }

    /// The Groth16 key-cache id: [`circuit_id`] of this security level and final circuit digest.
    pub fn circuit_id(&self) -> [u8; 32] {
        circuit_id(self.security, self.verifier.circuit_digest.0)
    }
}

/// Poseidon-BN254 of [`WRAP_CIRCUIT_VERSION`], the security level and the final circuit digest
/// (which commits to the final circuit's shape and constants), as 32 big-endian bytes.
pub fn circuit_id(security: WrapSecurity, final_circuit_digest: Fr) -> [u8; 32] {
    let mut inputs: Vec<Fr> = WRAP_CIRCUIT_VERSION
        .as_bytes()
        .chunks(31)
        .map(Fr::from_le_bytes_mod_order)
        .collect();
    inputs.push(Fr::from(WRAP_CIRCUIT_VERSION.len() as u64));
    inputs.push(Fr::from(match security {
        WrapSecurity::Secure => 1u64,
        WrapSecurity::InsecureTest => 2u64,
    }));
    inputs.push(final_circuit_digest);
    let mut id = [0u8; 32];
    id.copy_from_slice(
        &poseidon_bn254::hash_no_pad(&inputs)
            .into_bigint()
            .to_bytes_be(),
    );
    id
}

/// The statement digest a final proof exposes: limb `i` (a 32-bit public input) is the
/// big-endian `u32` of `digest[4i..4i+4]`.
pub fn statement_digest(proof: &FinalProof) -> Result<[u8; 32], WrapError> {
    digest_from_public_inputs(&proof.public_inputs)
}

/// [`statement_digest`] of a list of public inputs.
pub fn digest_from_public_inputs(public_inputs: &[F]) -> Result<[u8; 32], WrapError> {
    if public_inputs.len() != DIGEST_LIMBS {
        return Err(WrapError::PublicInputCount(public_inputs.len()));
    }
    let mut digest = [0u8; 32];
    for (i, x) in public_inputs.iter().enumerate() {
        let value = x.to_canonical_u64();
        let limb =
            u32::try_from(value).map_err(|_| WrapError::LimbOutOfRange { index: i, value })?;
        digest[4 * i..4 * i + 4].copy_from_slice(&limb.to_be_bytes());
    }
    Ok(digest)
}

/// The R1CS verifier of one final proof. `proof: None` synthesizes the same constraints with
/// unassigned witnesses (Groth16 setup).
#[derive(Clone, Copy, Debug)]
pub struct WrapCircuit<'a> {
    data: &'a WrapVerifierData,
    proof: Option<&'a FinalProof>,
}

impl<'a> WrapCircuit<'a> {
    /// The circuit for the setup (no witness).
    pub fn for_setup(data: &'a WrapVerifierData) -> Self {
        Self { data, proof: None }
    }

    /// The circuit with a final proof as witness.
    pub fn for_proof(data: &'a WrapVerifierData, proof: &'a FinalProof) -> Self {
        Self {
            data,
            proof: Some(proof),
        }
    }
}

/// `n` value slots: all `None` without a proof, else the proof's values (a length other than
/// `n` means the proof has another shape than the circuit: refused).
fn slots<T>(values: Option<&[T]>, n: usize) -> Result<Vec<Option<&T>>, SynthesisError> {
    match values {
        None => Ok(vec![None; n]),
        Some(v) if v.len() == n => Ok(v.iter().map(Some).collect()),
        Some(_) => Err(SynthesisError::Unsatisfiable),
    }
}

fn ext_limbs(x: &Q) -> [u64; 2] {
    let [a, b] = <Q as FieldExtension<2>>::to_basefield_array(x);
    [a.to_canonical_u64(), b.to_canonical_u64()]
}

fn digests(
    cs: &ConstraintSystemRef<Fr>,
    values: Option<&[Bn254HashOut]>,
    n: usize,
) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
    slots(values, n)?
        .into_iter()
        .map(|v| {
            FpVar::new_witness(cs.clone(), || {
                v.map(|h| h.0).ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect()
}

/// Extension elements the transcript observes: each coefficient canonical.
fn canonical_exts(
    cs: &ConstraintSystemRef<Fr>,
    values: Option<&[Q]>,
    n: usize,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    slots(values, n)?
        .into_iter()
        .map(|v| GoldilocksExtVar::new_canonical_witness(cs.clone(), v.map(ext_limbs)))
        .collect()
}

/// Extension elements only hashed into a Merkle leaf: each coefficient `< 2^64` (the packing
/// is injective on 64-bit limbs, so the committed tree fixes them).
fn u64_exts(
    cs: &ConstraintSystemRef<Fr>,
    values: Option<&[Q]>,
    n: usize,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    slots(values, n)?
        .into_iter()
        .map(|v| {
            let limbs = v.map(ext_limbs);
            Ok(GoldilocksExtVar {
                c0: GoldilocksVar::new_u64_witness(cs.clone(), limbs.map(|l| l[0]))?,
                c1: GoldilocksVar::new_u64_witness(cs.clone(), limbs.map(|l| l[1]))?,
            })
        })
        .collect()
}

fn u64_elements(
    cs: &ConstraintSystemRef<Fr>,
    values: Option<&[F]>,
    n: usize,
) -> Result<Vec<GoldilocksVar>, SynthesisError> {
    slots(values, n)?
        .into_iter()
        .map(|v| GoldilocksVar::new_u64_witness(cs.clone(), v.map(|x| x.to_canonical_u64())))
        .collect()
}

/// Allocates the Merkle openings of query `q` (shapes from `common`).
fn alloc_query(
    cs: &ConstraintSystemRef<Fr>,
    common: &CommonCircuitData<F, D>,
    proof: Option<&FinalProof>,
    q: usize,
) -> Result<QueryOpeningsVar, SynthesisError> {
    let cfg = &common.config;
    let fri = &common.fri_params;
    let cap_height = fri.config.cap_height;
    let lde_bits = fri.lde_bits();
    let round = proof.map(|p| &p.proof.opening_proof.query_round_proofs[q]);
    let leaf_lens = [
        common.num_constants + cfg.num_routed_wires,
        cfg.num_wires,
        cfg.num_challenges * (1 + common.num_partial_products),
        cfg.num_challenges * common.quotient_degree_factor,
    ];
    let depth = lde_bits
        .checked_sub(cap_height)
        .ok_or(SynthesisError::Unsatisfiable)?;
    let initial_proofs = slots(
        round.map(|r| r.initial_trees_proof.evals_proofs.as_slice()),
        leaf_lens.len(),
    )?;
    let mut initial = Vec::with_capacity(leaf_lens.len());
    for (len, opened) in leaf_lens.iter().zip(initial_proofs) {
        let leaf = u64_elements(cs, opened.map(|(l, _)| l.as_slice()), *len)?;
        let siblings = digests(cs, opened.map(|(_, p)| p.siblings.as_slice()), depth)?;
        initial.push((leaf, siblings));
    }
    let step_values = slots(
        round.map(|r| r.steps.as_slice()),
        fri.reduction_arity_bits.len(),
    )?;
    let mut steps = Vec::with_capacity(step_values.len());
    let mut bits = lde_bits;
    for (arity_bits, step) in fri.reduction_arity_bits.iter().zip(step_values) {
        bits = bits
            .checked_sub(*arity_bits)
            .ok_or(SynthesisError::Unsatisfiable)?;
        let evals = u64_exts(cs, step.map(|s| s.evals.as_slice()), 1 << arity_bits)?;
        let depth = bits
            .checked_sub(cap_height)
            .ok_or(SynthesisError::Unsatisfiable)?;
        let siblings = digests(cs, step.map(|s| s.merkle_proof.siblings.as_slice()), depth)?;
        steps.push((evals, siblings));
    }
    Ok(QueryOpeningsVar { initial, steps })
}

/// Allocates what the transcript observes (shapes from `common`); the public inputs are the
/// statement limbs allocated by [`alloc_statement`].
fn alloc_transcript_inputs(
    cs: &ConstraintSystemRef<Fr>,
    common: &CommonCircuitData<F, D>,
    proof: Option<&FinalProof>,
    public_inputs: Vec<GoldilocksVar>,
) -> Result<TranscriptInputs, SynthesisError> {
    let cfg = &common.config;
    let fri = &common.fri_params;
    let cap_len = 1 << fri.config.cap_height;
    let p = proof.map(|p| &p.proof);
    let openings: Option<Vec<Q>> = p.map(|p| {
        let o = &p.openings;
        // OpeningSet::to_fri_openings order without lookups: the zeta batch, then g·zeta.
        [
            o.constants.as_slice(),
            &o.plonk_sigmas,
            &o.wires,
            &o.plonk_zs,
            &o.partial_products,
            &o.quotient_polys,
            &o.plonk_zs_next,
        ]
        .concat()
    });
    if p.is_some_and(|p| !p.openings.lookup_zs.is_empty() || !p.openings.lookup_zs_next.is_empty())
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    let num_openings = common.num_constants
        + cfg.num_routed_wires
        + cfg.num_wires
        + cfg.num_challenges * (2 + common.num_partial_products + common.quotient_degree_factor);
    let commit_values = slots(
        p.map(|p| p.opening_proof.commit_phase_merkle_caps.as_slice()),
        fri.reduction_arity_bits.len(),
    )?;
    let commit_caps = commit_values
        .into_iter()
        .map(|c| digests(cs, c.map(|c| c.0.as_slice()), cap_len))
        .collect::<Result<_, _>>()?;
    let (pow_witness, _) = GoldilocksVar::new_canonical_witness(
        cs.clone(),
        p.map(|p| p.opening_proof.pow_witness.to_canonical_u64()),
    )?;
    Ok(TranscriptInputs {
        public_inputs,
        wires_cap: digests(cs, p.map(|p| p.wires_cap.0.as_slice()), cap_len)?,
        zs_partial_products_cap: digests(
            cs,
            p.map(|p| p.plonk_zs_partial_products_cap.0.as_slice()),
            cap_len,
        )?,
        quotient_cap: digests(cs, p.map(|p| p.quotient_polys_cap.0.as_slice()), cap_len)?,
        openings: canonical_exts(cs, openings.as_deref(), num_openings)?,
        commit_caps,
        final_poly: canonical_exts(
            cs,
            p.map(|p| p.opening_proof.final_poly.coeffs.as_slice()),
            fri.final_poly_len(),
        )?,
        pow_witness,
    })
}

impl ConstraintSynthesizer<Fr> for WrapCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> ark_relations::gr1cs::Result<()> {
        let common = &self.data.common;
        let fri = &common.fri_params;
        if common.num_public_inputs != DIGEST_LIMBS
            || fri.hiding
            || common.num_lookup_polys != 0
            || self.proof.is_some_and(|p| {
                p.proof.opening_proof.query_round_proofs.len() != fri.config.num_query_rounds
            })
        {
            return Err(SynthesisError::Unsatisfiable);
        }

        // The statement first: `hi`, `lo` are instance variables 1 and 2. The limbs are the
        // final proof's public inputs; a public input that is not a 32-bit limb is truncated
        // here and so breaks the transcript (unsatisfiable), it cannot reach the public halves.
        if self
            .proof
            .is_some_and(|p| p.public_inputs.len() != DIGEST_LIMBS)
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        let digest = self.proof.map(|p| {
            let mut d = [0u8; 32];
            for (i, x) in p.public_inputs.iter().take(DIGEST_LIMBS).enumerate() {
                let limb = x.to_canonical_u64() as u32;
                d[4 * i..4 * i + 4].copy_from_slice(&limb.to_be_bytes());
            }
            d
        });
        let (limbs, _) = alloc_statement(cs.clone(), digest)?;

        let inputs = alloc_transcript_inputs(&cs, common, self.proof, limbs)?;
        let (challenges, public_inputs_hash) = get_challenges_and_public_inputs_hash(
            common,
            self.data.verifier.circuit_digest.0,
            &inputs,
        )?;

        // plonky2 `verify_with_challenges`: the vanishing identity at zeta, with every gate's
        // constraints evaluated on the opened values.
        let openings = OpeningSetVar::from_fri_openings(common, &inputs.openings)?;
        let vars = EvaluationVarsVar {
            local_constants: openings.constants.clone(),
            local_wires: openings.wires.clone(),
            public_inputs_hash,
        };
        let gate_constraints = evaluate_gate_constraints(common, &vars)?;
        check_vanishing_at_zeta(common, &openings, &challenges, &gate_constraints)?;

        // plonky2 `verify_fri_proof`: proof of work, then per query the Merkle openings and the
        // folding down to the final polynomial.
        check_proof_of_work(
            &challenges.pow_response,
            fri.config.proof_of_work_bits as usize,
        )?;
        let zeta = ext_from_challenges(&challenges.zeta);
        let fri_alpha = ext_from_challenges(&challenges.fri_alpha);
        let fri_betas: Vec<GoldilocksExtVar> = challenges
            .fri_betas
            .iter()
            .map(ext_from_challenges)
            .collect();
        let reduced = precompute_reduced_openings(common, &fri_alpha, &inputs.openings)?;
        let constants_cap: Vec<FpVar<Fr>> = self
            .data
            .verifier
            .constants_sigmas_cap
            .0
            .iter()
            .map(|h| FpVar::constant(h.0))
            .collect();
        let initial_caps = [
            constants_cap,
            inputs.wires_cap.clone(),
            inputs.zs_partial_products_cap.clone(),
            inputs.quotient_cap.clone(),
        ];
        for (q, query_challenge) in challenges.query_challenges.iter().enumerate() {
            let index_bits = query_index_bits(query_challenge, fri.lde_bits())?;
            let x = query_point(&index_bits)?;
            let query = alloc_query(&cs, common, self.proof, q)?;
            verify_query_paths(
                &index_bits,
                &initial_caps,
                &inputs.commit_caps,
                &fri.reduction_arity_bits,
                &query,
            )?;
            verify_query_folding(
                common,
                &zeta,
                &fri_betas,
                &reduced,
                &index_bits,
                &x,
                &query,
                &inputs.final_poly,
            )?;
        }
        Ok(())
    }
}

/// Runs the Groth16 setup of the wrapper (or loads the cached key) under `data_dir`.
pub fn setup_keys<R: RngCore + CryptoRng>(
    data_dir: &std::path::Path,
    data: &WrapVerifierData,
    rng: &mut R,
) -> Result<Groth16Keys, WrapError> {
    Ok(groth16::load_or_setup(
        data_dir,
        data.circuit_id(),
        || WrapCircuit::for_setup(data),
        rng,
    )?)
}

/// Wraps one final proof: the Groth16 proof and the statement digest it attests. Fails (never
/// returns a proof) when the final proof does not satisfy the wrapper.
pub fn prove<R: RngCore + CryptoRng>(
    keys: &Groth16Keys,
    data: &WrapVerifierData,
    proof: &FinalProof,
    rng: &mut R,
) -> Result<(Proof<Bn254>, [u8; 32]), WrapError> {
    let digest = statement_digest(proof)?;
    let inputs = statement_inputs(&digest);
    let g16 = groth16::prove(keys, WrapCircuit::for_proof(data, proof), &inputs, rng)?;
    Ok((g16, digest))
}

/// R1CS constraints of the wrapper for `data` (synthesized in setup mode, no witness).
pub fn count_constraints(data: &WrapVerifierData) -> Result<usize, WrapError> {
    let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    WrapCircuit::for_setup(data)
        .generate_constraints(cs.clone())
        .map_err(Groth16Error::from)?;
    Ok(cs.num_constraints())
}

/// The source of the committed `Groth16Verifier.sol`: rendered from a key of the seeded,
/// INSECURE setup over the stand-in inner circuit (the header says so).
pub fn committed_test_verifier(
    data: &WrapVerifierData,
    keys: &Groth16Keys,
    num_constraints: usize,
) -> Result<String, WrapError> {
    let provenance = VerifierProvenance {
        command: EMIT_COMMAND,
        security: data.security,
        circuit_id: data.circuit_id(),
        num_constraints,
        seeded_setup: true,
        inner_circuit: STAND_IN_INNER_CIRCUIT,
    };
    render_verifier(&keys.pk.vk, &provenance).ok_or(WrapError::KeyShape(
        keys.pk.vk.gamma_abc_g1.len().saturating_sub(1),
    ))
}

/// The RNG of the committed, INSECURE test key (seeded with [`INSECURE_TEST_SETUP_SEED`]).
pub fn insecure_test_setup_rng() -> StdRng {
    StdRng::seed_from_u64(INSECURE_TEST_SETUP_SEED)
}

/// What [`stand_in_inner_proof`] proves (named in the committed verifier's header).
pub const STAND_IN_INNER_CIRCUIT: &str =
    "stand-in (eight range-checked 32-bit limbs exposed as the statement digest), not the aggregation layer";

/// A stand-in for the aggregation layer's proof, used by the end-to-end test, `wrap_bench` and
/// the committed test verifier: proves knowledge of eight 32-bit limbs (range-checked) and
/// exposes them as the statement digest.
pub fn stand_in_inner_proof(
    digest: &[u8; 32],
) -> anyhow::Result<(
    CircuitData<F, InnerConfig, D>,
    ProofWithPublicInputs<F, InnerConfig, D>,
)> {
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let targets = builder.add_virtual_targets(DIGEST_LIMBS);
    for t in &targets {
        builder.range_check(*t, 32);
    }
    builder.register_public_inputs(&targets);
    let data = builder.build::<InnerConfig>();
    let mut pw = PartialWitness::new();
    for (t, limb) in targets
        .iter()
        .zip(super::r1cs::statement::digest_to_limbs(digest))
    {
        pw.set_target(*t, F::from_canonical_u32(limb))?;
    }
    let proof = data.prove(pw)?;
    Ok((data, proof))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::r1cs::statement::digest_to_limbs;

    #[test]
    fn digest_reads_the_limbs_big_endian_and_refuses_wide_limbs() {
        let mut d = [0u8; 32];
        for (i, b) in d.iter_mut().enumerate() {
            *b = 0xf0 ^ i as u8;
        }
        let limbs: Vec<F> = digest_to_limbs(&d)
            .iter()
            .map(|l| F::from_canonical_u32(*l))
            .collect();
        assert!(matches!(digest_from_public_inputs(&limbs), Ok(x) if x == d));
        let mut wide = limbs.clone();
        wide[2] = F::from_canonical_u64(1 << 32);
        assert!(matches!(
            digest_from_public_inputs(&wide),
            Err(WrapError::LimbOutOfRange { index: 2, .. })
        ));
        assert!(matches!(
            digest_from_public_inputs(&limbs[..7]),
            Err(WrapError::PublicInputCount(7))
        ));
    }

    fn satisfied(data: &WrapVerifierData, proof: &FinalProof) -> anyhow::Result<bool> {
        let cs = ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref();
        match WrapCircuit::for_proof(data, proof).generate_constraints(cs.clone()) {
            Ok(()) => Ok(cs.is_satisfied()?),
            Err(SynthesisError::Unsatisfiable) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The whole verifier on a small final-config proof (arithmetic rows, 8 public limbs; the
    /// shrunk proof is checked end to end in `tests/wrap_e2e.rs`).
    #[test]
    fn wrapper_accepts_a_final_proof_and_refuses_tampered_ones() -> anyhow::Result<()> {
        let (circuit, proof) = crate::wrap::r1cs::transcript::tests::final_proof()?;
        let data = WrapVerifierData {
            security: WrapSecurity::InsecureTest,
            common: circuit.common.clone(),
            verifier: circuit.verifier_only.clone(),
        };
        assert!(satisfied(&data, &proof)?);
        eprintln!(
            "wrapper of a 2^{} final proof: {} constraints",
            data.common.degree_bits(),
            count_constraints(&data)?
        );
        let mut bad = proof.clone();
        bad.public_inputs[0] += F::ONE;
        assert!(!satisfied(&data, &bad)?, "changed public input");
        let mut bad = proof.clone();
        bad.proof.openings.quotient_polys[0] += Q::ONE;
        assert!(!satisfied(&data, &bad)?, "changed quotient opening");
        let mut bad = proof.clone();
        bad.proof.opening_proof.query_round_proofs[0].steps[0].evals[0] += Q::ONE;
        assert!(!satisfied(&data, &bad)?, "changed FRI coset value");
        Ok(())
    }

    #[test]
    fn circuit_id_separates_security_levels_and_final_circuits() {
        let a = circuit_id(WrapSecurity::InsecureTest, Fr::from(5u64));
        assert_eq!(a, circuit_id(WrapSecurity::InsecureTest, Fr::from(5u64)));
        assert_ne!(a, circuit_id(WrapSecurity::Secure, Fr::from(5u64)));
        assert_ne!(a, circuit_id(WrapSecurity::InsecureTest, Fr::from(6u64)));
    }
}

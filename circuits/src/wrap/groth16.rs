//! Groth16 over BN254 (ark-groth16) for the wrapper circuit: setup with an on-disk key cache,
//! proving, verification, the statement-hash public inputs and the 256-byte proof encoding the
//! Solidity verifier reads.
//!
//! Cache layout: `<data_dir>/groth16/<circuit id hex>/{header.json, pk.bin}`. The circuit id is
//! chosen by the caller and must change whenever the R1CS changes (the wrapper derives it from
//! its code version, the security level and the final plonky2 circuit's digest). A key whose
//! header names another id, or that fails to prove a statement it should, is reported as
//! [`Groth16Error::KeyMismatch`], never silently used.

use std::fs;
use std::path::{Path, PathBuf};

use ark_bn254::{Bn254, Fq, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{ConstraintSynthesizer, SynthesisError};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Number of public inputs of the wrapper: the two 128-bit halves of the statement hash.
pub const NUM_PUBLIC_INPUTS: usize = 2;
/// Length of an encoded proof: A (2 words), B (4 words), C (2 words), 32 bytes each.
pub const PROOF_BYTES: usize = 256;

/// Failures of the Groth16 layer.
#[derive(Debug, Error)]
pub enum Groth16Error {
    /// Reading or writing the key cache failed.
    #[error("key cache I/O at {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A cached file could not be decoded.
    #[error("key cache file {path} is corrupt: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
    /// The cached key belongs to another circuit than the one asked for.
    #[error("cached Groth16 key at {path} is for circuit {found}, expected {expected}; delete the directory to regenerate it")]
    KeyMismatch {
        /// The key directory.
        path: PathBuf,
        /// The circuit id the caller expects.
        expected: String,
        /// The circuit id (or symptom) found.
        found: String,
    },
    /// Constraint synthesis, setup or proving failed (e.g. an unsatisfiable witness).
    #[error("groth16 synthesis/proving failed: {0}")]
    Synthesis(#[from] SynthesisError),
    /// An encoded proof is malformed (wrong length, point not on the curve or not in the group).
    #[error("malformed proof: {0}")]
    MalformedProof(&'static str),
}

/// A proving key (which contains the verifying key) and the id of the circuit it was made for.
#[derive(Debug)]
pub struct Groth16Keys {
    /// The proving key.
    pub pk: ProvingKey<Bn254>,
    /// The circuit id the key was generated for.
    pub circuit_id: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct Header {
    circuit_id: String,
    num_public_inputs: usize,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Groth16Error + '_ {
    move |source| Groth16Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The directory holding the key of `circuit_id` under `data_dir`.
pub fn key_dir(data_dir: &Path, circuit_id: &[u8; 32]) -> PathBuf {
    data_dir.join("groth16").join(hex::encode(circuit_id))
}

/// Circuit-specific setup (slow: about 62 s per million constraints here).
pub fn setup<C: ConstraintSynthesizer<Fr>, R: RngCore + CryptoRng>(
    circuit: C,
    rng: &mut R,
) -> Result<ProvingKey<Bn254>, Groth16Error> {
    Ok(Groth16::<Bn254>::circuit_specific_setup(circuit, rng)?.0)
}

/// Loads the cached key of `circuit_id`, or runs the setup on `make_circuit()` and caches it.
pub fn load_or_setup<C, R, M>(
    data_dir: &Path,
    circuit_id: [u8; 32],
    make_circuit: M,
    rng: &mut R,
) -> Result<Groth16Keys, Groth16Error>
where
    C: ConstraintSynthesizer<Fr>,
    R: RngCore + CryptoRng,
    M: FnOnce() -> C,
{
    let dir = key_dir(data_dir, &circuit_id);
    let header_path = dir.join("header.json");
    let pk_path = dir.join("pk.bin");
    if header_path.exists() {
        let text = fs::read_to_string(&header_path).map_err(io(&header_path))?;
        let header: Header = serde_json::from_str(&text).map_err(|e| Groth16Error::Corrupt {
            path: header_path.clone(),
            reason: e.to_string(),
        })?;
        if header.circuit_id != hex::encode(circuit_id) {
            return Err(Groth16Error::KeyMismatch {
                path: dir,
                expected: hex::encode(circuit_id),
                found: header.circuit_id,
            });
        }
        let bytes = fs::read(&pk_path).map_err(io(&pk_path))?;
        let pk = ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(bytes.as_slice())
            .map_err(|e| Groth16Error::Corrupt {
                path: pk_path.clone(),
                reason: e.to_string(),
            })?;
        if pk.vk.gamma_abc_g1.len() != header.num_public_inputs + 1 {
            return Err(Groth16Error::KeyMismatch {
                path: dir,
                expected: hex::encode(circuit_id),
                found: format!("a key with {} public inputs", pk.vk.gamma_abc_g1.len() - 1),
            });
        }
        return Ok(Groth16Keys { pk, circuit_id });
    }
    let pk = setup(make_circuit(), rng)?;
    fs::create_dir_all(&dir).map_err(io(&dir))?;
    let mut bytes = Vec::with_capacity(pk.uncompressed_size());
    pk.serialize_uncompressed(&mut bytes)
        .map_err(|e| Groth16Error::Corrupt {
            path: pk_path.clone(),
            reason: e.to_string(),
        })?;
    fs::write(&pk_path, bytes).map_err(io(&pk_path))?;
    let header = Header {
        circuit_id: hex::encode(circuit_id),
        num_public_inputs: pk.vk.gamma_abc_g1.len().saturating_sub(1),
    };
    let text = serde_json::to_string_pretty(&header).map_err(|e| Groth16Error::Corrupt {
        path: header_path.clone(),
        reason: e.to_string(),
    })?;
    fs::write(&header_path, text).map_err(io(&header_path))?;
    Ok(Groth16Keys { pk, circuit_id })
}

/// Size of the proving key as cached on disk (uncompressed), in bytes.
pub fn proving_key_bytes(pk: &ProvingKey<Bn254>) -> usize {
    pk.uncompressed_size()
}

/// Proves, then checks the proof against the key's own verifying key: a proof that does not
/// verify means the key does not belong to this circuit (or the witness is wrong).
pub fn prove<C: ConstraintSynthesizer<Fr>, R: RngCore + CryptoRng>(
    keys: &Groth16Keys,
    circuit: C,
    public_inputs: &[Fr],
    rng: &mut R,
) -> Result<Proof<Bn254>, Groth16Error> {
    let proof = Groth16::<Bn254>::prove(&keys.pk, circuit, rng)?;
    if !verify(&keys.pk.vk, public_inputs, &proof)? {
        return Err(Groth16Error::KeyMismatch {
            path: PathBuf::new(),
            expected: hex::encode(keys.circuit_id),
            found: "a key under which a freshly made proof does not verify".into(),
        });
    }
    Ok(proof)
}

/// Verifies a proof natively.
pub fn verify(
    vk: &VerifyingKey<Bn254>,
    public_inputs: &[Fr],
    proof: &Proof<Bn254>,
) -> Result<bool, Groth16Error> {
    if vk.gamma_abc_g1.len() != public_inputs.len() + 1 {
        return Ok(false);
    }
    Ok(Groth16::<Bn254>::verify(vk, public_inputs, proof)?)
}

/// The wrapper's public inputs for a statement hash: `[high 128 bits, low 128 bits]` of the
/// 32 bytes read as a big-endian integer (what the Solidity verifier computes).
pub fn statement_inputs(statement_hash: &[u8; 32]) -> [Fr; NUM_PUBLIC_INPUTS] {
    [
        Fr::from_be_bytes_mod_order(&statement_hash[..16]),
        Fr::from_be_bytes_mod_order(&statement_hash[16..]),
    ]
}

fn fq_be(x: &Fq) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&x.into_bigint().to_bytes_be());
    out
}

/// Encodes a G1 point as `x || y` (big-endian words; the identity as zeros, as the precompiles).
pub fn g1_words(p: &G1Affine) -> [[u8; 32]; 2] {
    match p.xy() {
        Some((x, y)) => [fq_be(&x), fq_be(&y)],
        None => [[0; 32]; 2],
    }
}

/// Encodes a G2 point in the EIP-197 order `x.c1 || x.c0 || y.c1 || y.c0`.
pub fn g2_words(p: &G2Affine) -> [[u8; 32]; 4] {
    match p.xy() {
        Some((x, y)) => [fq_be(&x.c1), fq_be(&x.c0), fq_be(&y.c1), fq_be(&y.c0)],
        None => [[0; 32]; 4],
    }
}

/// The 256-byte encoding of a proof read by `Groth16Verifier.verify`: `A || B || C`.
pub fn encode_proof(proof: &Proof<Bn254>) -> Vec<u8> {
    let mut out = Vec::with_capacity(PROOF_BYTES);
    for w in g1_words(&proof.a) {
        out.extend_from_slice(&w);
    }
    for w in g2_words(&proof.b) {
        out.extend_from_slice(&w);
    }
    for w in g1_words(&proof.c) {
        out.extend_from_slice(&w);
    }
    out
}

fn read_fq(bytes: &[u8]) -> Result<Fq, Groth16Error> {
    let x = Fq::from_be_bytes_mod_order(bytes);
    if fq_be(&x).as_slice() != bytes {
        return Err(Groth16Error::MalformedProof(
            "coordinate not below the field modulus",
        ));
    }
    Ok(x)
}

fn read_g1(bytes: &[u8]) -> Result<G1Affine, Groth16Error> {
    let (x, y) = (read_fq(&bytes[..32])?, read_fq(&bytes[32..64])?);
    let p = G1Affine::new_unchecked(x, y);
    if !p.is_on_curve() {
        return Err(Groth16Error::MalformedProof("G1 point not on the curve"));
    }
    Ok(p)
}

fn read_g2(bytes: &[u8]) -> Result<G2Affine, Groth16Error> {
    let x = ark_bn254::Fq2::new(read_fq(&bytes[32..64])?, read_fq(&bytes[..32])?);
    let y = ark_bn254::Fq2::new(read_fq(&bytes[96..128])?, read_fq(&bytes[64..96])?);
    let p = G2Affine::new_unchecked(x, y);
    if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
        return Err(Groth16Error::MalformedProof("G2 point not in the subgroup"));
    }
    Ok(p)
}

/// Decodes [`encode_proof`]'s format, rejecting anything malformed.
pub fn decode_proof(bytes: &[u8]) -> Result<Proof<Bn254>, Groth16Error> {
    if bytes.len() != PROOF_BYTES {
        return Err(Groth16Error::MalformedProof("proof must be 256 bytes"));
    }
    Ok(Proof {
        a: read_g1(&bytes[..64])?,
        b: read_g2(&bytes[64..192])?,
        c: read_g1(&bytes[192..])?,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::eq::EqGadget;
    use ark_r1cs_std::fields::fp::FpVar;
    use ark_relations::gr1cs::ConstraintSystemRef;
    use rand::SeedableRng;

    /// A component-test circuit with the wrapper's public-input shape (NOT the wrapper): knows
    /// `w = hi + lo` and `w2 = w * w`.
    #[derive(Clone)]
    pub(crate) struct SquareCircuit {
        pub(crate) inputs: [Fr; 2],
    }

    impl ConstraintSynthesizer<Fr> for SquareCircuit {
        fn generate_constraints(
            self,
            cs: ConstraintSystemRef<Fr>,
        ) -> ark_relations::gr1cs::Result<()> {
            let hi = FpVar::new_input(cs.clone(), || Ok(self.inputs[0]))?;
            let lo = FpVar::new_input(cs.clone(), || Ok(self.inputs[1]))?;
            let sum = self.inputs[0] + self.inputs[1];
            let w = FpVar::new_witness(cs.clone(), || Ok(sum))?;
            let w2 = FpVar::new_witness(cs, || Ok(sum * sum))?;
            w.enforce_equal(&(hi + lo))?;
            (&w * &w).enforce_equal(&w2)
        }
    }

    pub(crate) fn square_instance(hash: [u8; 32]) -> SquareCircuit {
        SquareCircuit {
            inputs: statement_inputs(&hash),
        }
    }

    #[test]
    fn statement_inputs_split_big_endian_halves() {
        let mut h = [0u8; 32];
        h[15] = 1;
        h[31] = 2;
        assert_eq!(statement_inputs(&h), [Fr::from(1u64), Fr::from(2u64)]);
    }

    #[test]
    fn cached_key_is_reused_and_a_foreign_key_is_refused() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let inst = square_instance([7; 32]);
        let keys = load_or_setup(dir.path(), [1; 32], || inst.clone(), &mut rng)?;
        let proof = prove(&keys, inst.clone(), &inst.inputs, &mut rng)?;
        let again = load_or_setup(dir.path(), [1; 32], || inst.clone(), &mut rng)?;
        assert_eq!(again.pk.vk, keys.pk.vk);
        assert!(verify(&again.pk.vk, &inst.inputs, &proof)?);
        assert!(!verify(
            &again.pk.vk,
            &[inst.inputs[0], inst.inputs[1] + Fr::from(1u64)],
            &proof
        )?);

        // Move the key under another id: it must be refused, not used.
        let other = key_dir(dir.path(), &[2; 32]);
        std::fs::rename(key_dir(dir.path(), &[1; 32]), &other)?;
        let err = load_or_setup(dir.path(), [2; 32], || inst.clone(), &mut rng);
        assert!(matches!(err, Err(Groth16Error::KeyMismatch { .. })));
        Ok(())
    }

    #[test]
    fn proof_encoding_round_trips_and_rejects_garbage() -> anyhow::Result<()> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(2);
        let inst = square_instance([9; 32]);
        let pk = setup(inst.clone(), &mut rng)?;
        let keys = Groth16Keys {
            pk,
            circuit_id: [0; 32],
        };
        let proof = prove(&keys, inst.clone(), &inst.inputs, &mut rng)?;
        let bytes = encode_proof(&proof);
        assert_eq!(bytes.len(), PROOF_BYTES);
        assert_eq!(decode_proof(&bytes)?, proof);
        assert!(decode_proof(&bytes[..255]).is_err());
        let mut bad = bytes.clone();
        bad[63] ^= 1;
        assert!(decode_proof(&bad).is_err());
        Ok(())
    }
}

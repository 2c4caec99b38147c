//! The Fiat–Shamir challenger of the final proof, in R1CS. Mirrors plonky2's `Challenger` driven
//! by [`PoseidonBn254Permutation`](crate::wrap::hash_config::PoseidonBn254Permutation):
//! overwrite-mode duplex over the Goldilocks view of a width-3 Poseidon-BN254 state.
//!
//! Invariants: every observed element is canonical (`< p`, enforced by the caller or here), the
//! rate lanes hold canonical values, and challenges are canonical with their 64 bits available
//! (FRI query indices and the proof-of-work check read bits).

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::convert::ToBitsGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_relations::gr1cs::SynthesisError;

use super::goldilocks::GoldilocksVar;
use super::poseidon;
use crate::wrap::hash_config::{CHALLENGER_RATE, DIGEST_LIMBS, DIGEST_LIMB_BITS, GL_PER_FR};
use crate::wrap::poseidon_bn254::RATE;

/// A challenge: a canonical Goldilocks element and its 64 little-endian bits.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// The canonical element.
    pub value: GoldilocksVar,
    /// Its bits, least significant first.
    pub bits: Vec<Boolean<Fr>>,
}

/// R1CS twin of plonky2's `Challenger<GoldilocksField, PoseidonBn254Hash>`.
#[derive(Clone, Debug)]
pub struct ChallengerVar {
    capacity: FpVar<Fr>,
    rate: Vec<GoldilocksVar>,
    input_buffer: Vec<GoldilocksVar>,
    output_buffer: Vec<Challenge>,
}

impl Default for ChallengerVar {
    fn default() -> Self {
        Self::new()
    }
}

/// `2^(64 k)` as a BN254 constant.
fn pow2_64(k: usize) -> Fr {
    let mut c = Fr::from(1u64);
    for _ in 0..k {
        c *= Fr::from(1u64 << 32) * Fr::from(1u64 << 32);
    }
    c
}

/// Packs up to three canonical Goldilocks values into one BN254 element (linear, free).
pub fn pack(values: &[GoldilocksVar]) -> FpVar<Fr> {
    let mut acc = FpVar::zero();
    for (k, v) in values.iter().enumerate() {
        acc += &v.fp * pow2_64(k);
    }
    acc
}

impl ChallengerVar {
    /// The empty transcript (all-zero state, as `Challenger::new`).
    pub fn new() -> Self {
        Self {
            capacity: FpVar::zero(),
            rate: vec![GoldilocksVar::zero(); CHALLENGER_RATE],
            input_buffer: Vec::new(),
            output_buffer: Vec::new(),
        }
    }

    /// Observes one canonical element (the caller guarantees `< p`).
    pub fn observe_element(&mut self, x: &GoldilocksVar) -> Result<(), SynthesisError> {
        self.output_buffer.clear();
        self.input_buffer.push(x.clone());
        if self.input_buffer.len() == CHALLENGER_RATE {
            self.duplexing()?;
        }
        Ok(())
    }

    /// Observes several canonical elements in order.
    pub fn observe_elements(&mut self, xs: &[GoldilocksVar]) -> Result<(), SynthesisError> {
        for x in xs {
            self.observe_element(x)?;
        }
        Ok(())
    }

    /// Observes a BN254 digest as its five canonical 63-bit limbs (`Bn254HashOut::to_vec`).
    pub fn observe_digest(&mut self, digest: &FpVar<Fr>) -> Result<(), SynthesisError> {
        let bits = digest.to_bits_le()?;
        for k in 0..DIGEST_LIMBS {
            let end = ((k + 1) * DIGEST_LIMB_BITS).min(bits.len());
            let limb = Boolean::le_bits_to_fp(&bits[k * DIGEST_LIMB_BITS..end])?;
            self.observe_element(&GoldilocksVar { fp: limb, bits: 63 })?;
        }
        Ok(())
    }

    /// Next challenge (duplexes when inputs are pending or outputs are exhausted).
    pub fn get_challenge(&mut self) -> Result<Challenge, SynthesisError> {
        if !self.input_buffer.is_empty() || self.output_buffer.is_empty() {
            self.duplexing()?;
        }
        self.output_buffer
            .pop()
            .ok_or(SynthesisError::Unsatisfiable)
    }

    /// `n` challenges in order.
    pub fn get_n_challenges(&mut self, n: usize) -> Result<Vec<Challenge>, SynthesisError> {
        (0..n).map(|_| self.get_challenge()).collect()
    }

    fn duplexing(&mut self) -> Result<(), SynthesisError> {
        for (slot, x) in self.rate.iter_mut().zip(self.input_buffer.drain(..)) {
            *slot = x;
        }
        let mut state = [
            self.capacity.clone(),
            pack(&self.rate[..GL_PER_FR]),
            pack(&self.rate[GL_PER_FR..]),
        ];
        poseidon::permute(&mut state)?;
        let mut outputs = Vec::with_capacity(CHALLENGER_RATE);
        for lane in &state[1..=RATE] {
            let bits = lane.to_bits_le()?;
            for k in 0..GL_PER_FR {
                let chunk = Boolean::le_bits_to_fp(&bits[64 * k..64 * (k + 1)])?;
                let (value, bits) = GoldilocksVar {
                    fp: chunk,
                    bits: 64,
                }
                .canonical()?;
                outputs.push(Challenge { value, bits });
            }
        }
        let [capacity, _, _] = state;
        self.capacity = capacity;
        self.rate = outputs.iter().map(|c| c.value.clone()).collect();
        self.output_buffer = outputs;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrap::hash_config::{Bn254HashOut, PoseidonBn254Hash};
    use ark_r1cs_std::alloc::AllocVar;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::field::goldilocks_field::GoldilocksField as GL;
    use plonky2::field::types::{Field, PrimeField64};
    use plonky2::iop::challenger::Challenger;

    fn transcript_values() -> (Vec<u64>, Fr, Vec<u64>) {
        let first: Vec<u64> = (0..8)
            .map(|i| GL::NEG_ONE.to_canonical_u64() - i * 977)
            .collect();
        let digest = -Fr::from(42u64);
        let second = vec![5, 6, 7];
        (first, digest, second)
    }

    fn native_challenges() -> Vec<u64> {
        let (first, digest, second) = transcript_values();
        let mut ch = Challenger::<GL, PoseidonBn254Hash>::new();
        ch.observe_elements(
            &first
                .iter()
                .map(|v| GL::from_canonical_u64(*v))
                .collect::<Vec<_>>(),
        );
        let mut out: Vec<u64> = ch
            .get_n_challenges(2)
            .iter()
            .map(|c| c.to_canonical_u64())
            .collect();
        ch.observe_hash::<PoseidonBn254Hash>(Bn254HashOut(digest));
        ch.observe_elements(
            &second
                .iter()
                .map(|v| GL::from_canonical_u64(*v))
                .collect::<Vec<_>>(),
        );
        out.extend(ch.get_n_challenges(9).iter().map(|c| c.to_canonical_u64()));
        out
    }

    fn circuit_challenges(
        cs: ark_relations::gr1cs::ConstraintSystemRef<Fr>,
        digest_witness: Fr,
    ) -> anyhow::Result<Vec<u64>> {
        let (first, _, second) = transcript_values();
        let mut ch = ChallengerVar::new();
        for v in first {
            let (x, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(v))?;
            ch.observe_element(&x)?;
        }
        let mut out = Vec::new();
        for c in ch.get_n_challenges(2)? {
            out.push(c.value.value()?);
        }
        let d = FpVar::new_witness(cs.clone(), || Ok(digest_witness))?;
        ch.observe_digest(&d)?;
        for v in second {
            let (x, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(v))?;
            ch.observe_element(&x)?;
        }
        for c in ch.get_n_challenges(9)? {
            out.push(c.value.value()?);
        }
        Ok(out)
    }

    #[test]
    fn circuit_challenges_equal_native_challenges() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (_, digest, _) = transcript_values();
        let got = circuit_challenges(cs.clone(), digest)?;
        assert_eq!(got, native_challenges());
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn a_different_observed_digest_changes_the_challenges() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let got = circuit_challenges(cs.clone(), Fr::from(7u64))?;
        assert_ne!(got[2..], native_challenges()[2..]);
        Ok(())
    }
}

//! The plonky2 hasher whose Merkle trees and Fiat–Shamir transcript use Poseidon over BN254, and
//! the `GenericConfig` of the final (shrunk) proof that the Groth16 wrapper verifies.
//!
//! Everything here is chosen so that the R1CS verifier can recompute it natively in BN254:
//! - a digest is one BN254 element ([`Bn254HashOut`]);
//! - Goldilocks elements are packed three per BN254 element, little-endian in base 2^64
//!   ([`poseidon_bn254::pack_goldilocks`], injective since `3 * 64 < 254`);
//! - Merkle leaves are always hashed (no "no-op" leaves: 4 × 64 bits would not fit injectively);
//! - the challenger's permutation ([`PoseidonBn254Permutation`]) keeps a Goldilocks view of the
//!   BN254 sponge state (see its documentation) so that plonky2's generic `Challenger` drives it.

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::hash::hashing::PlonkyPermutation;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::{GenericConfig, GenericHashOut, Hasher};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::poseidon_bn254;

type GL = GoldilocksField;

/// Goldilocks elements packed per BN254 element.
pub const GL_PER_FR: usize = 3;
/// Bits per limb when a BN254 digest is observed as Goldilocks elements (`< 2^63 < p`, so each
/// limb is canonical and the 5-limb encoding of a canonical BN254 element is injective).
pub const DIGEST_LIMB_BITS: usize = 63;
/// Goldilocks limbs per BN254 digest (`5 * 63 >= 254`).
pub const DIGEST_LIMBS: usize = 5;

/// A BN254 Poseidon digest. Invariant: the inner element is a canonical BN254 scalar.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Bn254HashOut(pub Fr);

/// Splits a canonical BN254 element into `DIGEST_LIMBS` little-endian 63-bit limbs.
pub fn fr_to_limbs(x: &Fr) -> [u64; DIGEST_LIMBS] {
    let bits = x.into_bigint().to_bits_le();
    let mut limbs = [0u64; DIGEST_LIMBS];
    for (k, bit) in bits.iter().enumerate() {
        if *bit {
            limbs[k / DIGEST_LIMB_BITS] |= 1 << (k % DIGEST_LIMB_BITS);
        }
    }
    limbs
}

/// Inverse of [`fr_to_limbs`] (reduces modulo r if the limbs encode a larger integer).
pub fn limbs_to_fr(limbs: &[u64]) -> Fr {
    let mut acc = Fr::from(0u64);
    let shift = Fr::from(1u64 << 62) * Fr::from(2u64);
    for limb in limbs.iter().rev() {
        acc = acc * shift + Fr::from(*limb);
    }
    acc
}

impl GenericHashOut<GL> for Bn254HashOut {
    fn to_bytes(&self) -> Vec<u8> {
        self.0.into_bigint().to_bytes_le()
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        Self(Fr::from_le_bytes_mod_order(bytes))
    }

    fn to_vec(&self) -> Vec<GL> {
        fr_to_limbs(&self.0)
            .iter()
            .map(|l| GL::from_canonical_u64(*l))
            .collect()
    }
}

impl Serialize for Bn254HashOut {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&self.to_bytes());
        bytes.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Bn254HashOut {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = <[u8; 32]>::deserialize(deserializer)?;
        Ok(Self::from_bytes(&bytes))
    }
}

/// Rate of the challenger's Goldilocks view: two BN254 rate lanes × three Goldilocks each.
pub const CHALLENGER_RATE: usize = poseidon_bn254::RATE * GL_PER_FR;
/// Width of the Goldilocks view: the rate plus the capacity lane as five 63-bit limbs.
pub const CHALLENGER_WIDTH: usize = CHALLENGER_RATE + DIGEST_LIMBS;

/// The challenger's permutation, seen as a permutation of Goldilocks elements.
///
/// Layout: `state[0..6]` are the rate (lane 1 = `state[0..3]`, lane 2 = `state[3..6]`),
/// `state[6..11]` the capacity lane 0 as 63-bit limbs. `permute` packs the rate lanes with
/// [`poseidon_bn254::pack_goldilocks`], recombines the capacity exactly, applies Poseidon, then
/// writes back the capacity losslessly and each rate lane as the three 64-bit chunks of its low
/// 192 bits, each reduced modulo the Goldilocks prime (the top 62 bits of a rate lane are not
/// output; the capacity carries the full state forward).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct PoseidonBn254Permutation {
    state: [GL; CHALLENGER_WIDTH],
}

impl AsRef<[GL]> for PoseidonBn254Permutation {
    fn as_ref(&self) -> &[GL] {
        &self.state
    }
}

/// Low 192 bits of a BN254 element as three Goldilocks elements (each 64-bit chunk mod p).
pub fn fr_to_rate_chunks(x: &Fr) -> [GL; GL_PER_FR] {
    let limbs = x.into_bigint().0;
    [
        GL::from_noncanonical_u64(limbs[0]),
        GL::from_noncanonical_u64(limbs[1]),
        GL::from_noncanonical_u64(limbs[2]),
    ]
}

impl PlonkyPermutation<GL> for PoseidonBn254Permutation {
    const RATE: usize = CHALLENGER_RATE;
    const WIDTH: usize = CHALLENGER_WIDTH;

    fn new<I: IntoIterator<Item = GL>>(elts: I) -> Self {
        let mut perm = Self::default();
        perm.set_from_iter(elts, 0);
        perm
    }

    fn set_elt(&mut self, elt: GL, idx: usize) {
        self.state[idx] = elt;
    }

    fn set_from_slice(&mut self, elts: &[GL], start_idx: usize) {
        let end = start_idx + elts.len();
        self.state[start_idx..end].copy_from_slice(elts);
    }

    fn set_from_iter<I: IntoIterator<Item = GL>>(&mut self, elts: I, start_idx: usize) {
        for (s, e) in self.state[start_idx..].iter_mut().zip(elts) {
            *s = e;
        }
    }

    fn permute(&mut self) {
        let canon = |g: &GL| g.to_canonical_u64();
        let lane = |k: usize| {
            let vals: Vec<u64> = self.state[k * GL_PER_FR..(k + 1) * GL_PER_FR]
                .iter()
                .map(canon)
                .collect();
            poseidon_bn254::pack_goldilocks(&vals)
        };
        let cap_limbs: Vec<u64> = self.state[CHALLENGER_RATE..].iter().map(canon).collect();
        let mut fr_state = [limbs_to_fr(&cap_limbs), lane(0), lane(1)];
        poseidon_bn254::permute(&mut fr_state);
        for k in 0..poseidon_bn254::RATE {
            let chunks = fr_to_rate_chunks(&fr_state[1 + k]);
            self.state[k * GL_PER_FR..(k + 1) * GL_PER_FR].copy_from_slice(&chunks);
        }
        for (s, l) in self.state[CHALLENGER_RATE..]
            .iter_mut()
            .zip(fr_to_limbs(&fr_state[0]))
        {
            *s = GL::from_canonical_u64(l);
        }
    }

    fn squeeze(&self) -> &[GL] {
        &self.state[..CHALLENGER_RATE]
    }
}

/// Packs Goldilocks elements (canonical form) three per BN254 element, in order.
pub fn pack_all(inputs: &[GL]) -> Vec<Fr> {
    inputs
        .chunks(GL_PER_FR)
        .map(|c| {
            let vals: Vec<u64> = c.iter().map(|g| g.to_canonical_u64()).collect();
            poseidon_bn254::pack_goldilocks(&vals)
        })
        .collect()
}

/// Poseidon-BN254 as a plonky2 hasher (Merkle trees and the Fiat–Shamir challenger).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PoseidonBn254Hash;

impl Hasher<GL> for PoseidonBn254Hash {
    const HASH_SIZE: usize = 32;
    type Hash = Bn254HashOut;
    type Permutation = PoseidonBn254Permutation;

    fn hash_no_pad(input: &[GL]) -> Self::Hash {
        Bn254HashOut(poseidon_bn254::hash_no_pad(&pack_all(input)))
    }

    /// Always hashes: a "no-op" leaf of four 64-bit elements would not fit a BN254 element.
    fn hash_or_noop(inputs: &[GL]) -> Self::Hash {
        Self::hash_no_pad(inputs)
    }

    fn two_to_one(left: Self::Hash, right: Self::Hash) -> Self::Hash {
        Bn254HashOut(poseidon_bn254::two_to_one(left.0, right.0))
    }
}

/// The final proof's configuration: Goldilocks field and quadratic extension as usual; Merkle
/// trees and the challenger use Poseidon-BN254; public inputs are hashed with Goldilocks
/// Poseidon (plonky2 requires an algebraic inner hasher).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PoseidonBn254GoldilocksConfig;

impl GenericConfig<2> for PoseidonBn254GoldilocksConfig {
    type F = GL;
    type FE = QuadraticExtension<GL>;
    type Hasher = PoseidonBn254Hash;
    type InnerHasher = PoseidonHash;
}

#[cfg(test)]
mod tests {
    use super::*;
    use plonky2::iop::challenger::Challenger;
    use plonky2::iop::witness::{PartialWitness, WitnessWrite};
    use plonky2::plonk::circuit_builder::CircuitBuilder;
    use plonky2::plonk::circuit_data::CircuitConfig;

    type C = PoseidonBn254GoldilocksConfig;

    #[test]
    fn digest_limbs_round_trip() {
        let x = -Fr::from(12345u64);
        assert_eq!(limbs_to_fr(&fr_to_limbs(&x)), x);
        assert!(fr_to_limbs(&x).iter().all(|l| *l < 1 << 63));
    }

    #[test]
    fn challenger_is_deterministic_and_input_sensitive() {
        let mut a = Challenger::<GL, PoseidonBn254Hash>::new();
        let mut b = Challenger::<GL, PoseidonBn254Hash>::new();
        a.observe_elements(&[GL::ONE, GL::TWO]);
        b.observe_elements(&[GL::ONE, GL::TWO]);
        assert_eq!(a.get_n_challenges(9), b.get_n_challenges(9));
        let mut c = Challenger::<GL, PoseidonBn254Hash>::new();
        c.observe_elements(&[GL::ONE, GL::ZERO]);
        let mut d = Challenger::<GL, PoseidonBn254Hash>::new();
        d.observe_elements(&[GL::ONE, GL::TWO]);
        assert_ne!(c.get_challenge(), d.get_challenge());
    }

    #[test]
    fn plonky2_proves_and_verifies_with_bn254_poseidon_config() -> anyhow::Result<()> {
        let mut builder = CircuitBuilder::<GL, 2>::new(CircuitConfig::standard_recursion_config());
        let x = builder.add_virtual_target();
        let y = builder.mul(x, x);
        builder.register_public_input(y);
        let data = builder.build::<C>();
        let mut pw = PartialWitness::new();
        pw.set_target(x, GL::from_canonical_u64(7))?;
        let proof = data.prove(pw)?;
        assert_eq!(proof.public_inputs[0], GL::from_canonical_u64(49));
        data.verify(proof.clone())?;

        let mut tampered = proof;
        tampered.public_inputs[0] = GL::from_canonical_u64(50);
        assert!(data.verify(tampered).is_err());
        Ok(())
    }
}

//! Keccak-256 in-circuit against `alloy_primitives::keccak256`, and tampered witnesses.

use std::sync::OnceLock;

use alloy_primitives::keccak256;
use plonky2::field::types::Field;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_data::CircuitData;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;
use crate::gadgets::range::test_support::{builder, try_prove, C, D, F};

fn message(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..len).map(|_| rng.gen()).collect()
}

/// The digest as the 8 big-endian u32 limbs the circuit exposes.
fn limbs_of(digest: &[u8]) -> Vec<F> {
    digest
        .chunks(4)
        .map(|c| F::from_canonical_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
        .collect()
}

/// A variable-length circuit whose digest limbs must equal a witnessed `expected`.
struct VarCircuit {
    data: CircuitData<F, C, D>,
    input: KeccakVarInputTarget,
    expected: Vec<Target>,
}

fn var_circuit(max_blocks: usize) -> VarCircuit {
    let mut b = builder();
    let input = b.add_virtual_keccak_input(max_blocks).expect("≥ 1 block");
    let digest = b.keccak256_var(&input).expect("whole blocks");
    let limbs = b.keccak_digest_u32_be(&digest);
    let expected = b.add_virtual_targets(8);
    for (&l, &e) in limbs.iter().zip(&expected) {
        b.connect(l, e);
    }
    VarCircuit {
        data: b.build::<C>(),
        input,
        expected,
    }
}

impl VarCircuit {
    /// Whether `message` proves to hash to `claimed`, optionally overriding the length witness.
    fn proves(&self, message: &[u8], claimed: &[u8], len_override: Option<u64>) -> bool {
        let mut pw = PartialWitness::new();
        match len_override {
            None => self.input.set_witness(&mut pw, message).expect("fits"),
            Some(len) => {
                for (i, &t) in self.input.bytes.iter().enumerate() {
                    let byte = message.get(i).copied().unwrap_or(0);
                    pw.set_target(t, F::from_canonical_u8(byte)).expect("fresh");
                }
                pw.set_target(self.input.len, F::from_canonical_u64(len))
                    .expect("fresh");
            }
        }
        for (&t, v) in self.expected.iter().zip(limbs_of(claimed)) {
            pw.set_target(t, v).expect("fresh");
        }
        try_prove(&self.data, pw).is_some()
    }
}

/// The two-block circuit, built once for all tests that use it.
fn two_blocks() -> &'static VarCircuit {
    static CIRCUIT: OnceLock<VarCircuit> = OnceLock::new();
    CIRCUIT.get_or_init(|| var_circuit(2))
}

#[test]
fn rows_per_block_stay_within_the_goal() {
    let rows = |blocks: usize| {
        let mut b = builder();
        let input = b.add_virtual_keccak_input(blocks).expect("≥ 1 block");
        b.keccak256_var(&input).expect("whole blocks");
        b.num_gates()
    };
    let per_block = rows(3) - rows(2);
    println!("keccak256_var: {per_block} rows per 136-byte block");
    assert!(per_block <= 8192, "{per_block} rows per block");
}

#[test]
fn variable_length_digest_matches_alloy_around_block_boundaries() {
    let circuit = two_blocks();
    for len in [0usize, 135, 136, 137] {
        let msg = message(len, len as u64);
        assert!(
            circuit.proves(&msg, keccak256(&msg).as_slice(), None),
            "len {len}"
        );
    }
}

#[test]
fn variable_length_digest_matches_alloy_on_1000_bytes() {
    let circuit = var_circuit(8);
    let msg = message(1000, 1000);
    assert!(circuit.proves(&msg, keccak256(&msg).as_slice(), None));
}

#[test]
fn variable_length_rejects_a_tampered_digest_input_or_length() {
    let circuit = two_blocks();
    let msg = message(140, 3);
    let digest = keccak256(&msg);
    let mut wrong = digest.0;
    wrong[31] ^= 1;
    assert!(!circuit.proves(&msg, &wrong, None), "tampered digest");
    let mut other = msg.clone();
    other[70] ^= 0x10;
    assert!(
        !circuit.proves(&other, digest.as_slice(), None),
        "tampered input byte"
    );
    assert!(
        !circuit.proves(&msg, digest.as_slice(), Some(139)),
        "wrong length"
    );
    let full = message(272, 4);
    assert!(
        !circuit.proves(&full, keccak256(&full).as_slice(), Some(272)),
        "no room for padding"
    );
    assert_eq!(
        circuit
            .input
            .set_witness(&mut PartialWitness::<F>::new(), &full),
        Err(KeccakError::TooLong { len: 272, max: 271 })
    );
}

#[test]
fn fixed_length_digest_matches_alloy_and_rejects_non_bytes() {
    for len in [152usize] {
        let mut b = builder();
        let bytes = b.add_virtual_targets(len);
        let digest = b.keccak256_fixed(&bytes).expect("standard config");
        let out = b.keccak_digest_bytes(&digest);
        b.register_public_inputs(&out);
        let data = b.build::<C>();
        let msg = message(len, 9);
        let mut pw = PartialWitness::new();
        for (&t, &v) in bytes.iter().zip(&msg) {
            pw.set_target(t, F::from_canonical_u8(v)).expect("fresh");
        }
        let proof = try_prove(&data, pw).expect("honest");
        let expected: Vec<F> = keccak256(&msg)
            .iter()
            .map(|&v| F::from_canonical_u8(v))
            .collect();
        assert_eq!(proof.public_inputs, expected, "len {len}");
        if len > 0 {
            // 0x100 in place of (0x00, +1 in the next byte) must not pass as a byte.
            let mut pw = PartialWitness::new();
            for (i, (&t, &v)) in bytes.iter().zip(&msg).enumerate() {
                let v = if i == 0 { 256 } else { v as u64 };
                pw.set_target(t, F::from_canonical_u64(v)).expect("fresh");
            }
            assert!(try_prove(&data, pw).is_none());
        }
    }
}

#[test]
fn bit_input_length_must_be_whole_bytes() {
    let mut b = builder();
    let bits: Vec<BoolTarget> = (0..9).map(|_| b.add_virtual_bool_target_safe()).collect();
    assert_eq!(
        b.keccak256_fixed_bits(&bits),
        Err(KeccakError::PartialByte(9))
    );
}

#[test]
fn narrow_configs_are_refused() {
    let config = plonky2::plonk::circuit_data::CircuitConfig {
        num_routed_wires: 40,
        ..plonky2::plonk::circuit_data::CircuitConfig::standard_recursion_config()
    };
    let mut b = plonky2::plonk::circuit_builder::CircuitBuilder::<F, D>::new(config);
    let input = b.add_virtual_keccak_input(1).expect("one block");
    assert_eq!(
        b.keccak256_var(&input),
        Err(KeccakError::ConfigTooNarrow {
            needed: 80,
            have: 40
        })
    );
}

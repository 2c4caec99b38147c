//! Circuit vs native agreement for Schnorr verification, and signatures the native verifier
//! rejects failing to prove.

use std::sync::OnceLock;

use plonky2::field::types::Sample;
use plonky2::hash::hash_types::HashOut;
use plonky2::iop::witness::PartialWitness;
use plonky2::plonk::circuit_data::{CircuitConfig, CircuitData};
use plonky2::plonk::config::PoseidonGoldilocksConfig;
use rand::SeedableRng;
use zkclear_state::crypto::schnorr::{verify, SecretKey};
use zkclear_state::crypto::MessageDigest;

use super::*;
use crate::gadgets::ecgfp5::field::CircuitBuilderGFp5;

type C = PoseidonGoldilocksConfig;

struct Verifier {
    data: CircuitData<F, C, D>,
    pk: QuinticExtTarget,
    msg: HashOutTarget,
    sig: SchnorrSignatureTarget,
    rows: usize,
}

/// One verification circuit, built once for all tests.
fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut b = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
        let pk = b.add_virtual_quintic_ext_target();
        let msg = b.add_virtual_hash();
        let sig = b.add_virtual_schnorr_signature_target();
        b.verify_schnorr_signature(&pk, &msg, &sig);
        let rows = b.num_gates();
        Verifier {
            data: b.build::<C>(),
            pk,
            msg,
            sig,
            rows,
        }
    })
}

/// Whether the circuit proves (and the proof verifies) for this key, message and signature.
fn circuit_accepts(pk: &PublicKey, m: &MessageDigest, sig: &Signature) -> bool {
    let v = verifier();
    let mut pw = PartialWitness::new();
    if set_public_key_target(&mut pw, &v.pk, pk).is_err()
        || set_schnorr_signature_target(&mut pw, &v.sig, sig).is_err()
        || pw.set_hash_target(v.msg, *m).is_err()
    {
        return false;
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v.data.prove(pw).and_then(|p| v.data.verify(p)).is_ok()
    }))
    .unwrap_or(false)
}

fn setup(seed: u64) -> (SecretKey, MessageDigest) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (SecretKey::random(&mut rng), HashOut::<F>::rand())
}

#[test]
fn circuit_accepts_valid_signatures_like_native() {
    for seed in 0..2 {
        let (sk, m) = setup(seed);
        let sig = sk.sign(&m);
        assert!(verify(&sk.public_key(), &m, &sig).is_ok());
        assert!(circuit_accepts(&sk.public_key(), &m, &sig));
    }
    eprintln!("schnorr verification circuit: {} rows", verifier().rows);
}

#[test]
fn circuit_rejects_wrong_message_and_wrong_key() {
    let (sk, m) = setup(7);
    let sig = sk.sign(&m);
    let (other, m2) = setup(8);
    assert!(!circuit_accepts(&sk.public_key(), &m2, &sig));
    assert!(!circuit_accepts(&other.public_key(), &m, &sig));
}

#[test]
fn circuit_rejects_tampered_response_and_challenge() {
    let (sk, m) = setup(9);
    let sig = sk.sign(&m);
    let mut bad_s = sig;
    bad_s.0[3] ^= 0x10;
    assert!(!circuit_accepts(&sk.public_key(), &m, &bad_s));
    let mut bad_e = sig;
    bad_e.0[41] ^= 0x01;
    assert!(!circuit_accepts(&sk.public_key(), &m, &bad_e));
}

#[test]
fn circuit_rejects_response_offset_by_the_group_order() {
    // s + n gives the same point s G, so only the s < n range check rejects it.
    let (sk, m) = setup(10);
    let sig = sk.sign(&m);
    let mut bad = sig;
    let mut carry = 0u16;
    for i in 0..40 {
        let nb = (N[i / 8] >> (8 * (i % 8))) as u8;
        let t = sig.0[i] as u16 + nb as u16 + carry;
        bad.0[i] = t as u8;
        carry = t >> 8;
    }
    assert!(verify(&sk.public_key(), &m, &bad).is_err());
    assert!(!circuit_accepts(&sk.public_key(), &m, &bad));
}

#[test]
fn circuit_rejects_neutral_and_undecodable_keys() {
    let (sk, m) = setup(11);
    let sig = sk.sign(&m);
    assert!(!circuit_accepts(&PublicKey([0; 5]), &m, &sig));
    let bad = PublicKey([
        13557832913345268708,
        15669280705791538619,
        8534654657267986396,
        12533218303838131749,
        5058070698878426028,
    ]);
    assert!(!circuit_accepts(&bad, &m, &sig));
}

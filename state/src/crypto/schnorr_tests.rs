use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOut;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use super::*;
use crate::crypto::ecgfp5::field::P;

fn msg(seed: u64) -> MessageDigest {
    HashOut {
        elements: [1, 2, 3, 4].map(|i| GoldilocksField::from_canonical_u64(seed * 10 + i)),
    }
}

fn keys(n: usize) -> Vec<SecretKey> {
    let mut rng = ChaCha20Rng::seed_from_u64(42);
    (0..n).map(|_| SecretKey::random(&mut rng)).collect()
}

#[test]
fn sign_then_verify_round_trips() {
    for (i, sk) in keys(8).iter().enumerate() {
        let m = msg(i as u64);
        let sig = sk.sign(&m);
        assert_eq!(verify(&sk.public_key(), &m, &sig), Ok(()));
        assert!(SchnorrVerifier.verify(&sk.public_key(), &m, &sig));
        assert_eq!(sk.sign(&m), sig, "signing is deterministic");
    }
}

#[test]
fn verify_rejects_wrong_key_and_wrong_message() {
    let ks = keys(2);
    let m = msg(7);
    let sig = ks[0].sign(&m);
    assert_eq!(
        verify(&ks[1].public_key(), &m, &sig),
        Err(SchnorrError::BadSignature)
    );
    assert_eq!(
        verify(&ks[0].public_key(), &msg(8), &sig),
        Err(SchnorrError::BadSignature)
    );
}

#[test]
fn verify_rejects_every_single_byte_tamper() {
    let sk = &keys(1)[0];
    let m = msg(3);
    let sig = sk.sign(&m);
    for i in 0..SIGNATURE_BYTES {
        let mut bad = sig;
        bad.0[i] ^= 1 << (i % 8);
        assert!(
            !SchnorrVerifier.verify(&sk.public_key(), &m, &bad),
            "byte {i}"
        );
    }
    assert!(!SchnorrVerifier.verify(&sk.public_key(), &m, &Signature::default()));
}

/// `x + n` as 40 LE bytes (fits: x < n < 2^319).
fn plus_n(x: &[u8]) -> [u8; 40] {
    let mut out = [0u8; 40];
    let mut carry = 0u16;
    let n = crate::crypto::ecgfp5::scalar::N;
    for i in 0..40 {
        let nb = (n[i / 8] >> (8 * (i % 8))) as u8;
        let t = x[i] as u16 + nb as u16 + carry;
        out[i] = t as u8;
        carry = t >> 8;
    }
    out
}

#[test]
fn verify_rejects_scalars_offset_by_the_group_order() {
    let sk = &keys(1)[0];
    let m = msg(5);
    let sig = sk.sign(&m);
    let mut bad_s = sig;
    bad_s.0[..40].copy_from_slice(&plus_n(&sig.0[..40]));
    assert_eq!(
        verify(&sk.public_key(), &m, &bad_s),
        Err(SchnorrError::NonCanonicalScalar)
    );
    let mut bad_e = sig;
    bad_e.0[40..].copy_from_slice(&plus_n(&sig.0[40..]));
    assert_eq!(
        verify(&sk.public_key(), &m, &bad_e),
        Err(SchnorrError::NonCanonicalScalar)
    );
}

#[test]
fn verify_rejects_non_canonical_neutral_and_off_curve_keys() {
    let sk = &keys(1)[0];
    let m = msg(1);
    let sig = sk.sign(&m);
    let pk = sk.public_key();
    let mut big = pk;
    big.0[2] = P + 1;
    assert_eq!(
        verify(&big, &m, &sig),
        Err(SchnorrError::NonCanonicalPublicKey)
    );
    let mut plus_p = pk;
    if let Some(v) = plus_p.0[0].checked_add(P) {
        plus_p.0[0] = v;
        assert_eq!(
            verify(&plus_p, &m, &sig),
            Err(SchnorrError::NonCanonicalPublicKey)
        );
    }
    assert_eq!(
        verify(&PublicKey([0; 5]), &m, &sig),
        Err(SchnorrError::NeutralPublicKey)
    );
    // An encoding that does not decode (reference vector from pornin/ecgfp5, `bww[0]`).
    let off = PublicKey([
        13557832913345268708,
        15669280705791538619,
        8534654657267986396,
        12533218303838131749,
        5058070698878426028,
    ]);
    assert_eq!(verify(&off, &m, &sig), Err(SchnorrError::InvalidPublicKey));
}

#[test]
fn secret_key_debug_does_not_print_the_secret() {
    let sk = SecretKey::from_bytes(&[7u8; 40]).expect("canonical");
    let shown = format!("{sk:?}");
    assert!(!shown.contains("07"), "{shown}");
    assert_eq!(
        SecretKey::from_bytes(&[0u8; 40]),
        Err(SchnorrError::ZeroSecretKey)
    );
    assert_eq!(
        SecretKey::from_bytes(&[0xFF; 40]),
        Err(SchnorrError::NonCanonicalScalar)
    );
}

/// Fixed known-answer vector of this scheme: a change to any step (nonce, challenge layout,
/// encodings) changes these bytes.
#[test]
fn known_answer_vector_is_stable() {
    let sk = SecretKey::from_scalar(Scalar::from_bytes_reduce(b"zkclear schnorr known answer"))
        .expect("non-zero");
    let m = msg(0);
    let pk = sk.public_key();
    let sig = sk.sign(&m);
    assert_eq!(pk.0, KAT_PK, "pk {:?}", pk.0);
    assert_eq!(hex::encode(sig.0), KAT_SIG);
    assert!(SchnorrVerifier.verify(&pk, &m, &sig));
}

const KAT_PK: [u64; 5] = [
    4794518365727005359,
    5769659062343115955,
    13371881774052214132,
    3931230168776112152,
    2987920365333105639,
];
const KAT_SIG: &str = "f0b0b0e14480ec104da508eb8fd73726e7fb29abc3864c01b7c00c35149caf2b007df03a9c62860d843614dc0035ddcbcc0a24a4f013aa86000000000000000000000000000000000000000000000000";

/// The verification equation as first written (constant-time `s G`, the plain 4-bit ladder for
/// `e pk`, no shortcut on large `e`): the optimised [`verify`] must answer exactly as this does.
fn reference_verify(
    key: &PublicKey,
    message: &MessageDigest,
    signature: &Signature,
) -> Result<(), SchnorrError> {
    let pk = decode_public_key(key)?;
    let sig = SchnorrSignature::from_signature(signature)?;
    let r = Point::mul_generator(&sig.s).add(&pk.mul_reference(&sig.e));
    if !r.is_neutral() && challenge(&r.encode(), key, message) == sig.e {
        Ok(())
    } else {
        Err(SchnorrError::BadSignature)
    }
}

/// Valid signatures, every single-bit tamper of one, random `s || e` pairs (with `e` below and
/// above 2^128), and mismatched keys and messages.
fn verification_cases() -> Vec<(PublicKey, MessageDigest, Signature)> {
    use rand::RngCore;
    let ks = keys(4);
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let mut cases = Vec::new();
    for (i, sk) in ks.iter().enumerate() {
        let m = msg(i as u64);
        let sig = sk.sign(&m);
        cases.push((sk.public_key(), m, sig));
        cases.push((ks[(i + 1) % ks.len()].public_key(), m, sig));
        cases.push((sk.public_key(), msg(i as u64 + 100), sig));
        let mut random = [0u8; SIGNATURE_BYTES];
        rng.fill_bytes(&mut random[..39]);
        rng.fill_bytes(&mut random[40..56]);
        cases.push((sk.public_key(), m, Signature(random)));
        rng.fill_bytes(&mut random[56..79]);
        cases.push((sk.public_key(), m, Signature(random)));
    }
    let (pk, m, sig) = (ks[0].public_key(), msg(0), ks[0].sign(&msg(0)));
    for bit in 0..8 * SIGNATURE_BYTES {
        let mut bad = sig;
        bad.0[bit / 8] ^= 1 << (bit % 8);
        cases.push((pk, m, bad));
    }
    cases
}

#[test]
fn verify_answers_exactly_as_the_reference_equation() {
    let cases = verification_cases();
    let accepted = cases
        .iter()
        .filter(|(pk, m, sig)| {
            let expected = reference_verify(pk, m, sig);
            assert_eq!(verify(pk, m, sig), expected, "{pk:?} {sig:?}");
            expected.is_ok()
        })
        .count();
    assert_eq!(accepted, 4, "exactly the four honest signatures verify");
}

#[test]
fn verify_prepared_answers_exactly_as_verify() {
    for (pk, m, sig) in verification_cases() {
        let prepared = PreparedPublicKey::new(&pk).expect("honest keys decode");
        assert_eq!(prepared.key(), &pk);
        assert_eq!(verify_prepared(&prepared, &m, &sig), verify(&pk, &m, &sig));
    }
    assert_eq!(
        PreparedPublicKey::new(&PublicKey([0; 5])).map(|p| *p.key()),
        Err(SchnorrError::NeutralPublicKey)
    );
    let mut big = keys(1)[0].public_key();
    big.0[2] = P + 1;
    assert_eq!(
        PreparedPublicKey::new(&big).map(|p| *p.key()),
        Err(SchnorrError::NonCanonicalPublicKey)
    );
}

#[test]
fn verify_rejects_challenges_of_129_bits_or_more() {
    let sk = &keys(1)[0];
    let m = msg(2);
    let sig = sk.sign(&m);
    for byte in [16, 20, 31, 39] {
        let mut bad = sig;
        bad.0[SCALAR_BYTES + byte] = 1;
        assert_eq!(
            verify(&sk.public_key(), &m, &bad),
            Err(SchnorrError::BadSignature)
        );
        assert_eq!(
            reference_verify(&sk.public_key(), &m, &bad),
            Err(SchnorrError::BadSignature)
        );
    }
}

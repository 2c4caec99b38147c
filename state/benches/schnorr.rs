//! Native ECgFp5 Schnorr signatures on one core: `verify` (the sequencer's hot path: every order,
//! withdrawal and oracle price is verified once), `verify_prepared` (the key decoded once), its
//! parts (`decode_public_key`, the scalar multiplications, encoding and challenge), and `sign`
//! for reference.
//!
//! Run: `cargo bench -p zkclear-state --bench schnorr`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOut;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use zkclear_state::crypto::ecgfp5::Point;
use zkclear_state::crypto::schnorr::{
    challenge, decode_public_key, verify, verify_prepared, PreparedPublicKey, SchnorrSignature,
};
use zkclear_state::crypto::{MessageDigest, PublicKey, SecretKey, Signature};

/// Distinct keys and messages, so that no branch predictor or cache learns one input.
const CASES: usize = 16;

fn cases() -> Vec<(SecretKey, PublicKey, MessageDigest, Signature)> {
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    (0..CASES as u64)
        .map(|i| {
            let sk = SecretKey::random(&mut rng);
            let m: MessageDigest = HashOut {
                elements: [1, 2, 3, 4].map(|j| GoldilocksField::from_canonical_u64(i * 10 + j)),
            };
            let sig = sk.sign(&m);
            (sk.clone(), sk.public_key(), m, sig)
        })
        .collect()
}

fn bench_schnorr(c: &mut Criterion) {
    let cases = cases();
    let mut group = c.benchmark_group("schnorr");
    group.throughput(Throughput::Elements(1));

    let mut i = 0;
    group.bench_function("verify", |b| {
        b.iter(|| {
            let (_, pk, m, sig) = &cases[i % CASES];
            i += 1;
            verify(black_box(pk), black_box(m), black_box(sig)).expect("valid signature")
        })
    });

    let prepared: Vec<_> = cases
        .iter()
        .map(|(_, pk, _, _)| PreparedPublicKey::new(pk).expect("valid key"))
        .collect();
    let mut i = 0;
    group.bench_function("verify_prepared", |b| {
        b.iter(|| {
            let (_, _, m, sig) = &cases[i % CASES];
            let key = &prepared[i % CASES];
            i += 1;
            verify_prepared(black_box(key), black_box(m), black_box(sig)).expect("valid signature")
        })
    });

    let mut i = 0;
    group.bench_function("decode_public_key", |b| {
        b.iter(|| {
            let (_, pk, _, _) = &cases[i % CASES];
            i += 1;
            decode_public_key(black_box(pk)).expect("valid key")
        })
    });

    let parts: Vec<_> = cases
        .iter()
        .map(|(_, pk, m, sig)| {
            let sig = SchnorrSignature::from_signature(sig).expect("canonical");
            let point = decode_public_key(pk).expect("valid key");
            (point, sig, *pk, *m)
        })
        .collect();
    let mut i = 0;
    group.bench_function("part/s_mul_generator_vartime", |b| {
        b.iter(|| {
            let (_, sig, _, _) = &parts[i % CASES];
            i += 1;
            Point::mul_generator_vartime(black_box(&sig.s))
        })
    });
    let mut i = 0;
    group.bench_function("part/s_mul_generator_constant_time", |b| {
        b.iter(|| {
            let (_, sig, _, _) = &parts[i % CASES];
            i += 1;
            Point::mul_generator(black_box(&sig.s))
        })
    });
    let mut i = 0;
    group.bench_function("part/e_mul_vartime", |b| {
        b.iter(|| {
            let (point, sig, _, _) = &parts[i % CASES];
            i += 1;
            black_box(point).mul_vartime(black_box(&sig.e))
        })
    });
    let mut i = 0;
    group.bench_function("part/mul_add_generator_vartime", |b| {
        b.iter(|| {
            let (point, sig, _, _) = &parts[i % CASES];
            i += 1;
            black_box(point).mul_add_generator_vartime(black_box(&sig.e), black_box(&sig.s))
        })
    });
    let mut i = 0;
    group.bench_function("part/encode_and_challenge", |b| {
        b.iter(|| {
            let (point, _, pk, m) = &parts[i % CASES];
            i += 1;
            challenge(&black_box(point).encode(), pk, m)
        })
    });

    let mut i = 0;
    group.bench_function("sign", |b| {
        b.iter(|| {
            let (sk, _, m, _) = &cases[i % CASES];
            i += 1;
            sk.sign(black_box(m))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_schnorr);
criterion_main!(benches);

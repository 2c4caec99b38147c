//! Signature benchmark: native sign/verify rate on one thread, and rows and proving time of a
//! circuit verifying `ZKCLEAR_BENCH_SIGS` (default 64) Schnorr signatures.
//!
//! Run: `RAYON_NUM_THREADS=2 cargo bench -p zkclear-circuits --bench schnorr`

use std::time::Instant;

use plonky2::field::types::Sample;
use plonky2::hash::hash_types::HashOut;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::plonk::config::PoseidonGoldilocksConfig;
use rand::SeedableRng;
use zkclear_circuits::gadgets::ecgfp5::field::{CircuitBuilderGFp5, D, F};
use zkclear_circuits::gadgets::ecgfp5::{
    set_public_key_target, set_schnorr_signature_target, CircuitBuilderSchnorr,
};
use zkclear_state::crypto::schnorr::{verify, SecretKey};

fn main() -> anyhow::Result<()> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let sk = SecretKey::random(&mut rng);
    let pk = sk.public_key();
    let m = HashOut::<F>::rand();
    let iters = 2_000;
    let t = Instant::now();
    let mut sig = sk.sign(&m);
    for _ in 1..iters {
        sig = sk.sign(&m);
    }
    let sign_rate = iters as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..iters {
        verify(&pk, &m, &sig).map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let verify_rate = iters as f64 / t.elapsed().as_secs_f64();
    println!("native: sign {sign_rate:.0}/s, verify {verify_rate:.0}/s (one thread)");

    let n: usize = std::env::var("ZKCLEAR_BENCH_SIGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let t = Instant::now();
    let mut b = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let mut targets = Vec::new();
    for _ in 0..n {
        let pk_t = b.add_virtual_quintic_ext_target();
        let msg_t = b.add_virtual_hash();
        let sig_t = b.add_virtual_schnorr_signature_target();
        b.verify_schnorr_signature(&pk_t, &msg_t, &sig_t);
        targets.push((pk_t, msg_t, sig_t));
    }
    let rows = b.num_gates();
    let data = b.build::<PoseidonGoldilocksConfig>();
    let build = t.elapsed();
    let mut pw = PartialWitness::new();
    for (pk_t, msg_t, sig_t) in &targets {
        let sk = SecretKey::random(&mut rng);
        let m = HashOut::<F>::rand();
        set_public_key_target(&mut pw, pk_t, &sk.public_key())?;
        set_schnorr_signature_target(&mut pw, sig_t, &sk.sign(&m))?;
        pw.set_hash_target(*msg_t, m)?;
    }
    let t = Instant::now();
    let proof = data.prove(pw)?;
    let prove = t.elapsed();
    let t = Instant::now();
    data.verify(proof)?;
    println!(
        "circuit: {n} verifications, {rows} rows ({:.0}/verification), degree 2^{}, build {:.1} s, prove {:.1} s, verify {:.0} ms",
        rows as f64 / n as f64,
        data.common.degree_bits(),
        build.as_secs_f64(),
        prove.as_secs_f64(),
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

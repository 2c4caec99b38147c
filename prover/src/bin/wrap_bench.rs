//! Benchmark of the L1-proof path (docs/wrap.md): shrink a stand-in inner proof to the final
//! BN254-hashed shape, then the Groth16 wrapper over it (R1CS constraint count, setup, prove,
//! verify, proving-key size, peak RSS). `--shrink-only` stops after the shrink step and the
//! counted budget. `--emit-verifier PATH` writes the committed, INSECURE test
//! `Groth16Verifier.sol` instead of benchmarking.
//!
//! `RAYON_NUM_THREADS=2 cargo run --release -p zkclear-prover --bin wrap_bench -- --security test`

use std::time::Instant;

use clap::Parser;
use serde::Serialize;
use zkclear_circuits::recursion::security::WrapSecurity;
use zkclear_circuits::recursion::shrink::ShrinkCircuit;
use zkclear_circuits::wrap::circuit::{
    self, insecure_test_setup_rng, stand_in_inner_proof, WrapCircuit, WrapVerifierData,
};
use zkclear_circuits::wrap::groth16::{self, statement_inputs, Groth16Keys};
use zkclear_prover::wrap::{bench_shrink, peak_rss_mib};

#[derive(Parser, Debug)]
#[command(about = "Measures the shrink step and the Groth16 wrapper; emits the test verifier")]
struct Args {
    /// `test` (INSECURE FRI parameters) or `secure` (≥ 100 bits).
    #[arg(long = "security", default_value = "test")]
    security: String,
    /// Only the shrink step and the counted constraint budget.
    #[arg(long = "shrink-only")]
    shrink_only: bool,
    /// Write the committed test verifier (seeded INSECURE setup, `test` level) to this path.
    #[arg(long = "emit-verifier")]
    emit_verifier: Option<std::path::PathBuf>,
}

/// What the Groth16 part of the benchmark reports.
#[derive(Debug, Serialize)]
struct WrapReport {
    security: WrapSecurity,
    shrink_build_s: f64,
    shrink_prove_s: f64,
    final_degree_bits: usize,
    r1cs_constraints: usize,
    synthesis_s: f64,
    setup_s: f64,
    proving_key_bytes: usize,
    prove_s: f64,
    verify_ms: f64,
}

/// Statement digest of the benchmark's stand-in proof.
const DIGEST: [u8; 32] = [0x5a; 32];

fn build_final(
    security: WrapSecurity,
) -> eyre::Result<(
    WrapVerifierData,
    zkclear_circuits::recursion::shrink::FinalProof,
    f64,
    f64,
)> {
    let (inner, inner_proof) =
        stand_in_inner_proof(&DIGEST).map_err(|e| eyre::eyre!("inner proof: {e:#}"))?;
    let t = Instant::now();
    let shrink = ShrinkCircuit::build(security, &inner.common, &inner.verifier_only);
    let build_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let final_proof = shrink.shrink(&inner_proof)?;
    let prove_s = t.elapsed().as_secs_f64();
    Ok((
        WrapVerifierData::from_shrink(&shrink),
        final_proof,
        build_s,
        prove_s,
    ))
}

fn emit_verifier(path: &std::path::Path) -> eyre::Result<()> {
    let (data, _, _, _) = build_final(WrapSecurity::InsecureTest)?;
    let num_constraints = circuit::count_constraints(&data)?;
    let pk = groth16::setup(
        WrapCircuit::for_setup(&data),
        &mut insecure_test_setup_rng(),
    )?;
    let keys = Groth16Keys {
        pk,
        circuit_id: data.circuit_id(),
    };
    let source = circuit::committed_test_verifier(&data, &keys, num_constraints)?;
    std::fs::write(path, source)?;
    println!(
        "wrote {} ({num_constraints} constraints, INSECURE seeded test key)",
        path.display()
    );
    Ok(())
}

fn bench_wrap(security: WrapSecurity) -> eyre::Result<WrapReport> {
    let (data, final_proof, shrink_build_s, shrink_prove_s) = build_final(security)?;
    let t = Instant::now();
    let r1cs_constraints = circuit::count_constraints(&data)?;
    let synthesis_s = t.elapsed().as_secs_f64();
    eprintln!("wrapper: {r1cs_constraints} constraints ({synthesis_s:.1} s to synthesize)");
    // A seeded setup: fine for timing, INSECURE as a key (never published from here).
    let mut rng = insecure_test_setup_rng();
    let t = Instant::now();
    let pk = groth16::setup(WrapCircuit::for_setup(&data), &mut rng)?;
    let setup_s = t.elapsed().as_secs_f64();
    eprintln!("setup: {setup_s:.1} s");
    let keys = Groth16Keys {
        pk,
        circuit_id: data.circuit_id(),
    };
    let t = Instant::now();
    let (proof, digest) = circuit::prove(&keys, &data, &final_proof, &mut rng)?;
    let prove_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let ok = groth16::verify(&keys.pk.vk, &statement_inputs(&digest), &proof)?;
    let verify_ms = t.elapsed().as_secs_f64() * 1e3;
    eyre::ensure!(ok, "the wrap proof does not verify");
    Ok(WrapReport {
        security,
        shrink_build_s,
        shrink_prove_s,
        final_degree_bits: data.common.degree_bits(),
        r1cs_constraints,
        synthesis_s,
        setup_s,
        proving_key_bytes: groth16::proving_key_bytes(&keys.pk),
        prove_s,
        verify_ms,
    })
}

fn main() -> eyre::Result<()> {
    let args = Args::parse();
    let security = match args.security.as_str() {
        "secure" => WrapSecurity::Secure,
        "test" => WrapSecurity::InsecureTest,
        other => eyre::bail!("unknown --security {other} (test | secure)"),
    };
    if let Some(path) = args.emit_verifier {
        return emit_verifier(&path);
    }
    if args.shrink_only {
        let report = bench_shrink(security)?;
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let report = bench_wrap(security)?;
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    println!("peak RSS: {} MiB", peak_rss_mib());
    Ok(())
}

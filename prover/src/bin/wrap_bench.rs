//! Benchmark of the L1-proof path: shrink an inner proof to the final BN254-hashed shape, report
//! the final shape and the R1CS verifier's constraint budget, and (with `--groth16-constraints N`)
//! time Groth16 setup/prove on a wrap-shaped synthetic R1CS of N constraints.
//!
//! `cargo run --release -p zkclear-prover --bin wrap_bench -- --security secure`

use clap::Parser;
use zkclear_circuits::recursion::security::WrapSecurity;
use zkclear_prover::wrap::{bench_shrink, peak_rss_mib};

#[derive(Parser, Debug)]
#[command(about = "Measures the shrink step and the wrapper's constraint budget")]
struct Args {
    /// `test` (INSECURE FRI parameters) or `secure` (≥ 100 bits).
    #[arg(long = "security", default_value = "test")]
    security: String,
}

fn main() -> eyre::Result<()> {
    let args = Args::parse();
    let security = match args.security.as_str() {
        "secure" => WrapSecurity::Secure,
        "test" => WrapSecurity::InsecureTest,
        other => eyre::bail!("unknown --security {other} (test | secure)"),
    };
    let report = bench_shrink(security)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    println!("peak RSS: {} MiB", peak_rss_mib());
    Ok(())
}

//! zkclear L1: the Rust side of the contracts in `verifier-contract/`.
//!
//! - [`bindings`]: alloy bindings from the committed artefacts (`artifacts/*.json`);
//! - [`deploy`]: deploy helpers; [`client`]: deposit, forced withdrawal, freeze, escape and
//!   withdraw against a node URL;
//! - [`escape`]: native leaves, roots and Merkle paths for escape calls (docs/state-layout.md);
//! - [`poseidon_sol`] generates `src/lib/PoseidonGoldilocks.sol` from plonky2's constants, and
//!   [`vectors`] computes Poseidon test vectors with plonky2 for the forge suite.
//!
//! Generated files are committed; tests fail when they are stale (`ZKCLEAR_BLESS=1` rewrites
//! them).

pub mod artifacts;
pub mod bindings;
pub mod client;
pub mod deploy;
pub mod error;
pub mod escape;
pub mod poseidon_sol;
pub mod vectors;

pub use error::{L1Error, L1Result};

/// Path of a file under `verifier-contract/`, from this crate's manifest directory.
///
/// Invariant: the crate lives at `verifier-contract/l1`.
pub fn contracts_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

#[cfg(test)]
mod generated_files_tests {
    use super::*;

    /// Compares `want` with the committed file; rewrites it when `ZKCLEAR_BLESS=1`.
    fn check_or_bless(rel: &str, want: &str) -> Result<(), String> {
        let path = contracts_path(rel);
        if std::env::var("ZKCLEAR_BLESS").as_deref() == Ok("1") {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            std::fs::write(&path, want).map_err(|e| e.to_string())?;
            return Ok(());
        }
        let have =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if have != want {
            return Err(format!(
                "{} is stale: regenerate with `ZKCLEAR_BLESS=1 cargo test -p zkclear-l1`",
                path.display()
            ));
        }
        Ok(())
    }

    #[test]
    fn poseidon_library_is_up_to_date() -> Result<(), String> {
        check_or_bless(
            "src/lib/PoseidonGoldilocks.sol",
            &poseidon_sol::poseidon_goldilocks_sol(),
        )
    }

    #[test]
    fn artifacts_are_up_to_date() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        artifacts::forge_build(dir.path()).map_err(|e| e.to_string())?;
        for (file, name) in artifacts::CONTRACTS {
            let want =
                artifacts::extract_artifact(dir.path(), file, name).map_err(|e| e.to_string())?;
            check_or_bless(&format!("l1/artifacts/{name}.json"), &want)?;
        }
        Ok(())
    }

    #[test]
    fn poseidon_vectors_are_up_to_date() -> Result<(), String> {
        let v = vectors::poseidon_vectors();
        let json = vectors::render_json(&v).map_err(|e| e.to_string())?;
        check_or_bless("test/vectors/poseidon.json", &json)?;
        check_or_bless(
            "test/vectors/PoseidonVectors.t.sol",
            &vectors::render_forge_test(&v),
        )
    }
}

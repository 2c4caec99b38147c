//! The committed contract artefacts (`verifier-contract/l1/artifacts/*.json`) and the local
//! Solidity toolchain (`<repo>/.tools/bin`, installed by `scripts/install-tools`).
//!
//! An artefact is `{"abi": [...], "bytecode": "0x..."}` extracted from `forge build`; the
//! bindings (`bindings.rs`) are generated from them at compile time, so a fresh clone builds
//! without forge. `artifacts_are_up_to_date` rebuilds with forge and compares.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{L1Error, L1Result};

/// (source file under `src/` or `test/`, contract name) of every committed artefact.
pub const CONTRACTS: &[(&str, &str)] = &[
    ("Rollup.sol", "Rollup"),
    ("TestToken.sol", "TestToken"),
    ("AcceptAllVerifier.sol", "AcceptAllVerifier"),
];

/// The repository root (two levels above this crate).
///
/// Invariant: the crate lives at `<repo>/verifier-contract/l1`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// Path of an installed tool, or an error telling how to install it.
pub fn require_tool(name: &str) -> L1Result<PathBuf> {
    let path = repo_root().join(".tools").join("bin").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(L1Error::Tool(format!(
            "{} not found: run scripts/install-tools (installs forge, anvil and solc-js into .tools/)",
            path.display()
        )))
    }
}

/// Runs `forge build` of `verifier-contract/` into `out` (with its own cache beside it).
pub fn forge_build(out: &Path) -> L1Result<()> {
    let forge = require_tool("forge")?;
    let dir = repo_root().join("verifier-contract");
    let output = Command::new(&forge)
        .current_dir(&dir)
        .arg("build")
        .arg("--out")
        .arg(out)
        .arg("--cache-path")
        .arg(out.join("cache"))
        .output()
        .map_err(|e| L1Error::Tool(format!("cannot run {}: {e}", forge.display())))?;
    if !output.status.success() {
        return Err(L1Error::Tool(format!(
            "forge build failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(())
}

/// The committed-artefact rendering of `<out>/<file>/<name>.json`.
pub fn extract_artifact(out: &Path, file: &str, name: &str) -> L1Result<String> {
    let path = out.join(file).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| L1Error::Tool(format!("{}: {e}", path.display())))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| L1Error::Tool(format!("{}: {e}", path.display())))?;
    let bytecode = v
        .get("bytecode")
        .and_then(|b| b.get("object"))
        .cloned()
        .ok_or_else(|| L1Error::Tool(format!("{}: no bytecode.object", path.display())))?;
    let abi = v
        .get("abi")
        .cloned()
        .ok_or_else(|| L1Error::Tool(format!("{}: no abi", path.display())))?;
    let compact = serde_json::json!({ "abi": abi, "bytecode": bytecode });
    let mut s = serde_json::to_string_pretty(&compact)
        .map_err(|e| L1Error::Tool(format!("{name}: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// Where the committed artefact of contract `name` lives.
pub fn artifact_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(format!("{name}.json"))
}

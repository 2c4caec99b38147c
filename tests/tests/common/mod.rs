//! Shared set-up of the devnet end-to-end tests.

use std::path::{Path, PathBuf};

use zkclear_sequencer::devnet::DevnetArgs;

/// The repository root (anvil in `.tools/bin`, genesis files, contract artefacts).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Devnet arguments for a test: the node's sled data under `dir/node`, any free RPC port,
/// default config, genesis and anvil.
pub fn devnet_args(dir: &Path) -> DevnetArgs {
    DevnetArgs {
        config: None,
        data_dir: Some(dir.join("node")),
        genesis: None,
        anvil: None,
        rpc_port: 0,
        smoke: false,
    }
}

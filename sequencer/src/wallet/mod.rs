//! The `zkclear` wallet client: key derivation, L1 deposit and forced withdrawal (through
//! `zkclear-l1`), orders and account views over the sequencer's JSON-RPC.
//!
//! Invariant: every user mistake (bad key, unreachable node, unknown account, rejected order) is
//! a [`WalletError`] with a one-line message; nothing here panics on input. A request that was
//! never sent and one whose outcome is unknown are told apart (messages and exit codes).

mod args;
mod commands;
mod send;

use std::path::PathBuf;

pub use args::{WalletCli, WalletCommand, WalletConfig};
pub use commands::run;

/// Why a wallet command failed (shown to the user as `error: <message>`).
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// No Ethereum key given.
    #[error("no Ethereum key: pass --key, --key-file or set ZKCLEAR_KEY")]
    NoKey,
    /// The key does not parse.
    #[error("the Ethereum key is not a 32-byte hex private key")]
    BadKey,
    /// Reading a file.
    #[error("reading {path}: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The config file does not parse.
    #[error("config {path}: {reason}")]
    Config {
        /// File.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A required setting is missing.
    #[error("{0} is not set: pass --{0} or put it in the config file")]
    Missing(&'static str),
    /// Key derivation.
    #[error("deriving the L2 key: {0}")]
    Derive(String),
    /// L1 node or contract.
    #[error("L1: {0}")]
    L1(String),
    /// The sequencer answered with an error: nothing was applied.
    #[error("sequencer: {0}")]
    Rpc(String),
    /// The request never reached the sequencer (no connection could be made): nothing was
    /// applied, retrying is safe. Exit code 2.
    #[error("not sent: {0} (nothing was applied; retrying is safe)")]
    NotSent(String),
    /// The request was sent but no answer came back (timeout, connection lost): it may or may
    /// not have been applied. Exit code 3.
    #[error("outcome unknown: {reason}; the request may have been applied: check with `zkclear order {digest}`")]
    OutcomeUnknown {
        /// The order's digest (what `zkclear order` looks up).
        digest: String,
        /// What went wrong.
        reason: String,
    },
    /// Waiting too long.
    #[error("gave up after {0} s waiting for {1}")]
    Timeout(u64, &'static str),
    /// Not available yet.
    #[error("{0}")]
    Unavailable(&'static str),
}

impl WalletError {
    /// The process exit code: 2 for [`WalletError::NotSent`], 3 for
    /// [`WalletError::OutcomeUnknown`], 1 for every other error (docs/wallet.md).
    pub fn exit_code(&self) -> i32 {
        match self {
            WalletError::NotSent(_) => 2,
            WalletError::OutcomeUnknown { .. } => 3,
            _ => 1,
        }
    }
}

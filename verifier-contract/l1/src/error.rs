//! The crate's error type.

use thiserror::Error;

/// Errors of the L1 client, deploy helpers and artefact tooling.
///
/// Invariant: every fallible public function of this crate returns `L1Result`.
#[derive(Debug, Error)]
pub enum L1Error {
    /// A node URL that does not parse.
    #[error("invalid node URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A contract call or deployment failed (revert, RPC error, ...).
    #[error("contract call {call} failed: {source}")]
    Contract {
        /// The call that failed.
        call: &'static str,
        /// The underlying alloy error.
        #[source]
        source: alloy::contract::Error,
    },
    /// Waiting for a transaction receipt failed.
    #[error("transaction {call} not confirmed: {reason}")]
    Pending {
        /// The call whose receipt was awaited.
        call: &'static str,
        /// The underlying error.
        reason: String,
    },
    /// A transaction was mined but reverted.
    #[error("transaction {call} reverted (tx {tx})")]
    Reverted {
        /// The call that reverted.
        call: &'static str,
        /// Its hash.
        tx: String,
    },
    /// A raw RPC request failed.
    #[error("rpc {method} failed: {reason}")]
    Rpc {
        /// The JSON-RPC method.
        method: &'static str,
        /// The underlying error.
        reason: String,
    },
    /// An input that cannot be encoded (e.g. a value outside its documented range).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A local tool (forge, anvil) is missing or failed.
    #[error("{0}")]
    Tool(String),
}

/// Result alias of this crate.
pub type L1Result<T> = Result<T, L1Error>;

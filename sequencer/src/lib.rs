//! zkclear sequencer library.
//!
//! Present today (self-contained, no dependency on `zkclear-state` types):
//! - [`book`]: the price-time-priority matching engine, one book per market.
//! - [`risk`]: Black–Scholes prices, Greeks and integer option marks (analytics only, f64).
//! - [`breaker`]: per-market circuit breakers on oracle price bands and staleness.
//!
//! Planned (STYLE.md "sequencer/" layout; added by the issues that own them):
//! - `main.rs` (thin, in `src/`), `args/` (clap, one `Args` struct per concern), `config.rs`
//!   (serde config with defaults);
//! - `rpc/` (jsonrpsee `zkc_*` and `prover_*` namespaces, stable error codes in one place);
//! - `keeper.rs` (the single actor that owns the state; turns [`book::Fill`]s into `Trade` ops and
//!   commits or truncates a [`book::Plan`] accordingly, see docs/matching.md);
//! - `batcher.rs`, `l1/`, `oracle.rs`, `funding.rs`, `liquidator.rs`, persistence (WAL / sled).

pub mod book;
pub mod breaker;
pub mod risk;

// Node core (keeper, persistence, batches, engines, RPC, metrics, config).
pub mod args;
pub mod config;
pub mod devnet;
pub mod funding;
pub mod keeper;
pub mod l1;
pub mod liquidator;
pub mod metrics;
pub mod node;
pub mod oracle;
pub mod persist;
pub mod rpc;
pub mod wallet;

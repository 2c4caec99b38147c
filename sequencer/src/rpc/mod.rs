//! JSON-RPC over HTTP and WebSocket (jsonrpsee): `zkc_*` for traders, `prover_*` for proving
//! workers, `oracle_submitTick` for oracles, `dev_deposit` (off by default) until the L1 watcher
//! exists, and `rpc_discover` (the OpenRPC document kept in `sequencer/openrpc.json`).
//!
//! Invariants: every error carries a stable code from [`error`] (docs/rpc.md); a request that
//! fails to parse, has wrong types, or exceeds `max_request_bytes` is answered with an error and
//! never reaches the keeper, so it changes nothing.

pub mod error;
mod greeks;
pub mod params;
mod prover;
mod zkc;

pub use prover::ProverConfig;

/// Shortest accepted prover worker token, bytes.
pub fn prover_min_token_bytes() -> usize {
    prover::MIN_TOKEN_BYTES
}

use std::net::SocketAddr;
use std::sync::Arc;

use jsonrpsee::server::{ServerConfig, ServerHandle};
use jsonrpsee::RpcModule;
use serde::{Deserialize, Serialize};

use crate::keeper::KeeperHandle;
use crate::persist::NodeDb;

/// The OpenRPC document served by `rpc_discover`.
pub const OPENRPC: &str = include_str!("../../openrpc.json");

/// RPC settings (the `[rpc]` section of the config file).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RpcConfig {
    /// Listen address (HTTP and WebSocket on the same port).
    pub addr: SocketAddr,
    /// Largest accepted request body, bytes.
    pub max_request_bytes: u32,
    /// Largest response body, bytes.
    pub max_response_bytes: u32,
    /// Most concurrent connections.
    pub max_connections: u32,
    /// Enables `dev_deposit` (priority deposits injected over RPC until the L1 watcher exists)
    /// and `dev_fundingTick` (an immediate funding tick). Devnet only.
    pub dev_methods: bool,
    /// Seconds a prover lease lives without a heartbeat.
    pub lease_secs: u64,
    /// Volatility used for Greeks (per √year).
    pub greeks_vol: f64,
    /// Risk-free rate used for Greeks.
    pub greeks_rate: f64,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8545)),
            max_request_bytes: 64 * 1024,
            max_response_bytes: 16 * 1024 * 1024,
            max_connections: 1024,
            dev_methods: false,
            lease_secs: 60,
            greeks_vol: 0.6,
            greeks_rate: 0.0,
        }
    }
}

/// Shared context of the RPC methods.
#[derive(Debug)]
pub struct RpcContext {
    keeper: KeeperHandle,
    db: NodeDb,
    config: RpcConfig,
    prover: ProverConfig,
    leases: prover::Leases,
}

/// Builds the RPC module (all namespaces).
pub fn module(
    keeper: KeeperHandle,
    db: NodeDb,
    config: RpcConfig,
    prover: ProverConfig,
) -> RpcModule<RpcContext> {
    let ctx = RpcContext {
        keeper,
        db,
        config,
        prover,
        leases: prover::Leases::default(),
    };
    let mut m = RpcModule::new(ctx);
    zkc::register(&mut m);
    prover::register(&mut m);
    register_discover(&mut m);
    m
}

fn register_discover(m: &mut RpcModule<RpcContext>) {
    let doc: serde_json::Value = serde_json::from_str(OPENRPC).unwrap_or(serde_json::Value::Null);
    // Method names are unique constants; registration cannot collide.
    let _ = m.register_method("rpc_discover", move |_, _, _| doc.clone());
}

/// Starts the server on `config.addr`; returns its handle and bound address.
pub async fn start(
    keeper: KeeperHandle,
    db: NodeDb,
    config: RpcConfig,
    prover: ProverConfig,
) -> std::io::Result<(ServerHandle, SocketAddr)> {
    let cfg = ServerConfig::builder()
        .max_request_body_size(config.max_request_bytes)
        .max_response_body_size(config.max_response_bytes)
        .max_connections(config.max_connections)
        .build();
    let server = jsonrpsee::server::Server::builder()
        .set_config(cfg)
        .build(config.addr)
        .await?;
    let addr = server.local_addr()?;
    let handle = server.start(module(keeper, db, config, prover));
    tracing::info!(target: "zkclear::rpc", %addr, "JSON-RPC listening (HTTP and WebSocket)");
    Ok((handle, addr))
}

/// Shared pointer to the context, as jsonrpsee hands it to async methods.
pub(crate) type Ctx = Arc<RpcContext>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::{self, KeeperParams};
    use crate::metrics::Metrics;
    use zkclear_state::crypto::SchnorrVerifier;
    use zkclear_state::genesis::Genesis;

    #[tokio::test]
    async fn openrpc_document_lists_exactly_the_served_methods() {
        let genesis =
            Genesis::from_toml(include_str!("../../../state/genesis/devnet.toml")).expect("devnet");
        let db = NodeDb::open_temporary().expect("db");
        let (handle, _thread) = keeper::spawn(KeeperParams {
            db: db.clone(),
            genesis,
            verifier: Arc::new(SchnorrVerifier),
            config: Default::default(),
            liquidator: None,
            breakers: None,
            metrics: Arc::new(Metrics::new()),
        })
        .expect("keeper starts");
        let m = module(handle, db, RpcConfig::default(), ProverConfig::default());
        let mut served: Vec<&str> = m
            .method_names()
            .filter(|n| !n.starts_with("zkc_unsubscribe"))
            .collect();
        served.sort_unstable();
        let doc: serde_json::Value = serde_json::from_str(OPENRPC).expect("valid JSON");
        let mut documented: Vec<&str> = doc["methods"]
            .as_array()
            .expect("methods")
            .iter()
            .filter_map(|m| m["name"].as_str())
            .collect();
        documented.sort_unstable();
        assert_eq!(served, documented);
    }
}

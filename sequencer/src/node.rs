//! Wiring: open the database, start the keeper, the JSON-RPC server, the metrics endpoint, the
//! funding timer, the demo oracle and the L1 watcher. `main.rs` calls [`run`]; tests call it too.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use jsonrpsee::server::ServerHandle;
use zkclear_state::crypto::{SchnorrVerifier, SignatureVerifier};
use zkclear_state::genesis::{Genesis, GenesisError};

use crate::config::{parse_key, ConfigError, NodeConfig};
use crate::keeper::{self, KeeperError, KeeperHandle, KeeperParams};
use crate::metrics::{self, Metrics};
use crate::persist::{NodeDb, PersistError};

/// Why the node did not start.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// Configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Genesis.
    #[error(transparent)]
    Genesis(#[from] GenesisError),
    /// Database.
    #[error(transparent)]
    Persist(#[from] PersistError),
    /// Keeper recovery.
    #[error("keeper: {0}")]
    Keeper(#[from] KeeperError),
    /// The L1 watcher could not be built.
    #[error("L1 watcher: {0}")]
    L1(String),
    /// Binding a socket.
    #[error("binding {what}: {source}")]
    Bind {
        /// Which endpoint.
        what: &'static str,
        /// Cause.
        source: std::io::Error,
    },
}

/// A running node.
#[derive(Debug)]
pub struct Node {
    /// Keeper handle (in-process access: tests, the future L1 watcher).
    pub keeper: KeeperHandle,
    /// The database.
    pub db: NodeDb,
    /// JSON-RPC address.
    pub rpc_addr: SocketAddr,
    /// Metrics address, if enabled.
    pub metrics_addr: Option<SocketAddr>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    rpc: ServerHandle,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    keeper_thread: std::thread::JoinHandle<()>,
}

impl Node {
    /// Stops the RPC server and background tasks and waits for the server to finish. The
    /// keeper thread ends when the last handle is dropped.
    pub async fn stop(self) {
        for t in &self.tasks {
            t.abort();
        }
        let _ = self.rpc.stop();
        self.rpc.stopped().await;
    }

    /// Stops everything and waits (up to `timeout`) for the keeper thread to exit, so the
    /// database can be reopened in this process. Pending (uncommitted) inputs stay in the WAL.
    /// Returns whether the keeper exited in time.
    pub async fn shutdown(self, timeout: Duration) -> bool {
        let Node {
            keeper,
            db,
            rpc,
            tasks,
            keeper_thread,
            ..
        } = self;
        for t in &tasks {
            t.abort();
        }
        let _ = rpc.stop();
        rpc.stopped().await;
        drop(keeper);
        drop(db);
        let join = tokio::task::spawn_blocking(move || keeper_thread.join().is_ok());
        matches!(tokio::time::timeout(timeout, join).await, Ok(Ok(true)))
    }
}

/// Starts a node from `config` with the production signature verifier.
pub async fn run(config: NodeConfig) -> Result<Node, NodeError> {
    let genesis = Genesis::from_file(&config.genesis)?;
    let db = NodeDb::open(&config.data_dir)?;
    run_with(config, genesis, db, Arc::new(SchnorrVerifier)).await
}

/// Starts a node over an open database with an explicit genesis and verifier.
pub async fn run_with(
    config: NodeConfig,
    genesis: Genesis,
    db: NodeDb,
    verifier: Arc<dyn SignatureVerifier + Send + Sync>,
) -> Result<Node, NodeError> {
    config.validate()?;
    let metrics = Arc::new(Metrics::new());
    let perps: Vec<u8> = genesis
        .markets
        .iter()
        .filter(|m| !m.kind.is_option())
        .map(|m| m.id)
        .collect();
    let options: Vec<crate::oracle::OptionExpiry> = genesis
        .markets
        .iter()
        .filter(|m| m.kind.is_option())
        .map(|m| crate::oracle::OptionExpiry {
            market: m.id,
            underlying: m.underlying.unwrap_or(m.id),
            expiry: m.expiry,
        })
        .collect();
    let (keeper, keeper_thread) = keeper::spawn(KeeperParams {
        db: db.clone(),
        genesis,
        verifier,
        config: config.keeper.clone(),
        liquidator: config.liquidator.resolve()?,
        breakers: config.breaker.to_breaker(),
        metrics: metrics.clone(),
    })?;
    let (rpc, rpc_addr) = crate::rpc::start(
        keeper.clone(),
        db.clone(),
        config.rpc.clone(),
        config.prover.clone(),
    )
    .await
    .map_err(|source| NodeError::Bind {
        what: "rpc",
        source,
    })?;
    let metrics_addr = if config.metrics.enabled {
        Some(
            metrics::serve(config.metrics.addr, metrics.clone())
                .await
                .map_err(|source| NodeError::Bind {
                    what: "metrics",
                    source,
                })?,
        )
    } else {
        None
    };
    let mut tasks = Vec::new();
    if config.funding.interval_secs > 0 {
        let k = keeper.clone();
        let every = Duration::from_secs(config.funding.interval_secs);
        tasks.push(tokio::spawn(async move {
            let mut t = tokio::time::interval(every);
            t.tick().await;
            loop {
                t.tick().await;
                for &m in &perps {
                    if let Err(e) = k.funding_tick(m).await {
                        tracing::warn!(target: "zkclear::funding", market = m, error = %e, "funding tick rejected");
                    }
                }
            }
        }));
    }
    if config.oracle.enabled {
        let keys = config
            .oracle
            .keys
            .iter()
            .map(|k| Ok((k.index, parse_key(&k.secret_key, "oracle.keys")?)))
            .collect::<Result<Vec<_>, ConfigError>>()?;
        let paths = config
            .oracle
            .paths
            .iter()
            .map(|p| (p.market, p.prices.clone()))
            .collect();
        let every = Duration::from_millis(config.oracle.interval_ms.max(10));
        tasks.push(tokio::spawn(crate::oracle::run_demo(
            keeper.clone(),
            keys,
            paths,
            options,
            every,
        )));
    }
    if let Some(w) = config.l1.watcher()? {
        tracing::info!(target: "zkclear::l1", url = %w.l1_rpc, rollup = %w.rollup, "L1 watcher on");
        let watcher =
            crate::l1::Watcher::new(w, keeper.clone()).map_err(|e| NodeError::L1(e.to_string()))?;
        tasks.push(tokio::spawn(watcher.run()));
    }
    tracing::info!(target: "zkclear::node", %rpc_addr, ?metrics_addr, data_dir = %config.data_dir.display(), "node started");
    Ok(Node {
        keeper,
        db,
        rpc_addr,
        metrics_addr,
        metrics,
        rpc,
        tasks,
        keeper_thread,
    })
}

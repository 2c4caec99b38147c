//! `zkclear-sequencer devnet`: anvil + contracts + the node + the L1 watcher + funded demo
//! accounts, all on loopback.
//!
//! What is honest about it: there is no prover yet, so the Rollup is deployed with a placeholder
//! verifier that REJECTS every proof (not an accept-all fixture). Batches are cut and stored, and
//! stay "awaiting proof"; nothing is committed to L1.

mod anvil;
mod keys;
mod smoke;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, B256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy_signer_local::PrivateKeySigner;
use zkclear_l1::client::Connection;
use zkclear_l1::deploy::{deploy_rollup, deploy_test_token, RollupConfig};
use zkclear_state::genesis::Genesis;
use zkclear_state::state::State;
use zkclear_state::store::MemoryStore;

pub use anvil::{free_port, locate as locate_anvil, Anvil, CHAIN_ID, DEV_KEYS};
pub use keys::{
    derive_l2_key, devnet_genesis_key, devnet_genesis_keys_toml, devnet_oracle_key, fund,
    DemoAccount, DEVNET_ORACLE_KEYS,
};
pub use smoke::check as smoke_check;

use crate::config::{DemoOracleConfig, NodeConfig, OracleKeyConfig, PricePath};
use crate::keeper::{Answer, KeeperHandle, Query};
use crate::l1::{Watcher, WatcherConfig};
use crate::node::{self, Node, NodeError};

/// Init code of the placeholder verifier: deploys the one-byte runtime `0xfe` (INVALID), so
/// every `verify` call reverts and no batch can be committed until the real Groth16 verifier is
/// generated.
const REJECT_ALL_VERIFIER_INITCODE: [u8; 10] =
    [0x60, 0xfe, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xf3];

/// Collateral minted and deposited per demo account (10 000 USDC, 6 decimals).
pub const DEMO_DEPOSIT: u64 = 10_000_000_000;

/// `devnet` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct DevnetArgs {
    /// Node config file (TOML); the devnet overrides data dir and listen addresses.
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Data directory (sled). Must be empty or absent: anvil starts from scratch every run.
    /// Default: a fresh temporary directory, removed on exit.
    #[arg(long = "data-dir")]
    pub data_dir: Option<PathBuf>,
    /// Genesis file (default: the config's, `state/genesis/devnet.toml`).
    #[arg(long)]
    pub genesis: Option<PathBuf>,
    /// anvil binary (default: `.tools/bin/anvil`, installed by `scripts/install-tools`).
    #[arg(long)]
    pub anvil: Option<PathBuf>,
    /// JSON-RPC port on 127.0.0.1 (0 = any free port).
    #[arg(long = "rpc.port", default_value_t = 0)]
    pub rpc_port: u16,
    /// Start everything, check that the RPC answers and a demo order round-trips, print the
    /// summary and exit 0 (CI's devnet smoke test).
    #[arg(long, env = "ZKCLEAR_DEVNET_SMOKE")]
    pub smoke: bool,
}

/// Why the devnet did not come up.
#[derive(Debug, thiserror::Error)]
pub enum DevnetError {
    /// anvil is not installed.
    #[error("anvil not found at {0}; run scripts/install-tools first")]
    AnvilMissing(PathBuf),
    /// anvil did not answer.
    #[error("anvil did not start on 127.0.0.1:{0} within 30 s")]
    AnvilTimeout(u16),
    /// The data dir holds state from an earlier run.
    #[error("data dir {0} is not empty; the devnet's L1 starts from scratch, so use an empty dir (or remove it)")]
    DataDirNotEmpty(PathBuf),
    /// File system / process.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Configuration.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The node.
    #[error("node: {0}")]
    Node(#[from] NodeError),
    /// L1 deploy or call.
    #[error("L1: {0}")]
    L1(String),
    /// Key derivation.
    #[error("key derivation: {0}")]
    Key(String),
    /// The keeper.
    #[error("keeper: {0}")]
    Keeper(#[from] crate::keeper::KeeperError),
    /// Waited too long for something.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The smoke check failed.
    #[error("smoke check: {0}")]
    Smoke(String),
}

fn l1<E: std::fmt::Display>(e: E) -> DevnetError {
    DevnetError::L1(e.to_string())
}

/// A running devnet. Invariant: dropping it kills anvil.
#[derive(Debug)]
pub struct Devnet {
    /// anvil.
    pub anvil: Anvil,
    /// The node.
    pub node: Node,
    /// Collateral token.
    pub token: Address,
    /// Placeholder verifier (rejects every proof).
    pub verifier: Address,
    /// Rollup.
    pub rollup: Address,
    /// Demo traders.
    pub accounts: Vec<DemoAccount>,
    /// The L1 watcher task (holds a keeper handle: abort it before stopping the node).
    pub watcher: tokio::task::JoinHandle<()>,
    /// A prover worker token the node accepts (`prover_*`), random per run unless the config
    /// file sets its own.
    pub worker_token: String,
    _tmp: Option<tempfile_dir::TempDir>,
}

mod tempfile_dir {
    //! A temporary data dir removed on drop (std only).
    use std::path::PathBuf;

    /// Invariant: the directory is removed (best effort) when dropped.
    #[derive(Debug)]
    pub struct TempDir(pub PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn signer(hex_key: &str) -> Result<PrivateKeySigner, DevnetError> {
    hex_key
        .parse()
        .map_err(|e| DevnetError::Key(format!("{e}")))
}

async fn deploy_reject_all_verifier(conn: &Connection) -> Result<Address, DevnetError> {
    let tx = TransactionRequest::default()
        .with_deploy_code(Bytes::from(REJECT_ALL_VERIFIER_INITCODE.to_vec()));
    let receipt = conn
        .provider
        .send_transaction(tx)
        .await
        .map_err(l1)?
        .get_receipt()
        .await
        .map_err(l1)?;
    receipt
        .contract_address
        .ok_or_else(|| DevnetError::L1("verifier deployment returned no address".into()))
}

async fn state_root(keeper: &KeeperHandle) -> Result<B256, DevnetError> {
    let Answer::Root(hex_root, _, _) = keeper.query(Query::Root).await? else {
        return Err(DevnetError::L1("unexpected keeper answer".into()));
    };
    root_b256(&hex_root)
}

fn root_b256(hex_root: &str) -> Result<B256, DevnetError> {
    let bytes = hex::decode(hex_root.trim_start_matches("0x")).map_err(l1)?;
    let arr: [u8; 32] = bytes
        .try_into()
        .map_err(|_| DevnetError::L1("state root is not 32 bytes".into()))?;
    Ok(B256::from(arr))
}

/// The genesis state root of `genesis` as the node reports it (what the Rollup is deployed
/// with), computed over a memory store.
pub fn genesis_root(genesis: &Genesis) -> Result<B256, DevnetError> {
    let state = State::open(MemoryStore::new(), genesis).map_err(l1)?;
    root_b256(&crate::keeper::root_hex(&state.root().map_err(l1)?))
}

fn prepare_data_dir(
    args: &DevnetArgs,
) -> Result<(PathBuf, Option<tempfile_dir::TempDir>), DevnetError> {
    match &args.data_dir {
        Some(d) => {
            if d.exists() && std::fs::read_dir(d)?.next().is_some() {
                return Err(DevnetError::DataDirNotEmpty(d.clone()));
            }
            Ok((d.clone(), None))
        }
        None => {
            let d = std::env::temp_dir().join(format!("zkclear-devnet-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            Ok((d.clone(), Some(tempfile_dir::TempDir(d))))
        }
    }
}

/// The node configuration of a devnet: the config file (or defaults) with the data dir, the
/// genesis (relative paths from `repo_root`) and loopback listen addresses.
pub fn node_config(
    args: &DevnetArgs,
    repo_root: &Path,
    data_dir: PathBuf,
) -> Result<NodeConfig, DevnetError> {
    let mut config = match &args.config {
        Some(p) => NodeConfig::from_file(p)?,
        None => NodeConfig::default(),
    };
    config.data_dir = data_dir;
    if let Some(g) = &args.genesis {
        config.genesis = g.clone();
    }
    if config.genesis.is_relative() {
        config.genesis = repo_root.join(&config.genesis);
    }
    config.rpc.addr = std::net::SocketAddr::from(([127, 0, 0, 1], args.rpc_port));
    config.metrics.addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    if !config.oracle.enabled {
        config.oracle = demo_oracle();
    }
    if config.prover.worker_tokens.is_empty() {
        config.prover.worker_tokens.push(random_token());
    }
    Ok(config)
}

/// A fresh random prover worker token (32 hex digits).
fn random_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// The devnet's demo oracle: all three genesis oracle keys (quorum 2) sign, once a second, a
/// small loop of prices around BTC 100 000 USD and ETH 3 500 USD (per lot: 0.0001 BTC,
/// 0.001 ETH), with flat option prices; every move stays far inside the default breaker band.
pub fn demo_oracle() -> DemoOracleConfig {
    let wave = |mid: u32, step: u32| {
        [0i64, 1, 2, 1, 0, -1, -2, -1]
            .iter()
            .map(|&k| (i64::from(mid) + k * i64::from(step)) as u32)
            .collect::<Vec<u32>>()
    };
    DemoOracleConfig {
        enabled: true,
        interval_ms: 1_000,
        keys: (0..DEVNET_ORACLE_KEYS)
            .map(|i| OracleKeyConfig {
                index: i,
                secret_key: hex::encode(devnet_oracle_key(i).to_bytes()),
            })
            .collect(),
        paths: vec![
            PricePath {
                market: 0,
                prices: wave(10_000_000, 10_000),
            },
            PricePath {
                market: 1,
                prices: wave(3_500_000, 2_000),
            },
            PricePath {
                market: 16,
                prices: vec![400_000],
            },
            PricePath {
                market: 17,
                prices: vec![300_000],
            },
        ],
    }
}

/// Waits until the keeper knows account `id` (its deposit went L1 → watcher → keeper).
pub async fn wait_for_account(
    keeper: &KeeperHandle,
    id: u32,
    timeout: Duration,
) -> Result<(), DevnetError> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Answer::Account(Some(_)) = keeper.query(Query::Account(id)).await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(DevnetError::Timeout(
        "a demo deposit to reach the sequencer through the L1 watcher",
    ))
}

/// Contracts of a devnet L1.
#[derive(Clone, Copy, Debug)]
pub struct Contracts {
    /// Test collateral token.
    pub token: Address,
    /// Placeholder verifier (rejects every proof).
    pub verifier: Address,
    /// Rollup.
    pub rollup: Address,
}

/// Deploys the test token, the placeholder verifier and the Rollup (genesis root `genesis_root`,
/// first account id 1, default deadline) from anvil's dev account #0, which also operates it.
pub async fn deploy_contracts(url: &str, genesis_root: B256) -> Result<Contracts, DevnetError> {
    let operator = Connection::new(url, signer(DEV_KEYS[0])?).map_err(l1)?;
    let token = deploy_test_token(&operator).await.map_err(l1)?;
    let verifier = deploy_reject_all_verifier(&operator).await?;
    let rollup = deploy_rollup(
        &operator,
        &RollupConfig {
            token,
            verifier,
            operator: operator.sender,
            genesis_root,
            first_account_id: 1,
            deadline_secs: 0,
            claim_window_secs: 0,
            priority_fee_wei: alloy::primitives::U256::ZERO,
            min_deposit: 0,
            oracle_time_slack_secs: 0,
        },
    )
    .await
    .map_err(l1)?;
    Ok(Contracts {
        token,
        verifier,
        rollup,
    })
}

/// Starts anvil, deploys, starts the node and the watcher, funds the demo accounts through L1.
pub async fn start(args: &DevnetArgs, repo_root: &Path) -> Result<Devnet, DevnetError> {
    let anvil_bin = anvil::locate(repo_root, args.anvil.as_deref())?;
    let anvil = Anvil::start(&anvil_bin, anvil::free_port()?).await?;
    start_on(anvil, args, repo_root).await
}

/// [`start`] over an anvil that is already running (tests start it with a state file).
pub async fn start_on(
    anvil: Anvil,
    args: &DevnetArgs,
    repo_root: &Path,
) -> Result<Devnet, DevnetError> {
    let (data_dir, tmp) = prepare_data_dir(args)?;
    eprintln!("devnet: anvil up at {}", anvil.url);

    let config = node_config(args, repo_root, data_dir)?;
    let worker_token = config
        .prover
        .worker_tokens
        .first()
        .cloned()
        .unwrap_or_default();
    let node = node::run(config).await?;
    let Contracts {
        token,
        verifier,
        rollup,
    } = deploy_contracts(&anvil.url, state_root(&node.keeper).await?).await?;
    eprintln!("devnet: contracts deployed (Rollup {rollup})");

    let watcher = Watcher::new(
        WatcherConfig {
            l1_rpc: anvil.url.clone(),
            rollup,
            poll: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
        },
        node.keeper.clone(),
    )
    .map_err(l1)?;
    let watcher = tokio::spawn(watcher.run());

    let mut accounts = Vec::new();
    for key in &DEV_KEYS[1..] {
        let acct = keys::fund(&anvil.url, rollup, token, key, DEMO_DEPOSIT).await?;
        eprintln!(
            "devnet: deposited {} to account {} on L1, waiting for the watcher...",
            DEMO_DEPOSIT, acct.account
        );
        wait_for_account(&node.keeper, acct.account, Duration::from_secs(30)).await?;
        accounts.push(acct);
    }
    Ok(Devnet {
        anvil,
        node,
        token,
        verifier,
        rollup,
        accounts,
        watcher,
        worker_token,
        _tmp: tmp,
    })
}

impl Devnet {
    /// The human summary: endpoints, addresses, keys and what is (not) live.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        s.push_str("zkclear devnet\n");
        s.push_str(&format!(
            "  sequencer JSON-RPC : http://{} (ws on the same port)\n",
            self.node.rpc_addr
        ));
        if let Some(m) = self.node.metrics_addr {
            s.push_str(&format!("  metrics            : http://{m}/metrics\n"));
        }
        s.push_str(&format!(
            "  L1 (anvil)         : {} (chain id {CHAIN_ID})\n",
            self.anvil.url
        ));
        s.push_str(&format!("  Rollup             : {}\n", self.rollup));
        s.push_str(&format!("  collateral (test)  : {}\n", self.token));
        s.push_str(&format!(
            "  verifier           : {} (placeholder: rejects every proof)\n",
            self.verifier
        ));
        s.push_str("  demo accounts (anvil's public dev keys; never use them on a real chain):\n");
        for a in &self.accounts {
            s.push_str(&format!(
                "    account {}  eth {}  eth key 0x{}\n      L2 secret 0x{}\n      L2 pubkey {}\n",
                a.account,
                a.address,
                a.eth_key,
                a.l2_secret_hex,
                zkclear_state::genesis::key_hex::format(&zkclear_state::crypto::PublicKey(
                    a.l2_pubkey
                ))
            ));
        }
        s.push_str("  demo oracle        : genesis oracle keys 0-2 (quorum 2), one tick a second (`zkclear-sequencer devnet-keys`)\n");
        s.push_str(&format!(
            "  prover worker token: {} (first parameter of every prover_* call)\n",
            self.worker_token
        ));
        s.push_str("  live     : anvil, contracts, L1 watcher (deposits, key changes, forced withdrawals),\n");
        s.push_str(
            "             demo oracle, matching, funding, JSON-RPC, batches cut and stored\n",
        );
        s.push_str("  NOT live : proving -- batches stay \"awaiting proof\"; no batch can be committed to L1\n");
        s.push_str("             until the prover and the generated Groth16Verifier land.\n");
        s
    }

    /// Stops the node, then anvil.
    pub async fn stop(self) {
        let Devnet {
            anvil,
            node,
            watcher,
            ..
        } = self;
        watcher.abort();
        let _ = watcher.await;
        let _ = node.shutdown(Duration::from_secs(5)).await;
        anvil.stop().await;
    }
}

/// The `devnet` command: start, print, then run until Ctrl-C (or, with `--smoke`, check and
/// exit).
pub async fn run(args: DevnetArgs, repo_root: &Path) -> Result<(), DevnetError> {
    let devnet = start(&args, repo_root).await?;
    print!("{}", devnet.summary());
    if args.smoke {
        let res = smoke::check(&devnet).await;
        devnet.stop().await;
        let msg = res?;
        println!("smoke: {msg}");
        return Ok(());
    }
    println!("Ctrl-C to stop (anvil is stopped with it).");
    let _ = tokio::signal::ctrl_c().await;
    devnet.stop().await;
    Ok(())
}

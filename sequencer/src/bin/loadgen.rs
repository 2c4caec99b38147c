//! Load generator: signed orders over JSON-RPC (HTTP) against an in-process node with signature
//! checks (ECgFp5 Schnorr) and durability (WAL + fsync group commit) on. Reports accepted
//! orders per second and client-side p50/p99 acknowledge latency.
//!
//! `cargo run --release -p zkclear-sequencer --bin loadgen -- --orders 20000 --clients 64`
//! `... -- --rate 10000` paces the offered load (open loop) instead of saturating it; `--ws`
//! sends over WebSocket; `--passive-percent 70` makes 70% of the orders rest (quotes).

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use eyre::{eyre, WrapErr};
use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::HttpClientBuilder;
use jsonrpsee::ws_client::WsClientBuilder;
use rand::SeedableRng;
use zkclear_sequencer::config::NodeConfig;
use zkclear_sequencer::node;
use zkclear_sequencer::persist::NodeDb;
use zkclear_state::crypto::{SchnorrVerifier, SecretKey};
use zkclear_state::genesis::{FeeAccount, Genesis, MarketConfig, OracleConfig};
use zkclear_state::ops::Deposit;
use zkclear_state::types::{Address, MarketKind, Order, Side};

#[derive(Debug, Parser)]
#[command(about = "zkclear sequencer load generator")]
struct Args {
    /// Orders to send in total.
    #[arg(long, default_value_t = 20_000)]
    orders: usize,
    /// Concurrent HTTP clients (one trading account each).
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Offered load in orders/s (0: as fast as the clients go, closed loop).
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// Orders per batch (the keeper cuts a batch at this size).
    #[arg(long, default_value_t = 1024)]
    batch_ops: usize,
    /// Percentage of orders placed away from the mid so that they rest (market makers' quotes);
    /// the others are at the mid and cross a resting order of the other side when there is one.
    /// 0 is the worst case for the keeper (about one trade per two orders).
    #[arg(long, default_value_t = 0)]
    passive_percent: u64,
    /// Send orders over WebSocket (one persistent connection per client) instead of one HTTP
    /// request per order.
    #[arg(long)]
    ws: bool,
    /// Hash the Merkle trees per operation instead of per batch (`keeper.deferred_hashing =
    /// false`), to compare.
    #[arg(long)]
    eager_hashing: bool,
    /// Do not hash pending leaves while the keeper is idle (`keeper.rehash_when_idle = false`):
    /// all hashing happens at the batch cut.
    #[arg(long)]
    no_idle_rehash: bool,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn genesis(oracles: &[SecretKey], fee_key: &SecretKey) -> Genesis {
    Genesis {
        genesis_time: unix_now() - 60,
        insurance_fund: 0,
        fee_account: FeeAccount {
            owner: Address([0xfe; 20]),
            pubkey: fee_key.public_key(),
        },
        oracle: OracleConfig {
            quorum: 1,
            keys: oracles.iter().map(SecretKey::public_key).collect(),
        },
        markets: vec![MarketConfig {
            id: 0,
            kind: MarketKind::Perp,
            underlying: None,
            strike: 0,
            expiry: 0,
            initial_ppm: 100_000,
            maintenance_ppm: 50_000,
            beta_initial_ppm: 0,
            beta_maintenance_ppm: 0,
            liquidation_fee_ppm: 10_000,
            max_funding_rate_ppm: 1_000,
            band_ppm: zkclear_state::genesis::DEFAULT_BAND_PPM,
            max_price_age: zkclear_state::genesis::DEFAULT_MAX_PRICE_AGE,
        }],
    }
}

/// One client's closed (or paced) loop: sends its orders one at a time, answers
/// (acknowledge latencies, rejected count, trades).
async fn drive<C: ClientT>(
    client: C,
    reqs: Vec<serde_json::Value>,
    gap: Option<Duration>,
    phase: Option<Duration>,
) -> (Vec<Duration>, usize, usize) {
    let mut lat = Vec::with_capacity(reqs.len());
    let mut rejected = 0usize;
    let mut trades = 0usize;
    let mut tick = gap.map(|g| {
        let start = tokio::time::Instant::now() + phase.unwrap_or_default();
        let mut i = tokio::time::interval_at(start, g);
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        i
    });
    for r in reqs {
        if let Some(t) = tick.as_mut() {
            t.tick().await;
        }
        let t0 = Instant::now();
        let res: Result<serde_json::Value, _> = client
            .request("zkc_placeOrder", jsonrpsee::rpc_params![r])
            .await;
        match res {
            Ok(v) => {
                lat.push(t0.elapsed());
                trades += v["trades"].as_array().map_or(0, Vec::len);
            }
            Err(_) => rejected += 1,
        }
    }
    (lat, rejected, trades)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    // Keeper logs (e.g. per-batch timings) with RUST_LOG=zkclear=info; silent by default.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_writer(std::io::stderr)
        .try_init();
    let clients = args.clients.max(2);
    let per_client = args.orders.div_ceil(clients);
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let oracle = SecretKey::random(&mut rng);
    let keys: Vec<SecretKey> = (0..clients).map(|_| SecretKey::random(&mut rng)).collect();

    let dir = std::env::temp_dir().join(format!("zkclear-loadgen-{}", std::process::id()));
    let mut config = NodeConfig::default();
    config.rpc.addr = "127.0.0.1:0".parse()?;
    config.rpc.max_connections = 4096;
    config.metrics.enabled = false;
    config.funding.interval_secs = 0;
    config.keeper.max_batch_ops = args.batch_ops;
    config.keeper.deferred_hashing = !args.eager_hashing;
    config.keeper.rehash_when_idle = !args.no_idle_rehash;
    config.breaker.enabled = false;
    // Every client rests many passive orders on a deep account: the per-account cap is for
    // production, not for this benchmark.
    config.keeper.max_resting_per_account = usize::MAX;
    let db = NodeDb::open(&dir).wrap_err("opening the data dir")?;
    let node = node::run_with(
        config,
        genesis(std::slice::from_ref(&oracle), &keys[0]),
        db,
        Arc::new(SchnorrVerifier),
    )
    .await?;
    for (i, k) in keys.iter().enumerate() {
        let id = u32::try_from(i + 1)?;
        node.keeper
            .deposit(Deposit {
                account: id,
                owner: Address([i as u8; 20]),
                pubkey: k.public_key(),
                amount: 1 << 50,
            })
            .await?;
    }
    let ts = unix_now();
    node.keeper
        .oracle_tick(zkclear_sequencer::oracle::signed_tick(
            0,
            ts,
            10_000_000,
            &[(0, oracle.clone())],
        ))
        .await?;

    // Pre-sign every order (signing is the wallet's cost, not the sequencer's).
    eprintln!("signing {} orders ...", per_client * clients);
    let expiry = ts + 86_400;
    let passive_percent = args.passive_percent.min(100);
    let keys = Arc::new(keys);
    let signers: Vec<_> = (0..2)
        .map(|half| {
            let keys = keys.clone();
            std::thread::spawn(move || {
                (0..clients)
                    .filter(|c| c % 2 == half)
                    .map(|c| {
                        let side = if c % 2 == 0 { Side::Buy } else { Side::Sell };
                        let reqs: Vec<serde_json::Value> = (0..per_client)
                            .map(|n| {
                                // Deterministic spread of passive orders over the run.
                                let passive = ((n * 37 + c * 11) % 100) < passive_percent as usize;
                                let away = if passive { 1 + (n % 100) as u32 } else { 0 };
                                let limit_price = match side {
                                    Side::Buy => 10_000_000 - away,
                                    Side::Sell => 10_000_000 + away,
                                };
                                let o = Order {
                                    account: (c + 1) as u32,
                                    market: 0,
                                    side,
                                    limit_price,
                                    size: 1,
                                    max_fee_ppm: 1_000,
                                    expiry,
                                    nonce: (n + 1) as u32,
                                    time_in_force: zkclear_state::types::TimeInForce::Gtc,
                                    reduce_only: false,
                                };
                                serde_json::json!({
                                    "order": o,
                                    "signature": format!("0x{}", hex::encode(keys[c].sign(&o.digest()).0)),
                                })
                            })
                            .collect();
                        (c, reqs)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut work = Vec::new();
    for s in signers {
        work.extend(s.join().map_err(|_| eyre!("signer thread panicked"))?);
    }

    let url = format!("http://{}", node.rpc_addr);
    let started = Instant::now();
    let mut tasks = Vec::new();
    let ws_url = format!("ws://{}", node.rpc_addr);
    let gap = (args.rate > 0).then(|| Duration::from_secs_f64(clients as f64 / args.rate as f64));
    for (c, reqs) in work {
        // The client's phase within the period spreads paced requests evenly.
        let phase = gap.map(|g| g.mul_f64(c as f64 / clients as f64));
        if args.ws {
            let client = WsClientBuilder::default().build(&ws_url).await?;
            tasks.push(tokio::spawn(drive(client, reqs, gap, phase)));
        } else {
            let client = HttpClientBuilder::default().build(&url)?;
            tasks.push(tokio::spawn(drive(client, reqs, gap, phase)));
        }
    }
    let mut lat = Vec::new();
    let mut rejected = 0;
    let mut trades = 0;
    for t in tasks {
        let (l, r, n) = t.await?;
        lat.extend(l);
        rejected += r;
        trades += n;
    }
    let elapsed = started.elapsed();
    lat.sort_unstable();
    let accepted = lat.len();
    println!(
        "orders accepted: {accepted}, rejected: {rejected}, trades: {trades} ({:.2} per order), clients: {clients}, passive: {passive_percent}%, hashing: {}, transport: {}, offered rate: {}",
        trades as f64 / accepted.max(1) as f64,
        if args.eager_hashing { "per op" } else { "per batch" },
        if args.ws { "websocket" } else { "http" },
        if args.rate > 0 {
            args.rate.to_string()
        } else {
            "max".into()
        }
    );
    println!(
        "throughput: {:.0} orders/s over {:.2} s; ack latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        accepted as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        percentile(&lat, 0.50).as_secs_f64() * 1e3,
        percentile(&lat, 0.99).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    let status: serde_json::Value = HttpClientBuilder::default()
        .build(&url)?
        .request("zkc_getStatus", jsonrpsee::rpc_params![])
        .await?;
    println!("node status after the run: {status}");
    node.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

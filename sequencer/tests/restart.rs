//! What a restart keeps, over real JSON-RPC (issue 13): resting reduce-only orders keep their
//! signed flag, markets are not halted by their breaker when no batch was committed yet, recent
//! trades and finished orders survive, and the demo oracle's first tick after a restart in the
//! same second is accepted.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use zkclear_sequencer::config::{NodeConfig, OracleKeyConfig, PricePath};
use zkclear_sequencer::node::{self, Node};
use zkclear_sequencer::persist::NodeDb;
use zkclear_state::crypto::SchnorrVerifier;
use zkclear_state::types::{Order, Side, TimeInForce};

const A: u32 = 1;
const B: u32 = 2;
const C: u32 = 3;
const P: u32 = 10_000_000;

fn config() -> NodeConfig {
    let mut c = NodeConfig::default();
    c.rpc.addr = "127.0.0.1:0".parse().unwrap();
    c.metrics.enabled = false;
    c.funding.interval_secs = 0;
    c.keeper.batch_interval_ms = 3_600_000;
    c
}

async fn open(k: &Keys, c: NodeConfig, dir: &Path, expiry_base: u64) -> Node {
    let mut g = genesis(k, 100_000);
    // The same genesis on every open (genesis() reads the clock).
    g.genesis_time = expiry_base - 3_600;
    g.markets[1].expiry = expiry_base + 100_000;
    node::run_with(c, g, open_db(dir).await, Arc::new(SchnorrVerifier))
        .await
        .unwrap()
}

/// Opens the database, waiting (up to 10 s) while the stopped node's server connections still
/// hold the previous handle (sled's lock).
async fn open_db(dir: &Path) -> NodeDb {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match NodeDb::open(dir) {
            Ok(db) => return db,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("reopening the database: {e}"),
        }
    }
}

/// Opens a fresh node in `dir` with A, B, C funded and the perp priced now.
async fn start(k: &Keys, c: NodeConfig, dir: &Path, base: u64) -> Node {
    let node = open(k, c, dir, base).await;
    for id in [A, B, C] {
        node.keeper
            .deposit(zkclear_state::ops::Deposit {
                account: id,
                owner: zkclear_state::types::Address([id as u8; 20]),
                pubkey: k.traders[id as usize - 1].public_key(),
                amount: 10_000_000_000,
            })
            .await
            .unwrap();
    }
    let cl = client(node.rpc_addr);
    call(
        &cl,
        "oracle_submitTick",
        vec![tick_params(k, PERP, unix_now(), P)],
    )
    .await
    .unwrap();
    node
}

async fn restart(node: Node, k: &Keys, c: NodeConfig, dir: &Path, base: u64) -> Node {
    assert!(
        node.shutdown(Duration::from_secs(10)).await,
        "keeper stopped"
    );
    open(k, c, dir, base).await
}

fn with(o: Order, tif: TimeInForce, reduce_only: bool) -> Order {
    Order {
        time_in_force: tif,
        reduce_only,
        ..o
    }
}

async fn place(c: &jsonrpsee::http_client::HttpClient, k: &Keys, o: &Order) -> Value {
    call(
        c,
        "zkc_placeOrder",
        vec![signed_params(&k.traders[o.account as usize - 1], o)],
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resting_reduce_only_order_restored_from_a_committed_batch_keeps_its_flag() {
    let k = keys(3);
    let dir = tempfile::tempdir().unwrap();
    let base = unix_now();
    let node = start(&k, config(), dir.path(), base).await;
    let c = client(node.rpc_addr);
    // A goes long 10, then rests a reduce-only sell of 10 far above the market.
    place(&c, &k, &order(B, PERP, Side::Sell, P, 10, 1)).await;
    let r = place(
        &c,
        &k,
        &with(order(A, PERP, Side::Buy, P, 10, 1), TimeInForce::Ioc, false),
    )
    .await;
    assert_eq!(r["filled"], 10);
    let ro = with(
        order(A, PERP, Side::Sell, 11_000_000, 10, 2),
        TimeInForce::Gtc,
        true,
    );
    assert_eq!(place(&c, &k, &ro).await["resting"], 10);
    assert_eq!(node.keeper.cut_batch().await.unwrap(), Some(1));
    // A halves its position elsewhere (after the batch: in the WAL).
    place(&c, &k, &order(C, PERP, Side::Buy, P, 5, 1)).await;
    place(
        &c,
        &k,
        &with(order(A, PERP, Side::Sell, P, 5, 3), TimeInForce::Ioc, false),
    )
    .await;

    let node = restart(node, &k, config(), dir.path(), base).await;
    let c = client(node.rpc_addr);
    let open_a = call(&c, "zkc_getOpenOrders", vec![json!(A)]).await.unwrap();
    assert_eq!(open_a[0]["reduce_only"], true, "{open_a}");
    assert_eq!(open_a[0]["time_in_force"], "gtc");
    // B lifts it: the restored order is clipped to A's 5 lots, never flips A short.
    let r = place(
        &c,
        &k,
        &with(
            order(B, PERP, Side::Buy, 11_000_000, 10, 2),
            TimeInForce::Ioc,
            false,
        ),
    )
    .await;
    assert_eq!(r["filled"], 5, "{r}");
    let pos = call(&c, "zkc_getPositions", vec![json!(A)]).await.unwrap();
    assert!(
        pos.as_array().unwrap().iter().all(|p| p["market"] != PERP),
        "A is flat: {pos}"
    );
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_before_the_first_batch_leaves_markets_open() {
    let k = keys(3);
    let dir = tempfile::tempdir().unwrap();
    let base = unix_now();
    let cfg = config();
    assert!(cfg.breaker.enabled, "breakers on, as in production");
    let node = start(&k, cfg.clone(), dir.path(), base).await;
    let status = call(&client(node.rpc_addr), "zkc_getStatus", vec![])
        .await
        .unwrap();
    assert_eq!(
        status["batch_number"], 0,
        "nothing committed: the price is in the WAL only"
    );
    let node = restart(node, &k, cfg, dir.path(), base).await;
    let c = client(node.rpc_addr);
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    assert_eq!(markets[0]["status"], "open", "{markets}");
    let r = place(&c, &k, &order(A, PERP, Side::Buy, 9_000_000, 1, 1)).await;
    assert_eq!(r["resting"], 1);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_trades_and_finished_orders_survive_a_restart() {
    let k = keys(3);
    let dir = tempfile::tempdir().unwrap();
    let base = unix_now();
    let node = start(&k, config(), dir.path(), base).await;
    let c = client(node.rpc_addr);
    // Committed: a trade and a cancelled order.
    place(&c, &k, &order(B, PERP, Side::Sell, P, 2, 1)).await;
    place(
        &c,
        &k,
        &with(order(A, PERP, Side::Buy, P, 1, 1), TimeInForce::Ioc, false),
    )
    .await;
    let cancelled = order(A, PERP, Side::Buy, 9_000_000, 1, 2);
    place(&c, &k, &cancelled).await;
    call(
        &c,
        "zkc_cancelOrder",
        vec![cancel_params(&k.traders[0], &cancelled)],
    )
    .await
    .unwrap();
    assert_eq!(node.keeper.cut_batch().await.unwrap(), Some(1));
    // In the WAL only: another trade, and an IOC order that ended with lots unfilled.
    let ioc = with(order(A, PERP, Side::Buy, P, 5, 3), TimeInForce::Ioc, false);
    assert_eq!(place(&c, &k, &ioc).await["filled"], 1);
    let trades = call(&c, "zkc_getRecentTrades", vec![json!(PERP)])
        .await
        .unwrap();
    assert_eq!(trades.as_array().unwrap().len(), 2);

    let node = restart(node, &k, config(), dir.path(), base).await;
    let c = client(node.rpc_addr);
    let after = call(&c, "zkc_getRecentTrades", vec![json!(PERP)])
        .await
        .unwrap();
    assert_eq!(after, trades);
    for o in [cancelled, ioc] {
        assert_eq!(
            call_code(&c, "zkc_placeOrder", vec![signed_params(&k.traders[0], &o)]).await,
            Some(-32119),
            "{o:?}"
        );
    }
    // A trade after the restart goes on top of the restored ones.
    place(&c, &k, &order(B, PERP, Side::Sell, P, 1, 2)).await;
    place(
        &c,
        &k,
        &with(order(A, PERP, Side::Buy, P, 1, 4), TimeInForce::Ioc, false),
    )
    .await;
    let more = call(&c, "zkc_getRecentTrades", vec![json!(PERP)])
        .await
        .unwrap();
    assert_eq!(more.as_array().unwrap().len(), 3);
    assert_eq!(more[1], trades[0]);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_oracles_first_tick_after_a_restart_in_the_same_second_is_accepted() {
    let k = keys(3);
    let dir = tempfile::tempdir().unwrap();
    let base = unix_now();
    let mut cfg = config();
    cfg.oracle.enabled = true;
    cfg.oracle.interval_ms = 1_000;
    // An odd number of keys (the state refuses an even submission count).
    cfg.oracle.keys = (0..3u8)
        .map(|i| OracleKeyConfig {
            index: i,
            secret_key: hex::encode(k.oracles[i as usize].to_bytes()),
        })
        .collect();
    cfg.oracle.paths = vec![PricePath {
        market: PERP,
        prices: vec![P],
    }];
    let price_time = |node: &Node| {
        let c = client(node.rpc_addr);
        async move {
            call(&c, "zkc_getMarkets", vec![]).await.unwrap()[0]["price_time"]
                .as_u64()
                .unwrap()
        }
    };
    let node = open(&k, cfg.clone(), dir.path(), base).await;
    // Wait for a fresh tick, then restart at once (within the same second, as a crash loop).
    let deadline = Instant::now() + Duration::from_secs(5);
    let first = loop {
        let t = price_time(&node).await;
        if t > 0 {
            break t;
        }
        assert!(Instant::now() < deadline, "no demo tick");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let node = restart(node, &k, cfg, dir.path(), base).await;
    // The first tick after the restart is applied at once, not a second later (the replayed
    // tick is `first`; without resuming after it, a tick in the same second is refused).
    let deadline = Instant::now() + Duration::from_millis(700);
    loop {
        if price_time(&node).await > first {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the first tick after the restart was refused"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    node.stop().await;
}

//! End to end over real JSON-RPC, as a wallet would, against the real `zkclear-sequencer`
//! binary and a real L1 (anvil with the Rollup deployed): deposits made on L1 and fed by the
//! node's L1 watcher, orders from two traders, fills, an oracle move that makes one trader
//! liquidatable and its liquidation, a funding tick, an option expiring and settling, then
//! `kill -9` and a restart with nothing acknowledged lost (a resting reduce-only order restored
//! from a committed batch keeps its flag), and an L1 forced withdrawal applied once by the
//! restarted node. An earlier `kill -9`, before the first batch, must not leave the market
//! halted by its circuit breaker.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use zkclear_sequencer::devnet::{self, Contracts, DEV_KEYS};
use zkclear_state::types::{Order, Side};

const A: u32 = 1;
const B: u32 = 2;
const LIQ: u32 = 3;

/// anvil's public dev account #3 (the liquidator's L1 owner here; never fund it on a real chain).
const DEV_KEY_3: &str = "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

/// The L1 side: anvil with the test token, the placeholder verifier and the Rollup deployed
/// for `genesis`.
struct L1 {
    anvil: devnet::Anvil,
    contracts: devnet::Contracts,
}

async fn start_l1(g: &zkclear_state::genesis::Genesis) -> L1 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = devnet::locate_anvil(&root, None).expect("anvil: run scripts/install-tools");
    let anvil = devnet::Anvil::start(&bin, devnet::free_port().unwrap())
        .await
        .unwrap();
    let contracts = devnet::deploy_contracts(&anvil.url, devnet::genesis_root(g).unwrap())
        .await
        .unwrap();
    L1 { anvil, contracts }
}

/// The traders' L2 keys, derived from their L1 keys as the wallet does (`zkclear keys`).
fn wallet_keys() -> Keys {
    let traders = [DEV_KEYS[1], DEV_KEYS[2], DEV_KEY_3]
        .iter()
        .map(|k| devnet::derive_l2_key(&k.parse().unwrap(), devnet::CHAIN_ID).unwrap())
        .collect();
    Keys {
        oracles: keys(0).oracles,
        traders,
    }
}

fn write_config(
    dir: &Path,
    k: &Keys,
    g: &zkclear_state::genesis::Genesis,
    l1: &L1,
) -> std::path::PathBuf {
    std::fs::write(dir.join("genesis.toml"), toml::to_string(g).unwrap()).unwrap();
    let cfg = format!(
        r#"
data_dir = "{data}"
genesis = "{genesis}"
[rpc]
addr = "127.0.0.1:0"
dev_methods = true
[metrics]
enabled = false
[keeper]
max_batch_ops = 5
batch_interval_ms = 600000
[breaker]
band_ppm = 1000000
[funding]
interval_secs = 0
[liquidator]
account = {LIQ}
secret_key = "{liq}"
[l1]
rpc_url = "{l1_url}"
rollup = "{rollup}"
poll_ms = 100
max_backoff_ms = 1000
"#,
        data = dir.join("data").display(),
        genesis = dir.join("genesis.toml").display(),
        liq = hex::encode(k.traders[2].to_bytes()),
        l1_url = l1.anvil.url,
        rollup = l1.contracts.rollup,
    );
    let path = dir.join("node.toml");
    std::fs::write(&path, cfg).unwrap();
    path
}

fn spawn_node(config: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zkclear-sequencer"))
        .args(["run", "--config"])
        .arg(config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, addr.parse().unwrap())
}

async fn snapshot(c: &jsonrpsee::http_client::HttpClient) -> Value {
    let mut accounts = Vec::new();
    for id in [A, B, LIQ] {
        accounts.push(call(c, "zkc_getAccount", vec![json!(id)]).await.unwrap());
        accounts.push(call(c, "zkc_getOpenOrders", vec![json!(id)]).await.unwrap());
    }
    json!({
        "accounts": accounts,
        "book": call(c, "zkc_getOrderBook", vec![json!(PERP)]).await.unwrap(),
        "markets": call(c, "zkc_getMarkets", vec![]).await.unwrap(),
        "status": call(c, "zkc_getStatus", vec![]).await.unwrap(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wallet_flow_with_l1_deposits_survives_kill_9_with_nothing_acknowledged_lost() {
    let dir = tempfile::tempdir().unwrap();
    let k = wallet_keys();
    let expiry_in = 2_000;
    let g = genesis(&k, expiry_in);
    let l1 = start_l1(&g).await;
    let config = write_config(dir.path(), &k, &g, &l1);
    let (mut child, addr) = spawn_node(&config);
    let c = client(addr);
    let status = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert_eq!(
        status["state_root"],
        format!("{}", devnet::genesis_root(&g).unwrap()),
        "the Rollup was deployed with the node's genesis root"
    );

    // Deposits on L1 (mint test USDC, approve, deposit with the wallet-derived L2 key); the
    // node's watcher feeds them in queue order. A is thinly capitalised, B and the liquidator
    // are rich.
    let Contracts { token, rollup, .. } = l1.contracts;
    for (id, eth_key, amount) in [
        (A, DEV_KEYS[1], 150_000_000u64),
        (B, DEV_KEYS[2], 10_000_000_000),
        (LIQ, DEV_KEY_3, 100_000_000_000),
    ] {
        let acct = devnet::fund(&l1.anvil.url, rollup, token, eth_key, amount)
            .await
            .unwrap();
        assert_eq!(acct.account, id, "the Rollup assigns ids in deposit order");
        assert_eq!(acct.l2_pubkey, k.traders[id as usize - 1].public_key().0);
    }
    wait_for_cursor(&c, 3).await;
    let a = call(&c, "zkc_getAccount", vec![json!(A)]).await.unwrap();
    assert_eq!(a["collateral"], 150_000_000, "{a}");
    let mut ts = unix_now();
    call(
        &c,
        "oracle_submitTick",
        vec![tick_params(&k, PERP, ts, 10_000_000)],
    )
    .await
    .unwrap();

    // kill -9 before the first batch (3 deposits and a tick, all in the WAL only): after the
    // restart the market has its price and trades at once, its breaker is not left halted.
    let status = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert_eq!(status["batch_number"], 0, "{status}");
    child.kill().unwrap();
    child.wait().unwrap();
    let (mut child, addr) = spawn_node(&config);
    let c = client(addr);
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    assert_eq!(markets[0]["price"], 10_000_000, "{markets}");
    assert_eq!(markets[0]["status"], "open", "{markets}");
    let probe = order(B, PERP, Side::Sell, 12_000_000, 1, 100);
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &probe, "limit")],
    )
    .await
    .unwrap();
    assert_eq!(r["resting"], 1, "{r}");
    call(
        &c,
        "zkc_cancelOrder",
        vec![cancel_params(&k.traders[1], &probe)],
    )
    .await
    .unwrap();

    call(
        &c,
        "oracle_submitTick",
        vec![tick_params(&k, CALL, ts, 500_000)],
    )
    .await
    .unwrap();

    // B rests an ask, A lifts it: A long 100 lots at 10 USD/lot (10x leverage).
    let ask = order(B, PERP, Side::Sell, 10_000_000, 100, 1);
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &ask, "limit")],
    )
    .await
    .unwrap();
    assert_eq!(r["resting"], 100);
    let bid = order(A, PERP, Side::Buy, 10_000_000, 100, 1);
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[0], &bid, "limit")],
    )
    .await
    .unwrap();
    assert_eq!(r["filled"], 100, "{r}");
    let pos = call(&c, "zkc_getPositions", vec![json!(A)]).await.unwrap();
    assert_eq!(pos[0]["size"], 100);

    // Options: A buys 2 calls from B.
    let ask = order(B, CALL, Side::Sell, 500_000, 2, 2);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &ask, "limit")],
    )
    .await
    .unwrap();
    let bid = order(A, CALL, Side::Buy, 500_000, 2, 2);
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[0], &bid, "ioc")],
    )
    .await
    .unwrap();
    assert_eq!(r["filled"], 2, "{r}");

    // Options are paid in cash: 1 000 more calls (500 USDC of premium) against A's ~149 USDC of
    // free cash are refused, although the calls would be worth their premium at mark.
    let ask = order(B, CALL, Side::Sell, 500_000, 1_000, 60);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &ask, "limit")],
    )
    .await
    .unwrap();
    let credit_bid = order(A, CALL, Side::Buy, 500_000, 1_000, 60);
    let _ = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[0], &credit_bid, "ioc")],
    )
    .await;
    let pos = call(&c, "zkc_getPositions", vec![json!(A)]).await.unwrap();
    let calls = pos
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["market"] == CALL)
        .map(|p| p["size"].clone());
    assert_eq!(calls, Some(json!(2)), "no call bought on credit: {pos}");

    // Replaying a filled order is a stale nonce; a forged signature is refused.
    let code = call_code(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[0], &bid, "limit")],
    )
    .await;
    assert_eq!(code, Some(-32103));
    let forged = order(A, PERP, Side::Buy, 9_000_000, 1, 3);
    let code = call_code(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &forged, "limit")],
    )
    .await;
    assert_eq!(code, Some(-32101));

    // Bogus ticks (BTC at 1 base unit, then 10x up) are refused by the state's band: nothing
    // moves and nobody is liquidated.
    ts += 1;
    let margin = call(&c, "zkc_getMargin", vec![json!(A)]).await.unwrap();
    assert_eq!(margin["healthy_maintenance"], true);
    for bogus in [1, 100_000_000] {
        let code = call_code(
            &c,
            "oracle_submitTick",
            vec![tick_params(&k, PERP, ts, bogus)],
        )
        .await;
        assert_eq!(code, Some(-32151), "a tick at {bogus} is refused");
    }
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    assert_eq!(markets[0]["price"], 10_000_000, "{markets}");
    let a = call(&c, "zkc_getPositions", vec![json!(A)]).await.unwrap();
    assert!(
        a.as_array().unwrap().iter().any(|p| p["market"] == PERP),
        "nobody is liquidated on a refused tick: {a}"
    );

    // The oracle falls 11%: A drops below maintenance and is liquidated.
    call(
        &c,
        "oracle_submitTick",
        vec![tick_params(&k, PERP, ts, 8_900_000)],
    )
    .await
    .unwrap();
    let a = call(&c, "zkc_getAccount", vec![json!(A)]).await.unwrap();
    assert!(
        a["positions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["market"] != PERP),
        "A's perp position must be liquidated: {a}"
    );
    let liq = call(&c, "zkc_getPositions", vec![json!(LIQ)])
        .await
        .unwrap();
    assert_eq!(liq[0]["size"], 100, "the liquidator took A's long: {liq}");

    // B (short 100) rests a reduce-only buy below the market; the funding tick below fills the
    // second batch (max 5 ops), which commits it: after the kill -9 it is restored from the
    // committed resting orders, not replayed from the WAL.
    let reduce = Order {
        reduce_only: true,
        ..order(B, PERP, Side::Buy, 8_000_000, 10, 7)
    };
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![signed_params(&k.traders[1], &reduce)],
    )
    .await
    .unwrap();
    assert_eq!(r["resting"], 10, "{r}");
    let batch_with_reduce_only = call(&c, "zkc_getStatus", vec![]).await.unwrap()["batch_number"]
        .as_u64()
        .unwrap();

    // A premium of the book (mid 9.2) over the oracle (8.9), then a funding tick (the periodic
    // task is off in this config; dev_fundingTick runs the same keeper path now).
    let ask = order(B, PERP, Side::Sell, 9_300_000, 1, 4);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &ask, "post_only")],
    )
    .await
    .unwrap();
    let bid = order(LIQ, PERP, Side::Buy, 9_100_000, 1, 5);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[2], &bid, "post_only")],
    )
    .await
    .unwrap();
    let f = call(&c, "dev_fundingTick", vec![json!(PERP)])
        .await
        .unwrap();
    let delta = f["index_delta"].as_i64().unwrap();
    assert!(
        delta > 0,
        "longs pay when the book trades above the index: {f}"
    );
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    assert_eq!(markets[0]["funding_index"].as_i64().unwrap(), delta);

    // Option expiry: the clock passes the expiry, then the oracles sign the settlement price for
    // the expiry instant, which settles A's and B's calls.
    let expiry_ts = unix_now() + expiry_in + 1;
    call(
        &c,
        "oracle_submitTick",
        vec![tick_params(&k, PERP, expiry_ts, 9_000_000)],
    )
    .await
    .unwrap();
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    let expiry = markets
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == CALL)
        .and_then(|m| m["expiry"].as_u64())
        .expect("the call market reports its expiry");
    call(
        &c,
        "oracle_submitSettlement",
        vec![settlement_params(&k, CALL, expiry, 9_000_000)],
    )
    .await
    .unwrap();
    for id in [A, B] {
        let p = call(&c, "zkc_getPositions", vec![json!(id)]).await.unwrap();
        assert!(
            p.as_array().unwrap().iter().all(|p| p["market"] != CALL),
            "account {id} still holds the expired call: {p}"
        );
    }
    let markets = call(&c, "zkc_getMarkets", vec![]).await.unwrap();
    let call_market = markets
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == CALL)
        .unwrap();
    assert_eq!(call_market["settlement_price"], 9_000_000);

    // Some batches are committed (max 5 ops), the rest is pending in the WAL.
    let status = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert!(status["batch_number"].as_u64().unwrap() >= 2, "{status}");
    assert!(
        status["batch_number"].as_u64().unwrap() > batch_with_reduce_only,
        "a batch was committed after the reduce-only order rested: {status}"
    );
    let open_b = call(&c, "zkc_getOpenOrders", vec![json!(B)]).await.unwrap();
    assert!(
        open_b
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["nonce"] == 7 && o["reduce_only"] == true),
        "{open_b}"
    );
    assert!(status["pending_ops"].as_u64().unwrap() > 0, "{status}");
    let batch = call(&c, "zkc_getBatch", vec![json!(1)]).await.unwrap();
    assert_eq!(batch["status"], "committed");
    assert!(batch["new_root"].is_string());

    // kill -9 and restart: everything acknowledged is back, byte for byte.
    let before = snapshot(&c).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let (mut child, addr) = spawn_node(&config);
    let c = client(addr);
    let after = snapshot(&c).await;
    assert_eq!(before, after);

    // The node goes on: the resting bid still trades after the restart.
    let sell = order(B, PERP, Side::Sell, 9_100_000, 1, 6);
    let r = call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &sell, "ioc")],
    )
    .await
    .unwrap();
    assert_eq!(r["filled"], 1, "{r}");

    // The restarted node's watcher goes on from the recovered cursor: B forces 1 000 USDC out
    // on L1 and it is applied exactly once.
    let before = call(&c, "zkc_getAccount", vec![json!(B)]).await.unwrap()["collateral"]
        .as_i64()
        .unwrap();
    let signer: alloy_signer_local::PrivateKeySigner = DEV_KEYS[2].parse().unwrap();
    zkclear_l1::client::RollupClient::new(
        zkclear_l1::client::Connection::new(&l1.anvil.url, signer).unwrap(),
        rollup,
    )
    .request_forced_withdrawal(B, 1_000_000_000)
    .await
    .unwrap();
    wait_for_cursor(&c, 4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = call(&c, "zkc_getAccount", vec![json!(B)]).await.unwrap()["collateral"]
        .as_i64()
        .unwrap();
    assert_eq!(after, before - 1_000_000_000);
    let status = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert_eq!(
        status["priority_cursor"], 4,
        "nothing applied twice: {status}"
    );

    child.kill().unwrap();
    child.wait().unwrap();
    l1.anvil.stop().await;
}

/// Waits (up to 20 s) until the node has applied `n` L1 priority operations.
async fn wait_for_cursor(c: &jsonrpsee::http_client::HttpClient, n: u64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let s = call(c, "zkc_getStatus", vec![]).await.unwrap();
        if s["priority_cursor"].as_u64() == Some(n) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "L1 priority op #{n} not applied: {s}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

//! End to end over L1 and JSON-RPC, as a wallet sees it: anvil + contracts + sequencer + L1
//! watcher.
//!
//! - Two traders deposit on anvil, the smoke check runs over JSON-RPC (an order rests and is
//!   cancelled, the demo oracle ticks, an order fills between them), then the node restarts while
//!   a new deposit waits on L1, and after the restart every deposit is applied exactly once (the
//!   watcher resumes from the state's priority cursor).
//! - Key changes and forced withdrawals requested on L1 reach the sequencer in queue order, and
//!   the watcher survives an L1 node restart (anvil stopped and restarted from its state file).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use alloy_signer_local::PrivateKeySigner;
use common::{devnet_args, repo_root};
use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::HttpClientBuilder;
use jsonrpsee::rpc_params;
use serde_json::Value;
use zkclear_sequencer::devnet::{self, DEMO_DEPOSIT, DEV_KEYS};
use zkclear_sequencer::l1::{Watcher, WatcherConfig};

async fn account(rpc: &str, id: u32) -> Option<Value> {
    let client = HttpClientBuilder::default().build(rpc).ok()?;
    client.request("zkc_getAccount", rpc_params![id]).await.ok()
}

async fn collateral(rpc: &str, id: u32) -> Option<i64> {
    account(rpc, id)
        .await?
        .get("collateral")
        .and_then(Value::as_i64)
}

async fn cursor(rpc: &str) -> Option<u64> {
    let client = HttpClientBuilder::default().build(rpc).ok()?;
    let s: Value = client.request("zkc_getStatus", rpc_params![]).await.ok()?;
    s.get("priority_cursor").and_then(Value::as_u64)
}

/// Polls `check` every 100 ms until it holds (panics with `what` after `secs`).
async fn wait_until<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn owner_client(
    url: &str,
    eth_key: &str,
    rollup: alloy::primitives::Address,
) -> zkclear_l1::client::RollupClient {
    let signer: PrivateKeySigner = eth_key.parse().expect("dev key");
    let conn = zkclear_l1::client::Connection::new(url, signer).expect("connection");
    zkclear_l1::client::RollupClient::new(conn, rollup)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn l1_key_changes_and_forced_withdrawals_arrive_in_queue_order_across_an_l1_restart() {
    let root = repo_root();
    let tmp = tempfile::tempdir().expect("tempdir");
    let bin = devnet::locate_anvil(&root, None).expect("anvil: run scripts/install-tools");
    let port = devnet::free_port().expect("port");
    let state_file = tmp.path().join("anvil-state.json");
    let anvil = devnet::Anvil::start_with_state(&bin, port, Some(&state_file))
        .await
        .expect("anvil");
    let args = devnet_args(tmp.path());
    let net = devnet::start_on(anvil, &args, &root)
        .await
        .expect("devnet starts");
    let rpc = format!("http://{}", net.node.rpc_addr);
    let url = net.anvil.url.clone();
    assert_eq!(cursor(&rpc).await, Some(2), "two demo deposits");

    // Queue #2: account 1's owner binds a new L2 key; #3: account 2's owner forces out 1 000 USDC.
    let new_key = zkclear_state::crypto::SecretKey::from_bytes(&[7; 40])
        .expect("valid scalar")
        .public_key();
    let rollup_address = net.rollup;
    let receipt = owner_client(&url, DEV_KEYS[1], net.rollup)
        .set_l2_key(new_key.0)
        .await
        .expect("setL2Key (with the priority fee) mined");
    assert!(receipt.status());
    owner_client(&url, DEV_KEYS[2], net.rollup)
        .request_forced_withdrawal(2, 1_000_000_000)
        .await
        .expect("forced withdrawal requested");
    wait_until(20, "the key change and the forced withdrawal", || async {
        cursor(&rpc).await == Some(4)
    })
    .await;
    let a1 = account(&rpc, 1).await.expect("account 1");
    assert_eq!(
        a1["pubkey"],
        serde_json::json!(new_key.0),
        "SetKey applied: {a1}"
    );
    assert_eq!(
        collateral(&rpc, 2).await,
        Some(DEMO_DEPOSIT as i64 - 1_000_000_000),
        "forced withdrawal applied once"
    );

    // Restart the L1 node (same chain from its state file, same port); the watcher backs off
    // while it is down and picks up the next request after.
    let devnet::Devnet {
        anvil,
        node,
        watcher,
        ..
    } = net;
    anvil.stop_gracefully().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let anvil = devnet::Anvil::start_with_state(&bin, port, Some(&state_file))
        .await
        .expect("anvil restarts");
    owner_client(&anvil.url, DEV_KEYS[1], rollup_address)
        .request_forced_withdrawal(1, 500_000_000)
        .await
        .expect("forced withdrawal after the L1 restart");
    wait_until(20, "the request made after the L1 restart", || async {
        cursor(&rpc).await == Some(5)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(cursor(&rpc).await, Some(5), "nothing applied twice");
    assert_eq!(
        collateral(&rpc, 1).await,
        Some(DEMO_DEPOSIT as i64 - 500_000_000)
    );
    assert_eq!(
        collateral(&rpc, 2).await,
        Some(DEMO_DEPOSIT as i64 - 1_000_000_000)
    );

    watcher.abort();
    let _ = watcher.await;
    node.shutdown(Duration::from_secs(10)).await;
    anvil.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn l1_deposits_reach_the_sequencer_once_across_a_node_restart() {
    let root = repo_root();
    assert!(
        root.join(".tools/bin/anvil").is_file(),
        "anvil missing: run scripts/install-tools"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let args = devnet_args(tmp.path());
    let net = devnet::start(&args, &root).await.expect("devnet starts");
    let rpc = format!("http://{}", net.node.rpc_addr);
    let (a1, a2) = (net.accounts[0].clone(), net.accounts[1].clone());
    assert_eq!(
        (a1.account, a2.account),
        (1, 2),
        "ids assigned in deposit order"
    );
    assert_eq!(collateral(&rpc, 1).await, Some(DEMO_DEPOSIT as i64));
    assert_eq!(collateral(&rpc, 2).await, Some(DEMO_DEPOSIT as i64));

    // Over JSON-RPC: an order rests and is cancelled, the demo oracle ticks, account 1 buys one
    // lot from account 2 (collateral pays the price; the position carries the value).
    devnet::smoke_check(&net).await.expect("smoke check");
    let c1 = collateral(&rpc, 1).await.expect("account 1");
    let c2 = collateral(&rpc, 2).await.expect("account 2");
    assert!(
        c1 < DEMO_DEPOSIT as i64 && c2 > DEMO_DEPOSIT as i64,
        "the fill moved cash"
    );

    // Stop the node (not L1); a third deposit lands on L1 while it is down.
    let devnet::Devnet {
        anvil,
        node,
        watcher,
        rollup,
        token,
        ..
    } = net;
    watcher.abort();
    let _ = watcher.await;
    assert!(node.shutdown(Duration::from_secs(10)).await, "keeper exits");
    devnet::fund(&anvil.url, rollup, token, DEV_KEYS[1], DEMO_DEPOSIT)
        .await
        .expect("second deposit on L1");

    // Restart over the same data dir; the watcher resumes from the recovered cursor.
    let config = devnet::node_config(&args, &root, tmp.path().join("node")).expect("config");
    // The old node's RPC connection tasks may hold the database briefly after shutdown (sled's
    // file lock): retry for a few seconds.
    let deadline = Instant::now() + Duration::from_secs(10);
    let node = loop {
        match zkclear_sequencer::node::run(config.clone()).await {
            Ok(n) => break n,
            Err(e) if Instant::now() < deadline => {
                eprintln!("node restart: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("node restarts: {e}"),
        }
    };
    let rpc = format!("http://{}", node.rpc_addr);
    assert_eq!(
        collateral(&rpc, 1).await,
        Some(c1),
        "acknowledged state survived the restart"
    );
    let watcher = tokio::spawn(
        Watcher::new(
            WatcherConfig {
                l1_rpc: anvil.url.clone(),
                rollup,
                poll: Duration::from_millis(100),
                max_backoff: Duration::from_secs(1),
            },
            node.keeper.clone(),
        )
        .expect("watcher")
        .run(),
    );
    let want = Some(c1 + DEMO_DEPOSIT as i64);
    let deadline = Instant::now() + Duration::from_secs(20);
    while collateral(&rpc, 1).await != want {
        assert!(Instant::now() < deadline, "second deposit never applied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Several more polls: nothing is applied twice.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(collateral(&rpc, 1).await, want);
    assert_eq!(collateral(&rpc, 2).await, Some(c2));

    watcher.abort();
    let _ = watcher.await;
    node.shutdown(Duration::from_secs(10)).await;
    anvil.stop().await;
}

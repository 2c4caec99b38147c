//! End to end over L1 and JSON-RPC, as a wallet sees it: anvil + contracts + sequencer + L1
//! watcher; two traders deposit on anvil, a signed order rests and is cancelled over JSON-RPC,
//! then the node restarts while a new deposit waits on L1, and after the restart every deposit is
//! applied exactly once (the watcher resumes from the state's priority cursor).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::HttpClientBuilder;
use jsonrpsee::rpc_params;
use serde_json::Value;
use zkclear_sequencer::devnet::{self, DevnetArgs, DEMO_DEPOSIT, DEV_KEYS};
use zkclear_sequencer::l1::{Watcher, WatcherConfig};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

async fn collateral(rpc: &str, account: u32) -> Option<i64> {
    let client = HttpClientBuilder::default().build(rpc).ok()?;
    let a: Value = client
        .request("zkc_getAccount", rpc_params![account])
        .await
        .ok()?;
    a.get("collateral").and_then(Value::as_i64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn l1_deposits_reach_the_sequencer_once_across_a_node_restart() {
    let root = repo_root();
    assert!(
        root.join(".tools/bin/anvil").is_file(),
        "anvil missing: run scripts/install-tools"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let args = DevnetArgs {
        config: None,
        data_dir: Some(tmp.path().join("node")),
        genesis: None,
        anvil: None,
        rpc_port: 0,
        smoke: false,
    };
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

    // A signed order rests and is cancelled over JSON-RPC.
    devnet::smoke_check(&net).await.expect("order round trip");

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
    let node = zkclear_sequencer::node::run(config)
        .await
        .expect("node restarts");
    let rpc = format!("http://{}", node.rpc_addr);
    assert_eq!(
        collateral(&rpc, 1).await,
        Some(DEMO_DEPOSIT as i64),
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
    let want = Some(2 * DEMO_DEPOSIT as i64);
    let deadline = Instant::now() + Duration::from_secs(20);
    while collateral(&rpc, 1).await != want {
        assert!(Instant::now() < deadline, "second deposit never applied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Several more polls: nothing is applied twice.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(collateral(&rpc, 1).await, want);
    assert_eq!(collateral(&rpc, 2).await, Some(DEMO_DEPOSIT as i64));

    watcher.abort();
    let _ = watcher.await;
    node.shutdown(Duration::from_secs(10)).await;
    anvil.stop().await;
}

//! The statement the L1 contract assembles equals the one the sequencer stores for the prover.
//!
//! The Rollup builds the 152-byte batch statement itself (its last root and batch number, the
//! priority-queue hash chain of the deposits it received, `keccak256(pubdata)`) and hands its
//! keccak to the verifier. The sequencer computes the same statement through `state`
//! (`BatchStatement::to_bytes`) for the proof. If the two ever differ, no honest proof can be
//! accepted on L1: this test pins them together on a real devnet (anvil, deposits through the L1
//! watcher, a batch cut by the keeper).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use alloy::primitives::B256;
use alloy::signers::local::PrivateKeySigner;
use common::{devnet_args, repo_root};
use zkclear_l1::client::{Connection, RollupClient};
use zkclear_sequencer::devnet::{self, DEV_KEYS};

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.trim_start_matches("0x")).expect("stored hex is valid")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contract_statement_equals_the_sequencers_statement_for_a_deposit_batch() {
    let root = repo_root();
    assert!(
        root.join(".tools/bin/anvil").is_file(),
        "anvil missing: run scripts/install-tools"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let args = devnet_args(tmp.path());
    let net = devnet::start(&args, &root).await.expect("devnet starts");

    // Batch 1 holds the demo deposits (priority operations read from L1 by the watcher).
    let deadline = Instant::now() + Duration::from_secs(30);
    let statement = loop {
        if let Some(st) = net.node.db.statement(1).expect("db readable") {
            break st;
        }
        assert!(Instant::now() < deadline, "batch 1 was never cut");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let (_, batch) = net
        .node
        .db
        .batch(1)
        .expect("db readable")
        .expect("a statement implies its batch");
    let stored = unhex(&statement.statement);
    assert_eq!(stored.len(), 160, "docs/pubdata.md's statement length");
    let clock = u64::from_be_bytes(stored[152..160].try_into().expect("8 bytes"));

    let signer: PrivateKeySigner = DEV_KEYS[0].parse().expect("dev key");
    let client = RollupClient::new(
        Connection::new(&net.anvil.url, signer).expect("connection"),
        net.rollup,
    );
    let new_root: [u8; 32] = unhex(&statement.new_root).try_into().expect("32-byte root");
    let pubdata = unhex(&batch.pubdata);
    let on_l1 = client
        .batch_statement(B256::from(new_root), clock, pubdata.clone())
        .await
        .expect("batchStatement view");
    assert_eq!(
        hex::encode(&on_l1),
        hex::encode(&stored),
        "the contract and the sequencer disagree on batch 1's statement"
    );

    // The binding is tight: one changed pubdata byte or root bit changes the contract's statement.
    let mut changed = pubdata.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    let other = client
        .batch_statement(B256::from(new_root), clock, changed)
        .await
        .expect("batchStatement view");
    assert_ne!(other, stored);
    let mut root_changed = new_root;
    root_changed[31] ^= 1;
    let other = client
        .batch_statement(B256::from(root_changed), clock, pubdata)
        .await
        .expect("batchStatement view");
    assert_ne!(other, stored);
    let other = client
        .batch_statement(B256::from(new_root), clock + 1, unhex(&batch.pubdata))
        .await
        .expect("batchStatement view");
    assert_ne!(other, stored, "the oracle clock is bound too");

    net.stop().await;
}

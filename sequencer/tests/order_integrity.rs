//! Order integrity over real JSON-RPC (issue 13): a second trader holding only their own key and
//! what the API serves can neither force the first into trades nor cancel their orders; resting
//! orders need margin and are capped; fees are not optional; the prover namespace needs worker
//! credentials; parameters are strict; an order can be looked up by digest.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::*;
use serde_json::{json, Value};
use zkclear_sequencer::config::NodeConfig;
use zkclear_sequencer::node::{self, Node};
use zkclear_sequencer::persist::NodeDb;
use zkclear_state::crypto::SchnorrVerifier;
use zkclear_state::types::{Order, Side, TimeInForce};

/// Trader A (account 1), the victim.
const A: u32 = 1;
/// Trader B (account 2), who holds only their own key.
const B: u32 = 2;
/// A third trader (account 3).
const C: u32 = 3;
const P: u32 = 10_000_000;
const TOKEN: &str = "worker-token-0123456789";
const OTHER_TOKEN: &str = "worker-token-abcdefghij";

fn config() -> NodeConfig {
    let mut c = NodeConfig::default();
    c.rpc.addr = "127.0.0.1:0".parse().unwrap();
    c.metrics.enabled = false;
    c.funding.interval_secs = 0;
    c.keeper.batch_interval_ms = 3_600_000;
    c.prover.worker_tokens = vec![TOKEN.into(), OTHER_TOKEN.into()];
    c
}

/// A node with A, B, C funded (10 000 USDC each) and the perp priced at 10 USD per lot.
async fn start(k: &Keys, c: NodeConfig, db: NodeDb) -> Node {
    let node = node::run_with(c, genesis(k, 100_000), db, Arc::new(SchnorrVerifier))
        .await
        .unwrap();
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

fn with(o: Order, tif: TimeInForce, reduce_only: bool) -> Order {
    Order {
        time_in_force: tif,
        reduce_only,
        ..o
    }
}

async fn open_orders(c: &jsonrpsee::http_client::HttpClient, id: u32) -> Vec<Value> {
    call(c, "zkc_getOpenOrders", vec![json!(id)])
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_cancel_cannot_cancel_another_order_under_the_same_nonce() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let (ka, kb) = (&k.traders[0], &k.traders[1]);
    let x = order(A, PERP, Side::Buy, 9_000_000, 1, 5);
    call(&c, "zkc_placeOrder", vec![signed_params(ka, &x)])
        .await
        .unwrap();
    // A's own cancel of X: the request B captures.
    let captured = cancel_params(ka, &x);
    let r = call(&c, "zkc_cancelOrder", vec![captured.clone()])
        .await
        .unwrap();
    assert_eq!(r["cancelled"], 1);
    // A rests Y under the same account, market and nonce.
    let y = order(A, PERP, Side::Buy, 9_100_000, 2, 5);
    call(&c, "zkc_placeOrder", vec![signed_params(ka, &y)])
        .await
        .unwrap();
    // B replays the captured cancel: it names X, not Y.
    assert_eq!(
        call_code(&c, "zkc_cancelOrder", vec![captured]).await,
        Some(-32110)
    );
    // B cannot sign a cancel of Y, nor pass A's order signature off as a cancel signature.
    assert_eq!(
        call_code(&c, "zkc_cancelOrder", vec![cancel_params(kb, &y)]).await,
        Some(-32101)
    );
    let order_sig = signed_params(ka, &y)["signature"].clone();
    assert_eq!(
        call_code(
            &c,
            "zkc_cancelOrder",
            vec![json!({"order": y, "signature": order_sig})]
        )
        .await,
        Some(-32101)
    );
    let orders = open_orders(&c, A).await;
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(
        (orders[0]["nonce"].clone(), orders[0]["remaining"].clone()),
        (json!(5), json!(2))
    );
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_order_replayed_by_another_trader_is_refused() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let (ka, kb) = (&k.traders[0], &k.traders[1]);
    // A cancelled order, replayed by B exactly as A sent it.
    let x = order(A, PERP, Side::Buy, 9_000_000, 3, 1);
    let placed = signed_params(ka, &x);
    call(&c, "zkc_placeOrder", vec![placed.clone()])
        .await
        .unwrap();
    call(&c, "zkc_cancelOrder", vec![cancel_params(ka, &x)])
        .await
        .unwrap();
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![placed]).await,
        Some(-32119)
    );
    // An IOC order that filled 2 of 10: its remainder is cancelled for good.
    call(
        &c,
        "zkc_placeOrder",
        vec![signed_params(kb, &order(B, PERP, Side::Sell, P, 2, 1))],
    )
    .await
    .unwrap();
    let ioc = with(order(A, PERP, Side::Buy, P, 10, 2), TimeInForce::Ioc, false);
    let r = call(&c, "zkc_placeOrder", vec![signed_params(ka, &ioc)])
        .await
        .unwrap();
    assert_eq!(
        (r["filled"].clone(), r["cancelled"].clone()),
        (json!(2), json!(8))
    );
    call(
        &c,
        "zkc_placeOrder",
        vec![signed_params(kb, &order(B, PERP, Side::Sell, P, 8, 2))],
    )
    .await
    .unwrap();
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(ka, &ioc)]).await,
        Some(-32119),
        "B cannot make A's IOC order buy the 8 lots it did not get"
    );
    let pos = call(&c, "zkc_getPositions", vec![json!(A)]).await.unwrap();
    assert_eq!(pos[0]["size"], 2);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_in_force_and_reduce_only_are_signed_and_unknown_fields_are_refused() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let ka = &k.traders[0];
    let post_only = with(
        order(A, PERP, Side::Buy, P, 1, 1),
        TimeInForce::PostOnly,
        true,
    );
    let signed = signed_params(ka, &post_only);
    for change in [
        json!({"time_in_force": "gtc"}),
        json!({"time_in_force": "ioc"}),
        json!({"reduce_only": false}),
    ] {
        let mut p = signed.clone();
        for (f, v) in change.as_object().unwrap() {
            p["order"][f] = v.clone();
        }
        assert_eq!(
            call_code(&c, "zkc_placeOrder", vec![p]).await,
            Some(-32101),
            "{change}"
        );
    }
    // The old unsigned duplicates are gone, and no unknown field passes at any depth.
    let mut p = signed.clone();
    p["kind"] = json!("ioc");
    assert_eq!(call_code(&c, "zkc_placeOrder", vec![p]).await, Some(-32602));
    let mut p = signed.clone();
    p["order"]["evil"] = json!(1);
    assert_eq!(call_code(&c, "zkc_placeOrder", vec![p]).await, Some(-32602));
    let mut p = cancel_params(ka, &post_only);
    p["order"]["evil"] = json!(1);
    assert_eq!(
        call_code(&c, "zkc_cancelOrder", vec![p]).await,
        Some(-32602)
    );
    let mut t = tick_params(&k, PERP, unix_now() + 1, P);
    t["submissions"][0]["evil"] = json!(1);
    assert_eq!(
        call_code(&c, "oracle_submitTick", vec![t]).await,
        Some(-32602)
    );
    let mut p = signed.clone();
    p["order"].as_object_mut().unwrap().remove("time_in_force");
    assert_eq!(call_code(&c, "zkc_placeOrder", vec![p]).await, Some(-32602));
    assert!(open_orders(&c, A).await.is_empty(), "nothing was placed");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partly_filled_order_rests_only_what_is_left() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let (ka, kb) = (&k.traders[0], &k.traders[1]);
    call(
        &c,
        "zkc_placeOrder",
        vec![signed_params(kb, &order(B, PERP, Side::Sell, P, 4, 1))],
    )
    .await
    .unwrap();
    let ioc = with(order(A, PERP, Side::Buy, P, 10, 8), TimeInForce::Ioc, false);
    let r = call(&c, "zkc_placeOrder", vec![signed_params(ka, &ioc)])
        .await
        .unwrap();
    assert_eq!(r["filled"], 4);
    // A signs another order with nonce 8 (same fill slot): 4 of its 10 lots count as filled.
    let gtc = order(A, PERP, Side::Buy, 9_000_000, 10, 8);
    let r = call(&c, "zkc_placeOrder", vec![signed_params(ka, &gtc)])
        .await
        .unwrap();
    assert_eq!(r["resting"], 6, "{r}");
    let orders = open_orders(&c, A).await;
    assert_eq!(orders[0]["remaining"], 6);
    let book = call(&c, "zkc_getOrderBook", vec![json!(PERP)])
        .await
        .unwrap();
    assert_eq!(book["bids"][0]["size"], 6);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_partly_filled_order_puts_a_cancel_order_op_in_the_batch() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let (ka, kb) = (&k.traders[0], &k.traders[1]);
    let ask = order(A, PERP, Side::Sell, P, 10, 7);
    call(&c, "zkc_placeOrder", vec![signed_params(ka, &ask)])
        .await
        .unwrap();
    let bid = with(order(B, PERP, Side::Buy, P, 4, 1), TimeInForce::Ioc, false);
    call(&c, "zkc_placeOrder", vec![signed_params(kb, &bid)])
        .await
        .unwrap();
    let r = call(&c, "zkc_cancelOrder", vec![cancel_params(ka, &ask)])
        .await
        .unwrap();
    assert_eq!(r["cancelled"], 6);
    assert_eq!(node.keeper.cut_batch().await.unwrap(), Some(1));
    let job = call(&c, "prover_leaseJob", vec![json!(TOKEN)])
        .await
        .unwrap();
    let pubdata = job["batch"]["pubdata"].as_str().unwrap();
    assert!(
        pubdata.ends_with("0b0000000100000007"),
        "the batch ends with CancelOrder(account 1, nonce 7): {pubdata}"
    );
    // The signed ask can no longer be placed, whoever sends it (its slot is cancelled).
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(ka, &ask)]).await,
        Some(-32103)
    );
    // Cancelling a never-filled order adds no op.
    let rest = order(A, PERP, Side::Sell, 11_000_000, 1, 9);
    call(&c, "zkc_placeOrder", vec![signed_params(ka, &rest)])
        .await
        .unwrap();
    call(&c, "zkc_cancelOrder", vec![cancel_params(ka, &rest)])
        .await
        .unwrap();
    let status = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert_eq!(status["pending_ops"], 0, "{status}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resting_orders_need_initial_margin_as_the_worst_case_of_their_fills() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let kb = &k.traders[1];
    // The observed attack: 16 777 215 lots at the top of the book from a 10 000 USDC account.
    let huge = order(B, PERP, Side::Buy, 9_999_999, 16_777_215, 1);
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(kb, &huge)]).await,
        Some(-32116)
    );
    // Buys add up: each 1 000 lots at the mark needs 1 000 USDC of initial margin; ten fit in
    // 10 000 USDC, the eleventh does not.
    for n in 0..10 {
        let o = order(B, PERP, Side::Buy, P, 1_000, 10 + n);
        let r = call(&c, "zkc_placeOrder", vec![signed_params(kb, &o)])
            .await
            .unwrap();
        assert_eq!(r["resting"], 1_000);
    }
    let o = order(B, PERP, Side::Buy, P, 1_000, 20);
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(kb, &o)]).await,
        Some(-32116)
    );
    // Sells are the other side: the worst case is one side filling, not both.
    let o = order(B, PERP, Side::Sell, 11_000_000, 1_000, 21);
    let r = call(&c, "zkc_placeOrder", vec![signed_params(kb, &o)])
        .await
        .unwrap();
    assert_eq!(r["resting"], 1_000);
    // An IOC order never rests, so it needs no resting margin.
    let o = with(
        order(B, PERP, Side::Buy, 1, 1_000, 22),
        TimeInForce::Ioc,
        false,
    );
    let r = call(&c, "zkc_placeOrder", vec![signed_params(kb, &o)])
        .await
        .unwrap();
    assert_eq!(r["cancelled"], 1_000);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resting_orders_of_an_account_are_capped() {
    let k = keys(3);
    let mut cfg = config();
    cfg.keeper.max_resting_per_account = 3;
    let node = start(&k, cfg, NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let kb = &k.traders[1];
    for n in 1..=3 {
        let o = order(B, PERP, Side::Buy, 9_000_000, 1, n);
        call(&c, "zkc_placeOrder", vec![signed_params(kb, &o)])
            .await
            .unwrap();
    }
    let o = order(B, PERP, Side::Buy, 9_000_000, 1, 4);
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(kb, &o)]).await,
        Some(-32117)
    );
    assert_eq!(open_orders(&c, B).await.len(), 3);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configured_fee_is_always_charged_and_a_lower_signed_limit_is_refused() {
    let k = keys(3);
    let mut cfg = config();
    cfg.keeper.maker_fee_ppm = 200;
    cfg.keeper.taker_fee_ppm = 500;
    let node = start(&k, cfg, NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let (ka, kb) = (&k.traders[0], &k.traders[1]);
    let low = |o: Order, fee: u32| Order {
        max_fee_ppm: fee,
        ..o
    };
    // GTC can take and make: it must allow the taker fee.
    let o = low(order(B, PERP, Side::Sell, P, 10, 1), 300);
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(kb, &o)]).await,
        Some(-32118)
    );
    let o = with(
        low(order(A, PERP, Side::Buy, P, 10, 1), 400),
        TimeInForce::Ioc,
        false,
    );
    assert_eq!(
        call_code(&c, "zkc_placeOrder", vec![signed_params(ka, &o)]).await,
        Some(-32118)
    );
    // Post-only only makes: the maker fee is enough.
    let ask = with(
        low(order(B, PERP, Side::Sell, P, 10, 2), 200),
        TimeInForce::PostOnly,
        false,
    );
    call(&c, "zkc_placeOrder", vec![signed_params(kb, &ask)])
        .await
        .unwrap();
    let fee_before = call(&c, "zkc_getAccount", vec![json!(0)]).await.unwrap()["collateral"]
        .as_i64()
        .unwrap();
    // The taker signs a limit far above the fee: it still pays exactly the configured fee.
    let bid = with(
        low(order(A, PERP, Side::Buy, P, 10, 2), 10_000),
        TimeInForce::Ioc,
        false,
    );
    let r = call(&c, "zkc_placeOrder", vec![signed_params(ka, &bid)])
        .await
        .unwrap();
    assert_eq!(r["filled"], 10);
    let fee_after = call(&c, "zkc_getAccount", vec![json!(0)]).await.unwrap()["collateral"]
        .as_i64()
        .unwrap();
    // 10 × ceil(10^7 × 200 / 10^6) + 10 × ceil(10^7 × 500 / 10^6)
    assert_eq!(fee_after - fee_before, 10 * 2_000 + 10 * 5_000);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prover_methods_need_a_worker_token_cap_leases_and_keep_unverified_batches_leasable() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    for n in 1..=3u32 {
        let o = order(B, PERP, Side::Buy, 9_000_000, 1, n);
        call(&c, "zkc_placeOrder", vec![signed_params(&k.traders[1], &o)])
            .await
            .unwrap();
        call(
            &c,
            "oracle_submitTick",
            vec![tick_params(&k, PERP, unix_now() + u64::from(n), P)],
        )
        .await
        .unwrap();
        node.keeper.cut_batch().await.unwrap();
    }
    // Without credentials: refused, and the jobs (signed orders) are not served.
    assert_eq!(
        call_code(&c, "prover_leaseJob", vec![json!("anyone")]).await,
        Some(-32120)
    );
    assert_eq!(call_code(&c, "prover_leaseJob", vec![]).await, Some(-32120));
    assert_eq!(
        call_code(&c, "prover_heartbeat", vec![json!("x"), json!(1)]).await,
        Some(-32120)
    );
    // A worker leases at most two batches.
    let first = call(&c, "prover_leaseJob", vec![json!(TOKEN)])
        .await
        .unwrap();
    assert_eq!(first["batch_number"], 1);
    let second = call(&c, "prover_leaseJob", vec![json!(TOKEN)])
        .await
        .unwrap();
    assert_eq!(second["batch_number"], 2);
    assert_eq!(
        call_code(&c, "prover_leaseJob", vec![json!(TOKEN)]).await,
        Some(-32121)
    );
    // Another worker gets the next one, and cannot touch the first worker's leases.
    let other = call(&c, "prover_leaseJob", vec![json!(OTHER_TOKEN)])
        .await
        .unwrap();
    assert_eq!(other["batch_number"], 3);
    assert_eq!(
        call_code(
            &c,
            "prover_heartbeat",
            vec![json!(OTHER_TOKEN), first["lease_id"].clone()]
        )
        .await,
        Some(-32114)
    );
    call(
        &c,
        "prover_heartbeat",
        vec![json!(TOKEN), first["lease_id"].clone()],
    )
    .await
    .unwrap();
    // A 1-byte junk proof is stored as unverified and the batch stays leasable.
    let junk = json!({"lease_id": first["lease_id"], "batch_number": 1, "proof": "0x00"});
    let r = call(&c, "prover_submitProof", vec![json!(TOKEN), junk])
        .await
        .unwrap();
    assert_eq!(r["status"], "submitted_unverified");
    let batch = call(&c, "zkc_getBatch", vec![json!(1)]).await.unwrap();
    assert_eq!(
        (batch["status"].clone(), batch["unverified_proofs"].clone()),
        (json!("committed"), json!(1))
    );
    let again = call(&c, "prover_leaseJob", vec![json!(TOKEN)])
        .await
        .unwrap();
    assert_eq!(
        again["batch_number"], 1,
        "the batch with a junk proof is offered again"
    );
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_is_looked_up_by_its_digest() {
    let k = keys(3);
    let node = start(&k, config(), NodeDb::open_temporary().unwrap()).await;
    let c = client(node.rpc_addr);
    let ka = &k.traders[0];
    let o = order(A, PERP, Side::Buy, 9_000_000, 3, 1);
    let r = call(&c, "zkc_placeOrder", vec![signed_params(ka, &o)])
        .await
        .unwrap();
    let digest = r["digest"].as_str().unwrap().to_string();
    assert_eq!(digest, zkclear_sequencer::keeper::digest_hex(&o));
    let v = call(&c, "zkc_getOrder", vec![json!(digest)]).await.unwrap();
    assert_eq!(
        (v["status"].clone(), v["remaining"].clone()),
        (json!("resting"), json!(3))
    );
    assert_eq!(open_orders(&c, A).await[0]["digest"], json!(digest));
    // The wallet's `order` command asks the same.
    let url = format!("http://{}", node.rpc_addr);
    let cli = <zkclear_sequencer::wallet::WalletCli as clap::Parser>::parse_from([
        "zkclear", "--rpc", &url, "order", &digest,
    ]);
    let shown = zkclear_sequencer::wallet::run(cli).await.unwrap();
    assert!(shown.contains("\"resting\""), "{shown}");
    call(&c, "zkc_cancelOrder", vec![cancel_params(ka, &o)])
        .await
        .unwrap();
    let v = call(&c, "zkc_getOrder", vec![json!(digest)]).await.unwrap();
    assert_eq!(
        (v["status"].clone(), v["filled"].clone()),
        (json!("cancelled"), json!(0))
    );
    let never = zkclear_sequencer::keeper::digest_hex(&order(A, PERP, Side::Buy, 1, 1, 99));
    assert_eq!(
        call_code(&c, "zkc_getOrder", vec![json!(never)]).await,
        Some(-32113)
    );
    assert_eq!(
        call_code(&c, "zkc_getOrder", vec![json!("0x12")]).await,
        Some(-32602)
    );
    node.stop().await;
}

//! RPC fuzzing over HTTP: ≥ 10 000 malformed requests (random bytes, wrong types, huge numbers,
//! bad signatures, unknown markets, stale nonces, oversize bodies, unknown methods) leave the
//! node up and the state root unchanged.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use zkclear_sequencer::config::NodeConfig;
use zkclear_sequencer::node;
use zkclear_sequencer::persist::NodeDb;
use zkclear_state::crypto::SchnorrVerifier;
use zkclear_state::types::Side;

/// Posts raw bytes as a JSON-RPC HTTP request on a keep-alive connection; returns the status
/// line's code and the body.
async fn post(conn: &mut TcpStream, body: &[u8]) -> (u16, Vec<u8>) {
    let head = format!(
        "POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    // One write: a split head/body write meets Nagle + delayed ACK (40 ms per request).
    let mut req = head.into_bytes();
    req.extend_from_slice(body);
    conn.write_all(&req).await.unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = conn.read(&mut chunk).await.unwrap();
        assert!(n > 0, "server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                let code = head[9..12].parse().unwrap();
                return (code, buf[end + 4..end + 4 + len].to_vec());
            }
        }
    }
}

fn envelope(method: &str, params: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .unwrap()
}

/// The i-th malformed request of a fixed mix.
fn malformed(i: usize, rng: &mut rand_chacha::ChaCha8Rng, k: &Keys, valid_sig: &str) -> Vec<u8> {
    let good = order(1, PERP, Side::Buy, 9_000_000, 1, 1000 + i as u32);
    match i % 12 {
        0 => {
            let mut b = vec![0u8; (rng.next_u32() % 200) as usize];
            rng.fill_bytes(&mut b);
            b
        }
        1 => b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"zkc_placeOrder\",\"params\":[{".to_vec(),
        2 => envelope("zkc_placeOrder", json!(["not an order"])),
        3 => envelope(
            "zkc_placeOrder",
            json!([{"order": {"account": "1", "market": 0, "side": "Buy", "limit_price": 1,
                "size": 1, "max_fee_ppm": 0, "expiry": 1, "nonce": 1}, "signature": valid_sig}]),
        ),
        4 => {
            let huge = format!(
                "{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"zkc_placeOrder\",\"params\":[{{\"order\":{{\"account\":1,\"market\":0,\"side\":\"Buy\",\"limit_price\":{}99999999999999999999,\"size\":1,\"max_fee_ppm\":0,\"expiry\":1,\"nonce\":1}},\"signature\":\"{}\"}}]}}",
                rng.next_u64(),
                valid_sig
            );
            huge.into_bytes()
        }
        5 => {
            // A well-formed order with a random signature.
            let mut sig = [0u8; 80];
            rng.fill_bytes(&mut sig);
            envelope(
                "zkc_placeOrder",
                json!([{"order": good, "signature": format!("0x{}", hex::encode(sig))}]),
            )
        }
        6 => {
            // Signed by the wrong key.
            envelope(
                "zkc_placeOrder",
                json!([place_params(&k.traders[1], &good, "limit")]),
            )
        }
        7 => {
            let mut o = good;
            o.market = 200;
            envelope(
                "zkc_placeOrder",
                json!([place_params(&k.traders[0], &o, "limit")]),
            )
        }
        8 => envelope("zkc_getAccount", json!([-1])),
        9 => envelope("zkc_noSuchMethod", json!([])),
        10 => envelope(
            "oracle_submitTick",
            json!([{"market": 0, "timestamp": 1, "submissions": [{"key_index": 9, "price": 1,
                "signature": valid_sig}]}]),
        ),
        _ => envelope(
            "zkc_cancelOrder",
            json!([{"order": good, "signature": valid_sig}]),
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_malformed_requests_change_nothing() {
    let k = keys(2);
    let mut config = NodeConfig::default();
    config.rpc.addr = "127.0.0.1:0".parse().unwrap();
    config.metrics.enabled = false;
    config.funding.interval_secs = 0;
    // No batch cut by the clock while fuzzing: a timer cut legitimately moves the batch number
    // (and the root), which is not what this test is about (it made the test flaky on slow CI).
    config.keeper.batch_interval_ms = 3_600_000;
    let node = node::run_with(
        config,
        genesis(&k, 100_000),
        NodeDb::open_temporary().unwrap(),
        Arc::new(SchnorrVerifier),
    )
    .await
    .unwrap();
    // Fund two traders, price the market, and fill one order so a stale nonce exists.
    for (id, key) in [(1u32, &k.traders[0]), (2, &k.traders[1])] {
        node.keeper
            .deposit(zkclear_state::ops::Deposit {
                account: id,
                owner: zkclear_state::types::Address([id as u8; 20]),
                pubkey: key.public_key(),
                amount: 10_000_000_000,
            })
            .await
            .unwrap();
    }
    let c = client(node.rpc_addr);
    call(
        &c,
        "oracle_submitTick",
        vec![tick_params(&k, PERP, unix_now(), 10_000_000)],
    )
    .await
    .unwrap();
    let ask = order(2, PERP, Side::Sell, 10_000_000, 1, 1);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[1], &ask, "limit")],
    )
    .await
    .unwrap();
    let bid = order(1, PERP, Side::Buy, 10_000_000, 1, 1);
    call(
        &c,
        "zkc_placeOrder",
        vec![place_params(&k.traders[0], &bid, "limit")],
    )
    .await
    .unwrap();
    let stale = envelope(
        "zkc_placeOrder",
        json!([place_params(&k.traders[0], &bid, "limit")]),
    );
    let valid_sig = sig_hex(&k.traders[0].sign(&bid.digest()));

    let before = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    let book_before = call(&c, "zkc_getOrderBook", vec![json!(PERP)])
        .await
        .unwrap();

    let started = Instant::now();
    let total = 10_200usize;
    let conns = 4;
    let k = Arc::new(k);
    let mut tasks = Vec::new();
    for t in 0..conns {
        let addr = node.rpc_addr;
        let k = k.clone();
        let valid_sig = valid_sig.clone();
        let stale = stale.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(t as u64);
            let mut conn = TcpStream::connect(addr).await.unwrap();
            conn.set_nodelay(true).unwrap();
            let mut answered = 0usize;
            for i in (t..total).step_by(conns) {
                let body = if i % 97 == 0 {
                    stale.clone()
                } else {
                    malformed(i, &mut rng, &k, &valid_sig)
                };
                let (code, resp) = post(&mut conn, &body).await;
                if code == 200 {
                    let v: Value = serde_json::from_slice(&resp).unwrap();
                    assert!(v.get("error").is_some(), "request {i} was accepted: {v}");
                }
                answered += 1;
            }
            // Oversize bodies are refused before parsing (413; the server may also close).
            let big = envelope("zkc_getStatus", json!([" ".repeat(70 * 1024)]));
            let mut conn = TcpStream::connect(addr).await.unwrap();
            let refused = async {
                let head = format!("POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", big.len());
                conn.write_all(head.as_bytes()).await?;
                let _ = conn.write_all(&big).await;
                let mut buf = vec![0u8; 64];
                let n = conn.read(&mut buf).await?;
                std::io::Result::Ok(String::from_utf8_lossy(&buf[..n]).contains(" 413 "))
            }
            .await;
            assert!(refused.unwrap_or(true), "oversize body was not refused");
            answered + 1
        }));
    }
    let mut answered = 0;
    for t in tasks {
        answered += t.await.unwrap();
    }
    assert!(answered >= 10_000);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "fuzzing took {:?}",
        started.elapsed()
    );

    let after = call(&c, "zkc_getStatus", vec![]).await.unwrap();
    assert_eq!(before, after, "state root or pending ops changed");
    let book_after = call(&c, "zkc_getOrderBook", vec![json!(PERP)])
        .await
        .unwrap();
    assert_eq!(book_before, book_after);
    node.stop().await;
}

//! Shared test kit: a genesis with real ECgFp5 oracle keys, signed orders and ticks, a raw
//! JSON-RPC-over-HTTP client.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::net::SocketAddr;

use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::{HttpClient, HttpClientBuilder};
use rand_chacha::rand_core::SeedableRng;
use serde_json::{json, Value};
use zkclear_state::crypto::{PublicKey, SecretKey};
use zkclear_state::genesis::{FeeAccount, Genesis, MarketConfig, OracleConfig};
use zkclear_state::types::{Address, MarketKind, Order, Side, TimeInForce};

/// Test keys: three oracle keys, traders, a liquidator.
pub struct Keys {
    pub oracles: Vec<SecretKey>,
    pub traders: Vec<SecretKey>,
}

pub fn keys(n_traders: usize) -> Keys {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    Keys {
        oracles: (0..3).map(|_| SecretKey::random(&mut rng)).collect(),
        traders: (0..n_traders)
            .map(|_| SecretKey::random(&mut rng))
            .collect(),
    }
}

pub const PERP: u8 = 0;
pub const CALL: u8 = 16;

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A genesis one hour in the past, with a BTC perp and a call expiring `expiry_in` seconds
/// from now.
pub fn genesis(k: &Keys, expiry_in: u64) -> Genesis {
    let now = unix_now();
    Genesis {
        genesis_time: now - 3600,
        insurance_fund: 0,
        fee_account: FeeAccount {
            owner: Address([0xfe; 20]),
            pubkey: k.traders[0].public_key(),
        },
        oracle: OracleConfig {
            quorum: 2,
            keys: k.oracles.iter().map(|s| s.public_key()).collect(),
        },
        markets: vec![
            MarketConfig {
                id: PERP,
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
                // 20 % per minute: the tests move prices by ~10 % a second.
                band_ppm: 200_000,
                max_price_age: 3_600,
            },
            MarketConfig {
                id: CALL,
                kind: MarketKind::Call,
                underlying: Some(PERP),
                strike: 9_500_000,
                expiry: now + expiry_in,
                initial_ppm: 150_000,
                maintenance_ppm: 100_000,
                beta_initial_ppm: 100_000,
                beta_maintenance_ppm: 50_000,
                liquidation_fee_ppm: 10_000,
                max_funding_rate_ppm: 0,
                band_ppm: 200_000,
                max_price_age: 3_600,
            },
        ],
    }
}

pub fn sig_hex(s: &zkclear_state::crypto::Signature) -> String {
    format!("0x{}", hex::encode(s.0))
}

pub fn order(account: u32, market: u8, side: Side, price: u32, size: u32, nonce: u32) -> Order {
    Order {
        account,
        market,
        side,
        limit_price: price,
        size,
        max_fee_ppm: 1_000,
        expiry: unix_now() + 100_000,
        nonce,
        time_in_force: TimeInForce::Gtc,
        reduce_only: false,
    }
}

/// The time in force of a `kind` name (`limit`, `post_only`, `ioc`).
pub fn tif(kind: &str) -> TimeInForce {
    match kind {
        "post_only" => TimeInForce::PostOnly,
        "ioc" => TimeInForce::Ioc,
        _ => TimeInForce::Gtc,
    }
}

/// `zkc_placeOrder` params for `o` with time in force `kind` (`limit`, `post_only`, `ioc`),
/// signed by `key`.
pub fn place_params(key: &SecretKey, o: &Order, kind: &str) -> Value {
    let o = Order {
        time_in_force: tif(kind),
        ..*o
    };
    signed_params(key, &o)
}

/// `zkc_placeOrder` params for `o` exactly as given, signed by `key`.
pub fn signed_params(key: &SecretKey, o: &Order) -> Value {
    json!({
        "order": o,
        "signature": sig_hex(&key.sign(&o.digest())),
    })
}

/// `zkc_cancelOrder` params: `o` and `key`'s signature of its cancel digest.
pub fn cancel_params(key: &SecretKey, o: &Order) -> Value {
    json!({
        "order": o,
        "signature": sig_hex(&key.sign(&o.cancel_digest())),
    })
}

/// `oracle_submitTick` params signed by the three oracle keys.
pub fn tick_params(k: &Keys, market: u8, ts: u64, price: u32) -> Value {
    let digest = zkclear_state::ops::oracle_tick::price_digest(market, ts, price);
    json!({ "market": market, "timestamp": ts, "submissions": signed_by_all(k, &digest, price) })
}

/// `oracle_submitSettlement` params for option `market` expiring at `expiry`, signed by the three
/// oracle keys.
pub fn settlement_params(k: &Keys, market: u8, expiry: u64, price: u32) -> Value {
    let digest = zkclear_state::ops::settlement_tick::settlement_digest(market, expiry, price);
    json!({ "market": market, "submissions": signed_by_all(k, &digest, price) })
}

fn signed_by_all(
    k: &Keys,
    digest: &zkclear_state::crypto::MessageDigest,
    price: u32,
) -> Vec<Value> {
    [0u8, 1, 2]
        .iter()
        .map(|&i| {
            json!({
                "key_index": i,
                "price": price,
                "signature": sig_hex(&k.oracles[i as usize].sign(digest)),
            })
        })
        .collect()
}

pub fn deposit_params(account: u32, pubkey: PublicKey, amount: u64) -> Value {
    json!({
        "account": account,
        "owner": format!("0x{}", hex::encode([account as u8; 20])),
        "pubkey": pubkey,
        "amount": amount,
    })
}

pub fn client(addr: SocketAddr) -> HttpClient {
    HttpClientBuilder::default()
        .build(format!("http://{addr}"))
        .unwrap()
}

/// Calls a method with one positional parameter list.
pub async fn call(c: &HttpClient, method: &str, params: Vec<Value>) -> Result<Value, String> {
    let mut p = jsonrpsee::core::params::ArrayParams::new();
    for v in params {
        p.insert(v).unwrap();
    }
    c.request::<Value, _>(method, p)
        .await
        .map_err(|e| e.to_string())
}

/// The error code of a failed call's message (`... code: -32103 ...` is parsed from the text).
pub async fn call_code(c: &HttpClient, method: &str, params: Vec<Value>) -> Option<i64> {
    let mut p = jsonrpsee::core::params::ArrayParams::new();
    for v in params {
        p.insert(v).unwrap();
    }
    match c.request::<Value, _>(method, p).await {
        Ok(_) => None,
        Err(jsonrpsee::core::client::Error::Call(e)) => Some(i64::from(e.code())),
        Err(other) => panic!("transport error: {other}"),
    }
}

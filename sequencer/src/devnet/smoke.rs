//! The devnet smoke check, over real JSON-RPC: the demo account is visible with its L1 deposit,
//! a demo order rests on the book and is cancelled, the demo oracle's ticks are applied, one
//! order fills between the two demo traders, and the prover namespace answers the devnet's worker
//! token and refuses a wrong one.

use std::time::{Duration, Instant};

use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::{HttpClient, HttpClientBuilder};
use jsonrpsee::rpc_params;
use zkclear_state::crypto::SecretKey;
use zkclear_state::types::{Order, Side, TimeInForce};

use super::{Devnet, DevnetError, DEMO_DEPOSIT};
use crate::persist::SigHex;
use crate::rpc::params::{CancelOrderParams, PlaceOrderParams};

fn smoke<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> DevnetError {
    move |e| DevnetError::Smoke(format!("{what}: {e}"))
}

/// Runs the check; answers a one-line description of what passed.
pub async fn check(devnet: &Devnet) -> Result<String, DevnetError> {
    let url = format!("http://{}", devnet.node.rpc_addr);
    let client = HttpClientBuilder::default()
        .build(&url)
        .map_err(smoke("building the RPC client"))?;
    let trader = devnet
        .accounts
        .first()
        .ok_or_else(|| DevnetError::Smoke("no demo account".into()))?;
    let account: serde_json::Value = client
        .request("zkc_getAccount", rpc_params![trader.account])
        .await
        .map_err(smoke("zkc_getAccount"))?;
    let collateral = account.get("collateral").and_then(|c| {
        c.as_u64()
            .or_else(|| c.as_str().and_then(|s| s.parse().ok()))
    });
    if collateral != Some(DEMO_DEPOSIT) {
        return Err(DevnetError::Smoke(format!(
            "account {} does not show the L1 deposit: {account}",
            trader.account
        )));
    }
    // Far below the market (10 USD per lot): rests, never fills.
    let order = Order {
        account: trader.account,
        market: 0,
        side: Side::Buy,
        limit_price: 1_000_000,
        size: 1,
        max_fee_ppm: 1_000,
        expiry: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + 3_600,
        nonce: 1,
        time_in_force: TimeInForce::Gtc,
        reduce_only: false,
    };
    let (price, price_time) = wait_for_oracle(&client, 0).await?;
    let placed = place(&client, &trader.l2_secret, order).await?;
    if placed.get("resting").and_then(|r| r.as_u64()) != Some(1) {
        return Err(DevnetError::Smoke(format!(
            "demo order did not rest: {placed}"
        )));
    }
    let cancel = CancelOrderParams {
        order,
        signature: SigHex(trader.l2_secret.sign(&order.cancel_digest())),
    };
    let cancelled: serde_json::Value = client
        .request("zkc_cancelOrder", rpc_params![cancel])
        .await
        .map_err(smoke("zkc_cancelOrder"))?;
    if cancelled.get("cancelled").and_then(|c| c.as_u64()) != Some(1) {
        return Err(DevnetError::Smoke(format!(
            "demo order not cancelled: {cancelled}"
        )));
    }
    let maker = devnet
        .accounts
        .get(1)
        .ok_or_else(|| DevnetError::Smoke("no second demo account".into()))?;
    let ask = Order {
        account: maker.account,
        side: Side::Sell,
        limit_price: price,
        nonce: 1,
        time_in_force: TimeInForce::PostOnly,
        ..order
    };
    let bid = Order {
        account: trader.account,
        limit_price: price,
        nonce: 2,
        time_in_force: TimeInForce::Ioc,
        ..order
    };
    let rested = place(&client, &maker.l2_secret, ask).await?;
    if rested.get("resting").and_then(|r| r.as_u64()) != Some(1) {
        return Err(DevnetError::Smoke(format!(
            "demo ask did not rest: {rested}"
        )));
    }
    let filled = place(&client, &trader.l2_secret, bid).await?;
    if filled.get("filled").and_then(|r| r.as_u64()) != Some(1) {
        return Err(DevnetError::Smoke(format!(
            "demo bid did not fill: {filled}"
        )));
    }
    let positions: serde_json::Value = client
        .request("zkc_getPositions", rpc_params![trader.account])
        .await
        .map_err(smoke("zkc_getPositions"))?;
    let long = positions.as_array().is_some_and(|ps| {
        ps.iter()
            .any(|p| p.get("market") == Some(&0.into()) && p.get("size") == Some(&1.into()))
    });
    if !long {
        return Err(DevnetError::Smoke(format!(
            "account {} does not hold the 1 lot it bought: {positions}",
            trader.account
        )));
    }
    check_prover_auth(&client, &devnet.worker_token).await?;
    Ok(format!(
        "RPC answers; account {} shows its L1 deposit of {DEMO_DEPOSIT}; a demo order rested and \
         was cancelled; the demo oracle's tick (market 0 at {price}, time {price_time}) was \
         applied; account {} sold 1 lot to account {} at that price over JSON-RPC; \
         prover_leaseJob answers the devnet worker token and refuses a wrong one",
        trader.account, maker.account, trader.account
    ))
}

/// `prover_leaseJob` with the devnet's worker token answers (a job or null); with a wrong token
/// it is refused with the auth code.
async fn check_prover_auth(client: &HttpClient, token: &str) -> Result<(), DevnetError> {
    let _: serde_json::Value = client
        .request("prover_leaseJob", rpc_params![token])
        .await
        .map_err(smoke("prover_leaseJob with the devnet worker token"))?;
    let wrong: Result<serde_json::Value, _> = client
        .request(
            "prover_leaseJob",
            rpc_params!["not the devnet worker token"],
        )
        .await;
    match wrong {
        Err(jsonrpsee::core::client::Error::Call(e))
            if e.code() == crate::rpc::error::UNAUTHORIZED =>
        {
            Ok(())
        }
        other => Err(DevnetError::Smoke(format!(
            "prover_leaseJob with a wrong token was not refused as unauthorized: {other:?}"
        ))),
    }
}

/// Places a signed order over JSON-RPC.
async fn place(
    client: &HttpClient,
    key: &SecretKey,
    order: Order,
) -> Result<serde_json::Value, DevnetError> {
    let params = PlaceOrderParams {
        order,
        signature: SigHex(key.sign(&order.digest())),
    };
    client
        .request("zkc_placeOrder", rpc_params![params])
        .await
        .map_err(smoke("zkc_placeOrder"))
}

/// Waits (up to 15 s) until `market` shows an oracle price applied by the demo oracle; answers
/// the price and its time.
async fn wait_for_oracle(client: &HttpClient, market: u8) -> Result<(u32, u64), DevnetError> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let markets: serde_json::Value = client
            .request("zkc_getMarkets", rpc_params![])
            .await
            .map_err(smoke("zkc_getMarkets"))?;
        let m = markets
            .as_array()
            .and_then(|ms| ms.iter().find(|m| m.get("id") == Some(&market.into())));
        let price = m
            .and_then(|m| m.get("price"))
            .and_then(serde_json::Value::as_u64)
            .and_then(|p| u32::try_from(p).ok());
        let time = m
            .and_then(|m| m.get("price_time"))
            .and_then(serde_json::Value::as_u64);
        if let (Some(p), Some(t)) = (price, time) {
            if p > 0 && t > 0 {
                return Ok((p, t));
            }
        }
        if Instant::now() > deadline {
            return Err(DevnetError::Smoke(format!(
                "no oracle tick applied to market {market} within 15 s: {markets}"
            )));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

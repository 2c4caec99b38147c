//! The wallet commands.

use std::time::{Duration, Instant};

use alloy::providers::Provider;
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::{HttpClient, HttpClientBuilder};
use jsonrpsee::rpc_params;
use serde_json::Value;
use zkclear_l1::client::{Connection, RollupClient};
use zkclear_state::crypto::derive::{derive_secret_key, key_derivation_signing_hash};
use zkclear_state::crypto::SecretKey;
use zkclear_state::types::{Order, Side, TimeInForce};

use super::args::{OrderArgs, Settings, DEFAULT_EXPIRY_SECS};
use super::send::send;
use super::{WalletCli, WalletCommand, WalletError};
use crate::keeper::digest_hex;
use crate::persist::SigHex;
use crate::rpc::params::{CancelOrderParams, PlaceOrderParams};

/// How long `deposit` waits for the sequencer to credit the account.
const DEPOSIT_WAIT: Duration = Duration::from_secs(120);

fn l1<E: std::fmt::Display>(e: E) -> WalletError {
    WalletError::L1(e.to_string())
}

fn rpc_err<E: std::fmt::Display>(e: E) -> WalletError {
    WalletError::Rpc(e.to_string())
}

struct Ctx {
    settings: Settings,
}

impl Ctx {
    fn signer(&self) -> Result<PrivateKeySigner, WalletError> {
        let key = self.settings.key.as_deref().ok_or(WalletError::NoKey)?;
        key.trim_start_matches("0x")
            .parse()
            .map_err(|_| WalletError::BadKey)
    }

    async fn chain_id(&self) -> u64 {
        if let Some(c) = self.settings.chain_id {
            return c;
        }
        if let (Some(url), Ok(signer)) = (&self.settings.l1_rpc, self.signer()) {
            if let Ok(conn) = Connection::new(url, signer) {
                if let Ok(c) = conn.provider.get_chain_id().await {
                    return c;
                }
            }
        }
        crate::devnet::CHAIN_ID
    }

    async fn l2_key(&self) -> Result<SecretKey, WalletError> {
        let signer = self.signer()?;
        let sig = signer
            .sign_hash_sync(&key_derivation_signing_hash(self.chain_id().await, 0))
            .map_err(|e| WalletError::Derive(e.to_string()))?;
        derive_secret_key(&sig.as_bytes()).map_err(|e| WalletError::Derive(e.to_string()))
    }

    fn rollup(&self) -> Result<RollupClient, WalletError> {
        let url = self
            .settings
            .l1_rpc
            .as_deref()
            .ok_or(WalletError::Missing("l1-rpc"))?;
        let rollup = self.settings.rollup.ok_or(WalletError::Missing("rollup"))?;
        Ok(RollupClient::new(
            Connection::new(url, self.signer()?).map_err(l1)?,
            rollup,
        ))
    }

    fn rpc(&self) -> Result<HttpClient, WalletError> {
        HttpClientBuilder::default()
            .request_timeout(Duration::from_secs(30))
            .build(&self.settings.rpc)
            .map_err(rpc_err)
    }

    /// The L2 account id: the Rollup's `accountOf(address)`.
    async fn account_id(&self) -> Result<u32, WalletError> {
        let client = self.rollup()?;
        let id = client
            .account_of(client.connection().sender)
            .await
            .map_err(l1)?;
        if id == 0 {
            return Err(WalletError::L1(
                "this address has no zkclear account yet; `zkclear deposit <amount>` creates one"
                    .into(),
            ));
        }
        Ok(id)
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The order `a` describes for `account`; without `--expiry` it expires `DEFAULT_EXPIRY_SECS`
/// after `now`.
fn order_of(account: u32, a: &OrderArgs, now: u64) -> Result<Order, WalletError> {
    let side = match a.side.to_ascii_lowercase().as_str() {
        "buy" | "b" => Side::Buy,
        "sell" | "s" => Side::Sell,
        other => {
            return Err(WalletError::Rpc(format!(
                "side must be buy or sell, not {other:?}"
            )))
        }
    };
    Ok(Order {
        account,
        market: a.market,
        side,
        limit_price: a.price,
        size: a.size,
        max_fee_ppm: a.max_fee_ppm,
        expiry: a.expiry.unwrap_or(now + DEFAULT_EXPIRY_SECS),
        nonce: a.nonce,
        time_in_force: tif_of(&a.tif)?,
        reduce_only: a.reduce_only,
    })
}

fn tif_of(s: &str) -> Result<TimeInForce, WalletError> {
    let s = if s == "limit" { "gtc" } else { s };
    serde_json::from_value(Value::String(s.to_owned()))
        .map_err(|_| WalletError::Rpc(format!("unknown time in force {s:?} (gtc, post_only, ioc)")))
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// Runs one command; answers what to print.
pub async fn run(cli: WalletCli) -> Result<String, WalletError> {
    let ctx = Ctx {
        settings: cli.settings()?,
    };
    match cli.command {
        WalletCommand::Keys => {
            let signer = ctx.signer()?;
            let chain = ctx.chain_id().await;
            let sk = ctx.l2_key().await?;
            Ok(format!(
                "eth address : {}\nchain id    : {chain}\nL2 secret   : 0x{}\nL2 pubkey   : {}",
                signer.address(),
                hex::encode(sk.to_bytes()),
                zkclear_state::genesis::key_hex::format(&sk.public_key())
            ))
        }
        WalletCommand::Deposit { amount } => {
            let sk = ctx.l2_key().await?;
            let client = ctx.rollup()?;
            let rpc = ctx.rpc()?;
            let existing = client
                .account_of(client.connection().sender)
                .await
                .map_err(l1)?;
            let before = if existing == 0 {
                None
            } else {
                rpc.request::<Value, _>("zkc_getAccount", rpc_params![existing])
                    .await
                    .ok()
                    .and_then(|a| a.get("collateral").and_then(Value::as_i64))
            };
            eprintln!("approving and depositing {amount} on L1...");
            let receipt = client
                .deposit(amount, sk.public_key().0)
                .await
                .map_err(l1)?;
            let id = ctx.account_id().await?;
            eprintln!(
                "L1 tx {}; account {id}; waiting for the sequencer to apply it...",
                receipt.transaction_hash
            );
            let start = Instant::now();
            loop {
                let got: Result<Value, _> = rpc.request("zkc_getAccount", rpc_params![id]).await;
                if let Ok(acct) = got {
                    let c = acct.get("collateral").and_then(Value::as_i64);
                    if c.is_some() && c != before {
                        return Ok(format!(
                            "deposited {amount} to account {id}\n{}",
                            pretty(&acct)
                        ));
                    }
                }
                if start.elapsed() > DEPOSIT_WAIT {
                    return Err(WalletError::Timeout(
                        DEPOSIT_WAIT.as_secs(),
                        "the sequencer to apply the deposit",
                    ));
                }
                eprint!(".");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        WalletCommand::Place { order } => {
            let sk = ctx.l2_key().await?;
            let o = order_of(ctx.account_id().await?, &order, unix_now())?;
            let digest = digest_hex(&o);
            eprintln!("order digest {digest}");
            let params = PlaceOrderParams {
                order: o,
                signature: SigHex(sk.sign(&o.digest())),
            };
            let res = send(&ctx.rpc()?, "zkc_placeOrder", params, &digest).await?;
            Ok(pretty(&res))
        }
        WalletCommand::Cancel { digest } => {
            let sk = ctx.l2_key().await?;
            let rpc = ctx.rpc()?;
            let view: Value = rpc
                .request("zkc_getOrder", rpc_params![digest.clone()])
                .await
                .map_err(rpc_err)?;
            let o: Order = serde_json::from_value(view["order"].clone())
                .map_err(|e| WalletError::Rpc(format!("the node's order does not parse: {e}")))?;
            if !digest_hex(&o).eq_ignore_ascii_case(&digest) {
                return Err(WalletError::Rpc(
                    "the node answered an order with another digest".into(),
                ));
            }
            let params = CancelOrderParams {
                order: o,
                signature: SigHex(sk.sign(&o.cancel_digest())),
            };
            let res = send(&rpc, "zkc_cancelOrder", params, &digest).await?;
            Ok(pretty(&res))
        }
        WalletCommand::Order { digest } => {
            let res: Value = ctx
                .rpc()?
                .request("zkc_getOrder", rpc_params![digest])
                .await
                .map_err(rpc_err)?;
            Ok(pretty(&res))
        }
        WalletCommand::Account => {
            let id = ctx.account_id().await?;
            let rpc = ctx.rpc()?;
            let account: Value = rpc
                .request("zkc_getAccount", rpc_params![id])
                .await
                .map_err(rpc_err)?;
            let margin: Value = rpc
                .request("zkc_getMargin", rpc_params![id])
                .await
                .map_err(rpc_err)?;
            let greeks: Value = rpc
                .request("zkc_getGreeks", rpc_params![id])
                .await
                .unwrap_or_else(|e| Value::String(format!("unavailable: {e}")));
            Ok(format!(
                "account {id}\n{}\nmargin\n{}\ngreeks\n{}",
                pretty(&account),
                pretty(&margin),
                pretty(&greeks)
            ))
        }
        WalletCommand::ForcedWithdraw { amount } => {
            let id = ctx.account_id().await?;
            let r = ctx
                .rollup()?
                .request_forced_withdrawal(id, amount)
                .await
                .map_err(l1)?;
            Ok(format!(
                "forced withdrawal of up to {amount} from account {id} requested (L1 tx {}).\n\
                 It is paid as a pending withdrawal once a batch including it is proven on L1.",
                r.transaction_hash
            ))
        }
        WalletCommand::Escape => {
            let client = ctx.rollup()?;
            if !client.frozen().await.map_err(l1)? {
                return Err(WalletError::Unavailable(
                    "the rollup is not frozen: escape is only possible after `freeze` (use forced-withdraw first)",
                ));
            }
            Err(WalletError::Unavailable(
                "escape needs the accounts-tree path of the last proven state, rebuilt from proven \
                 pubdata; the wallet cannot rebuild it yet (no batch is proven on L1 before the \
                 prover lands). zkclear-l1's escape module has the native inputs.",
            ))
        }
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::wallet::args::WalletCli;

    fn place_args(extra: &[&str]) -> OrderArgs {
        let mut argv = vec![
            "zkclear", "place", "--market", "0", "--side", "buy", "--price", "10", "--size", "5",
            "--nonce", "1",
        ];
        argv.extend_from_slice(extra);
        match WalletCli::parse_from(argv).command {
            WalletCommand::Place { order } => order,
            other => panic!("not a place command: {other:?}"),
        }
    }

    #[test]
    fn orders_are_signed_with_a_bounded_default_expiry_and_their_flags() {
        let o = order_of(7, &place_args(&[]), 1_000).expect("valid");
        assert_eq!(o.expiry, 1_000 + DEFAULT_EXPIRY_SECS);
        assert_eq!((o.time_in_force, o.reduce_only), (TimeInForce::Gtc, false));
        let o = order_of(
            7,
            &place_args(&["--expiry", "5000", "--tif", "post_only", "--reduce-only"]),
            1_000,
        )
        .expect("valid");
        assert_eq!(o.expiry, 5_000);
        assert_eq!(
            (o.time_in_force, o.reduce_only),
            (TimeInForce::PostOnly, true)
        );
        let o = order_of(7, &place_args(&["--kind", "ioc"]), 1_000).expect("valid");
        assert_eq!(o.time_in_force, TimeInForce::Ioc);
        assert!(order_of(7, &place_args(&["--tif", "fok"]), 1_000).is_err());
    }
}

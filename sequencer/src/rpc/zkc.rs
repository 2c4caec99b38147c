//! The trader namespace (`zkc_*`), the oracle method and the dev deposit method.

use jsonrpsee::core::SubscriptionResult;
use jsonrpsee::types::{ErrorObjectOwned, Params};
use jsonrpsee::{PendingSubscriptionSink, RpcModule};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use zkclear_state::ops::{Deposit, OracleTick, SettlementTick};

use super::error::{invalid_params, rpc_error, METHOD_DISABLED, NOT_FOUND, UNKNOWN_ACCOUNT};
use super::params::{
    CancelOrderParams, DepositParams, OracleTickParams, PlaceOrderParams, SettlementTickParams,
};
use super::{Ctx, RpcContext};
use crate::keeper::{Answer, Event, KeeperError, Query};
use crate::persist::submissions_of;

type RpcResult<T> = Result<T, ErrorObjectOwned>;

/// Parses the single positional parameter of a method.
pub(super) fn one<T: DeserializeOwned>(p: &Params<'_>) -> RpcResult<T> {
    p.one::<T>()
        .map_err(|e| invalid_params(e.message().to_string()))
}

const MAX_DEPTH: usize = 1_000;

/// An order digest: `0x` + 64 hex digits (`zkc_placeOrder` answers and `zkc_getOpenOrders` show
/// it the same way).
fn parse_digest(s: &str) -> RpcResult<[u8; 32]> {
    let bytes = hex::decode(s.strip_prefix("0x").unwrap_or(s))
        .map_err(|e| invalid_params(format!("digest is not hex: {e}")))?;
    bytes
        .try_into()
        .map_err(|_| invalid_params("digest must be 32 bytes (64 hex digits)"))
}

async fn query(ctx: &Ctx, q: Query) -> RpcResult<Answer> {
    ctx.keeper.query(q).await.map_err(Into::into)
}

fn unexpected() -> ErrorObjectOwned {
    KeeperError::Unavailable.into()
}

/// Registers every method of the namespace. Names are unique constants, so registration
/// cannot fail; a failure would be a programming error caught by the tests.
pub(super) fn register(m: &mut RpcModule<RpcContext>) {
    let _ = m.register_async_method("zkc_placeOrder", |p, ctx, _| async move {
        let params: PlaceOrderParams = one(&p)?;
        let res = ctx.keeper.place_order(params.signed()).await?;
        RpcResult::Ok(res)
    });
    let _ = m.register_async_method("zkc_cancelOrder", |p, ctx, _| async move {
        let params: CancelOrderParams = one(&p)?;
        let lots = ctx
            .keeper
            .cancel_order(params.order, params.signature.0)
            .await?;
        RpcResult::Ok(serde_json::json!({ "cancelled": lots }))
    });
    let _ = m.register_async_method("zkc_getOrder", |p, ctx, _| async move {
        let hex_digest: String = one(&p)?;
        let digest = parse_digest(&hex_digest)?;
        match query(&ctx, Query::Order(digest)).await? {
            Answer::Order(Some(v)) => Ok(v),
            Answer::Order(None) => Err(rpc_error(
                NOT_FOUND,
                format!("no resting or finished order with digest {hex_digest}"),
            )),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getAccount", |p, ctx, _| async move {
        let id: u32 = one(&p)?;
        match query(&ctx, Query::Account(id)).await? {
            Answer::Account(Some(a)) => Ok(a),
            Answer::Account(None) => Err(rpc_error(UNKNOWN_ACCOUNT, format!("account {id}"))),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getPositions", |p, ctx, _| async move {
        let id: u32 = one(&p)?;
        match query(&ctx, Query::Account(id)).await? {
            Answer::Account(Some(a)) => Ok(a.positions),
            Answer::Account(None) => Err(rpc_error(UNKNOWN_ACCOUNT, format!("account {id}"))),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getMargin", |p, ctx, _| async move {
        let id: u32 = one(&p)?;
        match query(&ctx, Query::Margin(id)).await? {
            Answer::Margin(v) => Ok(v),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getOpenOrders", |p, ctx, _| async move {
        let id: u32 = one(&p)?;
        match query(&ctx, Query::OpenOrders(id)).await? {
            Answer::OpenOrders(v) => Ok(v),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getOrderBook", |p, ctx, _| async move {
        let mut seq = p.sequence();
        let market: u8 = seq.next()?;
        let depth: Option<usize> = seq.optional_next()?;
        match query(
            &ctx,
            Query::Book(market, depth.unwrap_or(20).min(MAX_DEPTH)),
        )
        .await?
        {
            Answer::Book(v) => Ok(v),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getRecentTrades", |p, ctx, _| async move {
        let mut seq = p.sequence();
        let market: u8 = seq.next()?;
        let limit: Option<usize> = seq.optional_next()?;
        match query(
            &ctx,
            Query::RecentTrades(market, limit.unwrap_or(100).min(MAX_DEPTH)),
        )
        .await?
        {
            Answer::Trades(v) => Ok(v),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getMarkets", |_, ctx, _| async move {
        match query(&ctx, Query::Markets).await? {
            Answer::Markets(v) => Ok(v),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getBatch", |p, ctx, _| async move {
        let n: u64 = one(&p)?;
        match query(&ctx, Query::Batch(n)).await? {
            Answer::Batch(Some(v)) => Ok(v),
            Answer::Batch(None) => Err(rpc_error(NOT_FOUND, format!("batch {n}"))),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getStatus", |_, ctx, _| async move {
        let Answer::PriorityCursor(cursor) = query(&ctx, Query::PriorityCursor).await? else {
            return Err(unexpected());
        };
        match query(&ctx, Query::Root).await? {
            Answer::Root(root, batch, pending) => Ok(serde_json::json!({
                "state_root": root,
                "batch_number": batch,
                "pending_ops": pending,
                "priority_cursor": cursor,
            })),
            _ => Err(unexpected()),
        }
    });
    let _ = m.register_async_method("zkc_getGreeks", |p, ctx, _| async move {
        let id: u32 = one(&p)?;
        super::greeks::account_greeks(&ctx, id).await
    });
    let _ = m.register_async_method("oracle_submitTick", |p, ctx, _| async move {
        let t: OracleTickParams = one(&p)?;
        let tick = OracleTick {
            market: t.market,
            timestamp: t.timestamp,
            submissions: submissions_of(t.submissions),
        };
        ctx.keeper.oracle_tick(tick).await?;
        RpcResult::Ok(true)
    });
    let _ = m.register_async_method("oracle_submitSettlement", |p, ctx, _| async move {
        let t: SettlementTickParams = one(&p)?;
        let tick = SettlementTick {
            market: t.market,
            submissions: submissions_of(t.submissions),
        };
        ctx.keeper.settlement_tick(tick).await?;
        RpcResult::Ok(true)
    });
    let _ = m.register_async_method("dev_deposit", |p, ctx, _| async move {
        if !ctx.config.dev_methods {
            return Err(rpc_error(
                METHOD_DISABLED,
                "dev_deposit is disabled (rpc.dev_methods)",
            ));
        }
        let d: DepositParams = one(&p)?;
        let status = ctx
            .keeper
            .deposit(Deposit {
                account: d.account,
                owner: d.owner,
                pubkey: d.pubkey,
                amount: d.amount,
            })
            .await?;
        Ok(serde_json::json!({ "status": status }))
    });
    let _ = m.register_async_method("dev_fundingTick", |p, ctx, _| async move {
        if !ctx.config.dev_methods {
            return Err(rpc_error(
                METHOD_DISABLED,
                "dev_fundingTick is disabled (rpc.dev_methods)",
            ));
        }
        let market: u8 = one(&p)?;
        let delta = ctx.keeper.funding_tick(market).await?;
        Ok(serde_json::json!({ "index_delta": delta }))
    });
    register_subscriptions(m);
}

async fn forward<F, Fut, T>(
    pending: PendingSubscriptionSink,
    ctx: Ctx,
    mut map: F,
) -> SubscriptionResult
where
    F: FnMut(Event, Ctx) -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
    T: Serialize,
{
    let mut rx = ctx.keeper.subscribe();
    let sink = pending.accept().await?;
    loop {
        tokio::select! {
            _ = sink.closed() => return Ok(()),
            ev = rx.recv() => match ev {
                Ok(ev) => {
                    if let Some(item) = map(ev, ctx.clone()).await {
                        let raw = serde_json::value::to_raw_value(&item)?;
                        if sink.send(raw).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return Ok(()),
            },
        }
    }
}

fn register_subscriptions(m: &mut RpcModule<RpcContext>) {
    let _ = m.register_subscription(
        "zkc_subscribeTrades",
        "zkc_trades",
        "zkc_unsubscribeTrades",
        |p, pending, ctx, _| async move {
            let market: u8 = match one(&p) {
                Ok(v) => v,
                Err(e) => {
                    pending.reject(e).await;
                    return Ok(());
                }
            };
            forward(pending, ctx, move |ev, _| async move {
                match ev {
                    Event::Trade(t) if t.market == market => Some(t),
                    _ => None,
                }
            })
            .await
        },
    );
    let _ = m.register_subscription(
        "zkc_subscribeBook",
        "zkc_book",
        "zkc_unsubscribeBook",
        |p, pending, ctx, _| async move {
            let market: u8 = match one(&p) {
                Ok(v) => v,
                Err(e) => {
                    pending.reject(e).await;
                    return Ok(());
                }
            };
            forward(pending, ctx, move |ev, ctx| async move {
                match ev {
                    Event::Book { market: m } if m == market => {
                        match ctx.keeper.query(Query::Book(market, 20)).await {
                            Ok(Answer::Book(b)) => Some(b),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            })
            .await
        },
    );
    let _ = m.register_subscription(
        "zkc_subscribeAccount",
        "zkc_account",
        "zkc_unsubscribeAccount",
        |p, pending, ctx, _| async move {
            let account: u32 = match one(&p) {
                Ok(v) => v,
                Err(e) => {
                    pending.reject(e).await;
                    return Ok(());
                }
            };
            forward(pending, ctx, move |ev, ctx| async move {
                match ev {
                    Event::Account { account: a } if a == account => {
                        match ctx.keeper.query(Query::Account(account)).await {
                            Ok(Answer::Account(Some(v))) => Some(v),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            })
            .await
        },
    );
    let _ = m.register_subscription(
        "zkc_subscribeBatches",
        "zkc_batches",
        "zkc_unsubscribeBatches",
        |_, pending, ctx, _| async move {
            forward(pending, ctx, |ev, _| async move {
                match ev {
                    Event::Batch { batch_number } => {
                        Some(serde_json::json!({ "batch_number": batch_number }))
                    }
                    _ => None,
                }
            })
            .await
        },
    );
}

//! Rebuilding the state from batch pubdata alone (the escape hatch and `zkclear` wallet use it).
//!
//! This is a **trusted replay**: L1 accepted each batch with a validity proof, so the pubdata is
//! known to describe valid transitions. Pubdata carries no signatures; each op is rebuilt with
//! permissive unsigned fields (an order's limit = the execution price, its size = the maximum,
//! no expiry; the smallest odd number ≥ `quorum` of oracle submissions at the median) and applied by the same state
//! transition with signature checks skipped. Every replayed op must re-encode to exactly its
//! pubdata bytes, so a replay that diverges is detected.

use crate::crypto::{MessageDigest, PublicKey, Signature, SignatureVerifier};
use crate::genesis::Genesis;
use crate::math::{MAX_SIZE, MAX_TIMESTAMP};
use crate::ops::{
    CancelOrder, CoverDeficit, Liquidate, Op, OpError, OracleSubmission, OracleTick,
    SettlementTick, Trade, Withdraw,
};
use crate::state::{State, StateError};
use crate::store::Store;
use crate::types::{AccountId, MarketId, Order, Side, SignedOrder, TimeInForce};

use super::decode::{decode_batch, DecodedOp, PubdataError};

/// Why a rebuild failed.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    /// Pubdata does not decode.
    #[error("batch {batch}: {source}")]
    Decode {
        /// Batch index (0-based in the input).
        batch: usize,
        /// Cause.
        source: PubdataError,
    },
    /// An op did not replay.
    #[error("batch {batch}, op {op}: {source}")]
    Replay {
        /// Batch index.
        batch: usize,
        /// Op index within the batch.
        op: usize,
        /// Cause.
        source: OpError,
    },
    /// A replayed op re-encoded differently (the pubdata is not from this genesis).
    #[error("batch {batch}, op {op}: replay diverges from the pubdata")]
    Diverged {
        /// Batch index.
        batch: usize,
        /// Op index.
        op: usize,
    },
    /// The state failed.
    #[error(transparent)]
    State(#[from] StateError),
}

/// Accepts every signature: used only by this trusted replay, never exported.
struct TrustedReplay;

impl SignatureVerifier for TrustedReplay {
    fn verify(&self, _: &PublicKey, _: &MessageDigest, _: &Signature) -> bool {
        true
    }
}

fn replay_order(
    account: AccountId,
    market: MarketId,
    side: Side,
    price: u32,
    fee: u32,
    nonce: u32,
) -> SignedOrder {
    SignedOrder {
        order: Order {
            account,
            market,
            side,
            limit_price: price,
            size: MAX_SIZE as u32,
            max_fee_ppm: fee,
            expiry: MAX_TIMESTAMP,
            nonce,
            time_in_force: TimeInForce::Gtc,
            reduce_only: false,
        },
        signature: Signature::default(),
    }
}

fn opposite(s: Side) -> Side {
    match s {
        Side::Buy => Side::Sell,
        Side::Sell => Side::Buy,
    }
}

/// The op a decoded pubdata entry replays as (see the module docs).
pub fn replay_op<S: Store>(state: &State<S>, d: DecodedOp) -> Result<Op, StateError> {
    Ok(match d {
        DecodedOp::Noop => Op::Noop,
        DecodedOp::Deposit(x, _) => Op::Deposit(x),
        DecodedOp::SetKey(x, _) => Op::SetKey(x),
        DecodedOp::ForcedWithdrawal(x, _, _) => Op::ForcedWithdrawal(x),
        DecodedOp::Trade {
            maker,
            taker,
            market,
            maker_side,
            fill,
            price,
            maker_fee_ppm,
            taker_fee_ppm,
            maker_nonce,
            taker_nonce,
        } => Op::Trade(Trade {
            maker: replay_order(maker, market, maker_side, price, maker_fee_ppm, maker_nonce),
            taker: replay_order(
                taker,
                market,
                opposite(maker_side),
                price,
                taker_fee_ppm,
                taker_nonce,
            ),
            fill,
            price,
            maker_fee_ppm,
            taker_fee_ppm,
        }),
        DecodedOp::Withdraw {
            account,
            nonce,
            to,
            amount,
        } => Op::Withdraw(Withdraw {
            account,
            nonce,
            to,
            amount,
            signature: Signature::default(),
        }),
        DecodedOp::OracleTick {
            market,
            timestamp,
            price,
        } => Op::OracleTick(OracleTick {
            market,
            timestamp,
            submissions: replay_submissions(state, price),
        }),
        DecodedOp::FundingTick(x) => Op::FundingTick(x),
        DecodedOp::Liquidate {
            liquidated,
            liquidator,
            market,
            fill,
            price,
            nonce,
        } => {
            let size = state
                .positions(liquidated)?
                .iter()
                .flatten()
                .find(|p| p.market == market)
                .map_or(0, |p| p.size);
            let side = if size > 0 { Side::Buy } else { Side::Sell };
            Op::Liquidate(Liquidate {
                liquidated,
                liquidator: replay_order(liquidator, market, side, price, 0, nonce),
                fill,
                price,
            })
        }
        DecodedOp::Deleverage(x) => Op::Deleverage(x),
        DecodedOp::SettleOption(x) => Op::SettleOption(x),
        DecodedOp::CoverDeficit { account, .. } => Op::CoverDeficit(CoverDeficit { account }),
        DecodedOp::SettlementTick { market, price } => Op::SettlementTick(SettlementTick {
            market,
            submissions: replay_submissions(state, price),
        }),
        DecodedOp::CancelOrder { account, nonce } => Op::CancelOrder(CancelOrder {
            account,
            // Only the account and nonce matter to the state once the signature is trusted.
            order: replay_order(account, 0, Side::Buy, 1, 0, nonce).order,
            signature: Signature::default(),
        }),
    })
}

/// The smallest odd number ≥ the quorum of unsigned submissions, all at `price` (genesis
/// guarantees that many keys exist).
fn replay_submissions<S: Store>(state: &State<S>, price: u32) -> Vec<OracleSubmission> {
    let count = state.oracle().quorum | 1;
    (0..count)
        .map(|i| OracleSubmission {
            key_index: i as u8,
            price,
            signature: Signature::default(),
        })
        .collect()
}

/// Replays `batches` (each one batch's pubdata, in order) on the genesis state in `store` and
/// commits each batch; the result has the same root as the state that produced the pubdata.
pub fn rebuild_from_pubdata<S: Store>(
    store: S,
    genesis: &Genesis,
    batches: &[Vec<u8>],
) -> Result<State<S>, RebuildError> {
    let mut state = State::open(store, genesis)?;
    for (b, pubdata) in batches.iter().enumerate() {
        let ops =
            decode_batch(pubdata).map_err(|source| RebuildError::Decode { batch: b, source })?;
        for (i, (decoded, bytes)) in ops.into_iter().enumerate() {
            let op = replay_op(&state, decoded)?;
            let out = state
                .apply(&op, &TrustedReplay)
                .map_err(|source| RebuildError::Replay {
                    batch: b,
                    op: i,
                    source,
                })?;
            if out.pubdata != bytes {
                return Err(RebuildError::Diverged { batch: b, op: i });
            }
        }
        state.commit_batch()?;
    }
    Ok(state)
}

#[cfg(test)]
mod tests;

//! Serialisable records of the WAL and the batch store, and their conversions to the state
//! crate's operations (which are not serde types).

use serde::{Deserialize, Serialize};
use zkclear_state::crypto::{PublicKey, Signature, SIGNATURE_BYTES};
use zkclear_state::ops::{
    CancelOrder, CoverDeficit, Deleverage, Deposit, ForcedWithdrawal, FundingTick, Liquidate, Op,
    OracleSubmission, OracleTick, SetKey, SettleOption, SettlementTick, Trade,
};
use zkclear_state::types::{AccountId, Address, MarketId, Order, SignedOrder};

use crate::keeper::PriorityOp;

/// An 80-byte signature as `0x`-prefixed hex (JSON) — the wire and WAL form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigHex(pub Signature);

impl Serialize for SigHex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{}", hex::encode(self.0 .0)))
    }
}

impl<'de> Deserialize<'de> for SigHex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let digits = s.strip_prefix("0x").unwrap_or(&s);
        let bytes = hex::decode(digits).map_err(serde::de::Error::custom)?;
        let arr: [u8; SIGNATURE_BYTES] = bytes.try_into().map_err(|_| {
            serde::de::Error::custom(format!("signature must be {SIGNATURE_BYTES} bytes"))
        })?;
        Ok(SigHex(Signature(arr)))
    }
}

/// A signed order in serialisable form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedOrderRecord {
    /// The order.
    pub order: Order,
    /// Its signature.
    pub signature: SigHex,
}

impl From<SignedOrderRecord> for SignedOrder {
    fn from(r: SignedOrderRecord) -> Self {
        SignedOrder {
            order: r.order,
            signature: r.signature.0,
        }
    }
}

impl From<&SignedOrder> for SignedOrderRecord {
    fn from(s: &SignedOrder) -> Self {
        SignedOrderRecord {
            order: s.order,
            signature: SigHex(s.signature),
        }
    }
}

/// One oracle submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionRecord {
    /// Index of the oracle key.
    pub key_index: u8,
    /// Price signed.
    pub price: u32,
    /// Signature.
    pub signature: SigHex,
}

/// A keeper-generated or oracle operation, as logged and as stored in batches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpRecord {
    /// Padding.
    Noop,
    /// L1 deposit.
    Deposit {
        /// Account.
        account: AccountId,
        /// L1 owner.
        owner: Address,
        /// L2 key.
        pubkey: PublicKey,
        /// Amount.
        amount: u64,
    },
    /// L1 key change.
    SetKey {
        /// Account.
        account: AccountId,
        /// L1 requester.
        owner: Address,
        /// New L2 key.
        pubkey: PublicKey,
    },
    /// L1 forced withdrawal request.
    ForcedWithdrawal {
        /// Account.
        account: AccountId,
        /// L1 requester (and recipient).
        owner: Address,
        /// Amount requested.
        amount: u64,
    },
    /// A matched trade.
    Trade {
        /// Maker.
        maker: SignedOrderRecord,
        /// Taker.
        taker: SignedOrderRecord,
        /// Lots.
        fill: u32,
        /// Price.
        price: u32,
        /// Maker fee.
        maker_fee_ppm: u32,
        /// Taker fee.
        taker_fee_ppm: u32,
    },
    /// Oracle tick.
    OracleTick {
        /// Market.
        market: MarketId,
        /// Timestamp.
        timestamp: u64,
        /// Signed prices.
        submissions: Vec<SubmissionRecord>,
    },
    /// Funding tick.
    FundingTick {
        /// Market.
        market: MarketId,
        /// Index change.
        index_delta: i64,
    },
    /// Liquidation.
    Liquidate {
        /// Liquidated account.
        liquidated: AccountId,
        /// Liquidator's order.
        liquidator: SignedOrderRecord,
        /// Lots.
        fill: u32,
        /// Price.
        price: u32,
    },
    /// Deleveraging.
    Deleverage {
        /// Bankrupt account.
        deleveraged: AccountId,
        /// Counterparty.
        counterparty: AccountId,
        /// Market.
        market: MarketId,
        /// Lots.
        fill: u32,
        /// Price.
        price: u32,
    },
    /// Option settlement.
    SettleOption {
        /// Account.
        account: AccountId,
        /// Market.
        market: MarketId,
    },
    /// Owner-signed cancel of an order that has already filled in part.
    CancelOrder {
        /// Account.
        account: AccountId,
        /// The cancelled order.
        order: Order,
        /// Signature of `order.cancel_digest()`.
        signature: SigHex,
    },
    /// Insurance fund covers a deficit.
    CoverDeficit {
        /// Account.
        account: AccountId,
    },
    /// Quorum-signed settlement price of an option market.
    SettlementTick {
        /// Option market.
        market: MarketId,
        /// Signed prices.
        submissions: Vec<SubmissionRecord>,
    },
}

/// The state's form of WAL/RPC oracle submissions (the inverse of [`submission_records`]).
pub fn submissions_of(records: Vec<SubmissionRecord>) -> Vec<OracleSubmission> {
    records
        .into_iter()
        .map(|s| OracleSubmission {
            key_index: s.key_index,
            price: s.price,
            signature: s.signature.0,
        })
        .collect()
}

/// The WAL form of oracle submissions.
pub fn submission_records(submissions: &[OracleSubmission]) -> Vec<SubmissionRecord> {
    submissions
        .iter()
        .map(|s| SubmissionRecord {
            key_index: s.key_index,
            price: s.price,
            signature: SigHex(s.signature),
        })
        .collect()
}

impl From<&PriorityOp> for OpRecord {
    fn from(op: &PriorityOp) -> Self {
        match op.clone() {
            PriorityOp::Deposit(d) => OpRecord::Deposit {
                account: d.account,
                owner: d.owner,
                pubkey: d.pubkey,
                amount: d.amount,
            },
            PriorityOp::SetKey(s) => OpRecord::SetKey {
                account: s.account,
                owner: s.owner,
                pubkey: s.pubkey,
            },
            PriorityOp::ForcedWithdrawal(f) => OpRecord::ForcedWithdrawal {
                account: f.account,
                owner: f.owner,
                amount: f.amount,
            },
        }
    }
}

impl OpRecord {
    /// The L1 priority operation this record is, if it is one.
    pub fn priority(&self) -> Option<PriorityOp> {
        match self.to_op() {
            Op::Deposit(d) => Some(PriorityOp::Deposit(d)),
            Op::SetKey(s) => Some(PriorityOp::SetKey(s)),
            Op::ForcedWithdrawal(f) => Some(PriorityOp::ForcedWithdrawal(f)),
            _ => None,
        }
    }

    /// The state operation (every record maps to exactly one).
    pub fn to_op(&self) -> Op {
        match self.clone() {
            OpRecord::Noop => Op::Noop,
            OpRecord::Deposit {
                account,
                owner,
                pubkey,
                amount,
            } => Op::Deposit(Deposit {
                account,
                owner,
                pubkey,
                amount,
            }),
            OpRecord::SetKey {
                account,
                owner,
                pubkey,
            } => Op::SetKey(SetKey {
                account,
                owner,
                pubkey,
            }),
            OpRecord::ForcedWithdrawal {
                account,
                owner,
                amount,
            } => Op::ForcedWithdrawal(ForcedWithdrawal {
                account,
                owner,
                amount,
            }),
            OpRecord::Trade {
                maker,
                taker,
                fill,
                price,
                maker_fee_ppm,
                taker_fee_ppm,
            } => Op::Trade(Trade {
                maker: maker.into(),
                taker: taker.into(),
                fill,
                price,
                maker_fee_ppm,
                taker_fee_ppm,
            }),
            OpRecord::OracleTick {
                market,
                timestamp,
                submissions,
            } => Op::OracleTick(OracleTick {
                market,
                timestamp,
                submissions: submissions_of(submissions),
            }),
            OpRecord::FundingTick {
                market,
                index_delta,
            } => Op::FundingTick(FundingTick {
                market,
                index_delta,
            }),
            OpRecord::Liquidate {
                liquidated,
                liquidator,
                fill,
                price,
            } => Op::Liquidate(Liquidate {
                liquidated,
                liquidator: liquidator.into(),
                fill,
                price,
            }),
            OpRecord::Deleverage {
                deleveraged,
                counterparty,
                market,
                fill,
                price,
            } => Op::Deleverage(Deleverage {
                deleveraged,
                counterparty,
                market,
                fill,
                price,
            }),
            OpRecord::SettleOption { account, market } => {
                Op::SettleOption(SettleOption { account, market })
            }
            OpRecord::CoverDeficit { account } => Op::CoverDeficit(CoverDeficit { account }),
            OpRecord::SettlementTick {
                market,
                submissions,
            } => Op::SettlementTick(SettlementTick {
                market,
                submissions: submissions_of(submissions),
            }),
            OpRecord::CancelOrder {
                account,
                order,
                signature,
            } => Op::CancelOrder(CancelOrder {
                account,
                order,
                signature: signature.0,
            }),
        }
    }
}

/// One acknowledged input, in the order the keeper applied it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum WalEntry {
    /// Nothing (tests).
    Noop,
    /// An order placed by a trader (its time in force and reduce-only flag are signed in it).
    PlaceOrder {
        /// The signed order.
        order: SignedOrderRecord,
    },
    /// An owner-signed cancel of a resting order.
    Cancel {
        /// The cancelled order, exactly as signed.
        order: Order,
        /// Signature of `order.cancel_digest()`.
        signature: SigHex,
    },
    /// An operation applied as is (priority ops, oracle, funding, liquidation, settlement).
    Op(OpRecord),
}

/// A resting order as persisted at each batch commit (its time in force and reduce-only flag
/// are those signed in `order`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestingRecord {
    /// Arrival sequence number (its WAL seq): time priority.
    pub seq: u64,
    /// The signed order.
    pub order: SignedOrderRecord,
    /// Lots still resting.
    pub remaining: u64,
}

/// How an admitted order ended (it no longer rests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEnd {
    /// Filled in full.
    Filled,
    /// Ended with lots unfilled: cancelled by its owner, an IOC remainder, a reduce-only clip,
    /// a state rejection, a key change, self-trade prevention.
    Cancelled,
}

/// An admitted order that no longer rests, kept (until the rollup clock passes its expiry) so
/// that it is never admitted again and can be looked up by digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedOrderRecord {
    /// The order as signed.
    pub order: Order,
    /// How it ended.
    pub end: OrderEnd,
    /// Lots filled in all (state fill slot when it ended).
    pub filled: u32,
}

/// Node metadata, committed with each batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaRecord {
    /// Last WAL sequence number whose effects are in the committed state.
    pub wal_cut: u64,
    /// Priority-queue hash after the committed batches.
    pub queue_hash: [u8; 32],
    /// Next nonce the liquidator signs with.
    pub liquidator_nonce: u32,
}

pub use super::witness::LeafUpdateRecord;

/// A committed batch, content-addressed by blake3 of its JSON encoding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    /// Batch number (first is 1).
    pub batch_number: u64,
    /// Operations in execution order.
    pub ops: Vec<OpRecord>,
    /// Leaf updates with witnesses, in groups applied in order from `old_root` to the new root:
    /// one group per operation when `deferred` is false; one group per rehash of the pending
    /// leaves (`zkclear_state::state::State::rehash`, canonical leaf order) when it is true.
    pub witnesses: Vec<Vec<LeafUpdateRecord>>,
    /// Whether the batch was built with deferred hashing (see `witnesses`). Records written
    /// before the field existed are per operation.
    #[serde(default)]
    pub deferred: bool,
    /// Concatenated pubdata (hex).
    pub pubdata: String,
    /// Root before the batch (hex, 32 bytes).
    pub old_root: String,
    /// Priority cursor before the batch.
    pub queue_first: u64,
    /// Priority cursor after the batch.
    pub queue_last: u64,
    /// Queue hash after the batch (hex).
    pub queue_hash_after: String,
    /// Unix seconds when it was cut.
    pub created_at: u64,
}

/// The public statement of a committed batch (`docs/pubdata.md`), written right after the
/// state commit (the new root exists only then); recomputed on recovery if a crash fell between.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecord {
    /// Batch number.
    pub batch_number: u64,
    /// New root (hex).
    pub new_root: String,
    /// The 152 statement bytes (hex).
    pub statement: String,
    /// keccak256 of the statement (hex).
    pub statement_hash: String,
}

/// A proof submitted by an authenticated prover worker. Verification arrives with the prover
/// issue: a stored proof is "submitted, unverified" and never makes its batch unleasable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRecord {
    /// Batch proven.
    pub batch_number: u64,
    /// Worker that submitted it.
    pub worker: String,
    /// Proof bytes (hex).
    pub proof: String,
    /// Unix seconds of submission.
    pub submitted_at: u64,
}

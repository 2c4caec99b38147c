//! Parameter types of the RPC methods (strict: unknown fields are rejected).

use serde::{Deserialize, Serialize};
use zkclear_state::crypto::PublicKey;
use zkclear_state::types::{Address, Order, SignedOrder};

use crate::persist::{OrderKindRecord, SigHex, SubmissionRecord};

/// `zkc_placeOrder` parameter.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderParams {
    /// The order, signed as is.
    pub order: Order,
    /// Signature of `order.digest()` (80 bytes, hex).
    pub signature: SigHex,
    /// Book behaviour (default `limit`).
    #[serde(default)]
    pub kind: OrderKindRecord,
    /// Reduce-only (default false).
    #[serde(default)]
    pub reduce_only: bool,
}

impl PlaceOrderParams {
    /// The signed order.
    pub fn signed(&self) -> SignedOrder {
        SignedOrder {
            order: self.order,
            signature: self.signature.0,
        }
    }
}

/// `zkc_cancelOrder` parameter: the resting order and a signature of it with `size = 0`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelOrderParams {
    /// The order to cancel (its `size` is ignored; the signed message has `size = 0`).
    pub order: Order,
    /// Signature of the order with `size = 0`.
    pub signature: SigHex,
}

/// `oracle_submitTick` parameter.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleTickParams {
    /// Market.
    pub market: u8,
    /// Observation time (unix seconds).
    pub timestamp: u64,
    /// Signed prices (an odd number, at least the quorum, distinct keys).
    pub submissions: Vec<SubmissionRecord>,
}

/// `oracle_submitSettlement` parameter: the underlying's price at an option market's expiry.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettlementTickParams {
    /// Option market.
    pub market: u8,
    /// Signed prices (an odd number, at least the quorum, distinct keys), each signing the
    /// settlement digest of `docs/architecture.md` for the option's expiry.
    pub submissions: Vec<SubmissionRecord>,
}

/// `dev_deposit` parameter (only when enabled: stands in for the L1 watcher).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositParams {
    /// Account id (as the contract assigns them: sequential).
    pub account: u32,
    /// L1 owner.
    pub owner: Address,
    /// L2 public key.
    pub pubkey: PublicKey,
    /// Amount (base units).
    pub amount: u64,
}

/// `prover_submitProof` parameter.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitProofParams {
    /// Lease the proof answers.
    pub lease_id: u64,
    /// Batch proven.
    pub batch_number: u64,
    /// Proof bytes (hex).
    pub proof: String,
}

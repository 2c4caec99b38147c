//! Parameter types of the RPC methods (strict: unknown fields are rejected at every level,
//! `order` and oracle submissions included: `#[serde(deny_unknown_fields)]` on each struct).

use serde::{Deserialize, Serialize};
use zkclear_state::crypto::PublicKey;
use zkclear_state::types::{Address, Order, SignedOrder};

use crate::persist::{SigHex, SubmissionRecord};

/// `zkc_placeOrder` parameter. The time in force and the reduce-only flag are fields of the
/// signed `order`: there are no unsigned duplicates that could disagree with them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderParams {
    /// The order, signed as is.
    pub order: Order,
    /// Signature of `order.digest()` (80 bytes, hex).
    pub signature: SigHex,
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

/// `zkc_cancelOrder` parameter: the resting order, exactly as it was signed, and the owner's
/// signature of `order.cancel_digest()` (docs/signatures.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelOrderParams {
    /// The order to cancel, every field as signed (it names one order by its digest).
    pub order: Order,
    /// Signature of `order.cancel_digest()`.
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

//! Read models served over RPC and the events pushed to subscribers. Plain serde structs:
//! integers stay integers (amounts in collateral base units, sizes in lots, prices per lot).

use serde::{Deserialize, Serialize};

/// A position of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionView {
    /// Market.
    pub market: u8,
    /// Signed size in lots.
    pub size: i64,
    /// Cached funding index.
    pub funding_index: i64,
}

/// An account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// Account id.
    pub id: u32,
    /// L1 owner.
    pub owner: String,
    /// L2 public key limbs.
    pub pubkey: [u64; 5],
    /// Collateral (signed).
    pub collateral: i64,
    /// Withdrawal nonce.
    pub nonce: u32,
    /// Open positions.
    pub positions: Vec<PositionView>,
}

/// Margin at both levels. `healthy_*` is `value ≥ risk` at that level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarginView {
    /// Account.
    pub account: u32,
    /// Value: collateral + Σ size × mark − unpaid funding.
    pub value: i64,
    /// Risk at initial margin.
    pub initial_risk: u64,
    /// Risk at maintenance margin.
    pub maintenance_risk: u64,
    /// Healthy at initial margin.
    pub healthy_initial: bool,
    /// Healthy at maintenance margin.
    pub healthy_maintenance: bool,
}

/// An order looked up by digest (`zkc_getOrder`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    /// `Order::digest()` as `0x` hex of its 32 bytes (four little-endian u64 elements).
    pub digest: String,
    /// "resting", "filled" or "cancelled" (ended with lots unfilled).
    pub status: String,
    /// The order as signed.
    pub order: zkclear_state::types::Order,
    /// Lots filled (the state's fill slot).
    pub filled: u32,
    /// Lots still resting (0 unless resting).
    pub remaining: u64,
}

impl OrderView {
    /// The view of `order` with `status`.
    pub fn new(
        order: &zkclear_state::types::Order,
        status: &str,
        filled: u32,
        remaining: u64,
    ) -> Self {
        OrderView {
            digest: digest_hex(order),
            status: status.into(),
            order: *order,
            filled,
            remaining,
        }
    }
}

/// `0x` hex of an order's digest (the key of `zkc_getOrder`).
pub fn digest_hex(order: &zkclear_state::types::Order) -> String {
    format!(
        "0x{}",
        hex::encode(zkclear_state::tree::hash_to_bytes(&order.digest()))
    )
}

/// A resting order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenOrderView {
    /// Market.
    pub market: u8,
    /// Nonce (with the account, the order's id).
    pub nonce: u32,
    /// "buy" or "sell".
    pub side: String,
    /// Limit price.
    pub price: u32,
    /// Signed size.
    pub size: u32,
    /// Lots still resting.
    pub remaining: u64,
    /// Signed reduce-only flag.
    pub reduce_only: bool,
    /// Signed time in force.
    pub time_in_force: zkclear_state::types::TimeInForce,
    /// Signed expiry.
    pub expiry: u64,
    /// The order's digest (`zkc_getOrder`, and what a cancel signs over).
    pub digest: String,
}

/// One price level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelView {
    /// Price.
    pub price: u64,
    /// Total lots.
    pub size: u64,
    /// Orders at the level.
    pub orders: u32,
}

/// Book depth; bids best (highest) first, asks best (lowest) first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookView {
    /// Market.
    pub market: u8,
    /// Bid levels.
    pub bids: Vec<LevelView>,
    /// Ask levels.
    pub asks: Vec<LevelView>,
}

/// An executed trade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeView {
    /// Market.
    pub market: u8,
    /// Maker account.
    pub maker: u32,
    /// Taker account.
    pub taker: u32,
    /// "buy" if the taker bought.
    pub taker_side: String,
    /// Price.
    pub price: u32,
    /// Lots.
    pub size: u32,
    /// Batch the trade will be committed in.
    pub batch: u64,
}

/// A market.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketView {
    /// Id.
    pub id: u8,
    /// "perp", "call" or "put".
    pub kind: String,
    /// Underlying market.
    pub underlying: u8,
    /// Strike (options).
    pub strike: u32,
    /// Expiry (options).
    pub expiry: u64,
    /// Oracle price.
    pub price: u32,
    /// Oracle timestamp.
    pub price_time: u64,
    /// Funding index.
    pub funding_index: i64,
    /// Initial fraction (ppm).
    pub initial_ppm: u32,
    /// Maintenance fraction (ppm).
    pub maintenance_ppm: u32,
    /// Settlement price once settled.
    pub settlement_price: u32,
    /// Circuit-breaker status ("open" or the halt reason).
    pub status: String,
}

/// A committed batch's status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchView {
    /// Number.
    pub batch_number: u64,
    /// blake3 content id (hex).
    pub id: String,
    /// Ops in the batch.
    pub ops: usize,
    /// Pubdata bytes.
    pub pubdata_len: usize,
    /// Old root (hex).
    pub old_root: String,
    /// New root (hex), once the statement is written.
    pub new_root: Option<String>,
    /// keccak256 of the statement (hex).
    pub statement_hash: Option<String>,
    /// "committed" (no proof is verified yet, so every committed batch stays leasable).
    pub status: String,
    /// Proofs submitted for it by prover workers, none verified yet.
    pub unverified_proofs: usize,
}

/// What happened to a placed order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceResult {
    /// Lots filled.
    pub filled: u64,
    /// Lots resting.
    pub resting: u64,
    /// Lots cancelled (IOC remainder, reduce-only clip, truncated by a state rejection).
    pub cancelled: u64,
    /// Trades executed.
    pub trades: Vec<TradeView>,
    /// Why the rest was not filled, when a fill was rejected by the state.
    pub rejection: Option<String>,
    /// WAL sequence number of the input.
    pub seq: u64,
    /// The order's digest (`zkc_getOrder`).
    pub digest: String,
}

/// An event pushed to subscribers after the input that caused it is durable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A trade.
    Trade(TradeView),
    /// A market's book changed.
    Book {
        /// Market.
        market: u8,
    },
    /// An account changed.
    Account {
        /// Account.
        account: u32,
    },
    /// A batch was committed.
    Batch {
        /// Number.
        batch_number: u64,
    },
}

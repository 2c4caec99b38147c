//! Domain types of the state: accounts, positions, markets, order fills, globals, orders.
//!
//! Field widths follow `docs/bit-widths.md`; their leaf encodings follow `docs/state-layout.md`
//! (`crate::state::leaves`).

use std::fmt;

use plonky2::hash::poseidon::PoseidonHash;
use plonky2::plonk::config::Hasher;

use crate::crypto::{MessageDigest, PublicKey, Signature};
use crate::math::{u64_to_field, MAX_TIMESTAMP};

/// An account id: the index in the depth-32 accounts tree.
pub type AccountId = u32;
/// A market id: the index in the depth-8 markets tree.
pub type MarketId = u8;

/// Number of position slots per account (positions tree depth 4).
pub const POSITION_SLOTS: usize = 16;
/// Depth of the accounts tree.
pub const ACCOUNTS_DEPTH: u8 = 32;
/// Depth of the markets tree.
pub const MARKETS_DEPTH: u8 = 8;
/// Depth of an account's positions tree.
pub const POSITIONS_DEPTH: u8 = 4;
/// Depth of an account's order-fill tree.
pub const FILLS_DEPTH: u8 = 16;

/// Domain separator of an order digest.
pub const DOMAIN_ORDER: u64 = 1;
/// Domain separator of a withdrawal digest.
pub const DOMAIN_WITHDRAW: u64 = 2;
/// Domain separator of an oracle price digest.
pub const DOMAIN_ORACLE: u64 = 3;
/// Domain separator of a cancel digest ([`cancel_digest`]).
pub const DOMAIN_CANCEL: u64 = 4;
/// Domain separator of an option settlement price digest (`ops::settlement_tick`).
pub const DOMAIN_SETTLEMENT: u64 = 5;

/// An L1 (Ethereum) address, 20 bytes. Serialised as a `0x`-prefixed hex string.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The five big-endian 32-bit limbs of the address (limb 0 most significant).
    pub fn limbs(&self) -> [u64; 5] {
        let mut out = [0u64; 5];
        for (limb, chunk) in out.iter_mut().zip(self.0.chunks_exact(4)) {
            *limb = u64::from(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
        out
    }

    /// Parses `0x` + 40 hex digits.
    pub fn from_hex(s: &str) -> Option<Self> {
        let digits = s.strip_prefix("0x").unwrap_or(s);
        let bytes = hex::decode(digits).ok()?;
        Some(Address(bytes.try_into().ok()?))
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

impl serde::Serialize for Address {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{self:?}"))
    }
}

impl<'de> serde::Deserialize<'de> for Address {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Address::from_hex(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid L1 address {s:?}")))
    }
}

/// Operation type ids, shared byte for byte with Solidity's `enum OpType` (`docs/pubdata.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum OpType {
    /// Padding.
    Noop = 0,
    /// L1 deposit (priority).
    Deposit = 1,
    /// L1 key change (priority).
    SetKey = 2,
    /// Two matched signed orders.
    Trade = 3,
    /// L2-signed withdrawal.
    Withdraw = 4,
    /// Quorum-signed oracle price.
    OracleTick = 5,
    /// Funding index update.
    FundingTick = 6,
    /// Liquidation against a liquidator's order.
    Liquidate = 7,
    /// Auto-deleveraging of a bankrupt account.
    Deleverage = 8,
    /// Settlement of an expired option position.
    SettleOption = 9,
    /// L1 forced withdrawal (priority).
    ForcedWithdrawal = 10,
    /// An owner-signed cancel that makes an order unfillable.
    CancelOrder = 11,
    /// The insurance fund brings a negative-value account towards zero.
    CoverDeficit = 12,
    /// Quorum-signed settlement price of an expired option market.
    SettlementTick = 13,
}

impl OpType {
    /// The op type of a pubdata type byte, if any.
    pub fn from_byte(b: u8) -> Option<Self> {
        use OpType::*;
        Some(match b {
            0 => Noop,
            1 => Deposit,
            2 => SetKey,
            3 => Trade,
            4 => Withdraw,
            5 => OracleTick,
            6 => FundingTick,
            7 => Liquidate,
            8 => Deleverage,
            9 => SettleOption,
            10 => ForcedWithdrawal,
            11 => CancelOrder,
            12 => CoverDeficit,
            13 => SettlementTick,
            _ => return None,
        })
    }

    /// Whether the op comes from the L1 priority queue.
    pub fn is_priority(self) -> bool {
        matches!(
            self,
            OpType::Deposit | OpType::SetKey | OpType::ForcedWithdrawal
        )
    }
}

/// Order side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum Side {
    /// Increases the position (pays collateral).
    Buy = 0,
    /// Decreases the position (receives collateral).
    Sell = 1,
}

impl Side {
    /// +1 for a buy, −1 for a sell.
    pub fn sign(self) -> i64 {
        match self {
            Side::Buy => 1,
            Side::Sell => -1,
        }
    }

    /// The side of a pubdata byte.
    pub fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(Side::Buy),
            1 => Some(Side::Sell),
            _ => None,
        }
    }
}

/// Market kind (element 0 of a market leaf).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[repr(u8)]
pub enum MarketKind {
    /// Perpetual future.
    Perp = 0,
    /// European call option on a perp market's price.
    Call = 1,
    /// European put option on a perp market's price.
    Put = 2,
}

impl MarketKind {
    /// The kind of a stored byte.
    pub fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(MarketKind::Perp),
            1 => Some(MarketKind::Call),
            2 => Some(MarketKind::Put),
            _ => None,
        }
    }

    /// Whether this is an option.
    pub fn is_option(self) -> bool {
        !matches!(self, MarketKind::Perp)
    }
}

/// An account (leaf of the accounts tree, with its two sub-tree roots added by the state).
///
/// Invariant: `|collateral| < 2^60`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Account {
    /// L1 owner address.
    pub owner: Address,
    /// L2 public key authorising orders and withdrawals.
    pub pubkey: PublicKey,
    /// Cash balance in collateral base units (6 decimals); entry costs of positions included.
    pub collateral: i64,
    /// Withdrawal nonce.
    pub nonce: u32,
}

/// A position (leaf of a positions tree).
///
/// Invariant: `size != 0` and `|size| < 2^24`; `funding_index` is the market index at the last
/// funding settlement (0 for options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Market of the position.
    pub market: MarketId,
    /// Signed size in lots (> 0 long, < 0 short).
    pub size: i64,
    /// Funding index at last settlement.
    pub funding_index: i64,
}

/// The 16 position slots of an account.
pub type Positions = [Option<Position>; POSITION_SLOTS];

/// A market (leaf of the markets tree). Field meanings: `docs/state-layout.md`.
///
/// Invariant: fractions ≤ 10^6 ppm, `maintenance_ppm ≤ initial_ppm`, prices < 2^32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    /// This market's id.
    pub id: MarketId,
    /// Perp, call or put.
    pub kind: MarketKind,
    /// Underlying perp market (own id for a perp).
    pub underlying: MarketId,
    /// Option strike (0 for perps).
    pub strike: u32,
    /// Option expiry (0 for perps).
    pub expiry: u64,
    /// Oracle mark price (0 = none yet).
    pub price: u32,
    /// Timestamp of `price`.
    pub price_time: u64,
    /// Cumulative funding per lot (perps).
    pub funding_index: i64,
    /// Time of the last funding tick.
    pub funding_time: u64,
    /// Initial margin fraction (perps) or α at initial (options), ppm.
    pub initial_ppm: u32,
    /// Maintenance margin fraction (perps) or α at maintenance (options), ppm.
    pub maintenance_ppm: u32,
    /// β at initial (options), ppm.
    pub beta_initial_ppm: u32,
    /// β at maintenance (options), ppm.
    pub beta_maintenance_ppm: u32,
    /// Liquidation fee to the insurance fund, ppm of notional.
    pub liquidation_fee_ppm: u32,
    /// Funding rate bound, ppm of price per hour.
    pub max_funding_rate_ppm: u32,
    /// Option settlement price (underlying price at expiry, from a `SettlementTick`; 0 =
    /// unsettled).
    pub settlement_price: u32,
    /// Oracle band: the largest move of one tick, in ppm of the last price, per started minute
    /// since that price (`ops::oracle_tick`); `1 ≤ band_ppm ≤ 10^6`.
    pub band_ppm: u32,
    /// Oldest usable price (seconds): ops that open risk or liquidate refuse an older one.
    pub max_price_age: u32,
}

impl Market {
    /// The payoff per unit of an option at underlying price `s` (0 for perps).
    pub fn option_payoff(&self, s: u64) -> u64 {
        let k = u64::from(self.strike);
        match self.kind {
            MarketKind::Perp => 0,
            MarketKind::Call => s.saturating_sub(k),
            MarketKind::Put => k.saturating_sub(s),
        }
    }
}

/// One slot of an order-fill tree (Loopring storage-slot style, `docs/state-layout.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FillSlot {
    /// Nonce of the order currently using the slot (0 = empty).
    pub nonce: u32,
    /// Lots filled of that order.
    pub filled: u32,
}

/// Global values hashed into the state root.
///
/// Invariant: `insurance_fund < 2^60`; times and counters `< 2^40`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Globals {
    /// Insurance fund balance (collateral base units).
    pub insurance_fund: u64,
    /// Account receiving trading fees.
    pub fee_account: AccountId,
    /// The rollup clock: latest accepted oracle timestamp.
    pub oracle_time: u64,
    /// Number of committed batches.
    pub batch_number: u64,
    /// Number of processed L1 priority operations.
    pub priority_cursor: u64,
}

/// How long an order may wait for fills (signed, part of [`Order::digest`]).
///
/// Invariant (checked by the ops, `docs/matching.md`): a `PostOnly` order only ever fills as the
/// maker, an `Ioc` order only as the taker or a liquidator (it never rests), a `Gtc` order in
/// any role.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum TimeInForce {
    /// Good till cancelled (or expired): fills what crosses, rests the rest.
    #[default]
    Gtc = 0,
    /// Rests in full or is refused: never takes liquidity.
    PostOnly = 1,
    /// Immediate or cancel: fills what crosses now, never rests.
    Ioc = 2,
}

impl TimeInForce {
    /// The time in force of a digest element, if any.
    pub fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(TimeInForce::Gtc),
            1 => Some(TimeInForce::PostOnly),
            2 => Some(TimeInForce::Ioc),
            _ => None,
        }
    }
}

/// A limit order, signed by the account's L2 key (`Order::digest`).
///
/// Invariant (checked by the ops): `1 <= size < 2^24`, `limit_price >= 1`, `nonce >= 1`; every
/// field, `time_in_force` and `reduce_only` included, is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Account placing the order.
    pub account: AccountId,
    /// Market traded.
    pub market: MarketId,
    /// Buy or sell.
    pub side: Side,
    /// Worst acceptable price.
    pub limit_price: u32,
    /// Total size in lots.
    pub size: u32,
    /// Highest acceptable fee rate, ppm of notional.
    pub max_fee_ppm: u32,
    /// Last oracle time at which the order may fill.
    pub expiry: u64,
    /// Fill-tree nonce (slot = nonce mod 2^16).
    pub nonce: u32,
    /// Time in force: `gtc`, `post_only` or `ioc` (the roles in which the order may fill).
    pub time_in_force: TimeInForce,
    /// Every fill must shrink the account's position in the market without flipping it.
    pub reduce_only: bool,
}

impl Order {
    /// The signed message: `hash_no_pad([DOMAIN_ORDER, account, market, side, limit_price, size,
    /// max_fee_ppm, expiry, nonce, time_in_force, reduce_only])` (11 elements; side 0 buy / 1
    /// sell, time in force 0 gtc / 1 post-only / 2 ioc, reduce-only 0/1), expiry clamped to 40
    /// bits (larger never expires anyway). `docs/signatures.md`, "Signed messages".
    pub fn digest(&self) -> MessageDigest {
        let expiry = self.expiry.min(MAX_TIMESTAMP);
        let elems = [
            DOMAIN_ORDER,
            u64::from(self.account),
            u64::from(self.market),
            self.side as u64,
            u64::from(self.limit_price),
            u64::from(self.size),
            u64::from(self.max_fee_ppm),
            expiry,
            u64::from(self.nonce),
            self.time_in_force as u64,
            u64::from(self.reduce_only),
        ]
        .map(u64_to_field);
        PoseidonHash::hash_no_pad(&elems)
    }

    /// The message an owner signs to cancel this exact order: [`cancel_digest`] of its account
    /// and [`Order::digest`].
    pub fn cancel_digest(&self) -> MessageDigest {
        cancel_digest(self.account, &self.digest())
    }

    /// The fill-tree slot of this order.
    pub fn fill_slot(&self) -> u64 {
        u64::from(self.nonce) & ((1 << FILLS_DEPTH) - 1)
    }
}

/// The signed message of a cancel: `hash_no_pad([DOMAIN_CANCEL, account, order_digest[0..4]])`
/// (6 elements). It names one exact order (all its fields), and its domain separator differs from
/// an order's, so a cancel signature never authorises a trade and never cancels another order.
pub fn cancel_digest(account: AccountId, order_digest: &MessageDigest) -> MessageDigest {
    let mut elems = vec![
        u64_to_field(DOMAIN_CANCEL),
        u64_to_field(u64::from(account)),
    ];
    elems.extend_from_slice(&order_digest.elements);
    PoseidonHash::hash_no_pad(&elems)
}

/// An order with its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedOrder {
    /// The order.
    pub order: Order,
    /// Signature of `order.digest()` by the account's key.
    pub signature: Signature,
}

/// Which party of a two-party operation an error refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The resting order.
    Maker,
    /// The incoming order.
    Taker,
    /// A liquidator's order.
    Liquidator,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Maker => f.write_str("maker"),
            Role::Taker => f.write_str("taker"),
            Role::Liquidator => f.write_str("liquidator"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_limbs_are_big_endian_u32() {
        let a = Address::from_hex("0x00112233445566778899aabbccddeeff00112233").expect("valid");
        assert_eq!(
            a.limbs(),
            [0x00112233, 0x44556677, 0x8899aabb, 0xccddeeff, 0x00112233]
        );
        assert!(Address::from_hex("0x0011").is_none());
    }

    #[test]
    fn op_type_bytes_round_trip() {
        for b in 0..=13u8 {
            assert_eq!(OpType::from_byte(b).map(|t| t as u8), Some(b));
        }
        assert_eq!(OpType::from_byte(14), None);
    }

    #[test]
    fn order_digest_depends_on_every_field() {
        let o = Order {
            account: 1,
            market: 0,
            side: Side::Buy,
            limit_price: 10,
            size: 5,
            max_fee_ppm: 100,
            expiry: 1000,
            nonce: 1,
            time_in_force: TimeInForce::Gtc,
            reduce_only: false,
        };
        let variants: [fn(&mut Order); 10] = [
            |o| o.account = 2,
            |o| o.market = 1,
            |o| o.side = Side::Sell,
            |o| o.limit_price = 11,
            |o| o.size = 6,
            |o| o.max_fee_ppm = 101,
            |o| o.expiry = 1001,
            |o| o.nonce = 2,
            |o| o.time_in_force = TimeInForce::Ioc,
            |o| o.reduce_only = true,
        ];
        for change in variants {
            let mut other = o;
            change(&mut other);
            assert_ne!(o.digest(), other.digest(), "{other:?}");
        }
        let mut post_only = o;
        post_only.time_in_force = TimeInForce::PostOnly;
        assert_ne!(post_only.digest(), o.digest());
    }

    #[test]
    fn cancel_digest_names_one_order_and_is_never_an_order_digest() {
        let o = Order {
            account: 1,
            market: 0,
            side: Side::Buy,
            limit_price: 10,
            size: 5,
            max_fee_ppm: 100,
            expiry: 1000,
            nonce: 1,
            time_in_force: TimeInForce::Gtc,
            reduce_only: false,
        };
        let mut other = o;
        other.size = 6;
        assert_ne!(o.cancel_digest(), other.cancel_digest());
        assert_ne!(o.cancel_digest(), o.digest());
        assert_eq!(o.cancel_digest(), cancel_digest(1, &o.digest()));
        assert_ne!(cancel_digest(2, &o.digest()), o.cancel_digest());
    }

    #[test]
    fn order_json_names_time_in_force_and_reduce_only_and_refuses_unknown_fields() {
        let json = r#"{"account":1,"market":0,"side":"Buy","limit_price":10,"size":5,
            "max_fee_ppm":100,"expiry":1000,"nonce":1,"time_in_force":"post_only",
            "reduce_only":true}"#;
        let o: Order = serde_json::from_str(json).expect("parses");
        assert_eq!(o.time_in_force, TimeInForce::PostOnly);
        assert!(o.reduce_only);
        let extra = json.replace("\"nonce\":1", "\"nonce\":1,\"evil\":1");
        assert!(serde_json::from_str::<Order>(&extra).is_err());
    }

    #[test]
    fn option_payoff_is_intrinsic_value() {
        let mut m = Market {
            id: 1,
            kind: MarketKind::Call,
            underlying: 0,
            strike: 100,
            expiry: 10,
            price: 0,
            price_time: 0,
            funding_index: 0,
            funding_time: 0,
            initial_ppm: 0,
            maintenance_ppm: 0,
            beta_initial_ppm: 0,
            beta_maintenance_ppm: 0,
            liquidation_fee_ppm: 0,
            max_funding_rate_ppm: 0,
            settlement_price: 0,
            band_ppm: 1,
            max_price_age: 1,
        };
        assert_eq!(m.option_payoff(130), 30);
        assert_eq!(m.option_payoff(70), 0);
        m.kind = MarketKind::Put;
        assert_eq!(m.option_payoff(70), 30);
        assert_eq!(m.option_payoff(130), 0);
    }
}

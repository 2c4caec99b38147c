//! Test fixtures for the operations: a devnet state over a memory store, funded accounts with
//! known keys, oracle ticks and orders signed with the insecure test scheme.

#![allow(clippy::panic)] // tests fail loudly by design

use crate::crypto::test_scheme::InsecureTestScheme;
use crate::crypto::PublicKey;
use crate::genesis::Genesis;
use crate::ops::{
    Deposit, Op, OpError, OracleSubmission, OracleTick, SettlementTick, Trade, Withdraw,
};
use crate::state::{Outcome, State};
use crate::store::MemoryStore;
use crate::types::{AccountId, Address, MarketId, Order, Side, SignedOrder};

/// The devnet genesis text.
pub const DEVNET: &str = include_str!("../../genesis/devnet.toml");

/// BTC perp market id in the devnet genesis.
pub const BTC: MarketId = 0;
/// ETH perp.
pub const ETH: MarketId = 1;
/// BTC call (strike 11 000 000).
pub const CALL: MarketId = 16;
/// BTC put (strike 9 000 000).
pub const PUT: MarketId = 17;

/// A distinct L1 address per number.
pub fn addr(n: u32) -> Address {
    let mut a = [0u8; 20];
    a[16..].copy_from_slice(&n.to_be_bytes());
    a[0] = 0xaa;
    Address(a)
}

/// The test key of account `id`.
pub fn key(id: AccountId) -> PublicKey {
    PublicKey([u64::from(id) + 1_000, 7, 7, 7, 7])
}

/// The devnet genesis as configured (band 5 %/min, prices usable for 5 minutes).
pub fn devnet_genesis() -> Genesis {
    match Genesis::from_toml(DEVNET) {
        Ok(g) => g,
        Err(e) => panic!("devnet genesis invalid: {e}"),
    }
}

/// The devnet genesis with test-friendly oracle rules: a band of 100 % per minute (a tick one
/// second later may move the price by up to 100 %; [`Kit::price`] waits longer for larger
/// moves) and prices usable for an hour. Tests of the band and staleness rules use
/// [`devnet_genesis`].
pub fn genesis() -> Genesis {
    let mut g = devnet_genesis();
    for m in &mut g.markets {
        m.band_ppm = 1_000_000;
        m.max_price_age = 3_600;
    }
    g
}

/// A state plus helpers.
pub struct Kit {
    /// The state under test.
    pub state: State<MemoryStore>,
    /// Current fake time.
    pub now: u64,
}

impl Kit {
    /// Devnet genesis over a memory store.
    pub fn new() -> Self {
        Self::with_genesis(genesis())
    }

    /// A custom genesis over a memory store.
    pub fn with_genesis(g: Genesis) -> Self {
        let state = match State::open(MemoryStore::new(), &g) {
            Ok(s) => s,
            Err(e) => panic!("genesis state: {e}"),
        };
        Kit {
            state,
            now: g.genesis_time,
        }
    }

    /// Applies with the insecure test scheme.
    pub fn apply(&mut self, op: &Op) -> Result<Outcome, OpError> {
        self.state.apply(op, &InsecureTestScheme)
    }

    /// Applies and panics on rejection.
    pub fn ok(&mut self, op: &Op) -> Outcome {
        match self.apply(op) {
            Ok(o) => o,
            Err(e) => panic!("op {op:?} rejected: {e}"),
        }
    }

    /// Deposits `amount` to account `id` (created with `addr(id)`, `key(id)`).
    pub fn fund(&mut self, id: AccountId, amount: u64) {
        let out = self.ok(&Op::Deposit(Deposit {
            account: id,
            owner: addr(id),
            pubkey: key(id),
            amount,
        }));
        assert_eq!(out.status, 0, "deposit applied");
    }

    /// An oracle tick for `market`, submission i signed by key i at `prices[i]`, one second
    /// later.
    pub fn tick_op(&mut self, market: MarketId, prices: &[u32]) -> Op {
        self.now += 1;
        let now = self.now;
        let submissions =
            self.signed_submissions(prices, |p| super::oracle_tick::price_digest(market, now, p));
        Op::OracleTick(OracleTick {
            market,
            timestamp: self.now,
            submissions,
        })
    }

    /// Submission i signed by oracle key i over `digest(prices[i])`.
    fn signed_submissions(
        &self,
        prices: &[u32],
        digest: impl Fn(u32) -> crate::crypto::MessageDigest,
    ) -> Vec<OracleSubmission> {
        let keys = &self.state.oracle().keys;
        prices
            .iter()
            .enumerate()
            .map(|(i, &p)| OracleSubmission {
                key_index: i as u8,
                price: p,
                signature: InsecureTestScheme::sign(&keys[i], &digest(p)),
            })
            .collect()
    }

    /// A settlement tick for option `market`, submission i signed by key i at `prices[i]` for
    /// the option's expiry.
    pub fn settlement_op(&self, market: MarketId, prices: &[u32]) -> Op {
        let expiry = match self.state.market(market) {
            Ok(Some(m)) => m.expiry,
            _ => panic!("market {market} exists"),
        };
        let submissions = self.signed_submissions(prices, |p| {
            super::settlement_tick::settlement_digest(market, expiry, p)
        });
        Op::SettlementTick(SettlementTick {
            market,
            submissions,
        })
    }

    /// Sets a market's price through a tick signed by three keys, first moving the clock as far
    /// as the market's band needs for the move (at least one second).
    pub fn price(&mut self, market: MarketId, price: u32) {
        if let Ok(Some(m)) = self.state.market(market) {
            if m.price != 0 {
                let moved = u64::from(price.abs_diff(m.price)) * crate::math::PPM;
                let per_minute = u64::from(m.price) * u64::from(m.band_ppm);
                let minutes = moved.div_ceil(per_minute.max(1)).max(1);
                let ready = m.price_time + 60 * minutes;
                // tick_op adds one second.
                self.now = self.now.max(ready.saturating_sub(1));
            }
        }
        let op = self.tick_op(market, &[price; 3]);
        self.ok(&op);
    }

    /// A signed order with max fee 1 000 ppm and a far expiry.
    pub fn order(
        &self,
        account: AccountId,
        market: MarketId,
        side: Side,
        limit_price: u32,
        size: u32,
        nonce: u32,
    ) -> SignedOrder {
        sign(Order {
            account,
            market,
            side,
            limit_price,
            size,
            max_fee_ppm: 1_000,
            expiry: u64::MAX,
            nonce,
            time_in_force: crate::types::TimeInForce::Gtc,
            reduce_only: false,
        })
    }

    /// Collateral of an account (0 if absent).
    pub fn collateral(&self, id: AccountId) -> i64 {
        match self.state.account(id) {
            Ok(Some(a)) => a.collateral,
            _ => 0,
        }
    }

    /// Size held by `id` in `market`.
    pub fn size(&self, id: AccountId, market: MarketId) -> i64 {
        match self.state.positions(id) {
            Ok(p) => p
                .iter()
                .flatten()
                .find(|p| p.market == market)
                .map_or(0, |p| p.size),
            Err(_) => 0,
        }
    }

    /// A withdrawal signed with the account's test key.
    pub fn withdraw_op(&self, account: AccountId, amount: u64, nonce: u32) -> Op {
        let mut w = Withdraw {
            account,
            nonce,
            to: addr(account),
            amount,
            signature: Default::default(),
        };
        w.signature = InsecureTestScheme::sign(&key(account), &w.digest());
        Op::Withdraw(w)
    }
}

/// Signs an order with its account's test key.
pub fn sign(order: Order) -> SignedOrder {
    SignedOrder {
        order,
        signature: InsecureTestScheme::sign(&key(order.account), &order.digest()),
    }
}

/// A trade with zero fees.
pub fn trade(maker: SignedOrder, taker: SignedOrder, fill: u32, price: u32) -> Op {
    Op::Trade(Trade {
        maker,
        taker,
        fill,
        price,
        maker_fee_ppm: 0,
        taker_fee_ppm: 0,
    })
}

#![allow(clippy::panic)] // tests fail loudly by design

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::crypto::test_scheme::InsecureTestScheme;
use crate::math::MAX_COLLATERAL;
use crate::ops::testkit::{addr, genesis, key, sign, trade, Kit, BTC, CALL, ETH};
use crate::ops::{
    CoverDeficit, Deleverage, Deposit, ForcedWithdrawal, FundingTick, Liquidate, Op, SetKey, Trade,
};
use crate::state::Outcome;
use crate::store::MemoryStore;
use crate::types::{Order, Side};

/// The same genesis in two states over memory stores: eager, and deferred.
struct Pair {
    eager: State<MemoryStore>,
    deferred: State<MemoryStore>,
}

impl Pair {
    fn new() -> Self {
        let eager = State::open(MemoryStore::new(), &genesis()).expect("genesis");
        let mut deferred = State::open(MemoryStore::new(), &genesis()).expect("genesis");
        deferred.set_deferred_hashing(true).expect("switch on");
        Pair { eager, deferred }
    }

    /// Applies `op` to both and checks that they decide alike; returns the eager result.
    fn apply(&mut self, op: &Op) -> Result<Outcome, String> {
        let pending_before: Vec<DirtyLeaf> = self.deferred.pending.iter().copied().collect();
        let e = self.eager.apply(op, &InsecureTestScheme);
        let d = self.deferred.apply(op, &InsecureTestScheme);
        match (e, d) {
            (Ok(e), Ok(d)) => {
                assert_eq!(
                    (e.op_type, &e.pubdata, e.status, e.l1_credit),
                    (d.op_type, &d.pubdata, d.status, d.l1_credit),
                    "outcomes differ for {op:?}"
                );
                assert!(
                    d.updates.is_empty(),
                    "deferred outcome carries no witnesses"
                );
                Ok(e)
            }
            (Err(e), Err(d)) => {
                assert_eq!(e.to_string(), d.to_string(), "errors differ for {op:?}");
                let pending_after: Vec<DirtyLeaf> = self.deferred.pending.iter().copied().collect();
                assert_eq!(
                    pending_before, pending_after,
                    "rejected op changed the dirty set"
                );
                Err(e.to_string())
            }
            (e, d) => panic!("modes disagree on {op:?}: eager {e:?}, deferred {d:?}"),
        }
    }

    /// Commits both and checks equal roots and equal committed store contents.
    fn commit(&mut self) {
        let re = self.eager.commit_batch().expect("commit eager");
        let rd = self.deferred.commit_batch().expect("commit deferred");
        assert_eq!(re, rd, "committed roots differ");
        assert_eq!(self.deferred.pending_leaves(), 0);
        assert_eq!(
            self.eager.db().store().entries().expect("eager store"),
            self.deferred
                .db()
                .store()
                .entries()
                .expect("deferred store"),
            "committed stores differ"
        );
    }

    /// Rehashes the deferred state mid-batch and checks its root against the eager one.
    fn rehash_and_compare(&mut self) {
        self.deferred.rehash().expect("rehash");
        assert_eq!(
            self.eager.root().expect("root"),
            self.deferred.root().expect("root")
        );
    }
}

fn deposit(account: u32, amount: u64) -> Op {
    Op::Deposit(Deposit {
        account,
        owner: addr(account),
        pubkey: key(account),
        amount,
    })
}

/// Deposits to the fee account up to the collateral bound, so that the next trade with fees fails
/// when crediting them, after the parties' records were written.
fn fill_fee_account() -> Op {
    Op::Deposit(Deposit {
        account: 0,
        owner: genesis().fee_account.owner,
        pubkey: genesis().fee_account.pubkey,
        amount: MAX_COLLATERAL as u64,
    })
}

/// A trade of `fill` lots at `price` between two orders of that size and nonce.
fn trade_op(k: &Kit, parties: (u32, u32), market: u8, side: Side, price: u32, fill: u32) -> Op {
    let (maker, taker) = parties;
    let nonce = price ^ fill ^ (maker << 20) ^ (taker << 24);
    let m = k.order(maker, market, side, price, fill, nonce);
    let other = match side {
        Side::Buy => Side::Sell,
        Side::Sell => Side::Buy,
    };
    let t = k.order(taker, market, other, price, fill, nonce);
    Op::Trade(Trade {
        maker: m,
        taker: t,
        fill,
        price,
        maker_fee_ppm: 100,
        taker_fee_ppm: 500,
    })
}

/// Raw random op: (kind, account a, account b, x, y, flag).
type RawOp = (u8, u32, u32, u32, u32, bool);

fn arb_op() -> impl Strategy<Value = RawOp> {
    (
        0u8..14,
        0u32..6,
        0u32..6,
        1u32..400,
        1u32..2_000,
        any::<bool>(),
    )
}

/// A random op over accounts 0..=5 (0 is the fee account), markets BTC/ETH/CALL; many are
/// rejected (unknown accounts, replayed orders, bad nonces, insufficient margin, healthy victims).
fn build_op(k: &mut Kit, eager: &State<MemoryStore>, (kind, a, b, x, y, flag): RawOp) -> Op {
    let market = match (flag, x % 5) {
        (_, 0) => CALL,
        (true, _) => BTC,
        (false, _) => ETH,
    };
    let price = 8_000_000 + x * 10_000;
    let side = if flag { Side::Buy } else { Side::Sell };
    match kind {
        0 => deposit(a, u64::from(x) * u64::from(y) * 50),
        2 => {
            // A random walk of up to ±4 % per tick, drifting against the prelude's long BTC and
            // short ETH, so that accounts pass through the liquidation zone before bankruptcy.
            let now = eager
                .market(market)
                .ok()
                .flatten()
                .map_or(price, |m| m.price);
            let p = if market == CALL {
                x * 1_000
            } else {
                (i64::from(now) + (i64::from(x) - if flag { 220 } else { 180 }) * 2_000)
                    .max(1_000_000) as u32
            };
            k.tick_op(market, &[p, p + y % 100, p])
        }
        3..=5 => {
            // Near the mark, mostly small: many apply; replays, self-trades, unknown accounts
            // and over-leveraged ones do not.
            let mark = eager
                .market(market)
                .ok()
                .flatten()
                .map_or(price, |m| m.price);
            let fill = if y % 10 == 0 { y } else { y % 40 + 1 };
            trade_op(k, (a, b), market, side, mark + x % 3 * 1_000, fill)
        }
        6 => {
            let nonce = eager.account(a).ok().flatten().map_or(0, |acc| acc.nonce);
            k.withdraw_op(a, u64::from(x) * 1_000_000, nonce + u32::from(y % 7 == 0))
        }
        7 => Op::FundingTick(FundingTick {
            market,
            index_delta: i64::from(y % 40) - 20,
        }),
        8 => Op::ForcedWithdrawal(ForcedWithdrawal {
            account: a,
            owner: addr(if flag { a } else { b }),
            amount: u64::from(x) * 1_000_000,
        }),
        9 => Op::SetKey(SetKey {
            account: a,
            owner: addr(if flag { a } else { b }),
            // Mostly the account's own test key again (its orders stay valid), now and then
            // another account's (its orders then fail their signature check).
            pubkey: key(if y % 8 == 0 { b } else { a }),
        }),
        10 => {
            // Aimed at a held position, at the mark, on the right side: applies when the victim
            // is below maintenance and the liquidator has margin.
            let victim = a % 4 + 1;
            let held = eager
                .positions(victim)
                .ok()
                .and_then(|p| p.into_iter().flatten().next());
            let (market, side, size) = match held {
                Some(p) if p.size > 0 => (p.market, Side::Buy, p.size.unsigned_abs()),
                Some(p) => (p.market, Side::Sell, p.size.unsigned_abs()),
                None => (market, side, 1),
            };
            let mark = eager
                .market(market)
                .ok()
                .flatten()
                .map_or(price, |m| m.price);
            let fill = (u64::from(y) % size + 1) as u32;
            Op::Liquidate(Liquidate {
                liquidated: victim,
                liquidator: sign(Order {
                    account: b,
                    market,
                    side,
                    limit_price: mark,
                    size: fill,
                    max_fee_ppm: 0,
                    expiry: u64::MAX,
                    nonce: 10_000 + y,
                    time_in_force: crate::types::TimeInForce::Gtc,
                    reduce_only: false,
                }),
                fill,
                price: mark,
            })
        }
        11 => {
            // Aimed at the prelude's counterparty, at the bankruptcy price: applies when the
            // victim is bankrupt beyond the insurance fund.
            let victim = a % 4 + 1;
            let counterparty = [2, 1, 4, 3][(victim - 1) as usize];
            let (market, price) = bankruptcy_price(eager, victim).unwrap_or((market, price));
            Op::Deleverage(Deleverage {
                deleveraged: victim,
                counterparty,
                market,
                fill: y % 20 + 1,
                price,
            })
        }
        12 if y % 50 == 0 => fill_fee_account(),
        _ => Op::Noop,
    }
}

/// The market and bankruptcy price of `victim`'s first position, if it is bankrupt.
fn bankruptcy_price(eager: &State<MemoryStore>, victim: u32) -> Option<(u8, u32)> {
    let p = eager.positions(victim).ok()?.into_iter().flatten().next()?;
    let value = eager.margin(victim).ok()?.value;
    let m = eager.market(p.market).ok()??;
    if value >= 0 {
        return None;
    }
    let per_unit = i128::from(value.unsigned_abs().div_ceil(p.size.unsigned_abs()));
    let mark = i128::from(crate::margin::mark_price(&m));
    let expected = mark + per_unit * i128::from(p.size.signum());
    Some((p.market, u32::try_from(expected).ok()?))
}

/// Runs `raw` on a pair after a leveraged prelude, committing every `every` ops and rehashing the
/// deferred state mid-batch now and then; returns (accepted, rejected) per op type.
fn run_pair(raw: Vec<RawOp>, every: usize) -> BTreeMap<&'static str, (u32, u32)> {
    let mut pair = Pair::new();
    let mut k = Kit::new();
    let mut counts: BTreeMap<&'static str, (u32, u32)> = BTreeMap::new();
    // A funded, leveraged start so that trades, liquidations and deleveraging can apply.
    let mut prelude = vec![];
    for id in 1..=4 {
        prelude.push(deposit(id, 1_000_000_000));
    }
    prelude.push(k.tick_op(BTC, &[10_000_000; 3]));
    prelude.push(k.tick_op(ETH, &[10_000_000; 3]));
    prelude.push(trade_op(&k, (1, 2), BTC, Side::Buy, 10_000_000, 900));
    prelude.push(trade_op(&k, (3, 4), ETH, Side::Sell, 10_000_000, 900));
    for op in &prelude {
        pair.apply(op).expect("prelude applies");
    }
    pair.commit();
    for (i, r) in raw.into_iter().enumerate() {
        let op = build_op(&mut k, &pair.eager, r);
        let name = format!("{:?}", op.op_type());
        let name: &'static str = Box::leak(name.into_boxed_str());
        let entry = counts.entry(name).or_default();
        match pair.apply(&op) {
            Ok(_) => entry.0 += 1,
            Err(_) => entry.1 += 1,
        }
        if i % every == every - 1 {
            pair.commit();
        } else if i % 11 == 5 {
            pair.rehash_and_compare();
        }
    }
    pair.commit();
    counts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn deferred_and_eager_decide_alike_and_commit_the_same_state(
        raw in proptest::collection::vec(arb_op(), 1..120),
        every in 3usize..30,
    ) {
        run_pair(raw, every);
    }
}

/// A fixed long random run, also checking that the generator reaches accepted and rejected ops of
/// every interesting kind (otherwise the property above would prove little).
#[test]
fn random_run_covers_accepted_and_rejected_ops() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let raw: Vec<RawOp> = (0..600)
        .map(|_| {
            (
                rng.gen_range(0u8..14),
                rng.gen_range(0u32..6),
                rng.gen_range(0u32..6),
                rng.gen_range(1u32..400),
                rng.gen_range(1u32..2_000),
                rng.gen(),
            )
        })
        .collect();
    let counts = run_pair(raw, 17);
    eprintln!("accepted/rejected per op type: {counts:?}");
    for name in [
        "Deposit",
        "SetKey",
        "Trade",
        "Withdraw",
        "ForcedWithdrawal",
        "OracleTick",
        "FundingTick",
        "Liquidate",
        "Deleverage",
    ] {
        let (ok, _) = counts.get(name).copied().unwrap_or_default();
        assert!(ok > 0, "no accepted {name}: {counts:?}");
    }
    let (_, trade_rejected) = counts.get("Trade").copied().unwrap_or_default();
    assert!(trade_rejected > 0, "no rejected trade: {counts:?}");
}

/// Liquidation then deleveraging of the same account, scripted (the random runs mostly reach
/// their rejections).
#[test]
fn liquidation_and_deleveraging_agree() {
    let mut pair = Pair::new();
    let mut k = Kit::new();
    for op in [
        deposit(1, 1_000_000_000),
        deposit(2, 2_000_000_000),
        deposit(3, 1_000_000_000),
        k.tick_op(BTC, &[10_000_000; 3]),
        trade(
            k.order(1, BTC, Side::Buy, 10_000_000, 1_000, 1),
            k.order(2, BTC, Side::Sell, 10_000_000, 1_000, 1),
            1_000,
            10_000_000,
        ),
        k.tick_op(BTC, &[9_350_000; 3]),
    ] {
        pair.apply(&op).expect("applies");
    }
    let liquidate = Op::Liquidate(Liquidate {
        liquidated: 1,
        liquidator: sign(Order {
            account: 3,
            market: BTC,
            side: Side::Buy,
            limit_price: 9_350_000,
            size: 500,
            max_fee_ppm: 0,
            expiry: u64::MAX,
            nonce: 1,
            time_in_force: crate::types::TimeInForce::Gtc,
            reduce_only: false,
        }),
        fill: 500,
        price: 9_350_000,
    });
    pair.apply(&liquidate).expect("liquidation applies");
    pair.rehash_and_compare();
    let tick = k.tick_op(BTC, &[8_000_000; 3]);
    pair.apply(&tick).expect("applies");
    // The fund (the liquidation fee) covers what it can; the rest is deleveraged.
    pair.apply(&Op::CoverDeficit(CoverDeficit { account: 1 }))
        .expect("cover applies");
    let (market, price) = bankruptcy_price(&pair.eager, 1).expect("bankrupt");
    let deleverage = Op::Deleverage(Deleverage {
        deleveraged: 1,
        counterparty: 2,
        market,
        fill: 100,
        price,
    });
    pair.apply(&deleverage).expect("deleveraging applies");
    pair.commit();
}

#[test]
fn rejected_op_leaves_the_dirty_set_unchanged() {
    let mut pair = Pair::new();
    let mut k = Kit::new();
    for op in [
        deposit(1, 1_000_000_000),
        deposit(2, 1_000_000_000),
        k.tick_op(BTC, &[10_000_000; 3]),
    ] {
        pair.apply(&op).expect("applies");
    }
    pair.commit();
    pair.apply(&deposit(1, 5)).expect("applies");
    pair.apply(&fill_fee_account()).expect("applies");
    let before: Vec<DirtyLeaf> = pair.deferred.pending.iter().copied().collect();
    assert_eq!(
        before,
        vec![
            DirtyLeaf::Account(0, AccountPart::Leaf),
            DirtyLeaf::Account(1, AccountPart::Leaf)
        ]
    );
    // The trade writes both parties' fills, positions and leaves, then fails crediting the fee
    // account: the fill and position leaves it marked go, account 1's earlier mark stays.
    let op = trade_op(&k, (1, 2), BTC, Side::Buy, 10_000_000, 10);
    let err = pair.apply(&op).expect_err("fee credit overflows");
    assert!(err.contains("collateral"), "{err}");
    let after: Vec<DirtyLeaf> = pair.deferred.pending.iter().copied().collect();
    assert_eq!(before, after);
    pair.rehash_and_compare();
    pair.commit();
}

#[test]
fn root_fails_while_leaves_are_pending() {
    let mut pair = Pair::new();
    let genesis_root = pair.eager.root().expect("root");
    assert_eq!(pair.deferred.root().expect("nothing pending"), genesis_root);
    pair.apply(&deposit(1, 77)).expect("applies");
    pair.apply(&deposit(2, 78)).expect("applies");
    assert_eq!(pair.deferred.pending_leaves(), 2);
    assert!(matches!(
        pair.deferred.root(),
        Err(StateError::PendingLeaves { leaves: 2 })
    ));
    let updates = pair.deferred.rehash().expect("rehash");
    assert_eq!(updates.len(), 2);
    assert!(updates
        .iter()
        .all(|u| u.tree == ACCOUNTS && u.proof.verify()));
    assert_eq!(updates[0].proof.old_root, genesis_accounts_root());
    assert_eq!(pair.deferred.pending_leaves(), 0);
    assert_eq!(
        pair.deferred.root().expect("rehashed"),
        pair.eager.root().expect("root")
    );
    // commit_batch rehashes by itself.
    pair.apply(&deposit(3, 79)).expect("applies");
    pair.commit();
}

fn genesis_accounts_root() -> crate::tree::Hash {
    let s = State::open(crate::store::MemoryStore::new(), &genesis()).expect("genesis");
    s.db()
        .root(ACCOUNTS, ACCOUNTS_DEPTH)
        .expect("accounts root")
}

#[test]
fn switching_off_rehashes_and_discard_forgets_pending_leaves() {
    let mut pair = Pair::new();
    pair.apply(&deposit(1, 77)).expect("applies");
    pair.deferred.discard_batch();
    pair.eager.discard_batch();
    assert_eq!(pair.deferred.pending_leaves(), 0);
    assert_eq!(
        pair.deferred.root().expect("root"),
        pair.eager.root().expect("root")
    );
    pair.apply(&deposit(2, 78)).expect("applies");
    pair.deferred
        .set_deferred_hashing(false)
        .expect("switch off");
    assert!(!pair.deferred.deferred_hashing());
    assert_eq!(pair.deferred.pending_leaves(), 0);
    let e = pair
        .eager
        .apply(&deposit(2, 1), &InsecureTestScheme)
        .expect("eager");
    let d = pair
        .deferred
        .apply(&deposit(2, 1), &InsecureTestScheme)
        .expect("eager again");
    assert_eq!(e, d, "eager witnesses start from up-to-date trees");
    pair.commit();
}

#[test]
fn pending_rollback_keeps_leaves_marked_before_the_op() {
    let mut p = Pending::default();
    p.mark(DirtyLeaf::Market(3));
    p.begin_op();
    p.mark(DirtyLeaf::Market(3));
    p.mark(DirtyLeaf::Account(9, AccountPart::Fill(2)));
    p.mark(DirtyLeaf::Account(9, AccountPart::Fill(2)));
    p.rollback_op();
    assert_eq!(
        p.iter().copied().collect::<Vec<_>>(),
        vec![DirtyLeaf::Market(3)]
    );
}

#[test]
fn canonical_order_puts_an_accounts_subtrees_before_its_leaf() {
    let mut v = vec![
        DirtyLeaf::Market(0),
        DirtyLeaf::Account(2, AccountPart::Leaf),
        DirtyLeaf::Account(2, AccountPart::Position(0)),
        DirtyLeaf::Account(1, AccountPart::Leaf),
        DirtyLeaf::Account(2, AccountPart::Fill(9)),
    ];
    v.sort();
    assert_eq!(
        v,
        vec![
            DirtyLeaf::Account(1, AccountPart::Leaf),
            DirtyLeaf::Account(2, AccountPart::Fill(9)),
            DirtyLeaf::Account(2, AccountPart::Position(0)),
            DirtyLeaf::Account(2, AccountPart::Leaf),
            DirtyLeaf::Market(0),
        ]
    );
}

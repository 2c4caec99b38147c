use proptest::prelude::*;

use super::*;
use crate::margin::Level;
use crate::ops::testkit::{addr, genesis, key, trade, Kit, BTC, CALL, ETH};
use crate::ops::{Deposit, ForcedWithdrawal, FundingTick, SettleOption};
use crate::store::MemoryStore;
use crate::types::Side;

/// Applies `ops` in batches of `per_batch`, keeping accepted ops' pubdata per batch.
fn run(k: &mut Kit, ops: &[Op], per_batch: usize) -> Vec<Vec<u8>> {
    let mut batches = Vec::new();
    for chunk in ops.chunks(per_batch.max(1)) {
        let mut pubdata = Vec::new();
        for op in chunk {
            if let Ok(out) = k.apply(op) {
                pubdata.extend_from_slice(&out.pubdata);
            }
        }
        k.state.commit_batch().expect("commit");
        batches.push(pubdata);
    }
    batches
}

#[test]
fn rebuild_from_pubdata_reaches_the_same_root() {
    let mut k = Kit::new();
    let mut ops = vec![];
    for id in 1..=3 {
        ops.push(Op::Deposit(Deposit {
            account: id,
            owner: addr(id),
            pubkey: key(id),
            amount: 1_000_000_000,
        }));
    }
    ops.push(k.tick_op(BTC, &[10_000_000; 3]));
    let m = k.order(1, BTC, Side::Buy, 10_000_000, 100, 1);
    let t = k.order(2, BTC, Side::Sell, 10_000_000, 100, 1);
    ops.push(Op::Trade(Trade {
        maker: m,
        taker: t,
        fill: 60,
        price: 10_000_000,
        maker_fee_ppm: 100,
        taker_fee_ppm: 300,
    }));
    ops.push(Op::Noop);
    // The maker cancels the rest of its order (40 lots): replayed from account and nonce alone.
    ops.push(Op::CancelOrder(crate::ops::CancelOrder {
        account: 1,
        order: m.order,
        signature: crate::crypto::test_scheme::InsecureTestScheme::sign(
            &key(1),
            &m.order.cancel_digest(),
        ),
    }));
    ops.push(k.tick_op(BTC, &[10_100_000, 10_200_000, 10_000_000]));
    ops.push(Op::FundingTick(FundingTick {
        market: BTC,
        index_delta: 1,
    }));
    ops.push(k.withdraw_op(3, 1_000, 0));
    ops.push(Op::ForcedWithdrawal(ForcedWithdrawal {
        account: 2,
        owner: addr(2),
        amount: 5,
    }));
    let batches = run(&mut k, &ops, 4);
    assert!(batches.iter().map(Vec::len).sum::<usize>() > 0);
    assert!(
        batches
            .concat()
            .windows(9)
            .any(|w| w == hex::decode("0b0000000100000001").expect("hex")),
        "the cancel was applied"
    );
    let rebuilt = rebuild_from_pubdata(MemoryStore::new(), &genesis(), &batches).expect("rebuild");
    assert_eq!(rebuilt.root().expect("root"), k.state.root().expect("root"));
}

#[test]
fn rebuild_rejects_pubdata_that_diverges() {
    let mut k = Kit::new();
    let batches = run(
        &mut k,
        &[Op::Deposit(Deposit {
            account: 1,
            owner: addr(1),
            pubkey: key(1),
            amount: 5,
        })],
        1,
    );
    let mut bad = batches.clone();
    // Claim status 1 for a deposit that applies.
    if let Some(last) = bad[0].last_mut() {
        *last = 1;
    }
    assert!(matches!(
        rebuild_from_pubdata(MemoryStore::new(), &genesis(), &bad),
        Err(RebuildError::Diverged { batch: 0, op: 0 })
    ));
}

/// A random op over accounts 1..=4, markets BTC/ETH/CALL.
fn arb_op() -> impl Strategy<Value = (u8, u32, u32, u32, u32, bool)> {
    (0u8..7, 1u32..5, 1u32..5, 1u32..400, 1u32..40, any::<bool>())
}

fn build_op(
    k: &mut Kit,
    nonce: &mut u32,
    (kind, a, b, x, y, flag): (u8, u32, u32, u32, u32, bool),
) -> Op {
    *nonce += 1;
    let market = if flag { BTC } else { ETH };
    match kind {
        0 => Op::Deposit(Deposit {
            account: a,
            owner: addr(a),
            pubkey: key(a),
            amount: u64::from(x) * 10_000_000,
        }),
        1 => {
            let p = 9_000_000 + x * 5_000;
            k.tick_op(market, &[p, p + y, p])
        }
        2 | 3 => {
            let price = 9_000_000 + x * 5_000;
            let m = k.order(a, market, Side::Buy, price, y, *nonce);
            let t = k.order(b, market, Side::Sell, price, y, *nonce);
            let (m, t) = if flag { (m, t) } else { (t, m) };
            Op::Trade(Trade {
                maker: m,
                taker: t,
                fill: y,
                price,
                maker_fee_ppm: 100,
                taker_fee_ppm: 500,
            })
        }
        4 => k.withdraw_op(
            a,
            u64::from(x) * 1_000_000,
            k.state.account(a).ok().flatten().map_or(0, |acc| acc.nonce),
        ),
        5 => Op::FundingTick(FundingTick {
            market,
            index_delta: i64::from(y) - 20,
        }),
        _ => Op::ForcedWithdrawal(ForcedWithdrawal {
            account: a,
            owner: addr(a),
            amount: u64::from(x) * 1_000_000,
        }),
    }
}

/// deposits + genesis insurance = Σ collateral − Σ unpaid funding + insurance + withdrawals
/// (unsettled option payoffs are zero here: no option trades in this generator).
fn conserved(k: &Kit, deposits: i128, withdrawals: i128) -> bool {
    let mut sum: i128 = 0;
    for id in 0..=4u32 {
        if let Ok(Some(a)) = k.state.account(id) {
            sum += i128::from(a.collateral);
            for p in k.state.positions(id).expect("db").iter().flatten() {
                let m = k.state.market(p.market).expect("db").expect("market");
                sum -= crate::margin::unpaid_funding(p, &m).expect("in range");
            }
        }
    }
    let g = k.state.globals().expect("db");
    sum + i128::from(g.insurance_fund) + withdrawals == deposits
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn random_sequences_conserve_collateral_keep_margin_and_rebuild(
        raw in proptest::collection::vec(arb_op(), 1..40)
    ) {
        let mut k = Kit::new();
        let mut nonce = 0;
        let (mut deposits, mut withdrawals) = (0i128, 0i128);
        let mut batches = Vec::new();
        let mut pubdata = Vec::new();
        for (i, r) in raw.into_iter().enumerate() {
            let op = build_op(&mut k, &mut nonce, r);
            let before: Vec<_> = (1..=4).map(|id| k.state.margin(id).ok()).collect();
            if let Ok(out) = k.apply(&op) {
                pubdata.extend_from_slice(&out.pubdata);
                if let (Op::Deposit(d), 0) = (&op, out.status) {
                    deposits += i128::from(d.amount);
                }
                if let Some(c) = out.l1_credit {
                    if !matches!(op, Op::Deposit(_)) {
                        withdrawals += i128::from(c.amount);
                    }
                }
                if let Op::Trade(t) = &op {
                    // An accepted trade never leaves a party below initial margin unless it only
                    // reduced its position (then maintenance free collateral did not fall).
                    for o in [&t.maker.order, &t.taker.order] {
                        let after = k.state.margin(o.account).expect("margin");
                        if !after.is_healthy(Level::Initial) {
                            let b = before[(o.account - 1) as usize].expect("existed");
                            prop_assert!(after.free(Level::Maintenance) >= b.free(Level::Maintenance));
                        }
                    }
                    // Replaying the same trade fails.
                    prop_assert!(k.apply(&op).is_err());
                }
                if let Op::Withdraw(w) = &op {
                    prop_assert!(k.state.margin(w.account).expect("margin").is_healthy(Level::Initial));
                }
            }
            prop_assert!(conserved(&k, deposits, withdrawals));
            if i % 7 == 6 {
                k.state.commit_batch().expect("commit");
                batches.push(std::mem::take(&mut pubdata));
            }
        }
        k.state.commit_batch().expect("commit");
        batches.push(pubdata);
        let rebuilt = rebuild_from_pubdata(MemoryStore::new(), &genesis(), &batches).expect("rebuild");
        prop_assert_eq!(rebuilt.root().expect("root"), k.state.root().expect("root"));
    }
}

#[test]
fn settle_option_replays_from_pubdata() {
    let mut k = Kit::new();
    let expiry = genesis().markets[2].expiry;
    let mut ops = vec![];
    for id in 1..=2 {
        ops.push(Op::Deposit(Deposit {
            account: id,
            owner: addr(id),
            pubkey: key(id),
            amount: 1_000_000_000,
        }));
    }
    k.now = expiry - 100;
    ops.push(k.tick_op(BTC, &[10_000_000; 3]));
    ops.push(k.tick_op(CALL, &[100_000; 3]));
    let m = k.order(1, CALL, Side::Buy, 100_000, 10, 1);
    let t = k.order(2, CALL, Side::Sell, 100_000, 10, 1);
    ops.push(trade(m, t, 10, 100_000));
    k.now = expiry;
    ops.push(k.tick_op(BTC, &[12_000_000; 3]));
    ops.push(k.settlement_op(CALL, &[12_000_000; 3]));
    ops.push(Op::SettleOption(SettleOption {
        account: 1,
        market: CALL,
    }));
    ops.push(Op::SettleOption(SettleOption {
        account: 2,
        market: CALL,
    }));
    let batches = run(&mut k, &ops, 3);
    assert_eq!(k.collateral(1), 1_000_000_000 - 1_000_000 + 10_000_000);
    let rebuilt = rebuild_from_pubdata(MemoryStore::new(), &genesis(), &batches).expect("rebuild");
    assert_eq!(rebuilt.root().expect("root"), k.state.root().expect("root"));
}

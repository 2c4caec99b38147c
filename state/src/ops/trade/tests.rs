#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::genesis::MarketConfig;
use crate::ops::order::OrderError;
use crate::ops::testkit::{genesis, sign, trade, Kit, BTC, CALL, ETH};
use crate::ops::Op;
use crate::types::{Order, Side, SignedOrder, TimeInForce};

const P: u32 = 10_000_000;

/// Two funded accounts (1, 2) and a BTC price of 10 USD per lot.
fn kit() -> Kit {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 1_000_000_000);
    k.price(BTC, P);
    k
}

fn expect_err(k: &mut Kit, op: &Op) -> OpError {
    let root = k.state.root().expect("root");
    let e = match k.apply(op) {
        Err(e) => e,
        Ok(_) => panic!("trade should be rejected"),
    };
    assert_eq!(
        k.state.root().expect("root"),
        root,
        "a rejected op changes nothing"
    );
    e
}

#[test]
fn trade_moves_positions_collateral_and_fees() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 100, 1);
    let t = k.order(2, BTC, Side::Sell, P, 100, 1);
    let out = k.ok(&Op::Trade(Trade {
        maker: m,
        taker: t,
        fill: 40,
        price: P,
        maker_fee_ppm: 200,
        taker_fee_ppm: 500,
    }));
    assert_eq!((k.size(1, BTC), k.size(2, BTC)), (40, -40));
    // maker pays 40 × 10 000 000 + fee 40 × 2 000; taker receives minus fee 40 × 5 000.
    assert_eq!(k.collateral(1), 1_000_000_000 - 400_000_000 - 80_000);
    assert_eq!(k.collateral(2), 1_000_000_000 + 400_000_000 - 200_000);
    assert_eq!(k.collateral(0), 280_000);
    assert_eq!(out.pubdata.len(), 35);
    assert!(out.updates.iter().all(|u| u.proof.verify()));
}

#[test]
fn trade_pubdata_matches_documented_example() {
    let m = sign(Order {
        account: 1,
        market: 0,
        side: Side::Buy,
        limit_price: 100_000_000,
        size: 1_000,
        max_fee_ppm: 1_000,
        expiry: 0,
        nonce: 7,
        time_in_force: crate::types::TimeInForce::Gtc,
        reduce_only: false,
    });
    let mut t = m;
    t.order.account = 2;
    t.order.side = Side::Sell;
    t.order.nonce = 65_543;
    let trade = Trade {
        maker: m,
        taker: t,
        fill: 250,
        price: 100_000_000,
        maker_fee_ppm: 200,
        taker_fee_ppm: 500,
    };
    assert_eq!(
        hex::encode(crate::pubdata::encode::trade(&trade)),
        "0300000001000000020000000000fa05f5e100000000c8000001f40000000700010007"
    );
    assert_eq!(t.order.fill_slot(), 7);
}

#[test]
fn trade_fills_an_order_in_parts_but_never_beyond_its_size() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 100, 1);
    let t1 = k.order(2, BTC, Side::Sell, P, 60, 1);
    let t2 = k.order(2, BTC, Side::Sell, P, 60, 2);
    k.ok(&trade(m, t1, 60, P));
    let e = expect_err(&mut k, &trade(m, t2, 41, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::Overfilled {
            role: Role::Maker,
            fill: 41,
            remaining: 40
        })
    ));
    k.ok(&trade(m, t2, 40, P));
    assert_eq!(k.size(1, BTC), 100);
}

#[test]
fn trade_rejects_replayed_order() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    k.ok(&trade(m, t, 10, P));
    let e = expect_err(&mut k, &trade(m, t, 10, P));
    assert!(matches!(e, OpError::Order(OrderError::Overfilled { .. })));
}

#[test]
fn trade_rejects_stale_nonce_after_slot_reuse() {
    let mut k = kit();
    let old = k.order(1, BTC, Side::Buy, P, 10, 5);
    let newer = k.order(1, BTC, Side::Buy, P, 10, 5 + 65_536);
    let t1 = k.order(2, BTC, Side::Sell, P, 10, 1);
    k.ok(&trade(newer, t1, 3, P));
    let t2 = k.order(2, BTC, Side::Sell, P, 10, 2);
    let e = expect_err(&mut k, &trade(old, t2, 1, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::NonceStale {
            role: Role::Maker,
            nonce: 5,
            stored: 65_541
        })
    ));
}

#[test]
fn trade_rejects_self_trade() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(1, BTC, Side::Sell, P, 10, 2);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(
        e,
        OpError::Trade(TradeError::SelfTrade { account: 1 })
    ));
}

#[test]
fn trade_rejects_market_mismatch() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, ETH, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::Trade(TradeError::MarketMismatch)));
}

#[test]
fn trade_rejects_same_side() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Buy, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::Trade(TradeError::SameSide)));
}

#[test]
fn trade_rejects_market_not_tradable_without_price() {
    let mut k = kit();
    let m = k.order(1, ETH, Side::Buy, P, 10, 1);
    let t = k.order(2, ETH, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(
        e,
        OpError::Trade(TradeError::MarketNotTradable { market: ETH, .. })
    ));
}

#[test]
fn trade_rejects_market_not_tradable_after_option_expiry() {
    let mut k = kit();
    let expiry = genesis().markets[2].expiry;
    k.now = expiry - 10;
    k.price(BTC, P);
    k.price(CALL, 100_000);
    let m = k.order(1, CALL, Side::Buy, 100_000, 10, 1);
    let t = k.order(2, CALL, Side::Sell, 100_000, 10, 1);
    k.ok(&trade(m, t, 1, 100_000));
    k.now = expiry;
    k.price(BTC, P);
    let e = expect_err(&mut k, &trade(m, t, 1, 100_000));
    assert!(matches!(
        e,
        OpError::Trade(TradeError::MarketNotTradable { market: CALL, .. })
    ));
}

#[test]
fn trade_rejects_unknown_market() {
    let mut k = kit();
    let m = k.order(1, 99, Side::Buy, P, 10, 1);
    let t = k.order(2, 99, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::MarketNotFound { market: 99 }));
}

#[test]
fn trade_rejects_unknown_account() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(7, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::AccountNotFound { account: 7 }));
}

#[test]
fn trade_rejects_insufficient_margin() {
    let mut k = kit();
    // 1 000 USDC at 10 % initial allows 1 000 lots of 10 USD; 1 001 is too many.
    let m = k.order(1, BTC, Side::Buy, P, 2_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 2_000, 1);
    let e = expect_err(&mut k, &trade(m, t, 1_001, P));
    assert!(matches!(
        e,
        OpError::Trade(TradeError::InsufficientMargin {
            role: Role::Maker,
            account: 1
        })
    ));
    k.ok(&trade(m, t, 1_000, P));
}

#[test]
fn trade_allows_reducing_a_position_below_initial_margin() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    // Price rises 5 %: the short (2) is below initial (value 950 USDC, risk 1 050).
    k.price(BTC, 10_500_000);
    let margin = k.state.margin(2).expect("margin");
    assert!(!margin.is_healthy(crate::margin::Level::Initial));
    // It may buy back 100 lots at the mark from account 3.
    k.fund(3, 1_000_000_000);
    let close = k.order(2, BTC, Side::Buy, 10_500_000, 100, 2);
    let sell = k.order(3, BTC, Side::Sell, 10_500_000, 100, 1);
    k.ok(&trade(sell, close, 100, 10_500_000));
    assert_eq!(k.size(2, BTC), -900);
    // But it may not add to the short.
    let more = k.order(2, BTC, Side::Sell, 10_500_000, 10, 3);
    let buy = k.order(3, BTC, Side::Buy, 10_500_000, 10, 2);
    let e = expect_err(&mut k, &trade(buy, more, 10, 10_500_000));
    assert!(matches!(
        e,
        OpError::Trade(TradeError::InsufficientMargin { account: 2, .. })
    ));
}

#[test]
fn trade_rejects_too_many_positions() {
    let mut g = genesis();
    let base = g.markets[0].clone();
    g.markets = (0..17)
        .map(|id| MarketConfig { id, ..base.clone() })
        .collect();
    let mut k = Kit::with_genesis(g);
    k.fund(1, 1_000_000_000);
    k.fund(2, 1_000_000_000);
    for id in 0..17u8 {
        k.price(id, P);
    }
    for id in 0..16u8 {
        let m = k.order(1, id, Side::Buy, P, 1, u32::from(id) + 1);
        let t = k.order(2, id, Side::Sell, P, 1, u32::from(id) + 1);
        k.ok(&trade(m, t, 1, P));
    }
    let m = k.order(1, 16, Side::Buy, P, 1, 100);
    let t = k.order(2, 16, Side::Sell, P, 1, 100);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::TooManyPositions { account: 1 }));
}

#[test]
fn trade_frees_the_slot_of_a_closed_position() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    k.ok(&trade(m, t, 10, P));
    let m2 = k.order(1, BTC, Side::Sell, P, 10, 2);
    let t2 = k.order(2, BTC, Side::Buy, P, 10, 2);
    k.ok(&trade(m2, t2, 10, P));
    assert!(k
        .state
        .positions(1)
        .expect("db")
        .iter()
        .all(Option::is_none));
    assert_eq!(k.collateral(1), 1_000_000_000);
}

#[test]
fn trade_rejects_zero_nonce() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 0);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::ZeroNonce { role: Role::Maker })
    ));
}

#[test]
fn trade_rejects_expired_order() {
    let mut k = kit();
    let mut o = k.order(1, BTC, Side::Buy, P, 10, 1).order;
    o.expiry = k.now - 1;
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(sign(o), t, 1, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::Expired {
            role: Role::Maker,
            ..
        })
    ));
}

#[test]
fn trade_rejects_price_outside_limit() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P - 5, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P + 1));
    assert!(matches!(
        e,
        OpError::Order(OrderError::PriceOutsideLimit {
            role: Role::Maker,
            price,
            limit: P
        }) if price == P + 1
    ));
}

#[test]
fn trade_rejects_fee_above_max() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(
        &mut k,
        &Op::Trade(Trade {
            maker: m,
            taker: t,
            fill: 1,
            price: P,
            maker_fee_ppm: 0,
            taker_fee_ppm: 1_001,
        }),
    );
    assert!(matches!(
        e,
        OpError::Order(OrderError::FeeAboveMax {
            role: Role::Taker,
            fee_ppm: 1_001,
            max_fee_ppm: 1_000
        })
    ));
}

#[test]
fn trade_rejects_bad_signature() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let mut t = k.order(2, BTC, Side::Sell, P, 10, 1);
    t.order.size = 11;
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::BadSignature { role: Role::Taker })
    ));
}

#[test]
fn trade_rejects_zero_fill() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 0, P));
    assert!(matches!(e, OpError::Math(_)));
}

#[test]
fn trade_rejects_collateral_overflow() {
    let mut k = Kit::new();
    k.fund(1, crate::math::MAX_COLLATERAL as u64);
    k.fund(2, 1_000_000_000);
    k.price(BTC, P);
    // The seller (1) would receive 10 USD on top of the maximal balance.
    let m = k.order(2, BTC, Side::Buy, P, 10, 1);
    let t = k.order(1, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 1, P));
    assert!(matches!(e, OpError::Math(_)));
}

/// Account 3 holds only `cash`; account 2 (well funded) writes calls.
fn option_kit(cash: u64) -> Kit {
    let mut k = Kit::new();
    k.fund(2, 100_000_000_000_000);
    k.fund(3, cash);
    k.price(BTC, P);
    k.price(CALL, 1);
    k
}

#[test]
fn options_cannot_be_bought_on_credit() {
    // The call's mark is 1 base unit: 2^24 − 1 lots cost 16 777 215 in premium. With only the
    // fee in hand the buyer would end with collateral −premium and a long option worth +premium
    // at mark: value ≈ 0 and no risk, healthy before this rule.
    let size = crate::math::MAX_SIZE as u32;
    let mut k = option_kit(0);
    let m = k.order(2, CALL, Side::Sell, 1, size, 1);
    let t = k.order(3, CALL, Side::Buy, 1, size, 1);
    let e = expect_err(&mut k, &trade(m, t, size, 1));
    assert!(
        matches!(
            e,
            OpError::Trade(TradeError::InsufficientMargin {
                role: crate::types::Role::Taker,
                account: 3
            })
        ),
        "{e}"
    );
    // Paid in cash, the same purchase goes through.
    let mut k = option_kit(u64::from(size));
    let m = k.order(2, CALL, Side::Sell, 1, size, 1);
    let t = k.order(3, CALL, Side::Buy, 1, size, 1);
    k.ok(&trade(m, t, size, 1));
    assert_eq!(k.collateral(3), 0);
}

#[test]
fn the_premium_paid_cannot_be_withdrawn_back() {
    let mut k = option_kit(1_000);
    let m = k.order(2, CALL, Side::Sell, 1, 1_000, 1);
    let t = k.order(3, CALL, Side::Buy, 1, 1_000, 1);
    k.ok(&trade(m, t, 1_000, 1));
    // The long call is worth 1 000 at mark, but that is not cash.
    assert_eq!(k.state.margin(3).expect("margin").value, 1_000);
    let w = k.withdraw_op(3, 1, 0);
    assert!(matches!(
        expect_err(&mut k, &w),
        OpError::Withdraw(crate::ops::WithdrawError::InsufficientMargin { account: 3 })
    ));
}

#[test]
fn trade_refuses_an_option_whose_underlying_price_is_stale() {
    let mut k = option_kit(1_000_000);
    // An hour later only the call's mark is fresh.
    k.now += 3_600;
    k.price(CALL, 1);
    let m = k.order(2, CALL, Side::Sell, 1, 10, 1);
    let t = k.order(3, CALL, Side::Buy, 1, 10, 1);
    assert!(matches!(
        expect_err(&mut k, &trade(m, t, 10, 1)),
        OpError::StalePrice { market: BTC, .. }
    ));
}

#[test]
fn trade_refuses_a_stale_price_when_it_opens_risk_but_lets_a_position_close() {
    let mut k = kit();
    k.fund(3, 1_000_000_000);
    k.price(ETH, P);
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    k.ok(&trade(m, t, 10, P));
    // An hour later BTC is fresh again but account 1 also holds a now-stale ETH position.
    let m = k.order(1, ETH, Side::Buy, P, 10, 2);
    let t = k.order(3, ETH, Side::Sell, P, 10, 1);
    k.ok(&trade(m, t, 10, P));
    k.now += 3_600;
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 10, 3);
    let t = k.order(2, BTC, Side::Sell, P, 10, 3);
    assert!(matches!(
        expect_err(&mut k, &trade(m, t, 10, P)),
        OpError::StalePrice { market: ETH, .. }
    ));
    // Closing the BTC long only reduces risk: allowed on the fresh BTC price.
    let m = k.order(2, BTC, Side::Buy, P, 10, 4);
    let t = k.order(1, BTC, Side::Sell, P, 10, 4);
    k.ok(&trade(m, t, 10, P));
    assert_eq!(k.size(1, BTC), 0);
}

/// `order` with its time in force and reduce-only flag changed, signed again.
fn with_flags(o: SignedOrder, tif: TimeInForce, reduce_only: bool) -> SignedOrder {
    sign(Order {
        time_in_force: tif,
        reduce_only,
        ..o.order
    })
}

#[test]
fn trade_rejects_post_only_order_as_taker() {
    let mut k = kit();
    let m = k.order(1, BTC, Side::Buy, P, 10, 1);
    let t = with_flags(
        k.order(2, BTC, Side::Sell, P, 10, 1),
        TimeInForce::PostOnly,
        false,
    );
    let e = expect_err(&mut k, &trade(m, t, 10, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::PostOnlyNotMaker { role: Role::Taker })
    ));
    // As the maker it fills.
    k.ok(&trade(
        with_flags(m, TimeInForce::PostOnly, false),
        k.order(2, BTC, Side::Sell, P, 10, 2),
        10,
        P,
    ));
}

#[test]
fn trade_rejects_ioc_order_as_maker() {
    let mut k = kit();
    let m = with_flags(
        k.order(1, BTC, Side::Buy, P, 10, 1),
        TimeInForce::Ioc,
        false,
    );
    let t = k.order(2, BTC, Side::Sell, P, 10, 1);
    let e = expect_err(&mut k, &trade(m, t, 10, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::IocAsMaker { role: Role::Maker })
    ));
    // As the taker it fills.
    let t = with_flags(
        k.order(2, BTC, Side::Sell, P, 10, 2),
        TimeInForce::Ioc,
        false,
    );
    k.ok(&trade(k.order(1, BTC, Side::Buy, P, 10, 2), t, 10, P));
}

#[test]
fn trade_rejects_reduce_only_fill_that_grows_or_flips_the_position() {
    let mut k = kit();
    // Account 1 long 10.
    k.ok(&trade(
        k.order(1, BTC, Side::Buy, P, 10, 1),
        k.order(2, BTC, Side::Sell, P, 10, 1),
        10,
        P,
    ));
    // Reduce-only buy (grows the long): refused, as maker and as taker.
    let grow = with_flags(k.order(1, BTC, Side::Buy, P, 5, 2), TimeInForce::Gtc, true);
    let t = k.order(2, BTC, Side::Sell, P, 5, 2);
    let e = expect_err(&mut k, &trade(grow, t, 5, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::ReduceOnlyWouldIncrease {
            role: Role::Maker,
            before: 10,
            after: 15
        })
    ));
    // Reduce-only sell of 11 (flips to short 1): refused.
    let flip = with_flags(
        k.order(1, BTC, Side::Sell, P, 20, 3),
        TimeInForce::Gtc,
        true,
    );
    let m = k.order(2, BTC, Side::Buy, P, 20, 3);
    let e = expect_err(&mut k, &trade(m, flip, 11, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::ReduceOnlyWouldIncrease {
            role: Role::Taker,
            before: 10,
            after: -1
        })
    ));
    // Selling 10 of it closes the position: allowed.
    k.ok(&trade(k.order(2, BTC, Side::Buy, P, 20, 4), flip, 10, P));
    assert_eq!(k.size(1, BTC), 0);
    // With no position, any reduce-only fill grows it.
    let m = k.order(2, BTC, Side::Buy, P, 20, 5);
    let e = expect_err(&mut k, &trade(m, flip, 1, P));
    assert!(matches!(
        e,
        OpError::Order(OrderError::ReduceOnlyWouldIncrease {
            before: 0,
            after: -1,
            ..
        })
    ));
}

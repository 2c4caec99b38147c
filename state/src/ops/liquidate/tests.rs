#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::ops::testkit::{sign, trade, Kit, BTC, ETH};
use crate::ops::Op;
use crate::types::Order;
use crate::types::Side;

const P: u32 = 10_000_000;
const LOW: u32 = 9_400_000;

/// Account 1 long 1 000 BTC lots at 10 USD with 1 000 USDC; the price falls to 9.40 so that its
/// value (400 USDC) is below maintenance (470 USDC). Account 3 is a funded liquidator.
fn kit() -> Kit {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 2_000_000_000);
    k.fund(3, 1_000_000_000);
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    k.price(BTC, LOW);
    k
}

fn liq(liquidator: AccountId, side: Side, fill: u32, price: u32) -> Op {
    Op::Liquidate(Liquidate {
        liquidated: 1,
        liquidator: sign(Order {
            account: liquidator,
            market: BTC,
            side,
            limit_price: price,
            size: fill.max(1),
            max_fee_ppm: 0,
            expiry: u64::MAX,
            nonce: 1,
            time_in_force: crate::types::TimeInForce::Gtc,
            reduce_only: false,
        }),
        fill,
        price,
    })
}

fn err(k: &mut Kit, o: &Op) -> OpError {
    let root = k.state.root().expect("root");
    let e = match k.apply(o) {
        Err(e) => e,
        Ok(_) => panic!("liquidation should be rejected"),
    };
    assert_eq!(k.state.root().expect("root"), root);
    e
}

#[test]
fn liquidate_transfers_position_and_pays_insurance() {
    let mut k = kit();
    let before = k.state.margin(1).expect("margin");
    assert_eq!(before.value, 400_000_000);
    k.ok(&liq(3, Side::Buy, 500, LOW));
    assert_eq!((k.size(1, BTC), k.size(3, BTC)), (500, 500));
    // fee 500 × ceil(9 400 000 × 1 %) = 47 000 000
    assert_eq!(k.state.globals().expect("db").insurance_fund, 47_000_000);
    let after = k.state.margin(1).expect("margin");
    assert_eq!(after.value, 400_000_000 - 47_000_000);
    assert!(after.maintenance_risk < before.maintenance_risk);
}

#[test]
fn liquidate_rejects_self_liquidation() {
    let mut k = kit();
    let e = err(&mut k, &liq(1, Side::Buy, 10, LOW));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::SelfLiquidation)
    ));
}

#[test]
fn liquidate_rejects_no_position() {
    let mut k = kit();
    k.price(ETH, P);
    let o = Op::Liquidate(Liquidate {
        liquidated: 1,
        liquidator: k.order(3, ETH, Side::Buy, P, 10, 1),
        fill: 10,
        price: P,
    });
    let e = err(&mut k, &o);
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::NoPosition {
            account: 1,
            market: ETH
        })
    ));
}

#[test]
fn liquidate_rejects_healthy_account() {
    let mut k = kit();
    k.price(BTC, P);
    let e = err(&mut k, &liq(3, Side::Buy, 10, P));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::AccountHealthy { account: 1 })
    ));
}

#[test]
fn liquidate_rejects_wrong_side() {
    let mut k = kit();
    let e = err(&mut k, &liq(3, Side::Sell, 10, LOW));
    assert!(matches!(e, OpError::Liquidate(LiquidateError::WrongSide)));
}

#[test]
fn liquidate_rejects_fill_exceeding_position() {
    let mut k = kit();
    let e = err(&mut k, &liq(3, Side::Buy, 1_001, LOW));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::FillExceedsPosition {
            fill: 1_001,
            size: 1_000
        })
    ));
}

#[test]
fn liquidate_rejects_price_beyond_bankruptcy() {
    let mut k = kit();
    // Bankruptcy price of the whole position: 9 400 000 − 400 000 000 / 1 000 = 9 000 000.
    k.ok(&liq(3, Side::Buy, 1, 9_000_000));
    let mut k = kit();
    let e = err(&mut k, &liq(3, Side::Buy, 1, 8_999_999));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::BeyondBankruptcyPrice {
            price: 8_999_999,
            ..
        })
    ));
}

#[test]
fn liquidate_rejects_liquidator_insufficient_margin() {
    let mut k = kit();
    k.fund(4, 1_000_000);
    let e = err(&mut k, &liq(4, Side::Buy, 500, LOW));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::InsufficientMargin { account: 4 })
    ));
}

#[test]
fn liquidate_rejects_replayed_liquidator_order() {
    let mut k = kit();
    let o = liq(3, Side::Buy, 100, LOW);
    k.ok(&o);
    let e = err(&mut k, &o);
    assert!(matches!(e, OpError::Order(_)));
}

#[test]
fn liquidate_caps_the_discount_at_the_fills_maintenance_margin() {
    // Account 1 also holds one ETH lot; its whole equity (400 USDC) would have bounded the
    // discount on that single lot before: now it is the lot's maintenance margin.
    let mut k = Kit::new();
    k.fund(1, 1_020_000_000);
    k.fund(2, 2_000_000_000);
    k.fund(3, 1_000_000_000);
    k.price(BTC, P);
    k.price(ETH, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    let m = k.order(1, ETH, Side::Buy, P, 1, 2);
    let t = k.order(2, ETH, Side::Sell, P, 1, 2);
    k.ok(&trade(m, t, 1, P));
    k.price(BTC, LOW);
    k.price(ETH, P);
    let eth = |price: u32| {
        Op::Liquidate(Liquidate {
            liquidated: 1,
            liquidator: sign(Order {
                account: 3,
                market: ETH,
                side: Side::Buy,
                limit_price: price,
                size: 1,
                max_fee_ppm: 0,
                expiry: u64::MAX,
                nonce: 9,
                time_in_force: crate::types::TimeInForce::Gtc,
                reduce_only: false,
            }),
            fill: 1,
            price,
        })
    };
    // Maintenance per ETH lot: ceil(10 000 000 × 5 %) = 500 000.
    let e = err(&mut k, &eth(P - 500_001));
    assert!(matches!(
        e,
        OpError::Liquidate(LiquidateError::DiscountAboveMaintenance {
            discount: 500_001,
            max_discount: 500_000,
            ..
        })
    ));
    // The old bound (the account's equity) would have allowed a price near zero.
    assert!(matches!(
        err(&mut k, &eth(1_000)),
        OpError::Liquidate(LiquidateError::DiscountAboveMaintenance { .. })
    ));
    k.ok(&eth(P - 500_000));
}

#[test]
fn liquidate_refuses_a_stale_price() {
    let mut k = kit();
    // An hour and a second later (the test genesis' max age), an ETH tick moves the clock.
    k.now += 3_600;
    k.price(ETH, P);
    let e = err(&mut k, &liq(3, Side::Buy, 1, LOW));
    assert!(matches!(e, OpError::StalePrice { market: BTC, .. }));
}

/// [`liq`] with the liquidator's order re-signed with `tif` and `reduce_only`.
fn liq_with(tif: crate::types::TimeInForce, reduce_only: bool, fill: u32) -> Op {
    let Op::Liquidate(mut l) = liq(3, Side::Buy, fill, LOW) else {
        panic!("liquidation op")
    };
    l.liquidator = sign(Order {
        time_in_force: tif,
        reduce_only,
        ..l.liquidator.order
    });
    Op::Liquidate(l)
}

#[test]
fn liquidate_rejects_post_only_liquidator_order() {
    let mut k = kit();
    let e = err(
        &mut k,
        &liq_with(crate::types::TimeInForce::PostOnly, false, 100),
    );
    assert!(matches!(
        e,
        OpError::Order(crate::ops::OrderError::PostOnlyNotMaker {
            role: crate::types::Role::Liquidator
        })
    ));
    // An IOC liquidator order fills.
    k.ok(&liq_with(crate::types::TimeInForce::Ioc, false, 100));
}

#[test]
fn liquidate_rejects_reduce_only_liquidator_order_that_grows_its_position() {
    let mut k = kit();
    // The liquidator is flat: taking over a long grows its position.
    let e = err(&mut k, &liq_with(crate::types::TimeInForce::Gtc, true, 100));
    assert!(matches!(
        e,
        OpError::Order(crate::ops::OrderError::ReduceOnlyWouldIncrease {
            role: crate::types::Role::Liquidator,
            before: 0,
            after: 100
        })
    ));
}

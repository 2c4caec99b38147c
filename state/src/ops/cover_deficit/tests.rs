#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::ops::testkit::{genesis, trade, Kit, BTC, ETH};
use crate::ops::{Deleverage, DeleverageError, Op};
use crate::types::Side;

const P: u32 = 10_000_000;

/// Account 1 long 1 000 BTC lots at 10 USD with 1 000 USDC, account 2 short; BTC falls to 8.90:
/// account 1's value is −100 USDC. The insurance fund starts with `fund`.
fn kit(fund: u64) -> Kit {
    let mut g = genesis();
    g.insurance_fund = fund;
    let mut k = Kit::with_genesis(g);
    k.fund(1, 1_000_000_000);
    k.fund(2, 5_000_000_000);
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    k.price(BTC, 8_900_000);
    k
}

fn op(account: AccountId) -> Op {
    Op::CoverDeficit(CoverDeficit { account })
}

fn err(k: &mut Kit, o: &Op) -> OpError {
    let root = k.state.root().expect("root");
    let e = match k.apply(o) {
        Err(e) => e,
        Ok(_) => panic!("cover should be rejected"),
    };
    assert_eq!(k.state.root().expect("root"), root);
    e
}

#[test]
fn cover_deficit_brings_the_account_to_zero_from_the_fund() {
    let mut k = kit(250_000_000);
    assert_eq!(k.state.margin(1).expect("margin").value, -100_000_000);
    let out = k.ok(&op(1));
    assert_eq!(k.state.margin(1).expect("margin").value, 0);
    assert_eq!(k.state.globals().expect("db").insurance_fund, 150_000_000);
    assert_eq!(out.pubdata, encode::cover_deficit(1, 100_000_000));
    assert_eq!(out.pubdata.len(), 13);
}

#[test]
fn cover_deficit_pays_what_the_fund_has_then_deleverage_takes_the_rest() {
    let mut k = kit(30_000_000);
    let dl = |price| {
        Op::Deleverage(Deleverage {
            deleveraged: 1,
            counterparty: 2,
            market: BTC,
            fill: 1_000,
            price,
        })
    };
    // With money in the fund, deleveraging is refused: the fund goes first.
    assert!(matches!(
        err(&mut k, &dl(9_000_000)),
        OpError::Deleverage(DeleverageError::InsuranceFundNotEmpty { fund: 30_000_000 })
    ));
    k.ok(&op(1));
    assert_eq!(k.state.globals().expect("db").insurance_fund, 0);
    assert_eq!(k.state.margin(1).expect("margin").value, -70_000_000);
    // Bankruptcy price now 8 900 000 + 70 000 000 / 1 000 = 8 970 000.
    k.ok(&dl(8_970_000));
    assert_eq!(k.collateral(1), 0);
    assert_eq!((k.size(1, BTC), k.size(2, BTC)), (0, 0));
}

#[test]
fn cover_deficit_reaches_an_account_without_positions() {
    let mut k = kit(500_000_000);
    // A loss-reducing trade closes the whole position at the mark: negative collateral, no
    // positions — no other op can reach this account.
    k.fund(3, 10_000_000_000);
    let m = k.order(3, BTC, Side::Buy, 8_900_000, 1_000, 1);
    let t = k.order(1, BTC, Side::Sell, 8_900_000, 1_000, 2);
    k.ok(&trade(m, t, 1_000, 8_900_000));
    assert_eq!(k.size(1, BTC), 0);
    assert_eq!(k.collateral(1), -100_000_000);
    k.ok(&op(1));
    assert_eq!(k.collateral(1), 0);
    assert_eq!(k.state.globals().expect("db").insurance_fund, 400_000_000);
}

#[test]
fn cover_deficit_rejects_an_account_without_deficit() {
    let mut k = kit(1_000);
    assert!(matches!(
        err(&mut k, &op(2)),
        OpError::CoverDeficit(CoverDeficitError::NoDeficit { account: 2, .. })
    ));
}

#[test]
fn cover_deficit_rejects_an_empty_fund() {
    let mut k = kit(0);
    assert!(matches!(
        err(&mut k, &op(1)),
        OpError::CoverDeficit(CoverDeficitError::InsuranceFundEmpty)
    ));
}

#[test]
fn cover_deficit_rejects_an_unknown_account() {
    let mut k = kit(1_000);
    assert!(matches!(
        err(&mut k, &op(42)),
        OpError::AccountNotFound { account: 42 }
    ));
}

#[test]
fn cover_deficit_refuses_a_stale_price() {
    let mut k = kit(1_000_000_000);
    k.now += 3_600;
    k.price(ETH, P);
    assert!(matches!(
        err(&mut k, &op(1)),
        OpError::StalePrice { market: BTC, .. }
    ));
}

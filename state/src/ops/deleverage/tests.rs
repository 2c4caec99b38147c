#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::margin::Level;
use crate::ops::testkit::{trade, Kit, BTC};
use crate::ops::Op;
use crate::types::Side;

const P: u32 = 10_000_000;

/// Account 1 long 1 000 BTC lots at 10 USD with 1 000 USDC, account 2 short. BTC falls to 8.90:
/// account 1's value is −100 USDC and the insurance fund is empty.
fn kit() -> Kit {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 5_000_000_000);
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    k.price(BTC, 8_900_000);
    k
}

fn op(counterparty: AccountId, fill: u32, price: u32) -> Op {
    Op::Deleverage(Deleverage {
        deleveraged: 1,
        counterparty,
        market: BTC,
        fill,
        price,
    })
}

fn err(k: &mut Kit, o: &Op) -> OpError {
    match k.apply(o) {
        Err(e) => e,
        Ok(_) => panic!("deleverage should be rejected"),
    }
}

#[test]
fn deleverage_closes_at_bankruptcy_price() {
    let mut k = kit();
    assert_eq!(k.state.margin(1).expect("margin").value, -100_000_000);
    // Bankruptcy price 8 900 000 + 100 000 000 / 1 000 = 9 000 000.
    k.ok(&op(2, 1_000, 9_000_000));
    assert_eq!((k.size(1, BTC), k.size(2, BTC)), (0, 0));
    assert_eq!(k.collateral(1), 0);
    assert_eq!(
        k.collateral(2),
        5_000_000_000 + 10_000_000_000 - 9_000_000_000
    );
}

#[test]
fn deleverage_rejects_same_account() {
    let mut k = kit();
    assert!(matches!(
        err(&mut k, &op(1, 1, 9_000_000)),
        OpError::Deleverage(DeleverageError::SameAccount)
    ));
}

#[test]
fn deleverage_rejects_account_not_bankrupt() {
    let mut k = kit();
    k.price(BTC, P);
    assert!(matches!(
        err(&mut k, &op(2, 1, P)),
        OpError::Deleverage(DeleverageError::NotBankrupt { account: 1 })
    ));
}

#[test]
fn deleverage_rejects_while_the_insurance_fund_is_not_empty() {
    let mut g = crate::ops::testkit::genesis();
    g.insurance_fund = 100_000_000;
    let mut k = Kit::with_genesis(g);
    k.fund(1, 1_000_000_000);
    k.fund(2, 5_000_000_000);
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    k.price(BTC, 8_900_000);
    assert!(matches!(
        err(&mut k, &op(2, 1_000, 9_000_000)),
        OpError::Deleverage(DeleverageError::InsuranceFundNotEmpty { fund: 100_000_000 })
    ));
}

#[test]
fn deleverage_rejects_counterparty_without_opposite_position() {
    let mut k = kit();
    k.fund(3, 1_000);
    assert!(matches!(
        err(&mut k, &op(3, 1, 9_000_000)),
        OpError::Deleverage(DeleverageError::CounterpartyNotOpposite { account: 3 })
    ));
}

#[test]
fn deleverage_rejects_a_counterparty_on_the_same_side() {
    let mut k = kit();
    k.fund(3, 1_000_000_000);
    k.fund(4, 1_000_000_000);
    let m = k.order(3, BTC, Side::Buy, 8_900_000, 10, 1);
    let t = k.order(4, BTC, Side::Sell, 8_900_000, 10, 1);
    k.ok(&trade(m, t, 10, 8_900_000));
    assert!(matches!(
        err(&mut k, &op(3, 1, 9_000_000)),
        OpError::Deleverage(DeleverageError::CounterpartyNotOpposite { account: 3 })
    ));
}

#[test]
fn deleverage_rejects_a_counterparty_smaller_than_the_fill() {
    let mut k = kit();
    k.fund(3, 1_000_000_000);
    k.fund(4, 1_000_000_000);
    let m = k.order(4, BTC, Side::Buy, 8_900_000, 10, 1);
    let t = k.order(3, BTC, Side::Sell, 8_900_000, 10, 1);
    k.ok(&trade(m, t, 10, 8_900_000));
    assert!(matches!(
        err(&mut k, &op(3, 11, 9_000_000)),
        OpError::Deleverage(DeleverageError::CounterpartyTooSmall {
            account: 3,
            size: 10,
            fill: 11
        })
    ));
}

#[test]
fn deleverage_rejects_a_fill_beyond_the_bankrupt_position() {
    let mut k = kit();
    assert!(matches!(
        err(&mut k, &op(2, 1_001, 9_000_000)),
        OpError::Deleverage(DeleverageError::FillExceedsPosition {
            fill: 1_001,
            size: 1_000
        })
    ));
}

#[test]
fn deleverage_rejects_a_market_without_bankrupt_position() {
    let mut k = kit();
    let o = Op::Deleverage(Deleverage {
        deleveraged: 1,
        counterparty: 2,
        market: crate::ops::testkit::ETH,
        fill: 1,
        price: 1,
    });
    assert!(matches!(
        err(&mut k, &o),
        OpError::Deleverage(DeleverageError::NoPosition { account: 1, .. })
    ));
}

#[test]
fn deleverage_rejects_a_counterparty_not_in_profit() {
    let mut k = kit();
    // Account 3 is short BTC (the opposite side) but its long ETH lost more than that gained.
    k.fund(3, 1_000_000_000);
    k.fund(4, 10_000_000_000);
    k.price(crate::ops::testkit::ETH, P);
    let m = k.order(4, BTC, Side::Buy, 8_900_000, 100, 1);
    let t = k.order(3, BTC, Side::Sell, 8_900_000, 100, 1);
    k.ok(&trade(m, t, 100, 8_900_000));
    let m = k.order(3, crate::ops::testkit::ETH, Side::Buy, P, 500, 2);
    let t = k.order(4, crate::ops::testkit::ETH, Side::Sell, P, 500, 2);
    k.ok(&trade(m, t, 500, P));
    k.price(crate::ops::testkit::ETH, 8_500_000);
    // Value 1 000 − 750 = 250 USDC against 44.5 + 212.5 USDC of maintenance.
    let free = k.state.margin(3).expect("margin").free(Level::Maintenance);
    assert_eq!(free, 250_000_000 - 257_000_000);
    assert!(matches!(
        err(&mut k, &op(3, 1, 9_000_000)),
        OpError::Deleverage(DeleverageError::CounterpartyNotInProfit { account: 3, .. })
    ));
}

#[test]
fn deleverage_rejects_price_other_than_bankruptcy() {
    let mut k = kit();
    assert!(matches!(
        err(&mut k, &op(2, 1_000, 9_000_001)),
        OpError::Deleverage(DeleverageError::NotBankruptcyPrice {
            price: 9_000_001,
            expected: 9_000_000
        })
    ));
}

#[test]
fn deleverage_rejects_unhealthy_counterparty() {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 5_000_000_000);
    k.price(BTC, P);
    let m = k.order(1, BTC, Side::Buy, P, 1_000, 1);
    let t = k.order(2, BTC, Side::Sell, P, 1_000, 1);
    k.ok(&trade(m, t, 1_000, P));
    // BTC halves: account 1's value is −4 000 USDC; bankruptcy price 5 + 4 = 9 USD per lot.
    k.price(BTC, 5_000_000);
    // Account 3 goes short 1 000 lots at 5 USD with exactly initial margin (500 USDC).
    k.fund(3, 500_000_000);
    k.fund(4, 1_000_000_000);
    let m = k.order(4, BTC, Side::Buy, 5_000_000, 1_000, 1);
    let t = k.order(3, BTC, Side::Sell, 5_000_000, 1_000, 1);
    k.ok(&trade(m, t, 1_000, 5_000_000));
    // Buying back at 9 USD would cost it 4 000 USDC: far below maintenance (it is in profit
    // before: 500 USDC of value against 250 USDC of maintenance at 5 USD).
    assert!(matches!(
        err(&mut k, &op(3, 1_000, 9_000_000)),
        OpError::Deleverage(DeleverageError::CounterpartyUnhealthy { account: 3 })
    ));
    k.ok(&op(2, 1_000, 9_000_000));
}

#[test]
fn deleverage_rejects_unknown_market() {
    let mut k = kit();
    let o = Op::Deleverage(Deleverage {
        deleveraged: 1,
        counterparty: 2,
        market: 99,
        fill: 1,
        price: 1,
    });
    assert!(matches!(
        err(&mut k, &o),
        OpError::MarketNotFound { market: 99 }
    ));
}

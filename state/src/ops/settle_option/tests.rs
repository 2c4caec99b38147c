#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::ops::testkit::{genesis, trade, Kit, BTC, CALL, PUT};
use crate::ops::Op;
use crate::types::Side;

/// Account 1 long 10 calls and 2 short 10 calls (K = 11 000 000) at 100 000, then the clock
/// passes expiry with BTC at `settle`.
fn expired_kit(settle: u32) -> Kit {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 1_000_000_000);
    let expiry = genesis().markets[2].expiry;
    k.now = expiry - 100;
    k.price(BTC, 10_000_000);
    k.price(CALL, 100_000);
    let m = k.order(1, CALL, Side::Buy, 100_000, 10, 1);
    let t = k.order(2, CALL, Side::Sell, 100_000, 10, 1);
    k.ok(&trade(m, t, 10, 100_000));
    k.now = expiry - 1;
    k.price(BTC, settle);
    k
}

fn op(account: AccountId, market: MarketId) -> Op {
    Op::SettleOption(SettleOption { account, market })
}

fn err(k: &mut Kit, o: &Op) -> OpError {
    match k.apply(o) {
        Err(e) => e,
        Ok(_) => panic!("settlement should be rejected"),
    }
}

#[test]
fn settle_option_pays_intrinsic_value_and_removes_position() {
    let mut k = expired_kit(12_000_000);
    k.ok(&op(1, CALL));
    k.ok(&op(2, CALL));
    // Payoff 1 000 000 per lot: long 1 gains 10 000 000 net of the 1 000 000 premium.
    assert_eq!(k.collateral(1), 1_000_000_000 - 1_000_000 + 10_000_000);
    assert_eq!(k.collateral(2), 1_000_000_000 + 1_000_000 - 10_000_000);
    assert_eq!((k.size(1, CALL), k.size(2, CALL)), (0, 0));
    let m = k.state.market(CALL).expect("db").expect("exists");
    assert_eq!(m.settlement_price, 12_000_000);
}

#[test]
fn settle_option_out_of_the_money_pays_nothing() {
    let mut k = expired_kit(10_500_000);
    k.ok(&op(1, CALL));
    assert_eq!(k.collateral(1), 1_000_000_000 - 1_000_000);
}

#[test]
fn settle_option_keeps_the_first_settlement_price() {
    let mut k = expired_kit(12_000_000);
    k.ok(&op(1, CALL));
    k.price(BTC, 20_000_000);
    k.ok(&op(2, CALL));
    assert_eq!(k.collateral(2), 1_000_000_000 + 1_000_000 - 10_000_000);
}

#[test]
fn settle_option_rejects_not_an_option() {
    let mut k = expired_kit(12_000_000);
    assert!(matches!(
        err(&mut k, &op(1, BTC)),
        OpError::SettleOption(SettleOptionError::NotAnOption { market: BTC })
    ));
}

#[test]
fn settle_option_rejects_not_expired() {
    let mut k = Kit::new();
    k.fund(1, 10);
    assert!(matches!(
        err(&mut k, &op(1, PUT)),
        OpError::SettleOption(SettleOptionError::NotExpired { .. })
    ));
}

#[test]
fn settle_option_rejects_underlying_price_stale() {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 1_000_000_000);
    let expiry = genesis().markets[2].expiry;
    k.now = expiry - 100;
    k.price(BTC, 10_000_000);
    k.price(CALL, 100_000);
    let m = k.order(1, CALL, Side::Buy, 100_000, 10, 1);
    let t = k.order(2, CALL, Side::Sell, 100_000, 10, 1);
    k.ok(&trade(m, t, 10, 100_000));
    // The clock passes expiry through another market; BTC's price is from before expiry.
    k.now = expiry;
    k.price(crate::ops::testkit::ETH, 5);
    assert!(matches!(
        err(&mut k, &op(1, CALL)),
        OpError::SettleOption(SettleOptionError::UnderlyingPriceStale { .. })
    ));
}

#[test]
fn settle_option_rejects_no_position() {
    let mut k = expired_kit(12_000_000);
    assert!(matches!(
        err(&mut k, &op(1, PUT)),
        OpError::SettleOption(SettleOptionError::NoPosition {
            account: 1,
            market: PUT
        })
    ));
}

#[test]
fn settle_option_rejects_unknown_account() {
    let mut k = expired_kit(12_000_000);
    assert!(matches!(
        err(&mut k, &op(5, CALL)),
        OpError::AccountNotFound { account: 5 }
    ));
}

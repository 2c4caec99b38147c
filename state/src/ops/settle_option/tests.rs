#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::ops::testkit::{genesis, trade, Kit, BTC, CALL, PUT};
use crate::ops::Op;
use crate::types::Side;

/// Account 1 long 10 calls and 2 short 10 calls (K = 11 000 000) at 100 000, then the clock
/// reaches expiry with BTC at `settle` and the oracles sign `settle` as the settlement price.
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
    let s = k.settlement_op(CALL, &[settle; 3]);
    k.ok(&s);
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
fn settle_option_uses_the_signed_settlement_price_not_the_current_one() {
    let mut k = expired_kit(12_000_000);
    k.ok(&op(1, CALL));
    // The sequencer waits for a better price: it changes nothing.
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
fn settle_option_rejects_a_market_without_settlement_price() {
    let mut k = Kit::new();
    k.fund(1, 10);
    assert!(matches!(
        err(&mut k, &op(1, PUT)),
        OpError::SettleOption(SettleOptionError::NotSettled { market: PUT })
    ));
}

#[test]
fn settle_option_rejects_no_position() {
    let mut k = expired_kit(12_000_000);
    k.fund(3, 10);
    assert!(matches!(
        err(&mut k, &op(3, CALL)),
        OpError::SettleOption(SettleOptionError::NoPosition {
            account: 3,
            market: CALL
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

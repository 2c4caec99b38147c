#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::ops::testkit::{devnet_genesis, genesis, Kit, BTC, CALL, ETH, PUT};
use crate::ops::{Op, OracleTickError};

/// The clock reaches the options' expiry with BTC at 12 000 000.
fn expired(k: &mut Kit) -> u64 {
    let expiry = genesis().markets[2].expiry;
    k.now = expiry - 1;
    k.price(BTC, 12_000_000);
    expiry
}

fn err(k: &mut Kit, o: &Op) -> OpError {
    let root = k.state.root().expect("root");
    let e = match k.apply(o) {
        Err(e) => e,
        Ok(_) => panic!("settlement tick should be rejected"),
    };
    assert_eq!(k.state.root().expect("root"), root);
    e
}

#[test]
fn settlement_tick_sets_the_median_as_settlement_price() {
    let mut k = Kit::new();
    expired(&mut k);
    let out = k.ok(&k.settlement_op(CALL, &[12_000_100, 1, 11_999_900]));
    let m = k.state.market(CALL).expect("db").expect("exists");
    assert_eq!(m.settlement_price, 11_999_900);
    assert_eq!(out.pubdata, encode::settlement_tick(CALL, 11_999_900));
    assert_eq!(out.pubdata.len(), 6);
}

#[test]
fn settlement_tick_rejects_a_perp() {
    let mut k = Kit::new();
    expired(&mut k);
    let mut o = k.settlement_op(CALL, &[12_000_000; 3]);
    if let Op::SettlementTick(t) = &mut o {
        t.market = BTC;
    }
    assert!(matches!(
        err(&mut k, &o),
        OpError::SettlementTick(SettlementTickError::NotAnOption { market: BTC })
    ));
}

#[test]
fn settlement_tick_rejects_a_second_settlement() {
    let mut k = Kit::new();
    expired(&mut k);
    k.ok(&k.settlement_op(CALL, &[12_000_000; 3]));
    assert!(matches!(
        {
            let o = k.settlement_op(CALL, &[13_000_000; 3]);
            err(&mut k, &o)
        },
        OpError::SettlementTick(SettlementTickError::AlreadySettled {
            market: CALL,
            price: 12_000_000
        })
    ));
}

#[test]
fn settlement_tick_rejects_before_expiry() {
    let mut k = Kit::new();
    k.price(BTC, 12_000_000);
    assert!(matches!(
        {
            let o = k.settlement_op(PUT, &[12_000_000; 3]);
            err(&mut k, &o)
        },
        OpError::SettlementTick(SettlementTickError::NotExpired { .. })
    ));
}

#[test]
fn settlement_tick_rejects_an_underlying_without_price() {
    let mut k = Kit::new();
    let expiry = genesis().markets[2].expiry;
    k.now = expiry;
    k.price(ETH, 5);
    assert!(matches!(
        {
            let o = k.settlement_op(CALL, &[12_000_000; 3]);
            err(&mut k, &o)
        },
        OpError::SettlementTick(SettlementTickError::UnderlyingHasNoPrice { market: BTC })
    ));
}

#[test]
fn settlement_tick_follows_the_oracle_quorum_rules() {
    let mut k = Kit::new();
    expired(&mut k);
    assert!(matches!(
        {
            let o = k.settlement_op(CALL, &[12_000_000]);
            err(&mut k, &o)
        },
        OpError::OracleTick(OracleTickError::BelowQuorum { got: 1, quorum: 2 })
    ));
    assert!(matches!(
        {
            let o = k.settlement_op(CALL, &[12_000_000; 2]);
            err(&mut k, &o)
        },
        OpError::OracleTick(OracleTickError::EvenSubmissionCount { got: 2 })
    ));
    // A mark tick's signature does not settle: the message differs.
    let mut o = k.settlement_op(CALL, &[12_000_000; 3]);
    if let (Op::SettlementTick(t), Op::OracleTick(mark)) =
        (&mut o, k.tick_op(CALL, &[12_000_000; 3]))
    {
        t.submissions[2].signature = mark.submissions[2].signature;
    }
    assert!(matches!(
        err(&mut k, &o),
        OpError::OracleTick(OracleTickError::BadSignature { key_index: 2 })
    ));
}

#[test]
fn settlement_tick_rejects_a_price_outside_the_underlyings_band() {
    let mut k = Kit::with_genesis(devnet_genesis());
    let expiry = devnet_genesis().markets[2].expiry;
    k.now = expiry - 1;
    k.price(BTC, 12_000_000);
    assert!(matches!(
        {
            let o = k.settlement_op(CALL, &[1; 3]);
            err(&mut k, &o)
        },
        OpError::OracleTick(OracleTickError::OutsideBand { .. })
    ));
    k.ok(&k.settlement_op(CALL, &[12_600_000; 3]));
}

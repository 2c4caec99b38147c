#![allow(clippy::panic)] // tests fail loudly by design

use super::*;
use crate::crypto::test_scheme::InsecureTestScheme;
use crate::ops::testkit::{Kit, BTC, ETH};
use crate::ops::Op;

fn tick(k: &mut Kit, market: MarketId, prices: &[u32]) -> OracleTick {
    match k.tick_op(market, prices) {
        Op::OracleTick(t) => t,
        _ => unreachable!("tick_op returns an oracle tick"),
    }
}

fn err(k: &mut Kit, t: OracleTick) -> OpError {
    match k.apply(&Op::OracleTick(t)) {
        Err(e) => e,
        Ok(_) => panic!("tick should be rejected"),
    }
}

#[test]
fn oracle_tick_sets_median_price_and_clock() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[300, 100, 200]);
    let out = k.ok(&Op::OracleTick(t.clone()));
    let m = k.state.market(BTC).expect("db").expect("exists");
    assert_eq!((m.price, m.price_time), (200, t.timestamp));
    assert_eq!(k.state.globals().expect("db").oracle_time, t.timestamp);
    assert_eq!(out.pubdata, encode::oracle_tick(BTC, t.timestamp, 200));
    assert_eq!(out.pubdata.len(), 14);
}

#[test]
fn oracle_tick_uses_lower_median_for_even_count() {
    assert_eq!(median(&[20, 10]), Some(10));
    assert_eq!(median(&[4, 1, 3, 2]), Some(2));
    assert_eq!(median(&[]), None);
}

#[test]
fn oracle_tick_rejects_below_quorum() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[100]);
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::BelowQuorum { got: 1, quorum: 2 })
    ));
}

#[test]
fn oracle_tick_rejects_unknown_key() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100]);
    t.submissions[1].key_index = 3;
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::UnknownKey { key_index: 3 })
    ));
}

#[test]
fn oracle_tick_rejects_duplicate_key() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100]);
    t.submissions[1] = t.submissions[0].clone();
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::DuplicateKey { key_index: 0 })
    ));
}

#[test]
fn oracle_tick_rejects_bad_signature() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100]);
    t.submissions[1].price = 1_000_000;
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::BadSignature { key_index: 1 })
    ));
}

#[test]
fn oracle_tick_rejects_timestamp_not_increasing() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[100, 100]);
    k.ok(&Op::OracleTick(t.clone()));
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::TimestampNotIncreasing { .. })
    ));
}

#[test]
fn oracle_tick_rejects_clock_went_back() {
    let mut k = Kit::new();
    let early = tick(&mut k, ETH, &[100, 100]);
    let late = tick(&mut k, BTC, &[100, 100]);
    k.ok(&Op::OracleTick(late));
    assert!(matches!(
        err(&mut k, early),
        OpError::OracleTick(OracleTickError::ClockWentBack { .. })
    ));
}

#[test]
fn oracle_tick_rejects_zero_price() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[0, 100]);
    assert!(matches!(err(&mut k, t), OpError::Math(_)));
}

#[test]
fn oracle_tick_rejects_unknown_market() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100]);
    t.market = 77;
    assert!(matches!(
        err(&mut k, t),
        OpError::MarketNotFound { market: 77 }
    ));
}

#[test]
fn oracle_tick_signature_binds_the_timestamp() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100]);
    let key = k.state.oracle().keys[0];
    t.timestamp += 1;
    assert!(!InsecureTestScheme.verify(
        &key,
        &price_digest(BTC, t.timestamp, 100),
        &t.submissions[0].signature
    ));
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::BadSignature { key_index: 0 })
    ));
}

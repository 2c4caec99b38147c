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
fn median_is_the_middle_signed_price() {
    assert_eq!(median(&[30, 10, 20]), Some(20));
    assert_eq!(median(&[5, 1, 4, 2, 3]), Some(3));
    assert_eq!(median(&[]), None);
}

#[test]
fn oracle_tick_rejects_an_even_submission_count() {
    // Two of three keys reach the quorum (2) but an even count has no single middle price:
    // with the lower median, one bad key and one honest key would set the minimum.
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[1, 100]);
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::EvenSubmissionCount { got: 2 })
    ));
}

#[test]
fn one_bad_key_cannot_move_the_median() {
    let mut k = Kit::new();
    k.price(BTC, 10_000_000);
    let t = tick(&mut k, BTC, &[1, 10_000_000, 10_000_100]);
    k.ok(&Op::OracleTick(t));
    let m = k.state.market(BTC).expect("db").expect("exists");
    assert_eq!(m.price, 10_000_000);
}

fn devnet_kit() -> Kit {
    Kit::with_genesis(crate::ops::testkit::devnet_genesis())
}

#[test]
fn oracle_tick_rejects_a_move_outside_the_band() {
    // Devnet band: 5 % of the last price per started minute.
    let mut k = devnet_kit();
    k.price(BTC, 10_000_000);
    // BTC ≈ 0 (the January 2026 print) one second later: refused.
    let crash = tick(&mut k, BTC, &[1, 1, 1]);
    assert!(matches!(
        err(&mut k, crash),
        OpError::OracleTick(OracleTickError::OutsideBand {
            price: 1,
            last: 10_000_000,
            allowed_ppm: 50_000
        })
    ));
    // 10× up: refused.
    let spike = tick(&mut k, BTC, &[100_000_000; 3]);
    assert!(matches!(
        err(&mut k, spike),
        OpError::OracleTick(OracleTickError::OutsideBand { .. })
    ));
    // Exactly 5 % within the first minute: accepted; 5 % + 1 unit: refused.
    let over = tick(&mut k, BTC, &[10_500_001; 3]);
    assert!(matches!(
        err(&mut k, over),
        OpError::OracleTick(OracleTickError::OutsideBand { .. })
    ));
    let edge = tick(&mut k, BTC, &[10_500_000; 3]);
    k.ok(&Op::OracleTick(edge));
}

#[test]
fn the_band_widens_with_the_time_since_the_last_price() {
    let mut k = devnet_kit();
    k.price(BTC, 10_000_000);
    // −20 % needs four started minutes: refused after 3 minutes, accepted after 3 min 1 s.
    k.now += 179;
    let early = tick(&mut k, BTC, &[8_000_000; 3]);
    assert!(matches!(
        err(&mut k, early),
        OpError::OracleTick(OracleTickError::OutsideBand {
            allowed_ppm: 150_000,
            ..
        })
    ));
    let late = tick(&mut k, BTC, &[8_000_000; 3]);
    k.ok(&Op::OracleTick(late));
}

#[test]
fn band_allowance_is_capped() {
    assert_eq!(band_allowed_ppm(50_000, 0), 50_000);
    assert_eq!(band_allowed_ppm(50_000, 60), 50_000);
    assert_eq!(band_allowed_ppm(50_000, 61), 100_000);
    assert_eq!(band_allowed_ppm(1_000_000, u64::MAX), MAX_BAND_MOVE_PPM);
    assert!(check_band(u32::MAX, 1, 1_000_000, u64::MAX).is_err());
    assert!(check_band(1, u32::MAX, 1_000_000, 0).is_ok());
}

#[test]
fn oracle_tick_rejects_below_quorum() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[100]);
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::BelowQuorum { got: 1, quorum: 2 })
    ));
    // Nor can a minority of keys outvote: one key cannot sign for three.
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
    t.submissions[1] = t.submissions[0].clone();
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::DuplicateKey { key_index: 0 })
    ));
}

#[test]
fn oracle_tick_rejects_unknown_key() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
    t.submissions[1].key_index = 3;
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::UnknownKey { key_index: 3 })
    ));
}

#[test]
fn oracle_tick_rejects_duplicate_key() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
    t.submissions[1] = t.submissions[0].clone();
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::DuplicateKey { key_index: 0 })
    ));
}

#[test]
fn oracle_tick_rejects_bad_signature() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
    t.submissions[1].price = 1_000_000;
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::BadSignature { key_index: 1 })
    ));
}

#[test]
fn oracle_tick_rejects_timestamp_not_increasing() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[100, 100, 100]);
    k.ok(&Op::OracleTick(t.clone()));
    assert!(matches!(
        err(&mut k, t),
        OpError::OracleTick(OracleTickError::TimestampNotIncreasing { .. })
    ));
}

#[test]
fn oracle_tick_rejects_clock_went_back() {
    let mut k = Kit::new();
    let early = tick(&mut k, ETH, &[100, 100, 100]);
    let late = tick(&mut k, BTC, &[100, 100, 100]);
    k.ok(&Op::OracleTick(late));
    assert!(matches!(
        err(&mut k, early),
        OpError::OracleTick(OracleTickError::ClockWentBack { .. })
    ));
}

#[test]
fn oracle_tick_rejects_zero_price() {
    let mut k = Kit::new();
    let t = tick(&mut k, BTC, &[0, 100, 100]);
    assert!(matches!(err(&mut k, t), OpError::Math(_)));
}

#[test]
fn oracle_tick_rejects_unknown_market() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
    t.market = 77;
    assert!(matches!(
        err(&mut k, t),
        OpError::MarketNotFound { market: 77 }
    ));
}

#[test]
fn oracle_tick_signature_binds_the_timestamp() {
    let mut k = Kit::new();
    let mut t = tick(&mut k, BTC, &[100, 100, 100]);
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

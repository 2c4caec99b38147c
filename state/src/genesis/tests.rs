#![allow(clippy::panic)] // tests fail loudly by design

use super::*;

const DEVNET: &str = include_str!("../../genesis/devnet.toml");

fn devnet() -> Genesis {
    Genesis::from_toml(DEVNET).expect("devnet genesis is valid")
}

fn reject(g: &Genesis) -> GenesisError {
    match g.validate() {
        Err(e) => e,
        Ok(()) => panic!("genesis should have been rejected"),
    }
}

#[test]
fn devnet_genesis_parses() {
    let g = devnet();
    assert_eq!(g.markets.len(), 4);
    assert_eq!(g.oracle.quorum, 2);
}

#[test]
fn genesis_rejects_unknown_field() {
    let text = DEVNET.replace("insurance_fund = 0", "insurance_fund = 0\nsurprise = 1");
    assert!(matches!(
        Genesis::from_toml(&text),
        Err(GenesisError::Parse(_))
    ));
}

#[test]
fn genesis_rejects_fraction_out_of_range() {
    let mut g = devnet();
    g.markets[0].initial_ppm = 1_000_001;
    assert!(matches!(
        reject(&g),
        GenesisError::FractionOutOfRange {
            market: 0,
            field: "initial_ppm",
            ..
        }
    ));
}

#[test]
fn genesis_rejects_maintenance_above_initial() {
    let mut g = devnet();
    g.markets[1].maintenance_ppm = g.markets[1].initial_ppm + 1;
    assert!(matches!(
        reject(&g),
        GenesisError::BadMarginLevels { market: 1 }
    ));
}

#[test]
fn genesis_rejects_expiry_in_the_past() {
    let mut g = devnet();
    g.markets[2].expiry = g.genesis_time;
    assert!(matches!(
        reject(&g),
        GenesisError::ExpiryInPast { market: 16, .. }
    ));
}

#[test]
fn genesis_rejects_duplicate_market_ids() {
    let mut g = devnet();
    g.markets[1].id = 0;
    assert!(matches!(
        reject(&g),
        GenesisError::DuplicateMarket { id: 0 }
    ));
}

#[test]
fn genesis_rejects_quorum_above_keys() {
    let mut g = devnet();
    g.oracle.quorum = 4;
    assert!(matches!(
        reject(&g),
        GenesisError::BadQuorum { quorum: 4, keys: 3 }
    ));
}

#[test]
fn genesis_rejects_zero_quorum() {
    let mut g = devnet();
    g.oracle.quorum = 0;
    assert!(matches!(
        reject(&g),
        GenesisError::BadQuorum { quorum: 0, .. }
    ));
}

#[test]
fn genesis_rejects_duplicate_oracle_key() {
    let mut g = devnet();
    g.oracle.keys[2] = g.oracle.keys[0];
    assert!(matches!(
        reject(&g),
        GenesisError::DuplicateOracleKey { index: 2 }
    ));
}

#[test]
fn genesis_rejects_option_on_non_perp_underlying() {
    let mut g = devnet();
    g.markets[3].underlying = Some(16);
    assert!(matches!(
        reject(&g),
        GenesisError::BadUnderlying {
            market: 17,
            underlying: 16
        }
    ));
}

#[test]
fn genesis_rejects_option_without_strike() {
    let mut g = devnet();
    g.markets[2].strike = 0;
    assert!(matches!(
        reject(&g),
        GenesisError::BadMarketShape { market: 16, .. }
    ));
}

#[test]
fn genesis_rejects_non_canonical_key() {
    let mut g = devnet();
    g.fee_account.pubkey.0[0] = u64::MAX;
    assert!(matches!(reject(&g), GenesisError::NonCanonicalKey { .. }));
}

#[test]
fn genesis_rejects_time_beyond_40_bits() {
    let mut g = devnet();
    g.genesis_time = 1 << 40;
    assert!(matches!(reject(&g), GenesisError::Math(_)));
}

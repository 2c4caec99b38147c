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

#[test]
fn genesis_keys_with_limbs_above_i64_round_trip_through_toml() {
    let g = devnet();
    let all = std::iter::once(&g.fee_account.pubkey).chain(&g.oracle.keys);
    assert!(
        all.flat_map(|k| k.0).any(|l| l > i64::MAX as u64),
        "the devnet keys exercise limbs TOML integers cannot hold"
    );
    let text = toml::to_string(&g).expect("serialises");
    assert!(text.contains(&key_hex::format(&g.oracle.keys[0])));
    assert_eq!(Genesis::from_toml(&text).expect("parses back"), g);
}

#[test]
fn genesis_rejects_integer_keys_and_wrong_width_with_a_clear_error() {
    let g = devnet();
    let key = key_hex::format(&g.fee_account.pubkey);
    let short = DEVNET.replace(&key, &key[..key.len() - 2]);
    let err = Genesis::from_toml(&short)
        .expect_err("78 digits")
        .to_string();
    assert!(err.contains("expected exactly 80"), "{err}");
    let integers = DEVNET.replace(&format!("\"{key}\""), "[1, 0, 0, 0, 0]");
    assert!(matches!(
        Genesis::from_toml(&integers),
        Err(GenesisError::Parse(_))
    ));
    let oracle = key_hex::format(&g.oracle.keys[1]);
    let bad = DEVNET.replace(&oracle, &oracle.replace("0x", "0y"));
    let err = Genesis::from_toml(&bad)
        .expect_err("bad prefix")
        .to_string();
    assert!(
        err.contains("key 1") && err.contains("must start with"),
        "{err}"
    );
}

#[test]
fn genesis_rejects_key_that_is_not_a_curve_point() {
    let mut g = devnet();
    g.oracle.keys[1] = crate::crypto::PublicKey([101, 0, 0, 0, 0]);
    assert!(matches!(
        reject(&g),
        GenesisError::InvalidKey { which, .. } if which == "oracle key 1"
    ));
}

#[test]
fn genesis_rejects_a_quorum_a_minority_could_reach() {
    let mut g = devnet();
    // 3 keys: a quorum of 1 lets one key set a price alone.
    g.oracle.quorum = 1;
    assert!(matches!(
        reject(&g),
        GenesisError::BadQuorum { quorum: 1, keys: 3 }
    ));
    // 4 keys, quorum 2: two disjoint pairs could each sign a different price.
    g.oracle.keys.push(g.fee_account.pubkey);
    g.oracle.quorum = 2;
    assert!(matches!(
        reject(&g),
        GenesisError::BadQuorum { quorum: 2, keys: 4 }
    ));
    g.oracle.quorum = 3;
    assert!(g.validate().is_ok());
}

#[test]
fn genesis_rejects_a_zero_or_oversized_band() {
    let mut g = devnet();
    g.markets[0].band_ppm = 0;
    assert!(matches!(
        reject(&g),
        GenesisError::BadBand {
            market: 0,
            value: 0
        }
    ));
    g.markets[0].band_ppm = 1_000_001;
    assert!(matches!(reject(&g), GenesisError::BadBand { .. }));
}

#[test]
fn genesis_rejects_a_zero_max_price_age() {
    let mut g = devnet();
    g.markets[1].max_price_age = 0;
    assert!(matches!(
        reject(&g),
        GenesisError::BadMaxPriceAge { market: 1 }
    ));
}

//! Genesis: markets, risk parameters, oracle keys and quorum, fee account and insurance fund, read
//! from a TOML file (`state/genesis/devnet.toml`) and validated.
//!
//! Public keys are written as `"0x"` + 80 hex digits ([`key_hex`]): TOML integers are i64 and a
//! key limb can be up to `2^64 − 2^32`. Every other integer of the file is bounded far below
//! 2^63 by its declared width (timestamps 2^40, amounts 2^60, prices and strikes 2^32, fractions
//! 10^6), so it stays a TOML integer; a larger one is refused by the TOML parser.
//!
//! Invariant: a [`Genesis`] returned by [`Genesis::from_toml`] passed [`Genesis::validate`], so
//! the state built from it is within every declared width, and the same file always gives the
//! same genesis root.

use std::collections::BTreeSet;

use plonky2::field::types::Field64;

use crate::crypto::schnorr::decode_public_key;
use crate::crypto::PublicKey;
use crate::math::{self, PPM};
use crate::tree::F;
use crate::types::{Address, Market, MarketId, MarketKind};

/// Errors of genesis parsing and validation.
#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    /// The TOML is malformed, has an unknown field or a wrongly typed value.
    #[error("genesis TOML: {0}")]
    Parse(#[from] toml::de::Error),
    /// The file cannot be read.
    #[error("reading genesis file: {0}")]
    Io(#[from] std::io::Error),
    /// A fraction is above 10^6 ppm.
    #[error("market {market}: {field} = {value} ppm is above 1000000")]
    FractionOutOfRange {
        /// Market id.
        market: MarketId,
        /// Field name.
        field: &'static str,
        /// Value given.
        value: u32,
    },
    /// Maintenance fraction above the initial one, or a zero maintenance fraction.
    #[error(
        "market {market}: maintenance must be in (0, initial] (and β maintenance ≤ β initial)"
    )]
    BadMarginLevels {
        /// Market id.
        market: MarketId,
    },
    /// An option's expiry is not after genesis time.
    #[error("market {market}: expiry {expiry} is not after genesis time {genesis_time}")]
    ExpiryInPast {
        /// Market id.
        market: MarketId,
        /// Expiry given.
        expiry: u64,
        /// Genesis time.
        genesis_time: u64,
    },
    /// Two markets share an id.
    #[error("duplicate market id {id}")]
    DuplicateMarket {
        /// The id.
        id: MarketId,
    },
    /// An option's underlying is not a perp market of this genesis.
    #[error("market {market}: underlying {underlying} is not a perp market")]
    BadUnderlying {
        /// Market id.
        market: MarketId,
        /// Underlying given.
        underlying: MarketId,
    },
    /// An option without strike/expiry, or a perp with option fields.
    #[error("market {market}: {reason}")]
    BadMarketShape {
        /// Market id.
        market: MarketId,
        /// What is wrong.
        reason: &'static str,
    },
    /// Quorum is not a strict majority of the oracle keys (a minority of keys could then set a
    /// price on its own), an odd number of submissions ≥ quorum is impossible (an even quorum
    /// equal to the number of keys), or the key list is empty or longer than 256.
    #[error(
        "oracle quorum {quorum} must be a strict majority of the {keys} keys (and keys ≤ 256)"
    )]
    BadQuorum {
        /// Quorum given.
        quorum: usize,
        /// Number of keys.
        keys: usize,
    },
    /// The same oracle key appears twice.
    #[error("duplicate oracle key at index {index}")]
    DuplicateOracleKey {
        /// Index of the second occurrence.
        index: usize,
    },
    /// A public key limb is not a canonical Goldilocks element.
    #[error("{which}: public key limb is not below the Goldilocks prime")]
    NonCanonicalKey {
        /// Which key.
        which: String,
    },
    /// A canonical key that is not the encoding of an ECgFp5 point other than the neutral one:
    /// no signature could ever verify under it.
    #[error("{which}: not a valid ECgFp5 public key ({reason})")]
    InvalidKey {
        /// Which key.
        which: String,
        /// Why the point does not decode.
        reason: String,
    },
    /// An oracle band of 0 (no price could ever move) or above 10^6 ppm per minute.
    #[error("market {market}: band_ppm = {value} must be in 1..=1000000")]
    BadBand {
        /// Market id.
        market: MarketId,
        /// Value given.
        value: u32,
    },
    /// A maximum price age of 0 (every price would be stale at once).
    #[error("market {market}: max_price_age must be at least 1 second")]
    BadMaxPriceAge {
        /// Market id.
        market: MarketId,
    },
    /// A value is outside its declared width.
    #[error(transparent)]
    Math(#[from] math::MathError),
}

/// Default oracle band: 5 % of the last price per started minute.
pub const DEFAULT_BAND_PPM: u32 = 50_000;
/// Default maximum price age: 5 minutes.
pub const DEFAULT_MAX_PRICE_AGE: u32 = 300;

fn default_band_ppm() -> u32 {
    DEFAULT_BAND_PPM
}

fn default_max_price_age() -> u32 {
    DEFAULT_MAX_PRICE_AGE
}

/// The fee account, created as account 0 at genesis.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeAccount {
    /// L1 owner.
    pub owner: Address,
    /// L2 key (`"0x"` + 80 hex digits, [`key_hex`]).
    #[serde(with = "key_hex::one")]
    pub pubkey: PublicKey,
}

/// Oracle configuration (fixed on L1 and in the circuits).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleConfig {
    /// Minimum number of distinct keys per tick.
    pub quorum: usize,
    /// Oracle keys (`"0x"` + 80 hex digits each, [`key_hex`]); a submission names its key by
    /// index.
    #[serde(with = "key_hex::list")]
    pub keys: Vec<PublicKey>,
}

/// A market as configured at genesis.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketConfig {
    /// Market id (markets tree index).
    pub id: MarketId,
    /// "perp", "call" or "put".
    pub kind: MarketKind,
    /// Underlying perp (options only).
    #[serde(default)]
    pub underlying: Option<MarketId>,
    /// Strike (options only).
    #[serde(default)]
    pub strike: u32,
    /// Expiry, unix seconds (options only).
    #[serde(default)]
    pub expiry: u64,
    /// Initial fraction / α at initial, ppm.
    pub initial_ppm: u32,
    /// Maintenance fraction / α at maintenance, ppm.
    pub maintenance_ppm: u32,
    /// β at initial (options), ppm.
    #[serde(default)]
    pub beta_initial_ppm: u32,
    /// β at maintenance (options), ppm.
    #[serde(default)]
    pub beta_maintenance_ppm: u32,
    /// Liquidation fee to the insurance fund, ppm.
    pub liquidation_fee_ppm: u32,
    /// Funding rate bound, ppm of price per hour (perps).
    #[serde(default)]
    pub max_funding_rate_ppm: u32,
    /// Oracle band, ppm of the last price per started minute (default
    /// [`DEFAULT_BAND_PPM`]).
    #[serde(default = "default_band_ppm")]
    pub band_ppm: u32,
    /// Oldest usable price, seconds (default [`DEFAULT_MAX_PRICE_AGE`]).
    #[serde(default = "default_max_price_age")]
    pub max_price_age: u32,
}

/// The whole genesis configuration.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    /// Initial rollup clock (unix seconds).
    pub genesis_time: u64,
    /// Initial insurance fund (counted as deposited at genesis).
    #[serde(default)]
    pub insurance_fund: u64,
    /// Account 0.
    pub fee_account: FeeAccount,
    /// Oracle keys and quorum.
    pub oracle: OracleConfig,
    /// Markets.
    pub markets: Vec<MarketConfig>,
}

/// Account id of the genesis fee account.
pub const FEE_ACCOUNT_ID: u32 = 0;
/// First account id the L1 contract assigns.
pub const NEXT_ACCOUNT_ID: u32 = 1;

fn check_key(key: &PublicKey, which: impl Fn() -> String) -> Result<(), GenesisError> {
    if key.0.iter().any(|&l| l >= F::ORDER) {
        return Err(GenesisError::NonCanonicalKey { which: which() });
    }
    decode_public_key(key).map_err(|e| GenesisError::InvalidKey {
        which: which(),
        reason: e.to_string(),
    })?;
    Ok(())
}

impl Genesis {
    /// Parses and validates a genesis TOML document.
    pub fn from_toml(text: &str) -> Result<Self, GenesisError> {
        let g: Genesis = toml::from_str(text)?;
        g.validate()?;
        Ok(g)
    }

    /// Reads, parses and validates a genesis file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, GenesisError> {
        Self::from_toml(&std::fs::read_to_string(path)?)
    }

    /// Checks every rule of this module's errors.
    pub fn validate(&self) -> Result<(), GenesisError> {
        math::timestamp(self.genesis_time)?;
        math::amount(i128::from(self.insurance_fund))?;
        check_key(&self.fee_account.pubkey, || "fee account".into())?;
        let keys = self.oracle.keys.len();
        // A strict majority: two disjoint sets of signers cannot both reach the quorum, and any
        // quorum of honest-majority keys puts an honest price at the median.
        // Ticks carry an odd number of submissions, so the smallest odd count ≥ quorum must exist.
        if self.oracle.quorum == 0
            || (self.oracle.quorum | 1) > keys
            || 2 * self.oracle.quorum <= keys
            || keys > 256
        {
            return Err(GenesisError::BadQuorum {
                quorum: self.oracle.quorum,
                keys,
            });
        }
        for (i, k) in self.oracle.keys.iter().enumerate() {
            check_key(k, || format!("oracle key {i}"))?;
            if self.oracle.keys[..i].contains(k) {
                return Err(GenesisError::DuplicateOracleKey { index: i });
            }
        }
        let mut ids = BTreeSet::new();
        for m in &self.markets {
            if !ids.insert(m.id) {
                return Err(GenesisError::DuplicateMarket { id: m.id });
            }
        }
        for m in &self.markets {
            self.validate_market(m)?;
        }
        Ok(())
    }

    fn validate_market(&self, m: &MarketConfig) -> Result<(), GenesisError> {
        let fractions = [
            ("initial_ppm", m.initial_ppm),
            ("maintenance_ppm", m.maintenance_ppm),
            ("beta_initial_ppm", m.beta_initial_ppm),
            ("beta_maintenance_ppm", m.beta_maintenance_ppm),
            ("liquidation_fee_ppm", m.liquidation_fee_ppm),
            ("max_funding_rate_ppm", m.max_funding_rate_ppm),
        ];
        for (field, value) in fractions {
            if u64::from(value) > PPM {
                return Err(GenesisError::FractionOutOfRange {
                    market: m.id,
                    field,
                    value,
                });
            }
        }
        if m.band_ppm == 0 || u64::from(m.band_ppm) > PPM {
            return Err(GenesisError::BadBand {
                market: m.id,
                value: m.band_ppm,
            });
        }
        if m.max_price_age == 0 {
            return Err(GenesisError::BadMaxPriceAge { market: m.id });
        }
        if m.maintenance_ppm == 0
            || m.maintenance_ppm > m.initial_ppm
            || m.beta_maintenance_ppm > m.beta_initial_ppm
        {
            return Err(GenesisError::BadMarginLevels { market: m.id });
        }
        let shape = |reason| GenesisError::BadMarketShape {
            market: m.id,
            reason,
        };
        match m.kind {
            MarketKind::Perp => {
                if m.underlying.is_some_and(|u| u != m.id) || m.strike != 0 || m.expiry != 0 {
                    return Err(shape("a perp has no underlying, strike or expiry"));
                }
                if m.beta_initial_ppm != 0 {
                    return Err(shape("a perp has no β"));
                }
            }
            MarketKind::Call | MarketKind::Put => {
                let underlying = m
                    .underlying
                    .ok_or_else(|| shape("an option needs an underlying"))?;
                let is_perp = self
                    .markets
                    .iter()
                    .any(|u| u.id == underlying && u.kind == MarketKind::Perp);
                if !is_perp {
                    return Err(GenesisError::BadUnderlying {
                        market: m.id,
                        underlying,
                    });
                }
                if m.strike == 0 {
                    return Err(shape("an option needs a strike"));
                }
                if m.max_funding_rate_ppm != 0 {
                    return Err(shape("an option has no funding"));
                }
                math::timestamp(m.expiry)?;
                if m.expiry <= self.genesis_time {
                    return Err(GenesisError::ExpiryInPast {
                        market: m.id,
                        expiry: m.expiry,
                        genesis_time: self.genesis_time,
                    });
                }
            }
        }
        Ok(())
    }

    /// The initial market records (no price yet, funding index 0 at genesis time).
    pub fn initial_markets(&self) -> Vec<Market> {
        self.markets
            .iter()
            .map(|m| Market {
                id: m.id,
                kind: m.kind,
                underlying: m.underlying.unwrap_or(m.id),
                strike: m.strike,
                expiry: m.expiry,
                price: 0,
                price_time: 0,
                funding_index: 0,
                funding_time: self.genesis_time,
                initial_ppm: m.initial_ppm,
                maintenance_ppm: m.maintenance_ppm,
                beta_initial_ppm: m.beta_initial_ppm,
                beta_maintenance_ppm: m.beta_maintenance_ppm,
                liquidation_fee_ppm: m.liquidation_fee_ppm,
                max_funding_rate_ppm: m.max_funding_rate_ppm,
                settlement_price: 0,
                band_ppm: m.band_ppm,
                max_price_age: m.max_price_age,
            })
            .collect()
    }
}

pub mod key_hex;

#[cfg(test)]
mod tests;

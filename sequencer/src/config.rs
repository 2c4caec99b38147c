//! The node's configuration file (TOML). Every field has a default (`#[serde(default)]`), so an
//! empty file is a valid loopback devnet-style configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use zkclear_state::crypto::ecgfp5::scalar::SCALAR_BYTES;
use zkclear_state::crypto::SecretKey;

use crate::breaker::BreakerConfig;
use crate::keeper::KeeperConfig;
use crate::rpc::{ProverConfig, RpcConfig};

/// Configuration errors.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading the file failed.
    #[error("reading config {path}: {source}")]
    Io {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The TOML does not parse.
    #[error("config TOML: {0}")]
    Parse(#[from] toml::de::Error),
    /// An L1 address is not `0x` + 40 hex digits.
    #[error("{which}: {value:?} is not an L1 address (0x + 40 hex digits)")]
    BadAddress {
        /// Which setting.
        which: &'static str,
        /// Value given.
        value: String,
    },
    /// A prover worker token is too short to be a secret.
    #[error("prover.worker_tokens[{index}] is shorter than {min} bytes")]
    ShortWorkerToken {
        /// Its index.
        index: usize,
        /// The minimum.
        min: usize,
    },
    /// A secret key is not 40 bytes of hex encoding a valid scalar.
    #[error("{which}: invalid secret key")]
    BadKey {
        /// Which key.
        which: String,
    },
}

/// The whole node configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NodeConfig {
    /// Directory of the sled database.
    pub data_dir: PathBuf,
    /// Genesis file (`state/genesis/*.toml`).
    pub genesis: PathBuf,
    /// JSON-RPC.
    pub rpc: RpcConfig,
    /// Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// The state keeper.
    pub keeper: KeeperConfig,
    /// Circuit breakers.
    pub breaker: BreakerSection,
    /// Liquidation engine.
    pub liquidator: LiquidatorConfig,
    /// Funding ticks.
    pub funding: FundingConfig,
    /// Demo oracle.
    pub oracle: DemoOracleConfig,
    /// L1 watcher.
    pub l1: L1Config,
    /// Prover workers (tokens, lease cap).
    pub prover: ProverConfig,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("zkclear-data"),
            genesis: PathBuf::from("state/genesis/devnet.toml"),
            rpc: RpcConfig::default(),
            metrics: MetricsConfig::default(),
            keeper: KeeperConfig::default(),
            breaker: BreakerSection::default(),
            liquidator: LiquidatorConfig::default(),
            funding: FundingConfig::default(),
            oracle: DemoOracleConfig::default(),
            l1: L1Config::default(),
            prover: ProverConfig::default(),
        }
    }
}

impl NodeConfig {
    /// Parses a TOML configuration and checks it (worker tokens long enough).
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let c: Self = toml::from_str(text)?;
        c.validate()?;
        Ok(c)
    }

    /// Checks what serde cannot: every prover worker token is at least
    /// [`crate::rpc::prover_min_token_bytes`] long.
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self.prover.short_token() {
            Some(index) => Err(ConfigError::ShortWorkerToken {
                index,
                min: crate::rpc::prover_min_token_bytes(),
            }),
            None => Ok(()),
        }
    }

    /// Reads and parses a file.
    pub fn from_file(path: impl Into<PathBuf>) -> Result<Self, ConfigError> {
        let path = path.into();
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
            path: path.clone(),
            source,
        })?;
        Self::from_toml(&text)
    }

    /// The TOML text of this configuration.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

/// Prometheus endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve metrics.
    pub enabled: bool,
    /// Listen address (keep it on loopback).
    pub addr: SocketAddr,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            addr: SocketAddr::from(([127, 0, 0, 1], 9100)),
        }
    }
}

/// Circuit-breaker thresholds (docs/matching.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakerSection {
    /// Use breakers.
    pub enabled: bool,
    /// Largest move in the window, ppm.
    pub band_ppm: u64,
    /// Window, seconds.
    pub window_secs: u64,
    /// Staleness limit, seconds.
    pub stale_after_secs: u64,
}

impl Default for BreakerSection {
    fn default() -> Self {
        Self {
            enabled: true,
            band_ppm: 100_000,
            window_secs: 60,
            stale_after_secs: 300,
        }
    }
}

impl BreakerSection {
    /// The breaker thresholds, if enabled.
    pub fn to_breaker(&self) -> Option<BreakerConfig> {
        self.enabled.then_some(BreakerConfig {
            band_ppm: self.band_ppm,
            window_secs: self.window_secs,
            stale_after_secs: self.stale_after_secs,
        })
    }
}

/// The operator's liquidator account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LiquidatorConfig {
    /// Liquidator account id (`None`: liquidations off).
    pub account: Option<u32>,
    /// Its L2 secret key (40 bytes hex, little-endian scalar).
    pub secret_key: String,
}

impl LiquidatorConfig {
    /// The account and key, if configured.
    pub fn resolve(&self) -> Result<Option<(u32, SecretKey)>, ConfigError> {
        let Some(account) = self.account else {
            return Ok(None);
        };
        Ok(Some((
            account,
            parse_key(&self.secret_key, "liquidator.secret_key")?,
        )))
    }
}

/// Parses a 40-byte hex secret key.
pub fn parse_key(hex_str: &str, which: &str) -> Result<SecretKey, ConfigError> {
    let bad = || ConfigError::BadKey {
        which: which.to_string(),
    };
    let bytes = hex::decode(hex_str.strip_prefix("0x").unwrap_or(hex_str)).map_err(|_| bad())?;
    let arr: [u8; SCALAR_BYTES] = bytes.try_into().map_err(|_| bad())?;
    SecretKey::from_bytes(&arr).map_err(|_| bad())
}

/// The L1 watcher (`sequencer/src/l1/watcher.rs`): off unless `rollup` is set. The devnet
/// starts its own watcher once it has deployed the contracts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct L1Config {
    /// L1 JSON-RPC URL (HTTP).
    pub rpc_url: String,
    /// The Rollup contract (`0x` + 40 hex digits); unset: no watcher.
    pub rollup: Option<String>,
    /// Poll interval, milliseconds.
    pub poll_ms: u64,
    /// Longest wait between retries while L1 is unreachable, milliseconds.
    pub max_backoff_ms: u64,
}

impl Default for L1Config {
    fn default() -> Self {
        Self {
            rpc_url: "http://127.0.0.1:8545".into(),
            rollup: None,
            poll_ms: 250,
            max_backoff_ms: 5_000,
        }
    }
}

impl L1Config {
    /// The watcher settings, if a Rollup address is configured.
    pub fn watcher(&self) -> Result<Option<crate::l1::WatcherConfig>, ConfigError> {
        let Some(rollup) = &self.rollup else {
            return Ok(None);
        };
        let address = rollup.parse().map_err(|_| ConfigError::BadAddress {
            which: "l1.rollup",
            value: rollup.clone(),
        })?;
        Ok(Some(crate::l1::WatcherConfig {
            l1_rpc: self.rpc_url.clone(),
            rollup: address,
            poll: std::time::Duration::from_millis(self.poll_ms.max(1)),
            max_backoff: std::time::Duration::from_millis(self.max_backoff_ms.max(self.poll_ms)),
        }))
    }
}

/// Periodic funding ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FundingConfig {
    /// Seconds between funding ticks of every perp (0: off).
    pub interval_secs: u64,
}

impl Default for FundingConfig {
    fn default() -> Self {
        Self {
            interval_secs: 3600,
        }
    }
}

/// A demo oracle that signs and submits a replayed price path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemoOracleConfig {
    /// Run the demo oracle.
    pub enabled: bool,
    /// Milliseconds between ticks.
    pub interval_ms: u64,
    /// Oracle secret keys (hex) with their index in the genesis key list.
    pub keys: Vec<OracleKeyConfig>,
    /// Price paths, replayed in a loop.
    pub paths: Vec<PricePath>,
}

/// One oracle key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OracleKeyConfig {
    /// Index in the genesis oracle keys.
    pub index: u8,
    /// Secret key (40 bytes hex).
    pub secret_key: String,
}

/// A market's price path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePath {
    /// Market.
    pub market: u8,
    /// Prices, one per tick.
    pub prices: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_round_trips_through_toml() {
        let mut c = NodeConfig::default();
        c.keeper.max_batch_ops = 7;
        c.oracle.paths.push(PricePath {
            market: 0,
            prices: vec![1, 2, 3],
        });
        let back = NodeConfig::from_toml(&c.to_toml()).expect("parses");
        assert_eq!(back, c);
    }

    #[test]
    fn empty_file_gives_defaults_and_unknown_fields_are_rejected() {
        assert_eq!(
            NodeConfig::from_toml("").expect("empty"),
            NodeConfig::default()
        );
        assert!(NodeConfig::from_toml("bogus = 1").is_err());
    }

    #[test]
    fn l1_watcher_is_off_by_default_and_checks_the_rollup_address() {
        assert!(NodeConfig::default().l1.watcher().expect("ok").is_none());
        let c = NodeConfig::from_toml(
            "[l1]\nrollup = \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"\npoll_ms = 100\n",
        )
        .expect("parses");
        let w = c.l1.watcher().expect("valid").expect("on");
        assert_eq!(w.poll, std::time::Duration::from_millis(100));
        let bad = NodeConfig::from_toml("[l1]\nrollup = \"0x1234\"\n").expect("parses");
        assert!(matches!(
            bad.l1.watcher(),
            Err(ConfigError::BadAddress {
                which: "l1.rollup",
                ..
            })
        ));
    }

    #[test]
    fn prover_section_takes_worker_tokens_and_refuses_short_ones() {
        let c = NodeConfig::from_toml(
            "[prover]\nworker_tokens = [\"0123456789abcdef0123\"]\nmax_leases_per_worker = 3\n",
        )
        .expect("parses");
        assert_eq!(c.prover.worker_tokens.len(), 1);
        assert_eq!(c.prover.max_leases_per_worker, 3);
        assert_eq!(NodeConfig::default().prover.max_leases_per_worker, 2);
        assert!(matches!(
            NodeConfig::from_toml("[prover]\nworker_tokens = [\"short\"]\n"),
            Err(ConfigError::ShortWorkerToken { index: 0, .. })
        ));
    }

    #[test]
    fn bad_secret_key_is_a_typed_error() {
        assert!(matches!(
            parse_key("0x1234", "k"),
            Err(ConfigError::BadKey { .. })
        ));
    }
}

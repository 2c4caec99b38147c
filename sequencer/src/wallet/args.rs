//! `zkclear` command line and config file (flags override the file, which overrides defaults).

use std::path::{Path, PathBuf};

use alloy::primitives::Address;
use clap::{Parser, Subcommand};
use serde::{Deserialize, Serialize};

use super::WalletError;

/// `zkclear`: the zkclear wallet.
#[derive(Debug, Parser)]
#[command(name = "zkclear", version, about)]
pub struct WalletCli {
    /// Config file (TOML: rpc, l1_rpc, rollup, key_file, chain_id).
    #[arg(long, short = 'c', global = true)]
    pub config: Option<PathBuf>,
    /// Sequencer JSON-RPC URL.
    #[arg(long, global = true)]
    pub rpc: Option<String>,
    /// L1 JSON-RPC URL.
    #[arg(long = "l1-rpc", global = true)]
    pub l1_rpc: Option<String>,
    /// Rollup contract address.
    #[arg(long, global = true)]
    pub rollup: Option<Address>,
    /// Ethereum private key (hex). Prefer --key-file or ZKCLEAR_KEY: flags show up in `ps`.
    #[arg(long, env = "ZKCLEAR_KEY", hide_env_values = true, global = true)]
    pub key: Option<String>,
    /// File holding the Ethereum private key.
    #[arg(long = "key-file", global = true)]
    pub key_file: Option<PathBuf>,
    /// Chain id used in the key derivation (default: asked from the L1 node, else 31337).
    #[arg(long = "chain-id", global = true)]
    pub chain_id: Option<u64>,
    /// What to do.
    #[command(subcommand)]
    pub command: WalletCommand,
}

/// Seconds an order stays valid by default (30 days): `--expiry` changes it.
pub const DEFAULT_EXPIRY_SECS: u64 = 30 * 24 * 3600;

/// The fields of an order to place.
#[derive(Debug, Clone, clap::Args)]
pub struct OrderArgs {
    /// Market id.
    #[arg(long)]
    pub market: u8,
    /// buy or sell.
    #[arg(long)]
    pub side: String,
    /// Limit price (base units per lot).
    #[arg(long)]
    pub price: u32,
    /// Size in lots.
    #[arg(long)]
    pub size: u32,
    /// Order nonce (unique per account; slot = nonce mod 2^16).
    #[arg(long)]
    pub nonce: u32,
    /// Highest acceptable fee, ppm (at least the node's configured fee for the roles the order
    /// can fill in, or it is refused).
    #[arg(long = "max-fee-ppm", default_value_t = 1_000)]
    pub max_fee_ppm: u32,
    /// Last rollup-clock time (unix seconds) at which the order may fill (default: now + 30
    /// days). Signed: a signed order stays usable until then.
    #[arg(long)]
    pub expiry: Option<u64>,
    /// Time in force (signed): gtc, post_only or ioc.
    #[arg(long = "tif", alias = "kind", default_value = "gtc")]
    pub tif: String,
    /// Only reduce an existing position (signed).
    #[arg(long = "reduce-only")]
    pub reduce_only: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Show the L2 key derived from the Ethereum key.
    Keys,
    /// Deposit collateral through L1 (approve + deposit), then wait until the sequencer has it.
    Deposit {
        /// Amount in collateral base units (USDC: 6 decimals).
        amount: u64,
    },
    /// Place a signed limit order (prints its digest first: `zkclear order <digest>` finds out
    /// what happened to it if the answer is lost).
    Place {
        /// The order.
        #[command(flatten)]
        order: OrderArgs,
    },
    /// Cancel a resting order by its digest (as `place`, `order` and `zkc_getOpenOrders` show
    /// it): the wallet fetches the order, checks its digest and signs the cancel of exactly it.
    Cancel {
        /// The order's digest (0x + 64 hex digits).
        digest: String,
    },
    /// Look an order up by its digest: resting, filled or cancelled, and what it filled.
    Order {
        /// The order's digest (0x + 64 hex digits).
        digest: String,
    },
    /// Show the account: collateral, positions, margin at both levels, Greeks.
    Account,
    /// Request a forced withdrawal on L1 (the sequencer must include it or the rollup freezes).
    ForcedWithdraw {
        /// Amount requested, base units.
        amount: u64,
    },
    /// Exit on L1 from the last proven state after a freeze.
    Escape,
}

/// The config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WalletConfig {
    /// Sequencer JSON-RPC URL (default: the sequencer's default, http://127.0.0.1:8545).
    pub rpc: Option<String>,
    /// L1 JSON-RPC URL.
    pub l1_rpc: Option<String>,
    /// Rollup address.
    pub rollup: Option<Address>,
    /// Key file.
    pub key_file: Option<PathBuf>,
    /// Chain id.
    pub chain_id: Option<u64>,
}

impl WalletConfig {
    /// Reads a config file.
    pub fn from_file(path: &Path) -> Result<Self, WalletError> {
        let text = std::fs::read_to_string(path).map_err(|source| WalletError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| WalletError::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }
}

/// Effective settings after merging flags over the file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Sequencer URL.
    pub rpc: String,
    /// L1 URL, if known.
    pub l1_rpc: Option<String>,
    /// Rollup address, if known.
    pub rollup: Option<Address>,
    /// The key (hex), if given.
    pub key: Option<String>,
    /// Chain id override.
    pub chain_id: Option<u64>,
}

impl WalletCli {
    /// Merges flags over the config file over defaults.
    pub fn settings(&self) -> Result<Settings, WalletError> {
        let file = match &self.config {
            Some(p) => WalletConfig::from_file(p)?,
            None => WalletConfig::default(),
        };
        let key_file = self.key_file.clone().or(file.key_file);
        let key = match (&self.key, key_file) {
            (Some(k), _) => Some(k.trim().to_owned()),
            (None, Some(p)) => Some(
                std::fs::read_to_string(&p)
                    .map_err(|source| WalletError::Read { path: p, source })?
                    .trim()
                    .to_owned(),
            ),
            (None, None) => None,
        };
        Ok(Settings {
            rpc: self
                .rpc
                .clone()
                .or(file.rpc)
                .unwrap_or_else(|| "http://127.0.0.1:8545".into()),
            l1_rpc: self.l1_rpc.clone().or(file.l1_rpc),
            rollup: self.rollup.or(file.rollup),
            key,
            chain_id: self.chain_id.or(file.chain_id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_round_trips_and_flags_override_it() {
        let cfg = WalletConfig {
            rpc: Some("http://127.0.0.1:1".into()),
            l1_rpc: Some("http://127.0.0.1:2".into()),
            rollup: None,
            key_file: None,
            chain_id: Some(7),
        };
        let text = toml::to_string(&cfg).expect("serialises");
        assert_eq!(toml::from_str::<WalletConfig>(&text).expect("parses"), cfg);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.toml");
        std::fs::write(&path, text).expect("writes");
        let cli = WalletCli::parse_from([
            "zkclear",
            "--config",
            path.to_str().expect("utf-8"),
            "--rpc",
            "http://127.0.0.1:3",
            "keys",
        ]);
        let s = cli.settings().expect("settings");
        assert_eq!(s.rpc, "http://127.0.0.1:3");
        assert_eq!(s.l1_rpc.as_deref(), Some("http://127.0.0.1:2"));
        assert_eq!(s.chain_id, Some(7));
    }
}

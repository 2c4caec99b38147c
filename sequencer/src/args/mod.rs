//! Command line (clap). One `Args` struct per concern, dotted flags (`--rpc.addr`); flags
//! override the config file, which overrides the defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{ConfigError, NodeConfig};

/// `zkclear-sequencer`: the zkclear sequencer node.
#[derive(Debug, Parser)]
#[command(name = "zkclear-sequencer", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the node on loopback with a sled data dir.
    Run(RunArgs),
    /// Print the default configuration file (TOML).
    DefaultConfig,
    /// anvil + contracts + node + L1 watcher + funded demo accounts, on loopback.
    Devnet(crate::devnet::DevnetArgs),
    /// Print the key lines of `state/genesis/devnet.toml` (fee account and oracle keys, derived
    /// deterministically; devnet only) with the oracle secret keys.
    DevnetKeys,
}

/// `run` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Config file (TOML); defaults apply to everything it leaves out.
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// Data directory (sled).
    #[arg(long = "datadir")]
    pub data_dir: Option<PathBuf>,
    /// Genesis file.
    #[arg(long)]
    pub genesis: Option<PathBuf>,
    /// RPC flags.
    #[command(flatten)]
    pub rpc: RpcArgs,
    /// Metrics flags.
    #[command(flatten)]
    pub metrics: MetricsArgs,
}

/// RPC flags.
#[derive(Debug, Clone, clap::Args)]
pub struct RpcArgs {
    /// JSON-RPC listen address (HTTP and WebSocket).
    #[arg(id = "rpc_addr", long = "rpc.addr")]
    pub addr: Option<SocketAddr>,
    /// Enable `dev_deposit` (devnet only).
    #[arg(long = "rpc.dev-methods")]
    pub dev_methods: bool,
}

/// Metrics flags.
#[derive(Debug, Clone, clap::Args)]
pub struct MetricsArgs {
    /// Prometheus listen address.
    #[arg(id = "metrics_addr", long = "metrics.addr")]
    pub addr: Option<SocketAddr>,
}

impl RunArgs {
    /// The effective configuration: file (or defaults), then flags.
    pub fn resolve(&self) -> Result<NodeConfig, ConfigError> {
        let mut c = match &self.config {
            Some(p) => NodeConfig::from_file(p)?,
            None => NodeConfig::default(),
        };
        if let Some(d) = &self.data_dir {
            c.data_dir = d.clone();
        }
        if let Some(g) = &self.genesis {
            c.genesis = g.clone();
        }
        if let Some(a) = self.rpc.addr {
            c.rpc.addr = a;
        }
        if self.rpc.dev_methods {
            c.rpc.dev_methods = true;
        }
        if let Some(a) = self.metrics.addr {
            c.metrics.addr = a;
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_defaults() {
        let cli = Cli::parse_from([
            "zkclear-sequencer",
            "run",
            "--datadir",
            "/tmp/x",
            "--rpc.addr",
            "127.0.0.1:1234",
        ]);
        let Command::Run(args) = cli.command else {
            panic!("expected run");
        };
        let c = args.resolve().expect("resolves");
        assert_eq!(c.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(c.rpc.addr.port(), 1234);
        assert_eq!(c.metrics, NodeConfig::default().metrics);
    }
}

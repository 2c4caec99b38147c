//! `zkclear-sequencer`: parses the command line and launches the node (logic lives in the
//! library: `zkclear_sequencer::node`).

use clap::Parser;
use eyre::WrapErr;
use zkclear_sequencer::args::{Cli, Command};

#[tokio::main]
async fn main() -> eyre::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match Cli::parse().command {
        Command::DefaultConfig => {
            print!(
                "{}",
                zkclear_sequencer::config::NodeConfig::default().to_toml()
            );
        }
        Command::DevnetKeys => {
            print!("{}", zkclear_sequencer::devnet::devnet_genesis_keys_toml());
        }
        Command::Run(args) => {
            let config = args.resolve().wrap_err("loading the configuration")?;
            let node = zkclear_sequencer::node::run(config)
                .await
                .wrap_err("starting the node")?;
            println!(
                "zkclear sequencer: JSON-RPC on http://{} (ws on the same port)",
                node.rpc_addr
            );
            tokio::signal::ctrl_c()
                .await
                .wrap_err("waiting for ctrl-c")?;
            node.stop().await;
        }
        Command::Devnet(args) => {
            let root = std::env::current_dir().wrap_err("reading the current directory")?;
            zkclear_sequencer::devnet::run(args, &root)
                .await
                .wrap_err("devnet")?;
        }
    }
    Ok(())
}

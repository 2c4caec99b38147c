//! `zkclear`: the wallet. Parses the command line, runs the command, prints the answer or a
//! one-line error (exit code 1; 2 when a request was not sent, 3 when its outcome is unknown),
//! never a backtrace.

use clap::Parser;
use zkclear_sequencer::wallet::{run, WalletCli};

#[tokio::main]
async fn main() {
    match run(WalletCli::parse()).await {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}

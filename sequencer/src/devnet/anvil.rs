//! A child anvil process on a free loopback port, killed when dropped.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::DevnetError;

/// anvil's well-known development private keys (public test keys: never fund them on a real
/// chain). Index 0 deploys and operates; 1 and 2 are the demo traders.
pub const DEV_KEYS: [&str; 3] = [
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
];

/// anvil's default chain id.
pub const CHAIN_ID: u64 = 31337;

/// A running anvil. Invariant: the process is killed when this is dropped.
#[derive(Debug)]
pub struct Anvil {
    child: tokio::process::Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

/// A free loopback port (bound then released; a race with another process is possible but
/// harmless: anvil then fails to start and we say so).
pub fn free_port() -> Result<u16, DevnetError> {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(DevnetError::Io)?;
    Ok(l.local_addr().map_err(DevnetError::Io)?.port())
}

/// `.tools/bin/anvil` under `root`, or an error telling to run `scripts/install-tools`.
pub fn locate(root: &Path, explicit: Option<&Path>) -> Result<PathBuf, DevnetError> {
    let p = explicit
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join(".tools/bin/anvil"));
    if p.is_file() {
        Ok(p)
    } else {
        Err(DevnetError::AnvilMissing(p))
    }
}

impl Anvil {
    /// Starts anvil and waits (up to 30 s) until it accepts connections.
    pub async fn start(bin: &Path, port: u16) -> Result<Self, DevnetError> {
        Self::start_with_state(bin, port, None).await
    }

    /// Like [`Anvil::start`]; with `state`, anvil loads its chain (blocks, logs, accounts) from
    /// that file if it exists and writes it back when stopped with [`Anvil::stop_gracefully`],
    /// so a restart on the same port is the same L1 (how tests restart the L1 node).
    pub async fn start_with_state(
        bin: &Path,
        port: u16,
        state: Option<&Path>,
    ) -> Result<Self, DevnetError> {
        let mut cmd = tokio::process::Command::new(bin);
        cmd.args([
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--silent",
        ]);
        if let Some(file) = state {
            cmd.arg("--state").arg(file);
        }
        let child = cmd
            .kill_on_drop(true)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(DevnetError::Io)?;
        let anvil = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(anvil);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(DevnetError::AnvilTimeout(port))
    }

    /// Kills anvil and waits for it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }

    /// Stops anvil with SIGTERM (so it writes its `--state` file) and waits for it to exit
    /// (SIGKILL after 10 s).
    pub async fn stop_gracefully(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = tokio::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await;
        }
        if tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

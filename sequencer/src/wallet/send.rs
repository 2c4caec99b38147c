//! Sending a mutating request (place, cancel) and telling its failures apart: an answer with an
//! error (nothing applied), a request that never left (no connection: nothing applied, retry is
//! safe), and a request whose answer was lost (timeout, connection dropped after sending: it may
//! have been applied; look the order up by digest).

use jsonrpsee::core::client::{ClientT, Error as ClientError};
use jsonrpsee::core::params::ArrayParams;
use serde_json::Value;

use super::WalletError;

/// Whether a transport error happened while connecting, i.e. before the request was written.
/// hyper-util reports every connect failure (refused, unreachable, DNS) as "client error
/// (Connect)"; an `io::Error` of a connect kind anywhere in the chain means the same.
fn failed_to_connect(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.to_string().contains("(Connect)") {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionRefused | AddrNotAvailable | NetworkUnreachable | HostUnreachable
            ) {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// Classifies a client error of a request about the order with `digest`.
pub(super) fn classify(e: ClientError, digest: &str) -> WalletError {
    match e {
        ClientError::Call(obj) => WalletError::Rpc(match obj.data() {
            Some(d) => format!("{} (code {}): {}", obj.message(), obj.code(), d.get()),
            None => format!("{} (code {})", obj.message(), obj.code()),
        }),
        ClientError::Transport(t) if failed_to_connect(t.as_ref()) => {
            WalletError::NotSent(format!("cannot connect to the sequencer: {t}"))
        }
        other => WalletError::OutcomeUnknown {
            digest: digest.to_string(),
            reason: other.to_string(),
        },
    }
}

/// Sends `method(param)` about the order with `digest`, classifying failures.
pub(super) async fn send<C: ClientT + Sync>(
    client: &C,
    method: &str,
    param: impl serde::Serialize,
    digest: &str,
) -> Result<Value, WalletError> {
    let mut p = ArrayParams::new();
    p.insert(param)
        .map_err(|e| WalletError::NotSent(format!("encoding the request: {e}")))?;
    client
        .request::<Value, _>(method, p)
        .await
        .map_err(|e| classify(e, digest))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use jsonrpsee::http_client::HttpClientBuilder;
    use tokio::io::AsyncReadExt;

    use super::*;

    fn client(addr: std::net::SocketAddr) -> jsonrpsee::http_client::HttpClient {
        HttpClientBuilder::default()
            .request_timeout(Duration::from_millis(500))
            .build(format!("http://{addr}"))
            .expect("client")
    }

    #[tokio::test]
    async fn a_refused_connection_is_not_sent_and_exits_2() {
        // Bind, note the port, close: nothing listens there.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port");
        let e = send(&client(addr), "zkc_placeOrder", 1, "0xd").await;
        let e = e.expect_err("nothing listens");
        assert!(matches!(e, WalletError::NotSent(_)), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[tokio::test]
    async fn a_request_without_an_answer_has_an_unknown_outcome_and_exits_3() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        // Accepts and reads the request, never answers (then drops the connection).
        let server = tokio::spawn(async move {
            let (mut conn, _) = listener.accept().await.expect("accept");
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
        });
        let e = send(&client(addr), "zkc_placeOrder", 1, "0xd").await;
        let e = e.expect_err("no answer");
        assert!(
            matches!(&e, WalletError::OutcomeUnknown { digest, .. } if digest == "0xd"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 3);
        server.abort();
    }

    #[tokio::test]
    async fn a_connection_dropped_after_sending_has_an_unknown_outcome() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let (mut conn, _) = listener.accept().await.expect("accept");
            let mut buf = [0u8; 4096];
            let _ = conn.read(&mut buf).await;
            drop(conn);
        });
        let e = send(&client(addr), "zkc_placeOrder", 1, "0xd").await;
        assert!(
            matches!(e, Err(WalletError::OutcomeUnknown { .. })),
            "{e:?}"
        );
        let _ = server.await;
    }
}

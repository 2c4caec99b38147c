//! Prometheus metrics (orders, acknowledge latency, trades, batches) and a minimal loopback
//! HTTP endpoint that serves them in the text exposition format.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The node's metrics. Every update is lock-free and cannot fail.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Registry,
    orders: IntCounterVec,
    ack_latency: Histogram,
    trades: IntCounter,
    batches: IntCounter,
    batch_ops: Histogram,
    batch_pubdata: Histogram,
    liquidations: IntCounter,
    oracle_price: IntGaugeVec,
    oracle_refused: IntCounterVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Fresh metrics in their own registry.
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("zkclear".into()), None).unwrap_or_default();
        let orders = IntCounterVec::new(
            Opts::new("orders_total", "Orders answered, by result"),
            &["result"],
        )
        .expect("static metric definition is valid");
        let ack_latency = Histogram::with_opts(
            HistogramOpts::new(
                "order_ack_seconds",
                "Time from keeper receipt to durable acknowledgement",
            )
            .buckets(vec![
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5,
            ]),
        )
        .expect("static metric definition is valid");
        let trades = IntCounter::new("trades_total", "Trades applied").expect("static metric");
        let batches = IntCounter::new("batches_total", "Batches committed").expect("static metric");
        let batch_ops = Histogram::with_opts(
            HistogramOpts::new("batch_ops", "Operations per committed batch")
                .buckets(prometheus::exponential_buckets(1.0, 2.0, 14).unwrap_or_default()),
        )
        .expect("static metric definition is valid");
        let batch_pubdata = Histogram::with_opts(
            HistogramOpts::new("batch_pubdata_bytes", "Pubdata bytes per committed batch")
                .buckets(prometheus::exponential_buckets(64.0, 4.0, 10).unwrap_or_default()),
        )
        .expect("static metric definition is valid");
        let liquidations =
            IntCounter::new("liquidations_total", "Liquidations applied").expect("static metric");
        let oracle_price = IntGaugeVec::new(
            Opts::new("oracle_price", "Latest oracle price per market"),
            &["market"],
        )
        .expect("static metric definition is valid");
        let oracle_refused = IntCounterVec::new(
            Opts::new(
                "oracle_ticks_refused_total",
                "Oracle ticks the state refused (band, quorum, clock), per market",
            ),
            &["market"],
        )
        .expect("static metric definition is valid");
        for c in [
            Box::new(orders.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(oracle_refused.clone()),
            Box::new(ack_latency.clone()),
            Box::new(trades.clone()),
            Box::new(batches.clone()),
            Box::new(batch_ops.clone()),
            Box::new(batch_pubdata.clone()),
            Box::new(liquidations.clone()),
            Box::new(oracle_price.clone()),
        ] {
            let _ = registry.register(c);
        }
        Self {
            registry,
            orders,
            ack_latency,
            trades,
            batches,
            batch_ops,
            batch_pubdata,
            liquidations,
            oracle_price,
            oracle_refused,
        }
    }

    /// An order was answered after `latency` (accepted or rejected).
    pub fn order_acknowledged(&self, accepted: bool, latency: Duration) {
        let label = if accepted { "accepted" } else { "rejected" };
        self.orders.with_label_values(&[label]).inc();
        if accepted {
            self.ack_latency.observe(latency.as_secs_f64());
        }
    }

    /// A trade was applied.
    pub fn trade(&self) {
        self.trades.inc();
    }

    /// A liquidation was applied.
    pub fn liquidation(&self) {
        self.liquidations.inc();
    }

    /// A batch of `ops` operations and `pubdata` bytes was committed.
    pub fn batch_committed(&self, ops: usize, pubdata: usize) {
        self.batches.inc();
        self.batch_ops.observe(ops as f64);
        self.batch_pubdata.observe(pubdata as f64);
    }

    /// The oracle price of a market changed.
    pub fn oracle_price(&self, market: u8, price: u32) {
        self.oracle_price
            .with_label_values(&[&market.to_string()])
            .set(i64::from(price));
    }

    /// The state refused an oracle tick for `market`.
    pub fn oracle_tick_refused(&self, market: u8) {
        self.oracle_refused
            .with_label_values(&[&market.to_string()])
            .inc();
    }

    /// Accepted orders so far.
    pub fn accepted_orders(&self) -> u64 {
        self.orders.with_label_values(&["accepted"]).get()
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

/// Serves `GET /metrics` (any path, in fact) on `addr`; returns the bound address.
pub async fn serve(addr: SocketAddr, metrics: Arc<Metrics>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            let metrics = metrics.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                let _ = tokio::time::timeout(Duration::from_secs(2), sock.read(&mut buf)).await;
                let body = metrics.render();
                let resp = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/plain; version=0.0.4\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                    body.len(),
                    body
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    Ok(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn metrics_endpoint_serves_counters() {
        let m = Arc::new(Metrics::new());
        m.order_acknowledged(true, Duration::from_micros(300));
        m.batch_committed(3, 105);
        let addr = serve("127.0.0.1:0".parse().expect("addr"), m.clone())
            .await
            .expect("bind");
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"GET /metrics HTTP/1.1\r\n\r\n")
            .await
            .expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).await.expect("read");
        assert!(out.contains("zkclear_orders_total{result=\"accepted\"} 1"));
        assert!(out.contains("zkclear_batch_ops_count 1"));
    }
}

//! Throughput of the matching-engine core alone, on one thread: orders/s and fills/s.
//!
//! `cargo run --release -p zkclear-sequencer --bin bench_book -- [orders] [seed]`
//!
//! The order stream is generated before the clock starts, so only `OrderBook::submit` (plan and
//! commit) and `OrderBook::cancel` are timed. Mix per order: 70% passive limits 1–20 ticks from
//! the mid, 30% crossing (half IOC, half limit) 0–5 ticks through the mid; after each order, with
//! probability 60%, a cancel of a random earlier passive order not cancelled before (it may have
//! been filled meanwhile: then the book answers `UnknownOrderId`, which is timed too). The mid takes a ±1-tick random step every
//! 1,000 orders. The book is pre-filled with 10,000 resting orders.

use std::time::Instant;

use zkclear_sequencer::book::{
    AccountId, BookError, BookOrder, Flat, OrderBook, OrderId, OrderKind, Side,
};

/// SplitMix64: tiny, fast, good enough to draw a benchmark's order stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

enum Op {
    Submit(BookOrder),
    Cancel(OrderId),
}

const MID: u64 = 1_000_000;
/// Chance, after each order, of cancelling a random earlier passive order.
const CANCEL_PERCENT: u64 = 60;

fn generate(n_orders: u64, rng: &mut Rng, first_id: u64) -> Vec<Op> {
    let mut ops = Vec::with_capacity(n_orders as usize * 14 / 10);
    let mut mid = MID;
    let mut passive: Vec<u64> = Vec::new();
    for i in 0..n_orders {
        if i % 1_000 == 0 {
            mid = if rng.chance(50) { mid + 1 } else { mid - 1 };
        }
        let side = if rng.chance(50) {
            Side::Buy
        } else {
            Side::Sell
        };
        let crossing = rng.chance(30);
        let offset = if crossing {
            rng.range(0, 5)
        } else {
            rng.range(1, 20)
        };
        let price = match (side, crossing) {
            (Side::Buy, true) | (Side::Sell, false) => mid + offset,
            (Side::Buy, false) | (Side::Sell, true) => mid - offset,
        };
        let kind = if crossing && rng.chance(50) {
            OrderKind::Ioc
        } else {
            OrderKind::Limit
        };
        let id = first_id + i;
        ops.push(Op::Submit(BookOrder {
            id: OrderId(id),
            account: AccountId(rng.range(1, 1_000)),
            side,
            price,
            size: rng.range(1, 10),
            kind,
            reduce_only: false,
        }));
        if !crossing {
            passive.push(id);
        }
        if rng.chance(CANCEL_PERCENT) && !passive.is_empty() {
            let k = rng.range(0, passive.len() as u64 - 1) as usize;
            ops.push(Op::Cancel(OrderId(passive.swap_remove(k))));
        }
    }
    ops
}

/// CPU time of this thread (user + system) from /proc, in seconds; None where unavailable.
///
/// The machine is shared, so wall-clock rates understate the engine; CPU time excludes the time
/// the thread waited for a core. /proc reports clock ticks of USER_HZ = 100 per second.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n_orders: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let mut rng = Rng(seed);

    let mut book = OrderBook::new();
    for op in generate(10_000, &mut rng, 0) {
        if let Op::Submit(mut o) = op {
            o.kind = OrderKind::Limit;
            o.price = match o.side {
                Side::Buy => MID - 1 - o.price % 20,
                Side::Sell => MID + 1 + o.price % 20,
            };
            book.submit(o, &Flat).expect("pre-fill orders are valid");
        }
    }
    let ops = generate(n_orders, &mut rng, 1_000_000_000);

    let (mut fills, mut filled_lots, mut cancels, mut unknown, mut rejected) =
        (0u64, 0u64, 0, 0, 0);
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    for op in &ops {
        match op {
            Op::Submit(o) => match book.submit(*o, &Flat) {
                Ok(plan) => {
                    fills += plan.fills().len() as u64;
                    filled_lots += plan.filled();
                }
                Err(_) => rejected += 1,
            },
            Op::Cancel(id) => match book.cancel(*id) {
                Ok(_) => cancels += 1,
                Err(BookError::UnknownOrderId(_)) => unknown += 1,
                Err(_) => rejected += 1,
            },
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| b - a);
    let n_ops = ops.len() as f64;
    let depth = book.depth(usize::MAX);
    println!("orders            {n_orders}");
    println!(
        "cancel requests   {} ({cancels} hit, {unknown} unknown)",
        cancels + unknown
    );
    println!("rejected          {rejected}");
    println!("fills             {fills} ({filled_lots} lots)");
    println!("elapsed           {secs:.3} s");
    println!("orders/s          {:.0}", n_orders as f64 / secs);
    println!("fills/s           {:.0}", fills as f64 / secs);
    println!("ops/s (incl. cancels) {:.0}", n_ops / secs);
    println!("mean per op       {:.0} ns", secs * 1e9 / n_ops);
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!("cpu time          {cpu:.2} s (this thread, 10 ms resolution)");
        println!("orders/cpu-s      {:.0}", n_orders as f64 / cpu);
        println!("fills/cpu-s       {:.0}", fills as f64 / cpu);
    }
    println!(
        "book at end       {} orders, {} bid levels, {} ask levels",
        book.len(),
        depth.bids.len(),
        depth.asks.len()
    );
}

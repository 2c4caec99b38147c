//! Native apply of `Trade`, all tree updates included (positions, fills, accounts, fee account),
//! on one core. Signatures are skipped by `AcceptAllForBench`, a verifier that accepts
//! everything: test-only, defined here and nowhere else.
//!
//! Run: `cargo bench -p zkclear-state --bench trade`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zkclear_state::crypto::{MessageDigest, PublicKey, Signature, SignatureVerifier};
use zkclear_state::genesis::Genesis;
use zkclear_state::ops::{Deposit, Op, OracleSubmission, OracleTick, Trade};
use zkclear_state::state::State;
use zkclear_state::store::MemoryStore;
use zkclear_state::types::{Address, Order, Side, SignedOrder};

/// Accepts every signature. Benchmark only.
struct AcceptAllForBench;

impl SignatureVerifier for AcceptAllForBench {
    fn verify(&self, _: &PublicKey, _: &MessageDigest, _: &Signature) -> bool {
        true
    }
}

const ACCOUNTS: u32 = 1_000;
const TRADES: u32 = 1_000;
const PRICE: u32 = 10_000_000;

fn setup() -> State<MemoryStore> {
    let g = Genesis::from_toml(include_str!("../genesis/devnet.toml")).expect("devnet genesis");
    let mut s = State::open(MemoryStore::new(), &g).expect("genesis state");
    for id in 1..=ACCOUNTS {
        let mut owner = [0u8; 20];
        owner[16..].copy_from_slice(&id.to_be_bytes());
        s.apply(
            &Op::Deposit(Deposit {
                account: id,
                owner: Address(owner),
                pubkey: PublicKey([u64::from(id), 0, 0, 0, 0]),
                amount: 1_000_000_000_000,
            }),
            &AcceptAllForBench,
        )
        .expect("deposit");
    }
    let tick = OracleTick {
        market: 0,
        timestamp: g.genesis_time + 1,
        submissions: (0..2)
            .map(|i| OracleSubmission {
                key_index: i,
                price: PRICE,
                signature: Signature::default(),
            })
            .collect(),
    };
    s.apply(&Op::OracleTick(tick), &AcceptAllForBench)
        .expect("tick");
    s.commit_batch().expect("commit");
    s
}

fn order(account: u32, side: Side, nonce: u32) -> SignedOrder {
    SignedOrder {
        order: Order {
            account,
            market: 0,
            side,
            limit_price: PRICE,
            size: 10,
            max_fee_ppm: 1_000,
            expiry: u64::MAX,
            nonce,
        },
        signature: Signature::default(),
    }
}

fn trades() -> Vec<Op> {
    (0..TRADES)
        .map(|i| {
            let a = 1 + (i * 7) % ACCOUNTS;
            let b = 1 + (i * 13 + 500) % ACCOUNTS;
            let b = if a == b { 1 + b % ACCOUNTS } else { b };
            Op::Trade(Trade {
                maker: order(a, Side::Buy, i + 1),
                taker: order(b, Side::Sell, i + 1),
                fill: 1 + i % 10,
                price: PRICE,
                maker_fee_ppm: 100,
                taker_fee_ppm: 500,
            })
        })
        .collect()
}

fn bench_trade(c: &mut Criterion) {
    let ops = trades();
    let mut group = c.benchmark_group("trade");
    group.sample_size(10);
    group.throughput(Throughput::Elements(u64::from(TRADES)));
    group.bench_function("apply_1000_trades_1000_accounts", |b| {
        b.iter_batched(
            setup,
            |mut s| {
                for op in &ops {
                    s.apply(op, &AcceptAllForBench).expect("trade applies");
                }
                s
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_trade);
criterion_main!(benches);

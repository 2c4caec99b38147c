//! Native apply of `Trade`, all tree updates included (positions, fills, accounts, fee account),
//! on one core. Signatures are skipped by `AcceptAllForBench`, a verifier that accepts
//! everything: test-only, defined here and nowhere else.
//!
//! Two hashing modes over the same 1 000 trades: eager (each op hashes its leaves, the default)
//! and deferred (`State::set_deferred_hashing`: ops stage records only, then one `rehash` for the
//! 1 000 trades, counted in the time). Both are also timed with the batch commit. Before timing,
//! the Poseidon permutations per trade of each mode are counted from the leaf-update witnesses
//! and printed.
//!
//! Run: `cargo bench -p zkclear-state --bench trade`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zkclear_state::crypto::{MessageDigest, PublicKey, Signature, SignatureVerifier};
use zkclear_state::genesis::Genesis;
use zkclear_state::ops::{Deposit, Op, OracleSubmission, OracleTick, Trade};
use zkclear_state::state::{LeafUpdate, State, KIND_ACCOUNTS, KIND_MARKETS};
use zkclear_state::store::MemoryStore;
use zkclear_state::tree::{empty_root, Hash};
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
            time_in_force: zkclear_state::types::TimeInForce::Gtc,
            reduce_only: false,
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

/// Poseidon permutations behind one leaf update: the leaf digest (`hash_no_pad`, one per 8
/// elements; none for an empty position or fill) plus one per path node rehashed (none for a no-op
/// update, none where both children are empty).
fn permutations(u: &LeafUpdate) -> usize {
    let p = &u.proof;
    let leaf = match u.tree.kind {
        KIND_ACCOUNTS => 3,
        KIND_MARKETS => 2,
        _ if p.new_leaf == Hash::ZERO => 0,
        _ => 1,
    };
    if p.new_leaf == p.old_leaf {
        return leaf;
    }
    let mut empty = p.new_leaf == Hash::ZERO;
    let mut nodes = 0;
    for (level, sibling) in p.siblings.iter().enumerate() {
        let e = empty_root(level as u8);
        if !(empty && *sibling == e) {
            nodes += 1;
            empty = false;
        }
    }
    leaf + nodes
}

/// Prints permutations per trade in both modes (untimed).
fn count_permutations(ops: &[Op]) {
    let mut eager = setup();
    let mut perms = 0;
    for op in ops {
        let out = eager.apply(op, &AcceptAllForBench).expect("trade applies");
        perms += out.updates.iter().map(permutations).sum::<usize>();
    }
    let mut deferred = setup();
    deferred.set_deferred_hashing(true).expect("switch on");
    for op in ops {
        deferred
            .apply(op, &AcceptAllForBench)
            .expect("trade applies");
    }
    let leaves = deferred.pending_leaves();
    let updates = deferred.rehash().expect("rehash");
    let deferred_perms: usize = updates.iter().map(permutations).sum();
    // What a multi-leaf tree update (each dirty path node hashed once per batch, not once per
    // leaf) would cost: leaf digests plus the distinct internal nodes above the changed leaves.
    let leaf_perms: usize = updates
        .iter()
        .map(|u| {
            let mut leaf_only = u.clone();
            leaf_only.proof.old_leaf = leaf_only.proof.new_leaf;
            permutations(&leaf_only)
        })
        .sum();
    let mut shared = std::collections::HashSet::new();
    for u in updates
        .iter()
        .filter(|u| u.proof.new_leaf != u.proof.old_leaf)
    {
        for level in 1..=u.proof.siblings.len() {
            shared.insert((u.tree, level, u.proof.index >> level));
        }
    }
    assert_eq!(
        eager.root().expect("root"),
        deferred.root().expect("root"),
        "modes agree"
    );
    let n = ops.len() as f64;
    println!(
        "poseidon permutations per trade: eager {:.1}, deferred {:.1} ({leaves} dirty leaves for {} \
         trades); deferred with shared paths (not implemented) at most {:.1}",
        perms as f64 / n,
        deferred_perms as f64 / n,
        ops.len(),
        (leaf_perms + shared.len()) as f64 / n,
    );
}

fn deferred_setup() -> State<MemoryStore> {
    let mut s = setup();
    s.set_deferred_hashing(true).expect("switch on");
    s
}

fn bench_trade(c: &mut Criterion) {
    let ops = trades();
    count_permutations(&ops);
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
    group.bench_function("deferred_apply_1000_trades_then_rehash", |b| {
        b.iter_batched(
            deferred_setup,
            |mut s| {
                for op in &ops {
                    s.apply(op, &AcceptAllForBench).expect("trade applies");
                }
                s.rehash().expect("rehash");
                s
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("eager_apply_1000_trades_then_commit", |b| {
        b.iter_batched(
            setup,
            |mut s| {
                for op in &ops {
                    s.apply(op, &AcceptAllForBench).expect("trade applies");
                }
                s.commit_batch().expect("commit");
                s
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("deferred_apply_1000_trades_then_commit", |b| {
        b.iter_batched(
            deferred_setup,
            |mut s| {
                for op in &ops {
                    s.apply(op, &AcceptAllForBench).expect("trade applies");
                }
                s.commit_batch().expect("commit");
                s
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_trade);
criterion_main!(benches);

//! Sparse Merkle tree throughput: Poseidon hashes/s, leaf updates/s per depth, proofs/s, and a
//! trade-shaped mix (2 updates at depth 32, 2 at depth 16, 2 at depth 4) with batch commits.
//!
//! Run: `cargo bench -p zkclear-state --bench tree`.

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use plonky2::field::types::{Field, Field64};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zkclear_state::store::{MemoryStore, SledStore, Store};
use zkclear_state::tree::{hash_children, Hash, StateDb, TreeId, F};

const ACCOUNTS: TreeId = TreeId::new(0, 0);
/// Leaves already in the depth-32 tree before measuring, so paths are not mostly empty.
const PREFILL: u64 = 20_000;
/// Trades per committed batch in the trade-shaped benches.
const TRADES_PER_COMMIT: u64 = 500;

fn leaf(rng: &mut ChaCha8Rng) -> Hash {
    let mut h = Hash::ZERO;
    for e in h.elements.iter_mut() {
        *e = F::from_canonical_u64(rng.gen_range(0..F::ORDER));
    }
    h
}

fn prefilled<S: Store>(store: S, rng: &mut ChaCha8Rng) -> StateDb<S> {
    let mut db = StateDb::open(store).expect("open");
    for _ in 0..PREFILL {
        let index = rng.gen_range(0..1u64 << 32);
        db.update_leaf(ACCOUNTS, 32, index, leaf(rng))
            .expect("update");
    }
    db.commit().expect("commit");
    db
}

fn bench_hash(c: &mut Criterion) {
    let mut group = c.benchmark_group("poseidon");
    group.throughput(Throughput::Elements(1));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let (a, b) = (leaf(&mut rng), leaf(&mut rng));
    group.bench_function("two_to_one", |bench| {
        bench.iter(|| hash_children(black_box(&a), black_box(&b)))
    });
    group.finish();
}

fn bench_updates(c: &mut Criterion) {
    let mut group = c.benchmark_group("update_leaf");
    group.throughput(Throughput::Elements(1));
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut db = prefilled(MemoryStore::new(), &mut rng);
    for (depth, tree) in [
        (32u8, ACCOUNTS),
        (16, TreeId::new(3, 1)),
        (4, TreeId::new(2, 1)),
    ] {
        let mut n = 0u64;
        group.bench_function(format!("depth_{depth}"), |bench| {
            bench.iter(|| {
                let index = rng.gen_range(0..1u64 << depth);
                let update = db
                    .update_leaf(tree, depth, index, leaf(&mut rng))
                    .expect("update");
                n += 1;
                if n % 1000 == 0 {
                    db.commit().expect("commit");
                }
                update
            })
        });
        db.commit().expect("commit");
    }
    group.bench_function("prove_depth_32", |bench| {
        bench.iter(|| {
            db.prove(ACCOUNTS, 32, rng.gen_range(0..1u64 << 32))
                .expect("prove")
        })
    });
    group.finish();
}

/// One trade's tree work: both accounts' leaves, their fill-tree and positions-tree leaves.
fn trade<S: Store>(db: &mut StateDb<S>, rng: &mut ChaCha8Rng) {
    for _ in 0..2 {
        let account = rng.gen_range(0..1u64 << 32);
        let fills = TreeId::new(3, account);
        let positions = TreeId::new(2, account);
        db.update_leaf(fills, 16, rng.gen_range(0..1 << 16), leaf(rng))
            .expect("fill");
        db.update_leaf(positions, 4, rng.gen_range(0..16), leaf(rng))
            .expect("position");
        db.update_leaf(ACCOUNTS, 32, account, leaf(rng))
            .expect("account");
    }
}

fn bench_trades(c: &mut Criterion) {
    let mut group = c.benchmark_group("trade_tree_work");
    group.throughput(Throughput::Elements(TRADES_PER_COMMIT));
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut memory = prefilled(MemoryStore::new(), &mut rng);
    group.bench_function("memory_store_batch_of_500", |bench| {
        bench.iter(|| {
            for _ in 0..TRADES_PER_COMMIT {
                trade(&mut memory, &mut rng);
            }
            memory.commit().expect("commit");
        })
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sled = prefilled(SledStore::open(dir.path()).expect("sled"), &mut rng);
    group.bench_function("sled_store_batch_of_500", |bench| {
        bench.iter_batched(
            || (),
            |()| {
                for _ in 0..TRADES_PER_COMMIT {
                    trade(&mut sled, &mut rng);
                }
                sled.commit().expect("commit");
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench_hash, bench_updates, bench_trades
}
criterion_main!(benches);

//! Crash recovery of the sled-backed state: a child process (this same test binary, selected by
//! an environment variable) commits batches of random tree updates in a loop and acknowledges each
//! on stdout once `commit()` returns; the parent SIGKILLs it at random points, reopens the store
//! and checks that it holds exactly the last acknowledged batch or the one being written (never
//! a mix, never an older one), by replaying the same deterministic batches in memory.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use plonky2::field::types::{Field, Field64};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zkclear_state::store::{MemoryStore, SledStore, Store};
use zkclear_state::tree::{
    hash_children, hash_from_bytes, hash_to_bytes, hash_to_hex, Hash, StateDb, TreeError, TreeId, F,
};

const CHILD_ENV: &str = "ZKCLEAR_CRASH_CHILD_DIR";
const SEED_ENV: &str = "ZKCLEAR_CRASH_SEED";
const TEST_NAME: &str = "sled_state_survives_sigkill_at_random_points";
const RECORD_KEY: &[u8] = b"crash/record";
const ACCOUNTS: TreeId = TreeId::new(0, 0);
const ACCOUNTS_DEPTH: u8 = 32;
const POSITIONS_DEPTH: u8 = 4;
const OWNERS: u64 = 3;
const ROUNDS: usize = 8;
/// A child stops by itself after this long, should its parent die without killing it.
const CHILD_LIFETIME: Duration = Duration::from_secs(20);

fn positions(owner: u64) -> TreeId {
    TreeId::new(2, owner)
}

fn random_leaf(rng: &mut ChaCha8Rng) -> Hash {
    let mut leaf = Hash::ZERO;
    for e in leaf.elements.iter_mut() {
        *e = F::from_canonical_u64(rng.gen_range(0..F::ORDER));
    }
    leaf
}

/// One digest over the roots of every tree the test writes.
fn combined_root<S: Store>(db: &StateDb<S>) -> Result<Hash, TreeError> {
    let mut root = db.root(ACCOUNTS, ACCOUNTS_DEPTH)?;
    for owner in 0..OWNERS {
        root = hash_children(&root, &db.root(positions(owner), POSITIONS_DEPTH)?);
    }
    Ok(root)
}

/// Stages batch `n` (a pure function of `n`) and the record `n || combined root` in the same batch;
/// returns the combined root.
fn stage_batch<S: Store>(db: &mut StateDb<S>, n: u64) -> Result<Hash, TreeError> {
    let mut rng = ChaCha8Rng::seed_from_u64(n);
    for _ in 0..16 {
        // A small index range so later batches overwrite earlier leaves.
        let index = rng.gen_range(0..64u64) << 26;
        let leaf = random_leaf(&mut rng);
        db.update_leaf(ACCOUNTS, ACCOUNTS_DEPTH, index, leaf)?;
    }
    for _ in 0..4 {
        let owner = rng.gen_range(0..OWNERS);
        let index = rng.gen_range(0..1u64 << POSITIONS_DEPTH);
        let leaf = if rng.gen_bool(0.25) {
            Hash::ZERO
        } else {
            random_leaf(&mut rng)
        };
        db.update_leaf(positions(owner), POSITIONS_DEPTH, index, leaf)?;
    }
    let root = combined_root(db)?;
    let mut record = n.to_le_bytes().to_vec();
    record.extend_from_slice(&hash_to_bytes(&root));
    db.put_value(RECORD_KEY, record);
    Ok(root)
}

/// The child role: commit batches forever (until killed), acknowledging each.
fn run_child(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut db = StateDb::open(SledStore::open(dir)?)?;
    let mut n = db.commit_count();
    let started = Instant::now();
    let stdout = std::io::stdout();
    while started.elapsed() < CHILD_LIFETIME {
        n += 1;
        let root = stage_batch(&mut db, n)?;
        db.commit()?;
        let mut out = stdout.lock();
        writeln!(out, "committed {n} {}", hash_to_hex(&root))?;
        out.flush()?;
    }
    Ok(())
}

/// Runs one child for `run_for`, SIGKILLs it, and returns its acknowledgements `n -> root hex`.
fn run_and_kill(dir: &Path, run_for: Duration) -> BTreeMap<u64, String> {
    let exe = std::env::current_exe().expect("the test binary knows its own path");
    let mut child = Command::new(exe)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn the child role");
    let stdout = child.stdout.take().expect("stdout was piped");
    let reader = std::thread::spawn(move || {
        let mut acks = BTreeMap::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // libtest may print "test <name> ... " without a newline before the child's output.
            let Some(start) = line.find("committed ") else {
                continue;
            };
            let mut words = line[start..].split_whitespace().skip(1);
            let n = words.next().and_then(|w| w.parse::<u64>().ok());
            let root = words.next().map(str::to_owned);
            if let (Some(n), Some(root)) = (n, root) {
                acks.insert(n, root);
            }
        }
        acks
    });
    std::thread::sleep(run_for);
    // Child::kill sends SIGKILL on Unix: no destructor, no flush runs in the child.
    child.kill().expect("kill the child");
    let status = child.wait().expect("reap the child");
    assert!(
        !status.success(),
        "the child must die by the signal, not exit: {status}"
    );
    reader.join().expect("the reader thread does not panic")
}

#[test]
fn sled_state_survives_sigkill_at_random_points() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        if let Err(e) = run_child(Path::new(&dir)) {
            eprintln!("crash child failed: {e}");
            std::process::exit(2);
        }
        return;
    }
    let started = Instant::now();
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
    eprintln!("crash test seed {seed} (rerun with {SEED_ENV}={seed})");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("temp dir");

    let mut reference = StateDb::open(MemoryStore::new()).expect("memory store");
    let mut acks = BTreeMap::new();
    let mut last_ack = 0u64;
    for round in 0..ROUNDS {
        let run_for = Duration::from_millis(rng.gen_range(50..=300));
        let new_acks = run_and_kill(dir.path(), run_for);
        for (&n, root) in &new_acks {
            assert_eq!(
                n,
                last_ack + 1,
                "round {round}: acknowledgements are consecutive"
            );
            last_ack = n;
            acks.insert(n, root.clone());
        }

        let db = StateDb::open(SledStore::open(dir.path()).expect("reopen sled")).expect("open");
        let landed = db.commit_count();
        assert!(
            landed == last_ack || landed == last_ack + 1,
            "round {round}: reopened at batch {landed}, last acknowledged {last_ack}"
        );
        // Replay the same batches in memory up to the one that landed.
        while reference.commit_count() < landed {
            let n = reference.commit_count() + 1;
            let root = stage_batch(&mut reference, n).expect("replay");
            reference.commit().expect("memory commit");
            if let Some(acked) = acks.get(&n) {
                assert_eq!(
                    *acked,
                    hash_to_hex(&root),
                    "batch {n}: replay matches the ack"
                );
            }
        }
        // Every tree and the record are those of batch `landed`: no mix of two batches.
        assert_eq!(
            db.root(ACCOUNTS, ACCOUNTS_DEPTH).expect("root"),
            reference.root(ACCOUNTS, ACCOUNTS_DEPTH).expect("root")
        );
        for owner in 0..OWNERS {
            assert_eq!(
                db.root(positions(owner), POSITIONS_DEPTH).expect("root"),
                reference
                    .root(positions(owner), POSITIONS_DEPTH)
                    .expect("root")
            );
        }
        let record = db.get_value(RECORD_KEY).expect("record");
        assert_eq!(record, reference.get_value(RECORD_KEY).expect("record"));
        if let Some(record) = record {
            assert_eq!(record[..8], landed.to_le_bytes());
            let root = hash_from_bytes(&record[8..]).expect("record holds a root");
            assert_eq!(root, combined_root(&db).expect("roots"));
        }
        eprintln!(
            "round {round}: ran {run_for:?}, last acknowledged {last_ack}, reopened at {landed}"
        );
        last_ack = landed;
    }
    assert!(last_ack > 0, "no batch was committed in {ROUNDS} rounds");
    eprintln!("crash test took {:?}", started.elapsed());
}

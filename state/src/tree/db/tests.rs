use std::collections::BTreeMap;
use std::sync::Arc;

use plonky2::field::types::Field;
use proptest::prelude::*;

use super::*;
use crate::store::{MemoryStore, SledStore};
use crate::tree::{empty_root, F};

const ACCOUNTS: TreeId = TreeId::new(0, 0);
const POSITIONS: TreeId = TreeId::new(2, 7);

fn h(v: u64) -> Hash {
    Hash {
        elements: [F::from_canonical_u64(v), F::ONE, F::ZERO, F::ZERO],
    }
}

fn memory_db() -> StateDb<MemoryStore> {
    StateDb::open(MemoryStore::new()).expect("memory store cannot fail")
}

/// Root of a depth-`depth` tree recomputed from scratch over all `2^depth` leaves.
fn reference_root(depth: u8, leaves: &BTreeMap<u64, Hash>) -> Hash {
    let mut level: Vec<Hash> = (0..1u64 << depth)
        .map(|i| leaves.get(&i).copied().unwrap_or(Hash::ZERO))
        .collect();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| hash_children(&pair[0], &pair[1]))
            .collect();
    }
    level[0]
}

#[test]
fn fresh_tree_has_empty_root() -> Result<(), TreeError> {
    let db = memory_db();
    assert_eq!(db.root(ACCOUNTS, 32)?, empty_root(32));
    assert_eq!(db.get_leaf(ACCOUNTS, 32, 12345)?, Hash::ZERO);
    Ok(())
}

#[test]
fn update_then_prove_round_trips() -> Result<(), TreeError> {
    let mut db = memory_db();
    let before = db.root(ACCOUNTS, 32)?;
    let update = db.update_leaf(ACCOUNTS, 32, 0xdead_beef, h(1))?;
    assert_eq!(update.old_root, before);
    assert_eq!(update.old_leaf, Hash::ZERO);
    assert_eq!(update.new_root, db.root(ACCOUNTS, 32)?);
    assert!(update.verify());
    let proof = db.prove(ACCOUNTS, 32, 0xdead_beef)?;
    assert_eq!(proof.leaf, h(1));
    assert_eq!(proof.siblings, update.siblings);
    assert!(proof.verify(&update.new_root));
    assert_eq!(db.get_leaf(ACCOUNTS, 32, 0xdead_beef)?, h(1));
    // A second leaf's proof carries the first one's path node.
    let second = db.update_leaf(ACCOUNTS, 32, 0xdead_beee, h(2))?;
    assert_eq!(second.siblings[0], h(1));
    assert!(db
        .prove(ACCOUNTS, 32, 0xdead_beef)?
        .verify(&second.new_root));
    Ok(())
}

#[test]
fn clearing_every_leaf_restores_the_empty_root() -> Result<(), TreeError> {
    let mut db = memory_db();
    db.update_leaf(POSITIONS, 4, 3, h(1))?;
    db.update_leaf(POSITIONS, 4, 9, h(2))?;
    db.commit()?;
    db.update_leaf(POSITIONS, 4, 3, Hash::ZERO)?;
    db.update_leaf(POSITIONS, 4, 9, Hash::ZERO)?;
    assert_eq!(db.root(POSITIONS, 4)?, empty_root(4));
    db.commit()?;
    // Empty nodes are deleted, not stored: only the commit counter remains.
    assert_eq!(db.store().len()?, 1);
    Ok(())
}

#[test]
fn index_out_of_range_is_an_error() {
    let mut db = memory_db();
    assert!(matches!(
        db.update_leaf(POSITIONS, 4, 16, h(1)),
        Err(TreeError::IndexOutOfRange {
            index: 16,
            depth: 4
        })
    ));
    assert!(matches!(
        db.prove(POSITIONS, 4, 16),
        Err(TreeError::IndexOutOfRange { .. })
    ));
    assert!(matches!(
        db.get_leaf(POSITIONS, 0, 1),
        Err(TreeError::IndexOutOfRange { .. })
    ));
    assert!(matches!(
        db.root(POSITIONS, 65),
        Err(TreeError::DepthTooLarge { depth: 65 })
    ));
    assert!(!db.has_staged());
}

#[test]
fn depth_zero_and_depth_64_trees_work() -> Result<(), TreeError> {
    let mut db = memory_db();
    let single = TreeId::new(9, 0);
    let update = db.update_leaf(single, 0, 0, h(5))?;
    assert_eq!(update.new_root, h(5));
    assert!(update.verify());
    let update = db.update_leaf(ACCOUNTS, 64, u64::MAX, h(6))?;
    assert!(update.verify());
    assert!(db
        .prove(ACCOUNTS, 64, u64::MAX)?
        .verify(&db.root(ACCOUNTS, 64)?));
    Ok(())
}

#[test]
fn rollback_restores_exact_roots_and_values() -> Result<(), TreeError> {
    let mut db = memory_db();
    db.update_leaf(ACCOUNTS, 32, 1, h(1))?;
    db.put_value(b"acct/1", vec![1]);
    let root = db.root(ACCOUNTS, 32)?;
    let cp = db.checkpoint();
    db.update_leaf(ACCOUNTS, 32, 1, h(2))?;
    db.update_leaf(ACCOUNTS, 32, 2, h(3))?;
    db.update_leaf(POSITIONS, 4, 2, h(3))?;
    db.put_value(b"acct/1", vec![2]);
    db.put_value(b"acct/2", vec![3]);
    db.rollback(cp);
    assert_eq!(db.root(ACCOUNTS, 32)?, root);
    assert_eq!(db.root(POSITIONS, 4)?, empty_root(4));
    assert_eq!(db.get_leaf(ACCOUNTS, 32, 2)?, Hash::ZERO);
    assert_eq!(db.get_value(b"acct/1")?, Some(vec![1]));
    assert_eq!(db.get_value(b"acct/2")?, None);
    Ok(())
}

#[test]
fn stale_checkpoint_is_reported_and_changes_nothing() -> Result<(), TreeError> {
    let mut db = memory_db();
    let cp = db.checkpoint();
    db.update_leaf(ACCOUNTS, 32, 1, h(1))?;
    db.commit()?;
    db.update_leaf(ACCOUNTS, 32, 2, h(2))?;
    let root = db.root(ACCOUNTS, 32)?;
    assert!(matches!(
        db.try_rollback(cp),
        Err(TreeError::StaleCheckpoint)
    ));
    db.rollback(cp);
    assert_eq!(db.root(ACCOUNTS, 32)?, root);
    Ok(())
}

#[test]
fn discard_drops_staged_writes_but_keeps_committed_ones() -> Result<(), TreeError> {
    let mut db = memory_db();
    db.update_leaf(ACCOUNTS, 32, 1, h(1))?;
    db.put_value(b"k", vec![1]);
    db.commit()?;
    let root = db.root(ACCOUNTS, 32)?;
    db.update_leaf(ACCOUNTS, 32, 1, h(2))?;
    db.delete_value(b"k");
    assert_eq!(db.get_value(b"k")?, None);
    db.discard();
    assert_eq!(db.root(ACCOUNTS, 32)?, root);
    assert_eq!(db.get_value(b"k")?, Some(vec![1]));
    assert_eq!(db.commit_count(), 1);
    Ok(())
}

#[test]
fn corrupt_node_is_an_error_not_a_panic() -> Result<(), TreeError> {
    let store = Arc::new(MemoryStore::new());
    let mut db = StateDb::open(Arc::clone(&store))?;
    db.update_leaf(POSITIONS, 4, 0, h(1))?;
    db.commit()?;
    let mut batch = crate::store::WriteBatch::new();
    let key = NodeKey {
        tree: POSITIONS,
        level: 4,
        pos: 0,
    };
    batch.put(key.encode().to_vec(), vec![0xff; 32]);
    store.write_batch(batch)?;
    let reopened = StateDb::open(store)?;
    assert!(matches!(
        reopened.root(POSITIONS, 4),
        Err(TreeError::Store(StoreError::Corrupt { .. }))
    ));
    Ok(())
}

/// Applies the same sequence on `db`, returning every root and value read back.
fn exercise<S: Store>(db: &mut StateDb<S>) -> Result<Vec<Hash>, TreeError> {
    let mut roots = Vec::new();
    for i in 0..40u64 {
        db.update_leaf(ACCOUNTS, 32, i * 0x0101_0101 % (1 << 32), h(i))?;
        db.update_leaf(POSITIONS, 4, i % 16, h(i + 100))?;
        db.put_value(&i.to_le_bytes(), i.to_be_bytes().to_vec());
        if i % 7 == 6 {
            db.commit()?;
        }
        roots.push(db.root(ACCOUNTS, 32)?);
        roots.push(db.root(POSITIONS, 4)?);
    }
    db.discard();
    Ok(roots)
}

#[test]
fn memory_and_sled_stores_behave_the_same() -> Result<(), TreeError> {
    let memory = Arc::new(MemoryStore::new());
    let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt {
        key: e.to_string(),
        reason: "tempdir",
    })?;
    let mut mem_db = StateDb::open(Arc::clone(&memory))?;
    let mut sled_db = StateDb::open(SledStore::open(dir.path())?)?;
    assert_eq!(exercise(&mut mem_db)?, exercise(&mut sled_db)?);
    drop(sled_db);
    // Reopen both: the last commit (i = 34) is what remains, in both.
    let mem_db = StateDb::open(memory)?;
    let sled_db = StateDb::open(SledStore::open(dir.path())?)?;
    assert_eq!(mem_db.commit_count(), 5);
    assert_eq!(sled_db.commit_count(), 5);
    for (tree, depth) in [(ACCOUNTS, 32), (POSITIONS, 4)] {
        assert_eq!(mem_db.root(tree, depth)?, sled_db.root(tree, depth)?);
    }
    for i in 0..40u64 {
        let value = sled_db.get_value(&i.to_le_bytes())?;
        assert_eq!(value, mem_db.get_value(&i.to_le_bytes())?);
        assert_eq!(value.is_some(), i <= 34);
    }
    Ok(())
}

#[test]
fn sled_reopen_returns_same_roots_and_values() -> Result<(), TreeError> {
    let dir = tempfile::tempdir().map_err(|e| StoreError::Corrupt {
        key: e.to_string(),
        reason: "tempdir",
    })?;
    let (root, proof) = {
        let mut db = StateDb::open(SledStore::open(dir.path())?)?;
        db.update_leaf(ACCOUNTS, 32, 77, h(1))?;
        db.put_value(b"globals", vec![4, 5, 6]);
        db.commit()?;
        db.update_leaf(ACCOUNTS, 32, 76, h(2))?;
        (db.root(ACCOUNTS, 32)?, db.prove(ACCOUNTS, 32, 77)?)
        // Dropped with the second update staged: it must not survive.
    };
    let db = StateDb::open(SledStore::open(dir.path())?)?;
    assert_ne!(db.root(ACCOUNTS, 32)?, root);
    assert_eq!(db.get_leaf(ACCOUNTS, 32, 76)?, Hash::ZERO);
    assert_eq!(db.get_leaf(ACCOUNTS, 32, 77)?, h(1));
    assert_eq!(db.get_value(b"globals")?, Some(vec![4, 5, 6]));
    let reproved = db.prove(ACCOUNTS, 32, 77)?;
    // Leaf 76 (the uncommitted one) is 77's level-0 sibling; the rest of the path is committed.
    assert_eq!(reproved.siblings[0], Hash::ZERO);
    assert_eq!(reproved.siblings[1..], proof.siblings[1..]);
    assert!(reproved.verify(&db.root(ACCOUNTS, 32)?));
    Ok(())
}

#[derive(Clone, Debug)]
enum Op {
    Update { tree: bool, index: u64, leaf: u64 },
    Checkpoint,
    Rollback,
    Commit,
    Discard,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<bool>(), 0u64..64, 0u64..4).prop_map(|(tree, index, leaf)| Op::Update { tree, index, leaf }),
        1 => Just(Op::Checkpoint),
        1 => Just(Op::Rollback),
        1 => Just(Op::Commit),
        1 => Just(Op::Discard),
    ]
}

type Leaves = [BTreeMap<u64, Hash>; 2];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random updates, checkpoints, rollbacks, commits and discards on two trees (depths 6 and 3,
    /// so tree 1 sees out-of-range indices) agree with a full recompute after every step.
    #[test]
    fn matches_naive_reference(ops in proptest::collection::vec(op_strategy(), 1..60)) {
        let trees = [(TreeId::new(0, 0), 6u8), (TreeId::new(2, 1), 3u8)];
        let mut db = StateDb::with_cache_capacity(MemoryStore::new(), 16)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut committed: Leaves = Default::default();
        let mut staged: Leaves = Default::default();
        let mut checkpoints: Vec<(Checkpoint, Leaves)> = Vec::new();
        for op in ops {
            match op {
                Op::Update { tree, index, leaf } => {
                    let (id, depth) = trees[usize::from(tree)];
                    let leaf = if leaf == 0 { Hash::ZERO } else { h(leaf) };
                    let result = db.update_leaf(id, depth, index, leaf);
                    if index >= 1 << depth {
                        let out_of_range = matches!(result, Err(TreeError::IndexOutOfRange { .. }));
                        prop_assert!(out_of_range);
                        continue;
                    }
                    let update = result.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let old_root = reference_root(depth, &staged[usize::from(tree)]);
                    prop_assert_eq!(update.old_root, old_root);
                    if leaf == Hash::ZERO {
                        staged[usize::from(tree)].remove(&index);
                    } else {
                        staged[usize::from(tree)].insert(index, leaf);
                    }
                    prop_assert_eq!(update.new_root, reference_root(depth, &staged[usize::from(tree)]));
                    prop_assert!(update.verify());
                }
                Op::Checkpoint => checkpoints.push((db.checkpoint(), staged.clone())),
                Op::Rollback => {
                    if let Some((cp, leaves)) = checkpoints.pop() {
                        db.rollback(cp);
                        staged = leaves;
                    }
                }
                Op::Commit => {
                    db.commit().map_err(|e| TestCaseError::fail(e.to_string()))?;
                    committed = staged.clone();
                    checkpoints.clear();
                }
                Op::Discard => {
                    db.discard();
                    staged = committed.clone();
                    checkpoints.clear();
                }
            }
            for (t, (id, depth)) in trees.iter().enumerate() {
                let root = db.root(*id, *depth).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(root, reference_root(*depth, &staged[t]));
                let index = (t as u64 * 5 + 3) % (1 << depth);
                let proof = db.prove(*id, *depth, index).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(proof.verify(&root));
            }
        }
    }
}

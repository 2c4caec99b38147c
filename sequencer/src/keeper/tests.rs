//! Keeper behaviour in-process (no RPC): matching through the state, rejection paths, batches,
//! and recovery from the WAL.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use rand_chacha::rand_core::SeedableRng;
use zkclear_state::crypto::{SchnorrVerifier, SecretKey};
use zkclear_state::genesis::{FeeAccount, Genesis, MarketConfig, OracleConfig};
use zkclear_state::ops::Deposit;
use zkclear_state::types::{Address, MarketKind, Order, Side, SignedOrder, TimeInForce};

use super::*;
use crate::metrics::Metrics;
use crate::persist::NodeDb;

struct Kit {
    oracle: SecretKey,
    traders: Vec<SecretKey>,
    genesis_time: u64,
}

fn kit() -> Kit {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    Kit {
        oracle: SecretKey::random(&mut rng),
        traders: (0..3).map(|_| SecretKey::random(&mut rng)).collect(),
        genesis_time: 1_767_225_600,
    }
}

fn genesis(k: &Kit) -> Genesis {
    Genesis {
        genesis_time: k.genesis_time,
        insurance_fund: 0,
        fee_account: FeeAccount {
            owner: Address([0xfe; 20]),
            pubkey: k.traders[0].public_key(),
        },
        oracle: OracleConfig {
            quorum: 1,
            keys: vec![k.oracle.public_key()],
        },
        markets: vec![MarketConfig {
            id: 0,
            kind: MarketKind::Perp,
            underlying: None,
            strike: 0,
            expiry: 0,
            initial_ppm: 100_000,
            maintenance_ppm: 50_000,
            beta_initial_ppm: 0,
            beta_maintenance_ppm: 0,
            liquidation_fee_ppm: 10_000,
            max_funding_rate_ppm: 1_000,
            band_ppm: zkclear_state::genesis::DEFAULT_BAND_PPM,
            max_price_age: zkclear_state::genesis::DEFAULT_MAX_PRICE_AGE,
        }],
    }
}

async fn start(k: &Kit, db: NodeDb) -> (KeeperHandle, std::thread::JoinHandle<()>) {
    let c = KeeperConfig::default();
    start_with(k, db, c.deferred_hashing, c.rehash_when_idle).await
}

async fn start_with(
    k: &Kit,
    db: NodeDb,
    deferred_hashing: bool,
    rehash_when_idle: bool,
) -> (KeeperHandle, std::thread::JoinHandle<()>) {
    spawn(KeeperParams {
        db,
        genesis: genesis(k),
        verifier: Arc::new(SchnorrVerifier),
        config: KeeperConfig {
            batch_interval_ms: 600_000,
            deferred_hashing,
            rehash_when_idle,
            idle_rehash_interval_ms: 0,
            ..KeeperConfig::default()
        },
        liquidator: None,
        breakers: None,
        metrics: Arc::new(Metrics::new()),
    })
    .unwrap()
}

async fn fund(k: &Kit, h: &KeeperHandle, amounts: &[u64]) {
    for (i, &amount) in amounts.iter().enumerate() {
        let id = i as u32 + 1;
        let status = h
            .deposit(Deposit {
                account: id,
                owner: Address([id as u8; 20]),
                pubkey: k.traders[i].public_key(),
                amount,
            })
            .await
            .unwrap();
        assert_eq!(status, 0);
    }
    let ts = k.genesis_time + 10;
    h.oracle_tick(crate::oracle::signed_tick(
        0,
        ts,
        1_000,
        &[(0, k.oracle.clone())],
    ))
    .await
    .unwrap();
}

fn signed(k: &Kit, account: u32, side: Side, price: u32, size: u32, nonce: u32) -> SignedOrder {
    let order = Order {
        account,
        market: 0,
        side,
        limit_price: price,
        size,
        max_fee_ppm: 0,
        expiry: k.genesis_time + 1_000_000,
        nonce,
        time_in_force: TimeInForce::Gtc,
        reduce_only: false,
    };
    SignedOrder {
        order,
        signature: k.traders[account as usize - 1].sign(&order.digest()),
    }
}

async fn root(h: &KeeperHandle) -> (String, u64, usize) {
    match h.query(Query::Root).await.unwrap() {
        Answer::Root(r, b, p) => (r, b, p),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn rejected_orders_change_nothing() {
    let k = kit();
    let (h, _t) = start(&k, NodeDb::open_temporary().unwrap()).await;
    fund(&k, &h, &[1_000_000, 1_000_000]).await;
    let before = root(&h).await;
    let mut bad = signed(&k, 1, Side::Buy, 1_000, 1, 1);
    bad.signature = k.traders[1].sign(&bad.order.digest());
    assert_eq!(h.place_order(bad).await, Err(KeeperError::InvalidSignature));
    let mut unknown = signed(&k, 1, Side::Buy, 1_000, 1, 1);
    unknown.order.market = 9;
    assert_eq!(
        h.place_order(unknown).await,
        Err(KeeperError::UnknownMarket(9))
    );
    let zero = signed(&k, 1, Side::Buy, 1_000, 0, 1);
    assert!(matches!(
        h.place_order(zero).await,
        Err(KeeperError::InvalidOrder(_))
    ));
    assert_eq!(root(&h).await, before);
}

#[tokio::test]
async fn margin_rejection_truncates_the_fill_and_keeps_the_maker() {
    let k = kit();
    let (h, _t) = start(&k, NodeDb::open_temporary().unwrap()).await;
    // Account 2 can afford 5 lots at price 1000 (10% initial): 500 collateral.
    fund(&k, &h, &[1_000_000, 500]).await;
    let ask = signed(&k, 1, Side::Sell, 1_000, 10, 1);
    assert_eq!(h.place_order(ask).await.unwrap().resting, 10);
    let before = root(&h).await;
    let bid = signed(&k, 2, Side::Buy, 1_000, 10, 1);
    let r = h.place_order(bid).await.unwrap();
    assert_eq!(r.filled, 0);
    assert_eq!(r.cancelled, 10);
    assert!(r.rejection.is_some());
    assert_eq!(
        root(&h).await.0,
        before.0,
        "a rejected fill changes no state"
    );
    let Answer::Book(b) = h.query(Query::Book(0, 5)).await.unwrap() else {
        panic!("book")
    };
    assert_eq!(b.asks[0].size, 10, "the maker keeps its place and size");
}

#[tokio::test]
async fn superseded_maker_is_cancelled_and_matching_continues() {
    let k = kit();
    let (h, _t) = start(&k, NodeDb::open_temporary().unwrap()).await;
    fund(&k, &h, &[1_000_000, 1_000_000, 1_000_000]).await;
    // Account 1 rests nonce 1, then fills nonce 65537 (same fill slot) against account 3:
    // its resting nonce-1 order becomes unfillable in the state.
    h.place_order(signed(&k, 1, Side::Sell, 1_000, 5, 1))
        .await
        .unwrap();
    h.place_order(signed(&k, 3, Side::Sell, 1_001, 5, 1))
        .await
        .unwrap();
    h.place_order(signed(&k, 3, Side::Buy, 900, 1, 2))
        .await
        .unwrap();
    h.place_order(signed(&k, 1, Side::Sell, 900, 1, 65_537))
        .await
        .unwrap();
    let r = h
        .place_order(signed(&k, 2, Side::Buy, 1_001, 5, 1))
        .await
        .unwrap();
    assert_eq!(r.filled, 5, "{r:?}");
    assert_eq!(r.trades[0].maker, 3, "filled against the next maker");
    let Answer::OpenOrders(o) = h.query(Query::OpenOrders(1)).await.unwrap() else {
        panic!("orders")
    };
    assert!(o.is_empty(), "the superseded maker was cancelled: {o:?}");
}

#[tokio::test]
async fn reopening_replays_the_wal_over_the_last_batch() {
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let before;
    {
        let (h, t) = start(&k, NodeDb::open(dir.path()).unwrap()).await;
        fund(&k, &h, &[1_000_000, 1_000_000]).await;
        h.place_order(signed(&k, 1, Side::Sell, 1_000, 5, 1))
            .await
            .unwrap();
        h.place_order(signed(&k, 2, Side::Buy, 1_000, 2, 1))
            .await
            .unwrap();
        assert_eq!(h.cut_batch().await.unwrap(), Some(1));
        h.place_order(signed(&k, 2, Side::Buy, 1_000, 1, 2))
            .await
            .unwrap();
        h.place_order(signed(&k, 2, Side::Buy, 990, 4, 3))
            .await
            .unwrap();
        before = root(&h).await;
        drop(h);
        t.join().unwrap();
    }
    let (h, _t) = start(&k, NodeDb::open(dir.path()).unwrap()).await;
    assert_eq!(root(&h).await, before);
    let Answer::Book(b) = h.query(Query::Book(0, 5)).await.unwrap() else {
        panic!("book")
    };
    assert_eq!((b.asks[0].price, b.asks[0].size), (1_000, 2));
    assert_eq!((b.bids[0].price, b.bids[0].size), (990, 4));
    let Answer::Batch(Some(batch)) = h.query(Query::Batch(1)).await.unwrap() else {
        panic!("batch 1")
    };
    assert_eq!(batch.ops, 4, "2 deposits, 1 tick, 1 trade");
    assert!(batch.new_root.is_some());
}

#[tokio::test]
async fn key_change_cancels_resting_orders_and_priority_ops_keep_queue_order() {
    use zkclear_state::ops::{ForcedWithdrawal, SetKey};
    let k = kit();
    let dir = tempfile::tempdir().unwrap();
    let before;
    {
        let (h, t) = start(&k, NodeDb::open(dir.path()).unwrap()).await;
        fund(&k, &h, &[1_000_000, 1_000_000]).await;
        h.place_order(signed(&k, 1, Side::Sell, 1_000, 5, 1))
            .await
            .unwrap();
        // Two deposits went first: the next queue index is 2, so 5 is refused and changes
        // nothing.
        let set_key = PriorityOp::SetKey(SetKey {
            account: 1,
            owner: Address([1; 20]),
            pubkey: k.traders[2].public_key(),
        });
        assert_eq!(
            h.priority(set_key.clone(), Some(5)).await,
            Err(KeeperError::PriorityOutOfOrder {
                expected: 2,
                got: 5
            })
        );
        assert_eq!(h.priority(set_key, Some(2)).await, Ok(0));
        let Answer::OpenOrders(o) = h.query(Query::OpenOrders(1)).await.unwrap() else {
            panic!("orders")
        };
        assert!(
            o.is_empty(),
            "orders signed under the old key are cancelled"
        );
        // The new key signs; the old one no longer does.
        let mut old = signed(&k, 1, Side::Sell, 1_000, 1, 2);
        assert_eq!(h.place_order(old).await, Err(KeeperError::InvalidSignature));
        old.signature = k.traders[2].sign(&old.order.digest());
        assert_eq!(h.place_order(old).await.unwrap().resting, 1);
        let fw = PriorityOp::ForcedWithdrawal(ForcedWithdrawal {
            account: 2,
            owner: Address([2; 20]),
            amount: 400_000,
        });
        assert_eq!(h.priority(fw, Some(3)).await, Ok(0));
        let Answer::Account(Some(a)) = h.query(Query::Account(2)).await.unwrap() else {
            panic!("account 2")
        };
        assert_eq!(a.collateral, 600_000);
        let Answer::PriorityCursor(c) = h.query(Query::PriorityCursor).await.unwrap() else {
            panic!("cursor")
        };
        assert_eq!(c, 4);
        before = root(&h).await;
        drop(h);
        t.join().unwrap();
    }
    // Replaying the WAL re-applies the key change, its cancellations and the withdrawal.
    let (h, _t) = start(&k, NodeDb::open(dir.path()).unwrap()).await;
    assert_eq!(root(&h).await, before);
    let Answer::OpenOrders(o) = h.query(Query::OpenOrders(1)).await.unwrap() else {
        panic!("orders")
    };
    assert_eq!(
        o.len(),
        1,
        "only the order signed under the new key rests: {o:?}"
    );
}

/// Signatures are checked on the caller's thread against the published keys; the keeper trusts
/// such a check only under the account's current key, so an order checked under a key that was
/// replaced in the meantime is checked again (and refused) by the keeper.
#[tokio::test]
async fn a_signature_checked_under_a_replaced_key_is_checked_again_by_the_keeper() {
    use zkclear_state::ops::SetKey;
    let k = kit();
    let (h, _t) = start(&k, NodeDb::open_temporary().unwrap()).await;
    fund(&k, &h, &[1_000_000, 1_000_000]).await;
    let old_key = k.traders[0].public_key();
    let new_key = k.traders[2].public_key();
    assert_eq!(h.keys.get(1), Some(old_key), "deposits publish keys");
    let status = h
        .priority(
            PriorityOp::SetKey(SetKey {
                account: 1,
                owner: Address([1; 20]),
                pubkey: new_key,
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 0);
    assert_eq!(h.keys.get(1), Some(new_key), "a key change is published");
    let before = root(&h).await;

    // Through the handle: the caller's thread checks under the new key and the keeper refuses.
    let stale = signed(&k, 1, Side::Buy, 1_000, 1, 1);
    assert_eq!(
        h.place_order(stale).await,
        Err(KeeperError::InvalidSignature)
    );
    // A caller whose snapshot was stale claims the old key: the keeper checks again.
    let claimed = h
        .call(|reply| Command::Place {
            order: stale,
            checked: Some(SignatureCheck {
                key: old_key,
                valid: true,
            }),
            received: std::time::Instant::now(),
            reply,
        })
        .await;
    assert_eq!(claimed, Err(KeeperError::InvalidSignature));
    let cancelled = h
        .call(|reply| Command::Cancel {
            order: stale.order,
            signature: k.traders[0].sign(&stale.order.cancel_digest()),
            checked: Some(SignatureCheck {
                key: old_key,
                valid: true,
            }),
            reply,
        })
        .await;
    assert_eq!(cancelled, Err(KeeperError::InvalidSignature));
    assert_eq!(root(&h).await, before, "refused inputs change nothing");

    // Signed with the new key, checked by nobody before the keeper: accepted.
    let mut fresh = stale;
    fresh.signature = k.traders[2].sign(&fresh.order.digest());
    let placed = h
        .call(|reply| Command::Place {
            order: fresh,
            checked: None,
            received: std::time::Instant::now(),
            reply,
        })
        .await
        .unwrap();
    assert_eq!(placed.resting, 1);
}

/// Deferred hashing changes only how a batch's witnesses are grouped: the same inputs give the
/// same answers, batches, roots and statements as hashing per operation (with or without
/// hashing while idle), and the deferred witnesses verify and chain, tree by tree, from one
/// batch's old root to the next's.
#[tokio::test]
async fn deferred_and_eager_hashing_commit_the_same_batches_with_chained_witnesses() {
    use std::collections::HashMap;
    use zkclear_state::tree::{Hash, TreeId};
    let k = kit();
    let mut runs = Vec::new();
    // (deferred, rehash when idle): per op; at cuts and root reads only; also while idle.
    let modes = [(false, false), (true, false), (true, true)];
    for (deferred, idle) in modes {
        let db = NodeDb::open_temporary().unwrap();
        let (h, _t) = start_with(&k, db.clone(), deferred, idle).await;
        fund(&k, &h, &[1_000_000, 1_000_000, 1_000_000]).await;
        let mut answers = Vec::new();
        let mut roots = Vec::new();
        for round in 0..2u32 {
            for n in 0..4u32 {
                let nonce = 1 + round * 10 + n;
                let ask = signed(&k, 1 + n % 2, Side::Sell, 1_000, 2, nonce);
                answers.push(h.place_order(ask).await.unwrap().filled);
                if n == 1 {
                    // A root read mid-batch hashes what is pending (deferred mode).
                    roots.push(root(&h).await);
                }
                let bid = signed(&k, 3, Side::Buy, 1_000, 1 + n % 2, nonce);
                answers.push(h.place_order(bid).await.unwrap().filled);
            }
            assert_eq!(h.cut_batch().await.unwrap(), Some(u64::from(round) + 1));
            roots.push(root(&h).await);
        }
        let statements: Vec<_> = (1..=2).map(|n| db.statement(n).unwrap()).collect();
        let records: Vec<_> = (1..=2).map(|n| db.batch(n).unwrap().unwrap().1).collect();
        runs.push((answers, roots, statements, records));
    }
    let eager = &runs[0];
    assert!(eager.0.iter().any(|&f| f > 0), "the script trades");
    for (mode, deferred) in modes.iter().zip(&runs).skip(1) {
        assert_eq!(eager.0, deferred.0, "same answers {mode:?}");
        assert_eq!(
            eager.1, deferred.1,
            "same roots, mid-batch reads included {mode:?}"
        );
        assert_eq!(eager.2, deferred.2, "same statements {mode:?}");
        let mut last: HashMap<TreeId, Hash> = HashMap::new();
        for (eager_rec, rec) in eager.3.iter().zip(&deferred.3) {
            assert!(!eager_rec.deferred && rec.deferred);
            assert_eq!(eager_rec.ops, rec.ops);
            assert_eq!(eager_rec.pubdata, rec.pubdata);
            assert_eq!(
                eager_rec.witnesses.len(),
                eager_rec.ops.len(),
                "one group per op"
            );
            let eager_updates: usize = eager_rec.witnesses.iter().map(Vec::len).sum();
            let updates: usize = rec.witnesses.iter().map(Vec::len).sum();
            assert!(updates > 0);
            if mode.1 {
                // Hashed while idle between orders: many small groups.
                assert!(rec.witnesses.len() >= 3, "{} groups", rec.witnesses.len());
            } else {
                // Hashed only at the cut and the one root read: hot leaves once, not per op.
                assert!(rec.witnesses.len() <= 2, "{} groups", rec.witnesses.len());
                assert!(updates < eager_updates, "{updates} vs {eager_updates}");
            }
            for u in rec.witnesses.iter().flatten() {
                assert!(u.proof.verify(), "every deferred witness verifies");
                if let Some(prev) = last.get(&u.tree) {
                    assert_eq!(*prev, u.proof.old_root, "witnesses chain within a tree");
                }
                last.insert(u.tree, u.proof.new_root);
            }
        }
    }
}

/// A finished order is kept (committed with the batch) until the rollup clock passes its expiry,
/// then pruned at the next batch commit; placing it again is refused all along.
#[tokio::test]
async fn finished_orders_are_kept_until_their_expiry_then_pruned() {
    let k = kit();
    let db = NodeDb::open_temporary().unwrap();
    let (h, _t) = start(&k, db.clone()).await;
    fund(&k, &h, &[1_000_000, 1_000_000]).await;
    let mut o = signed(&k, 1, Side::Buy, 900, 1, 1);
    o.order.expiry = k.genesis_time + 100;
    o.signature = k.traders[0].sign(&o.order.digest());
    assert_eq!(h.place_order(o).await.unwrap().resting, 1);
    h.cancel_order(o.order, k.traders[0].sign(&o.order.cancel_digest()))
        .await
        .unwrap();
    assert_eq!(h.cut_batch().await.unwrap(), Some(1));
    let key = zkclear_state::tree::hash_to_bytes(&o.order.digest());
    assert!(
        db.finished(&key).unwrap().is_some(),
        "committed with the batch"
    );
    let Answer::Order(Some(v)) = h.query(Query::Order(key)).await.unwrap() else {
        panic!("order view")
    };
    assert_eq!(v.status, "cancelled");
    assert_eq!(h.place_order(o).await, Err(KeeperError::OrderFinished));
    // The clock passes the expiry; the next batch commit prunes the record.
    h.oracle_tick(crate::oracle::signed_tick(
        0,
        k.genesis_time + 200,
        1_000,
        &[(0, k.oracle.clone())],
    ))
    .await
    .unwrap();
    assert_eq!(h.cut_batch().await.unwrap(), Some(2));
    assert!(
        db.finished(&key).unwrap().is_none(),
        "pruned after its expiry"
    );
    assert!(matches!(
        h.place_order(o).await,
        Err(KeeperError::Expired { .. })
    ));
}

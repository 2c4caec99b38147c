use super::*;
use crate::ops::testkit::{genesis, trade, Kit, BTC};
use crate::store::MemoryStore;
use crate::types::Side;

#[test]
fn genesis_root_is_reproducible() {
    let a = State::open(MemoryStore::new(), &genesis()).expect("genesis");
    let b = State::open(MemoryStore::new(), &genesis()).expect("genesis");
    assert_eq!(a.root().expect("root"), b.root().expect("root"));
    let mut g = genesis();
    g.markets[0].initial_ppm += 1;
    let c = State::open(MemoryStore::new(), &g).expect("genesis");
    assert_ne!(a.root().expect("root"), c.root().expect("root"));
}

#[test]
fn failed_op_changes_nothing() {
    let mut k = Kit::new();
    k.fund(1, 1_000);
    let root = k.state.root().expect("root");
    assert!(k.apply(&k.withdraw_op(1, 5_000, 0)).is_err());
    assert_eq!(k.state.root().expect("root"), root);
    assert_eq!(k.collateral(1), 1_000);
}

#[test]
fn updates_chain_from_old_to_new_roots() {
    let mut k = Kit::new();
    k.fund(1, 1_000_000_000);
    k.fund(2, 1_000_000_000);
    k.price(BTC, 10_000_000);
    let accounts_before = k.state.db().root(ACCOUNTS, ACCOUNTS_DEPTH).expect("root");
    let m = k.order(1, BTC, Side::Buy, 10_000_000, 5, 1);
    let t = k.order(2, BTC, Side::Sell, 10_000_000, 5, 1);
    let out = k.ok(&trade(m, t, 5, 10_000_000));
    let acc: Vec<_> = out.updates.iter().filter(|u| u.tree == ACCOUNTS).collect();
    assert_eq!(acc.len(), 2, "maker and taker leaves (no fee)");
    assert_eq!(acc[0].proof.old_root, accounts_before);
    assert_eq!(acc[0].proof.new_root, acc[1].proof.old_root);
    assert_eq!(
        acc[1].proof.new_root,
        k.state.db().root(ACCOUNTS, ACCOUNTS_DEPTH).expect("root")
    );
    assert!(out.updates.iter().all(|u| u.proof.verify()));
}

#[test]
fn commit_batch_increments_batch_number_and_persists() {
    let mut k = Kit::new();
    k.fund(1, 1_000);
    let root = k.state.commit_batch().expect("commit");
    assert_eq!(k.state.globals().expect("db").batch_number, 1);
    assert_eq!(k.state.root().expect("root"), root);
    k.fund(2, 5);
    k.state.discard_batch();
    assert_eq!(k.state.root().expect("root"), root);
    assert!(k.state.account(2).expect("db").is_none());
}

#[test]
fn reopening_a_store_keeps_the_committed_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = genesis();
    let root = {
        let store = crate::store::SledStore::open(dir.path()).expect("sled");
        let mut s = State::open(store, &g).expect("open");
        s.apply(
            &crate::ops::Op::Deposit(crate::ops::Deposit {
                account: 1,
                owner: crate::ops::testkit::addr(1),
                pubkey: crate::ops::testkit::key(1),
                amount: 77,
            }),
            &crate::crypto::test_scheme::InsecureTestScheme,
        )
        .expect("deposit");
        s.commit_batch().expect("commit")
    };
    let store = crate::store::SledStore::open(dir.path()).expect("sled");
    let s = State::open(store, &g).expect("reopen");
    assert_eq!(s.root().expect("root"), root);
    assert_eq!(s.account(1).expect("db").map(|a| a.collateral), Some(77));
}

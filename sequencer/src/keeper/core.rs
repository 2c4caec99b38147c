//! The keeper's owned data, its recovery on open, and its group-commit loop.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use zkclear_state::crypto::{MessageDigest, PublicKey, SecretKey, Signature, SignatureVerifier};
use zkclear_state::ops::OpError;
use zkclear_state::state::{Outcome, State};
use zkclear_state::tree::{hash_to_bytes, Hash};
use zkclear_state::types::{AccountId, MarketId, SignedOrder};

use super::error::{KeeperError, KeeperResult};
use super::keys::{KeySnapshot, SignatureCheck};
use super::views::{Event, PlaceResult, TradeView};
use super::{Command, KeeperParams};
use crate::book::{OrderBook, OrderId};
use crate::breaker::Breakers;
use crate::metrics::Metrics;
use crate::persist::{
    FinishedOrderRecord, LeafUpdateRecord, MetaRecord, NodeDb, OpRecord, SignedOrderRecord,
    WalEntry,
};

/// Keeper tunables (the `[keeper]` section of the config file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeeperConfig {
    /// Cut a batch once it holds this many operations.
    pub max_batch_ops: usize,
    /// Cut a non-empty batch after this many milliseconds.
    pub batch_interval_ms: u64,
    /// Maker fee charged on every maker fill, ppm. Orders that can rest must sign
    /// `max_fee_ppm` at least this (docs/matching.md, "Fees").
    pub maker_fee_ppm: u32,
    /// Taker fee charged on every taker fill, ppm. Orders that can take must sign `max_fee_ppm`
    /// at least this.
    pub taker_fee_ppm: u32,
    /// Most orders one account may have resting (over all markets).
    pub max_resting_per_account: usize,
    /// Most inputs applied per group commit (one flush).
    pub group_max: usize,
    /// Capacity of the keeper's inbox.
    pub channel_capacity: usize,
    /// Period of the keeper's timer (batch deadlines, breaker staleness), milliseconds.
    pub timer_ms: u64,
    /// Trades kept per market for `zkc_getRecentTrades`.
    pub recent_trades: usize,
    /// Hash the Merkle trees once per batch (and per root read) instead of once per operation:
    /// the state's decisions never read a hash, so only the witnesses' grouping changes (see
    /// `BatchRecord::witnesses`). Halves the hashing per trade (docs/sequencer-throughput.md).
    pub deferred_hashing: bool,
    /// With deferred hashing, hash the pending leaves when the inbox is empty (the keeper is
    /// idle), so a batch cut finds little left to hash and the orders arriving at a cut wait
    /// less.
    pub rehash_when_idle: bool,
    /// At most one idle rehash per this many milliseconds: a hot leaf (the fee account, a market
    /// maker) rehashed at every short pause would lose what deferring saves under load.
    pub idle_rehash_interval_ms: u64,
}

impl Default for KeeperConfig {
    fn default() -> Self {
        Self {
            max_batch_ops: 1024,
            batch_interval_ms: 2_000,
            maker_fee_ppm: 0,
            taker_fee_ppm: 0,
            max_resting_per_account: 200,
            group_max: 4096,
            channel_capacity: 65_536,
            timer_ms: 100,
            recent_trades: 1_000,
            deferred_hashing: true,
            rehash_when_idle: true,
            idle_rehash_interval_ms: 50,
        }
    }
}

/// A resting order's keeper-side data (the book holds prices and sizes; the time in force and
/// reduce-only flag are the signed ones).
#[derive(Clone, Copy, Debug)]
pub(super) struct RestingMeta {
    pub market: MarketId,
    pub seq: u64,
    pub signed: SignedOrder,
}

/// An order digest as the 32 bytes that key the finished-order records.
pub(super) fn digest_key(o: &zkclear_state::types::Order) -> [u8; 32] {
    hash_to_bytes(&o.digest())
}

/// The batch being built.
#[derive(Debug, Default)]
pub(super) struct Pending {
    pub ops: Vec<OpRecord>,
    pub witnesses: Vec<Vec<LeafUpdateRecord>>,
    pub pubdata: Vec<u8>,
    pub started: Option<Instant>,
}

/// The book's id of an order: account and nonce (unique among resting orders).
pub(super) fn order_id(account: AccountId, nonce: u32) -> OrderId {
    OrderId((u64::from(account) << 32) | u64::from(nonce))
}

/// A verifier that accepts signatures already checked by this keeper (at admission), so a
/// resting order's signature is verified once, not once per fill.
struct CachedVerifier<'a> {
    inner: &'a (dyn SignatureVerifier + Send + Sync),
    seen: &'a HashSet<[u8; 32]>,
}

pub(super) fn sig_key(key: &PublicKey, msg: &MessageDigest, sig: &Signature) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    for limb in key.0 {
        h.update(&limb.to_le_bytes());
    }
    h.update(&hash_to_bytes(msg));
    h.update(&sig.0);
    *h.finalize().as_bytes()
}

impl SignatureVerifier for CachedVerifier<'_> {
    fn verify(&self, key: &PublicKey, message: &MessageDigest, signature: &Signature) -> bool {
        self.seen.contains(&sig_key(key, message, signature))
            || self.inner.verify(key, message, signature)
    }
}

/// Everything the keeper owns.
pub(super) struct Core {
    pub db: NodeDb,
    pub state: State<crate::persist::StateStore>,
    pub verifier: Arc<dyn SignatureVerifier + Send + Sync>,
    pub verified: HashSet<[u8; 32]>,
    /// Account keys published for the RPC threads' signature checks.
    pub keys: Arc<KeySnapshot>,
    pub books: BTreeMap<MarketId, OrderBook>,
    pub resting: HashMap<OrderId, RestingMeta>,
    pub by_account: HashMap<AccountId, BTreeSet<OrderId>>,
    /// Resting orders by digest ([`digest_key`]).
    pub by_digest: HashMap<[u8; 32], OrderId>,
    /// Orders finished since the last commit (committed ones are in the database): never
    /// admitted again until their expiry.
    pub finished: HashMap<[u8; 32], FinishedOrderRecord>,
    /// Orders whose resting record changed since the last commit, with their arrival seq.
    pub dirty: HashMap<OrderId, u64>,
    pub breakers: Option<Breakers>,
    pub config: KeeperConfig,
    pub liquidator: Option<(AccountId, SecretKey)>,
    pub metrics: Arc<Metrics>,
    pub events: broadcast::Sender<Event>,
    pub outbox: Vec<Event>,
    /// Metadata as it will be committed with the next batch.
    pub meta: MetaRecord,
    /// WAL cut of the last committed batch.
    pub committed_cut: u64,
    pub last_seq: u64,
    pub pending: Pending,
    pub batch_old_root: Hash,
    /// Latest trades per market with their per-market sequence numbers, newest first.
    pub recent: BTreeMap<MarketId, VecDeque<(u64, TradeView)>>,
    /// Per market: the next trade sequence number, and the first one not yet committed.
    pub trade_seq: BTreeMap<MarketId, (u64, u64)>,
    pub next_account: AccountId,
    pub replaying: bool,
    pub failed: Option<String>,
    /// When the keeper last hashed pending leaves while idle.
    pub last_idle_rehash: Instant,
}

/// Unix seconds now.
pub(super) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Core {
    /// Opens the state, rebuilds the books from the committed resting orders, and replays the
    /// WAL after the last committed batch.
    pub fn open(
        p: KeeperParams,
        events: broadcast::Sender<Event>,
        keys: Arc<KeySnapshot>,
    ) -> KeeperResult<Self> {
        let mut state = State::open(p.db.state_store(), &p.genesis)?;
        let meta = p.db.meta()?.unwrap_or_default();
        let batch_old_root = state.root()?;
        state.set_deferred_hashing(p.config.deferred_hashing)?;
        let mut core = Core {
            db: p.db,
            state,
            verifier: p.verifier,
            verified: HashSet::new(),
            keys,
            books: BTreeMap::new(),
            resting: HashMap::new(),
            by_account: HashMap::new(),
            by_digest: HashMap::new(),
            finished: HashMap::new(),
            dirty: HashMap::new(),
            breakers: None,
            config: p.config,
            liquidator: p.liquidator,
            metrics: p.metrics,
            events,
            outbox: Vec::new(),
            meta,
            committed_cut: meta.wal_cut,
            last_seq: meta.wal_cut,
            pending: Pending::default(),
            batch_old_root,
            recent: BTreeMap::new(),
            trade_seq: BTreeMap::new(),
            next_account: 1,
            replaying: true,
            failed: None,
            last_idle_rehash: Instant::now(),
        };
        core.meta.liquidator_nonce = core.meta.liquidator_nonce.max(1);
        for m in &p.genesis.markets {
            core.books.insert(m.id, OrderBook::new());
        }
        core.scan_accounts()?;
        core.restore_books()?;
        core.restore_trades()?;
        core.repair_last_statement()?;
        let wal = core.db.wal_after(core.committed_cut)?;
        let replayed = wal.len();
        for (seq, entry) in wal {
            if let Err(e) = core.replay(seq, entry) {
                tracing::warn!(target: "zkclear::keeper", seq, error = %e, "WAL entry failed on replay");
            }
            core.last_seq = seq;
        }
        core.outbox.clear();
        core.replaying = false;
        // Seeded after the replay, from the prices it applied: replayed ticks do not feed the
        // breakers, and a breaker seeded from the committed state alone would hold a market that
        // has a price (in the WAL) halted until the next live tick.
        core.init_breakers(p.breakers, &p.genesis)?;
        tracing::info!(
            target: "zkclear::keeper",
            batch = core.state.globals()?.batch_number,
            resting = core.resting.len(),
            replayed,
            "keeper recovered"
        );
        Ok(core)
    }

    pub(super) fn remember_verified(&mut self, s: &SignedOrder) {
        if let Ok(Some(acc)) = self.state.account(s.order.account) {
            self.verified
                .insert(sig_key(&acc.pubkey, &s.order.digest(), &s.signature));
        }
    }

    pub(super) fn insert_resting(&mut self, id: OrderId, meta: RestingMeta) {
        self.by_account
            .entry(meta.signed.order.account)
            .or_default()
            .insert(id);
        self.by_digest.insert(digest_key(&meta.signed.order), id);
        self.dirty.insert(id, meta.seq);
        self.resting.insert(id, meta);
    }

    /// Removes an order that left the book (filled, cancelled or clipped away) and records it as
    /// finished.
    pub(super) fn remove_resting(&mut self, id: OrderId) {
        if let Some(meta) = self.resting.remove(&id) {
            let acc = meta.signed.order.account;
            if let Some(set) = self.by_account.get_mut(&acc) {
                set.remove(&id);
            }
            self.by_digest.remove(&digest_key(&meta.signed.order));
            self.finish(&meta.signed.order);
            if let Ok(Some(a)) = self.state.account(acc) {
                self.verified.remove(&sig_key(
                    &a.pubkey,
                    &meta.signed.order.digest(),
                    &meta.signed.signature,
                ));
            }
            self.dirty.insert(id, meta.seq);
        }
    }

    fn replay(&mut self, seq: u64, entry: WalEntry) -> KeeperResult<()> {
        match entry {
            WalEntry::Noop => Ok(()),
            WalEntry::PlaceOrder { order } => self.place(seq, order.into(), None).map(|_| ()),
            WalEntry::Cancel { order, signature } => {
                self.cancel_signed(order, signature.0, None).map(|_| ())
            }
            WalEntry::Op(rec) => {
                // Priority ops go through the same entry point as live ones, which also chains
                // the queue hash and applies their book effects.
                if let Some(op) = rec.priority() {
                    return self.priority(op, None).map(|_| ());
                }
                if let OpRecord::Liquidate { liquidator, .. } = &rec {
                    self.bump_liquidator_nonce(liquidator.order.nonce);
                }
                self.apply_logged(rec).map(|_| ())
            }
        }
    }

    pub(super) fn bump_liquidator_nonce(&mut self, used: u32) {
        self.meta.liquidator_nonce = self.meta.liquidator_nonce.max(used.saturating_add(1));
    }

    /// Applies an op to the state and appends it to the pending batch.
    pub(super) fn apply_op(&mut self, rec: OpRecord) -> Result<Outcome, OpError> {
        let op = rec.to_op();
        let verifier = CachedVerifier {
            inner: self.verifier.as_ref(),
            seen: &self.verified,
        };
        let outcome = self.state.apply(&op, &verifier)?;
        self.pending.pubdata.extend_from_slice(&outcome.pubdata);
        if !self.state.deferred_hashing() {
            self.pending.witnesses.push(leaf_records(&outcome.updates));
        }
        self.pending.ops.push(rec);
        self.pending.started.get_or_insert_with(Instant::now);
        Ok(outcome)
    }

    /// The current state root. With deferred hashing this hashes the pending leaves first and
    /// appends their witnesses to the pending batch, so the batch's witness groups still chain
    /// from its old root to its new root whatever reads happened in between.
    pub(super) fn current_root(&mut self) -> KeeperResult<Hash> {
        let updates = self.state.rehash()?;
        if !updates.is_empty() {
            self.pending.witnesses.push(leaf_records(&updates));
        }
        Ok(self.state.root()?)
    }

    /// Hashes the pending leaves while nothing waits (see [`KeeperConfig::rehash_when_idle`]).
    /// A failure here is a storage failure: the keeper stops accepting inputs.
    fn rehash_idle(&mut self) {
        if self.state.pending_leaves() == 0 {
            return;
        }
        if let Err(e) = self.current_root() {
            tracing::error!(target: "zkclear::keeper", error = %e, "hashing pending leaves failed; keeper stops accepting inputs");
            self.failed = Some(e.to_string());
        }
    }

    /// Applies an op and logs it (not on replay, where it is already in the WAL).
    pub(super) fn apply_logged(&mut self, rec: OpRecord) -> KeeperResult<Outcome> {
        let outcome = self.apply_op(rec.clone())?;
        if !self.replaying {
            let seq = self.last_seq + 1;
            self.append(seq, &WalEntry::Op(rec))?;
        }
        Ok(outcome)
    }

    pub(super) fn append(&mut self, seq: u64, entry: &WalEntry) -> KeeperResult<()> {
        if let Err(e) = self.db.append_wal(seq, entry) {
            self.failed = Some(e.to_string());
            return Err(e.into());
        }
        self.last_seq = seq;
        Ok(())
    }

    pub(super) fn emit(&mut self, e: Event) {
        if !self.replaying {
            self.outbox.push(e);
        }
    }

    /// The actor loop: drain a group, apply it, flush once, answer, publish, maybe cut.
    pub fn run(&mut self, mut rx: mpsc::Receiver<Command>) {
        while let Some(first) = rx.blocking_recv() {
            let mut group = vec![first];
            while group.len() < self.config.group_max.max(1) {
                match rx.try_recv() {
                    Ok(c) => group.push(c),
                    Err(_) => break,
                }
            }
            let seq_before = self.last_seq;
            let mut deferred: Vec<Deferred> = Vec::with_capacity(group.len());
            for cmd in group {
                self.handle(cmd, &mut deferred);
            }
            let durable = if self.last_seq != seq_before {
                match self.db.flush() {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::error!(target: "zkclear::keeper", error = %e, "WAL flush failed; keeper stops accepting inputs");
                        self.failed = Some(e.to_string());
                        false
                    }
                }
            } else {
                true
            };
            for d in deferred {
                d.finish(durable, &self.metrics);
            }
            if durable {
                for e in self.outbox.drain(..) {
                    let _ = self.events.send(e);
                }
                self.maybe_cut(false);
                let interval = Duration::from_millis(self.config.idle_rehash_interval_ms);
                if self.config.rehash_when_idle
                    && rx.is_empty()
                    && self.last_idle_rehash.elapsed() >= interval
                {
                    self.rehash_idle();
                    self.last_idle_rehash = Instant::now();
                }
            }
        }
        tracing::info!(target: "zkclear::keeper", "keeper stopped");
    }

    fn handle(&mut self, cmd: Command, deferred: &mut Vec<Deferred>) {
        if let Some(reason) = &self.failed {
            let err = KeeperError::Storage(reason.clone());
            Deferred::fail(cmd, err);
            return;
        }
        match cmd {
            Command::Place {
                order,
                checked,
                received,
                reply,
            } => {
                let res = self.place_logged(order, checked);
                deferred.push(Deferred::Place(reply, res, received));
            }
            Command::Cancel {
                order,
                signature,
                checked,
                reply,
            } => {
                let res = self.cancel_signed(order, signature, checked);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::Priority { op, index, reply } => {
                let res = self.priority(op, index);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::Oracle { tick, reply } => {
                let res = self.oracle_tick(tick);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::Settlement { tick, reply } => {
                let res = self.settlement_tick(tick);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::Funding { market, reply } => {
                let res = self.funding_tick(market);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::CutBatch { reply } => {
                let res = self.cut_batch();
                let _ = reply.send(res);
            }
            Command::Query { query, reply } => {
                // Answered after the group's flush, so a read never shows an input that is
                // not yet durable.
                let res = self.answer(query);
                deferred.push(Deferred::Plain(Box::new(move |ok| {
                    let _ = reply.send(durable_or(ok, res));
                })));
            }
            Command::Timer => {
                self.maybe_cut(true);
                self.check_breakers();
            }
        }
    }

    fn place_logged(
        &mut self,
        order: SignedOrder,
        checked: Option<SignatureCheck>,
    ) -> KeeperResult<PlaceResult> {
        let seq = self.last_seq + 1;
        let res = self.place(seq, order, checked)?;
        self.append(
            seq,
            &WalEntry::PlaceOrder {
                order: SignedOrderRecord::from(&order),
            },
        )?;
        Ok(res)
    }
}

fn leaf_records(updates: &[zkclear_state::state::LeafUpdate]) -> Vec<LeafUpdateRecord> {
    updates
        .iter()
        .map(|u| LeafUpdateRecord {
            tree: u.tree,
            proof: u.proof.clone(),
        })
        .collect()
}

fn durable_or<T>(durable: bool, res: KeeperResult<T>) -> KeeperResult<T> {
    if durable {
        res
    } else {
        Err(KeeperError::Storage("WAL flush failed".into()))
    }
}

type ReplyFn = Box<dyn FnOnce(bool) + Send>;

/// An answer held back until the group's flush.
pub(super) enum Deferred {
    Place(
        tokio::sync::oneshot::Sender<KeeperResult<PlaceResult>>,
        KeeperResult<PlaceResult>,
        Instant,
    ),
    Plain(ReplyFn),
}

impl Deferred {
    fn finish(self, durable: bool, metrics: &Metrics) {
        match self {
            Deferred::Place(reply, res, received) => {
                let res = durable_or(durable, res);
                metrics.order_acknowledged(res.is_ok(), received.elapsed());
                let _ = reply.send(res);
            }
            Deferred::Plain(f) => f(durable),
        }
    }

    fn fail(cmd: Command, err: KeeperError) {
        match cmd {
            Command::Place { reply, .. } => drop(reply.send(Err(err))),
            Command::Cancel { reply, .. } => drop(reply.send(Err(err))),
            Command::Priority { reply, .. } => drop(reply.send(Err(err))),
            Command::Oracle { reply, .. } => drop(reply.send(Err(err))),
            Command::Settlement { reply, .. } => drop(reply.send(Err(err))),
            Command::Funding { reply, .. } => drop(reply.send(Err(err))),
            Command::CutBatch { reply } => drop(reply.send(Err(err))),
            Command::Query { reply, .. } => drop(reply.send(Err(err))),
            Command::Timer => {}
        }
    }
}

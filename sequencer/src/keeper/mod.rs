//! The state keeper: ONE actor (a dedicated thread fed by a tokio mpsc channel, zkSync Lite's
//! state-keeper pattern) that owns the [`zkclear_state::state::State`], the order books and the
//! node database.
//!
//! Invariants:
//! - every input is applied by this actor alone, in channel order, so planning a match and
//!   applying its fills to the state never interleave with anything else;
//! - an input that changes anything is appended to the WAL and acknowledged only after the
//!   group's single flush (group commit: the actor drains what is queued, applies it, flushes
//!   once, then answers everyone);
//! - a rejected input changes nothing and is not logged;
//! - replaying the WAL after the last committed batch over the committed state and books
//!   reproduces exactly the acknowledged state (every handler is deterministic in the state, the
//!   books and the input; wall-clock checks are skipped on replay).

mod batch;
mod core;
mod engine;
mod error;
mod exposure;
mod keys;
mod lifecycle;
mod orders;
mod reads;
mod recover;
mod views;

#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{broadcast, mpsc, oneshot};
use zkclear_state::crypto::{SecretKey, Signature, SignatureVerifier};
use zkclear_state::genesis::Genesis;
use zkclear_state::ops::{Deposit, ForcedWithdrawal, OracleTick, SetKey, SettlementTick};
use zkclear_state::types::{AccountId, MarketId, Order, SignedOrder};

pub use self::batch::root_hex;
pub use self::core::KeeperConfig;
pub use error::{KeeperError, KeeperResult};
pub use keys::{KeySnapshot, SignatureCheck};
pub use views::{
    digest_hex, AccountView, BatchView, BookView, Event, LevelView, MarginView, MarketView,
    OpenOrderView, OrderView, PlaceResult, PositionView, TradeView,
};

use crate::breaker::BreakerConfig;
use crate::metrics::Metrics;
use crate::persist::NodeDb;

/// A read request.
#[derive(Clone, Debug)]
pub enum Query {
    /// An account.
    Account(AccountId),
    /// Its margin at both levels.
    Margin(AccountId),
    /// Its resting orders.
    OpenOrders(AccountId),
    /// A resting or finished order by digest (32 bytes, `zkclear_state::tree::hash_to_bytes`).
    Order([u8; 32]),
    /// Book depth.
    Book(MarketId, usize),
    /// Latest trades of a market (newest first).
    RecentTrades(MarketId, usize),
    /// All markets.
    Markets,
    /// A committed batch.
    Batch(u64),
    /// The state root (hex) and batch number.
    Root,
    /// The oldest committed batch without a submitted proof, if any.
    NextUnproven(u64),
    /// Priority operations applied so far (pending ones included): the L1 watcher resumes here.
    PriorityCursor,
}

/// A read answer.
#[derive(Clone, Debug)]
pub enum Answer {
    /// See [`Query::Account`].
    Account(Option<AccountView>),
    /// See [`Query::Margin`].
    Margin(MarginView),
    /// See [`Query::OpenOrders`].
    OpenOrders(Vec<OpenOrderView>),
    /// See [`Query::Order`].
    Order(Option<OrderView>),
    /// See [`Query::Book`].
    Book(BookView),
    /// See [`Query::RecentTrades`].
    Trades(Vec<TradeView>),
    /// See [`Query::Markets`].
    Markets(Vec<MarketView>),
    /// See [`Query::Batch`].
    Batch(Option<BatchView>),
    /// See [`Query::Root`]: (root hex, batch number, pending ops).
    Root(String, u64, usize),
    /// See [`Query::NextUnproven`].
    NextUnproven(Option<u64>),
    /// See [`Query::PriorityCursor`].
    PriorityCursor(u64),
}

/// An L1 priority operation (docs/pubdata.md, priority bytes), as the L1 watcher reads it from
/// the Rollup's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriorityOp {
    /// `Deposit` (type 1).
    Deposit(Deposit),
    /// `SetKey` (type 2).
    SetKey(SetKey),
    /// `ForcedWithdrawal` (type 10).
    ForcedWithdrawal(ForcedWithdrawal),
}

impl PriorityOp {
    /// The op's name in logs (`OpType` names).
    pub fn name(&self) -> &'static str {
        match self {
            PriorityOp::Deposit(_) => "Deposit",
            PriorityOp::SetKey(_) => "SetKey",
            PriorityOp::ForcedWithdrawal(_) => "ForcedWithdrawal",
        }
    }

    /// The account it concerns.
    pub fn account(&self) -> AccountId {
        match self {
            PriorityOp::Deposit(d) => d.account,
            PriorityOp::SetKey(s) => s.account,
            PriorityOp::ForcedWithdrawal(f) => f.account,
        }
    }
}

type Reply<T> = oneshot::Sender<KeeperResult<T>>;

/// A command to the keeper.
#[derive(Debug)]
enum Command {
    Place {
        order: SignedOrder,
        /// The signature verdict reached on the caller's thread, if any (see [`KeySnapshot`]).
        checked: Option<SignatureCheck>,
        received: Instant,
        reply: Reply<PlaceResult>,
    },
    Cancel {
        order: Order,
        signature: Signature,
        checked: Option<SignatureCheck>,
        reply: Reply<u64>,
    },
    Priority {
        op: PriorityOp,
        index: Option<u64>,
        reply: Reply<u8>,
    },
    Oracle {
        tick: OracleTick,
        reply: Reply<()>,
    },
    Settlement {
        tick: SettlementTick,
        reply: Reply<()>,
    },
    Funding {
        market: MarketId,
        reply: Reply<i64>,
    },
    CutBatch {
        reply: Reply<Option<u64>>,
    },
    Query {
        query: Query,
        reply: Reply<Answer>,
    },
    Timer,
}

/// Everything the keeper needs to start.
pub struct KeeperParams {
    /// The node database (already open).
    pub db: NodeDb,
    /// Genesis (used when the database is empty, validated always).
    pub genesis: Genesis,
    /// Signature verifier (production: `SchnorrVerifier`).
    pub verifier: Arc<dyn SignatureVerifier + Send + Sync>,
    /// Tunables.
    pub config: KeeperConfig,
    /// Liquidator account and key, if liquidations are enabled.
    pub liquidator: Option<(AccountId, SecretKey)>,
    /// Circuit-breaker thresholds (`None`: no breakers).
    pub breakers: Option<BreakerConfig>,
    /// Metrics sink.
    pub metrics: Arc<Metrics>,
}

impl std::fmt::Debug for KeeperParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeeperParams")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A cloneable handle to the keeper. Every method is a request/answer round trip.
///
/// Invariants: a successful answer to a mutating call means the input is durable; the
/// signature of an order or cancel is checked on the caller's thread (against the keeper's
/// published [`KeySnapshot`]) before the input is queued, so the keeper's one thread does not
/// spend its time on signatures.
#[derive(Clone)]
pub struct KeeperHandle {
    tx: mpsc::Sender<Command>,
    events: broadcast::Sender<Event>,
    keys: Arc<KeySnapshot>,
    verifier: Arc<dyn SignatureVerifier + Send + Sync>,
}

impl std::fmt::Debug for KeeperHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeeperHandle").finish_non_exhaustive()
    }
}

impl KeeperHandle {
    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> KeeperResult<T> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(make(reply))
            .await
            .map_err(|_| KeeperError::Unavailable)?;
        rx.await.map_err(|_| KeeperError::Unavailable)?
    }

    /// Places a signed order (its time in force and reduce-only flag are signed in it); answers
    /// once it is matched and durable. The signature is checked here, on the caller's thread,
    /// when the account's key is published.
    pub async fn place_order(&self, order: SignedOrder) -> KeeperResult<PlaceResult> {
        let received = Instant::now();
        let checked = self.keys.pre_verify(
            self.verifier.as_ref(),
            order.order.account,
            &order.order.digest(),
            &order.signature,
        );
        self.call(|reply| Command::Place {
            order,
            checked,
            received,
            reply,
        })
        .await
    }

    /// Cancels exactly this resting order; `signature` signs `order.cancel_digest()` (see
    /// docs/rpc.md). Answers the lots cancelled. The signature is checked on the caller's thread
    /// like an order's.
    pub async fn cancel_order(&self, order: Order, signature: Signature) -> KeeperResult<u64> {
        let checked = self.keys.pre_verify(
            self.verifier.as_ref(),
            order.account,
            &order.cancel_digest(),
            &signature,
        );
        self.call(|reply| Command::Cancel {
            order,
            signature,
            checked,
            reply,
        })
        .await
    }

    /// Injects an L1 deposit as the next priority operation (`dev_deposit`, tests). Answers
    /// the priority status (0 = credited).
    pub async fn deposit(&self, deposit: Deposit) -> KeeperResult<u8> {
        self.priority(PriorityOp::Deposit(deposit), None).await
    }

    /// Applies an L1 priority operation. With `index`, it is applied only if it is exactly the
    /// next one of the L1 queue (the state's priority cursor), else
    /// [`KeeperError::PriorityOutOfOrder`] and nothing changes; so an op is never applied twice
    /// or skipped whoever feeds it. Answers the op's status (0 = applied in full; see
    /// `state/src/ops` for the others: such ops are recorded, never rejected).
    pub async fn priority(&self, op: PriorityOp, index: Option<u64>) -> KeeperResult<u8> {
        self.call(|reply| Command::Priority { op, index, reply })
            .await
    }

    /// Applies a signed oracle tick, then runs liquidations and option settlement.
    pub async fn oracle_tick(&self, tick: OracleTick) -> KeeperResult<()> {
        self.call(|reply| Command::Oracle { tick, reply }).await
    }

    /// Applies a quorum-signed settlement price of an expired option market, then settles its
    /// positions and runs the risk pass.
    pub async fn settlement_tick(&self, tick: SettlementTick) -> KeeperResult<()> {
        self.call(|reply| Command::Settlement { tick, reply }).await
    }

    /// Applies a funding tick for a perp market from the premium of the book's mid over the
    /// oracle price; answers the index change.
    pub async fn funding_tick(&self, market: MarketId) -> KeeperResult<i64> {
        self.call(|reply| Command::Funding { market, reply }).await
    }

    /// Cuts a batch now if anything is pending; answers its number.
    pub async fn cut_batch(&self) -> KeeperResult<Option<u64>> {
        self.call(|reply| Command::CutBatch { reply }).await
    }

    /// A read.
    pub async fn query(&self, query: Query) -> KeeperResult<Answer> {
        self.call(|reply| Command::Query { query, reply }).await
    }

    /// Subscribes to keeper events (trades, book changes, account updates, batches).
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}

/// Opens the state, recovers books and the WAL, and starts the keeper thread and its timer.
///
/// Must be called inside a tokio runtime (the timer is a tokio task).
pub fn spawn(params: KeeperParams) -> KeeperResult<(KeeperHandle, std::thread::JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel(params.config.channel_capacity.max(1));
    let (events, _) = broadcast::channel(4096);
    let tick_every = Duration::from_millis(params.config.timer_ms.max(1));
    let keys = Arc::new(KeySnapshot::default());
    let verifier = params.verifier.clone();
    let mut core = core::Core::open(params, events.clone(), keys.clone())?;
    let handle = KeeperHandle {
        tx,
        events,
        keys,
        verifier,
    };
    let thread = std::thread::Builder::new()
        .name("zkclear-keeper".into())
        .spawn(move || core.run(rx))
        .map_err(|e| KeeperError::Storage(format!("spawning the keeper thread: {e}")))?;
    // A weak sender: the timer never keeps the keeper alive once every handle is dropped.
    let timer = handle.tx.downgrade();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(tick_every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            let Some(tx) = timer.upgrade() else { break };
            if tx.try_send(Command::Timer).is_err() && tx.is_closed() {
                break;
            }
        }
    });
    Ok((handle, thread))
}

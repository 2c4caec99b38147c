//! [`State`]: the zkclear state over a [`StateDb`], with leaf hashing per
//! `docs/state-layout.md`, the global root, and the atomic application of operations.
//!
//! Invariants:
//! - a failed [`State::apply`] changes nothing (checkpoint/rollback of the staged writes);
//! - [`State::commit_batch`] writes everything since the last commit in one atomic store batch;
//! - every record write is paired with its leaf update, in the order the circuits replay
//!   ([`Outcome::updates`]); in the opt-in deferred-hashing mode ([`deferred`]) the leaf update is
//!   only marked dirty and applied by [`State::rehash`], and [`State::root`] fails until then.

pub mod deferred;
pub mod leaves;
pub mod records;

use crate::crypto::SignatureVerifier;
use crate::genesis::{Genesis, GenesisError, OracleConfig, FEE_ACCOUNT_ID};
use crate::margin::{self, MarginEntry, MarginSummary};
use crate::math::{self, MathError};
use crate::ops::{self, Op, OpError};
use crate::store::{Store, StoreError};
use crate::tree::{check_index, empty_root, Hash, StateDb, TreeError, TreeId, UpdateProof};
use crate::types::{
    Account, AccountId, Address, FillSlot, Globals, Market, MarketId, OpType, Positions,
    ACCOUNTS_DEPTH, FILLS_DEPTH, MARKETS_DEPTH, POSITIONS_DEPTH, POSITION_SLOTS,
};
use deferred::{AccountPart, DirtyLeaf, Pending};
use records::CorruptRecord;

/// Tree kind of the accounts tree.
pub const KIND_ACCOUNTS: u8 = 0;
/// Tree kind of the markets tree.
pub const KIND_MARKETS: u8 = 1;
/// Tree kind of an account's positions tree.
pub const KIND_POSITIONS: u8 = 2;
/// Tree kind of an account's order-fill tree.
pub const KIND_FILLS: u8 = 3;

/// Errors of the state itself (storage, corruption), as opposed to rejected operations.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The tree layer failed.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A record does not decode.
    #[error(transparent)]
    Corrupt(#[from] CorruptRecord),
    /// The genesis is invalid.
    #[error(transparent)]
    Genesis(#[from] GenesisError),
    /// A global counter left its range (e.g. the batch number).
    #[error(transparent)]
    Math(#[from] MathError),
    /// Deferred hashing left leaves unhashed: the trees are stale, so no root is given; call
    /// [`State::rehash`] first.
    #[error("{leaves} leaf updates are pending: rehash before reading the root")]
    PendingLeaves {
        /// Number of pending leaves.
        leaves: usize,
    },
}

/// One leaf update performed by an operation, with its witness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafUpdate {
    /// Which tree.
    pub tree: TreeId,
    /// The update witness (old/new leaf, siblings, old/new root).
    pub proof: UpdateProof,
}

/// A credit the L1 contract makes from this operation's pubdata (pending withdrawal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct L1Credit {
    /// Recipient.
    pub to: Address,
    /// Amount in collateral base units.
    pub amount: u64,
}

/// What an applied operation produced.
///
/// Invariant: `pubdata` is the op's exact encoding (`docs/pubdata.md`); `updates` lists every leaf
/// update in execution order, so folding them takes the old tree roots to the new ones (empty in
/// the deferred-hashing mode, where [`State::rehash`] returns the batch's updates instead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The operation type.
    pub op_type: OpType,
    /// The op's pubdata bytes.
    pub pubdata: Vec<u8>,
    /// Leaf updates with witnesses, in order.
    pub updates: Vec<LeafUpdate>,
    /// Status of a priority operation (0 = applied; see `docs/pubdata.md`), 0 otherwise.
    pub status: u8,
    /// L1 credit made by the contract from this op, if any.
    pub l1_credit: Option<L1Credit>,
}

/// The zkclear state.
///
/// Invariant: with deferred hashing off (the default) every write hashes its leaf at once and
/// `pending` stays empty; with it on, `pending` names every leaf whose record changed since the
/// last [`State::rehash`] and `updates` stays empty.
pub struct State<S: Store> {
    db: StateDb<S>,
    oracle: OracleConfig,
    updates: Vec<LeafUpdate>,
    deferred: bool,
    pending: Pending,
}

impl<S: Store> std::fmt::Debug for State<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("db", &self.db)
            .field("deferred_hashing", &self.deferred)
            .field("pending_leaves", &self.pending.len())
            .finish()
    }
}

/// The accounts tree id.
pub const ACCOUNTS: TreeId = TreeId::new(KIND_ACCOUNTS, 0);
/// The markets tree id.
pub const MARKETS: TreeId = TreeId::new(KIND_MARKETS, 0);

impl<S: Store> State<S> {
    /// Opens the state in `store`; if the store is empty, writes the genesis state and commits it
    /// (batch number 0). The genesis is validated either way; its oracle configuration is used.
    pub fn open(store: S, genesis: &Genesis) -> Result<Self, StateError> {
        genesis.validate()?;
        let mut state = State {
            db: StateDb::open(store)?,
            oracle: genesis.oracle.clone(),
            updates: Vec::new(),
            deferred: false,
            pending: Pending::default(),
        };
        if state.db.get_value(records::GLOBALS_KEY)?.is_none() {
            state.write_genesis(genesis)?;
            state.db.commit()?;
        }
        Ok(state)
    }

    fn write_genesis(&mut self, genesis: &Genesis) -> Result<(), StateError> {
        for m in genesis.initial_markets() {
            self.write_market(&m)?;
        }
        let fee = Account {
            owner: genesis.fee_account.owner,
            pubkey: genesis.fee_account.pubkey,
            collateral: 0,
            nonce: 0,
        };
        self.write_account(FEE_ACCOUNT_ID, &fee)?;
        self.set_globals(&Globals {
            insurance_fund: genesis.insurance_fund,
            fee_account: FEE_ACCOUNT_ID,
            oracle_time: genesis.genesis_time,
            batch_number: 0,
            priority_cursor: 0,
        });
        self.updates.clear();
        Ok(())
    }

    /// The oracle configuration (keys, quorum).
    pub fn oracle(&self) -> &OracleConfig {
        &self.oracle
    }

    /// The underlying database (read access for witnesses and tests). Its trees are stale while
    /// [`Self::pending_leaves`] is not 0; its records never are.
    pub fn db(&self) -> &StateDb<S> {
        &self.db
    }

    /// The state root (`docs/state-layout.md`), staged changes included. Fails with
    /// [`StateError::PendingLeaves`] while deferred leaf updates are pending (never a stale root).
    pub fn root(&self) -> Result<Hash, StateError> {
        if !self.pending.is_empty() {
            return Err(StateError::PendingLeaves {
                leaves: self.pending.len(),
            });
        }
        let a = self.db.root(ACCOUNTS, ACCOUNTS_DEPTH)?;
        let m = self.db.root(MARKETS, MARKETS_DEPTH)?;
        Ok(leaves::state_root(&a, &m, &self.globals()?))
    }

    /// Applies `op`. On error nothing changes (records, trees and pending leaves); on success the
    /// changes are staged until [`Self::commit_batch`].
    pub fn apply(&mut self, op: &Op, verifier: &dyn SignatureVerifier) -> Result<Outcome, OpError> {
        let cp = self.db.checkpoint();
        self.updates.clear();
        self.pending.begin_op();
        let result = ops::dispatch(self, op, verifier);
        match result {
            Ok(mut outcome) => {
                outcome.updates = std::mem::take(&mut self.updates);
                Ok(outcome)
            }
            Err(e) => {
                self.db.rollback(cp);
                self.updates.clear();
                self.pending.rollback_op();
                Err(e)
            }
        }
    }

    /// Ends the batch: hashes any pending leaves ([`Self::rehash`]), increments the batch number
    /// and commits every staged change in one atomic write. Returns the new root, the same in
    /// both hashing modes for the same operations.
    pub fn commit_batch(&mut self) -> Result<Hash, StateError> {
        self.rehash()?;
        let mut g = self.globals()?;
        g.batch_number = math::timestamp(g.batch_number + 1)?;
        self.set_globals(&g);
        let root = self.root()?;
        self.db.commit()?;
        Ok(root)
    }

    /// Drops every change since the last commit, pending leaves included.
    pub fn discard_batch(&mut self) {
        self.db.discard();
        self.updates.clear();
        self.pending.clear();
    }

    // ---- reads ----

    /// The globals.
    pub fn globals(&self) -> Result<Globals, StateError> {
        let bytes = self
            .db
            .get_value(records::GLOBALS_KEY)?
            .ok_or(CorruptRecord { what: "globals" })?;
        Ok(records::decode_globals(&bytes)?)
    }

    /// An account, if it exists.
    pub fn account(&self, id: AccountId) -> Result<Option<Account>, StateError> {
        match self.db.get_value(&records::account_key(id))? {
            None => Ok(None),
            Some(b) => Ok(Some(records::decode_account(&b)?)),
        }
    }

    /// The 16 position slots of an account (all empty for an unknown account).
    pub fn positions(&self, id: AccountId) -> Result<Positions, StateError> {
        match self.db.get_value(&records::positions_key(id))? {
            None => Ok([None; POSITION_SLOTS]),
            Some(b) => Ok(records::decode_positions(&b)?),
        }
    }

    /// A fill slot of an account.
    pub fn fill(&self, id: AccountId, slot: u64) -> Result<FillSlot, StateError> {
        match self.db.get_value(&records::fill_key(id, slot))? {
            None => Ok(FillSlot::default()),
            Some(b) => Ok(records::decode_fill(&b)?),
        }
    }

    /// A market, if it exists.
    pub fn market(&self, id: MarketId) -> Result<Option<Market>, StateError> {
        match self.db.get_value(&records::market_key(id))? {
            None => Ok(None),
            Some(b) => Ok(Some(records::decode_market(&b)?)),
        }
    }

    /// Margin of an account with hypothetical `collateral` and `positions`.
    pub fn margin_of(
        &self,
        collateral: i64,
        positions: &Positions,
    ) -> Result<MarginSummary, OpError> {
        let mut markets = Vec::with_capacity(POSITION_SLOTS);
        for p in positions.iter().flatten() {
            let m = self
                .market(p.market)?
                .ok_or(OpError::MarketNotFound { market: p.market })?;
            let underlying_price = if m.kind.is_option() {
                self.market(m.underlying)?
                    .ok_or(OpError::MarketNotFound {
                        market: m.underlying,
                    })?
                    .price
            } else {
                m.price
            };
            markets.push((*p, m, underlying_price));
        }
        let entries: Vec<MarginEntry<'_>> = markets
            .iter()
            .map(|(p, m, u)| MarginEntry {
                position: *p,
                market: m,
                underlying_price: *u,
            })
            .collect();
        Ok(margin::compute(collateral, &entries)?)
    }

    /// Margin of an existing account.
    pub fn margin(&self, id: AccountId) -> Result<MarginSummary, OpError> {
        let a = self
            .account(id)?
            .ok_or(OpError::AccountNotFound { account: id })?;
        self.margin_of(a.collateral, &self.positions(id)?)
    }

    // ---- writes (each pairs the record with its leaf update, or marks the leaf dirty) ----

    fn push_update(&mut self, tree: TreeId, proof: UpdateProof) {
        self.updates.push(LeafUpdate { tree, proof });
    }

    /// Stages the globals (they enter the root directly, no tree).
    pub(crate) fn set_globals(&mut self, g: &Globals) {
        self.db
            .put_value(records::GLOBALS_KEY, records::encode_globals(g));
    }

    /// Stages a market record and its leaf.
    pub(crate) fn write_market(&mut self, m: &Market) -> Result<(), StateError> {
        if self.deferred {
            check_index(MARKETS_DEPTH, u64::from(m.id))?;
            self.pending.mark(DirtyLeaf::Market(m.id));
            self.db
                .put_value(&records::market_key(m.id), records::encode_market(m));
            return Ok(());
        }
        let proof = self.db.update_leaf(
            MARKETS,
            MARKETS_DEPTH,
            u64::from(m.id),
            leaves::market_leaf(m),
        )?;
        self.push_update(MARKETS, proof);
        self.db
            .put_value(&records::market_key(m.id), records::encode_market(m));
        Ok(())
    }

    /// Stages a fill slot and its leaf. Call before [`Self::write_account`] of the same account.
    pub(crate) fn write_fill(
        &mut self,
        id: AccountId,
        slot: u64,
        fill: &FillSlot,
    ) -> Result<(), StateError> {
        if self.deferred {
            check_index(FILLS_DEPTH, slot)?;
            self.pending
                .mark(DirtyLeaf::Account(id, AccountPart::Fill(slot)));
            self.db
                .put_value(&records::fill_key(id, slot), records::encode_fill(fill));
            return Ok(());
        }
        let tree = TreeId::new(KIND_FILLS, u64::from(id));
        let proof = self
            .db
            .update_leaf(tree, FILLS_DEPTH, slot, leaves::fill_leaf(fill))?;
        self.push_update(tree, proof);
        self.db
            .put_value(&records::fill_key(id, slot), records::encode_fill(fill));
        Ok(())
    }

    /// Stages the changed position slots and their leaves. Call before [`Self::write_account`].
    pub(crate) fn write_positions(
        &mut self,
        id: AccountId,
        new: &Positions,
    ) -> Result<(), StateError> {
        let old = self.positions(id)?;
        if self.deferred {
            for (slot, (o, n)) in old.iter().zip(new.iter()).enumerate() {
                if o != n {
                    self.pending
                        .mark(DirtyLeaf::Account(id, AccountPart::Position(slot as u64)));
                }
            }
            self.db
                .put_value(&records::positions_key(id), records::encode_positions(new));
            return Ok(());
        }
        let tree = TreeId::new(KIND_POSITIONS, u64::from(id));
        for (slot, (o, n)) in old.iter().zip(new.iter()).enumerate() {
            if o != n {
                let proof = self.db.update_leaf(
                    tree,
                    POSITIONS_DEPTH,
                    slot as u64,
                    leaves::position_leaf(n.as_ref()),
                )?;
                self.push_update(tree, proof);
            }
        }
        self.db
            .put_value(&records::positions_key(id), records::encode_positions(new));
        Ok(())
    }

    /// Stages an account record and its leaf (over its current positions and fills roots).
    /// In the deferred mode the leaf is hashed by [`Self::rehash`] after the account's fills and
    /// positions, over their roots at that time.
    pub(crate) fn write_account(&mut self, id: AccountId, a: &Account) -> Result<(), StateError> {
        if self.deferred {
            self.pending.mark(DirtyLeaf::Account(id, AccountPart::Leaf));
            self.db
                .put_value(&records::account_key(id), records::encode_account(a));
            return Ok(());
        }
        let owner = u64::from(id);
        let pr = self
            .db
            .root(TreeId::new(KIND_POSITIONS, owner), POSITIONS_DEPTH)?;
        let fr = self.db.root(TreeId::new(KIND_FILLS, owner), FILLS_DEPTH)?;
        let proof = self.db.update_leaf(
            ACCOUNTS,
            ACCOUNTS_DEPTH,
            owner,
            leaves::account_leaf(a, &pr, &fr),
        )?;
        self.push_update(ACCOUNTS, proof);
        self.db
            .put_value(&records::account_key(id), records::encode_account(a));
        Ok(())
    }

    /// The leaf an account would have if new (empty positions and fills).
    pub fn new_account_leaf(a: &Account) -> Hash {
        leaves::account_leaf(a, &empty_root(POSITIONS_DEPTH), &empty_root(FILLS_DEPTH))
    }
}

#[cfg(test)]
mod tests;

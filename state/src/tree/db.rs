//! [`StateDb`]: the trees and raw records of the state over a [`Store`], with staged writes,
//! checkpoints and atomic commits.

use std::collections::HashMap;
use std::fmt;

use super::node_map::NodeMap;
use super::{
    check_index, empty_hashes, hash_children, hash_from_bytes, hash_to_bytes, Hash, MerkleProof,
    TreeError, TreeId, UpdateProof,
};
use crate::store::{Store, StoreError, WriteBatch};

/// Node-cache entries kept by default (about 60 bytes each).
pub const DEFAULT_CACHE_CAPACITY: usize = 1 << 20;

/// Store key of the commit counter, written in every committed batch.
const COMMITS_KEY: &[u8] = b"m/commits";
/// Prefix of raw records ([`StateDb::put_value`]); tree nodes use [`NODE_PREFIX`].
const VALUE_PREFIX: u8 = b'v';
const NODE_PREFIX: u8 = b'n';

/// One node: tree, level (0 = leaves) and position within the level (`index >> level`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct NodeKey {
    tree: TreeId,
    level: u8,
    pos: u64,
}

impl NodeKey {
    /// `n | kind | owner (BE) | level | pos (BE)`: 19 bytes, nodes of a tree stay together.
    fn encode(&self) -> [u8; 19] {
        let mut k = [0u8; 19];
        k[0] = NODE_PREFIX;
        k[1] = self.tree.kind;
        k[2..10].copy_from_slice(&self.tree.owner.to_be_bytes());
        k[10] = self.level;
        k[11..19].copy_from_slice(&self.pos.to_be_bytes());
        k
    }

    /// The empty-subtree hash at this node's level (levels are validated `<= MAX_DEPTH`).
    fn empty(&self) -> Hash {
        empty_hashes()
            .get(usize::from(self.level))
            .copied()
            .unwrap_or(Hash::ZERO)
    }
}

fn value_key(key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(VALUE_PREFIX);
    k.extend_from_slice(key);
    k
}

/// What a staged write replaced in the overlay, to undo it on rollback.
enum Undo {
    Node(NodeKey, Option<Hash>),
    Value(Vec<u8>, Option<Option<Vec<u8>>>),
}

/// A point in the staged writes of a [`StateDb`] to roll back to.
///
/// Invariant: valid until the next `commit` or `discard`; checkpoints nest like a stack (rolling
/// back to one invalidates those taken after it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    epoch: u64,
    journal_len: usize,
}

/// The state's trees and raw records over a store, with an in-memory staging overlay.
///
/// Reads see staged writes first, then a cache of committed nodes, then the store. Writes
/// ([`Self::update_leaf`], [`Self::put_value`]) only touch the overlay, so:
/// - an operation that fails half-way calls [`Self::rollback`] to a [`Self::checkpoint`] taken
///   before it and the overlay is exactly as it was (roots included);
/// - [`Self::commit`] hands every staged write, plus the incremented commit counter, to the store
///   in ONE atomic [`Store::write_batch`]: after a crash the store holds all of a batch or none;
/// - [`Self::discard`] drops everything since the last commit.
///
/// Nodes equal to the empty subtree of their level are deleted rather than stored, so the store
/// holds only non-empty nodes, 32 bytes each ([`super::hash_to_bytes`]).
pub struct StateDb<S: Store> {
    store: S,
    staged_nodes: NodeMap<NodeKey, Hash>,
    staged_values: HashMap<Vec<u8>, Option<Vec<u8>>>,
    journal: Vec<Undo>,
    /// Bumped by `commit`/`discard`, which invalidate outstanding checkpoints.
    epoch: u64,
    /// Committed nodes (empty ones included) read or written by this instance.
    cache: NodeMap<NodeKey, Hash>,
    cache_capacity: usize,
    commits: u64,
}

impl<S: Store> fmt::Debug for StateDb<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateDb")
            .field("staged_nodes", &self.staged_nodes.len())
            .field("staged_values", &self.staged_values.len())
            .field("cached_nodes", &self.cache.len())
            .field("commits", &self.commits)
            .finish()
    }
}

impl<S: Store> StateDb<S> {
    /// Opens the state in `store` with a node cache of [`DEFAULT_CACHE_CAPACITY`] entries.
    pub fn open(store: S) -> Result<Self, StoreError> {
        Self::with_cache_capacity(store, DEFAULT_CACHE_CAPACITY)
    }

    /// Opens the state in `store`, caching at most `cache_capacity` committed nodes (0 disables the
    /// cache; a full cache is cleared and refilled).
    pub fn with_cache_capacity(store: S, cache_capacity: usize) -> Result<Self, StoreError> {
        let commits = match store.get(COMMITS_KEY)? {
            None => 0,
            Some(bytes) => {
                let arr: [u8; 8] =
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| StoreError::Corrupt {
                            key: hex::encode(COMMITS_KEY),
                            reason: "commit counter is not 8 bytes",
                        })?;
                u64::from_le_bytes(arr)
            }
        };
        Ok(Self {
            store,
            staged_nodes: NodeMap::default(),
            staged_values: HashMap::new(),
            journal: Vec::new(),
            epoch: 0,
            cache: NodeMap::default(),
            cache_capacity,
            commits,
        })
    }

    /// The underlying store (reads there do not see staged writes).
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Number of batches ever committed to this store; the counter is part of each batch, so after
    /// a crash it names exactly the last batch that landed.
    pub fn commit_count(&self) -> u64 {
        self.commits
    }

    /// Whether anything is staged since the last commit or discard.
    pub fn has_staged(&self) -> bool {
        !self.staged_nodes.is_empty() || !self.staged_values.is_empty()
    }

    /// Root of tree `tree` of depth `depth` (staged writes included).
    pub fn root(&self, tree: TreeId, depth: u8) -> Result<Hash, TreeError> {
        check_index(depth, 0)?;
        self.node(NodeKey {
            tree,
            level: depth,
            pos: 0,
        })
    }

    /// Leaf digest at `index` (`Hash::ZERO` if never set).
    pub fn get_leaf(&self, tree: TreeId, depth: u8, index: u64) -> Result<Hash, TreeError> {
        check_index(depth, index)?;
        self.node(NodeKey {
            tree,
            level: 0,
            pos: index,
        })
    }

    /// Membership proof of the leaf at `index` against [`Self::root`].
    pub fn prove(&self, tree: TreeId, depth: u8, index: u64) -> Result<MerkleProof, TreeError> {
        check_index(depth, index)?;
        let root = self.node(NodeKey {
            tree,
            level: depth,
            pos: 0,
        })?;
        if root == empty_hashes()[usize::from(depth)] {
            // An empty tree has only empty nodes: no lookups needed.
            return Ok(MerkleProof {
                index,
                leaf: Hash::ZERO,
                siblings: empty_hashes()[..usize::from(depth)].to_vec(),
            });
        }
        let leaf = self.node(NodeKey {
            tree,
            level: 0,
            pos: index,
        })?;
        let mut siblings = Vec::with_capacity(usize::from(depth));
        for level in 0..depth {
            let pos = (index >> level) ^ 1;
            siblings.push(self.node(NodeKey { tree, level, pos })?);
        }
        Ok(MerkleProof {
            index,
            leaf,
            siblings,
        })
    }

    /// Sets the leaf at `index` to `leaf` (staged) and returns the update witness.
    ///
    /// Costs `depth` Poseidon hashes (none for a no-op update, and none per level where both
    /// children are empty). On error nothing is staged.
    pub fn update_leaf(
        &mut self,
        tree: TreeId,
        depth: u8,
        index: u64,
        leaf: Hash,
    ) -> Result<UpdateProof, TreeError> {
        check_index(depth, index)?;
        // Every read happens before any write, so a failing read stages nothing.
        let root_key = NodeKey {
            tree,
            level: depth,
            pos: 0,
        };
        let old_root = self.node_mut(root_key)?;
        let empty = empty_hashes();
        let (old_leaf, siblings) = if old_root == empty[usize::from(depth)] {
            // An empty tree (e.g. a new account's) has only empty nodes: no lookups needed.
            (Hash::ZERO, empty[..usize::from(depth)].to_vec())
        } else {
            let old_leaf = self.node_mut(NodeKey {
                tree,
                level: 0,
                pos: index,
            })?;
            let mut siblings = Vec::with_capacity(usize::from(depth));
            for level in 0..depth {
                let pos = (index >> level) ^ 1;
                siblings.push(self.node_mut(NodeKey { tree, level, pos })?);
            }
            (old_leaf, siblings)
        };
        if leaf == old_leaf {
            return Ok(UpdateProof {
                index,
                old_leaf,
                new_leaf: leaf,
                siblings,
                old_root,
                new_root: old_root,
            });
        }
        let mut node = leaf;
        for (level, sibling) in (0..depth).zip(siblings.iter()) {
            let pos = index >> level;
            self.stage_node(NodeKey { tree, level, pos }, node);
            let lvl = usize::from(level);
            node = if node == empty[lvl] && *sibling == empty[lvl] {
                empty[lvl + 1]
            } else if pos & 1 == 1 {
                hash_children(sibling, &node)
            } else {
                hash_children(&node, sibling)
            };
        }
        self.stage_node(root_key, node);
        Ok(UpdateProof {
            index,
            old_leaf,
            new_leaf: leaf,
            siblings,
            old_root,
            new_root: node,
        })
    }

    /// The raw record under `key` (staged writes included).
    pub fn get_value(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match self.staged_values.get(key) {
            Some(staged) => Ok(staged.clone()),
            None => self.store.get(&value_key(key)),
        }
    }

    /// Stages `key = value` for a raw record (kept apart from tree nodes in the store).
    pub fn put_value(&mut self, key: &[u8], value: Vec<u8>) {
        self.stage_value(key, Some(value));
    }

    /// Stages the removal of the raw record under `key`.
    pub fn delete_value(&mut self, key: &[u8]) {
        self.stage_value(key, None);
    }

    /// The current point of the staged writes, for [`Self::rollback`].
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            epoch: self.epoch,
            journal_len: self.journal.len(),
        }
    }

    /// Undoes every staged write made since `to` was taken; a stale checkpoint (taken before the
    /// last commit or discard) changes nothing. See [`Self::try_rollback`] to detect that case.
    pub fn rollback(&mut self, to: Checkpoint) {
        // A stale checkpoint is documented as a no-op; try_rollback reports it.
        let _ = self.try_rollback(to);
    }

    /// [`Self::rollback`], failing with [`TreeError::StaleCheckpoint`] (and changing nothing) if
    /// `to` was taken before the last commit or discard.
    pub fn try_rollback(&mut self, to: Checkpoint) -> Result<(), TreeError> {
        if to.epoch != self.epoch {
            return Err(TreeError::StaleCheckpoint);
        }
        while self.journal.len() > to.journal_len {
            match self.journal.pop() {
                Some(Undo::Node(key, Some(prev))) => {
                    self.staged_nodes.insert(key, prev);
                }
                Some(Undo::Node(key, None)) => {
                    self.staged_nodes.remove(&key);
                }
                Some(Undo::Value(key, Some(prev))) => {
                    self.staged_values.insert(key, prev);
                }
                Some(Undo::Value(key, None)) => {
                    self.staged_values.remove(&key);
                }
                None => break,
            }
        }
        Ok(())
    }

    /// Writes every staged write and the incremented commit counter in ONE atomic
    /// [`Store::write_batch`]. On error the store is unchanged and the writes stay staged (retry
    /// or [`Self::discard`]).
    pub fn commit(&mut self) -> Result<(), StoreError> {
        let next = self.commits.wrapping_add(1);
        let mut batch =
            WriteBatch::with_capacity(self.staged_nodes.len() + self.staged_values.len() + 1);
        for (key, hash) in &self.staged_nodes {
            if *hash == key.empty() {
                batch.delete(key.encode().to_vec());
            } else {
                batch.put(key.encode().to_vec(), hash_to_bytes(hash).to_vec());
            }
        }
        for (key, value) in &self.staged_values {
            match value {
                Some(v) => batch.put(value_key(key), v.clone()),
                None => batch.delete(value_key(key)),
            }
        }
        batch.put(COMMITS_KEY.to_vec(), next.to_le_bytes().to_vec());
        self.store.write_batch(batch)?;
        self.commits = next;
        let nodes = std::mem::take(&mut self.staged_nodes);
        for (key, hash) in nodes {
            self.cache_insert(key, hash);
        }
        self.staged_values.clear();
        self.journal.clear();
        self.epoch = self.epoch.wrapping_add(1);
        Ok(())
    }

    /// Drops every staged write since the last commit.
    pub fn discard(&mut self) {
        self.staged_nodes.clear();
        self.staged_values.clear();
        self.journal.clear();
        self.epoch = self.epoch.wrapping_add(1);
    }

    fn node(&self, key: NodeKey) -> Result<Hash, TreeError> {
        if let Some(h) = self.staged_nodes.get(&key) {
            return Ok(*h);
        }
        if let Some(h) = self.cache.get(&key) {
            return Ok(*h);
        }
        Ok(self.load_node(&key)?)
    }

    /// [`Self::node`], remembering what it read from the store.
    fn node_mut(&mut self, key: NodeKey) -> Result<Hash, TreeError> {
        if let Some(h) = self.staged_nodes.get(&key) {
            return Ok(*h);
        }
        if let Some(h) = self.cache.get(&key) {
            return Ok(*h);
        }
        let h = self.load_node(&key)?;
        self.cache_insert(key, h);
        Ok(h)
    }

    fn load_node(&self, key: &NodeKey) -> Result<Hash, StoreError> {
        let encoded = key.encode();
        match self.store.get(&encoded)? {
            None => Ok(key.empty()),
            Some(bytes) => hash_from_bytes(&bytes).ok_or_else(|| StoreError::Corrupt {
                key: hex::encode(encoded),
                reason: "tree node is not 32 bytes of canonical field elements",
            }),
        }
    }

    fn cache_insert(&mut self, key: NodeKey, hash: Hash) {
        if self.cache_capacity == 0 {
            return;
        }
        if self.cache.len() >= self.cache_capacity {
            self.cache.clear();
        }
        self.cache.insert(key, hash);
    }

    fn stage_node(&mut self, key: NodeKey, hash: Hash) {
        let prev = self.staged_nodes.insert(key, hash);
        self.journal.push(Undo::Node(key, prev));
    }

    fn stage_value(&mut self, key: &[u8], value: Option<Vec<u8>>) {
        let prev = self.staged_values.insert(key.to_vec(), value);
        self.journal.push(Undo::Value(key.to_vec(), prev));
    }
}

#[cfg(test)]
mod tests;

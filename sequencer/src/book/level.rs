//! Storage of resting orders: a slab of order slots and FIFO price levels over slab indices.
//!
//! Cancelled orders are tombstoned in place (`live == false`) and skipped by matching; their
//! slots are freed when they reach the front of the queue, when the level empties, or when a
//! level holds more tombstones than live orders (compaction). All of this is amortised O(1).

use std::collections::VecDeque;

use super::types::{BookOrder, Lots};

/// One resting order.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    /// The order as submitted (its `size` is the original size).
    pub(crate) order: BookOrder,
    /// Lots still resting; 0 exactly when the slot is a tombstone or free.
    pub(crate) remaining: Lots,
    /// False for tombstones (cancelled or filled, still queued) and free slots.
    pub(crate) live: bool,
}

/// All orders resting at one price on one side, oldest first.
///
/// Invariant: `total` is the sum of `remaining` over the live slots in `queue`, and `live` is
/// their count; a level with `live == 0` is removed from its side.
#[derive(Clone, Debug, Default)]
pub(crate) struct Level {
    pub(crate) queue: VecDeque<usize>,
    pub(crate) total: u128,
    pub(crate) live: u32,
}

/// Slab of order slots with a free list.
#[derive(Clone, Debug, Default)]
pub(crate) struct Slab {
    slots: Vec<Slot>,
    free: Vec<usize>,
}

impl Slab {
    /// Stores a live order and returns its slot index.
    pub(crate) fn insert(&mut self, order: BookOrder, remaining: Lots) -> usize {
        let slot = Slot {
            order,
            remaining,
            live: true,
        };
        match self.free.pop() {
            Some(i) => {
                self.slots[i] = slot;
                i
            }
            None => {
                self.slots.push(slot);
                self.slots.len() - 1
            }
        }
    }

    /// Returns a tombstoned slot to the free list.
    pub(crate) fn release(&mut self, i: usize) {
        self.free.push(i);
    }

    pub(crate) fn get(&self, i: usize) -> &Slot {
        &self.slots[i]
    }

    pub(crate) fn get_mut(&mut self, i: usize) -> &mut Slot {
        &mut self.slots[i]
    }
}

impl Level {
    /// Frees tombstones at the front of the queue, so that the front is live or the queue empty.
    pub(crate) fn pop_dead_front(&mut self, slab: &mut Slab) {
        while let Some(&i) = self.queue.front() {
            if slab.get(i).live {
                break;
            }
            self.queue.pop_front();
            slab.release(i);
        }
    }

    /// Frees every slot still queued (the level is being removed; all are tombstones).
    pub(crate) fn release_all(&mut self, slab: &mut Slab) {
        for i in self.queue.drain(..) {
            slab.release(i);
        }
    }

    /// Drops tombstones from the queue when they outnumber live orders, keeping time priority.
    pub(crate) fn compact_if_sparse(&mut self, slab: &mut Slab) {
        let live = self.live as usize;
        if self.queue.len() <= 2 * live + 8 {
            return;
        }
        self.queue.retain(|&i| {
            if slab.get(i).live {
                true
            } else {
                slab.release(i);
                false
            }
        });
    }
}

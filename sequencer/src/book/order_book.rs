//! The order book of one market: two sides of FIFO price levels, an id index, commit and cancel.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use super::level::{Level, Slab};
use super::plan::Plan;
use super::types::{BookError, BookOrder, Lots, OrderId, Side, Ticks};

/// Source of distinct book identities, so that a plan cannot be committed to another book.
static NEXT_BOOK_ID: AtomicU64 = AtomicU64::new(1);

/// A price-time-priority limit order book for one market.
///
/// Invariants after every public call: the book is never crossed (best bid < best ask); every
/// resting order has at least 1 lot remaining and appears in the id index exactly once; a level's
/// aggregate equals the sum of its orders' remaining sizes. A rejected call changes nothing.
#[derive(Debug)]
pub struct OrderBook {
    pub(crate) id: u64,
    pub(crate) version: u64,
    pub(crate) bids: BTreeMap<Ticks, Level>,
    pub(crate) asks: BTreeMap<Ticks, Level>,
    pub(crate) slab: Slab,
    index: HashMap<OrderId, usize>,
}

/// A resting order and how much of it is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestingOrder {
    /// The order as submitted (`size` is the original size).
    pub order: BookOrder,
    /// Lots still resting, at least 1.
    pub remaining: Lots,
}

/// One aggregated price level of a depth snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepthLevel {
    /// Price of the level.
    pub price: Ticks,
    /// Sum of the remaining sizes resting at this price (u128: cannot overflow).
    pub size: u128,
    /// Number of resting orders at this price, at least 1.
    pub orders: u32,
}

/// Aggregated levels of both sides, best first: bids by descending, asks by ascending price.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Depth {
    /// Buy levels, highest price first.
    pub bids: Vec<DepthLevel>,
    /// Sell levels, lowest price first.
    pub asks: Vec<DepthLevel>,
}

impl Default for OrderBook {
    fn default() -> Self {
        Self::new()
    }
}

impl OrderBook {
    /// An empty book.
    pub fn new() -> Self {
        OrderBook {
            id: NEXT_BOOK_ID.fetch_add(1, Ordering::Relaxed),
            version: 0,
            bids: BTreeMap::new(),
            asks: BTreeMap::new(),
            slab: Slab::default(),
            index: HashMap::new(),
        }
    }

    /// Version counter, bumped by every mutation; a [`Plan`] is valid only at its version.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Number of resting orders.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when nothing rests.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// True when an order with this id rests in the book.
    pub fn contains(&self, id: OrderId) -> bool {
        self.index.contains_key(&id)
    }

    /// Highest resting buy price.
    pub fn best_bid(&self) -> Option<Ticks> {
        self.bids.last_key_value().map(|(&p, _)| p)
    }

    /// Lowest resting sell price.
    pub fn best_ask(&self) -> Option<Ticks> {
        self.asks.first_key_value().map(|(&p, _)| p)
    }

    /// The resting order with this id, if any.
    pub fn order(&self, id: OrderId) -> Option<RestingOrder> {
        let slot = self.slab.get(*self.index.get(&id)?);
        Some(RestingOrder {
            order: slot.order,
            remaining: slot.remaining,
        })
    }

    /// Up to `max_levels` aggregated levels per side, best first.
    pub fn depth(&self, max_levels: usize) -> Depth {
        let agg = |(&price, level): (&Ticks, &Level)| DepthLevel {
            price,
            size: level.total,
            orders: level.live,
        };
        Depth {
            bids: self.bids.iter().rev().take(max_levels).map(agg).collect(),
            asks: self.asks.iter().take(max_levels).map(agg).collect(),
        }
    }

    /// Cancels a resting order and returns the lots that were still resting.
    pub fn cancel(&mut self, id: OrderId) -> Result<Lots, BookError> {
        let slot_ix = self
            .index
            .remove(&id)
            .ok_or(BookError::UnknownOrderId(id))?;
        let slot = self.slab.get_mut(slot_ix);
        let (side, price, remaining) = (slot.order.side, slot.order.price, slot.remaining);
        slot.live = false;
        slot.remaining = 0;
        let levels = match side {
            Side::Buy => &mut self.bids,
            Side::Sell => &mut self.asks,
        };
        if let Some(level) = levels.get_mut(&price) {
            level.total -= u128::from(remaining);
            level.live -= 1;
            if level.live == 0 {
                level.release_all(&mut self.slab);
                levels.remove(&price);
            } else {
                level.pop_dead_front(&mut self.slab);
                level.compact_if_sparse(&mut self.slab);
            }
        }
        self.version = self.version.wrapping_add(1);
        Ok(remaining)
    }

    /// Puts a resting order back as it was (recovery): `remaining` lots at its price, behind the
    /// orders already at that level, without matching and without clipping (a reduce-only
    /// order keeps its flag and is clipped when it next trades, as if it had never left).
    /// Errors: zero `remaining` or price, an id already resting, or a price that crosses the
    /// other side; the book is then unchanged.
    pub fn restore(&mut self, order: BookOrder, remaining: Lots) -> Result<(), BookError> {
        if remaining == 0 {
            return Err(BookError::ZeroSize(order.id));
        }
        if order.price == 0 {
            return Err(BookError::ZeroPrice(order.id));
        }
        if self.contains(order.id) {
            return Err(BookError::DuplicateOrderId(order.id));
        }
        let crosses = match order.side {
            Side::Buy => self.best_ask().is_some_and(|a| a <= order.price),
            Side::Sell => self.best_bid().is_some_and(|b| b >= order.price),
        };
        if crosses {
            return Err(BookError::RestoreWouldCross(order.id));
        }
        let slot = self.slab.insert(order, remaining);
        let levels = match order.side {
            Side::Buy => &mut self.bids,
            Side::Sell => &mut self.asks,
        };
        let level = levels.entry(order.price).or_default();
        level.queue.push_back(slot);
        level.total += u128::from(remaining);
        level.live += 1;
        self.index.insert(order.id, slot);
        self.version = self.version.wrapping_add(1);
        Ok(())
    }

    /// Applies a plan computed by [`OrderBook::plan`] on this book at its current version:
    /// reduces or removes the makers it touches and rests the incoming order's remainder.
    pub fn commit(&mut self, plan: &Plan) -> Result<(), BookError> {
        if plan.book_id != self.id {
            return Err(BookError::ForeignPlan);
        }
        if plan.version != self.version {
            return Err(BookError::StalePlan {
                planned: plan.version,
                current: self.version,
            });
        }
        let maker_levels = match plan.order.side {
            Side::Buy => &mut self.asks,
            Side::Sell => &mut self.bids,
        };
        let mut touched: Option<Ticks> = None;
        for step in &plan.steps {
            if touched.is_some_and(|p| p != step.price) {
                settle_level(maker_levels, &mut self.slab, touched);
            }
            touched = Some(step.price);
            let slot = self.slab.get_mut(step.slot);
            let taken = step.filled + step.cancelled;
            slot.remaining -= taken;
            let gone = slot.remaining == 0;
            if gone {
                slot.live = false;
                self.index.remove(&step.maker);
            }
            if let Some(level) = maker_levels.get_mut(&step.price) {
                level.total -= u128::from(taken);
                if gone {
                    level.live -= 1;
                }
            }
        }
        settle_level(maker_levels, &mut self.slab, touched);
        if plan.rested > 0 {
            let order = plan.order;
            let slot = self.slab.insert(order, plan.rested);
            let levels = match order.side {
                Side::Buy => &mut self.bids,
                Side::Sell => &mut self.asks,
            };
            let level = levels.entry(order.price).or_default();
            level.queue.push_back(slot);
            level.total += u128::from(plan.rested);
            level.live += 1;
            self.index.insert(order.id, slot);
        }
        self.version = self.version.wrapping_add(1);
        Ok(())
    }

    /// Checks every structural invariant; used by tests after random operation sequences.
    #[cfg(test)]
    pub(crate) fn check_invariants(&self) -> Result<(), String> {
        if let (Some(b), Some(a)) = (self.best_bid(), self.best_ask()) {
            if b >= a {
                return Err(format!("crossed: bid {b} >= ask {a}"));
            }
        }
        let mut seen = 0usize;
        for (side, levels) in [(Side::Buy, &self.bids), (Side::Sell, &self.asks)] {
            for (&price, level) in levels {
                let live: Vec<usize> = level
                    .queue
                    .iter()
                    .copied()
                    .filter(|&i| self.slab.get(i).live)
                    .collect();
                let total: u128 = live
                    .iter()
                    .map(|&i| u128::from(self.slab.get(i).remaining))
                    .sum();
                if live.is_empty() || live.len() != level.live as usize || total != level.total {
                    return Err(format!("level {side:?} {price} aggregates wrong"));
                }
                for &i in &live {
                    let s = self.slab.get(i);
                    if s.remaining == 0 || s.order.price != price || s.order.side != side {
                        return Err(format!("slot {i} misplaced or empty"));
                    }
                    if self.index.get(&s.order.id) != Some(&i) {
                        return Err(format!("slot {i} not indexed"));
                    }
                }
                seen += live.len();
            }
        }
        if seen != self.index.len() {
            return Err(format!("index has {} ids, {seen} live", self.index.len()));
        }
        Ok(())
    }
}

/// After a commit consumed makers at `price`: frees the tombstones at the front of the level and
/// removes the level once nothing live rests there.
fn settle_level(levels: &mut BTreeMap<Ticks, Level>, slab: &mut Slab, price: Option<Ticks>) {
    let Some(price) = price else { return };
    let Some(level) = levels.get_mut(&price) else {
        return;
    };
    if level.live == 0 {
        level.release_all(slab);
        levels.remove(&price);
    } else {
        level.pop_dead_front(slab);
    }
}

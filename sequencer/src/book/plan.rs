//! Matching as a pure function: [`OrderBook::plan`] computes what an incoming order would do
//! without touching the book; [`OrderBook::commit`] then applies it.
//!
//! The split lets the keeper apply each proposed [`Fill`] to the state as a `Trade` first and only
//! mutate the book for what the state accepted (see docs/matching.md, "Plan and commit").

use super::level::Level;
use super::order_book::OrderBook;
use super::types::{
    reducible, AccountId, BookError, BookOrder, CancelReason, Fill, Lots, OrderId, OrderKind,
    Positions, Side, Ticks,
};

/// What happens to one resting order touched by a plan, in queue (price-time) order.
///
/// Invariant: `filled + cancelled` is at most the maker's remaining size when planned, and equals
/// it for every step except possibly the last one of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MakerStep {
    /// The resting order.
    pub maker: OrderId,
    /// Its account.
    pub account: AccountId,
    /// Its price.
    pub price: Ticks,
    /// Lots it trades (the matching [`Fill`] is `fills()[fill_index]`).
    pub filled: Lots,
    /// Lots of it cancelled (self-trade prevention or reduce-only clipping).
    pub cancelled: Lots,
    /// Why `cancelled` is non-zero.
    pub cancel_reason: Option<CancelReason>,
    /// Index of this step's fill in [`Plan::fills`], if it trades.
    pub fill_index: Option<usize>,
    pub(crate) slot: usize,
}

/// The outcome of an incoming order, computed against one version of one book.
///
/// Invariant (conservation): `filled() + rested() + clipped() + cancelled_unfilled() ==
/// order().size`, and for every maker step `filled + cancelled` never exceeds what was resting.
/// A plan can only be committed to the book and version it was computed against.
#[derive(Clone, Debug)]
pub struct Plan {
    pub(crate) book_id: u64,
    pub(crate) version: u64,
    pub(crate) order: BookOrder,
    pub(crate) steps: Vec<MakerStep>,
    pub(crate) fills: Vec<Fill>,
    pub(crate) filled: Lots,
    pub(crate) rested: Lots,
    pub(crate) clipped: Lots,
    pub(crate) cancelled_unfilled: Lots,
    pub(crate) unfilled_reason: Option<CancelReason>,
}

impl Plan {
    /// The incoming order.
    pub fn order(&self) -> &BookOrder {
        &self.order
    }

    /// Proposed fills in execution order (best price first, then time priority).
    pub fn fills(&self) -> &[Fill] {
        &self.fills
    }

    /// Every resting order the plan touches, in execution order.
    pub fn steps(&self) -> &[MakerStep] {
        &self.steps
    }

    /// Lots of the incoming order that trade.
    pub fn filled(&self) -> Lots {
        self.filled
    }

    /// Lots of the incoming order that will rest at its limit price.
    pub fn rested(&self) -> Lots {
        self.rested
    }

    /// Lots of a reduce-only incoming order removed because they would increase |position|.
    pub fn clipped(&self) -> Lots {
        self.clipped
    }

    /// Lots of the incoming order cancelled unfilled (IOC remainder, or a truncated plan).
    pub fn cancelled_unfilled(&self) -> Lots {
        self.cancelled_unfilled
    }

    /// Why `cancelled_unfilled` is non-zero.
    pub fn unfilled_reason(&self) -> Option<CancelReason> {
        self.unfilled_reason
    }

    /// Keeps only the first `keep` fills, for when the state rejected fill `keep`.
    ///
    /// Maker steps from the rejected fill on are dropped (those makers stay as they are), and the
    /// incoming order's unfilled remainder is cancelled with [`CancelReason::Truncated`] instead
    /// of resting (resting it could cross the makers left in the book). The keeper may then
    /// cancel the offending maker and plan the remainder again as a fresh order. Does nothing if
    /// `keep >= fills().len()`.
    pub fn truncate_fills(&mut self, keep: usize) {
        if keep >= self.fills.len() {
            return;
        }
        let cut = self
            .steps
            .iter()
            .position(|s| s.fill_index == Some(keep))
            .unwrap_or(self.steps.len());
        self.steps.truncate(cut);
        self.fills.truncate(keep);
        self.filled = self.fills.iter().map(|f| f.size).sum();
        let taken = self.order.size - self.clipped;
        self.rested = 0;
        self.cancelled_unfilled = taken - self.filled;
        self.unfilled_reason = Some(CancelReason::Truncated);
    }
}

impl Plan {
    /// Cancels the part that would rest ([`CancelReason::NotRested`]) and keeps everything else,
    /// so committing the plan applies its fills and maker steps but rests nothing. Conservation
    /// holds: the rested lots move to `cancelled_unfilled`. Does nothing if nothing would rest.
    pub fn cancel_rest(&mut self) {
        if self.rested == 0 {
            return;
        }
        self.cancelled_unfilled += self.rested;
        self.rested = 0;
        self.unfilled_reason = Some(CancelReason::NotRested);
    }
}

/// Mutable state of one planning pass.
struct Planner<'a, P: Positions> {
    book: &'a OrderBook,
    positions: &'a P,
    order: BookOrder,
    left: Lots,
    steps: Vec<MakerStep>,
    fills: Vec<Fill>,
}

impl<P: Positions> Planner<'_, P> {
    /// Walks one crossing level in time priority; returns false once the taker is exhausted.
    fn walk_level(&mut self, price: Ticks, level: &Level) -> bool {
        for &slot in &level.queue {
            if self.left == 0 {
                return false;
            }
            let s = self.book.slab.get(slot);
            if !s.live {
                continue;
            }
            let maker = s.order;
            let mut step = MakerStep {
                maker: maker.id,
                account: maker.account,
                price,
                filled: 0,
                cancelled: 0,
                cancel_reason: None,
                fill_index: None,
                slot,
            };
            if maker.account == self.order.account {
                step.cancelled = s.remaining;
                step.cancel_reason = Some(CancelReason::SelfTrade);
                self.steps.push(step);
                continue;
            }
            let fillable = if maker.reduce_only {
                let cap = self.maker_reducible(maker.account, maker.side);
                Lots::try_from(cap.min(u128::from(s.remaining))).unwrap_or(s.remaining)
            } else {
                s.remaining
            };
            let q = fillable.min(self.left);
            if q < s.remaining && q == fillable {
                step.cancelled = s.remaining - q;
                step.cancel_reason = Some(CancelReason::ReduceOnly);
            }
            if q > 0 {
                step.filled = q;
                step.fill_index = Some(self.fills.len());
                self.fills.push(Fill {
                    maker: maker.id,
                    maker_account: maker.account,
                    taker: self.order.id,
                    taker_account: self.order.account,
                    taker_side: self.order.side,
                    price,
                    size: q,
                });
                self.left -= q;
            }
            self.steps.push(step);
        }
        self.left > 0
    }

    /// Lots a reduce-only maker of `account` on `side` may still trade, given its position and
    /// the fills this plan already gave that account's other makers.
    fn maker_reducible(&self, account: AccountId, side: Side) -> u128 {
        let mut pos = i128::from(self.positions.position(account));
        for f in self.fills.iter().filter(|f| f.maker_account == account) {
            let q = i128::from(f.size);
            match f.taker_side {
                Side::Buy => pos -= q,
                Side::Sell => pos += q,
            }
        }
        reducible(side, pos)
    }
}

impl OrderBook {
    /// Computes the outcome of `order` against the current book without changing it.
    ///
    /// Errors: zero size or price, an id already resting, or a post-only order that would cross.
    /// `positions` is consulted only for reduce-only orders (the taker's, and resting reduce-only
    /// makers it meets).
    pub fn plan<P: Positions>(&self, order: BookOrder, positions: &P) -> Result<Plan, BookError> {
        if order.size == 0 {
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
        if order.kind == OrderKind::PostOnly && crosses {
            return Err(BookError::PostOnlyWouldCross(order.id));
        }
        let taken = if order.reduce_only {
            let cap = reducible(order.side, i128::from(positions.position(order.account)));
            Lots::try_from(cap.min(u128::from(order.size))).unwrap_or(order.size)
        } else {
            order.size
        };
        let mut planner = Planner {
            book: self,
            positions,
            order,
            left: taken,
            steps: Vec::new(),
            fills: Vec::new(),
        };
        if crosses && taken > 0 {
            match order.side {
                Side::Buy => {
                    for (&price, level) in self.asks.range(..=order.price) {
                        if !planner.walk_level(price, level) {
                            break;
                        }
                    }
                }
                Side::Sell => {
                    for (&price, level) in self.bids.range(order.price..).rev() {
                        if !planner.walk_level(price, level) {
                            break;
                        }
                    }
                }
            }
        }
        let left = planner.left;
        let (rested, cancelled_unfilled, unfilled_reason) = match order.kind {
            OrderKind::Ioc if left > 0 => (0, left, Some(CancelReason::ImmediateOrCancel)),
            OrderKind::Ioc => (0, 0, None),
            OrderKind::Limit | OrderKind::PostOnly => (left, 0, None),
        };
        Ok(Plan {
            book_id: self.id,
            version: self.version,
            order,
            filled: taken - left,
            steps: planner.steps,
            fills: planner.fills,
            rested,
            clipped: order.size - taken,
            cancelled_unfilled,
            unfilled_reason,
        })
    }

    /// Plans and commits `order` in one step (for callers that need no veto on fills).
    pub fn submit<P: Positions>(
        &mut self,
        order: BookOrder,
        positions: &P,
    ) -> Result<Plan, BookError> {
        let plan = self.plan(order, positions)?;
        self.commit(&plan)?;
        Ok(plan)
    }
}

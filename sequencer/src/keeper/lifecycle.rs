//! The life of an admitted order after matching: finished orders (never admitted again until
//! their expiry, looked up by digest), recent trades, and what of both each batch commit writes.
//!
//! Invariants:
//! - a signed order is admitted at most once: once it rests no longer (filled, cancelled, an IOC
//!   or clipped remainder, a state rejection), its digest is a finished order until the rollup
//!   clock passes its expiry (admission refuses expired orders first, so pruning then changes
//!   no decision);
//! - finished orders and trades since the last commit live in memory and are written with the
//!   next batch commit, atomically with the state; the WAL replay re-creates the later ones, so
//!   after a restart both are exactly what was acknowledged.

use zkclear_state::types::{MarketId, Order};

use super::core::{digest_key, Core};
use super::error::KeeperResult;
use super::views::{OrderView, TradeView};
use crate::persist::{FinishedOrderRecord, OrderEnd};

impl Core {
    /// Records `order` as finished (it no longer rests and never will), with what it filled.
    pub(super) fn finish(&mut self, order: &Order) {
        let filled = self.filled_of(order);
        let end = if filled >= order.size {
            OrderEnd::Filled
        } else {
            OrderEnd::Cancelled
        };
        self.finished.insert(
            digest_key(order),
            FinishedOrderRecord {
                order: *order,
                end,
                filled,
            },
        );
    }

    /// Lots of `order` filled so far according to the state's fill slot (0 if the slot holds
    /// another nonce), at most its size.
    pub(super) fn filled_of(&self, order: &Order) -> u32 {
        match self.state.fill(order.account, order.fill_slot()) {
            Ok(slot) if slot.nonce == order.nonce => slot.filled.min(order.size),
            _ => 0,
        }
    }

    /// The finished order with this digest (since the last commit, or committed).
    pub(super) fn finished_order(
        &self,
        digest: &[u8; 32],
    ) -> KeeperResult<Option<FinishedOrderRecord>> {
        if let Some(r) = self.finished.get(digest) {
            return Ok(Some(*r));
        }
        Ok(self.db.finished(digest)?)
    }

    /// `zkc_getOrder`: a resting or finished order by digest.
    pub(super) fn order_view(&self, digest: &[u8; 32]) -> KeeperResult<Option<OrderView>> {
        if let Some(id) = self.by_digest.get(digest) {
            if let Some(meta) = self.resting.get(id) {
                let remaining = self
                    .books
                    .get(&meta.market)
                    .and_then(|b| b.order(*id))
                    .map_or(0, |r| r.remaining);
                let o = meta.signed.order;
                return Ok(Some(OrderView::new(
                    &o,
                    "resting",
                    self.filled_of(&o),
                    remaining,
                )));
            }
        }
        Ok(self.finished_order(digest)?.map(|r| {
            let status = match r.end {
                OrderEnd::Filled => "filled",
                OrderEnd::Cancelled => "cancelled",
            };
            OrderView::new(&r.order, status, r.filled, 0)
        }))
    }

    /// Appends a trade to its market's recent trades (newest first, at most the configured
    /// number).
    pub(super) fn record_trade(&mut self, t: TradeView) {
        let cap = self.config.recent_trades.max(1);
        let seq = self.trade_seq.entry(t.market).or_insert((0, 0));
        let n = seq.0;
        seq.0 += 1;
        let q = self.recent.entry(t.market).or_default();
        q.push_front((n, t));
        q.truncate(cap);
    }

    /// Stages, for the batch commit: the finished orders since the last commit, the removal of
    /// the committed ones whose expiry the rollup clock has passed, the trades since the last
    /// commit and the removal of those beyond the kept number.
    pub(super) fn stage_lifecycle(&mut self, now: u64) -> KeeperResult<()> {
        for (digest, r) in std::mem::take(&mut self.finished) {
            if r.order.expiry >= now {
                self.db.stage_finished(&digest, r.order.expiry, Some(&r));
            }
        }
        for (expiry, digest) in self.db.finished_expired_before(now)? {
            self.db.stage_finished(&digest, expiry, None);
        }
        let cap = self.config.recent_trades.max(1) as u64;
        let markets: Vec<MarketId> = self.trade_seq.keys().copied().collect();
        for m in markets {
            let Some(&(next, committed)) = self.trade_seq.get(&m) else {
                continue;
            };
            if next == committed {
                continue;
            }
            if let Some(q) = self.recent.get(&m) {
                for (seq, t) in q.iter().filter(|(seq, _)| *seq >= committed) {
                    self.db.stage_trade(m, *seq, Some(t));
                }
            }
            let keep_from = next.saturating_sub(cap);
            for seq in committed.saturating_sub(cap)..keep_from {
                self.db.stage_trade::<TradeView>(m, seq, None);
            }
            self.trade_seq.insert(m, (next, next));
        }
        Ok(())
    }
}

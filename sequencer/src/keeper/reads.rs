//! Answers to read queries, from the keeper's own state (staged changes included).

use zkclear_state::margin::Level;
use zkclear_state::types::{AccountId, MarketKind};

use super::batch::root_hex;
use super::core::{unix_now, Core};
use super::error::{KeeperError, KeeperResult};
use super::orders::side_name;
use super::views::{
    AccountView, BatchView, BookView, LevelView, MarginView, MarketView, OpenOrderView,
    PositionView,
};
use super::{Answer, Query};
use crate::breaker::MarketStatus;

impl Core {
    pub(super) fn answer(&mut self, q: Query) -> KeeperResult<Answer> {
        Ok(match q {
            Query::Account(id) => Answer::Account(self.account_view(id)?),
            Query::Margin(id) => Answer::Margin(self.margin_view(id)?),
            Query::OpenOrders(id) => Answer::OpenOrders(self.open_orders(id)),
            Query::Book(market, depth) => {
                let book = self
                    .books
                    .get(&market)
                    .ok_or(KeeperError::UnknownMarket(market))?;
                let d = book.depth(depth);
                let lv = |l: &crate::book::DepthLevel| LevelView {
                    price: l.price,
                    size: u64::try_from(l.size).unwrap_or(u64::MAX),
                    orders: l.orders,
                };
                Answer::Book(BookView {
                    market,
                    bids: d.bids.iter().map(lv).collect(),
                    asks: d.asks.iter().map(lv).collect(),
                })
            }
            Query::RecentTrades(market, limit) => {
                if !self.books.contains_key(&market) {
                    return Err(KeeperError::UnknownMarket(market));
                }
                Answer::Trades(
                    self.recent
                        .get(&market)
                        .map(|q| q.iter().take(limit).map(|(_, t)| t.clone()).collect())
                        .unwrap_or_default(),
                )
            }
            Query::Order(digest) => Answer::Order(self.order_view(&digest)?),
            Query::Markets => Answer::Markets(self.markets()?),
            Query::Batch(n) => Answer::Batch(self.batch_view(n)?),
            Query::Root => Answer::Root(
                root_hex(&self.current_root()?),
                self.state.globals()?.batch_number,
                self.pending.ops.len(),
            ),
            Query::NextUnproven(from) => {
                // No submitted proof is verified yet, so none makes its batch unleasable: the
                // oldest committed batch from `from` on is next.
                let last = self.state.globals()?.batch_number;
                let n = from.max(1);
                Answer::NextUnproven((n <= last).then_some(n))
            }
            Query::PriorityCursor => Answer::PriorityCursor(self.state.globals()?.priority_cursor),
        })
    }

    fn account_view(&self, id: AccountId) -> KeeperResult<Option<AccountView>> {
        let Some(a) = self.state.account(id)? else {
            return Ok(None);
        };
        let positions = self
            .state
            .positions(id)?
            .iter()
            .flatten()
            .map(|p| PositionView {
                market: p.market,
                size: p.size,
                funding_index: p.funding_index,
            })
            .collect();
        Ok(Some(AccountView {
            id,
            owner: format!("{:?}", a.owner),
            pubkey: a.pubkey.0,
            collateral: a.collateral,
            nonce: a.nonce,
            positions,
        }))
    }

    fn margin_view(&self, id: AccountId) -> KeeperResult<MarginView> {
        let m = self.state.margin(id)?;
        Ok(MarginView {
            account: id,
            value: m.value,
            initial_risk: m.initial_risk,
            maintenance_risk: m.maintenance_risk,
            healthy_initial: m.is_healthy(Level::Initial),
            healthy_maintenance: m.is_healthy(Level::Maintenance),
        })
    }

    fn open_orders(&self, id: AccountId) -> Vec<OpenOrderView> {
        let Some(ids) = self.by_account.get(&id) else {
            return Vec::new();
        };
        ids.iter()
            .filter_map(|oid| {
                let meta = self.resting.get(oid)?;
                let r = self.books.get(&meta.market)?.order(*oid)?;
                let o = meta.signed.order;
                Some(OpenOrderView {
                    market: o.market,
                    nonce: o.nonce,
                    side: side_name(super::orders::book_side(o.side)),
                    price: o.limit_price,
                    size: o.size,
                    remaining: r.remaining,
                    reduce_only: o.reduce_only,
                    time_in_force: o.time_in_force,
                    expiry: o.expiry,
                    digest: super::views::digest_hex(&o),
                })
            })
            .collect()
    }

    fn markets(&mut self) -> KeeperResult<Vec<MarketView>> {
        let now = unix_now();
        let statuses = self
            .breakers
            .as_mut()
            .map(|b| b.statuses(now))
            .unwrap_or_default();
        let mut out = Vec::new();
        for &id in self.books.keys() {
            let Some(m) = self.state.market(id)? else {
                continue;
            };
            let status = statuses
                .iter()
                .find(|(mid, _)| *mid == u32::from(id))
                .map_or_else(
                    || "open".to_string(),
                    |(_, s)| match s {
                        MarketStatus::Trading => "open".to_string(),
                        MarketStatus::Halted { reason, .. } => format!("halted: {reason:?}"),
                    },
                );
            out.push(MarketView {
                id,
                kind: match m.kind {
                    MarketKind::Perp => "perp",
                    MarketKind::Call => "call",
                    MarketKind::Put => "put",
                }
                .into(),
                underlying: m.underlying,
                strike: m.strike,
                expiry: m.expiry,
                price: m.price,
                price_time: m.price_time,
                funding_index: m.funding_index,
                initial_ppm: m.initial_ppm,
                maintenance_ppm: m.maintenance_ppm,
                settlement_price: m.settlement_price,
                status,
            });
        }
        Ok(out)
    }

    fn batch_view(&self, n: u64) -> KeeperResult<Option<BatchView>> {
        let Some((id, r)) = self.db.batch(n)? else {
            return Ok(None);
        };
        let st = self.db.statement(n)?;
        let proofs = self.db.proofs(n)?;
        Ok(Some(BatchView {
            batch_number: n,
            id: hex::encode(id),
            ops: r.ops.len(),
            pubdata_len: r.pubdata.len() / 2,
            old_root: r.old_root,
            new_root: st.as_ref().map(|s| s.new_root.clone()),
            statement_hash: st.map(|s| s.statement_hash),
            status: "committed".into(),
            unverified_proofs: proofs.len(),
        }))
    }
}

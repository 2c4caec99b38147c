//! Recovery on open: account keys, books from the committed resting orders, recent trades, and
//! the circuit breakers (seeded after the WAL replay).

use zkclear_state::genesis::Genesis;
use zkclear_state::types::{MarketId, SignedOrder};

use super::core::{order_id, Core, RestingMeta};
use super::error::{KeeperError, KeeperResult};
use super::views::TradeView;
use crate::book::BookOrder;
use crate::breaker::{BreakerConfig, Breakers};

impl Core {
    pub(super) fn init_breakers(
        &mut self,
        cfg: Option<BreakerConfig>,
        g: &Genesis,
    ) -> KeeperResult<()> {
        let Some(cfg) = cfg else { return Ok(()) };
        let mut b = Breakers::new();
        for m in &g.markets {
            b.add_market(u32::from(m.id), cfg)
                .map_err(|e| KeeperError::InvalidOrder(e.to_string()))?;
            if let Some(mk) = self.state.market(m.id)? {
                if mk.price > 0 {
                    if let Ok(br) = b.get_mut(u32::from(m.id)) {
                        let _ = br.on_tick(mk.price_time, u64::from(mk.price));
                    }
                }
            }
        }
        self.breakers = Some(b);
        Ok(())
    }

    /// Account ids are sequential from 1 (assigned on L1): find the first free one, publishing
    /// every key on the way.
    pub(super) fn scan_accounts(&mut self) -> KeeperResult<()> {
        while let Some(account) = self.state.account(self.next_account)? {
            self.keys.set(self.next_account, account.pubkey);
            self.next_account += 1;
        }
        Ok(())
    }

    pub(super) fn restore_books(&mut self) -> KeeperResult<()> {
        for r in self.db.resting_orders()? {
            let signed: SignedOrder = r.order.into();
            let o = signed.order;
            let id = order_id(o.account, o.nonce);
            let Some(book) = self.books.get_mut(&o.market) else {
                continue;
            };
            // Put back as it was, with its signed time in force and reduce-only flag: a
            // restored reduce-only order is clipped to the position when it next trades (it is
            // not clipped now, exactly as if the node had not restarted).
            let bo = BookOrder {
                id,
                account: crate::book::AccountId(u64::from(o.account)),
                side: super::orders::book_side(o.side),
                price: u64::from(o.limit_price),
                size: r.remaining,
                kind: super::orders::book_kind(o.time_in_force),
                reduce_only: o.reduce_only,
            };
            book.restore(bo, r.remaining)?;
            self.remember_verified(&signed);
            self.insert_resting(
                id,
                RestingMeta {
                    market: o.market,
                    seq: r.seq,
                    signed,
                },
            );
        }
        self.dirty.clear();
        Ok(())
    }

    /// Loads the committed recent trades of every market (the WAL replay adds the later ones).
    pub(super) fn restore_trades(&mut self) -> KeeperResult<()> {
        let cap = self.config.recent_trades.max(1);
        let markets: Vec<MarketId> = self.books.keys().copied().collect();
        for m in markets {
            let trades: Vec<(u64, TradeView)> = self.db.recent_trades(m, cap)?;
            let next = trades.first().map_or(0, |(seq, _)| seq + 1);
            self.trade_seq.insert(m, (next, next));
            self.recent.insert(m, trades.into_iter().collect());
        }
        Ok(())
    }
}

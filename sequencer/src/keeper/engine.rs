//! Keeper-driven operations: L1 priority operations, oracle and settlement ticks followed by
//! option settlement and the risk pass (liquidate → cover → deleverage), and funding ticks. Each
//! applied op is logged as its own WAL entry, so replay re-applies exactly the decisions taken,
//! never re-derives them.

use zkclear_state::crypto::PublicKey;
use zkclear_state::margin::Level;
use zkclear_state::ops::{set_key, OracleTick, SettlementTick};
use zkclear_state::pubdata::{chain_priority, encode};
use zkclear_state::types::{AccountId, MarketId, Order, Side, SignedOrder, TimeInForce};

use super::core::{sig_key, unix_now, Core};
use super::error::{KeeperError, KeeperResult};
use super::views::Event;
use super::PriorityOp;
use crate::persist::{submission_records, OpRecord, SignedOrderRecord};

impl Core {
    /// Applies an L1 priority op as the next one of the queue (checking its queue index when
    /// given), chains it into the queue hash, and applies its book effects: a key change that
    /// took effect cancels the account's resting orders (their signatures are under the old key,
    /// so they could no longer trade, and a key is changed precisely when the old one is not
    /// trusted any more).
    pub(super) fn priority(&mut self, op: PriorityOp, index: Option<u64>) -> KeeperResult<u8> {
        if let Some(got) = index {
            let expected = self.state.globals()?.priority_cursor;
            if got != expected {
                return Err(KeeperError::PriorityOutOfOrder { expected, got });
            }
        }
        let old_key = self.state.account(op.account())?.map(|a| a.pubkey);
        let outcome = self.apply_logged(OpRecord::from(&op))?;
        let bytes = match &op {
            PriorityOp::Deposit(d) => encode::deposit_priority(d),
            PriorityOp::SetKey(s) => encode::set_key_priority(s),
            PriorityOp::ForcedWithdrawal(f) => encode::forced_withdrawal_priority(f),
        };
        self.meta.queue_hash = chain_priority(&self.meta.queue_hash, &bytes);
        let account = op.account();
        if let Some(a) = self.state.account(account)? {
            self.keys.set(account, a.pubkey);
        }
        match &op {
            PriorityOp::Deposit(_) => {
                if account >= self.next_account {
                    self.next_account = account.saturating_add(1);
                }
            }
            PriorityOp::SetKey(_) if outcome.status == set_key::STATUS_OK => {
                self.cancel_all_resting(account, old_key)?;
            }
            PriorityOp::SetKey(_) | PriorityOp::ForcedWithdrawal(_) => {}
        }
        tracing::info!(target: "zkclear::l1", ?index, account, kind = op.name(), status = outcome.status, "priority op applied");
        self.emit(Event::Account { account });
        Ok(outcome.status)
    }

    /// Cancels every resting order of `account` (their signatures were checked under `old_key`).
    fn cancel_all_resting(
        &mut self,
        account: AccountId,
        old_key: Option<PublicKey>,
    ) -> KeeperResult<()> {
        let ids: Vec<_> = self
            .by_account
            .get(&account)
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default();
        for id in ids {
            let Some(meta) = self.resting.get(&id).copied() else {
                continue;
            };
            if let Some(k) = old_key {
                self.verified.remove(&sig_key(
                    &k,
                    &meta.signed.order.digest(),
                    &meta.signed.signature,
                ));
            }
            let o = meta.signed.order;
            self.cancel_resting(o.account, o.market, o.nonce)?;
            tracing::info!(target: "zkclear::l1", account, market = o.market, nonce = o.nonce, "resting order cancelled by a key change");
        }
        Ok(())
    }

    /// Applies a signed oracle tick, then settles and runs the risk pass the new price requires.
    /// A tick the state refuses (outside the market's band, stale, below quorum …) changes
    /// nothing: the last accepted price stays, and liquidations never run on the refused one.
    pub(super) fn oracle_tick(&mut self, t: OracleTick) -> KeeperResult<()> {
        let rec = OpRecord::OracleTick {
            market: t.market,
            timestamp: t.timestamp,
            submissions: submission_records(&t.submissions),
        };
        if let Err(e) = self.apply_logged(rec) {
            if matches!(e, KeeperError::OracleTickRefused(_)) {
                self.metrics.oracle_tick_refused(t.market);
                tracing::warn!(target: "zkclear::oracle", market = t.market, timestamp = t.timestamp, error = %e, "oracle tick refused");
            }
            return Err(e);
        }
        if let Some(m) = self.state.market(t.market)? {
            if let Some(b) = self.breakers.as_mut() {
                if let Ok(br) = b.get_mut(u32::from(t.market)) {
                    let _ = br.on_tick(m.price_time, u64::from(m.price));
                }
            }
            self.metrics.oracle_price(t.market, m.price);
        }
        self.settle_expired()?;
        self.risk_pass()?;
        Ok(())
    }

    /// Applies a quorum-signed settlement price of an expired option market, then settles its
    /// positions and runs the risk pass (a short that could not pay ends in deficit).
    pub(super) fn settlement_tick(&mut self, t: SettlementTick) -> KeeperResult<()> {
        let rec = OpRecord::SettlementTick {
            market: t.market,
            submissions: submission_records(&t.submissions),
        };
        self.apply_logged(rec)?;
        tracing::info!(target: "zkclear::settle", market = t.market, "settlement price set");
        self.settle_expired()?;
        self.risk_pass()?;
        Ok(())
    }

    /// Funding tick for a perp: premium of the book mid over the oracle price, bounded.
    pub(super) fn funding_tick(&mut self, market: MarketId) -> KeeperResult<i64> {
        let m = self
            .state
            .market(market)?
            .ok_or(KeeperError::UnknownMarket(market))?;
        let now = self.state.globals()?.oracle_time;
        let mark = self
            .books
            .get(&market)
            .and_then(|b| crate::funding::mid(b.best_bid(), b.best_ask()));
        let delta = crate::funding::index_delta(
            mark,
            m.price,
            m.max_funding_rate_ppm,
            now.saturating_sub(m.funding_time),
        );
        self.apply_logged(OpRecord::FundingTick {
            market,
            index_delta: delta,
        })?;
        tracing::info!(target: "zkclear::funding", market, delta, "funding tick");
        self.risk_pass()?;
        Ok(delta)
    }

    /// Settles every position in an option market that has its settlement price.
    fn settle_expired(&mut self) -> KeeperResult<()> {
        let expired: Vec<MarketId> = self
            .books
            .keys()
            .copied()
            .filter(|&id| {
                self.state
                    .market(id)
                    .ok()
                    .flatten()
                    .is_some_and(|m| m.kind.is_option() && m.settlement_price != 0)
            })
            .collect();
        for market in expired {
            for account in 1..self.next_account {
                let holds = self
                    .state
                    .positions(account)?
                    .iter()
                    .flatten()
                    .any(|p| p.market == market);
                if holds {
                    match self.apply_logged(OpRecord::SettleOption { account, market }) {
                        Ok(_) => {
                            tracing::info!(target: "zkclear::settle", account, market, "option settled");
                            self.emit(Event::Account { account });
                        }
                        Err(e) => {
                            tracing::warn!(target: "zkclear::settle", account, market, error = %e, "settlement rejected");
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The risk pass, after every price move and settlement (`crate::liquidator` has the
    /// policy): for each account below maintenance or with negative value, cover a deficit from
    /// the insurance fund, liquidate its positions at the mark, and deleverage what the fund
    /// could not cover.
    fn risk_pass(&mut self) -> KeeperResult<()> {
        let liquidator = self.liquidator.as_ref().map(|(a, _)| *a);
        for account in 1..self.next_account {
            if Some(account) == liquidator {
                continue;
            }
            let Ok(summary) = self.state.margin(account) else {
                continue;
            };
            if summary.value >= 0 && summary.is_healthy(Level::Maintenance) {
                continue;
            }
            tracing::info!(target: "zkclear::liquidator", account, value = summary.value, risk = summary.maintenance_risk, "account below maintenance");
            self.cover_deficit(account)?;
            self.liquidate_positions(account)?;
            self.cover_deficit(account)?;
            self.deleverage_account(account)?;
        }
        Ok(())
    }

    /// Covers `account`'s deficit from the insurance fund, if it has one and the fund is not
    /// empty.
    fn cover_deficit(&mut self, account: AccountId) -> KeeperResult<()> {
        let Ok(summary) = self.state.margin(account) else {
            return Ok(());
        };
        if summary.value >= 0 || self.state.globals()?.insurance_fund == 0 {
            return Ok(());
        }
        match self.apply_logged(OpRecord::CoverDeficit { account }) {
            Ok(_) => {
                tracing::info!(target: "zkclear::liquidator", account, deficit = summary.value, "deficit covered by the insurance fund");
                self.emit(Event::Account { account });
                Ok(())
            }
            Err(KeeperError::Storage(e)) => Err(KeeperError::Storage(e)),
            Err(e) => {
                tracing::warn!(target: "zkclear::liquidator", account, error = %e, "deficit cover rejected");
                Ok(())
            }
        }
    }

    /// Liquidates `account`'s positions one by one while it stays below maintenance.
    fn liquidate_positions(&mut self, account: AccountId) -> KeeperResult<()> {
        let positions: Vec<_> = self
            .state
            .positions(account)?
            .iter()
            .flatten()
            .copied()
            .collect();
        for p in positions {
            let Ok(summary) = self.state.margin(account) else {
                break;
            };
            if summary.is_healthy(Level::Maintenance) {
                break;
            }
            let Some(market) = self.state.market(p.market)? else {
                continue;
            };
            let mark = zkclear_state::margin::mark_price(&market);
            if let Some(price) = crate::liquidator::liquidation_price(mark, summary.value, p.size) {
                self.liquidate(account, p.market, p.size, price)?;
            }
        }
        Ok(())
    }

    /// Deleverages `account`'s positions while its value is negative and the fund is empty,
    /// against counterparties in the published ranking (`crate::liquidator::rank`).
    fn deleverage_account(&mut self, account: AccountId) -> KeeperResult<()> {
        let positions: Vec<_> = self
            .state
            .positions(account)?
            .iter()
            .flatten()
            .copied()
            .collect();
        for p in positions {
            let Ok(summary) = self.state.margin(account) else {
                break;
            };
            if summary.value >= 0 || self.state.globals()?.insurance_fund != 0 {
                break;
            }
            let Some(market) = self.state.market(p.market)? else {
                continue;
            };
            let mark = zkclear_state::margin::mark_price(&market);
            self.deleverage(account, p.market, p.size, mark, summary.value)?;
        }
        Ok(())
    }

    fn liquidate(
        &mut self,
        victim: AccountId,
        market: MarketId,
        size: i64,
        price: u32,
    ) -> KeeperResult<bool> {
        let Some((liq_account, key)) = self.liquidator.clone() else {
            return Ok(false);
        };
        let Ok(fill) = u32::try_from(size.unsigned_abs()) else {
            return Ok(false);
        };
        let now = self.state.globals()?.oracle_time;
        let nonce = self.meta.liquidator_nonce;
        let order = Order {
            account: liq_account,
            market,
            // The liquidator takes the victim's side.
            side: if size > 0 { Side::Buy } else { Side::Sell },
            limit_price: price,
            size: fill,
            max_fee_ppm: 0,
            expiry: now + 3600,
            nonce,
            // Fills at once as the liquidator or never: it must not rest.
            time_in_force: TimeInForce::Ioc,
            reduce_only: false,
        };
        let signed = SignedOrder {
            order,
            signature: key.sign(&order.digest()),
        };
        let rec = OpRecord::Liquidate {
            liquidated: victim,
            liquidator: SignedOrderRecord::from(&signed),
            fill,
            price,
        };
        self.bump_liquidator_nonce(nonce);
        match self.apply_logged(rec) {
            Ok(_) => {
                tracing::info!(target: "zkclear::liquidator", victim, market, fill, price, "liquidated");
                self.metrics.liquidation();
                self.emit(Event::Account { account: victim });
                self.emit(Event::Account {
                    account: liq_account,
                });
                Ok(true)
            }
            Err(KeeperError::Storage(e)) => Err(KeeperError::Storage(e)),
            Err(e) => {
                tracing::warn!(target: "zkclear::liquidator", victim, market, error = %e, "liquidation rejected");
                Ok(false)
            }
        }
    }

    fn deleverage(
        &mut self,
        victim: AccountId,
        market: MarketId,
        size: i64,
        mark: u64,
        value: i64,
    ) -> KeeperResult<()> {
        if value >= 0 {
            return Ok(());
        }
        let Some(price) = crate::liquidator::bankruptcy_price(mark, value, size) else {
            return Ok(());
        };
        let mut candidates = Vec::new();
        for a in 1..self.next_account {
            if a == victim {
                continue;
            }
            let opp = self
                .state
                .positions(a)?
                .iter()
                .flatten()
                .find(|p| p.market == market && p.size.signum() == -size.signum())
                .map(|p| p.size);
            if let (Some(s), Ok(m)) = (opp, self.state.margin(a)) {
                candidates.push(crate::liquidator::Candidate {
                    account: a,
                    free: m.free(Level::Maintenance),
                    size: s,
                });
            }
        }
        let Some(best) = crate::liquidator::rank(candidates).into_iter().next() else {
            tracing::warn!(target: "zkclear::liquidator", victim, market, "no counterparty in profit to deleverage against");
            return Ok(());
        };
        let (counterparty, cp_size) = (best.account, best.size);
        let Ok(fill) = u32::try_from(size.unsigned_abs().min(cp_size.unsigned_abs())) else {
            return Ok(());
        };
        let rec = OpRecord::Deleverage {
            deleveraged: victim,
            counterparty,
            market,
            fill,
            price,
        };
        match self.apply_logged(rec) {
            Ok(_) => {
                tracing::info!(target: "zkclear::liquidator", victim, counterparty, market, fill, price, "deleveraged");
                self.emit(Event::Account { account: victim });
                self.emit(Event::Account {
                    account: counterparty,
                });
                Ok(())
            }
            Err(KeeperError::Storage(e)) => Err(KeeperError::Storage(e)),
            Err(e) => {
                tracing::warn!(target: "zkclear::liquidator", victim, market, error = %e, "deleverage rejected");
                Ok(())
            }
        }
    }

    /// Timer: refresh staleness of every breaker (wall clock).
    pub(super) fn check_breakers(&mut self) {
        if let Some(b) = self.breakers.as_mut() {
            let _ = b.statuses(unix_now());
        }
    }
}

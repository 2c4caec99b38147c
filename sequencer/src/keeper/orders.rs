//! Placing and cancelling orders: admission checks, planning against the book, applying each
//! fill as a `Trade` op, and committing (or truncating) the plan (docs/matching.md).

use zkclear_state::crypto::Signature;
use zkclear_state::math::{MAX_PRICE, MAX_SIZE};
use zkclear_state::types::{AccountId, MarketId, Order, Role, Side, SignedOrder, TimeInForce};

use super::core::{digest_key, order_id, sig_key, unix_now, Core, RestingMeta};
use super::error::{blamed, KeeperError, KeeperResult};
use super::keys::SignatureCheck;
use super::views::{Event, PlaceResult, TradeView};
use crate::book::{self, BookOrder, OrderKind, Plan};
use crate::persist::{OpRecord, SigHex, SignedOrderRecord, WalEntry};

/// The book's side of a state side.
pub(super) fn book_side(s: Side) -> book::Side {
    match s {
        Side::Buy => book::Side::Buy,
        Side::Sell => book::Side::Sell,
    }
}

pub(super) fn side_name(s: book::Side) -> String {
    match s {
        book::Side::Buy => "buy".into(),
        book::Side::Sell => "sell".into(),
    }
}

/// The book behaviour of a signed time in force.
pub(super) fn book_kind(t: TimeInForce) -> OrderKind {
    match t {
        TimeInForce::Gtc => OrderKind::Limit,
        TimeInForce::PostOnly => OrderKind::PostOnly,
        TimeInForce::Ioc => OrderKind::Ioc,
    }
}

impl Core {
    /// The lowest `max_fee_ppm` an order with time in force `t` must sign: the configured fee of
    /// every role it can fill in (post-only: maker; IOC: taker; GTC: both).
    pub(super) fn required_fee_ppm(&self, t: TimeInForce) -> u32 {
        let (maker, taker) = (self.config.maker_fee_ppm, self.config.taker_fee_ppm);
        match t {
            TimeInForce::PostOnly => maker,
            TimeInForce::Ioc => taker,
            TimeInForce::Gtc => maker.max(taker),
        }
    }

    /// Checks everything about an order that does not depend on its counterparty and answers
    /// the lots of it already filled (its state fill slot). The signature is checked here unless
    /// an RPC thread already reached a verdict under the account's current key (`checked`, see
    /// [`super::KeySnapshot`]); either way at this same step, so the error an order gets does not
    /// depend on where its signature was checked.
    fn admit(&mut self, s: &SignedOrder, checked: Option<SignatureCheck>) -> KeeperResult<u32> {
        let o = &s.order;
        let market = self
            .state
            .market(o.market)?
            .ok_or(KeeperError::UnknownMarket(o.market))?;
        if o.size == 0 || u64::from(o.size) > MAX_SIZE {
            return Err(KeeperError::InvalidOrder(format!(
                "size must be in 1..={MAX_SIZE}"
            )));
        }
        if o.limit_price == 0 || u64::from(o.limit_price) > MAX_PRICE {
            return Err(KeeperError::InvalidOrder("limit price must be ≥ 1".into()));
        }
        if o.nonce == 0 {
            return Err(KeeperError::InvalidOrder("nonce must be ≥ 1".into()));
        }
        let account = self
            .state
            .account(o.account)?
            .ok_or(KeeperError::UnknownAccount(o.account))?;
        let now = self.state.globals()?.oracle_time;
        if now > o.expiry {
            return Err(KeeperError::Expired {
                expiry: o.expiry,
                now,
            });
        }
        if market.price == 0 {
            return Err(KeeperError::MarketNotTradable("no oracle price yet".into()));
        }
        if market.kind.is_option() && (now >= market.expiry || market.settlement_price != 0) {
            return Err(KeeperError::MarketNotTradable("option expired".into()));
        }
        let required = self.required_fee_ppm(o.time_in_force);
        if o.max_fee_ppm < required {
            return Err(KeeperError::FeeTooLow {
                max_fee_ppm: o.max_fee_ppm,
                required,
            });
        }
        let slot = self.state.fill(o.account, o.fill_slot())?;
        if slot.nonce > o.nonce || (slot.nonce == o.nonce && slot.filled >= o.size) {
            return Err(KeeperError::StaleNonce {
                nonce: o.nonce,
                stored: slot.nonce,
            });
        }
        if !self.replaying {
            if let Some(b) = self.breakers.as_mut() {
                if let Ok(br) = b.get_mut(u32::from(o.market)) {
                    if !br.allows_matching(unix_now()) {
                        return Err(KeeperError::MarketHalted(o.market));
                    }
                }
            }
        }
        let digest = o.digest();
        let key = sig_key(&account.pubkey, &digest, &s.signature);
        if !self.verified.contains(&key) {
            let valid = SignatureCheck::verdict_under(checked, &account.pubkey)
                .unwrap_or_else(|| self.verifier.verify(&account.pubkey, &digest, &s.signature));
            if !valid {
                return Err(KeeperError::InvalidSignature);
            }
        }
        // After the signature: only the owner learns that an order of theirs is finished.
        if self.finished_order(&digest_key(o))?.is_some() {
            return Err(KeeperError::OrderFinished);
        }
        self.verified.insert(key);
        Ok(if slot.nonce == o.nonce {
            slot.filled
        } else {
            0
        })
    }

    /// Places an order with WAL sequence number `seq` (the caller logs it on success). The book
    /// gets what is left of it (its size minus its state fill slot), with its signed time in
    /// force and reduce-only flag.
    pub(super) fn place(
        &mut self,
        seq: u64,
        s: SignedOrder,
        checked: Option<SignatureCheck>,
    ) -> KeeperResult<PlaceResult> {
        let admitted = self.admit(&s, checked);
        let o = s.order;
        let id = order_id(o.account, o.nonce);
        let filled_before = match admitted {
            Ok(f) => f,
            Err(e) => {
                if !self.resting.contains_key(&id) {
                    self.forget_verified(&s);
                }
                return Err(e);
            }
        };
        if self.resting.contains_key(&id) {
            return Err(KeeperError::DuplicateOrder);
        }
        let mut bo = BookOrder {
            id,
            account: book::AccountId(u64::from(o.account)),
            side: book_side(o.side),
            price: u64::from(o.limit_price),
            size: u64::from(o.size.saturating_sub(filled_before)),
            kind: book_kind(o.time_in_force),
            reduce_only: o.reduce_only,
        };
        let mut result = PlaceResult {
            filled: 0,
            resting: 0,
            cancelled: 0,
            trades: Vec::new(),
            rejection: None,
            seq,
            digest: super::views::digest_hex(&o),
        };
        // Whether anything changed yet (a fill, a faulty maker cancelled): from then on the
        // order is logged and answered with a result, never refused.
        let mut changed = false;
        // Each round plans the remainder; a round ends early only when the state rejects a fill
        // by the maker's fault (that maker is cancelled and the next round continues). Bounded:
        // every such round removes one resting order.
        loop {
            let plan = {
                let book = self
                    .books
                    .get(&o.market)
                    .ok_or(KeeperError::UnknownMarket(o.market))?;
                let state = &self.state;
                let market = o.market;
                let positions = move |a: book::AccountId| position_of(state, a, market);
                book.plan(bo, &positions)
            };
            let mut plan = match plan {
                Ok(p) => p,
                Err(e) if !changed => {
                    self.forget_verified(&s);
                    return Err(e.into());
                }
                Err(e) => {
                    result.rejection = Some(e.to_string());
                    result.cancelled += bo.size;
                    break;
                }
            };
            let fault = self.apply_fills(&s, &plan, &mut result);
            let faulty_maker = fault
                .as_ref()
                .and_then(|(k, _)| plan.fills().get(*k).map(|f| f.maker));
            if let Some((k, _)) = &fault {
                plan.truncate_fills(*k);
            }
            if fault.is_none() && plan.rested() > 0 {
                if let Err(e) = self.check_resting(&s, &plan) {
                    if !changed && plan.filled() == 0 {
                        self.forget_verified(&s);
                        return Err(e);
                    }
                    result.rejection = Some(e.to_string());
                    plan.cancel_rest();
                }
            }
            self.commit_plan(o.market, &plan)?;
            result.filled += plan.filled();
            changed = true;
            match fault {
                None => {
                    result.resting = plan.rested();
                    result.cancelled += plan.clipped() + plan.cancelled_unfilled();
                    break;
                }
                Some((_, (Role::Maker, why))) => {
                    result.rejection = Some(why);
                    let Some(m) = faulty_maker else {
                        break;
                    };
                    {
                        if let Some(book) = self.books.get_mut(&o.market) {
                            let _ = book.cancel(m);
                        }
                        self.remove_resting(m);
                    }
                    let left = bo.size.saturating_sub(plan.filled());
                    if left == 0 {
                        break;
                    }
                    bo.size = left;
                }
                Some((_, (_, why))) => {
                    result.rejection = Some(why);
                    result.cancelled += bo.size.saturating_sub(plan.filled());
                    break;
                }
            }
        }
        if result.resting > 0 {
            self.insert_resting(
                id,
                RestingMeta {
                    market: o.market,
                    seq,
                    signed: s,
                },
            );
        } else {
            self.forget_verified(&s);
            self.finish(&o);
        }
        self.emit(Event::Book { market: o.market });
        self.emit(Event::Account { account: o.account });
        Ok(result)
    }

    fn forget_verified(&mut self, s: &SignedOrder) {
        if let Ok(Some(a)) = self.state.account(s.order.account) {
            self.verified
                .remove(&sig_key(&a.pubkey, &s.order.digest(), &s.signature));
        }
    }

    /// Applies the plan's fills in order, each at the configured maker and taker fees; stops at
    /// the first the state rejects and says which fill and whom it blames.
    fn apply_fills(
        &mut self,
        taker: &SignedOrder,
        plan: &Plan,
        result: &mut PlaceResult,
    ) -> Option<(usize, (Role, String))> {
        let batch = self.state.globals().map_or(0, |g| g.batch_number + 1);
        for (k, f) in plan.fills().iter().enumerate() {
            let Some(maker) = self.resting.get(&f.maker).map(|m| m.signed) else {
                return Some((k, (Role::Maker, "maker unknown to the keeper".into())));
            };
            let (Ok(fill), Ok(price)) = (u32::try_from(f.size), u32::try_from(f.price)) else {
                return Some((k, (Role::Taker, "fill out of range".into())));
            };
            let rec = OpRecord::Trade {
                maker: SignedOrderRecord::from(&maker),
                taker: SignedOrderRecord::from(taker),
                fill,
                price,
                maker_fee_ppm: self.config.maker_fee_ppm,
                taker_fee_ppm: self.config.taker_fee_ppm,
            };
            match self.apply_op(rec) {
                Ok(_) => {
                    let t = TradeView {
                        market: taker.order.market,
                        maker: maker.order.account,
                        taker: taker.order.account,
                        taker_side: side_name(f.taker_side),
                        price,
                        size: fill,
                        batch,
                    };
                    self.metrics.trade();
                    self.record_trade(t.clone());
                    self.emit(Event::Trade(t.clone()));
                    self.emit(Event::Account {
                        account: maker.order.account,
                    });
                    result.trades.push(t);
                }
                Err(e) => {
                    let role = blamed(&e).unwrap_or(Role::Taker);
                    return Some((k, (role, KeeperError::from(e).to_string())));
                }
            }
        }
        None
    }

    /// Commits a plan to its book and brings the keeper's resting index in line.
    fn commit_plan(&mut self, market: MarketId, plan: &Plan) -> KeeperResult<()> {
        let book = self
            .books
            .get_mut(&market)
            .ok_or(KeeperError::UnknownMarket(market))?;
        book.commit(plan)?;
        let gone: Vec<_> = plan
            .steps()
            .iter()
            .filter(|st| !book.contains(st.maker))
            .map(|st| st.maker)
            .collect();
        let touched: Vec<_> = plan.steps().iter().map(|st| st.maker).collect();
        for m in gone {
            self.remove_resting(m);
        }
        for m in touched {
            if let Some(meta) = self.resting.get(&m) {
                self.dirty.insert(m, meta.seq);
            }
        }
        Ok(())
    }

    /// Cancels exactly `order` (it must rest with these very fields) after checking the cancel
    /// signature over `order.cancel_digest()` under the account's key (the caller's verdict
    /// `checked` is used when it was reached under that key). The order becomes finished (never
    /// admitted again). If it already filled in part, its signature has left the sequencer in a
    /// batch, so a `CancelOrder` op joins the batch: once proven, no later fill of it can be.
    /// Logs the cancel (not on replay, where it is in the WAL already).
    pub(super) fn cancel_signed(
        &mut self,
        order: Order,
        signature: Signature,
        checked: Option<SignatureCheck>,
    ) -> KeeperResult<u64> {
        let account = self
            .state
            .account(order.account)?
            .ok_or(KeeperError::UnknownAccount(order.account))?;
        let valid = SignatureCheck::verdict_under(checked, &account.pubkey).unwrap_or_else(|| {
            self.verifier
                .verify(&account.pubkey, &order.cancel_digest(), &signature)
        });
        if !valid {
            return Err(KeeperError::InvalidSignature);
        }
        let id = order_id(order.account, order.nonce);
        match self.resting.get(&id) {
            Some(m) if m.signed.order == order => {}
            _ => return Err(KeeperError::UnknownOrder),
        }
        let partly_filled = self.filled_of(&order) > 0;
        let lots = self.cancel_resting(order.account, order.market, order.nonce)?;
        if partly_filled {
            let rec = OpRecord::CancelOrder {
                account: order.account,
                order,
                signature: SigHex(signature),
            };
            match self.apply_op(rec) {
                Ok(_) => {
                    tracing::info!(target: "zkclear::keeper", account = order.account, nonce = order.nonce, "CancelOrder op appended for a partly filled order");
                }
                Err(zkclear_state::ops::OpError::State(e)) => {
                    self.failed = Some(e.to_string());
                    return Err(KeeperError::Storage(e.to_string()));
                }
                Err(e) => {
                    tracing::warn!(target: "zkclear::keeper", account = order.account, nonce = order.nonce, error = %e, "CancelOrder op rejected by the state");
                }
            }
        }
        if !self.replaying {
            let seq = self.last_seq + 1;
            self.append(
                seq,
                &WalEntry::Cancel {
                    order,
                    signature: SigHex(signature),
                },
            )?;
        }
        Ok(lots)
    }

    /// Removes a resting order from its book (cancel by its owner or by a key change).
    pub(super) fn cancel_resting(
        &mut self,
        account: AccountId,
        market: MarketId,
        nonce: u32,
    ) -> KeeperResult<u64> {
        let id = order_id(account, nonce);
        match self.resting.get(&id) {
            Some(m) if m.market == market => {}
            _ => return Err(KeeperError::UnknownOrder),
        }
        let book = self
            .books
            .get_mut(&market)
            .ok_or(KeeperError::UnknownMarket(market))?;
        let lots = book.cancel(id)?;
        self.remove_resting(id);
        self.emit(Event::Book { market });
        self.emit(Event::Account { account });
        Ok(lots)
    }
}

/// An account's signed position in a market, from the state (staged trades included).
pub(super) fn position_of<S: zkclear_state::store::Store>(
    state: &zkclear_state::state::State<S>,
    a: book::AccountId,
    market: MarketId,
) -> i64 {
    let Ok(id) = AccountId::try_from(a.0) else {
        return 0;
    };
    state.positions(id).map_or(0, |ps| {
        ps.iter()
            .flatten()
            .find(|p| p.market == market)
            .map_or(0, |p| p.size)
    })
}

//! Resting-order margin and the per-account cap (docs/matching.md, "Resting-order margin").
//!
//! A resting order counts toward initial margin as the worst case of its fills, dYdX v3 style:
//! per market, either all of the account's resting buys fill at their limits or all its resting
//! sells do, whichever leaves less free collateral at initial margin; the markets' worst cases
//! add up. Each case is priced by the state's own rules
//! ([`zkclear_state::ops::common::margin_after_fills`], the code a `Trade` runs), never by a
//! second implementation.
//!
//! Invariant: an order's remainder rests only if, with it, the account's worst case is healthy
//! at initial margin or no worse than without it (so an order that only reduces risk is never
//! refused), and the account rests fewer than `max_resting_per_account` orders.

use std::collections::{BTreeMap, HashSet};

use zkclear_state::margin::{Level, MarginSummary};
use zkclear_state::ops::common::{margin_after_fills, HypotheticalFill};
use zkclear_state::types::{AccountId, MarketId, Order, Side, SignedOrder};

use super::core::Core;
use super::error::{KeeperError, KeeperResult};
use crate::book::{self, Lots, OrderId, Plan};

/// One resting order's open exposure: its order and the lots that could still fill.
type Open = (Order, Lots);

impl Core {
    /// Checks that the remainder `plan.rested()` of `s` may rest (called after the plan's fills
    /// were applied to the state, before it is committed to the book).
    pub(super) fn check_resting(&self, s: &SignedOrder, plan: &Plan) -> KeeperResult<()> {
        let account = s.order.account;
        // Own makers the plan removes (self-trade prevention) no longer count.
        let me = book::AccountId(u64::from(account));
        let gone: HashSet<OrderId> = plan
            .steps()
            .iter()
            .filter(|st| st.account == me)
            .map(|st| st.maker)
            .collect();
        let open: Vec<Open> = self
            .by_account
            .get(&account)
            .into_iter()
            .flatten()
            .filter(|id| !gone.contains(id))
            .filter_map(|id| {
                let meta = self.resting.get(id)?;
                let r = self.books.get(&meta.market)?.order(*id)?;
                Some((meta.signed.order, r.remaining))
            })
            .collect();
        let cap = self.config.max_resting_per_account;
        if open.len() >= cap {
            return Err(KeeperError::TooManyRestingOrders { cap });
        }
        let mut with_it = open.clone();
        with_it.push((s.order, plan.rested()));
        let with = self.worst_case(account, &with_it)?;
        if with.is_healthy(Level::Initial) {
            return Ok(());
        }
        // Below initial margin with it: allowed only if it does not make the worst case worse.
        match self.worst_case(account, &open) {
            Ok(w) if with.free(Level::Initial) >= w.free(Level::Initial) => Ok(()),
            _ => Err(KeeperError::RestingMargin(format!(
                "with this order resting, the worst case of account {account}'s resting orders \
                 leaves value {} against initial risk {}",
                with.value, with.initial_risk
            ))),
        }
    }

    /// The account's margin if, in every market, the worse of "every resting buy fills at its
    /// limit" and "every resting sell fills at its limit" happens.
    fn worst_case(&self, account: AccountId, open: &[Open]) -> KeeperResult<MarginSummary> {
        // Per market: [all buys, all sells], each summed into one hypothetical fill.
        let mut per_market: BTreeMap<MarketId, [HypotheticalFill; 2]> = BTreeMap::new();
        for (o, lots) in open {
            let lots = i128::from(*lots);
            let (i, sign) = match o.side {
                Side::Buy => (0, 1),
                Side::Sell => (1, -1),
            };
            let f = &mut per_market.entry(o.market).or_default()[i];
            f.market = o.market;
            f.lots = f
                .lots
                .saturating_add(i64::try_from(sign * lots).unwrap_or(i64::MAX));
            f.cost += sign * lots * i128::from(o.limit_price);
        }
        let mut fills: Vec<HypotheticalFill> = Vec::new();
        for sides in per_market.into_values() {
            let mut worst: Option<(i128, HypotheticalFill)> = None;
            for side in sides.into_iter().filter(|f| f.lots != 0) {
                let mut trial = fills.clone();
                trial.push(side);
                let free = self.margin_with(account, &trial)?.free(Level::Initial);
                if worst.is_none_or(|(f, _)| free < f) {
                    worst = Some((free, side));
                }
            }
            fills.extend(worst.map(|(_, side)| side));
        }
        self.margin_with(account, &fills)
    }

    fn margin_with(
        &self,
        account: AccountId,
        fills: &[HypotheticalFill],
    ) -> KeeperResult<MarginSummary> {
        margin_after_fills(&self.state, account, fills).map_err(|e| match e {
            zkclear_state::ops::OpError::State(e) => KeeperError::Storage(e.to_string()),
            other => KeeperError::RestingMargin(format!(
                "the worst case of the account's resting orders is out of range: {other}"
            )),
        })
    }
}

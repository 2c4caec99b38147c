//! Steps shared by the operations: loading a party, moving a position at a price (with funding
//! settled first), paying collateral, the "healthy or only reduced risk" rule, and writing back.

use crate::margin::{self, Level, MarginSummary};
use crate::math;
use crate::state::{Outcome, State};
use crate::store::Store;
use crate::types::{Account, AccountId, Market, MarketId, OpType, Position, Positions};

use super::OpError;

/// An outcome without updates yet (the state fills them in) and status 0.
pub(crate) fn outcome(op_type: OpType, pubdata: Vec<u8>) -> Outcome {
    Outcome {
        op_type,
        pubdata,
        updates: Vec::new(),
        status: 0,
        l1_credit: None,
    }
}

/// An account loaded for modification.
#[derive(Clone, Debug)]
pub(crate) struct Party {
    pub id: AccountId,
    pub account: Account,
    pub positions: Positions,
}

impl Party {
    /// Loads an existing account and its positions.
    pub fn load<S: Store>(state: &State<S>, id: AccountId) -> Result<Self, OpError> {
        let account = state
            .account(id)?
            .ok_or(OpError::AccountNotFound { account: id })?;
        Ok(Party {
            id,
            account,
            positions: state.positions(id)?,
        })
    }

    /// The slot holding `market`, if any.
    pub fn slot_of(&self, market: MarketId) -> Option<usize> {
        self.positions
            .iter()
            .position(|p| p.is_some_and(|p| p.market == market))
    }

    /// Signed size held in `market` (0 if none).
    pub fn size_in(&self, market: MarketId) -> i64 {
        self.slot_of(market)
            .and_then(|s| self.positions[s])
            .map_or(0, |p| p.size)
    }

    /// Current margin.
    pub fn margin<S: Store>(&self, state: &State<S>) -> Result<MarginSummary, OpError> {
        state.margin_of(self.account.collateral, &self.positions)
    }

    /// Changes the collateral by `delta` (checked against its width).
    pub fn credit(&mut self, delta: i128) -> Result<(), OpError> {
        self.account.collateral = math::collateral(i128::from(self.account.collateral) + delta)?;
        Ok(())
    }

    /// Settles the position's funding, then moves its size by `delta` at `price` per lot
    /// (collateral −= delta × price). A new position takes the lowest empty slot; a position that
    /// reaches 0 frees its slot.
    pub fn move_position(
        &mut self,
        market: &Market,
        delta: i64,
        price: u64,
    ) -> Result<(), OpError> {
        let cost = math::notional(math::position_size(i128::from(delta))?, price)?;
        self.move_position_for(market, delta, cost)
    }

    /// [`Party::move_position`] for a total `cost` (collateral −= cost; several fills at
    /// different prices moved at once).
    fn move_position_for(
        &mut self,
        market: &Market,
        delta: i64,
        cost: i128,
    ) -> Result<(), OpError> {
        let slot = match self.slot_of(market.id) {
            Some(s) => s,
            None => self
                .positions
                .iter()
                .position(Option::is_none)
                .ok_or(OpError::TooManyPositions { account: self.id })?,
        };
        let current_index = if market.kind.is_option() {
            0
        } else {
            market.funding_index
        };
        let pos = self.positions[slot].unwrap_or(Position {
            market: market.id,
            size: 0,
            funding_index: current_index,
        });
        let owed = margin::unpaid_funding(&pos, market)?;
        self.credit(-owed - cost)?;
        let size = math::position_size(i128::from(pos.size) + i128::from(delta))?;
        self.positions[slot] = (size != 0).then_some(Position {
            market: market.id,
            size,
            funding_index: current_index,
        });
        Ok(())
    }

    /// Writes the positions (leaves) and then the account leaf. Fill slots must be written first.
    pub fn save<S: Store>(&self, state: &mut State<S>) -> Result<(), OpError> {
        state.write_positions(self.id, &self.positions)?;
        state.write_account(self.id, &self.account)?;
        Ok(())
    }
}

/// Whether `market`'s price is usable at clock `now`: set, and at most `max_price_age` old.
pub(crate) fn check_fresh(market: &Market, now: u64) -> Result<(), OpError> {
    let age = now.saturating_sub(market.price_time);
    if market.price == 0 || age > u64::from(market.max_price_age) {
        return Err(OpError::StalePrice {
            market: market.id,
            price_time: market.price_time,
            now,
            max_age: market.max_price_age,
        });
    }
    Ok(())
}

/// Requires a fresh price for every price `positions` are valued with: each position's market
/// (unless it is a settled option, valued at its payoff) and the underlying of each unsettled
/// short option (its risk uses the underlying's price). Reads those market leaves.
pub(crate) fn require_fresh<S: Store>(
    state: &State<S>,
    positions: &Positions,
) -> Result<(), OpError> {
    let now = state.globals()?.oracle_time;
    for p in positions.iter().flatten() {
        let m = state
            .market(p.market)?
            .ok_or(OpError::MarketNotFound { market: p.market })?;
        if m.kind.is_option() && m.settlement_price != 0 {
            continue;
        }
        check_fresh(&m, now)?;
        if m.kind.is_option() && p.size < 0 {
            let u = state.market(m.underlying)?.ok_or(OpError::MarketNotFound {
                market: m.underlying,
            })?;
            check_fresh(&u, now)?;
        }
    }
    Ok(())
}

/// Hypothetical fills of one account in one market, summed: `lots` (signed, > 0 buys) for a
/// total `cost` in collateral base units (Σ lots × price, signed like `lots`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HypotheticalFill {
    /// Market.
    pub market: MarketId,
    /// Signed lots.
    pub lots: i64,
    /// Σ lots × price.
    pub cost: i128,
}

/// The margin of `account` after hypothetical fills, applied in order by exactly the rules a
/// `Trade` applies to a party (funding settled first, the lowest free position slot, every
/// quantity range-checked) but without fees and without writing anything. The sequencer uses it
/// for the worst case of resting orders (`docs/matching.md`, "Resting-order margin"), so it never
/// re-implements the margin rules.
///
/// Errors: the account or a market does not exist, more than 16 positions, or a quantity leaves
/// its range (a position beyond 2^24 − 1 lots, collateral beyond 2^60).
pub fn margin_after_fills<S: Store>(
    state: &State<S>,
    account: AccountId,
    fills: &[HypotheticalFill],
) -> Result<MarginSummary, OpError> {
    let mut party = Party::load(state, account)?;
    for f in fills {
        let m = state
            .market(f.market)?
            .ok_or(OpError::MarketNotFound { market: f.market })?;
        party.move_position_for(&m, f.lots, f.cost)?;
    }
    party.margin(state)
}

/// Whether `|after| < |before|` without changing sign: the trade only reduces the position.
pub(crate) fn only_reduces(before: i64, after: i64) -> bool {
    after.unsigned_abs() < before.unsigned_abs() && (after == 0 || (after > 0) == (before > 0))
}

/// The acceptance rule of Trade/Liquidate for one account: healthy at initial margin after, or
/// the position only shrank and free collateral at maintenance did not get worse.
pub(crate) fn may_end_at(
    before: &MarginSummary,
    after: &MarginSummary,
    size_before: i64,
    size_after: i64,
) -> bool {
    after.is_healthy(Level::Initial)
        || (only_reduces(size_before, size_after)
            && after.free(Level::Maintenance) >= before.free(Level::Maintenance))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testkit::{Kit, BTC};

    #[test]
    fn margin_after_fills_prices_hypothetical_fills_without_writing() {
        let mut k = Kit::new();
        k.fund(1, 1_000_000_000);
        k.price(BTC, 10_000_000);
        let root = k.state.root().expect("root");
        let now = k.state.margin(1).expect("margin");
        let same = margin_after_fills(&k.state, 1, &[]).expect("no fills");
        assert_eq!(now, same);
        // Buying 100 lots at 11 (mark 10): value drops by 100 × 1, initial risk is 10% of 100 × 10.
        let buy = |lots: i64, price: i64| HypotheticalFill {
            market: BTC,
            lots,
            cost: i128::from(lots) * i128::from(price),
        };
        let after = margin_after_fills(&k.state, 1, &[buy(100, 11_000_000)]).expect("fills");
        assert_eq!(after.value, 1_000_000_000 - 100_000_000);
        assert_eq!(after.initial_risk, 100 * 1_000_000);
        assert_eq!(k.state.root().expect("root"), root, "nothing written");
        assert!(margin_after_fills(&k.state, 1, &[buy(1 << 24, 1)]).is_err());
        assert!(margin_after_fills(&k.state, 9, &[]).is_err());
    }

    #[test]
    fn only_reduces_rejects_flips_and_growth() {
        assert!(only_reduces(10, 4));
        assert!(only_reduces(-10, 0));
        assert!(!only_reduces(10, -1));
        assert!(!only_reduces(10, 10));
        assert!(!only_reduces(0, 0));
        assert!(!only_reduces(-3, -4));
    }
}

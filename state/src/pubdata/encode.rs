//! Byte-exact encoders of `docs/pubdata.md` (big-endian, fixed length per op type).
//!
//! Invariant: `encode::<op>(x).len() == op_len(OpType::<Op>)` for every input.

use crate::crypto::PublicKey;
use crate::ops::{
    CancelOrder, Deleverage, Deposit, ForcedWithdrawal, FundingTick, Liquidate, SetKey,
    SettleOption, Trade, Withdraw,
};
use crate::types::{AccountId, MarketId, OpType};

/// Length in bytes of an op's pubdata, by type.
pub fn op_len(t: OpType) -> usize {
    match t {
        OpType::Noop => 1,
        OpType::Deposit => 74,
        OpType::SetKey => 66,
        OpType::Trade => 35,
        OpType::Withdraw => 37,
        OpType::OracleTick => 14,
        OpType::FundingTick => 10,
        OpType::Liquidate => 22,
        OpType::Deleverage => 18,
        OpType::SettleOption => 6,
        OpType::ForcedWithdrawal => 42,
        OpType::CoverDeficit => 13,
        OpType::SettlementTick => 6,
        OpType::CancelOrder => 9,
    }
}

/// Length of the priority bytes (the chained prefix) of a priority op; 0 for other ops.
pub fn priority_len(t: OpType) -> usize {
    match t {
        OpType::Deposit => 73,
        OpType::SetKey => 65,
        OpType::ForcedWithdrawal => 33,
        _ => 0,
    }
}

fn pubkey(v: &mut Vec<u8>, k: &PublicKey) {
    for l in k.0 {
        v.extend_from_slice(&l.to_be_bytes());
    }
}

fn head(t: OpType) -> Vec<u8> {
    let mut v = Vec::with_capacity(op_len(t));
    v.push(t as u8);
    v
}

/// Priority bytes of a deposit (what the contract chains).
pub fn deposit_priority(d: &Deposit) -> Vec<u8> {
    let mut v = head(OpType::Deposit);
    v.extend_from_slice(&d.account.to_be_bytes());
    v.extend_from_slice(&d.owner.0);
    pubkey(&mut v, &d.pubkey);
    v.extend_from_slice(&d.amount.to_be_bytes());
    v
}

/// Deposit pubdata: priority bytes ‖ status.
pub fn deposit(d: &Deposit, status: u8) -> Vec<u8> {
    let mut v = deposit_priority(d);
    v.push(status);
    v
}

/// Priority bytes of a key change.
pub fn set_key_priority(s: &SetKey) -> Vec<u8> {
    let mut v = head(OpType::SetKey);
    v.extend_from_slice(&s.account.to_be_bytes());
    v.extend_from_slice(&s.owner.0);
    pubkey(&mut v, &s.pubkey);
    v
}

/// SetKey pubdata: priority bytes ‖ status.
pub fn set_key(s: &SetKey, status: u8) -> Vec<u8> {
    let mut v = set_key_priority(s);
    v.push(status);
    v
}

/// Priority bytes of a forced withdrawal.
pub fn forced_withdrawal_priority(f: &ForcedWithdrawal) -> Vec<u8> {
    let mut v = head(OpType::ForcedWithdrawal);
    v.extend_from_slice(&f.account.to_be_bytes());
    v.extend_from_slice(&f.owner.0);
    v.extend_from_slice(&f.amount.to_be_bytes());
    v
}

/// ForcedWithdrawal pubdata: priority bytes ‖ amount withdrawn ‖ status.
pub fn forced_withdrawal(f: &ForcedWithdrawal, withdrawn: u64, status: u8) -> Vec<u8> {
    let mut v = forced_withdrawal_priority(f);
    v.extend_from_slice(&withdrawn.to_be_bytes());
    v.push(status);
    v
}

/// Trade pubdata.
pub fn trade(t: &Trade) -> Vec<u8> {
    let mut v = head(OpType::Trade);
    v.extend_from_slice(&t.maker.order.account.to_be_bytes());
    v.extend_from_slice(&t.taker.order.account.to_be_bytes());
    v.push(t.maker.order.market);
    v.push(t.maker.order.side as u8);
    for x in [
        t.fill,
        t.price,
        t.maker_fee_ppm,
        t.taker_fee_ppm,
        t.maker.order.nonce,
        t.taker.order.nonce,
    ] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v
}

/// Withdraw pubdata.
pub fn withdraw(w: &Withdraw) -> Vec<u8> {
    let mut v = head(OpType::Withdraw);
    v.extend_from_slice(&w.account.to_be_bytes());
    v.extend_from_slice(&w.nonce.to_be_bytes());
    v.extend_from_slice(&w.to.0);
    v.extend_from_slice(&w.amount.to_be_bytes());
    v
}

/// OracleTick pubdata (the median, not the submissions).
pub fn oracle_tick(market: MarketId, timestamp: u64, median: u32) -> Vec<u8> {
    let mut v = head(OpType::OracleTick);
    v.push(market);
    v.extend_from_slice(&timestamp.to_be_bytes());
    v.extend_from_slice(&median.to_be_bytes());
    v
}

/// FundingTick pubdata.
pub fn funding_tick(f: &FundingTick) -> Vec<u8> {
    let mut v = head(OpType::FundingTick);
    v.push(f.market);
    v.extend_from_slice(&f.index_delta.to_be_bytes());
    v
}

/// Liquidate pubdata.
pub fn liquidate(l: &Liquidate) -> Vec<u8> {
    let mut v = head(OpType::Liquidate);
    v.extend_from_slice(&l.liquidated.to_be_bytes());
    v.extend_from_slice(&l.liquidator.order.account.to_be_bytes());
    v.push(l.liquidator.order.market);
    v.extend_from_slice(&l.fill.to_be_bytes());
    v.extend_from_slice(&l.price.to_be_bytes());
    v.extend_from_slice(&l.liquidator.order.nonce.to_be_bytes());
    v
}

/// Deleverage pubdata.
pub fn deleverage(d: &Deleverage) -> Vec<u8> {
    let mut v = head(OpType::Deleverage);
    v.extend_from_slice(&d.deleveraged.to_be_bytes());
    v.extend_from_slice(&d.counterparty.to_be_bytes());
    v.push(d.market);
    v.extend_from_slice(&d.fill.to_be_bytes());
    v.extend_from_slice(&d.price.to_be_bytes());
    v
}

/// SettleOption pubdata.
pub fn settle_option(s: &SettleOption) -> Vec<u8> {
    let mut v = head(OpType::SettleOption);
    v.extend_from_slice(&s.account.to_be_bytes());
    v.push(s.market);
    v
}

/// CoverDeficit pubdata: the account and the amount the insurance fund paid.
pub fn cover_deficit(account: AccountId, amount: u64) -> Vec<u8> {
    let mut v = head(OpType::CoverDeficit);
    v.extend_from_slice(&account.to_be_bytes());
    v.extend_from_slice(&amount.to_be_bytes());
    v
}

/// SettlementTick pubdata: the option market and its settlement price (the median).
pub fn settlement_tick(market: MarketId, price: u32) -> Vec<u8> {
    let mut v = head(OpType::SettlementTick);
    v.push(market);
    v.extend_from_slice(&price.to_be_bytes());
    v
}

/// CancelOrder pubdata: `u8 11 ‖ u32 account ‖ u32 nonce`.
pub fn cancel_order(c: &CancelOrder) -> Vec<u8> {
    let mut v = head(OpType::CancelOrder);
    v.extend_from_slice(&c.account.to_be_bytes());
    v.extend_from_slice(&c.order.nonce.to_be_bytes());
    v
}

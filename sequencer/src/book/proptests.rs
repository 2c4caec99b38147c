//! Randomised sequences of submits and cancels: the book is never crossed, its structure stays
//! consistent, reduce-only orders never increase |position|, and every order's lots are conserved
//! (filled + resting + cancelled = submitted).

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

#[derive(Clone, Debug)]
enum Op {
    Submit {
        account: u64,
        buy: bool,
        price: Ticks,
        size: Lots,
        kind: u8,
        reduce_only: bool,
        truncate_to: Option<usize>,
    },
    Cancel(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u64..6, any::<bool>(), 95u64..106, 1u64..20, 0u8..3, prop::bool::weighted(0.2),
              prop::option::weighted(0.1, 0usize..3))
            .prop_map(|(account, buy, price, size, kind, reduce_only, truncate_to)| Op::Submit {
                account, buy, price, size, kind, reduce_only, truncate_to
            }),
        1 => (0u64..200).prop_map(Op::Cancel),
    ]
}

/// Per-order ledger kept outside the book.
#[derive(Default, Clone, Copy)]
struct Ledger {
    submitted: Lots,
    filled: Lots,
    cancelled: Lots,
}

fn apply_fill(positions: &mut HashMap<AccountId, i64>, f: &Fill) -> Result<(), TestCaseError> {
    let q = i64::try_from(f.size).map_err(|_| TestCaseError::fail("size"))?;
    let (buyer, seller) = match f.taker_side {
        Side::Buy => (f.taker_account, f.maker_account),
        Side::Sell => (f.maker_account, f.taker_account),
    };
    *positions.entry(buyer).or_default() += q;
    *positions.entry(seller).or_default() -= q;
    Ok(())
}

fn never_grew(before: i64, after: i64) -> bool {
    after.abs() <= before.abs() && (before.signum() * after.signum() >= 0)
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut book = OrderBook::new();
    let mut ledger: HashMap<OrderId, Ledger> = HashMap::new();
    let mut reduce_only_ids: HashMap<OrderId, bool> = HashMap::new();
    let mut positions: HashMap<AccountId, i64> = HashMap::new();
    let mut next_id = 0u64;
    for op in ops {
        match op {
            Op::Submit {
                account,
                buy,
                price,
                size,
                kind,
                reduce_only,
                truncate_to,
            } => {
                let id = OrderId(next_id);
                next_id += 1;
                let o = BookOrder {
                    id,
                    account: AccountId(account),
                    side: if buy { Side::Buy } else { Side::Sell },
                    price,
                    size,
                    kind: [OrderKind::Limit, OrderKind::PostOnly, OrderKind::Ioc][kind as usize],
                    reduce_only,
                };
                let snapshot = positions.clone();
                let pos = |a: AccountId| snapshot.get(&a).copied().unwrap_or(0);
                let mut plan = match book.plan(o, &pos) {
                    Ok(p) => p,
                    Err(BookError::PostOnlyWouldCross(_)) => continue,
                    Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
                };
                if let Some(k) = truncate_to {
                    plan.truncate_fills(k);
                }
                book.commit(&plan)
                    .map_err(|e| TestCaseError::fail(format!("{e}")))?;
                reduce_only_ids.insert(id, reduce_only);
                let taker = ledger.entry(id).or_default();
                taker.submitted = size;
                taker.filled = plan.filled();
                taker.cancelled = plan.clipped() + plan.cancelled_unfilled();
                prop_assert_eq!(
                    plan.filled() + plan.rested() + plan.clipped() + plan.cancelled_unfilled(),
                    size
                );
                for s in plan.steps() {
                    let m = ledger.entry(s.maker).or_default();
                    m.filled += s.filled;
                    m.cancelled += s.cancelled;
                }
                for f in plan.fills() {
                    let before = positions.clone();
                    apply_fill(&mut positions, f)?;
                    for (order, acct) in [(f.taker, f.taker_account), (f.maker, f.maker_account)] {
                        if reduce_only_ids.get(&order).copied().unwrap_or(false) {
                            let b = before.get(&acct).copied().unwrap_or(0);
                            let a = positions.get(&acct).copied().unwrap_or(0);
                            prop_assert!(
                                never_grew(b, a),
                                "reduce-only {:?} grew {} -> {}",
                                order,
                                b,
                                a
                            );
                        }
                    }
                    prop_assert!(f.maker_account != f.taker_account);
                }
            }
            Op::Cancel(raw) => {
                let id = OrderId(raw);
                match book.cancel(id) {
                    Ok(lots) => ledger.entry(id).or_default().cancelled += lots,
                    Err(e) => prop_assert_eq!(e, BookError::UnknownOrderId(id)),
                }
            }
        }
        book.check_invariants().map_err(TestCaseError::fail)?;
    }
    for (id, l) in &ledger {
        let resting = book.order(*id).map_or(0, |r| r.remaining);
        prop_assert_eq!(
            l.filled + l.cancelled + resting,
            l.submitted,
            "order {:?}",
            id
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_sequences_keep_book_uncrossed_and_lots_conserved(
        ops in prop::collection::vec(op(), 1..200)
    ) {
        run(ops)?;
    }
}

//! Behaviour tests of the matching engine, one policy per test.

use super::*;

fn order(id: u64, account: u64, side: Side, price: Ticks, size: Lots) -> BookOrder {
    BookOrder {
        id: OrderId(id),
        account: AccountId(account),
        side,
        price,
        size,
        kind: OrderKind::Limit,
        reduce_only: false,
    }
}

fn with_kind(mut o: BookOrder, kind: OrderKind) -> BookOrder {
    o.kind = kind;
    o
}

fn reduce_only(mut o: BookOrder) -> BookOrder {
    o.reduce_only = true;
    o
}

fn submit(book: &mut OrderBook, o: BookOrder) -> Plan {
    let plan = book.submit(o, &Flat).expect("valid order");
    book.check_invariants().expect("book consistent");
    plan
}

fn fills_of(plan: &Plan) -> Vec<(u64, Ticks, Lots)> {
    plan.fills()
        .iter()
        .map(|f| (f.maker.0, f.price, f.size))
        .collect()
}

#[test]
fn resting_orders_fill_best_price_first_then_oldest_first() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 102, 5));
    submit(&mut book, order(2, 2, Side::Sell, 101, 5));
    submit(&mut book, order(3, 3, Side::Sell, 101, 5));
    submit(&mut book, order(4, 4, Side::Sell, 100, 5));
    let plan = submit(&mut book, order(10, 9, Side::Buy, 102, 17));
    assert_eq!(
        fills_of(&plan),
        vec![(4, 100, 5), (2, 101, 5), (3, 101, 5), (1, 102, 2)]
    );
    assert_eq!(plan.rested(), 0);
    assert_eq!(book.order(OrderId(1)).map(|r| r.remaining), Some(3));
    assert_eq!(book.len(), 1);
}

#[test]
fn fills_execute_at_maker_price_not_taker_limit() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 95, 4));
    let plan = submit(&mut book, order(2, 2, Side::Sell, 90, 4));
    let f = plan.fills()[0];
    assert_eq!(
        (f.price, f.size, f.maker, f.taker),
        (95, 4, OrderId(1), OrderId(2))
    );
    assert_eq!(f.taker_side, Side::Sell);
    assert!(book.is_empty());
}

#[test]
fn partial_fill_keeps_maker_at_front_with_reduced_size() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 10));
    submit(&mut book, order(2, 2, Side::Sell, 100, 10));
    submit(&mut book, order(3, 3, Side::Buy, 100, 4));
    assert_eq!(book.order(OrderId(1)).map(|r| r.remaining), Some(6));
    let plan = submit(&mut book, order(4, 3, Side::Buy, 100, 7));
    assert_eq!(fills_of(&plan), vec![(1, 100, 6), (2, 100, 1)]);
}

#[test]
fn limit_remainder_rests_at_limit_price() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 3));
    let plan = submit(&mut book, order(2, 2, Side::Buy, 101, 10));
    assert_eq!((plan.filled(), plan.rested()), (3, 7));
    assert_eq!(book.best_bid(), Some(101));
    assert_eq!(book.best_ask(), None);
}

#[test]
fn ioc_remainder_is_cancelled_and_never_rests() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 3));
    let plan = submit(
        &mut book,
        with_kind(order(2, 2, Side::Buy, 100, 10), OrderKind::Ioc),
    );
    assert_eq!(
        (plan.filled(), plan.rested(), plan.cancelled_unfilled()),
        (3, 0, 7)
    );
    assert_eq!(
        plan.unfilled_reason(),
        Some(CancelReason::ImmediateOrCancel)
    );
    assert!(book.is_empty());
}

#[test]
fn post_only_that_would_cross_is_rejected_and_changes_nothing() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 3));
    let version = book.version();
    let err = book.submit(
        with_kind(order(2, 2, Side::Buy, 100, 1), OrderKind::PostOnly),
        &Flat,
    );
    assert_eq!(err.err(), Some(BookError::PostOnlyWouldCross(OrderId(2))));
    assert_eq!(book.version(), version);
    assert_eq!(book.len(), 1);
}

#[test]
fn post_only_that_does_not_cross_rests_in_full() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 3));
    let plan = submit(
        &mut book,
        with_kind(order(2, 2, Side::Buy, 99, 5), OrderKind::PostOnly),
    );
    assert_eq!((plan.filled(), plan.rested()), (0, 5));
    assert_eq!(book.best_bid(), Some(99));
}

#[test]
fn self_trade_cancels_resting_maker_and_matching_continues() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 7, Side::Sell, 100, 5));
    submit(&mut book, order(2, 8, Side::Sell, 100, 5));
    let plan = submit(&mut book, order(3, 7, Side::Buy, 100, 5));
    assert_eq!(fills_of(&plan), vec![(2, 100, 5)]);
    let stp = plan.steps()[0];
    assert_eq!((stp.maker, stp.cancelled), (OrderId(1), 5));
    assert_eq!(stp.cancel_reason, Some(CancelReason::SelfTrade));
    assert!(book.is_empty());
}

#[test]
fn self_trade_only_liquidity_lets_taker_rest_uncrossed() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 7, Side::Sell, 100, 5));
    let plan = submit(&mut book, order(2, 7, Side::Buy, 101, 5));
    assert!(plan.fills().is_empty());
    assert_eq!(plan.rested(), 5);
    assert_eq!((book.best_bid(), book.best_ask()), (Some(101), None));
}

#[test]
fn cancel_returns_remaining_and_removes_order() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 100, 5));
    submit(&mut book, order(2, 2, Side::Buy, 100, 6));
    submit(&mut book, order(3, 3, Side::Sell, 100, 2));
    assert_eq!(book.cancel(OrderId(1)), Ok(3));
    assert_eq!(
        book.cancel(OrderId(1)),
        Err(BookError::UnknownOrderId(OrderId(1)))
    );
    book.check_invariants().expect("consistent after cancel");
    let plan = submit(&mut book, order(4, 3, Side::Sell, 100, 6));
    assert_eq!(fills_of(&plan), vec![(2, 100, 6)]);
}

#[test]
fn cancelled_order_id_can_be_reused() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 100, 5));
    book.cancel(OrderId(1)).expect("resting");
    submit(&mut book, order(1, 1, Side::Buy, 100, 5));
    assert_eq!(book.len(), 1);
}

#[test]
fn reduce_only_taker_is_clipped_to_position() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 100, 50));
    let long_4 = |a: AccountId| if a == AccountId(2) { 4 } else { 0 };
    let plan = book
        .submit(reduce_only(order(2, 2, Side::Sell, 100, 10)), &long_4)
        .expect("valid");
    assert_eq!((plan.filled(), plan.clipped(), plan.rested()), (4, 6, 0));
}

#[test]
fn reduce_only_that_would_increase_position_is_clipped_to_nothing() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 100, 50));
    let long_4 = |_: AccountId| 4;
    let plan = book
        .submit(reduce_only(order(2, 2, Side::Buy, 101, 10)), &long_4)
        .expect("valid");
    assert_eq!((plan.filled(), plan.clipped(), plan.rested()), (0, 10, 0));
    assert_eq!(book.len(), 1);
}

#[test]
fn reduce_only_maker_is_reclipped_when_position_shrank() {
    let mut book = OrderBook::new();
    let short_9 = |a: AccountId| if a == AccountId(1) { -9 } else { 0 };
    book.submit(reduce_only(order(1, 1, Side::Buy, 100, 9)), &short_9)
        .expect("valid");
    book.submit(reduce_only(order(2, 1, Side::Buy, 100, 9)), &short_9)
        .expect("valid");
    let short_3 = |a: AccountId| if a == AccountId(1) { -3 } else { 0 };
    let plan = book
        .submit(order(3, 2, Side::Sell, 100, 20), &short_3)
        .expect("valid");
    assert_eq!(fills_of(&plan), vec![(1, 100, 3)]);
    assert_eq!(plan.steps()[0].cancelled, 6);
    assert_eq!(plan.steps()[1].cancelled, 9);
    assert_eq!(plan.rested(), 17);
    book.check_invariants().expect("consistent");
}

#[test]
fn depth_aggregates_levels_best_first() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 98, 1));
    submit(&mut book, order(2, 1, Side::Buy, 99, 2));
    submit(&mut book, order(3, 2, Side::Buy, 99, 3));
    submit(&mut book, order(4, 3, Side::Sell, 101, 4));
    submit(&mut book, order(5, 3, Side::Sell, 103, 5));
    let d = book.depth(1);
    assert_eq!(
        d.bids,
        vec![DepthLevel {
            price: 99,
            size: 5,
            orders: 2
        }]
    );
    assert_eq!(
        d.asks,
        vec![DepthLevel {
            price: 101,
            size: 4,
            orders: 1
        }]
    );
    assert_eq!(book.depth(10).bids.len(), 2);
}

#[test]
fn bad_input_is_rejected_with_typed_errors() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Buy, 100, 5));
    let v = book.version();
    let cases = [
        (
            order(2, 1, Side::Buy, 100, 0),
            BookError::ZeroSize(OrderId(2)),
        ),
        (
            order(3, 1, Side::Buy, 0, 5),
            BookError::ZeroPrice(OrderId(3)),
        ),
        (
            order(1, 2, Side::Sell, 200, 5),
            BookError::DuplicateOrderId(OrderId(1)),
        ),
    ];
    for (o, e) in cases {
        assert_eq!(book.submit(o, &Flat).err(), Some(e));
    }
    assert_eq!(
        book.cancel(OrderId(99)),
        Err(BookError::UnknownOrderId(OrderId(99)))
    );
    assert_eq!(book.version(), v);
}

#[test]
fn extreme_prices_and_sizes_do_not_overflow() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, u64::MAX, u64::MAX));
    submit(&mut book, order(2, 2, Side::Sell, u64::MAX, u64::MAX));
    assert_eq!(book.depth(1).asks[0].size, 2 * u128::from(u64::MAX));
    let plan = submit(&mut book, order(3, 3, Side::Buy, u64::MAX, u64::MAX));
    assert_eq!(plan.filled(), u64::MAX);
    let min_pos = |_: AccountId| i64::MIN;
    let plan = book
        .submit(
            reduce_only(order(4, 4, Side::Buy, u64::MAX, u64::MAX)),
            &min_pos,
        )
        .expect("valid");
    assert_eq!(
        (plan.filled(), plan.clipped()),
        (1 << 63, u64::MAX - (1 << 63))
    );
}

#[test]
fn stale_or_foreign_plan_is_refused() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 5));
    let plan = book
        .plan(order(2, 2, Side::Buy, 100, 5), &Flat)
        .expect("valid");
    let other = OrderBook::new();
    let foreign = other
        .plan(order(2, 2, Side::Buy, 100, 5), &Flat)
        .expect("valid");
    assert_eq!(book.commit(&foreign), Err(BookError::ForeignPlan));
    book.cancel(OrderId(1)).expect("resting");
    assert!(matches!(
        book.commit(&plan),
        Err(BookError::StalePlan { .. })
    ));
    assert!(book.is_empty());
}

#[test]
fn planning_does_not_mutate_the_book() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 5));
    let before = book.depth(10);
    let plan = book
        .plan(order(2, 2, Side::Buy, 100, 3), &Flat)
        .expect("valid");
    assert_eq!(plan.fills().len(), 1);
    assert_eq!(book.depth(10), before);
}

#[test]
fn truncated_plan_keeps_accepted_fills_and_cancels_taker_remainder() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 5));
    submit(&mut book, order(2, 2, Side::Sell, 101, 5));
    submit(&mut book, order(3, 3, Side::Sell, 102, 5));
    let mut plan = book
        .plan(order(9, 9, Side::Buy, 102, 20), &Flat)
        .expect("valid");
    assert_eq!((plan.fills().len(), plan.rested()), (3, 5));
    plan.truncate_fills(1);
    assert_eq!(
        (plan.filled(), plan.rested(), plan.cancelled_unfilled()),
        (5, 0, 15)
    );
    assert_eq!(plan.unfilled_reason(), Some(CancelReason::Truncated));
    book.commit(&plan).expect("fresh plan");
    book.check_invariants().expect("consistent");
    assert_eq!(book.best_ask(), Some(101));
    assert_eq!(book.order(OrderId(2)).map(|r| r.remaining), Some(5));
    assert!(!book.contains(OrderId(9)));
}

#[test]
fn truncation_to_zero_fills_leaves_makers_untouched() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 5));
    let mut plan = book
        .plan(order(9, 9, Side::Buy, 100, 3), &Flat)
        .expect("valid");
    plan.truncate_fills(0);
    book.commit(&plan).expect("fresh plan");
    assert_eq!(book.order(OrderId(1)).map(|r| r.remaining), Some(5));
    assert_eq!(plan.cancelled_unfilled(), 3);
}

#[test]
fn many_cancels_behind_a_live_front_stay_consistent() {
    let mut book = OrderBook::new();
    for id in 0..100 {
        submit(&mut book, order(id, id, Side::Buy, 100, 1));
    }
    for id in 1..99 {
        book.cancel(OrderId(id)).expect("resting");
        book.check_invariants().expect("consistent");
    }
    let plan = submit(&mut book, order(500, 500, Side::Sell, 100, 2));
    assert_eq!(fills_of(&plan), vec![(0, 100, 1), (99, 100, 1)]);
    assert!(book.is_empty());
}

#[test]
fn cancel_rest_keeps_the_fills_and_rests_nothing() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 2));
    let mut plan = book
        .plan(order(9, 9, Side::Buy, 100, 5), &Flat)
        .expect("valid");
    assert_eq!(plan.rested(), 3);
    plan.cancel_rest();
    assert_eq!(
        (plan.filled(), plan.rested(), plan.cancelled_unfilled()),
        (2, 0, 3)
    );
    assert_eq!(plan.unfilled_reason(), Some(CancelReason::NotRested));
    book.commit(&plan).expect("fresh plan");
    book.check_invariants().expect("consistent");
    assert!(
        book.is_empty(),
        "the maker was consumed and the taker did not rest"
    );
}

#[test]
fn restore_puts_an_order_back_unclipped_behind_its_level() {
    let mut book = OrderBook::new();
    submit(&mut book, order(1, 1, Side::Sell, 100, 5));
    // A reduce-only ask of an account that is flat now: restored as it was, not clipped.
    book.restore(reduce_only(order(2, 2, Side::Sell, 100, 9)), 7)
        .expect("restores");
    book.check_invariants().expect("consistent");
    assert_eq!(book.order(OrderId(2)).map(|r| r.remaining), Some(7));
    assert!(book.order(OrderId(2)).is_some_and(|r| r.order.reduce_only));
    let plan = book
        .plan(order(9, 9, Side::Buy, 100, 6), &Flat)
        .expect("valid");
    assert_eq!(
        fills_of(&plan),
        vec![(1, 100, 5)],
        "time priority kept; the flat reduce-only maker is clipped when it trades"
    );
    assert_eq!(
        book.restore(order(3, 3, Side::Buy, 100, 1), 1),
        Err(BookError::RestoreWouldCross(OrderId(3)))
    );
    assert_eq!(
        book.restore(order(2, 2, Side::Sell, 101, 1), 1),
        Err(BookError::DuplicateOrderId(OrderId(2)))
    );
    assert_eq!(
        book.restore(order(4, 4, Side::Sell, 101, 1), 0),
        Err(BookError::ZeroSize(OrderId(4)))
    );
    book.check_invariants().expect("consistent");
}

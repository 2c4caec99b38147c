//! Range and signed-arithmetic gadgets against native i128 math, and tampered witnesses.

use plonky2::field::types::Field;
use plonky2::iop::target::Target;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::test_support::{assert_outputs, builder, proves_with, C, F};
use super::*;

const P_U64: u64 = 0xFFFF_FFFF_0000_0001;

fn f(v: i128) -> F {
    field_from_signed(v)
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(0x5eed_0003)
}

fn rand_unsigned(rng: &mut StdRng, bits: usize) -> i128 {
    rng.gen_range(0..(1i128 << bits))
}

fn rand_signed(rng: &mut StdRng, bits: usize) -> i128 {
    rng.gen_range(-(1i128 << bits)..(1i128 << bits))
}

#[test]
fn range_checked_accepts_below_width_and_rejects_wider_values() {
    for bits in [0usize, 1, 8, 32, 63] {
        let mut b = builder();
        let x = b.add_virtual_target();
        b.range_checked(x, bits).expect("width ≤ 63");
        let data = b.build::<C>();
        let top = (1u64 << bits) - 1;
        assert!(
            proves_with(&data, &[(x, F::from_canonical_u64(top))]),
            "{bits}"
        );
        assert!(
            !proves_with(&data, &[(x, F::from_canonical_u64(top + 1))]),
            "{bits}"
        );
        assert!(
            !proves_with(&data, &[(x, F::from_canonical_u64(P_U64 - 1))]),
            "{bits}"
        );
    }
}

#[test]
fn widths_that_could_wrap_are_refused_at_build_time() {
    let mut b = builder();
    let x = b.add_virtual_target();
    assert_eq!(
        b.range_checked(x, 64),
        Err(RangeError::WidthTooLarge { bits: 64, max: 63 })
    );
    let a = b.range_checked(x, 32).expect("32 bits");
    let big = b.range_checked(x, 63).expect("63 bits");
    assert!(matches!(
        b.mul_bounded(a, big, 63),
        Err(RangeError::MayWrap { .. })
    ));
    assert!(matches!(
        b.add_bounded(big, big, 63),
        Err(RangeError::MayWrap { .. })
    ));
    assert!(matches!(
        b.sub_bounded(big, big, 63),
        Err(RangeError::MayWrap { .. })
    ));
    assert_eq!(
        b.div_rem_const(a, 0, Rounding::Floor),
        Err(RangeError::ZeroDivisor)
    );
    assert!(matches!(
        b.div_rem(big, a, Rounding::Floor),
        Err(RangeError::MayWrap { .. })
    ));
    assert!(b.signed_checked(x, 63).is_err());
    // −2^63 ≡ 2^63 − 2^32 + 1 fits 63 bits, so 63-bit comparisons would be unsound.
    assert!(b.assert_less_than(big, a).is_err());
    assert!(b.assert_less_or_equal(a, big).is_err());
}

#[test]
fn bounded_add_sub_mul_agree_with_native_math() {
    let mut rng = rng();
    let mut b = builder();
    let (mut inputs, mut outputs, mut expected) = (vec![], vec![], vec![]);
    for _ in 0..16 {
        let (x, y) = (rand_unsigned(&mut rng, 30), rand_unsigned(&mut rng, 30));
        let (hi, lo) = (x.max(y), x.min(y));
        let (ta, tb) = (b.add_virtual_target(), b.add_virtual_target());
        inputs.extend([(ta, f(hi)), (tb, f(lo))]);
        let a = b.range_checked(ta, 30).expect("30");
        let c = b.range_checked(tb, 30).expect("30");
        let sum = b.add_bounded(a, c, 31).expect("add");
        let diff = b.sub_bounded(a, c, 30).expect("sub");
        let prod = b.mul_bounded(a, c, 60).expect("mul");
        outputs.extend([sum.target(), diff.target(), prod.target()]);
        expected.extend([f(hi + lo), f(hi - lo), f(hi * lo)]);
        assert_eq!((sum.bits(), diff.bits(), prod.bits()), (31, 30, 60));
    }
    assert_outputs(b, &inputs, &outputs, &expected);
}

/// One circuit `op(a, b)` over two `bits`-wide inputs; whether `(a, b)` proves.
fn binary_proves(
    bits: usize,
    op: impl Fn(
        &mut plonky2::plonk::circuit_builder::CircuitBuilder<F, 2>,
        BoundedTarget,
        BoundedTarget,
    ),
    cases: &[(i128, i128, bool)],
) {
    let mut b = builder();
    let (ta, tb) = (b.add_virtual_target(), b.add_virtual_target());
    let a = b.range_checked(ta, bits).expect("width");
    let c = b.range_checked(tb, bits).expect("width");
    op(&mut b, a, c);
    let data = b.build::<C>();
    for &(x, y, ok) in cases {
        assert_eq!(
            proves_with(&data, &[(ta, f(x)), (tb, f(y))]),
            ok,
            "({x}, {y})"
        );
    }
}

#[test]
fn sub_bounded_rejects_a_negative_difference() {
    binary_proves(
        40,
        |b, a, c| {
            b.sub_bounded(a, c, 40).expect("sub");
        },
        &[(7, 7, true), (7, 8, false), (0, (1 << 40) - 1, false)],
    );
}

#[test]
fn mul_bounded_rejects_a_product_above_the_declared_width() {
    binary_proves(
        20,
        |b, a, c| {
            b.mul_bounded(a, c, 30).expect("mul");
        },
        &[((1 << 15) - 1, 1 << 15, true), (1 << 15, 1 << 15, false)],
    );
}

#[test]
fn assert_less_than_holds_only_for_strictly_smaller_values() {
    let max = (1i128 << 62) - 1;
    binary_proves(
        62,
        |b, a, c| b.assert_less_than(a, c).expect("lt"),
        &[
            (3, 4, true),
            (0, max, true),
            (4, 4, false),
            (5, 4, false),
            (max, 0, false),
        ],
    );
    binary_proves(
        62,
        |b, a, c| b.assert_less_or_equal(a, c).expect("le"),
        &[(4, 4, true), (0, max, true), (5, 4, false), (max, 0, false)],
    );
}

#[test]
fn less_than_flag_agrees_with_native_comparison() {
    let mut rng = rng();
    let mut b = builder();
    let (mut inputs, mut outputs, mut expected) = (vec![], vec![], vec![]);
    for i in 0..16 {
        let x = rand_unsigned(&mut rng, 62);
        let y = if i % 4 == 0 {
            x
        } else {
            rand_unsigned(&mut rng, 62)
        };
        let (ta, tb) = (b.add_virtual_target(), b.add_virtual_target());
        inputs.extend([(ta, f(x)), (tb, f(y))]);
        let a = b.range_checked(ta, 62).expect("62");
        let c = b.range_checked(tb, 62).expect("62");
        outputs.push(b.less_than(a, c).expect("lt").target);
        expected.push(f((x < y) as i128));
    }
    assert_outputs(b, &inputs, &outputs, &expected);
}

#[test]
fn signed_checked_accepts_its_range_and_rejects_one_past_either_end() {
    for bits in [0usize, 1, 20, 62] {
        let mut b = builder();
        let x = b.add_virtual_target();
        b.signed_checked(x, bits).expect("≤ 62");
        let data = b.build::<C>();
        let lim = 1i128 << bits;
        for (v, ok) in [
            (-lim, true),
            (lim - 1, true),
            (0, true),
            (lim, false),
            (-lim - 1, false),
        ] {
            assert_eq!(
                proves_with(&data, &[(x, f(v))]),
                ok,
                "bits {bits} value {v}"
            );
        }
    }
}

#[test]
fn minus_one_is_not_a_bounded_value() {
    let mut b = builder();
    let x = b.add_virtual_target();
    b.range_checked(x, 62).expect("62");
    let data = b.build::<C>();
    assert!(!proves_with(&data, &[(x, F::NEG_ONE)]));
}

#[test]
fn signed_helpers_agree_with_native_math() {
    let mut rng = rng();
    let mut b = builder();
    let (mut inputs, mut outputs, mut expected) = (vec![], vec![], vec![]);
    for i in 0..16 {
        let x = if i == 0 {
            -(1 << 29)
        } else {
            rand_signed(&mut rng, 29)
        };
        let y = if i == 1 { x } else { rand_signed(&mut rng, 29) };
        let (ta, tb) = (b.add_virtual_target(), b.add_virtual_target());
        inputs.extend([(ta, f(x)), (tb, f(y))]);
        let a = b.signed_checked(ta, 29).expect("29");
        let c = b.signed_checked(tb, 29).expect("29");
        let sum = b.add_signed(a, c, 30).expect("add");
        let diff = b.sub_signed(a, c, 31).expect("sub");
        let prod = b.mul_signed(a, c, 59).expect("mul");
        let neg = b.is_negative(a);
        let abs = b.abs_signed(a);
        let pos = b.max_zero(a);
        let lt = b.signed_less_than(a, c).expect("lt");
        outputs.extend([
            sum.target(),
            diff.target(),
            prod.target(),
            neg.target,
            abs.target(),
            pos.target(),
            lt.target,
        ]);
        expected.extend([
            f(x + y),
            f(x - y),
            f(x * y),
            f((x < 0) as i128),
            f(x.abs()),
            f(x.max(0)),
            f((x < y) as i128),
        ]);
    }
    assert_outputs(b, &inputs, &outputs, &expected);
}

#[test]
fn signed_add_rejects_a_sum_outside_the_declared_width() {
    let mut b = builder();
    let (ta, tb) = (b.add_virtual_target(), b.add_virtual_target());
    let a = b.signed_checked(ta, 10).expect("10");
    let c = b.signed_checked(tb, 10).expect("10");
    b.add_signed(a, c, 10).expect("add");
    let data = b.build::<C>();
    assert!(proves_with(&data, &[(ta, f(-1024)), (tb, f(1023))]));
    assert!(!proves_with(&data, &[(ta, f(1023)), (tb, f(1))]));
    assert!(!proves_with(&data, &[(ta, f(-1024)), (tb, f(-1))]));
}

fn native_div(x: i128, d: i128, rounding: Rounding) -> (i128, i128) {
    match rounding {
        Rounding::Floor => (x.div_euclid(d), x.rem_euclid(d)),
        Rounding::Ceil => {
            let q = -((-x).div_euclid(d));
            (q, q * d - x)
        }
    }
}

#[test]
fn div_rem_agrees_with_native_floor_and_ceil() {
    let mut rng = rng();
    let mut b = builder();
    let (mut inputs, mut outputs, mut expected) = (vec![], vec![], vec![]);
    for rounding in [Rounding::Floor, Rounding::Ceil] {
        for i in 0..6 {
            let x = rand_unsigned(&mut rng, 40);
            let s = if i == 0 {
                -(1 << 38)
            } else {
                rand_signed(&mut rng, 38)
            };
            let d = if i == 1 {
                1
            } else {
                1 + rand_unsigned(&mut rng, 20)
            };
            let (tx, ts, td) = (
                b.add_virtual_target(),
                b.add_virtual_target(),
                b.add_virtual_target(),
            );
            inputs.extend([(tx, f(x)), (ts, f(s)), (td, f(d))]);
            let a = b.range_checked(tx, 40).expect("40");
            let sx = b.signed_checked(ts, 38).expect("38");
            let dt = b.range_checked(td, 21).expect("21");
            let (q, r) = b.div_rem(a, dt, rounding).expect("div");
            let (qs, rs) = b.div_rem_signed(sx, dt, rounding).expect("div signed");
            let (qc, rc) = b.div_rem_const(a, 1_000_000, rounding).expect("div const");
            let (qsc, rsc) = b
                .div_rem_signed_const(sx, 1_000_000, rounding)
                .expect("div s const");
            outputs.extend([q.target(), r.target(), qs.target(), rs.target()]);
            outputs.extend([qc.target(), rc.target(), qsc.target(), rsc.target()]);
            for (n, dd) in [(x, d), (s, d), (x, 1_000_000), (s, 1_000_000)] {
                let (nq, nr) = native_div(n, dd, rounding);
                expected.extend([f(nq), f(nr)]);
            }
        }
    }
    assert_outputs(b, &inputs, &outputs, &expected);
}

#[test]
fn div_rem_const_rescales_a_62_bit_value() {
    let mut b = builder();
    let t = b.add_virtual_target();
    let a = b.range_checked(t, 62).expect("62");
    let (q, r) = b.div_rem_const(a, 1_000_000, Rounding::Ceil).expect("fits");
    let x = (1i128 << 62) - 1;
    let (nq, nr) = native_div(x, 1_000_000, Rounding::Ceil);
    assert_outputs(b, &[(t, f(x))], &[q.target(), r.target()], &[f(nq), f(nr)]);
}

/// A division whose quotient and remainder are free witnesses, to tamper with.
fn free_division(signed: bool, rounding: Rounding) -> impl Fn(i128, i128, i128, i128) -> bool {
    let mut b = builder();
    let (x, d, q, r): (Target, Target, Target, Target) = (
        b.add_virtual_target(),
        b.add_virtual_target(),
        b.add_virtual_target(),
        b.add_virtual_target(),
    );
    if signed {
        b.signed_checked(x, 20).expect("20");
    } else {
        b.range_checked(x, 20).expect("20");
    }
    let dt = b.range_checked(d, 10).expect("10");
    constrain_div_rem(&mut b, x, 20, signed, dt, 1023, 20, rounding, q, r).expect("fits");
    let data = b.build::<C>();
    let check =
        move |xv, dv, qv, rv| proves_with(&data, &[(x, f(xv)), (d, f(dv)), (q, f(qv)), (r, f(rv))]);
    check
}

#[test]
fn div_rem_rejects_a_wrong_quotient_or_remainder() {
    let floor = free_division(false, Rounding::Floor);
    assert!(floor(17, 5, 3, 2));
    assert!(!floor(17, 5, 2, 7), "remainder ≥ divisor");
    assert!(!floor(17, 5, 4, -3), "negative remainder");
    assert!(!floor(17, 5, 4, 3), "equation broken");
    assert!(!floor(0, 0, 0, 0), "zero divisor");
    let ceil = free_division(false, Rounding::Ceil);
    assert!(ceil(17, 5, 4, 3));
    assert!(!ceil(17, 5, 3, -2), "floor passed off as ceil");
    let signed_floor = free_division(true, Rounding::Floor);
    assert!(signed_floor(-17, 5, -4, 3));
    assert!(
        !signed_floor(-17, 5, -3, -2),
        "truncation toward zero is not floor"
    );
    let signed_ceil = free_division(true, Rounding::Ceil);
    assert!(signed_ceil(-17, 5, -3, 2));
    assert!(!signed_ceil(-17, 5, -4, -3));
}

//! Black–Scholes prices and Greeks against independent references, put–call parity and
//! finite differences.
//!
//! Reference values: mpmath 1.3.0 at 50 significant digits (Python 3.11), printed to 17 digits.
//! The price is S·e^(−qT)·Φ(d1) − K·e^(−rT)·Φ(d2) (put by the mirrored formula) with mpmath's own
//! `ncdf`; each Greek is mpmath's numerical derivative (`mpmath.diff`) of that price in S, T, σ or
//! r, so the Greeks do not depend on the closed forms implemented here. The script is in
//! docs/matching.md ("Reference values for the Greeks"). The inputs are Hull, *Options, Futures,
//! and Other Derivatives*: the Black–Scholes example (S=42, K=40, r=0.1, σ=0.2, T=0.5; book: call
//! 4.76, put 0.81) and the chapter on the Greeks (S=49, K=50, r=0.05, σ=0.2, T=0.3846; book:
//! delta 0.522, gamma 0.066, theta −4.31/yr, vega 12.1, rho 8.91).

#![allow(clippy::excessive_precision)] // constants are mpmath output, copied verbatim

use super::*;

const TOL: f64 = 1e-6;

fn inputs(spot: f64, strike: f64, rate: f64, vol: f64, time: f64, q: f64) -> BsInputs {
    BsInputs {
        spot,
        strike,
        rate,
        dividend_yield: q,
        vol,
        time,
    }
}

fn assert_greeks(got: Greeks, want: [f64; 6]) {
    let got_arr = [
        got.price, got.delta, got.gamma, got.theta, got.vega, got.rho,
    ];
    let names = ["price", "delta", "gamma", "theta", "vega", "rho"];
    for i in 0..6 {
        assert!(
            (got_arr[i] - want[i]).abs() <= TOL,
            "{}: got {}, want {}",
            names[i],
            got_arr[i],
            want[i]
        );
    }
}

fn cases() -> Vec<(OptionKind, BsInputs, [f64; 6])> {
    let hull_bs = inputs(42.0, 40.0, 0.1, 0.2, 0.5, 0.0);
    let hull_greeks = inputs(49.0, 50.0, 0.05, 0.2, 0.3846, 0.0);
    let with_q = inputs(100.0, 95.0, 0.03, 0.35, 1.25, 0.02);
    vec![
        (
            OptionKind::Call,
            hull_bs,
            [
                4.759_422_392_871_533,
                0.779_131_290_942_668_9,
                0.049_962_670_405_911_856,
                -4.559_092_194_592_626_5,
                8.813_415_059_602_851,
                13.982_045_913_360_281,
            ],
        ),
        (
            OptionKind::Put,
            hull_bs,
            [
                0.808_599_372_900_093_6,
                -0.220_868_709_057_331_06,
                0.049_962_670_405_911_856,
                -0.754_174_496_589_770_5,
                8.813_415_059_602_851,
                -5.042_542_576_653_999,
            ],
        ),
        (
            OptionKind::Call,
            hull_greeks,
            [
                2.400_461_086_965_661_4,
                0.521_601_633_971_576_1,
                0.065_545_377_252_478_67,
                -4.305_389_964_546_104,
                12.105_242_754_243_844,
                8.906_574_098_800_947,
            ],
        ),
        (
            OptionKind::Put,
            hull_greeks,
            [
                2.448_146_933_950_398_3,
                -0.478_398_366_028_423_87,
                0.065_545_377_252_478_67,
                -1.853_005_672_196_867_5,
                12.105_242_754_243_844,
                -9.957_165_877_949_382,
            ],
        ),
        (
            OptionKind::Call,
            with_q,
            [
                17.867_173_646_055_54,
                0.624_279_095_132_055_4,
                0.009_323_808_639_709_643,
                -5.799_096_677_572_546,
                40.791_662_798_729_69,
                55.700_919_833_937_505,
            ],
        ),
        (
            OptionKind::Put,
            with_q,
            [
                11.839_652_126_700_34,
                -0.351_030_816_896_277_23,
                0.009_323_808_639_709_643,
                -5.004_612_411_124_869,
                40.791_662_798_729_69,
                -58.678_417_270_410_08,
            ],
        ),
    ]
}

#[test]
fn greeks_match_mpmath_references_to_1e_6() {
    for (kind, inp, want) in cases() {
        assert_greeks(greeks(kind, &inp).expect("valid inputs"), want);
    }
}

#[test]
fn hull_textbook_figures_are_reproduced_at_their_printed_precision() {
    let call = greeks(OptionKind::Call, &inputs(42.0, 40.0, 0.1, 0.2, 0.5, 0.0)).expect("valid");
    let put = greeks(OptionKind::Put, &inputs(42.0, 40.0, 0.1, 0.2, 0.5, 0.0)).expect("valid");
    assert_eq!(format!("{:.2} {:.2}", call.price, put.price), "4.76 0.81");
    let g = greeks(
        OptionKind::Call,
        &inputs(49.0, 50.0, 0.05, 0.2, 0.3846, 0.0),
    )
    .expect("valid");
    let printed = format!(
        "{:.3} {:.3} {:.2} {:.1} {:.2}",
        g.delta, g.gamma, g.theta, g.vega, g.rho
    );
    assert_eq!(printed, "0.522 0.066 -4.31 12.1 8.91");
}

#[test]
fn put_call_parity_holds() {
    for (_, inp, _) in cases() {
        let c = greeks(OptionKind::Call, &inp).expect("valid");
        let p = greeks(OptionKind::Put, &inp).expect("valid");
        let forward = inp.spot * (-inp.dividend_yield * inp.time).exp()
            - inp.strike * (-inp.rate * inp.time).exp();
        assert!((c.price - p.price - forward).abs() < 1e-12);
        assert!((c.delta - p.delta - (-inp.dividend_yield * inp.time).exp()).abs() < 1e-12);
        assert!((c.gamma - p.gamma).abs() < 1e-15 && (c.vega - p.vega).abs() < 1e-12);
    }
}

/// Central difference of the price in one input.
fn central(kind: OptionKind, inp: BsInputs, h: f64, bump: fn(&mut BsInputs, f64)) -> f64 {
    let (mut up, mut down) = (inp, inp);
    bump(&mut up, h);
    bump(&mut down, -h);
    let pu = price(kind, &up).expect("valid bumped inputs");
    let pd = price(kind, &down).expect("valid bumped inputs");
    (pu - pd) / (2.0 * h)
}

#[test]
fn each_greek_agrees_with_finite_differences_of_the_price() {
    for (kind, inp, _) in cases() {
        let g = greeks(kind, &inp).expect("valid");
        let delta = central(kind, inp, 1e-4, |i, h| i.spot += h);
        let vega = central(kind, inp, 1e-5, |i, h| i.vol += h);
        let rho = central(kind, inp, 1e-5, |i, h| i.rate += h);
        let theta = -central(kind, inp, 1e-5, |i, h| i.time += h);
        let gamma = {
            let h = 1e-3;
            let (mut up, mut down) = (inp, inp);
            up.spot += h;
            down.spot -= h;
            let p = |i: &BsInputs| price(kind, i).expect("valid");
            (p(&up) - 2.0 * p(&inp) + p(&down)) / (h * h)
        };
        for (name, analytic, numeric) in [
            ("delta", g.delta, delta),
            ("gamma", g.gamma, gamma),
            ("theta", g.theta, theta),
            ("vega", g.vega, vega),
            ("rho", g.rho, rho),
        ] {
            assert!(
                (analytic - numeric).abs() < 1e-5,
                "{kind:?} {name}: analytic {analytic}, finite difference {numeric}"
            );
        }
    }
}

#[test]
fn at_expiry_price_is_intrinsic() {
    let itm = greeks(OptionKind::Call, &inputs(110.0, 100.0, 0.05, 0.2, 0.0, 0.0)).expect("T=0");
    assert_eq!((itm.price, itm.delta, itm.gamma), (10.0, 1.0, 0.0));
    let otm = greeks(OptionKind::Put, &inputs(110.0, 100.0, 0.05, 0.2, 0.0, 0.0)).expect("T=0");
    assert_eq!((otm.price, otm.delta), (0.0, 0.0));
    let atm = greeks(OptionKind::Put, &inputs(100.0, 100.0, 0.05, 0.2, 0.0, 0.0)).expect("T=0");
    assert_eq!((atm.price, atm.delta), (0.0, -0.5));
}

#[test]
fn short_dated_price_approaches_intrinsic() {
    let g = greeks(
        OptionKind::Call,
        &inputs(110.0, 100.0, 0.0, 0.2, 1e-10, 0.0),
    )
    .expect("valid");
    assert!((g.price - 10.0).abs() < 1e-9 && (g.delta - 1.0).abs() < 1e-9);
}

#[test]
fn bad_inputs_are_typed_errors() {
    let good = inputs(42.0, 40.0, 0.1, 0.2, 0.5, 0.0);
    let mut cases: Vec<(BsInputs, RiskError)> = Vec::new();
    let mut b = good;
    b.vol = 0.0;
    cases.push((b, RiskError::NonPositiveVol(0.0)));
    b = good;
    b.vol = -0.2;
    cases.push((b, RiskError::NonPositiveVol(-0.2)));
    b = good;
    b.time = -1.0;
    cases.push((b, RiskError::NegativeTime(-1.0)));
    b = good;
    b.spot = 0.0;
    cases.push((b, RiskError::NonPositiveSpot(0.0)));
    b = good;
    b.strike = -1.0;
    cases.push((b, RiskError::NonPositiveStrike(-1.0)));
    b = good;
    b.spot = f64::NAN;
    cases.push((b, RiskError::NotFinite("spot")));
    b = good;
    b.rate = f64::INFINITY;
    cases.push((b, RiskError::NotFinite("rate")));
    b = good;
    b.vol = f64::NAN;
    cases.push((b, RiskError::NotFinite("vol")));
    for (inp, want) in cases {
        assert_eq!(greeks(OptionKind::Call, &inp), Err(want.clone()));
        assert_eq!(price(OptionKind::Put, &inp), Err(want));
    }
}

#[test]
fn extreme_but_valid_inputs_never_yield_nan() {
    let extremes = [
        inputs(1e300, 1e-300, 0.0, 0.2, 1.0, 0.0),
        inputs(1e-300, 1e300, 0.0, 0.2, 1.0, 0.0),
        inputs(100.0, 100.0, 0.0, 1e-300, 1.0, 0.0),
        inputs(100.0, 100.0, 0.0, 1e150, 1e10, 0.0),
        inputs(100.0, 100.0, -1e10, 0.2, 1e10, 0.0),
    ];
    for inp in extremes {
        for kind in [OptionKind::Call, OptionKind::Put] {
            match greeks(kind, &inp) {
                Ok(g) => assert!(g.price.is_finite() && g.delta.is_finite(), "{inp:?}"),
                Err(e) => assert_eq!(e, RiskError::Overflow, "{inp:?}"),
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_inputs_give_finite_greeks_or_a_typed_error(
        spot in proptest::num::f64::ANY,
        strike in proptest::num::f64::ANY,
        rate in -1.0f64..1.0,
        vol in proptest::num::f64::ANY,
        time in proptest::num::f64::ANY,
        call in proptest::bool::ANY,
    ) {
        let kind = if call { OptionKind::Call } else { OptionKind::Put };
        if let Ok(g) = greeks(kind, &inputs(spot, strike, rate, vol, time, 0.0)) {
            let parts = [g.price, g.delta, g.gamma, g.theta, g.vega, g.rho];
            proptest::prop_assert!(parts.iter().all(|v| v.is_finite()), "{:?}", g);
        }
    }

    #[test]
    fn realistic_inputs_keep_price_within_no_arbitrage_bounds(
        spot in 1.0f64..1_000.0,
        strike in 1.0f64..1_000.0,
        rate in 0.0f64..0.2,
        vol in 0.01f64..3.0,
        time in 0.001f64..5.0,
    ) {
        let inp = inputs(spot, strike, rate, vol, time, 0.0);
        let c = greeks(OptionKind::Call, &inp).expect("valid");
        let p = greeks(OptionKind::Put, &inp).expect("valid");
        let pv_k = strike * (-rate * time).exp();
        let tol = 1e-9 * spot.max(strike);
        proptest::prop_assert!(c.price >= (spot - pv_k).max(0.0) - tol && c.price <= spot + tol);
        proptest::prop_assert!(p.price >= (pv_k - spot).max(0.0) - tol && p.price <= pv_k + tol);
        proptest::prop_assert!((0.0..=1.0).contains(&c.delta) && (-1.0..=0.0).contains(&p.delta));
        proptest::prop_assert!(c.gamma >= 0.0 && c.vega >= 0.0);
    }
}

//! Circuit vs native agreement for the group operations, and tampered witnesses that must fail.
//! Points come from the designers' vectors (`pornin/ecgfp5`, `rust/src/curve.rs`, `ecgfp5_ops`).

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::iop::witness::PartialWitness;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::plonk::config::PoseidonGoldilocksConfig;
use zkclear_state::crypto::ecgfp5::field::fp5_from_canonical;

use super::*;
use crate::gadgets::ecgfp5::field::QuinticExtTarget;

type C = PoseidonGoldilocksConfig;

const W1: [u64; 5] = [
    12539254003028696409,
    15524144070600887654,
    15092036948424041984,
    11398871370327264211,
    10958391180505708567,
];
const W2: [u64; 5] = [
    11001943240060308920,
    17075173755187928434,
    3940989555384655766,
    15017795574860011099,
    5548543797011402287,
];
/// Does not decode (reference `bww[0]`).
const BAD: [u64; 5] = [
    13557832913345268708,
    15669280705791538619,
    8534654657267986396,
    12533218303838131749,
    5058070698878426028,
];

fn fp5(l: [u64; 5]) -> Fp5 {
    fp5_from_canonical(l).expect("canonical")
}

fn point(l: [u64; 5]) -> Point {
    Point::decode(&fp5(l)).expect("decodes")
}

/// Proves and verifies; `false` on any error or panic in witness generation or proving.
pub(super) fn proves(builder: CircuitBuilder<F, D>, pw: PartialWitness<F>) -> bool {
    let data = builder.build::<C>();
    catch_unwind(AssertUnwindSafe(|| {
        data.prove(pw).and_then(|p| data.verify(p)).is_ok()
    }))
    .unwrap_or(false)
}

fn set(pw: &mut PartialWitness<F>, t: &QuinticExtTarget, v: &Fp5) {
    use plonky2::iop::witness::WitnessWrite;
    for (&target, &value) in t.0.iter().zip(v.0.iter()) {
        pw.set_target(target, value).expect("fresh target");
    }
}

/// Decodes `w1`, `w2` in-circuit, computes `p1 + p2`, `p1 + affine p2`, `2 p1`, `16 p1` and
/// their encodings, and constrains them to the native encodings (`expected_sum` for the sum).
fn group_ops_prove(w1: Fp5, w2: Fp5, expected_sum: Fp5) -> bool {
    let mut b = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let (t1, t2) = (
        b.add_virtual_quintic_ext_target(),
        b.add_virtual_quintic_ext_target(),
    );
    let a1 = b.curve_decode_non_neutral(&t1);
    let a2 = b.curve_decode_non_neutral(&t2);
    let p1 = b.curve_from_affine(&a1);
    let p2 = b.curve_from_affine(&a2);
    let sum = b.curve_add(&p1, &p2);
    let sum_aff = b.curve_add_affine(&p1, &a2);
    let dbl = b.curve_double(&p1);
    let m4 = b.curve_mdouble(&p1, 4);
    let (n1, n2) = (Point::decode(&w1), Point::decode(&w2));
    let (n1, n2) = (n1.unwrap_or(Point::NEUTRAL), n2.unwrap_or(Point::NEUTRAL));
    for (p, v) in [
        (sum, expected_sum),
        (sum_aff, expected_sum),
        (dbl, n1.double().encode()),
        (m4, n1.mdouble(4).encode()),
    ] {
        let w = b.curve_encode_non_neutral(&p);
        let c = b.constant_quintic_ext(v);
        b.connect_quintic_ext(&w, &c);
    }
    let _ = n2;
    let mut pw = PartialWitness::new();
    set(&mut pw, &t1, &w1);
    set(&mut pw, &t2, &w2);
    proves(b, pw)
}

#[test]
fn group_ops_agree_with_native() {
    let (p1, p2) = (point(W1), point(W2));
    assert!(group_ops_prove(fp5(W1), fp5(W2), p1.add(&p2).encode()));
}

#[test]
fn wrong_sum_fails_to_prove() {
    let (p1, p2) = (point(W1), point(W2));
    assert!(!group_ops_prove(
        fp5(W1),
        fp5(W2),
        p1.add(&p2).double().encode()
    ));
}

#[test]
fn undecodable_encoding_fails_to_prove() {
    let (p1, p2) = (point(W1), point(W2));
    assert!(!group_ops_prove(fp5(BAD), fp5(W2), p1.add(&p2).encode()));
}

#[test]
fn neutral_encoding_fails_non_neutral_decode() {
    let (p1, p2) = (point(W1), point(W2));
    assert!(!group_ops_prove(Fp5::ZERO, fp5(W2), p1.add(&p2).encode()));
}

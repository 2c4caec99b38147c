//! Curve tests. The known-answer vectors are the designers' own: they come from the unit tests
//! `ecgfp5_ops` and `ecgfp5_mul` in `rust/src/curve.rs` of Thomas Pornin's reference
//! implementation (repository `pornin/ecgfp5`, generated there with Sage).

use super::*;
use crate::crypto::ecgfp5::field::{fp5_from_canonical, fp5_to_canonical};

fn w(limbs: [u64; 5]) -> Fp5 {
    fp5_from_canonical(limbs).expect("vector limbs are canonical")
}

fn dec(limbs: [u64; 5]) -> Point {
    Point::decode(&w(limbs)).expect("vector decodes")
}

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
const W3: [u64; 5] = [
    246872606398642312,
    4900963247917836450,
    7327006728177203977,
    13945036888436667069,
    3062018119121328861,
];
const W4: [u64; 5] = [
    8058035104653144162,
    16041715455419993830,
    7448530016070824199,
    11253639182222911208,
    6228757819849640866,
];
const W5: [u64; 5] = [
    10523134687509281194,
    11148711503117769087,
    9056499921957594891,
    13016664454465495026,
    16494247923890248266,
];
const W6: [u64; 5] = [
    12173306542237620,
    6587231965341539782,
    17027985748515888117,
    17194831817613584995,
    10056734072351459010,
];
const W7: [u64; 5] = [
    9420857400785992333,
    4695934009314206363,
    14471922162341187302,
    13395190104221781928,
    16359223219913018041,
];

/// Encodings that must not decode (reference vectors `bww`).
const BAD: [[u64; 5]; 6] = [
    [
        13557832913345268708,
        15669280705791538619,
        8534654657267986396,
        12533218303838131749,
        5058070698878426028,
    ],
    [
        135036726621282077,
        17283229938160287622,
        13113167081889323961,
        1653240450380825271,
        520025869628727862,
    ],
    [
        6727960962624180771,
        17240764188796091916,
        3954717247028503753,
        1002781561619501488,
        4295357288570643789,
    ],
    [
        4578929270179684956,
        3866930513245945042,
        7662265318638150701,
        9503686272550423634,
        12241691520798116285,
    ],
    [
        16890297404904119082,
        6169724643582733633,
        9725973298012340311,
        5977049210035183790,
        11379332130141664883,
    ],
    [
        13777379982711219130,
        14715168412651470168,
        17942199593791635585,
        6188824164976547520,
        15461469634034461986,
    ],
];

fn enc(p: &Point) -> [u64; 5] {
    fp5_to_canonical(&p.encode())
}

#[test]
fn reference_vectors_decode_and_reencode() {
    for v in [W1, W2, W3, W4, W5, W6, W7] {
        let p = dec(v);
        assert!(!p.is_neutral());
        assert_eq!(enc(&p), v);
    }
    let n = Point::decode(&Fp5::ZERO).expect("zero is the neutral");
    assert!(n.is_neutral());
    assert_eq!(enc(&n), [0; 5]);
}

#[test]
fn reference_invalid_encodings_are_rejected() {
    for v in BAD {
        assert!(Point::decode(&w(v)).is_none());
    }
}

#[test]
fn reference_sums_and_doublings_match() {
    let (p1, p2) = (dec(W1), dec(W2));
    assert_eq!(enc(&p1.add(&p2)), W3);
    assert_eq!(enc(&p1.add(&p1)), W4);
    assert_eq!(enc(&p1.double()), W4);
    assert_eq!(enc(&p2.double()), W5);
    assert_eq!(enc(&p1.double().add(&p2)), W6);
    assert_eq!(enc(&p1.add(&p2).add(&p2)), W7);
    assert_eq!(enc(&Point::NEUTRAL.double()), [0; 5]);
    assert_eq!(enc(&Point::NEUTRAL.add(&p1)), W1);
    assert_eq!(enc(&p1.add(&p1.neg())), [0; 5]);
    assert_eq!(enc(&p1.add_affine(&p2.to_affine())), W3);
    assert_eq!(enc(&p1.add_affine(&AffinePoint::NEUTRAL)), W1);
}

#[test]
fn reference_scalar_multiplication_matches() {
    // ecgfp5_mul: w2 = e * decode(w1).
    let w1 = [
        7534507442095725921,
        16658460051907528927,
        12417574136563175256,
        2750788641759288856,
        620002843272906439,
    ];
    let ebuf: [u8; 40] = [
        0x1B, 0x18, 0x51, 0xC8, 0x1D, 0x22, 0xD4, 0x0D, 0x6D, 0x36, 0xEC, 0xCE, 0x54, 0x27, 0x41,
        0x66, 0x08, 0x14, 0x2F, 0x8F, 0xFF, 0x64, 0xB4, 0x76, 0x28, 0xCD, 0x3F, 0xF8, 0xAA, 0x25,
        0x16, 0xD4, 0xBA, 0xD0, 0xCC, 0x02, 0x1A, 0x44, 0x7C, 0x03,
    ];
    let w2 = [
        9486104512504676657,
        14312981644741144668,
        5159846406177847664,
        15978863787033795628,
        3249948839313771192,
    ];
    let e = Scalar::from_bytes(&ebuf).expect("canonical scalar");
    assert_eq!(enc(&dec(w1).mul_vartime(&e)), w2);
}

#[test]
fn generator_encodes_as_four_and_has_order_n() {
    assert_eq!(enc(&Point::generator()), [4, 0, 0, 0, 0]);
    assert_eq!(Point::decode(&w([4, 0, 0, 0, 0])), Some(Point::generator()));
    let minus_one = Scalar::ONE.neg();
    let p = Point::generator().mul_vartime(&minus_one);
    assert_eq!(p, Point::generator().neg());
    assert!(p.add(&Point::generator()).is_neutral());
}

#[test]
fn generator_tables_agree_with_generic_multiplication() {
    for seed in 0u8..4 {
        let k = Scalar::from_bytes_reduce(&[seed.wrapping_mul(77).wrapping_add(3); 64]);
        assert_eq!(Point::mul_generator(&k), Point::generator().mul_vartime(&k));
    }
    assert!(Point::mul_generator(&Scalar::ZERO).is_neutral());
}

#[test]
fn repeated_doubling_matches_single_doublings() {
    let p1 = dec(W1);
    let mut q = p1;
    for n in 0..10 {
        assert_eq!(p1.mdouble(n), q, "n = {n}");
        q = q.double();
    }
    assert!(Point::NEUTRAL.mdouble(4).is_neutral());
}

/// Scalars where windowed and signed-digit multiplications go wrong first: the ends of the
/// range, powers of two and their predecessors (long carry chains in the signed recoding),
/// scalars with only the top 4-bit window set, 64- and 128-bit boundaries, and bit patterns.
fn edge_scalars() -> Vec<Scalar> {
    let limbs = |l: [u64; 5]| Scalar::from_limbs(l).expect("edge scalar is below n");
    let minus = |k: u64| Scalar::ZERO.sub(&limbs([k, 0, 0, 0, 0]));
    let mut out = vec![
        Scalar::ZERO,
        Scalar::ONE,
        limbs([2, 0, 0, 0, 0]),
        limbs([15, 0, 0, 0, 0]),
        limbs([16, 0, 0, 0, 0]),
        limbs([17, 0, 0, 0, 0]),
        limbs([31, 0, 0, 0, 0]),
        limbs([0x5555_5555_5555_5555; 5].map(|x| x & 0x3FFF_FFFF_FFFF_FFFF)),
        limbs([0x3333_3333_3333_3333; 5]),
        limbs([0x0F0F_0F0F_0F0F_0F0F; 5]),
        limbs([0xF0F0_F0F0_F0F0_F0F0, 0xF0F0_F0F0_F0F0_F0F0, 0, 0, 0]),
        limbs([u64::MAX, u64::MAX, 0, 0, 0]),
        limbs([0, 0, 1, 0, 0]),
        limbs([0, 1, 0, 0, 0]),
        limbs([u64::MAX, 0, 0, 0, 0]),
        minus(1),
        minus(2),
        minus(16),
        Scalar::from_limbs(crate::crypto::ecgfp5::scalar::N.map(|l| l >> 1)).expect("n/2"),
    ];
    // Only the top window (bits 316..319) set: 1..7 times 2^316 (8 * 2^316 = 2^319 > n).
    for top in 1u64..8 {
        out.push(limbs([0, 0, 0, 0, top << 60]));
    }
    for bit in 0..319 {
        let mut l = [0u64; 5];
        l[bit / 64] = 1 << (bit % 64);
        out.push(limbs(l));
        out.push(limbs(l).sub(&Scalar::ONE));
    }
    out
}

/// Uniform scalars mod n, and as many of at most 128 bits (the size of a challenge).
fn random_scalars(count: usize) -> Vec<Scalar> {
    use rand::{RngCore, SeedableRng};
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
    (0..count)
        .flat_map(|_| {
            let mut wide = [0u8; 64];
            rng.fill_bytes(&mut wide);
            let short = Scalar::from_limbs([rng.next_u64(), rng.next_u64(), 0, 0, 0]);
            [Some(Scalar::from_bytes_reduce(&wide)), short]
        })
        .map(|k| k.expect("a 128-bit integer is below n"))
        .collect()
}

fn random_points(count: usize) -> Vec<Point> {
    random_scalars(count)
        .iter()
        .map(Point::mul_generator)
        .collect()
}

/// Checks the width-`W` NAF of every test scalar: odd digits below `2^(W-1)` in magnitude, at
/// least `W` positions apart, summing back to the scalar.
fn check_wnaf<const W: usize>() {
    let two = Scalar::from_limbs([2, 0, 0, 0, 0]).expect("small");
    for k in edge_scalars().into_iter().chain(random_scalars(100)) {
        let digits = wnaf::<W>(&k.to_limbs());
        let mut sum = Scalar::ZERO;
        let mut last_nonzero: Option<usize> = None;
        for (i, &d) in digits.iter().enumerate().rev() {
            let magnitude =
                Scalar::from_limbs([u64::from(d.unsigned_abs()), 0, 0, 0, 0]).expect("small");
            sum = sum.mul(&two);
            sum = if d < 0 {
                sum.sub(&magnitude)
            } else {
                sum.add(&magnitude)
            };
            if d != 0 {
                assert!(
                    d % 2 != 0 && d.unsigned_abs() < 1 << (W - 1),
                    "digit {d} of {k:?}"
                );
                if let Some(above) = last_nonzero {
                    assert!(above - i >= W, "digits too close in {k:?}");
                }
                last_nonzero = Some(i);
            }
        }
        assert_eq!(sum, k, "width {W}");
    }
}

#[test]
fn wnaf_digits_are_odd_small_spaced_and_sum_to_the_scalar() {
    check_wnaf::<WNAF_WIDTH>();
    check_wnaf::<GENERATOR_WNAF_WIDTH>();
    check_wnaf::<2>();
}

#[test]
fn mul_vartime_agrees_with_the_reference_ladder() {
    let bases = [Point::generator(), dec(W1), dec(W2)]
        .into_iter()
        .chain(random_points(3));
    for (b, base) in bases.enumerate() {
        let scalars = if b == 0 {
            edge_scalars()
        } else {
            edge_scalars().into_iter().take(40).collect()
        };
        for k in scalars.into_iter().chain(random_scalars(40)) {
            assert_eq!(
                base.mul_vartime(&k),
                base.mul_reference(&k),
                "base {b}, {k:?}"
            );
        }
    }
    for k in edge_scalars().into_iter().take(20) {
        assert!(Point::NEUTRAL.mul_vartime(&k).is_neutral());
    }
}

#[test]
fn mul_vartime_scalar_edges_give_the_expected_points() {
    let g = Point::generator();
    assert!(g.mul_vartime(&Scalar::ZERO).is_neutral());
    assert_eq!(g.mul_vartime(&Scalar::ONE), g);
    assert_eq!(
        g.mul_vartime(&Scalar::from_limbs([2, 0, 0, 0, 0]).expect("small")),
        g.double()
    );
    assert_eq!(g.mul_vartime(&Scalar::ONE.neg()), g.neg());
}

#[test]
fn mul_generator_vartime_agrees_with_the_constant_time_one() {
    for k in edge_scalars().into_iter().chain(random_scalars(200)) {
        let ct = Point::mul_generator(&k);
        assert_eq!(Point::mul_generator_vartime(&k), ct, "{k:?}");
        assert_eq!(ct.is_neutral(), k.is_zero());
    }
}

#[test]
fn mdouble_four_matches_four_doublings_on_random_points() {
    for p in random_points(30)
        .into_iter()
        .chain([Point::generator(), Point::NEUTRAL])
    {
        assert_eq!(p.mdouble(4), p.double().double().double().double());
        assert_eq!(
            enc(&p.mdouble(4)),
            enc(&p.double().double().double().double())
        );
    }
}

#[test]
fn mul_add_generator_vartime_agrees_with_separate_multiplications() {
    let edges = edge_scalars();
    let randoms = random_scalars(60);
    let bases = [Point::generator(), dec(W1)]
        .into_iter()
        .chain(random_points(2))
        .collect::<Vec<_>>();
    // Every edge scalar as e and as s (paired with a random partner), then random pairs.
    let pairs = edges
        .iter()
        .zip(randoms.iter().cycle())
        .flat_map(|(a, b)| [(*a, *b), (*b, *a), (*a, *a)])
        .chain(
            randoms
                .iter()
                .zip(randoms.iter().rev())
                .map(|(a, b)| (*a, *b)),
        );
    for (n, (e, s)) in pairs.enumerate() {
        let base = &bases[n % bases.len()];
        let expected = base.mul_reference(&e).add(&Point::mul_generator(&s));
        assert_eq!(
            base.mul_add_generator_vartime(&e, &s),
            expected,
            "{e:?} {s:?}"
        );
    }
    let g = Point::generator();
    assert!(g
        .mul_add_generator_vartime(&Scalar::ZERO, &Scalar::ZERO)
        .is_neutral());
    // e G + (n - e) G is the neutral.
    for e in edges.iter().take(30) {
        assert!(g.mul_add_generator_vartime(e, &e.neg()).is_neutral());
    }
    assert!(Point::NEUTRAL
        .mul_add_generator_vartime(&Scalar::ONE.neg(), &Scalar::ZERO)
        .is_neutral());
}

#[test]
fn generator_wnaf_tables_hold_odd_multiples_of_the_shifted_generator() {
    let tables = generator_wnaf_tables();
    for (j, table) in tables.iter().enumerate() {
        for (i, entry) in table.iter().enumerate() {
            let mut k = [0u64; 5];
            k[2 * j] = 2 * i as u64 + 1;
            let expected = Point::mul_generator(&Scalar::from_limbs(k).expect("below n"));
            assert_eq!(entry.to_point(), expected, "table {j} entry {i}");
        }
    }
}

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

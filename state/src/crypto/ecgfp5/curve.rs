//! The ECgFp5 group (T. Pornin, "EcGFp5: a Specialized Elliptic Curve", eprint 2022/274).
//!
//! The curve is `y^2 = x (x^2 + a x + b)` over GF(p^5) with `a = 2`, `b = 263 z`; its order is
//! `2n` with `n` prime, and the group used is the prime-order group of double-odd elements, with
//! neutral `N = (0, 0)`. Points are kept in fractional `(x, u) = (X/Z, U/T)` coordinates where
//! `u = x / y` (`u = 0` for the neutral); the formulas below are the paper's complete ones.
//! A point is encoded as the single field element `w = y / x = 1 / u` (0 for the neutral).

use std::sync::OnceLock;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::ops::Square;
use plonky2::field::types::Field;

use super::field::{
    fp5_inverse_or_zero, fp5_legendre, fp5_mul_small, fp5_mul_z, fp5_select, fp5_sqrt, Fp5,
};
use super::scalar::Scalar;

/// The constant `b / z = 263` of the curve equation.
pub const B1: u64 = 263;

/// `b * x = 263 z x`.
fn mul_b(x: &Fp5, k: u64) -> Fp5 {
    fp5_mul_small(&fp5_mul_z(x), B1 * k)
}

/// A group element in fractional `(X : Z : U : T)` coordinates. Invariant: `Z != 0`, `T != 0`
/// and `(X/Z, U/T)` is the `(x, u)` of an element of the prime-order group.
#[derive(Clone, Copy, Debug)]
pub struct Point {
    x: Fp5,
    z: Fp5,
    u: Fp5,
    t: Fp5,
}

/// A group element in affine `(x, u)` coordinates (`(0, 0)` is the neutral).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AffinePoint {
    /// `x`.
    pub x: Fp5,
    /// `u = x / y`.
    pub u: Fp5,
}

impl AffinePoint {
    /// The neutral element.
    pub const NEUTRAL: AffinePoint = AffinePoint {
        x: Fp5::ZERO,
        u: Fp5::ZERO,
    };

    /// As a fractional point.
    pub fn to_point(&self) -> Point {
        Point {
            x: self.x,
            z: Fp5::ONE,
            u: self.u,
            t: Fp5::ONE,
        }
    }
}

impl PartialEq for Point {
    fn eq(&self, other: &Point) -> bool {
        // Two group elements are equal iff their u coordinates are (u determines w = 1/u).
        self.u * other.t == other.u * self.t
    }
}

impl Eq for Point {}

impl Point {
    /// The neutral element `N = (0, 0)`.
    pub const NEUTRAL: Point = Point {
        x: Fp5::ZERO,
        z: Fp5::ONE,
        u: Fp5::ZERO,
        t: Fp5::ONE,
    };

    /// The conventional generator (encoding `w = 4`), from the paper.
    pub fn generator() -> Point {
        let x = [
            12883135586176881569u64,
            4356519642755055268,
            5248930565894896907,
            2165973894480315022,
            2448410071095648785,
        ];
        Point {
            x: plonky2::field::extension::quintic::QuinticExtension(x.map(GoldilocksField)),
            z: Fp5::ONE,
            // u = 1/4
            u: Fp5::from_canonical_u64(13835058052060938241),
            t: Fp5::ONE,
        }
    }

    /// The encoding `w = 1/u` (0 for the neutral). Always canonical.
    pub fn encode(&self) -> Fp5 {
        self.t * fp5_inverse_or_zero(&self.u)
    }

    /// Decodes `w`; `None` unless `w` is the encoding of a group element.
    ///
    /// From `w = y/x`: `x^2 - (w^2 - a) x + b = 0`, whose roots multiply to the non-square `b`,
    /// so exactly one root is a non-square: that one is the group element's `x`. The discriminant
    /// must be a non-zero square; `w = 0` is the neutral.
    pub fn decode(w: &Fp5) -> Option<Point> {
        if *w == Fp5::ZERO {
            return Some(Point::NEUTRAL);
        }
        let e = w.square() - Fp5::TWO;
        let delta = e.square() - mul_b(&Fp5::ONE, 4);
        if fp5_legendre(&delta) != 1 {
            return None;
        }
        let r = fp5_sqrt(&delta)?;
        let half = Fp5::TWO.try_inverse()?;
        let x1 = (e + r) * half;
        let x2 = (e - r) * half;
        let x = if fp5_legendre(&x1) == 1 { x2 } else { x1 };
        Some(Point {
            x,
            z: Fp5::ONE,
            u: Fp5::ONE,
            t: *w,
        })
    }

    /// Whether this is the neutral element.
    pub fn is_neutral(&self) -> bool {
        self.u == Fp5::ZERO
    }

    /// `-self`.
    pub fn neg(&self) -> Point {
        Point {
            u: -self.u,
            ..*self
        }
    }

    /// `self + rhs` (complete formulas, 10 multiplications).
    pub fn add(&self, rhs: &Point) -> Point {
        let t1 = self.x * rhs.x;
        let t2 = self.z * rhs.z;
        let t3 = self.u * rhs.u;
        let t4 = self.t * rhs.t;
        let t5 = (self.x + self.z) * (rhs.x + rhs.z) - t1 - t2;
        let t6 = (self.u + self.t) * (rhs.u + rhs.t) - t3 - t4;
        Self::add_finish(t1, t2, t3, t4, t5, t6)
    }

    /// `self + rhs` for an affine `rhs` (8 multiplications).
    pub fn add_affine(&self, rhs: &AffinePoint) -> Point {
        let t1 = self.x * rhs.x;
        let t2 = self.z;
        let t3 = self.u * rhs.u;
        let t4 = self.t;
        let t5 = self.x + rhs.x * self.z;
        let t6 = self.u + rhs.u * self.t;
        Self::add_finish(t1, t2, t3, t4, t5, t6)
    }

    fn add_finish(t1: Fp5, t2: Fp5, t3: Fp5, t4: Fp5, t5: Fp5, t6: Fp5) -> Point {
        let t7 = t1 + mul_b(&t2, 1);
        let t8 = t4 * t7;
        let t9 = t3 * (mul_b(&t5, 2) + t7 + t7);
        let t10 = (t4 + t3 + t3) * (t5 + t7);
        Point {
            x: mul_b(&(t10 - t8), 1),
            z: t8 - t9,
            u: t6 * (mul_b(&t2, 1) - t1),
            t: t8 + t9,
        }
    }

    /// `2 * self` (4 multiplications and 5 squarings).
    pub fn double(&self) -> Point {
        let t1 = self.z * self.t;
        let t2 = t1 * self.t;
        let x1 = t2.square();
        let z1 = t1 * self.u;
        let t3 = self.u.square();
        let s = self.x + self.z;
        let w1 = t2 - (s + s) * t3;
        let t4 = z1.square();
        let zz = w1.square();
        Point {
            x: mul_b(&t4, 4),
            z: zz,
            u: (w1 + z1).square() - t4 - zz,
            t: x1 + x1 - fp5_mul_small(&t4, 4) - zz,
        }
    }

    /// `2^n * self` (the paper's repeated-doubling formulas: about `n (2M + 5S)`).
    ///
    /// The intermediate `(X, W, Z)` represent the curve point in the paper's `(x, w)`
    /// coordinates on the isomorphic Jacobi quartic; the final step returns to `(x, u)`.
    pub fn mdouble(&self, n: u32) -> Point {
        if n == 0 {
            return *self;
        }
        if n == 1 {
            return self.double();
        }
        let t1 = self.z * self.t;
        let t2 = t1 * self.t;
        let x1 = t2.square();
        let z1 = t1 * self.u;
        let t3 = self.u.square();
        let s = self.x + self.z;
        let w1 = t2 - (s + s) * t3;
        let t4 = w1.square();
        let t5 = z1.square();
        let mut x = mul_b(&t5.square(), 16);
        let mut w = x1 + x1 - fp5_mul_small(&t5, 4) - t4;
        let mut z = (w1 + z1).square() - t4 - t5;
        for _ in 2..n {
            let t1 = z.square();
            let t2 = t1.square();
            let t3 = w.square();
            let t4 = t3.square();
            let t5 = (w + z).square() - t1 - t3;
            let xt = x + t1;
            z = t5 * (xt + xt - t3);
            x = mul_b(&(t2 * t4), 16);
            // W = -t4 - t2 (4b - 4)
            w = fp5_mul_small(&t2, 4) - t4 - mul_b(&t2, 4);
        }
        let t1 = w.square();
        let t2 = z.square();
        let t3 = (w + z).square() - t1 - t2;
        let xt = x + t2;
        let w1 = t1 - (xt + xt);
        let zz = w1.square();
        let tt = t1 - t2 - t2;
        Point {
            x: mul_b(&t3.square(), 1),
            z: zz,
            u: t3 * w1,
            t: (t1 + t1) * tt - zz,
        }
    }

    /// Affine coordinates.
    pub fn to_affine(&self) -> AffinePoint {
        AffinePoint {
            x: self.x * fp5_inverse_or_zero(&self.z),
            u: self.u * fp5_inverse_or_zero(&self.t),
        }
    }

    /// `k * self`. Variable time (the running time and memory accesses depend on `k`): use on
    /// public data only.
    ///
    /// Signed sliding windows (width-5 NAF: every non-zero digit is odd, `|d| < 16`, and at least
    /// four zero digits follow it), starting from the highest non-zero digit, so the work grows
    /// with the bit length of `k` (a 128-bit challenge costs about 128 doublings and 22
    /// additions instead of a full 320-bit ladder). Runs of doublings use [`Point::mdouble`].
    pub fn mul_vartime(&self, k: &Scalar) -> Point {
        let digits = wnaf::<WNAF_WIDTH>(&k.to_limbs());
        let table = self.odd_multiples();
        let mut nonzero = digits.iter().enumerate().rev().filter(|(_, d)| **d != 0);
        let Some((top, &d)) = nonzero.next() else {
            return Point::NEUTRAL;
        };
        let mut acc = signed_entry(&table, d);
        let mut pos = top;
        for (i, &d) in nonzero {
            acc = acc.mdouble((pos - i) as u32).add(&signed_entry(&table, d));
            pos = i;
        }
        acc.mdouble(pos as u32)
    }

    /// `[P, 3P, 5P, ..., 15P]`: the odd multiples a width-5 NAF digit selects.
    fn odd_multiples(&self) -> [Point; WNAF_TABLE] {
        let twice = self.double();
        let mut table = [*self; WNAF_TABLE];
        for i in 1..WNAF_TABLE {
            table[i] = table[i - 1].add(&twice);
        }
        table
    }

    /// `k * self` with plain 4-bit windows over all 320 bits: the straightforward reference
    /// that [`Point::mul_vartime`] is tested against. Variable time; slower; tests only.
    #[cfg(test)]
    pub fn mul_reference(&self, k: &Scalar) -> Point {
        let mut table = [Point::NEUTRAL; 16];
        for i in 1..16 {
            table[i] = table[i - 1].add(self);
        }
        let mut acc = Point::NEUTRAL;
        for w in (0..GENERATOR_WINDOWS).rev() {
            acc = acc
                .double()
                .double()
                .double()
                .double()
                .add(&table[window(k, w)]);
        }
        acc
    }

    /// `k * G` for the conventional generator, from precomputed tables. Constant time: the
    /// table lookups and additions do not depend on `k` (every window adds a point, selected by
    /// masking over all 16 entries). Use this for secret scalars (keys, signing nonces); for
    /// public scalars [`Point::mul_generator_vartime`] gives the same point faster.
    pub fn mul_generator(k: &Scalar) -> Point {
        let tables = generator_tables();
        let mut acc = Point::NEUTRAL;
        for (w, table) in tables.iter().enumerate() {
            let d = window(k, w);
            let mut sel = AffinePoint::NEUTRAL;
            for (j, entry) in table.iter().enumerate() {
                let hit = j == d;
                sel.x = fp5_select(hit, &sel.x, &entry.x);
                sel.u = fp5_select(hit, &sel.u, &entry.u);
            }
            acc = acc.add_affine(&sel);
        }
        acc
    }

    /// `k * G`, equal to [`Point::mul_generator`]`(k)`, but variable time: it indexes the
    /// precomputed tables by the digits of `k` and skips zero digits, so its running time and
    /// memory accesses reveal `k`. Use on public scalars only (e.g. the `s` of a signature being
    /// verified), never on a secret key or a signing nonce.
    pub fn mul_generator_vartime(k: &Scalar) -> Point {
        let tables = generator_tables();
        let mut acc = Point::NEUTRAL;
        for (w, table) in tables.iter().enumerate() {
            let d = window(k, w);
            if d != 0 {
                acc = acc.add_affine(&table[d]);
            }
        }
        acc
    }

    /// `e * self + s * G`, equal to `self.mul_vartime(e).add(&Point::mul_generator(s))`.
    /// Variable time: use on public scalars only (it is the verification equation `s G + e pk`).
    /// To reuse the table of `self` across many calls, see [`OddMultiples`].
    pub fn mul_add_generator_vartime(&self, e: &Scalar, s: &Scalar) -> Point {
        OddMultiples::new(self).mul_add_generator_vartime(e, s)
    }
}

/// The odd multiples `P, 3P, ..., 15P` of a point `P`, the table its variable-time
/// multiplications read; prepare it once to multiply the same point by many public scalars.
/// Invariant: entry `i` is `(2i + 1) P` (1,280 bytes).
#[derive(Clone, Copy, Debug)]
pub struct OddMultiples {
    table: [Point; WNAF_TABLE],
}

impl OddMultiples {
    /// The table of `p` (one doubling and seven additions).
    pub fn new(p: &Point) -> OddMultiples {
        OddMultiples {
            table: p.odd_multiples(),
        }
    }

    /// `e * P + s * G`, equal to `P.mul_vartime(e).add(&Point::mul_generator(s))`, in one
    /// interleaved double-and-add chain (Straus). Variable time: use on public scalars only (it
    /// is the verification equation `s G + e pk`).
    ///
    /// `s` is split into 128-bit chunks over the bases `2^(128 j) G`, so with a challenge
    /// `e < 2^128` the chain is about 128 doublings long and `s G` costs only the additions of
    /// its signed digits (about 36, from precomputed affine tables). Any `e` is correct; a
    /// longer one just lengthens the chain.
    pub fn mul_add_generator_vartime(&self, e: &Scalar, s: &Scalar) -> Point {
        let e_digits = wnaf::<WNAF_WIDTH>(&e.to_limbs());
        let s_limbs = s.to_limbs();
        let limbs_per_chunk = GENERATOR_CHUNK_BITS / 64;
        let mut s_digits = [[0i8; WNAF_DIGITS]; GENERATOR_CHUNKS];
        for (j, digits) in s_digits.iter_mut().enumerate() {
            let mut chunk = [0u64; 5];
            for (dst, src) in chunk.iter_mut().zip(
                s_limbs
                    .iter()
                    .skip(j * limbs_per_chunk)
                    .take(limbs_per_chunk),
            ) {
                *dst = *src;
            }
            *digits = wnaf::<GENERATOR_WNAF_WIDTH>(&chunk);
        }
        let busy = |i: usize| e_digits[i] != 0 || s_digits.iter().any(|d| d[i] != 0);
        let Some(top) = (0..WNAF_DIGITS).rev().find(|&i| busy(i)) else {
            return Point::NEUTRAL;
        };
        let table = &self.table;
        let g_tables = generator_wnaf_tables();
        let mut acc = Point::NEUTRAL;
        // Doublings owed to acc before the digits at position i are added (Horner's rule).
        let mut owed = 0u32;
        for i in (0..=top).rev() {
            if busy(i) {
                acc = acc.mdouble(owed);
                owed = 0;
                if e_digits[i] != 0 {
                    acc = acc.add(&signed_entry(table, e_digits[i]));
                }
                for (digits, g_table) in s_digits.iter().zip(g_tables.iter()) {
                    if digits[i] != 0 {
                        acc = acc.add_affine(&signed_affine_entry(g_table, digits[i]));
                    }
                }
            }
            owed += 1;
        }
        // The last increment (after position 0) is not a doubling.
        acc.mdouble(owed.saturating_sub(1))
    }
}

/// Width of the signed windows of [`Point::mul_vartime`] (and of the `e * P` part of
/// [`Point::mul_add_generator_vartime`]): `P, 3P, ..., 15P` cost one doubling and seven
/// additions, then about one addition per six bits.
const WNAF_WIDTH: usize = 5;

/// Number of odd multiples in a width-[`WNAF_WIDTH`] table (`1, 3, ..., 15`).
const WNAF_TABLE: usize = 1 << (WNAF_WIDTH - 2);

/// Width of the signed windows over the precomputed generator tables (about one addition per
/// nine bits; the tables hold 3 x 128 affine points, 30 KiB).
const GENERATOR_WNAF_WIDTH: usize = 8;

/// Number of odd multiples per generator table (`1, 3, ..., 255`).
const GENERATOR_WNAF_TABLE: usize = 1 << (GENERATOR_WNAF_WIDTH - 2);

/// Bits per chunk of `s` in [`Point::mul_add_generator_vartime`]: `s = s0 + s1 2^128 + s2 2^256`,
/// each chunk multiplying its own base `2^(128 j) G`, so all chunks share the doublings of a
/// 128-bit challenge.
const GENERATOR_CHUNK_BITS: usize = 128;

/// Number of chunks covering a scalar (`3 * 128 >= 319`).
const GENERATOR_CHUNKS: usize = 3;

/// Length of a signed-digit expansion: `k < 2^320` has digits up to position `319 + width`
/// (the last carry), so 320 + 8 covers every width up to 8.
const WNAF_DIGITS: usize = 320 + 8;

/// The width-`W` non-adjacent form of the integer `k` (little-endian limbs, any `k < 2^320`):
/// digits `d_i` with `k = sum d_i 2^i`, each zero or odd with `|d_i| < 2^(W-1)`, and any
/// non-zero digit followed by at least `W - 1` zeros above it. Requires `2 <= W <= 8` (so
/// digits fit an `i8` and [`WNAF_DIGITS`] suffices).
fn wnaf<const W: usize>(limbs: &[u64; 5]) -> [i8; WNAF_DIGITS] {
    const { assert!(W >= 2 && W <= 8) };
    let mask = (1u64 << W) - 1;
    // Bits pos .. pos + W - 1 of k (zero beyond bit 319).
    let bits = |pos: usize| -> u64 {
        let (word, off) = (pos / 64, pos % 64);
        let lo = limbs.get(word).map_or(0, |l| l >> off);
        let hi = match (off, limbs.get(word + 1)) {
            (0, _) | (_, None) => 0,
            (_, Some(l)) => l << (64 - off),
        };
        (lo | hi) & mask
    };
    let mut digits = [0i8; WNAF_DIGITS];
    // The carry owed to bit `pos` by the digits below it (0 or 1).
    let mut carry = 0u64;
    let mut pos = 0;
    while pos < WNAF_DIGITS {
        let window = bits(pos) + carry;
        if window & 1 == 0 {
            // Bit pos (with the carry) is zero; the carry, if any, moves up unchanged.
            pos += 1;
            continue;
        }
        // window is odd and < 2^W, so the digit is odd with |digit| < 2^(W-1) <= 128.
        let digit = if window < 1 << (W - 1) {
            carry = 0;
            window as i16
        } else {
            carry = 1;
            window as i16 - (1 << W) as i16
        };
        digits[pos] = digit as i8;
        pos += W;
    }
    debug_assert_eq!(carry, 0, "the last carry lands at a position below 320 + 8");
    digits
}

/// `d * P` for an odd `|d| < 2 N` from `[P, 3P, ..., (2N-1)P]`.
fn signed_entry<const N: usize>(table: &[Point; N], d: i8) -> Point {
    let p = table[usize::from(d.unsigned_abs() / 2)];
    if d < 0 {
        p.neg()
    } else {
        p
    }
}

/// `d * Q` for an odd `|d| < 2 N` from the affine `[Q, 3Q, ..., (2N-1)Q]`.
fn signed_affine_entry<const N: usize>(table: &[AffinePoint; N], d: i8) -> AffinePoint {
    let p = table[usize::from(d.unsigned_abs() / 2)];
    if d < 0 {
        AffinePoint { x: p.x, u: -p.u }
    } else {
        p
    }
}

/// `tables[j][i] = (2i + 1) 2^(128 j) G` in affine coordinates, for the signed digits of the
/// chunks of `s` in [`Point::mul_add_generator_vartime`].
fn generator_wnaf_tables() -> &'static [[AffinePoint; GENERATOR_WNAF_TABLE]; GENERATOR_CHUNKS] {
    static TABLES: OnceLock<Box<[[AffinePoint; GENERATOR_WNAF_TABLE]; GENERATOR_CHUNKS]>> =
        OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Box::new([[AffinePoint::NEUTRAL; GENERATOR_WNAF_TABLE]; GENERATOR_CHUNKS]);
        let mut base = Point::generator();
        for table in tables.iter_mut() {
            let twice = base.double();
            let mut acc = base;
            for entry in table.iter_mut() {
                *entry = acc.to_affine();
                acc = acc.add(&twice);
            }
            base = base.mdouble(GENERATOR_CHUNK_BITS as u32);
        }
        tables
    })
}

/// The 4-bit window `w` (bits `4w .. 4w+3`) of `k`.
pub fn window(k: &Scalar, w: usize) -> usize {
    (0..4).map(|b| (k.bit(4 * w + b) as usize) << b).sum()
}

/// Number of 4-bit windows covering a scalar (320 bits).
pub const GENERATOR_WINDOWS: usize = 80;

/// `tables[w][j] = j * 16^w * G` in affine coordinates, for `w < 80` and `j < 16`.
pub fn generator_tables() -> &'static [[AffinePoint; 16]; GENERATOR_WINDOWS] {
    static TABLES: OnceLock<Box<[[AffinePoint; 16]; GENERATOR_WINDOWS]>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Box::new([[AffinePoint::NEUTRAL; 16]; GENERATOR_WINDOWS]);
        let mut base = Point::generator();
        for table in tables.iter_mut() {
            let mut acc = Point::NEUTRAL;
            for entry in table.iter_mut().skip(1) {
                acc = acc.add(&base);
                *entry = acc.to_affine();
            }
            base = base.double().double().double().double();
        }
        tables
    })
}

#[cfg(test)]
#[path = "curve_tests.rs"]
mod tests;

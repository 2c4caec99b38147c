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

    /// `k * self` with 4-bit windows. Variable time: use on public data only.
    pub fn mul_vartime(&self, k: &Scalar) -> Point {
        let mut table = [Point::NEUTRAL; 16];
        for i in 1..16 {
            table[i] = table[i - 1].add(self);
        }
        let mut acc = Point::NEUTRAL;
        for w in (0..80).rev() {
            if w != 79 {
                acc = acc.double().double().double().double();
            }
            let d = window(k, w);
            if d != 0 {
                acc = acc.add(&table[d]);
            }
        }
        acc
    }

    /// `k * G` for the conventional generator, from precomputed tables. The table lookups and
    /// additions do not depend on `k` (every window adds a point, selected by masking).
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

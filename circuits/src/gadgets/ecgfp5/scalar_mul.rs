//! Scalar multiplication for Schnorr verification: a joint (Straus) 4-bit-window evaluation of
//! `s_lo G + s_hi (2^160 G) + e Q` sharing one chain of repeated doublings.
//!
//! A 16-entry window table is looked up as a multilinear polynomial in the window's 4 bits:
//! `entry(b) = sum_S c_S prod_{i in S} b_i` with `c` the Möbius transform of the table, so a
//! lookup costs 11 bit products per window plus 15 multiply-adds per coordinate (a select tree
//! costs 30). The fixed-base tables are constants transformed natively.

use plonky2::iop::target::{BoolTarget, Target};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use zkclear_state::crypto::ecgfp5::{AffinePoint, Point};

use super::curve::{AffinePointTarget, CircuitBuilderEcGFp5, CurvePointTarget};
use super::field::{QuinticExtTarget, D, F};

/// Bits per window.
pub const WINDOW_BITS: usize = 4;
/// Entries per window table.
pub const WINDOW_SIZE: usize = 1 << WINDOW_BITS;
/// Bits of the low half of `s`; `s = s_lo + 2^S_SPLIT s_hi` with both halves below `2^160`.
pub const S_SPLIT: usize = 160;

/// Möbius-transformed 16-entry table; `coeffs[S]` holds the coordinates' coefficients of the
/// monomial `prod_{i in S} b_i`.
#[derive(Clone, Debug)]
pub struct WindowTableTarget {
    coeffs: Vec<Vec<Target>>,
}

/// In place: `c[S] = sum_{U subset of S} (-1)^{|S \ U|} entry[U]`.
fn mobius<T: Copy>(c: &mut [Vec<T>], mut sub: impl FnMut(T, T) -> T) {
    for i in 0..WINDOW_BITS {
        for j in 0..WINDOW_SIZE {
            if j & (1 << i) != 0 {
                let (lo, hi) = c.split_at_mut(j);
                for (h, l) in hi[0].iter_mut().zip(lo[j ^ (1 << i)].iter()) {
                    *h = sub(*h, *l);
                }
            }
        }
    }
}

fn coords(p: &CurvePointTarget) -> Vec<Target> {
    [p.x.0, p.z.0, p.u.0, p.t.0].concat()
}

fn quintic(v: &[Target]) -> QuinticExtTarget {
    QuinticExtTarget(std::array::from_fn(|i| v[i]))
}

/// Window tables and lookups.
pub trait CircuitBuilderWindowTable {
    /// The table `j * q` (`j < 16`) of a variable point, in fractional coordinates.
    fn window_table(&mut self, q: &AffinePointTarget) -> WindowTableTarget;
    /// The constant affine table `j * base`.
    fn window_table_constant(&mut self, base: &Point) -> WindowTableTarget;
    /// The 16 monomials `prod_{i in S} b_i` of a window's bits (little-endian).
    fn window_monomials(&mut self, bits: &[BoolTarget]) -> [Target; WINDOW_SIZE];
    /// The table entry selected by the window whose monomials are given.
    fn window_lookup(&mut self, t: &WindowTableTarget, m: &[Target; WINDOW_SIZE]) -> Vec<Target>;
    /// `s_lo G + s_hi (2^160 G) + e q` for little-endian bits `s_bits` (320) and `e_bits`.
    fn straus_mul(
        &mut self,
        s_bits: &[BoolTarget],
        e_bits: &[BoolTarget],
        q: &AffinePointTarget,
    ) -> CurvePointTarget;
}

impl CircuitBuilderWindowTable for CircuitBuilder<F, D> {
    fn window_table(&mut self, q: &AffinePointTarget) -> WindowTableTarget {
        let neutral = self.curve_constant(&Point::NEUTRAL);
        let mut entries = vec![coords(&neutral)];
        let mut acc = self.curve_from_affine(q);
        entries.push(coords(&acc));
        for _ in 2..WINDOW_SIZE {
            acc = self.curve_add_affine(&acc, q);
            entries.push(coords(&acc));
        }
        mobius(&mut entries, |a, b| self.sub(a, b));
        WindowTableTarget { coeffs: entries }
    }

    fn window_table_constant(&mut self, base: &Point) -> WindowTableTarget {
        let mut entries = Vec::with_capacity(WINDOW_SIZE);
        let mut acc = Point::NEUTRAL;
        for _ in 0..WINDOW_SIZE {
            let a: AffinePoint = acc.to_affine();
            entries.push([a.x.0, a.u.0].concat());
            acc = acc.add(base);
        }
        mobius(&mut entries, |a, b| a - b);
        let coeffs = entries
            .into_iter()
            .map(|row| row.into_iter().map(|c| self.constant(c)).collect())
            .collect();
        WindowTableTarget { coeffs }
    }

    fn window_monomials(&mut self, bits: &[BoolTarget]) -> [Target; WINDOW_SIZE] {
        let mut m = [self.one(); WINDOW_SIZE];
        for s in 1..WINDOW_SIZE {
            let top = usize::BITS - 1 - s.leading_zeros();
            let rest = s ^ (1 << top);
            let bit = bits
                .get(top as usize)
                .map_or_else(|| self.zero(), |b| b.target);
            m[s] = if rest == 0 {
                bit
            } else {
                self.mul(m[rest], bit)
            };
        }
        m
    }

    fn window_lookup(&mut self, t: &WindowTableTarget, m: &[Target; WINDOW_SIZE]) -> Vec<Target> {
        let width = t.coeffs[0].len();
        (0..width)
            .map(|k| {
                let mut acc = t.coeffs[0][k];
                for (s, &ms) in m.iter().enumerate().skip(1) {
                    acc = self.mul_add(t.coeffs[s][k], ms, acc);
                }
                acc
            })
            .collect()
    }

    fn straus_mul(
        &mut self,
        s_bits: &[BoolTarget],
        e_bits: &[BoolTarget],
        q: &AffinePointTarget,
    ) -> CurvePointTarget {
        let g = Point::generator();
        let g_table = self.window_table_constant(&g);
        let g_hi_table = self.window_table_constant(&g.mdouble(S_SPLIT as u32));
        let q_table = self.window_table(q);
        let windows = S_SPLIT / WINDOW_BITS;
        let e_windows = e_bits.len().div_ceil(WINDOW_BITS);
        let mut acc: Option<CurvePointTarget> = None;
        for w in (0..windows).rev() {
            let mut cur = match acc {
                Some(p) => self.curve_mdouble(&p, WINDOW_BITS as u32),
                None => self.curve_constant(&Point::NEUTRAL),
            };
            let bits = |from: usize, v: &[BoolTarget]| -> Vec<BoolTarget> {
                v.iter().skip(from).take(WINDOW_BITS).copied().collect()
            };
            for (table, from) in [
                (&g_table, w * WINDOW_BITS),
                (&g_hi_table, S_SPLIT + w * WINDOW_BITS),
            ] {
                let m = self.window_monomials(&bits(from, s_bits));
                let entry = self.window_lookup(table, &m);
                let a = AffinePointTarget {
                    x: quintic(&entry[..5]),
                    u: quintic(&entry[5..]),
                };
                cur = self.curve_add_affine(&cur, &a);
            }
            if w < e_windows {
                let m = self.window_monomials(&bits(w * WINDOW_BITS, e_bits));
                let entry = self.window_lookup(&q_table, &m);
                let p = CurvePointTarget {
                    x: quintic(&entry[..5]),
                    z: quintic(&entry[5..10]),
                    u: quintic(&entry[10..15]),
                    t: quintic(&entry[15..]),
                };
                cur = self.curve_add(&cur, &p);
            }
            acc = Some(cur);
        }
        acc.unwrap_or_else(|| self.curve_constant(&Point::NEUTRAL))
    }
}

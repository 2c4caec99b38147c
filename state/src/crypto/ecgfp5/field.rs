//! GF(p^5) = GF(p)[z]/(z^5 - 3), p = 2^64 - 2^32 + 1: the base field of ECgFp5.
//!
//! plonky2's `QuinticExtension<GoldilocksField>` uses the same modulus (`W = 3`, checked by
//! `plonky2_quintic_modulus_is_z5_minus_3`), so we reuse its arithmetic and add what the curve
//! needs: canonical limb encoding, the Legendre symbol and square roots.

use plonky2::field::extension::quintic::QuinticExtension;
use plonky2::field::extension::{Frobenius, OEF};
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::ops::Square;
use plonky2::field::types::{Field, Field64, PrimeField, PrimeField64};

/// An element of GF(p^5), coefficients of 1, z, z^2, z^3, z^4 in that order.
pub type Fp5 = QuinticExtension<GoldilocksField>;

/// The Goldilocks prime p.
pub const P: u64 = GoldilocksField::ORDER;

/// The element with coefficients `limbs` if every limb is canonical (`< p`), else `None`.
pub fn fp5_from_canonical(limbs: [u64; 5]) -> Option<Fp5> {
    if limbs.iter().any(|&l| l >= P) {
        return None;
    }
    Some(QuinticExtension(limbs.map(GoldilocksField)))
}

/// The canonical limbs (each `< p`) of `x`.
pub fn fp5_to_canonical(x: &Fp5) -> [u64; 5] {
    x.0.map(|c| c.to_canonical_u64())
}

/// `x^(r - 1)` with `r = 1 + p + p^2 + p^3 + p^4`, so that `x * result` is the norm of `x`.
fn norm_cofactor(x: &Fp5) -> Fp5 {
    let d = x.frobenius();
    let e = d * d.frobenius();
    e * e.repeated_frobenius(2)
}

/// The norm `x^r` of `x`, an element of GF(p) (only the constant coefficient is non-zero).
fn norm(x: &Fp5) -> GoldilocksField {
    let f = norm_cofactor(x);
    let w = <Fp5 as OEF<5>>::W;
    let (a, b) = (x.0, f.0);
    a[0] * b[0] + w * (a[1] * b[4] + a[2] * b[3] + a[3] * b[2] + a[4] * b[1])
}

/// The Legendre symbol of `x` in GF(p^5): 0 for zero, 1 for a non-zero square, -1 otherwise.
///
/// Invariant: `x` is a square in GF(p^5) iff its norm is a square in GF(p).
pub fn fp5_legendre(x: &Fp5) -> i8 {
    let n = norm(x);
    if n == GoldilocksField::ZERO {
        return 0;
    }
    let l = n.exp_u64((P - 1) / 2);
    if l == GoldilocksField::ONE {
        1
    } else {
        -1
    }
}

/// A square root of `x` if `x` is a square, else `None`.
///
/// With `r` odd, `y = x^((r+1)/2)` satisfies `y^2 = x * norm(x)`, so `y / sqrt(norm(x))` is a
/// square root of `x` whenever `norm(x)` is a square in GF(p).
pub fn fp5_sqrt(x: &Fp5) -> Option<Fp5> {
    if *x == Fp5::ZERO {
        return Some(Fp5::ZERO);
    }
    // (r - 1)/2 = p * (1 + p)(1 + p^2)/2, and (1 + p)/2 is an integer.
    let y = x.exp_u64((P - 1) / 2 + 1);
    let t = y * y.repeated_frobenius(2);
    let root = *x * t.frobenius();
    let n = norm(x);
    let s = n.sqrt()?;
    let inv = s.try_inverse()?;
    let candidate = QuinticExtension(root.0.map(|c| c * inv));
    (candidate.square() == *x).then_some(candidate)
}

/// `x * z` (multiplication by the generator of the extension): a coefficient rotation.
pub fn fp5_mul_z(x: &Fp5) -> Fp5 {
    let a = x.0;
    QuinticExtension([
        a[4] * GoldilocksField::from_canonical_u64(3),
        a[0],
        a[1],
        a[2],
        a[3],
    ])
}

/// `x * k` for a small base-field constant `k`.
pub fn fp5_mul_small(x: &Fp5, k: u64) -> Fp5 {
    let k = GoldilocksField::from_canonical_u64(k);
    QuinticExtension(x.0.map(|c| c * k))
}

/// `1/x`, or zero when `x` is zero.
pub fn fp5_inverse_or_zero(x: &Fp5) -> Fp5 {
    x.try_inverse().unwrap_or(Fp5::ZERO)
}

/// Constant-time choice: `a` when `choose_b == false`, `b` otherwise, without branching on it.
pub fn fp5_select(choose_b: bool, a: &Fp5, b: &Fp5) -> Fp5 {
    let mask = (choose_b as u64).wrapping_neg();
    let mut out = [GoldilocksField::ZERO; 5];
    for (o, (x, y)) in out.iter_mut().zip(a.0.iter().zip(b.0.iter())) {
        *o = GoldilocksField(x.0 ^ (mask & (x.0 ^ y.0)));
    }
    QuinticExtension(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plonky2::field::extension::Extendable;
    use plonky2::field::types::Sample;

    #[test]
    fn plonky2_quintic_modulus_is_z5_minus_3() {
        assert_eq!(
            <GoldilocksField as Extendable<5>>::W,
            GoldilocksField::from_canonical_u64(3)
        );
        let z = QuinticExtension([
            GoldilocksField::ZERO,
            GoldilocksField::ONE,
            GoldilocksField::ZERO,
            GoldilocksField::ZERO,
            GoldilocksField::ZERO,
        ]);
        assert_eq!(z.exp_u64(5), Fp5::from_canonical_u64(3));
        assert_eq!(fp5_mul_z(&z), z * z);
    }

    #[test]
    fn sqrt_of_square_is_a_root_and_non_squares_have_none() {
        let mut squares = 0;
        for _ in 0..50 {
            let x = Fp5::rand();
            let sq = x.square();
            let r = fp5_sqrt(&sq).expect("a square has a root");
            assert_eq!(r.square(), sq);
            assert_eq!(fp5_legendre(&sq), 1);
            match fp5_sqrt(&x) {
                Some(r) => {
                    squares += 1;
                    assert_eq!(r.square(), x);
                    assert_eq!(fp5_legendre(&x), 1);
                }
                None => assert_eq!(fp5_legendre(&x), -1),
            }
        }
        assert!(squares > 5 && squares < 45);
        assert_eq!(fp5_legendre(&Fp5::ZERO), 0);
    }

    #[test]
    fn canonical_limbs_reject_values_at_or_above_p() {
        assert!(fp5_from_canonical([P - 1, 0, 0, 0, 0]).is_some());
        assert!(fp5_from_canonical([0, 0, 0, 0, P]).is_none());
        assert!(fp5_from_canonical([u64::MAX, 0, 0, 0, 0]).is_none());
    }

    #[test]
    fn select_picks_the_requested_operand() {
        let (a, b) = (Fp5::rand(), Fp5::rand());
        assert_eq!(fp5_select(false, &a, &b), a);
        assert_eq!(fp5_select(true, &a, &b), b);
    }
}

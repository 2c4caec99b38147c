//! The quadratic extension `F_p[X] / (X^2 - 7)` of Goldilocks (plonky2's `QuadraticExtension`)
//! over [`GoldilocksVar`]. Products stay lazy: a coefficient of `a * b` is a sum of two integer
//! products, reduced only when a later product would overflow.

use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::goldilocks::GoldilocksVar;

/// plonky2's non-residue `W` for Goldilocks: `X^2 = 7`.
pub const W: u64 = 7;

/// An extension element `c0 + c1 * X`.
#[derive(Clone, Debug)]
pub struct GoldilocksExtVar {
    /// Constant coefficient.
    pub c0: GoldilocksVar,
    /// Coefficient of `X`.
    pub c1: GoldilocksVar,
}

impl GoldilocksExtVar {
    /// A constant.
    pub fn constant(c0: u64, c1: u64) -> Self {
        Self {
            c0: GoldilocksVar::constant(c0),
            c1: GoldilocksVar::constant(c1),
        }
    }

    /// Embeds a base-field element.
    pub fn from_base(x: &GoldilocksVar) -> Self {
        Self {
            c0: x.clone(),
            c1: GoldilocksVar::zero(),
        }
    }

    /// A witness with canonical coefficients (as read from a proof, so it can be observed).
    pub fn new_canonical_witness(
        cs: ConstraintSystemRef<Fr>,
        v: Option<[u64; 2]>,
    ) -> Result<Self, SynthesisError> {
        let (c0, _) = GoldilocksVar::new_canonical_witness(cs.clone(), v.map(|v| v[0]))?;
        let (c1, _) = GoldilocksVar::new_canonical_witness(cs, v.map(|v| v[1]))?;
        Ok(Self { c0, c1 })
    }

    /// Lazy sum.
    pub fn add(&self, o: &Self) -> Self {
        Self {
            c0: self.c0.add(&o.c0),
            c1: self.c1.add(&o.c1),
        }
    }

    /// Lazy difference.
    pub fn sub(&self, o: &Self) -> Self {
        Self {
            c0: self.c0.sub(&o.c0),
            c1: self.c1.sub(&o.c1),
        }
    }

    /// Product by a base-field element (2 products).
    pub fn scale(&self, s: &GoldilocksVar) -> Result<Self, SynthesisError> {
        Ok(Self {
            c0: self.c0.mul(s)?,
            c1: self.c1.mul(s)?,
        })
    }

    /// Product: `(a0 b0 + 7 a1 b1) + (a0 b1 + a1 b0) X` (4 products, no reduction unless needed).
    pub fn mul(&self, o: &Self) -> Result<Self, SynthesisError> {
        let c0 = GoldilocksVar::inner_product(&[
            (self.c0.clone(), o.c0.clone()),
            (self.c1.mul_const(W), o.c1.clone()),
        ])?;
        let c1 = GoldilocksVar::inner_product(&[
            (self.c0.clone(), o.c1.clone()),
            (self.c1.clone(), o.c0.clone()),
        ])?;
        Ok(Self { c0, c1 })
    }

    /// Both coefficients reduced below 2^64.
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        Ok(Self {
            c0: self.c0.reduce()?,
            c1: self.c1.reduce()?,
        })
    }

    /// Enforces equality as extension elements.
    pub fn enforce_equal(&self, o: &Self) -> Result<(), SynthesisError> {
        self.c0.enforce_equal(&o.c0)?;
        self.c1.enforce_equal(&o.c1)
    }

    /// The represented value as canonical coefficients, if assigned.
    pub fn value(&self) -> Result<[u64; 2], SynthesisError> {
        Ok([self.c0.value()?, self.c1.value()?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::field::extension::quadratic::QuadraticExtension;
    use plonky2::field::extension::FieldExtension;
    use plonky2::field::goldilocks_field::GoldilocksField as GL;
    use plonky2::field::types::{Field, PrimeField64};

    type E = QuadraticExtension<GL>;

    fn ext(v: [u64; 2]) -> E {
        E::from_basefield_array([GL::from_canonical_u64(v[0]), GL::from_canonical_u64(v[1])])
    }

    fn canon(e: E) -> [u64; 2] {
        let [a, b] = e.to_basefield_array();
        [a.to_canonical_u64(), b.to_canonical_u64()]
    }

    #[test]
    fn lazy_polynomial_evaluation_matches_plonky2_extension() -> anyhow::Result<()> {
        // Horner evaluation of a degree-7 polynomial at x, reduced once at the end.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let coeffs: Vec<[u64; 2]> = (0..8u64)
            .map(|i| [GL::NEG_ONE.to_canonical_u64() - i, i * 0x9e37_79b9])
            .collect();
        let x = [0x1234_5678_9abc_def0, GL::NEG_ONE.to_canonical_u64() - 3];
        let xv = GoldilocksExtVar::new_canonical_witness(cs.clone(), Some(x))?;
        let mut acc = GoldilocksExtVar::constant(0, 0);
        let mut native = E::ZERO;
        for c in coeffs.iter().rev() {
            let cv = GoldilocksExtVar::new_canonical_witness(cs.clone(), Some(*c))?;
            acc = acc.mul(&xv)?.add(&cv);
            native = native * ext(x) + ext(*c);
        }
        let before = cs.num_constraints();
        let reduced = acc.reduce()?;
        assert!(cs.num_constraints() > before);
        assert_eq!(reduced.value()?, canon(native));
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn a_wrong_claimed_product_is_rejected() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let a = [5, GL::NEG_ONE.to_canonical_u64()];
        let b = [GL::NEG_ONE.to_canonical_u64(), 9];
        let av = GoldilocksExtVar::new_canonical_witness(cs.clone(), Some(a))?;
        let bv = GoldilocksExtVar::new_canonical_witness(cs.clone(), Some(b))?;
        let right = canon(ext(a) * ext(b));
        let wrong =
            GoldilocksExtVar::new_canonical_witness(cs.clone(), Some([right[0], right[1] ^ 1]))?;
        av.mul(&bv)?.enforce_equal(&wrong)?;
        assert!(!cs.is_satisfied()?);

        let cs2 = ConstraintSystem::<Fr>::new_ref();
        let av = GoldilocksExtVar::new_canonical_witness(cs2.clone(), Some(a))?;
        let bv = GoldilocksExtVar::new_canonical_witness(cs2.clone(), Some(b))?;
        let good = GoldilocksExtVar::new_canonical_witness(cs2.clone(), Some(right))?;
        av.mul(&bv)?.enforce_equal(&good)?;
        assert!(cs2.is_satisfied()?);
        Ok(())
    }
}

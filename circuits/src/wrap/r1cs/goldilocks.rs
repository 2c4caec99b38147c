//! Goldilocks arithmetic emulated in the BN254 scalar field, with lazy reduction.
//!
//! A [`GoldilocksVar`] is a BN254 variable holding a non-negative *integer* `v < 2^bits` that
//! represents `v mod p` (p = 2^64 - 2^32 + 1). Additions and products only grow `bits`; a
//! reduction (`v = q * p + r`, `r < 2^64`, `q < 2^(bits - 63)`, both range-checked by bit
//! decomposition) costs about `bits + 2` constraints and is only done when a product would
//! overflow [`MAX_BITS`] or a caller needs a small or canonical value. Invariant: `bits <=
//! MAX_BITS < 253`, so no representation ever wraps around the BN254 modulus.

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField};
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::GR1CSVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// The Goldilocks prime.
pub const P: u64 = 0xffff_ffff_0000_0001;
/// Largest representation size: sums of products must stay below the BN254 modulus (> 2^253).
pub const MAX_BITS: u32 = 250;

/// An emulated Goldilocks element (see the module documentation for the invariant).
#[derive(Clone, Debug)]
pub struct GoldilocksVar {
    /// The integer representative, as a BN254 variable (or constant).
    pub fp: FpVar<Fr>,
    /// `fp < 2^bits` as an integer.
    pub bits: u32,
}

/// `x` as a big-endian-free little-endian bit vector of its canonical integer.
fn fr_bits(x: &Fr) -> Vec<bool> {
    x.into_bigint().to_bits_le()
}

/// The integer value of a BN254 element modulo p (the Goldilocks element it represents).
pub fn fr_mod_p(x: &Fr) -> u64 {
    let limbs = x.into_bigint().0;
    let mut acc: u128 = 0;
    for limb in limbs.iter().rev() {
        acc = ((acc << 64) | u128::from(*limb)) % u128::from(P);
    }
    acc as u64
}

/// `2^k * p` as a BN254 constant: a multiple of p at least `2^(k + 63)`.
fn p_multiple(k: u32) -> Fr {
    let mut c = Fr::from(P);
    for _ in 0..k {
        c += c;
    }
    c
}

/// Range-checks `x < 2^n` (n + 1 constraints) and returns the little-endian bits.
pub fn range_check(x: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let (bits, _) = x.to_bits_le_with_top_bits_zero(n)?;
    Ok(bits)
}

impl GoldilocksVar {
    /// A constant (canonical) element; no constraints.
    pub fn constant(v: u64) -> Self {
        Self {
            fp: FpVar::constant(Fr::from(v % P)),
            bits: 64,
        }
    }

    /// Zero.
    pub fn zero() -> Self {
        Self::constant(0)
    }

    /// A canonical witness (`< p`, enforced): 64-bit decomposition plus `v + 2^32 - 1 < 2^64`.
    /// Returns the element and its 64 little-endian bits.
    pub fn new_canonical_witness(
        cs: ConstraintSystemRef<Fr>,
        v: Option<u64>,
    ) -> Result<(Self, Vec<Boolean<Fr>>), SynthesisError> {
        let fp = FpVar::new_witness(cs, || {
            v.map(|x| Fr::from(x % P))
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let bits = Self::enforce_canonical(&fp)?;
        Ok((Self { fp, bits: 64 }, bits))
    }

    /// Enforces `0 <= x < p` for an integer variable; returns its 64 bits.
    pub fn enforce_canonical(x: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
        let bits = range_check(x, 64)?;
        let shifted = x + FpVar::constant(Fr::from((1u64 << 32) - 1));
        range_check(&shifted, 64)?;
        Ok(bits)
    }

    /// A witness known to be `< 2^64` (range-checked), not necessarily canonical.
    pub fn new_u64_witness(
        cs: ConstraintSystemRef<Fr>,
        v: Option<u64>,
    ) -> Result<Self, SynthesisError> {
        let fp = FpVar::new_witness(cs, || {
            v.map(Fr::from).ok_or(SynthesisError::AssignmentMissing)
        })?;
        range_check(&fp, 64)?;
        Ok(Self { fp, bits: 64 })
    }

    /// The represented Goldilocks value (canonical), if assigned.
    pub fn value(&self) -> Result<u64, SynthesisError> {
        Ok(fr_mod_p(&self.fp.value()?))
    }

    /// Lazy addition (no constraints).
    pub fn add(&self, other: &Self) -> Self {
        Self {
            fp: &self.fp + &other.fp,
            bits: self.bits.max(other.bits) + 1,
        }
    }

    /// Lazy subtraction: adds a multiple of p that exceeds `other` (no constraints).
    pub fn sub(&self, other: &Self) -> Self {
        let k = other.bits.saturating_sub(63);
        Self {
            fp: &self.fp - &other.fp + FpVar::constant(p_multiple(k)),
            bits: self.bits.max(other.bits + 1) + 1,
        }
    }

    /// Lazy multiplication by a small constant (no constraints).
    pub fn mul_const(&self, c: u64) -> Self {
        let c = c % P;
        let cbits = 64 - c.leading_zeros();
        Self {
            fp: &self.fp * Fr::from(c),
            bits: self.bits + cbits.max(1),
        }
    }

    /// Product (one constraint); reduces the operands first if the result could overflow.
    pub fn mul(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = if self.bits + other.bits > MAX_BITS {
            (self.reduce()?, other.reduce()?)
        } else {
            (self.clone(), other.clone())
        };
        Ok(Self {
            fp: &a.fp * &b.fp,
            bits: a.bits + b.bits,
        })
    }

    /// Sum of products with one reduction at the end (lazy): `sum_i a_i * b_i`.
    pub fn inner_product(pairs: &[(Self, Self)]) -> Result<Self, SynthesisError> {
        let mut acc = Self::zero();
        for (a, b) in pairs {
            let prod = a.mul(b)?;
            acc = if acc.bits.max(prod.bits) + 1 > MAX_BITS {
                acc.reduce()?.add(&prod)
            } else {
                acc.add(&prod)
            };
        }
        Ok(acc)
    }

    /// Reduces to a representative `< 2^64` (about `bits + 2` constraints). Idempotent on
    /// 64-bit values (no constraints).
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        if self.bits <= 64 {
            return Ok(self.clone());
        }
        if let FpVar::Constant(c) = &self.fp {
            return Ok(Self {
                fp: FpVar::constant(Fr::from(fr_mod_p(c))),
                bits: 64,
            });
        }
        let cs = self.fp.cs();
        let value = self.fp.value().ok();
        let (q, r) = match value {
            Some(v) => {
                let (q, r) = div_rem_p(&v);
                (Some(q), Some(r))
            }
            None => (None, None),
        };
        let q_var = FpVar::new_witness(cs.clone(), || q.ok_or(SynthesisError::AssignmentMissing))?;
        let r_var = FpVar::new_witness(cs, || {
            r.map(Fr::from).ok_or(SynthesisError::AssignmentMissing)
        })?;
        range_check(&q_var, (self.bits - 63) as usize)?;
        range_check(&r_var, 64)?;
        (&q_var * Fr::from(P) + &r_var).enforce_equal(&self.fp)?;
        Ok(Self {
            fp: r_var,
            bits: 64,
        })
    }

    /// Reduces to the canonical representative (`< p`) and returns it with its 64 bits.
    pub fn canonical(&self) -> Result<(Self, Vec<Boolean<Fr>>), SynthesisError> {
        let small = self.reduce()?;
        if let FpVar::Constant(c) = &small.fp {
            let v = fr_mod_p(c);
            let bits = (0..64)
                .map(|i| Boolean::constant((v >> i) & 1 == 1))
                .collect();
            return Ok((Self::constant(v), bits));
        }
        // small < 2^64 < 2p, so the canonical value is small - b * p for a bit b.
        let cs = small.fp.cs();
        let value = small.fp.value().ok();
        let b = Boolean::new_witness(cs, || {
            value
                .map(|v| v.into_bigint().0[0] >= P)
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        let canon = &small.fp - FpVar::from(b) * Fr::from(P);
        let bits = Self::enforce_canonical(&canon)?;
        Ok((
            Self {
                fp: canon,
                bits: 64,
            },
            bits,
        ))
    }

    /// Enforces that two elements represent the same Goldilocks value.
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        // a ≡ b (mod p) iff (a - b + K) reduces to 0 for a multiple K of p exceeding b.
        let diff = self.sub(other);
        let cs = diff.fp.cs();
        if let FpVar::Constant(c) = &diff.fp {
            return if fr_mod_p(c) == 0 {
                Ok(())
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let value = diff.fp.value().ok();
        let q = FpVar::new_witness(cs, || {
            value
                .map(|v| div_rem_p(&v).0)
                .ok_or(SynthesisError::AssignmentMissing)
        })?;
        range_check(&q, (diff.bits.saturating_sub(63)) as usize + 1)?;
        (&q * Fr::from(P)).enforce_equal(&diff.fp)
    }
}

/// Integer division of a BN254 element's canonical integer by p: `(quotient, remainder)`.
pub fn div_rem_p(x: &Fr) -> (Fr, u64) {
    let bits = fr_bits(x);
    let mut q = Fr::from(0u64);
    let mut r: u128 = 0;
    for bit in bits.iter().rev() {
        r = (r << 1) | u128::from(*bit);
        q += q;
        if r >= u128::from(P) {
            r -= u128::from(P);
            q += Fr::from(1u64);
        }
    }
    (q, r as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;
    use plonky2::field::goldilocks_field::GoldilocksField as GL;
    use plonky2::field::types::{Field, PrimeField64};

    fn gl(v: u64) -> GL {
        GL::from_canonical_u64(v % P)
    }

    #[test]
    fn product_matches_native_and_costs_about_130_constraints() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (a, va) = (P - 5, gl(P - 5));
        let (b, vb) = (0xdead_beef_1234_5678, gl(0xdead_beef_1234_5678));
        let (x, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(a))?;
        let (y, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(b))?;
        let before = cs.num_constraints();
        let z = x.mul(&y)?.reduce()?;
        let cost = cs.num_constraints() - before;
        assert_eq!(z.value()?, (va * vb).to_canonical_u64());
        assert!(cost <= 140, "product cost {cost}");
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn lazy_inner_product_matches_native() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vals: Vec<u64> = (0..16).map(|i| P - 1 - i * 0x1234_5678_9abc).collect();
        let mut pairs = Vec::new();
        let mut expected = GL::ZERO;
        for w in vals.windows(2) {
            let (a, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(w[0]))?;
            let (b, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(w[1]))?;
            expected += gl(w[0]) * gl(w[1]);
            pairs.push((a, b));
        }
        let before = cs.num_constraints();
        let sum = GoldilocksVar::inner_product(&pairs)?;
        let (canon, _) = sum.sub(&GoldilocksVar::constant(3)).canonical()?;
        assert!(cs.num_constraints() - before < 15 * 20);
        assert_eq!(canon.value()?, (expected - gl(3)).to_canonical_u64());
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn canonical_witness_rejects_values_at_or_above_p() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        // Allocate p itself as an integer witness and ask for canonical form.
        let fp = FpVar::new_witness(cs.clone(), || Ok(Fr::from(P)))?;
        GoldilocksVar::enforce_canonical(&fp)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn reduce_rejects_a_wrong_remainder() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (x, _) = GoldilocksVar::new_canonical_witness(cs.clone(), Some(P - 1))?;
        let sq = x.mul(&x)?;
        // A wrong claimed remainder: enforce equality with 2 while (p-1)^2 ≡ 1.
        sq.enforce_equal(&GoldilocksVar::constant(2))?;
        assert!(!cs.is_satisfied()?);
        let cs2 = ConstraintSystem::<Fr>::new_ref();
        let (x2, _) = GoldilocksVar::new_canonical_witness(cs2.clone(), Some(P - 1))?;
        x2.mul(&x2)?.enforce_equal(&GoldilocksVar::constant(1))?;
        assert!(cs2.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn canonical_reduces_values_between_p_and_2_pow_64() -> anyhow::Result<()> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = GoldilocksVar::new_u64_witness(cs.clone(), Some(u64::MAX))?;
        let (c, _) = x.canonical()?;
        assert_eq!(c.fp.value()?, Fr::from(u64::MAX - P));
        assert!(cs.is_satisfied()?);
        Ok(())
    }
}

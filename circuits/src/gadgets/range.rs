//! Range checks and bounded / signed arithmetic that never wraps modulo the Goldilocks prime.
//!
//! p = 2^64 − 2^32 + 1. A value that wraps modulo p is a mint, so every helper here either
//! proves its result stays inside a declared bit width or refuses to build (a [`RangeError`]
//! at circuit-build time, never a panic).
//!
//! Representations:
//! - [`BoundedTarget`] `{ target, bits }`: an integer `0 ≤ x < 2^bits`, `bits ≤ 63`.
//! - [`SignedTarget`] `{ target, bits }`: an integer `−2^bits ≤ x < 2^bits`, `bits ≤ 62`, stored
//!   as its natural field image `x mod p` (so −1 is `p − 1`). Addition, subtraction and
//!   multiplication are then plain field operations; the range is checked on the biased value
//!   `x + 2^bits`, which must lie in `[0, 2^(bits+1))` and whose top bit is the sign
//!   (1 = non-negative). Because `2^63 < p/2`, the image is unique and the sign bit is exact.
//!
//! Each range check is one `BaseSumGate` row (up to 63 bits).

use core::marker::PhantomData;

use anyhow::Result as AnyResult;
use plonky2::field::extension::Extendable;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator};
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use thiserror::Error;

/// Widest unsigned value a [`BoundedTarget`] may hold: 63 bits, so a bit decomposition is unique.
pub const MAX_UNSIGNED_BITS: usize = 63;
/// Widest magnitude a [`SignedTarget`] may hold: 62 bits, so `x + 2^bits` fits 63 bits.
pub const MAX_SIGNED_BITS: usize = 62;

/// The Goldilocks prime, as a wide integer for build-time overflow checks.
const P: u128 = 0xFFFF_FFFF_0000_0001;

/// Why a bounded or signed operation refused to build.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// A declared width is above what the representation allows.
    #[error("{bits}-bit width exceeds the maximum of {max} bits")]
    WidthTooLarge {
        /// Requested width.
        bits: usize,
        /// Largest allowed width.
        max: usize,
    },
    /// The operands are so wide that the exact integer result could wrap modulo p.
    #[error("{op} of {a_bits}-bit and {b_bits}-bit values could wrap modulo p")]
    MayWrap {
        /// Operation name.
        op: &'static str,
        /// Width of the first operand.
        a_bits: usize,
        /// Width of the second operand.
        b_bits: usize,
    },
    /// Division by the constant zero.
    #[error("division by the constant zero")]
    ZeroDivisor,
}

/// Result alias of this module.
pub type RangeResult<T> = Result<T, RangeError>;

/// An unsigned integer `0 ≤ value < 2^bits` with `bits ≤ 63`; constructed only through a range
/// check, a width-preserving operation, or [`BoundedTarget::new_unchecked`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BoundedTarget {
    target: Target,
    bits: usize,
}

impl BoundedTarget {
    /// Wraps a target the caller has already constrained to `< 2^bits` (e.g. a bit composition);
    /// the caller is responsible for that invariant.
    pub fn new_unchecked(target: Target, bits: usize) -> RangeResult<Self> {
        check_width(bits, MAX_UNSIGNED_BITS)?;
        Ok(Self { target, bits })
    }

    /// The underlying field target.
    pub fn target(&self) -> Target {
        self.target
    }

    /// The proven bit width: `value < 2^bits`.
    pub fn bits(&self) -> usize {
        self.bits
    }
}

/// A signed integer `−2^bits ≤ value < 2^bits` with `bits ≤ 62`, stored as `value mod p`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SignedTarget {
    target: Target,
    bits: usize,
}

impl SignedTarget {
    /// Wraps a target the caller has already constrained to `[−2^bits, 2^bits)`.
    pub fn new_unchecked(target: Target, bits: usize) -> RangeResult<Self> {
        check_width(bits, MAX_SIGNED_BITS)?;
        Ok(Self { target, bits })
    }

    /// The underlying field target (`value mod p`).
    pub fn target(&self) -> Target {
        self.target
    }

    /// The proven width: `−2^bits ≤ value < 2^bits`.
    pub fn bits(&self) -> usize {
        self.bits
    }
}

/// Rounding direction of an integer division.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// `q = ⌊x / d⌋`, `x = q·d + r`, `0 ≤ r < d`.
    Floor,
    /// `q = ⌈x / d⌉`, `x = q·d − r`, `0 ≤ r < d`.
    Ceil,
}

/// The field image of a signed integer (`−1 ↦ p − 1`); the caller keeps `|v| < p/2`.
pub fn field_from_signed<F: RichField>(v: i128) -> F {
    let m = v.rem_euclid(P as i128) as u64;
    F::from_canonical_u64(m)
}

/// The signed integer whose image is `f`, reading `f > (p−1)/2` as negative.
pub fn signed_from_field<F: RichField>(f: F) -> i128 {
    let u = f.to_canonical_u64() as i128;
    if u > (P as i128 - 1) / 2 {
        u - P as i128
    } else {
        u
    }
}

fn check_width(bits: usize, max: usize) -> RangeResult<()> {
    if bits > max {
        return Err(RangeError::WidthTooLarge { bits, max });
    }
    Ok(())
}

/// Number of bits needed to write `v` (0 for 0).
fn bit_len(v: u128) -> usize {
    (128 - v.leading_zeros()) as usize
}

fn pow2(bits: usize) -> u128 {
    1u128 << bits
}

/// Builder extension with range checks and non-wrapping bounded/signed arithmetic.
pub trait CircuitBuilderRange<F: RichField + Extendable<D>, const D: usize> {
    /// Proves `x < 2^bits` (`bits ≤ 63`) and types it.
    fn range_checked(&mut self, x: Target, bits: usize) -> RangeResult<BoundedTarget>;
    /// A constant as a bounded value of its own bit length (`value < 2^63`).
    fn constant_bounded(&mut self, value: u64) -> RangeResult<BoundedTarget>;
    /// `a + b`, proven `< 2^out_bits` (free when the widths already imply it).
    fn add_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget>;
    /// `a − b`, proven `< 2^out_bits`, which also proves `a ≥ b`.
    fn sub_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget>;
    /// `a · b`, proven `< 2^out_bits` (free when `a.bits + b.bits ≤ out_bits`).
    fn mul_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget>;
    /// Proves `a < b` (operands up to 62 bits).
    fn assert_less_than(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<()>;
    /// Proves `a ≤ b` (operands up to 62 bits).
    fn assert_less_or_equal(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<()>;
    /// The boolean `a < b` (operands up to 62 bits).
    fn less_than(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<BoolTarget>;
    /// Proves `−2^bits ≤ x < 2^bits` (`bits ≤ 62`) for `x` read as a signed field image.
    fn signed_checked(&mut self, x: Target, bits: usize) -> RangeResult<SignedTarget>;
    /// A bounded value viewed as signed (free; `bits ≤ 62`).
    fn to_signed(&mut self, a: BoundedTarget) -> RangeResult<SignedTarget>;
    /// `a + b`, proven inside `[−2^out_bits, 2^out_bits)`.
    fn add_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget>;
    /// `a − b`, proven inside `[−2^out_bits, 2^out_bits)`.
    fn sub_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget>;
    /// `a · b`, proven inside `[−2^out_bits, 2^out_bits)` (needs `a.bits + b.bits ≤ 61`).
    fn mul_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget>;
    /// The boolean `x < 0`.
    fn is_negative(&mut self, x: SignedTarget) -> BoolTarget;
    /// `|x|`, of width `x.bits + 1` (because `|−2^bits| = 2^bits`).
    fn abs_signed(&mut self, x: SignedTarget) -> BoundedTarget;
    /// `max(x, 0)`, of width `x.bits`.
    fn max_zero(&mut self, x: SignedTarget) -> BoundedTarget;
    /// The boolean `a < b` for signed values.
    fn signed_less_than(&mut self, a: SignedTarget, b: SignedTarget) -> RangeResult<BoolTarget>;
    /// `(q, r)` with `a = q·d ± r` per `rounding`, `0 ≤ r < d` (so `d ≥ 1` is proven);
    /// needs `a.bits + d.bits ≤ 62`.
    fn div_rem(
        &mut self,
        a: BoundedTarget,
        d: BoundedTarget,
        rounding: Rounding,
    ) -> RangeResult<(BoundedTarget, BoundedTarget)>;
    /// [`Self::div_rem`] by a non-zero constant, with the quotient width tightened to
    /// `⌈(2^a.bits − 1)/d⌉` (so fixed-point rescaling of 62-bit values works).
    fn div_rem_const(
        &mut self,
        a: BoundedTarget,
        d: u64,
        rounding: Rounding,
    ) -> RangeResult<(BoundedTarget, BoundedTarget)>;
    /// Signed `(q, r)` with `x = q·d ± r` per `rounding`, `0 ≤ r < d`; needs `x.bits + d.bits ≤ 60`.
    fn div_rem_signed(
        &mut self,
        x: SignedTarget,
        d: BoundedTarget,
        rounding: Rounding,
    ) -> RangeResult<(SignedTarget, BoundedTarget)>;
    /// [`Self::div_rem_signed`] by a non-zero constant with a tightened quotient width.
    fn div_rem_signed_const(
        &mut self,
        x: SignedTarget,
        d: u64,
        rounding: Rounding,
    ) -> RangeResult<(SignedTarget, BoundedTarget)>;
}

impl<F: RichField + Extendable<D>, const D: usize> CircuitBuilderRange<F, D>
    for CircuitBuilder<F, D>
{
    fn range_checked(&mut self, x: Target, bits: usize) -> RangeResult<BoundedTarget> {
        check_width(bits, MAX_UNSIGNED_BITS)?;
        if bits == 0 {
            self.assert_zero(x);
        } else {
            self.range_check(x, bits);
        }
        Ok(BoundedTarget { target: x, bits })
    }

    fn constant_bounded(&mut self, value: u64) -> RangeResult<BoundedTarget> {
        let bits = bit_len(value as u128);
        check_width(bits, MAX_UNSIGNED_BITS)?;
        Ok(BoundedTarget {
            target: self.constant(F::from_canonical_u64(value)),
            bits,
        })
    }

    fn add_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget> {
        check_width(out_bits, MAX_UNSIGNED_BITS)?;
        if pow2(a.bits) + pow2(b.bits) > P {
            return Err(RangeError::MayWrap {
                op: "add",
                a_bits: a.bits,
                b_bits: b.bits,
            });
        }
        let sum = self.add(a.target, b.target);
        bound_result(self, sum, a.bits.max(b.bits) + 1, out_bits)
    }

    fn sub_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget> {
        check_width(out_bits, MAX_UNSIGNED_BITS)?;
        // If a < b the field value is p − (b − a) ≥ p − 2^b.bits + 1, which must not fit out_bits.
        if pow2(out_bits) + pow2(b.bits) > P + 1 {
            return Err(RangeError::MayWrap {
                op: "sub",
                a_bits: a.bits,
                b_bits: b.bits,
            });
        }
        let diff = self.sub(a.target, b.target);
        self.range_checked(diff, out_bits)
    }

    fn mul_bounded(
        &mut self,
        a: BoundedTarget,
        b: BoundedTarget,
        out_bits: usize,
    ) -> RangeResult<BoundedTarget> {
        check_width(out_bits, MAX_UNSIGNED_BITS)?;
        if (pow2(a.bits) - 1) * (pow2(b.bits) - 1) >= P {
            return Err(RangeError::MayWrap {
                op: "mul",
                a_bits: a.bits,
                b_bits: b.bits,
            });
        }
        let prod = self.mul(a.target, b.target);
        bound_result(self, prod, a.bits + b.bits, out_bits)
    }

    fn assert_less_than(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<()> {
        // b − a − 1 ∈ [0, 2^bits) iff a < b; otherwise it is ≥ p − 2^bits ≥ 2^bits, which
        // needs bits ≤ 62 (at 63 bits, −2^63 ≡ 2^63 − 2^32 + 1 would pass).
        let bits = a.bits.max(b.bits);
        check_width(bits, MAX_SIGNED_BITS)?;
        let diff = self.sub(b.target, a.target);
        let one = self.one();
        let diff = self.sub(diff, one);
        self.range_checked(diff, bits).map(|_| ())
    }

    fn assert_less_or_equal(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<()> {
        let bits = a.bits.max(b.bits);
        check_width(bits, MAX_SIGNED_BITS)?;
        let diff = self.sub(b.target, a.target);
        self.range_checked(diff, bits).map(|_| ())
    }

    fn less_than(&mut self, a: BoundedTarget, b: BoundedTarget) -> RangeResult<BoolTarget> {
        let m = a.bits.max(b.bits);
        check_width(m, MAX_SIGNED_BITS)?;
        // a − b + 2^m ∈ [1, 2^(m+1)); its bit m is 1 exactly when a ≥ b.
        let diff = self.sub(a.target, b.target);
        let biased = self.add_const(diff, F::from_canonical_u64(1u64 << m));
        let bits = self.split_le(biased, m + 1);
        let ge = bits[m];
        Ok(self.not(ge))
    }

    fn signed_checked(&mut self, x: Target, bits: usize) -> RangeResult<SignedTarget> {
        check_width(bits, MAX_SIGNED_BITS)?;
        sign_decompose(self, x, bits);
        Ok(SignedTarget { target: x, bits })
    }

    fn to_signed(&mut self, a: BoundedTarget) -> RangeResult<SignedTarget> {
        check_width(a.bits, MAX_SIGNED_BITS)?;
        Ok(SignedTarget {
            target: a.target,
            bits: a.bits,
        })
    }

    fn add_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget> {
        check_width(out_bits, MAX_SIGNED_BITS)?;
        // a.bits, b.bits ≤ 62 so |a + b| ≤ 2^63 < p/2: the sum's image is exact.
        let sum = self.add(a.target, b.target);
        signed_result(self, sum, a.bits.max(b.bits) + 1, out_bits)
    }

    fn sub_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget> {
        check_width(out_bits, MAX_SIGNED_BITS)?;
        // a − b ∈ (−2^(m+1), 2^(m+1)], so it fits width m + 2 statically.
        let diff = self.sub(a.target, b.target);
        signed_result(self, diff, a.bits.max(b.bits) + 2, out_bits)
    }

    fn mul_signed(
        &mut self,
        a: SignedTarget,
        b: SignedTarget,
        out_bits: usize,
    ) -> RangeResult<SignedTarget> {
        check_width(out_bits, MAX_SIGNED_BITS)?;
        // |a·b| ≤ 2^(a.bits + b.bits) must stay below p/2 for the image to be exact.
        if a.bits + b.bits > 61 {
            return Err(RangeError::MayWrap {
                op: "signed mul",
                a_bits: a.bits,
                b_bits: b.bits,
            });
        }
        let prod = self.mul(a.target, b.target);
        signed_result(self, prod, a.bits + b.bits + 1, out_bits)
    }

    fn is_negative(&mut self, x: SignedTarget) -> BoolTarget {
        let nonneg = sign_decompose(self, x.target, x.bits);
        self.not(nonneg)
    }

    fn abs_signed(&mut self, x: SignedTarget) -> BoundedTarget {
        let nonneg = sign_decompose(self, x.target, x.bits);
        let neg = self.neg(x.target);
        let abs = self.select(nonneg, x.target, neg);
        BoundedTarget {
            target: abs,
            bits: x.bits + 1,
        }
    }

    fn max_zero(&mut self, x: SignedTarget) -> BoundedTarget {
        let nonneg = sign_decompose(self, x.target, x.bits);
        let target = self.mul(nonneg.target, x.target);
        BoundedTarget {
            target,
            bits: x.bits,
        }
    }

    fn signed_less_than(&mut self, a: SignedTarget, b: SignedTarget) -> RangeResult<BoolTarget> {
        // a − b ∈ (−2^(m+1), 2^(m+1)); read it as a signed value of width m + 1.
        let m = a.bits.max(b.bits) + 1;
        check_width(m, MAX_SIGNED_BITS)?;
        let diff = self.sub(a.target, b.target);
        let nonneg = sign_decompose(self, diff, m);
        Ok(self.not(nonneg))
    }

    fn div_rem(
        &mut self,
        a: BoundedTarget,
        d: BoundedTarget,
        rounding: Rounding,
    ) -> RangeResult<(BoundedTarget, BoundedTarget)> {
        let (q, r) = alloc_div_rem(self, a.target, false, d.target, rounding);
        let d_max = pow2(d.bits) - 1;
        let (q, r) = constrain_div_rem(
            self, a.target, a.bits, false, d, d_max, a.bits, rounding, q, r,
        )?;
        Ok((
            BoundedTarget {
                target: q,
                bits: q_bits_of(a.bits, 1),
            },
            r,
        ))
    }

    fn div_rem_const(
        &mut self,
        a: BoundedTarget,
        d: u64,
        rounding: Rounding,
    ) -> RangeResult<(BoundedTarget, BoundedTarget)> {
        if d == 0 {
            return Err(RangeError::ZeroDivisor);
        }
        let q_bits = q_bits_of(a.bits, d);
        let d_t = self.constant_bounded(d)?;
        let (q, r) = alloc_div_rem(self, a.target, false, d_t.target, rounding);
        let (q, r) = constrain_div_rem(
            self, a.target, a.bits, false, d_t, d as u128, q_bits, rounding, q, r,
        )?;
        Ok((
            BoundedTarget {
                target: q,
                bits: q_bits,
            },
            r,
        ))
    }

    fn div_rem_signed(
        &mut self,
        x: SignedTarget,
        d: BoundedTarget,
        rounding: Rounding,
    ) -> RangeResult<(SignedTarget, BoundedTarget)> {
        let (q, r) = alloc_div_rem(self, x.target, true, d.target, rounding);
        let d_max = pow2(d.bits) - 1;
        let (q, r) = constrain_div_rem(
            self, x.target, x.bits, true, d, d_max, x.bits, rounding, q, r,
        )?;
        Ok((
            SignedTarget {
                target: q,
                bits: x.bits,
            },
            r,
        ))
    }

    fn div_rem_signed_const(
        &mut self,
        x: SignedTarget,
        d: u64,
        rounding: Rounding,
    ) -> RangeResult<(SignedTarget, BoundedTarget)> {
        if d == 0 {
            return Err(RangeError::ZeroDivisor);
        }
        // q ∈ [−⌈2^bits/d⌉, ⌈2^bits/d⌉], inside [−2^q_bits, 2^q_bits).
        let q_bits = bit_len(pow2(x.bits).div_ceil(d as u128));
        let d_t = self.constant_bounded(d)?;
        let (q, r) = alloc_div_rem(self, x.target, true, d_t.target, rounding);
        let (q, r) = constrain_div_rem(
            self, x.target, x.bits, true, d_t, d as u128, q_bits, rounding, q, r,
        )?;
        Ok((
            SignedTarget {
                target: q,
                bits: q_bits,
            },
            r,
        ))
    }
}

/// Width of `⌈(2^a_bits − 1)/d⌉`, a bound on both the floor and ceil quotient.
fn q_bits_of(a_bits: usize, d: u64) -> usize {
    bit_len((pow2(a_bits) - 1).div_ceil(d as u128))
}

/// Types `x` (known `< 2^known_bits`) as `< 2^out_bits`, range-checking only if needed.
fn bound_result<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    x: Target,
    known_bits: usize,
    out_bits: usize,
) -> RangeResult<BoundedTarget> {
    if known_bits <= out_bits {
        Ok(BoundedTarget {
            target: x,
            bits: known_bits,
        })
    } else {
        builder.range_checked(x, out_bits)
    }
}

/// Types `x` (known inside width `known_bits`) as signed of width `out_bits`, checking if needed.
fn signed_result<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    x: Target,
    known_bits: usize,
    out_bits: usize,
) -> RangeResult<SignedTarget> {
    if known_bits <= out_bits {
        Ok(SignedTarget {
            target: x,
            bits: known_bits,
        })
    } else {
        builder.signed_checked(x, out_bits)
    }
}

/// Proves `x + 2^bits < 2^(bits+1)` (`bits ≤ 62`) and returns its top bit, 1 iff `x ≥ 0`.
fn sign_decompose<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    x: Target,
    bits: usize,
) -> BoolTarget {
    let biased = builder.add_const(x, F::from_canonical_u64(1u64 << bits));
    let decomposition = builder.split_le(biased, bits + 1);
    decomposition[bits]
}

/// Allocates the quotient and remainder and the generator that fills them.
fn alloc_div_rem<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    x: Target,
    signed: bool,
    d: Target,
    rounding: Rounding,
) -> (Target, Target) {
    let q = builder.add_virtual_target();
    let r = builder.add_virtual_target();
    builder.add_simple_generator(DivRemGenerator::<F, D> {
        x,
        d,
        q,
        r,
        signed,
        ceil: rounding == Rounding::Ceil,
        _phantom: PhantomData,
    });
    (q, r)
}

/// Constrains `x = q·d + r` (floor) or `x = q·d − r` (ceil) with `0 ≤ r < d` and `q` inside
/// `q_bits` (unsigned, or signed when `signed`), refusing widths where the equation could wrap.
#[allow(clippy::too_many_arguments)]
pub(crate) fn constrain_div_rem<F: RichField + Extendable<D>, const D: usize>(
    builder: &mut CircuitBuilder<F, D>,
    x: Target,
    x_bits: usize,
    signed: bool,
    d: BoundedTarget,
    d_max: u128,
    q_bits: usize,
    rounding: Rounding,
    q: Target,
    r: Target,
) -> RangeResult<(Target, BoundedTarget)> {
    let wraps = if signed {
        // Both sides lie in (−p/2, p/2): |q·d ± r| ≤ (2^q_bits + 1)·d_max, |x| ≤ 2^x_bits.
        2 * (pow2(q_bits) + 1) * d_max >= P || 2 * pow2(x_bits) >= P
    } else {
        // Both sides lie in an interval [−d_max, 2^q_bits·d_max + 2^x_bits) shorter than p.
        pow2(q_bits) * d_max + d_max + pow2(x_bits) >= P
    };
    if wraps || q_bits > MAX_UNSIGNED_BITS {
        return Err(RangeError::MayWrap {
            op: "div_rem",
            a_bits: x_bits,
            b_bits: d.bits,
        });
    }
    if signed {
        builder.signed_checked(q, q_bits)?;
    } else {
        builder.range_checked(q, q_bits)?;
    }
    let r = builder.range_checked(r, d.bits)?;
    builder.assert_less_than(r, d)?;
    let rebuilt = match rounding {
        Rounding::Floor => builder.mul_add(q, d.target, r.target),
        Rounding::Ceil => builder.mul_sub(q, d.target, r.target),
    };
    builder.connect(rebuilt, x);
    Ok((q, r))
}

/// Fills `q`, `r` of a division; a zero divisor yields zeros, which the constraints reject.
#[derive(Debug, Clone, Default)]
pub struct DivRemGenerator<F: RichField + Extendable<D>, const D: usize> {
    x: Target,
    d: Target,
    q: Target,
    r: Target,
    signed: bool,
    ceil: bool,
    _phantom: PhantomData<F>,
}

impl<F: RichField + Extendable<D>, const D: usize> SimpleGenerator<F, D> for DivRemGenerator<F, D> {
    fn id(&self) -> String {
        "zkclear::DivRemGenerator".to_string()
    }

    fn dependencies(&self) -> Vec<Target> {
        vec![self.x, self.d]
    }

    fn run_once(
        &self,
        witness: &PartitionWitness<F>,
        out_buffer: &mut GeneratedValues<F>,
    ) -> AnyResult<()> {
        let x_f = witness.get_target(self.x);
        let x = if self.signed {
            signed_from_field(x_f)
        } else {
            x_f.to_canonical_u64() as i128
        };
        let d = witness.get_target(self.d).to_canonical_u64() as i128;
        let (q, r) = if d == 0 {
            (0, 0)
        } else if self.ceil {
            let q = -((-x).div_euclid(d));
            (q, q * d - x)
        } else {
            (x.div_euclid(d), x.rem_euclid(d))
        };
        out_buffer.set_target(self.q, field_from_signed(q))?;
        out_buffer.set_target(self.r, field_from_signed(r))
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_target(self.x)?;
        dst.write_target(self.d)?;
        dst.write_target(self.q)?;
        dst.write_target(self.r)?;
        dst.write_bool(self.signed)?;
        dst.write_bool(self.ceil)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(Self {
            x: src.read_target()?,
            d: src.read_target()?,
            q: src.read_target()?,
            r: src.read_target()?,
            signed: src.read_bool()?,
            ceil: src.read_bool()?,
            _phantom: PhantomData,
        })
    }
}

#[cfg(test)]
#[path = "range/test_support.rs"]
pub(crate) mod test_support;

#[cfg(test)]
#[path = "range/tests.rs"]
mod tests;

//! The vanishing argument at zeta in R1CS: plonky2's `eval_vanishing_poly` (the `L_0(ζ)(Z(ζ) - 1)`
//! terms, the permutation argument with partial products, the gate constraints, combined with
//! each alpha) and the quotient check of `verify_with_challenges`:
//! `vanishing_i(ζ) = Z_H(ζ) · Σ_j t_{i,j}(ζ) · ζ^{n j}`.
//!
//! Lookups are not supported (the final circuit has none): a shape with lookups is
//! `SynthesisError::Unsatisfiable`. All arithmetic stays lazy ([`GoldilocksVar`]); every sum is
//! kept within [`MAX_BITS`] by reducing an operand first when it would not be.

use ark_r1cs_std::GR1CSVar;
use ark_relations::gr1cs::SynthesisError;
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::extension::FieldExtension;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::plonk::circuit_data::CommonCircuitData;

use super::challenger::Challenge;
use super::extension::{GoldilocksExtVar, W};
use super::goldilocks::{GoldilocksVar, MAX_BITS};
use super::transcript::ChallengesVar;

type F = GoldilocksField;
type Ext = QuadraticExtension<F>;

/// The openings of a final proof at zeta (and of the Zs at `g·zeta`), split by polynomial.
///
/// Invariant: built by [`OpeningSetVar::from_fri_openings`], so every vector has the length the
/// circuit shape prescribes and the elements are the ones the transcript observed.
#[derive(Clone, Debug)]
pub struct OpeningSetVar {
    /// Constant columns (selectors first), `num_constants`.
    pub constants: Vec<GoldilocksExtVar>,
    /// Permutation sigmas, `num_routed_wires`.
    pub plonk_sigmas: Vec<GoldilocksExtVar>,
    /// Wires, `num_wires`.
    pub wires: Vec<GoldilocksExtVar>,
    /// Permutation Z at zeta, one per challenge.
    pub plonk_zs: Vec<GoldilocksExtVar>,
    /// Permutation Z at `g·zeta`, one per challenge.
    pub plonk_zs_next: Vec<GoldilocksExtVar>,
    /// Partial products, `num_partial_products` per challenge.
    pub partial_products: Vec<GoldilocksExtVar>,
    /// Quotient chunks, `quotient_degree_factor` per challenge.
    pub quotient_polys: Vec<GoldilocksExtVar>,
}

impl OpeningSetVar {
    /// Splits openings flattened in `OpeningSet::to_fri_openings` order (constants, sigmas,
    /// wires, zs, partial products, quotient chunks, then the Zs at `g·zeta`). A length that
    /// does not match `common`, or a shape with lookups, is `Unsatisfiable`.
    pub fn from_fri_openings(
        common: &CommonCircuitData<F, 2>,
        flat: &[GoldilocksExtVar],
    ) -> Result<Self, SynthesisError> {
        if common.num_lookup_polys != 0 {
            return Err(SynthesisError::Unsatisfiable);
        }
        let nc = common.config.num_challenges;
        let lens = [
            common.num_constants,
            common.config.num_routed_wires,
            common.config.num_wires,
            nc,
            nc * common.num_partial_products,
            nc * common.quotient_degree_factor,
            nc,
        ];
        if flat.len() != lens.iter().sum::<usize>() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut parts = Vec::with_capacity(lens.len());
        let mut start = 0;
        for len in lens {
            parts.push(flat[start..start + len].to_vec());
            start += len;
        }
        let mut parts = parts.into_iter();
        let mut next = || parts.next().ok_or(SynthesisError::Unsatisfiable);
        Ok(Self {
            constants: next()?,
            plonk_sigmas: next()?,
            wires: next()?,
            plonk_zs: next()?,
            partial_products: next()?,
            quotient_polys: next()?,
            plonk_zs_next: next()?,
        })
    }
}

/// `a + b`, reducing an operand first if the sum could exceed [`MAX_BITS`].
fn add(a: &GoldilocksVar, b: &GoldilocksVar) -> Result<GoldilocksVar, SynthesisError> {
    if a.bits.max(b.bits) < MAX_BITS {
        return Ok(a.add(b));
    }
    Ok(a.reduce()?.add(&b.reduce()?))
}

/// `a - b`, reducing an operand first if the result could exceed [`MAX_BITS`].
fn sub(a: &GoldilocksVar, b: &GoldilocksVar) -> Result<GoldilocksVar, SynthesisError> {
    if a.bits.max(b.bits + 1) < MAX_BITS {
        return Ok(a.sub(b));
    }
    Ok(a.reduce()?.sub(&b.reduce()?))
}

fn ext_add(a: &GoldilocksExtVar, b: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    Ok(GoldilocksExtVar {
        c0: add(&a.c0, &b.c0)?,
        c1: add(&a.c1, &b.c1)?,
    })
}

fn ext_sub(a: &GoldilocksExtVar, b: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    Ok(GoldilocksExtVar {
        c0: sub(&a.c0, &b.c0)?,
        c1: sub(&a.c1, &b.c1)?,
    })
}

/// `a + g` for a base-field `g`.
fn ext_add_base(
    a: &GoldilocksExtVar,
    g: &GoldilocksVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    Ok(GoldilocksExtVar {
        c0: add(&a.c0, g)?,
        c1: a.c1.clone(),
    })
}

/// Size bound of both coefficients.
fn ext_bits(x: &GoldilocksExtVar) -> u32 {
    x.c0.bits.max(x.c1.bits)
}

/// `x · k` for a constant `k` (free).
fn ext_mul_const(x: &GoldilocksExtVar, k: u64) -> GoldilocksExtVar {
    GoldilocksExtVar {
        c0: x.c0.mul_const(k),
        c1: x.c1.mul_const(k),
    }
}

/// Extension product (4 constraints plus reductions). Unlike `GoldilocksExtVar::mul`, an
/// operand is reduced at most once (both coefficient products share it), and only the larger
/// operand, until `bits(a) + bits(b) + 4 <= MAX_BITS` (`a0 b0 + 7 a1 b1` then fits).
fn mul(a: &GoldilocksExtVar, b: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let (mut a, mut b) = (a.clone(), b.clone());
    while ext_bits(&a) + ext_bits(&b) + 4 > MAX_BITS {
        if ext_bits(&a) >= ext_bits(&b) {
            a = a.reduce()?;
        } else {
            b = b.reduce()?;
        }
    }
    Ok(GoldilocksExtVar {
        c0: a.c0.mul(&b.c0)?.add(&a.c1.mul_const(W).mul(&b.c1)?),
        c1: a.c0.mul(&b.c1)?.add(&a.c1.mul(&b.c0)?),
    })
}

/// `x · s` for a base-field `s` (2 constraints plus at most one reduction of each operand).
fn scale(x: &GoldilocksExtVar, s: &GoldilocksVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let (mut x, mut s) = (x.clone(), s.clone());
    while ext_bits(&x) + s.bits > MAX_BITS {
        if ext_bits(&x) >= s.bits {
            x = x.reduce()?;
        } else {
            s = s.reduce()?;
        }
    }
    Ok(GoldilocksExtVar {
        c0: x.c0.mul(&s)?,
        c1: x.c1.mul(&s)?,
    })
}

/// Base-field product reduced below 2^64.
fn base_mul_reduced(a: &GoldilocksVar, b: &GoldilocksVar) -> Result<GoldilocksVar, SynthesisError> {
    a.reduce()?.mul(&b.reduce()?)?.reduce()
}

/// The extension element of an extension challenge.
fn ext_challenge(c: &[Challenge; 2]) -> GoldilocksExtVar {
    GoldilocksExtVar {
        c0: c[0].value.clone(),
        c1: c[1].value.clone(),
    }
}

/// The native value of `x`, if assigned.
fn native(x: &GoldilocksExtVar) -> Option<Ext> {
    let [a, b] = x.value().ok()?;
    Some(Ext::from_basefield_array([
        F::from_canonical_u64(a),
        F::from_canonical_u64(b),
    ]))
}

/// Allocates a witness for `1 / x` (zero when `x` is zero; no value in setup mode),
/// with coefficients range-checked below 2^64; the caller enforces the product.
fn inverse_witness(x: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let cs = x.c0.fp.cs().or(x.c1.fp.cs());
    let inv = native(x).map(|v| {
        let [a, b] = v.try_inverse().unwrap_or(Ext::ZERO).to_basefield_array();
        [a.to_canonical_u64(), b.to_canonical_u64()]
    });
    Ok(GoldilocksExtVar {
        c0: GoldilocksVar::new_u64_witness(cs.clone(), inv.map(|v| v[0]))?,
        c1: GoldilocksVar::new_u64_witness(cs, inv.map(|v| v[1]))?,
    })
}

/// Enforces `x · inv = 1`; unsatisfiable when `x = 0`, so `inv` is the unique inverse.
fn enforce_inverse(x: &GoldilocksExtVar, inv: &GoldilocksExtVar) -> Result<(), SynthesisError> {
    mul(x, inv)?.enforce_equal(&GoldilocksExtVar::constant(1, 0))
}

/// `zeta^(2^k)` by `k` squarings.
fn exp_power_of_2(x: &GoldilocksExtVar, k: usize) -> Result<GoldilocksExtVar, SynthesisError> {
    let mut acc = x.clone();
    for _ in 0..k {
        acc = mul(&acc, &acc)?;
    }
    Ok(acc)
}

/// `L_0(zeta) = Z_H(zeta) / (n (zeta - 1))` for `n = 2^degree_bits`, given `Z_H(zeta)`.
///
/// The denominator's inverse is a witness bound by `d · inv = 1`, so a prover cannot pick
/// `L_0` freely. plonky2 defines `L_0(1) = 1`; here `zeta = 1` (probability `1/p^2` for a
/// Fiat–Shamir zeta) is unsatisfiable instead, which rejects rather than accepts.
pub fn eval_l_0(
    degree_bits: usize,
    zeta: &GoldilocksExtVar,
    z_h: &GoldilocksExtVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    let zeta_minus_1 = ext_sub(zeta, &GoldilocksExtVar::constant(1, 0))?;
    let n = 1u64 << degree_bits;
    let den = ext_mul_const(&zeta_minus_1, n);
    let inv = inverse_witness(&den)?;
    enforce_inverse(&den, &inv)?;
    mul(z_h, &inv)
}

/// `Σ_i terms[i] · alpha^i` by Horner's rule with an extension `alpha` (plonky2's
/// `reduce_with_powers`).
pub fn reduce_with_powers(
    terms: &[GoldilocksExtVar],
    alpha: &GoldilocksExtVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    let mut acc = GoldilocksExtVar::constant(0, 0);
    for t in terms.iter().rev() {
        acc = ext_add(&mul(&acc, alpha)?, t)?;
    }
    Ok(acc)
}

/// Bits needed to count up to `n` (`ceil(log2(n + 1))`).
fn count_bits(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

/// plonky2's `reduce_with_powers_multi`: for each base-field `alpha`, `Σ_i terms[i] · alpha^i`.
///
/// Baby-step giant-step with `m ≈ √len`: the reduced powers `alpha^0..alpha^(m-1)` and
/// `alpha^(m k)`, each chunk `Σ_i t_(mk+i) alpha^i` summed lazily and scaled by `alpha^(m k)`.
/// Terms above the size where that stays within [`MAX_BITS`] are reduced once, for all alphas.
pub fn reduce_with_powers_multi(
    terms: &[GoldilocksExtVar],
    alphas: &[GoldilocksVar],
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let m = (1..).find(|m| m * m >= terms.len()).unwrap_or(1).max(1);
    let chunks = terms.len().div_ceil(m);
    let limit = MAX_BITS.saturating_sub(2 * 64 + count_bits(m) + count_bits(chunks) + 2);
    let terms = terms
        .iter()
        .map(|t| {
            if ext_bits(t) > limit {
                t.reduce()
            } else {
                Ok(t.clone())
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    alphas
        .iter()
        .map(|alpha| {
            let alpha = alpha.reduce()?;
            let mut babies = vec![GoldilocksVar::constant(1)];
            while babies.len() <= m {
                let last = babies.last().ok_or(SynthesisError::Unsatisfiable)?;
                babies.push(base_mul_reduced(last, &alpha)?);
            }
            let giant_step = babies.pop().ok_or(SynthesisError::Unsatisfiable)?;
            let mut giant = GoldilocksVar::constant(1);
            let mut acc = GoldilocksExtVar::constant(0, 0);
            for (k, chunk) in terms.chunks(m).enumerate() {
                let mut inner = GoldilocksExtVar::constant(0, 0);
                for (t, power) in chunk.iter().zip(&babies) {
                    inner = ext_add(&inner, &scale(t, power)?)?;
                }
                acc = ext_add(&acc, &scale(&inner, &giant)?)?;
                if k + 1 < chunks {
                    giant = base_mul_reduced(&giant, &giant_step)?;
                }
            }
            Ok(acc)
        })
        .collect()
}

/// The product of a non-empty slice.
fn product(xs: &[GoldilocksExtVar]) -> Result<GoldilocksExtVar, SynthesisError> {
    let (first, rest) = xs.split_first().ok_or(SynthesisError::Unsatisfiable)?;
    rest.iter().try_fold(first.clone(), |acc, x| mul(&acc, x))
}

/// The permutation-argument terms of challenge `(beta, gamma)`: plonky2's
/// `check_partial_products` over the accumulators `Z(ζ), partials…, Z(gζ)`, chunks of
/// `quotient_degree_factor` numerators `w_j + β k_j ζ + γ` and denominators `w_j + β σ_j + γ`.
fn partial_product_terms(
    common: &CommonCircuitData<F, 2>,
    openings: &OpeningSetVar,
    zeta: &GoldilocksExtVar,
    i: usize,
    beta: &GoldilocksVar,
    gamma: &GoldilocksVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let routed = common.config.num_routed_wires;
    let chunk = common.quotient_degree_factor;
    let num_prods = common.num_partial_products;
    if chunk < 2 || routed.div_ceil(chunk) != num_prods + 1 || common.k_is.len() < routed {
        return Err(SynthesisError::Unsatisfiable);
    }
    // β·ζ once, reduced, so each `β k_j ζ` is a free constant multiple.
    let beta_zeta = scale(zeta, beta)?.reduce()?;
    let mut numerators = Vec::with_capacity(routed);
    let mut denominators = Vec::with_capacity(routed);
    for j in 0..routed {
        let k = common.k_is[j].to_canonical_u64();
        let s_id = ext_mul_const(&beta_zeta, k);
        let wire = &openings.wires[j];
        numerators.push(ext_add_base(&ext_add(wire, &s_id)?, gamma)?);
        let s_sigma = scale(&openings.plonk_sigmas[j], beta)?;
        denominators.push(ext_add_base(&ext_add(wire, &s_sigma)?, gamma)?);
    }
    let partials = &openings.partial_products[i * num_prods..(i + 1) * num_prods];
    let accs: Vec<&GoldilocksExtVar> = std::iter::once(&openings.plonk_zs[i])
        .chain(partials)
        .chain(std::iter::once(&openings.plonk_zs_next[i]))
        .collect();
    numerators
        .chunks(chunk)
        .zip(denominators.chunks(chunk))
        .zip(accs.windows(2))
        .map(|((num, den), acc)| {
            let lhs = mul(acc[0], &product(num)?)?;
            let rhs = mul(acc[1], &product(den)?)?;
            ext_sub(&lhs, &rhs)
        })
        .collect()
}

/// Checks plonky2's vanishing identity at zeta: for each challenge `i`,
/// `vanishing_i(ζ) = Z_H(ζ) · reduce_with_powers(quotient chunk i, ζ^n)`, where `vanishing_i`
/// combines (with powers of `alpha_i`, in plonky2's order) the `L_0(ζ)(Z(ζ) - 1)` terms, the
/// partial-product terms and `gate_constraints` (plonky2's `evaluate_gate_constraints` at ζ,
/// `num_gate_constraints` values). Shape mismatches are `Unsatisfiable`.
pub fn check_vanishing_at_zeta(
    common: &CommonCircuitData<F, 2>,
    openings: &OpeningSetVar,
    challenges: &ChallengesVar,
    gate_constraints: &[GoldilocksExtVar],
) -> Result<(), SynthesisError> {
    let nc = common.config.num_challenges;
    let qdf = common.quotient_degree_factor;
    if common.num_lookup_polys != 0
        || gate_constraints.len() != common.num_gate_constraints
        || [&challenges.betas, &challenges.gammas, &challenges.alphas]
            .iter()
            .any(|c| c.len() != nc)
        || openings.plonk_zs.len() != nc
        || openings.plonk_zs_next.len() != nc
        || openings.partial_products.len() != nc * common.num_partial_products
        || openings.quotient_polys.len() != nc * qdf
        || openings.wires.len() < common.config.num_routed_wires
        || openings.plonk_sigmas.len() != common.config.num_routed_wires
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    let zeta = ext_challenge(&challenges.zeta);
    let zeta_pow_n = exp_power_of_2(&zeta, common.degree_bits())?.reduce()?;
    let one = GoldilocksExtVar::constant(1, 0);
    let z_h = ext_sub(&zeta_pow_n, &one)?;
    let l_0 = eval_l_0(common.degree_bits(), &zeta, &z_h)?;

    let mut z_1_terms = Vec::with_capacity(nc);
    let mut pp_terms = Vec::with_capacity(nc * (common.num_partial_products + 1));
    for i in 0..nc {
        z_1_terms.push(mul(&l_0, &ext_sub(&openings.plonk_zs[i], &one)?)?);
        pp_terms.extend(partial_product_terms(
            common,
            openings,
            &zeta,
            i,
            &challenges.betas[i].value,
            &challenges.gammas[i].value,
        )?);
    }
    let terms = [z_1_terms, pp_terms, gate_constraints.to_vec()].concat();

    let alphas: Vec<GoldilocksVar> = challenges.alphas.iter().map(|a| a.value.clone()).collect();
    let vanishings = reduce_with_powers_multi(&terms, &alphas)?;
    for (i, vanishing) in vanishings.iter().enumerate() {
        let quotient = reduce_with_powers(
            &openings.quotient_polys[i * qdf..(i + 1) * qdf],
            &zeta_pow_n,
        )?;
        vanishing.enforce_equal(&mul(&z_h, &quotient)?)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

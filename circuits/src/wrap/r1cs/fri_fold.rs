//! FRI arithmetic of one query in R1CS, mirroring plonky2's `fri_verifier_query_round` (the
//! Merkle openings are checked separately in [`super::fri_merkle`]):
//!
//! 1. the batched initial quotient `Σ_b α^{…} (R_b(x) - R_b(point_b)) / (x - point_b)` over the
//!    two opening batches (every polynomial at `ζ`, the permutation Zs also at `g·ζ`), with
//!    plonky2's order of α powers (`ReducingFactor::reduce` within a batch, `shift` between);
//! 2. per reduction step, the claimed value must be the coset entry at the index within the
//!    coset, and the coset is folded by interpolation at `β` (`compute_evaluation`);
//!    `x ← x^arity`;
//! 3. the final polynomial at `x` equals the folded value.
//!
//! Divisions are witnessed quotients `q` with `q · d ≡ n` enforced; every divisor is provably
//! non-zero (`x − ζ` because `ζ ∉ F_p` is enforced, coset shifts because `x` is a product of
//! non-zero constants).
//!
//! Folding a coset `{c·g^i}` (g of order `n = 2^arity_bits`, value `z_i` at `c·g^i`) uses the
//! inverse DFT: the interpolant is `P(X) = (1/n) Σ_m b_m (X/c)^m` with
//! `b_m = Σ_i z_i g^{-im}` (constant coefficients, so no constraints), evaluated by Horner in
//! `u = β / c`. This is the same polynomial plonky2's barycentric formula evaluates.

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::GR1CSVar;
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::extension::FieldExtension;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::plonk::circuit_data::CommonCircuitData;

use super::challenger::Challenge;
use super::extension::GoldilocksExtVar;
use super::fri_merkle::QueryOpeningsVar;
use super::goldilocks::{GoldilocksVar, MAX_BITS};

type GL = GoldilocksField;
type Ext = QuadraticExtension<GL>;

/// Oracle indices of the initial trees, as plonky2's `PlonkOracle`.
const CONSTANTS_SIGMAS: usize = 0;
const WIRES: usize = 1;
const ZS_PARTIAL_PRODUCTS: usize = 2;
const QUOTIENT: usize = 3;

/// The α-reduced openings of one proof, shared by all its queries.
///
/// Invariant: `reduced_openings[b] = Σ_k α^k · v_{b,k}` over the values of batch `b` in
/// `to_fri_openings` order, coefficients below 2^64; `alpha_powers[k] = α^k` for `k ≤` the
/// largest batch size, lazy: a product of two reduced powers (baby-step giant-step), so each
/// coefficient is below 2^132 and a product with a 64-bit row value needs no reduction.
#[derive(Clone, Debug)]
pub struct PrecomputedReducedOpeningsVar {
    /// Per opening batch (`ζ`, then `g·ζ`): the reduced opened value.
    pub reduced_openings: Vec<GoldilocksExtVar>,
    /// `α^0 ..= α^m`, `m` the largest batch size.
    pub alpha_powers: Vec<GoldilocksExtVar>,
}

/// The (oracle, polynomial) pairs of each opening batch, as plonky2's `get_fri_instance`:
/// batch 0 (at `ζ`) holds every committed polynomial, batch 1 (at `g·ζ`) the permutation Zs.
/// Lookups are not supported (the final circuit has none).
pub fn fri_batches(
    common: &CommonCircuitData<GL, 2>,
) -> Result<Vec<Vec<(usize, usize)>>, SynthesisError> {
    if common.num_lookup_polys != 0 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let cfg = &common.config;
    let range = |oracle: usize, len: usize| (0..len).map(move |p| (oracle, p));
    let zeta_batch = range(CONSTANTS_SIGMAS, common.sigmas_range().end)
        .chain(range(WIRES, cfg.num_wires))
        .chain(range(
            ZS_PARTIAL_PRODUCTS,
            cfg.num_challenges * (1 + common.num_partial_products),
        ))
        .chain(range(
            QUOTIENT,
            cfg.num_challenges * common.quotient_degree_factor,
        ))
        .collect();
    let next_batch = common
        .zs_range()
        .map(|p| (ZS_PARTIAL_PRODUCTS, p))
        .collect();
    Ok(vec![zeta_batch, next_batch])
}

/// An extension challenge from its two base challenges.
pub fn ext_from_challenges(pair: &[Challenge; 2]) -> GoldilocksExtVar {
    GoldilocksExtVar {
        c0: pair[0].value.clone(),
        c1: pair[1].value.clone(),
    }
}

/// Reduces the openings (flattened in `to_fri_openings` order) by powers of `fri_alpha`, once
/// per proof (plonky2's `PrecomputedReducedOpenings::from_os_and_alpha`).
pub fn precompute_reduced_openings(
    common: &CommonCircuitData<GL, 2>,
    fri_alpha: &GoldilocksExtVar,
    openings: &[GoldilocksExtVar],
) -> Result<PrecomputedReducedOpeningsVar, SynthesisError> {
    let batches = fri_batches(common)?;
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    if sizes.iter().sum::<usize>() != openings.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let max = sizes.iter().copied().max().unwrap_or(0);
    let alpha_powers = lazy_powers(&fri_alpha.reduce()?, max + 1)?;
    let mut reduced_openings = Vec::with_capacity(sizes.len());
    let mut start = 0;
    for size in sizes {
        let values = &openings[start..start + size];
        start += size;
        let terms = values
            .iter()
            .zip(&alpha_powers)
            .map(|(v, a)| ext_mul(a, v))
            .collect::<Result<Vec<_>, _>>()?;
        reduced_openings.push(ext_sum(&terms).reduce()?);
    }
    Ok(PrecomputedReducedOpeningsVar {
        reduced_openings,
        alpha_powers,
    })
}

/// `a^0 .. a^{count-1}` for a reduced `a`: `a^{sb + l} = a^l · a^{sb}` with `s = ⌈√count⌉`,
/// both factors reduced, so only about `2√count` reductions and every power below 2^132.
fn lazy_powers(
    a: &GoldilocksExtVar,
    count: usize,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let step = (1..=count.max(1)).find(|s| s * s >= count).unwrap_or(1);
    let mut baby = vec![GoldilocksExtVar::constant(1, 0)];
    while baby.len() < step {
        let next = match baby.len() {
            1 => a.clone(),
            _ => ext_mul(&baby[baby.len() - 1], a)?.reduce()?,
        };
        baby.push(next);
    }
    let mut powers = Vec::with_capacity(count);
    let mut giant_step = None;
    let mut giant = GoldilocksExtVar::constant(1, 0);
    for b in 0..count.div_ceil(step) {
        if b > 0 {
            let g = match &giant_step {
                Some(g) => g,
                None => giant_step.insert(ext_mul(&baby[step - 1], a)?.reduce()?),
            };
            giant = if b == 1 {
                g.clone()
            } else {
                ext_mul(&giant, g)?.reduce()?
            };
        }
        for (l, power) in baby.iter().enumerate().take(count - b * step) {
            powers.push(match (b, l) {
                (0, _) => power.clone(),
                (_, 0) => giant.clone(),
                _ => ext_mul(power, &giant)?,
            });
        }
    }
    Ok(powers)
}

/// Enforces the FRI arithmetic of one query (see the module documentation). `x` must be
/// `query_point(index_bits)` and `index_bits` the query index's `lde_bits` little-endian bits;
/// `query` holds the rows and cosets whose Merkle paths `verify_query_paths` checks;
/// `reduced` comes from [`precompute_reduced_openings`] (it carries the powers of the FRI α).
#[allow(clippy::too_many_arguments)]
pub fn verify_query_folding(
    common: &CommonCircuitData<GL, 2>,
    zeta: &GoldilocksExtVar,
    fri_betas: &[GoldilocksExtVar],
    reduced: &PrecomputedReducedOpeningsVar,
    index_bits: &[Boolean<Fr>],
    x: &GoldilocksVar,
    query: &QueryOpeningsVar,
    final_poly: &[GoldilocksExtVar],
) -> Result<(), SynthesisError> {
    let params = &common.fri_params;
    let arity_bits = &params.reduction_arity_bits;
    if fri_betas.len() != arity_bits.len()
        || query.steps.len() != arity_bits.len()
        || final_poly.len() != params.final_poly_len()
        || index_bits.len() < arity_bits.iter().sum::<usize>()
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut eval = combine_initial(common, zeta, reduced, x, query)?;
    let mut x = x.clone();
    let mut shift = 0;
    for ((&bits, beta), (evals, _)) in arity_bits.iter().zip(fri_betas).zip(&query.steps) {
        let within = &index_bits[shift..shift + bits];
        if evals.len() != 1 << bits {
            return Err(SynthesisError::Unsatisfiable);
        }
        select_ext(evals, within)?.enforce_equal(&eval)?;
        x = x.reduce()?;
        eval = fold_coset(&x, within, evals, beta)?;
        for _ in 0..bits {
            let r = x.reduce()?;
            x = r.mul(&r)?;
        }
        shift += bits;
    }
    eval_at_base(final_poly, &x)?.enforce_equal(&eval)
}

/// plonky2's `fri_combine_initial`: `Σ_b α^{n_{b+1} + …} (R_b(x) − reduced_b) / (x − point_b)`
/// with `R_b(x) = Σ_k α^k e_{b,k}` over the opened rows.
fn combine_initial(
    common: &CommonCircuitData<GL, 2>,
    zeta: &GoldilocksExtVar,
    reduced: &PrecomputedReducedOpeningsVar,
    x: &GoldilocksVar,
    query: &QueryOpeningsVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    let batches = fri_batches(common)?;
    if reduced.reduced_openings.len() != batches.len() || query.initial.len() != 4 {
        return Err(SynthesisError::Unsatisfiable);
    }
    // x − ζ ≠ 0 and x − g·ζ ≠ 0 for every base-field x iff ζ's X coefficient is non-zero.
    enforce_nonzero(&zeta.c1)?;
    let g = GL::primitive_root_of_unity(common.degree_bits()).to_canonical_u64();
    let points = [
        zeta.clone(),
        GoldilocksExtVar {
            c0: zeta.c0.mul_const(g),
            c1: zeta.c1.mul_const(g),
        },
    ];
    let mut sum: Option<GoldilocksExtVar> = None;
    for ((batch, opened), point) in batches.iter().zip(&reduced.reduced_openings).zip(&points) {
        if batch.len() >= reduced.alpha_powers.len() {
            return Err(SynthesisError::Unsatisfiable);
        }
        let mut c0 = Vec::with_capacity(batch.len());
        let mut c1 = Vec::with_capacity(batch.len());
        for (&(oracle, poly), a) in batch.iter().zip(&reduced.alpha_powers) {
            let e = query.initial[oracle]
                .0
                .get(poly)
                .ok_or(SynthesisError::Unsatisfiable)?;
            c0.push(a.c0.mul(e)?);
            c1.push(a.c1.mul(e)?);
        }
        let numerator = GoldilocksExtVar {
            c0: lazy_sum(&c0),
            c1: lazy_sum(&c1),
        }
        .sub(opened);
        let denominator = GoldilocksExtVar::from_base(x).sub(point);
        let quotient = divide(&numerator, &denominator)?;
        sum = Some(match sum {
            None => quotient,
            Some(s) => ext_mul(&s, &reduced.alpha_powers[batch.len()])?.add(&quotient),
        });
    }
    sum.ok_or(SynthesisError::Unsatisfiable)
}

/// plonky2's `compute_evaluation`: the polynomial through the coset values of `evals` (entry
/// `k` at `x · g^{rev(k) − rev(j)}`, `j` the index within the coset) evaluated at `beta`.
fn fold_coset(
    x: &GoldilocksVar,
    within: &[Boolean<Fr>],
    evals: &[GoldilocksExtVar],
    beta: &GoldilocksExtVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    let bits = within.len();
    let n = evals.len();
    let g = GL::primitive_root_of_unity(bits);
    // c = x · g^{−rev(j)}: the coset start, a product of non-zero constants.
    let shifts: Vec<GoldilocksVar> = (0..n)
        .map(|j| {
            let e = (n - reverse_bits(j, bits)) % n;
            GoldilocksVar::constant(g.exp_u64(e as u64).to_canonical_u64())
        })
        .collect();
    let c = x.mul(&select(&shifts, within)?)?.reduce()?;

    let u = divide(beta, &GoldilocksExtVar::from_base(&c))?;

    // b'_m = Σ_i z_i · g^{−im} / n with z_i = evals[rev(i)].
    let n_inv = GL::from_canonical_u64(n as u64).inverse();
    let coeffs: Vec<GoldilocksExtVar> = (0..n)
        .map(|m| {
            let (c0, c1): (Vec<_>, Vec<_>) = (0..n)
                .map(|i| {
                    let w = (g.exp_u64(((n - (i * m) % n) % n) as u64) * n_inv).to_canonical_u64();
                    let z = &evals[reverse_bits(i, bits)];
                    (z.c0.mul_const(w), z.c1.mul_const(w))
                })
                .unzip();
            GoldilocksExtVar {
                c0: lazy_sum(&c0),
                c1: lazy_sum(&c1),
            }
        })
        .collect();
    let mut acc = coeffs[n - 1].clone();
    for b in coeffs[..n - 1].iter().rev() {
        acc = ext_mul(&acc, &u)?.add(b);
    }
    Ok(acc)
}

/// `Σ_k p_k x^k` for extension coefficients and a base-field point, baby-step giant-step:
/// `Σ_b x^{sb} Σ_{l<s} p_{sb+l} x^l` with `s = ⌈√len⌉`, so only about `2√len` powers of `x` are
/// reduced (each term stays below `2^{194}` before the final sum).
fn eval_at_base(
    poly: &[GoldilocksExtVar],
    x: &GoldilocksVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    let x = x.reduce()?;
    let step = (1..=poly.len().max(1))
        .find(|s| s * s >= poly.len())
        .unwrap_or(1);
    let mut baby = vec![GoldilocksVar::constant(1)];
    while baby.len() < step.min(poly.len()) {
        let next = match baby.len() {
            1 => x.clone(),
            _ => baby[baby.len() - 1].mul(&x)?.reduce()?,
        };
        baby.push(next);
    }
    let mut giant_step = None;
    let mut giant = GoldilocksVar::constant(1);
    let mut c0 = Vec::new();
    let mut c1 = Vec::new();
    for (b, chunk) in poly.chunks(step).enumerate() {
        if b > 0 {
            let g = match &giant_step {
                Some(g) => g,
                None => giant_step.insert(baby[step - 1].mul(&x)?.reduce()?),
            };
            giant = if b == 1 {
                g.clone()
            } else {
                giant.mul(g)?.reduce()?
            };
        }
        let (mut q0, mut q1) = (Vec::new(), Vec::new());
        for (p, power) in chunk.iter().zip(&baby) {
            let p = p.reduce()?;
            q0.push(p.c0.mul(power)?);
            q1.push(p.c1.mul(power)?);
        }
        c0.push(lazy_sum(&q0).mul(&giant)?);
        c1.push(lazy_sum(&q1).mul(&giant)?);
    }
    Ok(GoldilocksExtVar {
        c0: lazy_sum(&c0),
        c1: lazy_sum(&c1),
    })
}

/// `n / d` as a witness `q` (coefficients below 2^64) bound by `q · d ≡ n`. The caller must
/// know `d ≢ 0`: otherwise `q` is free (a zero `d` is witnessed as quotient zero).
fn divide(n: &GoldilocksExtVar, d: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let value = (|| -> Result<[u64; 2], SynthesisError> {
        let d = to_ext(&d.value()?);
        let n = to_ext(&n.value()?);
        Ok(from_ext(d.try_inverse().map_or(Ext::ZERO, |inv| n * inv)))
    })()
    .ok();
    let cs = [&n.c0, &n.c1, &d.c0, &d.c1]
        .iter()
        .fold(ConstraintSystemRef::None, |cs, v| cs.or(v.fp.cs()));
    let q = new_ext_witness(&cs, value)?;
    enforce_quotient(&q, d, n)?;
    Ok(q)
}

/// Enforces `q · d ≡ n` in the extension.
fn enforce_quotient(
    q: &GoldilocksExtVar,
    d: &GoldilocksExtVar,
    n: &GoldilocksExtVar,
) -> Result<(), SynthesisError> {
    ext_mul(q, d)?.enforce_equal(n)
}

/// Enforces `v ≢ 0 (mod p)` by witnessing its inverse.
fn enforce_nonzero(v: &GoldilocksVar) -> Result<(), SynthesisError> {
    let inv = v
        .value()
        .ok()
        .map(|v| GL::from_canonical_u64(v).try_inverse().unwrap_or(GL::ZERO))
        .map(|v| v.to_canonical_u64());
    let inv = match v.fp.cs() {
        ConstraintSystemRef::None => GoldilocksVar::constant(inv.unwrap_or(0)),
        cs => GoldilocksVar::new_u64_witness(cs, inv)?,
    };
    v.mul(&inv)?.enforce_equal(&GoldilocksVar::constant(1))
}

/// A witness with coefficients below 2^64, or a constant when every input was constant.
fn new_ext_witness(
    cs: &ConstraintSystemRef<Fr>,
    v: Option<[u64; 2]>,
) -> Result<GoldilocksExtVar, SynthesisError> {
    if let ConstraintSystemRef::None = cs {
        let [c0, c1] = v.ok_or(SynthesisError::AssignmentMissing)?;
        return Ok(GoldilocksExtVar::constant(c0, c1));
    }
    Ok(GoldilocksExtVar {
        c0: GoldilocksVar::new_u64_witness(cs.clone(), v.map(|v| v[0]))?,
        c1: GoldilocksVar::new_u64_witness(cs.clone(), v.map(|v| v[1]))?,
    })
}

/// `b ? t : f` on emulated elements: one constraint unless both sides are constants.
fn cond_select(b: &Boolean<Fr>, t: &GoldilocksVar, f: &GoldilocksVar) -> GoldilocksVar {
    GoldilocksVar {
        fp: &f.fp + FpVar::from(b.clone()) * (&t.fp - &f.fp),
        bits: t.bits.max(f.bits),
    }
}

/// `items[j]` with `j` given by its little-endian bits (`items.len() == 2^bits.len()`).
fn select(items: &[GoldilocksVar], bits: &[Boolean<Fr>]) -> Result<GoldilocksVar, SynthesisError> {
    let mut layer = items.to_vec();
    for b in bits {
        layer = layer
            .chunks(2)
            .map(|p| match p {
                [f, t] => Ok(cond_select(b, t, f)),
                _ => Err(SynthesisError::Unsatisfiable),
            })
            .collect::<Result<_, _>>()?;
    }
    match layer.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(SynthesisError::Unsatisfiable),
    }
}

fn select_ext(
    items: &[GoldilocksExtVar],
    bits: &[Boolean<Fr>],
) -> Result<GoldilocksExtVar, SynthesisError> {
    let c0: Vec<_> = items.iter().map(|e| e.c0.clone()).collect();
    let c1: Vec<_> = items.iter().map(|e| e.c1.clone()).collect();
    Ok(GoldilocksExtVar {
        c0: select(&c0, bits)?,
        c1: select(&c1, bits)?,
    })
}

/// Sum without intermediate reductions: `n` terms below `2^b` sum below `2^{b + ⌈log2 n⌉}`.
fn lazy_sum(terms: &[GoldilocksVar]) -> GoldilocksVar {
    let Some(max) = terms.iter().map(|t| t.bits).max() else {
        return GoldilocksVar::zero();
    };
    let growth = usize::BITS - (terms.len() - 1).leading_zeros();
    GoldilocksVar {
        fp: terms.iter().map(|t| t.fp.clone()).sum(),
        bits: max + growth,
    }
}

fn ext_sum(terms: &[GoldilocksExtVar]) -> GoldilocksExtVar {
    let c0: Vec<_> = terms.iter().map(|e| e.c0.clone()).collect();
    let c1: Vec<_> = terms.iter().map(|e| e.c1.clone()).collect();
    GoldilocksExtVar {
        c0: lazy_sum(&c0),
        c1: lazy_sum(&c1),
    }
}

fn max_bits(e: &GoldilocksExtVar) -> u32 {
    e.c0.bits.max(e.c1.bits)
}

/// Extension product that reduces the wider operand first when the lazy result
/// (`bits(a) + bits(b) + 4`) would exceed [`MAX_BITS`].
fn ext_mul(a: &GoldilocksExtVar, b: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let (mut a, mut b) = (a.clone(), b.clone());
    while max_bits(&a) + max_bits(&b) + 4 > MAX_BITS {
        if max_bits(&a) >= max_bits(&b) {
            a = a.reduce()?;
        } else {
            b = b.reduce()?;
        }
    }
    a.mul(&b)
}

fn reverse_bits(x: usize, bits: usize) -> usize {
    (0..bits).fold(0, |acc, k| acc | (((x >> k) & 1) << (bits - 1 - k)))
}

fn to_ext(v: &[u64; 2]) -> Ext {
    Ext::from_basefield_array([GL::from_canonical_u64(v[0]), GL::from_canonical_u64(v[1])])
}

fn from_ext(e: Ext) -> [u64; 2] {
    let [a, b] = e.to_basefield_array();
    [a.to_canonical_u64(), b.to_canonical_u64()]
}

#[cfg(test)]
mod tests;

//! The final circuit's gate constraints evaluated at `zeta` in R1CS, mirroring plonky2's
//! `evaluate_gate_constraints`: each gate's unfiltered constraints (one file per gate, same order
//! of terms as the plonky2 gate's `eval_unfiltered`), multiplied by its selector filter and summed
//! into `num_gate_constraints` slots.
//!
//! Invariant: for the same opened values, every output equals plonky2's native
//! `evaluate_gate_constraints` (tested per gate against `Gate::eval_unfiltered`). A gate type this
//! module does not know is `SynthesisError::Unsatisfiable`, never skipped.
//!
//! Cost: the filters use the reduced powers of each selector value (shared by its group) and
//! one reduction per gate; a product `filter · c` needs no reduction while `c` stays below about
//! 182 bits (a wider gate output is reduced once there); each slot is reduced once at the end
//! (about 2 × 215 constraints when a Poseidon gate is present). Measured by the tests below: a
//! Constant + PublicInput + Poseidon circuit costs 143,003 constraints (PoseidonGate alone
//! 90,327), the eight-gate `mixed_circuit` 175,052.

use std::ops::Range;

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::gates::arithmetic_base::ArithmeticGate;
use plonky2::gates::arithmetic_extension::ArithmeticExtensionGate;
use plonky2::gates::base_sum::BaseSumGate;
use plonky2::gates::constant::ConstantGate;
use plonky2::gates::coset_interpolation::CosetInterpolationGate;
use plonky2::gates::gate::GateRef;
use plonky2::gates::multiplication_extension::MulExtensionGate;
use plonky2::gates::noop::NoopGate;
use plonky2::gates::poseidon::PoseidonGate;
use plonky2::gates::poseidon_mds::PoseidonMdsGate;
use plonky2::gates::public_input::PublicInputGate;
use plonky2::gates::random_access::RandomAccessGate;
use plonky2::gates::reducing::ReducingGate;
use plonky2::gates::reducing_extension::ReducingExtensionGate;
use plonky2::plonk::circuit_data::CommonCircuitData;

use super::extension::{GoldilocksExtVar, W};
use super::goldilocks::{GoldilocksVar, MAX_BITS};

pub mod arithmetic;
pub mod arithmetic_extension;
pub mod base_sum;
pub mod constant;
pub mod coset_interpolation;
pub mod multiplication_extension;
pub mod noop;
pub mod poseidon;
pub mod poseidon_mds;
pub mod public_input;
pub mod random_access;
pub mod reducing;
pub mod reducing_extension;
#[cfg(test)]
pub(crate) mod testing;

type F = GoldilocksField;
const D: usize = 2;

/// The opened values at `zeta` a gate sees, as circuit variables (plonky2's `EvaluationVars`).
#[derive(Clone, Debug)]
pub struct EvaluationVarsVar {
    /// Constant columns at zeta (selectors first, as in the openings).
    pub local_constants: Vec<GoldilocksExtVar>,
    /// Wire columns at zeta.
    pub local_wires: Vec<GoldilocksExtVar>,
    /// The Goldilocks-Poseidon hash of the public inputs.
    pub public_inputs_hash: [GoldilocksVar; 4],
}

/// One gate's unfiltered constraints, by gate type.
pub fn eval_unfiltered(
    gate: &GateRef<F, D>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let any = gate.0.as_any();
    if let Some(g) = any.downcast_ref::<NoopGate>() {
        return noop::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ConstantGate>() {
        return constant::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PublicInputGate>() {
        return public_input::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ArithmeticGate>() {
        return arithmetic::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ArithmeticExtensionGate<D>>() {
        return arithmetic_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<MulExtensionGate<D>>() {
        return multiplication_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<BaseSumGate<2>>() {
        return base_sum::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<RandomAccessGate<F, D>>() {
        return random_access::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ReducingGate<D>>() {
        return reducing::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<ReducingExtensionGate<D>>() {
        return reducing_extension::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<CosetInterpolationGate<F, D>>() {
        return coset_interpolation::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PoseidonGate<F, D>>() {
        return poseidon::eval_unfiltered(g, vars);
    }
    if let Some(g) = any.downcast_ref::<PoseidonMdsGate<F, D>>() {
        return poseidon_mds::eval_unfiltered(g, vars);
    }
    Err(SynthesisError::Unsatisfiable)
}

/// plonky2's `UNUSED_SELECTOR` (crate-private there): the selector value of rows whose gate uses
/// no selector polynomial.
const UNUSED_SELECTOR: u64 = u32::MAX as u64;

/// plonky2's `SelectorsInfo`, whose fields are crate-private: read through its `Serialize` form.
struct SelectorLayout {
    /// For each gate of `common.gates`, the index of its selector polynomial.
    indices: Vec<usize>,
    /// For each selector polynomial, the range of gate indices it selects between.
    groups: Vec<Range<usize>>,
}

impl SelectorLayout {
    /// Reads the layout; a shape that does not decode or does not cover every gate is refused.
    fn of(common: &CommonCircuitData<F, D>) -> Result<Self, SynthesisError> {
        let info = serde_json::to_value(&common.selectors_info)
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        let indices: Vec<usize> = serde_json::from_value(info["selector_indices"].clone())
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        let groups: Vec<Range<usize>> = serde_json::from_value(info["groups"].clone())
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        let covers = indices.len() == common.gates.len()
            && indices
                .iter()
                .enumerate()
                .all(|(row, &sel)| groups.get(sel).is_some_and(|g| g.contains(&row)));
        if !covers || groups.len() != common.selectors_info.num_selectors() {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(Self { indices, groups })
    }
}

/// `s^0, …, s^n`, each reduced (coefficients < 2^64): the powers of one selector value, shared
/// by every gate of its group.
fn selector_powers(
    s: &GoldilocksExtVar,
    n: usize,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let mut powers = vec![GoldilocksExtVar::constant(1, 0)];
    if n >= 1 {
        powers.push(s.reduce()?);
    }
    for k in 2..=n {
        let p = if k % 2 == 0 {
            ext_square(&powers[k / 2])?
        } else {
            ext_mul(&powers[k - 1], &powers[1])?
        };
        powers.push(p.reduce()?);
    }
    Ok(powers)
}

/// The integer roots of plonky2's `compute_filter` polynomial: `j ∈ group, j ≠ row`, and
/// `UNUSED_SELECTOR` when the circuit has several selector polynomials.
fn filter_roots(row: usize, group: Range<usize>, many_selectors: bool) -> Vec<u64> {
    group
        .filter(|&j| j != row)
        .map(|j| j as u64)
        .chain(many_selectors.then_some(UNUSED_SELECTOR))
        .collect()
}

/// plonky2's `compute_filter`, `Π_{roots} (j - s)`, evaluated as `Σ_k a_k s^k` from the shared
/// `powers` of `s` with the coefficients `a_k` expanded natively (one reduction per gate instead
/// of a chain of extension products); returned reduced (coefficients < 2^64).
fn compute_filter(
    roots: &[u64],
    powers: &[GoldilocksExtVar],
) -> Result<GoldilocksExtVar, SynthesisError> {
    use plonky2::field::types::{Field, PrimeField64};
    // coeffs of Π (j - X), lowest degree first.
    let mut coeffs = vec![F::ONE];
    for &j in roots {
        let j = F::from_noncanonical_u64(j);
        let mut next = vec![F::ZERO; coeffs.len() + 1];
        for (k, c) in coeffs.iter().enumerate() {
            next[k] += j * *c;
            next[k + 1] -= *c;
        }
        coeffs = next;
    }
    if powers.len() < coeffs.len() {
        return Err(SynthesisError::Unsatisfiable);
    }
    let terms: Vec<_> = coeffs
        .iter()
        .zip(powers)
        .filter(|(c, _)| !c.is_zero())
        .map(|(c, p)| ext_mul_const(p, c.to_canonical_u64()))
        .collect();
    ext_lazy_sum(&terms).reduce()
}

/// plonky2's `evaluate_gate_constraints` at zeta: for each gate of `common.gates`, its
/// unfiltered constraints (on the constants after the selector columns) times its selector
/// filter, summed into `common.num_gate_constraints` slots.
///
/// Invariant: output `k` represents the same value as plonky2's native output `k` for the same
/// opened values, and is reduced (coefficients < 2^64). Circuits with lookups, unknown gates or
/// a selector layout that does not match the gates are `SynthesisError::Unsatisfiable`.
pub fn evaluate_gate_constraints(
    common: &CommonCircuitData<F, D>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let gates = filtered_gates(common, vars)?;
    let mut slots: Vec<Vec<GoldilocksExtVar>> = vec![Vec::new(); common.num_gate_constraints];
    for (filter, constraints) in &gates {
        for (slot, c) in slots.iter_mut().zip(constraints) {
            slot.push(ext_mul(filter, c)?);
        }
    }
    slots.iter().map(|terms| reduced_sum(terms)).collect()
}

/// For each base-field `alpha`, `Σ_k alpha^k · g_k` over the outputs `g` of
/// [`evaluate_gate_constraints`] (the gate-constraint part of plonky2's
/// `reduce_with_powers_multi` in the vanishing polynomial, before its shift by the number of
/// earlier terms), computed as `Σ_gate filter · (Σ_k alpha^k c_k)`: one reduction per gate and
/// challenge instead of one per slot.
///
/// Invariant: output `i` represents `Σ_k alphas[i]^k · g_k` for plonky2's native `g`, reduced
/// (coefficients < 2^64); shapes as for [`evaluate_gate_constraints`].
pub fn reduce_gate_constraints_with_powers(
    common: &CommonCircuitData<F, D>,
    vars: &EvaluationVarsVar,
    alphas: &[GoldilocksVar],
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let gates = filtered_gates(common, vars)?;
    alphas
        .iter()
        .map(|alpha| {
            let alpha = alpha.reduce()?;
            let mut powers = vec![GoldilocksVar::constant(1)];
            for k in 1..common.num_gate_constraints {
                let next = if k == 1 {
                    alpha.clone()
                } else {
                    powers[k - 1].mul(&alpha)?.reduce()?
                };
                powers.push(next);
            }
            let mut terms = Vec::with_capacity(gates.len());
            for (filter, constraints) in &gates {
                let inner = constraints
                    .iter()
                    .zip(&powers)
                    .map(|(c, p)| c.scale(p))
                    .collect::<Result<Vec<_>, _>>()?;
                terms.push(ext_mul(filter, &reduced_sum(&inner)?)?);
            }
            reduced_sum(&terms)
        })
        .collect()
}

/// Every gate's selector filter (reduced) and unfiltered constraints, in `common.gates` order.
fn filtered_gates(
    common: &CommonCircuitData<F, D>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<(GoldilocksExtVar, Vec<GoldilocksExtVar>)>, SynthesisError> {
    if common.num_lookup_selectors != 0 || common.num_lookup_polys != 0 {
        return Err(SynthesisError::Unsatisfiable);
    }
    let layout = SelectorLayout::of(common)?;
    let num_selectors = layout.groups.len();
    if vars.local_constants.len() != common.num_constants
        || vars.local_wires.len() != common.config.num_wires
        || common.num_constants < num_selectors
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    let gate_vars = EvaluationVarsVar {
        local_constants: vars.local_constants[num_selectors..].to_vec(),
        local_wires: vars.local_wires.clone(),
        public_inputs_hash: vars.public_inputs_hash.clone(),
    };
    let mut powers: Vec<Vec<GoldilocksExtVar>> = vec![Vec::new(); num_selectors];
    let mut out = Vec::with_capacity(common.gates.len());
    for (row, gate) in common.gates.iter().enumerate() {
        let sel = layout.indices[row];
        let roots = filter_roots(row, layout.groups[sel].clone(), num_selectors > 1);
        if powers[sel].len() <= roots.len() {
            powers[sel] = selector_powers(&vars.local_constants[sel], roots.len())?;
        }
        let filter = compute_filter(&roots, &powers[sel])?;
        let constraints = eval_unfiltered(gate, &gate_vars)?;
        if constraints.len() > common.num_gate_constraints
            || constraints.iter().any(|c| ext_bits(c) > MAX_BITS)
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        out.push((filter, constraints));
    }
    Ok(out)
}

/// The sum of `terms`, reduced: lazily when the bound allows it, otherwise from reduced terms.
fn reduced_sum(terms: &[GoldilocksExtVar]) -> Result<GoldilocksExtVar, SynthesisError> {
    let c0: Vec<_> = terms.iter().map(|t| t.c0.clone()).collect();
    let c1: Vec<_> = terms.iter().map(|t| t.c1.clone()).collect();
    if bound_bits(&c0).max(bound_bits(&c1)) <= MAX_BITS {
        return ext_lazy_sum(terms).reduce();
    }
    let reduced = terms
        .iter()
        .map(GoldilocksExtVar::reduce)
        .collect::<Result<Vec<_>, _>>()?;
    ext_lazy_sum(&reduced).reduce()
}

/// The larger coefficient size of an extension element.
pub(crate) fn ext_bits(a: &GoldilocksExtVar) -> u32 {
    a.c0.bits.max(a.c1.bits)
}

/// `a * b` (4 products), reducing the wider operand first (at most once each) when the
/// product's coefficients (`a0 b0 + 7 a1 b1`, `a0 b1 + a1 b0`) could pass [`MAX_BITS`]; unlike
/// [`GoldilocksExtVar::mul`], never reduces the same operand twice.
pub(crate) fn ext_mul(
    a: &GoldilocksExtVar,
    b: &GoldilocksExtVar,
) -> Result<GoldilocksExtVar, SynthesisError> {
    // 3 bits for the factor W = 7, 1 bit for the sum of two products.
    const SLACK: u32 = 4;
    let (mut a, mut b) = (a.clone(), b.clone());
    while ext_bits(&a) + ext_bits(&b) + SLACK > MAX_BITS {
        if ext_bits(&a) >= ext_bits(&b) && ext_bits(&a) > 64 {
            a = a.reduce()?;
        } else if ext_bits(&b) > 64 {
            b = b.reduce()?;
        } else {
            return Err(SynthesisError::Unsatisfiable);
        }
    }
    Ok(GoldilocksExtVar {
        c0: lazy_sum(&[a.c0.mul(&b.c0)?, a.c1.mul(&b.c1)?.mul_const(W)]),
        c1: lazy_sum(&[a.c0.mul(&b.c1)?, a.c1.mul(&b.c0)?]),
    })
}

/// `a^2` (3 products: `a0^2 + 7 a1^2`, `2 a0 a1`), reducing `a` first if needed.
pub(crate) fn ext_square(a: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let a = if 2 * ext_bits(a) + 4 > MAX_BITS {
        a.reduce()?
    } else {
        a.clone()
    };
    let c0 = lazy_sum(&[a.c0.mul(&a.c0)?, a.c1.mul(&a.c1)?.mul_const(W)]);
    let c1 = a.c0.mul(&a.c1)?.mul_const(2);
    Ok(GoldilocksExtVar { c0, c1 })
}

/// `a * c` for a Goldilocks constant `c` (no constraints).
pub(crate) fn ext_mul_const(a: &GoldilocksExtVar, c: u64) -> GoldilocksExtVar {
    GoldilocksExtVar {
        c0: a.c0.mul_const(c),
        c1: a.c1.mul_const(c),
    }
}

/// The sum of lazy values with a tight size bound (`log2` of the sum of the bounds, rather than
/// one bit per addition). The caller keeps the result below [`MAX_BITS`]: the bound depends only
/// on the circuit shape, never on the witness, so the gate tests catch a violation (debug
/// assertion), and [`evaluate_gate_constraints`] refuses a gate output past it.
pub(crate) fn lazy_sum(terms: &[GoldilocksVar]) -> GoldilocksVar {
    if terms.is_empty() {
        return GoldilocksVar::zero();
    }
    let bits = bound_bits(terms);
    debug_assert!(bits <= MAX_BITS, "lazy sum of {bits} bits");
    let mut fp = terms[0].fp.clone();
    for t in &terms[1..] {
        fp += &t.fp;
    }
    GoldilocksVar { fp, bits }
}

/// The size bound of the sum of `terms`: `log2 Σ 2^bits_i`, rounded up (0 for no terms).
fn bound_bits(terms: &[GoldilocksVar]) -> u32 {
    let Some(top) = terms.iter().map(|t| t.bits).max() else {
        return 0;
    };
    // Σ 2^bits_i in units of 2^(top - 32), rounding each term up to at least one unit.
    let base = top.saturating_sub(32);
    let units: u128 = terms
        .iter()
        .map(|t| 1u128 << t.bits.saturating_sub(base))
        .sum();
    base + (128 - (units - 1).leading_zeros())
}

/// [`lazy_sum`] coefficient-wise.
pub(crate) fn ext_lazy_sum(terms: &[GoldilocksExtVar]) -> GoldilocksExtVar {
    let c0: Vec<_> = terms.iter().map(|t| t.c0.clone()).collect();
    let c1: Vec<_> = terms.iter().map(|t| t.c1.clone()).collect();
    GoldilocksExtVar {
        c0: lazy_sum(&c0),
        c1: lazy_sum(&c1),
    }
}

#[cfg(test)]
mod tests {
    use anyhow::ensure;
    use ark_bn254::Fr;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use plonky2::field::types::Field;
    use plonky2::hash::poseidon::PoseidonHash;
    use plonky2::plonk::circuit_builder::CircuitBuilder;
    use plonky2::plonk::config::PoseidonGoldilocksConfig;
    use plonky2::plonk::vars::EvaluationVars;

    use super::testing::{enforce_outputs, ext_coeffs, Opening, Tamper, E};
    use super::*;
    use crate::recursion::security::WrapSecurity;
    use crate::recursion::shrink::ShrinkCircuit;

    /// plonky2's `evaluate_gate_constraints` (crate-private there), through the public
    /// `Gate::eval_filtered`.
    fn native(common: &CommonCircuitData<F, D>, o: &Opening) -> anyhow::Result<Vec<E>> {
        let layout = SelectorLayout::of(common)?;
        let vars = EvaluationVars {
            local_constants: &o.constants,
            local_wires: &o.wires,
            public_inputs_hash: &o.public_inputs_hash,
        };
        let mut out = vec![E::ZERO; common.num_gate_constraints];
        for (row, gate) in common.gates.iter().enumerate() {
            let sel = layout.indices[row];
            let values = gate.0.eval_filtered(
                vars,
                row,
                sel,
                layout.groups[sel].clone(),
                layout.groups.len(),
                common.num_lookup_selectors,
            );
            for (k, c) in values.into_iter().enumerate() {
                out[k] += c;
            }
        }
        Ok(out)
    }

    fn opening(common: &CommonCircuitData<F, D>, seed: u64) -> Opening {
        Opening::random(common.num_constants, common.config.num_wires, seed)
    }

    /// Checks the R1CS evaluation against the native one on random openings; returns its cost.
    fn assert_matches_native(common: &CommonCircuitData<F, D>, seed: u64) -> anyhow::Result<usize> {
        let o = opening(common, seed);
        let expected = native(common, &o)?;
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = o.allocate(cs.clone())?;
        let before = cs.num_constraints();
        let out = evaluate_gate_constraints(common, &vars)?;
        let cost = cs.num_constraints() - before;
        ensure!(out.len() == expected.len(), "{} outputs", out.len());
        for (k, (v, e)) in out.iter().zip(&expected).enumerate() {
            ensure!(v.c0.bits <= 64 && v.c1.bits <= 64, "output {k} not reduced");
            ensure!(
                v.value()? == ext_coeffs(*e),
                "output {k} differs from native"
            );
        }
        enforce_outputs(&out, &expected)?;
        ensure!(
            cs.is_satisfied()?,
            "unsatisfied: {:?}",
            cs.which_is_unsatisfied()?
        );
        Ok(cost)
    }

    /// Tampers one opened value, enforces the outputs to equal the honest native values and
    /// asserts the system is unsatisfied.
    fn assert_tamper_rejected(
        common: &CommonCircuitData<F, D>,
        seed: u64,
        tamper: Tamper,
    ) -> anyhow::Result<()> {
        let honest = opening(common, seed);
        let expected = native(common, &honest)?;
        let bad = honest.tampered(tamper);
        ensure!(
            native(common, &bad)? != expected,
            "{tamper:?} changes nothing"
        );
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = bad.allocate(cs.clone())?;
        enforce_outputs(&evaluate_gate_constraints(common, &vars)?, &expected)?;
        ensure!(!cs.is_satisfied()?, "{tamper:?} accepted");
        Ok(())
    }

    /// A circuit whose gates are a Poseidon permutation and the public-input plumbing.
    fn poseidon_circuit() -> CommonCircuitData<F, D> {
        let mut b = CircuitBuilder::<F, D>::new(WrapSecurity::InsecureTest.circuit_config());
        let inputs = b.add_virtual_targets(8);
        let h = b.hash_n_to_hash_no_pad::<PoseidonHash>(inputs);
        b.register_public_inputs(&h.elements);
        b.build::<PoseidonGoldilocksConfig>().common
    }

    /// A circuit mixing the simpler gates with Poseidon, so that the gates fall into several
    /// selector groups (the `UNUSED_SELECTOR` factor of the filter is exercised).
    fn mixed_circuit() -> CommonCircuitData<F, D> {
        let mut b = CircuitBuilder::<F, D>::new(WrapSecurity::InsecureTest.circuit_config());
        let x = b.add_virtual_targets(8);
        let h = b.hash_n_to_hash_no_pad::<PoseidonHash>(x.clone());
        let y = b.mul_add(h.elements[0], x[1], x[2]);
        b.split_le(y, 64);
        let e = b.add_virtual_extension_target();
        let e2 = b.mul_extension(e, e);
        let e3 = b.mul_add_extension(e2, e, e);
        b.register_public_inputs(&h.elements);
        b.register_public_input(y);
        b.register_public_inputs(&e3.0);
        b.build::<PoseidonGoldilocksConfig>().common
    }

    /// The final (BN254-hashed) shrink layer's circuit, over a small inner circuit: the gate set
    /// the wrapper must evaluate.
    fn final_circuit() -> CommonCircuitData<F, D> {
        let mut b = CircuitBuilder::<F, D>::new(
            plonky2::plonk::circuit_data::CircuitConfig::standard_recursion_config(),
        );
        let t = b.add_virtual_targets(8);
        for x in &t {
            b.range_check(*x, 32);
        }
        b.register_public_inputs(&t);
        let inner = b.build::<PoseidonGoldilocksConfig>();
        ShrinkCircuit::build(
            WrapSecurity::InsecureTest,
            &inner.common,
            &inner.verifier_only,
        )
        .final_common()
        .clone()
    }

    #[test]
    fn poseidon_circuit_gate_constraints_match_native() -> anyhow::Result<()> {
        let common = poseidon_circuit();
        let names: Vec<String> = common.gates.iter().map(|g| g.0.id()).collect();
        let cost = assert_matches_native(&common, 1)?;
        eprintln!(
            "evaluate_gate_constraints over {names:?} ({} selectors, {} slots): {cost} R1CS \
             constraints",
            common.selectors_info.num_selectors(),
            common.num_gate_constraints
        );
        Ok(())
    }

    #[test]
    fn poseidon_circuit_rejects_tampered_wire_and_selector() -> anyhow::Result<()> {
        let common = poseidon_circuit();
        // A Poseidon S-box wire, then the first selector column.
        assert_tamper_rejected(&common, 2, Tamper::Wire(40))?;
        assert_tamper_rejected(&common, 3, Tamper::Constant(0))?;
        Ok(())
    }

    #[test]
    fn mixed_circuit_with_several_selectors_matches_native() -> anyhow::Result<()> {
        let common = mixed_circuit();
        let names: Vec<String> = common.gates.iter().map(|g| g.0.id()).collect();
        ensure!(
            common.selectors_info.num_selectors() > 1,
            "one selector group only: {names:?}"
        );
        let cost = assert_matches_native(&common, 8)?;
        eprintln!(
            "evaluate_gate_constraints over {names:?} ({} selectors, {} slots): {cost} R1CS \
             constraints",
            common.selectors_info.num_selectors(),
            common.num_gate_constraints
        );
        // The selector column of the last group, and an arithmetic-gate wire.
        let last = common.selectors_info.num_selectors() - 1;
        assert_tamper_rejected(&common, 9, Tamper::Constant(last))?;
        assert_tamper_rejected(&common, 10, Tamper::Wire(1))?;
        Ok(())
    }

    #[test]
    fn wrong_opening_shapes_are_refused() -> anyhow::Result<()> {
        let common = poseidon_circuit();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let short = Opening::random(common.num_constants, common.config.num_wires - 1, 11);
        let vars = short.allocate(cs)?;
        assert!(matches!(
            evaluate_gate_constraints(&common, &vars),
            Err(SynthesisError::Unsatisfiable)
        ));
        Ok(())
    }

    #[test]
    fn lookup_circuits_are_refused() -> anyhow::Result<()> {
        let mut common = poseidon_circuit();
        common.num_lookup_selectors = 1;
        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = opening(&common, 4).allocate(cs)?;
        assert!(matches!(
            evaluate_gate_constraints(&common, &vars),
            Err(SynthesisError::Unsatisfiable)
        ));
        Ok(())
    }

    #[test]
    fn filter_matches_plonky2_with_several_selectors() -> anyhow::Result<()> {
        // compute_filter itself, on both branches, against the native product.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let o = Opening::random(1, 0, 5);
        let vars = o.allocate(cs.clone())?;
        let s = o.constants[0];
        for (row, group, many) in [
            (2usize, 0usize..4usize, true),
            (5, 5..6, true),
            (1, 0..3, false),
            (0, 0..1, false),
        ] {
            let native: E = group
                .clone()
                .filter(|&j| j != row)
                .map(|j| E::from_canonical_u64(j as u64) - s)
                .chain(many.then(|| E::from_canonical_u64(UNUSED_SELECTOR) - s))
                .product();
            let roots = filter_roots(row, group, many);
            let powers = selector_powers(&vars.local_constants[0], roots.len())?;
            let f = compute_filter(&roots, &powers)?;
            assert_eq!(f.value()?, ext_coeffs(native));
        }
        assert!(cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn gate_constraints_reduced_with_powers_match_native_on_the_final_circuit() -> anyhow::Result<()>
    {
        use plonky2::field::extension::FieldExtension;
        let common = final_circuit();
        let alphas = [F::NEG_ONE, F::from_canonical_u64(0x0123_4567_89ab_cdef)];
        let combine = |slots: &[E]| -> Vec<E> {
            alphas
                .iter()
                .map(|a| {
                    let a = <E as FieldExtension<2>>::from_basefield(*a);
                    slots.iter().rev().fold(E::ZERO, |acc, g| acc * a + *g)
                })
                .collect()
        };
        let honest = opening(&common, 12);
        let expected = combine(&native(&common, &honest)?);
        let alpha_vars = |cs: &ConstraintSystemRef<Fr>| -> anyhow::Result<Vec<GoldilocksVar>> {
            alphas
                .iter()
                .map(|a| {
                    let v = plonky2::field::types::PrimeField64::to_canonical_u64(a);
                    Ok(GoldilocksVar::new_canonical_witness(cs.clone(), Some(v))?.0)
                })
                .collect()
        };

        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = honest.allocate(cs.clone())?;
        let alpha_v = alpha_vars(&cs)?;
        let before = cs.num_constraints();
        let out = reduce_gate_constraints_with_powers(&common, &vars, &alpha_v)?;
        let cost = cs.num_constraints() - before;
        for (v, e) in out.iter().zip(&expected) {
            assert_eq!(v.value()?, ext_coeffs(*e));
        }
        enforce_outputs(&out, &expected)?;
        assert!(cs.is_satisfied()?);
        eprintln!(
            "reduce_gate_constraints_with_powers (final circuit, {} challenges): {cost} R1CS \
             constraints",
            alphas.len()
        );

        let cs = ConstraintSystem::<Fr>::new_ref();
        let vars = honest.tampered(Tamper::Wire(5)).allocate(cs.clone())?;
        let alpha_v = alpha_vars(&cs)?;
        let out = reduce_gate_constraints_with_powers(&common, &vars, &alpha_v)?;
        enforce_outputs(&out, &expected)?;
        assert!(!cs.is_satisfied()?);
        Ok(())
    }

    #[test]
    fn final_circuit_gate_constraints_match_native() -> anyhow::Result<()> {
        let common = final_circuit();
        let names: Vec<String> = common.gates.iter().map(|g| g.0.id()).collect();
        let cost = assert_matches_native(&common, 6)?;
        eprintln!(
            "evaluate_gate_constraints over the final circuit {names:?} ({} selectors, {} \
             slots): {cost} R1CS constraints",
            common.selectors_info.num_selectors(),
            common.num_gate_constraints
        );
        assert_tamper_rejected(&common, 7, Tamper::Wire(3))?;
        Ok(())
    }
}

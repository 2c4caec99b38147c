//! `PoseidonGate` constraints at zeta (plonky2 `gates/poseidon.rs`, `eval_unfiltered`): the swap
//! bit, the four delta wires, the full rounds (S-box input wires from the second round on), the
//! partial rounds in plonky2's fast form (`partial_first_constant_layer`,
//! `mds_partial_layer_init`, `FAST_PARTIAL_ROUND_CONSTANTS`, `mds_partial_layer_fast_field`) and
//! the outputs: 123 constraints, in plonky2's order.
//!
//! Cost (lazy reduction, measured by `poseidon_gate_matches_native_and_reports_its_cost`):
//! 90,327 R1CS constraints per evaluation, almost all of it reductions inside the S-boxes.
//! A full-round S-box computes `x^3 = x^2·x` unreduced (≈200 bits), reduces it, squares, reduces
//! again and multiplies by `x`: its output stays ≈132 bits, so the MDS outputs (≈145 bits) can be
//! multiplied by the selector filter without a reduction. A partial-round S-box output is reduced
//! to 64 bits, and the partial rounds' linear layers (whose constants are 64-bit) are carried as
//! linear combinations, with coefficients reduced natively, of 64-bit values (the lanes entering
//! the partial rounds, reduced once, and the S-box outputs), so every partial-round output is
//! about 135 bits and is never reduced here.

use ark_relations::gr1cs::SynthesisError;
use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::{Field, PrimeField64};
use plonky2::gates::poseidon::PoseidonGate;
use plonky2::hash::poseidon::{
    Poseidon, ALL_ROUND_CONSTANTS, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS, SPONGE_WIDTH,
};

use super::{ext_lazy_sum, ext_mul, ext_mul_const, ext_square, EvaluationVarsVar};
use crate::wrap::r1cs::extension::GoldilocksExtVar;
use crate::wrap::r1cs::goldilocks::GoldilocksVar;

type F = GoldilocksField;

// Wire layout of plonky2's `PoseidonGate` (its index functions are crate-private).
const WIRE_SWAP: usize = 2 * SPONGE_WIDTH;
const START_DELTA: usize = 2 * SPONGE_WIDTH + 1;
const START_FULL_0: usize = START_DELTA + 4;
const START_PARTIAL: usize = START_FULL_0 + SPONGE_WIDTH * (HALF_N_FULL_ROUNDS - 1);
const START_FULL_1: usize = START_PARTIAL + N_PARTIAL_ROUNDS;
const END: usize = START_FULL_1 + SPONGE_WIDTH * HALF_N_FULL_ROUNDS;

fn wire_input(i: usize) -> usize {
    i
}
fn wire_output(i: usize) -> usize {
    SPONGE_WIDTH + i
}
fn wire_delta(i: usize) -> usize {
    START_DELTA + i
}
fn wire_full_sbox_0(round: usize, i: usize) -> usize {
    START_FULL_0 + SPONGE_WIDTH * (round - 1) + i
}
fn wire_partial_sbox(round: usize) -> usize {
    START_PARTIAL + round
}
fn wire_full_sbox_1(round: usize, i: usize) -> usize {
    START_FULL_1 + SPONGE_WIDTH * round + i
}

/// `x^7` as `((x^2·x) reduced)^2 reduced · x`: two reductions, output about `2·bits(x) + 4`
/// bits (≈132 for a 64-bit input).
fn sbox(x: &GoldilocksExtVar) -> Result<GoldilocksExtVar, SynthesisError> {
    let x3 = ext_mul(&ext_square(x)?, x)?.reduce()?;
    let x6 = ext_square(&x3)?.reduce()?;
    ext_mul(&x6, x)
}

fn add_const(a: &GoldilocksExtVar, c: u64) -> GoldilocksExtVar {
    ext_lazy_sum(&[a.clone(), GoldilocksExtVar::constant(c, 0)])
}

fn constant_layer(state: &mut [GoldilocksExtVar], round_ctr: usize) {
    for (i, lane) in state.iter_mut().enumerate() {
        *lane = add_const(lane, ALL_ROUND_CONSTANTS[i + SPONGE_WIDTH * round_ctr]);
    }
}

/// plonky2's `mds_layer_field` (small constants: about 9 bits of growth, no constraints).
fn mds_layer(state: &[GoldilocksExtVar]) -> Vec<GoldilocksExtVar> {
    let circ = <F as Poseidon>::MDS_MATRIX_CIRC;
    let diag = <F as Poseidon>::MDS_MATRIX_DIAG;
    (0..SPONGE_WIDTH)
        .map(|r| {
            let mut terms: Vec<_> = (0..SPONGE_WIDTH)
                .filter(|&i| circ[i] != 0)
                .map(|i| ext_mul_const(&state[(i + r) % SPONGE_WIDTH], circ[i]))
                .collect();
            if diag[r] != 0 {
                terms.push(ext_mul_const(&state[r], diag[r]));
            }
            ext_lazy_sum(&terms)
        })
        .collect()
}

/// A linear combination `Σ coeffs[k] · atoms[k] + constant` of 64-bit extension values with
/// base-field coefficients, for the partial rounds: combining coefficients natively keeps every
/// materialized value at about `64 + 64 + log2(#atoms)` bits.
#[derive(Clone)]
struct Lin {
    coeffs: Vec<F>,
    constant: F,
}

impl Lin {
    fn atom(k: usize) -> Self {
        let mut coeffs = vec![F::ZERO; k + 1];
        coeffs[k] = F::ONE;
        Self {
            coeffs,
            constant: F::ZERO,
        }
    }

    fn zero() -> Self {
        Self {
            coeffs: Vec::new(),
            constant: F::ZERO,
        }
    }

    fn scaled(&self, c: u64) -> Self {
        let c = F::from_noncanonical_u64(c);
        Self {
            coeffs: self.coeffs.iter().map(|x| *x * c).collect(),
            constant: self.constant * c,
        }
    }

    fn plus(&self, o: &Self) -> Self {
        let n = self.coeffs.len().max(o.coeffs.len());
        let get = |v: &[F], k: usize| v.get(k).copied().unwrap_or(F::ZERO);
        Self {
            coeffs: (0..n)
                .map(|k| get(&self.coeffs, k) + get(&o.coeffs, k))
                .collect(),
            constant: self.constant + o.constant,
        }
    }

    fn plus_const(&self, c: u64) -> Self {
        Self {
            coeffs: self.coeffs.clone(),
            constant: self.constant + F::from_noncanonical_u64(c),
        }
    }

    /// The combination as a lazy extension value (no constraints).
    fn materialize(&self, atoms: &[GoldilocksExtVar]) -> GoldilocksExtVar {
        let mut terms: Vec<_> = self
            .coeffs
            .iter()
            .zip(atoms)
            .filter(|(c, _)| !c.is_zero())
            .map(|(c, a)| ext_mul_const(a, c.to_canonical_u64()))
            .collect();
        terms.push(GoldilocksExtVar::from_base(&GoldilocksVar::constant(
            self.constant.to_canonical_u64(),
        )));
        ext_lazy_sum(&terms)
    }
}

/// The gate's 123 unfiltered constraints, in plonky2's order.
pub fn eval_unfiltered(
    _gate: &PoseidonGate<GoldilocksField, 2>,
    vars: &EvaluationVarsVar,
) -> Result<Vec<GoldilocksExtVar>, SynthesisError> {
    let w = &vars.local_wires;
    if w.len() < END {
        return Err(SynthesisError::Unsatisfiable);
    }
    let mut constraints = Vec::with_capacity(123);
    let one = GoldilocksExtVar::constant(1, 0);

    // The swap flag is binary.
    let swap = &w[WIRE_SWAP];
    constraints.push(ext_mul(swap, &swap.sub(&one))?);

    // delta_i = swap · (rhs - lhs).
    for i in 0..4 {
        let lhs = &w[wire_input(i)];
        let rhs = &w[wire_input(i + 4)];
        constraints.push(ext_mul(swap, &rhs.sub(lhs))?.sub(&w[wire_delta(i)]));
    }

    // The possibly swapped input layer.
    let mut state: Vec<GoldilocksExtVar> = (0..SPONGE_WIDTH)
        .map(|i| w[wire_input(i)].clone())
        .collect();
    for i in 0..4 {
        let delta = &w[wire_delta(i)];
        state[i] = w[wire_input(i)].add(delta);
        state[i + 4] = w[wire_input(i + 4)].sub(delta);
    }

    let mut round_ctr = 0;

    // First full rounds.
    for r in 0..HALF_N_FULL_ROUNDS {
        constant_layer(&mut state, round_ctr);
        if r != 0 {
            for (i, lane) in state.iter_mut().enumerate() {
                let sbox_in = &w[wire_full_sbox_0(r, i)];
                constraints.push(lane.sub(sbox_in));
                *lane = sbox_in.clone();
            }
        }
        for lane in state.iter_mut() {
            *lane = sbox(lane)?;
        }
        state = mds_layer(&state);
        round_ctr += 1;
    }

    // Partial rounds, with the linear layers carried as combinations of 64-bit atoms: atoms
    // 0..11 are lanes 1..11 after the first constant layer (reduced), atom 11 + r is the output
    // of partial round r's S-box (reduced).
    let first = <F as Poseidon>::FAST_PARTIAL_FIRST_ROUND_CONSTANT;
    let init = <F as Poseidon>::FAST_PARTIAL_ROUND_INITIAL_MATRIX;
    let vs = <F as Poseidon>::FAST_PARTIAL_ROUND_VS;
    let w_hats = <F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS;
    let fast_consts = <F as Poseidon>::FAST_PARTIAL_ROUND_CONSTANTS;
    let mds00 = <F as Poseidon>::MDS_MATRIX_CIRC[0] + <F as Poseidon>::MDS_MATRIX_DIAG[0];

    let mut atoms: Vec<GoldilocksExtVar> = Vec::with_capacity(SPONGE_WIDTH - 1 + N_PARTIAL_ROUNDS);
    for (i, lane) in state.iter().enumerate().skip(1) {
        atoms.push(add_const(lane, first[i]).reduce()?);
    }
    // `mds_partial_layer_init`: lane 0 passes through, lanes c >= 1 mix lanes r >= 1.
    let mut state0 = add_const(&state[0], first[0]);
    let mut lanes: Vec<Lin> = (1..SPONGE_WIDTH)
        .map(|c| {
            (1..SPONGE_WIDTH).fold(Lin::zero(), |acc, r| {
                acc.plus(&Lin::atom(r - 1).scaled(init[r - 1][c - 1]))
            })
        })
        .collect();
    for r in 0..N_PARTIAL_ROUNDS {
        let sbox_in = &w[wire_partial_sbox(r)];
        constraints.push(state0.sub(sbox_in));
        atoms.push(sbox(sbox_in)?.reduce()?);
        let mut s0 = Lin::atom(atoms.len() - 1);
        if r + 1 < N_PARTIAL_ROUNDS {
            s0 = s0.plus_const(fast_consts[r]);
        }
        // `mds_partial_layer_fast_field`.
        let d = lanes
            .iter()
            .zip(w_hats[r])
            .fold(s0.scaled(mds00), |acc, (lane, wh)| {
                acc.plus(&lane.scaled(wh))
            });
        for (lane, v) in lanes.iter_mut().zip(vs[r]) {
            *lane = s0.scaled(v).plus(lane);
        }
        state0 = d.materialize(&atoms);
    }
    state = std::iter::once(state0)
        .chain(lanes.iter().map(|l| l.materialize(&atoms)))
        .collect();
    round_ctr += N_PARTIAL_ROUNDS;

    // Second full rounds.
    for r in 0..HALF_N_FULL_ROUNDS {
        constant_layer(&mut state, round_ctr);
        for (i, lane) in state.iter_mut().enumerate() {
            let sbox_in = &w[wire_full_sbox_1(r, i)];
            constraints.push(lane.sub(sbox_in));
            *lane = sbox_in.clone();
        }
        for lane in state.iter_mut() {
            *lane = sbox(lane)?;
        }
        state = mds_layer(&state);
        round_ctr += 1;
    }

    for (i, lane) in state.iter().enumerate() {
        constraints.push(lane.sub(&w[wire_output(i)]));
    }
    Ok(constraints)
}

#[cfg(test)]
mod tests {
    use plonky2::gates::gate::GateRef;

    use super::*;
    use crate::wrap::r1cs::gates::testing::{
        assert_gate_matches_native, assert_tampered_rejected, Tamper,
    };

    fn gate() -> GateRef<F, 2> {
        GateRef::new(PoseidonGate::<F, 2>::new())
    }

    #[test]
    fn poseidon_gate_matches_native_and_reports_its_cost() -> anyhow::Result<()> {
        let cost = assert_gate_matches_native(&gate(), 1)?;
        eprintln!("PoseidonGate eval_unfiltered: {cost} R1CS constraints");
        assert!(cost < 100_000, "PoseidonGate costs {cost}");
        assert_gate_matches_native(&gate(), 2)?;
        Ok(())
    }

    #[test]
    fn poseidon_gate_rejects_tampered_wires() -> anyhow::Result<()> {
        // One wire of each kind: swap, input, delta, full-round S-box (both halves), partial
        // S-box, output.
        for wire in [
            WIRE_SWAP,
            wire_input(5),
            wire_delta(2),
            wire_full_sbox_0(1, 3),
            wire_partial_sbox(21),
            wire_full_sbox_1(3, 11),
            wire_output(0),
        ] {
            assert_tampered_rejected(&gate(), 3, Tamper::Wire(wire))?;
        }
        Ok(())
    }
}

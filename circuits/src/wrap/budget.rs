//! Constraint budget of the R1CS verifier for a given final plonky2 circuit shape, counted
//! before building it (the budget is the design). Unit costs are those of this crate's gadgets
//! (each asserted by a gadget test) or, for the parts not yet built, estimates marked as such.

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::plonk::circuit_data::CommonCircuitData;
use serde::Serialize;

/// Constraints of one Poseidon-BN254 permutation (asserted in `r1cs::poseidon` tests).
pub const POSEIDON_PERM: usize = 243;
/// One Merkle level: a permutation plus the conditional swap.
pub const MERKLE_LEVEL: usize = POSEIDON_PERM + 2;
/// 64-bit range check of one leaf element (bit decomposition).
pub const LEAF_ELEMENT: usize = 65;
/// One challenger duplex: permutation, two canonical lane decompositions, six canonical chunks.
pub const DUPLEX: usize = POSEIDON_PERM + 2 * 600 + 6 * 132;
/// A reduced Goldilocks product (asserted in `r1cs::goldilocks` tests: ≤ 140).
pub const GL_MUL: usize = 136;
/// A quadratic-extension product with one lazy reduction per coefficient (estimate).
pub const EXT_MUL: usize = 4 + 2 * 140;
/// One emulated Goldilocks Poseidon permutation (measured in `r1cs::poseidon_goldilocks`).
pub const GL_POSEIDON_PERM: usize = 64_016;
/// An extension product inside a long lazy sum (estimate: 4 products, amortised reductions).
pub const EXT_MUL_LAZY: usize = 4 + 2 * 12;

/// Where the constraints of the wrapper go, for one final proof shape.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Budget {
    /// Merkle paths of the four initial trees, all queries.
    pub initial_merkle: usize,
    /// Merkle paths of the FRI commit-phase trees, all queries.
    pub fri_merkle: usize,
    /// Leaf hashing and 64-bit range checks of opened leaves, all queries.
    pub leaves: usize,
    /// Per-query FRI arithmetic: combining openings, x from index bits, coset interpolation
    /// (estimate).
    pub fri_arithmetic: usize,
    /// The transcript (estimate from the number of observed elements).
    pub challenger: usize,
    /// Gate constraints at zeta, vanishing and permutation arguments (estimate:
    /// `num_gate_constraints` ext products of degree ≤ 8, plus partial products).
    pub plonk: usize,
    /// Goldilocks-Poseidon hash of the public inputs, emulated (measured unit cost).
    pub public_inputs_hash: usize,
}

impl Budget {
    /// Sum of all parts.
    pub fn total(&self) -> usize {
        self.initial_merkle
            + self.fri_merkle
            + self.leaves
            + self.fri_arithmetic
            + self.challenger
            + self.plonk
            + self.public_inputs_hash
    }

    /// Counts the budget for verifying one proof of shape `common`.
    pub fn for_shape(common: &CommonCircuitData<GoldilocksField, 2>) -> Self {
        let fri = &common.fri_params;
        let cfg = &common.config;
        let d = 2;
        let queries = fri.config.num_query_rounds;
        let cap_height = fri.config.cap_height;
        let lde_bits = fri.degree_bits + fri.config.rate_bits;
        let challenges = cfg.num_challenges;
        let leaf_lens = [
            common.num_constants + cfg.num_routed_wires,
            cfg.num_wires,
            challenges * (1 + common.num_partial_products),
            challenges * common.quotient_degree_factor,
        ];
        let perms_for = |len: usize| len.div_ceil(3).div_ceil(2);
        let initial_depth = lde_bits.saturating_sub(cap_height);
        let cap_select = (1 << cap_height) - 1;

        let mut b = Budget {
            initial_merkle: queries * leaf_lens.len() * (initial_depth * MERKLE_LEVEL + cap_select),
            ..Budget::default()
        };
        b.leaves = queries
            * leaf_lens
                .iter()
                .map(|l| l * LEAF_ELEMENT + perms_for(*l) * POSEIDON_PERM)
                .sum::<usize>();
        let total_polys: usize = leaf_lens.iter().sum();
        // x = g^index (square-and-multiply on index bits) and the batched quotient sum.
        b.fri_arithmetic = queries * (2 * lde_bits * GL_MUL + 2 * total_polys * EXT_MUL_LAZY);
        let mut bits = lde_bits;
        for &arity_bits in &fri.reduction_arity_bits {
            bits -= arity_bits;
            let leaf = (1 << arity_bits) * d;
            b.fri_merkle += queries * (bits.saturating_sub(cap_height) * MERKLE_LEVEL + cap_select);
            b.leaves += queries * (leaf * LEAF_ELEMENT + perms_for(leaf) * POSEIDON_PERM);
            // Coset interpolation of 2^arity points at beta (≈ 3 ext products per point).
            b.fri_arithmetic += queries * (3 * (1 << arity_bits) * EXT_MUL + EXT_MUL);
        }
        let final_poly_len = 1 << bits;
        b.fri_arithmetic += queries * final_poly_len * EXT_MUL_LAZY;

        // Observed: caps (5 limbs per digest), openings (ext elements at zeta and g*zeta),
        // commit caps and the final polynomial; about one duplex per 6 elements.
        let num_caps = 4 + fri.reduction_arity_bits.len();
        let observed = num_caps * (1 << cap_height) * 5
            + (total_polys + challenges * 2) * d
            + final_poly_len * d
            + 16;
        b.challenger = observed.div_ceil(6) * DUPLEX + queries * DUPLEX / 6;

        // Constraint polynomials of degree ≤ 8 at zeta: ≈ 8 lazy ext products each, plus the
        // permutation argument (routed wires × challenges) and the reduction by alpha.
        b.plonk = common.num_gate_constraints * 8 * EXT_MUL_LAZY
            + challenges * cfg.num_routed_wires * 4 * EXT_MUL
            + challenges * common.num_partial_products * 2 * EXT_MUL
            + 64 * EXT_MUL;
        // One permutation per 8 public inputs (rate 8), then four canonical outputs.
        b.public_inputs_hash =
            common.num_public_inputs.div_ceil(8).max(1) * GL_POSEIDON_PERM + 4 * 132;
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_total_is_the_sum_of_its_parts() {
        let b = Budget {
            initial_merkle: 1,
            fri_merkle: 2,
            leaves: 3,
            fri_arithmetic: 4,
            challenger: 5,
            plonk: 6,
            public_inputs_hash: 7,
        };
        assert_eq!(b.total(), 28);
    }
}

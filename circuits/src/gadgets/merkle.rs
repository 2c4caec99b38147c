//! Poseidon Merkle membership and update gadgets for the sparse trees of `zkclear_state::tree`.
//!
//! Convention (shared with the native tree, and checked against it in the tests):
//! - an empty leaf is `HashOut::ZERO`;
//! - `parent = PoseidonHash::two_to_one(left, right)` (plonky2's Poseidon over Goldilocks);
//! - bit `i` of the index, least significant first, is 1 when the node at level `i` (level 0 =
//!   the leaf) is a right child;
//! - siblings are listed from the leaf level upward; depth ≤ [`MAX_DEPTH`].
//!
//! One level costs one `PoseidonGate` row: the gate's swap wire, driven by the index bit, puts
//! the current node on the right exactly when the bit is 1, which is `two_to_one(sibling, node)`.

use core::iter::repeat;

use plonky2::field::extension::Extendable;
use plonky2::hash::hash_types::{HashOutTarget, RichField, NUM_HASH_OUT_ELTS};
use plonky2::hash::hashing::PlonkyPermutation;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::config::AlgebraicHasher;
use thiserror::Error;

/// Deepest tree the gadgets accept.
pub const MAX_DEPTH: usize = 64;

/// Why a Merkle gadget refused to build.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MerkleError {
    /// Index bits and siblings describe different depths.
    #[error("{bits} index bits but {siblings} siblings")]
    LengthMismatch {
        /// Number of index bits given.
        bits: usize,
        /// Number of siblings given.
        siblings: usize,
    },
    /// The path is deeper than [`MAX_DEPTH`] (or than 63 when the index is a field element).
    #[error("depth {depth} exceeds the maximum of {max}")]
    TooDeep {
        /// Requested depth.
        depth: usize,
        /// Largest allowed depth.
        max: usize,
    },
}

/// Result alias of this module.
pub type MerkleResult<T> = Result<T, MerkleError>;

/// Builder extension for Poseidon Merkle paths.
///
/// Named `verify_merkle_path`/`update_merkle_path` because `CircuitBuilder` already has an
/// inherent `verify_merkle_proof` (for FRI caps), which would shadow a trait method of that name.
pub trait CircuitBuilderMerkle<F: RichField + Extendable<D>, const D: usize> {
    /// The root of the path from `leaf` at `index_bits` (LSB first) through `siblings`
    /// (leaf level first). Membership is proven by connecting the result to a known root.
    fn verify_merkle_path(
        &mut self,
        leaf: HashOutTarget,
        index_bits: &[BoolTarget],
        siblings: &[HashOutTarget],
    ) -> MerkleResult<HashOutTarget>;

    /// Proves `old_leaf` sits at `index_bits` under `old_root` and returns the root after
    /// replacing it with `new_leaf` along the same path.
    fn update_merkle_path(
        &mut self,
        old_leaf: HashOutTarget,
        new_leaf: HashOutTarget,
        index_bits: &[BoolTarget],
        siblings: &[HashOutTarget],
        old_root: HashOutTarget,
    ) -> MerkleResult<HashOutTarget>;

    /// The `depth` low bits of `index` (LSB first), proving `index < 2^depth`; `depth ≤ 63` so
    /// the decomposition is unique (give bits directly for depth 64).
    fn merkle_index_bits(&mut self, index: Target, depth: usize) -> MerkleResult<Vec<BoolTarget>>;
}

impl<F: RichField + Extendable<D>, const D: usize> CircuitBuilderMerkle<F, D>
    for CircuitBuilder<F, D>
{
    fn verify_merkle_path(
        &mut self,
        leaf: HashOutTarget,
        index_bits: &[BoolTarget],
        siblings: &[HashOutTarget],
    ) -> MerkleResult<HashOutTarget> {
        check_shape(index_bits, siblings)?;
        let zero = self.zero();
        let mut node = leaf;
        for (&bit, sibling) in index_bits.iter().zip(siblings) {
            let mut inputs =
                <PoseidonHash as AlgebraicHasher<F>>::AlgebraicPermutation::new(repeat(zero));
            inputs.set_from_slice(&node.elements, 0);
            inputs.set_from_slice(&sibling.elements, NUM_HASH_OUT_ELTS);
            let outputs = <PoseidonHash as AlgebraicHasher<F>>::permute_swapped(inputs, bit, self);
            let squeezed = outputs.squeeze();
            node = HashOutTarget::from_partial(&squeezed[..NUM_HASH_OUT_ELTS], zero);
        }
        Ok(node)
    }

    fn update_merkle_path(
        &mut self,
        old_leaf: HashOutTarget,
        new_leaf: HashOutTarget,
        index_bits: &[BoolTarget],
        siblings: &[HashOutTarget],
        old_root: HashOutTarget,
    ) -> MerkleResult<HashOutTarget> {
        let computed_old = self.verify_merkle_path(old_leaf, index_bits, siblings)?;
        self.connect_hashes(computed_old, old_root);
        self.verify_merkle_path(new_leaf, index_bits, siblings)
    }

    fn merkle_index_bits(&mut self, index: Target, depth: usize) -> MerkleResult<Vec<BoolTarget>> {
        if depth >= MAX_DEPTH {
            return Err(MerkleError::TooDeep {
                depth,
                max: MAX_DEPTH - 1,
            });
        }
        if depth == 0 {
            self.assert_zero(index);
            return Ok(Vec::new());
        }
        Ok(self.split_le(index, depth))
    }
}

fn check_shape(index_bits: &[BoolTarget], siblings: &[HashOutTarget]) -> MerkleResult<()> {
    if index_bits.len() != siblings.len() {
        return Err(MerkleError::LengthMismatch {
            bits: index_bits.len(),
            siblings: siblings.len(),
        });
    }
    if siblings.len() > MAX_DEPTH {
        return Err(MerkleError::TooDeep {
            depth: siblings.len(),
            max: MAX_DEPTH,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::{Field, Sample};
    use plonky2::hash::hash_types::HashOut;
    use plonky2::iop::witness::{PartialWitness, WitnessWrite};
    use plonky2::plonk::config::Hasher;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::gadgets::range::test_support::{builder, try_prove, C, F};

    type H = HashOut<F>;

    /// Native reference: fold the path with `two_to_one`, bit 1 = current node is the right child.
    fn native_root(leaf: H, index: u64, siblings: &[H]) -> H {
        siblings.iter().enumerate().fold(leaf, |node, (i, &sib)| {
            if (index >> i) & 1 == 1 {
                PoseidonHash::two_to_one(sib, node)
            } else {
                PoseidonHash::two_to_one(node, sib)
            }
        })
    }

    fn random_path(rng: &mut StdRng, depth: usize) -> (H, u64, Vec<H>) {
        let leaf = H::rand();
        let index = if depth == 64 {
            rng.gen::<u64>()
        } else {
            rng.gen_range(0..(1u64 << depth))
        };
        let siblings = (0..depth)
            .map(|i| if i % 3 == 0 { H::ZERO } else { H::rand() })
            .collect();
        (leaf, index, siblings)
    }

    /// Targets of one membership circuit: leaf, index bits, siblings, and the computed root.
    struct PathTargets {
        leaf: HashOutTarget,
        bits: Vec<BoolTarget>,
        siblings: Vec<HashOutTarget>,
        root: HashOutTarget,
    }

    fn path_circuit(b: &mut CircuitBuilder<F, 2>, depth: usize) -> PathTargets {
        let leaf = b.add_virtual_hash();
        let bits: Vec<BoolTarget> = (0..depth)
            .map(|_| b.add_virtual_bool_target_safe())
            .collect();
        let siblings = b.add_virtual_hashes(depth);
        let root = b.verify_merkle_path(leaf, &bits, &siblings).expect("shape");
        PathTargets {
            leaf,
            bits,
            siblings,
            root,
        }
    }

    fn set_path(pw: &mut PartialWitness<F>, t: &PathTargets, leaf: H, index: u64, sibs: &[H]) {
        pw.set_hash_target(t.leaf, leaf).expect("fresh");
        for (i, &bit) in t.bits.iter().enumerate() {
            pw.set_bool_target(bit, (index >> i) & 1 == 1)
                .expect("fresh");
        }
        for (&st, &s) in t.siblings.iter().zip(sibs) {
            pw.set_hash_target(st, s).expect("fresh");
        }
    }

    #[test]
    fn in_circuit_compression_matches_native_two_to_one() {
        let (l, r) = (H::rand(), H::rand());
        let mut b = builder();
        let t = path_circuit(&mut b, 1);
        b.register_public_inputs(&t.root.elements);
        let data = b.build::<C>();
        for (index, expected) in [
            (0u64, PoseidonHash::two_to_one(l, r)),
            (1, PoseidonHash::two_to_one(r, l)),
        ] {
            let mut pw = PartialWitness::new();
            set_path(&mut pw, &t, l, index, &[r]);
            let proof = try_prove(&data, pw).expect("honest");
            assert_eq!(proof.public_inputs, expected.elements.to_vec());
        }
    }

    #[test]
    fn membership_root_agrees_with_native_fold_at_several_depths() {
        let mut rng = StdRng::seed_from_u64(0x3e4c1e);
        for depth in [0usize, 1, 5, 32, 64] {
            let mut b = builder();
            let t = path_circuit(&mut b, depth);
            b.register_public_inputs(&t.root.elements);
            let data = b.build::<C>();
            let (leaf, index, sibs) = random_path(&mut rng, depth);
            let mut pw = PartialWitness::new();
            set_path(&mut pw, &t, leaf, index, &sibs);
            let proof = try_prove(&data, pw).expect("honest");
            let expected = native_root(leaf, index, &sibs);
            assert_eq!(
                proof.public_inputs,
                expected.elements.to_vec(),
                "depth {depth}"
            );
        }
    }

    /// A depth-32 membership circuit against a public root; whether the tampered witness proves.
    #[test]
    fn membership_rejects_wrong_sibling_leaf_or_index_bit() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut b = builder();
        let t = path_circuit(&mut b, 32);
        let root = b.add_virtual_hash();
        b.connect_hashes(t.root, root);
        let data = b.build::<C>();
        let (leaf, index, sibs) = random_path(&mut rng, 32);
        let good_root = native_root(leaf, index, &sibs);
        let attempt = |leaf: H, index: u64, sibs: &[H]| {
            let mut pw = PartialWitness::new();
            set_path(&mut pw, &t, leaf, index, sibs);
            pw.set_hash_target(root, good_root).expect("fresh");
            try_prove(&data, pw).is_some()
        };
        assert!(attempt(leaf, index, &sibs));
        let mut bad_sibs = sibs.clone();
        bad_sibs[17].elements[2] += F::ONE;
        assert!(!attempt(leaf, index, &bad_sibs), "wrong sibling");
        assert!(!attempt(H::ZERO, index, &sibs), "wrong leaf");
        assert!(!attempt(leaf, index ^ (1 << 9), &sibs), "wrong index bit");
    }

    #[test]
    fn update_returns_native_new_root_and_rejects_a_wrong_old_root() {
        let mut rng = StdRng::seed_from_u64(11);
        let mut b = builder();
        let old_leaf = b.add_virtual_hash();
        let new_leaf = b.add_virtual_hash();
        let old_root = b.add_virtual_hash();
        let bits: Vec<BoolTarget> = (0..32).map(|_| b.add_virtual_bool_target_safe()).collect();
        let siblings = b.add_virtual_hashes(32);
        let new_root = b
            .update_merkle_path(old_leaf, new_leaf, &bits, &siblings, old_root)
            .expect("shape");
        b.register_public_inputs(&new_root.elements);
        let data = b.build::<C>();
        let (leaf, index, sibs) = random_path(&mut rng, 32);
        let replacement = H::rand();
        let attempt = |claimed_old_root: H| {
            let mut pw = PartialWitness::new();
            pw.set_hash_target(old_leaf, leaf).expect("fresh");
            pw.set_hash_target(new_leaf, replacement).expect("fresh");
            pw.set_hash_target(old_root, claimed_old_root)
                .expect("fresh");
            for (i, &bit) in bits.iter().enumerate() {
                pw.set_bool_target(bit, (index >> i) & 1 == 1)
                    .expect("fresh");
            }
            for (&st, &s) in siblings.iter().zip(&sibs) {
                pw.set_hash_target(st, s).expect("fresh");
            }
            try_prove(&data, pw)
        };
        let proof = attempt(native_root(leaf, index, &sibs)).expect("honest update");
        let expected = native_root(replacement, index, &sibs);
        assert_eq!(proof.public_inputs, expected.elements.to_vec());
        assert!(
            attempt(native_root(H::ZERO, index, &sibs)).is_none(),
            "old leaf not under old root"
        );
    }

    #[test]
    fn update_reproduces_the_native_state_tree() {
        use zkclear_state::store::MemoryStore;
        use zkclear_state::tree::{StateDb, TreeId};

        let mut db = StateDb::open(MemoryStore::new()).expect("memory store cannot fail");
        let tree = TreeId::new(0, 0);
        for (i, index) in [3u64, 1 << 20, 0xFFFF_FFFF].into_iter().enumerate() {
            let leaf = H::from_partial(&[F::from_canonical_u64(i as u64 + 1)]);
            db.update_leaf(tree, 32, index, leaf)
                .expect("index fits depth 32");
        }
        let update = db
            .update_leaf(tree, 32, (1 << 20) | 1, H::rand())
            .expect("index fits depth 32");
        assert_eq!(db.root(tree, 32).expect("depth 32"), update.new_root);

        let mut b = builder();
        let (old_leaf, new_leaf, old_root) = (
            b.add_virtual_hash(),
            b.add_virtual_hash(),
            b.add_virtual_hash(),
        );
        let bits: Vec<BoolTarget> = (0..32).map(|_| b.add_virtual_bool_target_safe()).collect();
        let siblings = b.add_virtual_hashes(32);
        let new_root = b
            .update_merkle_path(old_leaf, new_leaf, &bits, &siblings, old_root)
            .expect("shape");
        b.register_public_inputs(&new_root.elements);
        let data = b.build::<C>();
        let mut pw = PartialWitness::new();
        pw.set_hash_target(old_leaf, update.old_leaf)
            .expect("fresh");
        pw.set_hash_target(new_leaf, update.new_leaf)
            .expect("fresh");
        pw.set_hash_target(old_root, update.old_root)
            .expect("fresh");
        for (i, &bit) in bits.iter().enumerate() {
            pw.set_bool_target(bit, (update.index >> i) & 1 == 1)
                .expect("fresh");
        }
        for (&st, &s) in siblings.iter().zip(&update.siblings) {
            pw.set_hash_target(st, s).expect("fresh");
        }
        let proof = try_prove(&data, pw).expect("native witness proves");
        assert_eq!(proof.public_inputs, update.new_root.elements.to_vec());
    }

    #[test]
    fn mismatched_shapes_and_deep_indices_are_refused() {
        let mut b = builder();
        let leaf = b.add_virtual_hash();
        let bits: Vec<BoolTarget> = (0..3).map(|_| b.add_virtual_bool_target_safe()).collect();
        let sibs = b.add_virtual_hashes(2);
        assert_eq!(
            b.verify_merkle_path(leaf, &bits, &sibs),
            Err(MerkleError::LengthMismatch {
                bits: 3,
                siblings: 2
            })
        );
        let idx = b.add_virtual_target();
        assert!(b.merkle_index_bits(idx, 64).is_err());
    }

    #[test]
    fn index_bits_decompose_the_leaf_index_lsb_first() {
        let mut b = builder();
        let idx = b.add_virtual_target();
        let bits = b.merkle_index_bits(idx, 32).expect("32 < 64");
        let outs: Vec<Target> = bits.iter().map(|b| b.target).collect();
        b.register_public_inputs(&outs);
        let data = b.build::<C>();
        let index = 0xDEAD_BEEFu64;
        let mut pw = PartialWitness::new();
        pw.set_target(idx, F::from_canonical_u64(index))
            .expect("fresh");
        let proof = try_prove(&data, pw).expect("honest");
        let expected: Vec<F> = (0..32)
            .map(|i| F::from_bool((index >> i) & 1 == 1))
            .collect();
        assert_eq!(proof.public_inputs, expected);
        let mut pw = PartialWitness::new();
        pw.set_target(idx, F::from_canonical_u64(1 << 32))
            .expect("fresh");
        assert!(try_prove(&data, pw).is_none(), "index beyond the tree");
    }
}

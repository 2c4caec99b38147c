use plonky2::field::types::{Field, Field64};

use super::*;

fn h(v: u64) -> Hash {
    Hash {
        elements: [
            F::from_canonical_u64(v),
            F::ZERO,
            F::ONE,
            F::from_canonical_u64(7),
        ],
    }
}

#[test]
fn empty_root_equals_directly_computed_root() {
    // A depth-3 tree of eight ZERO leaves, hashed level by level without the table.
    let mut level: Vec<Hash> = vec![Hash::ZERO; 8];
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| PoseidonHash::two_to_one(pair[0], pair[1]))
            .collect();
    }
    assert_eq!(empty_root(3), level[0]);
    assert_eq!(empty_root(0), Hash::ZERO);
    assert_eq!(
        empty_root(1),
        PoseidonHash::two_to_one(Hash::ZERO, Hash::ZERO)
    );
}

#[test]
fn empty_root_beyond_max_depth_extends_the_table() {
    let e64 = empty_root(MAX_DEPTH);
    assert_eq!(empty_root(MAX_DEPTH + 1), hash_children(&e64, &e64));
}

#[test]
fn check_index_rejects_out_of_range_and_too_deep() {
    assert!(check_index(0, 0).is_ok());
    assert!(matches!(
        check_index(0, 1),
        Err(TreeError::IndexOutOfRange { index: 1, depth: 0 })
    ));
    assert!(check_index(4, 15).is_ok());
    assert!(matches!(
        check_index(4, 16),
        Err(TreeError::IndexOutOfRange { .. })
    ));
    assert!(check_index(64, u64::MAX).is_ok());
    assert!(matches!(
        check_index(65, 0),
        Err(TreeError::DepthTooLarge { depth: 65 })
    ));
}

#[test]
fn hash_bytes_round_trip_is_little_endian() {
    let hash = h(0x0102_0304_0506_0708);
    let bytes = hash_to_bytes(&hash);
    assert_eq!(&bytes[..8], &[8, 7, 6, 5, 4, 3, 2, 1]);
    assert_eq!(hash_from_bytes(&bytes), Some(hash));
    assert_eq!(hash_to_hex(&hash).len(), 64);
}

#[test]
fn hash_from_bytes_rejects_wrong_length_and_non_canonical() {
    assert_eq!(hash_from_bytes(&[0u8; 31]), None);
    let mut bytes = [0u8; 32];
    bytes[8..16].copy_from_slice(&F::ORDER.to_le_bytes());
    assert_eq!(hash_from_bytes(&bytes), None);
}

fn sample_proof() -> (MerkleProof, Hash) {
    let siblings = vec![h(1), h(2), h(3)];
    let proof = MerkleProof {
        index: 5,
        leaf: h(9),
        siblings,
    };
    let root = proof.compute_root();
    (proof, root)
}

#[test]
fn proof_path_follows_index_bits() {
    let (proof, root) = sample_proof();
    // index 5 = 0b101: right, left, right.
    let l0 = hash_children(&h(1), &h(9));
    let l1 = hash_children(&l0, &h(2));
    let l2 = hash_children(&h(3), &l1);
    assert_eq!(root, l2);
    assert!(proof.verify(&root));
}

#[test]
fn proof_with_wrong_sibling_fails() {
    let (mut proof, root) = sample_proof();
    proof.siblings[1] = h(4);
    assert!(!proof.verify(&root));
}

#[test]
fn proof_with_wrong_index_fails() {
    let (mut proof, root) = sample_proof();
    proof.index = 4;
    assert!(!proof.verify(&root));
    // Same low bits but out of range for the depth: rejected, not silently truncated.
    proof.index = 5 + 8;
    assert!(!proof.verify(&root));
}

#[test]
fn proof_with_wrong_leaf_fails() {
    let (mut proof, root) = sample_proof();
    proof.leaf = h(10);
    assert!(!proof.verify(&root));
}

#[test]
fn proof_deeper_than_max_depth_fails_without_panicking() {
    let proof = MerkleProof {
        index: 0,
        leaf: Hash::ZERO,
        siblings: (0..=MAX_DEPTH).map(empty_root).collect(),
    };
    let root = proof.compute_root();
    assert_eq!(root, empty_root(MAX_DEPTH + 1));
    assert!(!proof.verify(&root));
}

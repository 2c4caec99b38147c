//! R1CS gadgets over BN254 for verifying the final plonky2 proof.
//!
//! - [`goldilocks`]: emulated Goldilocks arithmetic with lazy reduction.
//! - [`poseidon`]: Poseidon-BN254 permutation, sponge and Merkle compression.
//! - [`challenger`]: the Fiat–Shamir transcript of the final proof.
//! - [`merkle`]: Merkle-cap membership for Poseidon-BN254 trees.
//! - [`poseidon_goldilocks`]: emulated Goldilocks Poseidon (the public-input hash).
//! - [`extension`]: the quadratic extension over emulated Goldilocks.
//! - [`fri`]: FRI proof-of-work check and query points.
//! - [`fri_merkle`]: the Merkle openings of one FRI query (initial oracles and commit phase).
//! - [`transcript`]: every Fiat–Shamir challenge of a final proof.
//! - [`statement`]: the statement digest limbs bound to the two Groth16 public inputs.

pub mod challenger;
pub mod extension;
pub mod fri;
pub mod fri_fold;
pub mod fri_merkle;
pub mod gates;
pub mod goldilocks;
pub mod merkle;
pub mod poseidon;
pub mod poseidon_goldilocks;
pub mod statement;
pub mod transcript;
pub mod vanishing;

//! The BN254 Groth16 wrap of the final plonky2 proof.
//!
//! - [`poseidon_bn254`]: Poseidon over the BN254 scalar field (native).
//! - [`hash_config`]: the plonky2 hasher and `GenericConfig` of the final, shrunk proof.
//! - [`r1cs`]: the R1CS gadgets of the wrapper circuit (Goldilocks emulation, Poseidon-BN254,
//!   challenger, Merkle paths).
//! - [`groth16`]: setup with a key cache, prove, verify, proof encoding.
//! - [`solidity`]: the generated Solidity verifier.
//! - [`budget`]: the constraint budget of the R1CS verifier, counted from the final shape.

pub mod budget;
pub mod circuit;
pub mod groth16;
pub mod hash_config;
pub mod poseidon_bn254;
pub mod r1cs;
pub mod solidity;

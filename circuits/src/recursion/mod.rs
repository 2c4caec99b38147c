//! Recursion: the shrink step from the aggregation layer's proof to the final, BN254-hashed
//! proof that the Groth16 wrapper verifies.
//!
//! - [`security`]: FRI parameters as a config value (`Secure`, `InsecureTest`).
//! - [`shrink`]: the two recursion layers.

pub mod security;
pub mod shrink;

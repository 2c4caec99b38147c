//! `zkclear-circuits`: plonky2 gadgets, one circuit per operation mirroring
//! `zkclear_state::ops`, recursion, and the BN254 Groth16 wrap of the final proof.

pub mod gadgets;
pub mod recursion;
pub mod wrap;

//! `zkclear-prover`: proving jobs, aggregation and the final wrap for L1.
//!
//! - [`wrap`]: shrink to the BN254-hashed final proof and (in progress) its Groth16 wrap.

pub mod wrap;

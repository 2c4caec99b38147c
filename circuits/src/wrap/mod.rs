//! The BN254 Groth16 wrap of the final plonky2 proof (in progress).

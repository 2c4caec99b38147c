//! The wrapper circuit: one final plonky2 proof verified in R1CS, two 128-bit public inputs.
//! Not yet written.

//! Recursion: aggregation and the shrink step to the final BN254-hashed proof (in progress).

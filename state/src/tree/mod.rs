//! Sparse Merkle trees (filled in by the foundation issue).

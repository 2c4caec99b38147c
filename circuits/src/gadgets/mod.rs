//! Builder extension traits over typed targets, each with its witness generator in its own file.

pub mod ecgfp5;
pub mod keccak;
pub mod merkle;
pub mod range;

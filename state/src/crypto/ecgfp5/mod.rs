//! The ECgFp5 curve (eprint 2022/274): its base field GF(p^5), its prime-order group with
//! canonical one-element encodings, and its scalar field.

pub mod curve;
pub mod field;
pub mod scalar;

pub use curve::{AffinePoint, Point};
pub use field::Fp5;
pub use scalar::Scalar;

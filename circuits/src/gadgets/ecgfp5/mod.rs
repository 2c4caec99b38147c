//! ECgFp5 arithmetic and Schnorr verification in-circuit, mirroring
//! `zkclear_state::crypto::{ecgfp5, schnorr}`: builder extension traits over typed targets, each
//! witness generator in its gadget's file.

pub mod curve;
pub mod field;
pub mod scalar_mul;
pub mod schnorr;

pub use curve::{AffinePointTarget, CircuitBuilderEcGFp5, CurvePointTarget};
pub use field::{CircuitBuilderGFp5, QuinticExtTarget};
pub use scalar_mul::CircuitBuilderWindowTable;
pub use schnorr::{
    set_public_key_target, set_schnorr_signature_target, CircuitBuilderSchnorr,
    SchnorrSignatureTarget, SchnorrWitnessError,
};

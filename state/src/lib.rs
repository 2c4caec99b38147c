//! `zkclear-state`: the executable specification of zkclear.
//!
//! Every circuit, the sequencer and the L1 contracts agree with this crate. It is synchronous and
//! pure: domain types, checked integer math with declared bit widths, margin rules, sparse Merkle
//! trees over an abstract store, and the native state transition (`ops/<op>.rs`).

pub mod crypto;
pub mod store;
pub mod tree;

//! `zkclear-state`: the executable specification of zkclear.
//!
//! Every circuit, the sequencer and the L1 contracts agree with this crate. It is synchronous and
//! pure: domain types, checked integer math with declared bit widths, margin rules, sparse Merkle
//! trees over an abstract store, and the native state transition (`ops/<op>.rs`).
//!
//! Normative documents: `docs/state-layout.md` (leaves, trees, root), `docs/pubdata.md` (op
//! encodings, priority queue, batch statement), `docs/bit-widths.md` (ranges).

pub mod crypto;
pub mod genesis;
pub mod margin;
pub mod math;
pub mod ops;
pub mod pubdata;
pub mod state;
pub mod store;
pub mod tree;
pub mod types;

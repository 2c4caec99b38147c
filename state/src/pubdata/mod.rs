//! Pubdata (`docs/pubdata.md`): byte-exact encoders, a decoder, the priority-queue hash chain,
//! the batch statement, and [`rebuild_from_pubdata`], which rebuilds the state from batch pubdata
//! alone.

pub mod decode;
pub mod encode;
pub mod rebuild;
pub mod statement;

pub use decode::{decode_batch, DecodedOp, PubdataError};
pub use rebuild::{rebuild_from_pubdata, RebuildError};
pub use statement::{chain_priority, BatchStatement, QUEUE_HASH_INITIAL};

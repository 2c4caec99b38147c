//! The sequencer's L1 side: the [`watcher`] that turns the Rollup contract's priority queue into
//! keeper priority operations, and the [`submitter`] that commits proven batches to L1.
//!
//! Invariant: priority operations reach the keeper exactly once and in queue order; the resume
//! point is the state's own priority cursor, never a separate counter.

pub mod submitter;
pub mod watcher;

pub use submitter::{SubmitError, Submitter};
pub use watcher::{decode_priority, PriorityOp, Watcher, WatcherConfig, WatcherError};

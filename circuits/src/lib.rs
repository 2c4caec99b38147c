//! Placeholder; filled in by the issues that own this crate.

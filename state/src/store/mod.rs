//! Storage backends (filled in by the foundation issue).

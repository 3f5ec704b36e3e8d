//! Paths into document trees (placeholder).

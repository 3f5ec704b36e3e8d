//! Limits Trowel imposes, in one place so they are stated once and documented.

/// Largest paste the core analyses, in bytes. Larger input is cut at a line boundary below
/// this size and a warning says so. Keeps every offset within a `u32` with room to spare.
pub const MAX_PASTE_BYTES: usize = 512 * 1024 * 1024;

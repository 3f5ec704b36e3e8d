//! Limits Trowel imposes, in one place so they are stated once and documented.

/// Largest paste the core analyses, in bytes. Larger input is cut at a line boundary below
/// this size and a warning says so. Keeps every offset within a `u32` with room to spare.
pub const MAX_PASTE_BYTES: usize = 512 * 1024 * 1024;

/// How much of `paste` is read when at most `limit` bytes are: all of it, or up to the last
/// line break below the limit (one character boundary below it when there is none).
pub fn analysed_len(paste: &str, limit: usize) -> usize {
    if paste.len() <= limit {
        return paste.len();
    }
    match paste.as_bytes()[..limit].iter().rposition(|b| *b == b'\n') {
        Some(i) => i + 1,
        None => (0..=limit).rev().find(|at| paste.is_char_boundary(*at)).unwrap_or(0),
    }
}

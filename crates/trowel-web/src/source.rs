//! The paste as the editor shows it: its text, its lines, its widest line, and the line under
//! the caret.
//!
//! A `Source` is built once per edit and shared by every component that shows the paste;
//! props compare it by identity, so a re-render never compares megabytes of text.

use std::rc::Rc;
use trowel_core::span::LineIndex;

#[derive(Clone)]
pub struct Source(Rc<Inner>);

/// From this size on, the paste is shown read-only by default: a browser takes seconds to lay
/// out megabytes in a text area, while the read-only view draws only the lines in sight.
pub const LARGE_BYTES: usize = 1_000_000;

struct Inner {
    text: Rc<str>,
    index: LineIndex,
    /// Characters in the longest line, to size the editor without measuring the DOM.
    widest: u32,
    /// ASCII text has equal byte and UTF-16 offsets, so caret positions need no conversion.
    ascii: bool,
}

impl Source {
    pub fn new(text: impl Into<Rc<str>>) -> Source {
        let text: Rc<str> = text.into();
        let index = LineIndex::new(&text);
        let (mut widest, mut current) = (0u32, 0u32);
        for &byte in text.as_bytes() {
            if byte == b'\n' {
                widest = widest.max(current);
                current = 0;
            } else if byte & 0xC0 != 0x80 {
                // Count characters, not bytes: continuation bytes do not start one.
                current += 1;
            }
        }
        let widest = widest.max(current);
        let ascii = text.is_ascii();
        Source(Rc::new(Inner { text, index, widest, ascii }))
    }

    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The text as a shared string, for handing to the DOM without copying it in Rust.
    pub fn shared_text(&self) -> Rc<str> {
        self.0.text.clone()
    }

    pub fn is_empty(&self) -> bool {
        self.0.text.is_empty()
    }

    /// Lines the editor shows (an empty paste still has its one empty line).
    pub fn line_count(&self) -> u32 {
        self.0.index.line_count()
    }

    /// The text of 1-based line `n` without its line break; empty past the end.
    pub fn line(&self, n: u32) -> &str {
        &self.0.text[self.line_range(n)]
    }

    /// The bytes of 1-based line `n` in the text, without its line break; empty past the end.
    pub fn line_range(&self, n: u32) -> std::ops::Range<usize> {
        if n == 0 || n > self.line_count() {
            return self.0.text.len()..self.0.text.len();
        }
        let span = self.0.index.line_span(&self.0.text, n);
        span.start as usize..span.end as usize
    }

    pub fn widest_line(&self) -> u32 {
        self.0.widest
    }

    pub fn is_large(&self) -> bool {
        self.0.text.len() >= LARGE_BYTES
    }

    /// The byte offset of a position given in UTF-16 code units (as the DOM counts), clamped to
    /// the text.
    pub fn byte_at_utf16(&self, offset: u32) -> usize {
        if self.0.ascii {
            return (offset as usize).min(self.0.text.len());
        }
        let mut units = 0usize;
        self.0
            .text
            .char_indices()
            .find(|(_, c)| {
                units += c.len_utf16();
                units > offset as usize
            })
            .map_or(self.0.text.len(), |(at, _)| at)
    }

    /// The 1-based line holding a caret position given in UTF-16 code units.
    pub fn line_at_utf16(&self, offset: u32) -> u32 {
        self.0.index.line(self.byte_at_utf16(offset) as u32)
    }

    /// The text with `range` (UTF-16 offsets, as a text area's selection) replaced by `with`.
    pub fn replaced_utf16(&self, (start, end): (u32, u32), with: &str) -> String {
        let (start, end) = (self.byte_at_utf16(start.min(end)), self.byte_at_utf16(start.max(end)));
        let text = self.text();
        let mut out = String::with_capacity(text.len() - (end - start) + with.len());
        out.push_str(&text[..start]);
        out.push_str(with);
        out.push_str(&text[end..]);
        out
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Source {
    fn default() -> Source {
        Source::new("")
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({} bytes, {} lines)", self.0.text.len(), self.line_count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_widths_and_carets() {
        let source = Source::new("ab\nnaïve ünïcode\n\nlast");
        assert_eq!(source.line_count(), 4);
        assert_eq!(source.line(2), "naïve ünïcode");
        assert_eq!(source.line(3), "");
        assert_eq!(source.line(5), "");
        assert_eq!(source.line_range(2), 3..19);
        assert_eq!(source.line_range(0), 25..25);
        assert_eq!(source.widest_line(), 13);
        assert_eq!(source.line_at_utf16(0), 1);
        assert_eq!(source.line_at_utf16(3), 2);
        // "ab\n" + 13 characters + "\n" puts offset 17 at the start of line 3.
        assert_eq!(source.line_at_utf16(17), 3);
        assert_eq!(source.line_at_utf16(1000), 4);
    }

    #[test]
    fn characters_outside_the_basic_plane_count_twice_in_utf16() {
        let source = Source::new("🔥x\ny");
        assert_eq!(source.line_at_utf16(2), 1);
        assert_eq!(source.line_at_utf16(4), 2);
        assert_eq!(source.byte_at_utf16(2), 4);
    }

    #[test]
    fn a_paste_replaces_the_selection() {
        let source = Source::new("naïve 🔥 text");
        // "naïve " is 6 UTF-16 units and the flame 2 more.
        assert_eq!(source.replaced_utf16((6, 8), "cold"), "naïve cold text");
        assert_eq!(source.replaced_utf16((8, 6), "cold"), "naïve cold text");
        assert_eq!(source.replaced_utf16((0, 99), "all"), "all");
        assert_eq!(Source::new("").replaced_utf16((0, 0), "new"), "new");
    }

    #[test]
    fn identity_not_content_decides_equality() {
        let a = Source::new("same");
        assert_eq!(a, a.clone());
        assert_ne!(a, Source::new("same"));
    }
}

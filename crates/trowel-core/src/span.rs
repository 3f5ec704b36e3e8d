//! Byte ranges into the one paste, and the line index that turns them into line numbers.
//!
//! Every quote Trowel shows is `&paste[span]`; nothing copies the text it quotes. Spans are
//! `u32` pairs (a paste is capped well below 4 GiB, see [`crate::limits`]) so facts stay small.

use serde::Serialize;

/// A half-open byte range `start..end` into the paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        // The paste size limit keeps every offset below u32::MAX.
        Span { start: start as u32, end: end as u32 }
    }

    /// The span of `part`, which must be a sub-slice of `whole` (the paste).
    pub fn of(whole: &str, part: &str) -> Span {
        let start = part.as_ptr() as usize - whole.as_ptr() as usize;
        debug_assert!(start + part.len() <= whole.len(), "part is not a slice of whole");
        Span::new(start, start + part.len())
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// A sub-span given by offsets relative to this span's start.
    pub fn sub(self, from: usize, to: usize) -> Span {
        Span::new(self.start as usize + from, self.start as usize + to)
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers. Spans are only ever built from the paste they index.
    pub fn text(self, paste: &str) -> &str {
        &paste[self.range()]
    }
}

/// Maps byte offsets to 1-based line numbers (and back) in one paste.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; line 1 starts at 0.
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(paste: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(paste.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', paste.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts, len: paste.len() as u32 }
    }

    /// The 1-based line that holds byte `offset`.
    pub fn line(&self, offset: u32) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based first and last line of a span (an empty span sits on one line).
    pub fn lines(&self, span: Span) -> (u32, u32) {
        let first = self.line(span.start);
        let last = if span.end > span.start { self.line(span.end - 1) } else { first };
        (first, last)
    }

    /// 1-based column (in bytes) of an offset.
    pub fn column(&self, offset: u32) -> u32 {
        let line = self.line(offset);
        offset - self.starts[line as usize - 1] + 1
    }

    /// The span of a whole 1-based line, without its line break.
    pub fn line_span(&self, paste: &str, line: u32) -> Span {
        let start = self.starts[line as usize - 1];
        let mut end = self.starts.get(line as usize).map_or(self.len, |next| next - 1);
        if end > start && paste.as_bytes()[end as usize - 1] == b'\r' {
            end -= 1;
        }
        Span { start, end }
    }

    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let paste = "ab\r\ncd\n\nef";
        let index = LineIndex::new(paste);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(4), 2);
        assert_eq!(index.column(5), 2);
        assert_eq!(index.line_span(paste, 1).text(paste), "ab");
        assert_eq!(index.line_span(paste, 3).text(paste), "");
        assert_eq!(index.line_span(paste, 4).text(paste), "ef");
        assert_eq!(index.lines(Span::new(0, 5)), (1, 2));
    }
}

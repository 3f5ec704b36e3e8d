//! Line iteration with spans: the one loop every parser uses to walk its artifact.
//!
//! Lines end at `\n`; a `\r` before it is not part of the line. Each [`Line`] knows its span in
//! the paste, so a parser never computes offsets by hand.

use crate::blank::Blank;
use crate::span::Span;

/// One line of the paste, without its line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub text: &'a str,
    pub span: Span,
}

impl<'a> Line<'a> {
    /// The line without leading and trailing whitespace, and its span.
    pub fn trimmed(&self) -> Line<'a> {
        let text = self.text.trim_ws();
        let lead = if text.is_empty() { 0 } else { self.text.len() - self.text.trim_ws_start().len() };
        Line { text, span: self.span.sub(lead, lead + text.len()) }
    }

    pub fn is_blank(&self) -> bool {
        // Most lines start with a visible ASCII byte: decided without trimming. (The ASCII
        // bytes `trim` removes are tab to carriage return, vertical tab included, and space.)
        match self.text.bytes().find(|b| !matches!(b, b'\t'..=b'\r' | b' ')) {
            None => true,
            Some(b) if b.is_ascii() => false,
            Some(_) => self.text.trim_ws().is_empty(),
        }
    }

    /// Leading spaces (a tab counts as one); used to recover structure from indentation.
    pub fn indent(&self) -> usize {
        self.text.len() - self.text.trim_ws_start().len()
    }

    /// The span of `part`, a sub-slice of this line's text.
    pub fn span_of(&self, part: &str) -> Span {
        let from = part.as_ptr() as usize - self.text.as_ptr() as usize;
        self.span.sub(from, from + part.len())
    }
}

/// Iterates the lines of `paste[span]`.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    paste: &'a str,
    pos: usize,
    end: usize,
}

impl<'a> Lines<'a> {
    pub fn new(paste: &'a str, span: Span) -> Lines<'a> {
        Lines { paste, pos: span.start as usize, end: span.end as usize }
    }

    /// Every line of a whole text.
    pub fn all(paste: &'a str) -> Lines<'a> {
        Lines { paste, pos: 0, end: paste.len() }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.end {
            return None;
        }
        let bytes = &self.paste.as_bytes()[self.pos..self.end];
        let (line_end, next) = match memchr::memchr(b'\n', bytes) {
            Some(i) => (self.pos + i, self.pos + i + 1),
            None => (self.end, self.end),
        };
        let mut text_end = line_end;
        if text_end > self.pos && self.paste.as_bytes()[text_end - 1] == b'\r' {
            text_end -= 1;
        }
        let line = Line { text: &self.paste[self.pos..text_end], span: Span::new(self.pos, text_end) };
        self.pos = next;
        Some(line)
    }
}

/// `text.split_once(' ')` through `memchr`: the first word of a line is short, and std's
/// char search costs more to start than such a word takes to read; parsers and the
/// segmenter split every line this way.
pub fn split_once_space(text: &str) -> Option<(&str, &str)> {
    let at = memchr::memchr(b' ', text.as_bytes())?;
    Some((&text[..at], &text[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_slice_the_paste() {
        let paste = "one\r\n  two \n\nthree";
        let lines: Vec<_> = Lines::all(paste).collect();
        assert_eq!(lines.iter().map(|l| l.text).collect::<Vec<_>>(), ["one", "  two ", "", "three"]);
        for line in &lines {
            assert_eq!(line.span.text(paste), line.text);
        }
        let two = lines[1].trimmed();
        assert_eq!((two.text, two.span.text(paste)), ("two", "two"));
        assert_eq!(lines[1].indent(), 2);
    }

    #[test]
    fn a_trailing_newline_makes_no_empty_last_line() {
        assert_eq!(Lines::all("a\n").count(), 1);
        assert_eq!(Lines::all("").count(), 0);
    }

    #[test]
    fn blank_lines_are_whitespace_only() {
        let blank = |text| Line { text, span: Span::default() }.is_blank();
        assert!(blank("") && blank(" \t\x0b\x0c\r") && blank("\u{a0} "));
        assert!(!blank("  x") && !blank("\u{a0}x") && !blank("\x1c"));
    }

    #[test]
    fn first_word_and_rest() {
        assert_eq!(split_once_space("INFO  ok"), Some(("INFO", " ok")));
        assert_eq!(split_once_space("word"), None);
    }
}

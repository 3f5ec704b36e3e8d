//! Quote markers of e-mail and Markdown (`> `, `> > `): tickets, handovers and vendor
//! replies quote what a program printed (`> x509: certificate has expired …`, `> {"level":
//! "ERROR", …}`) behind them. Behind its marker a quoted log line or command output is no
//! longer what its reader recognises, so analysis reads a copy with the markers blanked
//! ([`unquote`]).
//!
//! The copy is the paste's length and keeps every line and column, so spans made on it are
//! spans of the paste, and quotes stay verbatim (marker included). Left alone: a shell
//! continuation or prompt (`> kubectl get pods`, which segmentation reads as a command), a
//! REPL's `>>> `, and the `> ` lines of a normal diff (after a `12c12` range, a `< ` line or
//! the `---` between the two sides), which the diff reader reads as added lines.

use crate::ascii::Set;
use crate::blank::Blank;
/// The paste with quote markers blanked; None when no line is quoted (the usual case).
pub fn unquote(paste: &str) -> Option<String> {
    memchr::memchr(b'>', paste.as_bytes())?;
    let mut copy: Option<Vec<u8>> = None;
    let mut offset = 0;
    // The last line without markers: whether quote-like lines are a normal diff's `> ` side
    // depends on it, and it is only looked at when such a line comes.
    let mut last_plain = "";
    for line in paste.split_inclusive('\n') {
        let text = line.trim_ws_start();
        let indent = line.len() - text.len();
        let markers = marker_len(text);
        if markers == 0 {
            last_plain = text;
            offset += line.len();
            continue;
        }
        if !is_diff_context(last_plain) && !crate::segment::starts_with_program(text[markers..].trim_ws_start()) {
            let copy = copy.get_or_insert_with(|| paste.as_bytes().to_vec());
            for b in &mut copy[offset + indent..offset + indent + markers] {
                if *b == b'>' {
                    *b = b' ';
                }
            }
        }
        offset += line.len();
    }
    // Only ASCII `>` bytes were replaced by ASCII spaces, so the copy is still UTF-8.
    copy.map(|bytes| String::from_utf8(bytes).unwrap_or_else(|_| paste.to_string()))
}

/// Bytes of the quote markers that open `text` (`>`, `> >`, `>>`), or 0: each marker is a
/// `>` followed by a space, another marker or the line's end; `>>>` is a REPL's prompt.
fn marker_len(text: &str) -> usize {
    if text.starts_with(">>>") || !text.starts_with('>') {
        return 0;
    }
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() && matches!(bytes[end], b'>' | b' ') {
        end += 1;
    }
    let ends_well = bytes.get(end).is_none_or(|b| matches!(b, b'\n' | b'\r')) || bytes[end - 1] == b' ';
    if ends_well { end } else { 0 }
}

/// A line a normal diff's `> ` lines follow: a range (`12c12`, `5,7d4`), a removed line
/// (`< old`) or the `---` between the sides.
fn is_diff_context(text: &str) -> bool {
    let text = text.trim_ws_end();
    if text.starts_with("< ") || text == "<" || text == "---" {
        return true;
    }
    let Some(op) = text.find_of(b"acd") else { return false };
    let range = |s: &str| !s.is_empty() && s.split(',').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    range(&text[..op]) && range(&text[op + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_markers_are_blanked_in_place() {
        let paste = "Bank reply:\n  > Our client logs:\n  >   x509: certificate has expired\n>\n> > nested\n";
        let copy = unquote(paste).unwrap();
        assert_eq!(copy.len(), paste.len());
        assert_eq!(copy, "Bank reply:\n    Our client logs:\n      x509: certificate has expired\n \n    nested\n");
    }

    #[test]
    fn prompts_repl_markers_comparisons_and_normal_diffs_keep_theirs() {
        assert_eq!(unquote("no quotes at all\n"), None);
        assert_eq!(unquote("> kubectl get pods\n>>> import os\nlatency >200ms\n"), None);
        assert_eq!(unquote("3c3\n< replicas: 4\n---\n> replicas: 12\n"), None);
        // A quote after a diff is a quote again once a line that is neither has passed.
        assert_eq!(unquote("3c3\n< a\n---\n> b\nthen:\n> quoted\n").unwrap(), "3c3\n< a\n---\n> b\nthen:\n  quoted\n");
    }
}

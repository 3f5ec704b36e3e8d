//! Quoted scalars, shared by the JSON and YAML readers: finding the closing quote, resolving
//! escapes (JSON's are a subset of YAML's double-quoted ones) and folding line breaks the way
//! YAML folds multi-line quoted scalars.

use crate::ascii::Set;
use std::borrow::Cow;

/// A quoted scalar as read from the paste.
pub(super) struct Quoted<'a> {
    pub text: Cow<'a, str>,
    /// Offset just past the closing quote, or where reading stopped.
    pub end: usize,
    pub stop: Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    Closed,
    /// No closing quote before the end of the line (JSON strings cannot span lines).
    LineEnd,
    /// No closing quote before `limit`.
    Limit,
}

/// Reads the scalar whose opening quote (`"` or `'`) is at `start`, not reading past `limit`.
/// With `multiline` a line break is part of the scalar (YAML); without, it stops reading (JSON).
pub(super) fn quoted(src: &str, start: usize, limit: usize, multiline: bool) -> Quoted<'_> {
    let bytes = src.as_bytes();
    let quote = bytes[start];
    let double = quote == b'"';
    let mut i = start + 1;
    let mut cooked = false;
    while i < limit {
        // Jump to the next byte that matters: the quote, an escape, or a line break.
        match memchr::memchr3(quote, b'\\', b'\n', &bytes[i..limit]) {
            Some(skip) => i += skip,
            None => break,
        }
        match bytes[i] {
            b'\\' if double => {
                cooked = true;
                i += 2;
            }
            b if b == quote => {
                if !double && bytes.get(i + 1) == Some(&b'\'') && i + 1 < limit {
                    cooked = true;
                    i += 2;
                    continue;
                }
                let raw = &src[start + 1..i];
                let text = if cooked { Cow::Owned(cook(raw, double)) } else { Cow::Borrowed(raw) };
                return Quoted { text, end: i + 1, stop: Stop::Closed };
            }
            b'\n' if !multiline => {
                let end = if bytes[i - 1] == b'\r' { i - 1 } else { i };
                return Quoted { text: cook_lossy(&src[start + 1..end.max(start + 1)], double), end, stop: Stop::LineEnd };
            }
            b'\n' => {
                cooked = true;
                i += 1;
            }
            _ => i += 1,
        }
    }
    // An escape right before the limit can step past it; clamp, then back off to a char boundary.
    let mut end = limit.min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    Quoted { text: cook_lossy(&src[start + 1..end], double), end, stop: Stop::Limit }
}

/// The text of an unterminated scalar: escapes resolved, nothing else assumed.
fn cook_lossy(raw: &str, double: bool) -> Cow<'_, str> {
    if raw.contains_of(b"\\'\n") {
        Cow::Owned(cook(raw, double))
    } else {
        Cow::Borrowed(raw)
    }
}

/// Resolves escapes (double-quoted) or doubled quotes (single-quoted), and folds line breaks:
/// a single break becomes a space, each further empty line a newline, and the whitespace
/// around breaks is dropped.
fn cook(raw: &str, double: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if double => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') | Some('\t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('0') => out.push('\0'),
                Some('a') => out.push('\u{7}'),
                Some('v') => out.push('\u{b}'),
                Some('e') => out.push('\u{1b}'),
                Some(' ') => out.push(' '),
                Some('N') => out.push('\u{85}'),
                Some('_') => out.push('\u{a0}'),
                Some('L') => out.push('\u{2028}'),
                Some('P') => out.push('\u{2029}'),
                Some('x') => out.push(hex_char(&mut chars, 2)),
                Some('u') => {
                    let high = hex_value(&mut chars, 4);
                    out.push(match high {
                        Some(h @ 0xD800..=0xDBFF) => low_surrogate(&mut chars)
                            .and_then(|low| char::from_u32(0x10000 + ((h - 0xD800) << 10) + (low - 0xDC00)))
                            .unwrap_or(char::REPLACEMENT_CHARACTER),
                        Some(v) => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
                        None => char::REPLACEMENT_CHARACTER,
                    });
                }
                Some('U') => out.push(hex_char(&mut chars, 8)),
                Some('\r') | Some('\n') => {
                    // An escaped line break joins the lines with nothing between them.
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '\'' if !double => {
                chars.next_if_eq(&'\'');
                out.push('\'');
            }
            '\r' | '\n' => {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                let kept = out.trim_end_of(b" \t").len();
                out.truncate(kept);
                let mut empty_lines = 0;
                loop {
                    while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
                    match chars.peek() {
                        Some('\n') => {
                            chars.next();
                            empty_lines += 1;
                        }
                        Some('\r') => {
                            chars.next();
                            chars.next_if_eq(&'\n');
                            empty_lines += 1;
                        }
                        _ => break,
                    }
                }
                if empty_lines == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', empty_lines));
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn hex_value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, digits: usize) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..digits {
        let digit = chars.next_if(char::is_ascii_hexdigit)?.to_digit(16)?;
        value = value * 16 + digit;
    }
    Some(value)
}

fn hex_char(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, digits: usize) -> char {
    hex_value(chars, digits).and_then(char::from_u32).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Reads `\uDC00`..`\uDFFF` after a high surrogate, consuming it only when it is one.
fn low_surrogate(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut ahead = chars.clone();
    if ahead.next()? != '\\' || ahead.next()? != 'u' {
        return None;
    }
    let low = hex_value(&mut ahead, 4).filter(|v| (0xDC00..=0xDFFF).contains(v))?;
    *chars = ahead;
    Some(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str, multiline: bool) -> (String, usize, Stop) {
        let q = quoted(src, 0, src.len(), multiline);
        (q.text.into_owned(), q.end, q.stop)
    }

    #[test]
    fn escapes_and_surrogates() {
        assert_eq!(read(r#""a\"b\\c\n\u00e9\ud83d\ude00" rest"#, false).0, "a\"b\\c\né😀");
        assert_eq!(read(r#""lone \ud83d here""#, false).0, "lone \u{fffd} here");
        assert_eq!(read(r#""bad \uZZ""#, false).0, "bad \u{fffd}ZZ");
        assert_eq!(read("'it''s'", false), ("it's".to_string(), 7, Stop::Closed));
    }

    #[test]
    fn yaml_folds_line_breaks() {
        assert_eq!(read("\"one\n   two\n\n  three\"", true).0, "one two\nthree");
        assert_eq!(read("\"joined\\\n   here\"", true).0, "joinedhere");
    }

    #[test]
    fn unterminated_quotes_stop_at_the_line_or_limit() {
        assert_eq!(read("\"open\nnext", false), ("open".to_string(), 5, Stop::LineEnd));
        assert_eq!(read("\"open\r\nnext", false), ("open".to_string(), 5, Stop::LineEnd));
        assert_eq!(read("\"open\\", true).2, Stop::Limit);
        assert_eq!(read("'é", true), ("é".to_string(), 3, Stop::Limit));
    }
}

//! White space as std means it (Unicode `White_Space`), handled byte by byte while the text
//! is ASCII: `trim_ws`, `trim_ws_start`, `trim_ws_end` and `words` are `str::trim`,
//! `trim_start`, `trim_end` and `split_whitespace` with the same results.
//!
//! Why: every line of a paste is trimmed and split into words several times. std's versions
//! decode each character and ask `char::is_whitespace`; natively that is inlined away, but
//! the browser build is optimised for size and keeps them as calls (trimming and splitting
//! were a tenth of its instructions on a generated log paste). These look at a byte and only
//! decode a character when the byte is not ASCII.

/// std's white-space tests, fast on ASCII. Implemented for `str`.
pub trait Blank {
    /// `str::trim`.
    fn trim_ws(&self) -> &str;
    /// `str::trim_start`.
    fn trim_ws_start(&self) -> &str;
    /// `str::trim_end`.
    fn trim_ws_end(&self) -> &str;
    /// `str::split_whitespace`.
    fn words(&self) -> Words<'_>;
}

impl Blank for str {
    fn trim_ws(&self) -> &str {
        self.trim_ws_start().trim_ws_end()
    }

    fn trim_ws_start(&self) -> &str {
        let rest = self.trim_ascii_start();
        // A non-ASCII byte may start Unicode white space (`U+00A0`, `U+3000`); std's trim
        // stops at vertical tab's absence from ASCII's list too.
        match rest.as_bytes().first() {
            Some(&b) if b >= 0x80 || b == VERTICAL_TAB => rest.trim_start(),
            _ => rest,
        }
    }

    fn trim_ws_end(&self) -> &str {
        let rest = self.trim_ascii_end();
        match rest.as_bytes().last() {
            Some(&b) if b >= 0x80 || b == VERTICAL_TAB => rest.trim_end(),
            _ => rest,
        }
    }

    fn words(&self) -> Words<'_> {
        Words { rest: self }
    }
}

/// White space to `char::is_whitespace` but not to `u8::is_ascii_whitespace`.
const VERTICAL_TAB: u8 = 0x0b;

/// The words of a text, as `str::split_whitespace` gives them (see [`Blank::words`]).
#[derive(Clone)]
pub struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest.trim_ws_start();
        if text.is_empty() {
            self.rest = text;
            return None;
        }
        let bytes = text.as_bytes();
        let mut end = 0;
        while end < bytes.len() {
            let b = bytes[end];
            if b < 0x80 {
                if b.is_ascii_whitespace() || b == VERTICAL_TAB {
                    break;
                }
                end += 1;
            } else {
                let c = text[end..].chars().next().unwrap_or_default();
                if c.is_whitespace() {
                    break;
                }
                end += c.len_utf8();
            }
        }
        self.rest = &text[end..];
        Some(&text[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::Blank;
    use proptest::prelude::*;

    #[test]
    fn unicode_white_space_is_white_space() {
        assert_eq!("\u{a0} x\u{3000}".trim_ws(), "x");
        assert_eq!("\u{b}x\u{b}".trim_ws(), "x");
        assert_eq!("a\u{a0}b\tc  é\u{2003}d".words().collect::<Vec<_>>(), ["a", "b", "c", "é", "d"]);
        assert_eq!("   ".words().count(), 0);
    }

    proptest! {
        #[test]
        fn same_as_std(text in "[ \\t\\x0b\\r\\na-cé\u{a0}\u{3000}\u{2028}]{0,24}") {
            prop_assert_eq!(text.trim_ws(), text.trim());
            prop_assert_eq!(text.trim_ws_start(), text.trim_start());
            prop_assert_eq!(text.trim_ws_end(), text.trim_end());
            prop_assert_eq!(text.words().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        }
    }
}

//! Terminal control sequences in a paste: the colour codes a raw terminal capture keeps
//! (`script`, `tmux capture-pane -e`, `stern` or `kubectl` piped through `tee`, a CI job's
//! raw log), written as the ESC byte and what follows it (`ESC[31m`, `ESC[0m`, `ESC[2K`).
//!
//! On screen they are invisible; in the text they sit inside words and between columns, so
//! `ESC[32mRunningESC[0m` is not `Running` and a coloured table's columns do not line up.
//! Analysis therefore reads a copy without them ([`strip`]) and maps every span it made back
//! onto the paste ([`Stripped::quote`], [`Stripped::boundary`]): quotes stay verbatim slices
//! of what was pasted (codes inside a quote are kept), and line numbers do not change, since
//! a sequence never spans a line break.

use crate::span::Span;

/// The ESC byte that starts every sequence.
const ESC: u8 = 0x1b;
/// BEL, which ends an operating-system command (`ESC]0;title BEL`, a window title).
const BEL: u8 = 0x07;

/// A paste without its control sequences, and where they were.
pub struct Stripped {
    /// The paste with every sequence removed.
    pub text: String,
    /// For each removed sequence, in order: its offset in `text` and the bytes removed up to
    /// and including it.
    removed: Vec<(u32, u32)>,
}

/// The paste without its terminal control sequences; None when it has none (the usual case,
/// found with one `memchr`).
pub fn strip(paste: &str) -> Option<Stripped> {
    let bytes = paste.as_bytes();
    let mut at = memchr::memchr(ESC, bytes)?;
    let mut text = String::with_capacity(paste.len());
    let mut removed = Vec::new();
    let mut copied = 0;
    let mut total = 0u32;
    loop {
        let len = sequence_len(&bytes[at..]);
        text.push_str(&paste[copied..at]);
        copied = at + len;
        total += len as u32;
        removed.push((text.len() as u32, total));
        match memchr::memchr(ESC, &bytes[copied..]) {
            Some(next) => at = copied + next,
            None => break,
        }
    }
    text.push_str(&paste[copied..]);
    Some(Stripped { text, removed })
}

/// Bytes of the sequence at the start of `bytes` (which starts with ESC): a CSI sequence
/// (`ESC [` parameters, intermediates, one final byte), an operating-system command
/// (`ESC ]` … BEL or `ESC \`), a character-set choice (`ESC ( B`), or ESC and one byte. A
/// sequence cut short ends where its bytes stop fitting, and never takes a line break or a
/// non-ASCII character (so the copy stays valid UTF-8 and keeps its lines).
fn sequence_len(bytes: &[u8]) -> usize {
    let body = |from: usize, fits: &dyn Fn(u8) -> bool| from + bytes[from..].iter().take_while(|&&b| fits(b)).count();
    match bytes.get(1) {
        Some(b'[') => {
            let params = body(2, &|b| (0x30..=0x3f).contains(&b));
            let inter = body(params, &|b| (0x20..=0x2f).contains(&b));
            inter + usize::from(bytes.get(inter).is_some_and(|b| (0x40..=0x7e).contains(b)))
        }
        Some(b']') => {
            let end = body(2, &|b| b != BEL && b != ESC && b != b'\n' && b.is_ascii());
            match bytes.get(end) {
                Some(&BEL) => end + 1,
                Some(&ESC) if bytes.get(end + 1) == Some(&b'\\') => end + 2,
                _ => end,
            }
        }
        Some(b'(' | b')') => 2 + usize::from(bytes.get(2).is_some_and(|b| b.is_ascii_graphic())),
        Some(b) if b.is_ascii_graphic() => 2,
        _ => 1,
    }
}

impl Stripped {
    /// The paste without the byte ranges `cuts` (in order, not overlapping, none holding a
    /// line break, each on character boundaries), mapped back as sequences are: how another
    /// reader (a terminal UI's frames, [`crate::frames`]) removes what is not text.
    pub(crate) fn without(paste: &str, cuts: &[(usize, usize)]) -> Stripped {
        let mut text = String::with_capacity(paste.len());
        let mut removed = Vec::with_capacity(cuts.len());
        let (mut copied, mut total) = (0, 0u32);
        for &(start, end) in cuts {
            text.push_str(&paste[copied..start]);
            copied = end;
            total += (end - start) as u32;
            removed.push((text.len() as u32, total));
        }
        text.push_str(&paste[copied..]);
        Stripped { text, removed }
    }

    /// Sequences removed.
    pub fn count(&self) -> usize {
        self.removed.len()
    }

    /// Bytes removed before offset `at` of the copy; with `inclusive`, also those removed
    /// exactly at `at`.
    fn removed_before(&self, at: u32, inclusive: bool) -> u32 {
        let n = self.removed.partition_point(|&(pos, _)| if inclusive { pos <= at } else { pos < at });
        n.checked_sub(1).map_or(0, |i| self.removed[i].1)
    }

    /// A quoted span of the copy, on the paste: the sequences just before and just after the
    /// quoted text are left out, those inside it kept.
    pub fn quote(&self, span: Span) -> Span {
        let start = span.start + self.removed_before(span.start, true);
        let end = span.end + self.removed_before(span.end, false);
        Span { start, end: end.max(start) }
    }

    /// A span that tiles the copy with its neighbours (an artifact), on the paste: a sequence
    /// at a boundary ends the span before it, so the spans still tile the paste.
    pub fn boundary(&self, span: Span) -> Span {
        let at = |x: u32| if x == 0 { 0 } else { x + self.removed_before(x, true) };
        Span { start: at(span.start), end: at(span.end) }
    }
}

/// Text for a terminal or a document: control characters other than line breaks and tabs
/// shown as their Unicode pictures (`ESC` as `␛`), so a quoted colour code or window-title
/// sequence is seen, not obeyed by the reader's terminal. One character stays one character,
/// so columns computed on the text still line up.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r' && (c as u32) < 0x80;
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let picture = |c: char| if c == '\u{7f}' { '\u{2421}' } else { char::from_u32(0x2400 + c as u32).unwrap_or(c) };
    text.chars().map(|c| if hidden(c) { picture(c) } else { c }).collect::<String>().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_shows_control_characters() {
        assert_eq!(printable("a\x1b[31mb\x07\x7f\tc\n"), "a\u{241b}[31mb\u{2407}\u{2421}\tc\n");
        assert!(matches!(printable("plain\n"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn strips_colour_codes_and_maps_quotes_back() {
        let paste = "\x1b[1;32mweb-1\x1b[0m Running\n\x1b]0;title\x07$ ls\n";
        let stripped = strip(paste).expect("has sequences");
        assert_eq!(stripped.text, "web-1 Running\n$ ls\n");
        assert_eq!(stripped.count(), 3);
        // `web-1` in the copy is `web-1` in the paste, without the codes around it.
        let name = stripped.quote(Span::new(0, 5));
        assert_eq!(name.text(paste), "web-1");
        // A quote of the whole first line keeps the code inside it.
        let line = stripped.quote(Span::new(0, 13));
        assert_eq!(line.text(paste), "web-1\x1b[0m Running");
        // The second line, as a quote and as a tile.
        let second = stripped.quote(Span::new(14, 18));
        assert_eq!(second.text(paste), "$ ls");
        let tiles = [stripped.boundary(Span::new(0, 14)), stripped.boundary(Span::new(14, 19))];
        assert_eq!((tiles[0].start, tiles[0].end, tiles[1].start), (0, tiles[1].start, tiles[0].end));
        assert_eq!(tiles[1].end as usize, paste.len());
    }

    #[test]
    fn cut_or_odd_sequences_never_take_lines_or_characters() {
        assert_eq!(strip("a\x1b[31").unwrap().text, "a");
        assert_eq!(strip("a\x1b[3\nb").unwrap().text, "a\nb");
        assert_eq!(strip("a\x1b]title\nb").unwrap().text, "a\nb");
        assert_eq!(strip("a\x1b(Bb\x1b=c\x1b").unwrap().text, "abc");
        assert_eq!(strip("é\x1bé").unwrap().text, "éé");
        assert!(strip("no codes").is_none());
    }
}

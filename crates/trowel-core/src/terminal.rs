//! Terminal control sequences in a paste: the colour codes a raw terminal capture keeps
//! (`script`, `tmux capture-pane -e`, `stern` or `kubectl` piped through `tee`, a CI job's
//! raw log), written as the ESC byte and what follows it (`ESC[31m`, `ESC[0m`, `ESC[2K`), or
//! in the caret notation `cat -v` shows them in (`^[[31m`, `^M`, `^H`, `^[]0;title^G`); and
//! what a terminal did with a line's carriage returns and backspaces: a progress bar or a
//! shell's prompt redrawn over the same line (`Pushing 2MB\rPushing 9MB\rPushed`, zsh's `%`
//! mark), a typo rubbed out (`pantyr\x08\x08ry`).
//!
//! On screen they are invisible; in the text they sit inside words and between columns, so
//! `ESC[32mRunningESC[0m` is not `Running` and a coloured table's columns do not line up.
//! Analysis therefore reads a copy without them ([`strip`]), the line as the screen last showed
//! it, and maps every span it made back onto the paste ([`Stripped::quote`],
//! [`Stripped::boundary`]): quotes stay verbatim slices of what was pasted (codes inside a
//! quote are kept), and line numbers do not change, since nothing removed spans a line break.

use crate::span::Span;

/// The ESC byte that starts every sequence.
const ESC: u8 = 0x1b;
/// BEL, which ends an operating-system command (`ESC]0;title BEL`, a window title).
const BEL: u8 = 0x07;
/// BS, which moves back over the character before it (a rubbed-out typo).
const BS: u8 = 0x08;

/// A paste without its control sequences, and where they were.
pub struct Stripped {
    /// The paste with every sequence removed.
    pub text: String,
    /// For each removed sequence, in order: its offset in `text` and the bytes removed up to
    /// and including it.
    removed: Vec<(u32, u32)>,
    /// Control sequences and characters found (several may make one removed range).
    controls: usize,
}

/// The paste without its terminal control sequences, and each line as a terminal last showed
/// it (the text before a carriage return that more text follows was overwritten, a character
/// before a backspace rubbed out); None when it has none (the usual case, found with a few
/// byte searches: ESC, BS, a carriage return not ending a line, `^[[…m`/`^M` of `cat -v`).
pub fn strip(paste: &str) -> Option<Stripped> {
    let bytes = paste.as_bytes();
    let caret = caret_notation(bytes);
    // A carriage return redraws its line only in a paste of line-feed lines: a file of old
    // Mac line ends (no line feed at all) is lines, not one line drawn over and over.
    let redraws = memchr::memchr(b'\n', bytes).is_some() && memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1).is_some_and(|&b| b != b'\n'));
    if !caret && !redraws && memchr::memchr2(ESC, BS, bytes).is_none() {
        return None;
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut controls = 0;
    // Start of the current line, end of the last control handled, and a carriage return
    // whose line has not gone on yet (it overwrites the line only if text follows it): where
    // it ends, and whether it is a real one (`^M` was counted when found).
    let (mut line_start, mut done, mut pending_cr) = (0usize, 0usize, None::<(usize, bool)>);
    let mut at = 0;
    while let Some(found) = next_control(bytes, at, caret, redraws) {
        let Some((len, kind)) = control_at(bytes, found, caret) else {
            at = found + 1;
            continue;
        };
        controls += settle_gap(bytes, done..found, &mut line_start, &mut pending_cr, &mut cuts);
        match kind {
            Control::Sequence => push_cut(&mut cuts, found, found + len),
            // `^M` is two characters of text; a real CR before the line feed is left to the
            // line reader, which drops it.
            Control::Return if len > 1 => {
                push_cut(&mut cuts, found, found + len);
                pending_cr = Some((found + len, false));
            }
            Control::Return => pending_cr = Some((found + len, true)),
            Control::Backspace => {
                // The character before it, past what was already cut, goes with it (none at
                // the start of a line, or right after a carriage return).
                let mut back = found;
                for &(start, end) in cuts.iter().rev() {
                    if end != back || start < line_start {
                        break;
                    }
                    back = start;
                }
                let from = if back > line_start && pending_cr.is_none() { previous_char(paste, back) } else { found };
                push_cut(&mut cuts, from, found + len);
            }
        }
        controls += usize::from(!matches!((&kind, len), (Control::Return, 1)));
        done = found + len;
        at = done;
    }
    controls += settle_gap(bytes, done..bytes.len(), &mut line_start, &mut pending_cr, &mut cuts);
    let mut stripped = Stripped::without(paste, &cuts);
    stripped.controls = controls;
    Some(stripped)
}

/// What a control does to the text around it.
enum Control {
    /// Removed: a colour code, a mode switch, a window title, a bell.
    Sequence,
    /// A carriage return: the text before it on its line is overwritten by what follows.
    Return,
    /// A backspace: the character before it is rubbed out.
    Backspace,
}

/// Where the next candidate control starts at or after `from`.
fn next_control(bytes: &[u8], from: usize, caret: bool, redraws: bool) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let found = match (caret, redraws) {
        (true, true) => memchr::memchr3(ESC, b'^', b'\r', rest).or_else(|| memchr::memchr(BS, rest)),
        (true, false) => memchr::memchr3(ESC, b'^', BS, rest),
        (false, true) => memchr::memchr3(ESC, b'\r', BS, rest),
        (false, false) => memchr::memchr2(ESC, BS, rest),
    };
    // One search finds at most three bytes: with all four wanted, a BS before the first of the
    // other three is found by a second search over the bytes before it.
    let found = match (caret && redraws, found) {
        (true, Some(i)) => memchr::memchr(BS, &rest[..i]).unwrap_or(i),
        (_, found) => found?,
    };
    Some(from + found)
}

/// The control at `at` (its length and effect), or None when the byte there starts none.
fn control_at(bytes: &[u8], at: usize, caret: bool) -> Option<(usize, Control)> {
    match bytes[at] {
        ESC => Some((sequence_len(&bytes[at..]), Control::Sequence)),
        BS => Some((1, Control::Backspace)),
        b'\r' => Some((1, Control::Return)),
        b'^' if caret => match bytes.get(at + 1)? {
            b'[' => caret_sequence_len(&bytes[at..]).map(|len| (len, Control::Sequence)),
            b'M' => Some((2, Control::Return)),
            b'H' => Some((2, Control::Backspace)),
            b'G' => Some((2, Control::Sequence)),
            _ => None,
        },
        _ => None,
    }
}

/// Moves past the text between two controls: text after a carriage return on its line means
/// the return overwrote the line up to it; a line break starts a new line. Returns the real
/// carriage returns that overwrote.
fn settle_gap(bytes: &[u8], gap: std::ops::Range<usize>, line_start: &mut usize, pending_cr: &mut Option<(usize, bool)>, cuts: &mut Vec<(usize, usize)>) -> usize {
    let text = &bytes[gap.clone()];
    if text.is_empty() {
        return 0;
    }
    let line_end = memchr::memchr(b'\n', text);
    let mut overwrote = 0;
    if let Some((end, real)) = *pending_cr {
        if text[..line_end.unwrap_or(text.len())].iter().any(|&b| b != b'\r') {
            push_cut(cuts, *line_start, end);
            overwrote = usize::from(real);
            *pending_cr = None;
        }
    }
    if let Some(last) = memchr::memrchr(b'\n', text) {
        *line_start = gap.start + last + 1;
        *pending_cr = None;
    }
    overwrote
}

/// Adds a removed range; ranges it covers are dropped (those found after a carriage return
/// that turns out to overwrite its line, or before a backspace).
fn push_cut(cuts: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    if cuts.last().is_none_or(|&(last, _)| last < start) {
        cuts.push((start, end));
        return;
    }
    let from = cuts.partition_point(|&(s, _)| s < start);
    let to = cuts.partition_point(|&(s, _)| s < end);
    cuts.splice(from..to, [(start, end)]);
}

/// Offset of the character that ends at `at`.
fn previous_char(text: &str, at: usize) -> usize {
    (0..at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// Whether the paste shows control sequences in `cat -v`'s caret notation: a colour code
/// (`^[[0;31m`, `^[[m`), a window title (`^[]0;`) or a line ended by `^M`. Other carets stay
/// text (`grep '^[[:space:]]'`, `^[a-z]`), and the notation is read only in a paste that has one.
fn caret_notation(bytes: &[u8]) -> bool {
    // One scan for `^`, rare in text, answers all three questions.
    memchr::memchr_iter(b'^', bytes).any(|at| match (bytes.get(at + 1), bytes.get(at + 2)) {
        (Some(b'['), Some(b'[')) => {
            let params = bytes[at + 3..].iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
            bytes.get(at + 3 + params) == Some(&b'm')
        }
        (Some(b'['), Some(b']')) => bytes.get(at + 3).is_some_and(u8::is_ascii_digit) && bytes.get(at + 4) == Some(&b';'),
        (Some(b'M'), Some(b'\n')) => true,
        (Some(b'M'), Some(b'\r')) => bytes.get(at + 3) == Some(&b'\n'),
        _ => false,
    })
}

/// Bytes of a sequence in caret notation at the start of `bytes` (which starts with `^[`), or
/// None when what follows is no complete sequence (then the carets are text): a CSI sequence
/// with its final byte (`^[[0;31m`, `^[[?2004h`, `^[[200~`), an operating-system command
/// ended on its line by `^G` or `^[\\`, a character-set choice (`^[(B`), or one of the few
/// one-letter escapes terminals send (`^[=`, `^[>`, `^[7`, `^[8`, `^[M`).
fn caret_sequence_len(bytes: &[u8]) -> Option<usize> {
    let fits = |from: usize, ok: &dyn Fn(u8) -> bool| from + bytes.get(from..).map_or(0, |b| b.iter().take_while(|&&b| ok(b)).count());
    match *bytes.get(2)? {
        b'[' => {
            let params = fits(3, &|b| b.is_ascii_digit() || matches!(b, b';' | b'?' | b'<' | b'=' | b'>'));
            let inter = fits(params, &|b| (0x20..=0x2f).contains(&b) && b != b' ');
            bytes.get(inter).filter(|b| (0x40..=0x7e).contains(*b) && **b != b'[' && **b != b'^').map(|_| inter + 1)
        }
        b']' => {
            let line = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
            let body = &bytes[..line];
            let bell = memchr::memmem::find(body, b"^G").map(|i| i + 2);
            let st = memchr::memmem::find(&body[3..], b"^[\\").map(|i| i + 3 + 3);
            match (bell, st) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        }
        b'(' | b')' => bytes.get(3).filter(|b| b.is_ascii_alphanumeric()).map(|_| 4),
        b'=' | b'>' | b'7' | b'8' | b'M' | b'c' => Some(3),
        _ => None,
    }
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
        Stripped { text, removed, controls: cuts.len() }
    }

    /// Control sequences and characters found (for a terminal UI's frames: the pieces cut).
    pub fn count(&self) -> usize {
        self.controls
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
    fn caret_notation_of_cat_v_is_read_like_the_bytes() {
        let paste = "^[]0;ana@ws: ~^G^[[01;32mana@ws^[[00m:~$ kubectl get pods^M\n^[[?2004l^MNAME    READY^M\nweb-1   1/1^M\n";
        let stripped = strip(paste).expect("caret notation");
        assert_eq!(stripped.text, "ana@ws:~$ kubectl get pods\nNAME    READY\nweb-1   1/1\n");
        let at = stripped.text.find("web-1").unwrap();
        assert_eq!(stripped.quote(Span::new(at, at + 11)).text(paste), "web-1   1/1");
        // Carets that make no sequence stay text; without a caret-notation colour code or
        // `^M` line end, the notation is not read at all.
        assert_eq!(strip("^[[0m grep '^[[:space:]]' x ^[a-z]^M\n").unwrap().text, " grep '^[[:space:]]' x ^[a-z]\n");
        assert!(strip("grep '^[[:space:]]' x^Mfoo ^H\n").is_none());
    }

    #[test]
    fn a_redrawn_line_reads_as_last_drawn() {
        // A progress bar redrawn in place, a CRLF line end, a CR before a colour reset.
        let paste = "a3c1: Pushing 2MB\ra3c1: Pushing 9MB\ra3c1: Pushed\nnext\r\ndone\r\x1b[0m\n";
        let stripped = strip(paste).expect("redraws");
        assert_eq!(stripped.text, "a3c1: Pushed\nnext\r\ndone\r\n");
        assert_eq!(stripped.quote(Span::new(0, 12)).text(paste), "a3c1: Pushed");
        // zsh's end-of-line mark, wiped by the prompt drawn over it.
        let zsh = "\x1b[1m\x1b[7m%\x1b[27m\x1b[0m      \r \r\x1b[0m\x1b[J\x1b[36mlea\x1b[0m ~ % kubectl get svc\n";
        assert_eq!(strip(zsh).unwrap().text, "lea ~ % kubectl get svc\n");
        assert_eq!(strip("\x1b[1mx\x1b[0m\r  \r\x1b[0mok\n").unwrap().count(), 5);
        // Lines of old Mac line ends are lines, not redraws.
        assert!(strip("one\rtwo\rthree").is_none());
    }

    #[test]
    fn backspaces_rub_out_the_character_before() {
        assert_eq!(strip("kubectl -n shpo\x08\x08op get pods\n").unwrap().text, "kubectl -n shop get pods\n");
        assert_eq!(strip("\x08x\x1b[1m\x08y\n").unwrap().text, "y\n");
        assert_eq!(strip("é\x08e\n").unwrap().text, "e\n");
        assert_eq!(strip("^[[1mab^H^Hcd^[[0m^M\n").unwrap().text, "cd\n");
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

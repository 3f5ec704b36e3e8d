//! Quoted-printable text: an e-mail's source as a mail client's "show original" or a
//! forwarded `.eml` shows it, with long lines broken by a soft line break (`=` at the line's
//! end) and `=` itself written `=3D` (`--set image.tag=3D2.14.0`, `Failed to pul=` over
//! `l image …`). A paste holding it is read from a copy with those encodings undone, mapped
//! back like a terminal capture's colour codes ([`crate::terminal::Stripped`]): the copy is
//! the paste with byte ranges removed, so every quote is still a slice of the paste.
//!
//! Undone: soft line breaks (the `=` and its line break), `=3D` (its `3D`), and a trailing
//! space or tab (`=20`, `=09` before a line break, which is where the encoding puts them).
//! Other encoded bytes (`=E2=80=94`, an em dash) stay as written: removal cannot spell them,
//! and ops text rarely needs them.
//!
//! A line ending in `=` is also a base64 value's padding (`password: cGFzcw==`), so nothing
//! is undone unless the paste shows the encoding itself: an encoded `=` (`=3D`) or the
//! `Content-Transfer-Encoding: quoted-printable` header. Every paste is first searched once
//! for a soft line break (`=` before a line feed); a quoted-printable text without one (all
//! its lines short) is read as it is, `=3D` and all.

use crate::terminal::Stripped;

const HEADER: &str = "quoted-printable";

/// The paste with its quoted-printable encodings undone, or None when it shows none.
pub fn strip(paste: &str) -> Option<Stripped> {
    let bytes = paste.as_bytes();
    // One search of every paste; the other two only where a line ends in `=`.
    if memchr::memmem::find(bytes, b"=\n").is_none() || memchr::memmem::find(bytes, b"=3D").is_none() && !crate::ascii::contains_ci(paste, HEADER) {
        return None;
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for at in memchr::memchr_iter(b'=', bytes) {
        if cuts.last().is_some_and(|&(_, end)| at < end) {
            continue;
        }
        let next = |i: usize| bytes.get(at + i).copied();
        let cut = match (next(1), next(2), next(3)) {
            (Some(b'\n'), _, _) => Some((at, at + 2)),
            (Some(b'\r'), Some(b'\n'), _) => Some((at, at + 3)),
            (Some(b'3'), Some(b'D'), _) => Some((at + 1, at + 3)),
            (Some(b'2'), Some(b'0'), end) | (Some(b'0'), Some(b'9'), end) if matches!(end, None | Some(b'\n' | b'\r')) => Some((at, at + 3)),
            _ => None,
        };
        cuts.extend(cut);
    }
    (!cuts.is_empty()).then(|| Stripped::without(paste, &cuts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn soft_breaks_and_encoded_equals_are_undone_and_spans_map_back() {
        let paste = "Content-Transfer-Encoding: quoted-printable\n\n+ helm upgrade web --set image.tag=3D2.1=20\n  Warning  Failed  3m  kubelet  Failed to pul=\nl image \"reg/web:2.1\": not found\n";
        let stripped = strip(paste).expect("encoded");
        assert!(stripped.text.contains("--set image.tag=2.1\n"), "{}", stripped.text);
        assert!(stripped.text.contains("Failed to pull image \"reg/web:2.1\": not found"), "{}", stripped.text);
        // A quote of the joined words covers the soft break in the paste.
        let start = stripped.text.find("pull image").unwrap() as u32;
        let quoted = stripped.quote(Span { start, end: start + "pull image".len() as u32 });
        assert_eq!(&paste[quoted.start as usize..quoted.end as usize], "pul=\nl image");
    }

    #[test]
    fn base64_padding_alone_is_no_encoding() {
        assert!(strip("data:\n  password: cGFzc3dvcmQ=\n  user: YWRtaW4=\n").is_none());
        assert!(strip("no equals here\n").is_none());
    }
}

//! The share link: the paste itself, compressed, in the page address's fragment.
//!
//! A link reads `<page>#z=<payload>`: the paste as UTF-8, compressed with raw DEFLATE (the
//! browser's `CompressionStream("deflate-raw")`), in unpadded base64url. A fragment is never
//! sent to a server, so the link works for the served app and for `trowel.html` opened from
//! disk alike, and whoever opens it sees the same paste and, analysed again, the same report.
//!
//! This module is the format without the browser: the payload's encoding, its size limit and
//! what a broken link is. Compression runs in the browser (`components::compress`).

use std::fmt;

/// What starts a share fragment (`location.hash` includes the `#`).
pub const PREFIX: &str = "#z=";

/// The longest payload a link carries, in characters (24,000 bytes compressed). Chat tools are
/// the narrow end: Slack truncates messages past 40,000 characters, and this leaves room for
/// the page's own address and a sentence; Chromium accepts addresses up to 2 MB. Ops text
/// compresses 2–4× (the repository's fixtures: 3.6×), so a paste of about 85 KB fits.
pub const MAX_PAYLOAD_CHARS: usize = 32_000;

/// Why a fragment gave no paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than any link Trowel makes: refused rather than inflated without bound.
    TooLong { chars: usize },
    /// Characters outside base64url, or a length no base64 has: cut or altered on the way.
    NotBase64,
    /// The browser could not decompress it (the message is the browser's).
    Corrupt(String),
    /// Decompressed, but not UTF-8 text.
    NotText,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { chars } => {
                write!(f, "the link's paste is {chars} characters long, more than the {MAX_PAYLOAD_CHARS} a Trowel link carries")
            }
            LinkError::NotBase64 => f.write_str("the link's paste has characters a Trowel link never has: it was probably cut or changed on the way"),
            LinkError::Corrupt(why) => write!(f, "the link's paste does not decompress ({why}): it was probably cut on the way"),
            LinkError::NotText => f.write_str("the link's paste decompresses to something that is not text"),
        }
    }
}

/// The fragment of a link to a paste compressed to `compressed`, or the payload's length in
/// characters when it is over [`MAX_PAYLOAD_CHARS`].
pub fn fragment(compressed: &[u8]) -> Result<String, usize> {
    let chars = compressed.len().div_ceil(3) * 4 - (3 - compressed.len() % 3) % 3;
    if chars > MAX_PAYLOAD_CHARS {
        return Err(chars);
    }
    Ok(format!("{PREFIX}{}", base64url(compressed)))
}

/// The compressed paste a page address's fragment carries: `None` when the fragment is not a
/// share link (empty, or some other anchor).
pub fn payload(hash: &str) -> Option<Result<Vec<u8>, LinkError>> {
    let payload = hash.strip_prefix(PREFIX)?;
    // Some chat tools and mail clients end a link at its padding or keep it: either reads.
    let payload = payload.trim_end_matches('=');
    Some(match payload.len() {
        n if n > MAX_PAYLOAD_CHARS => Err(LinkError::TooLong { chars: n }),
        _ => from_base64url(payload).ok_or(LinkError::NotBase64),
    })
}

/// The paste from the decompressed payload.
pub fn text(decompressed: Vec<u8>) -> Result<String, LinkError> {
    String::from_utf8(decompressed).map_err(|_| LinkError::NotText)
}

/// The page's address without its fragment, for building a link to it.
pub fn page(href: &str) -> &str {
    href.split_once('#').map_or(href, |(page, _)| page)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url (RFC 4648 §5). Written here rather than taken from the `base64` crate:
/// twenty lines against several kilobytes of a general engine in a size-budgeted wasm; the
/// tests check it against that crate.
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut group = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|&a| a == c)? as u32;
            group |= value << (18 - 6 * i);
        }
        // The bits past the last whole byte are zero in every encoder's output.
        if group & ((1 << (32 - 8 * chunk.len())) - 1) != 0 {
            return None;
        }
        out.extend_from_slice(&group.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_payload_is_base64url_and_reads_back(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let fragment = fragment(&bytes).unwrap();
            prop_assert_eq!(&fragment[PREFIX.len()..], URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(payload(&fragment), Some(Ok(bytes)));
        }

        #[test]
        fn any_fragment_gives_a_paste_or_an_error(hash in "#z=[A-Za-z0-9_=+/.-]{0,40}") {
            // Never a panic; and what reads is what the base64 crate reads.
            let expected = URL_SAFE_NO_PAD.decode(hash[3..].trim_end_matches('=')).ok();
            prop_assert_eq!(payload(&hash).unwrap().ok(), expected);
        }
    }

    #[test]
    fn only_share_fragments_are_read() {
        assert_eq!(payload(""), None);
        assert_eq!(payload("#graph"), None);
        assert_eq!(payload("#z=aGk"), Some(Ok(b"hi".to_vec())));
        assert_eq!(payload("#z=aGk="), Some(Ok(b"hi".to_vec())), "padding is tolerated");
        assert_eq!(payload("#z=a"), Some(Err(LinkError::NotBase64)), "no base64 is one character past a group");
        assert_eq!(payload("#z=aG k"), Some(Err(LinkError::NotBase64)));
    }

    #[test]
    fn links_past_the_limit_are_neither_made_nor_opened() {
        let limit = MAX_PAYLOAD_CHARS / 4 * 3;
        assert_eq!(fragment(&vec![7; limit]).map(|f| f.len() - PREFIX.len()), Ok(MAX_PAYLOAD_CHARS));
        assert_eq!(fragment(&vec![7; limit + 1]), Err(MAX_PAYLOAD_CHARS + 2));
        let long = format!("{PREFIX}{}", "A".repeat(MAX_PAYLOAD_CHARS + 4));
        assert_eq!(payload(&long), Some(Err(LinkError::TooLong { chars: MAX_PAYLOAD_CHARS + 4 })));
    }

    #[test]
    fn a_payload_must_be_utf8_text_and_errors_say_what_happened() {
        assert_eq!(text("ünïcode".as_bytes().to_vec()), Ok("ünïcode".to_string()));
        assert_eq!(text(vec![0xff, 0xfe]), Err(LinkError::NotText));
        assert!(LinkError::NotBase64.to_string().contains("cut or changed"));
        assert_eq!(page("file:///tmp/trowel.html#z=abc"), "file:///tmp/trowel.html");
        assert_eq!(page("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
    }
}

//! Free-text recognisers: the typed things worth noticing in a sentence or a log message.
//!
//! [`scan`] walks a text word by word and returns what it recognises, each with its byte
//! range: image references, digests (complete or truncated), semantic versions, git commits,
//! timestamps, durations, counts, percentages, network and database addresses, URLs and
//! Kubernetes object references. Notes and log messages use it; later parsers may too.
//!
//! The recognisers are deliberately conservative, because a false match becomes a false
//! fact: a 7–40 digit hex word is a commit only next to a word that says so (`commit`, `sha`,
//! `rev`, `@`, or in parentheses after a version); `10.0.0.1` is an address, not a version;
//! `2024.12.08` is a date, not a version; `main.go:42` is a source line, not a host. Nothing
//! is allocated unless something is found; values borrow from the text where they can.
//! Addresses never keep user names or passwords.

use crate::ascii::Set;
use crate::fact::{Address, EntityKind};
use crate::image::{Digest, ImageRef};
use crate::time::{parse_iso_prefix, Timestamp};
use crate::number::parse_f64;

/// One recognised thing: where it is in the text and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'a> {
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    pub what: What<'a>,
}

/// What a recogniser found.
#[derive(Debug, Clone, PartialEq)]
pub enum What<'a> {
    /// `registry/repository:tag@digest`: a repository path with a tag or a digest.
    Image(ImageRef),
    /// A digest standing alone, `sha256:…`, possibly truncated.
    Digest(Digest),
    /// A semantic version as printed (`v2.5.0`, `2.8.0-rc.1`).
    Version(&'a str),
    /// A git commit (hex, 7–40 digits), as printed.
    Commit(&'a str),
    Time(Timestamp),
    /// Seconds.
    Duration(f64),
    /// A whole number, separators removed (`48,211` → 48211).
    Count(f64),
    /// A percentage (`12.5%` → 12.5).
    Percent(f64),
    /// `host:port`, `host:port/database`, a bare IPv4 address, or a database DSN.
    Address(Address),
    /// A URL with a web scheme (`https://host/path`).
    Url(Address),
    /// A Kubernetes object: `deployment/web`, `ConfigMap x in namespace y`, `Pod/ns/name`.
    Object(ObjectRef<'a>),
}

/// A Kubernetes object named in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef<'a> {
    pub kind: EntityKind,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

/// Everything recognised in `text`, in order, without overlaps.
pub fn scan(text: &str) -> Vec<Found<'_>> {
    let mut out: Vec<Found<'_>> = Vec::new();
    let mut pos = 0;
    let mut prev: Option<Word<'_>> = None;
    while let Some(word) = next_word(text, pos) {
        pos = word.raw_end;
        if let Some(found) = recognise(text, word, prev, out.last()) {
            pos = pos.max(found.end);
            out.push(found);
        }
        prev = Some(word);
    }
    out
}

/// The first thing `pick` accepts, for callers that want one kind of thing.
pub fn first<'a, T>(found: &[Found<'a>], pick: impl Fn(&What<'a>) -> Option<T>) -> Option<T> {
    found.iter().find_map(|f| pick(&f.what))
}

/// A whitespace-delimited word, with surrounding punctuation trimmed from its core.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    /// The core: the word without brackets, quotes and sentence punctuation around it.
    text: &'a str,
    start: usize,
    raw_start: usize,
    raw_end: usize,
}

impl Word<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// True when the word was opened by `open` (e.g. `(` in `(commit 5d2c9a0e)`).
    fn opened_by(&self, whole: &str, open: u8) -> bool {
        whole.as_bytes()[self.raw_start..self.start].contains(&open)
    }
}

fn next_word(text: &str, from: usize) -> Option<Word<'_>> {
    let rest = text.get(from..)?;
    let lead = rest.len() - rest.trim_start().len();
    let raw_start = from + lead;
    if raw_start >= text.len() {
        return None;
    }
    let len = word_len(&text[raw_start..]);
    let raw_end = raw_start + len;
    let raw = &text[raw_start..raw_end];
    let core = raw.trim_start_matches(['(', '[', '"', '\'', '<', '{', '`', '‘', '“', '\\']);
    let start = raw_start + (raw.len() - core.len());
    let core = trim_word_end(core);
    Some(Word { text: core, start, raw_start, raw_end })
}

/// Bytes up to the first whitespace (ASCII fast, other Unicode spaces such as NBSP too).
fn word_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            return i;
        }
        if c >= 0x80 {
            if let Some(ch) = text[i..].chars().next() {
                if ch.is_whitespace() {
                    return i;
                }
                i += ch.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    b.len()
}

/// Trailing punctuation that ends a sentence or closes a bracket, but not the `...` of a
/// truncated digest (which ends in hex anyway) when followed by more text.
fn trim_word_end(word: &str) -> &str {
    word.trim_end_matches([')', ']', '"', '\'', '>', '}', ',', ';', '!', '?', ':', '.', '`', '’', '”', '…', '\\'])
}

fn recognise<'a>(text: &'a str, word: Word<'a>, prev: Option<Word<'a>>, last: Option<&Found<'a>>) -> Option<Found<'a>> {
    let w = word.text;
    if w.is_empty() {
        return None;
    }
    let first = w.as_bytes()[0];
    if first.is_ascii_digit() {
        if let Some(parsed) = parse_iso_prefix(&text[word.start..]) {
            return Some(found(word.start, word.start + parsed.len, What::Time(parsed.time)));
        }
    }
    // `key=value`: the key is the value's context (`commit=9f3c2ab`, `version=v2.14.0`). An
    // `=` inside a URL's query (`https://x/?a=b`) does not split the word.
    let split = w.split_once('=').filter(|(key, _)| !key.contains("://"));
    if let Some((key, value)) = split {
        if value.is_empty() || key.is_empty() {
            return None;
        }
        let value = value.trim_of(b"\"'\\");
        let at = word.start + (value.as_ptr() as usize - w.as_ptr() as usize);
        // Structured logs name objects by kind: `pod="shop/cart-7b9c"`, `node="ip-10-0-3-41"`.
        if let Some(object) = keyed_object(key, value) {
            return Some(found(at, at + value.len(), What::Object(object)));
        }
        return recognise_value(text, Word { text: value, start: at, raw_start: at, raw_end: at + value.len() }, Context::key(key), last);
    }
    let context = prev.map_or(Context::None, |p| Context::word(p.text));
    recognise_value(text, word, context, last)
}

/// What the words before a candidate say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    None,
    /// A word or key that announces a commit: `commit`, `sha`, `rev`, `revision`, `git_sha`, `@`.
    Commit,
    /// A word or key that announces a version: `version`, `ver`, `release`.
    Version,
}

impl Context {
    fn word(word: &str) -> Context {
        let word = word.trim_end_of(b":=");
        if ["commit", "sha", "rev", "revision", "git", "hash", "gitsha", "sha1", "ref"].iter().any(|k| word.eq_ignore_ascii_case(k)) {
            Context::Commit
        } else if ["version", "ver", "release", "v"].iter().any(|k| word.eq_ignore_ascii_case(k)) {
            Context::Version
        } else {
            Context::None
        }
    }

    fn key(key: &str) -> Context {
        let key = key.trim_of(b"\"'").rsplit(['.', '-']).next().unwrap_or(key);
        let lower_ends = |suffix: &str| {
            let k = key.as_bytes();
            k.len() >= suffix.len() && k[k.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
        };
        if lower_ends("commit") || lower_ends("sha") || lower_ends("revision") || lower_ends("rev") {
            Context::Commit
        } else if lower_ends("version") || key.eq_ignore_ascii_case("ver") {
            Context::Version
        } else {
            Context::None
        }
    }
}

fn found(start: usize, end: usize, what: What<'_>) -> Found<'_> {
    Found { start, end, what }
}

fn recognise_value<'a>(text: &'a str, word: Word<'a>, context: Context, last: Option<&Found<'a>>) -> Option<Found<'a>> {
    let w = word.text;
    let start = word.start;
    let whole = |what| Some(found(start, word.end(), what));
    if w.is_empty() {
        return None;
    }
    // Most words are plain words: only a commit (after `commit`) or a kind word can start there.
    let plain = w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_');
    if plain {
        if context == Context::Commit && is_commit(w, context, || false) {
            return whole(What::Commit(w));
        }
        return object_words(text, word);
    }
    if w.contains("://") {
        return url(w).map(|what| found(start, word.end(), what));
    }
    if let Some((digest, len)) = Digest::parse_prefix(w) {
        if digest.algorithm == "sha1" {
            return Some(found(start, start + len, What::Commit(&w[w.len().min(5)..len])));
        }
        return Some(found(start, start + len, What::Digest(digest)));
    }
    if let Some(at) = w.find('@') {
        if let Some(image) = ImageRef::parse(w).filter(|i| i.digest.as_ref().is_some_and(|d| d.algorithm != "sha1")) {
            return whole(What::Image(image));
        }
        // `main@sha1:5f2e…`, `app@e3b7d9f`: what follows an `@` may be a commit.
        let after = &w[at + 1..];
        let at_start = start + at + 1;
        let inner = Word { text: after, start: at_start, raw_start: at_start, raw_end: at_start + after.len() };
        return recognise_value(text, inner, Context::Commit, last);
    }
    if w.contains('/') {
        if let Some(mut object) = object_path(w) {
            // `deployment/ledger in namespace finance`.
            let mut end = word.end();
            if object.namespace.is_none() && word.raw_end == word.end() {
                if let Some(ns) = namespace_after(text, word.raw_end) {
                    object.namespace = Some(ns.text);
                    end = ns.end();
                }
            }
            return Some(found(start, end, What::Object(object)));
        }
        if let Some(image) = image_with_tag(w) {
            return whole(What::Image(image));
        }
        return host_port(w).map(|a| found(start, word.end(), What::Address(a)));
    }
    if w.contains(':') {
        return host_port(w).map(|a| found(start, word.end(), What::Address(a)));
    }
    if let Some(number) = w.strip_suffix('%') {
        return parse_f64(number).filter(|n| n.is_finite()).and_then(|n| whole(What::Percent(n)));
    }
    if is_ipv4(w) {
        return whole(What::Address(Address { host: Some(w.to_string()), ..Address::default() }));
    }
    if is_version(w, context == Context::Version) {
        return whole(What::Version(w));
    }
    if let Some(seconds) = duration(w) {
        return whole(What::Duration(seconds));
    }
    if is_commit(w, context, || word.opened_by(text, b'(') && matches!(last.map(|l| &l.what), Some(What::Version(_)))) {
        return whole(What::Commit(w));
    }
    if w.as_bytes()[0].is_ascii_digit() {
        return number_words(text, word);
    }
    object_words(text, word)
}

/// A number, possibly spread over following words: `48,211`, `1 234 567`, `25 min`.
fn number_words<'a>(text: &'a str, word: Word<'a>) -> Option<Found<'a>> {
    let w = word.text;
    let next = next_word(text, word.raw_end);
    if let (Some(next), Some(n)) = (next, parse_f64(w)) {
        // A number then a unit word: `25 min`, `3 hours`.
        if next.raw_start == next.start {
            if let Some(unit) = unit_seconds(next.text) {
                return Some(found(word.start, next.end(), What::Duration(n * unit)));
            }
        }
    }
    if let Some(n) = grouped(w, ',').or_else(|| grouped(w, '.').filter(|_| w.matches('.').count() >= 2)) {
        return Some(found(word.start, word.end(), What::Count(n)));
    }
    if w.bytes().all(|b| b.is_ascii_digit()) {
        // `1 234 567`: groups of three after a short first group, separated by one space.
        let mut value = parse_f64(w)?;
        let mut end = word.end();
        let mut cursor = word;
        if w.len() <= 3 {
            while let Some(group) = next_word(text, cursor.raw_end) {
                let gap = &text[cursor.raw_end..group.raw_start];
                let plain = group.raw_start == group.start && group.text.len() == 3 && group.text.bytes().all(|b| b.is_ascii_digit());
                if !plain || gap.chars().count() != 1 || cursor.raw_end != cursor.end() {
                    break;
                }
                value = value * 1000.0 + parse_f64(group.text)?;
                end = group.end();
                cursor = group;
            }
            // `702 725 658 681 51 48` is a row of numbers, not one: groups followed by
            // another number are no thousands.
            let listed = end > word.end() && next_word(text, cursor.raw_end).is_some_and(|n| n.text.starts_with(|c: char| c.is_ascii_digit()));
            if listed {
                return Some(found(word.start, word.end(), What::Count(parse_f64(w)?)));
            }
        }
        return Some(found(word.start, end, What::Count(value)));
    }
    // `48.211 records`: a dotted thousands group is a count only before a countable noun.
    if let (Some(n), Some(next)) = (grouped(w, '.'), next) {
        if is_count_noun(next.text) {
            return Some(found(word.start, word.end(), What::Count(n)));
        }
    }
    None
}

/// `1,234,567` with `sep` between groups of three: the value, if the shape is exact.
fn grouped(w: &str, sep: char) -> Option<f64> {
    let mut groups = w.split(sep);
    let head = groups.next()?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value = parse_f64(head)?;
    let mut count = 0;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value = value * 1000.0 + parse_f64(group)?;
        count += 1;
    }
    (count > 0).then_some(value)
}

/// Nouns that count things one by one, so a number before them is a whole number.
pub fn is_count_noun(word: &str) -> bool {
    lower(word.as_bytes(), &mut [0; 24]).is_some_and(count_noun_lower)
}

/// Nouns that count things one by one, in lower case.
pub const COUNT_NOUNS: &[&str] = &[
    "record", "records", "row", "rows", "item", "items", "event", "events", "message", "messages", "entry", "entries",
    "document", "documents", "file", "files", "object", "objects", "line", "lines", "key", "keys", "user", "users",
    "order", "orders", "request", "requests", "job", "jobs", "task", "tasks", "batch", "batches",
];

/// [`is_count_noun`] for a word already in lower case.
pub fn count_noun_lower(word: &[u8]) -> bool {
    COUNT_NOUNS.iter().any(|n| n.as_bytes() == word)
}

/// `word` in ASCII lower case, in `buf`; `None` when it is longer than the buffer (no
/// word this module looks up is).
pub fn lower<'b>(word: &[u8], buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..word.len())?;
    for (lower, byte) in out.iter_mut().zip(word) {
        *lower = byte.to_ascii_lowercase();
    }
    Some(out)
}

/// Seconds per unit for spelled-out units (`min`, `seconds`, `hrs`), any case.
fn unit_seconds(word: &str) -> Option<f64> {
    const UNITS: &[(&[&str], f64)] = &[
        (&["ms", "msec", "millisecond", "milliseconds"], 1e-3),
        (&["s", "sec", "secs", "second", "seconds"], 1.0),
        (&["min", "mins", "minute", "minutes"], 60.0),
        (&["h", "hr", "hrs", "hour", "hours"], 3600.0),
        (&["day", "days"], 86400.0),
    ];
    UNITS.iter().find(|(names, _)| names.iter().any(|n| word.eq_ignore_ascii_case(n))).map(|(_, seconds)| *seconds)
}

/// Go-style durations: `350ms`, `4m12s`, `1h2m3.5s`, `2h`, `5m0s`, `1.2s`, `3d`.
pub fn duration(w: &str) -> Option<f64> {
    let b = w.as_bytes();
    let mut i = 0;
    let mut total = 0.0;
    let mut parts = 0;
    let mut last_unit = f64::INFINITY;
    while i < b.len() {
        let num_start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if i == num_start {
            return None;
        }
        let n = parse_f64(&w[num_start..i])?;
        let unit_start = i;
        while i < b.len() && !b[i].is_ascii_digit() {
            i += 1;
        }
        // Sub-second units divide, so that `350ms` is exactly 0.35 and not 0.35000000000000003.
        let (unit, per_second) = match &w[unit_start..i] {
            "ns" => (1e-9, 1e9),
            "us" | "µs" | "μs" => (1e-6, 1e6),
            "ms" => (1e-3, 1e3),
            "s" => (1.0, 1.0),
            "m" => (60.0, 1.0),
            "h" => (3600.0, 1.0),
            "d" => (86400.0, 1.0),
            _ => return None,
        };
        // Units must shrink left to right (`4m12s`, not `12s4m`).
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += if per_second > 1.0 { n / per_second } else { n * unit };
        parts += 1;
    }
    // A lone `250m` is more likely CPU millicores than minutes.
    if parts == 1 && last_unit == 60.0 && total >= 100.0 * 60.0 {
        return None;
    }
    (parts > 0).then_some(total)
}

/// `v2.5.0`, `2.8.0-rc.1`, `1.2.3+build.5`, `v2.5`; with a version context also `15.4`.
/// Not IPv4 addresses (`10.0.0.1`), not dates (`2024.12.08`, `08.12.2024`), not plain
/// decimals (`0.25`) without context.
pub fn is_version(w: &str, context: bool) -> bool {
    let (prefixed, core) = match w.strip_prefix(['v', 'V']) {
        Some(rest) => (true, rest),
        None => (false, w),
    };
    let numbers_end = core.find_of(b"-+").unwrap_or(core.len());
    let (numbers, suffix) = core.split_at(numbers_end);
    let mut parts = 0;
    let mut date_like = false;
    for (i, part) in numbers.split('.').enumerate() {
        if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        // `2024.12.08` and `08.12.2024` are dates.
        date_like |= part.len() == 4 && (i == 0 || i == 2);
        parts += 1;
    }
    if !suffix.is_empty() {
        let rest = &suffix[1..];
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'+') {
            return false;
        }
    }
    match parts {
        3 => prefixed || !date_like,
        2 => prefixed || context,
        4 => prefixed,
        _ => false,
    }
}

/// A git commit: 7–40 hex digits. `context` says whether a word announced one; weaker
/// evidence (`strong_enough`, e.g. parentheses after a version) needs a digit and a letter.
fn is_commit(w: &str, context: Context, weak_evidence: impl Fn() -> bool) -> bool {
    if !(7..=40).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    if w.bytes().any(|b| b.is_ascii_uppercase()) && w.bytes().any(|b| b.is_ascii_lowercase()) {
        return false;
    }
    if context == Context::Commit {
        return true;
    }
    let mixed = w.bytes().any(|b| b.is_ascii_digit()) && w.bytes().any(|b| b.is_ascii_alphabetic());
    mixed && weak_evidence()
}

fn is_ipv4(w: &str) -> bool {
    let mut parts = 0;
    for part in w.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) || part.parse::<u16>().map_or(true, |n| n > 255) {
            return false;
        }
        parts += 1;
    }
    parts == 4
}

/// Extensions of source files, so that `main.go:42` is not read as a host and a port.
const SOURCE_EXTENSIONS: &[&str] =
    &["go", "py", "rs", "java", "js", "ts", "rb", "c", "cc", "cpp", "h", "hpp", "kt", "scala", "cs", "php", "ex", "exs", "swift", "yaml", "yml", "json"];

/// A host name: lower-case DNS labels with a letter somewhere, or an IPv4 address.
fn is_host(h: &str) -> bool {
    if is_ipv4(h) {
        return true;
    }
    let ok = !h.is_empty()
        && h.len() <= 253
        && h.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && h.bytes().any(|b| b.is_ascii_lowercase())
        && !h.starts_with_of(b"-.")
        && !h.ends_with_of(b"-.")
        && !h.contains("..");
    ok && !h.rsplit_once('.').is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext))
}

/// `host:port`, `host:port/database`, `[::1]:port`.
fn host_port(w: &str) -> Option<Address> {
    let (host, rest) = if let Some(inner) = w.strip_prefix('[') {
        let (host, rest) = inner.split_once(']')?;
        (host, rest.strip_prefix(':')?)
    } else {
        let (host, rest) = w.split_once(':')?;
        if !is_host(host) {
            return None;
        }
        (host, rest)
    };
    let port_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if port_len == 0 || port_len > 5 {
        return None;
    }
    let port: u16 = rest[..port_len].parse().ok().filter(|p| *p > 0)?;
    let after = &rest[port_len..];
    let path = match after.strip_prefix('/') {
        Some(path) if !path.is_empty() && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-./".contains(&b)) => {
            Some(path.to_string())
        }
        Some("") => None,
        None if after.is_empty() => None,
        _ => return None,
    };
    Some(Address { scheme: None, host: Some(host.to_string()), port: Some(port), path })
}

/// Schemes whose URL path names a database.
const DATABASE_SCHEMES: &[&str] = &[
    "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps",
    "sqlserver", "clickhouse", "cockroachdb", "nats", "kafka",
];

/// `scheme://[user[:password]@]host[:port][/path][?query]`: the address without the user
/// part (never a password) and without the query. `docker-pullable://` is an image.
fn url(w: &str) -> Option<What<'static>> {
    let (scheme, rest) = w.split_once("://")?;
    let scheme = scheme.strip_prefix("jdbc:").unwrap_or(scheme);
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return None;
    }
    if scheme.starts_with("docker") {
        return ImageRef::parse(w).map(What::Image);
    }
    let authority_end = rest.find_of(b"/?#").unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        // `[::1]:8080`: an IPv6 literal in brackets, then an optional port.
        Some(inner) => {
            let (host, rest) = inner.split_once(']')?;
            (host, rest.strip_prefix(':').map(str::parse::<u16>).transpose().ok()?)
        }
        None => match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p.parse::<u16>().ok()?)),
            None => (host_port, None),
        },
    };
    if host.is_empty() {
        return None;
    }
    let path_end = rest[authority_end..].find_of(b"?#").map_or(rest.len(), |i| authority_end + i);
    let path = &rest[authority_end..path_end];
    let lower = scheme.to_ascii_lowercase();
    let database = DATABASE_SCHEMES.contains(&lower.as_str());
    let path = if database {
        Some(path.trim_start_matches('/')).filter(|p| !p.is_empty()).map(str::to_string)
    } else {
        Some(path).filter(|p| !p.is_empty()).map(str::to_string)
    };
    let address = Address { scheme: Some(lower), host: Some(host.to_ascii_lowercase()), port, path };
    Some(if database { What::Address(address) } else { What::Url(address) })
}

/// An image with a repository path and a tag: `registry.corp.io/app:latest`, `team/app:v2`.
/// Not a file and line (`pkg/server.go:42`), not a path (`/var/run/x:1`).
fn image_with_tag(w: &str) -> Option<ImageRef> {
    if w.starts_with_of(b"/.~") {
        return None;
    }
    let image = ImageRef::parse(w)?;
    let tag = image.tag.as_deref()?;
    let last = image.repository.rsplit('/').next().unwrap_or("");
    if tag.bytes().all(|b| b.is_ascii_digit()) && last.contains('.') {
        return None;
    }
    // A bare `host:port/path` parses as a registry and a repository without a tag; those are
    // addresses, and were rejected above by requiring a tag.
    Some(image)
}

/// The entity kind of a Kubernetes kind word (`deployment.apps`, `ConfigMap`, `svc`).
pub fn k8s_kind(word: &str) -> Option<EntityKind> {
    let base = word.split('.').next().unwrap_or(word);
    lower(base.as_bytes(), &mut [0; 24]).and_then(kind_lower)
}

/// Kubernetes kinds as people write them in text (lower case), with the entity kind each
/// stands for. Argo CD `app`/`apps` are left out: `apps/v1` is an apiVersion far more often.
pub const KIND_WORDS: &[(&str, EntityKind)] = &[
    ("deployment", EntityKind::Deployment),
    ("deployments", EntityKind::Deployment),
    ("deploy", EntityKind::Deployment),
    ("statefulset", EntityKind::StatefulSet),
    ("statefulsets", EntityKind::StatefulSet),
    ("sts", EntityKind::StatefulSet),
    ("daemonset", EntityKind::DaemonSet),
    ("daemonsets", EntityKind::DaemonSet),
    ("ds", EntityKind::DaemonSet),
    ("replicaset", EntityKind::ReplicaSet),
    ("replicasets", EntityKind::ReplicaSet),
    ("rs", EntityKind::ReplicaSet),
    ("pod", EntityKind::Pod),
    ("pods", EntityKind::Pod),
    ("po", EntityKind::Pod),
    ("job", EntityKind::Job),
    ("jobs", EntityKind::Job),
    ("cronjob", EntityKind::CronJob),
    ("cronjobs", EntityKind::CronJob),
    ("cj", EntityKind::CronJob),
    ("service", EntityKind::Service),
    ("services", EntityKind::Service),
    ("svc", EntityKind::Service),
    ("ingress", EntityKind::Ingress),
    ("ingresses", EntityKind::Ingress),
    ("ing", EntityKind::Ingress),
    ("configmap", EntityKind::ConfigMap),
    ("configmaps", EntityKind::ConfigMap),
    ("cm", EntityKind::ConfigMap),
    ("secret", EntityKind::Secret),
    ("secrets", EntityKind::Secret),
    ("node", EntityKind::Node),
    ("nodes", EntityKind::Node),
    ("namespace", EntityKind::Namespace),
    ("namespaces", EntityKind::Namespace),
    ("ns", EntityKind::Namespace),
    ("horizontalpodautoscaler", EntityKind::HorizontalPodAutoscaler),
    ("hpa", EntityKind::HorizontalPodAutoscaler),
    ("networkpolicy", EntityKind::NetworkPolicy),
    ("networkpolicies", EntityKind::NetworkPolicy),
    ("netpol", EntityKind::NetworkPolicy),
    ("certificate", EntityKind::Certificate),
    ("certificates", EntityKind::Certificate),
    ("resourcequota", EntityKind::ResourceQuota),
    ("kustomization", EntityKind::Kustomization),
    ("helmrelease", EntityKind::HelmRelease),
    ("application", EntityKind::GitOpsApp),
];

/// The entity kind of a kind word already in lower case.
pub fn kind_lower(word: &[u8]) -> Option<EntityKind> {
    KIND_WORDS.iter().find(|(name, _)| name.as_bytes() == word).map(|(_, kind)| kind.clone())
}

/// A DNS-1123 name as Kubernetes objects have.
fn is_object_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric()
}

/// `pod="ns/name"`, `node=name`, `deployment=web`: a value named by a kind key.
fn keyed_object<'a>(key: &str, value: &'a str) -> Option<ObjectRef<'a>> {
    let kind = lower(key.as_bytes(), &mut [0; 24]).filter(|k| k.len() > 2).and_then(kind_lower)?;
    let (namespace, name) = match value.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, value),
    };
    (is_object_name(name) && namespace.is_none_or(is_object_name)).then_some(ObjectRef { kind, namespace, name })
}

/// `kind/name`, `kind.group/name`, `Kind/namespace/name` (as Flux prints them).
fn object_path(w: &str) -> Option<ObjectRef<'_>> {
    let mut parts = w.split('/');
    let kind = k8s_kind(parts.next()?)?;
    let a = parts.next()?;
    let (namespace, name) = match parts.next() {
        Some(b) => (Some(a), b),
        None => (None, a),
    };
    if parts.next().is_some() || !is_object_name(name) || namespace.is_some_and(|ns| !is_object_name(ns)) {
        return None;
    }
    // `deploy/cloudrun/web.yaml` is a manifest's path under a `deploy/` folder, not an object.
    if [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext)) {
        return None;
    }
    Some(ObjectRef { kind, namespace, name })
}

/// Words that follow a kind word without being a name (`pod is restarting`).
const NOT_NAMES: &[&str] = &["is", "was", "has", "not", "in", "the", "a", "an", "and", "or", "for", "to", "of", "with", "from", "on"];

/// The namespace named right after `from`: `in namespace analytics`, `namespace analytics`,
/// `-n analytics`.
fn namespace_after(text: &str, from: usize) -> Option<Word<'_>> {
    let mut cursor = next_word(text, from);
    if cursor.is_some_and(|w| w.text == "in") {
        cursor = cursor.and_then(|w| next_word(text, w.raw_end));
    }
    let key = cursor.filter(|w| w.text.eq_ignore_ascii_case("namespace") || w.text == "-n")?;
    next_word(text, key.raw_end).filter(|w| is_object_name(w.text))
}

/// `ConfigMap orders-env [in namespace shop]`, `secret "db-creds"`, `pod ns/name`.
fn object_words<'a>(text: &'a str, word: Word<'a>) -> Option<Found<'a>> {
    // Short abbreviations (`cm`, `ns`, `po`) are words of their own in prose; only the
    // spelled-out kinds name an object when followed by a name.
    const TOO_SHORT: &[&str] = &["po", "cm", "ns", "ds", "rs", "cj", "ing", "sts", "svc"];
    let kind = k8s_kind(word.text).filter(|_| !word.text.contains('.') && !TOO_SHORT.iter().any(|a| word.text.eq_ignore_ascii_case(a)))?;
    if word.raw_end != word.end() {
        return None;
    }
    let name_word = next_word(text, word.raw_end)?;
    let quoted = name_word.opened_by(text, b'"') || name_word.opened_by(text, b'\'');
    let (namespace, name) = match name_word.text.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, name_word.text),
    };
    if !is_object_name(name) || namespace.is_some_and(|ns| !is_object_name(ns)) || NOT_NAMES.contains(&name) {
        return None;
    }
    // `the 15:20 deploy (v7.3.0 — …)`, `release v2.4.1`: what was shipped, not an object.
    if !quoted && (name_word.opened_by(text, b'(') || is_version(name, false)) {
        return None;
    }
    let mut end = name_word.end();
    if quoted && text[end..].starts_with_of(b"\"'") {
        end += 1;
    }
    let mut namespace = namespace;
    // Also after one verb: `ConfigMap x replaced in namespace y`.
    let after_verb = next_word(text, name_word.raw_end)
        .filter(|w| w.raw_end == w.end() && w.text.bytes().all(|b| b.is_ascii_lowercase()) && w.text != "in")
        .and_then(|verb| namespace_after(text, verb.raw_end));
    if let Some(ns) = namespace_after(text, name_word.raw_end).or(after_verb) {
        namespace = namespace.or(Some(ns.text));
        end = ns.end();
    }
    let name_like = quoted || namespace.is_some() || name.bytes().any(|b| b == b'-' || b == b'.' || b.is_ascii_digit());
    name_like.then(|| found(word.start, end, What::Object(ObjectRef { kind, namespace, name })))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders what `scan` found as `text=kind:value` for compact assertions.
    fn seen(text: &str) -> Vec<String> {
        scan(text)
            .iter()
            .map(|f| {
                let value = match &f.what {
                    What::Image(i) => format!("image:{i}"),
                    What::Digest(d) => format!("digest:{d}"),
                    What::Version(v) => format!("version:{v}"),
                    What::Commit(c) => format!("commit:{c}"),
                    What::Time(t) => format!("time:{t}"),
                    What::Duration(s) => format!("duration:{s}"),
                    What::Count(n) => format!("count:{n}"),
                    What::Percent(p) => format!("percent:{p}"),
                    What::Address(a) => format!("address:{}", crate::fact::Value::Address(Box::new(a.clone()))),
                    What::Url(a) => format!("url:{}", crate::fact::Value::Address(Box::new(a.clone()))),
                    What::Object(o) => format!("object:{}:{}/{}", o.kind.kubectl_name(), o.namespace.unwrap_or("-"), o.name),
                };
                format!("{}={value}", &text[f.start..f.end])
            })
            .collect()
    }

    #[test]
    fn images_and_digests() {
        assert_eq!(
            seen("Built and pushed v4.1.0 (commit 5d2c9a0e) -> reg.example.net/billing-api:latest sha256:77ab01cd...be90"),
            [
                "v4.1.0=version:v4.1.0",
                "5d2c9a0e=commit:5d2c9a0e",
                "reg.example.net/billing-api:latest=image:reg.example.net/billing-api:latest",
                "sha256:77ab01cd...be90=digest:sha256:77ab01cd…be90",
            ]
        );
        assert_eq!(seen("pulled ghcr.io/acme/api@sha256:4f1e0d2a…a913"), ["ghcr.io/acme/api@sha256:4f1e0d2a…a913=image:ghcr.io/acme/api@sha256:4f1e0d2a…a913"]);
        // Paths, source lines and bare host:port/db are not images.
        assert_eq!(seen("at /app/src/handler.go:42 and pkg/server.go:17"), Vec::<String>::new());
        assert_eq!(seen("k8s/overlays/prod/kustomization.yaml"), Vec::<String>::new());
    }

    #[test]
    fn versions_but_not_dates_ips_or_decimals() {
        assert_eq!(seen("released as 2.8.0-rc.1 on Monday"), ["2.8.0-rc.1=version:2.8.0-rc.1"]);
        assert_eq!(seen("version=v2.14.0 ver 15.4 v3.1"), ["v2.14.0=version:v2.14.0", "15.4=version:15.4", "v3.1=version:v3.1"]);
        assert_eq!(seen("PostgreSQL 15.4 ratio 0.25"), Vec::<String>::new());
        assert_eq!(seen("on 2024.12.08 and 08.12.2024"), Vec::<String>::new());
        assert_eq!(seen("peer 10.42.0.17"), ["10.42.0.17=address:10.42.0.17"]);
        assert_eq!(seen("on 2024-12-09"), ["2024-12-09=time:2024-12-09T00:00:00Z"]);
    }

    #[test]
    fn commits_need_context() {
        assert_eq!(seen("commit=9f3c2ab rev: 5f2e1a3c main@sha1:5f2e1a3"), ["9f3c2ab=commit:9f3c2ab", "5f2e1a3c=commit:5f2e1a3c", "sha1:5f2e1a3=commit:5f2e1a3"]);
        assert_eq!(seen("release v1.4.2 (a1b2c3d)"), ["v1.4.2=version:v1.4.2", "a1b2c3d=commit:a1b2c3d"]);
        // Hex ids without a word that says "commit" stay unrecognised: trace ids, UUIDs, words.
        assert_eq!(seen("trace_id=4bf92f3577b34da6 id 550e8400-e29b-41d4-a716-446655440000 facade"), Vec::<String>::new());
        // A plain word in parentheses after a version is not a commit either.
        assert_eq!(seen("v1.4.2 (deadbeef)"), ["v1.4.2=version:v1.4.2"]);
    }

    #[test]
    fn durations_counts_and_percentages() {
        assert_eq!(seen("Duration: 4m04s. next run in 5m0s, took 350ms"), ["4m04s=duration:244", "5m0s=duration:300", "350ms=duration:0.35"]);
        assert_eq!(seen("Estimated time: 25 min"), ["25 min=duration:1500"]);
        assert_eq!(seen("Rolled up 48,211 records into 847 rows"), ["48,211=count:48211", "847=count:847"]);
        assert_eq!(seen("lost 1 234 567 rows, 48.211 records, 3.5 ratio"), ["1 234 567=count:1234567", "48.211=count:48211"]);
        // A row of numbers is several counts, never one joined across its spaces.
        assert_eq!(seen("702 725 658 681 51 48"), ["702=count:702", "725=count:725", "658=count:658", "681=count:681", "51=count:51", "48=count:48"]);
        assert_eq!(seen("error rate 35.1% (up from 2%)"), ["35.1%=percent:35.1", "2%=percent:2"]);
        // CPU millicores are not minutes; units out of order are not a duration.
        assert_eq!(seen("limit 250m 12s4m"), Vec::<String>::new());
    }

    #[test]
    fn addresses_urls_and_dsns_without_passwords() {
        assert_eq!(seen("Connected to PostgreSQL 15.4 at analytics-db:5432/warehouse"), ["analytics-db:5432/warehouse=address:analytics-db:5432/warehouse"]);
        assert_eq!(
            seen("dsn postgres://rollup:s3cret@db.prod.svc:5432/warehouse?sslmode=require"),
            ["postgres://rollup:s3cret@db.prod.svc:5432/warehouse?sslmode=require=address:postgres://db.prod.svc:5432/warehouse"]
        );
        assert_eq!(seen("GET https://api.example.com:8443/v1/orders?x=1"), ["https://api.example.com:8443/v1/orders?x=1=url:https://api.example.com:8443/v1/orders"]);
        assert_eq!(seen("dial tcp 10.0.0.5:5432: connect: connection refused"), ["10.0.0.5:5432=address:10.0.0.5:5432"]);
        // Clock times, source lines and log prefixes are not host:port.
        assert_eq!(seen("at 10:02:11 in main.go:42 ERROR:root:boom"), Vec::<String>::new());
        let found = scan("postgresql://admin:hunter2@db:5432/app");
        assert!(!format!("{found:?}").contains("hunter2"));
    }

    #[test]
    fn kubernetes_objects() {
        assert_eq!(seen("configmap/app-config configured"), ["configmap/app-config=object:configmap:-/app-config"]);
        assert_eq!(seen("deployment.apps/web restarted"), ["deployment.apps/web=object:deployment:-/web"]);
        assert_eq!(
            seen("ConfigMap orders-env replaced in namespace analytics"),
            ["ConfigMap orders-env replaced in namespace analytics=object:configmap:analytics/orders-env"]
        );
        assert_eq!(seen("ConfigMap web in namespace shop"), ["ConfigMap web in namespace shop=object:configmap:shop/web"]);
        assert_eq!(seen("Deployment/apps/podinfo"), ["Deployment/apps/podinfo=object:deployment:apps/podinfo"]);
        assert!(seen("replace deploy/cloudrun/menu-sync.yaml").iter().all(|f| !f.contains("object:")));
        assert_eq!(seen("to deployment/ledger in namespace finance."), ["deployment/ledger in namespace finance=object:deployment:finance/ledger"]);
        assert_eq!(seen("Secret \"db-creds\" rotated"), ["Secret \"db-creds\"=object:secret:-/db-creds"]);
        assert_eq!(seen("pod shop/web-1 evicted"), ["pod shop/web-1=object:pod:shop/web-1"]);
        assert_eq!(seen(r#"pod="shop/cart-7b9c" node=ip-10-0-3-41"#), ["shop/cart-7b9c=object:pod:shop/cart-7b9c", "ip-10-0-3-41=object:node:-/ip-10-0-3-41"]);
        assert_eq!(seen(r#"err="Get \"http://10.42.7.19:8080/ready\": deadline""#), ["http://10.42.7.19:8080/ready=url:http://10.42.7.19:8080/ready"]);
        // Kind words in prose, and apiVersions, are not objects.
        assert_eq!(seen("the pod is restarting; apiVersion apps/v1; secret rotated"), Vec::<String>::new());
        // A kind word before a version or a parenthesis is a deploy of something, not an object.
        assert_eq!(seen("since the deploy (v7.3.0 — new config lib)"), ["v7.3.0=version:v7.3.0"]);
        assert_eq!(seen("deploy v2.4.1 went out"), ["v2.4.1=version:v2.4.1"]);
    }
}

#[cfg(test)]
mod hostile {
    use proptest::prelude::*;

    /// Text built from the characters these parsers split on, plus multi-byte ones.
    fn tricky() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("["), Just("]"), Just("{"), Just("}"), Just("\""), Just("\\"), Just("="), Just(":"), Just("/"),
                Just("@"), Just("."), Just(","), Just(" "), Just("\n"), Just("\t"), Just("é"), Just("…"), Just("¶"),
                Just("\u{a0}"), Just("sha256:"), Just("2024-12-10T06:00:04Z"), Just("I1120 10:02:11.123456 1 a.go:1] "),
                Just("Nov  5 10:02:11 h u[1]: "), Just("level=error msg="), Just("{\"msg\":"), Just("x{a=\"1\"} "),
                Just("deployment/"), Just("ConfigMap "), Just("in namespace "), Just("://u:p@h:5432/db"), Just("v1.2.3"),
                Just("48,211"), Just("4m12s"), Just("commit "), Just("abc1234"), Just("50%"), Just("ERROR "), Just("0"),
                Just("9"), Just("a"), Just("Z"),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Recognisers and the log and metrics parsers never panic, and every
        /// fact quotes text inside its artifact.
        #[test]
        fn never_panic_on_hostile_text(text in tricky()) {
            for found in super::scan(&text) {
                prop_assert!(found.start <= found.end && found.end <= text.len());
            }
            for prefix in ["$ kubectl logs web-1\n", "$ curl -s http://x:9090/metrics\n", "Notes¶\n", ""] {
                let paste = format!("{prefix}{text}");
                let ingest = crate::ingest(&paste);
                for fact in ingest.facts.all() {
                    let artifact = &ingest.artifacts[fact.artifact.0 as usize];
                    prop_assert!(artifact.body.contains(fact.span));
                }
            }
        }
    }
}

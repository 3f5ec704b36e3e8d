//! Secrets in a paste: where they are and what they are, so a paste can be shared, embedded
//! or exported without them, and log messages quoted in a report never repeat a password.
//!
//! [`redact`] replaces each secret with `‹redacted:<kind>›` and says where it was, so the rest
//! of the paste still reads (and still analyses) as before: keys, user names, hosts, image
//! digests and object names stay. Three families of rules, none a regular expression:
//!
//! - **By shape** (word starts): private-key PEM blocks (also JSON-escaped and base64 of a
//!   PEM), JWTs, AWS access key ids, GitHub/GitLab/Slack/Stripe/Google/npm tokens by their
//!   prefixes, Slack webhook paths.
//! - **By key** (the word before a `=` or `:`, and `--flag value`): passwords, tokens,
//!   secrets and API keys (`password=`, `PGPASSWORD=`, `"client_secret": "…"`, `--token x`),
//!   `Authorization:` credentials, AWS secret keys, Azure `AccountKey=`/`SharedAccessKey=`/SAS
//!   `sig=`, docker `auth` (only when it decodes to `user:password`), and the password of a
//!   URL (`postgres://user:pass@host`, `https://user:pass@host`).
//! - **By structure** (the document tree of YAML and JSON artifacts, indented or flattened):
//!   the `data`/`stringData` values of a `kind: Secret` and its last-applied annotation, a
//!   literal `value` of an env entry whose `name` says password or token, and what
//!   `kubectl get secret … -o jsonpath='{.data…}'` prints.
//!
//! What must stay is never matched because nothing here guesses from entropy: digests
//! (`sha256:…`), commit hashes, UUIDs, trace ids, resourceVersions and the base64 `data` of a
//! ConfigMap are only redacted under a key that names a secret. Values that are not secrets
//! under such keys stay too: booleans, references (`$VAR`, `<set to the key …>`), masks
//! (`***`), and the words errors print there (`using password: YES`, `token: expired`).
//!
//! ```
//! let out = trowel_core::redact::redact("DATABASE_URL=postgres://app:hunter2@db:5432/shop\n");
//! assert_eq!(out.text, "DATABASE_URL=postgres://app:‹redacted:password›@db:5432/shop\n");
//! assert_eq!(out.redactions[0].kind.name(), "password");
//! ```

use crate::artifact::ArtifactKind;
use crate::span::Span;
use crate::tree::{self, Node};
use serde::Serialize;
use memchr::memmem::{FindIter, Finder};
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a redacted secret was. Declared from the most specific to the most general: when two
/// rules find the same text, the earlier kind names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecretKind {
    /// A PEM private key (`-----BEGIN … PRIVATE KEY-----`), also JSON-escaped or base64-encoded.
    PrivateKey,
    /// A JSON Web Token (`eyJ….eyJ….sig`), such as a service-account token.
    Jwt,
    /// An AWS access key id (`AKIA…`, `ASIA…`).
    AwsAccessKey,
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken,
    /// A GitLab token (`glpat-`, `gldt-`, `glrt-`, …).
    GitlabToken,
    /// A Slack token (`xoxb-`, `xoxp-`, `xapp-`, …) or webhook path.
    SlackToken,
    /// An API key: by vendor prefix (`sk_live_`, `AIza`, `npm_`) or under an `api_key`-like key.
    ApiKey,
    /// Registry credentials: `.dockerconfigjson`, `.dockercfg`, a docker `auth` field.
    DockerAuth,
    /// An AWS secret access key (`aws_secret_access_key`, `SecretAccessKey`).
    AwsSecretKey,
    /// An Azure storage or Service Bus key (`AccountKey=`, `SharedAccessKey=`).
    AzureKey,
    /// The signature of an Azure shared access signature (`sig=`).
    AzureSas,
    /// A value of a Kubernetes Secret's `data` or `stringData`.
    KubernetesSecret,
    /// `Authorization: Bearer …` and other non-basic credentials.
    BearerToken,
    /// `Authorization: Basic …`, or the password of an `https://user:pass@host` URL.
    BasicAuth,
    /// A password: `password=`, `PGPASSWORD`, `--password`, a database URL's password.
    Password,
    /// A value under a key that ends in `token`.
    Token,
    /// A value under a key that ends in `secret` (`client_secret`, `SECRET_KEY`).
    Secret,
    /// A `Cookie:` or `Set-Cookie:` header value.
    Cookie,
}

impl SecretKind {
    /// The kind as the placeholder and the JSON name it: `password`, `private-key`, ….
    pub fn name(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "private-key",
            SecretKind::Jwt => "jwt",
            SecretKind::AwsAccessKey => "aws-access-key",
            SecretKind::GithubToken => "github-token",
            SecretKind::GitlabToken => "gitlab-token",
            SecretKind::SlackToken => "slack-token",
            SecretKind::ApiKey => "api-key",
            SecretKind::DockerAuth => "docker-auth",
            SecretKind::AwsSecretKey => "aws-secret-key",
            SecretKind::AzureKey => "azure-key",
            SecretKind::AzureSas => "azure-sas",
            SecretKind::KubernetesSecret => "kubernetes-secret",
            SecretKind::BearerToken => "bearer-token",
            SecretKind::BasicAuth => "basic-auth",
            SecretKind::Password => "password",
            SecretKind::Token => "token",
            SecretKind::Secret => "secret",
            SecretKind::Cookie => "cookie",
        }
    }
}

/// The kind serialises as its [`name`](SecretKind::name), the word the placeholder shows.
impl Serialize for SecretKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One secret: what it was and where it was in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Redaction {
    pub kind: SecretKind,
    /// The 1-based line of the input where the secret starts.
    pub line: u32,
    /// The secret's bytes in the input: `start..end`. Offsets are `usize` because redaction,
    /// unlike analysis, reads a paste of any size.
    pub start: usize,
    pub end: usize,
}

impl Redaction {
    /// A candidate; its line is filled in once the candidates are settled.
    fn new(start: usize, end: usize, kind: SecretKind) -> Redaction {
        Redaction { kind, line: 0, start, end }
    }

    fn of(span: Span, kind: SecretKind) -> Redaction {
        Redaction::new(span.start as usize, span.end as usize, kind)
    }

    /// The secret's text in the input it was found in.
    pub fn text(self, input: &str) -> &str {
        &input[self.start..self.end]
    }
}

/// A text with its secrets replaced, and the list of what was replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Redacted {
    pub text: String,
    /// In text order, never overlapping.
    pub redactions: Vec<Redaction>,
}

/// What every placeholder starts with: text that already is one is not redacted again.
const PLACEHOLDER_START: &str = "‹redacted:";

/// The placeholder that replaces a secret of `kind`.
pub fn placeholder(kind: SecretKind) -> String {
    format!("{PLACEHOLDER_START}{}›", kind.name())
}

/// Redacts every secret of a paste, by shape, by key and by document structure.
pub fn redact(paste: &str) -> Redacted {
    let redactions = find(paste);
    Redacted { text: apply(paste, &redactions), redactions }
}

/// The secrets [`redact`] replaces, without replacing them (to highlight them in the paste):
/// in text order, never overlapping.
///
/// The rules by shape and key read the whole text; the document structure is read in the
/// first [`MAX_PASTE_BYTES`](crate::limits::MAX_PASTE_BYTES), as much as the analysis reads.
pub fn find(paste: &str) -> Vec<Redaction> {
    let mut found = Vec::new();
    by_text(paste, &mut found);
    by_structure(&paste[..crate::limits::analysed_len(paste, crate::limits::MAX_PASTE_BYTES)], &mut found);
    let mut found = settle(paste, found);
    number_lines(paste, &mut found);
    found
}

/// `text` with the secrets that shape and keys show replaced (no document structure: this is
/// for one log message or one line). Borrowed when there is none.
pub fn mask(text: &str) -> Cow<'_, str> {
    let mut found = Vec::new();
    by_text(text, &mut found);
    let found = settle(text, found);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(apply(text, &found))
}

/// Sorts candidates and merges those that overlap (the earliest, widest, most specific one
/// names the kind): text any rule found is redacted. Placeholders are never part of a secret.
fn settle(text: &str, mut found: Vec<Redaction>) -> Vec<Redaction> {
    crate::sort::by(&mut found, |a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.kind.cmp(&b.kind)));
    let mut kept: Vec<Redaction> = Vec::with_capacity(found.len());
    for candidate in off_placeholders(text, found).filter(|c| c.start < c.end) {
        match kept.last_mut() {
            Some(last) if candidate.start < last.end => last.end = last.end.max(candidate.end),
            _ => kept.push(candidate),
        }
    }
    kept
}

/// The candidates (in order of their starts) that overlap no placeholder already in the text:
/// a placeholder's `:` can look like a `user:password`, and redacting twice must find nothing
/// new.
fn off_placeholders(text: &str, found: Vec<Redaction>) -> impl Iterator<Item = Redaction> + '_ {
    let mut placeholders = placeholders(text).peekable();
    found.into_iter().filter(move |candidate| {
        while placeholders.next_if(|(_, end)| *end <= candidate.start).is_some() {}
        !placeholders.peek().is_some_and(|(start, _)| *start < candidate.end)
    })
}

/// The placeholders in a text, in order: `‹redacted:` to the next `›` (or to the end of a
/// kind's name, when the closing mark is missing).
fn placeholders(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    static SEARCHER: OnceLock<Finder<'static>> = OnceLock::new();
    find_iter(&SEARCHER, PLACEHOLDER_START, b).map(move |start| {
        let name = start + PLACEHOLDER_START.len();
        let end = name + run(b, name, |c| c.is_ascii_lowercase() || c == b'-');
        (start, if text[end..].starts_with('›') { end + '›'.len_utf8() } else { end })
    })
}

/// Sets each redaction's line, counting line breaks once from the start of the text.
fn number_lines(text: &str, found: &mut [Redaction]) {
    let (mut line, mut at) = (1u32, 0);
    for redaction in found {
        let breaks = memchr::memchr_iter(b'\n', &text.as_bytes()[at..redaction.start]).count();
        // Past 4 billion lines the number stays at the last one a `u32` holds.
        line = line.saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX));
        at = redaction.start;
        redaction.line = line;
    }
}

/// `text` with each of `found` (settled: in order, apart) replaced by its placeholder.
fn apply(text: &str, found: &[Redaction]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for redaction in found {
        out.push_str(&text[at..redaction.start]);
        out.push_str(PLACEHOLDER_START);
        out.push_str(redaction.kind.name());
        out.push('›');
        at = redaction.end;
    }
    out.push_str(&text[at..]);
    out
}

// ---------------------------------------------------------------------------------------------
// By shape and by key: one pass over word starts, one over separators.

/// Bytes of a token word: `ghp_…`, `xoxb-1-2-abc`, `AKIA…`, `--password`.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
}

/// Length of the run of bytes from `from` that `class` accepts.
fn run(b: &[u8], from: usize, class: impl Fn(u8) -> bool) -> usize {
    b.get(from..).map_or(0, |rest| rest.iter().take_while(|c| class(**c)).count())
}

/// Token prefixes and the least number of word bytes that must follow them.
const PREFIXES: &[(&[u8], usize, SecretKind)] = &[
    (b"ghp_", 20, SecretKind::GithubToken),
    (b"gho_", 20, SecretKind::GithubToken),
    (b"ghu_", 20, SecretKind::GithubToken),
    (b"ghs_", 20, SecretKind::GithubToken),
    (b"ghr_", 20, SecretKind::GithubToken),
    (b"github_pat_", 20, SecretKind::GithubToken),
    (b"glpat-", 16, SecretKind::GitlabToken),
    (b"gldt-", 16, SecretKind::GitlabToken),
    (b"glrt-", 16, SecretKind::GitlabToken),
    (b"glptt-", 16, SecretKind::GitlabToken),
    (b"glcbt-", 16, SecretKind::GitlabToken),
    (b"GR1348941", 16, SecretKind::GitlabToken),
    (b"xoxb-", 10, SecretKind::SlackToken),
    (b"xoxp-", 10, SecretKind::SlackToken),
    (b"xoxa-", 10, SecretKind::SlackToken),
    (b"xoxr-", 10, SecretKind::SlackToken),
    (b"xoxs-", 10, SecretKind::SlackToken),
    (b"xoxe-", 10, SecretKind::SlackToken),
    (b"xapp-", 10, SecretKind::SlackToken),
    (b"sk_live_", 16, SecretKind::ApiKey),
    (b"rk_live_", 16, SecretKind::ApiKey),
    (b"sk_test_", 16, SecretKind::ApiKey),
    (b"rk_test_", 16, SecretKind::ApiKey),
    (b"AIza", 30, SecretKind::ApiKey),
    (b"npm_", 30, SecretKind::ApiKey),
];

/// The rules that need no document structure.
fn by_text(text: &str, out: &mut Vec<Redaction>) {
    let b = text.as_bytes();
    let blocks: Vec<Redaction> = off_placeholders(text, pems(b)).collect();
    let mut next_block = blocks.iter().peekable();
    let mut i = 0;
    // Whether the current line runs `curl` (so far), whose `-u` takes `user:password`.
    let mut curl = false;
    while i < b.len() {
        // A private-key block is read as its placeholder will be: one word, no line break.
        if let Some(block) = next_block.next_if(|block| block.start <= i) {
            i = i.max(block.end);
            continue;
        }
        if !is_word(b[i]) || (i > 0 && is_word(b[i - 1])) {
            curl &= b[i] != b'\n';
            i += 1;
            continue;
        }
        let len = run(b, i, is_word);
        if let Some(found) = shaped(text, i, len) {
            i = found.end;
            out.push(found);
            continue;
        }
        curl |= &b[i..i + len] == b"curl";
        if b[i] == b'-' {
            flag_value(text, i, len, curl, out);
        }
        i += len;
    }
    out.extend(blocks);
    static SLACK: OnceLock<Finder<'static>> = OnceLock::new();
    for at in find_iter(&SLACK, "hooks.slack.com/services/", b) {
        let start = at + "hooks.slack.com/services/".len();
        let len = run(b, start, |c| is_word(c) || c == b'/');
        if len >= 10 {
            out.push(Redaction::new(start, start + len, SecretKind::SlackToken));
        }
    }
    // A value read after one separator is not read again from a separator inside it, so a
    // line of `password=password=…` stays linear.
    let mut read_to = 0;
    for at in memchr::memchr2_iter(b'=', b':', b) {
        if at >= read_to {
            read_to = separated(text, at, out);
        }
    }
}

/// A secret recognised by its shape at a word start: a token prefix, a JWT, an AWS key id,
/// base64 of a PEM private key.
fn shaped(text: &str, at: usize, len: usize) -> Option<Redaction> {
    // Every shape is longer (a JWT's header, the shortest, has at least 10 bytes): most words
    // of a log message are ruled out here, before a comparison with each prefix.
    if len < 10 {
        return None;
    }
    let b = text.as_bytes();
    let word = &b[at..at + len];
    for (prefix, least, kind) in PREFIXES {
        if word.starts_with(prefix) && len >= prefix.len() + least {
            return Some(Redaction::new(at, at + len, *kind));
        }
    }
    if (word.starts_with(b"AKIA") || word.starts_with(b"ASIA")) && len == 20 && word.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        return Some(Redaction::new(at, at + len, SecretKind::AwsAccessKey));
    }
    if word.starts_with(b"eyJ") && len >= 10 && b.get(at + len) == Some(&b'.') {
        // Header, payload and signature (empty for `alg: none`); a JWE has two more parts.
        let part = |from: usize| run(b, from, |c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
        let payload = part(at + len + 1);
        let mut end = at + len + 1 + payload;
        if payload < 10 || b.get(end) != Some(&b'.') {
            return None;
        }
        end += 1 + part(end + 1);
        while b.get(end) == Some(&b'.') && part(end + 1) >= 10 {
            end += 1 + part(end + 1);
        }
        return Some(Redaction::new(at, end, SecretKind::Jwt));
    }
    if word.starts_with(b"LS0tLS1CRUdJT") {
        // The label is in the first 64 characters; only a private key's run is read to its end.
        let head = &b[at..b.len().min(at + 64)];
        let head = base64_decode(&head[..run(head, 0, is_base64) / 4 * 4]);
        if contains(&head, b"PRIVATE KEY") {
            return Some(Redaction::new(at, at + run(b, at, is_base64), SecretKind::PrivateKey));
        }
    }
    None
}

/// `--password hunter2`, `--token x`: a flag naming a secret and the next word (the `=`
/// spelling is a separator like any other). Also `-u user:password` on a `curl` line.
fn flag_value(text: &str, at: usize, len: usize, curl: bool, out: &mut Vec<Redaction>) {
    let b = text.as_bytes();
    let flag = &text[at..at + len];
    let kind = if flag.starts_with("--") { key_kind(flag) } else { None };
    let user = curl && matches!(flag, "-u" | "--user");
    if (kind.is_none() && !user) || b.get(at + len) != Some(&b' ') {
        return;
    }
    let (start, end) = value_span(b, at + len + 1, false);
    let value = &text[start..end];
    if value.starts_with('-') {
        return;
    }
    if let Some(kind) = kind {
        push_keyed(text, start, end, kind, out);
    } else if let Some((name, password)) = value.split_once(':') {
        // `-u 1000:1000` is a uid:gid, not a user and password.
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if !(numeric(name) && numeric(password)) {
            push_keyed(text, end - password.len(), end, SecretKind::BasicAuth, out);
        }
    }
}

/// `-----BEGIN … PRIVATE KEY-----` blocks: each to its END line, or to the end of its base64
/// when the paste cut it off. One walk over the BEGIN and END markers, so a paste full of
/// headers stays linear. In text order, apart.
fn pems(b: &[u8]) -> Vec<Redaction> {
    /// Farther than any private key's PEM (an RSA 8192 key is about 6.4 KB).
    const MAX_PEM: usize = 12 * 1024;
    let mut out = Vec::new();
    static BEGIN: OnceLock<Finder<'static>> = OnceLock::new();
    static END: OnceLock<Finder<'static>> = OnceLock::new();
    let mut ends = find_iter(&END, "-----END ", b).peekable();
    let mut covered = 0;
    for at in find_iter(&BEGIN, "-----BEGIN ", b) {
        let label_start = at + "-----BEGIN ".len();
        let Some(label_len) = b[label_start..].iter().take(60).position(|c| *c == b'-') else { continue };
        let label = &b[label_start..label_start + label_len];
        if at < covered || !contains(label, b"PRIVATE KEY") || !b[label_start + label_len..].starts_with(b"-----") {
            continue;
        }
        let body = label_start + label_len + 5;
        while ends.next_if(|end| *end < body).is_some() {}
        let close = ends.peek().map(|end| end + "-----END ".len()).filter(|close| *close <= body + MAX_PEM);
        let end = match close {
            Some(close) if b[close..].starts_with(label) && b[close + label.len()..].starts_with(b"-----") => close + label.len() + 5,
            // Cut off: the base64 lines (or JSON `\n` escapes) that follow, as far as they go.
            _ => {
                let window = &b[body..b.len().min(body + MAX_PEM)];
                let len = window.iter().take_while(|c| is_base64(**c) || matches!(c, b'\n' | b'\r' | b'\\' | b' ' | b'\t')).count();
                body + window[..len].iter().rposition(|c| is_base64(*c)).map_or(0, |i| i + 1)
            }
        };
        // A block ends at a word's end: a word glued to it would start anew once the block
        // is a placeholder, and could read differently then.
        let end = end + run(b, end, is_word);
        covered = end;
        out.push(Redaction::new(at, end, SecretKind::PrivateKey));
    }
    out
}

/// A secret after a separator: the password of a URL (`://`), or a value whose key names a
/// secret (`key=value`, `key: value`, `"key": "value"`). Returns where its reading ended.
fn separated(text: &str, at: usize, out: &mut Vec<Redaction>) -> usize {
    let b = text.as_bytes();
    if b[at] == b':' && b[at + 1..].starts_with(b"//") {
        return url_password(text, at, out);
    }
    // The key: just before the separator, past a closing quote and spaces (`"key" :`).
    let mut key_end = at;
    while key_end > 0 && b[key_end - 1] == b' ' {
        key_end -= 1;
    }
    if key_end > 0 && matches!(b[key_end - 1], b'"' | b'\'') {
        key_end -= 1;
    }
    let key_start = b[..key_end].iter().rposition(|c| !(is_word(*c) || *c == b'.')).map_or(0, |i| i + 1);
    let key = &text[key_start..key_end];
    if key.is_empty() {
        return at + 1;
    }
    let before = key_start.checked_sub(1).map(|i| b[i]);
    let kind = if key.eq_ignore_ascii_case("sig") && matches!(before, Some(b'?' | b'&')) && b[at] == b'=' {
        SecretKind::AzureSas
    } else if Key::new(key).ends("authorization") {
        return authorization(text, at + 1, out);
    } else if key == "auth" {
        // Base64 only, and no more than a credential's worth, so `auth=auth=…` stays linear.
        let mut start = at + 1 + run(b, at + 1, |c| c == b' ');
        start += usize::from(matches!(b.get(start), Some(b'"' | b'\'')));
        let end = start + run(&b[..b.len().min(start + MAX_DOCKER_AUTH + 1)], start, is_base64);
        if decodes_to_credentials(&b[start..end]) {
            out.push(Redaction::new(start, end, SecretKind::DockerAuth));
            return end;
        }
        return at + 1;
    } else {
        match key_kind(key) {
            Some(kind) => kind,
            None => return at + 1,
        }
    };
    let start = at + 1 + run(b, at + 1, |c| c == b' ' || c == b'\t');
    let first = start + usize::from(matches!(b.get(start), Some(b'"' | b'\'')));
    if b.get(first).is_some_and(|c| opens_structure(*c)) {
        // Not a secret, and what is inside (`key=value`s, a URL) is read on; not scanned here,
        // so `password=$password=$…` stays linear.
        return at + 1;
    }
    let (start, end) = value_span(b, at + 1, true);
    push_keyed(text, start, end, kind, out)
}

/// Records the value `start..end` found under a key, unless it is no secret after all
/// ([`keep`]) or one whose shape names it better (a JWT under `token:`, which the pass over
/// word starts finds).
/// Returns where reading may resume: after the value, or after the shaped secret.
fn push_keyed(text: &str, start: usize, end: usize, kind: SecretKind, out: &mut Vec<Redaction>) -> usize {
    if let Some(shape) = shaped(text, start, run(text.as_bytes(), start, is_word)) {
        return shape.end;
    }
    if contains(&text.as_bytes()[start..end], PLACEHOLDER_START.as_bytes()) {
        // Never a secret (see `settle`), so what is inside it is read on.
        return start;
    }
    if !keep(&text[start..end], kind) {
        out.push(Redaction::new(start, end, kind));
    }
    end
}

/// `scheme://user:password@host`: the password, when the authority has one. Returns the
/// authority's end.
fn url_password(text: &str, at: usize, out: &mut Vec<Redaction>) -> usize {
    let b = text.as_bytes();
    let authority = at + 3;
    let end = authority + run(b, authority, |c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>'));
    let Some(user_end) = b[authority..end].iter().rposition(|c| *c == b'@') else { return end };
    let Some(colon) = b[authority..authority + user_end].iter().position(|c| *c == b':') else { return end };
    let (start, password_end) = (authority + colon + 1, authority + user_end);
    let scheme_start = b[..at].iter().rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))).map_or(0, |i| i + 1);
    let scheme = text[scheme_start..at].to_ascii_lowercase();
    let kind = if matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp" | "ftps" | "git" | "ssh" | "svn" | "git+https" | "git+ssh") {
        SecretKind::BasicAuth
    } else {
        SecretKind::Password
    };
    push_keyed(text, start, password_end, kind, out);
    end
}

/// `Authorization: Bearer x`, `"authorization": "Basic x"`: the credentials after the scheme.
/// Returns their end.
fn authorization(text: &str, from: usize, out: &mut Vec<Redaction>) -> usize {
    let b = text.as_bytes();
    let mut at = from + run(b, from, |c| c == b' ' || c == b'\t');
    if matches!(b.get(at), Some(b'"' | b'\'')) {
        at += 1;
    }
    let scheme_len = run(b, at, |c| c.is_ascii_alphanumeric() || c == b'-');
    let scheme = &text[at..at + scheme_len];
    // Only an authentication scheme leads the credentials: `may require authorization:
    // server message: …` is an error message, not a header.
    const SCHEMES: &[&str] = &["bearer", "basic", "token", "digest", "negotiate", "ntlm", "apikey", "key", "sharedkey", "jwt", "dpop", "hoba", "mutual", "aws4-hmac-sha256", "sso-key", "splunk", "gsstoken"];
    let known = SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s));
    let (start, kind) = if b.get(at + scheme_len) == Some(&b' ') && scheme_len > 0 && known {
        let kind = if scheme.eq_ignore_ascii_case("basic") { SecretKind::BasicAuth } else { SecretKind::BearerToken };
        (at + scheme_len + 1 + run(b, at + scheme_len + 1, |c| c == b' '), kind)
    } else {
        (at, SecretKind::BearerToken)
    };
    if b.get(start).is_some_and(|c| opens_structure(*c)) {
        return start;
    }
    let end = start + run(b, start, |c| !c.is_ascii_whitespace() && !matches!(c, b'"' | b'\'' | b',' | b';'));
    push_keyed(text, start, end, kind, out)
}

/// The value after a separator: quoted (to the closing quote, escapes skipped, on one line)
/// or bare (to whitespace or a list separator). Spaces before it are skipped when `spaces`.
fn value_span(b: &[u8], from: usize, spaces: bool) -> (usize, usize) {
    let mut at = from;
    if spaces {
        at += run(b, at, |c| c == b' ' || c == b'\t');
    }
    match b.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let start = at + 1;
            let mut i = start;
            while i < b.len() && b[i] != quote && b[i] != b'\n' {
                i += if b[i] == b'\\' && quote == b'"' { 2 } else { 1 };
            }
            (start, i.min(b.len()))
        }
        _ => (at, at + run(b, at, |c| !c.is_ascii_whitespace() && !matches!(c, b'&' | b';' | b',' | b'"' | b'\'' | b')'))),
    }
}

/// A key lowercased without separators (`DB_PASSWORD`, `dbPassword`, `db.password` →
/// `dbpassword`), on the stack: keys are read at every `=` and `:` of a log message. Only
/// the last [`Key::CAP`] letters and digits are kept; every test reads the key's end.
struct Key {
    buf: [u8; Key::CAP],
    len: usize,
}

impl Key {
    const CAP: usize = 40;

    fn new(key: &str) -> Key {
        let mut buf = [0u8; Key::CAP];
        let mut len = 0;
        for c in key.bytes().rev().filter(u8::is_ascii_alphanumeric).take(Key::CAP) {
            len += 1;
            buf[Key::CAP - len] = c.to_ascii_lowercase();
        }
        Key { buf, len }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[Key::CAP - self.len..]
    }

    fn ends(&self, suffix: &str) -> bool {
        self.bytes().ends_with(suffix.as_bytes())
    }

    fn is(&self, word: &str) -> bool {
        self.bytes() == word.as_bytes()
    }
}

/// The kind of secret a key (or `--flag`) names, if it names one.
fn key_kind(key: &str) -> Option<SecretKind> {
    let k = Key::new(key);
    // Keys that hold a secret's name or location, not its value.
    if k.bytes().starts_with(b"existing") || contains(k.bytes(), b"pull") || contains(k.bytes(), b"secretname") {
        return None;
    }
    // Short words are a password only as the last part of a longer key: `MYSQL_PWD`, not
    // the shell's `PWD`; `DB_PASS`, not `bypass`.
    let last = key.rsplit(['_', '-', '.']).next().unwrap_or(key);
    let several = last.len() < key.trim_start_matches('-').len();
    Some(match () {
        _ if k.ends("secretaccesskey") => SecretKind::AwsSecretKey,
        _ if k.ends("accountkey") || k.ends("sharedaccesskey") => SecretKind::AzureKey,
        _ if k.ends("sharedaccesssignature") => SecretKind::AzureSas,
        _ if k.ends("privatekey") || k.ends("clientkeydata") => SecretKind::PrivateKey,
        _ if k.is("dockerconfigjson") || k.is("dockercfg") => SecretKind::DockerAuth,
        _ if k.ends("password") || k.ends("passwd") || k.ends("passphrase") => SecretKind::Password,
        _ if several && (last.eq_ignore_ascii_case("pwd") || last.eq_ignore_ascii_case("pass")) => SecretKind::Password,
        _ if k.ends("apikey") || k.ends("accesskey") => SecretKind::ApiKey,
        _ if k.ends("token") => SecretKind::Token,
        _ if k.ends("secret") || k.ends("secretkey") || k.ends("secretkeybase") => SecretKind::Secret,
        _ if k.is("cookie") || k.is("setcookie") => SecretKind::Cookie,
        _ => return None,
    })
}

/// Values under a secret's key that are not secrets: nothing, structure, references,
/// placeholders, masks, booleans, counts, and what error messages print after `password:`.
fn keep(value: &str, kind: SecretKind) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "null", "none", "nil", "on", "off", "required", "optional", "set", "unset",
        "expired", "invalid", "missing", "empty", "incorrect", "wrong", "denied", "rejected", "unauthorized",
        "not", "is", "was", "redacted", "masked", "hidden", "changed", "rotated", "updated", "ok", "undefined",
    ];
    let Some(&first) = value.as_bytes().first() else { return true };
    if opens_structure(first) {
        return true;
    }
    if value.bytes().all(|c| matches!(c, b'*' | b'x' | b'X' | b'.' | b'#')) {
        return true;
    }
    if WORDS.iter().any(|w| value.eq_ignore_ascii_case(w)) {
        return true;
    }
    // A lower-case word is prose, not a token (`anonymous token: unexpected status`,
    // `server message: insufficient_scope`); a password may be any word, so it is kept only
    // under the listed words above.
    let word = value.len() <= 24 && value.bytes().all(|c| c.is_ascii_lowercase() || c == b'_' || c == b'-');
    let token_like = matches!(kind, SecretKind::Token | SecretKind::BearerToken);
    if word && token_like {
        return true;
    }
    if kind == SecretKind::Secret && names_an_object(value) {
        return true;
    }
    let digits = value.bytes().all(|c| c.is_ascii_digit());
    digits && (kind != SecretKind::Password || value.len() <= 4)
}

/// A Kubernetes object's name made of words (`grader-db-credentials`), as controllers log it
/// under `secret`: the Secret they wrote, not its value. Random values are not made of words:
/// a segment of more than three characters with no letter past `f` (a UUID's hex) means a
/// generated value, which stays redacted.
fn names_an_object(value: &str) -> bool {
    let wordy = |segment: &str| {
        !segment.is_empty()
            && segment.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && (segment.len() <= 3 || segment.bytes().any(|c| (b'g'..=b'z').contains(&c)))
    };
    value.len() <= 63 && value.contains('-') && value.split(['-', '.']).all(wordy)
}

/// The first byte of a value that is structure or a reference, not a secret: `{…}`, `[…]`,
/// `(…)`, `<set to the key …>`, `$VAR`, `%s`.
fn opens_structure(first: u8) -> bool {
    matches!(first, b'{' | b'[' | b'(' | b'<' | b'$' | b'%')
}

/// Longest docker `auth` read: base64 of a long user name and token.
const MAX_DOCKER_AUTH: usize = 1024;

/// True when `value` is base64 of printable `user:password` (a docker config `auth`).
fn decodes_to_credentials(value: &[u8]) -> bool {
    if value.len() < 8 || value.len() > MAX_DOCKER_AUTH || !value.iter().all(|c| is_base64(*c)) {
        return false;
    }
    let decoded = base64_decode(value);
    decoded.len() >= 3 && decoded.contains(&b':') && decoded.iter().all(|c| c.is_ascii_graphic())
}

/// Standard or URL-safe base64, padding optional; stops at the first byte that is neither.
fn base64_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Where a fixed marker occurs in `haystack`, with a searcher built once per marker (in
/// `searcher`): building one costs more than searching a log message, and [`mask`] reads
/// every log message that becomes a fact.
fn find_iter<'h>(searcher: &'static OnceLock<Finder<'static>>, marker: &'static str, haystack: &'h [u8]) -> FindIter<'h, 'static> {
    searcher.get_or_init(|| Finder::new(marker)).find_iter(haystack)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

// ---------------------------------------------------------------------------------------------
// By structure: Secrets and env entries in YAML and JSON, `kubectl get secret -o jsonpath`.

fn by_structure(paste: &str, out: &mut Vec<Redaction>) {
    for artifact in crate::segment::segment(paste) {
        let body = artifact.body.text(paste);
        if let Some(command) = &artifact.command {
            if prints_secret_data(command) {
                for line in crate::lines::Lines::new(paste, artifact.body) {
                    let line = line.trimmed();
                    if !line.text.is_empty() {
                        out.push(Redaction::of(line.span, SecretKind::KubernetesSecret));
                    }
                }
                continue;
            }
        }
        let parsed = match artifact.kind {
            ArtifactKind::Yaml if body.contains("Secret") || body.contains("value") => tree::yaml::parse(paste, artifact.body),
            ArtifactKind::Json if body.contains("Secret") || body.contains("value") => tree::json::parse(paste, artifact.body),
            _ => continue,
        };
        for doc in &parsed.docs {
            walk(paste, &doc.root, out);
        }
    }
}

/// `kubectl get secret … -o jsonpath='{.data.password}'` (or a go-template reading `.data`):
/// the output is the secret's values, one per line, often already decoded by `| base64 -d`.
fn prints_secret_data(command: &crate::command::Command) -> bool {
    let secret = command.resource().is_some_and(|(kind, _)| matches!(kind.to_ascii_lowercase().as_str(), "secret" | "secrets"));
    let template = command.output().is_some_and(|o| o.starts_with("jsonpath") || o.starts_with("go-template") || o.starts_with("template"))
        || command.flag(&["--template"]).is_some();
    // `.data` or `stringData`, not the `data` inside `.metadata` (`{.metadata.annotations}`).
    let reads_data = command.line.contains(".data") || command.line.contains("stringData");
    command.program == "kubectl" && command.verb() == Some("get") && secret && template && reads_data
}

fn walk(paste: &str, node: &Node<'_>, out: &mut Vec<Redaction>) {
    if node.get("kind").and_then(Node::str) == Some("Secret") {
        for key in ["data", "stringData"] {
            for entry in node.get(key).map_or(&[][..], Node::entries) {
                let kind = if matches!(entry.key.as_ref(), ".dockerconfigjson" | ".dockercfg") { SecretKind::DockerAuth } else { SecretKind::KubernetesSecret };
                push_value(paste, &entry.value, kind, out);
            }
        }
        // The last-applied annotation repeats the whole object, data included.
        if let Some(applied) = node.at(&["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]) {
            push_value(paste, applied, SecretKind::KubernetesSecret, out);
        }
    }
    // An env entry with a literal value: `- name: DB_PASSWORD` / `value: hunter2`.
    if let (Some(name), Some(value)) = (node.get("name").and_then(Node::str), node.get("value")) {
        if let Some(kind) = key_kind(name) {
            if value.str().is_some_and(|v| !keep(v, kind)) {
                push_value(paste, value, kind, out);
            }
        }
    }
    for entry in node.entries() {
        walk(paste, &entry.value, out);
    }
    for item in node.items() {
        walk(paste, item, out);
    }
}

/// A scalar's text without its quotes (so the YAML or JSON still reads), or a whole value.
fn push_value(paste: &str, node: &Node<'_>, kind: SecretKind, out: &mut Vec<Redaction>) {
    if node.is_null() {
        return;
    }
    let text = node.span.text(paste);
    let quoted = text.len() >= 2 && (text.starts_with('"') && text.ends_with('"') || text.starts_with('\'') && text.ends_with('\''));
    let span = if quoted { node.span.sub(1, text.len() - 1) } else { node.span };
    out.push(Redaction::of(span, kind));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The redacted text of `input`.
    fn red(input: &str) -> String {
        redact(input).text
    }

    /// Each case: input, and the redacted text expected (same as input for look-alikes).
    #[test]
    fn secrets_by_shape_and_key() {
        let cases: &[(&str, &str)] = &[
            // Passwords in key=value, env, flags, JSON, DSNs and URLs.
            ("PGPASSWORD=Tr0ub4dor psql -h db", "PGPASSWORD=‹redacted:password› psql -h db"),
            ("export DB_PASSWORD=\"s3cr3t pass\"", "export DB_PASSWORD=\"‹redacted:password›\""),
            ("mysql -u root --password=hunter2 shop", "mysql -u root --password=‹redacted:password› shop"),
            ("vault login --password hunter2 -method=userpass", "vault login --password ‹redacted:password› -method=userpass"),
            ("psql --password -h db", "psql --password -h db"),
            ("MYSQL_PWD=abc123x mysql", "MYSQL_PWD=‹redacted:password› mysql"),
            ("PWD=/home/ops OLDPWD=/tmp", "PWD=/home/ops OLDPWD=/tmp"),
            ("spring.datasource.password=p@ss", "spring.datasource.password=‹redacted:password›"),
            (r#"{"user":"app","password":"with \"quote\" inside","db":"x"}"#, r#"{"user":"app","password":"‹redacted:password›","db":"x"}"#),
            ("Server=tcp:sql1,1433;User Id=app;Password=Pa55;Database=shop", "Server=tcp:sql1,1433;User Id=app;Password=‹redacted:password›;Database=shop"),
            ("postgres://rollup:Xk9-pq@analytics-db:5432/warehouse", "postgres://rollup:‹redacted:password›@analytics-db:5432/warehouse"),
            ("mongodb+srv://svc:p%40ss@cluster0.mongodb.net/app", "mongodb+srv://svc:‹redacted:password›@cluster0.mongodb.net/app"),
            ("redis://:r3d1s@cache:6379/0", "redis://:‹redacted:password›@cache:6379/0"),
            ("jdbc:postgresql://db:5432/x?user=app&password=hunter2 ok", "jdbc:postgresql://db:5432/x?user=app&password=‹redacted:password› ok"),
            ("git clone https://deploy:tok3n@git.corp.io/ops/infra.git", "git clone https://deploy:‹redacted:basic-auth›@git.corp.io/ops/infra.git"),
            ("curl -u admin:changeme https://grafana.corp.io/api", "curl -u admin:‹redacted:basic-auth› https://grafana.corp.io/api"),
            ("docker run -u 1000:1000 img", "docker run -u 1000:1000 img"),
            // A controller names the Secret it wrote under `secret`; a generated value stays secret.
            (r#"{"msg":"updated secret","secret":"grader-db-credentials"}"#, r#"{"msg":"updated secret","secret":"grader-db-credentials"}"#),
            ("client_secret=6f1c2a9e-0b4d-4e7a-9c3f-2d8e5b7a1c04", "client_secret=‹redacted:secret›"),
            // Headers.
            ("Authorization: Bearer 0a1b2c3d4e5f", "Authorization: Bearer ‹redacted:bearer-token›"),
            ("may require authorization: server message: insufficient_scope", "may require authorization: server message: insufficient_scope"),
            ("failed to fetch anonymous token: unexpected status: 401", "failed to fetch anonymous token: unexpected status: 401"),
            ("curl -H 'authorization: Basic YWRtaW46aHVudGVyMg==' http://x", "curl -H 'authorization: Basic ‹redacted:basic-auth›' http://x"),
            (r#"{"headers":{"Authorization":"Bearer abc.def"}}"#, r#"{"headers":{"Authorization":"Bearer ‹redacted:bearer-token›"}}"#),
            ("X-Api-Key: 7f9c2ba4e88f827d", "X-Api-Key: ‹redacted:api-key›"),
            ("> Cookie: session=9a8b7c; theme=dark", "> Cookie: ‹redacted:cookie›; theme=dark"),
            // Tokens by prefix.
            ("token ghp_16C7e42F292c6912E7710c838347Ae178B4a", "token ‹redacted:github-token›"),
            ("GITLAB_TOKEN=glpat-xW3rT9kLm2NpQ8vY4zAb", "GITLAB_TOKEN=‹redacted:gitlab-token›"),
            ("slack: xoxb-2048-1024-Ab3dEf6hIj9kLmNo", "slack: ‹redacted:slack-token›"),
            ("POST https://hooks.slack.com/services/T0AB12CD/B0EF34GH/Xyz123abc456", "POST https://hooks.slack.com/services/‹redacted:slack-token›"),
            ("stripe sk_live_51HxQkT2eZvKYlo2C0a1b2c3d", "stripe ‹redacted:api-key›"),
            // Cloud keys.
            ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = ‹redacted:aws-access-key›"),
            ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = ‹redacted:aws-secret-key›"),
            (r#""SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY","#, r#""SecretAccessKey": "‹redacted:aws-secret-key›","#),
            (
                "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=Zm9vYmFy+/Q==;EndpointSuffix=core.windows.net",
                "DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=‹redacted:azure-key›;EndpointSuffix=core.windows.net",
            ),
            (
                "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=a1B2c3=",
                "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=‹redacted:azure-key›",
            ),
            (
                "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&sp=r&se=2025-01-01&sig=abc%2Bdef%3D",
                "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&sp=r&se=2025-01-01&sig=‹redacted:azure-sas›",
            ),
            // Generic keys.
            (r#"{"client_secret":"abc","user":"x"}"#, r#"{"client_secret":"‹redacted:secret›","user":"x"}"#),
            ("TOKEN: abc.def rest", "TOKEN: ‹redacted:token› rest"),
            ("refresh_token=8xLOxBtZp8", "refresh_token=‹redacted:token›"),
            // Docker config: `auth` only when it decodes to user:password.
            (r#"{"auths":{"ghcr.io":{"auth":"Ym90OnMzY3JldA=="}}}"#, r#"{"auths":{"ghcr.io":{"auth":"‹redacted:docker-auth›"}}}"#),
            (r#"{"auth":"oidc","mode":"strict"}"#, r#"{"auth":"oidc","mode":"strict"}"#),
        ];
        for (input, expected) in cases {
            assert_eq!(red(input), *expected, "input: {input}");
        }
    }

    #[test]
    fn look_alikes_stay() {
        let cases = [
            "image: registry.corp.io/api@sha256:5d1c0b7a4c1d0e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f",
            "billing-worker@sha256:5d1c0b7a...e9f0",
            "Built and pushed v4.1.2 (commit 6b0e2c4d) sha: 71f3a9c0f2730b1c2d3e4f5a6b7c8d9e0f1a2b3c",
            "uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
            "resourceVersion: \"48211937\"",
            "  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=",
            "java.sql.SQLException: Access denied for user 'ledger'@'10.4.2.19' (using password: YES)",
            "password authentication failed for user \"app\"; token: expired",
            "automountServiceAccountToken: false",
            "secretName: db-credentials",
            "existingSecret: redis-auth",
            "imagePullSecret: regcred",
            "  DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false",
            "password:  16 bytes",
            "password=${DB_PASSWORD} token=$(cat /run/token) api_key={{ .Values.key }}",
            "password=*** secret=xxxxxx",
            "status=200 at 10:02:11 https://api.corp.io:8443/v1/orders",
            "sk_live_****************Hx9a",
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----",
            "continue: eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTF9",
        ];
        for input in cases {
            let out = redact(input);
            assert_eq!(out.text, input, "redacted {:?}", out.redactions);
        }
    }

    #[test]
    fn private_keys_and_jwts() {
        let pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\nq2Zt9Xw==\n-----END RSA PRIVATE KEY-----\nnext: 1\n";
        assert_eq!(red(pem), "key:\n‹redacted:private-key›\nnext: 1\n");
        let gcp = r#"{"type": "service_account", "private_key_id": "9f8e7d", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n", "client_email": "sa@p.iam.gserviceaccount.com"}"#;
        assert_eq!(
            red(gcp),
            r#"{"type": "service_account", "private_key_id": "9f8e7d", "private_key": "‹redacted:private-key›", "client_email": "sa@p.iam.gserviceaccount.com"}"#
        );
        // A key cut off by the paste: its base64 goes, the next line stays.
        assert_eq!(red("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n$ kubectl get pods\n"), "‹redacted:private-key›\n$ kubectl get pods\n");
        // Base64 of a PEM private key (a kubeconfig's client-key-data, a Secret's tls.key).
        assert_eq!(red("client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF"), "client-key-data: ‹redacted:private-key›");
        let jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlX2J5dGVz";
        assert_eq!(red(&format!("token: {jwt}.")), "token: ‹redacted:jwt›.");
        assert_eq!(red(&format!("Authorization: Bearer {jwt}")), "Authorization: Bearer ‹redacted:jwt›");
    }

    #[test]
    fn kubernetes_secrets_indented_flattened_and_json() {
        let indented = "$ kubectl get secret db -n shop -o yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n  resourceVersion: \"48211\"\ntype: Opaque\ndata:\n  username: YXBw\n  password: \"aHVudGVyMg==\"\nstringData:\n  dsn: host=db user=app\n";
        let out = red(indented);
        assert!(out.contains("  username: ‹redacted:kubernetes-secret›\n  password: \"‹redacted:kubernetes-secret›\"\n"), "{out}");
        assert!(out.contains("dsn: ‹redacted:kubernetes-secret›\n") && out.contains("resourceVersion: \"48211\""), "{out}");
        // The same Secret after a web copy lost its indentation.
        let flattened = "# From: k8s/secrets/db.yaml\napiVersion: v1\nkind: Secret\nmetadata:\nname: db\nnamespace: shop\ndata:\nusername: YXBw\npassword: aHVudGVyMg==\n";
        let out = red(flattened);
        assert!(out.ends_with("data:\nusername: ‹redacted:kubernetes-secret›\npassword: ‹redacted:kubernetes-secret›\n"), "{out}");
        assert!(out.contains("name: db\nnamespace: shop"), "{out}");
        // JSON, in a List, with the last-applied annotation that repeats the data.
        let json = r#"$ kubectl get secrets -n shop -o json
{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Secret",
 "metadata": {"name": "regcred", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"x\":\"eQ==\"}}"}},
 "type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": "eyJhdXRocyI6e319"}}]}
"#;
        let out = red(json);
        assert!(out.contains(r#""last-applied-configuration": "‹redacted:kubernetes-secret›""#) || out.contains(r#"last-applied-configuration": "‹redacted:kubernetes-secret›"#), "{out}");
        assert!(out.contains(r#"".dockerconfigjson": "‹redacted:docker-auth›""#), "{out}");
        // A ConfigMap's data is not secret, base64 or not.
        let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_HOST: analytics-db\n  blob: aGVsbG8gd29ybGQ=\n";
        assert_eq!(red(config), config);
    }

    #[test]
    fn env_literals_and_printed_secret_data() {
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        env:\n        - name: DB_HOST\n          value: db\n        - name: DB_PASSWORD\n          value: hunter2\n";
        let out = red(deploy);
        assert!(out.contains("value: db\n") && out.ends_with("- name: DB_PASSWORD\n          value: ‹redacted:password›\n"), "{out}");
        let printed = "$ kubectl get secret db -n shop -o jsonpath='{.data.password}' | base64 -d\nhunter2\n$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\n";
        assert_eq!(red(printed), printed.replace("\nhunter2\n", "\n‹redacted:kubernetes-secret›\n"));
        // Its metadata is no data.
        let annotations = "$ kubectl get secret db -n shop -o jsonpath='{.metadata.annotations}' | jq\n{\n  \"reconcile.external-secrets.io/last-synced\": \"2024-11-05T03:00:12Z\"\n}\n";
        assert_eq!(red(annotations), annotations);
    }

    #[test]
    fn redactions_say_where_and_what() {
        let input = "a password=x1 b\nurl=https://u:p2@h c";
        let out = redact(input);
        let found: Vec<_> = out.redactions.iter().map(|r| (r.text(input), r.kind.name(), r.line)).collect();
        assert_eq!(found, [("x1", "password", 1), ("p2", "basic-auth", 2)]);
        assert_eq!(find(input), out.redactions);
        let json = serde_json::to_string(&out.redactions[0]).unwrap();
        assert_eq!(json, r#"{"kind":"password","line":1,"start":11,"end":13}"#);
    }

    #[test]
    fn redacting_twice_finds_nothing_new() {
        let input = "PGPASSWORD=Tr0ub4dor psql postgres://a:b@h/d\nAuthorization: Bearer t0k\n\napiVersion: v1\nkind: Secret\ndata:\n  k: dg==\n";
        let once = redact(input);
        let kinds: Vec<_> = once.redactions.iter().map(|r| r.kind.name()).collect();
        assert_eq!(kinds, ["password", "password", "bearer-token", "kubernetes-secret"], "{}", once.text);
        assert!(find(&once.text).is_empty(), "{:?}", find(&once.text));
    }

    #[test]
    fn mask_borrows_when_there_is_nothing() {
        assert!(matches!(mask("password rotated at noon"), Cow::Borrowed(_)));
        assert!(matches!(mask("status=200 at 10:02:11"), Cow::Borrowed(_)));
        assert_eq!(mask("dsn mysql://app:s3cr3t@db:3306/shop"), "dsn mysql://app:‹redacted:password›@db:3306/shop");
    }

    #[test]
    fn hostile_input_is_linear() {
        // Thousands of headers without ends, separators without keys, and a giant word.
        let headers = "-----BEGIN PRIVATE KEY-----:".repeat(40_000);
        let started = std::time::Instant::now();
        let _ = redact(&headers);
        let _ = redact(&"=:".repeat(500_000));
        let _ = redact(&format!("{}=x", "a".repeat(1_000_000)));
        let _ = redact(&"-u curl ".repeat(100_000));
        // Values that would run to the end of the line from every separator inside them.
        let _ = redact(&"password=".repeat(200_000));
        let _ = redact(&"authorization:\"x".repeat(100_000));
        let _ = redact(&"LS0tLS1CRUdJTiBDRVJU/".repeat(100_000));
        // Linear work here is about a second; quadratic work would be hours. The bound is far
        // from both so that a loaded machine cannot make it fail.
        assert!(started.elapsed().as_secs() < 120, "took {:?}", started.elapsed());
    }
}

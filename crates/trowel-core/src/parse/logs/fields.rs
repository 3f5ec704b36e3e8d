//! Structured log fields: the key/value pairs of a logfmt line or of a one-line JSON object.
//!
//! Both are read in place: a value is a slice of the paste (inside its quotes for strings),
//! flagged when it holds escapes, so a 50 MB paste of JSON lines is walked without copying.
//! Only the values that end up in a fact are unescaped ([`unescape`]).
//!
//! Collectors wrap what a program logged in envelopes of their own: OpenTelemetry's
//! `attributes: [{"key": k, "value": {"stringValue": v}}]` and `body: {"stringValue": …}`,
//! Google Cloud Logging's `jsonPayload: {…}`, ECS's `log: {"level": …}`. A JSON record's
//! fields are read through them ([`Fields::each`]), so every reader sees `k=v` pairs.

use memchr::memchr2;

/// Where a record's fields live, if it has any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fields<'a> {
    #[default]
    None,
    /// `key=value key="quoted value"` text.
    Logfmt(&'a str),
    /// A JSON object, braces included.
    Json(&'a str),
}

/// One field value, borrowed from the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldValue<'a> {
    /// The text of the value: inside the quotes for a string, verbatim otherwise (a nested
    /// object or array keeps its brackets).
    pub raw: &'a str,
    /// A string with backslash escapes still in it.
    pub escaped: bool,
    pub kind: ValueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    String,
    /// Numbers, booleans, null, and logfmt's bare words.
    Scalar,
    Object,
    Array,
}

impl<'a> FieldValue<'a> {
    /// The value as text, unescaped.
    pub fn text(&self) -> String {
        if self.escaped {
            unescape(self.raw)
        } else {
            self.raw.to_string()
        }
    }
}

impl<'a> Fields<'a> {
    /// Calls `f` for every top-level field; returns false if the text is malformed (the
    /// fields before the fault have been visited). `f` returns false to stop early.
    pub fn each(&self, mut f: impl FnMut(&'a str, FieldValue<'a>) -> bool) -> bool {
        match *self {
            Fields::None => true,
            Fields::Logfmt(text) => logfmt_each(text, &mut f),
            Fields::Json(text) => {
                let mut go_on = true;
                json_each(text, &mut |key, value| {
                    go_on = enveloped(key, value, &mut f);
                    go_on
                })
            }
        }
    }

    /// The first field named by any of `keys`, in the order of `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<FieldValue<'a>> {
        self.get_where(keys, |_| true)
    }

    /// Like [`Fields::get`], among the values `accept` takes: one pass over the record
    /// however many keys are asked for.
    pub fn get_where(&self, keys: &[&str], accept: impl Fn(&FieldValue<'a>) -> bool) -> Option<FieldValue<'a>> {
        let mut best: Option<(usize, FieldValue<'a>)> = None;
        self.each(|key, value| {
            if let Some(rank) = keys.iter().position(|k| *k == key) {
                if best.is_none_or(|(r, _)| rank < r) && accept(&value) {
                    best = Some((rank, value));
                }
            }
            best.is_none_or(|(r, _)| r > 0)
        });
        best.map(|(_, value)| value)
    }
}

/// Reads logfmt pairs. Bare words without `=` are skipped; an unterminated quote is a fault.
fn logfmt_each<'a>(text: &'a str, f: &mut impl FnMut(&'a str, FieldValue<'a>) -> bool) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Commas part pairs in label sets (`pod="web-1", app="web"`).
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let key = &text[key_start..i];
        if i >= b.len() || b[i] != b'=' {
            continue;
        }
        i += 1;
        let value = if b.get(i) == Some(&b'"') {
            let Some((end, escaped)) = string_end(b, i + 1) else { return false };
            let value = FieldValue { raw: &text[i + 1..end], escaped, kind: ValueKind::String };
            i = end + 1;
            value
        } else {
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            FieldValue { raw: &text[start..i], escaped: false, kind: ValueKind::Scalar }
        };
        if !key.is_empty() && !f(key, value) {
            return true;
        }
    }
    true
}

/// The index of the quote closing a string whose content starts at `from`, and whether
/// the string holds escapes.
fn string_end(b: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut i = from;
    let mut escaped = false;
    loop {
        let at = i + memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[at] == b'"' {
            return Some((at, escaped));
        }
        escaped = true;
        i = at + 2;
    }
}

/// Objects whose pairs are the record's own fields: GCP's `jsonPayload`, OpenTelemetry's
/// `resource` and `attributes` (when written as an object), ECS's nested `log`.
const ENVELOPES: &[&str] = &["jsonPayload", "resource", "attributes", "log"];

/// Visits one top-level pair, or the pairs inside it when it is an envelope; a value
/// wrapped as OpenTelemetry's `AnyValue` is unwrapped. A malformed envelope is skipped.
/// Returns false when `f` asks to stop.
fn enveloped<'a>(key: &'a str, value: FieldValue<'a>, f: &mut impl FnMut(&'a str, FieldValue<'a>) -> bool) -> bool {
    match value.kind {
        ValueKind::Object if ENVELOPES.contains(&key) => {
            let mut go_on = true;
            json_each(value.raw, &mut |key, value| {
                go_on = f(key, any_value(value));
                go_on
            });
            go_on
        }
        ValueKind::Array if key == "attributes" => key_value_list(value.raw, f),
        _ => f(key, any_value(value)),
    }
}

/// OpenTelemetry's `[{"key": k, "value": {…}}, …]`: each element as the pair `k=value`.
fn key_value_list<'a>(text: &'a str, f: &mut impl FnMut(&'a str, FieldValue<'a>) -> bool) -> bool {
    let b = text.as_bytes();
    let mut i = 1;
    while i < b.len() {
        while i < b.len() && matches!(b[i], b',' | b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        let Some((element, next)) = json_value(text, i).filter(|(v, _)| v.kind == ValueKind::Object) else { return true };
        let fields = Fields::Json(element.raw);
        if let (Some(key), Some(value)) = (fields.get(&["key"]), fields.get(&["value"])) {
            if key.kind == ValueKind::String && !f(key.raw, any_value(value)) {
                return false;
            }
        }
        i = next;
    }
    true
}

/// The value inside OpenTelemetry's `AnyValue` wrapper (`{"stringValue": "x"}`,
/// `{"boolValue": false}`, `{"intValue": "3"}`); any other value as it is.
fn any_value(value: FieldValue<'_>) -> FieldValue<'_> {
    const WRAPPERS: &[&str] = &["stringValue", "boolValue", "intValue", "doubleValue"];
    if value.kind != ValueKind::Object {
        return value;
    }
    let mut inner = None;
    let mut pairs = 0;
    json_each(value.raw, &mut |key, v| {
        pairs += 1;
        inner = WRAPPERS.contains(&key).then_some(v);
        pairs == 1
    });
    match inner {
        Some(v) if pairs == 1 => v,
        _ => value,
    }
}

/// Reads the top-level pairs of a JSON object.
fn json_each<'a>(text: &'a str, f: &mut impl FnMut(&'a str, FieldValue<'a>) -> bool) -> bool {
    let b = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut i = skip_ws(0);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i = skip_ws(i + 1);
    if b.get(i) == Some(&b'}') {
        return true;
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return false;
        }
        let Some((key_end, _)) = string_end(b, i + 1) else { return false };
        let key = &text[i + 1..key_end];
        i = skip_ws(key_end + 1);
        if b.get(i) != Some(&b':') {
            return false;
        }
        i = skip_ws(i + 1);
        let Some((value, next)) = json_value(text, i) else { return false };
        if !f(key, value) {
            return true;
        }
        i = skip_ws(next);
        match b.get(i) {
            Some(b',') => i = skip_ws(i + 1),
            Some(b'}') => return true,
            _ => return false,
        }
    }
}

/// One JSON value starting at `i`, and the index after it.
fn json_value(text: &str, i: usize) -> Option<(FieldValue<'_>, usize)> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'"' => {
            let (end, escaped) = string_end(b, i + 1)?;
            Some((FieldValue { raw: &text[i + 1..end], escaped, kind: ValueKind::String }, end + 1))
        }
        open @ (b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => j = string_end(b, j + 1)?.0,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            let kind = if open == b'{' { ValueKind::Object } else { ValueKind::Array };
                            return Some((FieldValue { raw: &text[i..=j], escaped: false, kind }, j + 1));
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace() {
                j += 1;
            }
            (j > i).then(|| (FieldValue { raw: &text[i..j], escaped: false, kind: ValueKind::Scalar }, j))
        }
    }
}

/// Undoes JSON/logfmt backslash escapes (`\"`, `\\`, `\n`, `\t`, `\/`, `\uXXXX`).
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(fields: Fields<'_>) -> (Vec<String>, bool) {
        let mut out = Vec::new();
        let ok = fields.each(|k, v| {
            out.push(format!("{k}={}", v.text()));
            true
        });
        (out, ok)
    }

    #[test]
    fn logfmt_pairs_with_quotes_and_escapes() {
        let (got, ok) = pairs(Fields::Logfmt(r#"ts=2024-11-20T10:02:11Z level=info msg="say \"hi\"" bare key="" n=3"#));
        assert!(ok);
        assert_eq!(got, ["ts=2024-11-20T10:02:11Z", "level=info", r#"msg=say "hi""#, "key=", "n=3"]);
        assert!(!pairs(Fields::Logfmt(r#"level=info msg="unterminated"#)).1);
    }

    #[test]
    fn json_pairs_with_nesting() {
        let line = r#"{"ts":1732096931.5,"msg":"a \"b\" \u00e9","output":{"Deployment/apps/web":"configured"},"tags":[1,{"x":"]"}],"ok":true}"#;
        let (got, ok) = pairs(Fields::Json(line));
        assert!(ok);
        assert_eq!(got, ["ts=1732096931.5", r#"msg=a "b" é"#, r#"output={"Deployment/apps/web":"configured"}"#, r#"tags=[1,{"x":"]"}]"#, "ok=true"]);
        assert_eq!(Fields::Json(line).get(&["message", "msg"]).map(|v| v.text()), Some(r#"a "b" é"#.to_string()));
        assert!(!pairs(Fields::Json(r#"{"msg":"cut off"#)).1);
        assert!(!pairs(Fields::Json(r#"{"a":1 "b":2}"#)).1);
    }

    #[test]
    fn collector_envelopes_are_read_through() {
        let otlp = r#"{"severityText":"WARN","body":{"stringValue":"flag returned default"},"attributes":[{"key":"feature_flag.key","value":{"stringValue":"a.b"}},{"key":"ok","value":{"boolValue":false}}],"resource":{"service.name":"matcher"}}"#;
        let (got, ok) = pairs(Fields::Json(otlp));
        assert!(ok);
        assert_eq!(got, ["severityText=WARN", "body=flag returned default", "feature_flag.key=a.b", "ok=false", "service.name=matcher"]);
        assert_eq!(Fields::Json(otlp).get(&["feature_flag.key"]).map(|v| v.raw), Some("a.b"));
        let gcp = r#"{"severity":"INFO","jsonPayload":{"message":"done","rows":3},"log":{"level":"info"},"body":{"kvlistValue":{}}}"#;
        assert_eq!(pairs(Fields::Json(gcp)).0, ["severity=INFO", "message=done", "rows=3", "level=info", r#"body={"kvlistValue":{}}"#]);
        // A string field named like an envelope is a field.
        assert_eq!(pairs(Fields::Json(r#"{"log":"plain line"}"#)).0, ["log=plain line"]);
    }
}

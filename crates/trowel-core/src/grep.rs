//! What `grep -n` over files prints: each line behind a gutter naming its file and line
//! number, `path:12:` for a line that matched and `path-13-` for a context line (`-A`, `-B`,
//! `-C`), with `--` between groups that are not adjacent.
//!
//! Readers take the gutter off by moving a line's start past it, so what they quote stays a
//! slice of the paste; the file each line came from splits the excerpt into documents.

use crate::ascii::Set;
/// The gutter in front of one line of `grep -n` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gutter<'a> {
    /// The file the line is from.
    pub path: &'a str,
    /// Bytes the gutter takes: the line's own text starts there.
    pub width: usize,
    /// The line matched the pattern (`:`), rather than being context around a match (`-`).
    pub matched: bool,
}

/// The gutter of `line`: `path:12:` or `path-12-`. The path must look like one (a `/` or a
/// `.` in it, no blanks, not starting with a digit), so a timestamp (`2025-05-06`) or an
/// address (`10.0.0.1:8080:`) is not taken for one.
pub fn gutter(line: &str) -> Option<Gutter<'_>> {
    // PowerShell's `Select-String -Context` puts two columns before each line: `> ` on a
    // match, two blanks on context (whose gutter says `:` too, so both read as matches; the
    // `>` may be blanked already, `crate::quotes`).
    let lead = if line.starts_with("> ") || line.starts_with("  ") { 2 } else { 0 };
    let mut gutter = gutter_at(&line[lead..])?;
    gutter.width += lead;
    Some(gutter)
}

fn gutter_at(line: &str) -> Option<Gutter<'_>> {
    let bytes = line.as_bytes();
    for (at, &sep) in bytes.iter().enumerate() {
        if sep.is_ascii_whitespace() {
            return None;
        }
        if at == 0 || !matches!(sep, b':' | b'-') {
            continue;
        }
        let digits = bytes[at + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        // `path:12-` as some tools (and hand-edited pastes) mark context: a context line too.
        let close = bytes.get(at + 1 + digits).copied();
        let mixed = sep == b':' && close == Some(b'-');
        if digits == 0 || close != Some(sep) && !mixed {
            continue;
        }
        let path = &line[..at];
        let looks_like_path = path.contains_of(b"/.") && !bytes[0].is_ascii_digit();
        return looks_like_path.then_some(Gutter { path, width: at + digits + 2, matched: sep == b':' && !mixed });
    }
    None
}

/// The log line behind the gutter `grep -n` prints over one file, a line number alone
/// (`23:[2026-05-20 21:14:10] WARN …`, `24-2026-05-20T21:14:10Z …` for context): only before
/// a record that opens with a bracket, a JSON object or a full date, so a time of day
/// (`21:14:10 INFO`) or a range (`10-15 min`) is never taken for a gutter.
pub fn numbered_line(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take(8).take_while(|b| b.is_ascii_digit()).count();
    if !(1..=7).contains(&digits) || !matches!(bytes.get(digits), Some(b':' | b'-')) {
        return None;
    }
    let rest = &bytes[digits + 1..];
    let opens = match rest {
        [b'[', b'0'..=b'9', ..] | [b'{', b'"', ..] => true,
        [y1, y2, y3, y4, b'-', ..] => [y1, y2, y3, y4].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    opens.then(|| &line[digits + 1..])
}

/// `--`, which grep prints between groups of context lines.
pub fn is_separator(line: &str) -> bool {
    line.trim_end() == "--"
}

/// True when `lines` are `grep -n` output over files: every non-blank line has a gutter or
/// is a group separator, at least two have one, and some line matched.
pub fn is_excerpt<'a>(lines: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut gutters, mut matched) = (0, false);
    for line in lines {
        if line.trim().is_empty() || is_separator(line) {
            continue;
        }
        let Some(g) = gutter(line) else { return false };
        gutters += 1;
        matched |= g.matched;
    }
    gutters >= 2 && matched
}

/// grep output over files, numbered (`grep -n`: [`gutter`]) or not (`grep -H -A3`, `grep -r`
/// without `-n`: `path:line` for a match, `path-line` for context). Without numbers a
/// context line's gutter is known only by a path that a matched line named: the longest
/// such path followed by `-` (`a.yaml.bak-data:` is context of `a.yaml.bak`, not of `a.yaml`).
pub struct Excerpt<'a> {
    /// The files matched lines name, when the lines carry no numbers; empty for `grep -n`.
    paths: Vec<&'a str>,
}

impl<'a> Excerpt<'a> {
    /// The excerpt `lines` are, if they are one: every non-blank line behind a gutter or a
    /// group separator, two or more gutters, some line matched; without numbers, also some
    /// line of context (so a list of `app.kubernetes.io/name: web` labels is no excerpt).
    pub fn of<I: IntoIterator<Item = &'a str>>(lines: I) -> Option<Excerpt<'a>>
    where
        I::IntoIter: Clone,
    {
        let lines = lines.into_iter();
        if is_excerpt(lines.clone()) {
            return Some(Excerpt { paths: Vec::new() });
        }
        let mut paths: Vec<&'a str> = Vec::new();
        for line in lines.clone() {
            if let Some(path) = matched_path(line) {
                if !paths.contains(&path) {
                    paths.push(path);
                }
            }
        }
        // A context line whose text starts like a key (`a.yaml-metadata:`) names no file of
        // its own: it is the context of the file it extends.
        let all = paths.clone();
        paths.retain(|p| !all.iter().any(|q| q.len() < p.len() && p.starts_with(q) && p.as_bytes()[q.len()] == b'-'));
        if paths.is_empty() {
            return None;
        }
        let excerpt = Excerpt { paths };
        let (mut gutters, mut matched, mut context) = (0, false, false);
        for line in lines {
            if line.trim().is_empty() || is_separator(line) {
                continue;
            }
            let g = excerpt.gutter(line)?;
            gutters += 1;
            matched |= g.matched;
            context |= !g.matched;
        }
        (gutters >= 2 && matched && context).then_some(excerpt)
    }

    /// The gutter of one of the excerpt's lines.
    pub fn gutter(&self, line: &'a str) -> Option<Gutter<'a>> {
        if self.paths.is_empty() {
            return gutter(line);
        }
        let at = |path: &str, sep: u8| line.starts_with(path) && line.as_bytes().get(path.len()) == Some(&sep);
        if let Some(path) = self.paths.iter().filter(|p| at(p, b':')).max_by_key(|p| p.len()) {
            return Some(Gutter { path: &line[..path.len()], width: path.len() + 1, matched: true });
        }
        let path = self.paths.iter().filter(|p| at(p, b'-')).max_by_key(|p| p.len())?;
        Some(Gutter { path: &line[..path.len()], width: path.len() + 1, matched: false })
    }
}

/// The file an unnumbered matched line names: the text before its first colon, when that
/// looks like a path (a `/` or a `.` in it, no blanks, not starting with a digit).
fn matched_path(line: &str) -> Option<&str> {
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let path = &line[..colon];
    let ok = colon > 0 && !path.bytes().any(|b| b.is_ascii_whitespace()) && path.contains_of(b"/.") && !path.as_bytes()[0].is_ascii_digit();
    ok.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_number_alone_is_a_gutter_only_before_a_dated_record() {
        assert_eq!(numbered_line("23:[2026-05-20 21:14:10] WARN flags: key 'x' not found"), Some("[2026-05-20 21:14:10] WARN flags: key 'x' not found"));
        assert_eq!(numbered_line("124-2026-05-20T21:14:10Z INFO ok"), Some("2026-05-20T21:14:10Z INFO ok"));
        for line in ["21:14:10 INFO up", "2026-05-20T21:14:10Z INFO ok", "10-15 minutes", "3:[x] done", "12345678:[2026-01-01]"] {
            assert_eq!(numbered_line(line), None, "{line}");
        }
    }

    #[test]
    fn reads_match_and_context_gutters() {
        let g = gutter("apps/web/configmap.yaml:4:  name: web-config").unwrap();
        assert_eq!((g.path, g.matched), ("apps/web/configmap.yaml", true));
        assert_eq!(&"apps/web/configmap.yaml:4:  name: web-config"[g.width..], "  name: web-config");
        let line = "apps/rx-gateway/prod/claims-adapter-uat.yaml-15-data:";
        let g = gutter(line).unwrap();
        assert_eq!((g.path, g.matched, &line[g.width..]), ("apps/rx-gateway/prod/claims-adapter-uat.yaml", false, "data:"));
        // `path:12-`: a context line whose gutter mixes the two marks.
        let line = "deploy/app.yaml:13-  replicas: 2";
        let g = gutter(line).unwrap();
        assert_eq!((g.path, g.matched, &line[g.width..]), ("deploy/app.yaml", false, "  replicas: 2"));
    }

    #[test]
    fn reads_select_string_context_marks() {
        let line = r"> deploy\uat\api-settings.yaml:4:  name: api-settings";
        let g = gutter(line).unwrap();
        assert_eq!((g.path, g.matched, &line[g.width..]), (r"deploy\uat\api-settings.yaml", true, "  name: api-settings"));
        let line = r"  deploy\uat\api-settings.yaml:2:kind: ConfigMap";
        let g = gutter(line).unwrap();
        assert_eq!(&line[g.width..], "kind: ConfigMap");
        assert!(is_excerpt([r"  a\b.yaml:3:metadata:", r"> a\b.yaml:4:  name: x"]));
    }

    #[test]
    fn timestamps_addresses_and_prose_have_no_gutter() {
        assert_eq!(gutter("2025-05-06 14:11:02 ERROR x"), None);
        assert_eq!(gutter("10.0.0.1:8080: connection refused"), None);
        assert_eq!(gutter("see values.yaml line 4: wrong"), None);
        assert_eq!(gutter("web-7d9f-2-x"), None);
    }

    #[test]
    fn lines_without_numbers_are_guttered_by_the_files_matched_lines_name() {
        let lines = ["srv/cfg.yaml:kind: Secret", "srv/cfg.yaml-metadata:", "srv/cfg.yaml.old:kind: Secret", "srv/cfg.yaml.old-metadata:", "srv/cfg.yaml.old-  name: db"];
        let excerpt = Excerpt::of(lines).unwrap();
        let g = excerpt.gutter(lines[3]).unwrap();
        assert_eq!((g.path, g.matched, &lines[3][g.width..]), ("srv/cfg.yaml.old", false, "metadata:"));
        assert_eq!(excerpt.gutter(lines[1]).unwrap().path, "srv/cfg.yaml");
        // Labels name no files: no line of context follows a path.
        assert!(Excerpt::of(["app.kubernetes.io/name: web", "app.kubernetes.io/part-of: shop"]).is_none());
        assert!(Excerpt::of(["a.yaml:1:x: 1", "a.yaml-2-y: 2"]).is_some());
    }

    #[test]
    fn an_excerpt_needs_every_line_guttered_and_a_match() {
        assert!(is_excerpt(["a.yaml:1:x: 1", "a.yaml-2-y: 2", "--", "b.yaml:1:x: 3"]));
        assert!(!is_excerpt(["a.yaml-1-x: 1", "a.yaml-2-y: 2"]));
        assert!(!is_excerpt(["a.yaml:1:x: 1", "plain line"]));
    }
}

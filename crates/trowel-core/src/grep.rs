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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_excerpt_needs_every_line_guttered_and_a_match() {
        assert!(is_excerpt(["a.yaml:1:x: 1", "a.yaml-2-y: 2", "--", "b.yaml:1:x: 3"]));
        assert!(!is_excerpt(["a.yaml-1-x: 1", "a.yaml-2-y: 2"]));
        assert!(!is_excerpt(["a.yaml:1:x: 1", "plain line"]));
    }
}

//! The report's prose marks names, tags and values with backticks (`newTag: latest`); the
//! page sets those in code type. Splitting is all this does: the parts stay text.

/// Report prose split into plain and `code` parts (`true` for code), by backticks; a backtick
/// without a partner stays as text.
pub fn split(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`').map(|i| open + 1 + i) else { break };
        if open > 0 {
            parts.push((false, &rest[..open]));
        }
        if close > open + 1 {
            parts.push((true, &rest[open + 1..close]));
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn backticks_mark_code_spans() {
        assert_eq!(split("pin `newTag: v2.5.0` (or a digest)"), vec![(false, "pin "), (true, "newTag: v2.5.0"), (false, " (or a digest)")]);
        assert_eq!(split("`a``b`"), vec![(true, "a"), (true, "b")]);
        assert_eq!(split("odd ` backtick"), vec![(false, "odd ` backtick")]);
        assert_eq!(split("x `y` z `w"), vec![(false, "x "), (true, "y"), (false, " z `w")]);
        assert!(split("").is_empty());
    }

}

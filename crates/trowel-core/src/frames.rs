//! Frames a terminal UI draws around its panes with box-drawing characters (k9s, htop-like
//! dashboards, `lazydocker`): copied from the terminal, every line of a pane is wrapped in
//! `│ … │` and the pane's title sits in its top rule (`┌──── Pods(shop)[6] ────┐`). Behind the
//! border a table's header or a log line is no longer what its reader recognises.
//!
//! Analysis therefore reads a copy without the frames ([`strip`]): the border of each framed
//! line (with the one space padding it) and the rule characters around a title are removed,
//! so the title stands alone as the pane's caption and the bottom rule becomes a blank line
//! that ends the pane. Spans are mapped back onto the paste the way
//! [`crate::terminal`] maps them around colour codes. Only lines between a top corner (`┌`,
//! `╭`) and a bottom one are touched, so `tree`'s `│   ├── x` lines stay as they are.

use crate::ascii::Set;
use crate::terminal::Stripped;

/// Characters of a pane's rules and corners.
const RULE: &[char] = &['─', '━', '┌', '┐', '└', '┘', '╭', '╮', '╰', '╯', '├', '┤', '┏', '┓', '┗', '┛'];
/// The arrows a list view puts after the name of the column it sorts by.
const SORT_ARROWS: &[char] = &['↑', '↓'];
/// The corners of a top rule.
const CORNERS: &[char] = &['┌', '┐', '╭', '╮', '┏', '┓'];
/// The top-left corners, the first sign of a framed pane.
const TOP_LEFT_CORNERS: [&str; 3] = ["┌", "╭", "┏"];
/// The vertical border of a framed line.
const SIDES: &[char] = &['│', '┃'];

/// Whether a top-left corner appears anywhere: a byte search per corner. Every paste passes
/// here; a `char`-set search decodes each character, which in the size-optimised browser
/// build was the slowest step of reading a large paste (a fifth of it).
fn has_top_corner(paste: &str) -> bool {
    // The corners share their UTF-8 lead byte: one scan for it, not a search per corner.
    let bytes = paste.as_bytes();
    memchr::memchr_iter(0xE2, bytes).any(|at| TOP_LEFT_CORNERS.iter().any(|corner| bytes[at..].starts_with(corner.as_bytes())))
}

/// The paste without the frames of its panes; None when no pane is framed (the usual case).
pub fn strip(paste: &str) -> Option<Stripped> {
    if !has_top_corner(paste) {
        return None;
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut inside = false;
    // The pane's first line, a list view's header.
    let mut first_row = false;
    let mut offset = 0;
    for line in paste.split_inclusive('\n') {
        let body = line.trim_end_of(b"\n\r");
        let text = body.trim();
        let lead = body.len() - body.trim_start().len();
        let opens = text.starts_with(['┌', '╭', '┏']) && text.ends_with(['┐', '╮', '┓']);
        let closes = inside && text.starts_with(['└', '╰', '┗']);
        if opens || closes {
            // A top rule loses its corners and reads as a title between rules
            // (`──── Pods(shop)[6] ────`); a bottom rule goes, leaving the blank line that
            // ends the pane.
            let cut = |c: &char| if opens { CORNERS.contains(c) } else { RULE.contains(c) };
            for (i, c) in body.char_indices().filter(|(_, c)| cut(c)) {
                cuts.push((offset + i, offset + i + c.len_utf8()));
            }
            inside = opens;
            first_row = opens;
        } else if inside && text.starts_with(SIDES) {
            let left = offset + lead;
            let mut left_end = left + text.chars().next().map_or(0, char::len_utf8);
            if paste[left_end..].starts_with(' ') {
                left_end += 1;
            }
            cuts.push((left, left_end));
            // A list view marks the column it sorts by with an arrow (`NAME↑`), which is no
            // part of the column's name.
            if first_row {
                for (i, c) in body.char_indices().filter(|&(i, c)| offset + i >= left_end && SORT_ARROWS.contains(&c)) {
                    cuts.push((offset + i, offset + i + c.len_utf8()));
                }
            }
            first_row = false;
            let right = text.trim_end_matches(|c: char| SIDES.contains(&c));
            if right.len() < text.len() && text.len() > 1 {
                let end = offset + lead + text.len();
                let start = offset + lead + right.len();
                if start >= left_end {
                    cuts.push((start, end));
                }
            }
        }
        offset += line.len();
    }
    (!cuts.is_empty()).then(|| Stripped::without(paste, &cuts))
}

/// The command whose output a k9s pane shows, from the title in its top rule (`Pods(shop)[6]`,
/// `Describe(shop/web-7c9f-x2k4q)`, `Logs(shop/web-7c9f-x2k4q:api)`), so the pane is read
/// as that command's output: a list view is `kubectl get`, a pod's describe view `kubectl
/// describe pod`, its log view `kubectl logs`. Views of other kinds and titles of other
/// programs name no command.
pub fn view_command(title: &str) -> Option<String> {
    let (view, rest) = title.trim().split_once('(')?;
    let (scope, after) = rest.split_once(')')?;
    let count_only = after.trim().is_empty() || after.trim().starts_with('[') && after.trim().ends_with(']');
    let is_word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
    match (view, scope.split_once('/')) {
        ("Describe", Some((ns, name))) if is_word(ns) && is_word(name) && crate::names::pod_owner(name).is_some() && count_only => {
            Some(format!("kubectl describe pod {name} -n {ns}"))
        }
        ("Logs", Some((ns, target))) if is_word(ns) && count_only => {
            let (pod, container) = target.split_once(':').unwrap_or((target, ""));
            let container = if is_word(container) { format!(" -c {container}") } else { String::new() };
            is_word(pod).then(|| format!("kubectl logs {pod} -n {ns}{container}"))
        }
        (_, None) if count_only && is_word(scope) && view.len() > 1 && view.starts_with(|c: char| c.is_ascii_uppercase()) && view.ends_with('s') && view.chars().all(|c| c.is_ascii_alphabetic()) => {
            let scope = if scope == "all" { "-A".to_string() } else { format!("-n {scope}") };
            Some(format!("kubectl get {} {scope}", view.to_ascii_lowercase()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_go_and_titles_and_rows_stay() {
        let paste = "k9s copy:\n┌──── Pods(shop)[2] ────┐\n│ NAME↑    READY STATUS │\n│ web-1    0/1   Running│\n└───────────────────────┘\n│   ├── tree stays\n";
        let stripped = strip(paste).unwrap();
        assert_eq!(stripped.text, "k9s copy:\n──── Pods(shop)[2] ────\nNAME    READY STATUS \nweb-1    0/1   Running\n\n│   ├── tree stays\n");
        // A quote of the copy maps back onto the paste.
        let at = stripped.text.find("web-1").unwrap() as u32;
        let span = stripped.quote(crate::span::Span { start: at, end: at + 5 });
        assert_eq!(&paste[span.start as usize..span.end as usize], "web-1");
    }

    #[test]
    fn a_k9s_title_names_the_command_its_pane_shows() {
        assert_eq!(view_command("Pods(shop)[6]").as_deref(), Some("kubectl get pods -n shop"));
        assert_eq!(view_command("Deployments(all)[12]").as_deref(), Some("kubectl get deployments -A"));
        assert_eq!(view_command("Describe(shop/web-7c9f8b6d5d-x2k4q)").as_deref(), Some("kubectl describe pod web-7c9f8b6d5d-x2k4q -n shop"));
        assert_eq!(view_command("Logs(shop/web-7c9f8b6d5d-x2k4q:api)").as_deref(), Some("kubectl logs web-7c9f8b6d5d-x2k4q -n shop -c api"));
        assert_eq!(view_command("ConfigMap(shop/web-config) application.yaml"), None);
        assert_eq!(view_command("Notes (from Monday)"), None);
    }

    #[test]
    fn a_paste_without_frames_is_left_alone() {
        assert!(strip("│   ├── src\n│   └── lib.rs\n").is_none());
    }
}

//! The report as Markdown for postmortems, tickets and chat: what the system is, each
//! diagnosis with its confidence, evidence quoted with line numbers, checks and fixes, the
//! timeline, and what was not understood. `trowel analyze --format markdown` prints exactly
//! this. Quotes are shown verbatim in code spans (fenced by enough backticks to hold any the
//! paste has); a quote of several lines shows its first line and its line range.

use std::fmt::Write;
use trowel_core::report::{Report, Stance};

/// Pieces of text no parser understood that are listed; the rest are counted.
const UNPARSED_LISTED: usize = 10;

/// A postmortem-ready Markdown report (control characters in quotes shown as pictures).
pub fn render(report: &Report) -> String {
    let mut out = String::from("# Incident analysis\n\n## What the system is\n\n");
    let _ = writeln!(out, "{}\n", report.reconstruction.summary);
    if !report.reconstruction.components.is_empty() {
        out.push_str("| component | kind | role |\n|---|---|---|\n");
        for c in &report.reconstruction.components {
            let _ = writeln!(out, "| `{}` | {} | {} |", c.name, c.kind, c.role.replace('|', "\\|"));
        }
        out.push('\n');
    }
    out.push_str("## What is broken\n\n");
    if report.diagnoses.is_empty() {
        out.push_str("No diagnosis: nothing in the paste matches a known failure pattern.\n\n");
    }
    for (rank, d) in report.diagnoses.iter().enumerate() {
        let _ = writeln!(out, "### {}. {} — `{}` ({:.0}%)\n", rank + 1, d.title, d.class, d.confidence * 100.0);
        if let Some(cause) = &d.explained_by {
            let _ = writeln!(out, "_Explained by `{cause}`._\n");
        }
        let _ = writeln!(out, "{}\n", d.summary);
        for quotes in d.evidence_by_claim() {
            let stance = if quotes[0].stance == Stance::Supports { "supports" } else { "**contradicts**" };
            let _ = writeln!(out, "- {} ({stance})", quotes[0].claim);
            for e in quotes {
                let first = e.quote.lines().next().unwrap_or("");
                let more = if e.line_end > e.line { " …" } else { "" };
                let _ = writeln!(out, "  - {}: {}{more}", lines(e.line, e.line_end), code(first));
            }
        }
        if !d.checks.is_empty() {
            let fence = "`".repeat(longest_backtick_run(&d.checks.join("\n")).max(2) + 1);
            let _ = writeln!(out, "\n**Check first**\n\n{fence}sh");
            for c in &d.checks {
                let _ = writeln!(out, "{c}");
            }
            let _ = writeln!(out, "{fence}");
        }
        if !d.fixes.is_empty() {
            out.push_str("\n**Fix**\n\n");
            for f in &d.fixes {
                let _ = writeln!(out, "1. {f}");
            }
        }
        out.push('\n');
    }
    if !report.timeline.is_empty() {
        out.push_str("## Timeline\n\n");
        for t in &report.timeline {
            let mark = t.marker.as_deref().map(|m| format!(" **{m}**")).unwrap_or_default();
            let _ = writeln!(out, "- `{}`{mark} {} (line {})", t.time, t.event, t.line);
        }
        out.push('\n');
    }
    if !report.unparsed.is_empty() {
        let _ = writeln!(out, "## Not understood\n\n{} piece(s) of the paste no parser read:\n", report.unparsed.len());
        for u in report.unparsed.iter().take(UNPARSED_LISTED) {
            let _ = writeln!(out, "- {}: {}", lines(u.line_start, u.line_end), u.reason);
        }
        if report.unparsed.len() > UNPARSED_LISTED {
            let _ = writeln!(out, "- … and {} more", report.unparsed.len() - UNPARSED_LISTED);
        }
        out.push('\n');
    }
    if !report.warnings.is_empty() {
        out.push_str("## Warnings\n\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {w}");
        }
        out.push('\n');
    }
    // One newline at the end, whichever section came last.
    out.truncate(out.trim_end().len());
    out.push('\n');
    trowel_core::terminal::printable(&out).into_owned()
}

/// `line 7` or `lines 7–9`.
fn lines(start: u32, end: u32) -> String {
    if end > start {
        format!("lines {start}–{end}")
    } else {
        format!("line {start}")
    }
}

/// `text` as an inline code span that shows it verbatim: fenced by one backtick more than its
/// longest run of backticks, and padded with spaces when it starts or ends with one.
fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn code_spans_keep_backticks_verbatim() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`edge`"), "`` `edge` ``");
        assert_eq!(code("x ``` y"), "````x ``` y````");
    }

    #[test]
    fn quotes_carry_their_lines_and_unread_text_is_listed() {
        let mut report = sample::report();
        report.diagnoses[0].evidence[0].line_end = report.diagnoses[0].evidence[0].line + 2;
        report.diagnoses[0].checks.push("echo ```".into());
        report.unparsed = (0..12)
            .map(|i| trowel_core::report::UnparsedText { line_start: i + 1, line_end: i + 1, text: "?".into(), reason: format!("reason {i}") })
            .collect();
        report.warnings.push("a warning".into());
        let md = render(&report);
        let first = &report.diagnoses[0].evidence[0];
        assert!(md.contains(&format!("  - lines {}–{}: `", first.line, first.line + 2)), "{md}");
        assert!(md.contains("\n````sh\n") && md.contains("echo ```\n````\n"), "{md}");
        assert!(md.contains("## Not understood\n\n12 piece(s)") && md.contains("- line 10: reason 9\n- … and 2 more\n"), "{md}");
        assert!(md.ends_with("## Warnings\n\n- a warning\n"), "{md}");
    }
}

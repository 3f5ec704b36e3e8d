//! Rendering of `trowel analyze`: JSON (the public contract), a terminal report in
//! compiler-diagnostic style, and Markdown for postmortems and chat.

use std::fmt::Write;
use trowel_core::report::{Report, Stance};

/// The report as JSON: the public contract of `analyze --format json`.
///
/// Written straight to `out` rather than built as a string first: on a 50 MB paste the JSON
/// is tens of megabytes, which would otherwise sit in memory beside the paste and the report.
pub fn json(report: &Report, mut out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// A terminal report: each diagnosis with its evidence quoted line by line.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "what this is\n  {}\n", report.reconstruction.summary);
    if report.diagnoses.is_empty() {
        let _ = writeln!(out, "no diagnosis: nothing in the paste matches a known failure pattern\n");
    }
    for (rank, d) in report.diagnoses.iter().enumerate() {
        let _ = writeln!(out, "{}. {} [{}] {:.0}%", rank + 1, d.title, d.class, d.confidence * 100.0);
        if let Some(cause) = &d.explained_by {
            let _ = writeln!(out, "   (explained by {cause})");
        }
        let _ = writeln!(out, "   {}", d.summary);
        let mut last_claim = "";
        for e in &d.evidence {
            if e.claim != last_claim {
                let mark = if e.stance == Stance::Supports { "+" } else { "−" };
                let _ = writeln!(out, "   {mark} {}", e.claim);
                last_claim = &e.claim;
            }
            for (i, line) in e.quote.lines().enumerate().take(6) {
                let _ = writeln!(out, "     {:>5} │ {line}", e.line as usize + i);
            }
        }
        if !d.checks.is_empty() {
            let _ = writeln!(out, "   check first:");
            for c in &d.checks {
                let _ = writeln!(out, "     $ {c}");
            }
        }
        if !d.fixes.is_empty() {
            let _ = writeln!(out, "   fix:");
            for f in &d.fixes {
                let _ = writeln!(out, "     - {f}");
            }
        }
        out.push('\n');
    }
    if !report.unparsed.is_empty() {
        let _ = writeln!(out, "not understood ({} piece(s)):", report.unparsed.len());
        for u in report.unparsed.iter().take(10) {
            let _ = writeln!(out, "  lines {}-{}: {}", u.line_start, u.line_end, u.reason);
        }
    }
    for w in &report.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// A postmortem-ready Markdown report.
pub fn markdown(report: &Report) -> String {
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
        let mut last_claim = "";
        for e in &d.evidence {
            if e.claim != last_claim {
                let stance = if e.stance == Stance::Supports { "supports" } else { "**contradicts**" };
                let _ = writeln!(out, "- {} ({stance})", e.claim);
                last_claim = &e.claim;
            }
            let _ = writeln!(out, "  - line {}: `{}`", e.line, e.quote.lines().next().unwrap_or("").replace('`', "'"));
        }
        if !d.checks.is_empty() {
            out.push_str("\n**Check first**\n\n```sh\n");
            for c in &d.checks {
                let _ = writeln!(out, "{c}");
            }
            out.push_str("```\n");
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
    }
    out
}

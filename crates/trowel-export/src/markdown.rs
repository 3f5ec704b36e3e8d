//! The report as Markdown for postmortems, tickets and chat: what the system is, each
//! diagnosis with its confidence, evidence quoted with line numbers, checks and fixes, and
//! the timeline. `trowel analyze --format markdown` prints exactly this.

use std::fmt::Write;
use trowel_core::report::{Report, Stance};

/// A postmortem-ready Markdown report.
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

//! Rendering of `trowel analyze` for the terminal: JSON (the public contract) and a report in
//! compiler-diagnostic style. The shareable formats (Markdown, Mermaid, SVG, SARIF) are
//! `trowel-export`'s.

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

/// A terminal report: each diagnosis with its evidence quoted line by line (control
/// characters in quotes shown as pictures, never sent to the terminal).
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
        for quotes in d.evidence_by_claim() {
            let mark = if quotes[0].stance == Stance::Supports { "+" } else { "−" };
            let _ = writeln!(out, "   {mark} {}", quotes[0].claim);
            for e in quotes {
                for (i, line) in e.quote.lines().enumerate().take(6) {
                    let _ = writeln!(out, "     {:>5} │ {line}", e.line as usize + i);
                }
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
    trowel_core::terminal::printable(&out).into_owned()
}

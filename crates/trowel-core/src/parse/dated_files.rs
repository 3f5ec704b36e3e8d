//! Lines that each begin with the name of the dated log file they came from, as a search over
//! a job's daily logs prints them (`grep -H 'Rows written' export-*.log` prints `file:line`;
//! PowerShell's `Select-String` is often formatted as `file  line`): each line is a record of
//! the run the file's name dates, written by the program the name stands for without its
//! date (`export-20260301.log` → `export`), so counts the runs report compare run by run.

use super::logs::{read_entries, Entry};
use crate::blank::Blank;
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::{run_id_date, Timestamp};

/// Extensions of the log files a job writes one of per run.
const EXTENSIONS: &[&str] = &[".log", ".txt", ".out"];

/// Reads the lines as records of the runs their files date; false when the block is not that
/// (every non-blank line must start with a dated file's name, and there must be two).
pub fn read(cx: &mut Cx<'_>) -> bool {
    let mut lines = cx.lines().filter(|l| !l.is_blank());
    // One line decides for most artifacts.
    if !lines.next().is_some_and(|l| file_prefix(l.text).is_some()) {
        return false;
    }
    let mut entries = Vec::new();
    for line in cx.lines().filter(|l| !l.is_blank()) {
        let line = line.trimmed();
        let Some((program, time)) = file_prefix(line.text) else { return false };
        entries.push((line, program, time));
    }
    if entries.len() < 2 {
        return false;
    }
    read_entries(cx, entries.into_iter().map(|(line, program, time): (Line<'_>, &str, Timestamp)| Entry { line, time: Some(time), pod: None, program: Some(program), standalone: true }));
    true
}

/// The program a line's leading file name stands for, and the date the name carries.
fn file_prefix(text: &str) -> Option<(&str, Timestamp)> {
    let text = text.trim_ws_start();
    let token = text.split([' ', '\t']).next()?;
    // `file.log:line` (grep over several files), or `file.log  line`.
    let (name, rest) = match token.split_once(':') {
        Some((name, rest)) => (name, rest),
        None => (token, ""),
    };
    // A `grep -n` gutter (`file.log:12:`) is read as one elsewhere.
    if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let file = name.rsplit(['/', '\\']).next()?;
    let ext = EXTENSIONS.iter().find(|e| file.len() > e.len() && file.get(file.len() - e.len()..).is_some_and(|end| end.eq_ignore_ascii_case(e)))?;
    let stem = &file[..file.len() - ext.len()];
    let date = run_id_date(stem)?;
    let digits = stem.find(|c: char| c.is_ascii_digit())?;
    let program = stem[..digits].trim_end_matches(['-', '_', '.']);
    let program = if program.is_empty() { stem } else { program };
    Some((program, date))
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn each_line_is_a_record_of_the_run_its_file_dates() {
        let paste = "ledger-20250402.log  Rows exported: 48,112\nledger-20250402.log  Completed successfully in 3m 02s\nledger-20250403.log  Rows exported: 612\nledger-20250403.log  Completed successfully in 4.1s\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "log-source ledger · Processed · 48112 rows exported"), "{facts:?}");
        assert!(facts.iter().any(|f| f == "log-source ledger · Processed · 612 rows exported"), "{facts:?}");
        assert!(facts.iter().any(|f| f == "log-source ledger · Outcome · success"), "{facts:?}");
        // grep's own form, with the file before a colon.
        let grep = "out/sync_20250402.log:Rows exported: 10\nout/sync_20250403.log:Rows exported: 12\n";
        assert!(fact_lines(grep).iter().any(|f| f == "log-source sync · Processed · 12 rows exported"));
        // A grep -n gutter, or a name without a date, is no such line.
        assert!(super::file_prefix("app-20250402.log:12:Rows exported: 10").is_none());
        assert!(super::file_prefix("app.log  started").is_none());
    }
}

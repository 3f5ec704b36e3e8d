//! Parser for tables of runs or days ([`crate::detect::is_run_table`]): a scheduler's grid
//! view copied by hand, a dashboard panel exported as CSV.
//!
//! | column | facts |
//! |---|---|
//! | the date each row starts with | the time of the row's facts |
//! | numbers (`rows_loaded`, `records`, `member_claims_daily_rows`) | `Sample` (Number) on the `Series` named after the column |
//! | a state (`state`, `status`, `result`, `outcome`) | `Outcome` (`success`/`failure`) on the `LogSource` called `note`, which stands for the job the paste is about |
//!
//! Aligned rows are split on whitespace. CSV rows are split on commas; when a web page or a
//! spreadsheet wrote thousands separators too (`2025-01-23,598,442,41,207` under
//! `date,rows_a,rows_b`), the cells are regrouped if exactly one grouping fits the header.
//! A label above the header is skipped; a row that fits no reading is reported as unparsed.

use crate::detect::{is_annotation, is_run_header};
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::parse_iso_prefix;

/// Header words that name a run's state.
const STATE_COLUMNS: &[&str] = &["state", "status", "result", "outcome"];

/// Most comma-split pieces a CSV row may hold for regrouping to be tried: the count of
/// groupings is quadratic in the pieces times the columns, and a dashboard export's row
/// is far shorter.
const MAX_CSV_CELLS: usize = 64;

/// Reads one table of runs (a block of the artifact's lines: an optional label, the
/// header, the rows).
pub fn read<'a>(cx: &mut Cx<'a>, lines: &[Line<'a>]) {
    let mut header: Option<Vec<&str>> = None;
    let mut csv = false;
    for line in lines {
        let line = line.trimmed();
        if line.text.is_empty() {
            continue;
        }
        let Some(columns) = header.as_deref() else {
            if is_run_header(line.text) {
                csv = line.text.contains(',');
                let split: Vec<&str> = if csv { line.text.split(',').map(str::trim).collect() } else { line.text.split_whitespace().collect() };
                header = Some(split);
            } else if !is_annotation(line.text) {
                cx.unparsed(line.span, "text above the table's header");
            }
            continue;
        };
        match cells(line.text, columns.len(), csv) {
            Ok(cells) => row(cx, columns, &cells, line),
            Err(why) => cx.unparsed(line.span, why),
        }
    }
}

/// The cells of one row, as many as the header has columns.
fn cells(text: &str, columns: usize, csv: bool) -> Result<Vec<&str>, &'static str> {
    if !csv {
        let cells: Vec<&str> = text.split_whitespace().collect();
        return if cells.len() == columns { Ok(cells) } else { Err("the row's cells do not line up with the header's columns") };
    }
    let tokens: Vec<&str> = text.split(',').collect();
    if tokens.len() == columns {
        return Ok(tokens.into_iter().map(str::trim).collect());
    }
    if tokens.len() < columns {
        return Err("the row has fewer cells than the header has columns");
    }
    if tokens.len() > MAX_CSV_CELLS {
        return Err("the row has too many commas to tell cells from thousands separators");
    }
    let ends = regroup(&tokens, columns).ok_or("the row's commas could be thousands separators in more than one way")?;
    // Each cell is the row's text from its first token to its last, commas included.
    let mut cells = Vec::with_capacity(columns);
    let mut from = 0;
    let mut token = 0;
    for end in ends {
        let len: usize = tokens[token..end].iter().map(|t| t.len()).sum::<usize>() + (end - token - 1);
        cells.push(text[from..from + len].trim());
        from += len + 1;
        token = end;
    }
    Ok(cells)
}

/// Where each of `columns` cells ends (as an index past its last token) when comma-split
/// tokens are joined back, reading `598`,`442` as `598,442` where a cell may be a number
/// with thousands separators: a head of one to three digits, then groups of exactly three.
/// `None` unless exactly one grouping fits.
fn regroup(tokens: &[&str], columns: usize) -> Option<Vec<usize>> {
    let n = tokens.len();
    let group = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit());
    let head = |t: &str| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    // The ends a cell starting at token `i` may have: one token, or a head and its groups.
    let ends = |i: usize| {
        let mut out = vec![i + 1];
        if head(tokens[i]) {
            let mut j = i + 1;
            while j < n && group(tokens[j]) {
                j += 1;
                out.push(j);
            }
        }
        out
    };
    // ways[i][c]: in how many ways tokens[i..] make `c` cells (capped at 2: none, one, several).
    let mut ways = vec![vec![0u8; columns + 1]; n + 1];
    ways[n][0] = 1;
    for i in (0..n).rev() {
        for c in 1..=columns {
            ways[i][c] = ends(i).into_iter().fold(0u8, |acc, end| acc.saturating_add(ways[end][c - 1])).min(2);
        }
    }
    if ways[0][columns] != 1 {
        return None;
    }
    let mut out = Vec::with_capacity(columns);
    let (mut i, mut c) = (0, columns);
    while c > 0 {
        let end = ends(i).into_iter().find(|end| ways[*end][c - 1] == 1)?;
        out.push(end);
        i = end;
        c -= 1;
    }
    Some(out)
}

/// The facts of one row.
fn row(cx: &mut Cx<'_>, columns: &[&str], cells: &[&str], line: Line<'_>) {
    let Some(date) = parse_iso_prefix(cells[0]).filter(|p| p.len == cells[0].len()) else {
        cx.unparsed(line.span, "the row does not start with a date");
        return;
    };
    let time = Some(date.time);
    for (column, cell) in columns.iter().zip(cells).skip(1) {
        if STATE_COLUMNS.iter().any(|s| column.eq_ignore_ascii_case(s)) {
            if let Some(outcome) = crate::parse::message::status_word(cell) {
                let note = cx.entity(EntityKind::LogSource, None, "note");
                cx.timed_fact(note, Predicate::Outcome, Value::text(outcome), time, line.span);
            }
        } else if let Some(value) = crate::parse::metrics::sample_value(cell) {
            let name = column.replace(' ', "_");
            let series = cx.entity(EntityKind::Series, None, name);
            cx.timed_fact(series, Predicate::Sample, Value::Number(value), time, line.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `subject predicate value @ date` of a pasted table's facts, and its unparsed lines.
    fn read(paste: &str) -> (Vec<String>, Vec<String>) {
        let ingest = crate::ingest(paste);
        let facts = ingest
            .facts
            .all()
            .iter()
            .map(|f| format!("{} {:?} {} @ {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value), f.time.map_or("-".into(), |t| t.date())))
            .collect();
        (facts, ingest.unparsed.iter().map(|u| u.reason.clone()).collect())
    }

    #[test]
    fn a_grid_view_copied_by_hand() {
        let paste = "Previous runs (copied by hand):\nrun_date     state    duration   rows_loaded\n2025-03-09   success  11m21s     419,604\n2025-03-10   failed   0m51s      43,118\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(
            facts,
            [
                "log-source note Outcome success @ 2025-03-09",
                "series rows_loaded Sample 419604 @ 2025-03-09",
                "log-source note Outcome failure @ 2025-03-10",
                "series rows_loaded Sample 43118 @ 2025-03-10",
            ]
        );
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn csv_with_thousands_separators_is_regrouped_when_only_one_way_fits() {
        let paste = "date,rows_a,rows_b\n2025-01-23,598,442,41,207\n2025-01-26,415,388\n2025-01-27,1,234,567,890\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(
            facts,
            [
                "series rows_a Sample 598442 @ 2025-01-23",
                "series rows_b Sample 41207 @ 2025-01-23",
                "series rows_a Sample 415 @ 2025-01-26",
                "series rows_b Sample 388 @ 2025-01-26",
            ]
        );
        // `1,234,567,890` splits as 1 | 234,567,890 or 1,234 | 567,890 or …: not guessed.
        assert_eq!(unparsed, ["the row's commas could be thousands separators in more than one way"]);
        assert_eq!(regroup(&["2025-01-23", "598", "442", "41", "207"], 3), Some(vec![1, 3, 5]));
    }

    #[test]
    fn rows_that_do_not_line_up_are_unparsed() {
        let paste = "day rows\n2025-01-01 10\n2025-01-02 11 extra\n2025-01-03 12\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts.len(), 2);
        assert_eq!(unparsed, ["the row's cells do not line up with the header's columns"]);
    }
}

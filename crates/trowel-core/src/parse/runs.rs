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
//! Quoted CSV (`"Time","rows loaded"`, as dashboards export it) is split at the commas
//! outside quotes. When a web copy collapsed the alignment, so that a header of several-word
//! names (`Run start Job Status Files read Rows written`) and cells of several words
//! (`2025-03-04 00:00`, `11m 02s`) no longer line up word for word, the words are grouped:
//! a lower-case header word continues the name before it, a time of day continues its date
//! and a duration's smaller unit its larger one.
//! A listing of a date and a value per row may stand under a metric instead of a header
//! (`etl_rows_loaded_total increase[1d]{job="x"}`): its values are that metric's samples.
//! Pipe-separated tables (psql, Trino, `airflow dags list-runs`, Markdown) are split at
//! their bars, whatever the alignment; their rules, elided rows (`...`) and `(5 rows)`
//! footer are skipped, and their date may stand in any column (`dag_id | run_id | state |
//! start_date`): each row is dated by its first cell that is a date.
//! A run history copied out of task logs, a day and `key=value` counts per line (`run
//! 2025-02-13  rows_read=9812306 rows_written=9811102`), is read as a table whose columns
//! are the keys.
//! A query console's result as a JSON array of flat rows (CloudWatch Logs Insights, a SQL
//! client's JSON export: `[{"@timestamp": "2026-06-12 02:03:13.902", "rows_out": "41206",
//! "status": "SUCCEEDED"}, …]`, numbers often written as strings) is read as a table whose
//! columns are the keys ([`read_json_rows`]).
//! A label above the header is skipped; a row that fits no reading is reported as unparsed.

use crate::detect::{aligned_cells, aligned_columns, csv_separator, is_annotation, is_keyed_run_listing, is_pipe_filler, is_table_preamble, keyed_run_row, is_run_header, pipe_cells, pipe_header, series_caption, split_csv, split_separated, ROW_NUMBER_COLUMNS};
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::value::duration;
use crate::time::{local_date_parts, parse_date_cell, parse_iso_prefix, parse_local_date};
use crate::tree::Node;

/// Header words that name a run's state, also as the main European languages write them
/// (a spreadsheet of runs kept by a team that works in its own language).
const STATE_COLUMNS: &[&str] = &["state", "status", "result", "outcome", "estado", "état", "etat", "statut", "stato", "zustand", "stan", "resultado", "résultat", "risultato", "ergebnis"];

/// Most comma-split pieces a CSV row may hold for regrouping to be tried: the count of
/// groupings is quadratic in the pieces times the columns, and a dashboard export's row
/// is far shorter.
const MAX_CSV_CELLS: usize = 64;

/// How a table writes its dates and numbers, decided over all its cells: a spreadsheet of
/// one locale writes every row alike, and one unambiguous cell settles the rest
/// (`13/05/2026` is day first, so `08/05/2026` is the 8th of May; `11,8` has a decimal
/// comma, so `118.342` is a count with a thousands dot).
#[derive(Clone, Copy, Default)]
struct Locale {
    /// Slash dates put the month first (`05/13/2026`).
    month_first: bool,
    /// The comma is the decimal mark, and dots, spaces and apostrophes group thousands.
    decimal_comma: bool,
}

impl Locale {
    /// The locale of a table's rows; a `;` separator means the comma is the decimal mark
    /// unless the numbers say otherwise.
    fn of(texts: &[&str], separator: Option<u8>) -> Locale {
        let (mut day_first, mut month_first, mut comma, mut dot) = (false, false, 0, 0);
        for word in texts.iter().flat_map(|t| t.split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | '"'))) {
            if let Some((first, second, _, b'/', _)) = local_date_parts(word) {
                day_first |= first > 12;
                month_first |= second > 12;
            }
            match decimal_mark(word) {
                Some(b',') => comma += 1,
                Some(_) => dot += 1,
                None => {}
            }
        }
        Locale { month_first: month_first && !day_first, decimal_comma: comma > dot || comma == dot && separator == Some(b';') }
    }

    fn date(self, cell: &str) -> Option<crate::time::Parsed> {
        if self.month_first { parse_local_date(cell, true).or_else(|| parse_date_cell(cell)) } else { parse_date_cell(cell) }
    }

    fn number(self, cell: &str) -> Option<f64> {
        let value = crate::parse::metrics::sample_value;
        if self.decimal_comma { decimal_comma_number(cell).or_else(|| value(cell).filter(|_| !cell.contains(','))) } else { value(cell) }
    }
}

/// The decimal mark a number shows beyond doubt: the later of a comma and a dot both present
/// (`40.871,12`, `1,204.5`), a mark repeated between groups of three (`1.204.118` groups by
/// dots, so its decimal mark is the comma), or a lone mark not followed by exactly three
/// digits (`11,8`, `0.93`). `None` for `118.342`, which either could be.
fn decimal_mark(word: &str) -> Option<u8> {
    let b = word.strip_prefix(['-', '+']).unwrap_or(word).as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) || !b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',')) {
        return None;
    }
    let marks: Vec<usize> = b.iter().enumerate().filter(|(_, c)| !c.is_ascii_digit()).map(|(i, _)| i).collect();
    let (&last, &first) = (marks.last()?, marks.first()?);
    if b[last] != b[first] {
        return Some(b[last]);
    }
    let after = b.len() - last - 1;
    if marks.len() == 1 {
        return (after != 3 && after > 0).then_some(b[last]);
    }
    // Repeated: thousands groups, so the other mark is the decimal one.
    let groups = marks.windows(2).all(|w| w[1] - w[0] == 4) && after == 3 && first <= 3 && first > 0;
    groups.then_some(if b[last] == b'.' { b',' } else { b'.' })
}

/// A number written with a decimal comma, its thousands grouped by dots, spaces (also no-break
/// ones) or apostrophes: `1.204.118`, `412.907,35`, `0,93`, `1 234 567`, `1'234,5`.
fn decimal_comma_number(cell: &str) -> Option<f64> {
    let (int, frac) = cell.split_once(',').unwrap_or((cell, ""));
    let (sign, int) = match int.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int.strip_prefix('+').unwrap_or(int)),
    };
    if int.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) || cell.contains(',') && frac.is_empty() {
        return None;
    }
    let mut groups = int.split(['.', ' ', '\u{a0}', '\u{202f}', '\'']);
    let head = groups.next()?;
    let grouped = int.len() > head.len();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(head) || grouped && (head.len() > 3 || !groups.all(|g| g.len() == 3 && digits(g))) {
        return None;
    }
    let plain: String = int.chars().filter(char::is_ascii_digit).collect();
    crate::number::parse_f64(&if frac.is_empty() { format!("{sign}{plain}") } else { format!("{sign}{plain}.{frac}") })
}

/// Reads one table of runs (a block of the artifact's lines: an optional label, the
/// header, the rows).
pub fn read<'a>(cx: &mut Cx<'a>, lines: &[Line<'a>]) {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
    if is_keyed_run_listing(&texts) {
        for line in lines {
            let line = line.trimmed();
            // Each line names its own columns: the keys of its pairs.
            if let Some((day, pairs)) = keyed_run_row(line.text) {
                let (columns, cells): (Vec<&str>, Vec<&str>) = std::iter::once(("day", day)).chain(pairs).unzip();
                row(cx, &columns, &cells, line, Locale::default());
            }
        }
        return;
    }
    let mut header: Option<Header<'_>> = None;
    let mut locale = Locale::default();
    for line in lines {
        let line = line.trimmed();
        if line.text.is_empty() {
            continue;
        }
        let Some(header) = header.as_ref() else {
            if let Some(columns) = pipe_header(line.text) {
                header = Some(Header { words: columns, split: Split::Pipes, ..Header::default() });
                locale = Locale::of(&texts, None);
            } else if let Some(metric) = series_caption(line.text).filter(|_| !is_run_header(line.text)) {
                header = Some(Header::caption(metric));
            } else if is_run_header(line.text) {
                header = Some(Header::parse(line.text));
                locale = Locale::of(&texts, csv_separator(line.text));
            } else if let Some(columns) = aligned_columns(line.text) {
                header = Some(Header { words: columns.iter().map(|(_, name)| *name).collect(), split: Split::Aligned(columns.iter().map(|(at, _)| *at).collect()), ..Header::default() });
                locale = Locale::of(&texts, None);
            } else if !is_annotation(line.text) && !is_table_preamble(line.text) {
                cx.unparsed(line.span, "text above the table's header");
            }
            continue;
        };
        // Rules, elisions and row counts, in any table.
        if is_pipe_filler(line.text) {
            continue;
        }
        match header.cells(line.text) {
            Ok((columns, cells)) => row(cx, columns, &cells, line, locale),
            Err(why) => cx.unparsed(line.span, why),
        }
    }
}

/// A run table's header: its column names as written, and how its rows are split.
#[derive(Default)]
struct Header<'a> {
    /// One name per word (whitespace) or per separated cell (CSV).
    words: Vec<&'a str>,
    /// The names when lower-case words continue the name before them (`Files read`), for
    /// rows whose collapsed alignment no longer splits word for word.
    grouped: Vec<&'a str>,
    /// Where each of `words` starts in the header, for rows whose cells hold spaces
    /// (`success (4m51s)`) under an aligned header.
    starts: Vec<usize>,
    /// The names as the header's gaps group them (`Run ID` one name), with their starts, for
    /// rows whose cells hold spaces under names that do too.
    gapped: Vec<(usize, &'a str)>,
    gapped_names: Vec<&'a str>,
    split: Split,
}

/// How a run table's rows are split into cells.
#[derive(Clone, PartialEq, Eq, Default)]
enum Split {
    #[default]
    Whitespace,
    /// At the byte offsets the header's names start at, for a header whose names hold
    /// spaces ([`crate::detect::aligned_columns`]).
    Aligned(Vec<usize>),
    /// At the separator (`,`, or `;` where the comma is the decimal mark).
    Csv(u8),
    Pipes,
}

impl<'a> Header<'a> {
    fn parse(text: &'a str) -> Self {
        let separator = csv_separator(text);
        let csv = separator.is_some();
        let words: Vec<&str> = if let Some(separator) = separator { split_separated(text, separator).into_iter().map(unquote).collect() } else { text.split_whitespace().collect() };
        let grouped = if csv { Vec::new() } else { group_words(text, |_, next| next.starts_with(|c: char| c.is_lowercase())) };
        let starts = if csv { Vec::new() } else { words.iter().map(|w| w.as_ptr() as usize - text.as_ptr() as usize).collect() };
        let gapped = if csv { Vec::new() } else { crate::detect::aligned_columns(text).filter(|columns| columns.len() < words.len()).unwrap_or_default() };
        let gapped_names = gapped.iter().map(|(_, name)| *name).collect();
        Header { words, grouped, starts, gapped, gapped_names, split: separator.map_or(Split::Whitespace, Split::Csv) }
    }

    /// A dated listing under a metric's caption: a date and the metric's value per row.
    fn caption(metric: &'a str) -> Self {
        Header { words: vec!["time", metric], ..Header::default() }
    }

    /// The column names that fit a row, and the row's cells.
    fn cells<'t>(&self, text: &'t str) -> Result<(&[&'a str], Vec<&'t str>), &'static str> {
        match &self.split {
            Split::Csv(b',') => return csv_cells(text, self.words.len()).map(|cells| (self.words.as_slice(), cells)),
            // No number holds the separator: the cells are what it splits.
            Split::Csv(separator) => {
                let cells: Vec<&str> = split_separated(text, *separator).into_iter().map(unquote).collect();
                return if cells.len() == self.words.len() { Ok((self.words.as_slice(), cells)) } else { Err("the row's cells do not line up with the header's columns") };
            }
            Split::Pipes => {
                return pipe_cells(text).filter(|cells| cells.len() == self.words.len()).map(|cells| (self.words.as_slice(), cells)).ok_or("the row's cells do not line up with the header's columns");
            }
            Split::Aligned(starts) => {
                let columns: Vec<(usize, &str)> = starts.iter().copied().zip(self.words.iter().copied()).collect();
                return aligned_cells(&columns, text).map(|cells| (self.words.as_slice(), cells)).ok_or("the row's cells do not line up with the header's columns");
            }
            Split::Whitespace => {}
        }
        let cells: Vec<&str> = text.split_whitespace().collect();
        if cells.len() == self.words.len() {
            return Ok((&self.words, cells));
        }
        let cells = group_words(text, continues_cell);
        if cells.len() == self.grouped.len() && self.grouped.len() != self.words.len() {
            return Ok((&self.grouped, cells));
        }
        // A date and its time under one column name (`bin(1d)  ingested_readings`).
        if cells.len() == self.words.len() {
            return Ok((&self.words, cells));
        }
        // Thousands grouped by spaces (`2024-12-08  1 198 870`): regrouped like CSV's commas.
        let tokens: Vec<&str> = text.split_whitespace().collect();
        if let Some(ends) = (tokens.len() <= MAX_CSV_CELLS).then(|| regroup(&tokens, self.words.len())).flatten() {
            let offset = |token: &str| token.as_ptr() as usize - text.as_ptr() as usize;
            let mut start = 0;
            let cells = ends
                .into_iter()
                .map(|end| {
                    let cell = &text[offset(tokens[start])..offset(tokens[end - 1]) + tokens[end - 1].len()];
                    start = end;
                    cell
                })
                .collect();
            return Ok((&self.words, cells));
        }
        // Cells with spaces in them under a header whose names line up with them.
        let columns: Vec<(usize, &str)> = self.starts.iter().copied().zip(self.words.iter().copied()).collect();
        if let Some(cells) = (!columns.is_empty()).then(|| aligned_cells(&columns, text)).flatten() {
            return Ok((&self.words, cells));
        }
        if let Some(cells) = (!self.gapped.is_empty()).then(|| aligned_cells(&self.gapped, text)).flatten() {
            return Ok((&self.gapped_names, cells));
        }
        Err("the row's cells do not line up with the header's columns")
    }
}

/// The whitespace-separated words of `text` joined into groups (each a slice of `text`,
/// inner whitespace kept): a word joins the group before it when `continues(previous, word)`.
fn group_words<'t>(text: &'t str, continues: impl Fn(&str, &str) -> bool) -> Vec<&'t str> {
    let mut groups: Vec<&'t str> = Vec::new();
    let mut previous = "";
    for word in text.split_whitespace() {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + word.len();
        match groups.last_mut() {
            Some(group) if continues(previous, word) => {
                let group_start = group.as_ptr() as usize - text.as_ptr() as usize;
                *group = &text[group_start..end];
            }
            _ => groups.push(word),
        }
        previous = word;
    }
    groups
}

/// Whether `word` continues the cell `previous` ends: a time of day after a date
/// (`2025-03-04 00:00`), a duration's smaller unit after a larger one (`11m 02s`).
fn continues_cell(previous: &str, word: &str) -> bool {
    let is_date = |t: &str| parse_iso_prefix(t).is_some_and(|p| p.len == t.len());
    let date_then_clock = is_date(previous) && previous.len() == 10 && word.contains(':') && is_date(&format!("{previous} {word}"));
    let larger_unit_then_smaller = duration(previous).is_some()
        && duration(word).is_some()
        && unit_seconds(previous, str::rfind).zip(unit_seconds(word, str::find)).is_some_and(|(before, after)| after < before);
    date_then_clock || larger_unit_then_smaller
}

/// The seconds in one of a duration's units: the last (`rfind`) or first (`find`) unit
/// written, `11m` → 60, `2h5m` → 3600 with `find`. `None` for a bare number.
fn unit_seconds(text: &str, at: fn(&str, fn(char) -> bool) -> Option<usize>) -> Option<f64> {
    let is_unit = |c: char| c.is_ascii_alphabetic() || c == 'µ';
    let start = at(text, is_unit)?;
    let unit = &text[text[..start].rfind(|c: char| !is_unit(c)).map_or(0, |i| i + 1)..];
    let unit = &unit[..unit.find(|c: char| !is_unit(c)).unwrap_or(unit.len())];
    duration(&format!("1{unit}"))
}

/// A CSV cell without its surrounding whitespace and quotes.
fn unquote(cell: &str) -> &str {
    let cell = cell.trim();
    cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')).unwrap_or(cell)
}

/// The cells of one CSV row, as many as the header has columns.
fn csv_cells(text: &str, columns: usize) -> Result<Vec<&str>, &'static str> {
    if text.contains('"') {
        let cells: Vec<&str> = split_csv(text).into_iter().map(unquote).collect();
        return if cells.len() == columns { Ok(cells) } else { Err("the row's quoted cells do not line up with the header's columns") };
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

/// Reads a JSON array of two or more flat rows (every value a scalar) that are dated by the
/// same key and each hold a number, as a table of runs whose columns are the keys; false
/// when the document is not one. Objects with nested fields (Kubernetes objects, API
/// responses) are not rows.
pub fn read_json_rows(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let rows = root.items();
    let flat = |row: &Node<'_>| row.is_map() && row.entries().iter().all(|e| e.value.str().is_some() || e.value.is_null());
    if !root.is_seq() || rows.len() < 2 || !rows.iter().all(flat) {
        return false;
    }
    let dated_by = |key: &str| rows.iter().all(|row| row.get(key).and_then(Node::str).is_some_and(|cell| parse_date_cell(cell).is_some()));
    let counts = |row: &Node<'_>| row.entries().iter().any(|e| is_counted_column(&e.key) && !is_identifier(&e.key) && e.value.str().and_then(crate::parse::metrics::sample_value).is_some());
    // Rows that name an object (a jq projection of Jobs: `name`, `succeeded`, …) list objects,
    // and rows that say something (events' `reason`/`message`, log records' `msg`) are records
    // whose `count` is repeats: neither is a run.
    const NOT_RUN_KEYS: [&str; 5] = ["name", "metadata", "reason", "message", "msg"];
    let names_object = |row: &Node<'_>| row.entries().iter().any(|e| NOT_RUN_KEYS.iter().any(|key| e.key.eq_ignore_ascii_case(key)));
    if !rows[0].entries().iter().any(|e| dated_by(&e.key)) || !rows.iter().all(counts) || rows.iter().any(names_object) {
        return false;
    }
    for item in rows {
        let (columns, cells): (Vec<&str>, Vec<&str>) = item.entries().iter().filter(|e| !is_identifier(&e.key)).map(|e| (e.key.as_ref(), e.value.str().unwrap_or(""))).unzip();
        let line = Line { text: item.span.text(cx.paste), span: item.span };
        row(cx, &columns, &cells, line, Locale::default());
    }
    true
}

/// Reads rows a `jq -r '… | [.id, .status, .startTime, .rowsSynced] | @tsv'` (or `@csv`)
/// printed without a header: the array's paths name the columns (each by its last key), so
/// the rows are a table of runs when they are dated. False when the command built no such
/// array or no row was read.
pub fn read_jq_rows(cx: &mut Cx<'_>) -> bool {
    let Some(columns) = cx.artifact.command.as_ref().and_then(|c| c.jq_filter()).and_then(jq_row_columns) else { return false };
    let (columns, csv) = columns;
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let lines: Vec<_> = cx.lines().collect();
    let mut read = false;
    for line in lines {
        let line = line.trimmed();
        if line.text.is_empty() {
            continue;
        }
        let cells: Vec<&str> = if csv { split_csv(line.text).into_iter().map(unquote).collect() } else { line.text.split('\t').map(str::trim).collect() };
        if cells.len() != columns.len() || !cells.iter().any(|c| parse_date_cell(c).is_some()) {
            continue;
        }
        let (names, cells): (Vec<&str>, Vec<&str>) = columns.iter().zip(&cells).filter(|(c, _)| !is_identifier(c)).map(|(c, v)| (*c, *v)).unzip();
        row(cx, &names, &cells, line, Locale::default());
        read = true;
    }
    if read {
        cx.recognised();
    }
    read
}

/// The column names of a jq filter that ends by building an array of paths and printing it
/// as `@tsv` (false) or `@csv` (true): `[.jobId, .status, .a.b]` names `jobId`, `status`, `b`.
fn jq_row_columns(filter: &str) -> Option<(Vec<String>, bool)> {
    let (rest, format) = filter.trim().rsplit_once('|')?;
    let csv = match format.trim() {
        "@tsv" => false,
        "@csv" => true,
        _ => return None,
    };
    let array = rest.rsplit('|').next()?.trim().strip_prefix('[')?.strip_suffix(']')?;
    let names: Option<Vec<String>> = array
        .split(',')
        .map(|path| {
            let path = path.trim();
            let key = path.rsplit('.').next()?.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            (path.starts_with('.') && !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then(|| key.to_string())
        })
        .collect();
    names.filter(|n| n.len() >= 2).map(|n| (n, csv))
}

/// A column whose numbers could be a count: not a state, not a query console's row number.
fn is_counted_column(column: &str) -> bool {
    !is_state_column(column) && !ROW_NUMBER_COLUMNS.iter().any(|s| column.eq_ignore_ascii_case(s))
}

/// A key of a JSON row that names the run (`run_id`, `jobId`): its digits name a run rather
/// than measure one. A count of identifiers (`distinct_truck_id`) still counts.
fn is_identifier(key: &str) -> bool {
    // A run's or build's own number (`run_number`, `buildNumber`) names it, as an id does.
    let numbered = ["_number", "Number", "_no"].iter().any(|end| key.len() > end.len() && key.ends_with(end));
    let named = numbered || key.eq_ignore_ascii_case("id") || key.len() > 3 && (key.ends_with("_id") || key.ends_with("-id") || key.ends_with("Id") || key.ends_with("_ID"));
    named && !["distinct", "count", "n_", "num"].iter().any(|p| key.starts_with(p))
}

/// The facts of one row.
fn row(cx: &mut Cx<'_>, columns: &[&str], cells: &[&str], line: Line<'_>, locale: Locale) {
    let dated = cells.iter().enumerate().find_map(|(i, cell)| locale.date(cell).map(|d| (i, d.time)));
    // Else a run's identifier under a run column may carry the date (`run-20250311-0200`).
    let by_run = || columns.first().filter(|c| crate::detect::names_run(c)).and_then(|_| crate::time::run_id_date(cells.first()?)).map(|t| (0, t));
    let Some((date_column, date)) = dated.or_else(by_run) else {
        cx.unparsed(line.span, "the row holds no date");
        return;
    };
    let time = Some(date);
    // A state column holding an HTTP status (a log query's `status="502"` counts) says what
    // the row's numbers count: requests answered so, not runs. It labels the row's series.
    let http_status = columns.iter().zip(cells).find(|(column, cell)| is_state_column(column) && is_http_status(cell));
    let label = http_status.map_or(String::new(), |(column, cell)| format!("{{{}=\"{cell}\"}}", column.to_ascii_lowercase()));
    for (_, (column, cell)) in columns.iter().zip(cells).enumerate().filter(|(i, _)| *i != date_column) {
        if is_state_column(column) {
            if let Some(outcome) = crate::parse::message::status_word(cell) {
                let note = cx.entity(EntityKind::LogSource, None, "note");
                cx.timed_fact(note, Predicate::Outcome, Value::text(outcome), time, line.span);
            }
        } else if let Some(value) = locale.number(cell).filter(|_| is_counted_column(column)) {
            // A CSV cell doubles the quotes of the series name it holds (`rows{job=""etl""}`).
            let name = format!("{}{label}", column.replace(' ', "_").replace("\"\"", "\""));
            let series = cx.entity(EntityKind::Series, None, name);
            cx.timed_fact(series, Predicate::Sample, Value::Number(value), time, line.span);
        } else {
            // A metadata cell of `key: value` pairs (an orchestrator's materialization:
            // `dagster/row_count: 2,904,117   source_files: 6`): each counted key a column.
            for (key, value) in metadata_pairs(cell) {
                if let Some(value) = locale.number(value).filter(|_| is_counted_column(key)) {
                    let series = cx.entity(EntityKind::Series, None, format!("{key}{label}"));
                    cx.timed_fact(series, Predicate::Sample, Value::Number(value), time, line.span);
                }
            }
        }
    }
}

/// The `key: value` pairs of a cell, split at runs of spaces; a key's namespace
/// (`dagster/row_count`) is left off.
fn metadata_pairs(cell: &str) -> impl Iterator<Item = (&str, &str)> {
    cell.split("  ").filter_map(|piece| piece.trim().split_once(": ")).map(|(key, value)| (key.rsplit('/').next().unwrap_or(key), value.trim())).filter(|(key, value)| {
        !key.is_empty() && !value.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    })
}

fn is_state_column(column: &str) -> bool {
    STATE_COLUMNS.iter().any(|s| column.eq_ignore_ascii_case(s) || !column.is_ascii() && column.to_lowercase() == *s)
}

/// An HTTP status code: three digits from 100 to 599.
fn is_http_status(cell: &str) -> bool {
    cell.len() == 3 && cell.bytes().all(|b| b.is_ascii_digit()) && (b'1'..=b'5').contains(&cell.as_bytes()[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_materialization_list_with_metadata_pairs_is_read_by_key() {
        let paste = "Timestamp              Partition    Run ID     Job                  Metadata\n\
Mar 12, 2026 01:47     2026-03-11   7c2e91fa   kiln_daily_job       dagster/row_count: 2,904,117   source_files: 6\n\
Mar 11, 2026 01:39     2026-03-10   0b4d6e12   kiln_daily_job       dagster/row_count: 41,226,503  source_files: 96\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.iter().any(|f| f == "series row_count Sample 2904117 @ 2026-03-12"), "{facts:#?}");
    }

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
    fn rows_a_jq_filter_printed_as_tsv_take_their_columns_from_the_filter() {
        let paste = "$ curl -s https://etl.example/api/runs | jq -r '.runs[] | [.runId, .state, .startedAt, .recordsLoaded] | @tsv'\n\
4412\tsucceeded\t2025-06-03T04:00:02Z\t8812\n\
4398\tsucceeded\t2025-06-02T04:00:01Z\t912004\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"series recordsLoaded Sample 8812 @ 2025-06-03".to_string()), "{facts:?}");
        assert!(facts.contains(&"log-source note Outcome success @ 2025-06-02".to_string()), "{facts:?}");
        // The run's id names it; it is no count.
        assert!(!facts.iter().any(|f| f.contains("runId")), "{facts:?}");
        assert_eq!(jq_row_columns(".x[] | [.a, .b.c] | @csv"), Some((vec!["a".to_string(), "c".to_string()], true)));
        assert_eq!(jq_row_columns(".x[] | [.a, (.b | length)] | @tsv"), None);
        assert_eq!(jq_row_columns(".x[] | .a"), None);
    }

    #[test]
    fn a_run_history_of_keyed_counts_is_a_table_of_its_keys() {
        let paste = "counts from earlier runs:\n  run 2025-02-13  rows_read=9812306 rows_written=9811102 state=success\n  run 2025-02-14  rows_read=211440  rows_written=211440 state=success\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"series rows_written Sample 211440 @ 2025-02-14".to_string()), "{facts:?}");
        assert!(facts.contains(&"log-source note Outcome success @ 2025-02-13".to_string()), "{facts:?}");
        // Log lines carry a time of day: they stay logs.
        let (facts, _) = read("2025-02-13T02:00:00Z rows_read=9812306\n2025-02-14T02:00:00Z rows_read=211440\n");
        assert!(!facts.iter().any(|f| f.contains("Sample")), "{facts:?}");
    }

    #[test]
    fn rows_grouped_by_run_are_dated_by_the_run_id() {
        let paste = "run_id               status   SUM(rows_written)\nnightly-20250311-0200   OK       2,118\nnightly-20250310-0200   OK       58,240\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"series SUM(rows_written) Sample 2118 @ 2025-03-11".to_string()), "{facts:?}");
        // A kubectl listing of jobs named with dates is no run table: its first column is NAME.
        assert!(!crate::detect::is_run_table(&["NAME                    STATUS     COMPLETIONS", "backup-20250311   Complete   1/1", "backup-20250310   Complete   1/1"]));
    }

    #[test]
    fn a_query_typed_at_a_sql_prompt_labels_its_result() {
        let paste = "shop=> select day, count(*) as orders\nshop->   from orders where day >= '2025-03-01'\nshop->   group by 1 order by 1;\n    day     | orders\n------------+--------\n 2025-03-01 |  41206\n 2025-03-02 |    512\n(2 rows)\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"series orders Sample 512 @ 2025-03-02".to_string()), "{facts:?}");
    }

    #[test]
    fn cells_with_spaces_split_where_the_header_names_start() {
        let paste = "run_id                          state    load_task\nscheduled__2025-08-27T02:00:00  success  success (4m51s)\nscheduled__2025-08-28T02:00:00  failed   failed (12s)\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"log-source note Outcome failure @ 2025-08-28".to_string()), "{facts:?}");
    }

    #[test]
    fn a_query_console_numbers_its_rows() {
        let paste = "BigQuery console – query results¶\nRow load_date points fields\n1 2025-09-14 4,812,334 611\n2 2025-09-15 4,937,120 624\n3 2025-09-16 61,208 9\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert!(facts.contains(&"series points Sample 61208 @ 2025-09-16".to_string()), "{facts:?}");
        assert!(!facts.iter().any(|f| f.starts_with("series Row")), "{facts:?}");
        // Numbered rows under a header that names no row number are another table (argocd's history).
        assert!(!crate::detect::is_run_table(&["ID DATE REVISION", "41 2025-10-29 14:20:11 +0000 UTC main (e19c4a0)", "42 2025-11-03 08:29:47 +0000 UTC main (7bd02f3)"]));
    }

    #[test]
    fn thousands_grouped_by_spaces_are_one_cell() {
        let paste = "Time\trows_read\n2024-12-05\t1 198 870\n2024-12-08\t48 117\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert_eq!(facts, ["series rows_read Sample 1198870 @ 2024-12-05", "series rows_read Sample 48117 @ 2024-12-08"]);
    }

    #[test]
    fn a_console_table_aligned_under_names_of_several_words_is_cut_at_the_header() {
        let paste = "hour (UTC)        Throttles(Sum)  Duration p50 / p99 (ms)  Invocations\n2025-10-30 18:00  0               9 840 / 21 300           3 310\n2025-11-03 18:00  1 844           9 870 / 21 900           4 470\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert_eq!(
            facts,
            [
                "series Throttles(Sum) Sample 0 @ 2025-10-30",
                "series Invocations Sample 3310 @ 2025-10-30",
                "series Throttles(Sum) Sample 1844 @ 2025-11-03",
                "series Invocations Sample 4470 @ 2025-11-03",
            ]
        );
    }

    #[test]
    fn an_http_status_column_labels_the_counts_beside_it() {
        let paste = "\"Time\",\"pod\",\"status\",\"Value\"\n\"2026-04-29 03:11:00\",\"api-1\",\"502\",\"41\"\n\"2026-04-29 03:14:00\",\"api-1\",\"502\",\"6\"\n";
        let (facts, _) = read(paste);
        assert!(facts.contains(&"series Value{status=\"502\"} Sample 6 @ 2026-04-29".to_string()), "{facts:?}");
        assert!(!facts.iter().any(|f| f.contains("Outcome")), "{facts:?}");
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
    fn a_collapsed_copy_groups_header_names_and_cells_of_several_words() {
        let paste = "Run start Job Status Duration Files read Rows written\n2025-03-04 02:00 ingest-3 Succeeded 11m 19s 3,131 4,301,556\n2025-03-04 03:00 ingest-4 Succeeded 0m 58s 31 41,880\nALL GREEN (2/2 runs succeeded)\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(
            facts,
            [
                "log-source note Outcome success @ 2025-03-04",
                "series Files_read Sample 3131 @ 2025-03-04",
                "series Rows_written Sample 4301556 @ 2025-03-04",
                "log-source note Outcome success @ 2025-03-04",
                "series Files_read Sample 31 @ 2025-03-04",
                "series Rows_written Sample 41880 @ 2025-03-04",
            ]
        );
        // The footer is no row, and says so.
        assert_eq!(unparsed, ["the row's cells do not line up with the header's columns"]);
        assert!(continues_cell("4m", "2s") && continues_cell("1h", "5m30s") && continues_cell("2025-03-04", "00:00"));
        assert!(!continues_cell("2s", "4m") && !continues_cell("11m", "31") && !continues_cell("31", "2s"));
    }

    #[test]
    fn quoted_csv_keeps_thousands_separators_inside_its_cells() {
        let paste = "\"Time\",\"raw.events rows loaded\",\"files read\"\n\"2025-04-14 02:00:00\",\"4,118,630\",\"294\"\n\"2025-04-15 02:00:00\",\"41,662\",\"7\"\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(
            facts,
            [
                "series raw.events_rows_loaded Sample 4118630 @ 2025-04-14",
                "series files_read Sample 294 @ 2025-04-14",
                "series raw.events_rows_loaded Sample 41662 @ 2025-04-15",
                "series files_read Sample 7 @ 2025-04-15",
            ]
        );
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn a_dated_listing_under_a_metric_caption() {
        let paste = "Prometheus (1d step):\netl_rows_loaded_total increase[1d]{job=\"export\"}\n  2024-03-16  3904877\n  2024-03-17  4112\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series etl_rows_loaded_total Sample 3904877 @ 2024-03-16", "series etl_rows_loaded_total Sample 4112 @ 2024-03-17"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        // A query language's label before the metric, a remark after it.
        let paste = "PromQL: rows_written{job=\"export\"}  (pushgateway, last value per day)\n  2024-10-14  375,992\n  2024-10-15  1,517\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series rows_written Sample 375992 @ 2024-10-14", "series rows_written Sample 1517 @ 2024-10-15"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn a_query_result_by_day_and_time_under_two_column_names() {
        let paste = "bin(1d)              ingested_readings\n2024-03-19 00:00     96,114\n2024-03-18 00:00     9,957,648\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series ingested_readings Sample 96114 @ 2024-03-19", "series ingested_readings Sample 9957648 @ 2024-03-18"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn pipe_separated_tables_are_read_at_their_bars_with_the_date_in_any_column() {
        // psql/Trino: a rule under the header, an elided row, a row count under the rows.
        let paste = "rows per day:\n dt         | rows\n------------+-----------\n 2025-10-14 | 2,301,338\n 2025-10-15 | 191,046\n ...\n 2025-10-20 | 187,203\n(4 rows)\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series rows Sample 2301338 @ 2025-10-14", "series rows Sample 191046 @ 2025-10-15", "series rows Sample 187203 @ 2025-10-20"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        // `airflow dags list-runs`: the job and run first, the state and the date after them.
        let paste = "dag_id | run_id | state | start_date\nload | scheduled__2025-10-13 | success | 2025-10-14 02:00:06\nload | scheduled__2025-10-14 | failed | 2025-10-15 02:00:04\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["log-source note Outcome success @ 2025-10-14", "log-source note Outcome failure @ 2025-10-15"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn a_load_history_dated_with_its_zone_after_a_space() {
        // Snowflake's COPY_HISTORY: the load time's offset follows the time after a space.
        let paste = "FILE_NAME | LAST_LOAD_TIME                | ROW_COUNT | STATUS\n----------+-------------------------------+-----------+-------\nin/a.csv  | 2026-09-17 03:31:08.771 +0000 |      9418 | Loaded\nin/a.csv  | 2026-09-14 03:31:40.017 +0000 |   1318702 | Loaded\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series ROW_COUNT Sample 9418 @ 2026-09-17", "series ROW_COUNT Sample 1318702 @ 2026-09-14"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
    }

    #[test]
    fn a_json_array_of_dated_rows_is_a_table_of_runs() {
        // CloudWatch Logs Insights: numbers written as strings, an identifier that is no count.
        let paste = "[\n  {\"@timestamp\": \"2026-06-12 02:03:13.902\", \"run_id\": \"29687160\", \"rows_out\": \"41206\", \"status\": \"SUCCEEDED\"},\n  {\"@timestamp\": \"2026-06-09 02:49:01.660\", \"run_id\": \"29682840\", \"rows_out\": \"3902118\", \"status\": \"SUCCEEDED\"}\n]\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts, ["series rows_out Sample 41206 @ 2026-06-12", "log-source note Outcome success @ 2026-06-12", "series rows_out Sample 3902118 @ 2026-06-09", "log-source note Outcome success @ 2026-06-09"]);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        // Log records (no count in them) and nested objects are no table of runs.
        let logs = "[\n{\"@timestamp\": \"2026-06-12 02:00:05.210\", \"level\": \"INFO\", \"msg\": \"starting\"},\n{\"@timestamp\": \"2026-06-12 02:00:06.114\", \"level\": \"INFO\", \"msg\": \"listing\"}\n]\n";
        assert!(!read(logs).0.iter().any(|f| f.contains("Sample")));
        let events = "[\n{\"lastTimestamp\": \"2026-06-12T02:00:05Z\", \"reason\": \"Failed\", \"count\": \"7\"},\n{\"lastTimestamp\": \"2026-06-12T02:10:05Z\", \"reason\": \"BackOff\", \"count\": \"7\"}\n]\n";
        assert!(!read(events).0.iter().any(|f| f.contains("Sample")), "{:?}", read(events).0);
        let nested = "[{\"t\": \"2026-06-12\", \"n\": 4, \"m\": {\"a\": 1}}, {\"t\": \"2026-06-13\", \"n\": 5, \"m\": {\"a\": 1}}]\n";
        assert!(!read(nested).0.iter().any(|f| f.contains("Sample")));
    }

    #[test]
    fn a_spreadsheet_of_another_locale_keeps_its_dates_and_numbers() {
        // LibreOffice/Excel in much of Europe: `;` between cells, a decimal comma, dots
        // grouping thousands, day-first dates, column names in the team's language.
        let paste = "Fecha;Estado;Filas leídas;Duración (min)\n11/03/2026;success;1.204.118;11,8\n12/03/2026;success;118.342;1,4\n";
        let (facts, unparsed) = read(paste);
        assert!(unparsed.is_empty(), "{unparsed:?}");
        assert_eq!(
            facts,
            [
                "log-source note Outcome success @ 2026-03-11",
                "series Filas_leídas Sample 1204118 @ 2026-03-11",
                "series Duración_(min) Sample 11.8 @ 2026-03-11",
                "log-source note Outcome success @ 2026-03-12",
                "series Filas_leídas Sample 118342 @ 2026-03-12",
                "series Duración_(min) Sample 1.4 @ 2026-03-12",
            ]
        );
        // An aligned table whose one unambiguous cell (`0,93`) settles the rest; a US table's
        // `05/13` makes every slash date month first.
        let paste = "datum        zeilen     quote\n05/12/2026   1.118.342  0,93\n05/13/2026   20.417     0,12\n";
        let (facts, _) = read(paste);
        assert!(facts.contains(&"series zeilen Sample 1118342 @ 2026-05-12".to_string()), "{facts:?}");
        assert!(facts.contains(&"series quote Sample 0.93 @ 2026-05-12".to_string()), "{facts:?}");
        assert_eq!((decimal_mark("40.871,12"), decimal_mark("1.204.118"), decimal_mark("11,8"), decimal_mark("118.342"), decimal_mark("1,204,118")), (Some(b','), Some(b','), Some(b','), None, Some(b'.')));
        assert_eq!((decimal_comma_number("1 234 567"), decimal_comma_number("1\u{202f}234,5"), decimal_comma_number("12.34"), decimal_comma_number("-0,93")), (Some(1234567.0), Some(1234.5), None, Some(-0.93)));
    }

    #[test]
    fn rows_that_do_not_line_up_are_unparsed() {
        let paste = "day rows\n2025-01-01 10\n2025-01-02 11 extra\n2025-01-03 12\n";
        let (facts, unparsed) = read(paste);
        assert_eq!(facts.len(), 2);
        assert_eq!(unparsed, ["the row's cells do not line up with the header's columns"]);
    }
}

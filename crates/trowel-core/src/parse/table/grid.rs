//! The column reader every table in a paste goes through: `kubectl get`, `helm`, `argocd`
//! and `flux` tables, and the tables inside `kubectl describe` (Events, Conditions, …).
//!
//! A row's cells are found one of two ways:
//! - **aligned**: the header's names sit where their columns start (kubectl's tabwriter, the
//!   padded tabs of helm and flux), so each word of a row belongs to the column whose start
//!   precedes it, and a cell may hold several words (`4 (2m ago)`, an event message);
//! - **collapsed**: a web copy squashed every run of spaces to one, so positions mean
//!   nothing; the row's words are dealt to the columns by the [`Shape`] of each column's
//!   values, longest cell first, backtracking until every column fits.
//!
//! An aligned row that does not fit its header is retried as collapsed; a row that fits
//! neither way is a [`Misfit`], which the caller reports as unparsed before reading on.

use crate::ascii::Set;
use super::shape::{Opt, Shape};
use crate::lines::Line;
use crate::span::Span;

/// Column names of more than one word, which a collapsed header cannot tell apart from two
/// columns without being told.
const MULTI_WORD: &[&str] = &[
    "LAST SEEN", "FIRST SEEN", "NOMINATED NODE", "READINESS GATES", "LAST SCHEDULE", "APP VERSION", "NODE SELECTOR",
    "SYNC STATUS", "HEALTH STATUS", "LAST DEPLOYED", "LAST TRANSITION", "CPU REQUESTS", "CPU LIMITS", "MEMORY REQUESTS",
    "MEMORY LIMITS", "NOT AFTER",
    // Docker Swarm's `docker service ps`.
    "DESIRED STATE", "CURRENT STATE",
    // `docker ps` and `podman ps`.
    "CONTAINER ID",
    // External Secrets' printer columns (`kubectl get externalsecret -o wide`).
    "REFRESH INTERVAL", "LAST SYNC",
    // Velero's `backup get` and `schedule get`.
    "STORAGE LOCATION", "BACKUP TTL", "LAST BACKUP",
];

/// Rows with more words than this are not dealt by shape when two columns take any number
/// of words (the search could grow with the square of the words); they are misfits unless
/// they are aligned. With one such column the search stays linear.
const MAX_DEALT_WORDS: usize = 400;

/// One column of a header.
#[derive(Debug, Clone)]
pub struct Column<'a> {
    pub name: &'a str,
    pub shape: Shape,
    /// Character position (not byte) where the column starts in the header line.
    start: usize,
    /// A label column (`kubectl get -L key`): `name` is the label's full key, and its cells
    /// are the label's values, empty where an object lacks the label.
    pub label: bool,
}

/// A header row and the columns it names.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    pub columns: Vec<Column<'a>>,
    /// Whether the header still shows its alignment (runs of spaces or tabs between names).
    aligned: bool,
    /// Whether the header's cells are separated by tabs (helm's padded tabs, a web console's
    /// table copied with the mouse): rows with as many tab-separated cells are read by tab.
    tabbed: bool,
}

/// One cell of a row: its text and where it is in the paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A row read against its header: one optional cell per column.
#[derive(Debug, Clone)]
pub struct Row<'h, 'a> {
    header: &'h Header<'a>,
    pub line: Line<'a>,
    cells: Vec<Option<Cell<'a>>>,
    /// The last cell joined with the lines a terminal wrapped it onto ([`Row::join`]): its
    /// column, its whole text (no longer one slice of the paste), and the span of all lines.
    wrapped: Option<(usize, String, Span)>,
}

/// The width a terminal wraps at when nothing in the paste says otherwise.
const TERMINAL_WIDTH: usize = 80;

/// Fewest characters a wrapped line has: narrower lines sharing a width do so by chance.
const MIN_WRAP_WIDTH: usize = 40;

/// How many lines after `lines[at]` continue its row because a terminal hard-wrapped it (a
/// raw capture of `kubectl describe` at 80 columns: the event message runs on at column 0).
/// The row's line must be exactly the wrap width: 80 columns, or a width its first
/// continuation shares (rows of one aligned table share a width by themselves, so that says
/// nothing). Each continuation must fit neither the header's columns nor read as the
/// `Key:` line of a next section; one that is itself that wide may be continued in turn.
pub fn wrapped_lines(header: &Header<'_>, lines: &[Line<'_>], at: usize) -> usize {
    let width = |line: &Line<'_>| line.text.trim_end_matches('\r').chars().count();
    let Some(row) = lines.get(at) else { return 0 };
    let wrap = width(row);
    let continues = |line: &Line<'_>| !line.is_blank() && header.read(*line).is_err() && crate::detect::describe_key(line.text).is_none();
    let shared = lines.get(at + 1).is_some_and(|next| width(next) == wrap && continues(next));
    if wrap < MIN_WRAP_WIDTH || wrap != TERMINAL_WIDTH && !shared {
        return 0;
    }
    let mut count = 0;
    let mut previous = row;
    for line in &lines[at + 1..] {
        if width(previous) != wrap || !continues(line) {
            break;
        }
        count += 1;
        previous = line;
    }
    count
}

/// Why a row could not be read against its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    /// Fewer words than the columns need.
    TooShort,
    /// The words do not take the shapes the columns need.
    Shapeless,
    /// Too many words to deal by shape.
    TooLong,
}

impl Misfit {
    pub fn reason(self) -> &'static str {
        match self {
            Misfit::TooShort => "row has fewer cells than its header has columns",
            Misfit::Shapeless => "row does not fit the columns of its header",
            Misfit::TooLong => "row is too long to split into the columns of its header",
        }
    }
}

/// A word of a line: byte range in the line's text and character column where it starts.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    column: usize,
    /// Character column just past the word.
    column_end: usize,
}

/// Splits a line into words, keeping byte and character positions. Tabs count as one
/// character, as the padded tabs of helm and flux keep their columns that way.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut column = 0;
    for (byte, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some((start, start_column)) = current.take() {
                out.push(Word { start, end: byte, column: start_column, column_end: column });
            }
        } else if current.is_none() {
            current = Some((byte, column));
        }
        column += 1;
    }
    if let Some((start, start_column)) = current {
        out.push(Word { start, end: text.len(), column: start_column, column_end: column });
    }
    out
}

impl<'a> Header<'a> {
    /// Reads a header line: names split at runs of two or more spaces or at tabs when the
    /// alignment survived, at single spaces otherwise; known names of several words
    /// (`LAST SEEN`) stay whole either way. Each column gets its default [`Shape`].
    pub fn parse(line: Line<'a>) -> Header<'a> {
        let text = line.text;
        let trimmed = text.trim();
        let aligned = trimmed.contains("  ") || trimmed.contains('\t');
        // Tabs separate the cells only when no cell holds a run of spaces (a header padded
        // by spaces and tabs together is aligned, one name per run).
        if trimmed.contains('\t') && !trimmed.split('\t').any(|cell| cell.trim().contains("  ")) {
            return Header::parse_tabbed(text);
        }
        let words = words(text);
        let mut columns = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let word = words[i];
            let next = words.get(i + 1).copied();
            // Two words are one name only when a single space joins them and they form a
            // known name.
            let joined = next.filter(|n| n.start == word.end + 1 && text.as_bytes().get(word.end) == Some(&b' '));
            let name = joined
                .map(|n| &text[word.start..n.end])
                .filter(|name| MULTI_WORD.iter().any(|m| m.eq_ignore_ascii_case(name)));
            let (name, taken) = match name {
                Some(name) => (name, 2),
                None => (&text[word.start..word.end], 1),
            };
            columns.push(Column { name, shape: Shape::for_column(name), start: word.column, label: false });
            i += taken;
        }
        Header { columns, aligned, tabbed: false }
    }

    /// A header whose cells are separated by tabs: each cell one column, spaces and all
    /// (`Restart count`), named as kubectl names it ([`crate::detect::console_column`]).
    fn parse_tabbed(text: &'a str) -> Header<'a> {
        let mut columns = Vec::new();
        let mut column = 0;
        for piece in text.split('\t') {
            let name = piece.trim();
            if !name.is_empty() {
                let start = column + piece.chars().take_while(|c| c.is_whitespace()).count();
                let name = crate::detect::console_column(name);
                columns.push(Column { name, shape: Shape::for_column(name), start, label: false });
            }
            column += piece.chars().count() + 1;
        }
        Header { columns, aligned: true, tabbed: true }
    }

    /// Whether the header's cells are tab-separated (a console's table, helm's padded tabs).
    pub fn tabbed(&self) -> bool {
        self.tabbed
    }

    /// A header kubectl did not print (`--no-headers`), from its column names.
    pub fn synthetic(names: &'static str) -> Header<'static> {
        let mut header = Header::parse(Line { text: names, span: Span::default() });
        header.aligned = false;
        header
    }

    /// Adds a column in front (`NAMESPACE` for `-A`).
    pub fn prepend(&mut self, name: &'a str) {
        self.columns.insert(0, Column { name, shape: Shape::for_column(name), start: 0, label: false });
    }

    /// Marks the last columns as the label columns `kubectl get -L` added for `keys`, when
    /// their names are what kubectl prints for them (the key's last segment in capitals):
    /// they take their full key as name, and an object without the label leaves its cell empty.
    pub fn label_columns(&mut self, keys: &[&'a str]) {
        let Some(first) = self.columns.len().checked_sub(keys.len()).filter(|_| !keys.is_empty()) else { return };
        let printed = |key: &str, column: &Column<'_>| column.name.eq_ignore_ascii_case(key.rsplit('/').next().unwrap_or(key));
        if !keys.iter().zip(&self.columns[first..]).all(|(key, column)| printed(key, column)) {
            return;
        }
        for (key, column) in keys.iter().zip(&mut self.columns[first..]) {
            *column = Column { name: key, shape: Shape::Optional(Opt::Any), start: column.start, label: true };
        }
    }

    /// Adds a column at the end (`LABELS` for `--show-labels`).
    pub fn append(&mut self, name: &'a str) {
        self.columns.push(Column { name, shape: Shape::for_column(name), start: 0, label: false });
    }

    /// The index of the column named `name` (ignoring case).
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    /// Changes the shape of the column named `name`, if there is one.
    pub fn set_shape(&mut self, name: &str, shape: Shape) {
        if let Some(i) = self.index(name) {
            self.columns[i].shape = shape;
        }
    }

    /// Reads a row: by position when the header is aligned and the row fits it, else by
    /// the shapes of the columns.
    pub fn read<'h>(&'h self, line: Line<'a>) -> Result<Row<'h, 'a>, Misfit> {
        if let Some(cells) = self.read_tabbed(line) {
            return Ok(Row { header: self, line, cells, wrapped: None });
        }
        let words = words(line.text);
        let aligned = if self.aligned { self.read_aligned(line, &words) } else { None };
        let cells = match aligned {
            // A one-word column given several words was misaligned (a header whose padding
            // a copy trimmed): dealt by shape if the row allows it, else read as aligned.
            Some((cells, true)) => self.read_collapsed(line, &words).unwrap_or(cells),
            Some((cells, false)) => cells,
            None => self.read_collapsed(line, &words)?,
        };
        Ok(Row { header: self, line, cells, wrapped: None })
    }

    /// Cells split at tabs, when the header's are and the row has a cell for each column (a
    /// console leaves trailing empty cells off only where the columns may be empty).
    fn read_tabbed(&self, line: Line<'a>) -> Option<Vec<Option<Cell<'a>>>> {
        if !self.tabbed || !line.text.trim().contains('\t') {
            return None;
        }
        let mut cells = Vec::with_capacity(self.columns.len());
        let mut at = line.text.len() - line.text.trim_start().len();
        let body = line.text.trim();
        for piece in body.split('\t') {
            let lead = piece.len() - piece.trim_start().len();
            let text = piece.trim();
            cells.push((!text.is_empty()).then(|| cell(line, at + lead, at + lead + text.len())));
            at += piece.len() + 1;
        }
        if cells.len() > self.columns.len() {
            return None;
        }
        let missing_needed = self.columns[cells.len()..].iter().any(|c| c.shape.min_words() > 0);
        if missing_needed || cells.len() < 2 {
            return None;
        }
        cells.resize(self.columns.len(), None);
        Some(cells)
    }

    /// Deals words to columns by position; `None` when a word straddles two columns or a
    /// column that needs a value gets none.
    /// Cells by position, and whether a one-word column got more than one word.
    fn read_aligned(&self, line: Line<'a>, words: &[Word]) -> Option<(Vec<Option<Cell<'a>>>, bool)> {
        let first = self.columns.first()?;
        let mut ranges: Vec<Option<(usize, usize)>> = vec![None; self.columns.len()];
        let mut overfull = false;
        for word in words {
            if word.column < first.start {
                return None;
            }
            let i = self.columns.iter().rposition(|c| c.start <= word.column)?;
            if self.columns.get(i + 1).is_some_and(|next| word.column_end > next.start) {
                return None;
            }
            let range = &mut ranges[i];
            overfull |= range.is_some() && self.columns[i].shape.max_words() == Some(1);
            *range = Some(range.map_or((word.start, word.end), |(start, _)| (start, word.end)));
        }
        let fits = self.columns.iter().zip(&ranges).all(|(column, range)| range.is_some() || column.shape.min_words() == 0);
        fits.then(|| (ranges.into_iter().map(|r| r.map(|(start, end)| cell(line, start, end))).collect(), overfull))
    }

    /// Deals words to columns by shape.
    fn read_collapsed(&self, line: Line<'a>, words: &[Word]) -> Result<Vec<Option<Cell<'a>>>, Misfit> {
        let shapes: Vec<Shape> = self.columns.iter().map(|c| c.shape).collect();
        if words.len() > MAX_DEALT_WORDS && shapes.iter().filter(|s| s.max_words().is_none()).count() > 1 {
            return Err(Misfit::TooLong);
        }
        let texts: Vec<&str> = words.iter().map(|w| &line.text[w.start..w.end]).collect();
        let needed: usize = shapes.iter().map(|s| s.min_words()).sum();
        if texts.len() < needed {
            return Err(Misfit::TooShort);
        }
        let counts = deal(&shapes, &texts).ok_or(Misfit::Shapeless)?;
        let mut at = 0;
        Ok(counts
            .into_iter()
            .map(|count| {
                let cell = (count > 0).then(|| cell(line, words[at].start, words[at + count - 1].end));
                at += count;
                cell
            })
            .collect())
    }
}

fn cell<'a>(line: Line<'a>, start: usize, end: usize) -> Cell<'a> {
    Cell { text: &line.text[start..end], span: line.span.sub(start, end) }
}

/// How many words each column takes so that every column accepts its words and all words
/// are used; each column tries its longest cell first. Failed (column, word) states are
/// remembered, so the search is bounded by columns × words × cell lengths.
fn deal(shapes: &[Shape], words: &[&str]) -> Option<Vec<usize>> {
    let n = words.len();
    let m = shapes.len();
    // Fewest and most words the columns from i on can take together.
    let mut min_rest = vec![0; m + 1];
    let mut max_rest = vec![Some(0); m + 1];
    for i in (0..m).rev() {
        min_rest[i] = min_rest[i + 1] + shapes[i].min_words();
        max_rest[i] = max_rest[i + 1].zip(shapes[i].max_words()).map(|(a, b)| a + b);
    }
    let mut search = Deal { shapes, words, min_rest, max_rest, dead: vec![false; (m + 1) * (n + 1)], counts: Vec::with_capacity(m) };
    search.from(0, 0).then_some(search.counts)
}

struct Deal<'s, 'w> {
    shapes: &'s [Shape],
    words: &'s [&'w str],
    min_rest: Vec<usize>,
    max_rest: Vec<Option<usize>>,
    dead: Vec<bool>,
    counts: Vec<usize>,
}

impl Deal<'_, '_> {
    fn from(&mut self, column: usize, at: usize) -> bool {
        let n = self.words.len();
        let Some(&shape) = self.shapes.get(column) else { return at == n };
        let state = column * (n + 1) + at;
        if self.dead[state] {
            return false;
        }
        let left = n - at;
        let after_min = self.min_rest[column + 1];
        if left < self.min_rest[column] || self.max_rest[column].is_some_and(|max| left > max) {
            self.dead[state] = true;
            return false;
        }
        let longest = shape.max_words().map_or(left - after_min, |max| max.min(left - after_min));
        let shortest = match self.max_rest[column + 1] {
            Some(max) => shape.min_words().max(left.saturating_sub(max)),
            None => shape.min_words(),
        };
        for count in (shortest..=longest).rev() {
            if shape.accepts(&self.words[at..at + count]) {
                self.counts.push(count);
                if self.from(column + 1, at + count) {
                    return true;
                }
                self.counts.pop();
            }
        }
        self.dead[state] = true;
        false
    }
}

impl<'h, 'a> Row<'h, 'a> {
    /// The cell under the column named `name` (ignoring case), if the row has one there.
    pub fn cell(&self, name: &str) -> Option<Cell<'a>> {
        self.header.index(name).and_then(|i| self.cells.get(i).copied().flatten())
    }

    /// The text of the cell under `name`.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.cell(name).map(|c| c.text)
    }

    /// The row's non-empty cells with their columns, in header order.
    pub fn cells(&self) -> impl Iterator<Item = (&'h Column<'a>, Cell<'a>)> + '_ {
        let header: &'h Header<'a> = self.header;
        header.columns.iter().zip(&self.cells).filter_map(|(column, cell)| cell.map(|cell| (column, cell)))
    }

    /// The whole text under `name`: the cell, or for the last cell of a wrapped row the cell
    /// joined with the lines it was wrapped onto.
    pub fn full_text(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        let index = self.header.index(name)?;
        match &self.wrapped {
            Some((column, text, _)) if *column == index => Some(std::borrow::Cow::Borrowed(text.as_str())),
            _ => self.text(name).map(std::borrow::Cow::Borrowed),
        }
    }

    /// What the row covers in the paste: its trimmed line, or every line of a wrapped row.
    pub fn span(&self) -> Span {
        self.wrapped.as_ref().map_or(self.line.trimmed().span, |(_, _, span)| *span)
    }

    /// The row with its last cell continued on `continuation`, the lines a terminal wrapped
    /// it onto ([`wrapped_lines`]). A wrap cuts anywhere, even inside a word, so the pieces
    /// are joined as they are.
    pub fn join(mut self, continuation: &[Line<'a>]) -> Self {
        let Some((column, cell)) = self.cells.iter().enumerate().rev().find_map(|(i, c)| c.map(|c| (i, c))) else { return self };
        let Some(last) = continuation.last() else { return self };
        let start = (cell.span.start - self.line.span.start) as usize;
        let mut text = self.line.text[start..].trim_end_matches('\r').to_string();
        for line in continuation {
            text.push_str(line.text.trim_end_matches('\r'));
        }
        let text = text.trim_end().to_string();
        self.wrapped = Some((column, text, self.line.trimmed().span.cover(last.trimmed().span)));
        self
    }

    /// `line` read as a further row like this one, when it holds words only under the last
    /// column and this row has a cell there: flux events lists each object one reconciliation
    /// applied on a line of its own, the other columns left blank. `None` otherwise.
    pub fn continued(&self, line: Line<'a>) -> Option<Row<'h, 'a>> {
        // A console's tab-separated events table goes on under its MESSAGE column, wherever
        // that column stands (Headlamp's `Type Reason From Message Age`): every other cell empty.
        if self.header.tabbed && line.text.starts_with('\t') {
            let message = self.header.index("MESSAGE")?;
            let mut filled = line.text.split('\t').enumerate().filter(|(_, cell)| !cell.trim().is_empty());
            let (at, _) = filled.next()?;
            if at != message || filled.next().is_some() || self.cells.get(message).is_none_or(Option::is_none) {
                return None;
            }
            let content = line.trimmed();
            let mut cells = self.cells.clone();
            cells[message] = Some(Cell { text: content.text, span: content.span });
            return Some(Row { header: self.header, line, cells, wrapped: None });
        }
        let last = self.header.columns.last()?;
        let words = words(line.text);
        let continues = self.header.aligned
            && line.text.starts_with_of(b" \t")
            && !words.is_empty()
            && words.iter().all(|w| w.column >= last.start)
            && self.cells.last().is_some_and(Option::is_some);
        if !continues {
            return None;
        }
        let content = line.trimmed();
        let mut cells = self.cells.clone();
        *cells.last_mut()? = Some(Cell { text: content.text, span: content.span });
        Some(Row { header: self.header, line, cells, wrapped: None })
    }

    /// The first cell (the NAME column of most tables).
    pub fn first(&self) -> Option<Cell<'a>> {
        self.cells.first().copied().flatten()
    }

    pub fn header(&self) -> &'h Header<'a> {
        self.header
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Lines;

    /// Reads `text` (header first) and returns each row's cells as `column=value`, or the
    /// misfit reason.
    fn table(text: &str, shapes: &[(&str, Shape)]) -> Vec<String> {
        let mut lines = Lines::all(text);
        let mut header = Header::parse(lines.next().unwrap());
        for (name, shape) in shapes {
            header.set_shape(name, *shape);
        }
        lines
            .map(|line| match header.read(line) {
                Ok(row) => header
                    .columns
                    .iter()
                    .map(|c| format!("{}={}", c.name, row.text(c.name).unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join(" | "),
                Err(misfit) => format!("misfit: {}", misfit.reason()),
            })
            .collect()
    }

    #[test]
    fn aligned_rows_keep_words_with_spaces_in_their_column() {
        let text = "\
NAME                           READY   STATUS             RESTARTS      AGE   NOMINATED NODE
checkout-api-7d9f8c6b5-x2k4q   0/1     CrashLoopBackOff   4 (2m ago)    1h    <none>
checkout-api-7d9f8c6b5-p9z3w   1/1     Running            0             1h    <none>";
        assert_eq!(
            table(text, &[]),
            [
                "NAME=checkout-api-7d9f8c6b5-x2k4q | READY=0/1 | STATUS=CrashLoopBackOff | RESTARTS=4 (2m ago) | AGE=1h | NOMINATED NODE=<none>",
                "NAME=checkout-api-7d9f8c6b5-p9z3w | READY=1/1 | STATUS=Running | RESTARTS=0 | AGE=1h | NOMINATED NODE=<none>",
            ]
        );
    }

    #[test]
    fn velero_names_its_storage_location_in_two_words() {
        let text = "\
NAME         STATUS      ERRORS   CREATED                         STORAGE LOCATION   SELECTOR
nightly-17   Completed   0        2026-06-17 02:00:31 +0000 UTC   ovh-s3-gra         tier=persistent";
        assert_eq!(
            table(text, &[]),
            ["NAME=nightly-17 | STATUS=Completed | ERRORS=0 | CREATED=2026-06-17 02:00:31 +0000 UTC | STORAGE LOCATION=ovh-s3-gra | SELECTOR=tier=persistent"]
        );
    }

    #[test]
    fn aligned_rows_may_leave_optional_cells_empty_and_run_on_in_the_last() {
        let text = "\
GROUP  KIND        NAMESPACE  NAME    STATUS  HEALTH   HOOK  MESSAGE
       Service     shop       web     Synced  Healthy        service/web unchanged
apps   Deployment  shop       web     Synced  Healthy        deployment.apps/web configured";
        let shapes = [("GROUP", Shape::Optional(super::super::shape::Opt::Group)), ("HOOK", Shape::Text)];
        let rows = table(text, &shapes);
        assert_eq!(rows[0], "GROUP= | KIND=Service | NAMESPACE=shop | NAME=web | STATUS=Synced | HEALTH=Healthy | HOOK= | MESSAGE=service/web unchanged");
        assert!(rows[1].starts_with("GROUP=apps | KIND=Deployment"));
    }

    #[test]
    fn collapsed_rows_are_dealt_by_shape() {
        let text = "\
REVISION CHANGE-CAUSE
16 kubectl apply (2024-11-20T09:15:03Z)
17";
        assert_eq!(table(text, &[]), ["REVISION=16 | CHANGE-CAUSE=kubectl apply (2024-11-20T09:15:03Z)", "REVISION=17 | CHANGE-CAUSE="]);
        let text = "\
NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES
web-1 0/1 CrashLoopBackOff 4 (2m ago) 1h 10.0.0.7 node-a <none> <none>";
        assert_eq!(
            table(text, &[]),
            ["NAME=web-1 | READY=0/1 | STATUS=CrashLoopBackOff | RESTARTS=4 (2m ago) | AGE=1h | IP=10.0.0.7 | NODE=node-a | NOMINATED NODE=<none> | READINESS GATES=<none>"]
        );
        let text = "\
NAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE
report 0 6 * * * False 0 5h 12d";
        assert_eq!(table(text, &[]), ["NAME=report | SCHEDULE=0 6 * * * | SUSPEND=False | ACTIVE=0 | LAST SCHEDULE=5h | AGE=12d"]);
        let text = "\
NAME         STORE          REFRESH INTERVAL   STATUS         READY   LAST SYNC
seatres-db   vault-backend  24h                SecretSynced   True    2025-11-19T02:00:07Z";
        assert_eq!(table(text, &[]), ["NAME=seatres-db | STORE=vault-backend | REFRESH INTERVAL=24h | STATUS=SecretSynced | READY=True | LAST SYNC=2025-11-19T02:00:07Z"]);
    }

    #[test]
    fn free_text_in_the_middle_leaves_the_shaped_columns_their_words() {
        let text = "\
LAST SEEN TYPE REASON OBJECT MESSAGE FIRST SEEN COUNT
2m Warning BackOff pod/web-1 Back-off restarting failed container 10m 7";
        assert_eq!(
            table(text, &[]),
            ["LAST SEEN=2m | TYPE=Warning | REASON=BackOff | OBJECT=pod/web-1 | MESSAGE=Back-off restarting failed container | FIRST SEEN=10m | COUNT=7"]
        );
    }

    #[test]
    fn ragged_rows_are_misfits() {
        let text = "\
NAME READY STATUS RESTARTS AGE
web-1 1/1
web-2 1/1 Running lots 2d
web-3 1/1 Running 0 2d";
        let rows = table(text, &[("READY", Shape::Ratio)]);
        assert_eq!(rows[0], "misfit: row has fewer cells than its header has columns");
        assert_eq!(rows[1], "misfit: row does not fit the columns of its header");
        assert!(rows[2].starts_with("NAME=web-3"));
    }

    #[test]
    fn an_aligned_header_over_a_collapsed_row_falls_back_to_shapes() {
        let text = "\
NAME                   READY   STATUS    RESTARTS   AGE
web-1 1/1 Running 0 2d";
        assert_eq!(table(text, &[]), ["NAME=web-1 | READY=1/1 | STATUS=Running | RESTARTS=0 | AGE=2d"]);
    }

    #[test]
    fn a_row_a_terminal_wrapped_at_80_columns_is_joined() {
        let text = "  Type     Reason     Age   From     Message\n  ----     ------     ----  ----     -------\n  Warning  Unhealthy  8m    kubelet  Readiness probe failed: Get \"http://10.0.0.\n4:8080/healthz\": dial tcp 10.0.0.4:8080: connect: connection refused\n  Normal   Pulled     9m    kubelet  Pulled\n";
        let lines: Vec<Line<'_>> = Lines::all(text).collect();
        let mut header = Header::parse(lines[0]);
        header.set_shape("Message", Shape::Text);
        assert_eq!(lines[2].text.chars().count(), 80);
        assert_eq!(wrapped_lines(&header, &lines, 2), 1);
        let row = header.read(lines[2]).unwrap().join(&lines[3..4]);
        assert_eq!(row.full_text("Message").unwrap(), "Readiness probe failed: Get \"http://10.0.0.4:8080/healthz\": dial tcp 10.0.0.4:8080: connect: connection refused");
        assert_eq!(row.span().text(text), &text[text.find("Warning").unwrap()..text.find("refused").unwrap() + 7]);
        // A row of another width, or followed by a row that fits, continues on nothing.
        assert_eq!(wrapped_lines(&header, &lines, 4), 0);
        assert_eq!(wrapped_lines(&header, &lines, 0), 0);
        // Rows of one width followed by the next section are not wrapped.
        let text = "  Type         Status  Reason\n  Available    True    MinimumReplicasAvailable\n  Progressing  False   ProgressDeadlineExceeded\nOldReplicaSets:  web-58f6c9d7b4 (3/3 replicas created)\n";
        let lines: Vec<Line<'_>> = Lines::all(text).collect();
        let header = Header::parse(lines[0]);
        assert_eq!(wrapped_lines(&header, &lines, 2), 0);
    }

    #[test]
    fn cells_quote_the_paste() {
        let text = "REVISION  CHANGE-CAUSE\n3         kubectl set image deploy/web web=web:1.2";
        let mut lines = Lines::all(text);
        let header = Header::parse(lines.next().unwrap());
        let row = header.read(lines.next().unwrap()).unwrap();
        let cause = row.cell("change-cause").unwrap();
        assert_eq!(cause.span.text(text), "kubectl set image deploy/web web=web:1.2");
    }

    #[test]
    fn a_console_table_is_read_by_its_tabs_with_kubectl_column_names() {
        let text = "Name\tNamespace\tReady\tStatus\tRestart count\tAge\tPod IP\nweb-5d9f-x2k4q\tshop\t0/1\tCrashLoopBackOff\t12\t3 days\t10.0.0.7";
        assert_eq!(
            table(text, &[]),
            ["NAME=web-5d9f-x2k4q | NAMESPACE=shop | READY=0/1 | STATUS=CrashLoopBackOff | RESTARTS=12 | AGE=3 days | IP=10.0.0.7"]
        );
        let text = "Type\tReason\tMessage\tLast seen\nWarning\tBackOff\tBack-off restarting failed container web\t2 minutes ago";
        assert_eq!(table(text, &[]), ["TYPE=Warning | REASON=BackOff | MESSAGE=Back-off restarting failed container web | LAST SEEN=2 minutes ago"]);
    }

}

//! Parser for `columns` artifacts: output of `-o jsonpath=…`, `-o custom-columns=…` and
//! `-o go-template=…`, whose columns only the command's template names.
//!
//! The template gives each column's path (`{.status.containerStatuses[0].imageID}`,
//! `IMAGE:.spec.containers[*].image`), the separator between columns and the end of a row.
//! Rows are split by that separator or, when a web copy turned tabs into spaces, by
//! whitespace into the known number of columns. Each row is then rebuilt as the object it
//! was printed from (`tree::path::place`) and read by the same code as YAML and JSON
//! (`k8s_object`), so `.status.containerStatuses[0].imageID` becomes the pod's `ImageId`.

use crate::ascii::Set;
use super::k8s_object;
use crate::command::Command;
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::tree::path::{place, Path, Step};
use crate::tree::{Entry, Node, Style};

pub fn parse(cx: &mut Cx<'_>) {
    let Some(layout) = cx.artifact.command.as_ref().and_then(Layout::of) else {
        cx.unparsed(cx.artifact.body, "columns without a template that names them");
        return;
    };
    let paste = cx.paste;
    let rows = layout.rows(cx);
    if let Some(path) = &layout.entries {
        let separator = layout.separators[0].as_str();
        let mut spread: Vec<(Vec<Step>, Node<'_>, Option<Span>)> = Vec::new();
        for row in rows {
            let Some((key, value)) = row.text.split_once(separator) else {
                cx.unparsed(row.span, &format!("a row without the template's `{}` between key and value", separator.escape_debug()));
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            let steps = path.iter().cloned().chain([Step::Key(key.to_string())]).collect();
            spread.push((steps, Node::scalar(value, Style::Plain, row.span_of(value)), Some(row.span)));
        }
        k8s_object::read_objects(cx, &place(spread).into_iter().collect::<Vec<_>>());
        return;
    }
    let mut objects = Vec::new();
    let mut spread: Vec<(Vec<Step>, Node<'_>, Option<Span>)> = Vec::new();
    let mut skipped_header = !layout.header;
    // Where the header's cells start: rows aligned under them are cut there, so a cell of
    // several words (`15 * * * *`) stays one cell.
    let mut starts: Vec<usize> = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        let Some(cells) = cells_at(row, &starts).or_else(|| layout.cells(row)) else {
            cx.unparsed(row.span, &format!("a row with fewer than {} columns", layout.columns.len()));
            continue;
        };
        if !skipped_header {
            skipped_header = true;
            if layout.is_header(&cells) {
                starts = cells.iter().map(|c| c.text.as_ptr() as usize - row.text.as_ptr() as usize).collect();
                continue;
            }
        }
        let values = layout.columns.iter().zip(cells).filter_map(|(column, cell)| {
            let path = column.path.as_ref()?;
            let value = cell_value(paste, cell, path)?;
            Some((path, value))
        });
        match &layout.range {
            // Each row is one object of a list.
            // A row whose cells hold no value makes no object.
            None => objects.extend(place(values.map(|(path, value)| (path.0.clone(), value, Some(row.span))).collect())),
            // Each row is one item of a list inside the object the command names.
            Some(range) => {
                for (path, value) in values {
                    let steps = range.iter().map(|s| if *s == Step::All { Step::Index(index) } else { s.clone() });
                    spread.push((steps.chain(path.0.iter().cloned()).collect(), value, Some(row.span)));
                }
            }
        }
    }
    objects.extend(place(spread));
    k8s_object::read_objects(cx, &objects);
}

/// One column: its header (custom-columns) and its path from the row's object (None when
/// the template says something this parser does not follow, such as a function call).
#[derive(Debug, PartialEq)]
struct Column {
    header: Option<String>,
    path: Option<Path>,
}

/// How the output is laid out.
#[derive(Debug, PartialEq)]
struct Layout {
    columns: Vec<Column>,
    /// For rows that are items of a list inside one object (`{range .spec.containers[*]}`
    /// of a single pod): that list's path. None when each row is an object of its own.
    range: Option<Vec<Step>>,
    /// What separates each column from the next: tabs (split on tabs while the paste has
    /// them), spaces or nothing said (whitespace-aligned) are read as whitespace; anything
    /// else literally.
    separators: Vec<String>,
    /// What ends a row: a line break, or another string when rows share a line.
    terminator: String,
    /// The first row is a header row.
    header: bool,
    /// The template prints one field of one object, so the whole output is that one value,
    /// lines and all (a data key that holds a file, a PEM certificate).
    one_value: bool,
    /// The rows are the entries of a mapping inside the object the command names (`{{range
    /// $k, $v := .data}}{{$k}}={{$v}}{{"\n"}}{{end}}`): its path; the one separator splits
    /// each row into key and value.
    entries: Option<Vec<Step>>,
}

/// A piece of a template.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Field(Option<Path>),
    Range(Option<Path>),
    /// `range $k, $v := .data`: each key and value of a mapping.
    RangeEntries(Option<Path>),
    /// The key (`$k`) or value (`$v`) of the entry a `RangeEntries` is at.
    EntryKey,
    EntryValue,
    End,
}

impl Layout {
    fn of(command: &Command) -> Option<Layout> {
        let output = command.output()?;
        if let Some(spec) = output.strip_prefix("custom-columns=") {
            let columns = spec
                .split(',')
                .map(|column| {
                    let (header, path) = column.split_once(':').unwrap_or((column, ""));
                    Column { header: Some(header.trim().to_string()), path: Path::parse(path) }
                })
                .collect();
            let separators = vec![String::new(); spec.split(',').count().saturating_sub(1)];
            let header = !command.has_flag(&["--no-headers"]);
            return Some(Layout { columns, range: None, separators, terminator: "\n".into(), header, one_value: false, entries: None });
        }
        if let Some(template) = output.strip_prefix("jsonpath=").or_else(|| output.strip_prefix("go-template=")) {
            return Layout::from_template(template);
        }
        Layout::from_template(&jq_template(command)?)
    }

    /// A jsonpath or go-template: the fields inside its `range` (or all of them), the text
    /// between them, and what the rows iterate.
    fn from_template(template: &str) -> Option<Layout> {
        let pieces = pieces(template);
        if matches!(pieces.first(), Some(Piece::RangeEntries(_))) {
            return Layout::entries_template(&pieces);
        }
        let mut range: Option<Path> = None;
        let mut fields: Vec<Option<Path>> = Vec::new();
        let mut after: Vec<String> = Vec::new();
        let mut inside = false;
        for piece in pieces {
            match piece {
                Piece::Range(path) if range.is_none() && fields.is_empty() => {
                    range = Some(path?);
                    inside = true;
                }
                Piece::End if inside => inside = false,
                Piece::Field(path) if inside || range.is_none() => {
                    fields.push(path);
                    after.push(String::new());
                }
                Piece::Text(text) if inside || range.is_none() => {
                    if let Some(last) = after.last_mut() {
                        last.push_str(&text);
                    }
                }
                _ => {}
            }
        }
        if fields.is_empty() {
            return None;
        }
        let separators = after[..after.len() - 1].to_vec();
        let mut terminator = after.last().cloned().unwrap_or_default();
        // `{.items[*].metadata.name}`: one field over a list prints its values space-separated.
        if range.is_none() {
            if let [Some(path)] = fields.as_slice() {
                if path.without_items().len() < path.0.len() {
                    let rest = Path(path.without_items().to_vec());
                    return Some(Layout {
                        columns: vec![Column { header: None, path: Some(rest) }],
                        range: None,
                        separators: Vec::new(),
                        terminator: " ".into(),
                        header: false,
                        one_value: false,
                        entries: None,
                    });
                }
            }
            if fields.iter().flatten().any(|p| p.without_items().len() < p.0.len()) {
                // Several fields each over the whole list print column by column, not row
                // by row; that cannot be put back together reliably.
                return None;
            }
            terminator = "\n".into();
        }
        let range = range.map(|path| {
            // A go-template `range .x` iterates `.x`'s items, as jsonpath's `.x[*]` does.
            let mut steps = path.0;
            if steps.last() != Some(&Step::All) {
                steps.push(Step::All);
            }
            Path(steps).without_items().to_vec()
        });
        let columns: Vec<Column> = fields.into_iter().map(|path| Column { header: None, path }).collect();
        let one_value = range.is_none() && columns.len() == 1;
        Some(Layout { columns, range: range.filter(|r| !r.is_empty()), separators, terminator, header: false, one_value, entries: None })
    }

    /// `range $k, $v := .path` around exactly `$k`, a separator, `$v` and a row's end.
    fn entries_template(pieces: &[Piece]) -> Option<Layout> {
        let [Piece::RangeEntries(Some(path)), Piece::EntryKey, Piece::Text(separator), Piece::EntryValue, Piece::Text(terminator), Piece::End, ..] = pieces else { return None };
        if separator.is_empty() || !terminator.contains('\n') {
            return None;
        }
        Some(Layout {
            columns: Vec::new(),
            range: None,
            separators: vec![separator.clone()],
            terminator: "\n".into(),
            header: false,
            one_value: false,
            entries: Some(path.without_items().to_vec()),
        })
    }

    /// The rows of the output, each with its span.
    fn rows<'a>(&self, cx: &Cx<'a>) -> Vec<Line<'a>> {
        // Trailing tabs are kept: they separate empty last columns.
        let lines = cx.lines().filter(|l| !l.is_blank()).map(|l| {
            let text = l.text.trim_matches(|c: char| c.is_whitespace() && c != '\t');
            Line { text, span: l.span_of(text) }
        });
        if self.one_value {
            let lines: Vec<Line<'a>> = lines.collect();
            let (Some(first), Some(last)) = (lines.first(), lines.last()) else { return Vec::new() };
            let span = first.span.cover(last.span);
            return vec![Line { text: span.text(cx.paste), span }];
        }
        if self.terminator.contains('\n') || self.terminator.is_empty() {
            // Fields the template ends with a line break (`{.a}{"\n"}{.b}{"\n"}`) print on
            // lines of their own: a row is that many lines.
            let per_row = 1 + self.separators.iter().filter(|s| s.contains('\n')).count();
            let lines: Vec<Line<'a>> = lines.collect();
            return lines
                .chunks(per_row)
                .map(|chunk| {
                    let span = chunk[0].span.cover(chunk[chunk.len() - 1].span);
                    Line { text: span.text(cx.paste), span }
                })
                .collect();
        }
        let mut rows = Vec::new();
        for line in lines {
            if self.terminator.trim().is_empty() {
                rows.extend(line.text.split_whitespace().map(|word| Line { text: word, span: line.span_of(word) }));
            } else {
                rows.extend(line.text.split(self.terminator.as_str()).map(str::trim).filter(|t| !t.is_empty()).map(|t| Line { text: t, span: line.span_of(t) }));
            }
        }
        rows
    }

    /// A row's cells, one per column; None when the row has too few. The last column takes
    /// whatever is left (a list printed with spaces).
    fn cells<'a>(&self, row: Line<'a>) -> Option<Vec<Line<'a>>> {
        let mut rest = row.text;
        let mut parts = Vec::with_capacity(self.columns.len());
        for separator in &self.separators {
            let (head, tail) = if separator.contains('\n') {
                rest.split_once('\n')?
            } else if !separator.trim().is_empty() {
                rest.split_once(separator.as_str())?
            } else if separator.contains('\t') && rest.contains('\t') {
                rest.split_once('\t')?
            } else {
                // Tabs lost in a copy, or aligned columns: words are the cells.
                let (head, tail) = rest.trim_start().split_once(char::is_whitespace)?;
                (head, tail.trim_start())
            };
            parts.push(head);
            rest = tail;
        }
        parts.push(rest);
        Some(
            parts
                .into_iter()
                .map(|part| {
                    let part = part.trim();
                    Line { text: part, span: row.span_of(part) }
                })
                .collect(),
        )
    }

    /// True when the cells are the custom-columns headers.
    fn is_header(&self, cells: &[Line<'_>]) -> bool {
        self.columns.iter().zip(cells).all(|(column, cell)| column.header.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(cell.text)))
    }
}

/// A row's cells cut where the header's cells start, when the row is aligned under them (a
/// blank before each start, a word at it); None otherwise.
fn cells_at<'a>(row: Line<'a>, starts: &[usize]) -> Option<Vec<Line<'a>>> {
    let text = row.text;
    let b = text.as_bytes();
    let aligned = starts.len() > 1
        && starts.iter().skip(1).all(|&s| s < b.len() && text.is_char_boundary(s) && b[s - 1] == b' ' && b[s] != b' ');
    if !aligned {
        return None;
    }
    let ends = starts.iter().skip(1).copied().chain([b.len()]);
    Some(
        starts
            .iter()
            .zip(ends)
            .map(|(&start, end)| {
                let cell = text[start..end].trim();
                Line { text: cell, span: row.span_of(cell) }
            })
            .collect(),
    )
}

/// Splits a jsonpath (`{…}`) or go-template (`{{…}}`) into text and actions.
/// The jsonpath template that prints what a `jq -r` string filter prints over the command's
/// JSON: `.metadata.managedFields[] | "\(.manager)\t\(.time)"` is
/// `{range .metadata.managedFields[*]}{.manager}{"\t"}{.time}{"\n"}{end}`, and a string
/// over the object itself (`"\(.metadata.name) \(.status.phase)"`) has no range. `None`
/// unless the filter is one string, perhaps after one list to iterate, whose
/// interpolations are plain paths.
pub fn jq_template(command: &Command) -> Option<String> {
    let stage = command.pipes.iter().find(|stage| stage.first().is_some_and(|p| p == "jq"))?;
    if !stage.iter().any(|w| w == "-r" || w == "--raw-output") {
        return None;
    }
    let filter = command.jq_filter()?.trim();
    let (list, string) = match filter.rsplit_once("| \"") {
        Some((list, string)) => (Some(list.trim().strip_suffix("[]")?), string),
        None => (None, filter.strip_prefix('"')?),
    };
    let string = string.trim_end().strip_suffix('"')?;
    let plain_path = |p: &str| p.starts_with('.') && p.len() > 1 && p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'[' | b']'));
    if list.is_some_and(|l| !plain_path(l) || l.contains("[]")) {
        return None;
    }
    let mut template = list.map_or(String::new(), |l| format!("{{range {l}[*]}}"));
    let mut rest = string;
    let mut fields = 0;
    while let Some(at) = rest.find("\\(") {
        let text = &rest[..at];
        if text.contains(['"', '{', '}']) {
            return None;
        }
        if !text.is_empty() {
            template.push_str(&format!("{{\"{text}\"}}"));
        }
        let (path, after) = rest[at + 2..].split_once(')')?;
        if !plain_path(path) {
            return None;
        }
        template.push_str(&format!("{{{path}}}"));
        fields += 1;
        rest = after;
    }
    if fields == 0 || rest.contains(['"', '{', '}']) {
        return None;
    }
    template.push_str(&format!("{{\"{rest}\\n\"}}"));
    if list.is_some() {
        template.push_str("{end}");
    }
    Some(template)
}

fn pieces(template: &str) -> Vec<Piece> {
    let go = template.contains("{{");
    let (open, close) = if go { ("{{", "}}") } else { ("{", "}") };
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(start) = rest.find(open) else {
            out.push(Piece::Text(rest.to_string()));
            break;
        };
        if start > 0 {
            out.push(Piece::Text(rest[..start].to_string()));
        }
        let inner_start = start + open.len();
        let Some(len) = action_len(&rest[inner_start..], close) else {
            out.push(Piece::Text(rest[start..].to_string()));
            break;
        };
        let inner = rest[inner_start..inner_start + len].trim().trim_start_matches('-').trim_end_matches('-').trim();
        out.push(match inner {
            "end" => Piece::End,
            // `range $k, $v := .data`; `range $i, $c := .spec.containers` iterates items.
            _ if inner.starts_with("range ") && inner.contains(":=") => {
                let (vars, path) = inner[6..].split_once(":=").unwrap_or_default();
                let path = Path::parse(path.trim());
                if vars.contains(',') { Piece::RangeEntries(path) } else { Piece::Range(path) }
            }
            _ if inner.starts_with("range ") => Piece::Range(Path::parse(&inner[6..])),
            _ if inner.starts_with('$') && !inner.contains('.') => {
                // The first variable of `range $k, $v` is the key, the second the value.
                if template_vars(template).first().is_some_and(|k| *k == inner) { Piece::EntryKey } else { Piece::EntryValue }
            }
            _ if inner.starts_with('"') => Piece::Text(unescape(inner.trim_matches('"'))),
            _ => Piece::Field(Path::parse(inner)),
        });
        rest = &rest[inner_start + len + close.len()..];
    }
    out
}

/// The variables a template's `range $k, $v := …` names, in order.
fn template_vars(template: &str) -> Vec<&str> {
    let Some(at) = template.find("range $") else { return Vec::new() };
    let rest = &template[at + 6..];
    let Some((vars, _)) = rest.split_once(":=") else { return Vec::new() };
    vars.split(',').map(str::trim).filter(|v| v.starts_with('$')).collect()
}

/// The length of an action's inside, up to `close` outside quotes.
fn action_len(text: &str, close: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            _ if !quoted && text[i..].starts_with(close) => return Some(i),
            _ => {}
        }
    }
    None
}

/// `\t`, `\n` and friends in a template's string literal.
fn unescape(text: &str) -> String {
    text.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\"", "\"").replace("\\\\", "\\")
}

/// A cell as a tree node: nothing for `<none>` and empty cells, a mapping for JSON or
/// `map[k:v …]`, a list for a `[*]` column that printed several values.
fn cell_value<'a>(paste: &'a str, cell: Line<'a>, path: &Path) -> Option<Node<'a>> {
    let text = cell.text;
    if text.is_empty() || text == "<none>" {
        return None;
    }
    if text.starts_with_of(b"{[") {
        let mut parsed = crate::tree::json::parse(paste, cell.span);
        if parsed.issues.is_empty() && parsed.docs.len() == 1 {
            return Some(parsed.docs.remove(0).root);
        }
    }
    if let Some(inner) = text.strip_prefix("map[").and_then(|t| t.strip_suffix(']')) {
        let entries = inner
            .split_whitespace()
            .filter_map(|pair| {
                let (key, value) = pair.split_once(':')?;
                Some(Entry { key: key.into(), key_span: cell.span_of(key), value: Node::scalar(value, Style::Plain, cell.span_of(value)) })
            })
            .collect();
        return Some(Node::map(entries, cell.span));
    }
    if path.0.contains(&Step::All) {
        let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        if words.len() > 1 {
            let items = words.into_iter().map(|w| Node::scalar(w, Style::Plain, cell.span_of(w))).collect();
            return Some(Node::seq(items, cell.span));
        }
    }
    Some(Node::scalar(text, Style::Plain, cell.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(command: &str) -> Layout {
        Layout::of(&Command::parse(command).unwrap()).unwrap()
    }

    fn paths(layout: &Layout) -> Vec<String> {
        layout.columns.iter().map(|c| format!("{:?}", c.path.as_ref().map(|p| p.0.len()))).collect()
    }

    #[test]
    fn jsonpath_range_templates() {
        let l = layout(r#"kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.containerStatuses[0].imageID}{"\n"}{end}'"#);
        assert_eq!(l.columns.len(), 2);
        assert_eq!(l.separators, ["\t"]);
        assert_eq!(l.terminator, "\n");
        assert_eq!(l.range, None);
        let l = layout(r#"kubectl get pod web-1 -o jsonpath='{range .status.containerStatuses[*]}{.name}{": "}{.restartCount}{"\n"}{end}'"#);
        assert_eq!(l.range.as_ref().map(Vec::len), Some(3));
        assert_eq!(l.separators, [": "]);
    }

    #[test]
    fn jsonpath_without_range_and_go_templates() {
        let l = layout("kubectl get pods -o jsonpath='{.items[*].metadata.name}'");
        assert_eq!((l.columns.len(), l.terminator.as_str()), (1, " "));
        let l = layout(r#"kubectl get deploy web -o jsonpath='{.spec.replicas}{"\t"}{.status.readyReplicas}'"#);
        assert_eq!((paths(&l), l.terminator.as_str()), (vec!["Some(2)".to_string(), "Some(2)".to_string()], "\n"));
        let l = layout(r#"kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{"\t"}}{{.status.phase}}{{"\n"}}{{end}}'"#);
        assert_eq!((l.columns.len(), l.range.clone()), (2, None));
        assert!(Layout::of(&Command::parse("kubectl get pods -o jsonpath='{.items[*].metadata.name}{\"\\t\"}{.items[*].status.phase}'").unwrap()).is_none());
    }

    #[test]
    fn custom_columns() {
        let l = layout("kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image --no-headers");
        assert!(!l.header);
        assert_eq!(l.columns[1].header.as_deref(), Some("IMAGE"));
        assert_eq!(paths(&l), ["Some(2)", "Some(4)"]);
    }

    #[test]
    fn rows_split_by_tabs_or_by_whitespace_when_tabs_were_lost() {
        let l = layout(r#"kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[*].image}{"\n"}{end}'"#);
        let split = |text: &'static str| l.cells(Line { text, span: Span::new(0, text.len()) }).map(|c| c.iter().map(|l| l.text).collect::<Vec<_>>());
        assert_eq!(split("web-1\tnginx:1 envoy:2"), Some(vec!["web-1", "nginx:1 envoy:2"]));
        assert_eq!(split("web-1 nginx:1 envoy:2"), Some(vec!["web-1", "nginx:1 envoy:2"]));
        assert_eq!(split("web-1"), None);
        assert_eq!(split("web-1\t"), Some(vec!["web-1", ""]));
        let l = layout(r#"kubectl get pod p -o jsonpath='{range .status.containerStatuses[*]}{.name}{": "}{.lastState.terminated.reason}{" exit="}{.lastState.terminated.exitCode}{"\n"}{end}'"#);
        let split = |text: &'static str| l.cells(Line { text, span: Span::new(0, text.len()) }).map(|c| c.iter().map(|l| l.text).collect::<Vec<_>>());
        assert_eq!(split("app: OOMKilled exit=137"), Some(vec!["app", "OOMKilled", "137"]));
        assert_eq!(split("proxy:  exit="), Some(vec!["proxy", "", ""]));
    }

    #[test]
    fn rows_aligned_under_custom_column_headers_keep_cells_of_several_words() {
        let paste = "$ kubectl get cronjob -n b -o custom-columns=NAME:.metadata.name,SCHEDULE:.spec.schedule,POLICY:.spec.concurrencyPolicy\nNAME   SCHEDULE     POLICY\nrate   15 * * * *   Forbid\n";
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        let said: Vec<String> = facts.all().iter().map(|f| format!("{:?} {}", f.predicate, facts.display_value(&f.value))).collect();
        assert!(said.contains(&"Schedule 15 * * * *".to_string()) && said.contains(&"Setting concurrencyPolicy=Forbid".to_string()), "{said:?}");
    }

    #[test]
    fn fields_on_lines_of_their_own_make_one_row() {
        let paste = "$ kubectl get pod vep-6d4c8b7f95-mm8zd -n helix -o jsonpath='{.spec.containers[0].resources}{\"\\n\"}{.status.containerStatuses[0].lastState}{\"\\n\"}'\n{\"limits\":{\"cpu\":\"2\",\"memory\":\"3Gi\"}}\n{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\"}}\n";
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        let said: Vec<String> = facts.all().iter().map(|f| format!("{} · {:?} · {}", facts.entity_of(f.subject), f.predicate, facts.display_value(&f.value))).collect();
        assert!(said.iter().any(|f| f.ends_with("· MemoryLimit · 3Gi (3221225472)")), "{said:#?}");
        assert!(said.iter().any(|f| f.ends_with("· LastStateReason · OOMKilled")), "{said:#?}");
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
    }

    #[test]
    fn a_go_template_over_a_mappings_entries_prints_the_objects_data() {
        let paste = "$ kubectl -n pay get cm gw-config -o go-template='{{range $k, $v := .data}}{{$k}}={{$v}}{{\"\\n\"}}{{end}}'\nDB_HOST=pg.pay-qa.svc\nMODE=live=true\nbroken line\n";
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        let said: Vec<String> = facts.all().iter().map(|f| format!("{} · {:?} · {}", facts.entity_of(f.subject), f.predicate, facts.display_value(&f.value))).collect();
        assert!(said.contains(&"configmap pay/gw-config · ConfigValue · DB_HOST=pg.pay-qa.svc".to_string()), "{said:#?}");
        // The first separator splits key from value; a row without it is reported.
        assert!(said.contains(&"configmap pay/gw-config · ConfigValue · MODE=live=true".to_string()), "{said:#?}");
        assert_eq!(ingest.unparsed.len(), 1, "{:?}", ingest.unparsed);
        let l = layout(r#"kubectl get secret s -o go-template='{{range $key, $value := .data}}{{$key}}: {{$value}}{{"\n"}}{{end}}'"#);
        assert_eq!((l.entries.as_ref().map(Vec::len), l.separators.clone()), (Some(1), vec![": ".to_string()]));
    }

    #[test]
    fn one_field_of_one_object_is_one_value_over_all_its_lines() {
        let paste = "$ kubectl get cm app-config -n shop -o jsonpath='{.data.app\\.toml}'\n[db]\nhost = \"db.shop.local\"\nport = 5432\n";
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        let said: Vec<String> = facts.all().iter().map(|f| format!("{:?} · {}", f.predicate, facts.display_value(&f.value))).collect();
        let defined = said.iter().filter(|s| s.starts_with("DefinedIn")).count();
        let values: Vec<&String> = said.iter().filter(|s| s.starts_with("ConfigValue")).collect();
        assert_eq!(defined, 1, "{said:#?}");
        assert_eq!(values, ["ConfigValue · app.toml=[db]\nhost = \"db.shop.local\"\nport = 5432"], "{said:#?}");
        assert!(layout("kubectl get pod p -o jsonpath='{.status.phase}'").one_value);
        assert!(!layout("kubectl get pods -o jsonpath='{.items[*].status.phase}'").one_value);
    }

    #[test]
    fn a_jq_string_filter_prints_columns_as_a_template_would() {
        let paste = "$ kubectl -n shop get secret api-creds -o json | jq -r '.metadata.managedFields[] | \"\\(.manager)\\t\\(.operation)\\t\\(.time)\"'\nkubectl-create\tUpdate\t2025-01-02T10:00:00Z\nvault-sync\tUpdate\t2025-07-19T03:00:12Z\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> = ingest.facts.with(crate::fact::Predicate::Changed).map(|f| format!("{} {}", ingest.facts.display_value(&f.value), f.time.map_or("-".into(), |t| t.to_string()))).collect();
        assert_eq!(changed, ["Update by kubectl-create 2025-01-02T10:00:00Z", "Update by vault-sync 2025-07-19T03:00:12Z"]);
        let template = |cmd: &str| jq_template(&Command::parse(cmd).unwrap());
        assert_eq!(template("kubectl get pods -o json | jq -r '.items[] | \"\\(.metadata.name) \\(.status.phase)\"'").as_deref(), Some("{range .items[*]}{.metadata.name}{\" \"}{.status.phase}{\"\\n\"}{end}"));
        assert_eq!(template("kubectl get pod p -o json | jq -r '\"\\(.status.phase)\"'").as_deref(), Some("{.status.phase}{\"\\n\"}"));
        // Not raw, a function, no interpolation: no columns.
        assert_eq!(template("kubectl get pods -o json | jq '.items[] | \"\\(.metadata.name)\"'"), None);
        assert_eq!(template("kubectl get pods -o json | jq -r '.items[] | \"\\(.metadata.labels | keys)\"'"), None);
        assert_eq!(template("kubectl get pods -o json | jq -r '.items[].metadata.name'"), None);
    }

    #[test]
    fn the_time_a_manager_wrote_an_object_is_when_it_changed() {
        let paste = "$ kubectl get secret creds -n shop -o jsonpath='{.metadata.managedFields[?(@.manager==\"external-secrets\")].time}'\n2025-07-19T03:00:12Z\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> = ingest
            .facts
            .all()
            .iter()
            .filter(|f| f.predicate == crate::fact::Predicate::Changed)
            .map(|f| format!("{} {}", ingest.facts.display_value(&f.value), f.time.map_or("-".into(), |t| t.to_string())))
            .collect();
        assert_eq!(changed, ["written 2025-07-19T03:00:12Z"]);
    }
}

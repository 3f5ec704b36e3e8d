//! Segmentation: cutting a paste into artifacts.
//!
//! Markers cut the paste into regions: a shell prompt line (`$ cmd`, `% cmd`, `# cmd`,
//! `user@host:~$ cmd`, or a bare `kubectl …`), a `# From: path` header, a heading (`…¶`,
//! Markdown `##`, `Artifact 2: Metrics`, a short Title-Case line), and code fences. Inside a
//! region, blank lines split blocks; each block's kind comes from the command, the file
//! extension, a fence's language or, failing those, its content; neighbouring blocks of one
//! kind merge. Artifact spans tile the paste exactly: every byte belongs to one artifact.

use crate::ascii::Set;
use crate::blank::Blank;
use crate::artifact::{Artifact, ArtifactId, ArtifactKind};
use crate::command::{Command, KNOWN_PROGRAMS};
use crate::detect::{block_kind, command_kind, continues_description, opens_fly_section, opens_nomad_section, is_log_line, is_metric_sample, is_table_header, path_kind};
use crate::lines::{split_once_space, Line, Lines};
use crate::span::Span;

/// Cuts `paste` into artifacts that tile it.
pub fn segment(paste: &str) -> Vec<Artifact> {
    // Room for the lines up front (as `LineIndex` guesses them): collecting a large paste's
    // lines would otherwise copy them at every doubling.
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(paste.len() / 40 + 1);
    lines.extend(Lines::all(paste));
    let mut out = Segmenter { paste, artifacts: Vec::new(), section: None };
    let mut i = 0;
    let mut in_fence: Option<Option<ArtifactKind>> = None;
    while i < lines.len() {
        let line = lines[i];
        let text = line.text.trim_ws();
        if let Some(info) = fence(text) {
            // A fence line opens or closes a block; it belongs to no artifact's body.
            in_fence = match in_fence {
                Some(_) => None,
                None => Some(fence_kind(info)),
            };
            out.push_marker(line, ArtifactKind::Note, None);
            i += 1;
            continue;
        }
        // Inside a command's output only strong headings cut: `Data` or `Events` alone on a
        // line belong to `kubectl describe`, not to the paste's outline.
        // A terminal UI's pane title (`──── Pods(shop)[6] ────`, its frame removed by
        // `crate::frames`) names the command whose output the pane shows.
        // The lines of a two-line prompt that hold no command (the upper one, with user, host
        // and directory; the lower one when nothing was typed) belong to no output.
        if prompt_frame(&lines, i) {
            out.push_marker(line, ArtifactKind::Note, None);
            i += 1;
            continue;
        }
        let view = if text.starts_with(['─', '━']) { ruled_title(text).and_then(crate::frames::view_command) } else { None };
        let command = prompt_command(text).or(view.as_deref());
        // A runner's step group (script down to `##[endgroup]`) belongs to its command.
        let group = if command.is_some() && runner_command(text).is_some() { Some(runner_group_lines(&lines[i..])) } else { None };
        let end = region_end(&lines, i + 1 + group.unwrap_or(0), in_fence.is_some() || command.is_some());
        let hint = in_fence.flatten();
        if let Some(command) = command {
            // A command continued over several lines (`… \` at each line's end) is one
            // command, and its output starts after its last line. A runner's step group
            // holds the script and its settings, not more of the command.
            let continued = group.unwrap_or_else(|| continuation_lines(&lines[i..end]));
            let script = if group.is_some() { 0 } else { continued };
            let joined = lines[i + 1..i + 1 + script].iter().fold(command.to_string(), |line, next| {
                format!("{} {}", line.trim_end().trim_end_matches('\\').trim_end(), next.text.trim())
            });
            let command = Command::parse(&joined);
            let kind = command.as_ref().and_then(command_kind);
            out.region(&lines[i..end], Header::Command(command, 1 + continued), kind.or(hint));
        } else if let Some(path) = from_header(text) {
            out.region(&lines[i..end], Header::Path(path), path_kind(path).or(hint));
        } else if let Some(title) = heading(text, i == 0 || lines[i - 1].is_blank()).filter(|_| in_fence.is_none()) {
            out.section = Some(title.to_string());
            out.push_marker(line, ArtifactKind::Note, Some(title.to_string()));
            i += 1;
            continue;
        } else {
            out.region(&lines[i..end], Header::None, hint);
        }
        i = end;
    }
    out.finish()
}

enum Header<'a> {
    None,
    /// The command and how many lines it takes (more than one when continued with `\`).
    Command(Option<Command>, usize),
    Path(&'a str),
}

struct Segmenter<'p> {
    paste: &'p str,
    artifacts: Vec<Artifact>,
    /// The heading the current lines sit under.
    section: Option<String>,
}

impl Segmenter<'_> {
    /// A one-line artifact for a heading or fence line.
    fn push_marker(&mut self, line: Line<'_>, kind: ArtifactKind, title: Option<String>) {
        let span = line.span;
        self.push(Artifact { id: ArtifactId(0), kind, command: None, title, path: None, span, body: line.trimmed().span });
    }

    /// Splits a region (an optional header line, then content) into blocks and artifacts.
    fn region(&mut self, lines: &[Line<'_>], header: Header<'_>, kind: Option<ArtifactKind>) {
        let (header_line, content, command, path) = match header {
            Header::None => (None, lines, None, None),
            Header::Command(command, taken) => {
                let taken = taken.clamp(1, lines.len());
                let header = Line { span: lines[0].span.cover(lines[taken - 1].span), ..lines[0] };
                (Some(header), &lines[taken..], command, None)
            }
            Header::Path(path) => (Some(lines[0]), &lines[1..], None, Some(path.to_string())),
        };
        let path = path.or_else(|| command.as_ref().and_then(command_path));
        // `kubectl get … -o json` prints objects (events too), however log-like their lines.
        let prints_objects = command.as_ref().is_some_and(|c| c.program == "kubectl" && c.verb() == Some("get"));
        let title = path.clone().or_else(|| command.as_ref().map(|c| format!("$ {}", c.line))).or_else(|| self.section.clone());
        // The artifact the header opens; it takes the first block and, when the command or
        // path fixed its kind, every later block that is not prose.
        let mut current = header_line.map(|line| Artifact {
            id: ArtifactId(0),
            kind: kind.unwrap_or(ArtifactKind::Unknown),
            command,
            title,
            path,
            span: line.span,
            body: Span::default(),
        });
        let mut in_header_artifact = current.is_some();
        let mut last_line_announces = false;
        // Log lines indented under a note's entry are cut out only where no command or file
        // says what the region holds (a tool's own output indents its quoted logs).
        let loose = header_line.is_none();
        for block in blocks(content, loose) {
            let span = block[0].span.cover(block[block.len() - 1].span);
            let announced = std::mem::replace(&mut last_line_announces, block[block.len() - 1].text.trim_ws_end().ends_with(':'));
            // Detection reads up to 64 lines per block with a dozen shape tests each; the
            // first block of a command or file whose kind is already known skips it.
            if let Some(open) = current.as_mut().filter(|open| in_header_artifact && open.body.is_empty()) {
                open.body = span;
                // `jq -c` over log entries (`gcloud logging read --format json | jq -c …`) prints
                // one JSON record per line: log lines, though the command says JSON.
                // `argocd app get … | sed -n '/RESOURCE/,$p'` keeps only the resource table
                // that follows the `Name:` lines: a table, though the command says describe.
                let resources_only = kind == Some(ArtifactKind::Describe)
                    && open.command.as_ref().is_some_and(|c| c.program == "argocd")
                    && block_kind(block) == ArtifactKind::Table;
                if kind.is_none() || kind == Some(ArtifactKind::Json) && !prints_objects && block_kind(block) == ArtifactKind::Logs || resources_only {
                    open.kind = block_kind(block);
                }
                open.span = open.span.cover(span);
                continue;
            }
            // A ```diff fence says what its lines are better than their shapes can.
            let detected = if header_line.is_none() && kind == Some(ArtifactKind::Diff) { ArtifactKind::Diff } else { block_kind(block) };
            match current.as_mut() {
                // Later blocks stay with the command/file when they are more of the same, or
                // when nothing about them says otherwise; a block of another recognisable
                // kind (prose, metrics after logs, logs after a describe) starts its own.
                // A stack trace set off by a blank line belongs to the log record above it.
                // So does a block that a log line ending in a colon announces (`Description:`
                // and its paragraph in a start-up failure report).
                Some(open)
                    if detected == open.kind
                        || in_header_artifact && kind.is_some() && detected == ArtifactKind::Unknown
                        || in_header_artifact && open.command.as_ref().is_some_and(|c| c.program == "nomad") && opens_nomad_section(block)
                        || in_header_artifact && open.command.as_ref().is_some_and(|c| crate::detect::continues_cf_output(c, block))
                        || in_header_artifact && open.command.as_ref().is_some_and(|c| matches!(c.program.as_str(), "fly" | "flyctl")) && opens_fly_section(block)
                        // A description's sub-sections and indented blocks (an ImageStream's tags).
                        || in_header_artifact && kind == Some(ArtifactKind::Describe) && continues_description(block)
                        || open.kind == ArtifactKind::Logs && (is_stack_trace(block) || announced)
                        // A commit's message, its hunks and the next commit are one diff.
                        || open.kind == ArtifactKind::Diff && crate::detect::continues_diff(block) =>
                {
                    open.body = open.body.cover(span);
                    open.span = open.span.cover(span);
                }
                _ => {
                    if let Some(done) = current.replace(self.free_artifact(span, detected)) {
                        self.close(done);
                    }
                    in_header_artifact = false;
                }
            }
        }
        if let Some(done) = current {
            self.close(done);
        }
    }

    /// Pushes a finished artifact; a prompt with no output keeps its command line as body.
    fn close(&mut self, mut artifact: Artifact) {
        if artifact.body.is_empty() {
            artifact.body = artifact.span;
            if artifact.kind == ArtifactKind::Unknown {
                artifact.kind = ArtifactKind::Note;
            }
        }
        self.push(artifact);
    }

    fn free_artifact(&self, span: Span, kind: ArtifactKind) -> Artifact {
        Artifact { id: ArtifactId(0), kind, command: None, title: self.section.clone(), path: None, span, body: span }
    }

    fn push(&mut self, mut artifact: Artifact) {
        artifact.id = ArtifactId(self.artifacts.len() as u32);
        self.artifacts.push(artifact);
    }

    /// Makes spans tile the paste: each artifact runs to where the next begins (so blank
    /// lines and line breaks go to the artifact before them), the first starts at 0.
    fn finish(mut self) -> Vec<Artifact> {
        let len = self.paste.len();
        if self.artifacts.is_empty() {
            if len > 0 {
                // Only blank lines: one empty note keeps every byte accounted for.
                let span = Span::new(0, len);
                self.push(Artifact { id: ArtifactId(0), kind: ArtifactKind::Note, command: None, title: None, path: None, span, body: Span::new(0, 0) });
            }
            return self.artifacts;
        }
        self.artifacts[0].span.start = 0;
        for i in 0..self.artifacts.len() {
            let end = self.artifacts.get(i + 1).map_or(len as u32, |next| next.span.start);
            self.artifacts[i].span.end = end;
        }
        self.artifacts
    }
}

/// Whether a block is wholly a stack trace (`crate::detect::is_stack_trace`).
fn is_stack_trace(block: &[Line<'_>]) -> bool {
    let texts: Vec<&str> = block.iter().map(|l| l.text).collect();
    crate::detect::is_stack_trace(&texts)
}

/// Blank-line separated blocks of a region (slices of it: a region can be most of a paste),
/// with the tables a web console set among other lines cut out ([`console_tables`]). A
/// remark on the lines above a JSON document (`Alertmanager webhook payload (from the PD
/// custom details):`, `(1) relay prints the raw JSON`, a console's `# log group …` and
/// `# fields …` comment lines) is a block of its own.
fn blocks<'r, 'a>(lines: &'r [Line<'a>], loose: bool) -> impl Iterator<Item = &'r [Line<'a>]> {
    lines.split(Line::is_blank).filter(|block| !block.is_empty()).flat_map(console_tables).flat_map(move |block| if loose { indented_logs(block) } else { vec![block] }).flat_map(|block| {
        let (remark, rest) = block.split_at(remark_over_json(block));
        [remark, rest].into_iter().filter(|part| !part.is_empty())
    })
}

/// A ticket's or timeline's entry that quotes log lines indented under it (`Apr 15, 2026 at
/// 10:03 PM  Ana added a note:` over `    2026-04-15 21:36:02,117 WARNING …`): the indented
/// run is cut out as its own block when most of its lines are log records, so the prose
/// around it leaves them logs.
/// A YAML mapping's or a trace's indented lines are not log records and stay.
fn indented_logs<'r, 'a>(block: &'r [Line<'a>]) -> Vec<&'r [Line<'a>]> {
    let indent = |line: &Line<'_>| line.text.len() - line.text.trim_ws_start().len();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i + 2 < block.len() {
        let head = &block[i];
        if !head.text.trim_ws_end().ends_with(':') || indent(&block[i + 1]) <= indent(head) {
            i += 1;
            continue;
        }
        let run = block[i + 1..].iter().take_while(|l| indent(l) > indent(head)).count();
        let logs = block[i + 1..i + 1 + run].iter().filter(|l| is_log_line(l.text.trim_ws())).count();
        // Only under a person's entry (a dated timeline line, a chat byline): a tool's own
        // output (Fly's failed smoke check over the machine's last lines) is read by its
        // reader, indentation and all.
        let entry = |text: &str| crate::detect::starts_with_date(text) || crate::detect::is_chat_byline(text);
        if run < 2 || logs < 2 || logs * 2 < run || !entry(head.text.trim_ws()) {
            i += 1;
            continue;
        }
        out.push(&block[start..i + 1]);
        out.push(&block[i + 1..i + 1 + run]);
        i += 1 + run;
        start = i;
    }
    if out.is_empty() {
        return vec![block];
    }
    if start < block.len() {
        out.push(&block[start..]);
    }
    out
}

/// Most lines of remark a JSON document may stand under and still be cut from them.
const MAX_JSON_REMARK: usize = 3;

/// How many lines of remark open a block that is otherwise a JSON document (its first line
/// after them opens one, its last closes one); 0 when it is not such a block. A log line
/// above JSON is a record that printed it, not a remark; a caption over JSON log lines
/// (`worker logs:`) already leaves them logs.
fn remark_over_json(block: &[Line<'_>]) -> usize {
    let Some(last) = block.last() else { return 0 };
    let Some(opening) = block.iter().take(MAX_JSON_REMARK + 1).position(|l| crate::detect::opens_json(l.text.trim_ws())) else { return 0 };
    let remark = &block[..opening];
    let is_remark = |line: &Line<'_>| {
        let text = line.text.trim_ws();
        !is_log_line(text) && !text.ends_with_of(b",{[")
    };
    // A document indented under the lines above it is part of what they hold (a YAML block
    // scalar's JSON).
    let indent = |line: &Line<'_>| line.text.len() - line.text.trim_ws_start().len();
    let nested = remark.iter().any(|l| indent(&block[opening]) > indent(l));
    // A one-line document stays in the prose around it, as a quoted value does.
    let fits = !remark.is_empty() && block.len() - opening >= 2 && !nested && remark.iter().all(is_remark) && last.text.trim_ws().ends_with_of(b"}]") && block_kind(&block[opening..]) == ArtifactKind::Json;
    if fits { opening } else { 0 }
}

/// A console page copied with the mouse (EKS/AKS/GKE, Lens, Rancher, Argo CD) runs its
/// tables into the lines around them without blank lines: breadcrumbs, a detail pane, the
/// next table. Each tab-separated table ([`crate::detect::tabbed_header`] and the rows under
/// it with as many tab-separated cells as it has columns, or one fewer) is cut out as its own block,
/// with the one untabbed line above it that names it (`Events`, `Pods (6)`).
fn console_tables<'r, 'a>(block: &'r [Line<'a>]) -> Vec<&'r [Line<'a>]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < block.len() {
        let Some(columns) = crate::detect::tabbed_header(block[i].text) else {
            i += 1;
            continue;
        };
        let fits = |line: &Line<'_>| {
            // Empty leading cells count: `flux events` continues a row's MESSAGE on a line
            // whose other cells are blank.
            let cells = line.text.trim_ws_end().split('\t').count();
            // A console may leave off one trailing empty cell; a `Key<TAB>value` line after
            // a wider table is the page going on.
            (columns.saturating_sub(1).max(2)..=columns).contains(&cells) && crate::detect::tabbed_header(line.text).is_none()
        };
        let rows = block[i + 1..].iter().take_while(|l| fits(l)).count();
        if rows == 0 {
            i += 1;
            continue;
        }
        let captioned = i > start && !block[i - 1].text.contains('\t') && block[i - 1].text.words().count() <= 6;
        let table_start = if captioned { i - 1 } else { i };
        if start < table_start {
            out.push(&block[start..table_start]);
        }
        out.push(&block[table_start..i + 1 + rows]);
        i += 1 + rows;
        start = i;
    }
    if start < block.len() {
        out.push(&block[start..]);
    }
    out
}

/// Where the region starting before `from` ends: at the next marker line. With
/// `strong_only`, weak headings (a short Title-Case line) do not end it.
fn region_end(lines: &[Line<'_>], from: usize, strong_only: bool) -> usize {
    let mut i = from;
    while i < lines.len() {
        let text = lines[i].text.trim_ws();
        let after_blank = lines[i - 1].is_blank();
        // Inside a command's output an indented path comment is the output's own (`helm
        // diff`'s `  # Source: chart/templates/x.yaml` above each object's context lines).
        let path = from_header(text).is_some() && !(strong_only && lines[i].text.starts_with([' ', '\t']));
        // A runner's group closed after a step printed into it (no script shown above).
        let group_end = text == "##[endgroup]";
        if fence(text).is_some() || prompt_command(text).is_some() || path || group_end || prompt_frame(lines, i) {
            return i;
        }
        if heading(text, after_blank && !strong_only).is_some_and(|_| strong_heading(text) || after_blank && !strong_only) {
            return i;
        }
        // A chat message's byline after a blank line (`Aoife B 18:24`): the next message, not
        // more of the command's output.
        if after_blank && crate::detect::is_chat_byline(text) {
            return i;
        }
        if activity_rule(lines, i) {
            return i;
        }
        i += 1;
    }
    i
}

/// A ticket's activity stream copied from the browser (ServiceNow, Jira): a rule of dashes
/// between entries, each entry headed by its author and its date and time
/// (`Ana Lopes          Work notes  2025-11-10 09:21:50`). The rule ends the output of a
/// command quoted in the entry above.
fn activity_rule(lines: &[Line<'_>], i: usize) -> bool {
    let text = lines[i].text.trim_ws();
    if text.len() < 30 || !text.bytes().all(|b| b == b'-') {
        return false;
    }
    let Some(next) = lines.get(i + 1).map(|l| l.text.trim_ws()) else { return false };
    let stamp = next.len().checked_sub(19).and_then(|at| next.get(at..));
    next.starts_with(|c: char| c.is_uppercase()) && stamp.is_some_and(|s| crate::time::parse_date_cell(s).is_some())
}

/// The command after a shell prompt, if the line is a prompt line.
/// How many lines after a prompt line continue its command: the shell joins a line ending
/// in a backslash to the next.
fn continuation_lines(lines: &[Line<'_>]) -> usize {
    let continued = lines.iter().take_while(|line| !line.is_blank() && line.text.trim_end().ends_with('\\')).count();
    continued.min(lines.len().saturating_sub(1))
}

/// How many lines after a runner's step line (`##[group]Run kubectl …`) show its script and
/// settings (`shell:`, `env:`) down to `##[endgroup]`; what the command printed follows. A
/// group that holds a table or an object holds the output itself, and none are taken.
fn runner_group_lines(lines: &[Line<'_>]) -> usize {
    let group = &lines[..lines.len().min(MAX_RUNNER_GROUP)];
    let end = group.iter().position(|line| line.text.trim_ws() == "##[endgroup]");
    end.filter(|&end| !group[1..end].iter().any(|line| crate::runner_log::prints_output(line.text))).unwrap_or(0)
}

/// Most lines a runner's step group shows before its output (script, `with:`, `env:`).
const MAX_RUNNER_GROUP: usize = 40;

/// The command a CI runner's log says a step runs: GitHub Actions' `##[group]Run kubectl …`,
/// Azure Pipelines' `##[command]/usr/bin/kubectl …` (the program's path left off).
pub(crate) fn runner_command(text: &str) -> Option<&str> {
    let command = text.strip_prefix("##[group]Run ").or_else(|| text.strip_prefix("##[command]"))?.trim_ws();
    let program_end = command.find(' ').unwrap_or(command.len());
    let start = command[..program_end].rfind('/').map_or(0, |slash| slash + 1);
    Some(&command[start..])
}

pub fn prompt_command(text: &str) -> Option<&str> {
    // `--- stern -n shop web --since 1h ---`: a rule heading that names the command below it.
    let first = *text.as_bytes().first()?;
    if matches!(first, b'-' | b'=' | b'*') {
        return ruled_title(text).and_then(prompt_command);
    }
    // `## kubectl describe pod x -n ns   (Events only)`: a Markdown heading that names the
    // command whose output follows, as runbooks and incident docs title their sections. Only
    // a known tool's invocation counts; `## Events` and `## kustomize build …` stay headings.
    if text.starts_with("##") {
        if let Some(command) = runner_command(text) {
            return starts_with_program(command).then_some(command);
        }
        let title = text.trim_start_matches('#').trim_ws_start();
        return bare_invocation(title).then_some(title);
    }
    // `21:12  $ kubectl get hpa`: notes kept during an incident stamp each command with the
    // time of day; only an explicit prompt after the time counts (a log line may well start
    // with a time and a program's name).
    if let Some(rest) = after_time_of_day(text).filter(|rest| rest.starts_with(['$', '%', '❯'])) {
        return prompt_command(rest);
    }
    // A Python virtualenv's or conda's environment before the prompt (`(venv) ana@ws:~/x$ cmd`,
    // `(base) $ cmd`): the prompt that follows it decides.
    if first == b'(' {
        if let Some((env, rest)) = text[1..].split_once(") ") {
            let rest = rest.trim_ws_start();
            let named = !env.is_empty() && env.len() <= 40 && env.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if named && !rest.starts_with('(') {
                return prompt_command(rest);
            }
        }
    }
    // The second line of a two-line prompt (`╭─ ana@ws in ~/ops on ⎈ prod` over `╰─❯ cmd`,
    // Kali's `└─$ cmd`): the box-drawing lead-in, then a prompt.
    if first >= 0x80 && text.starts_with(['╰', '└', '┗']) {
        return prompt_lower_line(text).and_then(prompt_command);
    }
    // A powerline prompt (` prod  ~/ops   main  kubectl get pods`): its segments end in
    // arrow glyphs of the private-use area, and the command follows the last of them. Only the
    // line's start is searched (a prompt's segments are short), on the glyphs' lead byte.
    if memchr::memchr(0xee, &text.as_bytes()[..text.len().min(POWERLINE_REACH)]).is_some() {
        if let Some(rest) = after_powerline(text) {
            return Some(rest);
        }
    }
    // A shell's trace of what it runs (`set -x`, as CI consoles show it): `+ kubectl get
    // pods`, `++ helm …` from a subshell; only a known program's (a diff adds lines with `+`).
    if first == b'+' {
        let rest = text.trim_start_matches('+').strip_prefix(' ')?;
        return starts_with_program(rest).then_some(rest);
    }
    // A theme that shows only the directory (`~ ❯ cmd`, `~/ops λ cmd`, fish's `~/ops> cmd`,
    // `/srv $ cmd`): one path word, then the prompt character.
    if matches!(first, b'~' | b'/') {
        return after_directory(text);
    }
    // A remote PowerShell session names the computer before its prompt: `[WEB-01]: PS C:\Users\ops> cmd`.
    if first == b'[' {
        if let Some(close) = memchr::memchr(b']', text.as_bytes()).filter(|at| (2..=64).contains(at)) {
            let rest = &text[close + 1..];
            if rest.starts_with(": PS ") && !text[1..close].contains(' ') {
                return prompt_command(&rest[2..]);
            }
        }
    }
    // Most lines are data: rule them out on their first byte or first word. One scan finds
    // where the first word ends or the `@` of a `user@host` prompt in it, whichever comes first.
    let word_stop = memchr::memchr2(b' ', b'@', text.as_bytes());
    let user_at_host = word_stop.is_some_and(|at| text.as_bytes()[at] == b'@');
    // On bytes first: a `char`-set test decodes the line's first character, every line.
    let may_prompt = matches!(first, b'$' | b'%' | b'>' | b'#' | b'P') || first >= 0x80 && text.starts_with(['❯', '➜', '▸', '►', '•', '‣']);
    if !may_prompt && !user_at_host && !BARE_PROGRAMS.contains(&&text[..word_stop.unwrap_or(text.len())]) {
        return None;
    }
    // `>>> ` (a REPL's prompt, used as a marker in notes), `> ` (a quote or a continuation)
    // and the bullets notes apps put before each pasted command (`▸ kubectl get jobs`) are
    // prompts only before a known program; a bulleted line that ends in a colon captions
    // what follows (`▸ psql on db-1, pg_stat_activity:`).
    for prompt in ["$ ", "% ", "❯ ", "➜ ", "PS> ", ">>> ", "> ", "▸ ", "► ", "• ", "‣ "] {
        if let Some(rest) = text.strip_prefix(prompt) {
            let mut rest = rest.trim_ws_start();
            // oh-my-zsh's default theme: `➜  ops git:(main) ✗ kubectl get pods`.
            if prompt == "➜ " {
                rest = after_zsh_theme_directory(rest);
            }
            if !prompt.starts_with(['$', '%', '❯', '➜', 'P']) && !starts_with_program(rest) {
                return None;
            }
            if !prompt.starts_with(['$', '%', '❯', '➜', 'P', '>']) && rest.ends_with(':') {
                return None;
            }
            return (!rest.is_empty()).then_some(rest);
        }
    }
    if let Some(rest) = text.strip_prefix("# ") {
        return starts_with_program(rest).then_some(rest);
    }
    // PowerShell's `PS C:\src\ops> cmd` (any drive, a UNC or Unix path, `~`).
    if let Some(path) = text.strip_prefix("PS ").filter(|p| p.starts_with_of(b"\\/~") || p.as_bytes().get(1..3) == Some(b":\\")) {
        if let Some(end) = path.find("> ") {
            let rest = path[end + 2..].trim_ws_start();
            return (!rest.is_empty()).then_some(rest);
        }
    }
    // `user@host:~/dir$ cmd`, `[user@host dir]$ cmd`, `root@host:/# cmd`, and with the git
    // branch a shell theme adds: `user@host:~/dir (main *)$ cmd`.
    if let Some(at) = text.find('@') {
        let head = &text[..at];
        if !head.is_empty() && !head.contains(' ') && head.trim_start_matches('[').chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) {
            let mut in_branch = false;
            let mut in_dir = false;
            // SUSE's `user@host:~/dir> cmd`: a `>` after the host's colon.
            let colon = text[at..].find(':').map(|c| at + c);
            for (i, c) in text.char_indices().skip_while(|(i, _)| *i <= at) {
                let suse = c == '>' && colon.is_some_and(|colon| colon < i && !text[colon..i].contains(' '));
                if (matches!(c, '$' | '#' | '%') || suse) && !in_branch && text[i + 1..].starts_with(' ') {
                    let rest = text[i + 1..].trim_ws_start();
                    return (!rest.is_empty()).then_some(rest);
                }
                match c {
                    '(' => in_branch = true,
                    ')' => in_branch = false,
                    // Gentoo's and zsh themes' `user@host ~/dir $ cmd`: one word of path, then the prompt.
                    ' ' if !in_branch && !text[i + 1..].starts_with('(') && !text[..i].contains('[') => {
                        // Raspberry Pi OS's and Debian's `user@host:~ $ cmd`: the path after the
                        // colon, then a space before the prompt.
                        let spaced = || text[at..i].split_once(':').is_some_and(|(_, dir)| dir.starts_with(['~', '/'])) && text[i + 1..].starts_with(['$', '#']) && text[i + 2..].starts_with(' ');
                        if !in_dir && (is_dir_then_prompt(&text[i + 1..]) || spaced()) {
                            in_dir = true;
                        } else if !in_dir || !text[i + 1 + exit_status_len(&text[i + 1..])..].starts_with(['$', '#', '%']) {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // A bare tool invocation, as people paste commands without their prompt.
    bare_invocation(text).then_some(text)
}

/// Whether line `i` is a part of a two-line prompt without a command: the upper line
/// (`╭─ ana@ws in ~/ops`, `┌──(kali㉿kali)-[~]`) over a lower one that starts with a prompt
/// (`╰─❯`, `└─$`), or such a lower line with nothing typed after it.
fn prompt_frame(lines: &[Line<'_>], i: usize) -> bool {
    let text = lines[i].text.trim_ws();
    if text.starts_with(['╭', '┌', '┏']) {
        return lines.get(i + 1).is_some_and(|next| prompt_lower_line(next.text.trim_ws()).is_some());
    }
    prompt_lower_line(text).is_some_and(|rest| rest.chars().nth(1).is_none())
}

/// The prompt and command of a two-line prompt's lower line (`╰─❯ kubectl get pods` →
/// `❯ kubectl get pods`): after its box-drawing lead-in, a prompt character alone or before a space.
fn prompt_lower_line(text: &str) -> Option<&str> {
    if !text.starts_with(['╰', '└', '┗']) {
        return None;
    }
    let rest = text.trim_start_matches(|c: char| ('\u{2500}'..='\u{257f}').contains(&c)).trim_ws_start();
    let prompt = rest.chars().next().filter(|c| matches!(c, '$' | '%' | '#' | '❯' | '➜' | 'λ'))?;
    let after = &rest[prompt.len_utf8()..];
    (rest.len() < text.len() && (after.is_empty() || after.starts_with(' '))).then_some(rest)
}

/// How far into a line a powerline prompt's last segment may end.
const POWERLINE_REACH: usize = 200;

/// The command after a powerline prompt's last right-pointing separator (`\u{e0b0}`, its thin
/// and rounded, slanted and flame variants), when a command word follows it.
fn after_powerline(text: &str) -> Option<&str> {
    let reach = text.floor_char_boundary(POWERLINE_REACH);
    let (at, sep) = text[..reach].char_indices().rev().find(|&(_, c)| matches!(c, '\u{e0b0}' | '\u{e0b1}' | '\u{e0b4}' | '\u{e0b5}' | '\u{e0b8}' | '\u{e0b9}' | '\u{e0bc}' | '\u{e0bd}' | '\u{e0c0}' | '\u{e0c1}' | '\u{e0c4}' | '\u{e0c6}' | '\u{e0c8}'))?;
    let rest = text[at + sep.len_utf8()..].trim_ws_start();
    let word = split_once_space(rest).map_or(rest, |(word, _)| word);
    let command_word = word.starts_with(|c: char| c.is_ascii_lowercase() || c == '.' || c == '/') && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    (command_word && (rest.len() > word.len() || KNOWN_PROGRAMS.contains(&word))).then_some(rest)
}

/// `~/dir $ …`: a path word (`~`, `/…`, `~/…`) and a prompt character after it (after the
/// last command's failed exit status, `~ [1] % …`, as zsh themes show it).
fn is_dir_then_prompt(rest: &str) -> bool {
    let Some((word, after)) = rest.split_once(' ') else { return false };
    // A git theme's branch between the directory and the prompt: `~/src/infra (main) $`.
    let after = match after.strip_prefix('(').and_then(|a| a.split_once(") ")) {
        Some((branch, tail)) if !branch.is_empty() && !branch.contains(' ') => tail,
        _ => after,
    };
    let after = &after[exit_status_len(after)..];
    word.starts_with(['~', '/']) && !word.contains('@') && after.len() > 2 && after.starts_with(['$', '#', '%']) && after[1..].starts_with(' ')
}

/// The command after a prompt that shows only the directory: `~ ❯ cmd`, `~/ops λ cmd`,
/// `/srv $ cmd`, fish's `~/ops> cmd`. A `$`, `#`, `%` or `>` counts only before a known
/// program (a path and a dollar amount or a shell redirection are data).
fn after_directory(text: &str) -> Option<&str> {
    let (word, after) = text.split_once(' ')?;
    if word.contains('@') {
        return None;
    }
    let after = after.trim_ws_start();
    // fish glues its `>` to the directory.
    if word.len() > 1 && word.ends_with('>') {
        return starts_with_program(after).then_some(after);
    }
    let glyph = after.chars().next()?;
    let rest = match glyph {
        '❯' | '➜' | 'λ' | '›' => after[glyph.len_utf8()..].strip_prefix(' ')?.trim_ws_start(),
        '$' | '#' | '%' | '>' => after[1..].strip_prefix(' ').map(|rest| rest.trim_ws_start()).filter(|rest| starts_with_program(rest))?,
        _ => return None,
    };
    (!rest.is_empty()).then_some(rest)
}

/// What follows oh-my-zsh's default theme after its arrow: the directory's last name (`~`,
/// `ops`), then `git:(branch)` and a dirty mark `✗` when in a repository. The directory is
/// skipped only when a path or the git part marks it, or a known program follows it.
fn after_zsh_theme_directory(rest: &str) -> &str {
    let Some((word, after)) = rest.split_once(' ') else { return rest };
    let after = after.trim_ws_start();
    let git = after.starts_with("git:(");
    if !(word.starts_with(['~', '/']) || git || (!starts_with_program(rest) && starts_with_program(after))) {
        return rest;
    }
    let after = match git {
        true => after.split_once(") ").map_or(after, |(_, tail)| tail.trim_ws_start()),
        false => after,
    };
    after.strip_prefix('✗').map_or(after, str::trim_ws_start)
}

/// Bytes of a shell theme's exit status of the last command at the start of `text` (`[1] `,
/// `[127] `), or 0.
fn exit_status_len(text: &str) -> usize {
    let b = text.as_bytes();
    let digits = b.iter().skip(1).take_while(|b| b.is_ascii_digit()).count();
    if b.first() == Some(&b'[') && (1..=3).contains(&digits) && b.get(1 + digits) == Some(&b']') && b.get(2 + digits) == Some(&b' ') {
        3 + digits
    } else {
        0
    }
}

/// The rest of a line that starts with a time of day (`21:12`, `21:12:05`) and a space.
fn after_time_of_day(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let two_digits = |at: usize| b.get(at..at + 2).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(two_digits(0) && b.get(2) == Some(&b':') && two_digits(3)) {
        return None;
    }
    let end = if b.get(5) == Some(&b':') && two_digits(6) { 8 } else { 5 };
    let rest = text[end..].strip_prefix([' ', '\t'])?;
    Some(rest.trim_ws_start())
}

/// `kubectl get …`, `helm status …`: one of the [`BARE_PROGRAMS`] and a sub-command.
fn bare_invocation(text: &str) -> bool {
    let mut words = text.words();
    let (Some(program), Some(sub)) = (words.next(), words.next()) else { return false };
    BARE_PROGRAMS.contains(&program) && sub.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// Tools whose invocations are recognised even without a prompt in front.
const BARE_PROGRAMS: &[&str] = &["kubectl", "helm", "argocd", "flux", "oc", "crane", "stern", "istioctl", "cmctl", "velero"];

pub(crate) fn starts_with_program(text: &str) -> bool {
    let word = text.words().next().unwrap_or("");
    KNOWN_PROGRAMS.contains(&word) && !text.contains("  ")
}

/// The path of a `# From: path` style header.
pub fn from_header(text: &str) -> Option<&str> {
    if !text.starts_with_of(b"#/-*=") {
        return None;
    }
    let t = text.trim_start_of(b"#/ -*");
    // A YAML list item (`- path: patches/x.yaml` in a kustomization) is content, not a header.
    if text.starts_with("- ") {
        return None;
    }
    for key in ["From:", "File:", "Source:", "Path:", "from:", "file:", "source:", "path:"] {
        if let Some(rest) = t.strip_prefix(key) {
            if t.len() < text.len() {
                let path = rest.trim_ws().trim_matches('`');
                return (!path.is_empty() && !path.contains(' ')).then_some(path);
            }
        }
    }
    // `# deploy/web.yaml`: a comment that is nothing but a manifest's path names the file
    // pasted below it, as people label several files pasted in one block.
    if let Some(path) = text.strip_prefix("# ").map(str::trim_ws).filter(|p| is_manifest_path(p)) {
        return Some(path);
    }
    // `==> path <==` as `tail`/`head` print several files.
    let path = text.strip_prefix("==> ")?.strip_suffix(" <==")?;
    Some(path.trim_ws())
}

/// A repository path of a YAML/JSON manifest: one word with a directory, no URL.
fn is_manifest_path(text: &str) -> bool {
    let manifest = [".yaml", ".yml", ".json"].iter().any(|ext| text.ends_with(ext));
    manifest && text.contains('/') && !text.contains("://") && !text.bytes().any(|b| b.is_ascii_whitespace() || b == b':')
}

/// A fence line and its info (the language it names, or `""`): Markdown's ```` ``` ```` and
/// `~~~`, or the wiki markup of Jira and Confluence, `{noformat}` and `{code}`,
/// `{code:yaml}`, `{code:title=PromQL|language=json}`.
fn fence(text: &str) -> Option<&str> {
    // Every line is asked: one byte rules most out (two for a JSON line's `{"`).
    match text.as_bytes() {
        [b'`' | b'~', ..] => {}
        [b'{', b'n' | b'c', ..] => return wiki_fence(text),
        _ => return None,
    }
    text.strip_prefix("```").or_else(|| text.strip_prefix("~~~")).map(|info| info.trim_start_of(b"`~").trim_ws())
}

/// The language of a Jira or Confluence `{code…}`/`{noformat…}` line (`""` when it names none).
fn wiki_fence(text: &str) -> Option<&str> {
    let inner = text.strip_suffix('}')?;
    let params = match inner.strip_prefix("{noformat").or_else(|| inner.strip_prefix("{code")) {
        Some("") => return Some(""),
        Some(params) => params.strip_prefix(':')?,
        None => return None,
    };
    let mut language = "";
    for param in params.split('|') {
        match param.split_once('=') {
            Some(("language" | "lang", value)) => language = value,
            Some(_) => {}
            None => language = param,
        }
    }
    Some(language.trim_ws())
}

fn fence_kind(info: &str) -> Option<ArtifactKind> {
    match info.words().next().unwrap_or("").to_ascii_lowercase().as_str() {
        "yaml" | "yml" => Some(ArtifactKind::Yaml),
        "json" => Some(ArtifactKind::Json),
        "log" | "logs" => Some(ArtifactKind::Logs),
        "prometheus" | "promql" | "openmetrics" => Some(ArtifactKind::Metrics),
        "diff" | "patch" => Some(ArtifactKind::Diff),
        _ => None,
    }
}

/// A heading's title, if the line is one. `after_blank` says whether a blank line (or the
/// start of the paste) precedes it; weak headings need that.
pub fn heading(text: &str, after_blank: bool) -> Option<&str> {
    if let Some(title) = text.strip_suffix('¶') {
        return Some(title.trim_ws().trim_end_matches(':').trim_ws());
    }
    // Most lines (log records, YAML keys, table rows) start with a digit, a lower-case letter
    // or a bracket, as no heading below does: ruled out on one byte, for every line.
    let first = *text.as_bytes().first()?;
    // Jira's and Confluence's wiki headings: `h2. Description`.
    if first == b'h' && matches!(text.as_bytes().get(1..4), Some([b'1'..=b'6', b'.', b' '])) {
        let title = text[4..].trim_ws();
        return (!title.is_empty()).then_some(title);
    }
    if first.is_ascii_digit() || first.is_ascii_lowercase() || matches!(first, b'{' | b'[' | b'"' | b'<' | b'(') {
        return None;
    }
    if text.starts_with("##") {
        // A CI runner's markers: a step's group (`##[group]Set up job`) or an Azure section
        // titles what follows; the others (`##[endgroup]`, `##[error]…`) are lines of the log.
        if let Some(marker) = text.strip_prefix("##[") {
            let title = marker.strip_prefix("group]").or_else(|| marker.strip_prefix("section]")).map(str::trim_ws);
            return title.filter(|t| !t.is_empty());
        }
        let title = text.trim_start_matches('#').trim_ws();
        return (!title.is_empty()).then_some(title);
    }
    if let Some(inner) = text.strip_prefix("**").and_then(|t| t.strip_suffix("**")) {
        return (!inner.is_empty() && !inner.contains("**")).then_some(inner.trim_end_matches(':'));
    }
    if let Some(title) = ruled_title(text) {
        return Some(title);
    }
    if let Some(title) = glyph_title(text) {
        return Some(title);
    }
    if strong_heading(text) {
        return Some(text.trim_end_matches(':'));
    }
    weak_heading(text, after_blank).then_some(text)
}

/// The title between two rules: `== Grafana: runs table ==`, `--- kubectl get pods ---`,
/// `*** logs ***`. The rules are two or more of one of `=`, `-`, `*`, `#`, `─` on both sides (a
/// lone `---` is a YAML document separator, `- item` a list item); the title may itself be a
/// command, which then opens a command region.
fn ruled_title(text: &str) -> Option<&str> {
    let rule = text.chars().next()?;
    // `─` is a terminal UI's pane rule, its corners removed (`crate::frames`).
    if !matches!(rule, '=' | '-' | '*' | '#' | '─' | '━') {
        return None;
    }
    let inner = text.trim_start_matches(rule);
    let opened = text.len() - inner.len();
    let title = inner.trim_end_matches(rule);
    let closed = inner.len() - title.len();
    let title = title.trim_ws();
    // `===== apps/Deployment shop/web ======` opens an object in `argocd app diff`.
    let diff_object = rule == '=' && crate::parse::diff::argocd_object(text).is_some();
    (opened >= 2 * rule.len_utf8() && closed >= 2 * rule.len_utf8() && title.chars().any(char::is_alphanumeric) && !stack_trace_separator(title) && !diff_object).then_some(title)
}

/// .NET prints `--- End of inner exception stack trace ---` (and `--- End of stack trace
/// from previous location ---`) inside an exception's trace: ruled like a title, but the
/// trace goes on below it.
fn stack_trace_separator(title: &str) -> bool {
    crate::ascii::starts_with_ci(title, "end of ") && crate::ascii::find_ci(title, "stack trace").is_some()
}

/// Glyphs that lead a memo's section headings where Markdown would write `##` (`■ Trino
/// で確認`, `◆ 調査ログ`, `【障害メモ】…`), common in notes written in Japanese and Chinese.
/// `●` and `►` are left out: systemd and Flux print them at the head of their own lines.
const HEADING_GLYPHS: &[char] = &['■', '□', '◆', '◇', '★', '☆', '※', '▼', '▽'];

/// The title of a line led by a heading glyph, or opened by a bracketed title (`【…】`).
fn glyph_title(text: &str) -> Option<&str> {
    let title = if let Some(rest) = text.strip_prefix(HEADING_GLYPHS) {
        rest.trim_ws()
    } else if text.starts_with('【') && text.contains('】') {
        text
    } else {
        return None;
    };
    (title.chars().any(char::is_alphanumeric) && title.chars().count() <= 80).then_some(title)
}

/// `Artifact 2: Metrics`, `Step 3 - Logs`, `Exhibit A: …`, `== Logs ==`.
fn strong_heading(text: &str) -> bool {
    if text.ends_with('¶') || text.starts_with("##") || ruled_title(text).is_some() {
        return true;
    }
    if !text.starts_with_of(b"AESPF") {
        return false;
    }
    let mut words = text.words();
    let lead = words.next().unwrap_or("");
    let Some(number) = words.next() else { return false };
    matches!(lead, "Artifact" | "Exhibit" | "Attachment" | "Appendix" | "Step" | "Part" | "Section" | "Evidence" | "Figure")
        && number.trim_end_of(b":.)-").chars().all(|c| c.is_alphanumeric())
        && (number.ends_with(':') || words.next().is_some_and(|w| w == ":" || w == "-" || w == "—") || text.ends_with(':'))
        && text.len() <= 100
}

/// A short Title-Case line alone after a blank line: `Log Lines`, `Infrastructure Code`.
fn weak_heading(text: &str, after_blank: bool) -> bool {
    const SMALL: &[&str] = &["a", "an", "and", "of", "the", "for", "to", "in", "on", "from", "&", "/", "-", "vs"];
    // Cheap tests first: this runs for every line after a blank one.
    if !after_blank || text.len() > 60 || !text.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let words: Vec<&str> = text.words().collect();
    (1..=6).contains(&words.len())
        && text.len() <= 60
        && !text.ends_with_of(b".,;?!")
        && !is_table_header(text)
        && !is_log_line(text)
        && !is_metric_sample(text)
        && !text.contains(": ")
        && words.iter().all(|w| {
            SMALL.contains(w)
                || w.starts_with(|c: char| c.is_uppercase())
                    && w.chars().all(|c| c.is_alphabetic() || "-/()&:'".contains(c))
        })
        && words.iter().any(|w| w.chars().any(char::is_lowercase))
}

/// A file path a command reads: `cat x.yaml`, `kubectl apply -f x.yaml`.
fn command_path(command: &Command) -> Option<String> {
    if let Some(file) = command.flag(&["-f", "--filename"]) {
        return Some(file.to_string());
    }
    match command.program.as_str() {
        "cat" | "less" | "head" | "tail" | "yq" => {
            command.args.iter().rev().find(|a| !a.starts_with('-') && a.contains('.')).cloned()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(paste: &str) -> Vec<String> {
        segment(paste)
            .iter()
            .map(|a| format!("{} {:?} {:?}", a.kind.name(), a.title.as_deref().unwrap_or(""), a.body.text(paste)))
            .collect()
    }

    #[test]
    fn a_remark_over_a_json_document_is_a_block_of_its_own() {
        let paste = "Webhook payload (from the PD custom details):\n{\n  \"status\": \"firing\"\n}\n";
        assert_eq!(shape(paste), ["note \"\" \"Webhook payload (from the PD custom details):\"", "json \"\" \"{\\n  \\\"status\\\": \\\"firing\\\"\\n}\""]);
        // A few comment lines, as a log console prints its query above the results.
        let commented = "# log group /etl/compactor\n# fields @timestamp, rows_out\n[\n  {\"rows_out\": \"3\"}\n]\n";
        let kinds: Vec<&str> = segment(commented).iter().map(|a| a.kind.name()).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert_eq!(kinds[1], "json");
        // A document indented under the lines above it is theirs.
        let nested = "data:\n  config.json: |\n    {\n      \"a\": 1\n    }\n";
        assert_eq!(segment(nested).len(), 1);
        // A log record that printed the document keeps it.
        let logged = "2025-01-22T09:16:30Z ERROR rejected body\n{\n  \"status\": \"firing\"\n}\n";
        assert_eq!(segment(logged).len(), 1);
    }

    #[test]
    fn a_command_continued_with_backslashes_is_one_command_and_its_output_follows() {
        let paste = "$ kubectl get pod web-0 -n shop \\\n    -o jsonpath='{.spec.containers[0].image}{\"\\n\"}'\nreg/web:main\n";
        let artifacts = segment(paste);
        let command = artifacts[0].command.as_ref().expect("a command");
        assert!(command.line.contains("-o jsonpath="), "{}", command.line);
        assert_eq!(&paste[artifacts[0].body.start as usize..artifacts[0].body.end as usize], "reg/web:main");
    }

    #[test]
    fn prompts_in_every_style() {
        assert_eq!(prompt_command("$ kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("# kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("# Application version metric"), None);
        assert_eq!(prompt_command(">>> kubectl get svc -o wide"), Some("kubectl get svc -o wide"));
        assert_eq!(prompt_command(">>> Istio gateway log (kubectl logs deploy/gw)"), None);
        assert_eq!(prompt_command("alice@bastion:~/ops$ helm history web"), Some("helm history web"));
        assert_eq!(prompt_command("[root@node1 ~]# crane digest x"), Some("crane digest x"));
        assert_eq!(prompt_command(r"PS C:\Users\ops> kubectl get pods -n docgen"), Some("kubectl get pods -n docgen"));
        assert_eq!(prompt_command(r"PS /home/ops> az acr repository show-tags -n x"), Some("az acr repository show-tags -n x"));
        assert_eq!(prompt_command("PS the rollout > the fix"), None);
        assert_eq!(prompt_command(r"[APP-07]: PS C:\Users\ops\Documents> Get-Date"), Some("Get-Date"));
        assert_eq!(prompt_command("[14:03:02 INF]: PS C:\\x> y"), None);
        assert_eq!(prompt_command("leon@vm:~/infra (hotfix/lag *)$ kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("rui@jump-2 ~/deploy $ kubectl get cronjob"), Some("kubectl get cronjob"));
        assert_eq!(prompt_command("rui@jump-2 ~ # helm list"), Some("helm list"));
        assert_eq!(prompt_command("tom@mbp ~/src/infra (main) $ kubectl apply -R -f k8s/prod/"), Some("kubectl apply -R -f k8s/prod/"));
        assert_eq!(prompt_command("pi@edge-4:~ $ sudo k3s kubectl get pods"), Some("sudo k3s kubectl get pods"));
        assert_eq!(prompt_command("pi@edge-4:/srv $ ls"), Some("ls"));
        assert_eq!(prompt_command("tk@login02:~> qstat -u tk"), Some("qstat -u tk"));
        assert_eq!(prompt_command("ana@example.com> hello there"), None);
        assert_eq!(prompt_command("bo@team: $ 5 was charged"), None);
        assert_eq!(prompt_command("rui@jump-2 said $ 40 was charged"), None);
        assert_eq!(prompt_command("ana@example.com (mobile) wrote: $ 5 charged"), None);
        assert_eq!(prompt_command("kubectl describe pod web-1"), Some("kubectl describe pod web-1"));
        assert_eq!(prompt_command("16 kubectl apply (2024-11-20T09:15:03Z)"), None);
        assert_eq!(prompt_command("▸ kubectl -n permits get jobs"), Some("kubectl -n permits get jobs"));
        assert_eq!(prompt_command("• kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("▸ cronjob spec (from the yaml):"), None);
        assert_eq!(prompt_command("▸ psql on db-1, pg_stat_activity:"), None);
        assert_eq!(prompt_command("21:12  $ kubectl -n shop get hpa"), Some("kubectl -n shop get hpa"));
        assert_eq!(prompt_command("21:12:05 $ kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("21:12 kubectl rollout restart deploy/web"), None);
        assert_eq!(prompt_command("21:15  Grafana panel values"), None);
        // A virtualenv's or conda's environment name before the prompt.
        assert_eq!(prompt_command("(venv) ana@ws-3:~/train$ kubectl get pods -n ml"), Some("kubectl get pods -n ml"));
        assert_eq!(prompt_command("(base) $ kubectl top pod"), Some("kubectl top pod"));
        assert_eq!(prompt_command("(see below) the pods restarted"), None);
        assert_eq!(prompt_command("(venv) said $ 5 was charged"), None);
        // Powerline prompts: the command follows the last right-pointing separator.
        assert_eq!(prompt_command(" shop-prod \u{e0b0} ~/ops \u{e0b0} \u{e0a0} dev \u{e0b0} kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("~/ops \u{e0b0} \u{e0a0} dev \u{e0b0} ✘ 1 \u{e0b0} helm -n web history web"), Some("helm -n web history web"));
        assert_eq!(prompt_command("~/ops \u{e0b0} date"), Some("date"));
        assert_eq!(prompt_command("~/ops \u{e0b0} Error: no such file"), None);
        // The lower line of a two-line prompt; a tree's branch is none.
        assert_eq!(prompt_command("╰─❯ kubectl get jobs"), Some("kubectl get jobs"));
        assert_eq!(prompt_command("└─$ helm list -A"), Some("helm list -A"));
        assert_eq!(prompt_command("└── charts/web.yaml"), None);
        // A zsh theme's failed exit status between directory and prompt.
        assert_eq!(prompt_command("lea@jump-1 ~ [1] % kubectl -n web get svc"), Some("kubectl -n web get svc"));
        assert_eq!(prompt_command("lea@jump-1 ~ [1] the pods"), None);
        // A shell's trace.
        assert_eq!(prompt_command("+ kubectl -n web get pods"), Some("kubectl -n web get pods"));
        assert_eq!(prompt_command("++ helm history web"), Some("helm history web"));
        assert_eq!(prompt_command("+  replicas: 3"), None);
        assert_eq!(prompt_command("+ echo done  # later"), None);
        // Themes that show only the directory, and oh-my-zsh's default.
        assert_eq!(prompt_command("~ ❯ kubectl -n web get hpa"), Some("kubectl -n web get hpa"));
        assert_eq!(prompt_command("~/src/infra λ gcloud container clusters list"), Some("gcloud container clusters list"));
        assert_eq!(prompt_command("~/ops> kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("/srv/app $ docker compose ps"), Some("docker compose ps"));
        assert_eq!(prompt_command("/var/log/app.log $ 40 lost"), None);
        assert_eq!(prompt_command("/api/v1/orders > 2s"), None);
        assert_eq!(prompt_command("➜  ~ kubectl get nodes"), Some("kubectl get nodes"));
        assert_eq!(prompt_command("➜  ops git:(main) ✗ helm -n web history web"), Some("helm -n web history web"));
        assert_eq!(prompt_command("➜  deploy kubectl get pods"), Some("kubectl get pods"));
        assert_eq!(prompt_command("➜ kubectl get pods"), Some("kubectl get pods"));
    }

    #[test]
    fn a_two_line_prompt_s_upper_line_belongs_to_no_output() {
        let paste = "╭─ lea@jump-1 in ~/ops on ⎈ prod\n╰─❯ kubectl get jobs\nNAME    STATUS\nsync-1  Running\n╭─ lea@jump-1 in ~/ops on ⎈ prod\n╰─❯ \n";
        assert_eq!(
            shape(paste),
            [
                "note \"\" \"╭─ lea@jump-1 in ~/ops on ⎈ prod\"",
                "table \"$ kubectl get jobs\" \"NAME    STATUS\\nsync-1  Running\"",
                "note \"\" \"╭─ lea@jump-1 in ~/ops on ⎈ prod\"",
                "note \"\" \"╰─❯\"",
            ]
        );
    }

    #[test]
    fn jq_over_log_entries_prints_log_lines() {
        let entry = |day: u8| format!(r#"{{"timestamp":"2025-05-{day:02}T02:07:41Z","severity":"INFO","p":{{"rows":3}}}}"#);
        let paste = format!("$ gcloud logging read 'x' --format json | jq -c '.[] | {{timestamp, severity, p: .jsonPayload}}'\n{}\n{}\n", entry(13), entry(14));
        assert_eq!(segment(&paste)[0].kind.name(), "logs");
        // Objects that are not log records stay JSON.
        assert_eq!(segment("$ jq -c '.items[]' pods.json\n{\"name\":\"a\"}\n{\"name\":\"b\"}\n")[0].kind.name(), "json");
        let events = "$ kubectl get events -o json | jq -c '.items[] | {t: .lastTimestamp, type, reason, message}'\n{\"t\":\"2025-10-03T15:07:52Z\",\"type\":\"Warning\",\"reason\":\"Unhealthy\",\"message\":\"Readiness probe failed\"}\n";
        assert_eq!(segment(events)[0].kind.name(), "json");
    }

    #[test]
    fn log_lines_indented_under_a_timeline_note_are_a_block_of_their_own() {
        let paste = "TIMELINE\nApr 15, 2026 at 9:42 PM   Triggered through the API.\nApr 15, 2026 at 10:03 PM  Ana added a note:\n    worker logs, one failing job:\n    2026-04-15 21:36:02,117 WARNING flags: flag \"kiln-v3\" not found, returning default value False\n    2026-04-15 21:36:02,118 INFO  falling back to the legacy kiln\nApr 15, 2026 at 10:09 PM  Ana added a note:\n";
        let kinds: Vec<ArtifactKind> = segment(paste).iter().map(|a| a.kind).collect();
        assert!(kinds.contains(&ArtifactKind::Logs), "{kinds:?}");
        // A YAML mapping under its key stays whole.
        let yaml = "spec:\n  replicas: 3\n  template:\n    metadata:\n      labels:\n        app: kiln\n";
        assert_eq!(segment(yaml).len(), 1);
    }

    #[test]
    fn a_tickets_activity_rule_ends_the_output_quoted_above_it() {
        let paste = "$ kubectl -n loom logs job/weave-29378880 | tail -2\n2025-11-10T00:00:40Z INFO  run summary: rows_written=4212\n2025-11-10T00:00:40Z INFO  Status: SUCCESS\n\
-------------------------------------------------------------------------------------\n\
Ana Lopes                                           Work notes  2025-11-10 09:21:50\nCompared with the previous runs:\n";
        let artifacts = segment(paste);
        let logs = artifacts.iter().find(|a| a.kind == ArtifactKind::Logs).expect("the command's logs");
        assert!(!logs.span.text(paste).contains("Work notes"), "{:?}", logs.span.text(paste));
        // A rule inside a tool's output with no author and time under it stays.
        assert!(!activity_rule(&Lines::all("-------------------------------------\nTotal: 4\n").collect::<Vec<_>>(), 0));
    }

    #[test]
    fn headings_and_paths() {
        assert_eq!(heading("Artifact 2: Metrics¶", false), Some("Artifact 2: Metrics"));
        assert_eq!(heading("Artifact 4: Log Lines", false), Some("Artifact 4: Log Lines"));
        assert_eq!(heading("## Events", false), Some("Events"));
        assert_eq!(heading("Log Lines", true), Some("Log Lines"));
        assert_eq!(heading("Log Lines", false), None);
        assert_eq!(heading("NAME READY", true), None);
        assert_eq!(from_header("# From: k8s/overlays/prod/kustomization.yaml"), Some("k8s/overlays/prod/kustomization.yaml"));
        assert_eq!(from_header("==> app.log <=="), Some("app.log"));
        assert_eq!(from_header("- path: patches/resources.yaml"), None);
        assert_eq!(from_header("# deploy/cloudrun/menu-sync.stg.yaml"), Some("deploy/cloudrun/menu-sync.stg.yaml"));
        assert_eq!(from_header("# values.yaml"), None);
        assert_eq!(from_header("# see deploy/web.yaml"), None);
        assert_eq!(heading("== Grafana: hourly runs ==", false), Some("Grafana: hourly runs"));
        assert_eq!(heading("--- task log, try 1 ---", false), Some("task log, try 1"));
        assert_eq!(heading("---", true), None);
        assert_eq!(heading("--- !tag", true), None);
        assert_eq!(heading("-- a --", false), Some("a"));
        assert_eq!(heading("----- from the wiki -----", false), Some("from the wiki"));
        assert_eq!(heading("=== Events ===", false), Some("Events"));
        assert_eq!(heading("■ Trino で確認", false), Some("Trino で確認"));
        assert_eq!(heading("【障害メモ】件数がおかしい", false), Some("【障害メモ】件数がおかしい"));
        assert_eq!(heading("● web.service - Web", true), None);
        assert_eq!(heading("--- # second document", true), None);
        assert_eq!(heading("----     ------   ----", true), None);
    }

    #[test]
    fn a_rule_heading_naming_a_command_heads_its_output() {
        assert_eq!(prompt_command("--- stern -n shop web --since 2h (trimmed) ---"), Some("stern -n shop web --since 2h (trimmed)"));
        assert_eq!(prompt_command("--- git log (platform) ---"), None);
        let paste = "notes: it broke at noon\n--- stern -n shop web ---\nweb-7d9f8c6b5-x2k4q web 2025-03-06T11:43:12.502Z ERROR dial tcp 10.0.0.1:6379: i/o timeout\n--- from the wiki ---\n$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n--- git log ---\n9e41b0d7 2025-03-06 11:41:47 +0000 \"tighten policy\"\n";
        assert_eq!(
            shape(paste),
            [
                "note \"\" \"notes: it broke at noon\"",
                "logs \"$ stern -n shop web\" \"web-7d9f8c6b5-x2k4q web 2025-03-06T11:43:12.502Z ERROR dial tcp 10.0.0.1:6379: i/o timeout\"",
                "note \"from the wiki\" \"--- from the wiki ---\"",
                "table \"$ kubectl get pods\" \"NAME READY STATUS RESTARTS AGE\\nweb-1 1/1 Running 0 2d\"",
                "note \"git log\" \"--- git log ---\"",
                "unknown \"git log\" \"9e41b0d7 2025-03-06 11:41:47 +0000 \\\"tighten policy\\\"\"",
            ]
        );
    }

    #[test]
    fn a_markdown_heading_naming_a_command_heads_its_output() {
        assert_eq!(prompt_command("## kubectl describe pod web-1 -n shop   (Events only)"), Some("kubectl describe pod web-1 -n shop   (Events only)"));
        assert_eq!(prompt_command("## Events"), None);
        assert_eq!(prompt_command("## kubectl logs, then the events"), None);
        let paste = "## kubectl describe pod web-1 -n shop   (Events only)\nEvents:\n  Type     Reason     Age   From     Message\n  ----     ------     ----  ----     -------\n  Warning  Unhealthy  2m    kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500\n";
        assert_eq!(shape(paste).iter().map(|s| s.split(' ').next().unwrap_or("")).collect::<Vec<_>>(), ["describe"]);
    }

    #[test]
    fn a_dotnet_stack_trace_separator_is_no_title() {
        assert_eq!(heading("--- End of inner exception stack trace ---", true), None);
        assert_eq!(heading("--- End of stack trace from previous location ---", true), None);
        assert_eq!(heading("--- Logs ---", true), Some("Logs"));
    }

    #[test]
    fn a_command_between_rules_opens_a_command_region() {
        let paste = "--- kubectl -n search get pods ---\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n== Notes ==\nAll fine.\n";
        assert_eq!(
            shape(paste),
            [
                r#"table "$ kubectl -n search get pods" "NAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d""#,
                r#"note "Notes" "== Notes ==""#,
                r#"note "Notes" "All fine.""#,
            ]
        );
    }

    #[test]
    fn cuts_a_mixed_paste() {
        let paste = "Incident notes¶\nThe checkout page is slow, and nobody knows why.\n\n$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n\n# From: deploy/web.yaml\napiVersion: v1\nkind: ConfigMap\n\n---\nmetadata:\nname: web\n";
        assert_eq!(
            shape(paste),
            [
                r#"note "Incident notes" "Incident notes¶""#,
                r#"note "Incident notes" "The checkout page is slow, and nobody knows why.""#,
                r#"table "$ kubectl get pods -n shop" "NAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d""#,
                r#"yaml "deploy/web.yaml" "apiVersion: v1\nkind: ConfigMap\n\n---\nmetadata:\nname: web""#,
            ]
        );
    }

    #[test]
    fn jira_and_confluence_code_markup_fences_its_lines() {
        let paste = "h2. Description\nPulled this morning:\n{noformat}\n$ kubectl get pods -n tide\nNAME READY STATUS RESTARTS AGE\ngauge-1 1/1 Running 0 2d\n{noformat}\n{code:title=values.yaml|language=yaml}\nreplicas: 3\nimage: reg/gauge:2\n{code}\n";
        let kinds: Vec<String> = shape(paste).iter().map(|s| s.split(' ').take(2).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(kinds, ["note \"Description\"", "note \"Description\"", "note \"\"", "table \"$", "note \"\"", "note \"\"", "yaml \"Description\"", "note \"\""], "{:?}", shape(paste));
        assert_eq!(wiki_fence("{code:title=PromQL}"), Some(""));
        assert_eq!(wiki_fence("{code:json}"), Some("json"));
        assert_eq!(wiki_fence("{\"a\": 1}"), None);
        assert_eq!(wiki_fence("{codename}"), None);
    }

    #[test]
    fn a_block_of_another_kind_after_a_command_is_its_own_artifact() {
        let paste = "$ kubectl logs job/x\n2025-01-01T00:00:00Z INFO done\n\n# TYPE rows gauge\nrows{day=\"2025-01-01\"} 5\n";
        assert_eq!(
            shape(paste).iter().map(|s| s.split(' ').next().unwrap_or("")).collect::<Vec<_>>(),
            ["logs", "metrics"]
        );
    }

    #[test]
    fn a_stack_trace_after_a_blank_line_stays_with_its_log() {
        let paste = "2025-05-02T00:00:41Z ERROR 1 --- [main] c.x.Client : lookup failed\n\norg.x.ResourceAccessException: I/O error\n\tat org.x.Rest.execute(Rest.java:9)\n\t... 58 common frames omitted\nCaused by: java.io.IOException: boom\n\t... 3 more\n\n2025-05-02T00:00:42Z WARN 1 --- [main] c.x.Client : retry\n";
        assert_eq!(shape(paste).iter().map(|s| s.split(' ').next().unwrap_or("")).collect::<Vec<_>>(), ["logs"]);
    }

    #[test]
    fn a_paragraph_a_log_line_announces_stays_with_the_log() {
        // A start-up failure report: each heading ends in a colon, its paragraph follows a
        // blank line; prose after a line that announces nothing is still its own artifact.
        let paste = "$ kubectl logs api-0 --previous\nAPPLICATION FAILED TO START\n\nDescription:\n\nFailed to bind properties under 'app.db' to com.x.DbProps:\n\n    Property: app.db.url\n    Reason: must not be blank\n\nI think the new key name is the problem here.\n";
        assert_eq!(shape(paste).iter().map(|s| s.split(' ').next().unwrap_or("")).collect::<Vec<_>>(), ["logs", "note"]);
    }

    #[test]
    fn a_bare_word_inside_command_output_is_not_a_heading() {
        let paste = "$ kubectl describe configmap cfg\nName: cfg\nNamespace: shop\n\nData\n====\nKEY:\n----\nvalue\n";
        assert_eq!(segment(paste).len(), 1);
    }

    #[test]
    fn argocd_app_get_cut_to_its_resource_table_is_a_table() {
        let paste = "$ argocd app get web | sed -n '/RESOURCE/,$p'\nGROUP  KIND        NAMESPACE  NAME  STATUS  HEALTH   HOOK  MESSAGE\n       ConfigMap   shop       web   Synced                 configmap/web configured\n";
        assert_eq!(segment(paste)[0].kind, ArtifactKind::Table);
        let whole = "$ argocd app get web\nName:               argocd/web\nSync Status:        Synced\n";
        assert_eq!(segment(whole)[0].kind, ArtifactKind::Describe);
    }

    #[test]
    fn a_console_page_has_its_tab_separated_tables_cut_out() {
        let paste = "web-5d9f-x2k4q\nImage\treg.io/web:1.2\nEvents\nType\tReason\tAge\tFrom\tMessage\nWarning\tBackOff\t2m\tkubelet\tBack-off restarting\nRestart count\t12\n";
        let kinds: Vec<String> = segment(paste).iter().map(|a| format!("{} {:?}", a.kind.name(), a.body.text(paste))).collect();
        assert_eq!(kinds.len(), 3, "{kinds:#?}");
        assert_eq!(kinds[1], "table \"Events\\nType\\tReason\\tAge\\tFrom\\tMessage\\nWarning\\tBackOff\\t2m\\tkubelet\\tBack-off restarting\"");
    }

    #[test]
    fn spans_tile_the_paste() {
        let paste = "\n\n$ kubectl logs x\n2024-01-01T00:00:00Z INFO a\n\nWhat happened here, and why?\n\n";
        let artifacts = segment(paste);
        assert_eq!(artifacts[0].span.start, 0);
        assert_eq!(artifacts.last().unwrap().span.end as usize, paste.len());
        for pair in artifacts.windows(2) {
            assert_eq!(pair[0].span.end, pair[1].span.start);
        }
        assert_eq!(artifacts.iter().map(|a| a.kind.name()).collect::<Vec<_>>(), ["logs", "note"]);
    }
}

//! Content-kind detection: what a block of lines is when no command says so.
//!
//! Cheap per-line shape tests, voted over a block. Parsers do the real reading; this only
//! picks the parser. Shapes are tolerant of web copies: collapsed whitespace, lost
//! indentation, `¶` marks.

use crate::ascii::Set;
use crate::blank::Blank;
use crate::artifact::ArtifactKind;
use crate::lines::Line;
use crate::time::{clock, parse_log_time};

/// Most lines of a block that kind detection looks at: its first lines and a few from its
/// end. Pasted blocks are homogeneous; reading 30,000 log lines to learn they are logs would
/// make detection the slowest stage.
const SAMPLE_HEAD: usize = 48;
const SAMPLE_TAIL: usize = 16;

/// Decides the kind of a block of non-blank lines with no command to go by.
pub fn block_kind(lines: &[Line<'_>]) -> ArtifactKind {
    let sample: Vec<&Line<'_>> = if lines.len() > SAMPLE_HEAD + SAMPLE_TAIL {
        lines[..SAMPLE_HEAD].iter().chain(&lines[lines.len() - SAMPLE_TAIL..]).collect()
    } else {
        lines.iter().collect()
    };
    let lines: Vec<&str> = sample.iter().map(|l| l.text.trim_ws()).filter(|t| !t.is_empty()).collect();
    let Some(first) = lines.first() else { return ArtifactKind::Note };
    // `grep -n -A4 'name: x' *.yaml`: the files' own lines behind `path:12:` gutters. What
    // they are is what the lines say without the gutter (YAML read as YAML; other kinds read
    // their lines whole, so they stay what the text says with it).
    if crate::grep::Excerpt::of(lines.iter().copied()).is_some_and(|excerpt| excerpt_kind(&excerpt, &sample) == ArtifactKind::Yaml) {
        return ArtifactKind::Yaml;
    }
    let n = lines.len() as f64;
    let share = |test: fn(&str) -> bool| lines.iter().filter(|l| test(l)).count() as f64 / n;

    if opens_json(first) {
        if lines.iter().all(|l| l.starts_with('{')) && share(is_json_log_line) >= 0.6 {
            return ArtifactKind::Logs;
        }
        if !is_log_line(first) {
            return ArtifactKind::Json;
        }
    }
    if lines.iter().any(|l| is_tls_line(l)) {
        return ArtifactKind::Tls;
    }
    if is_diff(&sample) {
        return ArtifactKind::Diff;
    }
    let samples = share(|l| is_metric_sample(l) || is_metric_values_line(l) || range_series(l).is_some() || range_point(l).is_some());
    let comments = share(|l| l.starts_with('#'));
    // People label and remark on the samples they paste (`Prometheus (last 1h):`, `flat since
    // 09:30, nothing odd there.`): with most lines samples, those lines are comments.
    if samples > 0.0 && samples + comments >= 0.8 || samples >= 0.5 && samples + comments + share(is_annotation) >= 0.8 {
        return ArtifactKind::Metrics;
    }
    // Stack traces continue the log line above them (`at x.y(Z.java:1)`, `Caused by: …`).
    // A caption over the lines (`worker-7 logs:`) is not one of them; a label above one or
    // two log lines (`Spark driver log (run 1841):`) is no reason to read them as prose.
    if is_run_table_of_timed_rows(&lines) || is_pipe_run_table(&lines) || is_keyed_run_listing(&lines) {
        return ArtifactKind::Table;
    }
    if writer_column(&lines).is_some() {
        return ArtifactKind::Logs;
    }
    let captioned = lines.len() > 1 && is_annotation(first) && !is_log_line(first);
    let logs = if captioned { lines[1..].iter().filter(|l| is_log_line(l)).count() as f64 / (n - 1.0) } else { share(is_log_line) };
    if logs >= 0.6 || captioned && logs >= 0.5 || logs > 0.0 && logs + share(is_trace_line) >= 0.6 || share(is_ci_console_line) >= 0.4 {
        return ArtifactKind::Logs;
    }
    if is_run_table(&lines) {
        return ArtifactKind::Table;
    }
    if lines.len() >= 2 && is_table_header(first) {
        return ArtifactKind::Table;
    }
    // A console's table cut out of its page (`segment` does so) may keep its caption above
    // the header (`Events`, `Pods (6)`).
    if lines.len() >= 3 && tabbed_header(lines[1]).is_some() && !lines[0].contains('\t') {
        return ArtifactKind::Table;
    }
    if is_describe(&lines) || is_describe(after_preamble(&lines)) || crate::parse::describe::pane::is_pane(&lines) {
        return ArtifactKind::Describe;
    }
    // What `kubectl apply` printed, quoted without its command (a CI job's output, a chat
    // code block): every line `kind/name verb`.
    if share(|l| crate::parse::changes::change(l).is_some()) >= 0.8 {
        return ArtifactKind::Changes;
    }
    // A CI step's console that is mostly one command's output (after `kubectl apply`'s own
    // lines, which read better as changes).
    if opens_with_shell_trace(&lines) {
        return ArtifactKind::Logs;
    }
    // An e-mail's headers (`From:`, `Received:` and its folded lines) read like YAML keys.
    if is_mail_header(first) && lines.iter().filter(|l| is_mail_header(l)).count() >= 3 && share(is_mail_header) >= 0.5 {
        return ArtifactKind::Note;
    }
    let prose = share(is_prose);
    let yaml = share(is_yaml_line);
    if yaml >= 0.7 && prose < 0.3 && (lines.len() >= 2 || first.starts_with("apiVersion:") || first == &"---") {
        return ArtifactKind::Yaml;
    }
    // A trace's spans copied as text are no prose, but the note reader reads what their
    // message attributes say failed.
    if prose > 0.0 || share(is_wordy) >= 0.5 || share(is_chat_reactions) >= 0.5 || lines.iter().any(|l| crate::parse::note::span_message_at(l).is_some()) {
        return ArtifactKind::Note;
    }
    ArtifactKind::Unknown
}

/// A header line of an e-mail, as a mail client's "show original" or a forwarded message
/// shows it: `Return-Path: <…>`, `Message-ID: <…>`, `Sent: Monday, …`, `X-Mailer: …`.
fn is_mail_header(line: &str) -> bool {
    const NAMES: &[&str] = &[
        "Return-Path", "Received", "From", "To", "Cc", "Bcc", "Subject", "Date", "Sent", "Message-ID", "Message-Id", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Reply-To", "In-Reply-To", "References", "Thread-Topic", "Importance",
    ];
    let Some((name, _)) = line.split_once(": ") else { return false };
    NAMES.contains(&name) || name.starts_with("X-") && !name.contains(' ')
}

/// Whether a block is a diff found by its content: a diff's, hunk's, commit's or diff
/// tool's header (`diff --git`, `@@ -1,4 +1,5 @@`, `commit 5e2a91c`, `===== apps/Deployment
/// ns/web ======`, `ns, web, Deployment (apps) has changed:`) and most lines diff lines.
fn is_diff(sample: &[&Line<'_>]) -> bool {
    let headed = sample.iter().any(|l| crate::parse::diff::opens_diff(l.text));
    headed && sample.iter().filter(|l| !l.is_blank() && crate::parse::diff::is_diff_line(l.text)).count() * 10 >= sample.iter().filter(|l| !l.is_blank()).count() * 8
}

/// Whether a block continues a diff above it: every line a diff line (a commit's message
/// is indented, so it is one too).
pub fn continues_diff(block: &[Line<'_>]) -> bool {
    block.iter().all(|l| l.is_blank() || crate::parse::diff::is_diff_line(l.text))
}

/// The kind of a `grep -n` excerpt's lines with their gutters and `--` separators taken off.
/// The lines are read as [`block_kind`] tested them, without their indentation (PowerShell's
/// `Select-String -Context` indents each line, or marks a match with `> `); with no gutter
/// to take off there is nothing to read again.
fn excerpt_kind(excerpt: &crate::grep::Excerpt<'_>, lines: &[&Line<'_>]) -> ArtifactKind {
    let mut any = false;
    let stripped: Vec<Line<'_>> = lines
        .iter()
        .map(|l| l.trimmed())
        .filter(|l| !crate::grep::is_separator(l.text))
        .map(|l| match excerpt.gutter(l.text) {
            Some(g) => {
                any = true;
                Line { text: &l.text[g.width..], span: l.span.sub(g.width, l.text.len()) }
            }
            None => l,
        })
        .collect();
    if any { block_kind(&stripped) } else { ArtifactKind::Unknown }
}

/// Whether a line can open a JSON document: `{`, or `[` followed by what a JSON value starts
/// with. Bracketed log and chat prefixes open no array: `[Jenkins] job » main #318`, dmesg's
/// `[Sat Oct 19 02:11:04 2024]`, Airflow's `[2025-03-12, 02:00:14 UTC] {taskinstance.py}`,
/// `[#sre-escalations] …`.
pub(crate) fn opens_json(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else { return line.starts_with('{') };
    let rest = rest.trim_ws_start();
    match rest.bytes().next() {
        None | Some(b'{' | b'[' | b'"' | b']') => true,
        Some(b'-' | b'0'..=b'9') => rest.split([',', ']', ' ']).next().is_some_and(|n| crate::number::parse_f64(n).is_some()),
        _ => ["true", "false", "null"].iter().any(|k| rest.starts_with(k)),
    }
}

/// The kind a command's output has, when the command settles it.
/// Titles of the sections `nomad job status` and `nomad alloc status` print, each after a
/// blank line: more of the command's output, whatever shape the section's body has.
pub const NOMAD_SECTIONS: &[&str] = &[
    "Summary",
    "Placement Failure",
    "Allocations",
    "Previously Launched Jobs",
    "Recent Events",
    "Latest Deployment",
    "Deployed",
    "Children Job Summary",
    "Parameterized Job Summary",
    "Task Resources",
    "Allocation Addresses",
    "Task Events",
];

/// True when a block opens with a Nomad status section's title (`Placement Failure`,
/// `Recent Events:`).
/// The blocks `cf app` and `cf events` print after their `Showing …`/`Getting …` line: the
/// app's `name:` summary, the process's `type:` block with its instance table, the events
/// table under its `time  event  actor  description` header.
pub fn continues_cf_output(command: &crate::command::Command, block: &[Line<'_>]) -> bool {
    if command.program != "cf" {
        return false;
    }
    let Some(first) = block.first().map(|l| l.text.trim_ws()) else { return false };
    match command.positionals().first() {
        Some(&"app") => first.starts_with("name:") || first.starts_with("type:"),
        Some(&"events") => first.starts_with("time ") && first.contains(" event "),
        _ => false,
    }
}

pub fn opens_nomad_section(block: &[Line<'_>]) -> bool {
    block.first().is_some_and(|line| NOMAD_SECTIONS.contains(&line.text.trim_ws_end().trim_end_matches(':')))
}

/// Titles of the sections `fly status` and `fly machine status` print, each after a blank
/// line (`Machines` over the machine table, `Event Logs` over a machine's events).
pub const FLY_SECTIONS: &[&str] = &["App", "Machines", "Event Logs", "VM", "Checks", "Services", "Volumes", "Instances"];

/// True when a block opens with a Fly.io status section's title.
pub fn opens_fly_section(block: &[Line<'_>]) -> bool {
    block.first().is_some_and(|line| FLY_SECTIONS.contains(&line.text.trim_ws_end().trim_end_matches(':')))
}

/// True when a block after a blank line is still part of a description: a titled
/// sub-section (a bare name alone at the margin, no `Key:` colon, no spaces, over indented
/// lines, as `oc describe is` prints each tag of an ImageStream: `release` over its `tagged
/// from` line), or a block indented throughout (the tag's history under it). Prose and log
/// lines typed after a description start at the margin.
pub fn continues_description(block: &[Line<'_>]) -> bool {
    let Some((title, body)) = block.split_first() else { return false };
    let name = title.text.trim_ws_end();
    let titled = !body.is_empty() && title.indent() == 0 && !name.is_empty() && !name.contains([' ', '\t', ':']);
    (titled || title.indent() > 0) && body.iter().all(|line| line.is_blank() || line.indent() > 0)
}

pub fn command_kind(command: &crate::command::Command) -> Option<ArtifactKind> {
    // Whatever a pipeline fed it, `openssl x509`/`s_client` prints certificate details.
    let openssl = |stage: &[String]| stage.first().is_some_and(|p| p == "openssl") && stage.get(1).is_some_and(|v| v == "x509" || v == "s_client");
    if command.program == "openssl" && command.args.first().is_some_and(|v| v == "x509" || v == "s_client") || command.pipes.iter().any(|s| openssl(s)) {
        return Some(ArtifactKind::Tls);
    }
    if let Some(stage) = command.pipes.iter().rev().find(|s| s.first().is_some_and(|p| p == "jq" || p == "yq" || p == "column")) {
        return match stage[0].as_str() {
            // A string filter (`.items[] | "\(.a)\t\(.b)"`) prints columns as a template would.
            "jq" if command.output() == Some("json") && crate::parse::columns::jq_template(command).is_some() => Some(ArtifactKind::Columns),
            "jq" if stage.iter().any(|w| w == "-r" || w == "--raw-output") => None,
            "jq" => Some(ArtifactKind::Json),
            "yq" => Some(ArtifactKind::Yaml),
            _ => Some(ArtifactKind::Table),
        };
    }
    let output = command.output().unwrap_or("");
    let format = output.split(['=', '-']).next().unwrap_or("");
    let by_output = match format {
        "json" => Some(ArtifactKind::Json),
        "yaml" => Some(ArtifactKind::Yaml),
        "jsonpath" | "custom" | "go" | "template" => Some(ArtifactKind::Columns),
        "wide" => Some(ArtifactKind::Table),
        _ => None,
    };
    let verb = command.verb().unwrap_or("");
    // `kubectl get --raw <path>` prints what the API path serves (metrics, JSON), not a table.
    let raw = command.program == "kubectl" && command.args.iter().any(|a| a == "--raw" || a.starts_with("--raw="));
    match command.program.as_str() {
        "kubectl" if raw => command.args.iter().any(|a| a.contains("/metrics/") || a.ends_with("/metrics")).then_some(ArtifactKind::Metrics),
        "kubectl" => by_output.or(match verb {
            // `rollout status` prints progress lines ("… successfully rolled out"), not a table.
            "rollout" if command.positionals().get(1) == Some(&"status") => Some(ArtifactKind::Logs),
            "get" | "top" | "rollout" => Some(ArtifactKind::Table),
            "describe" => Some(ArtifactKind::Describe),
            "logs" => Some(ArtifactKind::Logs),
            "diff" => Some(ArtifactKind::Diff),
            "apply" | "create" | "replace" | "patch" | "delete" | "edit" | "label" | "annotate" | "scale" => Some(ArtifactKind::Changes),
            _ => None,
        }),
        "argocd" => by_output.or(match command.positionals().get(1).copied() {
            Some("get") => Some(ArtifactKind::Describe),
            Some("diff") => Some(ArtifactKind::Diff),
            Some("list" | "history" | "resources") => Some(ArtifactKind::Table),
            _ => None,
        }),
        "helm" => by_output.or(match verb {
            "history" | "list" | "ls" => Some(ArtifactKind::Table),
            "status" => Some(ArtifactKind::Describe),
            "get" => Some(ArtifactKind::Yaml),
            "diff" => Some(ArtifactKind::Diff),
            _ => None,
        }),
        // `nomad job status`, `nomad alloc status`: sections of `Key = value` lines and tables,
        // read as one artifact by `parse::nomad`.
        "nomad" => by_output.or(match command.args.get(1).map(String::as_str) {
            Some("status") => Some(ArtifactKind::Describe),
            _ => None,
        }),
        // `heroku ps`, `heroku logs`: read by `parse::heroku` and the log reader.
        "heroku" => by_output.or(match verb {
            "ps" => Some(ArtifactKind::Table),
            "logs" => Some(ArtifactKind::Logs),
            _ => None,
        }),
        "flux" => match verb {
            "get" => Some(ArtifactKind::Table),
            // `flux diff` prints one `► Kind/namespace/name drifted` line per object.
            "diff" => Some(ArtifactKind::Changes),
            "logs" => Some(ArtifactKind::Logs),
            _ => None,
        },
        // Argo Workflows: `argo logs` prints each step's lines, `argo list` a table of runs.
        "argo" => by_output.or(match verb {
            "logs" => Some(ArtifactKind::Logs),
            "list" => Some(ArtifactKind::Table),
            _ => None,
        }),
        "stern" | "journalctl" => Some(ArtifactKind::Logs),
        // Edge and front-end hosts' CLIs stream their functions' lines: `wrangler tail`,
        // `vercel logs`, `netlify logs:function`.
        "wrangler" if verb == "tail" => Some(ArtifactKind::Logs),
        "vercel" | "netlify" if verb.starts_with("logs") => Some(ArtifactKind::Logs),
        // `git log` prints hunks only with `-p`/`--patch`; `git show` of a commit always does.
        // `git show REV:PATH` prints the file itself.
        "git" if verb == "show" && command.positionals().iter().skip(1).any(|w| w.contains(':')) => {
            command.positionals().iter().skip(1).find_map(|w| w.split_once(':')).and_then(|(_, path)| path_kind(path))
        }
        "git" if matches!(verb, "diff" | "show" | "format-patch") || verb == "log" && command.args.iter().any(|a| a == "-p" || a == "--patch" || a.starts_with("-p") && a.len() > 2 && a[2..].bytes().all(|b| b.is_ascii_digit())) => {
            Some(ArtifactKind::Diff)
        }
        "diff" if command.args.iter().any(|a| a.starts_with('-') && a.contains('u')) => Some(ArtifactKind::Diff),
        "crane" | "regctl" if matches!(verb, "digest" | "manifest" | "config") || command.positionals().get(1) == Some(&"digest") => {
            Some(ArtifactKind::Registry)
        }
        "skopeo" if verb == "inspect" => Some(ArtifactKind::Registry),
        "docker" | "podman" if command.positionals().starts_with(&["buildx", "imagetools"]) || verb == "manifest" => {
            Some(ArtifactKind::Registry)
        }
        // `docker push x:tag` prints layer progress and `tag: digest: sha256:… size: N`;
        // `docker logs` a container's lines.
        // `docker service logs` the lines of a Swarm service's tasks.
        "docker" | "podman" if verb == "push" || verb == "logs" || command.positionals().starts_with(&["service", "logs"]) => Some(ArtifactKind::Logs),
        "kustomize" => Some(ArtifactKind::Yaml),
        "curl" | "wget" if command.args.iter().any(|a| a.contains("/metrics") || a.contains("/federate")) => {
            Some(ArtifactKind::Metrics)
        }
        "cat" | "less" | "head" | "tail" => command.args.iter().rev().find(|a| !a.starts_with('-')).and_then(|p| path_kind(p)),
        _ => by_output,
    }
}

/// The kind a file path's extension implies.
pub fn path_kind(path: &str) -> Option<ArtifactKind> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => Some(ArtifactKind::Yaml),
        "json" => Some(ArtifactKind::Json),
        "log" | "jsonl" => Some(ArtifactKind::Logs),
        "diff" | "patch" => Some(ArtifactKind::Diff),
        "prom" => Some(ArtifactKind::Metrics),
        _ => None,
    }
}

/// A line TLS tools print about a certificate's validity: openssl's `notAfter=…`,
/// `Not After : …`, `v:NotBefore: …`, `Verify return code: …`, curl's `expire date: …` and
/// `curl: (60) SSL certificate problem: …`.
pub fn is_tls_line(line: &str) -> bool {
    let t = line.trim_start_of(b"* ").as_bytes();
    let starts = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()));
    ["notafter=", "notbefore=", "not after :", "not before:", "expire date:", "v:notbefore:"].iter().any(|p| starts(p))
        || t.starts_with(b"Verify return code:")
        || t.starts_with(b"curl: (60)")
}

/// The series a range query's result names on its own line before its points, as
/// `promtool query range` prints a matrix: `name{labels} =>`.
pub fn range_series(line: &str) -> Option<&str> {
    let series = line.trim_ws_end().strip_suffix(" =>")?.trim_ws_end();
    let name_end = series.find('{').unwrap_or(series.len());
    let name = &series[..name_end];
    let named = !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':');
    (named && (name_end == series.len() || series.ends_with('}'))).then_some(series)
}

/// A point of a range query's result: `value @[unix seconds]` (`promtool`), or `value @seconds`
/// (Prometheus' console), as the value and the seconds.
pub fn range_point(line: &str) -> Option<(f64, f64)> {
    let (value, at) = line.trim_ws().split_once(" @")?;
    let at = at.strip_prefix('[').and_then(|a| a.strip_suffix(']')).unwrap_or(at);
    let seconds = crate::number::parse_f64(at).filter(|s| *s > 0.0)?;
    Some((crate::number::parse_f64(value.trim_ws())?, seconds))
}

/// `name{labels} value [timestamp]` — a Prometheus sample line, or a line of several
/// (see [`sample_pieces`]).
pub fn is_metric_sample(line: &str) -> bool {
    is_one_sample(line) || sample_pieces(line).is_some()
}

/// The samples of a line that holds several, `a{x="1"} 12 b{x="2"} 0` (a dashboard copied
/// from a web page that lost its line breaks), as (byte offset, text) pieces: split before
/// each metric name outside braces and quotes. None unless there are two or more and every
/// piece is a sample with labels, so a sample followed by a remark (`x 1 ms`) or a summary
/// (`Total 5 Failed 2`) is no such line.
pub fn sample_pieces(line: &str) -> Option<Vec<(usize, &str)>> {
    let b = line.as_bytes();
    // Every piece has labels, so two or more `{`: most lines leave here without allocating.
    if !b.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') || memchr::memchr_iter(b'{', b).nth(1).is_none() {
        return None;
    }
    let mut starts = vec![0];
    let (mut depth, mut quoted, mut escaped) = (0u32, false, false);
    for i in 0..b.len() {
        match b[i] {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' if depth > 0 => quoted = !quoted,
            b'{' if !quoted => depth += 1,
            b'}' if !quoted => depth = depth.saturating_sub(1),
            c if depth == 0 && !quoted && i > 0 && b[i - 1].is_ascii_whitespace() && (c.is_ascii_alphabetic() || c == b'_') => starts.push(i),
            _ => {}
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let pieces: Vec<(usize, &str)> = starts
        .iter()
        .zip(starts.iter().skip(1).copied().chain([b.len()]))
        .map(|(&from, to)| (from, line[from..to].trim_ws_end()))
        .collect();
    // Bare `name value` pieces are left alone: `Total 5 Failed 2` is a summary, not samples.
    let labelled = |piece: &str| piece.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':').starts_with('{');
    pieces.iter().all(|(_, piece)| labelled(piece) && is_one_sample(piece)).then_some(pieces)
}

/// `name{labels} value [timestamp]`, alone on its line.
fn is_one_sample(line: &str) -> bool {
    let Some(rest) = after_series(line) else { return false };
    let mut words = rest.words();
    let value_ok = words.next().is_some_and(is_sample_value);
    let ts_ok = words.next().is_none_or(|ts| ts.parse::<i64>().is_ok());
    value_ok && ts_ok && words.next().is_none()
}

/// `name{labels} v1 v2 v3 …`: one series and a row of three or more numbers, as people copy
/// a dashboard's daily values. No sample (a sample has one value and an optional
/// timestamp), but it belongs with the samples around it.
pub fn is_metric_values_line(line: &str) -> bool {
    after_series(line).is_some_and(is_values_row)
}

/// Three or more numbers and nothing else: what follows the series of such a line.
pub fn is_values_row(rest: &str) -> bool {
    let mut n = 0;
    rest.words().all(|w| {
        n += 1;
        is_sample_value(w)
    }) && n >= 3
}

/// What follows a metric name and its label set (`name{…}`), when the line starts with one
/// followed by whitespace.
fn after_series(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':') {
        i += 1;
    }
    // A name ending in `:` is a YAML key (`port: 8080`) or a chat reaction (`:eyes: 2`), not a
    // metric (recording rules are `level:metric:op`).
    if i == 0 || b[0].is_ascii_digit() || b[i - 1] == b':' {
        return None;
    }
    if b.get(i) == Some(&b'{') {
        let mut quoted = false;
        let mut escaped = false;
        i += 1;
        while i < b.len() {
            match b[i] {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => quoted = !quoted,
                b'}' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        i += 1;
    }
    let rest = &line[i..];
    rest.starts_with_of(b" \t").then_some(rest)
}

fn is_sample_value(word: &str) -> bool {
    // Thousands separators are rare: only then is the word copied without them.
    let parses = |w: &str| crate::number::parse_f64(w).is_some();
    matches!(word, "NaN" | "+Inf" | "-Inf" | "Inf") || if word.contains(',') { parses(&word.replace(',', "")) } else { parses(word) }
}

/// A line that starts like a log record: a timestamp (bare or bracketed, ISO or as logging
/// frameworks print it), a time of day before a message (`09:14:02  Running with dbt=1.7.4`),
/// a klog header, a syslog date, a level word, or logfmt with a level/msg key.
pub fn is_log_line(line: &str) -> bool {
    // `grep -n` over one log file: the line number before each record.
    if let Some(record) = line.as_bytes().first().filter(|b| b.is_ascii_digit()).and_then(|_| crate::grep::numbered_line(line)) {
        return is_log_line(record);
    }
    let t = line.trim_start_of(b"[(");
    if parse_log_time(t).is_some() || is_clock_line(t) {
        return true;
    }
    if writer_prefix(line).is_some_and(|(_, rest)| parse_log_time(rest).is_some()) {
        return true;
    }
    if is_klog_header(t) || is_syslog_date(t) || is_json_log_line(line) || is_dmesg_line(line) || access_log_line(line).is_some() {
        return true;
    }
    let first = t.split([' ', ']', ':']).next().unwrap_or("");
    if matches!(first, "INFO" | "WARN" | "WARNING" | "ERROR" | "DEBUG" | "TRACE" | "FATAL" | "CRITICAL" | "PANIC") {
        return true;
    }
    // A Kibana Discover row: `Mar 19, 2026 @ 17:02:14.118 …`.
    if t.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && crate::time::kibana_prefix(t).is_some() {
        return true;
    }
    // logfmt: every key below needs an `=`, so lines without one skip the five searches.
    line.contains('=')
        && (line.contains("level=") || line.contains("lvl="))
        && (line.contains("msg=") || line.contains("ts=") || line.contains("time="))
}

/// An HTTP access-log line (Common/Combined Log Format): `client ident user [time] "request"
/// status size …`, as the time it states and what follows the time.
///
/// Every log line is asked, so only its first three words are read before the answer is
/// known: client, identity and user (`-` when unknown), then the bracket.
pub fn access_log_line(line: &str) -> Option<(crate::time::Timestamp, &str)> {
    let third_space = line.bytes().enumerate().filter(|(_, b)| *b == b' ').nth(2)?.0;
    let inside = line[third_space + 1..].strip_prefix('[')?;
    let close = inside.find(']')?;
    let time = crate::time::access_log_time(&inside[..close])?;
    let rest = inside[close + 1..].trim_ws_start();
    rest.starts_with('"').then_some((time, rest))
}

/// `[playout-scheduler] rest`: a writer's name in brackets before a log record, as log
/// shippers and `docker compose logs`-style tools prefix lines; Ray's `(name pid=…, ip=…)`. The name is one word of
/// name characters; `[2025-…]` and `[WARN]` are read elsewhere.
pub fn writer_prefix(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = match line.as_bytes().first()? {
        b'[' => line[1..].split_once("] ")?,
        // Ray's `(task pid=4821, ip=10.0.0.7) …`: the task, actor or daemon, then where it
        // ran as `key=value`s.
        b'(' => {
            let (inside, rest) = line[1..].split_once(") ")?;
            let (name, place) = inside.split_once([' ', ',']).unwrap_or((inside, ""));
            if !place.is_empty() && !place.contains('=') {
                return None;
            }
            (name, rest)
        }
        _ => return None,
    };
    let named = !name.is_empty() && name.len() <= 100 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./:".contains(&b)) && name.bytes().any(|b| b.is_ascii_alphabetic());
    named.then_some((name, rest.trim_ws_start()))
}

/// A line of a CI job's console, which carries no timestamps: Jenkins' `[Pipeline] stage`,
/// shell trace `+ docker push …`, BuildKit's `#22 pushing manifest …`, the classic builder's
/// `Step 3/9 : RUN …`, `##[group]` markers, `Finished: SUCCESS`.
pub fn is_ci_console_line(line: &str) -> bool {
    let t = line.trim_ws_start();
    let buildkit_step = t.strip_prefix('#').is_some_and(|rest| {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest.as_bytes().get(digits) == Some(&b' ')
    });
    buildkit_step
        || t.starts_with("[Pipeline] ")
        || t.starts_with("+ ") && t.len() > 2
        || t.starts_with("##[")
        || t.starts_with("Step ") && t.words().nth(1).is_some_and(|n| n.contains('/') && n.split('/').all(|p| p.parse::<u32>().is_ok()))
        || t.starts_with("Finished: ")
        || is_docker_push_line(t)
}

/// What `docker build` and `docker push` print without a timestamp: `Successfully built
/// 3be1f0d92c11`, `The push refers to repository [reg/x]`, `main: digest: sha256:… size: N`.
fn is_docker_push_line(t: &str) -> bool {
    t.starts_with("Successfully built ")
        || t.starts_with("Successfully tagged ")
        || t.starts_with("The push refers to repository [")
        || t.split_once(": digest: sha256:").is_some_and(|(tag, _)| !tag.is_empty() && !tag.contains(' '))
}

/// How a CI job's console, copied from its web page or `gh run view --log`, puts the name
/// of the step or job that wrote each line before it. The lines after the name are the
/// console's own (a BuildKit step, docker's push, a timestamped record), so they are read as
/// if the name were not there, written by the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterColumn {
    /// `build-and-push  | #19 pushing manifest …` (also compose's service prefix).
    Bar,
    /// `push-image<TAB>2026-04-22T13:15:51Z …`; `gh run view --log` puts the step's name in
    /// a second cell (`build<TAB>Push image<TAB>2026-… …`).
    Tab,
    /// `push   main: digest: sha256:…`: names padded so every line's text starts at this
    /// byte of the line.
    Aligned(usize),
}

impl WriterColumn {
    /// The writer's name and the line after it, when the line has the column.
    pub fn split(self, line: &str) -> Option<(&str, &str)> {
        let (name, rest) = match self {
            WriterColumn::Bar => {
                let (name, rest) = line.split_once(" |")?;
                (name.trim_ws_end(), rest.strip_prefix(' ').or_else(|| rest.is_empty().then_some(rest))?)
            }
            WriterColumn::Tab => {
                let (name, rest) = line.split_once('\t')?;
                // `gh run view --log`: the step's own cell, then the timestamped line.
                let timed = rest.split_once('\t').filter(|(_, after)| parse_log_time(after).is_some());
                (name.trim_ws_end(), timed.map_or(rest, |(_, after)| after))
            }
            WriterColumn::Aligned(at) => {
                let head = line.get(..at)?;
                let rest = &line[at..];
                if !head.ends_with(' ') || rest.starts_with(' ') || rest.is_empty() {
                    return None;
                }
                // `gh run view --log` with its tabs turned to spaces: the job, then the step's
                // title (`build-push  Push image   …`); the job writes the line.
                let head = head.trim_ws_end();
                match head.split_once("  ") {
                    Some((job, step)) if is_step_title(step.trim_ws_start()) => (job, rest),
                    _ => (head, rest),
                }
            }
        };
        is_step_name(name).then_some((name, rest))
    }
}

/// The task a Swarm writer name speaks for: `docker service logs` prefixes each line with
/// `<service>.<slot>.<task id>@<node>` (a global service's slot is the node's id), and the task
/// is `<service>.<slot>`, as `docker service ps` names it.
pub fn swarm_task(name: &str) -> Option<&str> {
    let (task, node) = name.split_once('@')?;
    let (slot, id) = task.rsplit_once('.')?;
    let (service, number) = slot.rsplit_once('.')?;
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric());
    let named = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    (word(id) && word(number) && named(service) && named(node)).then_some(slot)
}

/// A CI step's or job's name as consoles print it before its lines: one word of name
/// characters (`build`, `push-image`, `build-and-push`), not a log level; or a Swarm task's.
fn is_step_name(name: &str) -> bool {
    const LEVELS: [&str; 9] = ["INFO", "WARN", "WARNING", "ERROR", "DEBUG", "TRACE", "FATAL", "CRITICAL", "PANIC"];
    if name.len() <= 200 && swarm_task(name).is_some() {
        return true;
    }
    !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        && name.bytes().any(|b| b.is_ascii_alphabetic())
        && !LEVELS.iter().any(|level| level.eq_ignore_ascii_case(name))
}

/// A CI step's title as a job's console shows it beside the job's name: a few words of
/// letters (`Set up job`, `Push image`, `Run make deploy`), the first capitalised.
fn is_step_title(title: &str) -> bool {
    let mut words = title.split(' ');
    let capitalised = words.clone().next().is_some_and(|w| w.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
    capitalised && title.len() <= 60 && words.all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./@:".contains(&b)))
}

/// Whether a block is a CI console whose lines each carry their step's name first (see
/// [`WriterColumn`]): every line (after a heading ending in `:`) has the column, a few names
/// repeat down it, and what follows them reads as console lines or log records.
pub fn writer_column(lines: &[&str]) -> Option<WriterColumn> {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_ws_start()).filter(|l| !l.is_empty()).collect();
    // A heading over the console (`GitHub Actions, workflow "release" run #118:`, `---
    // release.yml run #1182`) has no column of its own.
    let body = match lines.split_first() {
        Some((first, rest)) if !first.contains_of(b"\t|") => rest,
        _ => &lines[..],
    };
    // `docker service logs`: every line names its Swarm task, however few lines or tasks.
    let swarm = |l: &&str| WriterColumn::Bar.split(l).is_some_and(|(name, _)| swarm_task(name).is_some());
    if !body.is_empty() && body.iter().all(swarm) {
        return Some(WriterColumn::Bar);
    }
    if body.len() < 3 {
        return None;
    }
    // Padded names: the text starts where the first line's does, after two spaces at least
    // on some line (a name and one space is how any sentence starts).
    let aligned = body[0].find(' ').and_then(|gap| body[0][gap..].find(|c| c != ' ').map(|n| gap + n));
    let padded = |at: usize| body.iter().any(|l| l.get(at - 2..at) == Some("  "));
    // A job's name and its step's title, each padded (`build-push  Push image   …`).
    let titled = aligned.and_then(|at| body[0][at..].find("  ").map(|gap| at + gap)).and_then(|gap| body[0][gap..].find(|c| c != ' ').map(|n| gap + n));
    let candidates = [
        Some(WriterColumn::Bar),
        Some(WriterColumn::Tab),
        aligned.filter(|at| padded(*at)).map(WriterColumn::Aligned),
        titled.filter(|at| padded(*at)).map(WriterColumn::Aligned),
    ];
    candidates.into_iter().flatten().find(|column| {
        let Some(split): Option<Vec<(&str, &str)>> = body.iter().map(|l| column.split(l)).collect() else { return false };
        let mut names: Vec<&str> = split.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        let console = split.iter().filter(|(_, rest)| is_log_line(rest) || is_ci_console_line(rest)).count();
        // A step's title beside each job name says console as plainly as a share of
        // console lines does: one such line is enough then.
        let needed = if matches!(column, WriterColumn::Aligned(at) if Some(*at) == titled) { split.len() } else { split.len() * 2 };
        names.len() * 2 <= split.len() && console > 0 && console * 5 >= needed
    })
}

/// Whether a CI step's console opens the block: a shell trace (`+ kubectl apply -k prod`)
/// first, or under one line that names the step, followed by what the command printed. One
/// command's long output leaves too few console lines for [`is_ci_console_line`]'s share.
fn opens_with_shell_trace(lines: &[&str]) -> bool {
    // A program name, then arguments of which one at least looks like a command's (a flag,
    // a path, an image, `k=v`), which a `+ ` bullet in prose seldom has.
    let traced = |line: &&&str| {
        let mut words = line.strip_prefix("+ ").unwrap_or("").words();
        let program = words.next().unwrap_or("");
        let argument = |w: &str| w.starts_with('-') || w.contains_of(b"/=:");
        !program.is_empty() && program.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)) && words.any(argument)
    };
    lines.len() >= 3 && lines.iter().take(2).any(|l| traced(&l))
}

/// A table of runs or days as people copy it from a scheduler's grid view or export it from
/// a dashboard: a header of column names (`run_date  state  rows_loaded`, `date,rows`), then
/// at least two rows that each start with a date, aligned by whitespace or separated by
/// commas. A label may come first (`Previous runs (from the grid view):`).
pub fn is_run_table(lines: &[&str]) -> bool {
    run_table_rows(lines).is_some() || is_pipe_run_table(lines) || is_keyed_run_listing(lines)
}

/// A run history written as one line per run, each a day and the run's counts as
/// `key=value` pairs, as people copy them out of task logs: an optional label, then two or
/// more lines like `run 2025-02-13  rows_read=9812306 rows_written=9811102` (one word may
/// lead the day). The day carries no time of day, which keeps log lines out.
pub fn is_keyed_run_listing(lines: &[&str]) -> bool {
    let start = usize::from(lines.first().is_some_and(|l| keyed_run_row(l).is_none() && (is_annotation(l) || l.trim_ws_end().ends_with(':'))));
    let rows = lines.get(start..).unwrap_or_default();
    rows.len() >= 2 && rows.iter().all(|l| keyed_run_row(l).is_some())
}

/// The day and the `key=value` pairs of a keyed run line ([`is_keyed_run_listing`]): every
/// value a number, or a state (`state=success`) under a state key.
pub fn keyed_run_row(line: &str) -> Option<(&str, Vec<(&str, &str)>)> {
    let words: Vec<&str> = line.words().collect();
    let at = words.iter().take(2).position(|w| w.len() == 10 && is_date_cell(w))?;
    if at == 1 && words[0].contains('=') {
        return None;
    }
    let pairs: Option<Vec<(&str, &str)>> = words[at + 1..]
        .iter()
        .map(|w| w.split_once('=').filter(|(k, v)| is_column_name(k) && !v.is_empty() && (is_sample_value(v) || v.chars().all(|c| c.is_ascii_alphabetic()))))
        .collect();
    let pairs = pairs.filter(|p| p.iter().any(|(_, v)| is_sample_value(v)))?;
    Some((words[at], pairs))
}

/// A pipe-separated table of runs or days, as psql, Trino, the Airflow CLI (`airflow dags
/// list-runs`) and Markdown print them: an optional label, a header of column names between
/// `|`, then rows of as many cells that hold a date in the same column throughout (the date
/// need not come first: `dag_id | run_id | state | start_date`). Rules (`---+---`, `|:--|`,
/// the CLI's `===+===`), elided rows (`...`) and a `(5 rows)` footer may stand among them.
/// The label may be a few lines: the query that printed the table, and a remark on it.
pub fn is_pipe_run_table(lines: &[&str]) -> bool {
    // A query typed at the client's prompt may run over many lines: only other label lines
    // count against the preamble's few.
    let preamble = lines.iter().take(MAX_TABLE_PREAMBLE + MAX_QUERY_LINES + 1).take_while(|l| is_table_preamble(l));
    let (start, labels) = preamble.fold((0, 0), |(n, labels), l| (n + 1, labels + usize::from(after_sql_prompt(l.trim_ws()).is_none())));
    if labels > MAX_TABLE_PREAMBLE || start > MAX_TABLE_PREAMBLE + MAX_QUERY_LINES {
        return false;
    }
    let mut lines = lines.get(start..).unwrap_or_default().iter().filter(|l| !is_pipe_filler(l));
    let Some(header) = lines.next().and_then(|l| pipe_header(l)) else { return false };
    let Some(rows) = lines.map(|l| pipe_cells(l).filter(|cells| cells.len() == header.len())).collect::<Option<Vec<_>>>() else { return false };
    rows.len() >= 2 && (0..header.len()).any(|column| rows.iter().all(|cells| is_date_cell(cells[column])))
}

/// The cells of a pipe-separated line, trimmed, without the empty cells outer bars make
/// (`| a | b |`); `None` for a line without a bar.
pub fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim_ws();
    if !t.contains('|') {
        return None;
    }
    // Jira's wiki tables double the bars of their header row: `||run||rows written||`.
    if let Some(inner) = t.strip_prefix("||") {
        return Some(inner.strip_suffix("||").unwrap_or(inner).split("||").map(str::trim).collect());
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    Some(t.split('|').map(str::trim).collect())
}

/// The column names of a pipe-separated header: two or more, each a name as a run table's
/// header writes it.
pub fn pipe_header(line: &str) -> Option<Vec<&str>> {
    pipe_cells(line).filter(|cells| cells.len() >= 2 && cells.iter().all(|c| is_column_name(c)))
}

/// A line between a pipe-separated table's rows that is no row: a rule (`-----+------`,
/// `|---|:--:|`), an elision (`...`, `…`) or the count psql prints under it (`(5 rows)`).
pub fn is_pipe_filler(line: &str) -> bool {
    let t = line.trim_ws();
    let rule = !t.is_empty() && t.contains_of(b"-=") && t.bytes().all(|c| matches!(c, b'-' | b'=' | b'+' | b'|' | b':' | b' ' | b'\t'));
    let elision = matches!(t.trim_matches('|').trim_ws(), "..." | "…");
    let count = t.strip_prefix('(').and_then(|t| t.strip_suffix(" rows)").or_else(|| t.strip_suffix(" row)"))).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    // SQL*Plus counts them under the table: `7 rows selected.`
    let selected = t.strip_suffix(" rows selected.").or_else(|| t.strip_suffix(" row selected.")).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    rule || elision || count || selected
}

/// A cell that is a date, or a date and time (its zone perhaps after a space), and nothing else.
fn is_date_cell(cell: &str) -> bool {
    crate::time::parse_date_cell(cell).is_some()
}

/// The header and dated rows of a run table: an optional label, the header, two or more rows
/// that start with a date, and at most one footer line under them (`ALL GREEN (7/7 runs
/// succeeded)`, `7 rows`).
fn run_table_rows<'l, 'a>(lines: &'l [&'a str]) -> Option<(&'a str, &'l [&'a str])> {
    // Over dated rows, any line ending in a colon labels them, however long: a dashboard's
    // breadcrumb (`Grafana "AMI" → panel "rows / day" → Inspect → Data (copied):`) too.
    let label = |l: &str| is_annotation(l) || l.trim_ws_end().ends_with(':') && !is_log_line(l);
    // A line right over a dated row is the header or caption itself, however wordy its
    // remark (`PromQL: rows_written{job="x"}  (pushgateway, last value per day)`).
    // A remark may sit over the SQL query that printed the rows (`Warehouse side:` then
    // `SELECT day, count(*) … ;`): both are label; other remarks take one line.
    let over_rows = |i: usize| lines.get(i + 1).is_some_and(|l| starts_with_date(l.trim_ws_start()));
    // A line over a header of column names over a row that starts with a date or a run's id
    // is the table's caption, whatever it says (`PIPELINE: rollup  (CronJob x, hourly)`).
    // Space-aligned only: a tab-separated caption is a console's toolbar copied with its
    // table (Grafana's Inspect pane), which is read as it was before.
    let dated_at = |i: usize| lines.get(i).is_some_and(|l| starts_with_date(l.trim_ws_start()) || l.words().next().and_then(crate::time::run_id_date).is_some());
    let untabbed = |i: usize| lines.get(i).is_some_and(|l| !l.contains('\t'));
    let caption = |i: usize| i == 0 && untabbed(0) && untabbed(1) && lines.get(1).is_some_and(|h| is_run_header(h) || aligned_columns(h).is_some()) && dated_at(2);
    let start = (0..MAX_TABLE_PREAMBLE.min(lines.len()))
        .take_while(|&i| (i == 0 && (label(lines[i]) || caption(i)) || is_sql_query(lines[i].trim_ws())) && !is_run_header(lines[i]) && !over_rows(i))
        .count();
    let (header, rows) = lines.get(start..)?.split_first()?;
    // SQL*Plus and other SQL clients rule the header off (`--------- ----------`).
    let rows = match rows.split_first() {
        Some((rule, rest)) if is_pipe_filler(rule) => rest,
        _ => rows,
    };
    let rows = match rows.split_last() {
        Some((last, dated)) if dated.len() >= 2 && !starts_with_date(last) => dated,
        _ => rows,
    };
    let numbered = header.words().next().is_some_and(|first| ROW_NUMBER_COLUMNS.iter().any(|n| first.eq_ignore_ascii_case(n)));
    let by_run = header.words().next().is_some_and(names_run);
    // An elided stretch (`…`, `...`) may stand between the rows.
    let dated = rows.iter().filter(|r| !is_pipe_filler(r)).count() >= 2
        && rows.iter().all(|r| {
            starts_with_date(r) || numbered && after_row_number(r).is_some_and(starts_with_date) || by_run && r.words().next().and_then(crate::time::run_id_date).is_some() || is_pipe_filler(r)
        });
    let header_fits = is_run_header(header)
        || series_caption(header).is_some() && rows.iter().all(|r| is_dated_value(r))
        || aligned_columns(header).is_some_and(|columns| rows.iter().all(|r| is_pipe_filler(r) || aligned_cells(&columns, r).is_some()));
    (dated && header_fits).then_some((*header, rows))
}

/// The metric a caption over a dated listing names: a query or series line that starts with
/// a metric name (`etl_rows_loaded_total increase[1d]{job="x"}`, `rows_loaded{table="t"}`),
/// whose rows are a date and one value each. The name has an underscore, so that a word of
/// prose is not taken for one.
///
/// A caption that ends in a colon may name the query anywhere in its words, as people
/// label a dashboard panel they copied (`grafana, panel "trips / day" (sum(trips_written)):`):
/// the metric is then the first name inside the query's parentheses, or else a metric name
/// quoted whole, as a panel or series is titled (`Grafana "rows_loaded_daily" (sum by day):`).
pub fn series_caption(line: &str) -> Option<&str> {
    // A query language's label may lead the query (`PromQL: rows_written{job="x"}`).
    let line = query_label(line).unwrap_or(line);
    leading_metric(line).or_else(|| {
        let caption = line.trim_ws_end().strip_suffix(':')?;
        let in_query = || caption.match_indices('(').find_map(|(at, _)| leading_metric(&caption[at + 1..]).filter(|_| caption[at + 1..].contains(')')));
        let quoted = || caption.split('"').skip(1).step_by(2).find(|quote| leading_metric(quote).is_some_and(|name| name.len() == quote.len()));
        in_query().or_else(quoted)
    })
}

/// The metric name a text starts with: letters, digits, `_` and `:`, with an underscore,
/// followed by nothing, a space, labels, a range or the end of a function's argument.
fn leading_metric(text: &str) -> Option<&str> {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(text.len());
    let name = &text[..end];
    let follows = text[end..].chars().next().is_none_or(|c| c.is_whitespace() || c == '{' || c == '[' || c == ')');
    (name.contains('_') && !name.starts_with(|c: char| c.is_ascii_digit()) && follows).then_some(name)
}

/// The text after a one-word label that leads a query (`PromQL: `, `query: `, `expr: `).
fn query_label(line: &str) -> Option<&str> {
    let (label, rest) = line.split_once(": ")?;
    (!label.is_empty() && label.bytes().all(|b| b.is_ascii_alphabetic())).then(|| rest.trim_ws_start())
}

/// `2024-03-14  4018933`: a date and one value.
fn is_dated_value(row: &str) -> bool {
    let mut cells = row.words();
    cells.next().is_some() && cells.next().is_some_and(is_sample_value) && cells.next().is_none()
}

/// A run table whose rows start with a date and a time, so that each would also pass for a
/// log line: rows of one width under a header of three or more words are cells, not messages;
/// so are rows of a date, a time and one number under a header of two names (a query's
/// `bin(1d)  ingested_readings`), since no log message is a bare number.
fn is_run_table_of_timed_rows(lines: &[&str]) -> bool {
    let Some((header, rows)) = run_table_rows(lines) else { return false };
    // The header says whether rows are CSV: the commas of `4,218,773` separate no cells.
    let csv = csv_separator(header);
    let width = |row: &str| if let Some(separator) = csv { row.split(separator as char).count() } else { row.words().count() };
    let timed_value = |row: &str| {
        let words: Vec<&str> = row.words().collect();
        words.len() == 3 && is_sample_value(words[2])
    };
    width(header) >= 3 && rows.iter().all(|r| width(r) == width(rows[0]))
        || csv.is_none() && width(header) == 2 && rows.iter().all(|r| timed_value(r))
        || aligned_columns(header).is_some_and(|columns| columns.len() >= 3 && rows.iter().all(|r| aligned_cells(&columns, r).is_some()))
}

/// The columns of a header aligned over its rows, as consoles print metric tables: names
/// set apart by two or more spaces (or tabs), each a column name that may hold single
/// spaces, units and slashes (`hour (UTC)`, `Duration p50 / p99 (ms)`), with the byte
/// offset each starts at. Only rows that line up with it ([`aligned_cells`]) make it one.
pub fn aligned_columns(header: &str) -> Option<Vec<(usize, &str)>> {
    let mut columns = Vec::new();
    let mut start = None;
    let bytes = header.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let gap = b == b'\t' || b == b' ' && (bytes.get(i + 1) == Some(&b' ') || i > 0 && bytes[i - 1] == b' ');
        match (gap, start) {
            (true, Some(from)) => {
                columns.push((from, &header[from..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(from) = start {
        columns.push((from, header[from..].trim_ws_end()));
    }
    (columns.len() >= 2 && columns.iter().all(|(_, name)| is_column_name(name))).then_some(columns)
}

/// A row's cells under [`aligned_columns`]: each column's start falls where a cell starts
/// (after a space, at a non-space), and no cell is empty. Cells may hold spaces (`3 310`,
/// `9 840 / 21 300`), which is why a row is cut at the header's offsets, not its words.
pub fn aligned_cells<'t>(columns: &[(usize, &str)], row: &'t str) -> Option<Vec<&'t str>> {
    let bytes = row.as_bytes();
    let mut cells = Vec::with_capacity(columns.len());
    for (i, (start, _)) in columns.iter().enumerate() {
        let end = columns.get(i + 1).map_or(row.len(), |(next, _)| *next);
        if *start >= row.len() || end > row.len() || !row.is_char_boundary(*start) || !row.is_char_boundary(end) {
            return None;
        }
        if *start > 0 && !bytes[start - 1].is_ascii_whitespace() || bytes[*start].is_ascii_whitespace() {
            return None;
        }
        let cell = row[*start..end].trim_ws();
        if cell.is_empty() {
            return None;
        }
        cells.push(cell);
    }
    Some(cells)
}

/// A header row of a run table: two or more column names (letters, digits, `_`, `-`, `.`,
/// `(…)`), the first not a date, split by whitespace or, when the line has commas, by commas
/// (each name may be quoted, as spreadsheets and dashboards export CSV).
pub fn is_run_header(line: &str) -> bool {
    let name = is_column_name;
    let mut n = 0;
    let all = if let Some(separator) = csv_separator(line) {
        split_separated(line, separator).into_iter().all(|w| {
            n += 1;
            name(w)
        })
    } else {
        line.words().all(|w| {
            n += 1;
            name(w)
        })
    };
    all && n >= 2
}

/// A CSV row's comma-separated pieces, commas inside double quotes kept in their piece.
pub fn split_csv(text: &str) -> Vec<&str> {
    split_separated(text, b',')
}

/// The separator of a delimited header: `;` when the line holds one (as spreadsheets export
/// CSV where the comma is the decimal mark: `Data;Linhas lidas;Duração (min)`), else `,`;
/// `None` for a line with neither.
pub fn csv_separator(line: &str) -> Option<u8> {
    let b = line.as_bytes();
    if memchr::memchr(b';', b).is_some() {
        Some(b';')
    } else {
        memchr::memchr(b',', b).map(|_| b',')
    }
}

/// The pieces of `text` between `separator`s outside double quotes (quotes kept).
pub fn split_separated(text: &str, separator: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.bytes().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            c if c == separator && !quoted => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// A column name in a run table's header: letters, digits, `_`, `-`, `.`, `(…)`, `%`, `/`, `*`
/// and spaces, starting with a letter, perhaps in CSV quotes.
fn is_column_name(w: &str) -> bool {
    let w = w.trim_ws().trim_matches('"');
    // A dashboard's CSV export names a column after its series: `rows_written{job=""etl""}`
    // (its quotes doubled inside the CSV quotes).
    if w.ends_with('}') && leading_metric(w).is_some_and(|metric| w[metric.len()..].starts_with('{')) {
        return true;
    }
    // An unaliased aggregate names its column after itself: `COUNT(*)`.
    // Names in other languages than English keep their letters (`Execução`, `m³ faturáveis`).
    w.starts_with(char::is_alphabetic) && w.chars().all(|c| c.is_alphanumeric() || "_-.()%/ *".contains(c))
}

/// A first column that names runs (`run_id`, `app.run_id`, `execution`, `build`): a
/// tracing or query tool's result grouped by run, each row dated by the date its run's
/// identifier carries ([`crate::time::run_id_date`]).
pub fn names_run(column: &str) -> bool {
    ["run", "execution", "build"].iter().any(|w| crate::ascii::find_ci(column, w).is_some())
}

/// A line whose first cell (up to whitespace or a comma, without a CSV quote) is a date, or
/// a date and time.
pub(crate) fn starts_with_date(line: &str) -> bool {
    // `Mar 9, 2026 …`: a US console's date is three words.
    if line.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        let third_space = memchr::memchr_iter(b' ', line.as_bytes()).nth(2).unwrap_or(line.len());
        if is_date_cell(&line[..third_space]) {
            return true;
        }
    }
    is_date_cell(line.split([' ', '\t', ',', ';']).next().unwrap_or("").trim_start_matches('"').trim_end_matches('"'))
}

/// Header words of the row number a query console prints first (BigQuery's `Row`, SQL
/// clients' `#`).
pub const ROW_NUMBER_COLUMNS: &[&str] = &["row", "#", "row_number", "rownum"];

/// A row after that number (`3 2025-09-16 5,104,876`).
fn after_row_number(line: &str) -> Option<&str> {
    let (number, rest) = line.split_once([' ', '\t'])?;
    (!number.is_empty() && number.len() <= 6 && number.bytes().all(|b| b.is_ascii_digit())).then(|| rest.trim_ws_start())
}

/// `HH:MM:SS message`: a time of day, whitespace, then text (dbt and many CLIs print their
/// progress so).
pub fn is_clock_line(line: &str) -> bool {
    clock(line.as_bytes()).is_some_and(|(_, _, len)| {
        let rest = &line[len..];
        rest.starts_with_of(b" \t") && rest.trim_ws_start().starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[')
    })
}

/// Whether a block is a stack trace on its own: an exception header, then frames. Loggers
/// print the trace of a record after it, and a blank line can come between them (Spring Boot
/// with some appenders, a copy that kept the log's blank lines); the trace belongs to the
/// log before it, not to a block of its own that nothing reads.
pub fn is_stack_trace(lines: &[&str]) -> bool {
    let Some(first) = lines.first() else { return false };
    lines.len() >= 2 && is_exception_header(first.trim_ws()) && lines.iter().all(|l| is_trace_line(l))
}

/// `javax.net.ssl.SSLException: …`: a qualified exception class and its message.
fn is_exception_header(t: &str) -> bool {
    t.split_once(": ").is_some_and(|(class, _)| {
        class.contains('.') && !class.contains(' ') && (class.ends_with("Exception") || class.ends_with("Error"))
    })
}

/// A stack-trace line under a log record: a JVM frame (`at com.x.Y.z(Y.java:42)`), `Caused
/// by: …`, `... 12 more` or `... 58 common frames omitted`, an exception header
/// (`javax.net.ssl.SSLException: …`), or a Python traceback line.
pub fn is_trace_line(line: &str) -> bool {
    let t = line.trim_ws();
    t.starts_with("at ") && t.ends_with(')')
        || t.starts_with("Caused by: ")
        || t.starts_with("...") && (t.ends_with("more") || t.ends_with("frames omitted"))
        || t.starts_with("File \"") && t.contains(", line ")
        || t.starts_with("Traceback (most recent call last)")
        || is_exception_header(t)
}

/// klog: `I1120 10:02:11.123456 …`.
pub fn is_klog_header(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() > 14
        && matches!(b[0], b'I' | b'W' | b'E' | b'F')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && b[6..8].iter().all(u8::is_ascii_digit)
        && b[8] == b':'
}

/// syslog: `Nov 20 10:02:11 …`.
pub fn is_syslog_date(t: &str) -> bool {
    let b = t.as_bytes();
    // A byte pattern, not `starts_with` per month: this runs on every line of a log.
    let month = matches!(&b[..b.len().min(3)], b"Jan" | b"Feb" | b"Mar" | b"Apr" | b"May" | b"Jun" | b"Jul" | b"Aug" | b"Sep" | b"Oct" | b"Nov" | b"Dec");
    if b.len() <= 15 || b[3] != b' ' || !month {
        return false;
    }
    // The day is one or two digits, space-padded or not: `Nov 20`, `Nov  5`, `Nov 5`.
    let rest = t[4..].trim_ws_start();
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&day_len)
        && rest.as_bytes().get(day_len) == Some(&b' ')
        && rest.words().nth(1).is_some_and(|clock| clock.len() >= 8 && clock.as_bytes()[2] == b':' && clock.as_bytes()[5] == b':')
}

/// A kernel ring-buffer line: `[12345.678901] …` (seconds since boot) or, from `dmesg -T`,
/// `[Tue May 14 09:31:47 2024] …`.
fn is_dmesg_line(line: &str) -> bool {
    let Some((stamp, _)) = line.strip_prefix('[').and_then(|rest| rest.split_once(']')) else { return false };
    let stamp = stamp.trim_ws();
    let uptime = stamp.split_once('.').is_some_and(|(s, f)| !s.is_empty() && !f.is_empty() && s.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit()));
    const WEEKDAYS: &[&str] = &["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "];
    uptime || WEEKDAYS.iter().any(|d| stamp.starts_with(d)) && is_syslog_date(&stamp[4..])
}

fn is_json_log_line(line: &str) -> bool {
    let t = line.trim_ws();
    t.starts_with('{')
        && t.ends_with('}')
        && ["\"level\"", "\"lvl\"", "\"msg\"", "\"message\"", "\"ts\"", "\"t\":", "\"time\"", "\"timestamp\"", "\"severity\"", "\"@timestamp\"", "\"severityText\"", "\"timeUnixNano\"", "\"body\"", "\"jsonPayload\"", "\"textPayload\""]
            .iter()
            .filter(|k| t.contains(*k))
            .count()
            >= 2
}

/// Words kubectl, helm, argocd and flux put in table headers.
const HEADER_WORDS: &[&str] = &[
    "NAME", "READY", "STATUS", "AGE", "RESTARTS", "REVISION", "CHANGE-CAUSE", "TYPE", "REASON", "OBJECT", "MESSAGE",
    "NAMESPACE", "COMPLETIONS", "DURATION", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST", "CLUSTER-IP", "EXTERNAL-IP",
    "PORT(S)", "ENDPOINTS", "DATA", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "ROLES", "VERSION",
    "UPDATED", "CHART", "APP", "DESCRIPTION", "DESIRED", "CURRENT", "AVAILABLE", "UP-TO-DATE", "IMAGES", "SELECTOR",
    "CONTAINERS", "NODE", "IP", "KIND", "SYNC", "HEALTH", "SOURCE", "SUSPENDED", "CPU(cores)", "MEMORY(bytes)", "ID",
    "DATE", "SECRET", "ISSUER", "CLASS", "HOSTS", "ADDRESS", "PORTS", "POD-SELECTOR", "GROUP", "REPO", "PATH",
    "TARGET", "PROJECT", "HOOK", "COUNT", "FIRST", "SEEN", "REVISIONS", "CREATED", "COMMAND", "IMAGE",
];

/// The column a cloud console's or desktop client's header cell means, in the words kubectl
/// prints it (`Restart count` → `RESTARTS`, `Pod IP` → `IP`); other cells as they are.
pub fn console_column(cell: &str) -> &str {
    const SAME: &[(&str, &str)] = &[
        ("Restart count", "RESTARTS"), ("Restarts", "RESTARTS"), ("Pod IP", "IP"), ("Pod IPs", "IP"), ("Last seen", "LAST SEEN"),
        ("First seen", "FIRST SEEN"), ("Sync status", "SYNC STATUS"), ("Health status", "HEALTH STATUS"), ("Pod name", "NAME"),
        ("Cluster IP", "CLUSTER-IP"), ("External IP", "EXTERNAL-IP"), ("Up to date", "UP-TO-DATE"), ("Last schedule", "LAST SCHEDULE"),
        ("Node selector", "NODE SELECTOR"), ("Object", "OBJECT"), ("Involved object", "OBJECT"), ("Pods", "READY"),
        // Rancher calls a pod's phase its state.
        ("State", "STATUS"),
    ];
    if let Some((_, column)) = SAME.iter().find(|(said, _)| said.eq_ignore_ascii_case(cell)) {
        return column;
    }
    // A column kubectl also prints, spelt in Title case (`Age`, `Status`, `Node`): as kubectl
    // spells it, so the row readers that match column names find it.
    HEADER_WORDS.iter().find(|word| word.eq_ignore_ascii_case(cell)).map_or(cell, |word| word)
}

/// The cells of a line a web page's table was copied as: cells separated by one tab each
/// (a console copies every cell so, with spaces kept inside cells), trimmed; the line itself
/// when it holds no tab.
pub fn tab_cells(line: &str) -> Vec<&str> {
    line.trim_ws().split('\t').map(str::trim).collect()
}

/// A header of a table copied from a web console (EKS/GKE/AKS, Lens, Rancher, Argo CD):
/// tab-separated Title-case cells that may hold spaces (`Restart count`, `Last seen`), two
/// of them columns kubectl also prints. Returns how many columns it has.
pub fn tabbed_header(line: &str) -> Option<usize> {
    // `memchr`, not `str::contains`: segmentation asks this of every line of a paste.
    if memchr::memchr(b'\t', line.as_bytes()).is_none() {
        return None;
    }
    let cells: Vec<&str> = tab_cells(line).into_iter().filter(|c| !c.is_empty()).collect();
    let is_name = |c: &&str| {
        c.starts_with(|ch: char| ch.is_ascii_uppercase())
            && c.words().count() <= 3
            && !c.contains("  ")
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || " -_()%/.".contains(ch))
    };
    let known = |c: &&str| {
        let column = console_column(c).to_ascii_uppercase();
        column.split(' ').all(|word| HEADER_WORDS.contains(&word))
    };
    (cells.len() >= 2 && cells.iter().all(is_name) && cells.iter().filter(|c| known(c)).count() >= 2).then_some(cells.len())
}

/// A header row: two or more upper-case words, at least one of them a known column name;
/// or a console's tab-separated header ([`tabbed_header`]).
pub fn is_table_header(line: &str) -> bool {
    if tabbed_header(line).is_some() {
        return true;
    }
    let words: Vec<&str> = line.words().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.chars().any(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-_()%/.".contains(c) || c == 'c' && w.starts_with("CPU(c"))
                || HEADER_WORDS.contains(w)
        })
        && words.iter().any(|w| HEADER_WORDS.contains(w))
}

/// `kubectl describe` and `argocd app get`: `Name:` first, then other Title-Case keys; or
/// the part of a pod's description people cut out for a container's state (`State:` or
/// `Last State:` first, and keys with spaces no YAML writer prints, such as `Exit Code:`).
fn is_describe(lines: &[&str]) -> bool {
    let keyed = lines.iter().filter(|l| describe_key(l).is_some()).count();
    let first = lines.first().and_then(|l| describe_key(l));
    let container_state = matches!(first, Some("State" | "Last State"))
        && lines.iter().any(|l| matches!(describe_key(l), Some("Last State" | "Exit Code" | "Restart Count")));
    (first == Some("Name") || container_state)
        && keyed * 2 >= lines.len().min(20)
        && (container_state
            || lines.iter().any(|l| {
                matches!(
                    describe_key(l),
                    Some("Namespace" | "Labels" | "Annotations" | "Events" | "Project" | "Sync Status" | "Containers" | "Selector" | "Status")
                )
            }))
}

/// The lines after what a chat message puts above pasted output: the author's byline
/// (`Omar B  10:08`) and a caption (`describe (trimmed):`), when the block starts with them.
fn after_preamble<'l, 'a>(lines: &'l [&'a str]) -> &'l [&'a str] {
    let byline = usize::from(lines.first().is_some_and(|l| is_chat_byline(l)));
    let caption = usize::from(lines.get(byline).is_some_and(|l| is_caption(l)));
    &lines[byline + caption..]
}

/// A chat message's byline as chat apps copy it: a short name, then the time it was sent
/// (`Omar B  10:08`, `Joanna K 9:41 AM`); a thread exported to Markdown sets the name in
/// bold (`**Felix Brandt** 15:46`).
pub fn is_chat_byline(line: &str) -> bool {
    let mut words: Vec<&str> = line.words().map(|w| w.trim_matches('*')).filter(|w| !w.is_empty()).collect();
    if words.last().is_some_and(|w| w.eq_ignore_ascii_case("AM") || w.eq_ignore_ascii_case("PM")) {
        words.pop();
    }
    let Some((time, name)) = words.split_last() else { return false };
    let clock = time.split_once(':').is_some_and(|(h, m)| {
        (1..=2).contains(&h.len()) && m.len() == 2 && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    });
    clock && (1..=3).contains(&name.len()) && name.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(char::is_alphabetic))
}

/// The key of a `Key: value` line whose key starts upper-case and may contain spaces.
pub fn describe_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim_ws();
    (key.starts_with(|c: char| c.is_ascii_uppercase())
        && key.len() <= 32
        && key.chars().all(|c| c.is_ascii_alphanumeric() || " -()/.".contains(c)))
    .then_some(key)
}

/// A YAML-shaped line: `key: value`, `key:`, `- item`, `---`, or a comment.
pub fn is_yaml_line(line: &str) -> bool {
    let t = line.trim_ws();
    if t == "---" || t == "..." || t.starts_with('#') || t == "-" {
        return true;
    }
    let t = t.strip_prefix("- ").unwrap_or(t);
    if let Some((key, _)) = t.split_once(':') {
        let key = key.trim_matches(|c| c == '"' || c == '\'');
        return !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c))
            && (t.len() == key.len() + 1 || t[key.len()..].starts_with(": ") || t.ends_with(':') || t.contains(": "));
    }
    line.trim_ws_start().starts_with("- ")
}

/// A sentence: several words and sentence punctuation, not a log or key-value record.
pub fn is_prose(line: &str) -> bool {
    // Cheapest test first: this runs on every sampled line of every block.
    let sentence = line.contains(". ")
        || line.contains("? ")
        || line.ends_with_of(b".?!")
        || line.contains(", ")
        || line.contains(" — ")
        || line.contains("'s ")
        || line.contains("n't ");
    sentence
        && line.words().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 5
        && !is_log_line(line)
        && !is_metric_sample(line)
}

/// Most lines above a pipe table's header read as its label.
const MAX_TABLE_PREAMBLE: usize = 3;

/// Most lines of a query typed at a SQL client's prompt above the table it printed.
const MAX_QUERY_LINES: usize = 12;

/// A line above a pipe table that says what it shows rather than being part of it: a
/// sentence or caption, the SQL query that printed it (`select dt, count(*) from t …;`), or
/// an SQL comment (`-- warehouse, ran just now`).
pub fn is_table_preamble(line: &str) -> bool {
    let t = line.trim_ws();
    // A query typed at a SQL client's prompt, with its continuation lines (`shop=> select …`,
    // `shop->   from …`, `mysql> select …`, `    -> group by 1;`).
    if let Some(query) = after_sql_prompt(t) {
        return !query.contains('|');
    }
    !t.contains('|') && (is_annotation(t) || t.starts_with("--") && !t.starts_with("---") || is_sql_query(t) || is_sql_client_banner(t))
}

/// The line a SQL client prints when it connects (`psql (16.4)`, `psql (16.4, server 15.8)`),
/// perhaps with a remark after it.
fn is_sql_client_banner(line: &str) -> bool {
    line.strip_prefix("psql (").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// The text after a SQL client's prompt: psql's `db=>`, `db=#` and their continuations
/// `db->`, `db-#`, or `mysql>`, `sqlite>` and their ` ->` continuation, or SQL*Plus's `SQL>`.
fn after_sql_prompt(line: &str) -> Option<&str> {
    let (first, rest) = line.split_once(' ').unwrap_or((line, ""));
    let psql = first.len() > 2
        && ["=>", "=#", "->", "-#"].iter().any(|end| first.ends_with(end))
        && first[..first.len() - 2].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (psql || matches!(first, "mysql>" | "sqlite>" | "->" | "SQL>")).then(|| rest.trim_ws())
}

/// A line that starts an SQL query: `SELECT` or `WITH` with a `FROM` on the line.
fn is_sql_query(line: &str) -> bool {
    let mut words = line.words();
    let opens = words.next().is_some_and(|w| w.eq_ignore_ascii_case("select") || w.eq_ignore_ascii_case("with"));
    opens && words.any(|w| w.eq_ignore_ascii_case("from"))
}

/// A line people write around pasted data: a sentence, or a caption.
pub fn is_annotation(line: &str) -> bool {
    is_caption(line) || is_prose(line)
}

/// A short label ending in a colon over the lines it introduces (`Prometheus (last 1h):`,
/// `worker-7 logs:`).
pub fn is_caption(line: &str) -> bool {
    let label = line.trim_end_matches('¶').trim_ws_end();
    label.ends_with(':')
        && !label.contains_of(b"{=")
        && label.words().count() <= 8
        && label.chars().any(char::is_alphabetic)
        && !is_log_line(label)
}

/// Reactions under a chat message copied with it: `:eyes: 2`, `:white_check_mark: 3 :+1: 1`.
fn is_chat_reactions(line: &str) -> bool {
    let reaction = |w: &str| w.len() > 2 && w.starts_with(':') && w.ends_with(':') && w[1..w.len() - 1].bytes().all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b));
    let mut words = line.words();
    words.next().is_some_and(reaction) && words.all(|w| reaction(w) || w.bytes().all(|b| b.is_ascii_digit()))
}

fn is_wordy(line: &str) -> bool {
    let words = line.words().collect::<Vec<_>>();
    let alphabetic = words.iter().filter(|w| w.chars().all(|c| c.is_alphabetic() || ",.:;!?'’()-".contains(c))).count();
    words.len() >= 2 && alphabetic * 3 >= words.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Lines;

    fn kind(text: &str) -> &'static str {
        block_kind(&Lines::all(text).collect::<Vec<_>>()).name()
    }

    #[test]
    fn an_indented_grep_excerpt_is_read_without_its_indentation() {
        // Indented gutters once sent detection round in circles (the gutter test trimmed the
        // lines, the re-read did not).
        assert_eq!(kind("  deploy/api.yaml:2:kind: ConfigMap\n  deploy/api.yaml:3:metadata:\n  deploy/api.yaml:4:  name: api\n"), "yaml");
        assert_ne!(kind("  notes.txt:2:kind: ConfigMap\n  notes.txt:3:it was fine\n"), "yaml");
    }

    #[test]
    fn a_ci_console_with_its_steps_names_in_a_column_is_a_log() {
        let aligned = "GitHub Actions, workflow \"release\" run #118 (main, 2026-03-18 16:02 UTC):\n  build  Step 7/7 : LABEL rev=c47b2f3\n  build  Successfully built 3be1f0d92c11\n  push   The push refers to repository [reg.io/team/api]\n  push   main: digest: sha256:e6c2 size: 1787\n  push   3.9.0: digest: sha256:e6c2 size: 1787\n  deploy Triggering a sync ...\n";
        assert_eq!(kind(aligned), "logs");
        assert_eq!(writer_column(&aligned.lines().collect::<Vec<_>>()), Some(WriterColumn::Aligned(7)));
        assert_eq!(WriterColumn::Aligned(7).split("push   main: digest: x"), Some(("push", "main: digest: x")));
        let barred = "--- release.yml run #1182\nbuild-and-push  | #19 exporting to image\nbuild-and-push  | #19 pushing manifest for reg.io/x:release@sha256:c3f7 0.6s done\ndeploy          | Run argocd app sync shop\ndeploy          | Phase:              Succeeded\n";
        assert_eq!(kind(barred), "logs");
        let tabbed = "push-image\t2026-04-22T13:15:51.03Z #14 pushing manifest\npush-image\t2026-04-22T13:15:51.44Z #14 DONE 3.8s\npush-image\t2026-04-22T13:15:51.50Z digest: sha256:7e74 size: 2417\n";
        assert_eq!(kind(tabbed), "logs");
        assert_eq!(WriterColumn::Tab.split("build\tPush image\t2026-04-22T13:15:51Z done"), Some(("build", "2026-04-22T13:15:51Z done")));
        // Sentences that start with the same word, or kubectl's event rows, are no console.
        assert_eq!(writer_column(&["We  restarted the pods", "We  checked the logs", "We  rolled back"]), None);
        assert_eq!(writer_column(&["Normal   Scheduled  2m  default-scheduler  Successfully assigned shop/web-1", "Normal   Pulled     2m  kubelet  Container image already present", "Warning  BackOff    1m  kubelet  Back-off restarting"]), None);
    }

    #[test]
    fn a_query_over_its_pipe_table_is_its_label() {
        // The query that printed the table, and a remark, stand above psql's header.
        let psql = "-- warehouse, ran by me just now\nSELECT dt, count(*) AS rows FROM t GROUP BY dt;\n     dt     |  rows\n------------+--------\n 2026-11-28 | 1608114\n 2026-12-01 |  409884\n(2 rows)\n";
        assert_eq!(kind(psql), "table");
        let mail = "Return-Path: <ana@tide.example>\nReceived: from mx1.tide.example (mx1.tide.example [10.0.0.5])\n\tby mail.tide.example with ESMTPS id 1A2B\nFrom: Ana <ana@tide.example>\nTo: SRE <sre@tide.example>\nSubject: FW: gauge rollout stuck\nContent-Transfer-Encoding: quoted-printable\n";
        assert_eq!(kind(mail), "note");
        // A query over several prompt lines under the client's banner.
        let session = "psql (16.4) -- connected to meta@pg-1\nmeta=> SELECT start_time::date AS run, step, write_count\nmeta->   FROM steps\nmeta->  WHERE step = 'load'\nmeta->  ORDER BY 1 DESC;\n    run     | step | write_count\n------------+------+------------\n 2026-03-11 | load |        3912\n 2026-03-10 | load |      402117\n(2 rows)\n";
        assert_eq!(kind(session), "table");
        // An unaliased aggregate is the column's name; `===+===` rules as the Airflow CLI prints.
        assert_eq!(kind("select d, count(*) from t group by 1;\nD | COUNT(*)\n--+---------\n2025-02-22 | 131,447\n2025-02-26 |   1,208\n"), "table");
        assert_eq!(kind("dag_id | state | start_date\n=======+=======+===========\nd | success | 2025-03-01T02:00:04+00:00\nd | success | 2025-03-02T02:00:04+00:00\n"), "table");
        // A block of prose that happens to end in a table is still read as one, but not four lines of it.
        // The same above a whitespace-aligned result, as a warehouse console prints it.
        assert_eq!(kind("Warehouse side (ran it myself):\nSELECT d, COUNT(*) AS n FROM t GROUP BY d;\nd           n\n2025-06-15  2207338\n2025-06-16  96412\n2025-06-17  96412\n"), "table");
        assert!(!is_pipe_run_table(&["This is prose, a lot of it.", "More prose, like this.", "Yet more, and more.", "Fourth line, still prose.", "d | n", "2025-01-01 | 1", "2025-01-02 | 2"]));
    }

    #[test]
    fn detects_each_kind_from_content() {
        assert_eq!(kind("# HELP x_total X.\n# TYPE x_total counter\nx_total{a=\"b}\"} 3\n"), "metrics");
        assert_eq!(kind("[2024-11-20T10:02:11Z] svc | WARN flag missing\n2024-11-20T10:02:12Z INFO ok"), "logs");
        assert_eq!(kind("I1120 10:02:11.123456   1 main.go:12] started\n"), "logs");
        assert_eq!(
            kind("2026-03-16 08:12:40.118 ERROR c.a.Client - call failed\njavax.net.ssl.SSLHandshakeException: Received fatal alert\n\tat sun.security.ssl.Alert.create(Alert.java:131)\n\tat sun.security.ssl.Transport.fatal(Transport.java:365)\n"),
            "logs"
        );
        assert_eq!(kind("Nov  5 10:02:11 node-1 kubelet[812]: started\nNov 5 10:02:12.250 node-1 kubelet[812]: ok\n"), "logs");
        assert_eq!(kind("ts=2024-11-20T10:02:11Z level=info msg=\"ok\"\n"), "logs");
        assert_eq!(kind("10.8.3.21 - - [18/Mar/2025:09:41:07 +0000] \"HEAD /v2/app/manifests/v1 HTTP/1.1\" 404 96 \"\" \"containerd/v1.7.22\"\n"), "logs");
        assert_eq!(kind("{\"ts\":\"2024-11-20T10:02:11Z\",\"level\":\"info\",\"msg\":\"ok\"}"), "logs");
        // Collector envelopes: OpenTelemetry records, Google Cloud Logging entries.
        assert_eq!(kind("{\"timeUnixNano\":\"1732096931000000000\",\"severityText\":\"WARN\",\"body\":{\"stringValue\":\"x\"}}"), "logs");
        assert_eq!(kind("{\"severity\":\"INFO\",\"jsonPayload\":{\"event\":\"done\"}}"), "logs");
        assert_eq!(kind("{\"t\":\"2024-11-20T10:02:11Z\",\"lvl\":\"warn\",\"msg\":\"slow\"}"), "logs");
        assert_eq!(kind("{\n\"sync\": \"Synced\"\n}"), "json");
        assert_eq!(kind("NAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d"), "table");
        assert_eq!(kind("apiVersion: v1\nkind: ConfigMap\nmetadata:\nname: cfg\n"), "yaml");
        assert_eq!(kind("Name: web-1\nNamespace: prod\nStatus: Running\n"), "describe");
        assert_eq!(kind("You've just joined a team. There are no docs.\nDifficulty: L2 Estimated time: 25 min"), "note");
        assert_eq!(
            kind("- Reconstruct: What does this system do? What are its components?\n- Diagnose: What is broken, and why?"),
            "note"
        );
        assert_eq!(kind("%%%% ^^^^ ~~~~"), "unknown");
        assert_eq!(kind("subject=CN = api.example.net\nnotAfter=Jan 15 23:59:59 2025 GMT"), "tls");

        assert_eq!(kind(":eyes: 2\n:white_check_mark: 3 :+1: 1"), "note");
        // What `kubectl apply` printed, without its command.
        assert_eq!(kind("configmap/cart-settings configured\ndeployment.apps/cart configured\nservice/cart unchanged"), "changes");
    }

    #[test]
    fn samples_with_a_label_and_a_remark_are_metrics() {
        let block = "Prometheus (last 1h):\nqueue_depth{q=\"a\"} 12\nqueue_depth{q=\"b\"} 14\nRedis memory 31%, node CPU avg 22%, nothing odd there.";
        assert_eq!(kind(block), "metrics");
        assert!(is_annotation("Metrics:") && is_annotation("Prometheus (5m rates):¶"));
        assert!(!is_annotation("spec: {}") && !is_annotation("up 1"));
        assert!(is_log_line("[playout-scheduler] 2025-07-09 14:03:17,882 ERROR CatalogClient - GET failed"));
        assert!(!is_log_line("[x] a note about 2025-07-09") && writer_prefix("[2025] x").is_none());
        // One sample among remarks is a note that quotes a number.
        assert_eq!(kind("We looked at the dashboard, it was fine.\nThen it wasn't, and we paged.\nqueue_depth 12"), "note");
        assert!(!is_metric_sample(":eyes: 2") && !is_metric_sample("port: 8080") && is_metric_sample("job:http_requests:rate5m 2"));
    }

    #[test]
    fn kernel_ring_buffer_lines_are_logs() {
        assert_eq!(kind("[Tue May 14 09:31:47 2024] Memory cgroup out of memory: Killed process 88231 (chrome)\n[Tue May 14 09:31:47 2024] oom_reaper: reaped process 88231 (chrome)"), "logs");
        assert_eq!(kind("[ 8812.104231] Memory cgroup out of memory: Killed process 4411 (java)\n[ 8812.110702] oom_reaper: reaped process 4411 (java)"), "logs");
        assert!(!is_dmesg_line("[1.2.3] release notes") && !is_dmesg_line("[Jenkins] build #12"));
    }

    #[test]
    fn ci_consoles_are_logs() {
        let jenkins = "[Pipeline] stage (Build image)\n+ docker buildx build -t reg.io/a/b:main --push .\n#22 exporting to image\n#22 pushing manifest for reg.io/a/b:main@sha256:9be47d03 1.2s done\n[Pipeline] echo\nBuilt b 1.4.2 from commit f83b20c4\nFinished: SUCCESS";
        assert_eq!(kind(jenkins), "logs");
        assert!(is_ci_console_line("Step 3/9 : RUN make") && !is_ci_console_line("Step one: look at the logs"));
        assert!(!is_ci_console_line("# HELP up Whether the target is up.") && !is_ci_console_line("+"));
        // One traced command under the step's name, then its long output.
        let step = "Tekton » pipelinerun deploy-x » task apply\n+ kubectl apply -k overlays/prod\nconfigmap/env unchanged\nError from server (InternalError): error when applying patch:\nto:\nName: \"api\", Namespace: \"shop\"\nstep-apply exited with code 1";
        assert_eq!(kind(step), "logs");
        assert_ne!(kind("We tried a few things:\n+ more memory did nothing\nthen we rolled back."), "logs");
    }

    #[test]
    fn bracketed_prefixes_are_not_json_arrays() {
        assert_eq!(kind("[\n{\"name\": \"web\"}\n]"), "json");
        assert_eq!(kind("[1, 2, 3]"), "json");
        assert_eq!(kind("[ \"a\", \"b\" ]"), "json");
        assert_ne!(kind("[Jenkins] search-indexer » release/4.2 #318\nStarted by timer\nBuilding in workspace /var/lib/jenkins"), "json");
        assert_ne!(kind("[Sat Oct 19 02:11:04 2024] Memory cgroup out of memory: Killed process 29114 (java)\n[Sat Oct 19 02:11:04 2024] oom_reaper: reaped process 29114"), "json");
        assert_ne!(kind("[2025-03-12, 02:00:14 UTC] {taskinstance.py:1138} INFO - Marking task as SUCCESS"), "json");
        assert_ne!(kind("[#sre-escalations] dana: who ran helm upgrade on search?"), "json");
    }

    #[test]
    fn framework_log_lines_are_logs() {
        assert_eq!(kind("Task log:\n[2025-03-12, 02:00:14 UTC] {taskinstance.py:1157} INFO - Starting attempt 1 of 3\n[2025-03-12, 02:01:02 UTC] {taskinstance.py:1400} INFO - Marking task as SUCCESS."), "logs");
        assert_eq!(kind("25/01/27 01:00:09 INFO SparkContext: Running Spark version 3.4.1\n25/01/27 01:06:02 INFO ShutdownHookManager: Shutdown hook called"), "logs");
        assert_eq!(kind("01:20:14 Running with dbt=1.7.4\n01:20:44 Completed successfully\n01:20:44 Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3"), "logs");
        assert!(!is_log_line("2025-03-06   success  11m42s     438,912"));
        assert!(!is_clock_line("09:14") && !is_clock_line("09:14:02") && is_clock_line("09:14:02 [PASS in 2.1s]"));
    }

    #[test]
    fn run_tables_and_rows_of_values() {
        let grid = "Same task, previous runs (from the grid view, copied by hand):\nrun_date     state    duration   rows_loaded\n2025-03-06   success  11m42s     438,912\n2025-03-07   success  12m05s     451,330";
        assert_eq!(kind(grid), "table");
        assert_eq!(kind("date,rows_a,rows_b\n2025-01-23,598,442,41,207\n2025-01-26,415,388"), "table");
        // One dated row is a remark, not a table; nor are rows that do not start with a date.
        assert!(is_run_table(&["| day | rows |", "|---|---:|", "| 2025-03-06 | 12 |", "| 2025-03-07 | 13 |"]));
        assert!(is_run_table(&["Grafana \"AMI ingest\" dashboard → panel \"rows ingested / day\" → Inspect → Data (copied):", "Time\trows_read", "2024-12-05\t1 198 870", "2024-12-08\t48 117"]));
        assert!(is_run_table(&["job | state | started", "a | success | 2025-03-06 02:00", "a | failed | 2025-03-07 02:00", "(2 rows)"]));
        // A dashboard's caption over the header, and a stretch of runs elided between rows.
        assert!(is_run_table(&[
            "JOB: kiln-batch   (CronJob ceramics/kiln-batch, hourly)",
            "RUN           STARTED (UTC)        STATUS    ROWS OUT",
            "k-20260301-01 2026-03-01 01:00:04  SUCCESS   81,220",
            "…",
            "k-20260302-09 2026-03-02 09:00:04  SUCCESS   1,004",
            "k-20260302-10 2026-03-02 10:00:03  SUCCESS   1,004",
        ]));
        // Grafana's CSV download names each column after its series, commas and doubled
        // quotes inside the CSV quotes.
        assert!(is_run_table(&[r#""Time","rows_written{dag=""etl"",task=""load""}","input_files{dag=""etl""}""#, r#""2025-03-07 04:39:00","8451127","48""#, r#""2025-03-08 02:19:00","612304","1""#]));
        assert!(!is_run_header("Time,rows_written{dag"));
        // Pipes without a date column throughout, or rows of another width, list no runs.
        assert!(!is_run_table(&["name | state", "web | Running", "api | Running"]));
        assert!(!is_run_table(&["day | rows", "2025-03-06 | 12", "2025-03-07 | 13 | 4"]));
        assert!(!is_run_table(&["run_date state", "2025-03-06 success"]));
        assert!(!is_run_table(&["name value", "web 3", "api 4"]));
        // Rows that start with a date and time are cells when they are of one width; a footer
        // under them does not end the table.
        let timed = "Run start Job Status Rows written\n2025-03-04 00:00 ingest-1 Succeeded 4,218,773\n2025-03-04 01:00 ingest-2 Succeeded 41,880\n2025-03-04 02:00 ingest-3 Succeeded 41,880\nALL GREEN (2/2 runs succeeded)";
        assert_eq!(kind(timed), "table");
        assert_eq!(kind("Worker logs\n2025-03-04 00:00:01 INFO starting\n2025-03-04 00:00:02 INFO connected to db"), "logs");
        assert_eq!(kind("\"Time\",\"rows loaded\",\"files read\"\n\"2025-04-10 02:00:00\",\"4,071,229\",\"288\"\n\"2025-04-11 02:00:00\",\"41,662\",\"7\""), "table");
        // A metric caption over a date and a value per row.
        assert_eq!(kind("etl_rows_loaded_total increase[1d]{job=\"export\"}\n  2024-03-14  4018933\n  2024-03-15  4112"), "table");
        assert!(!is_run_table(&["etl_rows_loaded_total", "2024-03-14 4018933 12", "2024-03-15 4112 9"]));
        // A query language's label may lead the caption.
        assert_eq!(kind("PromQL: rows_written{job=\"export\"}  (pushgateway, last value per day)\n  2024-10-14  375,992\n  2024-10-15  1,517"), "table");
        // A date, a time and a number under two column names: a query's result by day.
        assert_eq!(kind("bin(1d)              ingested_readings\n2024-03-19 00:00     96,114\n2024-03-18 00:00     9,957,648"), "table");
        assert_eq!(kind("app logs\n2024-03-19 00:00 started\n2024-03-18 00:00 stopped"), "logs");
        // A range query's matrix as promtool prints it.
        assert_eq!(kind("rows_loaded{job=\"x\", region=\"north\"} =>\n3420118 @[1741154400]\n287114 @[1741240800]"), "metrics");
        assert!(range_point("0 @1740808800").is_some() && range_point("see @alice").is_none());
        assert!(range_series("if a => b").is_none());
        assert!(is_metric_values_line(r#"edi_events_loaded_total{carrier="ups"} 198204 204117 181002 190311 21004 20388"#));
        assert!(!is_metric_values_line("x 1 1700000000000") && !is_metric_sample("x 1 2 3"));
        assert_eq!(kind("statsd -> prometheus, last 7 days (daily max):\nloaded_total{c=\"a\"} 198204 204117 21004\nloaded_total{c=\"b\"} 187550 192881 19870"), "metrics");
    }

    #[test]
    fn raw_api_reads_are_not_tables() {
        let kind_of = |line: &str| crate::command::Command::parse(line).and_then(|c| command_kind(&c)).map(|k| k.name());
        assert_eq!(kind_of("kubectl get --raw /api/v1/nodes/n1/proxy/metrics/cadvisor"), Some("metrics"));
        assert_eq!(kind_of("kubectl get --raw /metrics"), Some("metrics"));
        assert_eq!(kind_of("kubectl get --raw /apis/metrics.k8s.io/v1beta1/pods"), None);
        assert_eq!(kind_of("kubectl get --raw=/healthz"), None);
        assert_eq!(kind_of("kubectl get pods -n shop"), Some("table"));
    }

    #[test]
    fn argo_workflows_commands() {
        let kind_of = |line: &str| crate::command::Command::parse(line).and_then(|c| command_kind(&c)).map(|k| k.name());
        assert_eq!(kind_of("argo logs ingest-1739262600 -n ops | tail -9"), Some("logs"));
        assert_eq!(kind_of("argo list -n ops --prefix ingest"), Some("table"));
        assert_eq!(kind_of("argo list -n ops -o json"), Some("json"));
    }

    #[test]
    fn a_container_state_cut_from_a_description_is_describe() {
        assert_eq!(kind("    State:          Running\n      Started:      Wed, 21 May 2025 02:21:40 +0100\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  23\n    Limits:\n      memory:  1536Mi\n"), "describe");
        assert_eq!(kind("state: Running\nreason: OOMKilled\nexitCode: 137\n"), "yaml");
    }

    #[test]
    fn a_panel_caption_names_its_metric_inside_the_query() {
        assert_eq!(series_caption("grafana, panel \"trips / day\" (sum(trips_written_total)):"), Some("trips_written_total"));
        assert_eq!(series_caption("rows_loaded{table=\"t\"}"), Some("rows_loaded"));
        // Prose with parentheses and no query names no metric.
        assert_eq!(series_caption("numbers from the dashboard (daily totals):"), None);
        // A panel titled by its metric, quoted whole; quoted prose names none.
        assert_eq!(series_caption("Grafana \"parcel_events_loaded_daily\" (sum by day):"), Some("parcel_events_loaded_daily"));
        assert_eq!(series_caption("Grafana \"late parcels\" (sum by day):"), None);
        assert_eq!(series_caption("Grafana \"events_loaded daily\":"), None);
        let quoted = "Grafana \"parcel_events_loaded_daily\" (sum by day):\n2026-09-11  1,224,175\n2026-09-12  1,290,544\n2026-09-14      9,418\n";
        assert_eq!(kind(quoted), "table");
        let block = "grafana, panel \"trips / day\" (sum(trips_written_total)):\n2025-06-30  49,871\n2025-07-01  51,240\n2025-07-03   2,117\n";
        assert_eq!(kind(block), "table");
    }

    #[test]
    fn a_description_under_a_chat_byline_and_caption_is_describe() {
        assert_eq!(kind("Omar B  10:08\ndescribe (trimmed):\nName: web-1\nNamespace: shop\nContainers:\n  api:\n    Last State: Terminated\n      Exit Code: 1\n"), "describe");
        assert!(is_chat_byline("Joanna K 9:41 AM"));
        assert!(!is_chat_byline("restarted at 10:08"));
        assert!(is_chat_byline("**Felix Brandt** 15:46"));
        assert!(!is_chat_byline("**restarted** 15:46"));
    }

    #[test]
    fn headers_are_upper_case_column_names() {
        assert!(is_table_header("REVISION CHANGE-CAUSE"));
        assert!(is_table_header("NAME                 READY   UP-TO-DATE   AVAILABLE   AGE"));
        assert!(!is_table_header("WARN Feature flag"));
        assert!(!is_table_header("NAME"));
    }
}

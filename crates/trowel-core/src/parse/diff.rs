//! Parser for `diff` artifacts: what changed, in the shapes ops people paste it.
//!
//! - unified diffs: `git diff`, `git show`, `git log -p` (with each commit's hash, author,
//!   date and message), a PR's diff, a chat's ```diff block, hunks without headers;
//! - `kubectl diff`: unified diffs of `/tmp/LIVE-…/apps.v1.Deployment.NS.NAME` against
//!   `/tmp/MERGED-…/…`;
//! - `argocd app diff`: `===== apps/Deployment NS/NAME ======` and normal-diff lines
//!   (`12c12`, `< live`, `---`, `> desired`);
//! - `helm diff upgrade`: `NS, NAME, Kind (group) has changed:` and lines marked `- `/`+ `/`  `.
//!
//! Each file or object's *after image* (context and added lines) is read by the reader its
//! content needs, today the YAML reader (`k8s_object`): a NetworkPolicy added in a commit
//! becomes the facts it would be pasted plainly. The image is a same-length copy of the
//! text with the marker column and removed lines blanked, so every span it yields is a span
//! of the paste (`Cx::read_copy`); a hunk is a window onto a file whose edges cut its
//! structure, so what the reader cannot place there is not reported. Files that are not
//! YAML (Go source, …) are read as a diff and nothing more.
//!
//! What changed is read line by line: a removed and an added `key: value` of the same key
//! at the same indentation in one run of changes. In a commit, a PR or a Helm upgrade the
//! added side is the new state: a `Changed` fact (`changed: key old → new`, or `added` for
//! an object the diff adds whole) on the object, timed by the commit's date. In `kubectl
//! diff` and `argocd app diff` the removed side is live and the added side is what git or
//! the manifests want, so a difference is live state that differs from its source: a
//! `SyncStatus` drift (`drifted: key is old live, new in git`), as `flux diff` and
//! `terraform plan` drift are recorded (`parse::changes`).

use crate::ascii::Set;
use crate::artifact::Artifact;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::Timestamp;
use crate::tree::Node;

/// Which side of a diff is the state things are in now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Direction {
    /// The added side is the new state (a commit, a PR, an upgrade's plan).
    NewState,
    /// The removed side is live, the added side what the source of truth wants.
    LiveVersusSource,
}

/// What a line of a hunk is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Context,
    Added,
    Removed,
}

/// The object a section's header names: kind, namespace, name.
type Named = (String, Option<String>, String);

/// One file or object of a diff.
struct Section<'a> {
    path: Option<String>,
    object: Option<Named>,
    /// Bytes of marker before each content line's text.
    marker: usize,
    /// Content lines, each with its mark and the run of changes it belongs to.
    lines: Vec<(Line<'a>, Mark, usize)>,
    time: Option<Timestamp>,
}

/// Whether a line opens a diff or a section of one (see [`is_diff`](crate::detect)).
pub(crate) fn opens_diff(text: &str) -> bool {
    text.starts_with("diff --git ")
        || text.starts_with("diff -u")
        || text.starts_with("@@ -") && text[4..].contains(" @@")
        || commit_hash(text).is_some()
        || argocd_object(text).is_some()
        || helm_object(text).is_some()
}

/// Whether a line can be part of a diff: a header, a hunk line, a commit's header or message.
pub(crate) fn is_diff_line(text: &str) -> bool {
    const HEADERS: &[&str] = &["diff ", "index ", "--- ", "+++ ", "@@ ", "Author:", "AuthorDate:", "Commit:", "CommitDate:", "Date:", "Merge:", "new file mode", "deleted file mode", "old mode", "new mode", "similarity index", "rename from", "rename to", "Binary files", "\\ No newline"];
    text.starts_with_of(b"+- \t<>")
        || HEADERS.iter().any(|h| text.starts_with(h))
        || opens_diff(text)
        || normal_range(text)
}

/// `commit 5e2a91c77d0b` (with `(HEAD -> main)` decorations after it): the hash.
fn commit_hash(text: &str) -> Option<&str> {
    let hash = text.strip_prefix("commit ")?.split_whitespace().next()?;
    (hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

/// `===== apps/Deployment shop/web ======`: kind and `namespace/name` (namespace may be empty).
pub(crate) fn argocd_object(text: &str) -> Option<Named> {
    let inner = text.strip_prefix("=====")?.trim_start_matches('=').trim_end().strip_suffix("=====")?.trim_end_matches('=').trim();
    let (group_kind, object) = inner.split_once(' ')?;
    let kind = group_kind.rsplit('/').next()?;
    let (namespace, name) = object.trim().split_once('/')?;
    (!kind.is_empty() && !name.is_empty() && !name.contains(' ')).then(|| (kind.to_string(), Some(namespace.to_string()).filter(|n| !n.is_empty()), name.to_string()))
}

/// `shop, web, Deployment (apps) has changed:` (also `has been added:`/`removed:`).
fn helm_object(text: &str) -> Option<Named> {
    let head = ["has changed:", "has been added:", "has been removed:"].iter().find_map(|s| text.trim_end().strip_suffix(s))?;
    let mut parts = head.split(',').map(str::trim);
    let (namespace, name, kind) = (parts.next()?, parts.next()?, parts.next()?);
    let kind = kind.split_whitespace().next()?;
    (parts.next().is_none() && !name.is_empty() && !kind.is_empty()).then(|| (kind.to_string(), Some(namespace.to_string()).filter(|n| !n.is_empty()), name.to_string()))
}

/// `kubectl diff`'s temporary file `/tmp/MERGED-1043/apps.v1.Deployment.shop.web`:
/// `[group.]version.Kind[.namespace].name`.
fn kubectl_object(path: &str) -> Option<Named> {
    let file = path.split_whitespace().next()?.rsplit('/').next()?;
    let parts: Vec<&str> = file.split('.').collect();
    let at = parts.iter().position(|p| p.starts_with(|c: char| c.is_ascii_uppercase()))?;
    match &parts[at + 1..] {
        [] => None,
        [name] => Some((parts[at].to_string(), None, name.to_string())),
        [namespace, name @ ..] => Some((parts[at].to_string(), Some(namespace.to_string()), name.join("."))),
    }
}

/// A normal diff's range line: `12c12`, `5,7d4`, `9a10,11`.
fn normal_range(text: &str) -> bool {
    let Some(at) = text.find_of(b"acd") else { return false };
    let range = |s: &str| !s.is_empty() && s.split(',').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    range(&text[..at]) && range(&text[at + 1..])
}

/// `@@ -6,7 +6,8 @@`: lines of the old and the new side the hunk holds.
fn hunk_counts(text: &str) -> Option<(usize, usize)> {
    let mut words = text.split_whitespace().skip(1);
    let count = |w: &str| w.split_once(',').map_or(Some(1), |(_, n)| n.parse().ok());
    Some((count(words.next()?.strip_prefix('-')?)?, count(words.next()?.strip_prefix('+')?)?))
}

pub fn parse(cx: &mut Cx<'_>) {
    let command = cx.artifact.command.as_ref();
    let program = command.map_or("", |c| c.program.as_str());
    let direction = if matches!(program, "kubectl" | "argocd") { Direction::LiveVersusSource } else { Direction::NewState };
    let argocd_app = command.filter(|c| c.program == "argocd").and_then(|c| c.positionals().get(2).map(|n| n.to_string()));
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let mut sections: Vec<Section<'_>> = Vec::new();
    let mut time: Option<Timestamp> = None;
    // Inside a commit's header and message, before its first hunk.
    let mut in_commit = false;
    // Old and new lines left in the current `@@` hunk.
    let mut left = (0usize, 0usize);
    let mut run = 0usize;
    let mut last_mark = Mark::Context;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let text = line.text;
        i += 1;
        if left != (0, 0) {
            let mark = match text.as_bytes().first() {
                Some(b'+') => Mark::Added,
                Some(b'-') => Mark::Removed,
                _ => Mark::Context,
            };
            left.0 = left.0.saturating_sub(usize::from(mark != Mark::Added));
            left.1 = left.1.saturating_sub(usize::from(mark != Mark::Removed));
            push_line(&mut sections, line, mark, &mut run, &mut last_mark, time);
            continue;
        }
        let new_section = |path: Option<String>, object: Option<Named>, marker: usize| Section { path, object, marker, lines: Vec::new(), time };
        if commit_hash(text).is_some() {
            in_commit = true;
            time = None;
            continue;
        }
        if let Some(date) = text.strip_prefix("Date:").or_else(|| text.strip_prefix("AuthorDate:")).map(str::trim) {
            time = crate::time::git_date(date).or_else(|| crate::time::parse_log_time(date).map(|p| p.time));
            continue;
        }
        if in_commit && (text.is_empty() || text.starts_with("    ") || ["Author:", "Merge:", "Commit:", "CommitDate:"].iter().any(|h| text.starts_with(h))) {
            continue;
        }
        in_commit = false;
        if let Some(rest) = text.strip_prefix("diff ") {
            let words: Vec<&str> = rest.split_whitespace().filter(|w| !w.starts_with('-')).collect();
            let target = words.last().map(|w| w.strip_prefix("b/").unwrap_or(w).to_string());
            let object = if program == "kubectl" { words.last().and_then(|w| kubectl_object(w)) } else { None };
            sections.push(new_section(target, object, 1));
            continue;
        }
        if let Some(object) = argocd_object(text) {
            sections.push(new_section(None, Some(object), 2));
            run += 1;
            continue;
        }
        if let Some(object) = helm_object(text) {
            sections.push(new_section(None, Some(object), 2));
            continue;
        }
        if text.starts_with("--- ") && lines.get(i).is_some_and(|next| next.text.starts_with("+++ ")) {
            let target = lines[i].text[4..].split('\t').next().unwrap_or("").trim();
            let target = target.strip_prefix("b/").unwrap_or(target);
            i += 1;
            // `diff --git` opened the section already; bare `---`/`+++` headers open one.
            if sections.last().is_none_or(|s| !s.lines.is_empty() || s.path.as_deref() != Some(target)) {
                let object = if program == "kubectl" { kubectl_object(target) } else { None };
                sections.push(new_section((target != "/dev/null").then(|| target.to_string()), object, 1));
            }
            continue;
        }
        if text.starts_with("@@ ") {
            left = hunk_counts(text).unwrap_or((0, 0));
            if sections.is_empty() {
                sections.push(new_section(None, None, 1));
            }
            run += 1;
            continue;
        }
        if is_diff_line(text) && !text.starts_with_of(b"+- \t<>") || text.trim().is_empty() {
            if normal_range(text) {
                run += 1;
            }
            continue;
        }
        // Hunk lines without a hunk header (`git log -p` trimmed in a chat, a `- `/`+ ` Helm
        // section, a normal diff's `< `/`> ` lines).
        let marker = sections.last().map_or(1, |s| s.marker);
        let mark = match text.as_bytes().first() {
            Some(b'+' | b'>') => Mark::Added,
            Some(b'-' | b'<') if text.trim_end() != "---" || marker == 1 => Mark::Removed,
            Some(b' ' | b'\t') => Mark::Context,
            _ => {
                if text.trim_end() != "---" {
                    cx.unparsed(line.trimmed().span, "not a diff line");
                }
                continue;
            }
        };
        if sections.is_empty() {
            sections.push(new_section(None, None, 1));
        }
        push_line(&mut sections, line, mark, &mut run, &mut last_mark, time);
    }
    for section in &sections {
        read_section(cx, section, direction, argocd_app.as_deref());
    }
}

/// Adds a hunk line to the current section; a change after context starts a new run.
fn push_line<'a>(sections: &mut [Section<'a>], line: Line<'a>, mark: Mark, run: &mut usize, last: &mut Mark, time: Option<Timestamp>) {
    if mark != Mark::Context && *last == Mark::Context {
        *run += 1;
    }
    *last = mark;
    if let Some(section) = sections.last_mut() {
        section.time = section.time.or(time);
        section.lines.push((line, mark, *run));
    }
}

/// The text of a hunk line without its marker.
fn content<'a>(line: &Line<'a>, marker: usize) -> &'a str {
    line.text.get(marker..).unwrap_or("")
}

/// Whether a section holds YAML: by its path, or by what it says when it names none.
fn is_yaml(section: &Section<'_>, marker: usize) -> bool {
    if section.object.is_some() {
        return true;
    }
    match section.path.as_deref() {
        Some(path) => crate::detect::path_kind(path) == Some(crate::artifact::ArtifactKind::Yaml),
        None => section.lines.iter().any(|(l, m, _)| *m != Mark::Removed && {
            let t = content(l, marker).trim_start();
            t.starts_with("apiVersion:") || t.starts_with("kind:")
        }),
    }
}

/// Reads one section: its after image as objects, and what changed between its images.
fn read_section(cx: &mut Cx<'_>, section: &Section<'_>, direction: Direction, argocd_app: Option<&str>) {
    let marker = section.marker;
    let Some(first) = section.lines.first() else { return };
    let last = section.lines[section.lines.len() - 1].0;
    let span = Span { start: first.0.span.start, end: last.span.end };
    let mut docs: Vec<(Span, Named, bool)> = Vec::new();
    if is_yaml(section, marker) {
        // The after image: same bytes as the paste, markers and removed lines blanked.
        let mut image = vec![b' '; span.len()];
        let text = span.text(cx.paste).as_bytes();
        for (i, b) in text.iter().enumerate() {
            if *b == b'\n' || *b == b'\r' {
                image[i] = *b;
            }
        }
        for (line, mark, _) in &section.lines {
            if *mark == Mark::Removed {
                continue;
            }
            let start = (line.span.start - span.start) as usize;
            let kept = content(line, marker);
            // A document separator counts only at the start of a line; nothing quotes it.
            let at = if kept.trim_end() == "---" { start } else { start + marker.min(line.text.len()) };
            image[at..at + kept.len()].copy_from_slice(kept.as_bytes());
        }
        // Only whole characters were copied into a copy of spaces and line breaks.
        let image = String::from_utf8(image).unwrap_or_default();
        let mut artifact: Artifact = cx.artifact.clone();
        artifact.path = section.path.clone().or(artifact.path);
        if let Some((kind, _, name)) = &section.object {
            artifact.title = Some(format!("{kind}/{name}"));
        }
        let local = Span { start: 0, end: span.len() as u32 };
        let parsed = crate::tree::yaml::parse(&image, local);
        // A hunk's edges cut the file's structure: what the reader could not place there
        // says nothing about the paste. Documents without identity are read only when the
        // section names their object (a workload's template excerpt).
        let identified = |root: &Node<'_>| root.get("kind").and_then(Node::str).is_some();
        let whole: Vec<_> = parsed.docs.iter().filter(|d| identified(&d.root)).collect();
        for doc in &whole {
            let (Some(kind), Some(name)) = (doc.root.get("kind").and_then(Node::str), doc.root.at(&["metadata", "name"]).and_then(Node::str)) else { continue };
            let namespace = doc.root.at(&["metadata", "namespace"]).and_then(Node::str).map(str::to_string);
            let doc_span = Span { start: doc.root.span.start + span.start, end: doc.root.span.end + span.start };
            let added = section.lines.iter().filter(|(l, m, _)| *m != Mark::Removed && doc_span.start <= l.span.start && l.span.end <= doc_span.end + 1 && !content(l, marker).trim().is_empty()).all(|(_, m, _)| *m == Mark::Added);
            docs.push((doc_span, (kind.to_string(), namespace, name.to_string()), added));
        }
        let keep_all = whole.is_empty() && section.object.is_some();
        let parsed = crate::tree::Parsed { docs: parsed.docs.into_iter().filter(|d| keep_all || identified(&d.root)).collect(), issues: Vec::new() };
        cx.read_copy(&image, &artifact, span.start, |cx| super::k8s_object::read(cx, parsed));
    }
    record_changes(cx, section, &docs, direction, argocd_app);
}

/// The `key: value` a hunk line sets: key, value, and the column the key starts at.
fn setting(text: &str) -> Option<(&str, &str, usize)> {
    let trimmed = text.trim_start();
    let column = text.len() - trimmed.len();
    let (trimmed, column) = match trimmed.strip_prefix("- ") {
        Some(item) => (item.trim_start(), text.len() - item.trim_start().len()),
        None => (trimmed, column),
    };
    let (key, value) = trimmed.split_once(':')?;
    let value = value.trim().trim_of(b"\"'");
    (!key.is_empty() && !key.contains(' ') && !value.is_empty() && !value.starts_with('#')).then_some((key.trim_of(b"\"'"), value, column))
}

/// What changed in a section, as `Changed` facts (new state) or drift (live versus source).
fn record_changes(cx: &mut Cx<'_>, section: &Section<'_>, docs: &[(Span, Named, bool)], direction: Direction, argocd_app: Option<&str>) {
    let marker = section.marker;
    let object_at = |span: Span| section.object.clone().or_else(|| docs.iter().find(|(d, _, _)| d.start <= span.start && span.start <= d.end).map(|(_, o, _)| o.clone()));
    let mut changed_any = false;
    for (line, mark, run) in &section.lines {
        if *mark != Mark::Added {
            continue;
        }
        let Some((key, new, column)) = setting(content(line, marker)) else { continue };
        let old = section.lines.iter().filter(|(_, m, r)| *m == Mark::Removed && r == run).filter_map(|(l, _, _)| setting(content(l, marker))).find(|(k, _, c)| *k == key && *c == column);
        let Some((_, old, _)) = old.filter(|(_, old, _)| *old != new) else { continue };
        let Some(object) = object_at(line.span) else { continue };
        changed_any = true;
        let span = line.trimmed().span;
        match direction {
            Direction::NewState => {
                let id = object_entity(cx, &object, span);
                cx.timed_fact(id, Predicate::Changed, Value::text(format!("changed: {key} {old} → {new}")), section.time, span);
            }
            Direction::LiveVersusSource => {
                let app = argocd_app.map_or_else(|| address(&object), str::to_string);
                let source = if argocd_app.is_some() { "git" } else { "the manifests" };
                let id = cx.entity(EntityKind::GitOpsApp, None, &app);
                cx.fact(id, Predicate::SyncStatus, Value::text(format!("drifted: {} {key} is {old} live, {new} in {source}", address(&object))), span);
            }
        }
    }
    match direction {
        // An object the diff adds whole was added at the commit.
        Direction::NewState => {
            for (doc, object, added) in docs {
                if !*added {
                    continue;
                }
                let line = section.lines.iter().find(|(l, _, _)| l.span.start >= doc.start && content(l, marker).trim_start().starts_with("kind:"));
                let span = line.map_or(*doc, |(l, _, _)| l.trimmed().span);
                let id = object_entity(cx, object, span);
                cx.timed_fact(id, Predicate::Changed, Value::text("added"), section.time, span);
            }
        }
        // Live differs from the source in lines that set no value both sides name.
        Direction::LiveVersusSource if !changed_any => {
            let Some(object) = section.object.clone() else { return };
            let Some((line, _, _)) = section.lines.iter().find(|(_, m, _)| *m != Mark::Context) else { return };
            let app = argocd_app.map_or_else(|| address(&object), str::to_string);
            let id = cx.entity(EntityKind::GitOpsApp, None, &app);
            cx.fact(id, Predicate::SyncStatus, Value::text(format!("{} drifted", address(&object))), line.trimmed().span);
        }
        Direction::LiveVersusSource => {}
    }
}

/// `Kind/namespace/name`, as Flux names a drifted object.
fn address((kind, namespace, name): &Named) -> String {
    match namespace {
        Some(ns) => format!("{kind}/{ns}/{name}"),
        None => format!("{kind}/{name}"),
    }
}

fn object_entity(cx: &mut Cx<'_>, (kind, namespace, name): &Named, span: Span) -> crate::fact::EntityId {
    match EntityKind::from_k8s(kind) {
        EntityKind::Pod => cx.pod(namespace.as_deref(), name, span),
        kind => cx.entity(kind, namespace.as_deref(), name.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    /// `entity value | quote` of one predicate's facts.
    fn said(paste: &str, predicate: Predicate) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest
            .facts
            .with(predicate)
            .map(|f| format!("{} {}{} | {}", ingest.facts.entity_of(f.subject), ingest.facts.display_value(&f.value), f.time.map(|t| format!(" @ {t}")).unwrap_or_default(), f.span.text(paste)))
            .collect()
    }

    fn kinds(paste: &str) -> Vec<&'static str> {
        crate::ingest(paste).artifacts.iter().map(|a| a.kind.name()).collect()
    }

    const GIT_SHOW: &str = "$ git show 3f9c2ab\ncommit 3f9c2ab7e1d0\nAuthor: ops <ops@example.com>\nDate:   Tue Mar 3 09:12:44 2026 +0200\n\n    cache: shorter ttl\n\ndiff --git a/deploy/cache.yaml b/deploy/cache.yaml\nnew file mode 100644\n--- /dev/null\n+++ b/deploy/cache.yaml\n@@ -0,0 +1,7 @@\n+apiVersion: v1\n+kind: ConfigMap\n+metadata:\n+  name: cache-cfg\n+  namespace: tiles\n+data:\n+  TTL: \"30\"\ndiff --git a/deploy/old.yaml b/deploy/old.yaml\n--- a/deploy/old.yaml\n+++ b/deploy/old.yaml\n@@ -1,6 +1,6 @@\n kind: ConfigMap\n metadata:\n   name: tiles-cfg\n data:\n-  REGION: eu-west-1\n+  REGION: eu-north-1\ndiff --git a/cmd/main.go b/cmd/main.go\n--- a/cmd/main.go\n+++ b/cmd/main.go\n@@ -10,3 +10,3 @@ func main() {\n \tcfg := load()\n-\tport := 8080\n+\tport := 9090\n \tserve(cfg, port)\n";

    #[test]
    fn a_commit_adds_objects_at_its_date_and_changes_values() {
        assert_eq!(kinds(GIT_SHOW), ["diff"]);
        assert_eq!(
            said(GIT_SHOW, Predicate::Changed),
            ["configmap tiles/cache-cfg added @ 2026-03-03T07:12:44Z | +kind: ConfigMap", "configmap tiles-cfg changed: REGION eu-west-1 → eu-north-1 @ 2026-03-03T07:12:44Z | +  REGION: eu-north-1"]
        );
    }

    #[test]
    fn removed_lines_and_other_files_give_no_objects_and_no_noise() {
        let values = said(GIT_SHOW, Predicate::ConfigValue);
        assert!(values.iter().any(|v| v.contains("REGION=eu-north-1") && v.ends_with("| REGION: eu-north-1")), "{values:?}");
        assert!(!values.iter().any(|v| v.contains("eu-west-1") || v.contains("port")), "{values:?}");
        let ingest = crate::ingest(GIT_SHOW);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        // Every quote is a slice of the paste on the line it states.
        for fact in ingest.facts.all() {
            assert!(!fact.span.text(GIT_SHOW).contains('\n'), "{:?}", fact.span.text(GIT_SHOW));
        }
    }

    #[test]
    fn kubectl_diff_is_live_against_the_manifests() {
        let paste = "$ kubectl diff -f k8s/\ndiff -u -N /tmp/LIVE-1/v1.ConfigMap.geo.tiles-cfg /tmp/MERGED-2/v1.ConfigMap.geo.tiles-cfg\n--- /tmp/LIVE-1/v1.ConfigMap.geo.tiles-cfg\t2026-03-03 10:00:00.000000000 +0000\n+++ /tmp/MERGED-2/v1.ConfigMap.geo.tiles-cfg\t2026-03-03 10:00:00.000000000 +0000\n@@ -1,4 +1,4 @@\n apiVersion: v1\n data:\n-  DB_NAME: tiles_prod\n+  DB_NAME: tiles_stage\n";
        assert_eq!(said(paste, Predicate::SyncStatus), ["application ConfigMap/geo/tiles-cfg drifted: ConfigMap/geo/tiles-cfg DB_NAME is tiles_prod live, tiles_stage in the manifests | +  DB_NAME: tiles_stage"]);
        assert!(said(paste, Predicate::Changed).is_empty());
    }

    #[test]
    fn argocd_app_diff_is_drift_of_the_app() {
        let paste = "$ argocd app diff geo-tiles\n===== apps/Deployment geo/tiles-api ======\n41c41\n<         image: reg.example/tiles-api:3.1.0\n---\n>         image: reg.example/tiles-api:3.2.0\n";
        assert_eq!(kinds(paste), ["diff"]);
        assert_eq!(said(paste, Predicate::SyncStatus), ["application geo-tiles drifted: Deployment/geo/tiles-api image is reg.example/tiles-api:3.1.0 live, reg.example/tiles-api:3.2.0 in git | >         image: reg.example/tiles-api:3.2.0"]);
    }

    #[test]
    fn helm_diff_reads_the_upgraded_object() {
        let paste = "$ helm diff upgrade tiles ./chart -n geo\ngeo, tiles-api, Service (v1) has changed:\n  apiVersion: v1\n  kind: Service\n  metadata:\n    name: tiles-api\n    namespace: geo\n  spec:\n    selector:\n-     app: tiles-api\n+     app: tiles-api-v2\n";
        assert_eq!(said(paste, Predicate::Selector), ["service geo/tiles-api app=tiles-api-v2 | app: tiles-api-v2"]);
        assert_eq!(said(paste, Predicate::Changed), ["service geo/tiles-api changed: app tiles-api → tiles-api-v2 | +     app: tiles-api-v2"]);
    }

    #[test]
    fn a_fenced_diff_block_is_a_diff() {
        let paste = "the change:\n```diff\n   livenessProbe:\n     httpGet:\n-      port: 8080\n+      port: 8081\n```\n";
        assert!(kinds(paste).contains(&"diff"), "{:?}", kinds(paste));
        assert!(crate::ingest(paste).unparsed.is_empty());
    }

    #[test]
    fn git_dates() {
        assert_eq!(crate::time::git_date("Thu Feb 12 16:31:08 2026 +0100").map(|t| t.to_string()), Some("2026-02-12T15:31:08Z".into()));
        assert_eq!(crate::time::git_date("yesterday"), None);
    }
}

//! The step tree `argo get <workflow>` prints under its `STEP TEMPLATE PODNAME DURATION
//! MESSAGE` header: one node per line, drawn with tree lines (`├─`, `└─`, `│`) and a status
//! glyph (`✔` succeeded, `●` running, `◷` pending, `✖` failed, `⚠` error, `○` skipped).
//!
//! Each step that ran as a pod yields that pod, its phase from the glyph, the message Argo
//! copied from it (the scheduler's `Unschedulable: 0/14 nodes are available: …` for a pod
//! that waits for a node), and its owner: the workflow, named by the tree's root node. The
//! tree's indentation and glyphs defeat the column reader, so rows are read by their words.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;

/// Whether a header is the one over `argo get`'s step tree.
pub fn is_step_tree(header: &str) -> bool {
    let mut words = header.split_whitespace();
    words.next() == Some("STEP") && header.split_whitespace().any(|w| w == "PODNAME")
}

/// Reads the rows under the step tree's header.
pub fn read(cx: &mut Cx<'_>, rows: &[Line<'_>]) {
    let namespace = cx.namespace();
    let mut workflow = None;
    for row in rows {
        let Some((glyph, words)) = node(row.text) else { continue };
        let span = row.trimmed().span;
        // The root node is the workflow itself: its name, then its entry template.
        if workflow.is_none() && words.len() == 2 {
            workflow = Some(cx.entity(EntityKind::Resource("Workflow".to_string()), namespace, words[0]));
            continue;
        }
        let Some(&pod) = words.get(2).filter(|w| is_pod_name(w)) else { continue };
        let id = cx.pod(namespace, pod, span);
        if let Some(workflow) = workflow {
            cx.fact(id, Predicate::OwnedBy, Value::Entity(workflow), span);
        }
        if let Some(phase) = phase(glyph) {
            cx.fact(id, Predicate::Status, Value::text(phase), span);
        }
        // The message follows the duration; Argo cuts long ones with `...`.
        let message = words.get(4).map(|first| {
            let at = first.as_ptr() as usize - row.text.as_ptr() as usize;
            row.text[at..].trim().trim_end_matches("...").trim_end()
        });
        if let Some(message) = message.filter(|m| !m.is_empty()) {
            cx.fact(id, Predicate::StatusMessage, Value::text(message), span);
        }
    }
}

/// A node line's status glyph and its words after the tree drawing; none for lines that are
/// not nodes (`...` where the paste cut rows).
fn node(text: &str) -> Option<(char, Vec<&str>)> {
    let drawn = |c: char| c.is_whitespace() || matches!(c, '├' | '└' | '│' | '─' | '┬' | '┴' | '┼' | '|' | '`' | '-');
    let rest = text.trim_start_matches(drawn);
    let glyph = rest.chars().next()?;
    if glyph.is_alphanumeric() {
        return None;
    }
    let words: Vec<&str> = rest[glyph.len_utf8()..].split_whitespace().collect();
    (words.len() >= 2).then_some((glyph, words))
}

/// The pod phase a node's glyph shows.
fn phase(glyph: char) -> Option<&'static str> {
    Some(match glyph {
        '✔' => "Succeeded",
        '●' => "Running",
        '◷' => "Pending",
        '✖' | '⚠' => "Failed",
        _ => return None,
    })
}

fn is_pod_name(word: &str) -> bool {
    word.contains('-') && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    #[test]
    fn pending_steps_carry_the_schedulers_message_and_their_workflow() {
        let paste = "$ argo -n ml get embed-x7k2p\nSTEP                 TEMPLATE  PODNAME                         DURATION  MESSAGE\n ● embed-x7k2p       main\n ├───✔ export        export    embed-x7k2p-export-2210934012   4m\n └───◷ embed(3:s-03) embed     embed-x7k2p-embed-0918273645    8h        Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu...\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let facts: Vec<String> = ingest.facts.all().iter().map(|f| format!("{} · {:?} · {}", ingest.facts.entity_of(f.subject).name, f.predicate, ingest.facts.display_value(&f.value))).collect();
        for expected in [
            "embed-x7k2p-export-2210934012 · Status · Succeeded",
            "embed-x7k2p-embed-0918273645 · Status · Pending",
            "embed-x7k2p-embed-0918273645 · StatusMessage · Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu",
            "embed-x7k2p-embed-0918273645 · OwnedBy · Workflow ml/embed-x7k2p",
        ] {
            assert!(facts.iter().any(|f| f == expected), "{expected} not in {facts:#?}");
        }
    }
}

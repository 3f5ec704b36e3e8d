//! Remarks that say a state is meant: "Suspended on purpose (CHG-5519)", "do not unsuspend",
//! "paused until the migration is done". An operator reading a suspended CronJob or a
//! scaled-down workload next to such a remark knows it is no incident; so must Trowel.
//!
//! Read from prose (note artifacts), from comments in YAML, and from lines other parsers
//! could not read (a remark typed under a command's output). Each remark becomes an
//! `Intended` fact quoting its line, about the paste's prose as a whole (the `note`
//! entity); inference ties it to an object when the line, or the command or heading the
//! artifact came under, names that object.

use crate::ascii::Set;
use crate::blank::Blank;
use crate::ascii::contains_ci;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;

/// Phrases that state intent. Matched case-insensitively on one line.
const INTENT: &[&str] = &[
    "on purpose",
    "is intentional",
    "was intentional",
    "intentionally",
    "deliberately",
    "by design",
    "do not unsuspend",
    "don't unsuspend",
    "do not resume",
    "don't resume",
    "do not re-enable",
    "don't re-enable",
    "keep it suspended",
    "keep suspended",
    "paused until",
    "disabled until",
    "suspended until",
];

/// Whether `text` says a state is meant ("Suspended on purpose for the match window").
pub fn states_intent(text: &str) -> bool {
    INTENT.iter().any(|phrase| contains_ci(text, phrase))
}

/// Which lines of an artifact may hold remarks.
pub enum Lines {
    /// Every line: prose.
    All,
    /// `#` comments only: in YAML a value is not a remark.
    Comments,
    /// Lines its parser could not read: a remark typed under a command's output.
    Unparsed,
}

/// `Intended` facts for the remarks among an artifact's `lines`.
pub fn parse(cx: &mut Cx<'_>, lines: Lines) {
    let mut note = None;
    match lines {
        Lines::All => cx.lines().for_each(|line| remark(cx, line, &mut note)),
        Lines::Comments => cx.lines().filter(|line| line.text.trim_ws_start().starts_with('#')).for_each(|line| remark(cx, line, &mut note)),
        // Only the whole lines of the stretches its parser reported: a large log artifact
        // is not walked again.
        Lines::Unparsed => {
            let paste = cx.paste;
            // As before: the line's text, blanks aside, lies inside the reported stretch.
            let whole = |line: &Line<'_>| {
                let (start, end) = (line.span.start as usize, line.span.end as usize);
                let before = paste[..start].rsplit('\n').next().unwrap_or("");
                let after = paste[end..].split('\n').next().unwrap_or("");
                before.trim_ws().is_empty() && after.trim_ws().is_empty()
            };
            for span in cx.unparsed_spans() {
                crate::lines::Lines::new(paste, span).filter(whole).for_each(|line| remark(cx, line, &mut note));
            }
        }
    }
}

/// An `Intended` fact for `line` when it states intent, about the `note` entity (made once).
fn remark(cx: &mut Cx<'_>, line: Line<'_>, note: &mut Option<EntityId>) {
    let text = line.text.trim_ws_start();
    if !states_intent(text) {
        return;
    }
    let subject = *note.get_or_insert_with(|| cx.entity(EntityKind::LogSource, None, "note"));
    let remark = text.trim_start_of(b"# ").trim_ws_end();
    cx.fact(subject, Predicate::Intended, Value::text(remark), line.trimmed().span);
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn remarks(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest.facts.all().iter().filter(|f| f.predicate == Predicate::Intended).map(|f| ingest.facts.display_value(&f.value)).collect()
    }

    #[test]
    fn comments_and_prose_that_say_a_state_is_meant() {
        let yaml = "$ cat cronjob.yaml\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: export\nspec:\n  # Suspended on purpose (CHG-5519): do not unsuspend.\n  suspend: true\n  schedule: \"15 2 * * *\"\n";
        assert_eq!(remarks(yaml), ["Suspended on purpose (CHG-5519): do not unsuspend."]);
        let note = "Notes\n\nThe export job is paused until the vendor moves to the API.\nNothing else changed.\n";
        assert_eq!(remarks(note), ["The export job is paused until the vendor moves to the API."]);
        assert_eq!(remarks("Hamid 12:03: the suspended cleanup job is intentional\n"), ["Hamid 12:03: the suspended cleanup job is intentional"]);
    }

    #[test]
    fn a_remark_under_a_commands_output_is_read() {
        let paste = "$ kubectl get cronjob -n ops\nNAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE\nold-cleanup 0 3 * * * True 0 143d 318d\nAna: the suspended cleanup job is intentional\n";
        assert_eq!(remarks(paste), ["Ana: the suspended cleanup job is intentional"]);
    }

    #[test]
    fn values_and_plain_remarks_are_not_intent() {
        let yaml = "$ cat cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  note: \"scaled down on purpose\"\n  # the usual settings\n";
        assert!(remarks(yaml).is_empty());
        assert!(remarks("the suspension is unintentional, resume it\n").is_empty());
    }
}

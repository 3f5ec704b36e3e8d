//! Remarks that say a state is meant: "Suspended on purpose (CHG-5519)", "do not unsuspend",
//! "paused until the migration is done". An operator reading a suspended CronJob or a
//! scaled-down workload next to such a remark knows it is no incident; so must Trowel.
//!
//! Read from prose (note artifacts) and from comments in YAML. Each remark becomes an
//! `Intended` fact quoting its line, about the paste's prose as a whole (the `note`
//! entity); inference ties it to an object when the line, or the command or heading the
//! artifact came under, names that object.

use crate::ascii::contains_ci;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// Phrases that state intent. Matched case-insensitively on one line.
const INTENT: &[&str] = &[
    "on purpose",
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

/// `Intended` facts for the remarks of a note (every line) or a YAML artifact (its `#`
/// comments only: a value is not a remark).
pub fn parse(cx: &mut Cx<'_>, comments_only: bool) {
    let mut subject = None;
    for line in cx.lines() {
        let text = line.text.trim_start();
        if comments_only && !text.starts_with('#') {
            continue;
        }
        if !INTENT.iter().any(|phrase| contains_ci(text, phrase)) {
            continue;
        }
        let note = *subject.get_or_insert_with(|| cx.entity(EntityKind::LogSource, None, "note"));
        let remark = text.trim_start_matches(['#', ' ']).trim_end();
        cx.fact(note, Predicate::Intended, Value::text(remark), line.trimmed().span);
    }
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
    }

    #[test]
    fn values_and_plain_remarks_are_not_intent() {
        let yaml = "$ cat cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  note: \"scaled down on purpose\"\n  # the usual settings\n";
        assert!(remarks(yaml).is_empty());
    }
}

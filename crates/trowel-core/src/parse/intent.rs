//! Remarks that say a state is meant: "Suspended on purpose (CHG-5519)", "do not unsuspend",
//! "paused until the migration is done". An operator reading a suspended CronJob or a
//! scaled-down workload next to such a remark knows it is no incident; so must Trowel.
//!
//! Read from prose (note artifacts), from comments in YAML, and from lines other parsers
//! could not read (a remark typed under a command's output). Each remark becomes an
//! `Intended` fact quoting its line, about the paste's prose as a whole (the `note`
//! entity); inference ties it to an object when the line, or the command or heading the
//! artifact came under, names that object.

use crate::ascii::contains_ci;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

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
    let unparsed = match lines {
        Lines::Unparsed => cx.unparsed_spans(),
        Lines::All | Lines::Comments => Vec::new(),
    };
    let mut subject = None;
    for line in cx.lines() {
        let text = line.text.trim_start();
        let remark = match lines {
            Lines::All => true,
            Lines::Comments => text.starts_with('#'),
            Lines::Unparsed => unparsed.iter().any(|span| span.contains(line.trimmed().span)),
        };
        if !remark {
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

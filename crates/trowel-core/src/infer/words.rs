//! Small pieces of wording shared by detectors: how to name an object, its namespace flag
//! in a command, a list in prose, a capitalised sentence.

use crate::fact::{EntityId, Predicate};
use crate::infer::kb::Kb;

/// `-n ns ` for commands, or nothing when the namespace is unknown.
pub fn ns_flag(kb: &Kb<'_>, entity: Option<EntityId>) -> String {
    entity
        .and_then(|e| kb.entity(e).namespace.clone())
        .or_else(|| kb.namespaces().first().map(|ns| ns.to_string()))
        .map(|ns| format!("-n {ns} "))
        .unwrap_or_default()
}

/// A label selector for the pods of a workload: its recorded selector, else `app=<name>`.
pub fn selector(kb: &Kb<'_>, workload: Option<EntityId>) -> String {
    let Some(workload) = workload else { return "app=<name>".into() };
    let recorded: Vec<String> = kb
        .about(workload, Predicate::Selector)
        .filter_map(|f| f.value.as_pair().map(|(k, v)| format!("{k}={v}")))
        .collect();
    if recorded.is_empty() {
        format!("app={}", kb.entity(workload).name)
    } else {
        recorded.join(",")
    }
}

/// "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The text with its first letter in upper case, for a summary built from claim statements;
/// a text that opens with a name (`web-7d9c…`, `orders_app`) keeps it as written, and so does
/// one that opens with a non-ASCII word (the statements are English; Unicode case tables
/// would cost the browser build ~12 KB for nothing).
pub fn capitalise(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word.is_empty() || !first_word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.to_string();
    }
    let mut text = text.to_string();
    text[..1].make_ascii_uppercase();
    text
}

#[cfg(test)]
mod tests {
    use super::capitalise;

    #[test]
    fn capitalise_raises_a_word_and_keeps_names_and_empty_text() {
        assert_eq!(capitalise("the pod restarted"), "The pod restarted");
        assert_eq!(capitalise("web-7d9c restarted"), "web-7d9c restarted");
        assert_eq!(capitalise("ärger ahead"), "ärger ahead");
        assert_eq!(capitalise(""), "");
    }
}

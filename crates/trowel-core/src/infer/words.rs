//! Small pieces of wording shared by detectors: how to name an object, its namespace flag
//! in a command, a list in prose.

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

/// The text with its first letter upper-case, for sentences built from parts.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

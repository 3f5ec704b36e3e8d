//! Azure CLI output (`az <group…> <command>`, JSON) read as the facts of the Kubernetes
//! objects that mean the same, so the claims written for those read Azure systems too:
//!
//! - a Key Vault secret is a Secret: each version's `attributes.created` is a new value of
//!   it (`az keyvault secret show` prints the current version, `list-versions` every one), a
//!   change at that time; with no `created`, `attributes.updated` is.
//!
//! A `--query` reshapes the response; it is undone first (`Projection::from_jmespath`), so
//! `{updated: attributes.updated}` reads as the `attributes.updated` it printed.

use crate::command::Command;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::time::parse_iso_prefix;
use crate::tree::path::{Projection, Step};
use crate::tree::Node;

/// The `az` call whose output the artifact is: its command path (`keyvault secret show`)
/// and its words after `az`, for the flags.
struct Call {
    path: Vec<String>,
    flags: Command,
}

impl Call {
    fn of(cx: &Cx<'_>) -> Option<Call> {
        let command = cx.artifact.command.as_ref()?;
        let flags = command.last_call_of("az")?;
        let path = flags.args.iter().take_while(|w| !w.starts_with('-')).cloned().collect();
        Some(Call { path, flags })
    }

    fn is(&self, path: &[&str]) -> bool {
        self.path.iter().map(String::as_str).eq(path.iter().copied())
    }

    fn flag(&self, names: &[&str]) -> Option<&str> {
        self.flags.flag_values(names).last().copied()
    }
}

/// Reads one JSON document printed by an `az` call this reader knows; false otherwise (the
/// document is left to others).
pub fn read_json(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let Some(call) = Call::of(cx) else { return false };
    if call.is(&["datafactory", "linked-service", "show"]) {
        return super::data_factory::linked_service(cx, call.flag(&["--name", "-n", "--linked-service-name"]), root);
    }
    let versions = call.is(&["keyvault", "secret", "list-versions"]);
    if !versions && !call.is(&["keyvault", "secret", "show"]) {
        return false;
    }
    let root = match call.flag(&["--query"]).and_then(Projection::from_jmespath) {
        Some(projection) if root.is_seq() && projection.prefix.0.last() == Some(&Step::All) => {
            let fields = Projection { fields: projection.fields.clone(), ..Projection::default() };
            let items = root.items().iter().map(|item| fields.place(item.clone())).collect();
            Node::seq(items, root.span)
        }
        Some(projection) => projection.place(root.clone()),
        None => root.clone(),
    };
    let named = call.flag(&["--name", "-n"]);
    let items = if root.is_seq() { root.items().to_vec() } else { vec![root] };
    for version in &items {
        secret_version(cx, named, version);
    }
    true
}

/// One version of a Key Vault secret as a change of the Secret it is, at its creation (a
/// new value); its name from the call, the item's `name`, or the `/secrets/<name>/` of its id.
fn secret_version(cx: &mut Cx<'_>, named: Option<&str>, version: &Node<'_>) {
    let text = |key: &str| version.entry(key).and_then(|e| e.value.str().map(|s| (s, e.span())));
    let from_id = text("id").and_then(|(id, _)| id.split_once("/secrets/")).and_then(|(_, rest)| rest.split('/').next());
    let Some(name) = named.or(text("name").map(|(n, _)| n)).or(from_id) else { return };
    let attributes = version.get("attributes");
    let stamp = |key: &str| {
        let entry = attributes.and_then(|a| a.entry(key))?;
        parse_iso_prefix(entry.value.str()?).map(|p| (p.time, entry.span()))
    };
    let (verb, at) = match (stamp("created"), stamp("updated")) {
        (Some(created), _) => ("rotated", created),
        (None, Some(updated)) => ("updated", updated),
        (None, None) => return,
    };
    let id = cx.entity(EntityKind::Secret, None, name);
    cx.timed_fact(id, Predicate::Changed, Value::Text(verb.into()), Some(at.0), at.1);
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn changes(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts
            .all()
            .iter()
            .filter(|f| f.predicate == Predicate::Changed)
            .map(|f| format!("{} {} {}", facts.entity_of(f.subject), facts.display_value(&f.value), f.time.map(|t| t.to_string()).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_key_vault_secret_version_is_a_change_of_the_secret() {
        let paste = "$ az keyvault secret show --vault-name kv-prod --name db-password --query \"{id: id, updated: attributes.updated, created: attributes.created}\" -o json\n{\n  \"created\": \"2025-03-20T01:52:17+00:00\",\n  \"id\": \"https://kv-prod.vault.azure.net/secrets/db-password/0c5e9a31\",\n  \"updated\": \"2025-03-20T01:52:17+00:00\"\n}\n";
        assert_eq!(changes(paste), ["secret db-password rotated 2025-03-20T01:52:17Z"]);
    }

    #[test]
    fn every_listed_version_is_a_change() {
        let paste = "$ az keyvault secret list-versions --vault-name kv-prod --name api-key\n[\n  {\"attributes\": {\"created\": \"2024-12-19T01:50:44+00:00\", \"enabled\": false}, \"id\": \"https://kv-prod.vault.azure.net/secrets/api-key/1\"},\n  {\"attributes\": {\"created\": \"2025-03-20T01:52:17+00:00\", \"enabled\": true}, \"id\": \"https://kv-prod.vault.azure.net/secrets/api-key/2\"}\n]\n";
        assert_eq!(changes(paste), ["secret api-key rotated 2024-12-19T01:50:44Z", "secret api-key rotated 2025-03-20T01:52:17Z"]);
    }
}

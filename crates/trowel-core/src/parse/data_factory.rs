//! Azure Data Factory, read as the Kubernetes facts that mean the same: a linked service
//! (the connection a pipeline's activities use) is a ConfigMap of its name, its
//! `typeProperties` (`connectionString`, `url`, …) the config values a workload reads, so a
//! linked service defined twice in the factory's repository, or live with another
//! environment's connection, reads as config-crossover does for ConfigMaps.
//!
//! - `grep -n`/`git grep -n` lines out of the factory's repository
//!   (`factory/linkedService/<name>.json:8:  "connectionString": "…",`): each file defines
//!   the linked service its name (the file's stem, ADF's own layout) or its `"name"` says;
//!   a picked key is a value of that definition.
//! - `az datafactory linked-service show -n NAME` (JSON, `--query properties` or not): the
//!   live definition, its `typeProperties` strings as values.
//! - A deployment's `az datafactory linked-service create --name NAME` lines (a release log)
//!   and the activity log's `…/linkedservices/write` rows are timed writes of it.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::time::parse_iso_prefix;
use crate::tree::Node;

/// The folder ADF's git integration keeps linked services in.
const LINKED_SERVICE_DIR: &str = "linkedService/";

/// Reads grep lines of linked-service files and the writes of linked services in any
/// artifact; true when the artifact was grep output of such files (nothing else to read).
pub fn read_text(cx: &mut Cx<'_>) -> bool {
    let body = cx.body();
    // One pass over most artifacts: every form below says `inked`.
    if memchr::memmem::find(body.as_bytes(), b"inked").is_none() {
        return false;
    }
    let greps = body.contains(LINKED_SERVICE_DIR);
    // Case-sensitive byte searches (SIMD) over every artifact; a case-insensitive one costs
    // several times more on a large log. The CLI writes its commands in lower case; activity
    // logs spell the operation `linkedservices/write` or `linkedServices/write`.
    let has = |needle: &[u8]| memchr::memmem::find(body.as_bytes(), needle).is_some();
    let writes = has(b"linked-service create") || has(b"inkedservices/write") || has(b"inkedServices/write");
    if !greps && !writes {
        return false;
    }
    let lines: Vec<_> = cx.lines().collect();
    let mut grep_lines = 0;
    let mut other_lines = 0;
    for line in lines {
        let line = line.trimmed();
        if line.text.is_empty() {
            continue;
        }
        if greps && grep_line(cx, line.text, line.span) {
            grep_lines += 1;
        } else {
            other_lines += 1;
            if writes {
                write_line(cx, line.text, line.span);
            }
        }
    }
    grep_lines > 0 && other_lines == 0
}

/// `path/linkedService/name.json:8:    "key": "value",` as a value of that definition.
fn grep_line(cx: &mut Cx<'_>, text: &str, span: crate::span::Span) -> bool {
    let Some((path, rest)) = text.split_once(':') else { return false };
    let Some(stem) = path.rsplit_once(LINKED_SERVICE_DIR).and_then(|(_, file)| file.rsplit('/').next()).and_then(|f| f.strip_suffix(".json")) else { return false };
    let Some((number, json)) = rest.split_once([':', '-']) else { return false };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some((key, value)) = json_pair(json) else { return false };
    let name = if key == "name" { value } else { stem };
    if name.is_empty() {
        return false;
    }
    let id = cx.entity(EntityKind::ConfigMap, None, name);
    cx.fact(id, Predicate::DefinedIn, Value::Text(path.to_string()), span);
    if key != "name" {
        cx.fact(id, Predicate::ConfigValue, Value::pair(key, value), span);
    }
    true
}

/// A JSON line holding one string member (`  "key": "value",`).
fn json_pair(line: &str) -> Option<(&str, &str)> {
    let line = line.trim().trim_end_matches(',');
    let (key, value) = line.split_once("\":")?;
    let key = key.strip_prefix('"')?;
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    (!key.is_empty() && !key.contains('"')).then_some((key, value))
}

/// A timed write of a linked service: `… az datafactory linked-service create --name NAME …`
/// or an activity-log row ending in `…/linkedservices/NAME` beside its write operation.
fn write_line(cx: &mut Cx<'_>, text: &str, span: crate::span::Span) {
    let Some(at) = text.split_whitespace().next().and_then(|w| parse_iso_prefix(w).filter(|p| p.len == w.len())).map(|p| p.time) else { return };
    let name = if let Some(at) = crate::ascii::find_ci(text, "linked-service create ") {
        let words: Vec<&str> = text[at..].split_whitespace().collect();
        words.iter().position(|w| matches!(*w, "--name" | "-n" | "--linked-service-name")).and_then(|i| words.get(i + 1).copied())
    } else if crate::ascii::contains_ci(text, "linkedservices/write") {
        text.split_whitespace().last().and_then(|res| crate::ascii::find_ci(res, "/linkedservices/").map(|i| &res[i + "/linkedservices/".len()..]))
    } else {
        None
    };
    let Some(name) = name.map(|n| n.trim_matches(['"', '\''])).filter(|n| !n.is_empty() && !n.contains('/')) else { return };
    let id = cx.entity(EntityKind::ConfigMap, None, name);
    cx.timed_fact(id, Predicate::Changed, Value::Text("configured".into()), Some(at), span);
}

/// `az datafactory linked-service show`'s JSON: the live definition's `typeProperties`
/// strings as values of the linked service. False when the document has none.
pub fn linked_service(cx: &mut Cx<'_>, named: Option<&str>, root: &Node<'_>) -> bool {
    let properties = root.get("properties").unwrap_or(root);
    let Some(settings) = properties.get("typeProperties").filter(|t| t.is_map()) else { return false };
    let name = named.or_else(|| root.get("name").and_then(Node::str));
    let Some(name) = name else { return false };
    let id = cx.entity(EntityKind::ConfigMap, None, name);
    let command = cx.artifact.command.as_ref().map(|c| c.line.clone()).unwrap_or_default();
    cx.fact(id, Predicate::DefinedIn, Value::Text(command), root.span);
    for entry in settings.entries() {
        if let Some(value) = entry.value.str() {
            cx.fact(id, Predicate::ConfigValue, Value::pair(entry.key.as_ref(), value), entry.span());
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;
    use crate::test_support::facts_with as facts;

    const REPO: &str = "$ git grep -n '\"name\": \"LS_Orders_Db\"'\n\
adf/linkedService/LS_Orders_Db.json:2:    \"name\": \"LS_Orders_Db\",\n\
adf/linkedService/dev/LS_Orders_Db.json:2:    \"name\": \"LS_Orders_Db\",\n\
\n\
$ grep -n 'Server=' adf/linkedService/LS_Orders_Db.json adf/linkedService/dev/LS_Orders_Db.json\n\
adf/linkedService/LS_Orders_Db.json:7:      \"connectionString\": \"Server=orders-prod.example.net;Database=orders\",\n\
adf/linkedService/dev/LS_Orders_Db.json:7:      \"connectionString\": \"Server=orders-dev.example.net;Database=orders_dev\",\n";

    const LIVE: &str = "$ az datafactory linked-service show -g rg --factory-name adf-orders -n LS_Orders_Db --query properties\n\
{\n  \"type\": \"AzureSqlDatabase\",\n  \"typeProperties\": {\n    \"connectionString\": \"Server=orders-dev.example.net;Database=orders_dev\"\n  }\n}\n";

    const DEPLOY: &str = "--- release log ---\n\
2026-05-04T09:10:01.1000000Z ==> adf/linkedService/LS_Orders_Db.json\n\
2026-05-04T09:10:03.2000000Z   az datafactory linked-service create --name LS_Orders_Db ... \"etag\": \"1\"\n\
2026-05-04T09:10:04.1000000Z ==> adf/linkedService/dev/LS_Orders_Db.json\n\
2026-05-04T09:10:06.9000000Z   az datafactory linked-service create --name LS_Orders_Db ... \"etag\": \"2\"\n";

    #[test]
    fn grepped_linked_service_files_define_one_config_each() {
        let got = facts(REPO, &[Predicate::DefinedIn, Predicate::ConfigValue]);
        assert!(got.contains(&"configmap LS_Orders_Db DefinedIn adf/linkedService/dev/LS_Orders_Db.json".to_string()), "{got:?}");
        assert!(got.contains(&"configmap LS_Orders_Db ConfigValue connectionString=Server=orders-dev.example.net;Database=orders_dev".to_string()), "{got:?}");
        assert!(crate::ingest(REPO).unparsed.is_empty());
    }

    #[test]
    fn the_live_linked_service_and_its_deploys_are_values_and_writes() {
        let got = facts(LIVE, &[Predicate::ConfigValue]);
        assert_eq!(got, vec!["configmap LS_Orders_Db ConfigValue connectionString=Server=orders-dev.example.net;Database=orders_dev".to_string()]);
        let writes = facts(DEPLOY, &[Predicate::Changed]);
        assert_eq!(writes.len(), 2, "{writes:?}");
    }

    #[test]
    fn a_linked_service_live_with_the_dev_connection_is_a_config_crossover() {
        let paste = format!("{LIVE}\n{REPO}\n{DEPLOY}");
        let report = crate::analyze(&paste);
        let top = report.diagnoses.first().expect("a diagnosis");
        assert_eq!(top.class, "config-crossover", "{:?}", report.diagnoses.iter().map(|d| (&d.class, d.confidence)).collect::<Vec<_>>());
        assert!(top.confidence >= 0.5);
    }
}

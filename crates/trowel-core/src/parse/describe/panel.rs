//! An object's details panel copied from a desktop client or web UI (Headlamp, Lens,
//! Rancher): a title that names the kind and the object (Headlamp's breadcrumb `Config Maps ›
//! app-config`, Lens's `Secret: db-credentials`, Rancher's `Deployments  >  web`), then one
//! `Key<TAB>value` line per field, a field of several values going on in lines that start
//! with a tab (more labels), and sections under a word alone (`Data`, `Ingress`, `Egress`).
//! It says what `kubectl describe` says of the object, and is read into the same facts:
//! labels, annotations, creation time, owner, a NetworkPolicy's selector and the peers its
//! rules allow, a ConfigMap's data (`KEY<TAB>value`, or the key on one line and its value on
//! the next, as Headlamp lays it out), an ExternalSecret's target and last refresh.
//!
//! A blank line often cuts a section from its panel (`Data` and its keys below the fields):
//! such a block is read as that section of the panel whose title stands above it.
//! A pod's details, with its containers, are [`super::pane`]'s.

use crate::artifact::ArtifactKind;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::value::stamp;

/// Most lines above a section searched for the title of its panel.
const LOOKBACK: usize = 40;

/// Sections of a panel that hold fields of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Fields,
    Data,
    Ingress,
    Egress,
    /// Events, conditions and other sections read elsewhere or not at all.
    Other,
}

fn section(word: &str) -> Option<Section> {
    Some(match word {
        "Data" | "Binary Data" => Section::Data,
        "Ingress" | "Ingress Rules" => Section::Ingress,
        "Egress" | "Egress Rules" => Section::Egress,
        "Events" | "Conditions" | "Containers" | "Init Containers" | "Volumes" | "Metadata" | "Status" | "Spec" => Section::Other,
        _ => return None,
    })
}

/// The object a panel's title names: `Config Maps › app-config` (the kind in words, plural,
/// perhaps with a remark in brackets: `Kustomizations (Flux) › apps`), `Deployments  >  web`,
/// or `Secret: db-credentials` (perhaps with its API version after it in brackets).
pub fn title(text: &str) -> Option<(EntityKind, &str)> {
    let text = text.trim();
    let separator = if text.contains('›') { Some('›') } else if text.contains(" > ") { Some('>') } else { None };
    if let Some(separator) = separator {
        let (before, name) = text.rsplit_once(separator)?;
        let words = before.rsplit(separator).next()?;
        let words = words.split('(').next()?.trim();
        return named(words, name.trim());
    }
    let (kind, rest) = text.split_once(": ")?;
    let rest = rest.trim();
    let (name, tail) = rest.split_once(char::is_whitespace).map_or((rest, ""), |(name, tail)| (name, tail.trim()));
    if kind.contains(char::is_whitespace) || !name.contains(|c: char| c.is_ascii_lowercase()) || !(tail.is_empty() || tail.starts_with('(') && tail.ends_with(')')) {
        return None;
    }
    named(kind, name)
}

/// A kind in words (`Network Policies`, `ExternalSecret`) and an object's name.
fn named<'a>(words: &str, name: &'a str) -> Option<(EntityKind, &'a str)> {
    let word_ok = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.bytes().all(|b| b.is_ascii_alphabetic());
    let count = words.split_whitespace().count();
    if count == 0 || count > 3 || !words.split_whitespace().all(word_ok) {
        return None;
    }
    let name_ok = name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !name_ok {
        return None;
    }
    let joined: String = words.split_whitespace().collect();
    // Words that name a view, not a kind (`Cluster: prod`, `Workloads`).
    if matches!(joined.to_ascii_lowercase().as_str(), "cluster" | "clusters" | "workloads" | "project" | "context" | "logs" | "terminal") {
        return None;
    }
    let kind = EntityKind::from_k8s(&joined);
    // A custom kind keeps its singular spelling (`ExternalSecrets` → `ExternalSecret`).
    let kind = match kind {
        EntityKind::Resource(spelt) => EntityKind::Resource(spelt.strip_suffix('s').filter(|s| !s.is_empty()).unwrap_or(&spelt).to_string()),
        kind => kind,
    };
    Some((kind, name))
}

/// A field line: its key and value (`Labels<TAB>app=web`), or an empty key for a line that
/// goes on with the field above (`<TAB>tier=api`).
fn field(text: &str) -> Option<(&str, &str)> {
    let (key, value) = text.split_once('\t')?;
    let key = key.trim();
    let value = value.trim();
    let key_ok = key.is_empty() || key.starts_with(|c: char| c.is_ascii_uppercase()) && key.split_whitespace().count() <= 4 && !key.contains(':');
    key_ok.then_some((key, value))
}

/// Whether a block is a panel: its title, then at least two field lines, most of its lines fields.
fn is_panel(lines: &[Line<'_>]) -> Option<(EntityKind, usize)> {
    let mut texts = lines.iter().enumerate().filter(|(_, l)| !l.is_blank());
    let (at, first) = texts.next()?;
    let (kind, _) = title(first.text)?;
    let rest: Vec<&str> = texts.map(|(_, l)| l.text).collect();
    let fields = rest.iter().filter(|l| field(l).is_some()).count();
    let words = rest.iter().filter(|l| section(l.trim()).is_some()).count();
    (fields >= 2 && (fields + words) * 2 >= rest.len()).then_some((kind, at))
}

/// Reads the artifact as a panel or a panel's section; false when it is neither.
pub fn parse(cx: &mut Cx<'_>) -> bool {
    if !matches!(cx.artifact.kind, ArtifactKind::Note | ArtifactKind::Unknown | ArtifactKind::Describe | ArtifactKind::Yaml) {
        return false;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    if let Some((kind, at)) = is_panel(&lines) {
        // A pod's details with its containers are the pane's.
        if kind == EntityKind::Pod {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
            if super::pane::is_pane(&texts[1..]) {
                return false;
            }
        }
        let Some((_, name)) = title(lines[at].text) else { return false };
        let namespace = lines[at + 1..].iter().find_map(|l| field(l.text).filter(|(k, _)| *k == "Namespace").map(|(_, v)| v)).filter(|v| !v.is_empty());
        let namespace = namespace.or_else(|| known_namespace(cx, &kind, name));
        let subject = subject(cx, &kind, namespace, name, lines[at].trimmed().span);
        read(cx, &kind, subject, namespace, &lines[at + 1..], Section::Fields);
        cx.recognised();
        return true;
    }
    // A section set off from its panel by a blank line, under its heading.
    let Some(open) = cx.artifact.title.as_deref().and_then(section).filter(|s| *s != Section::Other) else { return false };
    let shaped = match open {
        Section::Data => lines.iter().all(|l| l.is_blank() || !l.text.trim().contains(' ') || field(l.text).is_some() || l.text.trim().contains("://")),
        _ => lines.iter().any(|l| field(l.text).is_some_and(|(k, _)| matches!(k, "From" | "To"))),
    };
    if !shaped {
        return false;
    }
    let Some((kind, name, namespace, span)) = panel_above(cx) else { return false };
    let data = open == Section::Data && kind.carries_config();
    let policy = open != Section::Data && kind == EntityKind::NetworkPolicy;
    if !data && !policy {
        return false;
    }
    let namespace = namespace.or_else(|| known_namespace(cx, &kind, name));
    let subject = subject(cx, &kind, namespace, name, span);
    read(cx, &kind, subject, namespace, &lines, open);
    cx.recognised();
    true
}

/// The entity a panel is about (a pod through `Cx::pod`, which records its owners).
fn subject(cx: &mut Cx<'_>, kind: &EntityKind, namespace: Option<&str>, name: &str, span: crate::span::Span) -> EntityId {
    if *kind == EntityKind::Pod {
        cx.pod(namespace, name, span)
    } else {
        crate::parse::table::object_entity(cx, kind, namespace, name, span)
    }
}

/// The panel a section belongs to: the nearest title above the artifact (within
/// [`LOOKBACK`] lines), with the namespace its `Namespace` field gives, and the span of the
/// artifact's first line (facts quote only their own artifact).
fn panel_above<'a>(cx: &Cx<'a>) -> Option<(EntityKind, &'a str, Option<&'a str>, crate::span::Span)> {
    let before = &cx.paste[..cx.artifact.body.start as usize];
    let span = cx.lines().find(|l| !l.is_blank()).map(|l| l.trimmed().span)?;
    let mut namespace = None;
    for line in before.lines().rev().take(LOOKBACK) {
        if let Some(("Namespace", value)) = field(line) {
            namespace = namespace.or(Some(value).filter(|v| !v.is_empty()));
        }
        if let Some((kind, name)) = title(line) {
            return Some((kind, name, namespace, span));
        }
    }
    None
}

/// The namespace the paste gave an object of this kind and name elsewhere (a list's
/// `Namespace` column, an owner reference read from a panel above).
pub fn known_namespace<'a>(cx: &Cx<'a>, kind: &EntityKind, name: &str) -> Option<&'a str> {
    let entity = cx.facts().entities().iter().find(|e| e.kind.same_resource(kind) && e.name == name && e.namespace.is_some())?;
    let namespace = entity.namespace.as_deref()?;
    // Borrowed from the paste, as every name a parser passes on is.
    cx.paste.find(namespace).map(|at| &cx.paste[at..at + namespace.len()])
}

/// `key: value` (Headlamp) or `key=value` (Lens, kubectl).
fn pair(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let (key, value) = match text.split_once(": ") {
        Some((key, value)) if !key.contains('=') => (key, value),
        _ => text.split_once('=')?,
    };
    let (key, value) = (key.trim(), value.trim());
    (!key.is_empty() && !key.contains(' ')).then_some((key, value))
}

/// Whether a data value is masked (Lens shows a Secret's values as dots until revealed).
fn masked(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| matches!(c, '•' | '*' | '●'))
}

/// Reads a panel's lines (after its title) into facts about `subject`.
fn read(cx: &mut Cx<'_>, kind: &EntityKind, subject: EntityId, namespace: Option<&str>, lines: &[Line<'_>], mut open: Section) {
    let mut key = "";
    // A data key on a line of its own, waiting for its value on the next.
    let mut data_key: Option<&str> = None;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let span = line.trimmed().span;
        let text = line.text.trim();
        let Some((field_key, value)) = field(line.text) else {
            if let Some(next) = section(text) {
                open = next;
                data_key = None;
                continue;
            }
            if open == Section::Data {
                match data_key.take() {
                    None if !text.contains(char::is_whitespace) => data_key = Some(text),
                    Some(name) if !masked(text) => {
                        cx.fact(subject, Predicate::ConfigValue, Value::pair(name, text), span);
                    }
                    _ => {}
                }
            }
            continue;
        };
        if !field_key.is_empty() {
            key = field_key;
        }
        match (open, key) {
            (Section::Data, name) if !field_key.is_empty() && !masked(value) && kind.carries_config() => {
                cx.fact(subject, Predicate::ConfigValue, Value::pair(name, value), span);
            }
            (Section::Fields, "Labels" | "Annotations") => {
                let predicate = if key == "Labels" { Predicate::Label } else { Predicate::Annotation };
                if let Some((k, v)) = pair(value) {
                    cx.fact(subject, predicate, Value::pair(k, v), span);
                }
            }
            (Section::Fields, "Creation" | "Created" | "Creation Timestamp") => {
                // Lens: `163d ago (2025-09-06T11:02:44Z)`.
                let inner = value.rsplit_once('(').map_or(value, |(_, rest)| rest.trim_end_matches(')'));
                if let Some(time) = stamp(inner).or_else(|| stamp(value)) {
                    cx.fact(subject, Predicate::CreatedAt, Value::Time(time), span);
                }
            }
            (Section::Fields, "Owner References" | "Controlled By") => {
                if let Some((owner_kind, name)) = crate::parse::table::value::console_object(value) {
                    let owner = crate::parse::table::object_entity(cx, &EntityKind::from_k8s(owner_kind), namespace, name, span);
                    cx.owner(subject, owner, span);
                }
            }
            (Section::Fields, "Pod Selector") if *kind == EntityKind::NetworkPolicy => {
                match pair(value) {
                    Some((k, v)) => cx.fact(subject, Predicate::Selector, Value::pair(k, v), span),
                    None => cx.fact(subject, Predicate::Selector, Value::pair("*", "*"), span),
                };
            }
            (Section::Fields, "Policy Types") => {
                for policy in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    cx.fact(subject, Predicate::PolicyType, Value::text(policy), span);
                }
            }
            (Section::Ingress | Section::Egress, "From" | "To") => {
                let predicate = if open == Section::Ingress { Predicate::AllowsFrom } else { Predicate::AllowsTo };
                let peer = |prefix: &str| value.strip_prefix(prefix).map(str::trim);
                if let Some(labels) = peer("Pod Selector:") {
                    match pair(labels) {
                        Some((k, v)) => cx.fact(subject, predicate, Value::pair(k, v), span),
                        None => cx.fact(subject, predicate, Value::pair("*", "*"), span),
                    };
                } else if let Some(labels) = peer("Namespace Selector:") {
                    match pair(labels) {
                        Some((k, v)) => cx.fact(subject, predicate, Value::pair(format!("namespace:{k}"), v), span),
                        None => cx.fact(subject, predicate, Value::pair("namespace:*", "*"), span),
                    };
                } else if let Some(cidr) = peer("IP Block:").or_else(|| peer("CIDR:")) {
                    cx.fact(subject, predicate, Value::text(cidr), span);
                }
            }
            // An ExternalSecret's last refresh dates the data of the Secret it writes.
            (Section::Fields, "Refresh Time") => {
                let target = lines.iter().find_map(|l| field(l.text).filter(|(k, _)| *k == "Target").map(|(_, v)| v.split_whitespace().next().unwrap_or("")));
                if let (Some(time), Some(target)) = (stamp(value), target.filter(|t| !t.is_empty())) {
                    let secret = crate::parse::table::object_entity(cx, &EntityKind::Secret, namespace, target, span);
                    cx.timed_fact(secret, Predicate::Changed, Value::text("refreshed"), Some(time), span);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines as facts;

    #[test]
    fn titles_name_the_kind_and_object() {
        use crate::fact::EntityKind;
        assert_eq!(super::title("Config Maps › shop-settings"), Some((EntityKind::ConfigMap, "shop-settings")));
        assert_eq!(super::title("Kustomizations (Flux) › apps"), Some((EntityKind::Kustomization, "apps")));
        assert_eq!(super::title("Secret: api-token"), Some((EntityKind::Secret, "api-token")));
        assert_eq!(super::title("ExternalSecret: api-token   (external-secrets.io/v1beta1)"), Some((EntityKind::Resource("ExternalSecret".into()), "api-token")));
        assert_eq!(super::title("Cluster: prod-eu"), None);
        assert_eq!(super::title("web-5d8f7c6b9-x2x4q › Logs"), None);
        assert_eq!(super::title("Note: the job runs at noon"), None);
        assert_eq!(super::title("Ports\tTCP: 5432"), None);
    }

    #[test]
    fn a_headlamp_config_map_panel_with_its_data_set_off_reads_as_the_config_map() {
        let paste = "Config Maps › shop-settings\nName\tshop-settings\nNamespace\tshop\nLabels\tapp: shop\n\tteam: retail\n\nData\nDB_HOST\ndb-qa.internal\nTIMEOUT\n30\n";
        let facts = facts(paste);
        for expected in ["configmap shop/shop-settings · Label · app=shop", "configmap shop/shop-settings · Label · team=retail", "configmap shop/shop-settings · ConfigValue · DB_HOST=db-qa.internal", "configmap shop/shop-settings · ConfigValue · TIMEOUT=30"] {
            assert!(facts.iter().any(|f| f == expected), "{expected} not in {facts:#?}");
        }
        assert!(!facts.iter().any(|f| f.starts_with("pod ")), "{facts:#?}");
    }

    #[test]
    fn a_network_policy_panel_says_its_selector_and_the_peers_its_rules_allow() {
        let paste = "Network Policies › db-ingress\nName\tdb-ingress\nNamespace\tbank\nCreation\t2025-03-02T08:00:00Z\nPod Selector\tapp: ledger-db\nPolicy Types\tIngress\n\nIngress\nPorts\tTCP: 5432\nFrom\tPod Selector: app: ledger\n\nIngress\nFrom\tNamespace Selector: team: ops\n";
        let facts = facts(paste);
        for expected in [
            "networkpolicy bank/db-ingress · Selector · app=ledger-db",
            "networkpolicy bank/db-ingress · PolicyType · Ingress",
            "networkpolicy bank/db-ingress · AllowsFrom · app=ledger",
            "networkpolicy bank/db-ingress · AllowsFrom · namespace:team=ops",
            "networkpolicy bank/db-ingress · CreatedAt · 2025-03-02T08:00:00Z",
        ] {
            assert!(facts.iter().any(|f| f == expected), "{expected} not in {facts:#?}");
        }
    }

    #[test]
    fn a_lens_secret_panel_names_its_owner_and_hides_its_values() {
        let paste = "Secret: api-token\nCreated\t40d ago (2025-01-02T10:00:00Z)\nName\tapi-token\nNamespace\tcrm\nOwner References\tExternalSecret api-token\nType\tOpaque\nData\nTOKEN\t••••••••\n";
        let facts = facts(paste);
        assert!(facts.iter().any(|f| f == "secret crm/api-token · OwnedBy · ExternalSecret crm/api-token"), "{facts:#?}");
        assert!(facts.iter().any(|f| f == "secret crm/api-token · CreatedAt · 2025-01-02T10:00:00Z"), "{facts:#?}");
        assert!(!facts.iter().any(|f| f.contains("ConfigValue")), "{facts:#?}");
    }
}

//! Alerts as Alertmanager and Prometheus hand them out in JSON: a webhook body
//! (`{"receiver":…,"alerts":[{"status":"firing","labels":{"alertname":…},"annotations":{…},
//! "startsAt":…}]}`), `amtool alert query -o json` and `/api/v2/alerts` (an array of alerts),
//! Prometheus' `/api/v1/alerts` (`data.alerts`).
//!
//! An alert is a rule's verdict, not a measurement, but the rules of kube-prometheus are
//! well known and their labels name the object: a firing alert is read for what its rule
//! means, timed when it started.
//!
//! | alert | fact |
//! |---|---|
//! | an autoscaler maxed out (`KubeHpaMaxedOut`: its name says `maxed`/`max replicas`, its labels name the `horizontalpodautoscaler`) | `Condition ScalingLimited=True` on the HPA, as the controller itself reports it |
//! | CPU throttling (`CPUThrottlingHigh`: `71.4% throttling of CPU … for container c in pod p`) | `Throttled` (the percentage over 100) on the container its labels name |
//! | a container stuck waiting (`KubeContainerWaiting`, built on `kube_pod_container_status_waiting_reason`, whose `reason` label it keeps) | `StateReason` (`ImagePullBackOff`, `CrashLoopBackOff`, …) on the container its labels name |
//!
//! Resolved alerts say what is no longer so and give nothing.

use crate::ascii::contains_ci;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::time::{parse_iso_prefix, Timestamp};
use crate::tree::Node;

/// A container state's reason as the kubelet spells it: one CamelCase word
/// (`ImagePullBackOff`, `CreateContainerConfigError`).
fn is_state_reason(reason: &str) -> bool {
    reason.starts_with(|c: char| c.is_ascii_uppercase()) && reason.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Reads the alerts in a JSON document; false when it holds none (then it is something else).
pub fn read<'a>(cx: &mut Cx<'a>, root: &Node<'a>) -> bool {
    let alerts = match root.get("alerts").or_else(|| root.at(&["data", "alerts"])) {
        Some(alerts) => alerts.items(),
        None if root.items().first().is_some_and(is_alert) => root.items(),
        None if is_alert(root) => std::slice::from_ref(root),
        None => return false,
    };
    if alerts.is_empty() || !alerts.iter().all(is_alert) {
        return false;
    }
    for alert in alerts.iter().filter(|a| firing(a)) {
        meaning(cx, alert);
    }
    true
}

/// An alert object: labels that name the alert.
fn is_alert(node: &Node<'_>) -> bool {
    node.at(&["labels", "alertname"]).and_then(Node::str).is_some()
}

/// Whether an alert still fires: the webhook's `status`, the v2 API's `status.state`, the
/// v1 API's `state`.
fn firing(alert: &Node<'_>) -> bool {
    let state = alert.get("status").and_then(|s| s.str().or_else(|| s.get("state").and_then(Node::str))).or_else(|| alert.get("state").and_then(Node::str));
    !state.is_some_and(|s| ["resolved", "inactive", "suppressed"].iter().any(|r| s.eq_ignore_ascii_case(r)))
}

/// The facts a firing alert's rule stands for.
fn meaning(cx: &mut Cx<'_>, alert: &Node<'_>) {
    let label = |key: &str| alert.at(&["labels", key]).and_then(Node::str);
    let Some(name) = label("alertname") else { return };
    let namespace = label("namespace");
    let time = ["startsAt", "activeAt"].iter().find_map(|k| alert.get(k).and_then(Node::str)).and_then(parse_iso_prefix).map(|p| p.time).filter(|t: &Timestamp| t.0 > 0);
    let span = alert.get("labels").map_or(alert.span, |l| l.span);
    let maxed = contains_ci(name, "maxedout") || contains_ci(name, "maxreplicas") || contains_ci(name, "atmax");
    if let (true, Some(hpa)) = (maxed, label("horizontalpodautoscaler").or_else(|| label("hpa"))) {
        let id = cx.entity(EntityKind::HorizontalPodAutoscaler, namespace, hpa);
        cx.timed_fact(id, Predicate::Condition, Value::pair("ScalingLimited", "True"), time, span);
    }
    // The waiting reason a kube-state-metrics series carried into the alert's labels is the
    // container's state, as the metric itself says it.
    let waiting = contains_ci(name, "waiting") || contains_ci(name, "backoff") || contains_ci(name, "crashloop");
    if let (true, Some(pod), Some(container), Some(reason)) = (waiting, label("pod"), label("container"), label("reason").filter(|r| is_state_reason(r))) {
        let id = cx.container(namespace, pod, container, span);
        cx.timed_fact(id, Predicate::StateReason, Value::text(reason), time, span);
    }
    let description = ["description", "message", "summary"].iter().find_map(|k| alert.at(&["annotations", k]).and_then(Node::str)).unwrap_or("");
    if let (true, Some(pod), Some(container), Some(share)) = (contains_ci(name, "throttl"), label("pod"), label("container"), percent_before(description, "throttling")) {
        let id = cx.container(namespace, pod, container, span);
        cx.timed_fact(id, Predicate::Throttled, Value::Ratio { num: share, den: 100.0 }, time, span);
    }
}

/// The percentage written right before `word` (`71.4% throttling of CPU`).
fn percent_before(text: &str, word: &str) -> Option<f64> {
    let at = crate::ascii::find_ci(text, word)?;
    let number = text[..at].trim_end().strip_suffix('%')?;
    let start = number.rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
    crate::number::parse_f64(&number[start..])
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn facts(paste: &str, predicate: Predicate) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest.facts.with(predicate).map(|f| format!("{} {}", ingest.facts.entity_of(f.subject), ingest.facts.display_value(&f.value))).collect()
    }

    #[test]
    fn firing_alerts_of_well_known_rules_are_read_for_what_they_mean() {
        let webhook = r#"{"receiver":"oncall","status":"firing","alerts":[
{"status":"firing","labels":{"alertname":"KubeHpaMaxedOut","horizontalpodautoscaler":"web","namespace":"shop"},"annotations":{"description":"HPA shop/web has been running at max replicas for longer than 15 minutes."},"startsAt":"2025-10-02T19:04:31.118Z"},
{"status":"firing","labels":{"alertname":"CPUThrottlingHigh","container":"app","namespace":"shop","pod":"web-7f4c9b8d6-k2m8x"},"annotations":{"description":"71.4% throttling of CPU in namespace shop for container app in pod web-7f4c9b8d6-k2m8x."},"startsAt":"2025-10-02T19:11:46.902Z"},
{"status":"resolved","labels":{"alertname":"CPUThrottlingHigh","container":"app","namespace":"shop","pod":"web-7f4c9b8d6-x9q4t"},"annotations":{"description":"50% throttling of CPU in namespace shop for container app in pod web-7f4c9b8d6-x9q4t."}}
]}"#;
        assert_eq!(facts(webhook, Predicate::Condition), ["hpa shop/web ScalingLimited=True"]);
        assert_eq!(facts(webhook, Predicate::Throttled), ["container shop/web-7f4c9b8d6-k2m8x/app 71.4/100"]);
    }

    #[test]
    fn a_waiting_alert_gives_the_reason_its_labels_carry_to_the_container() {
        let webhook = r#"{"alerts":[
{"status":"firing","labels":{"alertname":"KubeContainerWaiting","namespace":"shop","pod":"web-85d7f6c9b-9tq4w","container":"app","reason":"ImagePullBackOff"},"startsAt":"2025-01-22T09:16:30Z"},
{"status":"resolved","labels":{"alertname":"KubeContainerWaiting","namespace":"shop","pod":"web-85d7f6c9b-x7c2p","container":"app","reason":"ContainerCreating"}}
]}"#;
        assert_eq!(facts(webhook, Predicate::StateReason), ["container shop/web-85d7f6c9b-9tq4w/app ImagePullBackOff"]);
    }
}

//! Connectivity checks run from inside the cluster: `kubectl exec -n ns deploy/x -- curl …`,
//! `kubectl run tmp -n ns --rm -it --image=curl -- curl …`. What such a command prints is
//! what a pod in that namespace (or that workload) got when it called the address the command
//! names, so each output line becomes a `Log` fact on the caller and a `ConnectsTo` fact for
//! that address, exactly as the caller's own log line would. Inference then reads a
//! "Connection timed out" there as a failed call from a known namespace, which log lines
//! that do not say who wrote them cannot give.

use crate::ascii::Set;
use crate::command::Command;
use crate::extract::{first, scan, What};
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// Tools that call an address and print how the call went.
const CALLING_TOOLS: &[&str] = &["curl", "wget", "nc", "ncat", "telnet", "nslookup", "dig", "grpcurl", "psql", "redis-cli"];

pub fn parse(cx: &mut Cx<'_>) {
    let Some(command) = cx.artifact.command.as_ref() else { return };
    let Some((caller_kind, caller)) = caller(command) else { return };
    // The tool's words after `--` (also inside `sh -c '…'`): the first address they name.
    let Some(dashes) = command.args.iter().position(|w| w == "--") else { return };
    let remote = command.args[dashes + 1..].join(" ");
    if !remote.split_whitespace().any(|w| CALLING_TOOLS.contains(&w.trim_start_of(b"'\""))) {
        return;
    }
    let address_in = |text: &str| {
        first(&scan(text), |w| match w {
            What::Url(a) | What::Address(a) => Some(a.clone()),
            _ => None,
        })
    };
    let Some(address) = address_in(&remote).or_else(|| host_then_port(&remote).and_then(|joined| address_in(&joined))) else {
        return;
    };
    // A pod asking itself (`curl localhost:8080/version`) reads its own state; it calls no one.
    if address.host.as_deref().is_some_and(|h| matches!(h, "localhost" | "127.0.0.1" | "::1" | "[::1]" | "0.0.0.0")) {
        return;
    }
    let namespace = command.namespace();
    let subject = match caller_kind {
        EntityKind::Pod => cx.pod(namespace, caller, cx.artifact.body),
        kind => cx.entity(kind, namespace, caller),
    };
    for line in cx.lines().filter(|l| !l.is_blank()) {
        let message = line.text.trim().to_string();
        cx.fact(subject, Predicate::Log, Value::Log { level: None, message }, line.span);
        cx.fact(subject, Predicate::ConnectsTo, Value::Address(Box::new(address.clone())), line.span);
    }
}

/// `nc -vz -w 3 redis.cache 6379`, `telnet db 5432`: socket tools take the host and the port
/// as the last two words; joined as `host:port` they read like any other address.
fn host_then_port(remote: &str) -> Option<String> {
    let words: Vec<&str> = remote.split_whitespace().map(|w| w.trim_end_of(b"'\"")).collect();
    let [.., host, port] = words.as_slice() else { return None };
    let is_port = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    (is_port && !host.starts_with('-')).then(|| format!("{host}:{port}"))
}

/// Who runs the check: the object `kubectl exec` enters (`deploy/x`, a pod), or the pod
/// `kubectl run` starts.
fn caller(command: &Command) -> Option<(EntityKind, &str)> {
    if command.program != "kubectl" {
        return None;
    }
    let words = command.positionals();
    let target = *words.get(1)?;
    match *words.first()? {
        "exec" => match target.split_once('/') {
            Some((kind, name)) => Some((crate::extract::k8s_kind(kind)?, name)),
            None => Some((EntityKind::Pod, target)),
        },
        "run" => Some((EntityKind::Pod, target)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    #[test]
    fn a_check_from_a_namespace_is_a_call_from_there() {
        let paste = "$ kubectl run tmp-curl -n web --rm -it --image=curlimages/curl -- curl -m 5 -s https://api.payments.svc.cluster.local:8443/healthz\ncurl: (28) Connection timed out after 5001 milliseconds\n";
        let ingest = crate::ingest(paste);
        let facts = ingest.facts.all();
        let log = facts.iter().find(|f| f.predicate == Predicate::Log).expect("a log fact");
        assert_eq!(ingest.facts.entities()[log.subject.0 as usize].to_string(), "pod web/tmp-curl");
        let connect = facts.iter().find(|f| f.predicate == Predicate::ConnectsTo).expect("a call");
        assert_eq!(connect.span, log.span);
        assert!(connect.value.to_string().contains("api.payments.svc.cluster.local"), "{}", connect.value);
    }

    #[test]
    fn a_socket_tool_names_host_and_port_as_two_words() {
        let paste = "$ kubectl -n telemetry exec ingest-5c94f7db8-6k2wq -- nc -vz -w 3 redis-master.stream-infra 6379\nnc: redis-master.stream-infra (10.0.148.22:6379): Operation timed out\n";
        let ingest = crate::ingest(paste);
        let connect = ingest.facts.all().iter().find(|f| f.predicate == Predicate::ConnectsTo).expect("a call");
        assert!(connect.value.to_string().contains("redis-master.stream-infra:6379"), "{}", connect.value);
    }

    #[test]
    fn other_commands_are_no_checks() {
        for paste in ["$ kubectl exec -n web deploy/api -- cat /etc/config.yaml\ntimeout: 5s\n", "$ kubectl exec -n web deploy/api -- curl -s localhost:8080/version\n{\"version\":\"1.2\"}\n"] {
            let ingest = crate::ingest(paste);
            assert!(ingest.facts.all().iter().all(|f| f.predicate != Predicate::ConnectsTo), "{paste}");
        }
    }
}

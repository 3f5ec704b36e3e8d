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
    let dev_tcp = dev_tcp_address(&remote);
    if dev_tcp.is_none() && !remote.split_whitespace().any(|w| CALLING_TOOLS.contains(&w.trim_start_of(b"'\""))) {
        return;
    }
    let address_in = |text: &str| {
        first(&scan(text), |w| match w {
            What::Url(a) | What::Address(a) => Some(a.clone()),
            _ => None,
        })
    };
    let Some(address) = dev_tcp.and_then(|joined| address_in(&joined)).or_else(|| address_in(&remote)).or_else(|| host_then_port(&remote).and_then(|joined| address_in(&joined))) else {
        return;
    };
    // `timeout N …` ends a call that hung with exit status 124, which the check prints
    // (`rc=124`, `command terminated with exit code 124`): that is a connect that timed out.
    let timed = remote.split_whitespace().any(|w| w.trim_start_of(b"'\"") == "timeout");
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
        let mut message = line.text.trim().to_string();
        if timed && timeout_status(&message) {
            message.push_str(": connect timed out (exit status 124 of `timeout`)");
        }
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

/// bash's own socket check, `</dev/tcp/HOST/PORT` (as `cat < /dev/tcp/…` or inside
/// `bash -c`): the address it opens, as `HOST:PORT`.
fn dev_tcp_address(remote: &str) -> Option<String> {
    let at = remote.find("/dev/tcp/")? + "/dev/tcp/".len();
    let rest = &remote[at..];
    let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ';' | '&' | '|')).unwrap_or(rest.len());
    let (host, port) = rest[..end].split_once('/')?;
    (!host.is_empty() && !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{host}:{port}"))
}

/// Whether a line of a check's output reports `timeout`'s exit status, 124.
fn timeout_status(line: &str) -> bool {
    let status = line.rsplit(['=', ' ', ':']).next().unwrap_or("");
    status == "124" && (line.len() <= 12 || crate::ascii::contains_ci(line, "exit"))
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
    fn bash_dev_tcp_under_timeout_is_a_check_that_timed_out() {
        let paste = "$ kubectl -n assay exec titrator-0 -- bash -c 'timeout 5 bash -c \"</dev/tcp/lims-gateway.lab.svc/7443\" && echo open || echo rc=$?'\nrc=124\n";
        let ingest = crate::ingest(paste);
        let facts = ingest.facts.all();
        let connect = facts.iter().find(|f| f.predicate == Predicate::ConnectsTo).expect("a call");
        assert!(connect.value.to_string().contains("lims-gateway.lab.svc:7443"), "{}", connect.value);
        let log = facts.iter().find(|f| f.predicate == Predicate::Log).expect("a log fact");
        assert!(log.value.to_string().contains("timed out"), "{}", log.value);
        assert_eq!(crate::infer::derive::network::failure_of(&log.value.to_string()), Some(crate::infer::claim::CallFailure::TimedOut));
        assert!(!super::timeout_status("rc=1") && !super::timeout_status("processed 124 rows") && super::timeout_status("command terminated with exit code 124"));
    }

    #[test]
    fn other_commands_are_no_checks() {
        for paste in ["$ kubectl exec -n web deploy/api -- cat /etc/config.yaml\ntimeout: 5s\n", "$ kubectl exec -n web deploy/api -- curl -s localhost:8080/version\n{\"version\":\"1.2\"}\n"] {
            let ingest = crate::ingest(paste);
            assert!(ingest.facts.all().iter().all(|f| f.predicate != Predicate::ConnectsTo), "{paste}");
        }
    }
}

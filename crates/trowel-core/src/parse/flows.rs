//! Flow records that say a packet was dropped by network policy: what the CNI's own
//! observability prints, the most direct evidence that a policy cuts a caller off.
//!
//! | source | record |
//! |---|---|
//! | Hubble JSON (`hubble observe -o json/jsonpb`, also reshaped by `jq`) | `{"flow":{"verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED","source":{"namespace":…,"pod_name":…},"destination":{…}}}`, or a projection such as `{"verdict":…,"src":"ns/pod","dst":"ns/pod","port":6379}` |
//! | Hubble text, Cilium monitor | `ns/pod:port (ID:…) <> ns/pod:port (ID:…) Policy denied DROPPED (TCP Flags: SYN)` |
//! | AWS VPC flow logs (default format, version 2) | `2 acct eni-… src dst srcport dstport proto packets bytes start end REJECT OK`: a security group or network ACL turned the packets away |
//! | a host firewall's kernel log (netfilter `LOG`: ufw, firewalld, iptables/nftables rules with a log prefix) | `[UFW BLOCK] IN=eth0 OUT= … SRC=a DST=b … PROTO=TCP SPT=… DPT=6379 …`: the prefix before `IN=` names the verdict (`BLOCK`, `DROP`, `REJECT`, `DENY`) |
//!
//! Each dropped flow becomes a `DroppedByPolicy` fact on the sending pod (else a `LogSource`
//! named by its address) whose value is the destination as printed. Flows forwarded, or
//! dropped for another reason, say nothing about policy and are left alone.

use crate::ascii::Set;
use crate::ascii::contains_ci;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::Timestamp;
use crate::tree::Node;

/// Reads a JSON document that is one Hubble flow (or a `jq` projection of one); false when
/// it is no flow record (then it is something else).
pub fn read_json<'a>(cx: &mut Cx<'a>, root: &Node<'a>) -> bool {
    let flow = root.get("flow").filter(|f| f.get("verdict").is_some()).unwrap_or(root);
    let Some(verdict) = flow.get("verdict").and_then(Node::str) else { return false };
    let reason = drop_reason(flow);
    if !verdict.eq_ignore_ascii_case("DROPPED") && !verdict.eq_ignore_ascii_case("DENIED") || !contains_ci(reason, "polic") && !verdict.eq_ignore_ascii_case("DENIED") {
        return true;
    }
    let endpoint = |side: &str, short: &str| -> Option<String> {
        let node = flow.get(side).or_else(|| flow.get(short))?;
        if let Some(text) = node.str() {
            return Some(text.to_string());
        }
        let pod = node.get("pod_name").and_then(Node::str).filter(|p| !p.is_empty());
        let ns = node.get("namespace").and_then(Node::str).filter(|n| !n.is_empty());
        match (ns, pod) {
            (Some(ns), Some(pod)) => Some(format!("{ns}/{pod}")),
            (None, Some(pod)) => Some(pod.to_string()),
            _ => flow.at(&["IP", side]).and_then(Node::str).map(str::to_string),
        }
    };
    let (Some(source), Some(destination)) = (endpoint("source", "src"), endpoint("destination", "dst")) else { return true };
    let port = flow.get("port").or_else(|| flow.at(&["l4", "TCP", "destination_port"])).or_else(|| flow.at(&["l4", "UDP", "destination_port"])).and_then(Node::str);
    let destination = match port {
        Some(port) if !destination.contains(':') => format!("{destination}:{port}"),
        _ => destination,
    };
    let time = flow.get("time").or_else(|| root.get("time")).and_then(Node::str).and_then(crate::time::parse_log_time).map(|p| p.time);
    dropped(cx, &source, destination, time, root.span);
    true
}

/// Why the flow was dropped: Hubble's own fields, else the field a `jq` projection renamed
/// them to (`drop`, `reason`, `dropReason`: any key that speaks of a drop or a reason).
fn drop_reason<'n>(flow: &'n Node<'_>) -> &'n str {
    let named = ["drop_reason_desc", "drop_reason", "policy_match_type"].iter().find_map(|k| flow.get(k).and_then(Node::str));
    named
        .or_else(|| flow.entries().iter().filter(|e| contains_ci(&e.key, "drop") || contains_ci(&e.key, "reason")).find_map(|e| e.value.str()))
        .unwrap_or("")
}

/// Reads one text line of `hubble observe` or `cilium monitor` that reports a policy drop:
/// `src <> dst … Policy denied DROPPED` (or `-> dst`). False for any other line.
pub fn read_line(cx: &mut Cx<'_>, text: &str, time: Option<Timestamp>, span: Span) -> bool {
    if !contains_ci(text, "policy denied") && !contains_ci(text, "policy-verdict") || !contains_ci(text, "DROPPED") && !contains_ci(text, "DENIED") {
        return false;
    }
    let Some((arrow, len)) = [" <> ", " -> "].iter().find_map(|a| text.find(a).map(|i| (i, a.len()))) else { return false };
    let source = text[..arrow].split_whitespace().rev().find(|w| !w.starts_with("(ID:") && !w.starts_with('(')).unwrap_or("");
    let destination = text[arrow + len..].split_whitespace().next().unwrap_or("");
    if source.is_empty() || destination.is_empty() || !source.contains_of(b"/:.") {
        return false;
    }
    dropped(cx, source, destination.to_string(), time, span);
    true
}

/// Reads one AWS VPC flow log record in the default format (`version account-id
/// interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action
/// log-status`); a `REJECT` is a flow a security group or network ACL dropped, timed by its
/// capture window's start. True for any record (accepted ones say nothing of policy).
pub fn read_vpc_flow_log(cx: &mut Cx<'_>, text: &str, span: Span) -> bool {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [version, _account, interface, source, destination, _sport, dport, _proto, _packets, _bytes, start, _end, action, _status] = fields[..] else { return false };
    let is_address = |a: &str| a.parse::<std::net::IpAddr>().is_ok();
    let numeric = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    if !numeric(version) || !(interface.starts_with("eni-") || interface == "-") || !is_address(source) || !is_address(destination) || !numeric(start) {
        return false;
    }
    if !action.eq_ignore_ascii_case("REJECT") {
        return action.eq_ignore_ascii_case("ACCEPT");
    }
    let time = start.parse::<i64>().ok().map(|s| Timestamp(s * 1000));
    dropped(cx, source, format!("{destination}:{dport}"), time, span);
    true
}

/// Reads one packet a host firewall logged through netfilter's `LOG` target (`kern.log`,
/// `dmesg`, `journalctl -k`): `<prefix> IN=… OUT=… SRC=a DST=b … DPT=p`. The log prefix is
/// the rule's own label, so only one that says the packet was turned away (`[UFW BLOCK]`,
/// firewalld's `FINAL_REJECT:`, `IPTABLES-DROP:`, `nft deny`) is a drop; `[UFW ALLOW]`,
/// `[UFW AUDIT]` and unlabelled logging rules say nothing of policy. False for any other line.
pub fn read_netfilter_line(cx: &mut Cx<'_>, text: &str, time: Option<Timestamp>, span: Span) -> bool {
    let Some(fields_at) = text.find(" IN=").or_else(|| text.find("]IN=")).or_else(|| text.find(":IN=")) else { return false };
    let field = |key: &str| text[fields_at..].split_whitespace().find_map(|w| w.strip_prefix(key)).filter(|v| !v.is_empty());
    let (Some(source), Some(destination)) = (field("SRC="), field("DST=")) else { return false };
    let prefix = &text[..fields_at];
    let verdict = prefix.rsplit(": ").next().unwrap_or(prefix);
    if !["BLOCK", "DROP", "REJECT", "DENY", "DENIED"].iter().any(|v| contains_ci(verdict, v)) {
        return true;
    }
    let destination = match field("DPT=") {
        Some(port) => format!("{destination}:{port}"),
        None => destination.to_string(),
    };
    dropped(cx, source, destination, time, span);
    true
}

/// Records one dropped flow on its sender: the pod `ns/pod[:port]` names, else the
/// program at that address.
fn dropped(cx: &mut Cx<'_>, source: &str, destination: String, time: Option<Timestamp>, span: Span) {
    let without_port = |s: &str| s.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(s, |(h, _)| h).to_string();
    let source = without_port(source);
    let sender: EntityId = match source.split_once('/') {
        Some((ns, pod)) if !ns.is_empty() && !pod.is_empty() => cx.pod(Some(ns), pod, span),
        _ => cx.entity(EntityKind::LogSource, None, source.as_str()),
    };
    cx.timed_fact(sender, Predicate::DroppedByPolicy, Value::text(destination), time, span);
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;
    use crate::infer::claim::ClaimKind;
    use crate::infer::kb::Kb;

    /// `sender → destination @ time` of the policy drops a paste reports.
    fn drops(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts
            .all()
            .iter()
            .filter(|f| f.predicate == Predicate::DroppedByPolicy)
            .map(|f| format!("{} → {} @ {}", facts.entity_of(f.subject), facts.display_value(&f.value), f.time.map_or("-".into(), |t| t.date())))
            .collect()
    }

    #[test]
    fn hubble_json_flows_dropped_by_policy_name_sender_and_destination() {
        // As `hubble observe -o jsonpb` prints a flow.
        let paste = "{\"flow\":{\"time\":\"2025-11-20T14:29:58Z\",\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\",\"source\":{\"namespace\":\"shop\",\"pod_name\":\"cart-7d9f8b6c5d-x2x9z\"},\"destination\":{\"namespace\":\"data\",\"pod_name\":\"redis-0\"},\"l4\":{\"TCP\":{\"destination_port\":6379}}}}\n";
        assert_eq!(drops(paste), ["pod shop/cart-7d9f8b6c5d-x2x9z → data/redis-0:6379 @ 2025-11-20"]);
        // Reshaped by `jq`; forwarded flows and drops for other reasons say nothing of policy.
        let paste = "{\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\",\"src\":\"shop/cart-1\",\"dst\":\"data/redis-0\",\"port\":6379}\n{\"verdict\":\"FORWARDED\",\"drop_reason_desc\":null,\"src\":\"shop/web-1\",\"dst\":\"data/redis-0\",\"port\":6379}\n{\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"CT_MAP_INSERTION_FAILED\",\"src\":\"shop/web-1\",\"dst\":\"data/redis-0\",\"port\":6379}\n";
        assert_eq!(drops(paste), ["pod shop/cart-1 → data/redis-0:6379 @ -"]);
        // A projection that renamed the reason field (`drop: .flow.drop_reason_desc`).
        let paste = "{\"time\":\"2025-11-20T14:29:58Z\",\"src\":\"shop/cart-1\",\"dst\":\"data/redis-0\",\"port\":6379,\"verdict\":\"DROPPED\",\"drop\":\"POLICY_DENIED\"}\n";
        assert_eq!(drops(paste), ["pod shop/cart-1 → data/redis-0:6379 @ 2025-11-20"]);
    }

    #[test]
    fn host_firewall_log_lines_that_block_are_drops_from_the_source_address() {
        let paste = "Oct  9 13:58:02 redis-01 kernel: [8817204.552190] [UFW BLOCK] IN=ens18 OUT= MAC=bc:24:11:5e:0a:14:bc:24:11:9f:c2:71:08:00 SRC=10.31.4.12 DST=10.31.8.20 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=40211 DF PROTO=TCP SPT=50388 DPT=6379 WINDOW=64240 RES=0x00 SYN URGP=0
Oct  9 13:58:03 redis-01 kernel: [8817205.1] [UFW ALLOW] IN=ens18 OUT= MAC=bc:24 SRC=10.31.0.7 DST=10.31.8.20 LEN=60 PROTO=TCP SPT=50390 DPT=22 SYN URGP=0
Oct  9 13:58:04 redis-01 kernel: [8817206.2] FINAL_REJECT: IN=eth0 OUT= MAC=00:50 SRC=10.31.4.13 DST=10.31.8.20 LEN=60 PROTO=TCP SPT=43916 DPT=5432 SYN URGP=0
";
        assert_eq!(drops(paste), ["log-source 10.31.4.12 → 10.31.8.20:6379 @ -", "log-source 10.31.4.13 → 10.31.8.20:5432 @ -"]);
    }

    #[test]
    fn vpc_flow_log_rejects_are_drops_from_the_source_address() {
        let paste = "VPC flow logs:\n2 2098 eni-04c1d7e9 10.42.9.84 10.42.33.17 51822 5432 6 3 180 1793282700 1793282760 REJECT OK\n2 2098 eni-04c1d7e9 10.42.17.55 10.42.33.17 33410 5432 6 1 60 1793282700 1793282760 ACCEPT OK\n";
        assert_eq!(drops(paste), ["log-source 10.42.9.84 → 10.42.33.17:5432 @ 2026-10-29"]);
    }

    #[test]
    fn hubble_text_lines_dropped_by_policy_are_read_and_claimed_per_caller() {
        let paste = "Nov 20 14:29:58.117: shop/cart-7d9f8b6c5d-x2x9z:43210 (ID:1234) <> data/redis-0:6379 (ID:5678) Policy denied DROPPED (TCP Flags: SYN)\nNov 20 14:29:59.117: shop/cart-7d9f8b6c5d-q8w7e:43211 (ID:1234) <> data/redis-0:6379 (ID:5678) Policy denied DROPPED (TCP Flags: SYN)\nNov 20 14:30:00.001: shop/web-5f7c8d9b62-hx4vr:40000 (ID:99) -> data/redis-0:6379 (ID:5678) to-endpoint FORWARDED (TCP Flags: SYN)\n";
        assert_eq!(drops(paste).len(), 2);
        // Both pods belong to one workload: one claim, about it.
        let ingest = crate::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let claims = crate::infer::derive::derive(&kb);
        let statements: Vec<&str> = claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::FlowsDroppedByPolicy { .. })).map(|c| c.statement.as_str()).collect();
        assert_eq!(statements, ["the network reports 2 flows from cart to data/redis-0:6379 dropped by policy"]);
    }
}

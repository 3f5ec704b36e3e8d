//! Parser for `tls` artifacts: what TLS tools print about a certificate.
//!
//! | output | facts |
//! |---|---|
//! | `openssl x509 -dates`: `notBefore=Oct 17 00:00:00 2024 GMT`, `notAfter=…` | `NotBefore`, `NotAfter` |
//! | `openssl x509 -text`: `Not Before: …`, `Not After : …` | `NotBefore`, `NotAfter` |
//! | `openssl s_client`: `v:NotBefore: …; NotAfter: …` per chain entry, `verify error:num=10:certificate has expired`, `Verify return code: 10 (certificate has expired)` | dates of each certificate of the chain; the error as a `Log` |
//! | `curl -v`: `*  start date: …`, `*  expire date: …`; `curl: (60) SSL certificate problem: certificate has expired` | dates; the error as a `Log` |
//!
//! Whose certificate: the Secret a `kubectl get secret` stage of the command reads, else the
//! host the command connects to (`-connect host:443`, `-servername host`, a URL), else the
//! certificate file it reads (`-in tls.crt`), else the subject CN the output prints, as a
//! `Host`. In an `s_client` chain, certificates below the leaf (`depth=1`, ` 1 s:CN = R11`)
//! are their issuers, named by their own CN. Dates are read with the table parser's date
//! reader, which knows openssl's `Jan 15 23:59:59 2025 GMT`.

use crate::ascii::Set;
use super::table::value::stamp;
use crate::command::Command;
use crate::fact::{EntityId, EntityKind, Level, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;

pub fn parse(cx: &mut Cx<'_>) {
    let lines: Vec<Line<'_>> = cx.lines().map(|l| l.trimmed()).filter(|l| !l.text.is_empty()).collect();
    let leaf = match cx.artifact.command.as_ref().and_then(|c| commanded_subject(cx, c)) {
        Some(id) => id,
        None => {
            let cn = lines.iter().find_map(|l| subject_line(l.text).map(|(_, subject)| subject).and_then(common_name));
            cx.entity(EntityKind::Host, None, cn.unwrap_or("certificate"))
        }
    };
    // The certificate the lines are about: the leaf until a chain entry or a `depth=N` line
    // names another one.
    let mut current = leaf;
    let mut read_any = false;
    for line in lines {
        let text = line.text.trim_start_of(b"* ");
        if let Some((depth, subject)) = subject_line(text).or_else(|| depth_line(text)) {
            current = match (depth, common_name(subject)) {
                (Some(d), Some(cn)) if d > 0 => cx.entity(EntityKind::Host, None, cn),
                (Some(d), None) if d > 0 => current,
                _ => leaf,
            };
            read_any = true;
            continue;
        }
        let dates = dates(text);
        if !dates.is_empty() {
            for (predicate, date) in dates {
                match stamp(date) {
                    Some(time) => {
                        cx.fact(current, predicate, Value::Time(time), line.span);
                    }
                    None => cx.unparsed(line.span, "a certificate date Trowel cannot read"),
                }
            }
            read_any = true;
            continue;
        }
        // `---` ends s_client's chain; the final verify result is about the connection.
        if text.starts_with("---") || text.starts_with("Verify return code") {
            current = leaf;
        }
        if is_verify_error(text) {
            cx.fact(current, Predicate::Log, Value::Log { level: Some(Level::Error), message: text.to_string() }, line.span);
            read_any = true;
        }
    }
    if !read_any {
        cx.unparsed(cx.artifact.body, "TLS tool output without certificate dates or verify results");
    }
}

/// The certificate the command is about: a Secret it reads with kubectl, a host it connects
/// to, or a file it reads.
fn commanded_subject(cx: &mut Cx<'_>, command: &Command) -> Option<EntityId> {
    if command.program == "kubectl" {
        if let Some(("secret" | "secrets", Some(name))) = command.resource() {
            return Some(cx.entity(EntityKind::Secret, command.namespace(), name));
        }
    }
    let stages = std::iter::once(std::iter::once(&command.program).chain(&command.args).collect::<Vec<_>>())
        .chain(command.pipes.iter().map(|s| s.iter().collect()));
    let mut file = None;
    for stage in stages {
        let mut words = stage.into_iter();
        while let Some(word) = words.next() {
            let host = match word.as_str() {
                "-connect" | "-servername" => words.next().map(|target| target.rsplit_once(':').map_or(target.as_str(), |(h, _)| h)),
                "-in" => {
                    file = file.or(words.next());
                    None
                }
                url => url.split_once("://").filter(|(scheme, _)| scheme.starts_with("http")).map(|(_, rest)| {
                    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
                    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
                }),
            };
            if let Some(host) = host.filter(|h| !h.is_empty()) {
                return Some(cx.entity(EntityKind::Host, None, host));
            }
        }
    }
    let file = file?;
    Some(cx.entity(EntityKind::Resource("certificate file".into()), None, file))
}

/// `subject=CN = x`, `Subject: CN = x` (x509 -text), `subject: CN=x` (curl), ` 0 s:CN = x` (an s_client chain entry): the
/// chain depth when printed, and the subject.
fn subject_line(text: &str) -> Option<(Option<u32>, &str)> {
    let head = text.get(..8).unwrap_or("");
    if head.eq_ignore_ascii_case("subject=") || head.eq_ignore_ascii_case("subject:") {
        return Some((None, text[8..].trim()));
    }
    let (depth, rest) = text.split_once(' ')?;
    let depth: u32 = depth.parse().ok()?;
    Some((Some(depth), rest.trim().strip_prefix("s:")?))
}

/// `depth=1 C = US, O = Let's Encrypt, CN = R11`.
fn depth_line(text: &str) -> Option<(Option<u32>, &str)> {
    let rest = text.strip_prefix("depth=")?;
    let (depth, subject) = rest.split_once(' ').unwrap_or((rest, ""));
    Some((Some(depth.parse().ok()?), subject))
}

/// The CN of a distinguished name in either spelling (`CN = x, O = y`, `/O=y/CN=x`).
fn common_name(subject: &str) -> Option<&str> {
    let at = subject.find("CN")?;
    let rest = subject[at + 2..].trim_start().strip_prefix('=')?.trim_start();
    let end = rest.find_of(b",/").unwrap_or(rest.len());
    let cn = rest[..end].trim();
    (!cn.is_empty()).then_some(cn)
}

/// The validity dates a line states, with the predicate each becomes.
fn dates(text: &str) -> Vec<(Predicate, &str)> {
    const KEYS: &[(&str, Predicate)] = &[
        ("notafter=", Predicate::NotAfter),
        ("notbefore=", Predicate::NotBefore),
        ("not after :", Predicate::NotAfter),
        ("not after:", Predicate::NotAfter),
        ("not before:", Predicate::NotBefore),
        ("not before :", Predicate::NotBefore),
        ("notafter:", Predicate::NotAfter),
        ("notbefore:", Predicate::NotBefore),
        ("expire date:", Predicate::NotAfter),
        ("start date:", Predicate::NotBefore),
    ];
    // `v:NotBefore: Oct 17 00:00:00 2024 GMT; NotAfter: Jan 15 23:59:59 2025 GMT`.
    let text = text.strip_prefix("v:").unwrap_or(text);
    let mut out = Vec::new();
    for part in text.split(';') {
        let part = part.trim();
        let head = part.get(..13).unwrap_or(part).to_ascii_lowercase();
        if let Some((key, predicate)) = KEYS.iter().find(|(k, _)| head.starts_with(k)) {
            if let Some(date) = part.get(key.len()..) {
                out.push((*predicate, date.trim()));
            }
        }
    }
    out
}

/// What openssl and curl print when a certificate fails verification; `verify return:1` and
/// `Verify return code: 0 (ok)` are successes.
fn is_verify_error(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("verify error")
        || lower.starts_with("verify return code:") && !lower.contains("(ok)")
        || lower.contains("ssl certificate problem")
        || lower.contains("certificate has expired")
        || lower.contains("certificate is not yet valid")
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    use crate::test_support::fact_lines as facts;

    #[test]
    fn openssl_dates_of_a_secret() {
        let paste = "$ kubectl -n pay get secret api-tls -o jsonpath='{.data.tls\\.crt}' | base64 -d | openssl x509 -noout -dates\nnotBefore=Oct 17 00:00:00 2024 GMT\nnotAfter=Jan 15 23:59:59 2025 GMT\n";
        assert_eq!(
            facts(paste),
            ["secret pay/api-tls · NotBefore · 2024-10-17T00:00:00Z", "secret pay/api-tls · NotAfter · 2025-01-15T23:59:59Z"]
        );
    }

    #[test]
    fn s_client_chain_and_verify_error() {
        let paste = "$ openssl s_client -connect shop.example.net:443 </dev/null\nCONNECTED(00000003)\ndepth=0 CN = shop.example.net\nverify error:num=10:certificate has expired\nnotAfter=Jan 15 23:59:59 2025 GMT\nverify return:1\n---\nCertificate chain\n 0 s:CN = shop.example.net\n   i:C = US, O = Let's Encrypt, CN = R11\n   v:NotBefore: Oct 17 00:00:00 2024 GMT; NotAfter: Jan 15 23:59:59 2025 GMT\n 1 s:C = US, O = Let's Encrypt, CN = R11\n   v:NotBefore: Mar 13 00:00:00 2024 GMT; NotAfter: Mar 12 23:59:59 2027 GMT\n---\nVerify return code: 10 (certificate has expired)\n";
        let facts = facts(paste);
        assert!(facts.contains(&"host shop.example.net · Log · [error] verify error:num=10:certificate has expired".to_string()), "{facts:?}");
        assert!(facts.contains(&"host shop.example.net · NotAfter · 2025-01-15T23:59:59Z".to_string()));
        assert!(facts.contains(&"host R11 · NotAfter · 2027-03-12T23:59:59Z".to_string()));
        assert!(facts.contains(&"host shop.example.net · Log · [error] Verify return code: 10 (certificate has expired)".to_string()));
        assert!(!facts.iter().any(|f| f.contains("verify return:1")));
    }

    #[test]
    fn raw_x509_text_and_curl_output() {
        let x509 = "Certificate:\n    Data:\n        Subject: CN = grpc.internal\n        Validity\n            Not Before: Feb  1 00:00:00 2025 GMT\n            Not After : May  2 00:00:00 2025 GMT\n";
        let ingest = crate::ingest(x509);
        let dates: Vec<_> = ingest.facts.with(Predicate::NotAfter).map(|f| f.value.to_string()).collect();
        assert_eq!(dates, ["2025-05-02T00:00:00Z"]);
        let curl = "$ curl -v https://billing.example.org/health\n*  subject: CN=billing.example.org\n*  start date: Feb  1 00:00:00 2025 GMT\n*  expire date: May  2 00:00:00 2025 GMT\n* SSL certificate problem: certificate has expired\n";
        let facts = facts(curl);
        assert!(facts.contains(&"host billing.example.org · NotAfter · 2025-05-02T00:00:00Z".to_string()), "{facts:?}");
        assert!(facts.iter().any(|f| f.contains("Log · [error] SSL certificate problem")));
    }
}

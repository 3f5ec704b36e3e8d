//! Claims about certificates: validity dates held against the paste's own "now" (or the
//! time the line stating them was logged), errors reporting an expired or not-yet-valid
//! certificate, cert-manager's readiness, and expiry metrics that have run out.
//!
//! "Now" is [`Kb::now`], the latest time the paste states; a date with nothing to compare
//! it to says nothing either way.

use crate::ascii::Set;
use super::network::{cluster_host_in, is_placeholder_source, message};
use super::text::{contains_any, contains_ci, find_ci};
use crate::extract::{scan, What};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::gitops::human_duration;
use crate::infer::kb::{kind_title, Kb};
use crate::span::Span;
use crate::time::Timestamp;
use crate::hash::HashMap;

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    dates(kb, claims);
    errors(kb, claims);
    readiness(kb, claims);
    remaining(kb, claims);
}

/// A certificate's holder in words: a host as named, else the object.
pub fn holder(kb: &Kb<'_>, id: EntityId) -> String {
    let entity = kb.entity(id);
    match &entity.kind {
        EntityKind::Host => entity.name.clone(),
        EntityKind::Resource(kind) if kind == "certificate file" => entity.name.clone(),
        EntityKind::Certificate | EntityKind::Secret | EntityKind::Ingress => format!("{} {}", kind_title(&entity.kind), entity.name),
        EntityKind::Series => format!("series {}", entity.name),
        _ if is_placeholder_source(kb, id) => "a server the program calls".to_string(),
        _ => format!("the server {} calls", entity.name),
    }
}

/// "the certificate of api.example.com", "the certificate web presents" (to peers that
/// reject it): which certificate errors are about.
pub fn certificate_words(kb: &Kb<'_>, subject: EntityId, host: Option<&str>, served: bool) -> String {
    match host {
        Some(host) => format!("the certificate of {host}"),
        None if served && is_placeholder_source(kb, subject) => "the certificate this program presents".to_string(),
        None if served => format!("the certificate {} presents", kb.entity(subject).name),
        None => format!("the certificate of {}", holder(kb, subject)),
    }
}

/// The subjects facts of `predicate` are about, in first-seen order.
fn subjects(kb: &Kb<'_>, predicate: Predicate) -> Vec<EntityId> {
    let mut out: Vec<EntityId> = Vec::new();
    for fact in kb.with(predicate) {
        if !out.contains(&fact.subject) {
            out.push(fact.subject);
        }
    }
    out
}

/// The time a validity date is held against: when its line was logged, else "now".
fn reference(kb: &Kb<'_>, fact: &Fact) -> Option<Timestamp> {
    fact.time.or(kb.now)
}

/// NotAfter and NotBefore against "now". A holder with several certificates (renewed since
/// an error was logged) is judged by the one that expires last.
fn dates(kb: &Kb<'_>, claims: &mut Claims) {
    for subject in subjects(kb, Predicate::NotAfter) {
        let dated: Vec<(&Fact, Timestamp, Timestamp)> = kb
            .about(subject, Predicate::NotAfter)
            .filter_map(|f| match f.value {
                Value::Time(not_after) => reference(kb, f).map(|at| (f, not_after, at)),
                _ => None,
            })
            .collect();
        let Some(&(newest, latest, at)) = dated.iter().max_by_key(|(f, not_after, _)| (*not_after, f.id)) else { continue };
        let who = holder_of(kb, newest);
        if latest < at {
            let rests_on = distinct_spans(dated.iter().map(|(f, _, _)| *f));
            let statement = format!(
                "the certificate of {who} expired at {latest}, {} before {at}{}",
                human_duration(latest.seconds_until(at)),
                if dated.iter().any(|(f, _, _)| f.time.is_some()) { "" } else { " (the latest time in the paste)" }
            );
            claims.add(ClaimKind::CertExpired { subject }, statement, rests_on, Some(subject), Some(latest));
        } else {
            let days = at.seconds_until(latest) / 86400.0;
            let rests_on = distinct_spans(dated.iter().filter(|(_, n, _)| *n == latest).map(|(f, _, _)| *f));
            let statement = format!("the certificate of {who} is valid until {latest}, {:.0} days after {at}", days.floor());
            claims.add(ClaimKind::CertValid { subject, days_left: Some(days) }, statement, rests_on, Some(subject), None);
        }
    }
    for subject in subjects(kb, Predicate::NotBefore) {
        let early: Vec<(&Fact, Timestamp, Timestamp)> = kb
            .about(subject, Predicate::NotBefore)
            .filter_map(|f| match f.value {
                Value::Time(not_before) => reference(kb, f).filter(|at| not_before > *at).map(|at| (f, not_before, at)),
                _ => None,
            })
            .collect();
        let Some(&(first, not_before, at)) = early.first() else { continue };
        let statement = format!("the certificate of {} is not valid before {not_before}, and the time was {at}", holder_of(kb, first));
        let rests_on = distinct_spans(early.iter().map(|(f, _, _)| *f));
        claims.add(ClaimKind::CertNotYetValid { subject }, statement, rests_on, Some(subject), Some(at));
    }
}

/// Facts with one quote each (an error line states NotAfter and is logged once).
fn distinct_spans<'a>(facts: impl Iterator<Item = &'a Fact>) -> Vec<FactId> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for fact in facts {
        if !seen.contains(&fact.span) {
            seen.push(fact.span);
            out.push(fact.id);
        }
    }
    out
}

/// Phrases of an expired or not-yet-valid certificate.
pub(crate) const EXPIRY: &[&str] = &[
    "certificate has expired",
    "certificate is not yet valid",
    "certificate expired",
    "expired certificate",
    "cert_has_expired",
    "certificate_expired",
    "certificateexpiredexception",
    "certificatenotyetvalidexception",
    // Java's PKIX validator says only this when a certificate on the path is outside its
    // validity window (the cause beneath is CertificateExpiredException or NotYetValid).
    "certpathvalidatorexception: validity check failed",
    "err_cert_date_invalid",
    // .NET's X509ChainStatusFlags, and the Windows message (CERT_E_EXPIRED) that explains it.
    "nottimevalid",
    "not within its validity period",
];

/// Whether a message reports an expired or not-yet-valid certificate.
pub fn reports_expiry(text: &str) -> bool {
    contains_any(text, EXPIRY) && !contains_ci(text, "not expired")
}

/// Log lines and events reporting an expired or not-yet-valid certificate, grouped by the
/// server whose certificate it is (the host the line names, when it names one).
fn errors(kb: &Kb<'_>, claims: &mut Claims) {
    // The parser puts the dates of an x509 error on the host the line names.
    let hosts: HashMap<Span, EntityId> = kb.with(Predicate::NotAfter).chain(kb.with(Predicate::NotBefore)).map(|f| (f.span, f.subject)).collect();
    let mut groups: Vec<(EntityId, Option<String>, bool, Vec<&Fact>)> = Vec::new();
    for fact in kb.with(Predicate::Log).chain(kb.with(Predicate::Event)).filter(|f| kb.may_say(f)) {
        let Some(text) = message(fact) else { continue };
        if !reports_expiry(text) {
            continue;
        }
        // `TLS handshake error from <client>: remote error: tls: expired certificate` and
        // Java's `Received fatal alert: certificate_expired` report that the peer rejected
        // the logger's own certificate (a server's, or a client's under mutual TLS).
        let peer_rejected = ["remote error", "handshake error from", "received fatal alert"].iter().any(|p| find_ci(text, p).is_some());
        let (subject, host) = match hosts.get(&fact.span).filter(|h| **h != fact.subject) {
            Some(host) => (*host, None),
            None if peer_rejected => (fact.subject, None),
            None => (fact.subject, host_named(text)),
        };
        let same = |s: &EntityId, h: &Option<String>| match (&host, h) {
            (Some(a), Some(b)) => a == b,
            (None, None) => *s == subject,
            _ => false,
        };
        match groups.iter_mut().find(|(s, h, served, _)| same(s, h) && *served == peer_rejected) {
            Some((_, _, _, facts)) => facts.push(fact),
            None => groups.push((subject, host, peer_rejected, vec![fact])),
        }
    }
    for (subject, host, served, facts) in groups {
        let first = facts.iter().filter_map(|f| f.time).min();
        let when = first.map(|t| format!(", first at {t}")).unwrap_or_default();
        let count = facts.len();
        let lines = if count == 1 { "a line reports".to_string() } else { format!("{count} lines report") };
        let window = facts.iter().find_map(|f| message(f).and_then(current_time_window)).unwrap_or_default();
        let whose = certificate_words(kb, subject, host.as_deref(), served);
        let statement = format!("{lines} {whose} as expired or not yet valid{window}{when}");
        let rests_on = facts.iter().map(|f| f.id).collect();
        claims.add(ClaimKind::TlsExpiryError { subject, host, served, count }, statement, rests_on, Some(subject), first);
    }
}

/// The host a message calls (`Post "https://webhook.ns.svc:443/…"`, `dial tcp db:5432`,
/// `host=db.ns.svc`).
fn host_named(text: &str) -> Option<String> {
    scan(text)
        .into_iter()
        .find_map(|f| match f.what {
            What::Url(a) | What::Address(a) => a.host,
            _ => None,
        })
        .or_else(|| cluster_host_in(text).map(str::to_string))
}

/// Whose certificate a dated fact is about: its subject when that is a host or a
/// certificate object, else the host its line names (a log line's x509 error).
fn holder_of(kb: &Kb<'_>, fact: &Fact) -> String {
    let direct = matches!(kb.entity(fact.subject).kind, EntityKind::Host | EntityKind::Certificate | EntityKind::Secret | EntityKind::Ingress | EntityKind::Series | EntityKind::Resource(_));
    match host_named(kb.quote(fact)).filter(|_| !direct) {
        Some(host) => host,
        None => holder(kb, fact.subject),
    }
}

/// Go's `current time 2025-05-02T08:00:11Z is after 2025-05-01T00:00:00Z`, as words.
fn current_time_window(text: &str) -> Option<String> {
    let at = find_ci(text, "current time ")?;
    let rest = &text[at + "current time ".len()..];
    let mut words = rest.split_whitespace();
    let now = words.next()?;
    let relation = match (words.next()?, words.next()?) {
        ("is", "after") => "after NotAfter",
        ("is", "before") => "before NotBefore",
        _ => return None,
    };
    let bound = words.next()?.trim_end_of(b"\",).");
    Some(format!(" (the time was {now}, {relation} {bound})"))
}

/// cert-manager Certificates that are not Ready, and those that are. A describe that lost
/// its conditions' structure still says why in a message (`Certificate expired on …`).
fn readiness(kb: &Kb<'_>, claims: &mut Claims) {
    let mut reported: Vec<EntityId> = Vec::new();
    for fact in kb.with(Predicate::StatusMessage) {
        let cert = fact.subject;
        if kb.entity(cert).kind != EntityKind::Certificate || !fact.value.as_text().is_some_and(reports_expiry) {
            continue;
        }
        let has_ready = kb.about(cert, Predicate::Condition).any(|c| c.value.as_pair().is_some_and(|(k, _)| k == "Ready"));
        if has_ready || reported.contains(&cert) {
            continue;
        }
        reported.push(cert);
        let statement = format!("cert-manager reports Certificate {}: \"{}\"", kb.entity(cert).name, fact.value);
        claims.add(ClaimKind::CertNotReady { cert, expired: true }, statement, vec![fact.id], Some(cert), fact.time);
    }
    for fact in kb.with(Predicate::Condition) {
        if kb.entity(fact.subject).kind != EntityKind::Certificate {
            continue;
        }
        let Some(("Ready", status)) = fact.value.as_pair() else { continue };
        let cert = fact.subject;
        let name = &kb.entity(cert).name;
        let messages: Vec<&Fact> = kb.about(cert, Predicate::StatusMessage).collect();
        if status.eq_ignore_ascii_case("true") {
            let mut rests_on = vec![fact.id];
            rests_on.extend(messages.iter().filter(|m| m.span == fact.span).map(|m| m.id));
            let statement = format!("cert-manager reports Certificate {name} Ready");
            claims.add(ClaimKind::CertValid { subject: cert, days_left: None }, statement, rests_on, Some(cert), None);
            continue;
        }
        let expired = messages.iter().any(|m| m.value.as_text().is_some_and(reports_expiry));
        let mut rests_on = vec![fact.id];
        rests_on.extend(messages.iter().filter(|m| !fact.span.contains(m.span)).map(|m| m.id));
        let why = messages
            .iter()
            .find(|m| m.value.as_text().is_some_and(reports_expiry))
            .or(messages.first())
            .and_then(|m| m.value.as_text())
            .map(|t| format!(": \"{t}\""))
            .unwrap_or_default();
        let statement = format!("cert-manager reports Certificate {name} not Ready{why}");
        claims.add(ClaimKind::CertNotReady { cert, expired }, statement, rests_on, Some(cert), fact.time);
    }
}

/// Metrics of the time a certificate has left (`ssl_cert_days_remaining`, a dashboard's
/// `probe_ssl_earliest_cert_expiry - time()`) at or below zero. Absolute expiry timestamps
/// are NotAfter facts already.
fn remaining(kb: &Kb<'_>, claims: &mut Claims) {
    let mut done: Vec<EntityId> = Vec::new();
    for fact in kb.with(Predicate::Sample) {
        let Some(name) = kb.series_name(fact.subject).filter(|_| !done.contains(&fact.subject)) else { continue };
        let entity = kb.entity(fact.subject);
        let metric = name.metric.to_ascii_lowercase();
        let about_certs = ["cert", "ssl", "tls"].iter().any(|w| metric.contains(w));
        let counts_down = ["remaining", "left", "until", "ttl"].iter().any(|w| metric.contains(w));
        let Some(value) = fact.value.as_number() else { continue };
        if !about_certs || !counts_down || value > 0.0 {
            continue;
        }
        done.push(fact.subject);
        let statement = format!("{} is {} — the certificate has no time left", entity.name, crate::fact::format_number(value));
        claims.add(ClaimKind::CertExpired { subject: fact.subject }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_phrases_and_their_negations() {
        assert!(reports_expiry("x509: certificate has expired or is not yet valid: current time 2025-05-02T08:00:11Z is after 2025-05-01T00:00:00Z"));
        assert!(reports_expiry("remote error: tls: expired certificate"));
        assert!(reports_expiry("Certificate expired on Sun, 02 Mar 2025 08:12:40 UTC"));
        assert!(!reports_expiry("Certificate is up to date and has not expired"));
        assert!(!reports_expiry("certificate will be renewed in 30 days"));
        assert!(reports_expiry("PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"));
        assert!(!reports_expiry("PKIX path validation failed: java.security.cert.CertPathValidatorException: signature check failed"));
        assert!(reports_expiry("Certificate validation for api.example.net: chain status NotTimeValid"));
        assert!(reports_expiry("A required certificate is not within its validity period when verifying against the current system clock"));
        assert!(!reports_expiry("chain status UntrustedRoot"));
    }

    #[test]
    fn go_states_the_time_and_the_bound() {
        assert_eq!(
            current_time_window("x509: certificate has expired or is not yet valid: current time 2025-05-02T08:00:11Z is after 2025-05-01T00:00:00Z"),
            Some(" (the time was 2025-05-02T08:00:11Z, after NotAfter 2025-05-01T00:00:00Z)".to_string())
        );
    }
}

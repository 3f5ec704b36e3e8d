//! `certificate-expired`: a TLS certificate (serving, client, webhook, ingress) has expired
//! or is not yet valid.
//!
//! What it finds: NotAfter dates before the paste's "now" (openssl, cert-manager status,
//! expiry metrics, the dates Go prints in x509 errors), NotBefore dates after it, clients
//! and servers saying "certificate has expired", cert-manager reporting a Certificate
//! expired.
//! Against it: the certificate in question is valid at "now" (renewed since the errors, or
//! the errors are about another certificate).
//! Why it matters: every call through that certificate fails at the handshake, often
//! including webhooks that block unrelated deploys.

use crate::fact::{EntityId, EntityKind, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::certs::{certificate_words, holder};
use crate::infer::derive::network::service_host;
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{capitalise, ns_flag};

pub const CLASS: &str = "certificate-expired";

/// Expired certificates are uncommon in a random paste.
const PRIOR: f64 = -2.5;
/// A NotAfter before "now": direct proof.
const EXPIRED_DATE: f64 = 3.0;
/// A NotBefore after "now": not valid yet (a clock or an issue date is off).
const NOT_YET_VALID: f64 = 2.5;
/// A client or server says the certificate has expired.
const EXPIRY_ERROR: f64 = 3.0;
/// cert-manager says the Certificate expired (it checks the dates with its own clock).
const NOT_READY_EXPIRED: f64 = 2.8;
/// cert-manager says the Certificate is not Ready for another reason (renewal failing).
const NOT_READY: f64 = 0.6;
/// Against: the certificate the evidence is about is valid at "now".
const VALID_NOW: f64 = 2.0;
/// Each further certificate shown expired, or further group of errors: more of the same
/// story, not as much new evidence.
const MORE_OF_THE_SAME: f64 = 0.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut finding = Finding::new(CLASS, PRIOR);
    let mut holders: Vec<EntityId> = Vec::new();
    // Which kinds of evidence already counted in full.
    let mut counted: Vec<std::mem::Discriminant<ClaimKind>> = Vec::new();
    for claim in claims.all() {
        let (weight, holder) = match &claim.kind {
            ClaimKind::CertExpired { subject } => (EXPIRED_DATE, *subject),
            ClaimKind::CertNotYetValid { subject } => (NOT_YET_VALID, *subject),
            ClaimKind::TlsExpiryError { subject, .. } => (EXPIRY_ERROR, *subject),
            ClaimKind::CertNotReady { cert, expired: true } => (NOT_READY_EXPIRED, *cert),
            _ => continue,
        };
        let kind = std::mem::discriminant(&claim.kind);
        let weight = if counted.contains(&kind) { MORE_OF_THE_SAME } else { weight };
        counted.push(kind);
        finding.support(claim.id, weight);
        if !holders.contains(&holder) {
            holders.push(holder);
        }
    }
    if holders.is_empty() {
        return Vec::new();
    }
    // Hosts errors name without a fact of their own: a valid certificate seen for that host
    // name speaks against them.
    let hosts: Vec<&str> = claims
        .all()
        .iter()
        .filter_map(|c| match &c.kind {
            ClaimKind::TlsExpiryError { host: Some(host), .. } => Some(host.as_str()),
            _ => None,
        })
        .collect();
    let about_holder = |subject: &EntityId| holders.contains(subject) || kb.entity(*subject).kind == EntityKind::Host && hosts.contains(&kb.entity(*subject).name.as_str());
    for claim in claims.all() {
        match &claim.kind {
            ClaimKind::CertNotReady { cert, expired: false } if holders.contains(cert) => finding.support(claim.id, NOT_READY),
            ClaimKind::CertValid { subject, .. } if about_holder(subject) => finding.contradict(claim.id, VALID_NOW),
            _ => {}
        }
    }
    // The holder named first by the strongest evidence: dates over errors over status.
    finding.subject = holders.first().copied();
    finding.wording = words(kb, claims, &finding);
    vec![finding]
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Wording {
    let supporting = finding.supporting(claims);
    let holder_id = finding.subject;
    // Errors may name the holder better than its entity does: a host, or a server's own
    // certificate its clients reject.
    let error = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::TlsExpiryError { host, subject, served, .. } if Some(*subject) == holder_id => Some((host.clone(), *served)),
        _ => None,
    });
    let named_host = error.as_ref().and_then(|(h, _)| h.clone());
    let certificate = match (holder_id, &error) {
        (Some(h), Some((host, served))) => certificate_words(kb, h, host.as_deref(), *served),
        (Some(h), None) => format!("the certificate of {}", holder(kb, h)),
        (None, _) => "a certificate".into(),
    };
    let expired_at = supporting.iter().find(|c| matches!(c.kind, ClaimKind::CertExpired { .. })).and_then(|c| c.time);
    let not_yet = supporting.iter().any(|c| matches!(c.kind, ClaimKind::CertNotYetValid { .. }));
    let title = match (expired_at, not_yet) {
        (Some(at), _) => format!("{} expired at {at}", capitalise(&certificate)),
        (None, true) => format!("{} is not valid yet", capitalise(&certificate)),
        (None, false) => format!("{} has expired", capitalise(&certificate)),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    for (id, _) in &finding.contradicts {
        story.push(format!("but {} — renewed since, or the errors are about another certificate", claims.get(*id).statement));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    // An in-cluster host says its namespace (`webhook.gatekeeper-system.svc`).
    let host_ns = named_host.as_deref().and_then(service_host).and_then(|(ns, _)| ns).map(|ns| format!("-n {ns} "));
    let ns = host_ns.unwrap_or_else(|| ns_flag(kb, holder_id));
    let managed = certificate_of(kb, claims, finding);
    let secret = managed.and_then(|c| secret_of(kb, c)).or_else(|| holder_id.filter(|h| kb.entity(*h).kind == EntityKind::Secret).map(|h| kb.entity(h).name.clone()));
    let host = named_host.or_else(|| holder_id.filter(|h| kb.entity(*h).kind == EntityKind::Host).map(|h| kb.entity(h).name.clone()));
    let mut fixes = Vec::new();
    if not_yet && expired_at.is_none() {
        fixes.push("Now: check the clocks of the client and the server (`timedatectl`, NTP) and the certificate's issue date; reissue it if it was dated in the future.".to_string());
    }
    match (managed, &secret) {
        (Some(cert), _) => fixes.push(format!(
            "Now: renew it: `cmctl renew {ns}{}` (or delete {} so cert-manager reissues it); if the Certificate is not Ready because issuing fails, fix the issuer first (`kubectl {ns}describe certificaterequest`), then restart the pods that read the Secret only at start-up.",
            kb.entity(cert).name,
            secret.as_deref().map_or_else(|| "its Secret".to_string(), |s| format!("Secret {s}"))
        )),
        (None, Some(secret)) => fixes.push(format!(
            "Now: put a renewed certificate in Secret {secret}: `kubectl {ns}create secret tls {secret} --cert=renewed.crt --key=renewed.key --dry-run=client -o yaml | kubectl apply -f -`, then restart the pods that mount it."
        )),
        (None, None) => fixes.push(format!(
            "Now: renew {certificate} and install it where it is served (the Ingress/Secret or the server's TLS files; for an admission webhook also its caBundle), then restart the server if it reads certificates only at start-up."
        )),
    }
    fixes.push(
        "Lasting: have cert-manager issue and renew it well ahead of expiry (renewBefore), alert on `certmanager_certificate_expiration_timestamp_seconds - time() < 14*86400` and `probe_ssl_earliest_cert_expiry - time()`, and make servers reload certificates without a restart.".to_string(),
    );

    let tls_pasted = kb.ingest.artifacts.iter().any(|a| a.kind == crate::artifact::ArtifactKind::Tls);
    let mut checks = Vec::new();
    if let Some(host) = &host {
        checks.push(Check::new(
            format!("openssl s_client -connect {host}:443 -servername {host} </dev/null 2>/dev/null | openssl x509 -noout -subject -dates"),
            EXPIRED_DATE,
            !tls_pasted,
        ));
    }
    if let Some(secret) = &secret {
        checks.push(Check::new(
            format!("kubectl {ns}get secret {secret} -o jsonpath='{{.data.tls\\.crt}}' | base64 -d | openssl x509 -noout -subject -dates"),
            EXPIRED_DATE,
            !tls_pasted,
        ));
    }
    let cm_pasted = kb.with(Predicate::Condition).any(|f| kb.entity(f.subject).kind == EntityKind::Certificate);
    checks.push(Check::new(format!("kubectl {ns}get certificates -o wide"), NOT_READY_EXPIRED, !cm_pasted));
    if kb.now.is_none() {
        checks.push(Check::new("date -u   # the paste states no time to hold the dates against".to_string(), EXPIRED_DATE, true));
    }
    Wording { title, summary, fixes, checks }
}

/// The cert-manager Certificate the evidence names, if any.
fn certificate_of(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Option<EntityId> {
    finding.supports.iter().map(|(id, _)| claims.get(*id)).find_map(|c| {
        c.subject.filter(|s| kb.entity(*s).kind == EntityKind::Certificate)
    })
}

/// A Certificate's secretName, when the paste shows it.
fn secret_of(kb: &Kb<'_>, certificate: EntityId) -> Option<String> {
    kb.about(certificate, Predicate::Setting).find_map(|f| f.value.as_pair().filter(|(k, _)| *k == "secretName").map(|(_, v)| v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::CLASS;
    use crate::infer::detect::confidence_of;

    const ERRORS: &str = "$ kubectl -n pay logs deploy/checkout\n2025-05-02T08:00:11Z ERROR charge failed: Post \"https://api.bank.example/v1/charge\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid\n2025-05-02T08:00:41Z ERROR charge failed: Post \"https://api.bank.example/v1/charge\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid\n\n";

    #[test]
    fn a_certificate_valid_at_now_contradicts_older_errors() {
        let renewed = format!(
            "{ERRORS}$ openssl s_client -connect api.bank.example:443 </dev/null\n 0 s:CN = api.bank.example\n   v:NotBefore: May  1 09:00:00 2025 GMT; NotAfter: Jul 30 09:00:00 2025 GMT\nVerify return code: 0 (ok)\n"
        );
        let alone = confidence_of(ERRORS, CLASS).unwrap_or(0.0);
        let with_renewal = confidence_of(&renewed, CLASS).unwrap_or(0.0);
        assert!(alone >= 0.5 && with_renewal < alone && with_renewal < 0.5, "{with_renewal} vs {alone}");
    }

    #[test]
    fn dates_alone_need_a_now() {
        let dates = "$ openssl x509 -in tls.crt -noout -dates\nnotBefore=Feb  1 00:00:00 2025 GMT\nnotAfter=May  2 00:00:00 2025 GMT\n";
        assert_eq!(confidence_of(dates, CLASS), None);
        let with_now = format!("{dates}\n$ kubectl logs deploy/web\n2025-06-01T10:00:00Z INFO serving\n2025-06-01T10:00:01Z WARN slow request\n");
        assert!(confidence_of(&with_now, CLASS).unwrap_or(0.0) >= 0.5);
    }

    #[test]
    fn a_ready_certificate_that_has_not_expired_is_quiet() {
        let table = "$ kubectl get certificates -n web -o wide\nNAME READY SECRET ISSUER STATUS AGE\nweb-tls True web-tls letsencrypt Certificate is up to date and has not expired 20d\n";
        assert_eq!(confidence_of(table, CLASS), None);
    }
}

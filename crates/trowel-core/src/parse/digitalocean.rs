//! DigitalOcean's activity log (Control Panel › Settings › Security › Activity), where a
//! managed database's trusted sources — the firewall that admits apps, droplets and
//! addresses to it — are changed: `May 28, 2026 4:02 PM  someone@x  Database cluster pg-main:
//! trusted sources replaced (3 → 2 rules)`. Trusted sources decide who may connect as a
//! NetworkPolicy's ingress rules do, so a change is a timed change of a NetworkPolicy
//! named for the cluster's trusted sources, and the policy derivations time calls that
//! start timing out against it.

use crate::ascii::find_ci;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::Timestamp;

/// Reads the trusted-source changes of an activity log pasted in any artifact.
pub fn read(cx: &mut Cx<'_>) {
    if memchr::memmem::find(cx.body().as_bytes(), b"trusted sources").is_none() {
        return;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    for line in lines {
        let text = line.text;
        let Some(at) = find_ci(text, ": trusted sources ") else { continue };
        let Some(cluster_at) = find_ci(&text[..at], "database cluster ") else { continue };
        let cluster = text[cluster_at + "database cluster ".len()..at].trim();
        if cluster.is_empty() || cluster.contains(' ') {
            continue;
        }
        let verb = text[at + ": trusted sources ".len()..].split_whitespace().next().unwrap_or("changed");
        let policy = cx.entity(EntityKind::NetworkPolicy, None, format!("{cluster} trusted sources"));
        let span = line.trimmed().span;
        cx.timed_fact(policy, Predicate::Changed, Value::Text(verb.to_string()), console_time(text.trim()), span);
    }
}

/// `doctl apps logs <app> <component>`: each line is `<component> <time> <message>`, read as
/// a log record written by the component. False for other artifacts.
pub fn app_logs(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref().filter(|c| c.program == "doctl") else { return false };
    if !command.positionals().starts_with(&["apps", "logs"]) {
        return false;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    resolved_digests(cx, &lines);
    let entries = lines.iter().filter_map(|line| {
        let (component, rest) = line.text.split_once(' ')?;
        let at = line.text.len() - rest.len();
        crate::time::parse_iso_prefix(rest)?;
        let line = Line { text: rest, span: line.span.sub(at, line.text.len()) };
        Some(super::logs::Entry { line, time: None, pod: None, program: Some(component), standalone: true })
    });
    super::logs::read_entries(cx, entries);
    true
}

/// A deploy log's `resolved <image>:<tag> to digest sha256:…`: the image the deployment pulled
/// for its tag, so what the component (a Deployment of its name) runs since then.
fn resolved_digests(cx: &mut Cx<'_>, lines: &[Line<'_>]) {
    for line in lines {
        let Some(at) = find_ci(line.text, "resolved ") else { continue };
        let rest = &line.text[at + "resolved ".len()..];
        let Some((image, after)) = rest.split_once(' ') else { continue };
        let Some(digest_at) = find_ci(after, "digest ") else { continue };
        let Some((digest, _)) = crate::image::Digest::parse_prefix(&after[digest_at + "digest ".len()..]) else { continue };
        let Some(mut image) = crate::image::ImageRef::parse(image).filter(|i| i.digest.is_none()) else { continue };
        let Some(component) = line.text.split_once(' ').map(|(c, _)| c).filter(|c| !c.is_empty()) else { continue };
        image.digest = Some(digest);
        let time = line.text.split_whitespace().nth(1).and_then(crate::time::parse_iso_prefix).map(|p| p.time);
        let workload = cx.entity(EntityKind::Deployment, None, component);
        let span = line.trimmed().span;
        cx.timed_fact(workload, Predicate::ImageId, Value::Image(Box::new(image)), time, span);
    }
}

/// An App Platform image reference (app spec YAML or Terraform's `image { … }` block, also
/// as `grep -n` printed it): `registry_type`, `registry`, `repository`, `tag`/`digest` read
/// as the image the component (named by a `name` above it, else by its repository) runs.
pub fn read_image_spec(cx: &mut Cx<'_>) {
    if memchr::memmem::find(cx.body().as_bytes(), b"registry_type").is_none() {
        return;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    // `key = "v"` (HCL) or `key: v` (YAML), behind a `grep -n` gutter (`12-`, `12:`) or not.
    fn entry<'t>(line: &Line<'t>) -> Option<(&'t str, &'t str)> {
        let text = line.text.trim_start_matches(|c: char| c.is_ascii_digit());
        let text = if text.len() < line.text.len() { text.strip_prefix([':', '-'])? } else { text };
        let text = text.trim().trim_start_matches("- ");
        let at = text.find(['=', ':'])?;
        let key = text[..at].trim();
        let value = text[at + 1..].trim().trim_matches(['"', '\'']);
        (!key.is_empty() && !key.contains(' ')).then_some((key, value))
    }
    let Some(start) = lines.iter().position(|l| entry(l).is_some_and(|(k, _)| k == "registry_type")) else { return };
    let (mut kind, mut registry, mut repository, mut tag, mut digest, mut span) = ("", "", "", None, None, None);
    let name = lines[..start].iter().rev().take(12).filter_map(entry).find(|(k, _)| *k == "name").map(|(_, v)| v);
    for line in lines[start.saturating_sub(3)..].iter().take(12) {
        match entry(line) {
            Some(("registry_type", v)) => kind = v,
            Some(("registry", v)) => registry = v,
            Some(("repository", v)) => repository = v,
            Some(("tag", v)) => {
                tag = Some(v);
                span = Some(line.trimmed().span);
            }
            Some(("digest", v)) => digest = Some(v),
            _ => {}
        }
    }
    if repository.is_empty() {
        return;
    }
    let host = match kind.to_ascii_uppercase().as_str() {
        "DOCR" => "registry.digitalocean.com/",
        "GHCR" => "ghcr.io/",
        "DOCKER_HUB" => "docker.io/",
        _ => return,
    };
    let path = if registry.is_empty() { format!("{host}{repository}") } else { format!("{host}{registry}/{repository}") };
    let reference = match (tag, digest) {
        (_, Some(d)) if !d.is_empty() => format!("{path}@{d}"),
        (Some(t), _) if !t.is_empty() => format!("{path}:{t}"),
        _ => path,
    };
    let Some(image) = crate::image::ImageRef::parse(&reference) else { return };
    let span = span.unwrap_or_else(|| lines[start].trimmed().span);
    let workload = cx.entity(EntityKind::Deployment, None, name.unwrap_or(repository));
    cx.fact(workload, Predicate::Image, Value::Image(Box::new(image)), span);
}

/// `May 28, 2026 4:02 PM` at the start of a line: month's name, day, year, a 12-hour clock,
/// read as UTC (the console's zone, which the copy does not state).
fn console_time(text: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut words = text.split_whitespace();
    let month = words.next()?;
    let month = MONTHS.iter().position(|m| month.starts_with(m))? as i8 + 1;
    let day: i8 = words.next()?.trim_end_matches(',').parse().ok()?;
    let year: i16 = words.next()?.parse().ok()?;
    let (hour, minute) = words.next()?.split_once(':')?;
    let (hour, minute): (i64, i64) = (hour.parse().ok().filter(|h| (1..=12).contains(h))?, minute.parse().ok().filter(|m| *m < 60)?);
    let hour = match words.next()? {
        "AM" | "am" => hour % 12,
        "PM" | "pm" => hour % 12 + 12,
        _ => return None,
    };
    let date = Timestamp::from_date(year, month, day)?;
    Some(Timestamp(date.0 + (hour * 3600 + minute * 60) * 1000))
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn app_platform_log_lines_are_the_components() {
        let paste = "$ doctl apps logs 1f2e3d4c shop-api --type run\nshop-api 2026-01-09T11:16:02.100Z ERROR dial tcp 10.0.0.9:25060: i/o timeout\n";
        let logs = crate::test_support::log_lines(paste);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert!(logs[0].starts_with("log-source shop-api @ 2026-01-09T11:16:02.1Z"), "{logs:#?}");
    }

    #[test]
    fn a_trusted_sources_change_is_a_timed_change_of_the_clusters_policy() {
        let paste = "Activity\nJan 9, 2026 11:15 AM   ops@example.com   Database cluster orders-pg: trusted sources replaced (4 → 1 rules)\nJan 9, 2026 10:00 AM   deploy-bot   App shop: deployment 1a2b created\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "networkpolicy orders-pg trusted sources · Changed · replaced"), "{facts:#?}");
        let ingest = crate::ingest(paste);
        let change = ingest.facts.with(crate::fact::Predicate::Changed).next().expect("a change");
        assert_eq!(change.time.map(|t| t.to_string()).as_deref(), Some("2026-01-09T11:15:00Z"));
    }

    #[test]
    fn an_app_platform_image_by_tag_and_the_digest_its_deploy_resolved_are_the_components() {
        let paste = "$ grep -n -A5 'image {' infra/app.tf\n20:    image {\n21-      registry_type = \"DOCR\"\n22-      registry      = \"harbor\"\n23-      repository    = \"quay-api\"\n24-      tag           = \"main\"\n25-    }\n\n\
$ doctl apps logs 1f2e3d4c quay-api --type deploy\nquay-api 2026-02-01T08:00:01.000Z [info] resolved registry.digitalocean.com/harbor/quay-api:main to digest sha256:aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44\n";
        let facts = crate::test_support::fact_lines(paste);
        for expected in [
            "deployment quay-api · Image · registry.digitalocean.com/harbor/quay-api:main",
            "deployment quay-api · ImageId · registry.digitalocean.com/harbor/quay-api:main@sha256:aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44",
        ] {
            assert!(facts.iter().any(|f| f.starts_with(expected)), "missing {expected:?} in {facts:#?}");
        }
    }
}

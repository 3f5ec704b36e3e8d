//! Containers on one host (`docker compose ps`, `docker ps`, their Podman twins) read as the
//! Kubernetes objects that mean the same: a Compose service is a Deployment, a container a
//! pod of it, with the image it was created from and its state. `docker image inspect`'s
//! `RepoDigests` say which digest the host holds for a tag: the digest its containers run.

use crate::fact::{EntityKind, Predicate, Value};
use crate::image::ImageRef;
use crate::ingest::Cx;
use crate::parse::table::grid::Header;
use crate::parse::table::shape::Shape;

/// True when the artifact is a container listing (`docker compose ps`, `docker ps`,
/// `podman ps`, `docker-compose ps`).
pub fn is_ps(cx: &Cx<'_>) -> bool {
    let Some(c) = cx.artifact.command.as_ref() else { return false };
    let words = c.positionals();
    match c.program.as_str() {
        "docker" | "podman" => matches!(words[..], ["ps", ..] | ["container", "ls" | "ps", ..] | ["compose", "ps", ..]),
        "docker-compose" | "podman-compose" => words.first() == Some(&"ps"),
        _ => false,
    }
}

/// Reads the listing's rows: `NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS` (Compose) or
/// `CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES` (`docker ps`).
pub fn ps(cx: &mut Cx<'_>) {
    let mut header: Option<Header<'_>> = None;
    for line in cx.lines() {
        if line.is_blank() {
            continue;
        }
        let Some(columns) = header.as_ref() else {
            let mut parsed = Header::parse(line);
            for column in ["COMMAND", "CREATED", "STATUS", "PORTS", "SERVICE", "IMAGE"] {
                parsed.set_shape(column, Shape::Text);
            }
            header = Some(parsed);
            continue;
        };
        let row = match columns.read(line) {
            Ok(row) => row,
            Err(misfit) => {
                cx.unparsed(line.trimmed().span, misfit.reason());
                continue;
            }
        };
        let Some(name) = row.text("NAME").or_else(|| row.text("NAMES")) else { continue };
        let span = line.trimmed().span;
        let pod = cx.entity(EntityKind::Pod, None, name);
        if let Some(service) = row.text("SERVICE") {
            // The label Compose gives the service's containers, the name they answer to on its network.
            cx.fact(pod, Predicate::Label, Value::pair(crate::parse::message::COMPOSE_SERVICE_LABEL, service), span);
            let service = cx.entity(EntityKind::Deployment, None, service);
            cx.owner(pod, service, span);
        }
        if let Some(image) = row.text("IMAGE").and_then(ImageRef::parse) {
            cx.fact(pod, Predicate::Image, Value::Image(Box::new(image)), span);
        }
        // `Up 6 days (healthy)`, `Restarting (137) 4 seconds ago`, `Exited (1) 2 hours ago`.
        let status = row.text("STATUS").and_then(|s| s.split_whitespace().next()).and_then(|state| match state {
            "Up" => Some("Running"),
            "Restarting" => Some("CrashLoopBackOff"),
            "Exited" | "Dead" => Some("Error"),
            "Created" => Some("Pending"),
            _ => None,
        });
        if let Some(status) = status {
            cx.fact(pod, Predicate::Status, Value::text(status), span);
        }
    }
}

/// True when the artifact is `docker image inspect` (or `docker inspect` of an image) whose
/// output names digests.
pub fn is_image_inspect(cx: &Cx<'_>) -> bool {
    let Some(c) = cx.artifact.command.as_ref() else { return false };
    let words = c.positionals();
    matches!(c.program.as_str(), "docker" | "podman")
        // A container's inspect document is read as such; only its RepoDigests asked alone here.
        && (matches!(words[..], ["image", "inspect", ..]) || words.first() == Some(&"inspect") && c.line.contains("RepoDigests"))
        && memchr::memmem::find(cx.body().as_bytes(), b"@sha256:").is_some()
}

/// The `repository@sha256:…` references the output prints (its `RepoDigests`): the digest the
/// host holds for the image, recorded as the image's running digest.
pub fn image_inspect(cx: &mut Cx<'_>) {
    let lines: Vec<_> = cx.lines().collect();
    for line in lines {
        if memchr::memmem::find(line.text.as_bytes(), b"@sha256:").is_none() {
            continue;
        }
        let span = line.trimmed().span;
        for word in line.text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '[' | ']' | ',')) {
            if !word.contains("@sha256:") {
                continue;
            }
            let Some(image) = ImageRef::parse(word) else { continue };
            let id = cx.entity(EntityKind::Image, None, image.name());
            cx.fact(id, Predicate::ImageId, Value::Image(Box::new(image)), span);
        }
    }
}

/// True when the artifact is a cgroup's `cpu.stat` (`nr_periods`, `nr_throttled`, …), as
/// `cat …/cpu.stat` prints it for a container on a host.
pub fn is_cpu_stat(cx: &Cx<'_>) -> bool {
    let named = cx.artifact.command.as_ref().is_some_and(|c| c.line.contains("cpu.stat"));
    named && memchr::memmem::find(cx.body().as_bytes(), b"nr_throttled ").is_some()
}

/// Reads a cgroup's `cpu.stat`: the share of CFS periods in which the kernel throttled it
/// (`nr_throttled` over `nr_periods`), what cAdvisor's `container_cpu_cfs_throttled_periods_total`
/// over `container_cpu_cfs_periods_total` says, as `Throttled` on the container the command
/// names (`docker ps -qf name=web.3`, else the cgroup's directory). A Swarm task's name
/// (`web.3`) makes it a pod of its service.
pub fn cpu_stat(cx: &mut Cx<'_>) {
    let Some(name) = cx.artifact.command.as_ref().and_then(|c| cgroup_owner(&c.line)) else { return };
    let mut periods = None;
    let mut throttled = None;
    for line in cx.lines() {
        let mut words = line.text.split_whitespace();
        let (Some(key), Some(value), None) = (words.next(), words.next().and_then(crate::number::parse_f64), words.next()) else { continue };
        match key {
            "nr_periods" => periods = Some(value),
            "nr_throttled" => throttled = Some((value, line.trimmed().span)),
            _ => {}
        }
    }
    let (Some(periods), Some((throttled, span))) = (periods, throttled) else { return };
    if periods <= 0.0 {
        return;
    }
    let pod = cx.entity(EntityKind::Pod, None, name);
    if let Some((service, slot)) = name.rsplit_once('.') {
        if !service.is_empty() && !slot.is_empty() && slot.bytes().all(|b| b.is_ascii_digit()) {
            let service = cx.entity(EntityKind::Deployment, None, service);
            cx.owner(pod, service, span);
        }
    }
    cx.fact(pod, Predicate::Throttled, Value::Ratio { num: throttled, den: periods }, span);
}

/// The container a `cat …/cpu.stat` command reads for: the `name=` filter of a `docker ps`
/// inside it, else the cgroup directory above the file (`…/web.service/cpu.stat`).
fn cgroup_owner(line: &str) -> Option<&str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if let Some(at) = line.find("name=") {
        let rest = &line[at + "name=".len()..];
        let end = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        if end > 0 {
            return Some(&rest[..end]);
        }
    }
    let path = line.split_whitespace().find(|w| w.trim_end_matches(['\'', '"']).ends_with("/cpu.stat"))?.trim_end_matches(['\'', '"']);
    let dir = path.strip_suffix("/cpu.stat")?.rsplit('/').next()?;
    (!dir.is_empty() && dir.bytes().all(plain)).then_some(dir)
}

#[cfg(test)]
mod tests {
    use crate::test_support::{assert_facts, fact_lines};

    #[test]
    fn compose_containers_are_pods_of_their_service_with_the_digest_the_host_holds() {
        let paste = "$ docker compose ps\nNAME              IMAGE                          COMMAND              SERVICE   CREATED      STATUS                          PORTS\nledger-web-1      reg.example/ledger:main        \"/app/ledger web\"    web       4 days ago   Up 4 days (healthy)             0.0.0.0:8080->8080/tcp\nledger-queue-1    reg.example/ledger:main        \"/app/ledger q\"      queue     4 days ago   Restarting (1) 3 seconds ago\n$ docker image inspect reg.example/ledger:main --format '{{json .RepoDigests}}'\n[\"reg.example/ledger@sha256:9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c\"]\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "pod ledger-web-1 · OwnedBy · deployment web",
            "pod ledger-web-1 · Image · reg.example/ledger:main",
            "pod ledger-web-1 · Status · Running",
            "pod ledger-queue-1 · Status · CrashLoopBackOff",
        ]);
        assert!(facts.iter().any(|f| f.starts_with("image reg.example/ledger · ImageId · reg.example/ledger@sha256:9d8c")), "{facts:#?}");
    }

    #[test]
    fn podmans_listing_with_a_two_word_id_column_reads_each_container() {
        let paste = "$ podman ps\nCONTAINER ID  NAMES               IMAGE                        CREATED      STATUS\n1a2b3c4d5e6f  systemd-ledger-api  reg.example/ledger:2.0       3 days ago   Up 3 days (healthy)\n6f5e4d3c2b1a  systemd-ledger-q    reg.example/ledger:2.0       3 days ago   Exited (1) 2 hours ago\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["pod systemd-ledger-api · Status · Running", "pod systemd-ledger-q · Status · Error", "pod systemd-ledger-q · Image · reg.example/ledger:2.0"]);
    }

    #[test]
    fn a_containers_cgroup_cpu_stat_gives_its_throttled_share() {
        let paste = "$ ssh node-2 'cat /sys/fs/cgroup/system.slice/docker-$(docker ps -qf name=shop_web.2 --no-trunc).scope/cpu.stat'\nusage_usec 9120044\nnr_periods 20000\nnr_throttled 9000\nthrottled_usec 812000\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["pod shop_web.2 · OwnedBy · deployment shop_web", "pod shop_web.2 · Throttled · 9000/20000"]);
        let unit = "$ cat /sys/fs/cgroup/system.slice/ledger.service/cpu.stat\nnr_periods 100\nnr_throttled 40\n";
        assert!(fact_lines(unit).iter().any(|f| f == "pod ledger.service · Throttled · 40/100"), "{:#?}", fact_lines(unit));
    }

    #[test]
    fn a_name_dockers_dns_cannot_resolve_is_a_service_selecting_no_container() {
        let paste = "$ cd /opt/ledger && docker compose ps\nNAME              IMAGE                          COMMAND              SERVICE   CREATED      STATUS                 PORTS\nledger-api-1      reg.example/ledger:main        \"/app/ledger api\"    api       4 days ago   Up 4 days (healthy)    8080/tcp\n\n$ docker compose logs proxy\nproxy-1  | {\"level\":\"error\",\"ts\":1746180001.5,\"msg\":\"dial tcp: lookup ledger-backend on 127.0.0.11:53: no such host\",\"status\":502}\nproxy-1  | {\"level\":\"error\",\"ts\":1746180004.5,\"msg\":\"dial tcp: lookup ledger-backend on 127.0.0.11:53: no such host\",\"status\":502}\nproxy-1  | {\"level\":\"error\",\"ts\":1746180009.5,\"msg\":\"dial tcp: lookup ledger-backend on 127.0.0.11:53: no such host\",\"status\":502}\n";
        let facts = fact_lines(paste);
        for expected in [
            "pod ledger-api-1 · Label · com.docker.compose.service=api",
            "service ledger-backend · Selector · com.docker.compose.service=ledger-backend",
            "service ledger-backend · Endpoints · <none>",
        ] {
            assert!(facts.iter().any(|f| f.starts_with(expected)), "missing {expected:?} in {facts:#?}");
        }
    }
}

//! One parser per artifact kind, each a function over the artifact's text that writes facts
//! through [`Cx`]. Parsers never fail: what they cannot read they report as unparsed.

use crate::artifact::ArtifactKind;
use crate::ingest::Cx;

mod alerts;
mod app_engine;
mod fly;
mod aws;
mod clock;
mod azure;
pub(crate) mod changes;
pub(crate) mod cloud_foundry;
mod cloud_logging;
mod cloudwatch;
mod container_apps;
mod data_factory;
mod dated_files;
mod data_jobs;
mod digitalocean;
mod host_cron;
mod imagestream;
pub(crate) mod columns;
mod compose;
mod csv_logs;
mod ecs;
mod elb;
mod lambda;
mod eventbridge;
pub(crate) mod describe;
pub(crate) mod diff;
mod flows;
pub(crate) mod heroku;
pub(crate) mod intent;
mod json;
mod k8s_object;
mod logs;
mod loki;
mod message;
mod metrics;
mod nomad;
mod swarm;
mod systemd;
pub(crate) mod note;
mod powershell;
mod probe;
mod prom_api;
pub(crate) mod pulls;
mod registry;
mod runs;
mod s3_listing;
mod step_functions;
mod table;
mod tls;
mod yaml;

/// Runs the parser for the artifact's kind.
pub fn parse(cx: &mut Cx<'_>) {
    // Whatever its output looks like, a connectivity check run in the cluster is a call.
    probe::parse(cx);
    // A cgroup's `cpu.stat` reads like an exposition's samples; the command names the file.
    if compose::is_cpu_stat(cx) {
        return compose::cpu_stat(cx);
    }
    // An exposition's lines are samples: no platform's prose hides among them, and each
    // reader below scans the whole body for its marker first (on a 5 MB exposition those
    // scans were an eighth of its ingest).
    if cx.artifact.kind == ArtifactKind::Metrics {
        by_kind(cx);
        intent::parse(cx, intent::Lines::Unparsed);
        return;
    }
    // A mention of a host's cron file is read whatever artifact it sits in.
    host_cron::parse(cx);
    // An OpenShift ImageStream's tag history, whichever block the shape tests made of it.
    imagestream::parse(cx);
    // systemd timers are the host's CronJobs, whatever shape their status took.
    if systemd::parse(cx) {
        return;
    }
    // So are Windows' scheduled tasks; PowerShell lists certificates and events as objects.
    if powershell::parse(cx) {
        return;
    }
    // Lines a search over a job's daily log files printed, each behind its file's name.
    // (`file.log:Rows written: 5` reads like YAML to the shape tests.)
    if cx.artifact.kind != ArtifactKind::Json && dated_files::read(cx) {
        return;
    }
    // Containers on one host, and the digests the host holds for their images.
    if cx.artifact.kind == ArtifactKind::Table && compose::is_ps(cx) {
        return compose::ps(cx);
    }
    if compose::is_image_inspect(cx) {
        return compose::image_inspect(cx);
    }
    // PaaS CLIs print their objects in layouts of their own, whatever kind the shape tests gave.
    if heroku::is_ps(cx) {
        return heroku::ps(cx);
    }
    if cloud_foundry::parse(cx) {
        return;
    }
    // A log search's CSV export is log lines, whatever shape test claimed the block.
    if !matches!(cx.artifact.kind, ArtifactKind::Json | ArtifactKind::Yaml) && csv_logs::is_export(cx) {
        return csv_logs::read(cx);
    }
    // Azure Data Factory's linked services grepped out of its repository, and their writes.
    if data_factory::read_text(cx) {
        return;
    }
    // Platforms-as-a-service print their own layouts (Cloud Scheduler's jobs, App Engine's
    // instances, Fly.io's machines, Databricks runs, Dataflow's job logs), whatever shape the
    // segmenter gave them.
    if app_engine::read(cx) || fly::read(cx) || digitalocean::app_logs(cx) || data_jobs::read(cx) {
        return;
    }
    // Fly's deploy messages (a smoke check, a machine no host had room for) in a CI log or a
    // chat message, beside whatever else the block is.
    fly::read_output(cx);
    // App Engine's `automatic_scaling`, in app.yaml or as a grep printed it.
    app_engine::read_scaling(cx);
    // A managed database's trusted sources changed, as DigitalOcean's activity log says.
    digitalocean::read(cx);
    // DigitalOcean App Platform's image reference, in an app spec or Terraform.
    digitalocean::read_image_spec(cx);
    // An object's details panel copied from a desktop client or web UI, or one of its
    // sections, whatever kind the shape tests gave the block.
    if describe::panel::parse(cx) {
        // Fields the panel reader does not know may still mention objects and addresses.
        if cx.artifact.kind == ArtifactKind::Note {
            note::parse(cx);
        }
        return;
    }
    match cx.artifact.kind {
        ArtifactKind::Note => {
            // A short listing of schedule rules reads like prose to the shape tests.
            if !eventbridge::read_text(cx) {
                note::parse(cx);
            }
            // A plan posted with its prose around it (an Atlantis PR comment) is still a plan.
            changes::terraform_plan(cx);
            intent::parse(cx, intent::Lines::All);
        }
        ArtifactKind::Yaml => {
            yaml::parse(cx);
            intent::parse(cx, intent::Lines::Comments);
        }
        _ => {
            // `aws … --output text` of a list query is one item a line, whatever it looks like;
            // EventBridge's schedule rules are read as CronJobs.
            // Rows a jq filter printed as `@tsv`/`@csv` have their header in the command.
            if !eventbridge::read_text(cx) && !aws::read_text(cx) && !runs::read_jq_rows(cx) {
                by_kind(cx);
            }
            // A remark typed under a command's output ("the suspended job is intentional")
            // is text its parser could not read.
            intent::parse(cx, intent::Lines::Unparsed);
        }
    }
}

/// Runs the parser of a kind that holds no prose of its own.
fn by_kind(cx: &mut Cx<'_>) {
    // Nomad's status output has Kubernetes' concepts in its own layout.
    if nomad::is_nomad(cx) {
        match cx.artifact.kind {
            ArtifactKind::Json => nomad::periodic_json(cx),
            ArtifactKind::Describe => return nomad::parse(cx),
            _ => {}
        }
    }
    // So has Docker Swarm's task listing.
    if cx.artifact.kind == ArtifactKind::Table && swarm::is_service_ps(cx) {
        return swarm::service_ps(cx);
    }
    if swarm::is_inspect_pretty(cx) {
        return swarm::inspect_pretty(cx);
    }
    if cx.artifact.kind == ArtifactKind::Json && swarm::is_inspect_json(cx) {
        swarm::inspect_json(cx);
    }
    if cx.artifact.kind == ArtifactKind::Table && swarm::is_service_ls(cx) {
        return swarm::service_ls(cx);
    }
    match cx.artifact.kind {
        ArtifactKind::Table => table::parse(cx),
        ArtifactKind::Describe => describe::parse(cx),
        ArtifactKind::Json => json::parse(cx),
        ArtifactKind::Columns => columns::parse(cx),
        ArtifactKind::Logs => logs::parse(cx),
        ArtifactKind::Metrics => metrics::parse(cx),
        ArtifactKind::Registry => registry::parse(cx),
        ArtifactKind::Tls => tls::parse(cx),
        ArtifactKind::Changes => changes::parse(cx),
        // Atlantis and many PR bots post a Terraform plan in a ```diff fence for its colours.
        ArtifactKind::Diff => {
            if is_git_diff(cx.body()) || !changes::terraform_plan(cx) {
                diff::parse(cx)
            }
        }
        // Text no shape test claimed: `date`'s output, a Terraform plan or VPC flow log records.
        ArtifactKind::Unknown => {
            if !clock::parse(cx) && !changes::terraform_plan(cx) {
                let lines: Vec<_> = cx.lines().collect();
                for line in lines {
                    flows::read_vpc_flow_log(cx, line.text.trim(), line.trimmed().span);
                }
            }
        }
        ArtifactKind::Note | ArtifactKind::Yaml => {}
    }
}

/// Text with a git or unified diff's headers (`diff --git`, `--- a/`, `@@ … @@`), which a
/// Terraform plan in a diff fence lacks.
fn is_git_diff(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("diff --git") || l.starts_with("@@ ") || l.starts_with("--- a/") || l.starts_with("+++ b/"))
}

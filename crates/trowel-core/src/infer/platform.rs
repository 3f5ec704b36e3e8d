//! The platform a finding's subject runs on, so that the commands it proposes are ones that
//! platform answers.
//!
//! Detectors word their checks and fixes in `kubectl`. The readers of other platforms record
//! their objects as the Kubernetes kinds that mean the same — an ECS service, a Nomad job or a
//! Compose/Swarm service is a Deployment, an ECS task, a Nomad allocation or a container a
//! pod, a Cloud Run service a Knative object — so every detector reads them unchanged, and
//! only the tools whose output stated the subject's facts tell which platform it is. When
//! those are one other platform's CLI (`nomad`, `aws ecs`, `aws lambda`, `gcloud run`, `docker`/`docker
//! compose`, `docker service`, `systemctl`/`journalctl`, `heroku`, `cf`, Windows' cmdlets and
//! console tools) and no Kubernetes tool's, [`adapt`]
//! replaces the finding's `kubectl` checks with that CLI's and its immediate fixes with that
//! platform's way to roll back, restart or resize; checks of other tools (`crane`, `openssl`,
//! `curl`) and lasting fixes that name no `kubectl` command stay. A finding about a log
//! writer the paste does not tie to a workload (the kernel's OOM killer, systemd itself) on a
//! host whose commands are all one such platform's gets that platform's commands, with the
//! container or unit left as a placeholder.

use super::finding::{Check, Finding};
use super::kb::Kb;
use crate::command::Command;
use crate::fact::{EntityId, EntityKind, Predicate, Value};

/// Where a workload runs, as far as the paste's commands say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Kubernetes,
    Other(Cli),
}

/// A platform other than Kubernetes, by the CLI that manages it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cli {
    Nomad,
    Ecs,
    CloudRun,
    /// Containers run by `docker run` or Docker Compose on one host.
    Docker,
    /// Docker Swarm services (`docker service`, `docker stack`).
    Swarm,
    /// systemd units on a host (`systemctl`, `journalctl`).
    Systemd,
    /// Heroku apps (`heroku`): a process type is a Deployment, a dyno a pod, the app a namespace.
    Heroku,
    /// Cloud Foundry apps (`cf`): an app is a Deployment, its instance `APP/N` a pod.
    CloudFoundry,
    /// AWS Lambda functions (`aws lambda`), whose reserved concurrency the reader records as
    /// an autoscaler's ceiling.
    Lambda,
    /// Fly.io apps (`fly`/`flyctl`): an app is a Deployment, a machine a pod.
    Fly,
    /// Google App Engine services and the Cloud Scheduler jobs that call them (`gcloud app`,
    /// `gcloud scheduler`): a service is a Deployment, an instance a pod, a job a CronJob.
    AppEngine,
    /// DigitalOcean App Platform (`doctl apps`): a component is a Deployment.
    DoApps,
    /// AWS Glue jobs (`aws glue`): a job is a Job, a run (attempt) a pod of it.
    Glue,
    /// Databricks jobs and clusters (`databricks`): a job is a Job, a run a pod of it.
    Databricks,
    /// Google Cloud Dataflow jobs (`gcloud dataflow`): a job is a Job, its worker pool a pod.
    Dataflow,
    /// A Windows server managed with PowerShell and its console tools (`Get-ScheduledTask`,
    /// `schtasks`, `Get-WinEvent`, `Get-Service`, IIS, the certificate store): a scheduled
    /// task is a CronJob, a service a log writer.
    Windows,
}

/// Windows' management commands, lower-cased (PowerShell ignores case): what manages
/// services, scheduled tasks, event logs, IIS and the certificate store. `Get-Content` and
/// `Select-String` read files on any host and say nothing of the platform.
const WINDOWS_PROGRAMS: [&str; 22] = [
    "schtasks", "schtasks.exe", "get-scheduledtask", "get-scheduledtaskinfo", "start-scheduledtask", "get-winevent", "get-eventlog", "get-service", "restart-service",
    "start-service", "get-process", "get-webbinding", "get-website", "get-iisapppool", "get-webapppoolstate", "get-counter", "get-ciminstance", "sc.exe", "iisreset",
    "certutil", "wevtutil", "appcmd",
];

/// Whether a command is Windows' own: one of [`WINDOWS_PROGRAMS`], a listing of the
/// certificate store (`Get-ChildItem Cert:\…`), or either run remotely (`Invoke-Command
/// -ComputerName host { Get-ScheduledTask … }`).
fn is_windows(command: &Command) -> bool {
    let program = command.program.as_str();
    let remote = program.eq_ignore_ascii_case("invoke-command") || program.eq_ignore_ascii_case("icm");
    let (program, args) = match remote {
        // The script block's first word, `{` apart or glued on.
        true => match command.args.iter().position(|w| w.starts_with('{')) {
            Some(open) if command.args[open] == "{" => (command.args.get(open + 1).map_or("", String::as_str), &command.args[(open + 2).min(command.args.len())..]),
            Some(open) => (&command.args[open][1..], &command.args[open + 1..]),
            None => return false,
        },
        false => (program, &command.args[..]),
    };
    let named = |names: &[&str]| names.iter().any(|n| program.eq_ignore_ascii_case(n));
    let store = named(&["get-childitem", "dir", "gci", "ls"]) && args.first().is_some_and(|a| crate::ascii::starts_with_ci(a, "cert:"));
    named(&WINDOWS_PROGRAMS) || store
}

/// The platform a command's output belongs to; `None` for tools of no platform (`curl`,
/// `git`, `aws secretsmanager`).
fn platform_of(command: &Command) -> Option<Platform> {
    let first = command.positionals().first().copied();
    match (command.program.as_str(), first) {
        ("kubectl" | "helm" | "argocd" | "flux" | "kustomize" | "stern" | "kubens" | "kubectx" | "istioctl" | "linkerd", _) => Some(Platform::Kubernetes),
        ("nomad", _) => Some(Platform::Other(Cli::Nomad)),
        ("aws", Some("ecs")) => Some(Platform::Other(Cli::Ecs)),
        ("aws", Some("lambda")) => Some(Platform::Other(Cli::Lambda)),
        ("fly" | "flyctl", _) => Some(Platform::Other(Cli::Fly)),
        ("gcloud", Some("app" | "scheduler")) => Some(Platform::Other(Cli::AppEngine)),
        ("gcloud", Some("run")) => Some(Platform::Other(Cli::CloudRun)),
        ("docker" | "podman", Some("service" | "stack" | "node" | "secret")) => Some(Platform::Other(Cli::Swarm)),
        // What runs, not what builds: `docker build|push|pull|login` are CI's, on any platform.
        ("docker" | "podman", Some("ps" | "compose" | "inspect" | "logs" | "stats" | "events" | "run" | "exec" | "restart" | "start" | "update" | "top"))
        | ("docker-compose" | "podman-compose", _) => Some(Platform::Other(Cli::Docker)),
        ("systemctl" | "journalctl" | "service", _) => Some(Platform::Other(Cli::Systemd)),
        ("heroku", _) => Some(Platform::Other(Cli::Heroku)),
        ("cf", _) => Some(Platform::Other(Cli::CloudFoundry)),
        ("doctl", Some("apps")) => Some(Platform::Other(Cli::DoApps)),
        ("aws", Some("glue")) => Some(Platform::Other(Cli::Glue)),
        ("databricks", _) => Some(Platform::Other(Cli::Databricks)),
        ("gcloud", Some("dataflow")) => Some(Platform::Other(Cli::Dataflow)),
        _ if is_windows(command) => Some(Platform::Other(Cli::Windows)),
        _ => None,
    }
}

/// The workload a finding is about and what names it on its platform.
struct Target {
    cli: Cli,
    /// The Nomad job, ECS service or Cloud Run service.
    name: String,
    /// The Nomad namespace or ECS cluster.
    scope: Option<String>,
    /// One allocation, task or revision of it, when the paste names one.
    instance: Option<String>,
    /// `--region` as the paste's commands give it.
    region: Option<String>,
    /// The secret the finding is about, when it is one.
    secret: Option<String>,
    /// Whether the containers are Podman's: its CLI takes Docker's commands word for word.
    podman: bool,
}

/// Log writers that are no workload of their own: a finding about one of them is about
/// something running on the host that the line did not name.
const HOST_WRITERS: [&str; 5] = ["kernel", "systemd", "logs", "syslog", "dmesg"];

/// Replaces a finding's `kubectl` checks and immediate fixes with its platform's, when its
/// subject runs on Nomad, ECS or Cloud Run.
pub fn adapt(kb: &Kb<'_>, finding: &mut Finding) {
    let Some(target) = target(kb, finding.subject) else { return };
    let impacts: Vec<f64> = finding.wording.checks.iter().filter(|c| is_kubectl(&c.command)).map(|c| c.impact).collect();
    if impacts.is_empty() {
        return;
    }
    let top_impact = impacts.iter().copied().fold(0.0, f64::max);
    finding.wording.checks.retain(|c| !is_kubectl(&c.command));
    for (i, command) in checks(&target, finding.class).into_iter().enumerate() {
        // The platform's commands settle what the kubectl ones would have, in the same order.
        let impact = impacts.get(i).copied().unwrap_or(top_impact * 0.5);
        let not_pasted = !pasted(kb, &command);
        finding.wording.checks.push(Check::new(command, impact, not_pasted));
    }
    let now = immediate_fix(&target, finding.class);
    let lasting = lasting_fix(&target, finding.class);
    let fixes = std::mem::take(&mut finding.wording.fixes);
    finding.wording.fixes.push(now);
    let replaced = lasting.is_some();
    let kept = fixes.into_iter().filter(|f| !f.starts_with("Now:") && !f.contains("kubectl") && !replaced);
    finding.wording.fixes.extend(kept.chain(lasting));
}

fn is_kubectl(command: &str) -> bool {
    command.starts_with("kubectl ")
}

/// Whether the paste already shows the output of a command like this one (same program and
/// first two words).
fn pasted(kb: &Kb<'_>, command: &str) -> bool {
    let head: Vec<&str> = command.split_whitespace().take(3).collect();
    kb.ingest.artifacts.iter().filter_map(|a| a.command.as_ref()).any(|c| {
        let words: Vec<&str> = std::iter::once(c.program.as_str()).chain(c.args.iter().map(String::as_str)).filter(|w| !w.starts_with('-')).take(3).collect();
        words == head
    })
}

/// The subject's workload and platform, when the paste's commands put it on one platform
/// other than Kubernetes; a finding with no subject gets the platform of a paste that shows
/// one platform and nothing of Kubernetes.
fn target(kb: &Kb<'_>, subject: Option<EntityId>) -> Option<Target> {
    // Most pastes hold no other platform's output: say so without walking their facts.
    let commands: Vec<&Command> = kb.ingest.artifacts.iter().filter_map(|a| a.command.as_ref()).collect();
    if !commands.iter().any(|c| platform_of(c).is_some_and(|p| p != Platform::Kubernetes)) {
        return None;
    }
    let Some(subject) = subject else {
        let cli = only_platform(&commands).filter(|_| shows_no_kubernetes(kb))?;
        let podman = runs_podman(&commands, cli);
        return Some(Target { cli, name: placeholder(cli).to_string(), scope: None, instance: None, region: None, secret: None, podman });
    };
    // A Secret or ConfigMap is about the workloads that read it: restart those.
    let reader = || kb.with(Predicate::ReadsConfig).find(|f| f.value == Value::Entity(subject)).map(|f| kb.workload_of(f.subject).unwrap_or(f.subject));
    let workload = kb.workload_of(subject).or_else(reader).unwrap_or(subject);
    // An image is pulled the same way whatever runs it: registry checks fit every platform.
    // The pods that run it are the platform's to roll: the first workload declaring it
    // stands for them (its platform is theirs).
    let workload = if kb.entity(workload).kind == EntityKind::Image {
        let name = &kb.entity(workload).name;
        let mut runners = kb.with(Predicate::Image).filter(|f| f.value.as_image().is_some_and(|i| i.name() == *name)).map(|f| kb.workload_of(f.subject).unwrap_or(f.subject));
        match runners.find(|w| kb.entity(*w).kind != EntityKind::Image) {
            Some(first) => first,
            None => return None,
        }
    } else {
        workload
    };
    let mut family = kb.lineage(subject);
    family.push(workload);
    for child in kb.owned(workload) {
        family.push(*child);
        family.extend_from_slice(kb.owned(*child));
    }
    // What scales it is told by the same platform's tools (Lambda's concurrency, ECS's
    // scalable target).
    family.extend(kb.with(Predicate::Scales).filter(|f| f.value == Value::Entity(workload)).map(|f| f.subject));
    let mut platforms: Vec<Platform> = Vec::new();
    for fact in kb.facts().all().iter().filter(|f| family.contains(&f.subject)) {
        let command = kb.ingest.artifacts[fact.artifact.0 as usize].command.as_ref();
        if let Some(platform) = command.and_then(platform_of) {
            // systemd's tools describe units, which are log writers or timers (CronJobs); the
            // pods a kubelet's journal names are Kubernetes' all the same.
            let describes_unit = matches!(kb.entity(fact.subject).kind, EntityKind::LogSource | EntityKind::CronJob);
            if !platforms.contains(&platform) && (platform != Platform::Other(Cli::Systemd) || describes_unit) {
                platforms.push(platform);
            }
        }
    }
    let entity = kb.entity(workload);
    let kind = &entity.kind;
    let runs = *kind == EntityKind::LogSource || is_workload(kind);
    let cli = match platforms[..] {
        [Platform::Other(cli)] => cli,
        // No platform's output describes it: a log writer, or anything but a flag, series or
        // database on a paste that shows no Kubernetes, is on the host's platform, if the
        // paste's commands are all one platform's.
        [] if *kind == EntityKind::LogSource || (!matches!(kind, EntityKind::FeatureFlag | EntityKind::Series | EntityKind::Database) && shows_no_kubernetes(kb)) => only_platform(&commands)?,
        _ => return None,
    };
    // A host, address or policy the finding is about is not what the platform's tools name.
    let unnamed = !runs || HOST_WRITERS.contains(&entity.name.as_str());
    let name = if unnamed { placeholder(cli).to_string() } else { entity.name.clone() };
    // A stand-in for tasks an event names none of (`web (task unhealthy)`) is no task id.
    let instance = family.iter().map(|e| kb.entity(*e)).find(|e| e.kind == EntityKind::Pod && !e.name.contains(' ')).map(|e| e.name.clone());
    let region = commands.iter().filter(|c| platform_of(c) == Some(Platform::Other(cli))).find_map(|c| c.flag(&["--region", "-region", "--location"])).map(str::to_string);
    let scope = entity.namespace.clone().or_else(|| commands.iter().filter(|c| platform_of(c) == Some(Platform::Other(cli))).find_map(|c| c.flag(&["--cluster"])).map(str::to_string));
    let scope = if cli == Cli::Windows { remote_computer(&commands) } else { scope };
    let secret = Some(kb.entity(subject)).filter(|e| e.kind == EntityKind::Secret).map(|e| e.name.clone());
    let podman = runs_podman(&commands, cli);
    Some(Target { cli, name, scope, instance, region, secret, podman })
}

/// Whether every container command of the paste is Podman's (`podman ps`, `podman-compose`).
fn runs_podman(commands: &[&Command], cli: Cli) -> bool {
    let mut runtime = commands.iter().filter(|c| platform_of(c) == Some(Platform::Other(cli))).peekable();
    matches!(cli, Cli::Docker | Cli::Swarm) && runtime.peek().is_some() && runtime.all(|c| c.program.starts_with("podman"))
}

/// The server every Windows command of the paste ran on, when they all ran on the same other
/// one (`Invoke-Command -ComputerName host { … }`, `Get-WinEvent -ComputerName host`); a
/// command run locally, or in a session the prompt alone shows, leaves the checks local.
fn remote_computer(commands: &[&Command]) -> Option<String> {
    let mut computers = commands.iter().filter(|c| is_windows(c)).map(|c| c.flag(&["-ComputerName", "-CimSession"]));
    let first = computers.next()??;
    computers.all(|c| c == Some(first)).then(|| first.to_string())
}

/// The one non-Kubernetes platform every platform command of the paste belongs to.
fn only_platform(commands: &[&Command]) -> Option<Cli> {
    let mut platforms = commands.iter().filter_map(|c| platform_of(c));
    let first = platforms.next()?;
    match first {
        Platform::Other(cli) if platforms.all(|p| p == first) => Some(cli),
        _ => None,
    }
}

/// Kinds that run: what other platforms' readers record as Kubernetes workloads.
fn is_workload(kind: &EntityKind) -> bool {
    matches!(kind, EntityKind::Pod | EntityKind::Deployment | EntityKind::Job | EntityKind::CronJob | EntityKind::Container)
}

/// Whether nothing in the paste is Kubernetes' own: no namespaced object and no kind only
/// Kubernetes has (the readers of other platforms make pods, deployments, jobs, cron jobs
/// and nodes).
fn shows_no_kubernetes(kb: &Kb<'_>) -> bool {
    use EntityKind::*;
    kb.ingest.facts.entities().iter().all(|e| {
        e.namespace.is_none()
            && !matches!(
                e.kind,
                ReplicaSet | StatefulSet | DaemonSet | Endpoints | Ingress | Namespace | HorizontalPodAutoscaler | NetworkPolicy | ResourceQuota | Resource(_) | Kustomization | HelmRelease | GitOpsApp
            )
    })
}

/// How a wording names a workload the paste leaves unnamed.
fn placeholder(cli: Cli) -> &'static str {
    match cli {
        Cli::Systemd => "<unit>",
        Cli::Docker | Cli::Swarm => "<container>",
        Cli::Heroku => "<process type>",
        Cli::CloudFoundry => "<app>",
        Cli::Windows => "<service or task>",
        _ => "<name>",
    }
}

/// Wordings by class: the first row whose classes hold the finding's class, else the row
/// with no classes. `{name}`-style holes are filled from the target ([`Target::vars`]).
type ByClass<T> = &'static [(&'static [&'static str], T)];

const NOMAD_CHECKS: ByClass<&[&str]> = &[
    (&["unschedulable"], &["nomad job status -verbose {ns}{name}", "nomad node status -verbose", "nomad job plan <job file>  # the placement {name} would get"]),
    (&["capacity-saturation"], &["nomad alloc status -stats {ns}{alloc}", "nomad job status -verbose {ns}{name}", "nomad node status -verbose"]),
    (&["cron-not-running"], &["nomad job status {ns}{name}", "nomad job inspect {ns}{name} | grep -A8 '\"Periodic\"'"]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &["nomad job history -p {ns}{name}", "nomad alloc status {ns}{alloc}", "nomad job plan <job file>  # what the file would change in {name}"]),
    (&["network-policy-block"], &["nomad alloc status {ns}{alloc}", "consul intention list"]),
    (&[], &["nomad alloc status -verbose {ns}{alloc}", "nomad alloc logs {ns}-stderr {alloc}", "nomad job history -p {ns}{name}"]),
];

const ECS_SERVICE: &str = "aws ecs describe-services --cluster {cluster} --services {name}{region} --query 'services[0].[taskDefinition,deployments,events[:10]]'";
const ECS_TASK: &str = "aws ecs describe-tasks --cluster {cluster} --tasks {task}{region} --query 'tasks[].[startedAt,stoppedReason,containers[].[name,image,imageDigest,exitCode,reason]]'";
const ECS_DEFINITION: &str = "aws ecs describe-task-definition --task-definition <family:revision>{region} --query 'taskDefinition.containerDefinitions[].[image,memory,environment,secrets]'";
const ECS_CHECKS: ByClass<&[&str]> = &[
    (
        &["unschedulable", "capacity-saturation"],
        &[ECS_SERVICE, "aws ecs describe-capacity-providers{region}", "aws application-autoscaling describe-scalable-targets --service-namespace ecs --resource-ids service/{cluster}/{name}{region}"],
    ),
    (&["network-policy-block"], &[ECS_SERVICE, "aws ec2 describe-security-group-rules --filters Name=group-id,Values=<security-group-id>"]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &[ECS_SERVICE, ECS_TASK, ECS_DEFINITION]),
    (&["stale-secret-not-reloaded"], &["aws secretsmanager describe-secret --secret-id {secret}{region} --query '[LastRotatedDate,LastChangedDate]'", ECS_TASK, ECS_DEFINITION]),
    (&[], &[ECS_SERVICE, "aws ecs list-tasks --cluster {cluster} --service-name {name} --desired-status STOPPED{region}", ECS_TASK, ECS_DEFINITION]),
];

const LAMBDA_CONFIG: &str = "aws lambda get-function-configuration --function-name {name}{region} --query '[LastModified,MemorySize,Timeout,Environment.Variables]'";
const LAMBDA_LOGS: &str = "aws logs tail /aws/lambda/{name} --since 1h{region}";
const LAMBDA_CHECKS: ByClass<&[&str]> = &[
    (
        &["capacity-saturation", "unschedulable"],
        &[
            "aws lambda get-function-concurrency --function-name {name}{region}",
            "aws cloudwatch get-metric-statistics --namespace AWS/Lambda --metric-name Throttles --dimensions Name=FunctionName,Value={name} --statistics Sum --period 300 --start-time <1h ago> --end-time <now>{region}",
            "aws lambda list-event-source-mappings --function-name {name}{region} --query 'EventSourceMappings[].[EventSourceArn,State,BatchSize,ScalingConfig]'",
            "aws lambda get-account-settings{region} --query 'AccountLimit.[ConcurrentExecutions,UnreservedConcurrentExecutions]'",
        ],
    ),
    (&["oom-killed"], &["aws logs filter-log-events --log-group-name /aws/lambda/{name} --filter-pattern '\"Max Memory Used\"'{region} --query 'events[-5:].message'", LAMBDA_CONFIG]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &["aws lambda get-function --function-name {name}{region} --query '[Configuration.[LastModified,CodeSha256,LastUpdateStatusReason],Code.[ImageUri,ResolvedImageUri]]'", "aws lambda list-aliases --function-name {name}{region}", LAMBDA_LOGS]),
    (&["stale-secret-not-reloaded"], &["aws secretsmanager describe-secret --secret-id {secret}{region} --query '[LastRotatedDate,LastChangedDate]'", LAMBDA_CONFIG, LAMBDA_LOGS]),
    (&["cron-not-running"], &["aws events list-rule-names-by-target --target-arn <function arn>{region}", "aws events describe-rule --name <rule>{region} --query '[State,ScheduleExpression]'", LAMBDA_LOGS]),
    (&[], &[LAMBDA_CONFIG, LAMBDA_LOGS, "aws lambda list-versions-by-function --function-name {name}{region} --query 'Versions[-3:].[Version,LastModified,Description]'"]),
];

const FLY_LOGS: &str = "fly logs -a {name} -i {machine} --no-tail";
const FLY_MACHINE: &str = "fly machine status {machine} -a {name}";
const FLY_RELEASES: &str = "fly releases -a {name} --image";
const FLY_CHECKS: ByClass<&[&str]> = &[
    (&["unschedulable", "capacity-saturation"], &["fly status -a {name}", "fly scale show -a {name}", "fly platform vm-sizes", "fly platform regions"]),
    (&["service-selector-mismatch", "probe-misconfigured", "network-policy-block"], &["fly services list -a {name}", "fly logs -a {name} --no-tail | grep -E 'PC0|PR0|listening'", "fly config show -a {name}", FLY_MACHINE]),
    (&["oom-killed"], &[FLY_MACHINE, "fly scale show -a {name}", FLY_LOGS]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &[FLY_RELEASES, "fly image show -a {name}", "fly status -a {name}"]),
    (&["stale-secret-not-reloaded"], &["fly secrets list -a {name}", FLY_MACHINE, FLY_LOGS]),
    (&[], &[FLY_LOGS, FLY_MACHINE, "fly secrets list -a {name}", FLY_RELEASES]),
];

const APP_ENGINE_LOGS: &str = "gcloud app logs read --service={name} --limit=50";
const APP_ENGINE_CHECKS: ByClass<&[&str]> = &[
    (&["cron-not-running"], &["gcloud scheduler jobs describe {name}{region}", "gcloud scheduler jobs list{region}", "gcloud logging read 'resource.type=\"gae_app\" AND protoPayload.resource:\"<the job's url>\"' --freshness=30d --limit=10"]),
    (
        &["capacity-saturation", "unschedulable"],
        &["gcloud app versions describe <version> --service={name} --format='yaml(automaticScaling,instanceClass)'", "gcloud app instances list --service={name}", APP_ENGINE_LOGS],
    ),
    (&[], &["gcloud app versions list --service={name}", APP_ENGINE_LOGS, "gcloud app versions describe <version> --service={name}"]),
];

const CLOUD_RUN_LOGS: &str = "gcloud logging read 'resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"{name}\" AND severity>=WARNING' --freshness=1h --limit=50";
const CLOUD_RUN_CHECKS: ByClass<&[&str]> = &[
    (
        &["capacity-saturation", "unschedulable"],
        &["gcloud run services describe {name}{region} --format='yaml(spec.template.metadata.annotations,spec.template.spec.containerConcurrency)'", CLOUD_RUN_LOGS],
    ),
    (&[], &["gcloud run services describe {name}{region}", "gcloud run revisions list --service {name}{region}", CLOUD_RUN_LOGS]),
];

/// The platform's immediate fix for a class: roll back, restart, resize or re-run.
const NOMAD_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: restart {name}'s allocations so they read the current secret (`nomad job restart {ns}{name}`, or `nomad alloc restart` per allocation); a `template` block with `change_mode = \"restart\"` does this on every rotation."),
    (&["stale-image-mutable-tag"], "Now: pin {name}'s image by digest (`image = \"<repository>@sha256:…\"`) in the job file and `nomad job run` it; `force_pull = true` only as a stopgap."),
    (&["cron-not-running"], "Now: fix what holds {name} back (a hung child with `prohibit_overlap`, a wrong `cron`/`time_zone`, the job stopped), then start the missed run: `nomad job periodic force {ns}{name}`."),
    (&["unschedulable"], "Now: make {name}'s constraints match nodes that exist (`nomad job plan` shows the placement failures), or add capacity to the node class or pool it asks for."),
    (&["gitops-drift"], "Now: compare the running {name} with its job file before the next `nomad job run` reverts or keeps the hand change (`nomad job plan <job file>`), and put the change into the file if it is to stay."),
    (&["probe-misconfigured"], "Now: point {name}'s service `check` at the port and path the app serves (a `grpc` check for a gRPC port) and `nomad job run` the job file; with `check_restart`, a wrong check restarts healthy tasks."),
    (&["image-pull-error"], "Now: point {name}'s `image` at a tag that exists (the one CI pushed) and `nomad job run` the job file, or push the missing tag; check the driver's registry credentials."),
    (&["oom-killed"], "Now: raise {name}'s `resources { memory = … }` (or `memory_max`) above its peak and `nomad job run` the job file."),
    (&["capacity-saturation"], "Now: add capacity: `nomad job scale {ns}{name} <group> <count>`, and size the pool or queue that ran out to what its backend serves."),
    (&[], "Now: put back the last version of {name} that worked — `nomad job history -p {ns}{name}` shows what changed, `nomad job revert {ns}{name} <version>` restores it — or fix the job file and `nomad job run` it."),
];

const ECS_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: start fresh tasks so they read the current secret: `aws ecs update-service --cluster {cluster} --service {name} --force-new-deployment` (ECS injects `secrets` only when a task starts)."),
    (&["stale-image-mutable-tag"], "Now: register a task definition revision whose image is pinned by digest (`<repository>@sha256:…`) and deploy it: `aws ecs update-service --cluster {cluster} --service {name} --task-definition <family:new-revision>`; `--force-new-deployment` re-pulls the tag only as a stopgap."),
    (&["gitops-drift"], "Now: compare the live {name} with the code that declares it before the next apply reverts or keeps the hand change (`terraform plan`, or your stack's diff), and put the change into the code if it is to stay."),
    (&["probe-misconfigured"], "Now: fix the container's `healthCheck` (or the target group's health-check port and path) to what {name} serves, and deploy the new task definition revision: `aws ecs update-service --cluster {cluster} --service {name} --task-definition <family:new-revision>`."),
    (&["image-pull-error"], "Now: point the task definition at an image that exists (the repository and tag CI pushed) and deploy it: `aws ecs update-service --cluster {cluster} --service {name} --task-definition <family:new-revision>`; check the task execution role may pull from that repository."),
    (&["oom-killed"], "Now: raise the container's `memory` in a new task definition revision above its peak and deploy it: `aws ecs update-service --cluster {cluster} --service {name} --task-definition <family:new-revision>`."),
    (&["capacity-saturation", "unschedulable"], "Now: add capacity — `aws ecs update-service --cluster {cluster} --service {name} --desired-count <n>` within the cluster's capacity providers, and raise the service's scaling maximum if it sits at it."),
    (&[], "Now: roll {name} back to the last task definition revision that worked — `aws ecs update-service --cluster {cluster} --service {name} --task-definition <family:last-good-revision>` — or fix the definition and deploy a new revision."),
];

const CLOUD_RUN_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: deploy a new revision so {name} reads the current secret version: `gcloud run services update {name}{region} --update-secrets=<ENV>=<secret>:latest` (a revision reads `latest` when it starts)."),
    (&["stale-image-mutable-tag"], "Now: deploy the pushed image by digest: `gcloud run deploy {name}{region} --image <repository>@sha256:…`."),
    (&["gitops-drift"], "Now: compare the live {name} (`gcloud run services describe {name}{region} --format export`) with the YAML or code that declares it before the next deploy reverts or keeps the hand change, and put the change there if it is to stay."),
    (&["probe-misconfigured"], "Now: point {name}'s startup and liveness probes at the port and path the container serves, and deploy that as a new revision (`gcloud run services replace <service.yaml>{region}`)."),
    (&["image-pull-error"], "Now: deploy an image that exists (`gcloud run deploy {name}{region} --image <the repository CI pushed to>:<tag>`), or push the missing tag; an Artifact Registry in another project needs the Cloud Run service agent to be a reader there."),
    (&["capacity-saturation"], "Now: raise the ceiling it hit: `gcloud run services update {name}{region} --max-instances <n> --concurrency <n>`, within what its backends (database connections) can serve."),
    (&[], "Now: send traffic back to the last revision that worked — `gcloud run services update-traffic {name}{region} --to-revisions <last-good-revision>=100` — or fix the service and deploy a new revision."),
];

const DOCKER_LOGS: &str = "docker logs --timestamps --tail 100 {container}";
const DOCKER_STATE: &str = "docker inspect {container} --format '{{.Config.Image}} {{.Image}} {{.State.Status}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}} restarts={{.RestartCount}} started={{.State.StartedAt}}'";
const DOCKER_CHECKS: ByClass<&[&str]> = &[
    (&["oom-killed", "capacity-saturation"], &[DOCKER_STATE, "docker stats --no-stream {container}", "docker inspect {container} --format 'memory={{.HostConfig.Memory}} cpus={{.HostConfig.NanoCpus}}'"]),
    (&["stale-image-mutable-tag", "image-pull-error"], &[DOCKER_STATE, "docker image inspect $(docker inspect {container} --format '{{.Config.Image}}') --format '{{.Id}} {{.RepoDigests}} {{.Created}}'", "docker compose images"]),
    (&["network-policy-block", "service-selector-mismatch"], &["docker inspect {container} --format '{{json .NetworkSettings.Networks}} {{json .NetworkSettings.Ports}}'", "docker network ls", "sudo iptables -S DOCKER-USER"]),
    (&[], &[DOCKER_STATE, DOCKER_LOGS, "docker compose config {name}"]),
];

const SWARM_CHECKS: ByClass<&[&str]> = &[
    (&["unschedulable", "capacity-saturation"], &["docker service ps {name} --no-trunc", "docker node ls", "docker service inspect {name} --format '{{json .Spec.TaskTemplate.Placement}} {{json .Spec.TaskTemplate.Resources}}'"]),
    (&[], &["docker service ps {name} --no-trunc", "docker service inspect {name} --pretty", "docker service logs --timestamps --tail 100 {name}"]),
];

const SYSTEMD_STATUS: &str = "systemctl status {name} --no-pager -l";
const SYSTEMD_JOURNAL: &str = "journalctl -u {name} --since -2h --no-pager";
const SYSTEMD_CHECKS: ByClass<&[&str]> = &[
    (&["oom-killed"], &["systemctl show {name} -p MemoryMax -p MemoryPeak -p MemoryCurrent -p NRestarts", "journalctl -k --since -1d --no-pager | grep -iE 'oom|killed process'", SYSTEMD_JOURNAL]),
    (&["cron-not-running"], &["systemctl list-timers --all --no-pager", "journalctl -u cron -u crond --since -1d --no-pager | tail -50", "run-parts --test /etc/cron.daily; ls -l /etc/cron.d"]),
    (&["stale-secret-not-reloaded"], &["systemctl show {name} -p ActiveEnterTimestamp -p ExecMainStartTimestamp", "ls -l --time-style=full-iso <the rendered secret file>", SYSTEMD_JOURNAL]),
    (&["network-policy-block"], &["sudo iptables -S; sudo nft list ruleset; sudo ufw status verbose", "ss -ltnp", SYSTEMD_STATUS]),
    // On hosts the probe is a load balancer's or service registry's health check.
    (&["probe-misconfigured"], &["grep -rn -i -E 'check|health' /etc/haproxy/ /etc/nginx/ /etc/consul.d/ 2>/dev/null | grep -i -C3 {name}", "curl -sv http://<server>:<port><check path>  # what the app answers where the check asks", "ss -ltnp  # the ports the app listens on"]),
    (&["capacity-saturation"], &[SYSTEMD_STATUS, "top -b -n1 | head -20; free -m; df -h", SYSTEMD_JOURNAL]),
    (&[], &[SYSTEMD_STATUS, SYSTEMD_JOURNAL, "systemctl cat {name}"]),
];

const HEROKU_PS: &str = "heroku ps -a {app}";
const HEROKU_LOGS: &str = "heroku logs -a {app} --ps {name} -n 1500";
const HEROKU_RELEASES: &str = "heroku releases -a {app} -n 10";
const HEROKU_CHECKS: ByClass<&[&str]> = &[
    (&["oom-killed", "capacity-saturation"], &[HEROKU_PS, "heroku logs -a {app} --ps {name} -n 1500 | grep -E 'R14|R15|sample#memory'", "heroku ps:type -a {app}"]),
    (&["stale-secret-not-reloaded", "crashloop-config-error", "config-crossover"], &[HEROKU_RELEASES, HEROKU_PS, "heroku config -a {app}"]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &[HEROKU_RELEASES, "heroku releases:info -a {app}", HEROKU_PS]),
    (&["cron-not-running", "silent-data-drop"], &["heroku addons:open scheduler -a {app}", "heroku logs -a {app} --ps scheduler -n 1500"]),
    (&[], &[HEROKU_PS, HEROKU_LOGS, HEROKU_RELEASES]),
];

const CF_APP: &str = "cf app {name}";
const CF_EVENTS: &str = "cf events {name}";
const CF_CHECKS: ByClass<&[&str]> = &[
    (&["probe-misconfigured"], &["cf get-health-check {name}", CF_APP, "cf logs {name} --recent | grep -E 'HEALTH|CELL|API'"]),
    (&["stale-secret-not-reloaded", "crashloop-config-error", "config-crossover"], &[CF_EVENTS, CF_APP, "cf env {name}"]),
    (&["stale-image-mutable-tag", "image-pull-error", "gitops-drift"], &[CF_APP, CF_EVENTS, "cf logs {name} --recent | grep -E 'STG|API'"]),
    (&["oom-killed", "capacity-saturation"], &[CF_APP, CF_EVENTS, "cf logs {name} --recent | grep -E 'CELL|API|out of memory'"]),
    (&[], &[CF_APP, CF_EVENTS, "cf logs {name} --recent"]),
];

const HEROKU_NOW: ByClass<&str> = &[
    (&["oom-killed"], "Now: give {name} dynos with more memory (`heroku ps:type {name}=<larger size> -a {app}`) or lower its concurrency (`WEB_CONCURRENCY`, worker threads) so it stays under its quota; R14 means it swaps, R15 that the platform killed it."),
    (&["capacity-saturation"], "Now: add dynos where it ran out: `heroku ps:scale {name}=<n> -a {app}` (or a larger size with `heroku ps:type`), within what its database and add-ons serve."),
    (&["stale-secret-not-reloaded"], "Now: restart {name}'s dynos so they read the current config: `heroku ps:restart {name} -a {app}` (`heroku config:set` restarts them itself; a change made around it does not)."),
    (&["crashloop-config-error"], "Now: set what the log names (`heroku config:set <VAR>=… -a {app}`, which restarts the dynos), or go back to the last release that worked: `heroku releases:rollback <version> -a {app}`."),
    (&["silent-data-drop"], "Now: hold what consumes the job's output, and run it once by hand (`heroku run <its command> -a {app}`) against a count of its source; Heroku Scheduler marks a run green on exit status 0 whatever it wrote."),
    (&["cron-not-running"], "Now: check the job's entry in Heroku Scheduler (`heroku addons:open scheduler -a {app}`: command, frequency, dyno size), fix it, and run the missed job once: `heroku run <its command> -a {app}`."),
    (&["gitops-drift"], "Now: compare the live formation and config vars (`heroku ps -a {app}`, `heroku config -a {app}`) with the code that declares them before the next apply reverts the hand change, and put the change into the code if it is to stay."),
    (&[], "Now: go back to the last release that worked — `heroku releases -a {app}` lists them, `heroku releases:rollback <version> -a {app}` restores one — or restart {name}: `heroku ps:restart {name} -a {app}`."),
];

const CF_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: `cf restage {name} --strategy rolling` (or `cf restart {name}` when staging does not read the variable) so its instances read the current environment; `cf set-env` alone changes nothing in running instances."),
    (&["probe-misconfigured"], "Now: point the health check at what the app serves — `cf set-health-check {name} http --endpoint <path it serves>` (or `port`), then `cf restart {name}` — and fix `health-check-http-endpoint` in the manifest."),
    (&["image-pull-error"], "Now: push an image tag that exists (the one CI built): `cf push {name} --docker-image <repository>:<tag>`, or push the missing tag; check the `--docker-username` account may pull it."),
    (&["oom-killed"], "Now: give {name} more memory: `cf scale {name} -m <higher>` (restarts its instances), or lower what it holds in memory."),
    (&["capacity-saturation"], "Now: add instances: `cf scale {name} -i <n>` within the space's quota, and size its pools to what its backends serve."),
    (&["crashloop-config-error"], "Now: set what the log names (`cf set-env {name} <VAR> <value>`, then `cf restage {name}`), or roll back: `cf rollback {name} --version <last good revision>`."),
    (&["gitops-drift"], "Now: compare the live app (`cf app {name}`, `cf env {name}`) with its manifest before the next `cf push` reverts or keeps the hand change, and put the change into the manifest if it is to stay."),
    (&[], "Now: restart instance {index} (`cf restart-app-instance {name} {index}`) or go back to the last revision that worked — `cf revisions {name}` lists them, `cf rollback {name} --version <n>` restores one — or fix it and `cf push {name}`."),
];

const LAMBDA_NOW: ByClass<&str> = &[
    (&["capacity-saturation", "unschedulable"], "Now: raise {name}'s concurrency ceiling if its downstreams can take it — `aws lambda put-function-concurrency --function-name {name} --reserved-concurrent-executions <n>{region}`, and an event source mapping's `MaximumConcurrency` with it — within the account's unreserved concurrency; shed or slow the traffic that grew."),
    (&["oom-killed"], "Now: raise {name}'s memory above its peak (`Max Memory Used` in its REPORT lines): `aws lambda update-function-configuration --function-name {name} --memory-size <higher>{region}`."),
    (&["stale-secret-not-reloaded"], "Now: replace {name}'s warm execution environments, which cached the old secret at their cold start: any configuration change does it (`aws lambda update-function-configuration --function-name {name} --description \"secret rotated <date>\"{region}`)."),
    (&["crashloop-config-error", "missing-feature-flag"], "Now: give {name} the setting its log names (`aws lambda update-function-configuration --function-name {name} --environment 'Variables={…}'{region}`, which replaces all variables — start from the current ones), or point its alias back at the last version that worked."),
    (&["stale-image-mutable-tag", "image-pull-error"], "Now: deploy the image CI pushed, by digest: `aws lambda update-function-code --function-name {name} --image-uri <repository>@sha256:…{region}` (a function resolves a tag once, when its code is updated)."),
    (&[], "Now: point {name}'s alias back at the last version that worked — `aws lambda update-alias --function-name {name} --name <alias> --function-version <last-good>{region}` — or fix the function and publish a new version."),
];

const FLY_NOW: ByClass<&str> = &[
    (&["crashloop-config-error", "missing-feature-flag"], "Now: give {name}'s machines the setting their log names — `fly secrets set -a {name} <KEY>=<value>` (it redeploys every machine with it) — or roll back to the last image that started: `fly deploy -a {name} --image <last good image>` (`fly releases -a {name} --image` lists them)."),
    (&["unschedulable"], "Now: ask for what the region has room for — a smaller size (`fly scale vm <size> -a {name}`), or the machines in another region (`fly scale count <n> --region <other> -a {name}`) — or retry later; `fly scale count` creates nothing when no host can reserve the memory."),
    (&["capacity-saturation"], "Now: add machines — `fly scale count <n> -a {name}` — and raise the service's `hard_limit`/`soft_limit` concurrency in fly.toml if the machines are not busy, within what the backends serve."),
    (&["oom-killed"], "Now: give the machines more memory than their peak: `fly scale memory <MB> -a {name}` (or a larger `fly scale vm`)."),
    (&["service-selector-mismatch", "probe-misconfigured"], "Now: make fly.toml's `internal_port` (in `[http_service]` or `[[services]]`, and its checks) the port the app listens on — or make the app listen on `0.0.0.0:<internal_port>` — and `fly deploy -a {name}`."),
    (&["stale-image-mutable-tag"], "Now: deploy the image CI pushed, by digest: `fly deploy -a {name} --image <repository>@sha256:…`."),
    (&["image-pull-error"], "Now: deploy an image that exists (`fly deploy -a {name} --image <repository>:<the tag CI pushed>`), or push the missing tag; a private registry needs its credentials as the app's secrets."),
    (&["stale-secret-not-reloaded"], "Now: restart the machines so they read the current secret: `fly secrets deploy -a {name}` (or `fly machine restart {machine} -a {name}`)."),
    (&[], "Now: roll {name} back to the last release that worked — `fly deploy -a {name} --image <last good image>` (`fly releases -a {name} --image` lists them) — or fix it and deploy again."),
];

const DO_APPS_LOGS: &str = "doctl apps logs <app-id> {name} --type run --tail 100";
const DO_APPS_CHECKS: ByClass<&[&str]> = &[
    (&["stale-image-mutable-tag", "image-pull-error"], &["doctl apps list-deployments <app-id>", "doctl apps logs <app-id> {name} --type deploy", "doctl apps spec get <app-id>"]),
    (&[], &[DO_APPS_LOGS, "doctl apps list-deployments <app-id>", "doctl apps spec get <app-id>"]),
];

const GLUE_CHECKS: ByClass<&[&str]> = &[
    (&["crashloop-config-error"], &["aws glue get-job --job-name {name}{region} --query 'Job.DefaultArguments'  # the arguments every run gets", "aws glue get-job-runs --job-name {name}{region} --max-items 5 --query 'JobRuns[].[Id,Attempt,JobRunState,StartedOn,ErrorMessage]'", "aws glue get-job-run --job-name {name} --run-id {run}{region}"]),
    (&["oom-killed", "capacity-saturation"], &["aws glue get-job-runs --job-name {name}{region} --max-items 5 --query 'JobRuns[].[Id,JobRunState,ErrorMessage,WorkerType,NumberOfWorkers]'", "aws glue get-job --job-name {name}{region} --query 'Job.[WorkerType,NumberOfWorkers,DefaultArguments]'", "aws logs tail /aws-glue/jobs/error --log-stream-names {run}{region}"]),
    (&[], &["aws glue get-job-runs --job-name {name}{region} --max-items 5", "aws glue get-job-run --job-name {name} --run-id {run}{region}", "aws logs tail /aws-glue/jobs/error --log-stream-names {run}{region}"]),
];

const GLUE_NOW: ByClass<&str> = &[
    (&["silent-data-drop"], "Now: find what changed under {name} (its arguments, connection, source tables or upstream feed; `aws glue get-job-runs` shows from which run the counts fell) and fix it; then re-run it for every affected date and correct the published numbers."),
    (&["crashloop-config-error"], "Now: give {name} the arguments its error names, spelt as the script reads them (`aws glue update-job --job-name {name}` with the `DefaultArguments` keys it asks for), then start one run: `aws glue start-job-run --job-name {name}`."),
    (&["oom-killed"], "Now: give {name} more memory per executor (a larger `WorkerType`, more `NumberOfWorkers`, via `aws glue update-job`) or less data per task, then `aws glue start-job-run --job-name {name}`."),
    (&[], "Now: put back the last script, arguments or connection of {name} that worked (`aws glue update-job`), then `aws glue start-job-run --job-name {name}` and watch `aws glue get-job-runs --job-name {name}`."),
];

const DATABRICKS_CHECKS: ByClass<&[&str]> = &[
    (&["image-pull-error", "stale-image-mutable-tag"], &["databricks jobs get <job-id>  # the job cluster's docker_image", "databricks jobs get-run {run}", "databricks clusters events <cluster-id>"]),
    (&["stale-secret-not-reloaded"], &["databricks clusters get <cluster-id>  # start_time: its secrets were resolved then", "databricks clusters events <cluster-id>", "databricks secrets list-secrets <scope>"]),
    (&[], &["databricks jobs list-runs --job-id <job-id>", "databricks jobs get-run {run}", "databricks jobs get-run-output {run}"]),
];

const DATABRICKS_NOW: ByClass<&str> = &[
    (&["silent-data-drop"], "Now: find what changed under {name} (its arguments, connection, source tables or upstream feed; `databricks jobs list-runs` shows from which run the counts fell) and fix it; then re-run it for every affected date and correct the published numbers."),
    (&["image-pull-error"], "Now: point the job cluster's `docker_image.url` at a tag that exists (or push the missing tag), then `databricks jobs run-now <job-id>`."),
    (&["stale-secret-not-reloaded"], "Now: restart the cluster so it resolves its secret references again (`databricks clusters restart <cluster-id>`); then check that the authentication errors stop."),
    (&[], "Now: put back the last job settings, cluster spec or library of {name} that worked (`databricks jobs reset`), then `databricks jobs run-now <job-id>`."),
];

const DATAFLOW_CHECKS: ByClass<&[&str]> = &[
    (&["unschedulable"], &["gcloud dataflow jobs describe {name}{region}", "gcloud compute regions describe <region> --format='table(quotas.metric,quotas.limit,quotas.usage)'", "gcloud dataflow logs list {name}{region} --importance=warning"]),
    (&[], &["gcloud dataflow jobs describe {name}{region}", "gcloud dataflow logs list {name}{region} --importance=warning", "gcloud dataflow jobs list{region} --status=all --limit=10"]),
];

const DATAFLOW_NOW: ByClass<&str> = &[
    (&["silent-data-drop"], "Now: find what changed under {name} (its arguments, connection, source tables or upstream feed; `gcloud dataflow jobs list` shows from which run the counts fell) and fix it; then re-run it for every affected date and correct the published numbers."),
    (&["unschedulable"], "Now: free or raise the quota the worker pool ran into (`gcloud compute regions describe` shows its usage: request more, or cap other jobs' `--max-workers`), or relaunch {name} with fewer or smaller workers (`--max-workers`, `--worker-machine-type`) or in another zone."),
    (&["oom-killed"], "Now: relaunch {name} on workers with more memory (a highmem `--worker-machine-type`) or fewer parallel work items per worker."),
    (&[], "Now: cancel {name} (`gcloud dataflow jobs cancel {name}{region}`) and relaunch it from the last template or code that worked."),
];

const DO_APPS_NOW: ByClass<&str> = &[
    (&["stale-image-mutable-tag"], "Now: deploy the pushed image: pin {name}'s `image` by `digest` in the app spec (and its Terraform) and apply, or redeploy so the tag is resolved anew (`doctl apps create-deployment <app-id>`): an unchanged spec makes no deployment."),
    (&[], "Now: roll the app back to the last deployment that worked — `doctl apps list-deployments <app-id>` lists them — or fix it and `doctl apps create-deployment <app-id>`."),
];

const APP_ENGINE_NOW: ByClass<&str> = &[
    (&["cron-not-running"], "Now: once whatever it was paused for is over, resume the job — `gcloud scheduler jobs resume {name}{region}` — and run the missed work by hand (`gcloud scheduler jobs run {name}{region}` starts one run now)."),
    (&["capacity-saturation", "unschedulable"], "Now: raise `max_instances` in app.yaml's `automatic_scaling` (and the pool per instance, within what the database serves) and `gcloud app deploy`; `gcloud app versions list --service={name}` shows the version taking traffic."),
    (&[], "Now: send traffic back to the last version that worked — `gcloud app services set-traffic {name} --splits=<last-good-version>=1` (`gcloud app versions list --service={name}` lists them) — or fix it and `gcloud app deploy`."),
];

const DOCKER_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: recreate {name} so it reads the current secret: `docker compose up -d --force-recreate {name}` (a container's environment is fixed when it is created; `docker restart` keeps it)."),
    (&["stale-image-mutable-tag"], "Now: pull and recreate: `docker compose pull {name} && docker compose up -d {name}` (`up -d` alone keeps the image it already has under that tag), and pin the image by digest (`image: <repository>@sha256:…`)."),
    (&["image-pull-error"], "Now: point {name}'s `image:` at a tag that exists (the one CI pushed), or push the missing tag; `docker login` to the registry if it refused, then `docker compose up -d {name}`."),
    (&["oom-killed"], "Now: raise {name}'s memory limit above its peak (`mem_limit:` or `deploy.resources.limits.memory` in the compose file, then `docker compose up -d {name}`; `docker update --memory <higher> --memory-swap <higher> {container}` for a plain container)."),
    (&["capacity-saturation"], "Now: add capacity where it ran out — more workers or connections in {name}'s config, `docker compose up -d --scale {name}=<n>`, or a bigger host — and size the pool to what its backend serves."),
    (&["network-policy-block"], "Now: put {container} and its caller on a shared network (`networks:` in the compose file, then `docker compose up -d`), or let the caller through the host firewall (Docker's `DOCKER-USER` chain, ufw) if the block is there."),
    (&["crashloop-config-error"], "Now: give {name} the setting its log names (`environment:`/`env_file:` in the compose file, or the file it mounts), then `docker compose up -d {name}`; roll back the last change if that is quicker."),
    (&[], "Now: put back the last image or config of {name} that worked and `docker compose up -d {name}`; `docker logs {container}` shows when it began failing."),
];

const SWARM_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: Swarm secrets never change in place: create the new version as a new secret and swap it in, which restarts the tasks: `docker service update --secret-rm <old> --secret-add source=<new>,target=<file> {name}`."),
    (&["stale-image-mutable-tag"], "Now: deploy the pushed image by digest: `docker service update --with-registry-auth --image <repository>@sha256:… {name}`."),
    (&["oom-killed"], "Now: raise the service's memory limit above its peak: `docker service update --limit-memory <higher> {name}` (and in the stack file)."),
    (&["unschedulable"], "Now: make {name}'s placement constraints and reservations match nodes that exist (`docker node ls`), e.g. `docker service update --constraint-rm <constraint> {name}`, or add a node that meets them."),
    (&[], "Now: roll {name} back to its previous spec — `docker service rollback {name}` — or fix the stack file and `docker stack deploy` it."),
];

const SYSTEMD_NOW: ByClass<&str> = &[
    (&["stale-secret-not-reloaded"], "Now: `systemctl restart {name}` (or `systemctl reload {name}` if it re-reads its secrets on reload) so it reads the current secret; keep the old credential valid until it has."),
    (&["oom-killed"], "Now: raise {name}'s `MemoryMax=` above its peak (`systemctl set-property {name} MemoryMax=<higher>`, or its drop-in and `systemctl daemon-reload`) and `systemctl restart {name}`, or lower its concurrency to fit."),
    (&["crashloop-config-error"], "Now: give {name} the setting its log names (`Environment=`/`EnvironmentFile=` in the unit, or the config file it reads), `systemctl daemon-reload` if the unit changed, then `systemctl restart {name}` (`systemctl reset-failed {name}` if it hit its start limit)."),
    (&["cron-not-running"], "Now: fix what keeps the job from firing (the crontab line or timer's `OnCalendar=`, a file name `run-parts` skips, the timer or cron daemon stopped), then run the missed job once by hand."),
    (&["capacity-saturation"], "Now: add capacity where it ran out (workers, connections or pool size in {name}'s config, or a bigger host) and `systemctl restart {name}`."),
    (&["probe-misconfigured"], "Now: point the health check of {name} (HAProxy `option httpchk`/`http-check expect`, a Consul `check`, nginx `health_check`) at the path and port the app serves, and reload the balancer (`systemctl reload haproxy`); the servers answer, only the check asks the wrong thing."),
    (&["network-policy-block"], "Now: let the caller through the firewall in front of the port it cannot reach (`ufw allow from <caller> to any port <port> proto tcp`, a firewalld rich rule, or the cloud security group), or revert the firewall change that cut it off; `ss -ltnp` on the target shows the service itself listens."),
    (&["gitops-drift"], "Now: compare the host's live config with what its configuration management declares (`ansible-playbook --check --diff`, `puppet agent --test --noop`, `salt '*' state.apply test=True`) before the next run reverts or keeps the hand change, and put the change into the code if it is to stay."),
    (&[], "Now: put back the last version of {name} that worked (package, binary or config) and `systemctl restart {name}`; `journalctl -u {name}` shows when it began failing."),
];

const WINDOWS_TASK_INFO: &str = "Get-ScheduledTaskInfo -TaskName '{name}' | Format-List LastRunTime, LastTaskResult, NextRunTime, NumberOfMissedRuns";
const WINDOWS_TASK_EVENTS: &str = "Get-WinEvent -FilterHashtable @{LogName='Microsoft-Windows-TaskScheduler/Operational'; StartTime=(Get-Date).AddDays(-3)} | Where-Object Message -like '*{name}*' | Format-Table TimeCreated, Id, Message -Wrap";
const WINDOWS_APP_EVENTS: &str = "Get-WinEvent -FilterHashtable @{LogName='Application'; Level=1,2,3; StartTime=(Get-Date).AddHours(-6)} -MaxEvents 30 | Format-Table TimeCreated, ProviderName, Id, Message -Wrap";
const WINDOWS_SERVICE: &str = "Get-CimInstance Win32_Service -Filter \"Name='{name}'\" | Format-List Name, State, StartMode, ProcessId, StartName, PathName";
const WINDOWS_CHECKS: ByClass<&[&str]> = &[
    (
        &["cron-not-running"],
        &[WINDOWS_TASK_INFO, "Get-ScheduledTask -TaskName '{name}' | Format-List TaskPath, State, Triggers, @{n='MultipleInstances';e={$_.Settings.MultipleInstances}}, @{n='ExecutionTimeLimit';e={$_.Settings.ExecutionTimeLimit}}", WINDOWS_TASK_EVENTS],
    ),
    (&["silent-data-drop"], &[WINDOWS_TASK_INFO, "Select-String -Path <the job's log files> -Pattern 'rows|records|written' | Select-Object -Last 14", WINDOWS_TASK_EVENTS]),
    (
        &["certificate-expired"],
        &["Get-ChildItem Cert:\\LocalMachine\\My | Sort-Object NotAfter | Format-Table Subject, NotAfter, Thumbprint, HasPrivateKey -AutoSize", "Get-WebBinding -Protocol https | Format-Table protocol, bindingInformation, certificateHash, certificateStoreName -AutoSize", "netsh http show sslcert"],
    ),
    (
        &["oom-killed", "capacity-saturation"],
        &[
            "Get-Counter '\\Memory\\Available MBytes','\\Processor(_Total)\\% Processor Time' -SampleInterval 5 -MaxSamples 6",
            "Get-Process | Sort-Object WorkingSet64 -Descending | Select-Object -First 10 Name, Id, CPU, @{n='WS(MB)';e={[int]($_.WorkingSet64/1MB)}}",
            "Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Microsoft-Windows-Resource-Exhaustion-Detector'} -MaxEvents 5 | Format-List TimeCreated, Message",
        ],
    ),
    (&["stale-secret-not-reloaded"], &[WINDOWS_SERVICE, "Get-Process -Id (Get-CimInstance Win32_Service -Filter \"Name='{name}'\").ProcessId | Format-List Name, StartTime", WINDOWS_APP_EVENTS]),
    (&["network-policy-block"], &["Test-NetConnection <host> -Port <port>  # from the caller", "Get-NetFirewallRule -Enabled True -Direction Inbound -Action Block | Format-Table DisplayName, Profile, Action", "Get-NetTCPConnection -State Listen | Sort-Object LocalPort | Format-Table LocalAddress, LocalPort, OwningProcess"]),
    (&[], &[WINDOWS_SERVICE, WINDOWS_APP_EVENTS, "Get-WinEvent -FilterHashtable @{LogName='System'; ProviderName='Service Control Manager'; StartTime=(Get-Date).AddDays(-1)} | Format-Table TimeCreated, Id, Message -Wrap"]),
];

const WINDOWS_NOW: ByClass<&str> = &[
    (&["cron-not-running"], "Now: clear what holds {name} back — a hung run under MultipleInstances `IgnoreNew` (`Stop-ScheduledTask -TaskName '{name}'`, after finding why it hung), the task disabled (`Enable-ScheduledTask -TaskName '{name}'`), a trigger that no longer fires, a run-as account whose password changed — then start the missed run: `Start-ScheduledTask -TaskName '{name}'`; an `ExecutionTimeLimit` on the task ends a hung run."),
    (&["silent-data-drop"], "Now: find what changed under {name} (its arguments, connection, source or upstream feed; its daily logs show from which run the counts fell) and fix it; then re-run it for every affected date and correct the published numbers."),
    (&["certificate-expired"], "Now: import the renewed certificate into the machine store (`Import-PfxCertificate -FilePath <renewed.pfx> -CertStoreLocation Cert:\\LocalMachine\\My`), bind it where the expired one is served (IIS: the site's https binding; http.sys: `netsh http update sslcert`), and restart what caches it (`iisreset`, or the service)."),
    (&["oom-killed"], "Now: give {name} the memory it peaks at (a larger VM, a higher limit in its own settings: a JVM's `-Xmx`, an IIS application pool's private memory limit) and `Restart-Service '{name}'`, or lower what it holds."),
    (&["capacity-saturation"], "Now: add capacity where it ran out (workers, connections or pool size in {name}'s settings, an IIS application pool's queue length, another server behind the balancer) and `Restart-Service '{name}'`."),
    (&["stale-secret-not-reloaded"], "Now: restart {name} so it reads the current secret (`Restart-Service '{name}'`, or `Restart-WebAppPool '<pool>'` for an IIS site); keep the old credential valid until it has."),
    (&["crashloop-config-error"], "Now: give {name} the setting its log names (its config file, registry key or service environment), then `Start-Service '{name}'`; roll back the last change if that is quicker."),
    (&["network-policy-block"], "Now: let the caller through the firewall in front of the port (`New-NetFirewallRule -DisplayName '<rule>' -Direction Inbound -Protocol TCP -LocalPort <port> -RemoteAddress <caller> -Action Allow`, or the network's firewall), or revert the rule change that cut it off."),
    (&[], "Now: put back the last version of {name} that worked (build, config or package) and `Restart-Service '{name}'`; the Application and System event logs show when it began failing."),
];

/// The platform's lasting fix, for the classes whose Kubernetes one is about Kubernetes'
/// own machinery (how a pod re-reads a Secret, Argo CD's self-heal); other classes keep
/// their own lasting fixes that name no `kubectl` command.
const GITOPS_LASTING: &str = "Lasting: make changes only through the code and its pipeline; run its plan on a schedule and alert when live state differs, and keep hand changes (console, CLI) on managed services to break-glass roles.";
const SECRET_LASTING: [(Cli, &str); 10] = [
    (Cli::Nomad, "Lasting: render the secret with a `template` block (`change_mode = \"restart\"` or `\"signal\"`) so every rotation reaches the allocations, and rotate with an overlap so the old credential works until every allocation restarted."),
    (Cli::Ecs, "Lasting: make each rotation restart the service (an EventBridge rule on the rotation's success that runs `update-service --force-new-deployment`), or have the app fetch the secret when it connects; rotate with an overlap (`AWSPREVIOUS` keeps working) until every task restarted."),
    (Cli::CloudRun, "Lasting: mount the secret as a volume (read at use, always its latest version) instead of an environment variable fixed when the revision starts, or deploy a new revision on every rotation; rotate with an overlap until every instance restarted."),
    (Cli::Docker, "Lasting: mount the secret as a file the program re-reads (or have the tool that renders it recreate the container), instead of an environment variable fixed at creation; rotate with an overlap until every container was recreated."),
    (Cli::Swarm, "Lasting: version secrets by name (`db_password_v7`) in the stack file so each rotation is a deploy that swaps them in, and rotate with an overlap until every task restarted."),
    (Cli::Systemd, "Lasting: have the tool that renders the secret restart or reload the unit (vault-agent's and consul-template's `command`, a systemd `.path` unit on the file), and rotate with an overlap until the service restarted."),
    (Cli::Heroku, "Lasting: change config only with `heroku config:set` (a new release that restarts every dyno), or have the app read the secret at use; rotate with an overlap so the old credential works until the restart finished."),
    (Cli::CloudFoundry, "Lasting: make the rotation restage every app it changes (`cf set-env` then `cf restage --strategy rolling`), or bind the credential as a service (CredHub) the app reads at use; rotate with an overlap until every instance restarted."),
    (Cli::Databricks, "Lasting: run scheduled work on job clusters (they resolve `{{secrets/…}}` when each run starts) rather than long-lived all-purpose clusters, or have the code call `dbutils.secrets.get` when it connects; make the rotation restart the clusters that read the secret, and rotate with an overlap until they have."),
    (Cli::Lambda, "Lasting: read the secret at use with a short cache (the Parameters and Secrets extension, or a cache with a TTL) instead of once per execution environment, and rotate with an overlap (`AWSPREVIOUS` keeps working) until old environments are gone."),
];
/// Lambda's ceiling is reserved concurrency, not an autoscaler: alarm on its own metrics.
const LAMBDA_CAPACITY_LASTING: &str = "Lasting: size reserved concurrency (and a queue mapping's `MaximumConcurrency`) from a load test with headroom and from what the downstreams serve, and alarm on `Throttles` > 0 and on the queue's `ApproximateAgeOfOldestMessage`.";

/// Glue's job arguments live beside the script, not in a manifest CI could validate.
const GLUE_ARGUMENTS_LASTING: &str = "Lasting: change a job's `DefaultArguments` in the same change as the script that reads them (its Terraform or CloudFormation), start one run in CI after a deploy, and have the script name every missing or misspelt argument before it exits.";

/// Task Scheduler has no controller metric and no deadline by default: both are the task's own.
const WINDOWS_TASK_LASTING: &str = "Lasting: alert when a task has not run on time (a dead-man's switch the job pings, or Task Scheduler's events 101, 111 and 322 forwarded to monitoring), and give every task an `ExecutionTimeLimit` so a hung run ends before the next one is due.";
/// Certificates in a Windows store renew through enrolment, not cert-manager.
const WINDOWS_CERTIFICATE_LASTING: &str = "Lasting: renew certificates automatically (AD CS autoenrollment, or an ACME client such as win-acme that rebinds IIS), and alert weeks ahead of expiry from a scheduled check of the stores' `NotAfter` or a probe of the served certificate.";

/// The row of a table for a class.
fn for_class<T: Copy>(table: ByClass<T>, class: &str) -> Option<T> {
    table.iter().find(|(classes, _)| classes.contains(&class)).or_else(|| table.iter().find(|(classes, _)| classes.is_empty())).map(|(_, row)| *row)
}

impl Target {
    /// The values of the holes in the wordings.
    fn vars(&self) -> [(&'static str, String); 12] {
        let region = match self.cli {
            Cli::CloudRun => format!(" --region {}", self.region.as_deref().unwrap_or("<region>")),
            // What the paste's commands name: a Cloud Scheduler job's location.
            Cli::AppEngine => format!(" --location={}", self.region.as_deref().unwrap_or("<location>")),
            _ => self.region.as_ref().map(|r| format!(" --region {r}")).unwrap_or_default(),
        };
        [
            ("name", self.name.clone()),
            ("ns", self.scope.as_ref().map(|s| format!("-namespace={s} ")).unwrap_or_default()),
            ("cluster", self.scope.clone().unwrap_or_else(|| "<cluster>".into())),
            ("alloc", self.instance.clone().unwrap_or_else(|| "<alloc-id>".into())),
            ("task", self.instance.clone().unwrap_or_else(|| "<task-id>".into())),
            ("secret", self.secret.clone().unwrap_or_else(|| "<secret>".into())),
            ("container", self.instance.clone().unwrap_or_else(|| self.name.clone())),
            ("machine", self.instance.clone().unwrap_or_else(|| "<machine-id>".into())),
            ("region", region),
            ("app", self.scope.clone().unwrap_or_else(|| "<app>".into())),
            // A Cloud Foundry instance `APP/N` is restarted by its index.
            // A data job's run: Glue's `jr_…` id (without the `_attempt_N` the reader adds).
            ("run", self.instance.as_deref().map_or_else(|| "<run-id>".into(), |i| i.split_once("_attempt_").map_or(i, |(run, _)| run).to_string())),
            ("index", self.instance.as_deref().and_then(|i| i.rsplit_once('/')).map_or_else(|| "<index>".into(), |(_, n)| n.to_string())),
        ]
    }

    fn fill(&self, template: &str) -> String {
        let vars = self.vars();
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let hole = rest[open + 1..].split_once('}').and_then(|(key, _)| vars.iter().find(|(k, _)| *k == key));
            match hole {
                Some((key, value)) => {
                    out.push_str(value);
                    rest = &rest[open + key.len() + 2..];
                }
                None => {
                    out.push('{');
                    rest = &rest[open + 1..];
                }
            }
        }
        out.push_str(rest);
        match self.podman {
            // `podman compose` runs the compose file as `docker compose` does (Podman 4.7+).
            true => out.replace("docker ", "podman "),
            false => out,
        }
    }
}

/// What the kubectl checks of a class ask, in the platform's own commands.
fn checks(t: &Target, class: &str) -> Vec<String> {
    let table = match t.cli {
        Cli::Nomad => NOMAD_CHECKS,
        Cli::Ecs => ECS_CHECKS,
        Cli::CloudRun => CLOUD_RUN_CHECKS,
        Cli::Docker => DOCKER_CHECKS,
        Cli::Swarm => SWARM_CHECKS,
        Cli::Systemd => SYSTEMD_CHECKS,
        Cli::Heroku => HEROKU_CHECKS,
        Cli::CloudFoundry => CF_CHECKS,
        Cli::Lambda => LAMBDA_CHECKS,
        Cli::Fly => FLY_CHECKS,
        Cli::AppEngine => APP_ENGINE_CHECKS,
        Cli::DoApps => DO_APPS_CHECKS,
        Cli::Glue => GLUE_CHECKS,
        Cli::Databricks => DATABRICKS_CHECKS,
        Cli::Dataflow => DATAFLOW_CHECKS,
        Cli::Windows => WINDOWS_CHECKS,
    };
    let checks = for_class(table, class).unwrap_or_default().iter().map(|c| t.fill(c));
    match (t.cli, &t.scope) {
        // The paste ran its cmdlets on another server: so do its checks.
        (Cli::Windows, Some(computer)) => checks.map(|c| format!("Invoke-Command -ComputerName {computer} {{ {c} }}")).collect(),
        _ => checks.collect(),
    }
}

fn immediate_fix(t: &Target, class: &str) -> String {
    let table = match t.cli {
        Cli::Nomad => NOMAD_NOW,
        Cli::Ecs => ECS_NOW,
        Cli::CloudRun => CLOUD_RUN_NOW,
        Cli::Docker => DOCKER_NOW,
        Cli::Swarm => SWARM_NOW,
        Cli::Systemd => SYSTEMD_NOW,
        Cli::Heroku => HEROKU_NOW,
        Cli::CloudFoundry => CF_NOW,
        Cli::Lambda => LAMBDA_NOW,
        Cli::Fly => FLY_NOW,
        Cli::AppEngine => APP_ENGINE_NOW,
        Cli::DoApps => DO_APPS_NOW,
        Cli::Glue => GLUE_NOW,
        Cli::Databricks => DATABRICKS_NOW,
        Cli::Dataflow => DATAFLOW_NOW,
        Cli::Windows => WINDOWS_NOW,
    };
    t.fill(for_class(table, class).unwrap_or_default())
}

fn lasting_fix(t: &Target, class: &str) -> Option<String> {
    match class {
        "gitops-drift" => Some(GITOPS_LASTING.to_string()),
        "stale-secret-not-reloaded" => SECRET_LASTING.iter().find(|(cli, _)| *cli == t.cli).map(|(_, text)| text.to_string()),
        "capacity-saturation" if t.cli == Cli::Lambda => Some(LAMBDA_CAPACITY_LASTING.to_string()),
        "crashloop-config-error" if t.cli == Cli::Glue => Some(GLUE_ARGUMENTS_LASTING.to_string()),
        "cron-not-running" if t.cli == Cli::Windows => Some(WINDOWS_TASK_LASTING.to_string()),
        "certificate-expired" if t.cli == Cli::Windows => Some(WINDOWS_CERTIFICATE_LASTING.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fact::Entity;

    /// A finding about `subject` worded in kubectl, adapted to the paste's platform.
    fn adapted(paste: &str, subject: &Entity, class: &'static str) -> Finding {
        let ingest = crate::ingest::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let mut finding = Finding::new(class, 0.0);
        finding.subject = ingest.facts.find_entity(&subject.kind, subject.namespace.as_deref(), &subject.name);
        assert!(finding.subject.is_some(), "no {subject:?} in {:?}", ingest.facts.entities());
        finding.wording.checks = vec![Check::new("kubectl get pods".into(), 2.0, true), Check::new("crane digest reg/x:main".into(), 1.0, true)];
        finding.wording.fixes = vec!["Now: `kubectl rollout restart deployment/x`.".into(), "Lasting: pin images by digest.".into()];
        adapt(&kb, &mut finding);
        finding
    }

    fn commands(finding: &Finding) -> Vec<&str> {
        finding.wording.checks.iter().map(|c| c.command.as_str()).collect()
    }

    #[test]
    fn an_ecs_service_gets_aws_commands_and_keeps_other_tools_checks() {
        let paste = "$ aws ecs describe-tasks --cluster prod --tasks $(aws ecs list-tasks --cluster prod --service-name api --query 'taskArns' --output text) --query 'tasks[].[taskArn,startedAt,lastStatus]' --output text\n\
arn:aws:ecs:eu-west-1:1:task/prod/5a0c2e8f\t2026-06-30T14:16:07.311000+02:00\tRUNNING\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, None, "5a0c2e8f"), "stale-image-mutable-tag");
        let checks = commands(&finding);
        assert!(checks.iter().all(|c| !c.starts_with("kubectl")), "{checks:?}");
        assert!(checks.contains(&"crane digest reg/x:main"), "{checks:?}");
        assert!(checks.iter().any(|c| c.starts_with("aws ecs describe-tasks --cluster prod --tasks 5a0c2e8f")), "{checks:?}");
        assert!(finding.wording.fixes[0].starts_with("Now:") && finding.wording.fixes[0].contains("aws ecs update-service --cluster prod"), "{:?}", finding.wording.fixes);
        assert!(finding.wording.fixes.contains(&"Lasting: pin images by digest.".to_string()), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn a_nomad_job_gets_nomad_commands_in_its_namespace() {
        let paste = "$ nomad job status -namespace etl nightly\nID            = nightly\nType          = batch\nNamespace     = etl\nStatus        = pending\n\nSummary\nTask Group  Queued  Starting  Running\nload        1       0         0\n\nPlacement Failure\nTask Group \"load\":\n  * Resources exhausted on 3 nodes\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Job, Some("etl"), "nightly"), "unschedulable");
        let checks = commands(&finding);
        assert!(checks.contains(&"nomad job status -verbose -namespace=etl nightly"), "{checks:?}");
        assert!(checks.iter().all(|c| !c.starts_with("kubectl")), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("nomad job plan"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn kubernetes_output_or_mixed_platforms_keep_the_kubectl_wording() {
        let kubectl = "$ kubectl get pods -n prod\nNAME READY STATUS RESTARTS AGE\napi-7d9f-x2x 1/1 Running 0 3d\n";
        let finding = adapted(kubectl, &Entity::new(EntityKind::Pod, Some("prod"), "api-7d9f-x2x"), "stale-image-mutable-tag");
        assert_eq!(commands(&finding), ["kubectl get pods", "crane digest reg/x:main"]);
        // The same pod also shown by an ECS command: which platform it is, the paste does not settle.
        let mixed = format!("{kubectl}\n$ aws ecs describe-tasks --cluster prod --tasks api-7d9f-x2x --query 'tasks[].[taskArn,lastStatus]' --output text\narn:aws:ecs:eu-west-1:1:task/prod/api-7d9f-x2x\tRUNNING\n");
        let finding = adapted(&mixed, &Entity::new(EntityKind::Pod, Some("prod"), "api-7d9f-x2x"), "stale-image-mutable-tag");
        assert_eq!(commands(&finding), ["kubectl get pods", "crane digest reg/x:main"]);
    }

    #[test]
    fn a_systemd_unit_gets_systemctl_commands_but_a_kubelet_journals_pod_keeps_kubectl() {
        let paste = "$ journalctl -u thumbd --no-pager\n\
Jan 22 09:23:51 media-02 systemd[1]: thumbd.service: A process of this unit has been killed by the OOM killer.\n\
Jan 22 09:23:51 media-02 systemd[1]: thumbd.service: Failed with result 'oom-kill'.\n";
        let finding = adapted(paste, &Entity::new(EntityKind::LogSource, None, "thumbd"), "oom-killed");
        let checks = commands(&finding);
        assert!(checks.contains(&"systemctl show thumbd -p MemoryMax -p MemoryPeak -p MemoryCurrent -p NRestarts"), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("systemctl set-property thumbd MemoryMax="), "{:?}", finding.wording.fixes);
        let kubelet = "$ journalctl -u kubelet --no-pager\n\
Aug 21 16:01:02 node-1 kubelet[812]: I0821 16:01:02.000000 812 prober.go:107] \"Probe failed\" probeType=\"Readiness\" pod=\"geo/tiles-6c8f9d7b54-m2vqx\" output=\"HTTP probe failed with statuscode: 404\"\n";
        let finding = adapted(kubelet, &Entity::new(EntityKind::Pod, Some("geo"), "tiles-6c8f9d7b54-m2vqx"), "probe-misconfigured");
        assert_eq!(commands(&finding)[0], "kubectl get pods", "{:?}", commands(&finding));
    }

    #[test]
    fn the_kernels_oom_killer_on_a_compose_host_gets_docker_commands_for_an_unnamed_container() {
        let paste = "$ docker compose ps\nNAME IMAGE SERVICE STATUS\nshop-render-1 reg/render:3 render Restarting (137) 5 seconds ago\n\n\
$ sudo dmesg -T | tail -1\n[Tue Feb  3 10:47:11 2026] Memory cgroup out of memory: Killed process 330198 (chrome) total-vm:1904312kB, anon-rss:771648kB\n";
        let finding = adapted(paste, &Entity::new(EntityKind::LogSource, None, "kernel"), "oom-killed");
        let checks = commands(&finding);
        assert!(checks.contains(&"docker stats --no-stream <container>"), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("docker compose up -d <container>"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn a_lambda_functions_concurrency_ceiling_gets_lambda_commands_and_its_own_lasting_fix() {
        let paste = "$ aws lambda get-function-concurrency --function-name thumbs --region eu-west-1\n{\n    \"ReservedConcurrentExecutions\": 20\n}\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Deployment, None, "thumbs"), "capacity-saturation");
        let checks = commands(&finding);
        assert!(checks.contains(&"aws lambda get-function-concurrency --function-name thumbs --region eu-west-1"), "{checks:?}");
        assert!(checks.iter().all(|c| !c.starts_with("kubectl")), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("aws lambda put-function-concurrency --function-name thumbs"), "{:?}", finding.wording.fixes);
        assert!(finding.wording.fixes.iter().any(|f| f.contains("Throttles")), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn a_heroku_dyno_gets_heroku_commands_in_its_app() {
        let paste = "$ heroku logs -a inkwell --ps render\n2025-03-02T11:04:20.200000+00:00 heroku[render.1]: Error R15 (Memory quota vastly exceeded)\n2025-03-02T11:04:20.500000+00:00 heroku[render.1]: Process exited with status 137\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, Some("inkwell"), "render.1"), "oom-killed");
        let checks = commands(&finding);
        assert!(checks.contains(&"heroku ps:type -a inkwell"), "{checks:?}");
        assert!(checks.iter().all(|c| !c.starts_with("kubectl")), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("heroku ps:type render=<larger size> -a inkwell"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn a_cloud_foundry_app_gets_cf_commands_and_its_instance_index() {
        let paste = "$ cf logs quarry-api --recent\n   2025-06-03T10:00:05.90+0000 [HEALTH/2] ERR Failed to make HTTP request to '/ping' on port 8080: received status code 404 in 2ms\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, None, "quarry-api/2"), "probe-misconfigured");
        let checks = commands(&finding);
        assert!(checks.contains(&"cf get-health-check quarry-api"), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("cf set-health-check quarry-api http --endpoint"), "{:?}", finding.wording.fixes);
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, None, "quarry-api/2"), "crashloop-nothing-special");
        assert!(finding.wording.fixes[0].contains("cf restart-app-instance quarry-api 2"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn an_app_platform_component_gets_doctl_commands() {
        let paste = "$ doctl apps logs 9a8b7c6d ferry-web --type deploy\nferry-web 2026-02-01T08:00:01.000Z [info] resolved registry.digitalocean.com/acme/ferry-web:main to digest sha256:aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Deployment, None, "ferry-web"), "stale-image-mutable-tag");
        assert!(commands(&finding).contains(&"doctl apps logs <app-id> ferry-web --type deploy"), "{:?}", commands(&finding));
        assert!(finding.wording.fixes[0].contains("doctl apps create-deployment"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn a_fly_machine_gets_fly_commands_and_a_paused_scheduler_job_gcloud_scheduler_ones() {
        let paste = "$ fly machine status 5e01a7c93d2b18 -a quay-api\nEvent Logs\nSTATE EVENT SOURCE TIMESTAMP INFO\nstopped exit flyd 2025-09-01T10:00:28.000+00:00 exit_code=1,oom_killed=false,requested_stop=false\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, None, "5e01a7c93d2b18"), "crashloop-config-error");
        let checks = commands(&finding);
        assert!(checks.contains(&"fly logs -a quay-api -i 5e01a7c93d2b18 --no-tail"), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("fly secrets set -a quay-api"), "{:?}", finding.wording.fixes);
        let paste = "$ gcloud scheduler jobs list --location=us-east1\nID LOCATION SCHEDULE (TZ) TARGET_TYPE STATE\nsweep us-east1 every day 01:00 (Etc/UTC) App Engine PAUSED\n";
        let finding = adapted(paste, &Entity::new(EntityKind::CronJob, None, "sweep"), "cron-not-running");
        assert!(commands(&finding).contains(&"gcloud scheduler jobs describe sweep --location=us-east1"), "{:?}", commands(&finding));
        assert!(finding.wording.fixes[0].contains("gcloud scheduler jobs resume sweep --location=us-east1"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn data_job_findings_propose_their_service_commands() {
        let glue = "$ aws glue get-job-runs --job-name ledger-compact --query 'JobRuns[].{Id:Id,State:JobRunState,Err:ErrorMessage}' --output json\n\
[\n  {\"Id\": \"jr_91ab_attempt_1\", \"State\": \"FAILED\", \"Err\": \"GlueArgumentError: the following arguments are required: --TARGET_BUCKET\"},\n  {\"Id\": \"jr_91ab\", \"State\": \"FAILED\", \"Err\": \"GlueArgumentError: the following arguments are required: --TARGET_BUCKET\"}\n]\n";
        let dataflow = "$ gcloud dataflow logs list 2026-03-02_01_00_00-77 --region=us-east1\n\
W 2026-03-02T09:01:12 2026-03-02_01_00_00-77 Startup of the worker pool in zone us-east1-c failed to bring up any of the desired 8 workers. QUOTA_EXCEEDED: Quota 'C2_CPUS' exceeded.  Limit: 64.0 in region us-east1.\n\
W 2026-03-02T09:16:20 2026-03-02_01_00_00-77 Autoscaling: Unable to reach resize target in zone us-east1-c. QUOTA_EXCEEDED: Quota 'C2_CPUS' exceeded.\n";
        for (paste, expected) in [(glue, "aws glue get-job-run --job-name ledger-compact --run-id jr_91ab"), (dataflow, "gcloud dataflow jobs describe 2026-03-02_01_00_00-77 --region us-east1")] {
            let report = crate::analyze(paste);
            let top = report.diagnoses.first().expect("a diagnosis");
            let checks: Vec<&str> = top.checks.iter().map(|c| c.as_str()).collect();
            assert!(checks.contains(&expected), "{checks:?}");
            assert!(!checks.iter().any(|c| c.starts_with("kubectl ")), "{checks:?}");
        }
    }

    #[test]
    fn a_windows_scheduled_task_gets_task_scheduler_cmdlets_run_where_the_paste_ran_them() {
        let paste = "PS C:\\> Invoke-Command -ComputerName BATCH-07 { schtasks /query /tn \"\\Billing\\InvoiceSweep\" /v /fo LIST }\n\
HostName:                             BATCH-07\n\
TaskName:                             \\Billing\\InvoiceSweep\n\
Next Run Time:                        3/12/2026 2:00:00 AM\n\
Status:                               Running\n\
Last Run Time:                        3/8/2026 2:00:00 AM\n\
Last Result:                          267009\n\
Schedule Type:                        Daily\n\
Start Time:                           2:00:00 AM\n";
        let finding = adapted(paste, &Entity::new(EntityKind::CronJob, None, "InvoiceSweep"), "cron-not-running");
        let checks = commands(&finding);
        assert!(checks.contains(&"Invoke-Command -ComputerName BATCH-07 { Get-ScheduledTaskInfo -TaskName 'InvoiceSweep' | Format-List LastRunTime, LastTaskResult, NextRunTime, NumberOfMissedRuns }"), "{checks:?}");
        assert!(checks.iter().all(|c| !c.starts_with("kubectl")), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("Start-ScheduledTask -TaskName 'InvoiceSweep'"), "{:?}", finding.wording.fixes);
        assert!(finding.wording.fixes.iter().any(|f| f.starts_with("Lasting:") && f.contains("ExecutionTimeLimit")), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn podman_containers_get_podman_commands() {
        let paste = "$ podman ps -a\nCONTAINER ID  IMAGE                      COMMAND  CREATED     STATUS                       PORTS  NAMES\n4b1e0c9d2a77  quay.io/acme/tiler:2.1  serve    2 days ago  Exited (137) 3 minutes ago          tiler\n";
        let finding = adapted(paste, &Entity::new(EntityKind::Pod, None, "tiler"), "oom-killed");
        let checks = commands(&finding);
        assert!(checks.contains(&"podman stats --no-stream tiler"), "{checks:?}");
        assert!(checks.iter().all(|c| !c.starts_with("docker") && !c.starts_with("kubectl")), "{checks:?}");
        assert!(finding.wording.fixes[0].contains("podman update --memory"), "{:?}", finding.wording.fixes);
    }

    #[test]
    fn holes_are_filled_and_other_braces_kept() {
        let target = Target { cli: Cli::Nomad, name: "api".into(), scope: Some("web".into()), instance: None, region: None, secret: None, podman: false };
        assert_eq!(target.fill("nomad alloc status {ns}{alloc} for {name}"), "nomad alloc status -namespace=web <alloc-id> for api");
        assert_eq!(target.fill(immediate_fix(&target, "oom-killed").as_str()), "Now: raise api's `resources { memory = … }` (or `memory_max`) above its peak and `nomad job run` the job file.");
        assert_eq!(target.fill("{unknown} {"), "{unknown} {");
    }
}

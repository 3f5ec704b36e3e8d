//! The key names of `kubectl describe`, `argocd app get` and `helm status` output, grouped by
//! the block they belong to. When a web copy flattened the indentation, these lists are what
//! tells a container's `Reason:` from a pod's, and where a block ends.

use crate::command::Command;
use crate::fact::EntityKind;

/// Keys printed at the top level of some describe output (any kind), of `argocd app get`
/// and of `helm status`.
pub const TOP: &[&str] = &[
    // Every kind.
    "Name", "Namespace", "Labels", "Annotations", "Events", "CreationTimestamp", "Selector", "Conditions",
    // Pods.
    "Priority", "Priority Class Name", "Runtime Class Name", "Service Account", "Node", "Start Time", "Status", "Reason",
    "Message", "IP", "IPs", "Controlled By", "Init Containers", "Containers", "Ephemeral Containers", "Volumes", "QoS Class",
    "Node-Selectors", "Tolerations", "Nominated Node Name", "Readiness Gates", "Topology Spread Constraints",
    // Workloads.
    "Replicas", "StrategyType", "MinReadySeconds", "RollingUpdateStrategy", "Pod Template", "OldReplicaSets",
    "NewReplicaSet", "Update Strategy", "Partition", "Pods Status", "Volume Claims", "Desired Number of Nodes Scheduled",
    "Current Number of Nodes Scheduled", "Number of Nodes Scheduled with Up-to-date Pods",
    "Number of Nodes Scheduled with Available Pods", "Number of Nodes Misscheduled",
    // CronJobs and Jobs.
    "Schedule", "Concurrency Policy", "Suspend", "Successful Job History Limit", "Failed Job History Limit",
    "Starting Deadline Seconds", "Last Schedule Time", "Active Jobs", "Parallelism", "Completions", "Completion Mode",
    "Backoff Limit", "TTL Seconds After Finished", "Completed At", "Duration", "Pods Statuses",
    // Nodes.
    "Roles", "Taints", "Unschedulable", "Lease", "Addresses", "Capacity", "Allocatable", "System Info", "ProviderID",
    "PodCIDR", "PodCIDRs", "Non-terminated Pods", "Allocated resources",
    // Services.
    "Type", "IP Family Policy", "IP Families", "Port", "TargetPort", "NodePort", "Endpoints", "Session Affinity",
    "External Traffic Policy", "Internal Traffic Policy", "LoadBalancer Ingress", "External IPs",
    // HorizontalPodAutoscalers.
    "Reference", "Metrics", "Min replicas", "Max replicas", "Behavior", "Deployment pods", "ReplicaSet pods",
    "StatefulSet pods",
    // argocd app get.
    "Project", "Server", "URL", "Source", "Sources", "Repo", "Target", "Path", "Helm Values", "SyncWindow", "Sync Policy",
    "Sync Status", "Health Status", "Operation", "Sync Revision", "Phase", "Start", "Finished",
    // helm status.
    "NAME", "LAST DEPLOYED", "NAMESPACE", "STATUS", "REVISION", "CHART", "VERSION", "APP VERSION", "DESCRIPTION",
    "TEST SUITE", "NOTES", "USER-SUPPLIED VALUES", "COMPUTED VALUES", "HOOKS", "MANIFEST",
];

/// Keys of one container.
pub const CONTAINER: &[&str] = &[
    "Container ID", "Image", "Image ID", "Port", "Ports", "Host Port", "Host Ports", "Command", "Args", "State",
    "Last State", "Ready", "Restart Count", "Limits", "Requests", "Liveness", "Readiness", "Startup",
    "Environment Variables from", "Environment", "Mounts", "SeccompProfile", "Devices", "Claims",
];

/// Keys under a container's `State:` or `Last State:`.
pub const STATE: &[&str] = &["Reason", "Message", "Exit Code", "Signal", "Started", "Finished"];

/// Keys under a workload's `Pod Template:`.
pub const TEMPLATE: &[&str] = &[
    "Labels", "Annotations", "Service Account", "Init Containers", "Containers", "Volumes", "Node-Selectors",
    "Tolerations", "Priority Class Name", "Runtime Class Name", "Topology Spread Constraints",
];

/// Keys of one volume.
pub const VOLUME: &[&str] = &[
    "Type", "Name", "SecretName", "Optional", "Medium", "SizeLimit", "ClaimName", "ReadOnly", "ConfigMapName",
    "ConfigMapOptional", "DownwardAPI", "TokenExpirationSeconds", "Path", "HostPathType", "Items", "Server", "Driver",
    "FSType", "VolumeAttributes", "Sources", "SecretOptionalName",
];

/// Keys under a NetworkPolicy's `Spec:`.
pub const POLICY: &[&str] = &[
    "PodSelector", "NamespaceSelector", "Allowing ingress traffic", "Allowing egress traffic", "To Port", "From", "To",
    "IPBlock", "CIDR", "Except", "Policy Types",
];

/// What a describe document describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocKind {
    /// A Kubernetes object of this kind.
    Kube(EntityKind),
    /// `argocd app get` (human output).
    Argo,
    /// `helm status`.
    Helm,
}

/// The kind the command names (`kubectl describe pod x`, `argocd app get x`, `helm status
/// x`), if it names one.
pub fn from_command(command: &Command) -> Option<DocKind> {
    match command.program.as_str() {
        "kubectl" if command.verb() == Some("describe") => {
            command.resource().map(|(kind, _)| DocKind::Kube(EntityKind::from_k8s(kind.split(',').next().unwrap_or(kind))))
        }
        "argocd" if command.positionals().get(1) == Some(&"get") => Some(DocKind::Argo),
        "helm" if command.verb() == Some("status") => Some(DocKind::Helm),
        _ => None,
    }
}

/// The kind a document's keys betray when no command says.
pub fn from_keys(keys: &[&str]) -> DocKind {
    let has = |wanted: &[&str]| wanted.iter().all(|w| keys.contains(w));
    let kind = if has(&["LAST DEPLOYED", "STATUS"]) {
        return DocKind::Helm;
    } else if has(&["Project"]) && (has(&["Sync Status"]) || has(&["Health Status"])) {
        return DocKind::Argo;
    } else if has(&["Containers", "Node"]) || has(&["Containers", "Start Time"]) || has(&["Containers", "Last State"]) {
        EntityKind::Pod
    } else if has(&["StrategyType"]) || has(&["NewReplicaSet"]) {
        EntityKind::Deployment
    } else if has(&["Concurrency Policy"]) || has(&["Schedule", "Last Schedule Time"]) {
        EntityKind::CronJob
    } else if has(&["Pods Statuses"]) {
        EntityKind::Job
    } else if has(&["Desired Number of Nodes Scheduled"]) {
        EntityKind::DaemonSet
    } else if has(&["Update Strategy", "Pods Status"]) {
        EntityKind::StatefulSet
    } else if has(&["Pods Status"]) {
        EntityKind::ReplicaSet
    } else if has(&["Roles"]) && (has(&["Taints"]) || has(&["Allocatable"]) || has(&["System Info"])) {
        EntityKind::Node
    } else if has(&["Reference", "Min replicas"]) {
        EntityKind::HorizontalPodAutoscaler
    } else if has(&["Endpoints"]) || has(&["TargetPort"]) || has(&["Session Affinity"]) {
        EntityKind::Service
    } else if has(&["PodSelector"]) || has(&["Policy Types"]) {
        EntityKind::NetworkPolicy
    } else if has(&["Not After"]) {
        EntityKind::Certificate
    } else {
        EntityKind::Resource("object".to_string())
    };
    DocKind::Kube(kind)
}

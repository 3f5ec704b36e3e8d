//! What Kubernetes objects look like, as far as rebuilding lost indentation needs: for each
//! level, the keys it knows and the shape of their values. Only `flat.rs` reads this; it is
//! a map of the common kinds, not a validator, and unknown keys are fine.

/// The shape of a value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    /// A mapping whose keys are known.
    Map(&'static [Field]),
    /// A sequence of mappings whose keys are known.
    SeqOf(&'static [Field]),
    /// A sequence of anything.
    SeqAny,
    /// A sequence of scalars.
    Scalars,
    /// A mapping of free-form keys to scalars: labels, annotations, data.
    Strings,
    /// A mapping of unknown shape: CRD specs, Helm values.
    Any,
    Scalar,
}

/// A known key and the shape of its value.
#[derive(Debug)]
pub(super) struct Field(pub &'static str, pub Shape);

impl Shape {
    /// The shape of `key`'s value inside this shape; None when the key is unknown here.
    pub fn child(self, key: &str) -> Option<Shape> {
        match self {
            Shape::Map(fields) => find(fields, key),
            Shape::Strings => Some(Shape::Scalar),
            Shape::Any => find(ANY_KNOWN, key).or(Some(Shape::Any)),
            _ => None,
        }
    }

    /// True when this shape is a mapping with known keys that include `key`.
    pub fn knows(self, key: &str) -> bool {
        matches!(self, Shape::Map(fields) if find(fields, key).is_some())
    }

    /// The shape of an item when this shape is a sequence.
    pub fn item(self) -> Option<Shape> {
        match self {
            Shape::SeqOf(fields) => Some(Shape::Map(fields)),
            Shape::SeqAny => Some(Shape::Any),
            Shape::Scalars => Some(Shape::Scalar),
            _ => None,
        }
    }

    pub fn is_seq(self) -> bool {
        matches!(self, Shape::SeqOf(_) | Shape::SeqAny | Shape::Scalars)
    }
}

fn find(fields: &[Field], key: &str) -> Option<Shape> {
    fields.iter().find(|f| f.0 == key).map(|f| f.1)
}

/// The shape of a whole document, from its `kind` and `apiVersion` and, for a document
/// without a kind, its top-level keys.
pub(super) fn root<'k>(kind: Option<&str>, api_version: Option<&str>, keys: impl Iterator<Item = &'k str>) -> Shape {
    let Some(kind) = kind else {
        // `kustomization.yaml` often has no kind; these keys are its own.
        const KUSTOMIZE_KEYS: &[&str] =
            &["images", "bases", "patchesStrategicMerge", "configMapGenerator", "secretGenerator", "namePrefix", "nameSuffix", "commonLabels"];
        // A pod's `.status` printed alone (`… -o yaml | yq .status`) has these.
        const POD_STATUS_KEYS: &[&str] = &["containerStatuses", "initContainerStatuses", "podIP", "hostIP", "qosClass"];
        let mut shape = Shape::Any;
        for key in keys {
            if KUSTOMIZE_KEYS.contains(&key) {
                return Shape::Map(KUSTOMIZATION);
            }
            if POD_STATUS_KEYS.contains(&key) {
                shape = Shape::Map(POD_STATUS);
            }
        }
        return shape;
    };
    Shape::Map(match kind {
        "Kustomization" if api_version.is_some_and(|a| a.starts_with("kustomize.config.k8s.io")) => KUSTOMIZATION,
        "Pod" => POD_OBJECT,
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => WORKLOAD_OBJECT,
        "Job" => JOB_OBJECT,
        "CronJob" => CRON_OBJECT,
        // A Knative (Cloud Run) Service runs a pod template, not ports and a selector.
        "Service" if api_version.is_some_and(|a| a.starts_with("serving.knative.dev")) => KNATIVE_SERVICE_OBJECT,
        "Service" => SERVICE_OBJECT,
        "NetworkPolicy" => NETPOL_OBJECT,
        "HorizontalPodAutoscaler" => HPA_OBJECT,
        "Certificate" => CERT_OBJECT,
        "PodTemplate" => PODTEMPLATE_OBJECT,
        _ => OBJECT_ANY,
    })
}

use Shape::{Any, Scalar as S, Scalars, SeqAny, Strings};

/// Keys whose shape is known wherever they appear in a mapping of unknown shape (Helm
/// values, CRD specs).
const ANY_KNOWN: &[Field] = &[
    Field("image", Shape::Map(HELM_IMAGE)),
    Field("resources", Shape::Map(RESOURCES)),
    Field("labels", Strings),
    Field("annotations", Strings),
    Field("podLabels", Strings),
    Field("podAnnotations", Strings),
    Field("nodeSelector", Strings),
    Field("matchLabels", Strings),
];

const HELM_IMAGE: &[Field] =
    &[Field("registry", S), Field("repository", S), Field("tag", S), Field("digest", S), Field("pullPolicy", S), Field("name", S)];

macro_rules! object {
    ($spec:expr, $status:expr) => {
        &[
            Field("apiVersion", S),
            Field("kind", S),
            Field("metadata", Shape::Map(META)),
            Field("spec", $spec),
            Field("status", $status),
            Field("data", Strings),
            Field("stringData", Strings),
            Field("binaryData", Strings),
            Field("type", S),
            Field("immutable", S),
            Field("items", SeqAny),
        ]
    };
}

const OBJECT_ANY: &[Field] = object!(Any, Any);
const POD_OBJECT: &[Field] = object!(Shape::Map(POD_SPEC), Shape::Map(POD_STATUS));
const WORKLOAD_OBJECT: &[Field] = object!(Shape::Map(WORKLOAD_SPEC), Shape::Map(WORKLOAD_STATUS));
const JOB_OBJECT: &[Field] = object!(Shape::Map(JOB_SPEC), Shape::Map(WORKLOAD_STATUS));
const CRON_OBJECT: &[Field] = object!(Shape::Map(CRON_SPEC), Shape::Map(WORKLOAD_STATUS));
const SERVICE_OBJECT: &[Field] = object!(Shape::Map(SERVICE_SPEC), Any);
const KNATIVE_SERVICE_OBJECT: &[Field] = object!(Shape::Map(KNATIVE_SERVICE_SPEC), Any);
const NETPOL_OBJECT: &[Field] = object!(Shape::Map(NETPOL_SPEC), Any);
const HPA_OBJECT: &[Field] = object!(Shape::Map(HPA_SPEC), Any);
const CERT_OBJECT: &[Field] = object!(Shape::Map(CERT_SPEC), Shape::Map(CERT_STATUS));
const PODTEMPLATE_OBJECT: &[Field] = &[
    Field("apiVersion", S),
    Field("kind", S),
    Field("metadata", Shape::Map(META)),
    Field("template", Shape::Map(POD_TEMPLATE)),
];

const META: &[Field] = &[
    Field("name", S),
    Field("generateName", S),
    Field("namespace", S),
    Field("uid", S),
    Field("resourceVersion", S),
    Field("generation", S),
    Field("creationTimestamp", S),
    Field("deletionTimestamp", S),
    Field("labels", Strings),
    Field("annotations", Strings),
    Field("ownerReferences", Shape::SeqOf(OWNER_REF)),
    Field("finalizers", Scalars),
    Field("managedFields", Shape::SeqOf(MANAGED_FIELD)),
];

const OWNER_REF: &[Field] =
    &[Field("apiVersion", S), Field("kind", S), Field("name", S), Field("uid", S), Field("controller", S), Field("blockOwnerDeletion", S)];

const MANAGED_FIELD: &[Field] = &[
    Field("manager", S),
    Field("operation", S),
    Field("apiVersion", S),
    Field("time", S),
    Field("fieldsType", S),
    Field("fieldsV1", Any),
    Field("subresource", S),
];

const SELECTOR: &[Field] = &[Field("matchLabels", Strings), Field("matchExpressions", Shape::SeqOf(EXPRESSION))];
const EXPRESSION: &[Field] = &[Field("key", S), Field("operator", S), Field("values", Scalars)];

const WORKLOAD_SPEC: &[Field] = &[
    Field("replicas", S),
    Field("selector", Shape::Map(SELECTOR)),
    Field("template", Shape::Map(POD_TEMPLATE)),
    Field("strategy", Shape::Map(STRATEGY)),
    Field("updateStrategy", Shape::Map(STRATEGY)),
    Field("revisionHistoryLimit", S),
    Field("minReadySeconds", S),
    Field("progressDeadlineSeconds", S),
    Field("paused", S),
    Field("serviceName", S),
    Field("podManagementPolicy", S),
    Field("volumeClaimTemplates", SeqAny),
];
const KNATIVE_SERVICE_SPEC: &[Field] = &[Field("template", Shape::Map(POD_TEMPLATE)), Field("traffic", SeqAny)];
const STRATEGY: &[Field] = &[Field("type", S), Field("rollingUpdate", Shape::Map(ROLLING_UPDATE))];
const ROLLING_UPDATE: &[Field] = &[Field("maxSurge", S), Field("maxUnavailable", S), Field("partition", S)];

const POD_TEMPLATE: &[Field] = &[Field("metadata", Shape::Map(META)), Field("spec", Shape::Map(POD_SPEC))];

const POD_SPEC: &[Field] = &[
    Field("containers", Shape::SeqOf(CONTAINER)),
    Field("initContainers", Shape::SeqOf(CONTAINER)),
    Field("volumes", Shape::SeqOf(VOLUME)),
    Field("serviceAccountName", S),
    Field("serviceAccount", S),
    Field("nodeSelector", Strings),
    Field("nodeName", S),
    Field("tolerations", Shape::SeqOf(TOLERATION)),
    Field("affinity", Any),
    Field("topologySpreadConstraints", SeqAny),
    Field("restartPolicy", S),
    Field("terminationGracePeriodSeconds", S),
    Field("activeDeadlineSeconds", S),
    Field("imagePullSecrets", Shape::SeqOf(NAME_REF)),
    Field("securityContext", Any),
    Field("hostNetwork", S),
    Field("dnsPolicy", S),
    Field("priorityClassName", S),
    Field("schedulerName", S),
    Field("enableServiceLinks", S),
    Field("automountServiceAccountToken", S),
];

const CONTAINER: &[Field] = &[
    Field("name", S),
    Field("image", S),
    Field("imagePullPolicy", S),
    Field("command", Scalars),
    Field("args", Scalars),
    Field("workingDir", S),
    Field("ports", Shape::SeqOf(PORT)),
    Field("env", Shape::SeqOf(ENV)),
    Field("envFrom", Shape::SeqOf(ENV_FROM)),
    Field("resources", Shape::Map(RESOURCES)),
    Field("volumeMounts", Shape::SeqOf(VOLUME_MOUNT)),
    Field("livenessProbe", Shape::Map(PROBE)),
    Field("readinessProbe", Shape::Map(PROBE)),
    Field("startupProbe", Shape::Map(PROBE)),
    Field("lifecycle", Any),
    Field("securityContext", Any),
    Field("terminationMessagePath", S),
    Field("terminationMessagePolicy", S),
    Field("stdin", S),
    Field("tty", S),
];

const PORT: &[Field] = &[
    Field("name", S),
    Field("containerPort", S),
    Field("protocol", S),
    Field("hostPort", S),
    Field("port", S),
    Field("targetPort", S),
    Field("nodePort", S),
    Field("appProtocol", S),
    Field("endPort", S),
];
const ENV: &[Field] = &[Field("name", S), Field("value", S), Field("valueFrom", Shape::Map(VALUE_FROM))];
const VALUE_FROM: &[Field] = &[
    Field("secretKeyRef", Shape::Map(KEY_REF)),
    Field("configMapKeyRef", Shape::Map(KEY_REF)),
    Field("fieldRef", Shape::Map(FIELD_REF)),
    Field("resourceFieldRef", Shape::Map(RESOURCE_FIELD_REF)),
];
const KEY_REF: &[Field] = &[Field("name", S), Field("key", S), Field("optional", S)];
const FIELD_REF: &[Field] = &[Field("fieldPath", S), Field("apiVersion", S)];
const RESOURCE_FIELD_REF: &[Field] = &[Field("resource", S), Field("containerName", S), Field("divisor", S)];
const ENV_FROM: &[Field] =
    &[Field("prefix", S), Field("configMapRef", Shape::Map(NAME_REF)), Field("secretRef", Shape::Map(NAME_REF))];
const NAME_REF: &[Field] = &[Field("name", S), Field("optional", S)];
const RESOURCES: &[Field] = &[Field("limits", Strings), Field("requests", Strings)];
const VOLUME_MOUNT: &[Field] =
    &[Field("name", S), Field("mountPath", S), Field("subPath", S), Field("readOnly", S), Field("mountPropagation", S)];

const PROBE: &[Field] = &[
    Field("httpGet", Shape::Map(HTTP_GET)),
    Field("tcpSocket", Shape::Map(TCP_SOCKET)),
    Field("grpc", Shape::Map(GRPC)),
    Field("exec", Shape::Map(EXEC)),
    Field("initialDelaySeconds", S),
    Field("periodSeconds", S),
    Field("timeoutSeconds", S),
    Field("successThreshold", S),
    Field("failureThreshold", S),
    Field("terminationGracePeriodSeconds", S),
];
const HTTP_GET: &[Field] =
    &[Field("path", S), Field("port", S), Field("scheme", S), Field("host", S), Field("httpHeaders", Shape::SeqOf(HEADER))];
const HEADER: &[Field] = &[Field("name", S), Field("value", S)];
const TCP_SOCKET: &[Field] = &[Field("port", S), Field("host", S)];
const GRPC: &[Field] = &[Field("port", S), Field("service", S)];
const EXEC: &[Field] = &[Field("command", Scalars)];

const VOLUME: &[Field] = &[
    Field("name", S),
    Field("configMap", Shape::Map(CONFIGMAP_VOLUME)),
    Field("secret", Shape::Map(SECRET_VOLUME)),
    Field("persistentVolumeClaim", Shape::Map(PVC_VOLUME)),
    Field("emptyDir", Any),
    Field("hostPath", Shape::Map(HOST_PATH)),
    Field("projected", Shape::Map(PROJECTED)),
    Field("csi", Any),
];
const CONFIGMAP_VOLUME: &[Field] =
    &[Field("name", S), Field("items", Shape::SeqOf(KEY_PATH)), Field("defaultMode", S), Field("optional", S)];
const SECRET_VOLUME: &[Field] =
    &[Field("secretName", S), Field("items", Shape::SeqOf(KEY_PATH)), Field("defaultMode", S), Field("optional", S)];
const KEY_PATH: &[Field] = &[Field("key", S), Field("path", S), Field("mode", S)];
const PVC_VOLUME: &[Field] = &[Field("claimName", S), Field("readOnly", S)];
const HOST_PATH: &[Field] = &[Field("path", S), Field("type", S)];
const PROJECTED: &[Field] = &[Field("sources", Shape::SeqOf(PROJECTION)), Field("defaultMode", S)];
const PROJECTION: &[Field] = &[
    Field("configMap", Shape::Map(CONFIGMAP_VOLUME)),
    Field("secret", Shape::Map(CONFIGMAP_VOLUME)),
    Field("serviceAccountToken", Any),
    Field("downwardAPI", Any),
];
const TOLERATION: &[Field] =
    &[Field("key", S), Field("operator", S), Field("value", S), Field("effect", S), Field("tolerationSeconds", S)];

const JOB_SPEC: &[Field] = &[
    Field("template", Shape::Map(POD_TEMPLATE)),
    Field("backoffLimit", S),
    Field("completions", S),
    Field("parallelism", S),
    Field("activeDeadlineSeconds", S),
    Field("ttlSecondsAfterFinished", S),
    Field("selector", Shape::Map(SELECTOR)),
    Field("suspend", S),
    Field("completionMode", S),
];
const CRON_SPEC: &[Field] = &[
    Field("schedule", S),
    Field("timeZone", S),
    Field("suspend", S),
    Field("concurrencyPolicy", S),
    Field("startingDeadlineSeconds", S),
    Field("successfulJobsHistoryLimit", S),
    Field("failedJobsHistoryLimit", S),
    Field("jobTemplate", Shape::Map(JOB_TEMPLATE)),
];
const JOB_TEMPLATE: &[Field] = &[Field("metadata", Shape::Map(META)), Field("spec", Shape::Map(JOB_SPEC))];

const SERVICE_SPEC: &[Field] = &[
    Field("selector", Strings),
    Field("ports", Shape::SeqOf(PORT)),
    Field("type", S),
    Field("clusterIP", S),
    Field("clusterIPs", Scalars),
    Field("externalName", S),
    Field("externalTrafficPolicy", S),
    Field("sessionAffinity", S),
    Field("loadBalancerIP", S),
    Field("ipFamilies", Scalars),
    Field("ipFamilyPolicy", S),
];

const NETPOL_SPEC: &[Field] = &[
    Field("podSelector", Shape::Map(SELECTOR)),
    Field("policyTypes", Scalars),
    Field("ingress", Shape::SeqOf(INGRESS_RULE)),
    Field("egress", Shape::SeqOf(EGRESS_RULE)),
];
const INGRESS_RULE: &[Field] = &[Field("from", Shape::SeqOf(PEER)), Field("ports", Shape::SeqOf(PORT))];
const EGRESS_RULE: &[Field] = &[Field("to", Shape::SeqOf(PEER)), Field("ports", Shape::SeqOf(PORT))];
const PEER: &[Field] = &[
    Field("podSelector", Shape::Map(SELECTOR)),
    Field("namespaceSelector", Shape::Map(SELECTOR)),
    Field("ipBlock", Shape::Map(IP_BLOCK)),
];
const IP_BLOCK: &[Field] = &[Field("cidr", S), Field("except", Scalars)];

const HPA_SPEC: &[Field] = &[
    Field("scaleTargetRef", Shape::Map(OWNER_REF)),
    Field("minReplicas", S),
    Field("maxReplicas", S),
    Field("metrics", SeqAny),
    Field("targetCPUUtilizationPercentage", S),
    Field("behavior", Any),
];

const CERT_SPEC: &[Field] = &[
    Field("secretName", S),
    Field("commonName", S),
    Field("dnsNames", Scalars),
    Field("duration", S),
    Field("renewBefore", S),
    Field("issuerRef", Shape::Map(OWNER_REF)),
    Field("usages", Scalars),
    Field("privateKey", Any),
];

/// cert-manager's Certificate status: the validity window sits after the conditions list,
/// so a flattened paste needs these keys to close the list.
const CERT_STATUS: &[Field] = &[
    Field("conditions", Shape::SeqOf(CONDITION)),
    Field("notAfter", S),
    Field("notBefore", S),
    Field("renewalTime", S),
    Field("revision", S),
    Field("lastFailureTime", S),
    Field("failedIssuanceAttempts", S),
    Field("nextPrivateKeySecretName", S),
];

const POD_STATUS: &[Field] = &[
    Field("phase", S),
    Field("conditions", Shape::SeqOf(CONDITION)),
    Field("hostIP", S),
    Field("podIP", S),
    Field("podIPs", SeqAny),
    Field("startTime", S),
    Field("qosClass", S),
    Field("message", S),
    Field("reason", S),
    Field("containerStatuses", Shape::SeqOf(CONTAINER_STATUS)),
    Field("initContainerStatuses", Shape::SeqOf(CONTAINER_STATUS)),
];
const CONTAINER_STATUS: &[Field] = &[
    Field("name", S),
    Field("image", S),
    Field("imageID", S),
    Field("ready", S),
    Field("started", S),
    Field("restartCount", S),
    Field("containerID", S),
    Field("state", Shape::Map(STATE)),
    Field("lastState", Shape::Map(STATE)),
];
const STATE: &[Field] =
    &[Field("running", Shape::Map(STATE_DETAIL)), Field("waiting", Shape::Map(STATE_DETAIL)), Field("terminated", Shape::Map(STATE_DETAIL))];
const STATE_DETAIL: &[Field] = &[
    Field("startedAt", S),
    Field("finishedAt", S),
    Field("reason", S),
    Field("message", S),
    Field("exitCode", S),
    Field("signal", S),
    Field("containerID", S),
];
const CONDITION: &[Field] = &[
    Field("type", S),
    Field("status", S),
    Field("reason", S),
    Field("message", S),
    Field("lastProbeTime", S),
    Field("lastTransitionTime", S),
    Field("lastUpdateTime", S),
    Field("observedGeneration", S),
];
const WORKLOAD_STATUS: &[Field] = &[
    Field("replicas", S),
    Field("readyReplicas", S),
    Field("availableReplicas", S),
    Field("updatedReplicas", S),
    Field("unavailableReplicas", S),
    Field("observedGeneration", S),
    Field("collisionCount", S),
    Field("conditions", Shape::SeqOf(CONDITION)),
    Field("active", SeqAny),
    Field("succeeded", S),
    Field("failed", S),
    Field("startTime", S),
    Field("completionTime", S),
    Field("lastScheduleTime", S),
    Field("lastSuccessfulTime", S),
];

const KUSTOMIZATION: &[Field] = &[
    Field("apiVersion", S),
    Field("kind", S),
    Field("metadata", Shape::Map(META)),
    Field("namespace", S),
    Field("namePrefix", S),
    Field("nameSuffix", S),
    Field("resources", Scalars),
    Field("bases", Scalars),
    Field("components", Scalars),
    Field("crds", Scalars),
    Field("images", Shape::SeqOf(KUSTOMIZE_IMAGE)),
    Field("commonLabels", Strings),
    Field("commonAnnotations", Strings),
    Field("labels", SeqAny),
    Field("patches", SeqAny),
    Field("patchesStrategicMerge", Scalars),
    Field("patchesJson6902", SeqAny),
    Field("configMapGenerator", Shape::SeqOf(GENERATOR)),
    Field("secretGenerator", Shape::SeqOf(GENERATOR)),
    Field("generatorOptions", Any),
    Field("replicas", Shape::SeqOf(KUSTOMIZE_REPLICAS)),
    Field("helmCharts", SeqAny),
];
const KUSTOMIZE_IMAGE: &[Field] = &[Field("name", S), Field("newName", S), Field("newTag", S), Field("digest", S)];
const KUSTOMIZE_REPLICAS: &[Field] = &[Field("name", S), Field("count", S)];
const GENERATOR: &[Field] = &[
    Field("name", S),
    Field("namespace", S),
    Field("behavior", S),
    Field("literals", Scalars),
    Field("files", Scalars),
    Field("envs", Scalars),
    Field("options", Any),
];


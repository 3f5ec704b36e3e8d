//! Artifacts: the pieces a paste is cut into — one command's output, one file, one block of
//! logs, one paragraph of prose — each with its kind, command, title and span.

use crate::command::Command;
use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ArtifactId(pub u32);

/// What an artifact holds, which decides the parser that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    /// Prose: titles, headings, descriptions, questions, ticket text.
    Note,
    /// A whitespace-aligned table with a header row (`kubectl get`, `helm history`, …).
    Table,
    /// `Key: value` sections with nested tables (`kubectl describe`, `argocd app get`).
    Describe,
    /// YAML documents: manifests, `kubectl -o yaml`, kustomizations, Helm values.
    Yaml,
    /// JSON documents: `kubectl -o json`, `argocd -o json`, `jq` output.
    Json,
    /// Columns named by the command's template (`-o jsonpath=…`, `-o custom-columns=…`).
    Columns,
    /// Log lines in any of the common formats.
    Logs,
    /// Prometheus exposition format.
    Metrics,
    /// What a registry tool says about an image: `crane digest`, `skopeo inspect`,
    /// `regctl image digest`, `docker buildx imagetools inspect`.
    Registry,
    /// What a TLS tool prints about a certificate: `openssl x509 -dates`/`-text`,
    /// `openssl s_client`, `curl -v`'s certificate lines.
    Tls,
    /// What kubectl prints when it changes objects (`apply`, `create`, `delete`, …):
    /// `kind/name verb` per line.
    Changes,
    /// A diff: `git diff`/`show`/`log -p`, a PR's or a chat's ```diff block, `kubectl diff`,
    /// `argocd app diff`, `helm diff upgrade`; read by `parse::diff`.
    Diff,
    /// Text no parser recognised; kept and reported, never dropped.
    Unknown,
}

impl ArtifactKind {
    pub fn name(self) -> &'static str {
        match self {
            ArtifactKind::Note => "note",
            ArtifactKind::Table => "table",
            ArtifactKind::Describe => "describe",
            ArtifactKind::Yaml => "yaml",
            ArtifactKind::Json => "json",
            ArtifactKind::Columns => "columns",
            ArtifactKind::Logs => "logs",
            ArtifactKind::Metrics => "metrics",
            ArtifactKind::Registry => "registry",
            ArtifactKind::Tls => "tls",
            ArtifactKind::Changes => "changes",
            ArtifactKind::Diff => "diff",
            ArtifactKind::Unknown => "unknown",
        }
    }
}

/// One piece of the paste.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Artifact {
    pub id: ArtifactId,
    pub kind: ArtifactKind,
    /// The command that printed it, when the paste shows one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// The heading it sits under, or the file path of a `# From: path` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// File path from a `# From:` header or the command (`cat x.yaml`, `kubectl apply -f`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Everything that belongs to the artifact, prompt and trailing blank lines included.
    /// Artifact spans tile the paste: no byte is lost or counted twice.
    pub span: Span,
    /// The content parsers read: after the prompt or header, without surrounding blank lines.
    pub body: Span,
}

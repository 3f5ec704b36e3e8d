//! Parser for `yaml` artifacts: manifests, `kubectl -o yaml`, kustomizations, Helm values.
//! The text is read into document trees (`tree::yaml`, which also rebuilds YAML that lost
//! its indentation) and the objects in them into facts (`k8s_object`).

use crate::ingest::Cx;

pub fn parse(cx: &mut Cx<'_>) {
    let parsed = crate::tree::yaml::parse(cx.paste, cx.artifact.body);
    super::k8s_object::read(cx, parsed);
}

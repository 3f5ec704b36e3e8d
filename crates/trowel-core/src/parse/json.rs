//! Parser for `json` artifacts: `kubectl -o json`, `argocd -o json`, `jq` output (also
//! several values in a row). The text is read into document trees (`tree::json`) and the
//! objects in them into facts (`k8s_object`), after `jq` reshaping is undone.

use crate::ingest::Cx;

pub fn parse(cx: &mut Cx<'_>) {
    let parsed = crate::tree::json::parse(cx.paste, cx.artifact.body);
    super::k8s_object::read(cx, parsed);
}

//! Parser for `registry` artifacts: what a registry tool says an image reference resolves
//! to. `crane digest img:tag` prints a bare digest; `skopeo inspect` prints JSON with a
//! `"Digest"`; `docker buildx imagetools inspect` and `regctl` print `Digest: sha256:…`.
//! The image is the reference the command names; each digest in the output becomes a
//! `resolves_to` fact on that image, quoting the line that shows it.

use crate::fact::{EntityKind, Predicate, Value};
use crate::image::{Digest, ImageRef};
use crate::ingest::Cx;

pub fn parse(cx: &mut Cx<'_>) {
    let Some(image) = commanded_image(cx) else {
        cx.unparsed(cx.artifact.body, "registry output without the image it is about");
        return;
    };
    let subject = cx.entity(EntityKind::Image, None, &image.name());
    let mut found = false;
    for line in cx.lines() {
        let Some(at) = line.text.find("sha256:") else { continue };
        let Some((digest, _)) = Digest::parse_prefix(&line.text[at..]) else { continue };
        // The first digest of `imagetools inspect` is the index; platform manifests follow.
        if found && !line.text.trim_start().starts_with("Digest") {
            continue;
        }
        let mut resolved = image.clone();
        resolved.digest = Some(digest);
        cx.fact(subject, Predicate::ResolvesTo, Value::Image(Box::new(resolved)), line.trimmed().span);
        found = true;
    }
    if !found {
        cx.unparsed(cx.artifact.body, "no digest in the registry tool's output");
    }
}

/// The image reference among the command's words (`crane digest reg/app:tag`, `skopeo
/// inspect docker://reg/app:tag`).
fn commanded_image(cx: &Cx<'_>) -> Option<ImageRef> {
    let command = cx.artifact.command.as_ref()?;
    command.positionals().into_iter().rev().find_map(|word| ImageRef::parse(word).filter(|i| i.repository.contains('/') || i.tag.is_some()))
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    #[test]
    fn crane_digest_resolves_the_tag() {
        let paste = "$ crane digest reg.example/team/app:prod\nsha256:c0ffee42d1e5a8b3f6c9e2d5a8b1f4c7e0a3d6b9f2c5e8a1d4b7f0c3e6a9d2b5\n";
        let ingest = crate::ingest(paste);
        let facts: Vec<_> = ingest.facts.with(Predicate::ResolvesTo).collect();
        assert_eq!(facts.len(), 1);
        assert_eq!(ingest.facts.entity_of(facts[0].subject).name, "reg.example/team/app");
        assert!(facts[0].value.to_string().starts_with("reg.example/team/app:prod@sha256:c0ffee42"));
    }
}

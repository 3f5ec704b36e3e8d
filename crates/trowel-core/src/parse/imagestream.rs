//! OpenShift ImageStream tag history, as `oc describe is` (`imagestream`) prints it: each tag
//! a bare name at the margin, then indented lines — where the tag is imported from, and one
//! line per image the tag has pointed at, newest first, the current one marked `*`:
//!
//! ```text
//! release
//!   tagged from quay.example.com/team/app:release
//!
//!   * quay.example.com/team/app@sha256:1354…
//!       17 hours ago
//!     quay.example.com/team/app@sha256:c4f1…
//!       2 weeks ago
//! ```
//!
//! Each history entry is a push of that tag: `Pushed` with the image at the entry's digest
//! and the tag's name, so the claims that compare what was pushed with what runs read an
//! image stream like a CI log. Entries are stated oldest first, so the newest push is the
//! latest statement of where the tag points (inference prefers the latest).

use crate::blank::Blank;
use crate::fact::{Build, EntityKind, Predicate, Value};
use crate::image::ImageRef;
use crate::ingest::Cx;
use crate::lines::Line;

/// Resource names `oc` accepts for image streams.
const IMAGESTREAM_RESOURCES: &[&str] = &["is", "imagestream", "imagestreams", "imagestream.image.openshift.io"];

pub fn parse(cx: &mut Cx<'_>) {
    let whole = cx.artifact.span.text(cx.paste);
    if memchr::memmem::find(whole.as_bytes(), b"@sha256:").is_none() {
        return;
    }
    let described = cx.artifact.command.as_ref().filter(|c| c.verb() == Some("describe")).and_then(|c| c.resource());
    let names_stream = described.is_some_and(|(kind, _)| IMAGESTREAM_RESOURCES.contains(&kind.to_ascii_lowercase().as_str()));
    if !names_stream && memchr::memmem::find(whole.as_bytes(), b"tagged from").is_none() && memchr::memmem::find(whole.as_bytes(), b"Unique Images:").is_none() {
        return;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let stream_name = described.and_then(|(_, name)| name).map(str::to_string).or_else(|| named_line(&lines));
    let namespace = cx.artifact.command.as_ref().and_then(|c| c.namespace()).map(str::to_string);
    let mut entries: Vec<(ImageRef, crate::span::Span)> = Vec::new();
    let mut tag: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        let text = line.text.trim_ws();
        if line.indent() == 0 {
            tag = (!text.contains([' ', '\t', ':'])).then_some(text);
            continue;
        }
        let Some(tag) = tag else { continue };
        let reference = text.strip_prefix('*').unwrap_or(text).trim_ws();
        let Some(mut image) = ImageRef::parse(reference).filter(|i| i.digest.is_some()) else { continue };
        image.tag = Some(tag.to_string());
        // The entry's age or date, on the next, deeper line, belongs to its quote.
        let span = match lines.get(i + 1) {
            Some(next) if !next.is_blank() && next.indent() > line.indent() && ImageRef::parse(next.text.trim_ws()).is_none() => line.trimmed().span.cover(next.trimmed().span),
            _ => line.trimmed().span,
        };
        entries.push((image, span));
    }
    let Some((first, _)) = entries.first() else { return };
    let stream_name = stream_name.unwrap_or_else(|| first.repository.rsplit('/').next().unwrap_or(&first.repository).to_string());
    let stream = cx.entity(EntityKind::Resource("ImageStream".into()), namespace.as_deref(), stream_name);
    for (image, span) in entries.into_iter().rev() {
        let build = Build { image: Some(image), version: None, commit: None };
        cx.fact(stream, Predicate::Pushed, Value::Build(Box::new(build)), span);
    }
}

/// The object a `Name:` line names.
fn named_line(lines: &[Line<'_>]) -> Option<String> {
    lines.iter().find_map(|l| l.text.trim_ws().strip_prefix("Name:").map(|n| n.trim_ws().to_string())).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    #[test]
    fn tag_history_entries_are_pushes_of_the_tag_newest_last() {
        let paste = "$ oc describe is app -n ci\nName:\t\tapp\nNamespace:\tci\nTags:\t\t1\n\nrelease\n  tagged from quay.example.com/team/app:release\n\n  * quay.example.com/team/app@sha256:1354aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      17 hours ago\n    quay.example.com/team/app@sha256:c4f1bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n      2 weeks ago\n";
        let ingest = crate::ingest::ingest(paste);
        let pushes: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == Predicate::Pushed).map(|f| ingest.facts.display_value(&f.value).to_string()).collect();
        assert_eq!(pushes.len(), 2, "{pushes:?}");
        assert!(pushes[0].contains("c4f1") && pushes[1].contains("1354"), "{pushes:?}");
        assert!(pushes.iter().all(|p| p.contains("release")), "{pushes:?}");
    }
}

//! Container image references and digests, including the truncated forms people paste.
//!
//! `sha256:4f1e0d2a...c841` and `sha256:4f1e0d2a…c841` keep a head and a tail of the hex;
//! [`Digest::relation`] compares such partial digests with full ones by whatever hex both
//! sides still show, and says "unknown" rather than guess when too little overlaps.

use serde::Serialize;
use std::fmt;

/// A content digest, complete or truncated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Digest {
    pub algorithm: String,
    /// The leading hex digits shown (all of them when the digest is complete).
    pub head: String,
    /// The trailing hex digits shown after an ellipsis, if the digest was truncated that way.
    pub tail: Option<String>,
    pub complete: bool,
}

/// What two digests say about each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestRelation {
    Same,
    Different,
    /// Too little of both is shown to tell.
    Unknown,
}

/// Fewest hex digits two digests must share in view before they are called the same.
const MIN_OVERLAP_HEX: usize = 6;

impl Digest {
    /// Parses `sha256:<hex>`, `sha256:<hex>...<hex>` or `sha256:<hex>…<hex>` at the start of
    /// `text`; returns the digest and the bytes it took.
    pub fn parse_prefix(text: &str) -> Option<(Digest, usize)> {
        let colon = text.find(':')?;
        let algorithm = &text[..colon];
        let full_len = match algorithm {
            "sha256" => 64,
            "sha512" => 128,
            "sha1" => 40,
            _ => return None,
        };
        let rest = &text[colon + 1..];
        let head_len = hex_run(rest);
        if head_len < 4 {
            return None;
        }
        let head = &rest[..head_len];
        let mut len = colon + 1 + head_len;
        let after = &rest[head_len..];
        let ellipsis = ["...", "…", "..", "~"].iter().find(|e| after.starts_with(**e));
        let tail = ellipsis.and_then(|e| {
            let tail_len = hex_run(&after[e.len()..]);
            (tail_len >= 2).then(|| {
                len += e.len() + tail_len;
                after[e.len()..e.len() + tail_len].to_ascii_lowercase()
            })
        });
        if tail.is_none() {
            if let Some(e) = ellipsis {
                len += e.len();
            }
        }
        let complete = tail.is_none() && head_len == full_len;
        Some((Digest { algorithm: algorithm.to_string(), head: head.to_ascii_lowercase(), tail, complete }, len))
    }

    /// Compares by every hex digit both digests show, at the front and at the back.
    pub fn relation(&self, other: &Digest) -> DigestRelation {
        if self.algorithm != other.algorithm {
            return DigestRelation::Unknown;
        }
        if self.complete && other.complete {
            return if self.head == other.head { DigestRelation::Same } else { DigestRelation::Different };
        }
        let front = self.head.len().min(other.head.len());
        if self.head[..front] != other.head[..front] {
            return DigestRelation::Different;
        }
        let mut overlap = front;
        if let (Some(a), Some(b)) = (self.back(), other.back()) {
            let back = a.len().min(b.len());
            if a[a.len() - back..] != b[b.len() - back..] {
                return DigestRelation::Different;
            }
            overlap += back;
        }
        if overlap >= MIN_OVERLAP_HEX { DigestRelation::Same } else { DigestRelation::Unknown }
    }

    /// The hex shown at the end: the tail, or the whole digest when complete.
    fn back(&self) -> Option<&str> {
        self.tail.as_deref().or(self.complete.then_some(self.head.as_str()))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tail {
            Some(tail) => write!(f, "{}:{}…{}", self.algorithm, self.head, tail),
            None if self.complete => write!(f, "{}:{}", self.algorithm, self.head),
            None => write!(f, "{}:{}…", self.algorithm, self.head),
        }
    }
}

/// `registry/repository:tag@digest`, each part optional but the repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ImageRef {
    pub registry: Option<String>,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<Digest>,
}

impl ImageRef {
    /// Parses a whole image reference such as `registry.corp.io/team/app:1.2@sha256:…`, also
    /// with a `docker-pullable://` or `docker://` prefix as kubelet prints image IDs.
    pub fn parse(text: &str) -> Option<ImageRef> {
        let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
        let text = text.split_once("://").map_or(text, |(_, rest)| rest);
        if text.is_empty() || text.contains(char::is_whitespace) {
            return None;
        }
        let (name, digest) = match text.find('@') {
            Some(at) => {
                let (digest, len) = Digest::parse_prefix(&text[at + 1..])?;
                if at + 1 + len != text.len() {
                    return None;
                }
                (&text[..at], Some(digest))
            }
            None => (text, None),
        };
        // A bare `sha256:…` is a digest, not an image.
        if Digest::parse_prefix(name).is_some_and(|(_, len)| len == name.len()) {
            return None;
        }
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match name[last_slash..].find(':') {
            Some(colon) => (&name[..last_slash + colon], Some(&name[last_slash + colon + 1..])),
            None => (name, None),
        };
        if tag.is_some_and(|t| t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))) {
            return None;
        }
        let (registry, repository) = match path.split_once('/') {
            Some((first, rest)) if first.contains('.') || first.contains(':') || first == "localhost" => (Some(first), rest),
            _ => (None, path),
        };
        let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
        if !valid(repository) || registry.is_some_and(|r| !r.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))) {
            return None;
        }
        Some(ImageRef {
            registry: registry.map(str::to_string),
            repository: repository.to_string(),
            tag: tag.map(str::to_string),
            digest,
        })
    }

    /// `registry/repository` without tag or digest: the identity two references share.
    pub fn name(&self) -> String {
        match &self.registry {
            Some(registry) => format!("{registry}/{}", self.repository),
            None => self.repository.clone(),
        }
    }

    /// True when the reference can point at different images over time: no digest, and a
    /// tag that is absent, `latest`, or names a branch or environment rather than a release.
    pub fn is_mutable(&self) -> bool {
        self.digest.is_none() && self.tag.as_deref().is_none_or(is_mutable_tag)
    }
}

/// Tags that are moved by every push: `latest`, branch and environment names, and a branch
/// with a line of releases (`release-4.2`, `main-arm64`, `stable-alpine`) unless the tag also
/// pins a build: a full version (`release-4.2.7`), a commit (`main-f83b20c4`) or a build
/// number or date (`prod-20241210`).
pub fn is_mutable_tag(tag: &str) -> bool {
    const MOVING: &[&str] = &[
        "latest", "main", "master", "develop", "dev", "edge", "nightly", "stable", "prod", "production", "staging",
        "stage", "test", "qa", "release", "head", "canary", "current", "snapshot", "trunk", "hotfix", "feature",
    ];
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_', '.', '/']);
    let lead = parts.next().unwrap_or("");
    if MOVING.contains(&lower.as_str()) || lower.ends_with("-latest") || lower.ends_with("-snapshot") {
        return true;
    }
    let pins_a_build = |part: &str| {
        let hex_commit = part.len() >= 7 && part.bytes().all(|b| b.is_ascii_hexdigit()) && part.bytes().any(|b| b.is_ascii_alphabetic());
        let build_number = part.len() >= 6 && part.bytes().all(|b| b.is_ascii_digit());
        hex_commit || build_number
    };
    let numbers = lower.split(|c: char| !c.is_ascii_digit() && c != '.').filter(|run| run.split('.').filter(|n| !n.is_empty()).count() >= 3).count();
    MOVING.contains(&lead) && numbers == 0 && !parts.any(pins_a_build)
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

fn hex_run(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_hexdigit).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(text: &str) -> Digest {
        Digest::parse_prefix(text).unwrap().0
    }

    #[test]
    fn truncated_digests_compare_by_what_both_show() {
        let full = digest("sha256:4f1e0d2a00000000000000000000000000000000000000000000000000a1c841");
        assert!(full.complete);
        let short = digest("sha256:4f1e0d2a...c841");
        assert_eq!(short.to_string(), "sha256:4f1e0d2a…c841");
        assert_eq!(short.relation(&full), DigestRelation::Same);
        assert_eq!(digest("sha256:4f1e0d2a…c842").relation(&full), DigestRelation::Different);
        assert_eq!(digest("sha256:77ab01cd...f273").relation(&short), DigestRelation::Different);
        assert_eq!(digest("sha256:4f1e").relation(&short), DigestRelation::Unknown);
    }

    #[test]
    fn image_references() {
        let image = ImageRef::parse("docker-pullable://registry.corp.io:5000/team/app@sha256:4f1e0d2a...c841").unwrap();
        assert_eq!(image.registry.as_deref(), Some("registry.corp.io:5000"));
        assert_eq!(image.repository, "team/app");
        assert!(image.digest.is_some() && image.tag.is_none());
        let latest = ImageRef::parse("registry.corp.io/app:latest").unwrap();
        assert!(latest.is_mutable());
        assert!(!ImageRef::parse("nginx:1.25.3").unwrap().is_mutable());
        assert!(ImageRef::parse("nginx").unwrap().is_mutable());
        for moving in ["release-4.2", "main-arm64", "stable-alpine", "prod_eu", "develop", "feature-checkout-v2"] {
            assert!(is_mutable_tag(moving), "{moving}");
        }
        for pinned in ["release-4.2.7", "main-f83b20c4", "prod-20241210", "4.2.7", "v1.8.0", "sha-9be47d0", "build-318", "2024.12.10"] {
            assert!(!is_mutable_tag(pinned), "{pinned}");
        }
        assert!(ImageRef::parse("not an image").is_none());
        assert!(ImageRef::parse("sha256:4f1e0d2a...c841").is_none());
    }
}

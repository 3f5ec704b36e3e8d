//! The shapes column values take, used to deal a whitespace-collapsed row's words to its
//! columns: how many words a cell may span and which words it accepts. `4 (2m ago)` is one
//! RESTARTS cell of three words, `0 6 * * *` one SCHEDULE cell of five, a MESSAGE takes
//! whatever the other columns leave.

use super::value::{duration, is_placeholder, number, ratio};

/// What the values of one column look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One word, any text (names, statuses, IPs, `<none>`).
    Word,
    /// One word that reads as a number.
    Number,
    /// One `n/m` word (READY, COMPLETIONS).
    Ratio,
    /// A duration or placeholder, optionally with an event count: `2m`, `2m (x3 over 10m)`.
    Age,
    /// A restart count, optionally with when: `4`, `4 (2m ago)`.
    Restarts,
    /// A cron schedule: five fields (`0 6 * * *`) or a macro (`@daily`).
    Cron,
    /// A printed date: ISO, Go's `2024-11-18 10:02:11 +0000 UTC`, RFC 1123, ANSI C.
    Stamp,
    /// A quantity with an optional share: `1850m (92%)`.
    Usage,
    /// A comma list that kubectl may cut short: `10.0.1.5:8080,10.0.1.6:8080 + 1 more...`.
    List,
    /// An event source, optionally with its host: `kubelet`, `kubelet, node-1`.
    Source,
    /// A git revision with an optional hash: `master (a4f8c2d)`.
    Revision,
    /// Port numbers, one per word: `80`, `80, 443`.
    Ports,
    /// One word out of a fixed set.
    Keyword(&'static [&'static str]),
    /// Zero or one word of the given kind.
    Optional(Opt),
    /// Any number of words: free text such as MESSAGE, CHANGE-CAUSE, DESCRIPTION.
    Text,
    /// ResourceQuota `key: used/hard,` pairs; `limits` says whether the keys are `limits.*`.
    Quota { limits: bool },
}

/// The kinds of word an optional column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    /// A version: `2.5.0`, `v1.4`.
    Version,
    /// An API group in lower case (`apps`, `networking.k8s.io`).
    Group,
    /// An address that is not a port list (ingress ADDRESS).
    Address,
    /// The field path of an event's sub-object (`spec.containers{api}`).
    FieldPath,
    /// One of a fixed set of words.
    OneOf(&'static [&'static str]),
    /// Any one word (a label's value under `kubectl get -L`).
    Any,
}

/// Argo CD health states, as the HEALTH column prints them.
pub const HEALTH: &[&str] = &["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"];
/// Argo CD hook phases, as the HOOK column prints them.
pub const HOOKS: &[&str] = &["PreSync", "Sync", "PostSync", "SyncFail", "PostDelete", "Skip"];

impl Shape {
    /// The default shape of a column, by its header name, across kubectl, helm, argocd,
    /// flux and the tables inside `kubectl describe`.
    pub fn for_column(name: &str) -> Shape {
        const TEXT: &[&str] = &["MESSAGE", "CHANGE-CAUSE", "DESCRIPTION", "OS-IMAGE", "TARGETS"];
        let upper = name.to_ascii_uppercase();
        match upper.as_str() {
            "AGE" | "DURATION" | "LAST SEEN" | "FIRST SEEN" | "LAST SCHEDULE" => Shape::Age,
            "RESTARTS" => Shape::Restarts,
            "SCHEDULE" => Shape::Cron,
            "UPDATED" | "DATE" | "LASTHEARTBEATTIME" | "LASTTRANSITIONTIME" | "LAST TRANSITION" | "LAST DEPLOYED" => Shape::Stamp,
            "COMPLETIONS" => Shape::Ratio,
            "COUNT" | "MINPODS" | "MAXPODS" | "REPLICAS" | "DESIRED" | "CURRENT" | "UP-TO-DATE" | "AVAILABLE" | "ACTIVE" | "DATA" => {
                Shape::Number
            }
            "ENDPOINTS" => Shape::List,
            "FROM" | "SOURCE" => Shape::Source,
            "SUBOBJECT" => Shape::Optional(Opt::FieldPath),
            "APP VERSION" => Shape::Optional(Opt::Version),
            "REQUESTS" | "LIMITS" | "CPU REQUESTS" | "CPU LIMITS" | "MEMORY REQUESTS" | "MEMORY LIMITS" => Shape::Usage,
            "REQUEST" => Shape::Quota { limits: false },
            "LIMIT" => Shape::Quota { limits: true },
            "PORTS" => Shape::Ports,
            "ADDRESS" => Shape::Optional(Opt::Address),
            _ if TEXT.contains(&upper.as_str()) => Shape::Text,
            _ => Shape::Word,
        }
    }

    /// Fewest words a cell of this shape takes.
    pub fn min_words(self) -> usize {
        match self {
            Shape::Optional(_) | Shape::Text | Shape::Quota { .. } => 0,
            _ => 1,
        }
    }

    /// Most words a cell of this shape takes (`None`: no limit).
    pub fn max_words(self) -> Option<usize> {
        match self {
            Shape::Word | Shape::Number | Shape::Ratio | Shape::Keyword(_) | Shape::Optional(_) => Some(1),
            Shape::Usage | Shape::Source | Shape::Revision => Some(2),
            Shape::Restarts => Some(3),
            Shape::Age | Shape::List => Some(4),
            Shape::Cron => Some(5),
            Shape::Stamp => Some(6),
            Shape::Ports | Shape::Text | Shape::Quota { .. } => None,
        }
    }

    /// Whether `words` (a run of a row's words) can be one cell of this shape.
    pub fn accepts(self, words: &[&str]) -> bool {
        match (self, words) {
            (Shape::Text, _) => true,
            (Shape::Optional(_), []) => true,
            (Shape::Optional(opt), [word]) => opt.accepts(word),
            (Shape::Word, [_]) => true,
            (Shape::Keyword(keywords), [word]) => keywords.contains(word),
            (Shape::Number, [word]) => number(word).is_some() || is_placeholder(word),
            (Shape::Ratio, [word]) => ratio(word).is_some(),
            (Shape::Age, [word]) => is_duration(word),
            (Shape::Age, [age, count, over, first]) => {
                is_duration(age)
                    && count.strip_prefix("(x").is_some_and(|n| number(n).is_some())
                    && *over == "over"
                    && first.strip_suffix(')').is_some_and(is_duration)
            }
            (Shape::Restarts, [count]) => number(count).is_some(),
            (Shape::Restarts, [count, when, ago]) => {
                number(count).is_some() && when.strip_prefix('(').is_some_and(is_duration) && *ago == "ago)"
            }
            (Shape::Cron, [word]) => word.starts_with('@'),
            (Shape::Cron, fields @ [_, _, _, _, _]) => fields.iter().all(|f| is_cron_field(f)),
            (Shape::Stamp, words) => is_stamp(words),
            (Shape::Usage, [amount]) => is_amount(amount),
            (Shape::Usage, [amount, share]) => is_amount(amount) && share.starts_with('(') && share.ends_with("%)"),
            (Shape::List, [_]) => true,
            (Shape::List, [_, plus, n, more]) => *plus == "+" && number(n).is_some() && more.starts_with("more"),
            (Shape::Source, [_]) => true,
            (Shape::Source, [first, _]) => first.ends_with(','),
            (Shape::Revision, [_]) => true,
            (Shape::Revision, [_, hash]) => hash.starts_with('(') && hash.ends_with(')'),
            (Shape::Ports, words) => {
                !words.is_empty() && words.iter().all(|w| w.trim_end_matches(',').bytes().all(|c| c.is_ascii_digit()))
            }
            (Shape::Quota { limits }, words) => {
                words.len() % 2 == 0
                    && words.chunks(2).all(|pair| pair[0].ends_with(':') && pair[0].starts_with("limits.") == limits)
            }
            _ => false,
        }
    }
}

impl Opt {
    fn accepts(self, word: &str) -> bool {
        match self {
            Opt::Version => {
                let digits = word.strip_prefix('v').unwrap_or(word);
                digits.starts_with(|c: char| c.is_ascii_digit())
            }
            Opt::Group => word.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-'),
            Opt::Address => !word.ends_with(',') && !word.bytes().all(|c| c.is_ascii_digit()),
            Opt::FieldPath => word.starts_with("spec.") || word.starts_with("status.") || word.starts_with('{'),
            Opt::OneOf(words) => words.contains(&word),
            Opt::Any => true,
        }
    }
}

fn is_duration(word: &str) -> bool {
    duration(word).is_some() || is_placeholder(word)
}

fn is_amount(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// One field of a cron schedule: digits, `*`, ranges, steps, lists, names (`MON-FRI`).
fn is_cron_field(field: &str) -> bool {
    !field.is_empty() && field.bytes().all(|c| c.is_ascii_alphanumeric() || b"*/,-?LW#".contains(&c))
}

/// A date in one of the printed forms, split into words.
fn is_stamp(words: &[&str]) -> bool {
    let Some(first) = words.first() else { return false };
    if words.len() == 1 && is_placeholder(first) {
        return true;
    }
    let has_clock = words.iter().any(|w| w.len() >= 5 && w.as_bytes().get(2) == Some(&b':'));
    let iso = crate::time::parse_iso_prefix(first).is_some();
    let named = first.trim_end_matches(',').len() == 3 && first.starts_with(|c: char| c.is_ascii_uppercase());
    (iso && (words.len() == 1 || has_clock) || named && has_clock) && super::value::stamp(&words.join(" ")).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_word_cells() {
        assert!(Shape::Restarts.accepts(&["4", "(2m", "ago)"]));
        assert!(!Shape::Restarts.accepts(&["4", "(2m", "later)"]));
        assert!(Shape::Age.accepts(&["2m", "(x3", "over", "10m)"]));
        assert!(Shape::Cron.accepts(&["*/15", "*", "*", "*", "MON-FRI"]));
        assert!(Shape::Stamp.accepts(&["Mon", "Nov", "18", "10:02:11", "2024"]));
        assert!(Shape::Stamp.accepts(&["2024-11-18", "10:02:11.5", "+0000", "UTC"]));
        assert!(!Shape::Stamp.accepts(&["2024-11-18", "deployed"]));
        assert!(Shape::Quota { limits: false }.accepts(&["requests.cpu:", "3800m/4,", "pods:", "9/10"]));
        assert!(!Shape::Quota { limits: false }.accepts(&["limits.cpu:", "8/8"]));
        assert!(Shape::Optional(Opt::Version).accepts(&["v2.5.0"]));
        assert!(!Shape::Optional(Opt::Version).accepts(&["Upgrade"]));
    }
}

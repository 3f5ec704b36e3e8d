//! Interpretation of log messages: the general shapes of the lines that matter in an
//! incident, turned into facts.
//!
//! | message shape | facts |
//! |---|---|
//! | CI pushes (`Built and pushed v2.5.0 (commit …) -> reg/x:latest sha256:…`, `docker push reg/x:t` (or docker's `The push refers to repository [reg/x]` when the command held a variable) then `t: digest: sha256:… size: N`, buildkit `pushing manifest for …@sha256:…`) | `Pushed` (Build) on the `Pipeline` named after the log source |
//! | start/version lines (`starting api version=v2.14.0 commit=9f3c2ab`) | `ReportsBuild` on the source |
//! | GitOps (`app X synced to REV … 0 updated, 3 unchanged`, `Sync operation to REV succeeded`, `Updated sync status: Synced -> OutOfSync`, Flux `Reconciliation finished`, `applied revision main@sha1:…`, server-side apply output) | `SyncRevision`, `SyncChanged`, `SyncUnchanged`, `SyncStatus`, `HealthStatus` on the `GitOpsApp`; `Changed` on applied objects |
//! | object changes (`ConfigMap X replaced in namespace Y`, `configmap/x configured`, `Secret x rotated`, `kubectl rollout restart deployment/x`) | `Changed` (verb) on the object |
//! | connections (`Connected to PostgreSQL 15.4 at db:5432/warehouse`, DSNs, `dial tcp 10.0.0.5:5432: connect: connection refused`) | `ConnectsTo` (Address) on the source |
//! | feature flags and the runtime settings that gate code (`Variable 'x' not found, using default False`, `Feature flag 'x' not found — falling back to Y`, `Unknown feature flag \"x\"; returning default value`, `toggle "x" not found … -> fallback false`, `evaluation error for x: FLAG_NOT_FOUND, using default "y"`) | `FlagNotFound`, `Fallback` on the `FeatureFlag` |
//! | volumes (`Rolled up 48,211 records into 847 rows`, `rows_loaded=41,806`, `"rows":186412` beside `wrote …`, SQL command tags `INSERT 0 415`) | `Processed` (Count: how many of what) on the source |
//! | outcomes (`Status: SUCCESS`, `completed successfully`, `exit code 1`, `Task exited with return code 0`, `"exit_code":0`, `RUN_SUCCESS`, `Completed with 1 error`, a SQL command tag, `Duration: 4m04s`) | `Outcome` (`success`/`failure`), `Took` |
//! | named errors (x509, refused, timeouts, 5xx, OOM, missing config, auth, pool exhausted, probes) | kept as `Log`; x509 dates as `NotAfter`/`NotBefore`; objects as `Mentions` |
//!
//! Each message is first reduced to [`Cues`], a bit set of the trigger words it holds, in
//! one cheap pass without allocation; only messages with cues are scanned by the
//! recognisers in [`crate::extract`]. Rules are written for families of tools, never for a
//! particular incident's names.

use crate::ascii::Set;
use crate::blank::Blank;
use super::logs::fields::{Fields, ValueKind};
use crate::ascii::{find_ci, starts_with_ci};
use crate::extract::{self, Found, ObjectRef, What};
use crate::fact::{Build, EntityId, EntityKind, Level, Predicate, Value};
use crate::image::ImageRef;
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::Timestamp;

/// A fact the interpreter wants written, in the order it found them.
pub type Out = (EntityId, Predicate, Value, Option<Timestamp>, Span);

/// One message and what surrounds it.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// The message text, a slice of the paste (escapes of JSON/logfmt left in).
    pub text: &'a str,
    /// The error a structured record carries beside its message (`error=`, `"err":`), or "".
    pub detail: &'a str,
    pub fields: Fields<'a>,
    pub level: Option<Level>,
    pub time: Option<Timestamp>,
    /// Who wrote it, and that subject's name (for the pipeline a CI log stands for).
    pub subject: EntityId,
    pub source_name: &'a str,
    /// The first line of the record.
    pub span: Span,
    pub cues: Cues,
}

/// Trigger words found in a message, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u32);

impl Cues {
    pub const PUSH: Cues = Cues(1);
    pub const DIGEST: Cues = Cues(1 << 1);
    pub const START: Cues = Cues(1 << 2);
    pub const VERSION: Cues = Cues(1 << 3);
    pub const SYNC: Cues = Cues(1 << 4);
    pub const CHANGE: Cues = Cues(1 << 5);
    pub const CONNECT: Cues = Cues(1 << 6);
    pub const FLAG: Cues = Cues(1 << 7);
    pub const PROCESS: Cues = Cues(1 << 8);
    /// A run's result in words: `completed`, `succeeded`, `failed`, `success`.
    pub const OUTCOME: Cues = Cues(1 << 9);
    /// An error worth naming: x509, refused, timeouts, 5xx, OOM, missing config, auth, …
    pub const NAMED_ERROR: Cues = Cues(1 << 10);
    /// Generic error words (`error`, `exception`, `panic`), notable when a line has no level.
    pub const ERROR_WORD: Cues = Cues(1 << 11);
    pub const X509: Cues = Cues(1 << 12);
    /// A Kubernetes kind word (`configmap`, `deployment`), so an object may be named.
    pub const KIND: Cues = Cues(1 << 13);
    /// A noun that counts things (`records`, `rows`).
    pub const COUNT_NOUN: Cues = Cues(1 << 14);
    /// A status key with a word for its value (`Status: SUCCESS`, `result=failed`).
    pub const STATUS: Cues = Cues(1 << 15);
    /// An exit code (`exit code 1`, `exited with code 0`).
    pub const EXIT: Cues = Cues(1 << 16);
    /// `health`: with a status word, a GitOps health change (`Updated health status: …`).
    pub const HEALTH: Cues = Cues(1 << 17);
    /// A SQL command word that may start a command tag (`INSERT 0 415`, `UPDATE 12`).
    pub const SQL_TAG: Cues = Cues(1 << 18);
    /// `skipping`, `skipped`: with a start word, a scheduler that left a run out.
    pub const SKIP: Cues = Cues(1 << 19);
    /// `docker`, before a command run by hand (`COMMAND=/usr/bin/docker service update …`).
    pub const DOCKER: Cues = Cues(1 << 20);
    /// A health checker's name as its user agent gives it (`kube-probe/1.30`, `kamal-proxy`,
    /// `ELB-HealthChecker/2.0`, `GoogleHC/1.0`, `Consul Health Check`).
    pub const HEALTH_AGENT: Cues = Cues(1 << 21);
    /// `such`, as in a resolver's `no such host`.
    pub const SUCH: Cues = Cues(1 << 22);
    /// `down`, as in a load balancer's `Server be/web1 is DOWN, reason: …`.
    pub const DOWN: Cues = Cues(1 << 23);
    /// `manifest`, `pull`, `pulling`, `reference`: a container runtime's words for a failed
    /// pull (`manifest for x not found`, `pull access denied for x`); `docker://` is [`Cues::DOCKER`].
    pub const PULL: Cues = Cues(1 << 24);
    /// An autoscaler's replica counts (`replicas=6 max=6`).
    pub const SCALE: Cues = Cues(1 << 25);

    pub fn has(self, other: Cues) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Both sets of cues.
    pub fn with(self, other: Cues) -> Cues {
        Cues(self.0 | other.0)
    }

    fn add(&mut self, other: Cues) {
        self.0 |= other.0;
    }

    /// The cues of a text. Words are runs of ASCII letters and digits, so `feature_flag` is
    /// two words and `status=503` a key and its value. A key with a number for its value
    /// (`status=200`) is no outcome; a 5xx is an error only after a word or key that makes it
    /// a status code (`HTTP 503`, `status=502`).
    pub fn of(text: &str) -> Cues {
        let b = text.as_bytes();
        let mut cues = Cues::default();
        let mut prev: &[u8] = b"";
        let mut i = 0;
        while i < b.len() {
            if !WORD_BYTE[usize::from(b[i])] {
                i += 1;
                continue;
            }
            let start = i;
            let mut tail = 0;
            while let Some(&byte) = b.get(i).filter(|byte| WORD_BYTE[usize::from(**byte)]) {
                tail = tail_step(tail, byte);
                i += 1;
            }
            let word = &b[start..i];
            let numeric_value = b.get(i) == Some(&b'=') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            // `ERROR=0` in a summary (`PASS=4 WARN=0 ERROR=0`) counts no errors.
            let zero = numeric_value && b.get(i + 1) == Some(&b'0') && !b.get(i + 2).is_some_and(u8::is_ascii_digit);
            let cue = if (3..=MAX_CUE_LEN).contains(&word.len()) { CUE_TABLE.get(word, tail) } else { Cues::default() };
            if !(numeric_value && cue == Cues::STATUS || zero && cue == Cues::ERROR_WORD) {
                cues.add(cue);
            }
            if is_server_error(word) && is_status_label(prev) {
                cues.add(Cues::NAMED_ERROR);
            }
            prev = word;
        }
        cues
    }
}

/// The bytes of a word (ASCII letters and digits), as a table: one load per byte.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Words and keys that introduce an HTTP status code.
fn is_status_label(word: &[u8]) -> bool {
    [&b"http"[..], b"status", b"code", b"returned", b"statuscode", b"response"].iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn is_server_error(word: &[u8]) -> bool {
    word.len() == 3 && word[0] == b'5' && word.iter().all(u8::is_ascii_digit)
}

/// Trigger words (lower case) and their cues.
const CUE_WORDS: &[(&str, Cues)] = &[
    ("push", Cues::PUSH),
    ("pushed", Cues::PUSH),
    ("pushing", Cues::PUSH),
    ("digest", Cues::DIGEST),
    ("sha256", Cues::DIGEST),
    ("starting", Cues::START),
    ("started", Cues::START),
    ("booting", Cues::START),
    ("launching", Cues::START),
    ("launch", Cues::START),
    ("skipping", Cues::SKIP),
    ("skipped", Cues::SKIP),
    ("listening", Cues::START),
    ("serving", Cues::START),
    ("version", Cues::VERSION),
    ("synced", Cues::SYNC),
    ("sync", Cues::SYNC),
    ("syncing", Cues::SYNC),
    ("reconciliation", Cues::SYNC),
    ("reconciled", Cues::SYNC),
    ("revision", Cues::SYNC),
    ("drift", Cues::SYNC),
    ("outofsync", Cues::SYNC),
    ("apply", Cues::SYNC),
    ("applied", Cues::SYNC),
    ("replaced", Cues::CHANGE),
    ("configured", Cues::CHANGE),
    ("created", Cues::CHANGE),
    ("patched", Cues::CHANGE),
    ("scaled", Cues::CHANGE),
    ("docker", Cues::DOCKER),
    ("podman", Cues::DOCKER),
    ("replicas", Cues::SCALE),
    ("probe", Cues::HEALTH_AGENT),
    ("kamal", Cues::HEALTH_AGENT),
    ("healthchecker", Cues::HEALTH_AGENT),
    ("googlehc", Cues::HEALTH_AGENT),
    ("consul", Cues::HEALTH_AGENT),
    ("such", Cues::SUCH),
    ("down", Cues::DOWN),
    ("manifest", Cues::PULL),
    ("pull", Cues::PULL),
    ("pulling", Cues::PULL),
    ("reference", Cues::PULL),
    ("rotated", Cues::CHANGE),
    ("deleted", Cues::CHANGE),
    ("updated", Cues::CHANGE),
    ("restarted", Cues::CHANGE),
    ("edited", Cues::CHANGE),
    ("kubectl", Cues::CHANGE),
    ("connected", Cues::CONNECT),
    ("connecting", Cues::CONNECT),
    ("connect", Cues::CONNECT),
    ("connection", Cues::CONNECT),
    ("dial", Cues::CONNECT),
    ("dsn", Cues::CONNECT),
    ("flag", Cues::FLAG),
    ("flags", Cues::FLAG),
    ("toggle", Cues::FLAG),
    ("feature", Cues::FLAG),
    ("variable", Cues::FLAG),
    ("setting", Cues::FLAG),
    ("insert", Cues::SQL_TAG),
    ("update", Cues::SQL_TAG),
    ("delete", Cues::SQL_TAG),
    ("merge", Cues::SQL_TAG),
    ("copy", Cues::SQL_TAG),
    ("select", Cues::SQL_TAG),
    ("success", Cues::SQL_TAG),
    ("status", Cues::STATUS),
    ("result", Cues::STATUS),
    ("outcome", Cues::STATUS),
    ("health", Cues::HEALTH),
    ("exit", Cues::EXIT),
    ("exited", Cues::EXIT),
    ("exitcode", Cues::EXIT),
    ("return", Cues::EXIT),
    ("returncode", Cues::EXIT),
    ("success", Cues::OUTCOME),
    ("successfully", Cues::OUTCOME),
    ("succeeded", Cues::OUTCOME),
    ("finished", Cues::OUTCOME),
    ("completed", Cues::OUTCOME),
    ("complete", Cues::OUTCOME),
    ("failed", Cues(Cues::OUTCOME.0 | Cues::ERROR_WORD.0)),
    ("failure", Cues(Cues::OUTCOME.0 | Cues::ERROR_WORD.0)),
    ("x509", Cues(Cues::X509.0 | Cues::NAMED_ERROR.0)),
    ("refused", Cues::NAMED_ERROR),
    ("timeout", Cues::NAMED_ERROR),
    ("timed", Cues::NAMED_ERROR),
    ("deadline", Cues::NAMED_ERROR),
    ("oomkilled", Cues::NAMED_ERROR),
    ("oom", Cues::NAMED_ERROR),
    ("killed", Cues::NAMED_ERROR),
    ("missing", Cues::NAMED_ERROR),
    ("such", Cues::NAMED_ERROR),
    ("invalid", Cues::NAMED_ERROR),
    ("unauthorized", Cues::NAMED_ERROR),
    ("forbidden", Cues::NAMED_ERROR),
    ("denied", Cues::NAMED_ERROR),
    ("authentication", Cues::NAMED_ERROR),
    ("exhausted", Cues::NAMED_ERROR),
    ("aborted", Cues::NAMED_ERROR),
    ("probe", Cues::NAMED_ERROR),
    ("unhealthy", Cues::NAMED_ERROR),
    ("expired", Cues::NAMED_ERROR),
    ("unreachable", Cues::NAMED_ERROR),
    ("crashloopbackoff", Cues::NAMED_ERROR),
    ("401", Cues::NAMED_ERROR),
    ("403", Cues::NAMED_ERROR),
    ("error", Cues::ERROR_WORD),
    ("errors", Cues::ERROR_WORD),
    ("exception", Cues::ERROR_WORD),
    ("fatal", Cues::ERROR_WORD),
    ("panic", Cues::ERROR_WORD),
    ("traceback", Cues::ERROR_WORD),
];

/// Verbs that report work done on a number of things, and how a count names them
/// (`wrote 415 rows` → `rows written`).
const PROCESS_VERBS: &[(&str, &str)] = &[
    ("processed", "processed"),
    ("rolled", "rolled up"),
    ("inserted", "inserted"),
    ("upserted", "upserted"),
    ("loaded", "loaded"),
    ("exported", "exported"),
    ("imported", "imported"),
    ("wrote", "written"),
    ("written", "written"),
    ("ingested", "ingested"),
    ("copied", "copied"),
    ("migrated", "migrated"),
    ("indexed", "indexed"),
    // Not `received`, `published`, `consumed`, `produced`, `delivered`: every line of a
    // message bus says them (`published event order.created id=…`) and almost none counts.
    ("fetched", "fetched"),
    ("synced", "synced"),
    ("uploaded", "uploaded"),
    ("downloaded", "downloaded"),
    ("generated", "generated"),
    ("scanned", "scanned"),
    ("extracted", "extracted"),
    ("transformed", "transformed"),
];

/// A word's last eight letters and digits as one number, lower-cased (`| 0x20` lower-cases
/// letters and leaves digits alone), built a byte at a time so [`Cues::of`] can read it as it
/// scans: a shift and an or per byte, where a hash would cost a multiplication. The table
/// mixes it once per word ([`first_slot`]); words that share their last eight bytes are told apart
/// by comparing the whole word.
const fn tail_step(tail: u64, byte: u8) -> u64 {
    (tail << 8) | (byte | 0x20) as u64
}

const fn tail_of(word: &str) -> u64 {
    let b = word.as_bytes();
    let mut tail = 0;
    let mut i = 0;
    while i < b.len() {
        tail = tail_step(tail, b[i]);
        i += 1;
    }
    tail
}

/// Two words are the same, ignoring ASCII case (`eq_ignore_ascii_case` for tables built at
/// compile time).
const fn same_word(a: &str, b: &str) -> bool {
    crate::ascii::eq_ci(a.as_bytes(), b.as_bytes())
}

/// The first slot to probe for a word's tail.
const fn first_slot(tail: u64) -> usize {
    (tail.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - CUE_SLOTS.trailing_zeros())) as usize
}

/// The longest word with a cue: longer words are not looked up.
const MAX_CUE_LEN: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < CUE_WORDS.len() {
        if CUE_WORDS[i].0.len() > longest {
            longest = CUE_WORDS[i].0.len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < extract::COUNT_NOUNS.len() {
        if extract::COUNT_NOUNS[i].len() > longest {
            longest = extract::COUNT_NOUNS[i].len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < PROCESS_VERBS.len() {
        if PROCESS_VERBS[i].0.len() > longest {
            longest = PROCESS_VERBS[i].0.len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < extract::KIND_WORDS.len() {
        if extract::KIND_WORDS[i].0.len() > longest {
            longest = extract::KIND_WORDS[i].0.len();
        }
        i += 1;
    }
    longest
};

/// Slots in [`CueTable`]: a power of two well above the number of words.
const CUE_SLOTS: usize = 512;

/// Every word with a cue (trigger words, count nouns, kind words) by its tail, in an
/// open-addressing table built at compile time: a word costs one multiplication and usually
/// one probe.
struct CueTable([(u64, Cues, &'static str); CUE_SLOTS]);

impl CueTable {
    const fn insert(mut self, word: &'static str, cue: Cues) -> CueTable {
        let tail = tail_of(word);
        let mut slot = first_slot(tail);
        loop {
            let (t, c, w) = self.0[slot];
            if w.is_empty() {
                self.0[slot] = (tail, cue, word);
                return self;
            }
            if t == tail && same_word(w, word) {
                // A word in two lists (`job`: a count noun and a kind) gets both cues.
                self.0[slot] = (t, Cues(c.0 | cue.0), w);
                return self;
            }
            slot = (slot + 1) % CUE_SLOTS;
        }
    }

    const fn build() -> CueTable {
        let mut table = CueTable([(0, Cues(0), ""); CUE_SLOTS]);
        let mut i = 0;
        while i < CUE_WORDS.len() {
            table = table.insert(CUE_WORDS[i].0, CUE_WORDS[i].1);
            i += 1;
        }
        let mut i = 0;
        while i < extract::COUNT_NOUNS.len() {
            table = table.insert(extract::COUNT_NOUNS[i], Cues::COUNT_NOUN);
            i += 1;
        }
        let mut i = 0;
        while i < PROCESS_VERBS.len() {
            table = table.insert(PROCESS_VERBS[i].0, Cues::PROCESS);
            i += 1;
        }
        let mut i = 0;
        while i < extract::KIND_WORDS.len() {
            table = table.insert(extract::KIND_WORDS[i].0, Cues::KIND);
            i += 1;
        }
        table
    }

    /// The cues of a word whose [`tail_step`]s came to `tail`.
    fn get(&self, word: &[u8], tail: u64) -> Cues {
        let mut slot = first_slot(tail);
        loop {
            let (t, cue, w) = self.0[slot];
            if w.is_empty() {
                return Cues::default();
            }
            if t == tail && w.as_bytes().eq_ignore_ascii_case(word) {
                return cue;
            }
            slot = (slot + 1) % CUE_SLOTS;
        }
    }
}

static CUE_TABLE: CueTable = CueTable::build();

/// A `docker push` whose digest line has not come yet.
#[derive(Debug)]
struct PendingPush {
    pipeline: EntityId,
    build: Build,
    time: Option<Timestamp>,
    span: Span,
}

/// Reads messages one by one; keeps what spans lines (a push and its digest line).
#[derive(Debug, Default)]
pub struct Interpreter {
    pending: Option<PendingPush>,
    /// The image a `docker push` command names, when its output is what is read: its
    /// `tag: digest: sha256:…` line completes the push.
    commanded: Option<ImageRef>,
}

/// The recognisers' findings for one message, computed on first need.
struct Lazy<'a> {
    text: &'a str,
    found: Option<Vec<Found<'a>>>,
}

impl<'a> Lazy<'a> {
    fn get(&mut self) -> &[Found<'a>] {
        let text = self.text;
        self.found.get_or_insert_with(|| extract::scan(text))
    }
}

impl Interpreter {
    /// Reads the output of a command that pushes `image` (`docker push x:tag`).
    pub fn pushing(image: ImageRef) -> Interpreter {
        Interpreter { pending: None, commanded: Some(image) }
    }

    /// Interprets one message, appending facts to `out`. True when the message was
    /// recognised (it then deserves a `Log` fact even at info level).
    pub fn interpret(&mut self, cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) -> bool {
        let cues = m.cues;
        let mut found = Lazy { text: m.text, found: None };
        let mut detail = Lazy { text: m.detail, found: None };
        let before = out.len();
        let mut pushed = false;
        if cues.has(Cues::PUSH.with(Cues::DIGEST)) {
            pushed = self.push(cx, m, &mut found, out);
        }
        if !pushed && cues.has(Cues::DIGEST) {
            running_image(cx, m, out);
        }
        let mut synced = false;
        if cues.has(Cues::SYNC) || cues.has(Cues::HEALTH) && cues.has(Cues::STATUS) {
            synced = gitops(cx, m, &mut found, out);
        }
        if !pushed && !synced {
            if cues.has(Cues::START.with(Cues::VERSION)) {
                reports_build(m, &mut found, out);
            }
            if cues.has(Cues::CHANGE) && cues.has(Cues::KIND) {
                changed(cx, m, &mut found, out);
            }
            if cues.has(Cues::DOCKER) && memchr::memmem::find(m.text.as_bytes(), b"docker service ").is_some() {
                swarm_service_changed(cx, m, out);
            }
            if cues.has(Cues::DOCKER) && memchr::memmem::find(m.text.as_bytes(), b" secret create ").is_some() {
                secret_created(cx, m, out);
            }
            if cues.has(Cues::SCALE) {
                autoscaler_status(cx, m, out);
            }
            if (cues.has(Cues::CONNECT) || cues.has(Cues::NAMED_ERROR)) && (has_address_shape(m.text) || has_address_shape(m.detail)) {
                connects(m, &mut found, &mut detail, out);
            }
            if cues.has(Cues::OUTCOME.with(Cues::STATUS).with(Cues::EXIT)) {
                outcome(m, &mut found, out);
            }
            if cues.has(Cues::START) {
                listening(m, out);
            }
        }
        if cues.has(Cues::FLAG) {
            flag(cx, m, out);
        }
        // A keyed count needs no verb beside it when its key has one (`inserted=41376`), or a
        // direction (`rows_out=…`), or when the line reports how its run ended (`run finished
        // status=SUCCESS rows=41376`).
        let keyed = || {
            (cues.has(Cues::PROCESS) || cues.has(Cues::COUNT_NOUN) && run_ended(cues, m.text)) && m.text.contains('=')
                || cues.has(Cues::COUNT_NOUN) && has_direction_key(m.text)
        };
        // A process verb over a count of the domain's own things (`fetched 48,911 listings`)
        // needs no known count noun.
        // Only the phrase is tried then: keyed fields were ruled out above.
        let counts_own = || cues.has(Cues::PROCESS) && number_before_noun(m.text);
        if cues.has(Cues::PROCESS) && (cues.has(Cues::COUNT_NOUN) || m.fields != Fields::None) || cues.has(Cues::SQL_TAG) || keyed() {
            processed(m, &mut found, out, false);
        } else if counts_own() {
            processed(m, &mut found, out, true);
        }
        if cues.has(Cues::NAMED_ERROR) && m.text.starts_with('"') {
            kubelet_probe_event(cx, m, out);
        }
        if cues.has(Cues::DOWN) && find_ci(m.text, " is DOWN, reason: ").is_some() {
            balancer_check_event(cx, m, out);
        }
        // The whole line: a structured record keeps the request's fields beside its message.
        let line = m.span.text(cx.paste);
        let bytes = line.as_bytes();
        let request = || memchr::memchr(b'/', bytes).is_some() && (memchr::memmem::find(bytes, b"GET").is_some() || memchr::memmem::find(bytes, b"HEAD").is_some());
        // The agent may be in a field beside the message (`"ua":"kamal-proxy"`).
        let from_checker = cues.has(Cues::HEALTH_AGENT) && request() || m.fields != Fields::None && request() && Cues::of(line).has(Cues::HEALTH_AGENT);
        if from_checker {
            health_checker_request(cx, m, out);
        }
        if cues.has(Cues::SUCH) && memchr::memmem::find(m.text.as_bytes(), DOCKER_DNS.as_bytes()).is_some() {
            container_name_unresolved(cx, m, out);
        }
        if m.text.starts_with("Event(") {
            recorded_event(cx, m, out);
        }
        let events_before = out.len();
        if m.fields != Fields::None && m.text.contains(": ") {
            exported_event(cx, m, out);
        }
        // An exporter's line whose labels did not already make it an event.
        if m.text.starts_with("pod/") && out.len() == events_before {
            scheduler_verdict(cx, m, out);
        }
        if m.text.starts_with("Service \"") || crate::ascii::starts_with_ci(m.text, "no endpoints available for service") {
            service_without_endpoints(cx, m, out);
        }
        // Named errors give facts of their own only for x509 dates and the objects they name.
        if cues.has(Cues::NAMED_ERROR) && cues.has(Cues::X509.with(Cues::KIND)) {
            named_error(cx, m, m.text, found.get(), out);
            if !m.detail.is_empty() {
                named_error(cx, m, m.detail, detail.get(), out);
            }
        }
        let generic_error = m.level.is_none() && cues.has(Cues::ERROR_WORD);
        out.len() > before || pushed || cues.has(Cues::NAMED_ERROR) || generic_error
    }

    /// Writes a push still waiting for its digest line, without the digest.
    pub fn finish(&mut self, out: &mut Vec<Out>) {
        if let Some(p) = self.pending.take() {
            out.push((p.pipeline, Predicate::Pushed, Value::Build(Box::new(p.build)), p.time, p.span));
        }
    }

    /// CI pushes. A push line with a digest is complete; one without waits for docker's
    /// `<tag>: digest: sha256:… size: N` line from the same source.
    fn push(&mut self, cx: &mut Cx<'_>, m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>) -> bool {
        if let Some((tag, digest)) = docker_digest_line(m.text) {
            let pipeline = cx.entity(EntityKind::Pipeline, None, m.source_name);
            let commanded = || {
                let image = self.commanded.clone().filter(|i| i.tag.as_deref().is_none_or(|t| t == tag))?;
                Some(PendingPush { pipeline, build: Build { image: Some(image), ..Build::default() }, time: m.time, span: m.span })
            };
            let Some(mut pending) = self
                .pending
                .take_if(|p| p.pipeline == pipeline && p.build.image.as_ref().is_some_and(|i| i.tag.as_deref().is_none_or(|t| t == tag)))
                .or_else(commanded)
            else {
                return false;
            };
            if let Some(image) = pending.build.image.as_mut() {
                image.digest = Some(digest);
                // `The push refers to repository [x]` names no tag: the digest line does.
                image.tag.get_or_insert_with(|| tag.to_string());
            }
            let time = m.time.or(pending.time);
            out.push((pipeline, Predicate::Pushed, Value::Build(Box::new(pending.build)), time, pending.span.cover(m.span)));
            return true;
        }
        if !m.cues.has(Cues::PUSH) {
            return false;
        }
        if let Some(repository) = pushed_repository(m.text) {
            // docker prints the repository whatever the command line said (`docker push
            // "$IMAGE"` in a CI job): the push is pending until its `tag: digest:` line, unless
            // the command (or a `+ docker push x:tag` line before) already named the image.
            let named = |image: Option<&ImageRef>| image.is_some_and(|i| i.name() == repository.name());
            if !named(self.commanded.as_ref()) && !named(self.pending.as_ref().and_then(|p| p.build.image.as_ref())) {
                let pipeline = cx.entity(EntityKind::Pipeline, None, m.source_name);
                self.finish(out);
                self.pending = Some(PendingPush { pipeline, build: Build { image: Some(repository), ..Build::default() }, time: m.time, span: m.span });
            }
            return true;
        }
        let found = found.get();
        let mut image: Option<ImageRef> = None;
        let mut digest = None;
        let mut version = None;
        let mut commit = None;
        for f in found {
            match &f.what {
                What::Image(i) if image.is_none() => image = Some(i.clone()),
                What::Digest(d) if digest.is_none() => digest = Some(d.clone()),
                What::Version(v) if version.is_none() => version = Some(v.to_string()),
                What::Commit(c) if commit.is_none() => commit = Some(c.to_string()),
                _ => {}
            }
        }
        let Some(mut image) = image else { return false };
        if image.digest.is_none() {
            image.digest = digest;
        }
        if version.is_none() {
            version = image.tag.as_deref().filter(|t| extract::is_version(t, false)).map(str::to_string);
        }
        let complete = image.digest.is_some();
        let pipeline = cx.entity(EntityKind::Pipeline, None, m.source_name);
        let build = Build { image: Some(image), version, commit };
        if complete {
            out.push((pipeline, Predicate::Pushed, Value::Build(Box::new(build)), m.time, m.span));
        } else {
            // An earlier push that never got its digest line is still a push.
            self.finish(out);
            self.pending = Some(PendingPush { pipeline, build, time: m.time, span: m.span });
        }
        true
    }
}

/// A row a CI step prints of its pods and the image each runs (`kubectl get pods -o
/// custom-columns=POD:…,IMAGEID:…` inside a job log): a generated pod name first, then an
/// image with a digest. That is the pod's `ImageId`, what it really runs.
fn running_image(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let mut words = m.text.words();
    let (Some(pod), Some(image)) = (words.next(), words.next()) else { return };
    if crate::names::pod_owner(pod).is_none_or(|o| o.kind != EntityKind::ReplicaSet && o.kind != EntityKind::StatefulSet && o.kind != EntityKind::Job) {
        return;
    }
    // `docker-pullable://` and `containerd://`-style prefixes come before kubelet's imageID.
    let image = image.rsplit("://").next().unwrap_or(image);
    let Some(image) = ImageRef::parse(image).filter(|i| i.digest.is_some()) else { return };
    let id = cx.pod(None, pod, m.span);
    out.push((id, Predicate::ImageId, Value::Image(Box::new(image)), m.time, m.span));
}

/// docker's `The push refers to repository [reg.io/team/api]`: the repository (no tag) a
/// `docker push` sends, printed even when the command line held only a variable.
fn pushed_repository(text: &str) -> Option<ImageRef> {
    let rest = &text[find_ci(text, "push refers to repository [")? + "push refers to repository [".len()..];
    let (name, _) = rest.split_once(']')?;
    ImageRef::parse(name).filter(|i| i.tag.is_none() && i.digest.is_none())
}

/// docker's `v2.14.1: digest: sha256:… size: 2418`: the tag and the digest (after BuildKit's
/// step number, `#17 main: digest: …`, when the push ran in a BuildKit step).
fn docker_digest_line(text: &str) -> Option<(&str, crate::image::Digest)> {
    let at = text.find(": digest: ")?;
    let tag = text[..at].trim_ws();
    let tag = match tag.strip_prefix('#').and_then(|t| t.split_once(' ')) {
        Some((step, rest)) if !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit()) => rest.trim_ws_start(),
        _ => tag,
    };
    let (digest, _) = crate::image::Digest::parse_prefix(&text[at + ": digest: ".len()..])?;
    (!tag.is_empty() && !tag.contains(' ')).then_some((tag, digest))
}

/// What a starting program says it is: a version and/or commit next to a start word or a
/// `version` key.
fn reports_build(m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>) {
    let mut build = Build::default();
    for f in found.get() {
        match &f.what {
            What::Version(v) if build.version.is_none() => build.version = Some(v.to_string()),
            What::Commit(c) if build.commit.is_none() => build.commit = Some(c.to_string()),
            What::Image(i) if build.image.is_none() => build.image = Some(i.clone()),
            _ => {}
        }
    }
    if build.version.is_some() || build.commit.is_some() {
        out.push((m.subject, Predicate::ReportsBuild, Value::Build(Box::new(build)), m.time, m.span));
    }
}


/// The word after `phrase` (case-insensitive), trimmed of quotes and punctuation.
fn word_after<'a>(text: &'a str, phrase: &str) -> Option<&'a str> {
    let at = find_ci(text, phrase)? + phrase.len();
    let rest = text[at..].trim_ws_start();
    let word = rest.split(char::is_whitespace).next()?;
    let word = word.trim_matches(|c: char| "'\"`‘’“”(),;".contains(c)).trim_end_of(b":.");
    (!word.is_empty()).then_some(word)
}

/// A Kubernetes object name, possibly `namespace/name`.
fn split_namespaced(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, name),
    }
}

pub(in crate::parse) fn is_name(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._/".contains(&b))
}

/// The word following the word `key` (any case), trimmed of quotes and punctuation.
fn word_after_word<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut words = text.words();
    while let Some(word) = words.next() {
        if word.eq_ignore_ascii_case(key) {
            let next = words.next()?.trim_matches(|c: char| "'\"`‘’“”(),;".contains(c)).trim_end_of(b":.");
            return (!next.is_empty()).then_some(next);
        }
    }
    None
}

/// The GitOps application a message is about: `app X`, an `application=ns/X` field, Flux's
/// `name`/`namespace` fields or `Kustomization/name.namespace -` prefix.
fn gitops_app<'a>(m: &Message<'a>) -> Option<(Option<&'a str>, &'a str)> {
    // The word after `Application` may be what it is, not its name: `[shop] Application OutOfSync`.
    const STATES: &[&str] = &["outofsync", "synced", "healthy", "degraded", "progressing", "missing", "unknown", "suspended", "sync", "health", "status"];
    let named = |n: &&str| is_name(n) && !STATES.iter().any(|s| n.eq_ignore_ascii_case(s));
    if let Some(name) = ["app", "application"].iter().find_map(|k| word_after_word(m.text, k)).filter(named) {
        return Some(split_namespaced(name));
    }
    // argocd-notifications: `[shop-prod] Application OutOfSync`.
    let bracketed = m.text.split_once('[').and_then(|(_, t)| t.split_once(']')).map(|(name, _)| name);
    if let Some(name) = bracketed.filter(|n| is_name(n) && sync_status(m.text).is_some()) {
        return Some(split_namespaced(name));
    }
    if let Some(v) = m.fields.get(&["application", "app.kubernetes.io/instance", "kustomization", "helmrelease"]) {
        if v.kind == ValueKind::String || v.kind == ValueKind::Scalar {
            return Some(split_namespaced(v.raw));
        }
    }
    let controller = m.fields.get(&["controller", "controllerKind", "reconciler kind"]).is_some();
    if controller {
        if let Some(name) = m.fields.get(&["name"]) {
            let namespace = m.fields.get(&["namespace"]).map(|v| v.raw);
            return Some((namespace, name.raw));
        }
    }
    // `flux logs`: `Kustomization/apps.flux-system - message`.
    let (head, _) = m.text.split_once(" - ")?;
    let (kind, name) = head.split_once('/')?;
    if !matches!(extract::k8s_kind(kind), Some(EntityKind::Kustomization | EntityKind::HelmRelease)) {
        return None;
    }
    Some(match name.rsplit_once('.') {
        Some((name, ns)) => (Some(ns), name),
        None => (None, name),
    })
}

/// Argo CD and Flux sync lines.
fn gitops(cx: &mut Cx<'_>, m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>) -> bool {
    let Some((namespace, name)) = gitops_app(m) else { return false };
    let app = cx.entity(EntityKind::GitOpsApp, namespace, name);
    let before = out.len();
    let fact = |out: &mut Vec<Out>, predicate, value| out.push((app, predicate, value, m.time, m.span));
    let text = m.text;

    let revision = ["synced to ", "sync operation to ", "sync to ", "applied revision ", "revision: ", "for revision ", "revision "]
        .iter()
        .find_map(|p| word_after(text, p))
        .filter(|r| r.len() >= 4 && is_name(&r.replace(['@', ':'], "")))
        .map(str::to_string)
        .or_else(|| m.fields.get(&["revision", "syncRevision"]).map(|v| v.text()));
    if let Some(revision) = revision {
        fact(out, Predicate::SyncRevision, Value::Text(revision));
    }

    // `Resources: 0 updated, 3 unchanged` (Argo CD), also created/deleted/pruned/configured.
    let (mut changed, mut unchanged, mut counted) = (0.0, 0.0, false);
    let found = found.get();
    for f in found {
        if let What::Count(n) = f.what {
            let next = text[f.end..].words().next().unwrap_or("").trim_matches(|c: char| !c.is_ascii_alphabetic());
            match next.to_ascii_lowercase().as_str() {
                "unchanged" => (unchanged, counted) = (unchanged + n, true),
                "updated" | "created" | "deleted" | "pruned" | "configured" | "changed" => (changed, counted) = (changed + n, true),
                _ => {}
            }
        }
    }
    // Flux's server-side apply output: `"output":{"Deployment/apps/web":"configured",…}`.
    if let Some(output) = m.fields.get(&["output", "changeset"]).filter(|v| v.kind == ValueKind::Object) {
        Fields::Json(output.raw).each(|object, verb| {
            counted = true;
            if verb.raw == "unchanged" {
                unchanged += 1.0;
            } else {
                changed += 1.0;
                if let Some(ObjectRef { kind, namespace, name }) = object_path(object) {
                    let id = cx.entity(kind, namespace, name);
                    out.push((id, Predicate::Changed, Value::text(verb.raw), m.time, m.span));
                }
            }
            true
        });
    }
    if counted {
        fact(out, Predicate::SyncChanged, Value::Number(changed));
        fact(out, Predicate::SyncUnchanged, Value::Number(unchanged));
    }

    if let Some(status) = arrow_target(text, "sync status: ") {
        fact(out, Predicate::SyncStatus, Value::text(status));
    } else if let Some(status) = sync_status(text) {
        fact(out, Predicate::SyncStatus, Value::text(status));
    }
    if let Some(health) = arrow_target(text, "health status: ") {
        fact(out, Predicate::HealthStatus, Value::text(health));
    }
    out.len() > before
}

fn object_path(text: &str) -> Option<ObjectRef<'_>> {
    extract::scan(text).into_iter().find_map(|f| match f.what {
        What::Object(o) if f.start == 0 && f.end == text.len() => Some(o),
        _ => None,
    })
}

/// `Updated sync status: Synced -> OutOfSync`: the status after the arrow.
fn arrow_target<'a>(text: &'a str, phrase: &str) -> Option<&'a str> {
    let at = find_ci(text, phrase)? + phrase.len();
    let rest = &text[at..];
    let target = match rest.split_once("->") {
        Some((_, after)) => after,
        None => rest,
    };
    let word = target.words().next()?.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    (!word.is_empty()).then_some(word)
}

/// The sync state a sentence reports, normalised to Argo CD's words.
pub(in crate::parse) fn sync_status(text: &str) -> Option<&'static str> {
    const PHRASES: &[(&str, &str)] = &[
        ("out of sync", "OutOfSync"),
        ("outofsync", "OutOfSync"),
        ("drift detected", "OutOfSync"),
        ("sync failed", "Failed"),
        ("failed to sync", "Failed"),
        ("reconciliation failed", "Failed"),
        ("sync succeeded", "Synced"),
        ("successfully synced", "Synced"),
        ("synced to", "Synced"),
        ("reconciliation finished", "Synced"),
        ("applied revision", "Synced"),
    ];
    if find_ci(text, "sync operation to ").is_some() {
        if find_ci(text, "succeeded").is_some() {
            return Some("Synced");
        }
        if find_ci(text, "failed").is_some() {
            return Some("Failed");
        }
    }
    PHRASES.iter().find(|(p, _)| find_ci(text, p).is_some()).map(|(_, s)| *s)
}

/// Verbs that say an object was changed, as printed by kubectl and controllers.
const CHANGE_VERBS: &[&str] =
    &["replaced", "configured", "created", "patched", "scaled", "rotated", "deleted", "updated", "restarted", "edited", "serverside-applied"];

/// What `kubectl <verb>` does to its object, for kubectl commands echoed in a log.
fn kubectl_verb(words: &[&str]) -> Option<&'static str> {
    Some(match words {
        ["rollout", "restart", ..] => "restarted",
        ["rollout", "undo", ..] => "rolled back",
        ["set", "image", ..] => "image updated",
        ["set", "env", ..] => "env updated",
        ["scale", ..] => "scaled",
        ["edit", ..] => "edited",
        ["patch", ..] => "patched",
        ["delete", ..] => "deleted",
        ["replace", ..] => "replaced",
        ["create", ..] => "created",
        ["apply", ..] => "configured",
        _ => return None,
    })
}

/// Object changes: `ConfigMap X replaced in namespace Y`, `secret/x created`,
/// `Secret x rotated`, and kubectl commands echoed by CI.
fn changed(cx: &mut Cx<'_>, m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>) {
    let text = m.text;
    // A kubectl command CI echoes (`$ kubectl …`, `+ kubectl …`): what it does to its object.
    let echoed = text.trim_start_of(b"$+> ");
    if echoed.starts_with("kubectl ") {
        // `apply -f x.yaml` / `-k overlays/prod` name files and directories, not objects.
        let from_files = |c: &crate::command::Command| c.has_flag(&["-f", "--filename", "-k", "--kustomize"]);
        if let Some(command) = crate::command::Command::parse(echoed).filter(|c| !from_files(c)) {
            let words = command.positionals();
            if let (Some(verb), Some((kind, Some(name)))) = (kubectl_verb(&words), command.resource()) {
                if let Some(kind) = extract::k8s_kind(kind) {
                    let id = cx.entity(kind, command.namespace(), name);
                    out.push((id, Predicate::Changed, Value::text(verb), m.time, m.span));
                }
            }
        }
        return;
    }
    // Progress lines wait for a change (`Waiting for deployment "x" rollout to finish: 1 of
    // 3 updated replicas are available...`); they do not report one.
    if text.trim_ws_start().get(..12).is_some_and(|w| w.eq_ignore_ascii_case("waiting for ")) {
        return;
    }
    let in_text = found.get().iter().find_map(|f| match &f.what {
        What::Object(o) => Some((o.kind.clone(), o.namespace, o.name)),
        _ => None,
    });
    let Some((kind, namespace, name)) = in_text.or_else(|| object_in_fields(m)) else {
        return;
    };
    // The verb follows the object (`configmap/x configured`, `ConfigMap x replaced in …`) or
    // leads the sentence (`Rotated secret x`); either way it is one of the change verbs.
    let verb = ["image updated", "rolled back"].into_iter().find(|v| find_ci(text, v).is_some()).or_else(|| {
        text.words()
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphabetic() && c != '-'))
            .find_map(|w| CHANGE_VERBS.iter().find(|v| w.eq_ignore_ascii_case(v)).copied())
    });
    let Some(verb) = verb else { return };
    let namespace = namespace.or_else(|| m.fields.get(&["namespace"]).map(|v| v.raw));
    let id = cx.entity(kind, namespace, name);
    out.push((id, Predicate::Changed, Value::text(verb), m.time, m.span));
}

/// A Swarm service changed by a `docker service update|scale|rollback` command a log line
/// records (sudo's `COMMAND=/usr/bin/docker service update --image … web`, a shell history,
/// an audit trail): what it did to the service, recorded as kubectl's verbs are.
fn swarm_service_changed(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    for (name, verb) in swarm_service_change(m.text) {
        let id = cx.entity(EntityKind::Deployment, None, name);
        out.push((id, Predicate::Changed, Value::text(verb), m.time, m.span));
    }
}

/// An autoscaler's status line in `key=value` fields (Swarm and Compose autoscalers, custom
/// scalers): `service=web cpu=96.8% target=70% replicas=6 max=6` — the replicas it runs and
/// may run, and its metric against target, as a HorizontalPodAutoscaler's status says them,
/// on an autoscaler of the service's name that scales its Deployment.
fn autoscaler_status(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    // A line of bare `k=v` pairs after its timestamp was read as text, not as logfmt.
    let fields = match m.fields {
        Fields::None => Fields::Logfmt(m.text),
        fields => fields,
    };
    let number = |keys: &[&str]| fields.get(keys).and_then(|v| crate::number::parse_f64(v.raw.trim_end_matches('%')));
    let (Some(current), Some(max)) = (number(&["replicas", "current_replicas", "currentReplicas"]), number(&["max", "max_replicas", "maxReplicas"])) else { return };
    let Some(name) = fields.get(&["service", "deployment", "workload"]).map(|v| v.raw).filter(|n| is_name(n)) else { return };
    let hpa = cx.entity(EntityKind::HorizontalPodAutoscaler, None, name);
    let workload = cx.entity(EntityKind::Deployment, None, name);
    out.push((hpa, Predicate::Scales, Value::Entity(workload), m.time, m.span));
    out.push((hpa, Predicate::CurrentReplicas, Value::Number(current), m.time, m.span));
    out.push((hpa, Predicate::MaxReplicas, Value::Number(max), m.time, m.span));
    if let (Some(usage), Some(target)) = (number(&["cpu", "cpu_utilization", "utilization"]), number(&["target", "target_cpu", "targetCPU"])) {
        out.push((hpa, Predicate::ScalingTarget, Value::Ratio { num: usage, den: target }, m.time, m.span));
    }
}

/// A Docker or Podman secret written by a `secret create` command a log line records (a
/// rotation script's echo, a shell history, sudo's log): `podman secret create --replace`
/// puts a new value under a name that running containers read when they started.
fn secret_created(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    if let Some((name, verb)) = secret_create(m.text) {
        let id = cx.entity(EntityKind::Secret, None, name);
        out.push((id, Predicate::Changed, Value::text(verb), m.time, m.span));
    }
}

/// The secret a `docker|podman secret create [OPTIONS] NAME …` command in `text` writes, and
/// whether it was created or replaced (`--replace`).
pub(in crate::parse) fn secret_create(text: &str) -> Option<(&str, &'static str)> {
    let at = memchr::memmem::find(text.as_bytes(), b" secret create ")?;
    if !(text[..at].ends_with("docker") || text[..at].ends_with("podman")) {
        return None;
    }
    let rest = &text[at + " secret create ".len()..];
    let rest = rest.split([';', '|', '&', '\'', '"']).next().unwrap_or(rest);
    let mut words = rest.words();
    let mut replace = false;
    while let Some(word) = words.next() {
        match word {
            "--replace" | "--replace=true" => replace = true,
            // Options that take the next word as their value.
            "-d" | "--driver" | "--driver-opts" | "-l" | "--label" | "--template-driver" => {
                words.next();
            }
            _ if word.starts_with('-') => {}
            _ => {
                // `podman secret create --replace db_pw: ok` as a script echoes it.
                let name = word.trim_end_matches(':');
                return is_name(name).then_some((name, if replace { "replaced" } else { "created" }));
            }
        }
    }
    None
}

/// The services a `docker service …` command in `text` changes, with the change's verb.
pub(in crate::parse) fn swarm_service_change(text: &str) -> Vec<(&str, &'static str)> {
    let mut out = Vec::new();
    let Some(at) = memchr::memmem::find(text.as_bytes(), b"docker service ") else { return out };
    // The command ends where the shell would end it.
    let rest = &text[at + "docker service ".len()..];
    let rest = rest.split([';', '|', '&', '\'', '"']).next().unwrap_or(rest);
    let words: Vec<&str> = rest.words().collect();
    let Some((sub, args)) = words.split_first() else { return out };
    let has = |flags: &[&str]| args.iter().any(|a| flags.iter().any(|f| a == f || a.strip_prefix(f).is_some_and(|r| r.starts_with('='))));
    match *sub {
        // `docker service update [OPTIONS] SERVICE`: the service is the last word.
        "update" => {
            let Some(name) = args.last().filter(|n| !n.starts_with('-') && is_name(n)) else { return out };
            let verb = if has(&["--image"]) {
                "image updated"
            } else if has(&["--replicas"]) {
                "scaled"
            } else if args.len() == 2 && has(&["--force"]) {
                "restarted"
            } else if has(&["--rollback"]) {
                "rolled back"
            } else {
                "edited"
            };
            out.push((*name, verb));
        }
        // `docker service scale web=8 api=3`
        "scale" => {
            for arg in args {
                if let Some((name, count)) = arg.split_once('=') {
                    if is_name(name) && !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) {
                        out.push((name, "scaled"));
                    }
                }
            }
        }
        "rollback" => {
            if let Some(name) = args.last().filter(|n| !n.starts_with('-') && is_name(n)) {
                out.push((*name, "rolled back"));
            }
        }
        _ => {}
    }
    out
}

/// The object a controller's structured record names in a field called after the kind its
/// message names (External Secrets' `"msg":"updated secret", "secret":"db-creds"`), in the
/// namespace a field or the object being reconciled (`"ExternalSecret":{"name":…,
/// "namespace":…}`) states.
fn object_in_fields<'a>(m: &Message<'a>) -> Option<(EntityKind, Option<&'a str>, &'a str)> {
    if m.fields == Fields::None {
        return None;
    }
    let (kind, name) = m.text.words().find_map(|word| {
        let kind = extract::k8s_kind(word)?;
        let name = m.fields.get_where(&[word, &word.to_ascii_lowercase()], |v| v.kind == ValueKind::String && is_name(v.raw))?;
        Some((kind, name.raw))
    })?;
    let mut namespace = None;
    m.fields.each(|_, value| {
        if value.kind == ValueKind::Object {
            namespace = Fields::Json(value.raw).get(&["namespace"]).filter(|v| v.kind == ValueKind::String).map(|v| v.raw);
        }
        namespace.is_none()
    });
    Some((kind, namespace, name))
}

/// A cheap test before scanning for addresses: a `:` before a digit, or `://`.
fn has_address_shape(text: &str) -> bool {
    memchr::memchr_iter(b':', text.as_bytes()).any(|i| text.as_bytes().get(i + 1).is_some_and(|b| b.is_ascii_digit() || *b == b'/'))
}

/// Database and host addresses the source connects (or tries to connect) to.
fn connects(m: &Message<'_>, found: &mut Lazy<'_>, detail: &mut Lazy<'_>, out: &mut Vec<Out>) {
    let scheme = database_product(m.text);
    // One fact per host and port: `https://10.0.1.10:6443/api/…` and `10.0.1.10:6443` in one
    // error are one target.
    let mut seen: Vec<(Option<String>, Option<u16>)> = Vec::new();
    for f in found.get().iter().chain(detail.get()) {
        let address = match &f.what {
            What::Address(a) if a.port.is_some() || a.scheme.is_some() => a,
            What::Url(a) => a,
            _ => continue,
        };
        let mut address = address.clone();
        if address.scheme.is_none() {
            address.scheme = scheme.map(str::to_string);
        }
        let key = (address.host.clone(), address.port);
        if !seen.contains(&key) {
            seen.push(key);
            out.push((m.subject, Predicate::ConnectsTo, Value::Address(Box::new(address)), m.time, m.span));
        }
    }
}

/// The port a server says it listens on (`listening on http://0.0.0.0:3000`, `Listening at
/// [::]:8000`, `listening on port 9090`), as a port of the writer: where its process
/// answers. A question (`is your app listening on 0.0.0.0:8080?`) states nothing.
fn listening(m: &Message<'_>, out: &mut Vec<Out>) {
    let text = m.text;
    let Some(at) = find_ci(text, "listening on ").or_else(|| find_ci(text, "listening at ")) else { return };
    let rest = &text[at + "listening on ".len()..];
    let rest = rest.strip_prefix("port ").unwrap_or(rest);
    let Some(word) = rest.split_whitespace().next() else { return };
    if word.ends_with('?') {
        return;
    }
    let word = word.trim_end_matches([',', '.', ';', ')']);
    let word = word.split_once("://").map_or(word, |(_, after)| after);
    let word = word.split('/').next().unwrap_or(word);
    let port = word.rsplit_once(':').map_or(word, |(_, port)| port);
    if let Ok(port) = port.parse::<u16>() {
        out.push((m.subject, Predicate::Port, Value::Number(f64::from(port)), m.time, m.span));
    }
}

/// The database product a sentence names (`Connected to PostgreSQL 15.4 at …`), as a scheme.
fn database_product(text: &str) -> Option<&'static str> {
    const PRODUCTS: &[(&str, &str)] = &[
        ("postgres", "postgres"),
        ("mysql", "mysql"),
        ("mariadb", "mysql"),
        ("redis", "redis"),
        ("mongo", "mongodb"),
        ("kafka", "kafka"),
        ("rabbitmq", "amqp"),
        ("elasticsearch", "elasticsearch"),
        ("clickhouse", "clickhouse"),
    ];
    PRODUCTS.iter().find(|(word, _)| find_ci(text, word).is_some()).map(|(_, scheme)| *scheme)
}

/// Feature flags: `Feature flag 'x' not found — falling back to Y`, logfmt's `Unknown
/// feature flag \"x\"; returning default value`, Unleash's `toggle "x" not found in
/// repository, isEnabled() -> fallback false`, OpenFeature's `evaluation error for x:
/// FLAG_NOT_FOUND, using default "y"`, `Falling back to Y: feature x unavailable`, and
/// `flag not found` with the name in a `flag=x` field.
fn flag(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let text = m.text;
    // slog's `msg="flag evaluation failed, using default" err="FLAG_NOT_FOUND: flag 'x' not
    // found"`: the name is in the error the message carries.
    // `[flags] evaluation failed key=x reason=FLAG_NOT_FOUND`: a plain-text line whose
    // message ends in logfmt pairs has them in its text, not among the record's fields.
    let inline = Fields::Logfmt(text);
    let field = |keys: &[&str]| m.fields.get(keys).or_else(|| inline.get(keys));
    let named = |keys: &[&str]| field(keys).map(|v| v.raw).filter(|n| is_name(n));
    let name = flag_name(text, FLAG_NOUNS).or_else(|| flag_name(m.detail, FLAG_NOUNS)).or_else(|| {
        named(&["flag", "flag_key", "flagKey", "flag-key", "flag_name", "feature_flag", "feature_flag.key", "toggle", "toggle_name", "feature", "feature_name"])
    });
    // A runtime setting that gates code (Airflow's `Variable 'x' not found, using default
    // False`), or a bare `key=x`, is a flag too, but only when the line says both that it is
    // missing and what the code did instead: `missing required setting key=x` is a program
    // that will not start, not one that silently took another path.
    let setting = || flag_name(text, SETTING_NOUNS).or_else(|| named(&["key"]));
    let Some((name, is_setting)) = name.map(|n| (n, false)).or_else(|| setting().map(|n| (n, true))) else { return };
    // OpenFeature's `error.type=FLAG_NOT_FOUND` (zap's `"errorCode":"FLAG_NOT_FOUND"`) says
    // it beside a message that does not.
    let code = field(&["errorCode", "error_code", "errorType", "error_type"]).map_or("", |v| v.raw);
    // An evaluation `reason=FLAG_NOT_FOUND` says it too.
    let reason = field(&["reason", "errorKind", "error_kind"]).map_or("", |v| v.raw);
    let missing = FLAG_MISSING.iter().any(|p| find_ci(text, p).is_some() || find_ci(m.detail, p).is_some() || find_ci(code, p).is_some())
        || find_ci(reason, "not_found").is_some();
    let fallback = flag_fallback(text);
    // OpenFeature's error code names a flag whatever the key was called.
    let flag_code = find_ci(code, "flag").is_some() || find_ci(reason, "flag").is_some();
    if !missing && fallback.is_none() || is_setting && !flag_code && !(missing && fallback.is_some()) {
        return;
    }
    let id = cx.entity(EntityKind::FeatureFlag, None, name);
    if missing {
        out.push((id, Predicate::FlagNotFound, Value::Number(1.0), m.time, m.span));
    }
    if let Some(target) = fallback {
        out.push((id, Predicate::Fallback, Value::text(target), m.time, m.span));
    }
}

/// Words that say a looked-up flag does not exist (`FLAG_NOT_FOUND` holds `not_found`).
const FLAG_MISSING: &[&str] = &[
    "not found",
    "not_found",
    "missing",
    "does not exist",
    "doesn't exist",
    "unknown",
    "undefined",
    "not defined",
    "not present",
    "no such flag",
    "no such toggle",
];

/// What a flag's name follows in a sentence, strongest first: `flag x`, `toggle "x"`,
/// OpenFeature's `evaluation error for x:`, `evaluation for 'x' returned default` and
/// `evaluation of "x" failed`, then `feature x` (a weak noun, so its name must
/// look like a key).
const FLAG_NOUNS: &[&str] =
    &["flag ", "toggle ", "evaluation error for ", "evaluation for ", "evaluation of ", "error evaluating ", "failed to evaluate ", "evaluating ", "feature "];

/// Nouns of runtime settings that gate code like flags do (`Variable 'x'`, `setting
/// "x"`, a flag client's `key "x" not present in <profile>`); their names must look like
/// keys, as after `feature `.
const SETTING_NOUNS: &[&str] = &["variable ", "setting ", "config key ", "configuration key ", "key "];

/// Words between a flag noun and the name (`flag key 'x'`, `evaluating flag x`).
const FLAG_FILLERS: &[&str] = &["key", "name", "named", "id", "flag", "toggle", "feature", "setting"];

/// Words after a flag noun that show it names no flag here (`flag not found`, `feature gate`).
/// `evaluating to default` is the fallback, not a flag named `to`.
const NOT_FLAG_NAMES: &[&str] =
    &["not", "is", "was", "has", "to", "service", "check", "lookup", "evaluation", "evaluations", "gate", "gates", "store", "provider", "client", "repository", "set", "list", "value", "values"];

/// The flag a sentence names after one of [`FLAG_NOUNS`]. Logfmt and JSON escapes around a
/// quoted name (`flag \"x\"`) are quotes too. Every place a noun starts a word is tried:
/// .NET's FeatureManagement says `The feature declaration for the feature 'x' was not found`.
fn flag_name<'t>(text: &'t str, nouns: &[&str]) -> Option<&'t str> {
    nouns.iter().find_map(|noun| {
        let mut from = 0;
        while let Some(at) = find_word_ci(&text[from..], noun) {
            from += at + noun.len();
            if let Some(name) = flag_name_after(&text[from..], noun) {
                return Some(name);
            }
        }
        None
    })
}

/// The name that follows a flag noun, past filler words.
fn flag_name_after<'t>(rest: &'t str, noun: &str) -> Option<&'t str> {
    let mut words = rest.words();
    let mut word = words.next()?;
    while FLAG_FILLERS.iter().any(|f| trim_name(word).eq_ignore_ascii_case(f)) {
        word = words.next()?;
    }
    let quoted = word.starts_with(['\'', '"', '`', '\\', '‘', '“']);
    let name = trim_name(word);
    let keyish = quoted || name.contains_of(b"-_.:/");
    let weak = noun == "feature " || SETTING_NOUNS.contains(&noun);
    let ok = is_name(name) && !NOT_FLAG_NAMES.iter().any(|w| name.eq_ignore_ascii_case(w)) && (!weak || keyish);
    ok.then_some(name)
}

/// A word without the quotes, escapes and punctuation around it (`\"x\".` → `x`).
fn trim_name(word: &str) -> &str {
    const QUOTES: &str = "'\"`‘’“”(),;\\";
    word.trim_start_matches(|c: char| QUOTES.contains(c)).trim_end_matches(|c: char| QUOTES.contains(c) || c == ':' || c == '.')
}

/// The first place `phrase` (case-insensitive) starts a word.
fn find_word_ci(text: &str, phrase: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + find_ci(&text[from..], phrase)?;
        if text[..at].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric()) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Where the code went instead: `falling back to Y` → Y; `returning default value`,
/// `using default "y"`, `evaluating to default (false)`, `-> fallback false` → the default
/// (and its value when written).
fn flag_fallback(text: &str) -> Option<String> {
    const TO: &[&str] = &["falling back to ", "fall back to ", "fell back to ", "falls back to ", "fallback to ", "defaulting to ", "defaults to ", "reverting to "];
    const DEFAULT: &[&str] = &[
        "using default ",
        "using the default ",
        "returning default ",
        "returning the default ",
        "returned default ",
        "returned the default ",
        "serving default ",
        "serving the default ",
        "evaluating to default ",
        "evaluated to default ",
        "evaluates to default ",
        "-> fallback ",
        "=> fallback ",
        "fallback value ",
        "fallback: ",
        // ConfigCat's SDKs: "Returning the `defaultValue` parameter that you specified in your application: 'false'."
        "`defaultvalue` parameter that you specified in your application: ",
    ];
    if let Some(rest) = TO.iter().find_map(|p| find_ci(text, p).map(|at| &text[at + p.len()..])) {
        let target = fallback_phrase(rest);
        return (!target.is_empty()).then_some(target);
    }
    // A default at the very end (`returning default`) has no space after it.
    let trimmed = text.trim_end_matches(|c: char| ".!\\\"'".contains(c)).as_bytes();
    let ends_default = ["returning default", "returning the default", "returned default", "returned the default", "using default", "using the default"]
        .iter()
        .any(|p| trimmed.len() >= p.len() && trimmed[trimmed.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes()));
    let rest = DEFAULT.iter().find_map(|p| find_ci(text, p).map(|at| &text[at + p.len()..]));
    if rest.is_none() && !ends_default {
        return None;
    }
    let phrase = rest.map(fallback_phrase).unwrap_or_default();
    Some(if phrase.is_empty() { "the default value".to_string() } else { format!("the default {phrase}") })
}

/// The few words naming a fallback: up to the end of the clause, without escapes, quotes
/// and closing punctuation (`static multiplier: feature x unavailable` → `static multiplier`).
fn fallback_phrase(rest: &str) -> String {
    const ENDS: &[&str] = &[". ", ": ", "; ", ", ", " (", " - ", " — ", " because ", " since ", " for "];
    let end = ENDS.iter().filter_map(|e| rest.find(e)).min().unwrap_or(rest.len());
    let clause = rest[..end].replace('\\', "");
    let words: Vec<&str> = clause.words().take(5).collect();
    words.join(" ").trim_matches(|c: char| ".,;:!\"'`".contains(c)).to_string()
}

/// Volumes, each with what it counted: a count right before a countable noun (`Rolled up
/// 48,211 records` → `records rolled up`), a key that names a count (`rows_loaded=41,806`,
/// or `"rows":186412` beside `wrote recon report`), or a SQL command tag (`INSERT 0 415` →
/// `rows inserted`).
/// With `phrase_only`, only the phrase is read (the line has no keyed count or command tag).
fn processed(m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>, phrase_only: bool) {
    let text = m.text;
    let verb = process_verb(text);
    let mut phrased = || {
        let verb = verb?;
        if !number_before_noun(text) {
            return None;
        }
        // A plural of the domain's own (`listings`) counts only right after the verb
        // (`fetched 48,911 listings`), not anywhere on its line (`received SIGTERM, draining
        // 4391 sessions`).
        let verb_ends = verb_ends(text);
        found.get().iter().find_map(|f| match f.what {
            What::Count(n) => {
                let after_verb = verb_ends.iter().any(|end| *end <= f.start && text[*end..f.start].bytes().all(|b| b == b' ' || b == b':'));
                let mut next = text[f.end..].words().map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()));
                let noun = next.next().filter(|w| names_counted(w, after_verb)).or_else(|| next.next().filter(|w| extract::is_count_noun(w)))?;
                Some((n, format!("{} {verb}", plural(noun))))
            }
            _ => None,
        })
    };
    // A line that says how its run ended counts what the run did.
    let run_end = run_ended(m.cues, text).then_some("counted");
    let count = phrased()
        .or_else(|| if phrase_only { None } else { labelled_count(text) })
        .or_else(|| if phrase_only { None } else { keyed_count(Fields::Logfmt(text), verb.or(run_end)) })
        .or_else(|| keyed_count(m.fields, verb))
        .or_else(|| sql_tag(text).filter(|_| m.cues.has(Cues::SQL_TAG)));
    if let Some((count, of)) = count {
        let tagged = of.starts_with("rows ") && sql_tag(text).is_some_and(|(n, _)| n == count);
        out.push((m.subject, Predicate::Processed, Value::Count { count, of }, m.time, m.span));
        // A database prints a command tag only for a statement that succeeded.
        if tagged && !out.iter().any(|o| o.1 == Predicate::Outcome && o.4 == m.span) {
            out.push((m.subject, Predicate::Outcome, Value::text("success"), m.time, m.span));
        }
    }
}

/// A count under a label that says what was done to what, as .NET and Java batch jobs log
/// their totals: `Rows written: 58,904`, `Source records loaded: 1,187`.
fn labelled_count(text: &str) -> Option<(f64, String)> {
    // `memchr` for the colon and the label's last two words read from its end: this runs on
    // every message with a process verb or a count noun that no phrase explained.
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).filter(|&at| bytes.get(at + 1) == Some(&b' ')).find_map(|at| {
        let mut label = text[..at].split_ascii_whitespace().rev();
        let (mut done, mut noun) = (label.next()?, label.next()?);
        // Where they went, after the verb: `rows upserted into soil_daily: 3,106,552`.
        if ["into", "to", "in"].iter().any(|p| noun.eq_ignore_ascii_case(p)) {
            (done, noun) = (label.next()?, label.next()?);
        }
        // grep's file name before the label (`export-0301.log:Rows written: 5`).
        let noun = noun.rsplit(':').next().unwrap_or(noun);
        let participle = PROCESS_VERBS.iter().find(|(verb, participle)| done.eq_ignore_ascii_case(verb) || done.eq_ignore_ascii_case(participle)).map(|(_, p)| *p)?;
        // Before a process verb's participle any plural counts: `granules processed: 1,488`.
        let plural_noun = noun.len() >= 4 && noun.ends_with('s') && !["ss", "us", "is"].iter().any(|end| noun.ends_with(end)) && noun.bytes().all(|b| b.is_ascii_alphabetic());
        if !extract::is_count_noun(noun) && !plural_noun {
            return None;
        }
        let number = text[at + 2..].words().next()?.trim_end_matches(['.', ',', ';']);
        if !number.bytes().all(|b| b.is_ascii_digit() || b == b',') || !number.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let n = crate::number::parse_f64(&number.replace(',', ""))?;
        Some((n, format!("{} {participle}", plural(noun))))
    })
}

/// Whether a line states how a run ended: a status key with an outcome word (`run finished
/// status=SUCCESS`), or an outcome in capitals as run histories print it (`#1447  Mar 19
/// 02:00  SUCCESS  rows=4,112`); a bare `finished` (a tracing span's) is not enough.
fn run_ended(cues: Cues, text: &str) -> bool {
    const VERDICTS: [&str; 5] = ["SUCCESS", "SUCCEEDED", "FAILED", "FAILURE", "COMPLETED"];
    // One scan for the verdicts' first letters instead of a substring search per verdict.
    cues.has(Cues::OUTCOME)
        && (cues.has(Cues::STATUS) || memchr::memchr3_iter(b'S', b'F', b'C', text.as_bytes()).any(|at| VERDICTS.iter().any(|w| text.as_bytes()[at..].starts_with(w.as_bytes()))))
}

/// Whether a key of `text` names a direction of flow (`rows_out=`, `"records_in":`): one scan
/// for `_`, the keys' common byte, instead of a substring search per key.
fn has_direction_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'_', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let word = if rest.starts_with(b"out") { 3 } else if rest.starts_with(b"in") { 2 } else { return false };
        matches!(rest.get(word), Some(b'=' | b'"'))
    })
}

/// Where each process verb of a message ends.
fn verb_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if PROCESS_VERBS.iter().any(|(verb, participle)| text[s..i].eq_ignore_ascii_case(verb) || text[s..i].eq_ignore_ascii_case(participle)) {
                    ends.push(i);
                }
                start = None;
            }
            _ => {}
        }
    }
    ends
}

/// How a count names the work the message reports: the participle of its first process verb.
fn process_verb(text: &str) -> Option<&'static str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|w| PROCESS_VERBS.iter().find(|(verb, _)| w.eq_ignore_ascii_case(verb)).map(|(_, participle)| *participle))
}

/// A count noun in the plural, lower case, so `1 row` and `2 rows` count the same thing.
fn plural(noun: &str) -> String {
    let lower = noun.to_ascii_lowercase();
    if lower.ends_with('s') {
        lower
    } else if let Some(stem) = lower.strip_suffix('y') {
        format!("{stem}ies")
    } else if lower.ends_with("ch") {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    }
}

/// A field whose key names a count, with a number for its value: one that also says what
/// was done (`rows_loaded=41,806` → `rows loaded`) or its direction (`rows_out=1,398,774` →
/// `rows out`) first, else the largest bare count noun (`"rows":186412`) when the message has
/// a process verb or says how its run ended.
fn keyed_count(fields: Fields<'_>, verb: Option<&str>) -> Option<(f64, String)> {
    let mut bare: Option<(f64, String)> = None;
    let mut done: Option<(f64, String)> = None;
    // `source_rows=41877 written=41877`: a verb alone as the key counts what its neighbours name.
    let mut verb_only: Option<(f64, &str)> = None;
    let mut any_noun: Option<&str> = None;
    fields.each(|key, value| {
        if value.kind != ValueKind::Scalar && value.kind != ValueKind::String {
            return true;
        }
        let parts: Vec<&str> = key.split(['_', '.', '-']).filter(|p| !p.is_empty()).collect();
        // A key word that is a process verb, in either form (`loaded`, `wrote`/`written`).
        let participle = |w: &str| PROCESS_VERBS.iter().find(|(v, p)| w.eq_ignore_ascii_case(v) || w.eq_ignore_ascii_case(p)).map(|(_, p)| *p);
        let Some(noun) = parts.iter().find(|p| extract::is_count_noun(p)) else {
            if let [only] = parts.as_slice() {
                let n = super::metrics::sample_value(value.raw).filter(|n| *n >= 0.0 && n.fract() == 0.0);
                if let (Some(participle), Some(n), None) = (participle(only), n, verb_only) {
                    verb_only = Some((n, participle));
                }
            }
            return true;
        };
        any_noun = any_noun.or(Some(noun));
        let Some(n) = super::metrics::sample_value(value.raw).filter(|n| *n >= 0.0 && n.fract() == 0.0) else { return true };
        let did = parts.iter().find_map(|p| participle(p));
        match did {
            Some(participle) => {
                done = Some((n, format!("{} {participle}", plural(noun))));
                return false;
            }
            // Of several bare counts (`files=1 rows=41376`), the largest is the run's volume.
            None if parts.len() == 1 && bare.as_ref().is_none_or(|(most, _)| n > *most) => {
                if let Some(verb) = verb {
                    bare = Some((n, format!("{} {verb}", plural(noun))));
                }
            }
            // A count with its direction (`rows_out=1,398,774`, `records_in`): the output
            // is what a run wrote, so it wins over the input.
            None if parts.len() == 2 => {
                let direction = parts.iter().find(|p| ["in", "out", "input", "output"].iter().any(|d| p.eq_ignore_ascii_case(d)));
                if let Some(direction) = direction {
                    let out = direction.to_ascii_lowercase().starts_with("out");
                    if out || done.is_none() {
                        done = Some((n, format!("{} {}", plural(noun), if out { "out" } else { "in" })));
                    }
                    return !out;
                }
            }
            None => {}
        }
        true
    });
    let verb_only = verb_only.map(|(n, participle)| (n, format!("{} {participle}", any_noun.map_or("records".to_string(), plural))));
    done.or(bare).or(verb_only)
}

/// A SQL command tag as databases print it after a statement (PostgreSQL, and dbt quoting
/// it): `INSERT 0 415` (an oid, then rows), `UPDATE 12`, `DELETE 3`, `MERGE 7`, `COPY 1000`,
/// `SELECT 388`, in capitals, the count ending the tag. dbt on Snowflake writes the adapter's
/// response as `SUCCESS 4817203` (the rows the statement affected).
fn sql_tag(text: &str) -> Option<(f64, String)> {
    const TAGS: &[(&str, &str)] =
        &[("INSERT", "rows inserted"), ("UPDATE", "rows updated"), ("DELETE", "rows deleted"), ("MERGE", "rows merged"), ("COPY", "rows copied"), ("SELECT", "rows selected"), ("SUCCESS", "rows affected")];
    let words: Vec<&str> = text.words().map(|w| w.trim_start_of(b"[(")).collect();
    words.iter().enumerate().find_map(|(i, word)| {
        let (_, of) = TAGS.iter().find(|(tag, _)| word == tag)?;
        let number = |w: &&str| w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty();
        let at = if *word == "INSERT" { i + 2 } else { i + 1 };
        if *word == "INSERT" && !words.get(i + 1).is_some_and(number) {
            return None;
        }
        let count = words.get(at).map(|w| w.trim_end_of(b"]),;"))?;
        let ends = words.get(at + 1).is_none_or(|next| matches!(*next, "in" | "rows" | "]" | ")") || next.starts_with_of(b"[("));
        (number(&count) && ends).then(|| Some((crate::number::parse_f64(count)?, (*of).to_string()))).flatten()
    })
}

/// A cheap test before scanning: a word starting with a digit one or two words before a
/// countable noun (`48,211 records`, `847 summary rows`).
/// What a word after a count names: a known count noun, or right after the number a plural
/// of the domain's own things (`48911 listings`).
fn names_counted(word: &str, right_after: bool) -> bool {
    extract::is_count_noun(word) || right_after && is_domain_plural(word)
}

/// A lower-case plural that is no unit of size or time, no part of the machinery and no
/// failure (`listings`, `invoices`, `readings`; not `bytes`, `seconds`, `pods`, `retries`).
fn is_domain_plural(word: &str) -> bool {
    const NOT_THINGS: &[&str] = &[
        "bytes", "seconds", "secs", "minutes", "mins", "hours", "hrs", "days", "weeks", "months", "years", "millis", "times", "retries", "attempts", "errors",
        "warnings", "failures", "percent", "workers", "threads", "replicas", "pods", "nodes", "cores", "connections", "goroutines", "samples",
    ];
    (4..=20).contains(&word.len()) && word.ends_with('s') && !word.ends_with("ss") && word.bytes().all(|b| b.is_ascii_lowercase()) && !NOT_THINGS.contains(&word)
}

fn number_before_noun(text: &str) -> bool {
    let mut recent = [false; 2];
    for raw in text.split_ascii_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if recent.iter().any(|r| *r) && extract::is_count_noun(word) || recent[0] && is_domain_plural(word) {
            return true;
        }
        recent = [word.starts_with(|c: char| c.is_ascii_digit()), recent[0]];
    }
    false
}

/// Whether a status word means success or failure.
pub(in crate::parse) fn status_word(word: &str) -> Option<&'static str> {
    const SUCCESS: &[&str] = &["success", "succeeded", "successful", "ok", "passed", "complete", "completed", "done"];
    const FAILURE: &[&str] = &["failed", "failure", "fail", "error", "errored", "aborted", "crashed"];
    if SUCCESS.iter().any(|s| word.eq_ignore_ascii_case(s)) {
        Some("success")
    } else if FAILURE.iter().any(|s| word.eq_ignore_ascii_case(s)) {
        Some("failure")
    } else {
        None
    }
}

/// Run outcomes (`Status: SUCCESS`, `completed successfully`, `exit code 1`, `Job failed`)
/// as `success`/`failure`, and how long the run took (`Duration: 4m04s`, `took 3.2s`).
fn outcome(m: &Message<'_>, found: &mut Lazy<'_>, out: &mut Vec<Out>) {
    let text = m.text;
    let keyed = || {
        ["status: ", "status=", "result: ", "result=", "outcome: ", "outcome="]
            .iter()
            .find_map(|p| word_after(text, p).and_then(status_word))
    };
    // A structured record may carry its outcome beside the message (`status=success`).
    let keyed = m.cues.has(Cues::STATUS)
        .then(keyed)
        .flatten()
        .or_else(|| m.fields.get(&["status", "result", "outcome"]).and_then(|v| status_word(v.raw)));
    let exit_word = |code: i64| if code == 0 { "success" } else { "failure" };
    let exit = m.cues.has(Cues::EXIT).then(|| EXIT_PHRASES.iter().find_map(|p| {
        // systemd writes `code=exited, status=1/FAILURE`: the number is the exit status.
        let word = word_after(text, p)?;
        let digits = word.split(|c: char| !c.is_ascii_digit()).next()?;
        let code: i64 = digits.parse().ok()?;
        Some(exit_word(code))
    })).flatten();
    // A structured record may carry its exit code as a field (`"exit_code":0`).
    let exit = exit.or_else(|| {
        let field = m.fields.get(&["exit_code", "exitCode", "exitcode", "return_code", "returncode", "exit_status"])?;
        Some(exit_word(field.raw.parse().ok()?))
    });
    let phrase = || {
        const PHRASES: &[(&str, &str)] = &[
            ("completed successfully", "success"),
            ("finished successfully", "success"),
            ("successfully completed", "success"),
            ("successfully rolled out", "success"),
            ("completed with errors", "failure"),
            ("finished with errors", "failure"),
        ];
        if !m.cues.has(Cues::OUTCOME) {
            return None;
        }
        let phrased = find_ci(text, "successfully").is_some() || find_ci(text, "with errors").is_some();
        let phrase = phrased.then(|| PHRASES.iter().find(|(p, _)| find_ci(text, p).is_some()).map(|(_, o)| *o)).flatten();
        phrase.or_else(|| counted_errors(text)).or_else(|| run_outcome(text))
    };
    if let Some(result) = keyed.or(exit).or_else(phrase) {
        out.push((m.subject, Predicate::Outcome, Value::text(result), m.time, m.span));
        let took = found.get().iter().find_map(|f| match f.what {
            What::Duration(seconds) => {
                let before = text[..f.start].trim_ws_end().trim_end_matches(':');
                let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                ["duration", "took", "in", "after", "elapsed"].iter().any(|w| word.eq_ignore_ascii_case(w)).then_some(seconds)
            }
            _ => None,
        });
        if let Some(seconds) = took {
            out.push((m.subject, Predicate::Took, Value::Duration(seconds), m.time, m.span));
        }
    }
}

/// Phrases an exit code follows: shells, CI runners, systemd, Python's subprocess and
/// Airflow (`Task exited with return code 0`).
const EXIT_PHRASES: &[&str] = &[
    "exit code ",
    "exited with code ",
    "exit status ",
    "exit code: ",
    "exitcode=",
    "exited, status=",
    "return code ",
    "return code: ",
    "returncode=",
    "exit_code=",
    "exit_code: ",
];

/// `Completed with 1 error and 0 warnings` (dbt), `finished with 0 errors`: failure when
/// the count of errors is not zero.
fn counted_errors(text: &str) -> Option<&'static str> {
    let at = ["completed with ", "finished with ", "done with "].iter().find_map(|p| find_ci(text, p).map(|at| at + p.len()))?;
    let mut words = text[at..].words();
    let count: u64 = words.next()?.parse().ok()?;
    let noun = words.next()?.trim_end_of(b",.:;");
    ["error", "errors", "failure", "failures"].iter().any(|w| noun.eq_ignore_ascii_case(w)).then_some(if count == 0 { "success" } else { "failure" })
}

/// `Job failed`, `build succeeded`, or a shouted `FAILED` / `SUCCESS`.
fn run_outcome(text: &str) -> Option<&'static str> {
    const RUNS: &[&str] = &["job", "build", "run", "task", "pipeline", "step", "rollout", "backup", "migration", "deploy", "deployment"];
    let mut after_run = false;
    for raw in text.words() {
        let word = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        match word {
            "FAILED" | "FAILURE" => return Some("failure"),
            "SUCCESS" | "SUCCEEDED" => return Some("success"),
            // Event names: Dagster's `RUN_SUCCESS`, `STEP_FAILURE`, `JOB_FAILED`.
            _ if word.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') => match word.rsplit_once('_').map(|(_, last)| last) {
                Some("FAILED" | "FAILURE") => return Some("failure"),
                Some("SUCCESS" | "SUCCEEDED") => return Some("success"),
                _ => {}
            },
            _ => {}
        }
        if after_run && !word.eq_ignore_ascii_case("ok") {
            if let Some(outcome) = status_word(word) {
                return Some(outcome);
            }
        }
        after_run = RUNS.iter().any(|r| word.eq_ignore_ascii_case(r));
    }
    None
}

/// The kubelet's structured lines about probes, as the events it records for them on the
/// pod: `"Probe failed" probeType="Readiness" pod="ns/name" output="HTTP probe failed with
/// statuscode: 404"` is an `Unhealthy` event (`Readiness probe failed: …`), and `"Message for
/// Container of pod" containerMessage="Container x failed liveness probe, will be restarted"`
/// a `Killing` one. A kubelet journal then says what `kubectl get events` would have.
fn kubelet_probe_event(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    // klog's structured lines: a quoted message, then `key="value"` pairs.
    let Some((said, pairs)) = m.text[1..].split_once('"') else { return };
    let fields = Fields::Logfmt(pairs);
    let text = |key: &str| fields.get(&[key]).map(|v| v.text());
    let (reason, kind, message) = match said {
        "Probe failed" => {
            let (Some(probe), Some(output)) = (text("probeType"), text("output")) else { return };
            ("Unhealthy", "Warning", format!("{probe} probe failed: {}", output.trim_ws()))
        }
        "Message for Container of pod" => match text("containerMessage") {
            Some(message) if find_ci(&message, "probe, will be restarted").is_some() => ("Killing", "Normal", message),
            _ => return,
        },
        _ => return,
    };
    let Some(pod) = text("pod") else { return };
    let (namespace, name) = split_namespaced(&pod);
    let pod = cx.pod(namespace, name, m.span);
    push_event(pod, kind, reason, message, m, out);
}

/// HAProxy's health check taking a server out, as the readiness probe failure it is: the
/// backend is the workload, the server a pod of it. `Server be_tiles/tile-01 is DOWN,
/// reason: Layer7 wrong status, code: 404, …` reads as `Readiness probe failed: HTTP probe
/// failed with statuscode: 404`; another reason (`Layer4 connection problem`, `Layer4
/// timeout`) is the probe's output as HAProxy words it.
fn balancer_check_event(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let Some(at) = find_ci(m.text, "Server ") else { return };
    let rest = &m.text[at + "Server ".len()..];
    let Some((server, reason)) = rest.split_once(" is DOWN, reason: ") else { return };
    let Some((backend, server)) = server.split_once('/') else { return };
    let output = match reason.split_once(", code: ") {
        Some((said, code)) if starts_with_ci(said, "Layer7") => {
            let code: String = code.chars().take_while(char::is_ascii_digit).collect();
            format!("HTTP probe failed with statuscode: {code}")
        }
        _ => reason.split(',').next().unwrap_or(reason).trim_ws().to_string(),
    };
    let pod = cx.entity(EntityKind::Pod, None, server);
    let workload = cx.entity(EntityKind::Deployment, None, backend);
    cx.owner(pod, workload, m.span);
    push_event(pod, "Warning", "Unhealthy", format!("Readiness probe failed: {output}"), m, out);
}

/// The user agents health checkers send: a request from one is the probe itself, as the app
/// logged it.
const HEALTH_CHECKERS: [&str; 6] = ["kube-probe/", "kamal-proxy", "ELB-HealthChecker", "GoogleHC/", "Consul Health Check", "HealthChecker/"];

/// An app's own log of a request a health checker made (`GET /up 404 … ua=kamal-proxy`,
/// `"GET /ready HTTP/1.1" 404 … "kube-probe/1.29"`) that it answered with an error: the
/// readiness probe failing as the app saw it, an `Unhealthy` event of the writer (a stand-in
/// pod of the writer's name when the writer is no pod).
fn health_checker_request(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let line = m.span.text(cx.paste);
    let Some(code) = request_status(line).filter(|c| (400..600).contains(c)) else { return };
    if !HEALTH_CHECKERS.iter().any(|agent| find_ci(line, agent).is_some()) {
        return;
    }
    // A request line names its path; the deploy command of a proxy that names itself does not.
    if !["GET ", "HEAD ", "\"GET\"", "\"HEAD\"", "method=GET", "method=HEAD"].iter().any(|w| line.contains(w)) {
        return;
    }
    // Lines of no named writer (the paste's `logs`, its prose `note`) are the app's, unnamed.
    let writer = if matches!(m.source_name, "logs" | "note") { "<app>" } else { m.source_name };
    let pod = match cx.kind_of(m.subject) {
        EntityKind::Pod => m.subject,
        _ => cx.entity(EntityKind::Pod, None, writer),
    };
    push_event(pod, "Warning", "Unhealthy", format!("Readiness probe failed: HTTP probe failed with statuscode: {code}"), m, out);
}

/// The status a request line reports: `"status":404`, `status=404`, or the number after an
/// access log's quoted request (`"GET /up HTTP/1.1" 404`).
fn request_status(text: &str) -> Option<u16> {
    let digits = |rest: &str| {
        let rest = rest.trim_start_of(b" \"");
        let end = rest.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(rest.len());
        (end == 3).then(|| rest[..end].parse().ok()).flatten()
    };
    for key in ["\"status\":", "status=", "\"status\": "] {
        if let Some(at) = find_ci(text, key) {
            return digits(&text[at + key.len()..]);
        }
    }
    let at = find_ci(text, " HTTP/1.").or_else(|| find_ci(text, " HTTP/2"))?;
    let rest = &text[at..];
    let quote = rest.find('"')?;
    digits(&rest[quote + 1..])
}

/// Docker's embedded DNS server, which answers a user-defined network's containers for the
/// names of the others (their Compose service name, container name and aliases).
const DOCKER_DNS: &str = "on 127.0.0.11:53: no such host";

/// The label Compose puts on a service's containers, which its DNS name stands for.
pub const COMPOSE_SERVICE_LABEL: &str = "com.docker.compose.service";

/// A container asking Docker's DNS for a name no container on the network has (`dial tcp:
/// lookup render on 127.0.0.11:53: no such host`): the name is a Service of the network that
/// selects nothing, one without endpoints, selecting the Compose service of that name.
fn container_name_unresolved(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let Some(end) = find_ci(m.text, DOCKER_DNS) else { return };
    let Some(at) = m.text[..end].rfind("lookup ") else { return };
    let name = m.text[at + "lookup ".len()..end].trim_ws();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
        return;
    }
    let service = cx.entity(EntityKind::Service, None, name);
    out.push((service, Predicate::Selector, Value::pair(COMPOSE_SERVICE_LABEL, name), m.time, m.span));
    out.push((service, Predicate::Endpoints, Value::text("<none>"), m.time, m.span));
}

/// A proxy saying a Service has no endpoint to send to — ingress-nginx's `Service "shop/cart"
/// does not have any active Endpoint`, the API server's `no endpoints available for service
/// "cart"` — names that Service even when nothing else in the paste does, so the
/// endpoint rules (`derive::network`) can find the Service it reports on.
fn service_without_endpoints(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let says = find_ci(m.text, "active endpoint").is_some() || find_ci(m.text, "no endpoints").is_some();
    let quoted = m.text.split('"').nth(1).filter(|q| !q.is_empty() && !q.contains(' '));
    let (Some(quoted), true) = (quoted, says) else { return };
    let (namespace, name) = split_namespaced(quoted);
    let service = cx.entity(EntityKind::Service, namespace, name);
    out.push((m.subject, Predicate::Mentions, Value::Entity(service), m.time, m.span));
}

/// The line client-go's event recorder logs for every event it emits (cluster-autoscaler,
/// controllers, operators): `Event(v1.ObjectReference{Kind:"Pod", Namespace:"ns",
/// Name:"x", …}): type: 'Normal' reason: 'NotTriggerScaleUp' pod didn't trigger scale-up:
/// …`. It is the event itself, about the object it names, so a controller's log says what
/// `kubectl get events` would have.
fn recorded_event(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let Some((reference, said)) = m.text.split_once("}): ") else { return };
    let field = |key: &str| {
        let at = reference.find(&format!("{key}:\""))? + key.len() + 2;
        reference[at..].split('"').next()
    };
    let quoted = |key: &str| {
        let at = said.find(&format!("{key}: '"))? + key.len() + 3;
        let len = said[at..].find('\'')?;
        Some((&said[at..at + len], at + len + 1))
    };
    let (Some(kind), Some(name), Some((event_type, _)), Some((reason, end))) = (field("Kind"), field("Name"), quoted("type"), quoted("reason")) else { return };
    if name.is_empty() || reason.is_empty() {
        return;
    }
    let namespace = field("Namespace").filter(|ns| !ns.is_empty());
    let subject = match EntityKind::from_k8s(kind) {
        EntityKind::Pod => cx.pod(namespace, name, m.span),
        other => cx.entity(other, namespace, name),
    };
    push_event(subject, event_type, reason, said[end..].trim_ws().to_string(), m, out);
}

/// A Kubernetes event that an exporter (kubernetes-event-exporter, an event router) shipped
/// to a log store, as `logcli` prints it: the event's `reason` and `type` are the stream's
/// labels, the line is `kind/name: message`. It is the event itself, about that object.
fn exported_event(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let reason = m.fields.get(&["reason"]).map(|v| v.raw).filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()) && r.bytes().all(|b| b.is_ascii_alphanumeric()));
    let event_type = m.fields.get(&["type"]).map(|v| v.raw).filter(|t| matches!(*t, "Normal" | "Warning"));
    let (Some(reason), Some(event_type)) = (reason, event_type) else { return };
    let Some((object, said)) = m.text.split_once(": ") else { return };
    let Some((kind, name)) = object.split_once('/').filter(|(_, name)| !name.is_empty() && !name.contains_of(b"/ ")) else { return };
    let Some(kind) = crate::extract::k8s_kind(kind) else { return };
    let namespace = m.fields.get(&["namespace"]).map(|v| v.raw);
    let subject = match kind {
        EntityKind::Pod => cx.pod(namespace, name, m.span),
        other => cx.entity(other, namespace, name),
    };
    push_event(subject, event_type, reason, said.trim_ws().to_string(), m, out);
}

/// `pod/web-1: 0/31 nodes are available: 8 Insufficient memory, …`: an event shipped to a
/// log store (an event exporter's line in Loki, Elasticsearch or CloudWatch) names its object
/// before the message. The scheduler's verdict is worded the same in every such line, so it
/// is the pod's FailedScheduling event whatever fields the exporter kept beside it.
fn scheduler_verdict(cx: &mut Cx<'_>, m: &Message<'_>, out: &mut Vec<Out>) {
    let Some((name, said)) = m.text["pod/".len()..].split_once(": ") else { return };
    let (count, rest) = said.split_once('/').unwrap_or(("", ""));
    let verdict = !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) && rest.split_once(' ').is_some_and(|(_, r)| r.starts_with("nodes are available"));
    if !verdict || name.is_empty() || name.contains(' ') {
        return;
    }
    let (namespace, name) = split_namespaced(name);
    let pod = cx.pod(namespace.or(cx.namespace()), name, m.span);
    push_event(pod, "Warning", "FailedScheduling", said.trim_ws().to_string(), m, out);
}

/// An event a log line reports (the kubelet's journal, an event recorder's log), timed by
/// the line: such lines carry no counts or ages of their own.
fn push_event(subject: EntityId, kind: &str, reason: &str, message: String, m: &Message<'_>, out: &mut Vec<Out>) {
    let record = crate::fact::EventRecord { kind: kind.into(), reason: reason.into(), message, count: None, last_seen_ago: None, first_seen_ago: None };
    out.push((subject, Predicate::Event, Value::Event(Box::new(record)), m.time, m.span));
}

/// Named errors: x509 validity dates and the objects an error names.
fn named_error(cx: &mut Cx<'_>, m: &Message<'_>, text: &str, found: &[Found<'_>], out: &mut Vec<Out>) {
    if m.cues.has(Cues::X509) {
        // `current time 2024-11-20T10:02:11Z is after 2024-11-19T23:59:59Z`: the second time
        // is the certificate's NotAfter; `is before` gives its NotBefore.
        let host = found.iter().find_map(|f| match &f.what {
            What::Url(a) | What::Address(a) => a.host.clone(),
            _ => None,
        });
        let subject = match host {
            Some(host) => cx.entity(EntityKind::Host, None, &host),
            None => m.subject,
        };
        for pair in found.windows(2) {
            if let (What::Time(_), What::Time(bound)) = (&pair[0].what, &pair[1].what) {
                let between = &text[pair[0].end..pair[1].start];
                let predicate = if find_ci(between, "after").is_some() {
                    Predicate::NotAfter
                } else if find_ci(between, "before").is_some() {
                    Predicate::NotBefore
                } else {
                    continue;
                };
                out.push((subject, predicate, Value::Time(*bound), m.time, m.span));
            }
        }
    }
    // Each object once, even when the error names it twice (`Secret/ns/x … secrets "x"`).
    let mut named: Vec<(&EntityKind, &str)> = Vec::new();
    for f in found {
        if let What::Object(o) = &f.what {
            if named.contains(&(&o.kind, o.name)) {
                continue;
            }
            named.push((&o.kind, o.name));
            let id = cx.entity(o.kind.clone(), o.namespace, o.name);
            out.push((m.subject, Predicate::Mentions, Value::Entity(id), m.time, m.span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_keys_and_run_verdicts_are_found_by_their_bytes() {
        assert!(has_direction_key("batch done rows_out=1,398 rows_in=1,400"));
        assert!(has_direction_key(r#"{"records_in":12}"#));
        assert!(!has_direction_key("rows_outbound=3 signed_in user_id=4"));
        let ended = Cues::OUTCOME;
        assert!(run_ended(ended, "#1447  Mar 19 02:00  SUCCESS  rows=4,112"));
        assert!(run_ended(ended, "job COMPLETED rows=9"));
        assert!(!run_ended(ended, "Success: Fetched the Catalog"));
        assert!(!run_ended(Cues::default(), "FAILED"));
    }

    #[test]
    fn cues_are_read_from_words_and_keys() {
        let c = Cues::of("Built and pushed v2.5.0 (commit 5d2c9a0e)");
        assert!(c.has(Cues::PUSH) && !c.has(Cues::SYNC));
        assert!(Cues::of("starting api version=v2.14.0").has(Cues::VERSION));
        assert!(Cues::of("GET /api 500 after HTTP 503").has(Cues::NAMED_ERROR));
        assert!(!Cues::of("GET /api/v1/orders 200 12ms bytes=503").has(Cues::NAMED_ERROR));
        assert!(Cues::of("request failed status=502").has(Cues::NAMED_ERROR));
        assert_eq!(Cues::of("health check ok"), Cues::HEALTH);
        assert!(Cues::of("cache hit ratio=0.93 size=12").is_empty());
        assert!(Cues::of("GET /api/v1/carts 200 12ms bytes=5012").is_empty());
        assert_eq!(Cues::of("GET /api/v1/orders 200"), Cues::COUNT_NOUN);
        assert_eq!(Cues::of("configmap/app-config configured"), Cues::KIND.with(Cues::CHANGE));
    }

    /// `subject predicate value` of the facts a log paste yields, `Log`/`LogVolume` left out.
    #[test]
    fn a_proxy_reporting_no_endpoints_names_the_service() {
        let nginx = "W0407 10:55:44.530277       7 controller.go:1216] Service \"quoting/quote-engine\" does not have any active Endpoint.\n";
        assert!(read(nginx).iter().any(|f| f.ends_with("Mentions service quoting/quote-engine")), "{:?}", read(nginx));
        let apiserver = "2025-04-07T10:55:44Z ERROR no endpoints available for service \"cart\"\n";
        assert!(read(apiserver).iter().any(|f| f.ends_with("Mentions service cart")), "{:?}", read(apiserver));
        // A Service named in any other sentence is not reported empty.
        assert!(!read("2025-04-07T10:55:44Z INFO Service \"cart\" updated\n").iter().any(|f| f.contains("Mentions service")));
    }

    fn read(lines: &str) -> Vec<String> {
        let paste = format!("$ kubectl logs ci-runner\n{lines}");
        let ingest = crate::ingest(&paste);
        ingest
            .facts
            .all()
            .iter()
            .filter(|f| !matches!(f.predicate, Predicate::Log | Predicate::LogVolume | Predicate::OwnedBy))
            .map(|f| format!("{} {:?} {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value)))
            .collect()
    }

    #[test]
    fn a_push_waits_for_the_digest_of_its_own_tag() {
        let lines = "2025-01-02T08:00:00Z INFO + docker push reg.io/team/api:1.2.0\n\
                     2025-01-02T08:00:01Z INFO 9.9.9: digest: sha256:0000000000000000000000000000000000000000000000000000000000000001 size: 10\n\
                     2025-01-02T08:00:02Z INFO 1.2.0: digest: sha256:aaaa000000000000000000000000000000000000000000000000000000000002 size: 10\n";
        assert_eq!(
            read(lines),
            ["pipeline ci-runner Pushed version 1.2.0, image reg.io/team/api:1.2.0@sha256:aaaa000000000000000000000000000000000000000000000000000000000002"]
        );
    }

    #[test]
    fn a_push_through_a_variable_is_named_by_the_repository_docker_prints() {
        let paste = "$ docker push \"$IMAGE\"\n\
                     The push refers to repository [reg.io/team/api]\n\
                     3c1f2b0a9e77: Pushed\n\
                     9f0b21d7c3aa: Layer already exists\n\
                     main: digest: sha256:aaaa000000000000000000000000000000000000000000000000000000000002 size: 1992\n";
        let ingest = crate::ingest(paste);
        let pushes: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == Predicate::Pushed).map(|f| ingest.facts.display_value(&f.value).to_string()).collect();
        assert_eq!(pushes, ["image reg.io/team/api:main@sha256:aaaa000000000000000000000000000000000000000000000000000000000002"]);
    }

    #[test]
    fn a_pod_row_in_a_job_log_says_what_the_pod_runs() {
        let lines = "2025-01-02T08:00:00Z POD                    IMAGEID                                   START\n\
                     2025-01-02T08:00:00Z web-7c9d5b6f48-2xq7m   reg.io/team/web@sha256:41aa07d3e98c5f2b1a7604de3c9b8f51e2a06d7c4b93e18f5a2d6c07b9e41f3a   2025-01-01T08:12:44Z\n\
                     2025-01-02T08:00:01Z checked web@sha256:41aa07d3e98c5f2b1a7604de3c9b8f51e2a06d7c4b93e18f5a2d6c07b9e41f3a\n";
        assert_eq!(
            read(lines),
            ["pod web-7c9d5b6f48-2xq7m ImageId reg.io/team/web@sha256:41aa07d3e98c5f2b1a7604de3c9b8f51e2a06d7c4b93e18f5a2d6c07b9e41f3a"]
        );
    }

    #[test]
    fn pushes_with_their_digest_on_the_line() {
        let lines = "2025-01-02T08:00:00Z INFO pushed image reg.io/team/web@sha256:4f1e0d2a...c841 (commit 9f3c2ab)\n";
        assert_eq!(read(lines), ["pipeline ci-runner Pushed commit 9f3c2ab, image reg.io/team/web@sha256:4f1e0d2a…c841"]);
    }

    #[test]
    fn a_buildkit_step_prefix_keeps_the_digest_with_its_push() {
        let lines = "2025-01-02T08:00:00Z #17 pushing reg.io/team/api:main with docker 1.4s done\n\
                     2025-01-02T08:00:01Z #17 main: digest: sha256:7d1e90…a902 size: 2417\n";
        assert_eq!(read(lines), ["pipeline ci-runner Pushed image reg.io/team/api:main@sha256:7d1e90…a902"]);
    }

    #[test]
    fn an_event_recorders_log_line_is_the_event_it_emitted() {
        let lines = "I0512 13:41:02.123881       1 event_sink_logging_wrapper.go:48] Event(v1.ObjectReference{Kind:\"Pod\", Namespace:\"lab\", Name:\"run-7-shard-00\", UID:\"d4b1\", APIVersion:\"v1\", ResourceVersion:\"5\", FieldPath:\"\"}): type: 'Normal' reason: 'NotTriggerScaleUp' pod didn't trigger scale-up: 1 max node group size reached\n";
        let events: Vec<String> = read(lines).into_iter().filter(|f| f.contains(" Event ")).collect();
        assert_eq!(events, ["pod lab/run-7-shard-00 Event Normal NotTriggerScaleUp: pod didn't trigger scale-up: 1 max node group size reached"]);
    }

    #[test]
    fn a_shipped_scheduler_verdict_is_the_pods_failed_scheduling_event() {
        let lines = "2024-11-27T09:03:10Z {reason=\"FailedScheduling\"} pod/align-7-0031: 0/31 nodes are available: 8 Insufficient memory.\n\
                     2024-11-27T09:03:11Z {reason=\"Scheduled\"} pod/align-7-0032: Successfully assigned lab/align-7-0032 to node-3\n";
        let events: Vec<String> = read(lines).into_iter().filter(|f| f.contains(" Event ")).collect();
        assert_eq!(events, ["pod align-7-0031 Event Warning FailedScheduling: 0/31 nodes are available: 8 Insufficient memory."]);
    }

    #[test]
    fn kubelet_probe_lines_are_the_events_it_records() {
        let lines = "I0821 16:00:14.586006    1402 prober.go:107] \"Probe failed\" probeType=\"Liveness\" pod=\"geo/tiles-6c8f9d7b54-m2vqx\" containerName=\"tiles\" probeResult=\"failure\" output=\"HTTP probe failed with statuscode: 404\"\n\
                     I0821 16:00:52.637027    1402 kuberuntime_manager.go:1086] \"Message for Container of pod\" containerName=\"tiles\" pod=\"geo/tiles-6c8f9d7b54-m2vqx\" containerMessage=\"Container tiles failed liveness probe, will be restarted\"\n\
                     I0821 16:01:15.395045    1402 kubelet.go:2542] \"SyncLoop (probe)\" probe=\"readiness\" status=\"ready\" pod=\"geo/api-84b7d6c5f9-tq2jx\"\n";
        let events: Vec<String> = read(lines).into_iter().filter(|f| f.contains(" Event ")).collect();
        assert_eq!(
            events,
            [
                "pod geo/tiles-6c8f9d7b54-m2vqx Event Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404",
                "pod geo/tiles-6c8f9d7b54-m2vqx Event Normal Killing: Container tiles failed liveness probe, will be restarted",
            ]
        );
    }

    #[test]
    fn a_balancer_taking_a_server_out_is_its_readiness_probe_failing() {
        let lines = "Jul 12 10:17:44 lb-01 haproxy[2291]: [WARNING]  (2291) : Server be_tiles/tile-01 is DOWN, reason: Layer7 wrong status, code: 404, info: \"Not Found\", check duration: 2ms. 2 active and 0 backup servers left.\n\
                     Jul 12 10:17:45 lb-01 haproxy[2291]: Server be_api/api-02 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms.\n";
        let events: Vec<String> = read(lines).into_iter().filter(|f| f.contains(" Event ")).collect();
        assert_eq!(
            events,
            [
                "pod tile-01 Event Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404",
                "pod api-02 Event Warning Unhealthy: Readiness probe failed: Layer4 connection problem",
            ]
        );
    }

    #[test]
    fn a_health_checker_answered_with_an_error_is_a_failing_readiness_probe() {
        let lines = "2026-03-02T09:00:01Z {\"msg\":\"request\",\"method\":\"GET\",\"path\":\"/ready\",\"status\":404,\"ua\":\"kamal-proxy\"}\n\
                     10.0.3.4 - - [02/Mar/2026:09:00:02 +0000] \"GET /healthz HTTP/1.1\" 503 12 \"-\" \"kube-probe/1.30\"\n\
                     2026-03-02T09:00:03Z {\"msg\":\"request\",\"method\":\"GET\",\"path\":\"/ready\",\"status\":200,\"ua\":\"kamal-proxy\"}\n\
                     2026-03-02T09:00:04Z GET /orders 404 ua=Mozilla/5.0\n";
        let events: Vec<String> = read(lines).into_iter().filter(|f| f.contains(" Event ")).collect();
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(events[0].ends_with("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404"), "{events:?}");
        assert!(events[1].ends_with("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503"), "{events:?}");
    }

    #[test]
    fn a_notification_names_its_app_in_brackets_not_by_its_state() {
        let lines = "2025-01-02T08:00:00Z INFO argocd-notifications [shop-prod] Application OutOfSync\n";
        assert_eq!(read(lines), ["application shop-prod SyncStatus OutOfSync"]);
    }

    #[test]
    fn look_alikes_state_nothing() {
        let lines = "2025-01-02T08:00:00Z ERROR failed to acquire lock key=inv:1 after 3 attempts\n\
                     2025-01-02T08:00:01Z INFO run it with kubectl rollout restart deployment/api later\n\
                     2025-01-02T08:00:02Z INFO GET /api/v1/orders 200 12ms\n\
                     2025-01-02T08:00:03Z WARN the pod is restarting\n\
                     2025-01-02T08:00:04Z INFO request completed peer=cart status=200 duration=12ms\n\
                     2025-01-02T08:00:05Z INFO + kubectl --context prod apply -k deploy/overlays/prod\n";
        assert_eq!(read(lines), Vec::<String>::new());
    }

    #[test]
    fn flags_outcomes_and_changes() {
        let lines = "2025-01-02T08:00:00Z WARN unknown feature flag checkout_v3, falling back to checkout_v2.\n\
                     2025-01-02T08:00:01Z INFO Job failed: BackoffLimitExceeded\n\
                     2025-01-02T08:00:02Z INFO + kubectl -n shop scale deployment/api --replicas=0\n";
        assert_eq!(
            read(lines),
            [
                "flag checkout_v3 FlagNotFound 1",
                "flag checkout_v3 Fallback checkout_v2",
                "pod ci-runner Outcome failure",
                "deployment shop/api Changed scaled",
            ]
        );
    }

    #[test]
    fn a_missing_runtime_setting_with_a_default_taken_is_a_missing_flag() {
        let airflow = "[2026-06-03, 02:15:20 UTC] {flags.py:22} WARNING - Variable 'payments_enable_windowed_dedup' not found, using default False\n";
        assert_eq!(read(airflow), ["flag payments_enable_windowed_dedup FlagNotFound 1", "flag payments_enable_windowed_dedup Fallback the default False"]);
        // Found, or missing with nothing taken instead, is no flag.
        assert_eq!(read("[2026-05-21, 02:15:07 UTC] {flags.py:19} INFO - Variable 'payments_enable_windowed_dedup' = true\n"), Vec::<String>::new());
        assert_eq!(read("2026-05-21T02:15:07Z ERROR setting 'db.pool_size' not found\n"), Vec::<String>::new());
        assert_eq!(read("2025-04-22 10:19:02.116  level=ERROR msg=\"missing required setting\" key=SMS_SENDER_ID\n"), Vec::<String>::new());
    }

    #[test]
    fn a_key_not_present_in_the_profile_evaluating_to_default_is_a_missing_flag() {
        let line = "2025-04-03T09:58:41.662Z  a3e1f0c2-7d44  WARN  flags: key \"new_checkout\" not present in shop-flags; evaluating to default (false)\n";
        assert_eq!(read(line), ["flag new_checkout FlagNotFound 1", "flag new_checkout Fallback the default (false)"]);
        // A key that is present, or missing with no default taken, is no flag.
        assert_eq!(read("2025-04-03T09:58:41Z WARN config: key \"db_pool\" not present in settings\n"), Vec::<String>::new());
    }

    #[test]
    fn an_evaluation_reason_field_says_the_flag_is_missing() {
        let line = "2026-03-02 09:14:07.221 WARN  [flags] evaluation failed key=search.vector-backend.enabled reason=FLAG_NOT_FOUND default=false\n";
        assert_eq!(read(line), ["flag search.vector-backend.enabled FlagNotFound 1"]);
        assert_eq!(read("2026-03-02 09:14:07.221 WARN  [flags] evaluation done key=search.x reason=TARGETING_MATCH\n"), Vec::<String>::new());
    }

    #[test]
    fn feature_management_names_the_missing_declaration() {
        let lines = "2025-09-05T10:00:00Z WARN The feature declaration for the feature 'Checkout.Wallet.V2' was not found.\n";
        assert_eq!(read(lines), ["flag Checkout.Wallet.V2 FlagNotFound 1"]);
    }

    #[test]
    fn a_flag_named_only_in_the_error_field() {
        let lines = "time=2025-01-02T08:00:00.114Z level=WARN msg=\"flag evaluation failed, using default\" err=\"FLAG_NOT_FOUND: flag 'rides.pooled-matching' not found\" default=false zone=north\n";
        assert_eq!(read(lines), ["flag rides.pooled-matching FlagNotFound 1", "flag rides.pooled-matching Fallback the default value"]);
    }

    #[test]
    fn flag_missing_in_an_error_code_field() {
        let lines = "2025-06-05T09:41:27.551Z\tdebug\tofrep/handler.go:97\tevaluation error\t{\"component\": \"ofrep-service\", \"flagKey\": \"search.semantic-ranking-v2\", \"errorCode\": \"FLAG_NOT_FOUND\", \"status\": 404}\n";
        assert_eq!(read(lines), ["flag search.semantic-ranking-v2 FlagNotFound 1"]);
    }

    #[test]
    fn flag_missing_in_opentelemetry_attributes() {
        // The message names no flag and says nothing missing: the attributes do.
        let otlp = r#"{"timeUnixNano":"1735804800000000000","severityText":"WARN","body":{"stringValue":"flag evaluation returned default"},"attributes":[{"key":"feature_flag.key","value":{"stringValue":"search.rank_v2"}},{"key":"error.type","value":{"stringValue":"FLAG_NOT_FOUND"}}]}"#;
        assert_eq!(read(&format!("{otlp}\n")), ["flag search.rank_v2 FlagNotFound 1", "flag search.rank_v2 Fallback the default value"]);
    }

    #[test]
    fn a_controller_names_the_object_it_changed_in_a_field_called_after_its_kind() {
        let eso = r#"{"level":"info","ts":1739671203.09,"logger":"controllers.ExternalSecret","msg":"updated secret","ExternalSecret":{"name":"db-creds","namespace":"shop"},"secret":"db-creds"}"#;
        let facts = crate::test_support::fact_lines(&format!("{eso}\n"));
        assert!(facts.iter().any(|f| f == "secret shop/db-creds · Changed · updated"), "{facts:#?}");
        // Reconciling names the kind but no object in a field of that name: no change.
        let reconciled = r#"{"level":"info","msg":"reconciled secret","ExternalSecret":{"name":"db-creds","namespace":"shop"}}"#;
        assert!(!crate::test_support::fact_lines(&format!("{reconciled}\n")).iter().any(|f| f.contains("Changed")));
    }

    #[test]
    fn flagd_names_the_missing_flag_in_a_field() {
        let flagd = r#"{"level":"warn","ts":"2026-05-19T13:39:58.771Z","msg":"flag not found","component":"evaluator","flag-key":"pricing-v3"}"#;
        assert_eq!(read(&format!("{flagd}\n")), ["flag pricing-v3 FlagNotFound 1"]);
        // zap: the message says only that a flag was evaluated; its error code says how.
        let zap = r#"{"level":"warn","ts":1737542418221,"msg":"flag evaluation","flag":"checkout.tax-v2","reason":"ERROR","errorCode":"FLAG_NOT_FOUND","default":false}"#;
        assert_eq!(read(&format!("{zap}\n")), ["flag checkout.tax-v2 FlagNotFound 1"]);
    }

    #[test]
    fn flag_missing_in_camel_case_error_fields() {
        // OpenFeature's JS SDK under pino: the message names no flag and says nothing
        // missing; `flagKey` names it and `errorCode`/`errorMessage` say it does not exist.
        let pino = r#"{"level":40,"time":"2025-09-23T10:02:15.772Z","msg":"openfeature: flag evaluation error, returning default","flagKey":"pay.split-v3","errorCode":"FLAG_NOT_FOUND","errorMessage":"flag: pay.split-v3 not found","default":false}"#;
        assert_eq!(read(&format!("{pino}\n")), ["flag pay.split-v3 FlagNotFound 1", "flag pay.split-v3 Fallback the default value"]);
        // flagd's own line names the flag in a `flag-key` field.
        let flagd = r#"{"level":"debug","ts":"2025-09-23T10:02:15.771Z","msg":"flag not found","flag-key":"pay.split-v3"}"#;
        assert_eq!(read(&format!("{flagd}\n")), ["flag pay.split-v3 FlagNotFound 1"]);
    }

    #[test]
    fn flag_wordings() {
        // A quoted name in a logfmt message keeps its escapes; the default is unnamed.
        let logfmt = "time=2025-01-02T08:00:00Z level=WARN msg=\"Unknown feature flag \\\"pay-v2\\\"; returning default value\" user_key=u-1\n";
        assert_eq!(read(logfmt), ["flag pay-v2 FlagNotFound 1", "flag pay-v2 Fallback the default value"]);
        // A sentence ending right after the escaped quote (`\"x\".`), a default at the end.
        let logfmt = "ts=2025-01-02T08:00:00Z lvl=warn msg=\"[LDClient] Unknown feature flag \\\"pay-v3\\\". Returning default value\"\n";
        assert_eq!(read(logfmt), ["flag pay-v3 FlagNotFound 1", "flag pay-v3 Fallback the default value"]);
        let lines = "2025-01-02T08:00:00Z WARN Feature Flag key: beta-x not found in Feature Store. Returning default.\n\
                     2025-01-02T08:00:01Z WARN openfeature: evaluation of \"stock.reserve_v2\" failed: FLAG_NOT_FOUND; serving default false\n";
        assert_eq!(
            read(lines),
            [
                "flag beta-x FlagNotFound 1",
                "flag beta-x Fallback the default value",
                "flag stock.reserve_v2 FlagNotFound 1",
                "flag stock.reserve_v2 Fallback the default false",
            ]
        );
        let lines = "2025-01-02T08:00:00Z WARN unleash: toggle \"ops.fast_path\" not found in repository, isEnabled() -> fallback false\n\
                     2025-01-02T08:00:01Z WARN Falling back to static multiplier: feature ops.fast_path unavailable\n\
                     2025-01-02T08:00:02Z WARN evaluation error for risk-model-7: FLAG_NOT_FOUND, using default \"rules-v1\"\n\
                     2025-01-02T08:00:03Z WARN Unknown feature flag key 'semantic-ranking' - falling back to keyword ranker\n";
        assert_eq!(
            read(lines),
            [
                "flag ops.fast_path FlagNotFound 1",
                "flag ops.fast_path Fallback the default false",
                "flag ops.fast_path Fallback static multiplier",
                "flag risk-model-7 FlagNotFound 1",
                "flag risk-model-7 Fallback the default rules-v1",
                "flag semantic-ranking FlagNotFound 1",
                "flag semantic-ranking Fallback keyword ranker",
            ]
        );
        // flagd names the flag in a field of its own.
        let json = "{\"level\":\"warn\",\"ts\":1757003405.551,\"msg\":\"flag not found\",\"flag\":\"beta_search\",\"code\":\"FLAG_NOT_FOUND\"}\n";
        assert_eq!(read(json), ["flag beta_search FlagNotFound 1"]);
        // ConfigCat calls a flag a setting, and words its default at length.
        let line = "2025-01-02T08:00:00Z WARN [1001] Failed to evaluate setting 'fare_calendar_v3' (the key was not found in config JSON). Returning the `defaultValue` parameter that you specified in your application: 'false'. Available keys: ['fareCalendarV3'].\n";
        assert_eq!(read(line), ["flag fare_calendar_v3 FlagNotFound 1", "flag fare_calendar_v3 Fallback the default false"]);
    }

    #[test]
    fn flag_look_alikes_state_nothing() {
        // Flags that exist, feature gates, a feature without a key-like name, and a toggle
        // that was switched rather than missed.
        let lines = "2025-01-02T08:00:00Z INFO LaunchDarkly client initialized flags_loaded=212\n\
                     2025-01-02T08:00:01Z INFO feature flag checkout-v2 evaluated to true\n\
                     2025-01-02T08:00:02Z ERROR unknown feature gate: InPlacePodVerticalScaling\n\
                     2025-01-02T08:00:03Z WARN feature search not found in plan, user upgraded\n\
                     2025-01-02T08:00:04Z INFO toggle dark-mode enabled for tenant 7\n\
                     2025-01-02T08:00:05Z INFO feature store connected, 14 features loaded\n";
        assert_eq!(read(lines), Vec::<String>::new());
    }

    #[test]
    fn outcomes_from_schedulers_and_exit_codes() {
        let lines = "[2025-03-12, 02:01:02 UTC] {taskinstance.py:1400} INFO - Marking task as SUCCESS. dag_id=d, task_id=t\n\
                     [2025-03-12, 02:01:02 UTC] {local_task_job_runner.py:228} INFO - Task exited with return code 0\n\
                     2025-03-12T02:01:03Z INFO subprocess finished returncode=2\n\
                     {\"ts\":\"2025-05-15T03:32:05Z\",\"level\":\"info\",\"msg\":\"recon finished\",\"exit_code\":0}\n\
                     01:20:44 Completed successfully\n\
                     2025-06-03 02:00:43 +0000 - dagster - DEBUG - orders_job - 7f3c2a91 - RUN_SUCCESS - Finished execution of run.\n\
                     2025-06-03 02:00:44 +0000 - dagster - ERROR - orders_job - 7f3c2a91 - load - STEP_FAILURE - Execution of step failed.\n";
        assert_eq!(
            read(lines),
            [
                "pod ci-runner Outcome success",
                "pod ci-runner Outcome success",
                "pod ci-runner Outcome failure",
                "pod ci-runner Outcome success",
                "pod ci-runner Outcome success",
                "pod ci-runner Outcome success",
                "pod ci-runner Outcome failure",
            ]
        );
    }

    #[test]
    fn a_verb_right_before_a_count_of_the_domains_own_things_is_a_volume() {
        let lines = "2025-01-02T02:00:00Z INFO source: fetched 48,911 listings (98 pages)\n\
                     2025-01-02T02:00:01Z INFO upserted 212 rates hotel=7\n\
                     2025-01-02T02:00:02Z INFO received SIGTERM, draining 4391 sessions\n\
                     2025-01-02T02:00:03Z INFO loaded shading model v19 (312 trees)\n\
                     2025-01-02T02:00:04Z INFO uploaded 9874310 bytes\n";
        assert_eq!(read(lines), ["pod ci-runner Processed 48911 listings fetched", "pod ci-runner Processed 212 rates upserted"]);
    }

    #[test]
    fn volumes_say_what_they_count() {
        let lines = "2025-01-27T01:04:31Z INFO ClaimsAggregate: wrote 415 rows to s3a://lake/marts/x/\n\
                     2025-01-27T01:04:32Z INFO COPY INTO RAW.EVENTS ... rows_parsed=41,806 rows_loaded=41,806 errors_seen=0\n\
                     {\"ts\":\"2025-05-15T03:31:59Z\",\"level\":\"info\",\"msg\":\"wrote recon report\",\"rows\":186412}\n\
                     01:20:31 1 of 3 OK created sql incremental model marts.daily ........ [INSERT 0 415 in 3.92s]\n\
                     2025-01-27T01:04:33Z INFO 816,902 records had null keys, filtered\n\
                     2025-01-27T01:04:34Z INFO select the rows to update later\n\
                     2025-01-27T01:04:35Z INFO summary rows_in=2,118 rows_out=2,101 rejected=17\n\
                     2025-01-27T01:04:36Z INFO upsert public.reads: inserted=41376 updated=0\n\
                     2025-01-27T01:04:37Z INFO run finished status=SUCCESS files=1 rows=41376\n\
                     2025-01-27T01:04:38Z INFO cache warmed keys=120 rows=3\n\
                     2025-01-27T01:04:35Z feeds.export partner=acme source_rows=3204 written=3204 skipped=0\n";
        assert_eq!(
            read(lines),
            [
                "pod ci-runner Processed 415 rows written",
                "pod ci-runner Processed 41806 rows loaded",
                "pod ci-runner Processed 186412 rows written",
                "pod ci-runner Processed 415 rows inserted",
                "pod ci-runner Outcome success",
                "pod ci-runner Processed 2101 rows out",
                "pod ci-runner Processed 41376 records inserted",
                "pod ci-runner Outcome success",
                "pod ci-runner Processed 41376 rows counted",
                "pod ci-runner Processed 3204 rows written",
            ]
        );
        assert_eq!(labelled_count("Rows written: 58,904"), Some((58904.0, "rows written".to_string())));
        assert_eq!(labelled_count("Source records loaded: 12"), Some((12.0, "records loaded".to_string())));
        assert_eq!(labelled_count("Rows written: none"), None);
        assert_eq!(labelled_count("rows upserted into soil_daily: 3,106,552"), Some((3106552.0, "rows upserted".to_string())));
        assert_eq!(labelled_count("granules found: 96  granules processed: 96"), Some((96.0, "granules processed".to_string())));
        assert_eq!(labelled_count("status processed: 3"), None);
        assert_eq!(plural("entry"), "entries");
        assert_eq!(plural("Batch"), "batches");
        assert_eq!(sql_tag("[SELECT 388 in 8.77s]"), Some((388.0, "rows selected".to_string())));
        assert_eq!(sql_tag("INSERT INTO t VALUES (1)"), None);
        assert_eq!(sql_tag("OK created sql table model s.m ... [SUCCESS 4817203 in 151.55s]"), Some((4817203.0, "rows affected".to_string())));
        assert_eq!(sql_tag("SUCCESS 3 of 4 tasks"), None);
        assert_eq!(sql_tag("UPDATE 12 rows"), Some((12.0, "rows updated".to_string())));
    }

    #[test]
    fn counts_of_errors_decide_a_run() {
        assert_eq!(counted_errors("Completed with 1 error and 0 warnings:"), Some("failure"));
        assert_eq!(counted_errors("Finished with 0 errors."), Some("success"));
        assert_eq!(counted_errors("completed with 3 retries"), None);
    }

    #[test]
    fn a_zero_error_count_is_no_error_word() {
        assert!(!Cues::of("Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4").has(Cues::ERROR_WORD));
        assert!(Cues::of("ERROR=3 in the last batch").has(Cues::ERROR_WORD));
    }

    #[test]
    fn sync_statuses() {
        assert_eq!(sync_status("app x synced to 91c0be77: Sync succeeded."), Some("Synced"));
        assert_eq!(sync_status("Sync operation to 5f2e1a3 failed: one or more objects failed"), Some("Failed"));
        assert_eq!(arrow_target("Updated sync status: Synced -> OutOfSync", "sync status: "), Some("OutOfSync"));
        assert_eq!(sync_status("Reconciliation finished in 1.2s, next run in 5m0s"), Some("Synced"));
    }

    #[test]
    fn docker_service_commands_in_a_log_change_their_services() {
        assert_eq!(swarm_service_change("COMMAND=/usr/bin/docker service update --image reg/x/api:2.1 --with-registry-auth shop_api"), vec![("shop_api", "image updated")]);
        assert_eq!(swarm_service_change("docker service scale shop_web=6 shop_api=2; echo done"), vec![("shop_web", "scaled"), ("shop_api", "scaled")]);
        assert_eq!(swarm_service_change("docker service update --force shop_api"), vec![("shop_api", "restarted")]);
        assert_eq!(swarm_service_change("docker service ls"), Vec::<(&str, &str)>::new());
    }

    #[test]
    fn an_autoscalers_status_line_gives_its_replicas_ceiling_and_metric_against_target() {
        let paste = "$ docker logs scaler\n2025-03-02T11:00:00Z service=shop_web cpu=93.5% target=60% replicas=4 max=4 action=none\n";
        let facts = crate::test_support::fact_lines(paste);
        crate::test_support::assert_facts(&facts, &[
            "hpa shop_web · Scales · deployment shop_web",
            "hpa shop_web · CurrentReplicas · 4",
            "hpa shop_web · MaxReplicas · 4",
            "hpa shop_web · ScalingTarget · 93.5/60",
        ]);
    }

    #[test]
    fn a_secret_create_command_names_the_secret_it_writes() {
        assert_eq!(secret_create("rotate.sh: podman secret create --replace -d file ledger_pg_pw: ok"), Some(("ledger_pg_pw", "replaced")));
        assert_eq!(secret_create("+ printf %s \"$PW\" | docker secret create --label v=7 api_token_v7 -"), Some(("api_token_v7", "created")));
        assert_eq!(secret_create("podman secret create"), None);
        assert_eq!(secret_create("kubectl secret create x"), None);
        let facts = crate::test_support::fact_lines(
            "$ journalctl _COMM=sudo\nJun 02 09:14:11 mgr-1 sudo[1202]:   ana : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/docker service update --replicas 5 shop_api\n",
        );
        assert!(facts.iter().any(|f| f == "deployment shop_api · Changed · scaled"), "{facts:#?}");
    }
}

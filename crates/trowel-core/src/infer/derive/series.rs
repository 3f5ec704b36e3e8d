//! Claims about metric series: cliffs (a step change by a large factor), frozen counts
//! (the same count on consecutive runs), and error-rate skew across a label.
//!
//! Series are grouped by metric name and labels with the time-axis labels (`date`, `day`,
//! `business_date`, …) taken out, so `revenue{date="…"}` samples form one series over time.
//! The counts a job's own log reports (`Processed`: `wrote 611,208 rows`, the next night
//! `wrote 415 rows`) form a series too, one per job and thing counted, one point per run.

use crate::fact::{EntityId, Fact, FactId, Predicate, Value};
use crate::infer::derive::network::is_placeholder_source;
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::kb::Kb;
use crate::time::Timestamp;

/// Smallest before/after ratio called a cliff.
const CLIFF_RATIO: f64 = 4.0;
/// Smallest ratio called a cliff between just two runs: with nothing to show the usual
/// spread, only a collapse by an order of magnitude is one.
const TWO_RUN_CLIFF_RATIO: f64 = 10.0;
/// The smallest value every point before a fall to zero must have: from 3 to 0 is a
/// quiet spell, from thousands to 0 a pipeline that stopped delivering.
const MIN_BEFORE_ZERO: f64 = 10.0;
/// Log reports of one job less than this far apart belong to one run.
const RUN_GAP_SECONDS: f64 = 3600.0;
/// Smallest count whose exact repeat says the input froze, for a series whose name does
/// not say it counts work, and for counts a log reports: small counts (3 files a night)
/// repeat by themselves.
const FROZEN_MIN_COUNT: f64 = 1000.0;
/// Smallest failure rate of the worst group, and ratio to the best, called a skew.
const SKEW_MIN_RATE: f64 = 0.10;
const SKEW_RATIO: f64 = 3.0;

/// A metric name and its labels, parsed from a series entity name `name{k="v",…}`.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesName {
    pub metric: String,
    pub labels: Vec<(String, String)>,
}

impl SeriesName {
    pub fn parse(text: &str) -> SeriesName {
        let Some((metric, rest)) = text.split_once('{') else {
            return SeriesName { metric: text.to_string(), labels: Vec::new() };
        };
        let body = rest.strip_suffix('}').unwrap_or(rest);
        let mut labels = Vec::new();
        let mut chars = body.char_indices().peekable();
        let mut key_start = 0;
        while let Some((i, c)) = chars.next() {
            if c != '=' {
                continue;
            }
            let key = body[key_start..i].trim().trim_start_matches(',').trim().to_string();
            let mut value = String::new();
            if chars.peek().map(|(_, c)| *c) == Some('"') {
                chars.next();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next().map(|(_, c)| c)),
                        '"' => break,
                        c => value.push(c),
                    }
                }
            }
            labels.push((key, value));
            key_start = chars.peek().map_or(body.len(), |(i, _)| *i);
        }
        SeriesName { metric: metric.to_string(), labels }
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The series without its time-axis labels, as `name{k="v"}`.
    pub fn without_time(&self) -> String {
        let kept: Vec<String> =
            self.labels.iter().filter(|(k, _)| !is_time_label(k)).map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        if kept.is_empty() {
            self.metric.clone()
        } else {
            format!("{}{{{}}}", self.metric, kept.join(","))
        }
    }
}

fn is_time_label(key: &str) -> bool {
    crate::time::is_time_axis_label(key)
}

/// A value at a time, and the fact that states it.
type Point<'a> = (Timestamp, f64, &'a Fact);

struct Series<'a> {
    name: String,
    points: Vec<Point<'a>>,
}

fn timed_series<'a>(kb: &Kb<'a>) -> Vec<Series<'a>> {
    let mut out: Vec<Series<'a>> = Vec::new();
    for fact in kb.with(Predicate::Sample) {
        let (Some(time), Some(value)) = (fact.time, fact.value.as_number()) else { continue };
        let Some(name) = kb.series_name(fact.subject) else { continue };
        let name = name.without_time();
        match out.iter_mut().find(|s| s.name == name) {
            Some(series) => series.points.push((time, value, fact)),
            None => out.push(Series { name, points: vec![(time, value, fact)] }),
        }
    }
    for series in &mut out {
        crate::sort::by_key(&mut series.points, |(t, _, f)| (*t, f.id));
    }
    out
}

/// The counts a job's log reports, per job (its workload, else the source; pods named after
/// their run, like Spark drivers, by the name their runs share) and thing counted, one point
/// per run: a run's reports lie less than [`RUN_GAP_SECONDS`] apart and the run counts as
/// its last one.
fn logged_volumes<'a>(kb: &Kb<'a>) -> Vec<Series<'a>> {
    let mut groups: Vec<(EntityId, Option<String>, &'a str, Vec<Point<'a>>)> = Vec::new();
    for fact in kb.with(Predicate::Processed) {
        let (Some(time), Value::Count { count, of }) = (fact.time, &fact.value) else { continue };
        let owner = kb.workload_of(fact.subject).unwrap_or(fact.subject);
        let family = crate::names::run_family(&kb.entity(owner).name);
        let same_job = |o: &EntityId, f: &Option<String>| if family.is_some() { *f == family } else { *o == owner };
        match groups.iter_mut().find(|(o, f, what, _)| same_job(o, f) && what == of) {
            Some((.., points)) => points.push((time, *count, fact)),
            None => groups.push((owner, family, of.as_str(), vec![(time, *count, fact)])),
        }
    }
    // Lines from a log store or a file that name no writer (`from Loki, last week's run:`)
    // are a named job's other runs when they are the very line it prints, numbers apart, and
    // none was written during one of its runs (then it is another copy of the job, in
    // another cluster or region).
    let mut i = 0;
    while i < groups.len() {
        let unnamed = groups[i].1.is_none() && is_placeholder_source(kb, groups[i].0);
        let same_lines = |other: &(EntityId, Option<String>, &str, Vec<Point<'a>>)| {
            let apart = other.3.iter().all(|a| groups[i].3.iter().all(|b| a.0.seconds_until(b.0).abs() >= RUN_GAP_SECONDS));
            !is_placeholder_source(kb, other.0) && other.2 == groups[i].2 && apart && other.3.iter().any(|a| groups[i].3.iter().any(|b| same_template(kb.quote(a.2), kb.quote(b.2))))
        };
        let mut named = (0..groups.len()).filter(|&j| j != i && same_lines(&groups[j]));
        match (unnamed, named.next(), named.next()) {
            (true, Some(job), None) => {
                let (.., points) = groups.remove(i);
                groups[if job > i { job - 1 } else { job }].3.extend(points);
            }
            _ => i += 1,
        }
    }
    let mut out = Vec::new();
    for (owner, family, of, mut reports) in groups {
        crate::sort::by_key(&mut reports, |(t, _, f)| (*t, f.id));
        let mut points: Vec<Point<'a>> = Vec::new();
        for report in reports {
            match points.last_mut() {
                Some(last) if last.0.seconds_until(report.0) < RUN_GAP_SECONDS => *last = report,
                _ => points.push(report),
            }
        }
        let name = match family {
            Some(family) => format!("{of} by {family}"),
            None if is_placeholder_source(kb, owner) => of.to_string(),
            None => format!("{of} by {}", kb.entity(owner).name),
        };
        out.push(Series { name, points });
    }
    out
}

/// Whether two log lines are one line a program prints, its numbers apart (`wrote 11204
/// records to s3://x (38.9 MiB)` and `wrote 38 records to s3://x (41.2 KiB)`): most of
/// their words, numbers and times taken out, are the same.
fn same_template(a: &str, b: &str) -> bool {
    let words = |text: &'_ str| -> Vec<String> {
        text.split_whitespace().map(|w| w.chars().filter(|c| !c.is_ascii_digit() && !matches!(c, '.' | ',' | ':' | '-')).collect::<String>()).filter(|w| !w.is_empty()).collect()
    };
    let (a, b) = (words(a), words(b));
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let all = a.len() + b.len() - shared;
    a.len() >= 4 && b.len() >= 4 && shared * 10 >= all * 7
}

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    for s in &timed_series(kb) {
        cliff(claims, s, 3);
        frozen(kb, claims, s, if counts_something(&s.name) { 1.0 } else { FROZEN_MIN_COUNT });
    }
    for s in &logged_volumes(kb) {
        cliff(claims, s, 2);
        frozen(kb, claims, s, FROZEN_MIN_COUNT);
    }
    skew(kb, claims);
}

fn median(values: &mut [f64]) -> f64 {
    crate::sort::by(values, f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// The split where the two sides lie furthest apart (the smallest value of the higher side
/// over the largest of the lower), if their medians differ by a cliff's ratio, in a series
/// of at least `min_points` (two points need [`TWO_RUN_CLIFF_RATIO`]). Judging the split by
/// its gap, not its medians, puts the cliff at the first low day: 598k, 605k, 611k, 415, 402
/// fell on the day of 415, though one more high-side point would raise the medians' ratio.
fn cliff(claims: &mut Claims, series: &Series<'_>, min_points: usize) {
    let points = &series.points;
    if points.len() < min_points.max(2) {
        return;
    }
    // (split, gap, median ratio, median before, median after)
    let mut best: Option<(usize, f64, f64, f64, f64)> = None;
    for at in 1..points.len() {
        let (before, after) = points.split_at(at);
        let mut b: Vec<f64> = before.iter().map(|p| p.1).collect();
        let mut a: Vec<f64> = after.iter().map(|p| p.1).collect();
        let (lo_b, hi_b) = (b.iter().copied().fold(f64::MAX, f64::min), b.iter().copied().fold(f64::MIN, f64::max));
        let (lo_a, hi_a) = (a.iter().copied().fold(f64::MAX, f64::min), a.iter().copied().fold(f64::MIN, f64::max));
        let (mb, ma) = (median(&mut b), median(&mut a));
        // Nothing at all after a steady volume: the gap and ratio of a fall to one.
        let to_zero = hi_a == 0.0 && lo_b >= MIN_BEFORE_ZERO;
        if !to_zero && (mb <= 0.0 || ma <= 0.0 || lo_b <= 0.0 || lo_a <= 0.0) {
            continue;
        }
        let (gap, ratio) = if to_zero {
            (lo_b, mb)
        } else {
            let gap = if lo_b > hi_a { lo_b / hi_a } else if lo_a > hi_b { lo_a / hi_b } else { continue };
            (gap, if mb > ma { mb / ma } else { ma / mb })
        };
        if ratio >= CLIFF_RATIO && best.is_none_or(|(_, g, ..)| gap > g) {
            best = Some((at, gap, ratio, mb, ma));
        }
    }
    let Some((at, _, ratio, before, after)) = best else { return };
    if points.len() == 2 && ratio < TWO_RUN_CLIFF_RATIO {
        return;
    }
    let when = points[at].0;
    let drop = after < before;
    let statement = if after == 0.0 {
        format!("{} fell to 0 on {}: from about {}", series.name, when.date(), round_sig(before))
    } else {
        format!(
            "{} {} {:.1}x on {}: from about {} to about {}",
            series.name,
            if drop { "fell" } else { "rose" },
            ratio,
            when.date(),
            round_sig(before),
            round_sig(after)
        )
    };
    let rests_on = vec![points[at - 1].2.id, points[at].2.id];
    claims.add(
        ClaimKind::Cliff { series: series.name.clone(), ratio, before, after, drop },
        statement,
        rests_on,
        Some(points[at].2.subject),
        Some(when),
    );
}

/// Counts of at least `min` that repeat exactly on consecutive runs; corroborated by logs
/// reporting the same count when they do. Series that measure rather than count (bytes,
/// seconds, limits, ratios) stay what they were, run after run, without anything wrong.
fn frozen(kb: &Kb<'_>, claims: &mut Claims, series: &Series<'_>, min: f64) {
    if measures_something(&series.name) {
        return;
    }
    let points = &series.points;
    let mut i = 0;
    while i < points.len() {
        let mut j = i + 1;
        while j < points.len() && points[j].1 == points[i].1 {
            j += 1;
        }
        let runs = j - i;
        let value = points[i].1;
        // A stretch the series left again (96 files a night, then 1) was a steady input
        // that changed afterwards, not one that stopped changing.
        let last = j == points.len();
        if runs >= 2 && last && value != 0.0 && value >= min && value.fract() == 0.0 {
            let mut rests_on: Vec<FactId> = points[i..j].iter().map(|p| p.2.id).collect();
            let echoed: Vec<&Fact> = kb
                .with(Predicate::Processed)
                .filter(|f| f.value.as_number() == Some(value) && !points[i..j].iter().any(|p| p.2.id == f.id))
                .collect();
            rests_on.extend(echoed.iter().map(|f| f.id));
            let echo = if echoed.is_empty() { String::new() } else { format!("; the run's own log reports the same {}", exact(value)) };
            let statement = format!(
                "{} is exactly {} on {} consecutive runs ({} to {}){echo}: the input stopped changing",
                series.name,
                exact(value),
                runs,
                points[i].0.date(),
                points[j - 1].0.date()
            );
            claims.add(ClaimKind::Frozen { series: series.name.clone(), value, runs }, statement, rests_on, Some(points[i].2.subject), Some(points[i].0));
        }
        i = j;
    }
}

/// Series whose values are counts of work done, which real traffic never repeats exactly:
/// their name says what they count (`rows`, `records`, `transactions`, `_total`) or what
/// was done to it (`settled`, `exported`, `matched`).
fn counts_something(name: &str) -> bool {
    let lower = name.split('{').next().unwrap_or(name).to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "record", "row", "count", "processed", "input", "output", "events", "items", "messages", "total", "orders", "lines",
        "transactions", "payments", "invoices", "documents", "files", "objects", "entries", "shipments", "claims", "users",
        "settled", "matched", "exported", "imported", "ingested", "loaded", "written", "delivered", "published", "synced",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

/// Series that count failures — by an outcome label (`status="502"`, `result="error"`) or
/// by their name (`http_errors_total`, `failed_jobs`): their fall is a recovery, not lost data.
pub fn counts_failures(name: &str) -> bool {
    let parsed = SeriesName::parse(name);
    if parsed.labels.iter().any(|(k, v)| is_outcome_label(k) && is_failure(v)) {
        return true;
    }
    const WORDS: &[&str] = &[
        "error", "errors", "failed", "failure", "failures", "5xx", "exceptions", "rejected", "rejects", "invalid", "late", "dropped", "drops", "dlq",
        "retries", "timeouts",
    ];
    parsed.metric.split(['_', ':', '.', ' ']).any(|word| WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)))
}

/// Series that measure rather than count: sizes, durations, limits, ratios, rates,
/// timestamps, build and state markers, how many nodes or pods there are, by the words of
/// their name (`backup_size_bytes`, `up`, `admitted/s`, `cluster_node_count`). A rate pinned at one value is a ceiling reached, not a frozen input.
fn measures_something(name: &str) -> bool {
    const UNITS: &[&str] = &[
        "bytes", "seconds", "second", "ms", "milliseconds", "duration", "latency", "ratio", "percent", "celsius", "limit",
        "capacity", "size", "max", "min", "timestamp", "time", "info", "version", "replicas", "status", "up", "threshold",
        "quota", "rate", "rps", "qps", "node", "nodes", "pods", "instances", "hosts",
    ];
    const PER: &[&str] = &["s", "sec", "min", "m", "h", "hr"];
    // A CloudWatch statistic other than the sum (`SampleCount`, `Average`, `Maximum`, `p99`)
    // is a measure of the datapoints, not work done: 48 samples a day is a schedule.
    if SeriesName::parse(name).label("statistic").is_some_and(|s| s != "Sum") {
        return true;
    }
    let metric = name.split('{').next().unwrap_or(name);
    let per_time = |word: &str| word.rsplit_once('/').is_some_and(|(_, unit)| PER.iter().any(|u| unit.eq_ignore_ascii_case(u)));
    metric.split(['_', ':', '.', ' ']).any(|word| per_time(word) || UNITS.iter().any(|u| word.eq_ignore_ascii_case(u)))
}

/// Per-label failure rates from counters with an outcome label (`status="failed"` vs
/// `status="success"`), split by their other labels.
fn skew(kb: &Kb<'_>, claims: &mut Claims) {
    // (metric, outcome label, group label, group value) → (failed, total, facts)
    struct Group<'a> {
        metric: String,
        group_label: String,
        group: String,
        failed: f64,
        total: f64,
        facts: Vec<&'a Fact>,
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    for fact in kb.with(Predicate::Sample) {
        let Some(value) = fact.value.as_number() else { continue };
        let Some(name) = kb.series_name(fact.subject) else { continue };
        let Some((_, outcome)) = name.labels.iter().find(|(k, _)| is_outcome_label(k)) else { continue };
        let failed = is_failure(outcome);
        if !failed && !is_success(outcome) {
            continue;
        }
        let Some((group_label, group)) = name.labels.iter().find(|(k, _)| !is_outcome_label(k) && !is_time_label(k)) else { continue };
        let found = groups.iter_mut().find(|g| g.metric == name.metric && &g.group_label == group_label && &g.group == group);
        let group_entry = match found {
            Some(g) => g,
            None => {
                groups.push(Group { metric: name.metric.clone(), group_label: group_label.clone(), group: group.clone(), failed: 0.0, total: 0.0, facts: Vec::new() });
                groups.last_mut().expect("just pushed")
            }
        };
        group_entry.total += value;
        if failed {
            group_entry.failed += value;
        }
        group_entry.facts.push(fact);
    }
    let mut metrics: Vec<(&str, &str)> = groups.iter().map(|g| (g.metric.as_str(), g.group_label.as_str())).collect();
    metrics.dedup();
    for (metric, label) in metrics {
        let members: Vec<&Group<'_>> = groups.iter().filter(|g| g.metric == metric && g.group_label == label && g.total > 0.0).collect();
        if members.len() < 2 {
            continue;
        }
        let rate = |g: &Group<'_>| g.failed / g.total;
        let worst = members.iter().max_by(|a, b| rate(a).total_cmp(&rate(b))).expect("two members");
        let best = members.iter().min_by(|a, b| rate(a).total_cmp(&rate(b))).expect("two members");
        let (wr, br) = (rate(worst), rate(best));
        if wr < SKEW_MIN_RATE || (br > 0.0 && wr / br < SKEW_RATIO) {
            continue;
        }
        let ratio = if br > 0.0 { format!("{:.1}x", wr / br) } else { "far".into() };
        let statement = format!(
            "{metric}: {label}=\"{}\" fails {:.1}% of the time, {ratio} more than {label}=\"{}\" ({:.1}%)",
            worst.group,
            wr * 100.0,
            best.group,
            br * 100.0
        );
        let mut rests_on: Vec<FactId> = worst.facts.iter().map(|f| f.id).collect();
        rests_on.extend(best.facts.iter().map(|f| f.id));
        claims.add(
            ClaimKind::ErrorSkew { label: label.to_string(), worst: worst.group.clone(), worst_rate: wr, best: best.group.clone(), best_rate: br },
            statement,
            rests_on,
            worst.facts.first().map(|f| f.subject),
            None,
        );
    }
}

fn is_outcome_label(key: &str) -> bool {
    matches!(key, "status" | "result" | "outcome" | "state" | "code" | "status_code" | "success")
}

fn is_failure(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    ["fail", "error", "timeout", "rejected", "denied", "false"].iter().any(|w| v.contains(w)) || v.starts_with('5')
}

fn is_success(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    ["success", "ok", "succeeded", "delivered", "sent", "true", "completed"].iter().any(|w| v == *w || v.contains(w)) || v.starts_with('2')
}

/// A number rounded to three significant digits, with thousands separators.
pub fn round_sig(n: f64) -> String {
    if n == 0.0 || !n.is_finite() {
        return format!("{n}");
    }
    let magnitude = n.abs().log10().floor() as i32;
    let factor = 10f64.powi(magnitude - 2);
    let rounded = (n / factor).round() * factor;
    if rounded.abs() >= 1000.0 || rounded.fract() == 0.0 {
        group_thousands(rounded.round() as i64)
    } else {
        format!("{rounded}")
    }
}

/// A count as written for people: `48,211`; fractions as they are.
pub fn exact(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { group_thousands(n as i64) } else { format!("{n}") }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::claim::ClaimKind;

    #[test]
    fn series_names_lose_their_time_labels() {
        let name = SeriesName::parse(r#"revenue_usd{date="2024-01-02",region="eu \"w\""}"#);
        assert_eq!(name.label("region"), Some("eu \"w\""));
        assert_eq!(name.without_time(), "revenue_usd{region=\"eu \"w\"\"}");
        assert_eq!(SeriesName::parse("up").without_time(), "up");
    }

    /// The statements of the claims a paste gives, of the kinds `pick` keeps.
    fn claims(paste: &str, pick: fn(&ClaimKind) -> bool) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        crate::infer::derive::derive(&kb).all().iter().filter(|c| pick(&c.kind)).map(|c| c.statement.clone()).collect()
    }

    fn volume(kind: &ClaimKind) -> bool {
        matches!(kind, ClaimKind::Cliff { .. } | ClaimKind::Frozen { .. })
    }

    #[test]
    fn a_jobs_own_counts_form_a_series_run_by_run() {
        // Two nights of the same job: a collapse by three orders of magnitude is a cliff.
        let paste = "Run 1841:\n25/01/26 01:02:39 INFO Agg: wrote 611,208 rows to s3a://lake/x/\n\nRun 1842:\n25/01/27 01:04:31 INFO Agg: wrote 415 rows to s3a://lake/x/\n";
        assert_eq!(claims(paste, volume), ["rows written fell 1472.8x on 2025-01-27: from about 611,000 to about 415"]);
        // Halving between two runs is ordinary variation.
        let paste = "2025-01-26T01:00:00Z INFO wrote 600,000 rows\n2025-01-27T01:00:00Z INFO wrote 120,000 rows\n";
        assert!(claims(paste, volume).is_empty());
        // Reports within one run are one point: its last.
        let paste = "2025-01-27T01:00:00Z INFO wrote 600,000 rows\n2025-01-27T01:10:00Z INFO wrote 415 rows\n";
        assert!(claims(paste, volume).is_empty());
    }

    #[test]
    fn unnamed_lines_a_job_prints_too_are_its_earlier_runs() {
        let job = "$ kubectl -n c logs job/feed-export-29479800\n2026-01-19T02:00:16Z INFO  wrote 38 records to s3://feeds/latest.ndjson (41.2 KiB)\n\n";
        let older = "From the log store, last Wednesday's run:\n2026-01-14T02:01:58Z INFO  wrote 11204 records to s3://feeds/latest.ndjson (38.9 MiB)\n";
        assert_eq!(claims(&format!("{job}{older}"), volume), ["records written by feed-export fell 294.8x on 2026-01-19: from about 11,200 to about 38"]);
        // Lines of a run at the same time are another copy of the job.
        let twin = "From the other region:\n2026-01-19T02:20:16Z INFO  wrote 11204 records to s3://feeds/latest.ndjson (38.9 MiB)\n";
        assert!(claims(&format!("{job}{twin}"), volume).is_empty());
        // Another program's count of the same thing is no earlier run of the job.
        let other = "From the log store:\n2026-01-14T02:01:58Z INFO  uploaded batch: 11204 records written in 3s\n";
        assert!(claims(&format!("{job}{other}"), volume).is_empty());
        assert!(same_template("wrote 38 records to s3://x (41.2 KiB)", "wrote 11204 records to s3://x (38.9 MiB)"));
        assert!(!same_template("wrote 38 records to s3://x", "uploaded batch: 11204 records written in 3s"));
    }

    #[test]
    fn a_large_count_logged_identically_run_after_run_is_frozen() {
        let paste = "$ kubectl logs job/recon-29014350 -n b\n2025-05-13T03:31:50Z INFO exported 186,412 rows\n\n$ kubectl logs job/recon-29015790 -n b\n2025-05-14T03:31:47Z INFO exported 186,412 rows\n";
        assert_eq!(
            claims(paste, volume),
            ["rows exported by recon is exactly 186,412 on 2 consecutive runs (2025-05-13 to 2025-05-14): the input stopped changing"]
        );
        // Spark names each night's driver pod after the run: the nights are still one job.
        let paste = "$ kubectl logs etl-20250609-0300-driver -n b\n25/06/10 03:15:40 INFO Etl: written_rows=412,337\n\n$ kubectl logs etl-20250610-0300-driver -n b\n25/06/11 03:15:58 INFO Etl: written_rows=412,337\n";
        assert_eq!(
            claims(paste, volume),
            ["rows written by etl-driver is exactly 412,337 on 2 consecutive runs (2025-06-10 to 2025-06-11): the input stopped changing"]
        );
        // Three files a night, every night, is just a quiet feed.
        let paste = "2025-05-13T03:31:50Z INFO exported 3 files\n2025-05-14T03:31:47Z INFO exported 3 files\n";
        assert!(claims(paste, volume).is_empty());
    }

    #[test]
    fn failure_counts_by_label_or_name() {
        assert!(counts_failures("Value{status=\"502\"}"));
        assert!(counts_failures("http_errors_total{job=\"api\"}"));
        assert!(!counts_failures("Value{status=\"200\"}"));
        assert!(!counts_failures("rows_loaded"));
        // Fewer rejected or late rows is better data, not less of it.
        assert!(counts_failures("rows_rejected") && counts_failures("Late_rows"));
    }

    #[test]
    fn counts_and_measures_by_name() {
        assert!(measures_something("RowsWritten{Job=\"etl\",statistic=\"SampleCount\"}"));
        assert!(!measures_something("RowsWritten{Job=\"etl\",statistic=\"Sum\"}"));
        assert!(measures_something("cluster_node_count wx-prod"));
        assert!(counts_something("recon_settled_transactions{job=\"x\"}") && counts_something("partner_feed_rows_exported"));
        assert!(!counts_something("queue_depth"));
        assert!(measures_something("backup_size_bytes") && measures_something("job_duration_seconds") && measures_something("up"));
        assert!(!measures_something("admin_logins_total") && !measures_something("rows_upserted"));
        assert!(measures_something("gate_admitted/s") && measures_something("requests_per_second") && measures_something("ingest_rate"));
        // A business day is a time axis, as `date` is.
        let paste = "settled_payments{job=\"r\",business_date=\"2025-05-11\"} 186412\nsettled_payments{job=\"r\",business_date=\"2025-05-12\"} 186412\n";
        assert_eq!(claims(paste, volume), ["settled_payments{job=\"r\"} is exactly 186,412 on 2 consecutive runs (2025-05-11 to 2025-05-12): the input stopped changing"]);
        // A size that stays put is no frozen count.
        let paste = "model_size_bytes{date=\"2025-05-11\"} 186412\nmodel_size_bytes{date=\"2025-05-12\"} 186412\n";
        assert!(claims(paste, volume).is_empty());
    }

    #[test]
    fn a_cliff_is_placed_at_its_first_low_day() {
        let paste = "date,rows\n2025-01-23,598442\n2025-01-24,604918\n2025-01-25,611208\n2025-01-26,415\n2025-01-27,402\n";
        assert_eq!(claims(paste, volume), ["rows fell 1480.8x on 2025-01-26: from about 605,000 to about 409"]);
        // Down to nothing at all, after a tail-off day.
        let paste = "date,rows\n2025-01-23,598442\n2025-01-24,604918\n2025-01-25,36410\n2025-01-26,0\n2025-01-27,0\n";
        assert_eq!(claims(paste, volume), ["rows fell to 0 on 2025-01-26: from about 598,000"]);
        // A handful going to none is no collapse.
        let paste = "date,rows\n2025-01-23,3\n2025-01-24,4\n2025-01-25,0\n2025-01-26,0\n";
        assert!(claims(paste, volume).is_empty());
    }

    #[test]
    fn rounding_for_people() {
        assert_eq!(round_sig(2_913_847.0), "2,910,000");
        assert_eq!(round_sig(14_293.0), "14,300");
        assert_eq!(round_sig(0.0563), "0.0563");
    }
}

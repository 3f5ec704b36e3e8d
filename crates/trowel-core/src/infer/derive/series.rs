//! Claims about metric series: cliffs (a step change by a large factor), frozen counts
//! (the same count on consecutive runs), and error-rate skew across a label.
//!
//! Series are grouped by metric name and labels with the time-axis labels (`date`, `day`,
//! …) taken out, so `revenue{date="…"}` samples form one series over time.

use crate::fact::{Fact, FactId, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::kb::Kb;
use crate::time::Timestamp;

/// Smallest before/after ratio called a cliff.
const CLIFF_RATIO: f64 = 4.0;
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
    matches!(key, "date" | "day" | "time" | "timestamp" | "ts" | "week" | "month" | "hour" | "run_date" | "period")
}

struct Series<'a> {
    name: String,
    points: Vec<(Timestamp, f64, &'a Fact)>,
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

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    let series = timed_series(kb);
    for s in &series {
        cliff(claims, s);
        frozen(kb, claims, s);
    }
    skew(kb, claims);
}

fn median(values: &mut [f64]) -> f64 {
    crate::sort::by(values, f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// The split with the largest before/after ratio where the two sides do not overlap.
fn cliff(claims: &mut Claims, series: &Series<'_>) {
    let points = &series.points;
    if points.len() < 3 {
        return;
    }
    let mut best: Option<(usize, f64, f64, f64)> = None;
    for at in 1..points.len() {
        let (before, after) = points.split_at(at);
        let mut b: Vec<f64> = before.iter().map(|p| p.1).collect();
        let mut a: Vec<f64> = after.iter().map(|p| p.1).collect();
        let (lo_b, hi_b) = (b.iter().copied().fold(f64::MAX, f64::min), b.iter().copied().fold(f64::MIN, f64::max));
        let (lo_a, hi_a) = (a.iter().copied().fold(f64::MAX, f64::min), a.iter().copied().fold(f64::MIN, f64::max));
        let separated = lo_b > hi_a || lo_a > hi_b;
        let (mb, ma) = (median(&mut b), median(&mut a));
        if !separated || mb <= 0.0 || ma <= 0.0 {
            continue;
        }
        let ratio = if mb > ma { mb / ma } else { ma / mb };
        if ratio >= CLIFF_RATIO && best.is_none_or(|(_, r, _, _)| ratio > r) {
            best = Some((at, ratio, mb, ma));
        }
    }
    let Some((at, ratio, before, after)) = best else { return };
    let when = points[at].0;
    let drop = after < before;
    let statement = format!(
        "{} {} {:.1}x on {}: from about {} to about {}",
        series.name,
        if drop { "fell" } else { "rose" },
        ratio,
        when.date(),
        round_sig(before),
        round_sig(after)
    );
    let rests_on = vec![points[at - 1].2.id, points[at].2.id];
    claims.add(
        ClaimKind::Cliff { series: series.name.clone(), ratio, before, after, drop },
        statement,
        rests_on,
        Some(points[at].2.subject),
        Some(when),
    );
}

/// Counts that repeat exactly on consecutive runs; corroborated by logs reporting the same
/// count when they do.
fn frozen(kb: &Kb<'_>, claims: &mut Claims, series: &Series<'_>) {
    if !counts_something(&series.name) {
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
        if runs >= 2 && value != 0.0 && value.fract() == 0.0 {
            let mut rests_on: Vec<FactId> = points[i..j].iter().map(|p| p.2.id).collect();
            let echoed: Vec<&Fact> = kb.with(Predicate::Processed).filter(|f| f.value.as_number() == Some(value)).collect();
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

/// Series whose values are counts of work done, which real traffic never repeats exactly.
fn counts_something(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["record", "row", "count", "processed", "input", "output", "events", "items", "messages", "total", "orders", "lines"]
        .iter()
        .any(|w| lower.contains(w))
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

    #[test]
    fn series_names_lose_their_time_labels() {
        let name = SeriesName::parse(r#"revenue_usd{date="2024-01-02",region="eu \"w\""}"#);
        assert_eq!(name.label("region"), Some("eu \"w\""));
        assert_eq!(name.without_time(), "revenue_usd{region=\"eu \"w\"\"}");
        assert_eq!(SeriesName::parse("up").without_time(), "up");
    }

    #[test]
    fn rounding_for_people() {
        assert_eq!(round_sig(2_913_847.0), "2,910,000");
        assert_eq!(round_sig(14_293.0), "14,300");
        assert_eq!(round_sig(0.0563), "0.0563");
    }
}

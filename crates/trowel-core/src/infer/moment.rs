//! Moments: when a fact places something, either as a point in time the paste states
//! (`2025-03-04T02:00:00Z`) or as seconds before the command that printed it ran (`AGE 3d`,
//! `LAST SCHEDULE 6d`, an event's `48m`), and how two moments compare.
//!
//! Relative moments from different commands of one paste are compared with each other
//! directly (the commands ran minutes apart, while ages are hours or days); a relative moment
//! is compared with a stated time only through the paste's own "now" ([`Kb::now`]), never
//! the wall clock.
//!
//! [`Kb::now`]: super::kb::Kb::now

use crate::fact::{Fact, Predicate, Value};
use crate::time::Timestamp;

/// A point in time as the paste states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Moment {
    At(Timestamp),
    /// Seconds before the output was printed.
    Ago(f64),
}

impl Moment {
    /// When a fact says its subject began: a stated time (`StartedAt`, `CreatedAt`,
    /// `LastScheduled`), a relative one (`Value::Ago`), an object's `AGE` (created that long
    /// ago), an event's first sighting, else the fact's own time (a log line's timestamp).
    pub fn start_of(fact: &Fact) -> Option<Moment> {
        Moment::of(fact, true)
    }

    /// Like [`Moment::start_of`], but an event counts from its last sighting: when something
    /// last happened, as a change event needs.
    pub fn last_of(fact: &Fact) -> Option<Moment> {
        Moment::of(fact, false)
    }

    fn of(fact: &Fact, first: bool) -> Option<Moment> {
        match &fact.value {
            Value::Time(t) => return Some(Moment::At(*t)),
            Value::Ago(seconds) => return Some(Moment::Ago(*seconds)),
            Value::Duration(seconds) if fact.predicate == Predicate::Age => return Some(Moment::Ago(*seconds)),
            Value::Event(e) if fact.time.is_none() => {
                let ago = if first { e.first_seen_ago.or(e.last_seen_ago) } else { e.last_seen_ago.or(e.first_seen_ago) };
                return ago.map(|s| Moment::Ago(s as f64));
            }
            _ => {}
        }
        fact.time.map(Moment::At)
    }

    /// Seconds before `now`: relative moments as printed, stated ones against `now`.
    pub fn seconds_ago(self, now: Option<Timestamp>) -> Option<f64> {
        match self {
            Moment::Ago(seconds) => Some(seconds),
            Moment::At(t) => now.map(|now| t.seconds_until(now)),
        }
    }

    /// How many seconds `self` comes after `other` (negative when before); `None` when one is
    /// relative, the other stated, and the paste has no "now" to relate them.
    pub fn after(self, other: Moment, now: Option<Timestamp>) -> Option<f64> {
        match (self, other) {
            (Moment::At(a), Moment::At(b)) => Some(b.seconds_until(a)),
            (Moment::Ago(a), Moment::Ago(b)) => Some(b - a),
            _ => Some(other.seconds_ago(now)? - self.seconds_ago(now)?),
        }
    }

    /// How far apart two moments must be to be told apart: printed ages are rounded
    /// (`3d` may be 3d0h or 3d0h59m, `12d` any time that day), stated times are exact to
    /// the minute or better.
    pub fn resolution(self, other: Moment) -> f64 {
        let rough = |m: Moment| match m {
            Moment::Ago(seconds) => (seconds * 0.05).max(60.0),
            Moment::At(_) => 60.0,
        };
        rough(self).max(rough(other))
    }

    /// True when `self` is clearly after `other`, beyond what rounding could explain.
    pub fn clearly_after(self, other: Moment, now: Option<Timestamp>) -> bool {
        self.after(other, now).is_some_and(|gap| gap > self.resolution(other))
    }

    /// The moment in words: `at 2025-03-04T02:00:00Z` or `3.0 d ago`.
    pub fn words(self) -> String {
        match self {
            Moment::At(t) => format!("at {t}"),
            Moment::Ago(seconds) => format!("{} ago", crate::infer::derive::gitops::human_duration(seconds)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Moment {
        Moment::At(crate::time::parse_iso_prefix(text).expect("a timestamp").time)
    }

    #[test]
    fn relative_moments_compare_with_each_other_without_a_now() {
        let secret = Moment::Ago(7_200.0);
        let pod = Moment::Ago(3.0 * 86_400.0);
        assert_eq!(secret.after(pod, None), Some(3.0 * 86_400.0 - 7_200.0));
        assert!(secret.clearly_after(pod, None));
        assert!(!pod.clearly_after(secret, None));
    }

    #[test]
    fn stated_and_relative_moments_meet_at_the_pastes_now() {
        let now = crate::time::parse_iso_prefix("2025-03-04T10:00:00Z").map(|p| p.time);
        let rotated = at("2025-03-04T02:00:00Z");
        let pod = Moment::Ago(86_400.0);
        assert_eq!(rotated.after(pod, now), Some(16.0 * 3_600.0));
        assert_eq!(rotated.after(pod, None), None);
    }

    #[test]
    fn rounded_ages_are_not_told_apart() {
        // `12d` and `12d` plus a few hours are the same printed age.
        assert!(!Moment::Ago(12.0 * 86_400.0).clearly_after(Moment::Ago(12.2 * 86_400.0), None));
        assert!(at("2025-03-04T02:05:00Z").clearly_after(at("2025-03-04T02:00:00Z"), None));
    }
}

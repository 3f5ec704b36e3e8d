//! Cron schedules as Kubernetes CronJobs write them: the five-field form (`15 7 * * 1-5`)
//! with `*`, lists, ranges, steps and month/weekday names, the `@daily`-style shorthands, and
//! an optional `CRON_TZ=`/`TZ=` prefix; and the seconds-first six-field form of Spring and
//! Quartz (`0 30 1 * * ?`), read to the minute.
//!
//! Two questions are answered: when a schedule fires next after a given time, and the longest
//! it ever waits between two runs. The second needs no time zone and no "now", so it can judge
//! a relative `LAST SCHEDULE 6d` on its own. Day-of-month and weekday combine as the Kubernetes
//! controller (robfig/cron) combines them: when either field is `*`, both must match; when
//! both are restricted, either may.

use crate::time::Timestamp;
use jiff::civil::{Date, DateTime};

/// A parsed schedule: one bit per allowed value of each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    minutes: u64,
    hours: u32,
    /// Bits 1..=31.
    days: u32,
    /// Bits 1..=12.
    months: u16,
    /// Bit 0 is Sunday.
    weekdays: u8,
    days_star: bool,
    weekdays_star: bool,
    /// The zone a `CRON_TZ=`/`TZ=` prefix names, as written.
    pub zone: Option<String>,
}

/// Days searched ahead for the next run, and spanned to find the longest gap: five years
/// cover every leap-day and weekday pattern a schedule can express.
const HORIZON_DAYS: i64 = 5 * 366;

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

impl Schedule {
    /// Reads a schedule; `None` for anything that is not one (`@every`, values out of range,
    /// a seconds-first form with a numbered weekday, whose numbering is Quartz's or cron's).
    pub fn parse(text: &str) -> Option<Schedule> {
        let mut text = text.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        let mut zone = None;
        if let Some(rest) = text.strip_prefix("CRON_TZ=").or_else(|| text.strip_prefix("TZ=")) {
            let (z, schedule) = rest.split_once(char::is_whitespace)?;
            zone = Some(z.to_string());
            text = schedule.trim();
        }
        let expanded = match text.to_ascii_lowercase().as_str() {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ if text.starts_with('@') => return None,
            _ => text,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        let (minute, hour, day, month, weekday) = match fields.as_slice() {
            [minute, hour, day, month, weekday] => (*minute, *hour, *day, *month, *weekday),
            // Spring and Quartz put seconds first (and Quartz may add a year): `0 30 1 * * *`.
            // Quartz writes `?` for "no specific value" and numbers weekdays 1–7 from Sunday
            // where cron numbers them 0–6, so a numbered weekday there is not read.
            [second, minute, hour, day, month, weekday, ..] if fields.len() <= 7 => {
                field(second, 0, 59, &[])?;
                let weekday = unspecified(weekday);
                if weekday.bytes().any(|b| b.is_ascii_digit()) {
                    return None;
                }
                (*minute, *hour, unspecified(day), *month, weekday)
            }
            _ => return None,
        };
        let (minutes, _) = field(minute, 0, 59, &[])?;
        let (hours, _) = field(hour, 0, 23, &[])?;
        let (days, days_star) = field(day, 1, 31, &[])?;
        let (months, _) = field(month, 1, 12, &MONTHS)?;
        let (weekdays, weekdays_star) = field(weekday, 0, 7, &WEEKDAYS)?;
        // Sunday is both 0 and 7.
        let weekdays = (weekdays | (weekdays >> 7)) & 0x7f;
        Some(Schedule {
            minutes,
            hours: hours as u32,
            days: days as u32,
            months: months as u16,
            weekdays: weekdays as u8,
            days_star,
            weekdays_star,
            zone,
        })
    }

    /// True when the schedule names a zone other than UTC, so stated UTC times may be off by
    /// its offset.
    pub fn zoned(&self) -> bool {
        self.zone.as_deref().is_some_and(|z| !matches!(z, "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Z"))
    }

    fn matches_day(&self, date: Date) -> bool {
        if self.months & (1 << date.month()) == 0 {
            return false;
        }
        let day = self.days & (1 << date.day()) != 0;
        let weekday = self.weekdays & (1 << date.weekday().to_sunday_zero_offset()) != 0;
        if self.days_star || self.weekdays_star {
            day && weekday
        } else {
            day || weekday
        }
    }

    /// Minutes after midnight at which the schedule fires on a matching day, in order.
    fn times(&self) -> impl Iterator<Item = i64> + '_ {
        (0..24).filter(move |h| self.hours & (1 << h) != 0).flat_map(move |h| {
            (0..60).filter(move |m| self.minutes & (1u64 << m) != 0).map(move |m| i64::from(h) * 60 + i64::from(m))
        })
    }

    /// The first run strictly after `after`, reading the schedule in UTC.
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let start = jiff::Timestamp::from_millisecond(after.0).ok()?.to_zoned(jiff::tz::TimeZone::UTC).datetime();
        let from_minute = i64::from(start.hour()) * 60 + i64::from(start.minute());
        let mut date = start.date();
        for day in 0..HORIZON_DAYS {
            if self.matches_day(date) {
                let first = self.times().find(|t| day > 0 || *t > from_minute);
                if let Some(minute) = first {
                    let time = jiff::civil::Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).ok()?;
                    let zoned = DateTime::from_parts(date, time).to_zoned(jiff::tz::TimeZone::UTC).ok()?;
                    return Some(Timestamp(zoned.timestamp().as_millisecond()));
                }
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// How many runs fall strictly after `from` and at or before `to`, counting at most `cap`.
    pub fn runs_between(&self, from: Timestamp, to: Timestamp, cap: usize) -> usize {
        let mut count = 0;
        let mut at = from;
        while count < cap {
            match self.next_after(at) {
                Some(next) if next <= to => {
                    count += 1;
                    at = next;
                }
                _ => break,
            }
        }
        count
    }

    /// The longest the schedule ever waits between two runs, in seconds; `None` when it
    /// never fires (`0 0 30 2 *`).
    pub fn longest_gap(&self) -> Option<f64> {
        let times: Vec<i64> = self.times().collect();
        let (first, last) = (*times.first()?, *times.last()?);
        let mut longest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        let mut date = Date::new(2024, 1, 1).ok()?;
        let mut previous: Option<i64> = None;
        let mut matching_days = 0;
        for day in 0..HORIZON_DAYS {
            if self.matches_day(date) {
                if let Some(before) = previous {
                    longest = longest.max((day - before) * 1440 + first - last);
                }
                previous = Some(day);
                matching_days += 1;
            }
            date = date.tomorrow().ok()?;
        }
        match matching_days {
            0 => None,
            // A schedule firing on one day in the whole horizon waits at least that long.
            1 => Some(HORIZON_DAYS as f64 * 86_400.0),
            _ => Some(longest as f64 * 60.0),
        }
    }
}

/// One field: a comma list of `*`, `?`, `N`, `N-M`, with `/step`; names where given. Also
/// whether it is a bare `*` (or `?`), which matters for how day and weekday combine.
/// Quartz's `?` ("no specific value") as cron's `*`.
fn unspecified(field: &str) -> &str {
    if field == "?" { "*" } else { field }
}

fn field(text: &str, min: u32, max: u32, names: &[&str]) -> Option<(u64, bool)> {
    let mut bits = 0u64;
    let mut star = false;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => (range, step.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (part, 1),
        };
        let (low, high) = if range == "*" || range == "?" {
            star |= step == 1;
            (min, max)
        } else if let Some((low, high)) = range.split_once('-') {
            (value(low, min, names)?, value(high, min, names)?)
        } else {
            let low = value(range, min, names)?;
            // `5/15` runs from 5 to the end of the range.
            (low, if part.contains('/') { max } else { low })
        };
        if low < min || high > max || low > high {
            return None;
        }
        let mut v = low;
        while v <= high {
            bits |= 1 << v;
            v += step;
        }
    }
    Some((bits, star))
}

/// A number or a name (`mon`, `JAN`) in a field; names count from `min`.
fn value(text: &str, min: u32, names: &[&str]) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    let lower = text.to_ascii_lowercase();
    names.iter().position(|n| *n == lower).map(|i| i as u32 + min)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        crate::time::parse_iso_prefix(text).expect("a timestamp").time
    }

    #[test]
    fn next_run_after_a_time() {
        let weekdays = Schedule::parse("15 7 * * 1-5").unwrap();
        // Friday 07:15 → Monday 07:15.
        assert_eq!(weekdays.next_after(at("2025-02-21T07:15:00Z")), Some(at("2025-02-24T07:15:00Z")));
        assert_eq!(weekdays.next_after(at("2025-02-24T07:14:59Z")), Some(at("2025-02-24T07:15:00Z")));
        let quarter = Schedule::parse("*/15 6-22 * * MON-FRI").unwrap();
        assert_eq!(quarter.next_after(at("2025-02-24T22:45:00Z")), Some(at("2025-02-25T06:00:00Z")));
        assert_eq!(Schedule::parse("@monthly").unwrap().next_after(at("2025-02-24T00:00:00Z")), Some(at("2025-03-01T00:00:00Z")));
    }

    #[test]
    fn seconds_first_forms_are_read_to_the_minute() {
        let spring = Schedule::parse("0 30 1 * * *").unwrap();
        assert_eq!(spring, Schedule::parse("30 1 * * *").unwrap());
        assert_eq!(Schedule::parse("0 0 2 ? * MON-FRI"), Schedule::parse("0 2 * * MON-FRI"));
        assert_eq!(Schedule::parse("0 15 10 ? * * 2026"), Schedule::parse("15 10 * * *"));
        // Quartz numbers weekdays from 1 = Sunday: a numbered one is not guessed.
        assert_eq!(Schedule::parse("0 0 2 ? * 2-6"), None);
        assert_eq!(Schedule::parse("61 30 1 * * *"), None);
        assert_eq!(Schedule::parse("0 0 * * * *"), Schedule::parse("0 * * * *"), "Spring's hourly");
        assert_eq!(Schedule::parse("0 0 1 1 * * * *"), None);
    }

    #[test]
    fn longest_wait_between_runs() {
        let gap = |s: &str| Schedule::parse(s).and_then(|s| s.longest_gap()).map(|g| g / 3600.0);
        assert_eq!(gap("0 * * * *"), Some(1.0));
        assert_eq!(gap("30 2 * * *"), Some(24.0));
        assert_eq!(gap("15 7 * * 1-5"), Some(72.0));
        assert_eq!(gap("*/15 6-22 * * MON-FRI"), Some(55.25));
        assert_eq!(gap("@weekly"), Some(168.0));
        assert_eq!(gap("0 0 1 */3 *"), Some(92.0 * 24.0));
        assert_eq!(gap("0 0 30 2 *"), None);
    }

    #[test]
    fn day_and_weekday_combine_like_the_controller() {
        // Both restricted: the 13th or any Friday.
        let either = Schedule::parse("0 0 13 * 5").unwrap();
        assert_eq!(either.next_after(at("2025-06-10T00:00:00Z")), Some(at("2025-06-13T00:00:00Z")));
        assert_eq!(either.next_after(at("2025-06-13T00:00:00Z")), Some(at("2025-06-20T00:00:00Z")));
        // Sunday as 7.
        assert_eq!(Schedule::parse("0 9 * * 7").unwrap().next_after(at("2025-06-10T00:00:00Z")), Some(at("2025-06-15T09:00:00Z")));
    }

    #[test]
    fn zones_and_refusals() {
        let zoned = Schedule::parse("CRON_TZ=Europe/Berlin 0 3 * * *").unwrap();
        assert!(zoned.zoned());
        assert!(!Schedule::parse("TZ=UTC 0 3 * * *").unwrap().zoned());
        for bad in ["0 0 * *", "61 * * * *", "@every 1h", "5-2 * * * *", "*/0 * * * *", ""] {
            assert_eq!(Schedule::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn runs_in_a_window_are_counted_up_to_a_cap() {
        let hourly = Schedule::parse("@hourly").unwrap();
        assert_eq!(hourly.runs_between(at("2025-01-01T00:00:00Z"), at("2025-01-01T05:00:00Z"), 100), 5);
        assert_eq!(hourly.runs_between(at("2025-01-01T00:00:00Z"), at("2025-02-01T00:00:00Z"), 10), 10);
    }
}

//! Readers for the values ops tools print in table cells and `describe` fields: kubectl's
//! human durations (`45d`, `4m12s`, `2d3h`) and Go durations (`1h0m0s`, `300ms`), ratios
//! (`3/3`), restart counts (`4 (2m ago)`), event ages (`2m (x3 over 10m)`), Kubernetes
//! quantities (`250m`, `512Mi`), percentages, booleans, `key=value` lists and the dates helm,
//! argocd and `kubectl describe` print. Each returns `None` for text it does not recognise;
//! none of them allocates.

use crate::fact::Quantity;
use crate::time::{parse_iso_prefix, Timestamp};
use crate::number::parse_f64;

/// Seconds in a duration as kubectl (`45d`, `4m12s`, `3y42d`) or Go (`1h0m0.5s`, `300ms`)
/// prints it. The whole text must be a duration.
pub fn duration(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let number = parse_f64(text.get(start..i)?)?;
        let unit_start = i;
        while i < b.len() && !b[i].is_ascii_digit() && b[i] != b'.' {
            i += 1;
        }
        let seconds = match text.get(unit_start..i)? {
            "y" => 365.0 * 86_400.0,
            "d" => 86_400.0,
            "h" => 3_600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number * seconds;
    }
    Some(total)
}

/// The placeholders tools print where a value is unknown or absent.
pub fn is_placeholder(text: &str) -> bool {
    // Consoles print an empty cell as a dash, often a typographic one (Rancher's `—`).
    matches!(text, "<none>" | "<unknown>" | "<invalid>" | "<nil>" | "<pending>" | "n/a" | "N/A" | "-" | "—" | "–")
}

/// An event's age as `describe` and `kubectl events` print it: `2m`, or `2m (x3 over 10m)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventAge {
    /// Seconds since the event was last seen (`None` for `<unknown>`).
    pub last: Option<f64>,
    pub count: Option<u32>,
    /// Seconds since the event was first seen.
    pub first: Option<f64>,
}

pub fn event_age(text: &str) -> Option<EventAge> {
    if let Some(seconds) = spoken_age(text) {
        return Some(EventAge { last: Some(seconds), count: None, first: None });
    }
    let (head, rest) = match text.split_once(' ') {
        Some((head, rest)) => (head, Some(rest.trim())),
        None => (text, None),
    };
    let last = if is_placeholder(head) { None } else { Some(duration(head)?) };
    let Some(rest) = rest else { return Some(EventAge { last, count: None, first: None }) };
    // Lens words an age in two parts (`2d 6h`).
    if let (Some(last), Some(more)) = (last, duration(rest).filter(|_| !rest.starts_with('('))) {
        return Some(EventAge { last: Some(last + more), count: None, first: None });
    }
    let inner = rest.strip_prefix("(x")?.strip_suffix(')')?;
    let (count, over) = inner.split_once(" over ")?;
    Some(EventAge { last, count: Some(count.trim().parse().ok()?), first: Some(duration(over.trim())?) })
}

/// An age as a web console words it: `2 minutes ago`, `41 min ago`, `an hour ago`, `3 days`,
/// `6 min 15 sec`; seconds. None for kubectl's own forms (`2m`), which [`duration`] reads.
pub fn spoken_age(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text.strip_suffix(" ago").unwrap_or(text).trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || !words.len().is_multiple_of(2) {
        return None;
    }
    let mut total = 0.0;
    for pair in words.chunks(2) {
        let amount = match pair[0] {
            "a" | "an" => 1.0,
            n => number(n)?,
        };
        let unit = pair[1].to_ascii_lowercase();
        let seconds = match unit.trim_end_matches('s') {
            "sec" | "second" => 1.0,
            "min" | "minute" => 60.0,
            "hr" | "hour" => 3_600.0,
            "day" => 86_400.0,
            "week" | "wk" => 7.0 * 86_400.0,
            "month" | "mo" => 30.0 * 86_400.0,
            "year" | "yr" => 365.0 * 86_400.0,
            _ => return None,
        };
        total += amount * seconds;
    }
    Some(total)
}

/// `3/3`, `0/1`: numerator and denominator.
pub fn ratio(text: &str) -> Option<(f64, f64)> {
    let (num, den) = text.split_once('/')?;
    Some((number(num)?, number(den)?))
}

/// A plain number, allowing thousands separators (`48,211`).
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit() || c == b'.' || c == b',' || c == b'-') {
        return None;
    }
    if text.contains(',') {
        return parse_f64(&text.replace(',', ""));
    }
    parse_f64(text)
}

/// A RESTARTS cell: the count, and how long ago the last restart was when kubectl says
/// (`4 (2m ago)`).
pub fn restarts(text: &str) -> Option<(f64, Option<f64>)> {
    let (count, rest) = match text.split_once(' ') {
        Some((count, rest)) => (count, Some(rest.trim())),
        None => (text, None),
    };
    let count = number(count)?;
    let Some(rest) = rest else { return Some((count, None)) };
    let ago = rest.strip_prefix('(')?.strip_suffix(')')?.strip_suffix(" ago")?;
    Some((count, Some(duration(ago.trim())?)))
}

/// A Kubernetes quantity (`250m`, `1.5`, `512Mi`, `2G`, `128974848`) in base units: cores
/// for CPU, bytes for memory.
pub fn quantity(text: &str) -> Option<Quantity> {
    let text = text.trim();
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits_end);
    let number = parse_f64(number)?;
    // Fractions divide rather than multiply, so `948m` is 0.948 and not 0.9480000000000001.
    let divisor = match suffix {
        "n" => 1e9,
        "u" => 1e6,
        "m" => 1e3,
        _ => 1.0,
    };
    let scale = match suffix {
        "" | "n" | "u" | "m" => 1.0,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Pi" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        "Ei" => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(Quantity { text: text.to_string(), value: number * scale / divisor })
}

/// `92%` or `(92%)`: the percentage as a number.
pub fn percent(text: &str) -> Option<f64> {
    let text = text.trim().trim_start_matches('(').trim_end_matches(')');
    number(text.strip_suffix('%')?)
}

/// `True`/`False` in any case.
pub fn boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The `key=value` items of a label or selector list (`app=web,tier=api`); items that are not
/// equalities (`env in (a,b)`, `<none>`) are skipped.
pub fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(',').filter_map(|item| {
        let (key, value) = item.trim().split_once('=')?;
        (!key.is_empty() && !key.ends_with('!')).then_some((key, value))
    })
}

/// A printed date: RFC 3339 (`2024-11-20T09:15:03Z`), Go's default (`2024-11-18
/// 10:02:11.123 +0000 UTC`, helm list and argocd), RFC 1123 (`Tue, 19 Nov 2024 09:40:11
/// +0000`, kubectl describe), ANSI C (`Mon Nov 18 10:02:11 2024`, helm history) or a
/// browser's locale date on a cloud console (`10/31/2025, 9:58:14 PM`). Text without a zone
/// is read as UTC.
pub fn stamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Some(time) = console_stamp(text) {
        return Some(time);
    }
    if let Some(parsed) = parse_iso_prefix(text) {
        let rest = text[parsed.len..].trim();
        let mut words = rest.split_whitespace();
        let offset = match words.next() {
            None => return Some(parsed.time),
            Some(zone) if is_utc(zone) => 0,
            Some(offset) => zone_offset(offset)?,
        };
        return match words.next() {
            None => Some(shift(parsed.time, offset)),
            Some(_) if words.next().is_none() => Some(shift(parsed.time, offset)),
            Some(_) => None,
        };
    }
    named_month_stamp(text)
}

/// RFC 1123 and ANSI C dates, which name the month: the words are read by shape, so the
/// weekday is optional and the zone may be an offset or `UTC`/`GMT`.
fn named_month_stamp(text: &str) -> Option<Timestamp> {
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut clock = None;
    let mut offset = 0;
    for word in text.split_whitespace() {
        let word = word.trim_end_matches(',');
        if let Some(m) = month_number(word) {
            month = Some(m);
        } else if word.len() == 3 && WEEKDAYS.contains(&word) || is_utc(word) {
        } else if word.contains(':') {
            clock = Some(word);
        } else if let Some(off) = zone_offset(word) {
            offset = off;
        } else if word.len() == 4 && word.bytes().all(|c| c.is_ascii_digit()) {
            year = word.parse::<i16>().ok();
        } else if word.len() <= 2 && word.bytes().all(|c| c.is_ascii_digit()) {
            day = word.parse::<i8>().ok();
        } else {
            return None;
        }
    }
    let mut parts = clock?.split(':');
    let hour = parts.next()?.parse::<i8>().ok()?;
    let minute = parts.next()?.parse::<i8>().ok()?;
    let second = match parts.next() {
        Some(s) => s.split('.').next()?.parse::<i8>().ok()?,
        None => 0,
    };
    Timestamp::from_parts(year?, month?, day?, hour, minute, second, 0, offset)
}

/// A date as a browser prints it for its locale, the way cloud consoles show times:
/// `10/31/2025, 9:58:14 PM` (en-US: month first, 12-hour clock) or `31/10/2025, 21:58:14`
/// (en-GB: day first). A 12-hour clock means month first; without one the day comes first
/// unless the second number cannot be a month.
fn console_stamp(text: &str) -> Option<Timestamp> {
    let (date, clock) = text.split_once(',').or_else(|| text.split_once(' '))?;
    let numbers: Vec<i16> = date.trim().split('/').map(|n| n.parse::<i16>().ok()).collect::<Option<_>>()?;
    let [first, second, year] = numbers[..] else { return None };
    let mut words = clock.split_whitespace();
    let mut parts = words.next()?.split(':');
    let mut hour = parts.next()?.parse::<i8>().ok()?;
    let minute = parts.next()?.parse::<i8>().ok()?;
    let second_of_minute = parts.next().map_or(Some(0), |s| s.parse::<i8>().ok())?;
    let meridiem = match words.next() {
        None => None,
        Some(word) if word.eq_ignore_ascii_case("AM") => Some(false),
        Some(word) if word.eq_ignore_ascii_case("PM") => Some(true),
        Some(_) => return None,
    };
    if words.next().is_some() || year < 1970 {
        return None;
    }
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    let month_first = meridiem.is_some() && first <= 12 || second > 12;
    let (month, day) = if month_first { (first, second) } else { (second, first) };
    Timestamp::from_parts(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?, hour, minute, second_of_minute, 0, 0)
}

const WEEKDAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn month_number(word: &str) -> Option<i8> {
    const MONTHS: &[&str] = &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|m| *m == word).map(|i| i as i8 + 1)
}

fn is_utc(word: &str) -> bool {
    matches!(word, "UTC" | "GMT" | "Z")
}

/// `+0000`, `-05:00`: the offset in seconds.
fn zone_offset(word: &str) -> Option<i32> {
    let sign = match word.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = word[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

/// A wall-clock time read as UTC, moved to the true instant given its zone offset.
fn shift(time: Timestamp, offset_seconds: i32) -> Timestamp {
    Timestamp(time.0 - i64::from(offset_seconds) * 1000)
}

/// `kind/name` or `kind.group/name` (`deployment.apps/web`, `pod/web-1`): the kind word
/// (group dropped) and the name.
pub fn kind_and_name(text: &str) -> Option<(&str, &str)> {
    let (kind, name) = text.split_once('/')?;
    let kind = kind.split('.').next().unwrap_or(kind);
    (!kind.is_empty() && !name.is_empty() && !name.contains('/') && kind.bytes().all(|c| c.is_ascii_alphabetic()))
        .then_some((kind, name))
}

/// An object as a console's events table names it (Rancher `Pod web-1`, Lens `Pod: web-1`):
/// a capitalised kind word, then the name alone; or `kind/name` as kubectl prints it.
pub fn console_object(text: &str) -> Option<(&str, &str)> {
    if let Some(found) = kind_and_name(text) {
        return Some(found);
    }
    let (kind, name) = text.split_once(' ')?;
    let kind = kind.strip_suffix(':').unwrap_or(kind);
    let name = name.trim();
    let capitalised = kind.starts_with(|c: char| c.is_ascii_uppercase()) && kind.bytes().all(|c| c.is_ascii_alphabetic());
    (capitalised && !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains('/')).then_some((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_console_shows_dates_in_the_browser_locale() {
        let at = |text: &str| stamp(text).map(|t| crate::time::Timestamp::from_parts(2025, 10, 31, 21, 58, 14, 0, 0) == Some(t));
        assert_eq!(at("10/31/2025, 9:58:14 PM"), Some(true));
        assert_eq!(at("31/10/2025, 21:58:14"), Some(true));
        assert_eq!(stamp("10/31/2025, 12:05:00 AM"), crate::time::Timestamp::from_parts(2025, 10, 31, 0, 5, 0, 0, 0));
        assert_eq!(stamp("1/2/2025, 13:00 PM"), None);
        assert_eq!(stamp("3/4 done, 5 left"), None);
    }

    #[test]
    fn durations_in_kubectl_and_go_forms() {
        assert_eq!(duration("45d"), Some(45.0 * 86_400.0));
        assert_eq!(duration("4m12s"), Some(252.0));
        assert_eq!(duration("4m08s"), Some(248.0));
        assert_eq!(duration("25h"), Some(90_000.0));
        assert_eq!(duration("2d3h"), Some(2.0 * 86_400.0 + 3.0 * 3_600.0));
        assert_eq!(duration("3y42d"), Some((3.0 * 365.0 + 42.0) * 86_400.0));
        assert_eq!(duration("1h0m0.5s"), Some(3_600.5));
        assert_eq!(duration("300ms"), Some(0.3));
        assert_eq!(duration("0s"), Some(0.0));
        for bad in ["", "d", "45", "4x", "<none>", "1h 2m", "-5m", "4m12"] {
            assert_eq!(duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn event_ages_restarts_and_ratios() {
        assert_eq!(event_age("2m (x3 over 10m)"), Some(EventAge { last: Some(120.0), count: Some(3), first: Some(600.0) }));
        assert_eq!(event_age("2d 6h"), Some(EventAge { last: Some(194_400.0), count: None, first: None }));
        assert_eq!(event_age("45s"), Some(EventAge { last: Some(45.0), count: None, first: None }));
        assert_eq!(event_age("<unknown>").map(|a| a.last), Some(None));
        assert_eq!(event_age("2m (3 over)"), None);
        assert_eq!(restarts("4 (2m ago)"), Some((4.0, Some(120.0))));
        assert_eq!(restarts("0"), Some((0.0, None)));
        assert_eq!(restarts("four"), None);
        assert_eq!(ratio("3/3"), Some((3.0, 3.0)));
        assert_eq!(ratio("3/"), None);
    }

    #[test]
    fn quantities_in_base_units() {
        assert_eq!(quantity("250m").map(|q| q.value), Some(0.25));
        assert_eq!(quantity("512Mi").map(|q| q.value), Some(512.0 * 1024.0 * 1024.0));
        assert_eq!(quantity("2G").map(|q| q.value), Some(2e9));
        assert_eq!(quantity("3").map(|q| q.value), Some(3.0));
        assert_eq!(quantity("12 cores"), None);
        assert_eq!(percent("(92%)"), Some(92.0));
    }

    #[test]
    fn dates_in_every_printed_form() {
        let at = |text| stamp(text).map(|t| t.to_string());
        assert_eq!(at("2024-11-20T09:15:03Z").as_deref(), Some("2024-11-20T09:15:03Z"));
        assert_eq!(at("2024-11-18 10:02:11.123456 +0000 UTC").as_deref(), Some("2024-11-18T10:02:11.123Z"));
        assert_eq!(at("2024-11-18 10:02:11 -0500 EST").as_deref(), Some("2024-11-18T15:02:11Z"));
        assert_eq!(at("Tue, 19 Nov 2024 09:40:11 +0000").as_deref(), Some("2024-11-19T09:40:11Z"));
        assert_eq!(at("Mon Nov 18 10:02:11 2024").as_deref(), Some("2024-11-18T10:02:11Z"));
        assert_eq!(at("Mon Nov  4 10:02:11 UTC 2024").as_deref(), Some("2024-11-04T10:02:11Z"));
        assert_eq!(at("deployed"), None);
        assert_eq!(at("Nov 18 2024"), None);
    }

    #[test]
    fn labels_and_object_references() {
        assert_eq!(pairs("app=web,tier=api").collect::<Vec<_>>(), [("app", "web"), ("tier", "api")]);
        assert_eq!(pairs("<none>").count(), 0);
        assert_eq!(kind_and_name("deployment.apps/web"), Some(("deployment", "web")));
        assert_eq!(kind_and_name("pod/web-1"), Some(("pod", "web-1")));
        assert_eq!(kind_and_name("https://x/y"), None);
        assert_eq!(console_object("Pod api-7d9f8c6b5-x2k4q"), Some(("Pod", "api-7d9f8c6b5-x2k4q")));
        assert_eq!(console_object("Node: worker-3.internal"), Some(("Node", "worker-3.internal")));
        assert_eq!(console_object("Deployment web"), Some(("Deployment", "web")));
        assert_eq!(console_object("pod/web-1"), Some(("pod", "web-1")));
        assert_eq!(console_object("Scaled up replica set"), None);
    }

    #[test]
    fn a_console_words_ages() {
        assert_eq!(super::spoken_age("2 minutes ago"), Some(120.0));
        assert_eq!(super::spoken_age("41 min ago"), Some(2460.0));
        assert_eq!(super::spoken_age("an hour ago"), Some(3600.0));
        assert_eq!(super::spoken_age("6 min 15 sec"), Some(375.0));
        assert_eq!(super::spoken_age("3 days"), Some(259_200.0));
        assert_eq!(super::spoken_age("2m"), None);
        assert_eq!(super::spoken_age("4 replicas"), None);
        assert_eq!(super::event_age("41 min ago").and_then(|a| a.last), Some(2460.0));
    }

}

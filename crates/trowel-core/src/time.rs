//! Points in time as the paste states them, and the parser for the textual forms ops tools print.
//!
//! A [`Timestamp`] is UTC milliseconds. Text without a zone (`2024-12-10 06:00:04`) is read as
//! UTC, which is what Kubernetes, CI systems and most log pipelines print. A date alone
//! (`2024-12-08`, a Prometheus `date` label) is midnight of that day with [`Precision::Day`].
//! Calendar arithmetic is jiff's; recognising where a timestamp starts in a line is ours.

use serde::{Serialize, Serializer};
use std::fmt;

/// UTC milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

/// How finely a timestamp was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Second,
}

impl Timestamp {
    /// A UTC timestamp from civil parts and the offset they were written in; `None` for
    /// dates and times that do not exist (`2024-02-30`, `25:00`).
    ///
    /// This runs for every log line, so it is plain arithmetic (days from the civil date, as
    /// in Howard Hinnant's `days_from_civil`) rather than a trip through a calendar library;
    /// `tests::agrees_with_jiff` checks it against jiff.
    pub fn from_parts(year: i16, month: i8, day: i8, hour: i8, minute: i8, second: i8, millis: i32, offset_seconds: i32) -> Option<Timestamp> {
        let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1..=month_days).contains(&d)
            && (0..24).contains(&hour)
            && (0..60).contains(&minute)
            && (0..=60).contains(&second)
            && (0..1000).contains(&millis)
            && offset_seconds.abs() < 86_400;
        if !valid {
            return None;
        }
        let yy = if m <= 2 { y - 1 } else { y };
        let era = yy.div_euclid(400);
        let year_of_era = yy - era * 400;
        let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        let seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second.min(59)) - i64::from(offset_seconds);
        Some(Timestamp(seconds * 1000 + i64::from(millis)))
    }

    pub fn from_date(year: i16, month: i8, day: i8) -> Option<Timestamp> {
        Timestamp::from_parts(year, month, day, 0, 0, 0, 0, 0)
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    pub fn seconds_until(self, later: Timestamp) -> f64 {
        (later.0 - self.0) as f64 / 1000.0
    }

    /// The date part, `YYYY-MM-DD`.
    pub fn date(self) -> String {
        let mut text = self.to_string();
        text.truncate(10);
        text
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match jiff::Timestamp::from_millisecond(self.0) {
            Ok(ts) => write!(f, "{ts}"),
            Err(_) => write!(f, "@{}ms", self.0),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A timestamp recognised at the start of a text, and how many bytes it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    pub time: Timestamp,
    pub len: usize,
    pub precision: Precision,
}

/// Reads an ISO-8601 / RFC 3339 timestamp or date at the start of `text`:
/// `2024-11-20T09:15:03Z`, `2024-11-20 09:15:03.123+02:00`, `2024/11/20 09:15:03`, `2024-12-08`.
pub fn parse_iso_prefix(text: &str) -> Option<Parsed> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    let sep = *b.get(4)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let month = digits(b, 5, 2)?;
    if b.get(7) != Some(&sep) {
        return None;
    }
    let day = digits(b, 8, 2)?;
    let date_only = |len| {
        Timestamp::from_date(year as i16, month as i8, day as i8).map(|time| Parsed { time, len, precision: Precision::Day })
    };
    let has_time = matches!(b.get(10), Some(b'T' | b't' | b' ' | b'_'))
        && b.get(11).is_some_and(u8::is_ascii_digit)
        && b.get(13) == Some(&b':');
    if !has_time {
        // A date must not run on into more digits (`2024-12-081` is not a date).
        return match b.get(10) {
            Some(c) if c.is_ascii_alphanumeric() => None,
            _ => date_only(10),
        };
    }
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let (second, mut pos) = if b.get(16) == Some(&b':') { (digits(b, 17, 2)?, 19) } else { (0, 16) };
    let mut millis = 0;
    if matches!(b.get(pos), Some(b'.' | b',')) && b.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        let start = pos + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let frac = &text[start..(start + 3).min(end)];
        millis = frac.parse::<i32>().ok()? * 10_i32.pow(3 - frac.len() as u32);
        pos = end;
    }
    let mut offset = 0;
    match b.get(pos) {
        Some(b'Z' | b'z') => pos += 1,
        Some(&sign @ (b'+' | b'-')) if b.get(pos + 1).is_some_and(u8::is_ascii_digit) => {
            let hours = digits(b, pos + 1, 2)?;
            let (minutes, len) = match b.get(pos + 3) {
                Some(b':') => (digits(b, pos + 4, 2)?, 6),
                Some(c) if c.is_ascii_digit() => (digits(b, pos + 3, 2)?, 5),
                _ => (0, 3),
            };
            offset = (hours * 3600 + minutes * 60) as i32 * if sign == b'-' { -1 } else { 1 };
            pos += len;
        }
        _ => {}
    }
    let time = Timestamp::from_parts(year as i16, month as i8, day as i8, hour as i8, minute as i8, second as i8, millis, offset)?;
    Some(Parsed { time, len: pos, precision: Precision::Second })
}

/// Reads the timestamp a log line starts with, in the forms logging frameworks print besides
/// ISO 8601: Airflow's `2025-03-12, 02:00:14 UTC`, gunicorn's `2025-03-12 08:11:40 +0000`,
/// log4j's default (Spark, Hadoop) `25/01/27 01:00:09` with a two-digit year first, php-fpm's
/// and Tomcat's `21-Mar-2025 19:41:07` with the month's name. A zone
/// written after a space (`UTC`, `GMT`, `+0000`, `-05:00`) is part of it. Only times to
/// the second: a date alone is no log header.
pub fn parse_log_time(text: &str) -> Option<Parsed> {
    let b = text.as_bytes();
    let (date, clock_at) = match parse_iso_prefix(text) {
        Some(p) if p.precision == Precision::Second => (p, None),
        // `2025-03-12, 02:00:14`: the date, a comma, then the time of day.
        Some(p) if b.get(p.len) == Some(&b',') && b.get(p.len + 1) == Some(&b' ') => (p, Some(p.len + 2)),
        Some(_) => return None,
        None => short_year_date(b).map(|p| (p, Some(9))).or_else(|| named_month_date(text).map(|p| (p, Some(12))))?,
    };
    let Some(at) = clock_at else { return Some(with_zone_word(text, date)) };
    let (seconds, millis, len) = clock(b.get(at..)?)?;
    let time = Timestamp(date.time.0 + seconds * 1000 + i64::from(millis));
    Some(with_zone_word(text, Parsed { time, len: at + len, precision: Precision::Second }))
}

/// Reads a table cell that is a date, or a date and time, and nothing else: ISO 8601 as
/// [`parse_iso_prefix`] reads it, or with its zone written after a space, as Snowflake and
/// gunicorn print it (`2026-09-17 03:31:08.771 +0000`, `2025-03-12 08:11:40 UTC`).
///
/// A date as a spreadsheet or console writes it for its locale is one too: `19/05/2026`,
/// `07.12.2026`, `7-12-2026`, perhaps with a time of day (`19/05/2026 02:00`). See
/// [`parse_local_date`] for which number is the day.
pub fn parse_date_cell(cell: &str) -> Option<Parsed> {
    let Some(p) = parse_iso_prefix(cell) else { return parse_local_date(cell, false).or_else(|| day_month_name_year(cell)).or_else(|| month_name_day_year(cell)) };
    let p = if p.precision == Precision::Second { with_zone_word(cell, p) } else { p };
    (p.len == cell.len()).then_some(p)
}

/// A whole cell that is a date with the day and month before a four-digit year, as Europe and
/// Latin America write it (`19/05/2026`, `07.12.2026`, `7-12-2026`), perhaps followed by a time
/// of day (` 02:00`, `, 02:00:04`). The day comes first, as with every dot and dash; a slash
/// date is read month first when `month_first` says its table is American (a cell elsewhere in
/// it has a second number above 12) or when its own second number cannot be a month.
pub fn parse_local_date(cell: &str, month_first: bool) -> Option<Parsed> {
    let (first, second, year, sep, len) = local_date_parts(cell)?;
    // A 12-hour clock (`7/18/2025, 10:00:03 PM`, as US consoles export times) is American.
    let meridiem = [" AM", " PM", " am", " pm"].iter().find(|m| cell.ends_with(**m)).map(|m| m.eq_ignore_ascii_case(" PM"));
    let cell = if meridiem.is_some() { &cell[..cell.len() - 3] } else { cell };
    let american = sep == b'/' && ((month_first || meridiem.is_some()) && first <= 12 || second > 12);
    let (month, day) = if american { (first, second) } else { (second, first) };
    let date = Timestamp::from_date(year as i16, month as i8, day as i8)?;
    let rest = &cell.as_bytes()[len..];
    if rest.is_empty() {
        return meridiem.is_none().then_some(Parsed { time: date, len, precision: Precision::Day });
    }
    // A time of day after a space (or a comma and a space), with or without seconds.
    let at = match rest {
        [b',', b' ', ..] => 2,
        [b' ', ..] => 1,
        _ => return None,
    };
    let (mut seconds, millis) = whole_clock(&rest[at..])?;
    if let Some(pm) = meridiem {
        let hour = seconds / 3600;
        if !(1..=12).contains(&hour) {
            return None;
        }
        seconds += (if pm { hour % 12 + 12 } else { hour % 12 } - hour) * 3600;
    }
    Some(Parsed { time: Timestamp(date.0 + seconds * 1000 + i64::from(millis)), len: cell.len() + if meridiem.is_some() { 3 } else { 0 }, precision: Precision::Second })
}

/// A text that is only a time of day: `02:00`, `2:00`, `02:00:04`, `02:00:04.118`; its
/// seconds into the day and milliseconds.
fn whole_clock(b: &[u8]) -> Option<(i64, i32)> {
    let padded;
    let b = if b.get(1) == Some(&b':') {
        padded = [b"0", b].concat();
        padded.as_slice()
    } else {
        b
    };
    if b.len() == 5 {
        let (hour, minute) = (digits(b, 0, 2)?, digits(b, 3, 2)?);
        return (b[2] == b':' && hour < 24 && minute < 60).then(|| (i64::from(hour * 3600 + minute * 60), 0));
    }
    clock(b).filter(|(_, _, len)| *len == b.len()).map(|(seconds, millis, _)| (seconds, millis))
}

/// The two numbers before the year of a local date ([`parse_local_date`]), the year, the
/// separator and the bytes the date takes: one or two digits, a separator (`/`, `.`, `-`),
/// one or two digits, the same separator, four digits of a year from 1970.
pub fn local_date_parts(text: &str) -> Option<(u32, u32, u32, u8, usize)> {
    let b = text.as_bytes();
    let number = |at: usize| {
        let n = b.get(at..)?.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=2).contains(&n).then(|| (digits(b, at, n), n)).and_then(|(v, n)| v.map(|v| (v, n)))
    };
    let (first, n1) = number(0)?;
    let sep = *b.get(n1)?;
    if !matches!(sep, b'/' | b'.' | b'-') {
        return None;
    }
    let (second, n2) = number(n1 + 1)?;
    let at = n1 + 1 + n2;
    if b.get(at) != Some(&sep) {
        return None;
    }
    let year = digits(b, at + 1, 4)?;
    let len = at + 5;
    if year < 1970 || b.get(len).is_some_and(u8::is_ascii_alphanumeric) || b.get(len) == Some(&sep) {
        return None;
    }
    Some((first, second, year, sep, len))
}

/// The date a run's identifier carries, as schedulers and tracing tools name runs:
/// `run-20250311-0200`, `backup_20250311T031500`, `scheduled__2025-03-11T02:00:00+00:00`.
/// An ISO date after a separator, or eight digits `YYYYMMDD` of this century (a valid
/// date, no digit on either side) with an optional `HHMM` or `HHMMSS` after one separator.
pub fn run_id_date(cell: &str) -> Option<Timestamp> {
    let b = cell.as_bytes();
    let mut at = 0;
    while at < b.len() {
        if !b[at].is_ascii_digit() || at > 0 && b[at - 1].is_ascii_digit() {
            at += 1;
            continue;
        }
        if at > 0 {
            if let Some(p) = parse_iso_prefix(&cell[at..]) {
                return Some(p.time);
            }
        }
        let run = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 8 && b[at..at + 2] == *b"20" {
            let (year, month, day) = (digits(b, at, 4)?, digits(b, at + 4, 2)?, digits(b, at + 6, 2)?);
            if let Some(date) = Timestamp::from_date(year as i16, month as i8, day as i8) {
                let after = at + 8;
                let clock = b.get(after).filter(|c| matches!(c, b'-' | b'_' | b'T' | b'.')).and_then(|_| {
                    let len = b[after + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let (h, m) = (digits(b, after + 1, 2)?, digits(b, after + 3, 2)?);
                    let s = if len == 6 { digits(b, after + 5, 2)? } else { 0 };
                    (matches!(len, 4 | 6) && h < 24 && m < 60 && s < 60).then(|| i64::from(h * 3600 + m * 60 + s))
                });
                return Some(Timestamp(date.0 + clock.unwrap_or(0) * 1000));
            }
        }
        at += run;
    }
    None
}

/// The time of an HTTP access-log line (Common/Combined Log Format, as nginx, Apache, Envoy's
/// default and registries print it): `18/Mar/2025:09:31:52 +0000`, read to UTC.
pub fn access_log_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' || b[20] != b' ' {
        return None;
    }
    let month = MONTHS.iter().position(|m| text.get(3..6) == Some(*m))? as i8 + 1;
    let (day, year) = (digits(b, 0, 2)?, digits(b, 7, 4)?);
    let (seconds, _, _) = clock(&b[12..])?;
    let sign = match b[21] {
        b'+' => -1,
        b'-' => 1,
        _ => return None,
    };
    let offset = i64::from(digits(b, 22, 2)? * 60 + digits(b, 24, 2)?) * 60 * sign;
    let date = Timestamp::from_date(year as i16, month, day as i8)?;
    Some(Timestamp(date.0 + (seconds + offset) * 1000))
}

/// Months as English dates abbreviate them.
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A date written with the month's English abbreviation and a time of day (`Jul`, `23`,
/// `2026`, `00:21:47`), as UTC; the one reading `git`, `date` and Kibana's dates share.
fn named_date(month: &str, day: &str, year: &str, time: &str) -> Option<Timestamp> {
    let month = MONTHS.iter().position(|m| *m == month)? as i8 + 1;
    let (day, year) = (day.parse::<i8>().ok()?, year.parse::<i16>().ok()?);
    let (seconds, millis, len) = clock(time.as_bytes())?;
    let date = Timestamp::from_date(year, month, day)?;
    (len == time.len()).then(|| Timestamp(date.0 + seconds * 1000 + i64::from(millis)))
}

/// Milliseconds to add to a local time in a numeric zone (`+0100`, `-0500`) to make it UTC.
fn zone_offset_ms(zone: &str) -> Option<i64> {
    let z = zone.as_bytes();
    let sign = match z.first() {
        Some(b'+') => -1,
        Some(b'-') => 1,
        _ => return None,
    };
    (z.len() == 5).then_some(())?;
    Some(i64::from(digits(z, 1, 2)? * 60 + digits(z, 3, 2)?) * 60_000 * sign)
}

/// The date `git log` and `git show` print by default, `Thu Feb 12 16:31:08 2026 +0100`
/// (weekday, month, day, time, year, zone), read to UTC.
pub fn git_date(text: &str) -> Option<Timestamp> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [_, month, day, time, year, zone] = words.as_slice() else { return None };
    Some(Timestamp(named_date(month, day, year, time)?.0 + zone_offset_ms(zone)?))
}

/// What `date` prints, read to UTC: its default `Thu Jul 23 00:21:47 UTC 2026` (weekday,
/// month, day, time, zone, year; only a UTC zone, as other abbreviations do not say their
/// offset), `date -R`'s `Thu, 23 Jul 2026 00:21:47 +0000`, or an ISO time (`date -Is`).
pub fn date_output(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Some(parsed) = parse_iso_prefix(text).filter(|p| p.len == text.len()) {
        return Some(parsed.time);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [_, month, day, time, "UTC" | "GMT" | "Z", year] => named_date(month, day, year, time),
        [weekday, day, month, year, time, zone] if weekday.ends_with(',') => Some(Timestamp(named_date(month, day, year, time)?.0 + zone_offset_ms(zone)?)),
        _ => None,
    }
}

/// Kibana's default date format, as Discover shows and exports it: `Feb 16, 2025 @
/// 02:00:44.217` (month's name, day, year, `@`, time of day), read as UTC (the browser's
/// zone, which the export does not state).
pub fn kibana_time(text: &str) -> Option<Timestamp> {
    let (date, clock_text) = text.trim().split_once(" @ ")?;
    let (month_day, year) = date.split_once(", ")?;
    let (month, day) = month_day.split_once(' ')?;
    named_date(month, day, year, clock_text)
}

/// Kibana's date at the start of a line (a Discover row copied with its document's fields
/// after it: `Mar 19, 2026 @ 17:02:14.118 web-7f9c-x2x`): the time and the bytes it takes.
pub fn kibana_prefix(text: &str) -> Option<(Timestamp, usize)> {
    let head = text.as_bytes().get(..text.len().min(16))?;
    let at = memchr::memchr(b'@', head).filter(|&at| at > 1 && head[at - 1] == b' ' && text.as_bytes().get(at + 1) == Some(&b' '))?;
    let clock_start = at + 2;
    let (_, _, len) = clock(text.as_bytes().get(clock_start..)?)?;
    let end = clock_start + len;
    kibana_time(text.get(..end)?).map(|t| (t, end))
}

/// `25/01/27 …`: log4j's `yy/MM/dd`, read as this century; the clock starts at byte 9.
fn short_year_date(b: &[u8]) -> Option<Parsed> {
    if b.get(2) != Some(&b'/') || b.get(5) != Some(&b'/') || b.get(8) != Some(&b' ') {
        return None;
    }
    let (year, month, day) = (digits(b, 0, 2)?, digits(b, 3, 2)?, digits(b, 6, 2)?);
    let time = Timestamp::from_date(2000 + year as i16, month as i8, day as i8)?;
    Some(Parsed { time, len: 8, precision: Precision::Day })
}

/// `21-Mar-2025 …`: day, month's name and year, as php-fpm and Tomcat head their log lines;
/// the clock starts at byte 12.
fn named_month_date(text: &str) -> Option<Parsed> {
    let b = text.as_bytes();
    if b.get(2) != Some(&b'-') || b.get(6) != Some(&b'-') || b.get(11) != Some(&b' ') {
        return None;
    }
    let month = MONTHS.iter().position(|m| text.get(3..6) == Some(*m))? as i8 + 1;
    let (day, year) = (digits(b, 0, 2)?, digits(b, 7, 4)?);
    let time = Timestamp::from_date(year as i16, month, day as i8)?;
    Some(Parsed { time, len: 11, precision: Precision::Day })
}

/// A whole cell `27-FEB-26` or `27-Feb-2026`: day, month's name (any case) and a two- or
/// four-digit year, as Oracle prints dates by default (`DD-MON-RR`; two digits are this
/// century's).
fn day_month_name_year(cell: &str) -> Option<Parsed> {
    let b = cell.as_bytes();
    if !matches!(b.len(), 9 | 11) || b[2] != b'-' || b[6] != b'-' {
        return None;
    }
    let month = MONTHS.iter().position(|m| cell.get(3..6).is_some_and(|name| name.eq_ignore_ascii_case(m)))? as i8 + 1;
    let day = digits(b, 0, 2)?;
    let year = if b.len() == 9 { 2000 + digits(b, 7, 2)? } else { digits(b, 7, 4)? };
    let time = Timestamp::from_date(year as i16, month, day as i8)?;
    Some(Parsed { time, len: b.len(), precision: Precision::Day })
}

/// A whole cell `Mar 9, 2026` or `Mar 9, 2026 02:03:58` (month's name, day, comma, year,
/// perhaps a time of day), as US-English consoles (Dagster, Airflow's UI, AWS's) show dates.
fn month_name_day_year(cell: &str) -> Option<Parsed> {
    let (month, rest) = cell.split_once(' ')?;
    let month = MONTHS.iter().position(|m| month.eq_ignore_ascii_case(m))? as i8 + 1;
    let (day, rest) = rest.split_once(", ")?;
    let (year, time) = rest.split_once(' ').unwrap_or((rest, ""));
    let (day, year) = (day.parse::<i8>().ok()?, year.parse::<i16>().ok().filter(|y| *y >= 1970)?);
    let date = Timestamp::from_date(year, month, day)?;
    if time.is_empty() {
        return Some(Parsed { time: date, len: cell.len(), precision: Precision::Day });
    }
    let (seconds, millis) = whole_clock(time.as_bytes())?;
    Some(Parsed { time: Timestamp(date.0 + seconds * 1000 + i64::from(millis)), len: cell.len(), precision: Precision::Second })
}

/// `HH:MM:SS` with an optional `.fff`/`,fff` fraction at the start of `b`: seconds into the
/// day, milliseconds, and the bytes taken.
pub fn clock(b: &[u8]) -> Option<(i64, i32, usize)> {
    let (hour, minute, second) = (digits(b, 0, 2)?, digits(b, 3, 2)?, digits(b, 6, 2)?);
    if b[2] != b':' || b[5] != b':' || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut len = 8;
    let mut millis = 0;
    if matches!(b.get(8), Some(b'.' | b',')) && b.get(9).is_some_and(u8::is_ascii_digit) {
        let end = 9 + b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
        let frac = &b[9..end.min(12)];
        millis = frac.iter().fold(0, |acc, c| acc * 10 + i32::from(c - b'0')) * 10_i32.pow(3 - frac.len() as u32);
        len = end;
    }
    if b.get(len).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some((i64::from(hour * 3600 + minute * 60 + second.min(59)), millis, len))
}

/// A zone written after a space, when the time does not carry one: ` UTC`, ` GMT`, ` Z`
/// (no shift), ` +0000`, ` -05:00`.
fn with_zone_word(text: &str, mut p: Parsed) -> Parsed {
    // Bytes only, and the cheap test first: this runs on every log line.
    let bytes = text.as_bytes();
    if bytes.get(p.len) != Some(&b' ') || !matches!(bytes.get(p.len + 1), Some(b'U' | b'G' | b'Z' | b'+' | b'-')) {
        return p;
    }
    if bytes.get(10..p.len).is_some_and(|time| time.iter().any(|c| matches!(c, b'Z' | b'z' | b'+' | b'-'))) {
        return p;
    }
    let rest = &text[p.len + 1..];
    let b = rest.as_bytes();
    let word_end = |n: usize| !b.get(n).is_some_and(u8::is_ascii_alphanumeric);
    for word in ["UTC", "GMT", "Z"] {
        if rest.starts_with(word) && word_end(word.len()) {
            p.len += 1 + word.len();
            return p;
        }
    }
    if let Some(&sign @ (b'+' | b'-')) = b.first() {
        let (minutes, len) = if b.get(3) == Some(&b':') { (digits(b, 4, 2), 6) } else { (digits(b, 3, 2), 5) };
        if let (Some(hours), Some(minutes)) = (digits(b, 1, 2), minutes) {
            if hours < 24 && minutes < 60 && word_end(len) {
                let offset = i64::from(hours * 3600 + minutes * 60) * if sign == b'-' { -1 } else { 1 };
                p.time = Timestamp(p.time.0 - offset * 1000);
                p.len += 1 + len;
            }
        }
    }
    p
}

/// A label or column that says which day or time a value is for: `date`, `day`, `dt`, `ds`,
/// `time`, `timestamp`, `period`, `week_start`, and names ending in `_date`, `_day`, `_dt`
/// or `Date` (`business_date`, `run_day`, `partition_dt`, `asOfDate`), but not the dates of
/// a thing's life (`build_date`, `expiry_date`). Its values still have to read as times.
pub fn is_time_axis_label(name: &str) -> bool {
    if matches!(name, "date" | "day" | "dt" | "ds" | "timestamp" | "time" | "ts" | "week" | "month" | "hour" | "week_start" | "period") {
        return true;
    }
    let b = name.as_bytes();
    let ends = |suffix: &str| b.len() > suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes());
    // A date that describes the thing measured (when it was built, created, released, or
    // expires) is an attribute of the series, not the day a value is for.
    let attribute = || {
        ["build", "created", "creation", "release", "expir", "install", "start", "end", "birth"]
            .iter()
            .any(|p| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
    };
    // The suffix first: this runs on every label of every sample, and few are dates.
    (ends("_date") || ends("-date") || ends("_day") || ends("-day") || ends("_dt") || name.len() > 4 && name.ends_with("Date")) && !attribute()
}

/// Finds the first ISO timestamp or date anywhere in `text`, returning its byte offset too.
pub fn find_iso(text: &str) -> Option<(usize, Parsed)> {
    let b = text.as_bytes();
    let mut from = 0;
    while from + 10 <= b.len() {
        let rel = b[from..].iter().position(u8::is_ascii_digit)?;
        let at = from + rel;
        let boundary = at == 0 || !b[at - 1].is_ascii_alphanumeric();
        if boundary {
            if let Some(parsed) = parse_iso_prefix(&text[at..]) {
                return Some((at, parsed));
            }
        }
        // Skip the whole digit run: a timestamp never starts inside one.
        let mut next = at;
        while next < b.len() && b[next].is_ascii_digit() {
            next += 1;
        }
        from = next;
    }
    None
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = b.get(at..at + len)?;
    part.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_dates_put_the_day_first_unless_the_month_must_come_first() {
        let day = |cell: &str| parse_date_cell(cell).map(|p| p.time.date());
        assert_eq!(day("08/05/2026"), Some("2026-05-08".to_string()));
        assert_eq!(day("07.12.2026"), Some("2026-12-07".to_string()));
        assert_eq!(day("7-12-2026"), Some("2026-12-07".to_string()));
        // A second number above 12 can only be the day.
        assert_eq!(day("05/19/2026"), Some("2026-05-19".to_string()));
        assert_eq!(parse_local_date("05/08/2026", true).map(|p| p.time.date()), Some("2026-05-08".to_string()));
        let at = parse_date_cell("19/05/2026 02:00").unwrap();
        assert_eq!((at.time.to_string(), at.precision), ("2026-05-19T02:00:00Z".to_string(), Precision::Second));
        assert!(parse_date_cell("19/05/2026, 2:00:04").is_some());
        assert_eq!(parse_date_cell("7/8/2025, 10:00:03 PM").map(|p| p.time.to_string()), Some("2025-07-08T22:00:03Z".to_string()));
        assert_eq!(parse_date_cell("7/8/2025 12:10 AM").map(|p| p.time.to_string()), Some("2025-07-08T00:10:00Z".to_string()));
        // Oracle's default `DD-MON-RR`, and with the year in full.
        assert_eq!(day("27-FEB-26"), Some("2026-02-27".to_string()));
        assert_eq!(day("03-Mar-2026"), Some("2026-03-03".to_string()));
        // US consoles: the month's name first.
        assert_eq!(parse_date_cell("Mar 9, 2026 02:03:58").map(|p| p.time.to_string()), Some("2026-03-09T02:03:58Z".to_string()));
        assert_eq!(day("Mar 9, 2026"), Some("2026-03-09".to_string()));
        assert_eq!(kibana_prefix("Mar 19, 2026 @ 17:02:14.118 web-1").map(|(t, n)| (t.to_string(), n)), Some(("2026-03-19T17:02:14.118Z".to_string(), 27)));
        assert_eq!(kibana_prefix("Meet @ 10:00 in room 2"), None);
        // Versions, addresses, dates that do not exist, trailing text.
        for cell in ["1.2.3", "10.0.0.1", "31.02.2026", "13.13.2026", "08/05/2026 late", "08/05/26", "1.5.2024.1", "30-FEB-26", "12-ABC-26", "27-FEB-2", "Mar 9, 2026 late", "Mar 32, 2026"] {
            assert_eq!(parse_date_cell(cell), None, "{cell}");
        }
    }

    #[test]
    fn run_ids_carry_their_date() {
        let at = |cell: &str| run_id_date(cell).map(|t| t.0);
        let day = Timestamp::from_date(2025, 3, 11).unwrap().0;
        assert_eq!(at("run-20250311-0200"), Some(day + 2 * 3_600_000));
        assert_eq!(at("backup_20250311T031530"), Some(day + (3 * 3600 + 15 * 60 + 30) * 1000));
        assert_eq!(at("nightly.20250311"), Some(day));
        assert_eq!(at("scheduled__2025-03-11T02:00:00+00:00"), Some(day + 2 * 3_600_000));
        // Not a date: a job's hash suffix, a month 94, nine digits, no date at all.
        assert_eq!(at("indexer-29489940"), None);
        assert_eq!(at("etl-20259427"), None);
        assert_eq!(at("id-202503110"), None);
        assert_eq!(at("run-latest"), None);
    }

    fn iso(text: &str) -> String {
        parse_iso_prefix(text).map_or("none".into(), |p| format!("{} {} {:?}", p.time, p.len, p.precision))
    }

    #[test]
    fn reads_kibanas_default_date_format() {
        assert_eq!(kibana_time("Feb 16, 2025 @ 02:00:44.217").map(|t| t.to_string()).as_deref(), Some("2025-02-16T02:00:44.217Z"));
        assert_eq!(kibana_time("Feb 16, 2025 02:00:44"), None);
    }

    #[test]
    fn reads_the_forms_ops_tools_print() {
        assert_eq!(iso("2024-11-20T09:15:03Z rest"), "2024-11-20T09:15:03Z 20 Second");
        assert_eq!(iso("2024-11-20 09:15:03.123+02:00"), "2024-11-20T07:15:03.123Z 29 Second");
        assert_eq!(iso("2024/11/20 09:15:03 x"), "2024-11-20T09:15:03Z 19 Second");
        assert_eq!(iso("2024-12-08\""), "2024-12-08T00:00:00Z 10 Day");
        assert_eq!(iso("2024-12-081"), "none");
        assert_eq!(iso("2024-13-08"), "none");
    }

    #[test]
    fn a_date_cell_may_write_its_zone_after_a_space() {
        let cell = |text: &str| parse_date_cell(text).map_or("none".into(), |p| p.time.to_string());
        assert_eq!(cell("2026-09-17 03:31:08.771 +0000"), "2026-09-17T03:31:08.771Z");
        assert_eq!(cell("2026-09-17 03:31:08 -05:00"), "2026-09-17T08:31:08Z");
        assert_eq!(cell("2026-09-17 03:31:08 UTC"), "2026-09-17T03:31:08Z");
        assert_eq!(cell("2026-09-17"), "2026-09-17T00:00:00Z");
        // The zone once only, and nothing after the cell's date.
        assert_eq!(cell("2026-09-17 03:31:08+00:00 +0000"), "none");
        assert_eq!(cell("2026-09-17 UTC"), "none");
        assert_eq!(cell("2026-09-17 03:31:08 loaded"), "none");
    }

    #[test]
    fn reads_the_stamps_logging_frameworks_print() {
        let log = |text: &str| parse_log_time(text).map_or("none".into(), |p| format!("{} {}", p.time, p.len));
        assert_eq!(log("2025-03-12, 02:00:14 UTC] {x.py:1}"), "2025-03-12T02:00:14Z 24");
        assert_eq!(log("2025-03-12 08:11:40 +0000] [57]"), "2025-03-12T08:11:40Z 25");
        assert_eq!(log("2025-03-12 08:11:40 -05:00 x"), "2025-03-12T13:11:40Z 26");
        assert_eq!(log("2021-06-01 12:00:00,123 INFO"), "2021-06-01T12:00:00.123Z 23");
        assert_eq!(log("25/01/27 01:00:09 INFO SparkContext: Running"), "2025-01-27T01:00:09Z 17");
        assert_eq!(log("2024-11-20T09:15:03Z UTC"), "2024-11-20T09:15:03Z 20");
        assert_eq!(log("21-Mar-2025 19:41:07] WARNING: [pool www]"), "2025-03-21T19:41:07Z 20");
        assert_eq!(log("21-Mar-2025 19:41:07.412 INFO [main]"), "2025-03-21T19:41:07.412Z 24");
        assert_eq!(log("21-Mar-2025 INFO"), "none");
        // Dates alone, impossible dates and US-style dates are no log header.
        assert_eq!(log("2025-03-06   success  11m42s"), "none");
        assert_eq!(log("01/27/25 01:00:09 INFO"), "none");
        assert_eq!(log("25/01/27 1:00:09 INFO"), "none");
        assert_eq!(clock(b"09:14:02  1 of 4 PASS"), Some((33242, 0, 8)));
        assert_eq!(clock(b"09:14:02.5 x"), Some((33242, 500, 10)));
        assert_eq!(clock(b"09:14 x"), None);
    }

    #[test]
    fn labels_that_name_the_day() {
        for name in ["date", "ds", "business_date", "run_day", "partition_dt", "asOfDate", "week_start"] {
            assert!(is_time_axis_label(name), "{name}");
        }
        for name in ["update", "holiday", "job", "mandate", "Date", "build_date", "expiry_date", "createdDate"] {
            assert!(!is_time_axis_label(name), "{name}");
        }
    }

    #[test]
    fn finds_a_timestamp_inside_text() {
        let (at, parsed) = find_iso("kubectl apply (2024-11-20T09:15:03Z)").unwrap();
        assert_eq!((at, parsed.len), (15, 20));
        assert!(find_iso("build 20241120").is_none());
    }

    #[test]
    fn agrees_with_jiff() {
        let cases = [(1970, 1, 1, 0, 0, 0, 0), (2024, 2, 29, 23, 59, 59, 3600), (1999, 12, 31, 12, 0, 0, -19_800), (2100, 3, 1, 1, 2, 3, 0), (1900, 2, 28, 0, 0, 0, 0)];
        for (y, mo, d, h, mi, se, off) in cases {
            let civil = jiff::civil::DateTime::new(y, mo, d, h, mi, se, 0).unwrap();
            let zoned = civil.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(off).unwrap())).unwrap();
            assert_eq!(Timestamp::from_parts(y, mo, d, h, mi, se, 0, off).unwrap().0, zoned.timestamp().as_millisecond());
        }
        assert_eq!(Timestamp::from_parts(2023, 2, 29, 0, 0, 0, 0, 0), None);
        assert_eq!(Timestamp::from_parts(2024, 4, 31, 0, 0, 0, 0, 0), None);
        assert_eq!(Timestamp::from_parts(2024, 4, 1, 24, 0, 0, 0, 0), None);
    }

    #[test]
    fn seconds_between() {
        let a = parse_iso_prefix("2024-12-08T05:59:58Z").unwrap().time;
        let b = parse_iso_prefix("2024-12-08T06:00:04Z").unwrap().time;
        assert_eq!(a.seconds_until(b), 6.0);
    }
}

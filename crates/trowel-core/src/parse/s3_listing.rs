//! `aws s3 ls` listings read as the volume a job writes, run by run: each line is an
//! object's last-modified time, its size and its key (`2026-05-12 07:05:16  188402
//! 06.ndjson.zst`, or `3.9 MiB` with `--human-readable`). A job that writes one object (or
//! a few parts) per run leaves its output volume in the listing, which is often the only
//! record of it a paste holds.
//!
//! Objects are grouped by their key with every run of digits made a `*`
//! (`backups/nightly-*/nightly-*.tar.gz`): the keys one job writes run after run differ
//! only in the dates, hours and part numbers they carry. Within a group, objects modified
//! less than [`BATCH_GAP_SECONDS`] apart are one run's parts and their sizes add up. Each
//! run is a `Sample` of the bytes written on the `Series`
//! `s3_object_size_bytes{objects="<glob>"}`, timed by the run's first object, so a
//! collapse of the output is a cliff like any other metric's.
//! `PRE dir/` lines (prefixes) and the `--summarize` totals are no objects and are skipped.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::{parse_iso_prefix, Timestamp};

/// Objects of one key pattern modified less than this far apart are the parts of one run.
const BATCH_GAP_SECONDS: f64 = 600.0;

/// One listed object: when it was last modified, its size in bytes, its key.
struct Object<'a> {
    time: Timestamp,
    bytes: f64,
    key: &'a str,
    line: Line<'a>,
}

/// Reads the artifact as an `aws s3 ls` listing; false when no line of it lists an object.
pub fn read(cx: &mut Cx<'_>) -> bool {
    let objects: Vec<Object<'_>> = cx.lines().filter_map(|line| object(line.trimmed())).collect();
    if objects.is_empty() {
        return false;
    }
    let mut groups: Vec<(String, Vec<&Object<'_>>)> = Vec::new();
    for object in &objects {
        let glob = key_pattern(object.key);
        match groups.iter_mut().find(|(g, _)| *g == glob) {
            Some((_, members)) => members.push(object),
            None => groups.push((glob, vec![object])),
        }
    }
    for (glob, mut members) in groups {
        crate::sort::by_key(&mut members, |o| o.time);
        let series = cx.entity(EntityKind::Series, None, format!("s3_object_size_bytes{{objects=\"{glob}\"}}"));
        let mut runs: Vec<(Timestamp, f64, Timestamp, Line<'_>)> = Vec::new();
        for object in members {
            match runs.last_mut() {
                Some((_, bytes, last, _)) if last.seconds_until(object.time) < BATCH_GAP_SECONDS => {
                    *bytes += object.bytes;
                    *last = object.time;
                }
                _ => runs.push((object.time, object.bytes, object.time, object.line)),
            }
        }
        for (time, bytes, _, line) in runs {
            cx.timed_fact(series, Predicate::Sample, Value::Number(bytes), Some(time), line.span);
        }
    }
    true
}

/// One line of a listing: a date and time, a size (bytes, or a number and a unit), a key.
fn object(line: Line<'_>) -> Option<Object<'_>> {
    let stamp = parse_iso_prefix(line.text).filter(|p| p.len == 19)?;
    let mut words = line.text[stamp.len..].split_whitespace();
    let number = crate::number::parse_f64(words.next()?)?;
    let mut rest = words.clone();
    let unit = rest.next().and_then(unit_bytes);
    let bytes = match unit {
        Some(factor) => {
            words = rest;
            (number * factor).round()
        }
        None => number,
    };
    let key = words.next()?;
    (words.next().is_none() && !key.ends_with('/')).then_some(Object { time: stamp.time, bytes, key, line })
}

/// The bytes in one of the units `--human-readable` prints.
fn unit_bytes(unit: &str) -> Option<f64> {
    const UNITS: &[(&str, f64)] = &[("Bytes", 1.0), ("KiB", 1024.0), ("MiB", 1048576.0), ("GiB", 1073741824.0), ("TiB", 1099511627776.0)];
    UNITS.iter().find(|(name, _)| *name == unit).map(|(_, factor)| *factor)
}

/// A key with each run of digits made a `*`: the pattern one job's keys share run after run.
fn key_pattern(key: &str) -> String {
    let mut pattern = String::with_capacity(key.len());
    for c in key.chars() {
        if !c.is_ascii_digit() {
            pattern.push(c);
        } else if !pattern.ends_with('*') {
            pattern.push('*');
        }
    }
    pattern
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn an_s3_listing_is_the_bytes_each_run_wrote() {
        let paste = "$ aws s3 ls s3://b/flows/ --recursive\n2026-05-12 05:07:49  384007261 flows/04.ndjson.zst\n2026-05-12 06:07:53  402113558 flows/05.ndjson.zst\n2026-05-12 07:05:16     188402 flows/06.ndjson.zst\n                           PRE archive/\n";
        assert_eq!(
            fact_lines(paste),
            [
                "series s3_object_size_bytes{objects=\"flows/*.ndjson.zst\"} · Sample · 384007261",
                "series s3_object_size_bytes{objects=\"flows/*.ndjson.zst\"} · Sample · 402113558",
                "series s3_object_size_bytes{objects=\"flows/*.ndjson.zst\"} · Sample · 188402",
            ]
        );
        // Human-readable sizes, the parts of one run added up, and the CLI's global options
        // before the service.
        let paste = "$ aws --endpoint-url https://s3.example.net s3 ls s3://b/ --recursive --human-readable\n2026-06-10 02:19:41    3.9 MiB out/dt=2026-06-10/part-0.gz\n2026-06-10 02:19:45    1.0 KiB out/dt=2026-06-10/part-1.gz\n2026-06-11 02:00:29   11.2 KiB out/dt=2026-06-11/part-0.gz\n";
        assert_eq!(
            fact_lines(paste),
            [
                "series s3_object_size_bytes{objects=\"out/dt=*-*-*/part-*.gz\"} · Sample · 4090470",
                "series s3_object_size_bytes{objects=\"out/dt=*-*-*/part-*.gz\"} · Sample · 11469",
            ]
        );
    }
}

//! A CI runner's log as GitHub Actions and Azure Pipelines keep it: every line stamped with
//! the time the runner read it, to the ten-millionth of a second
//! (`2026-01-29T11:14:11.9011203Z NAME   READY   STATUS …`), and in a copy from the web log
//! viewer also numbered (`7    2026-01-29T11:14:11.9013251Z …`). Behind that prefix the
//! steps' output is what the commands printed — `kubectl get` tables, events, YAML — which
//! their readers no longer recognise.
//!
//! Analysis therefore reads a copy without the prefixes, mapped back onto the paste like a
//! terminal capture's colour codes ([`crate::terminal::Stripped`]), so every quote is still
//! the paste's text, prefix included where a quote starts a line. Only a paste that shows
//! the runner is touched: its group markers (`##[group]Run …`, `##[endgroup]`) or the log
//! viewer's numbers before the stamps. An application that stamps its own records this way
//! (.NET's round-trip format) shows neither, and keeps its times.
//!
//! The cut is made step by step (a step starts at its `##[group]` marker, or where the
//! viewer's numbers start over at 1), and only in a step that runs a tool whose output has a
//! reader (`##[group]Run kubectl …`) or printed a table or an object (`NAME   READY …`,
//! `apiVersion:`): its lines then read as the command's output, untimed, as in a console that
//! printed no times. Other steps keep their stamps (only the viewer's
//! numbers are cut), their lines read as log records at the runner's times (a deploy's `configured` at 14:01:51 and another at
//! 14:01:58 keep their order).

use crate::blank::Blank;
use crate::terminal::Stripped;

/// `YYYY-MM-DDTHH:MM:SS.fffffffZ`: the runner's stamp.
const STAMP: usize = 28;
/// Longest line-number gutter of the web log viewer (digits).
const MAX_GUTTER_DIGITS: usize = 6;
/// Fewest stamped lines that make a runner's log (rather than a quoted line or two).
const MIN_LINES: usize = 3;
/// Pastes larger than this are only read line by line when they hold a group marker
/// (`##[`) or a numbered prompt (`  $ `): the scan cost a few percent of reading a large log.
const SCAN_WITHOUT_MARKER: usize = 256 << 10;

/// The paste without its runner's prefixes, or None when it shows no runner's log (the usual
/// case: for a large paste two byte searches, for a small one a look at each line's first
/// bytes).
pub fn strip(paste: &str) -> Option<Unstamped> {
    let marked = |marker: &[u8]| memchr::memmem::find(paste.as_bytes(), marker).is_some();
    if paste.len() > SCAN_WITHOUT_MARKER && !marked(b"##[") && !marked(b"  $ ") {
        return None;
    }
    let (mut stamp_cuts, mut listing_cuts): (Vec<(usize, usize)>, Vec<(usize, usize)>) = (Vec::new(), Vec::new());
    let (mut stamped, mut numbered, mut grouped) = (0, 0, 0);
    let mut step = Step::default();
    let mut listing = Listing::default();
    let mut offset = 0;
    for line in paste.split_inclusive('\n') {
        if let Some(prefix) = prefix(line) {
            listing.close(&mut listing_cuts);
            let text = &line[prefix.len..];
            // A step starts at its group marker, or where the viewer's numbers start over.
            if text.starts_with("##[group]") || prefix.number == Some(1) {
                step.close(&mut stamp_cuts);
            }
            stamped += 1;
            numbered += usize::from(prefix.number.is_some());
            grouped += usize::from(text.starts_with("##["));
            step.prints_output |= prints_output(text) || crate::segment::runner_command(text).is_some_and(crate::segment::starts_with_program);
            step.prefixes.push((offset, offset + prefix.len));
            step.gutters.push((offset, offset + prefix.gutter));
        } else {
            step.close(&mut stamp_cuts);
            match gutter(line) {
                Some((number, number_end, len)) => listing.push(number, (offset, offset + number_end, offset + len), &line[len..], &mut listing_cuts),
                None => listing.close(&mut listing_cuts),
            }
        }
        offset += line.len();
    }
    step.close(&mut stamp_cuts);
    listing.close(&mut listing_cuts);
    if !(stamped >= MIN_LINES && (grouped > 0 || numbered >= MIN_LINES)) {
        stamp_cuts.clear();
    }
    let mut cuts = stamp_cuts;
    cuts.append(&mut listing_cuts);
    crate::sort::by(&mut cuts, |a, b| a.0.cmp(&b.0));
    // A cut as long as a stamp holds one; a shorter one is a line number alone.
    let stamps = cuts.iter().filter(|(start, end)| end - start >= STAMP).count();
    (!cuts.is_empty()).then(|| Unstamped { stripped: Stripped::without(paste, &cuts), stamps, numbers: cuts.len() - stamps })
}

/// What [`strip`] did: the copy, and how many lines lost a stamp (with any number before it)
/// or only a log viewer's number.
pub struct Unstamped {
    pub stripped: Stripped,
    pub stamps: usize,
    pub numbers: usize,
}

/// Lines of a job log numbered by the viewer without stamps (GitLab's job page:
/// ` 9  $ kubectl -n x get pods`): a run of consecutive numbers whose script shows a prompt
/// (`$ cmd`), so a numbered table or list of the text's own is never taken for one.
#[derive(Default)]
struct Listing {
    /// Each line's start, where its number ends, and where the white space after it ends.
    gutters: Vec<(usize, usize, usize)>,
    last: Option<u32>,
    prompt: bool,
}

impl Listing {
    fn push(&mut self, number: u32, gutter: (usize, usize, usize), text: &str, cuts: &mut Vec<(usize, usize)>) {
        if self.last.is_some_and(|last| last.checked_add(1) != Some(number)) {
            self.close(cuts);
        }
        self.last = Some(number);
        self.prompt |= text.starts_with("$ ");
        self.gutters.push(gutter);
    }

    /// Cuts each number with the viewer's gap after it: the narrowest gap of the run, so a
    /// line's own indentation (a describe's continued `Tolerations:`) stays.
    fn close(&mut self, cuts: &mut Vec<(usize, usize)>) {
        if std::mem::take(&mut self.prompt) && self.gutters.len() >= MIN_LINES {
            let gap = self.gutters.iter().map(|&(_, number_end, end)| end - number_end).filter(|&gap| gap > 0).min().unwrap_or(0);
            cuts.extend(self.gutters.iter().map(|&(start, number_end, end)| (start, (number_end + gap).min(end))));
        }
        self.gutters.clear();
        self.last = None;
    }
}

/// The stamped lines of one step of the run (their whole prefixes, and the log viewer's
/// numbers alone), and whether its commands printed what is read as their output rather than
/// as log records.
#[derive(Default)]
struct Step {
    prefixes: Vec<(usize, usize)>,
    gutters: Vec<(usize, usize)>,
    prints_output: bool,
}

impl Step {
    /// Ends the step: its prefixes are cut when it printed output; otherwise only the
    /// viewer's numbers are, and its lines are log records timed by the runner.
    fn close(&mut self, cuts: &mut Vec<(usize, usize)>) {
        if std::mem::take(&mut self.prints_output) {
            cuts.append(&mut self.prefixes);
        } else {
            cuts.extend(self.gutters.iter().filter(|(start, end)| start < end));
        }
        self.prefixes.clear();
        self.gutters.clear();
    }
}

/// A line of a command's output that is no log record: a table's header, an object's YAML.
pub(crate) fn prints_output(text: &str) -> bool {
    let text = text.trim_ws();
    crate::detect::is_table_header(text) || text.starts_with("apiVersion:") || text.starts_with("\"apiVersion\"")
}

/// A runner's prefix at a line's start: its length (with the space after the stamp) and the
/// number the log viewer gave the line.
struct Prefix {
    len: usize,
    /// Bytes of the viewer's number and the space after it (0 when unnumbered).
    gutter: usize,
    number: Option<u32>,
}

/// The log viewer's number at a line's start (right-aligned or not), where it ends, and the
/// gutter's length with the white space after it.
fn gutter(line: &str) -> Option<(u32, usize, usize)> {
    let bytes = line.as_bytes();
    let lead = bytes.iter().take(MAX_GUTTER_DIGITS + 1).take_while(|&&b| b == b' ').count();
    let digits = bytes[lead..].iter().take(MAX_GUTTER_DIGITS + 1).take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > MAX_GUTTER_DIGITS {
        return None;
    }
    let rest = &bytes[lead + digits..];
    let spaces = rest.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    if spaces == 0 && !matches!(rest.first(), None | Some(b'\n' | b'\r')) {
        return None;
    }
    Some((line[lead..lead + digits].parse().ok()?, lead + digits, lead + digits + spaces))
}

fn prefix(line: &str) -> Option<Prefix> {
    let bytes = line.as_bytes();
    // Most lines of any paste fail on their first byte: a stamp or a gutter starts with a
    // digit (or the space before a right-aligned number).
    if !matches!(bytes.first()?, b'0'..=b'9' | b' ') {
        return None;
    }
    let (gutter, number) = if bytes.get(4) == Some(&b'-') && bytes[..4].iter().all(u8::is_ascii_digit) {
        (0, None)
    } else {
        let (number, _, len) = gutter(line).filter(|&(_, _, len)| len < bytes.len())?;
        (len, Some(number))
    };
    let stamp = bytes.get(gutter..gutter + STAMP)?;
    let shape = stamp.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        10 => b == b'T',
        13 | 16 => b == b':',
        19 => b == b'.',
        27 => b == b'Z',
        _ => b.is_ascii_digit(),
    });
    if !shape {
        return None;
    }
    // The stamp is followed by the line's text after one space, or ends an empty line.
    let len = match bytes.get(gutter + STAMP) {
        Some(b' ') => gutter + STAMP + 1,
        None | Some(b'\n' | b'\r') => gutter + STAMP,
        Some(_) => return None,
    };
    Some(Prefix { len, gutter, number })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERED: &str = "\
Actions › deploy › #88
  ▼ Dump state
1    2026-04-02T09:10:11.0028410Z ##[group]Run kubectl -n ledger get pods
2    2026-04-02T09:10:11.0029102Z ##[endgroup]
3    2026-04-02T09:10:11.6612240Z NAME                          READY   STATUS             RESTARTS   AGE
4    2026-04-02T09:10:11.6612891Z tally-api-6d8b4f7c9-x2mhs     0/1     ImagePullBackOff   0          10m
5    2026-04-02T09:10:11.6613420Z tally-api-5c7f9d8b6c-9vlkp    1/1     Running            0          4d
";

    #[test]
    fn a_numbered_runner_log_is_read_without_its_prefixes_and_quotes_map_back() {
        let stripped = strip(NUMBERED).expect("runner log").stripped;
        assert!(stripped.text.contains("\nNAME                          READY   STATUS"), "{}", stripped.text);
        assert!(stripped.text.contains("\n##[group]Run kubectl -n ledger get pods\n##[endgroup]\n"), "{}", stripped.text);
        let at = stripped.text.find("ImagePullBackOff").unwrap() as u32;
        let quoted = stripped.quote(crate::span::Span { start: at, end: at + 16 });
        assert_eq!(&NUMBERED[quoted.start as usize..quoted.end as usize], "ImagePullBackOff");
    }

    #[test]
    fn the_steps_kubectl_output_is_read_as_tables() {
        let facts = crate::test_support::fact_lines(NUMBERED);
        crate::test_support::assert_facts(&facts, &["pod ledger/tally-api-6d8b4f7c9-x2mhs · Status · ImagePullBackOff"]);
    }

    #[test]
    fn steps_that_print_only_messages_keep_their_stamps() {
        let paste = "\
2026-04-02T09:10:11.0028410Z ##[group]Run ./deploy.sh
2026-04-02T09:10:11.0029102Z ##[endgroup]
2026-04-02T09:10:15.6612240Z configmap/tally-config configured
2026-04-02T09:10:16.6612240Z deployment.apps/tally-api configured
2026-04-02T09:10:20.0028410Z ##[group]Run kubectl -n ledger get pods
2026-04-02T09:10:20.0029102Z ##[endgroup]
2026-04-02T09:10:21.6612240Z NAME                          READY   STATUS    RESTARTS   AGE
2026-04-02T09:10:21.6612891Z tally-api-6d8b4f7c9-x2mhs     1/1     Running   0          10s
";
        let stripped = strip(paste).expect("runner log").stripped;
        assert!(stripped.text.contains("\n2026-04-02T09:10:15.6612240Z configmap/tally-config configured\n"), "{}", stripped.text);
        assert!(stripped.text.ends_with("\n##[group]Run kubectl -n ledger get pods\n##[endgroup]\nNAME                          READY   STATUS    RESTARTS   AGE\ntally-api-6d8b4f7c9-x2mhs     1/1     Running   0          10s\n"), "{}", stripped.text);
    }

    #[test]
    fn a_job_page_numbered_without_stamps_is_read_without_its_numbers() {
        let paste = "\
Pipelines / #5521 / Jobs › verify:prod
  9  $ kubectl -n optics get pods
 10  NAME                        READY   STATUS    RESTARTS   AGE
 11  lens-grinder-86c7d9f5b4-2k  0/1     Pending   0          5h58m
 12  ERROR: Job failed: exit code 1
 13      indented by the job itself
";
        let unstamped = strip(paste).expect("job page");
        assert_eq!((unstamped.stamps, unstamped.numbers), (0, 5));
        let stripped = unstamped.stripped;
        assert!(stripped.text.contains("\n$ kubectl -n optics get pods\nNAME                        READY"), "{}", stripped.text);
        assert!(stripped.text.ends_with("\n    indented by the job itself\n"), "{}", stripped.text);
        crate::test_support::assert_facts(&crate::test_support::fact_lines(paste), &["pod optics/lens-grinder-86c7d9f5b4-2k · Status · Pending"]);
        // A numbered list or table of the text's own shows no prompt, or no run of numbers.
        assert!(strip("1  first row  10\n2  second row  20\n3  third row  30\n").is_none());
        assert!(strip("1  $ kubectl get pods\n3  x\n5  y\n").is_none());
    }

    #[test]
    fn an_applications_own_stamps_are_kept() {
        // .NET's round-trip stamps on an application's records: no runner marker, no numbers.
        let paste = "\
2026-04-02T09:10:11.0028410Z info: Ledger.Api[0] started
2026-04-02T09:10:12.0028410Z warn: Ledger.Api[3] slow query 812 ms
2026-04-02T09:10:13.0028410Z fail: Ledger.Api[9] connection refused
";
        assert!(strip(paste).is_none());
        assert!(strip("3    2026-04-02T09:10:11.0028410Z one line\n").is_none());
    }

    #[test]
    fn prefixes_are_recognised_exactly() {
        assert_eq!(prefix("2026-04-02T09:10:11.0028410Z x").map(|p| p.len), Some(29));
        assert_eq!(prefix("12\t2026-04-02T09:10:11.0028410Z x").map(|p| (p.len, p.number)), Some((32, Some(12))));
        assert_eq!(prefix("2026-04-02T09:10:11.0028410Z").map(|p| p.len), Some(28));
        assert!(prefix("2026-04-02T09:10:11.002Z x").is_none());
        assert!(prefix("2026-04-02T09:10:11.0028410Zx").is_none());
        assert!(prefix("1234567 2026-04-02T09:10:11.0028410Z x").is_none());
        assert!(prefix("12 items").is_none());
        assert_eq!(prefix(" 7  2026-04-02T09:10:11.0028410Z x").map(|p| (p.len, p.number)), Some((33, Some(7))));
        assert!(prefix("").is_none());
    }
}

//! Hard-wrapped text: a paste copied from a narrow terminal (a phone's SSH app, a chat
//! window), where every line longer than the screen was broken onto the next one at the
//! screen's width, mid-word as often as not (`$ kubectl -n shop ge` over `t pods`, a table
//! row in two halves, a log record's message on a line of its own). A paste showing the wrap
//! is read from a copy with those line breaks removed, mapped back like a terminal capture's
//! colour codes ([`crate::terminal::Stripped`]): the copy is the paste with byte ranges
//! removed, so every quote is still a slice of the paste (one may span two of its lines).
//!
//! A false rejoin is worse than a missed one, so the paste must show the wrap as a whole:
//! no line longer than a narrow width (in characters), many lines within a few columns of
//! it, in several blank-line blocks. Then a line is joined to the next only when it reaches
//! the width and the next continues it: not blank, not a prompt, not a new log record, not
//! a row or a field that starts like the line above.

use crate::blank::Blank;
use crate::detect::is_pipe_filler;
use crate::terminal::Stripped;

/// The widest screen read as a wrap: wider terminals show ops text unbroken.
const MAX_WIDTH: usize = 100;
/// The narrowest: below it, short lines are the text's own.
const MIN_WIDTH: usize = 24;
/// Columns a line may fall short of the width and still have been broken at it: trailing
/// white space trimmed by the copy, a wide character that did not fit.
const SHORT: usize = 3;
/// Columns a line may run past the width (a screen resized between commands).
const LONG: usize = 4;
/// Pastes larger than this are logs and exports, not copies off a phone's screen.
const MAX_PASTE: usize = 1 << 20;

/// What [`strip`] did: the copy, how many line breaks it removed, and the width it read.
pub struct Unwrapped {
    pub stripped: Stripped,
    pub joins: usize,
    pub width: usize,
}

/// The paste with its wrap line breaks removed, or None when it shows no wrap (the usual
/// case, known after one pass over the first line longer than the widest screen).
pub fn strip(paste: &str) -> Option<Unwrapped> {
    if paste.len() > MAX_PASTE || paste.len() < 6 * MIN_WIDTH {
        return None;
    }
    // Pass one: the width of every line, given up at the first line wider than any screen.
    let mut counts = [0u32; MAX_WIDTH + LONG + 1];
    let mut nonblank = 0u32;
    for line in paste.split('\n') {
        let width = columns(line)?;
        counts[width] += 1;
        nonblank += u32::from(width > 0);
    }
    // The screen's width: the most common long line's.
    let (mut width, mut most) = (0, 0);
    for (w, &n) in counts.iter().enumerate().take(MAX_WIDTH + 1).skip(MIN_WIDTH) {
        if n >= most {
            (width, most) = (w, n);
        }
    }
    let near = |w: usize| w + SHORT >= width && w <= width + LONG;
    // Lines wider than the screen: a caption or a chat message around the terminal's text,
    // copied from elsewhere; a few only.
    let wider: u32 = counts.iter().skip(width + LONG + 1).sum();
    let reaching: u32 = counts.iter().enumerate().filter(|&(w, _)| near(w)).map(|(_, &n)| n).sum();
    if width == 0 || wider * 16 > nonblank.max(16) || reaching < 6 || reaching * 4 < nonblank {
        return None;
    }
    // Pass two: the line breaks to remove, and those that stand for a space.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut spaces: Vec<usize> = Vec::new();
    let mut blocks = 0;
    let (mut block, mut last_block) = (0usize, usize::MAX);
    let mut lines = paste.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    });
    // Each block's own width (a screen turned or resized between commands): the commonest
    // width near the paste's among its lines, the wider of two as common.
    let low = width.saturating_sub(SHORT);
    let mut tallies: Vec<[u16; SHORT + LONG + 1]> = vec![[0; SHORT + LONG + 1]];
    for line in paste.split('\n') {
        let text = line.trim_ws_end();
        if text.is_empty() || is_prompt(text) {
            tallies.push([0; SHORT + LONG + 1]);
        }
        let reach = columns(text).unwrap_or(0);
        if let Some(last) = tallies.last_mut().filter(|_| near(reach)) {
            last[reach - low] += 1;
        }
    }
    let widths: Vec<usize> = tallies.iter().map(|tally| tally.iter().enumerate().max_by_key(|&(_, &n)| n).filter(|&(_, &n)| n > 0).map_or(width, |(i, _)| low + i)).collect();
    let (mut current, mut joined, mut command, mut joins, mut spaced) = (lines.next(), false, false, 0, 0);
    // A table whose header wrapped onto an indented line: the block and that indent. Its rows
    // wrap onto the same indent however short their first halves look (a row's trailing
    // column padding is trimmed by the copy, so they fall short of any width).
    let mut halves: Option<(usize, usize)> = None;
    while let Some((start, line)) = current {
        let next = lines.next();
        let text = line.trim_ws_end();
        // Blocks: split at blank lines and at prompts (each command's output is one).
        let prompt = !text.is_empty() && is_prompt(text);
        if text.is_empty() || prompt {
            block += 1;
        }
        if !joined {
            command = prompt;
        }
        let reach = columns(text).unwrap_or(usize::MAX);
        // A row's second half is followed by the next row when the table's rows wrap in two.
        let continuation = joined;
        let row_after_half = |after: &str| continuation && halves.is_some_and(|(b, _)| b == block) && indent(after) == 0 && gaps(after) > 0;
        joined = false;
        // A line short of its block's width lost the spaces it ended in (one space, or a
        // table's column gap) unless it simply ended there: only a line the next indents or
        // one without gaps (a command, a message) is continued.
        let short = reach < widths.get(block).copied().unwrap_or(width);
        let follows = next.filter(|&(_, next_line)| {
            let after = next_line.trim_ws_end();
            let second_half = halves == Some((block, indent(after))) && gaps(text) > 0 && gaps(after) > 0;
            !text.is_empty() && !row_after_half(after) && (near(reach) || second_half) && continues(text, after, command) && (!short || next_line.starts_with([' ', '\t']) || gaps(text) == 0 && gaps(after) == 0)
        });
        if let Some((next_start, next_line)) = follows {
            // The line break itself, after any white space the line kept.
            let kept = line.trim_end_matches(['\n', '\r']);
            let end = start + kept.len();
            // A line short of the width lost the spaces it ended in: its break reads as one.
            if short && kept.len() == text.len() && !next_line.starts_with([' ', '\t']) {
                if end + 1 < next_start {
                    cuts.push((end, next_start - 1));
                }
                spaces.push(next_start - 1);
            } else {
                cuts.push((end, next_start));
            }
            (joined, joins) = (true, joins + 1);
            if header_like(text) && indent(next_line) >= 2 {
                halves = Some((block, indent(next_line)));
            }
            spaced += usize::from(kept.len() > text.len() || next_line.starts_with([' ', '\t']));
            if block != last_block {
                (blocks, last_block) = (blocks + 1, block);
            }
        }
        current = next;
    }
    // A screen cuts through a space as readily as through a letter, so some breaks fall
    // before or after one; a mail or chat client's word wrap breaks only at spaces and
    // drops them (its lines end where a word would not fit: that is not this wrap).
    if joins < 4 || blocks < 2 || spaced == 0 {
        return None;
    }
    let mut stripped = Stripped::without(paste, &cuts);
    if !spaces.is_empty() {
        // Same-length replacements of a line feed by a space: offsets in the copy are the
        // paste's less what was cut before them.
        let mut bytes = std::mem::take(&mut stripped.text).into_bytes();
        let (mut cut, mut removed) = (0, 0);
        for at in spaces {
            while cut < cuts.len() && cuts[cut].1 <= at {
                removed += cuts[cut].1 - cuts[cut].0;
                cut += 1;
            }
            bytes[at - removed] = b' ';
        }
        stripped.text = String::from_utf8(bytes).unwrap_or_default();
    }
    Some(Unwrapped { stripped, joins, width })
}

/// A line's width in characters without its trailing white space, or None past any screen.
fn columns(line: &str) -> Option<usize> {
    let text = line.trim_ws_end();
    if text.len() > 4 * (MAX_WIDTH + LONG) {
        return None;
    }
    let width = if text.is_ascii() { text.len() } else { text.chars().count() };
    (width <= MAX_WIDTH + LONG).then_some(width)
}

/// How many spaces a line starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The first word of a line after its indentation.
fn first_word(line: &str) -> &str {
    let text = line.trim_start_matches(' ');
    text.split(' ').next().unwrap_or("")
}

/// Whether `next` continues `line` (which reached the screen's width) rather than starting
/// a line of its own; `command` when the line is (a piece of) a command after a prompt.
fn continues(line: &str, next: &str, command: bool) -> bool {
    if next.is_empty() || is_prompt(next) || next.starts_with("```") || matches!(next, "{" | "[" | "}" | "]") || crate::detect::is_log_line(next) {
        return false;
    }
    // A command's output below it, indented or in columns: a command wraps onto the
    // screen's first column, and its words are seldom two spaces apart.
    if command && (next.starts_with("  ") || header_like(next) || gaps(next) > 0) {
        return false;
    }
    let (here, there) = (indent(line), indent(next));
    // A row or record like the line above: the same first word's start at the same indent.
    let (first, second) = (first_word(line), first_word(next));
    if here == there && first.len() >= 3 && second.len() >= 3 && first.as_bytes()[..3] == second.as_bytes()[..3] {
        return false;
    }
    // A describe or YAML field at the line's own indentation, a list item at or left of it.
    if here == there && (line.contains(": ") || line.ends_with(':')) && second.len() > 1 && second.ends_with(':') && second[..second.len() - 1].bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)) {
        return false;
    }
    if there <= here && next.trim_start_matches(' ').starts_with("- ") && !line.ends_with(' ') {
        return false;
    }
    // A table's rule under its header; a line as indented as the one above (the rows of an
    // indented table, a YAML block, a quoted reply): the screen's wrap starts at its edge.
    if is_pipe_filler(line) || is_pipe_filler(next) || here == there && here > 0 {
        return false;
    }
    // A table row's indented second half, then the next row at the first column.
    if here > 0 && there == 0 && gaps(line) > 0 && gaps(next) > 0 {
        return false;
    }
    // A table row of the line's own shape: both as wide, with a column gap at the same places.
    if line.len() == next.len() && gaps(line) > 0 && gaps(line) == gaps(next) && shared_gaps(line, next) == gaps(line) {
        return false;
    }
    true
}

/// A line that starts a command: a prompt (`$ `, `user@host:~$ `) before it.
fn is_prompt(line: &str) -> bool {
    line.starts_with("$ ") || line.starts_with("# ") || line.starts_with("> ") || crate::segment::prompt_command(line).is_some()
}

/// A table header's start: a word in capitals (`NAME`, `LAST SEEN`) before a column gap.
fn header_like(line: &str) -> bool {
    let word = line.split("  ").next().unwrap_or("");
    word.len() >= 2 && word.len() < line.len() && word.bytes().all(|b| b.is_ascii_uppercase() || b == b' ' || b == b'_')
}

/// How many column gaps (two spaces or more, between text) a line has.
fn gaps(line: &str) -> usize {
    gap_ends(line).count()
}

fn gap_ends(line: &str) -> impl Iterator<Item = usize> + '_ {
    let b = line.as_bytes();
    (2..b.len()).filter(move |&i| b[i] != b' ' && b[i - 1] == b' ' && b[i - 2] == b' ' && b[..i].iter().any(|&c| c != b' '))
}

fn shared_gaps(line: &str, next: &str) -> usize {
    let b = next.as_bytes();
    gap_ends(line).filter(|&i| i < b.len() && b[i] != b' ' && b[i - 1] == b' ' && b[i - 2] == b' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// A session on a 40-column screen: a command, a table and log records broken mid-word.
    const WRAPPED: &str = "\
ops@bastion:~$ kubectl -n kiln get pods
NAME                          READY   ST
ATUS             RESTARTS   AGE
glaze-worker-6c9d7f8b5-2kx9p  0/1     Cr
ashLoopBackOff   7          14m
glaze-worker-6c9d7f8b5-q7m4z  1/1     Ru
nning            0          3d

ops@bastion:~$ kubectl -n kiln logs glaz
e-worker-6c9d7f8b5-2kx9p --previous
2026-03-02T08:14:07Z INFO loading recipe
 table from /etc/kiln/recipes.yaml
2026-03-02T08:14:07Z ERROR recipe table
invalid: duplicate key \"celadon\" at line
 41

ops@bastion:~$ kubectl -n kiln describe
po/glaze-worker-6c9d7f8b5-2kx9p | grep -
A3 'Last State'
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
";

    #[test]
    fn a_narrow_screens_wrap_is_rejoined_and_quotes_map_back() {
        let unwrapped = strip(WRAPPED).expect("wrapped");
        assert_eq!(unwrapped.width, 40);
        let text = &unwrapped.stripped.text;
        assert!(text.contains("\nNAME                          READY   STATUS             RESTARTS   AGE\n"), "{text}");
        assert!(text.contains("0/1     CrashLoopBackOff   7          14m\n"), "{text}");
        assert!(text.contains("logs glaze-worker-6c9d7f8b5-2kx9p --previous\n"), "{text}");
        assert!(text.contains("INFO loading recipe table from /etc/kiln/recipes.yaml\n"), "{text}");
        assert!(text.contains("ERROR recipe table invalid: duplicate key \"celadon\" at line 41\n"), "{text}");
        assert!(text.contains("describe po/glaze-worker-6c9d7f8b5-2kx9p | grep -A3 'Last State'\n"), "{text}");
        // New records, prompts and the describe's fields stay lines of their own.
        assert!(text.contains("\n2026-03-02T08:14:07Z ERROR"), "{text}");
        assert!(text.contains("\n\nops@bastion:~$ kubectl -n kiln describe"), "{text}");
        assert!(text.contains("\n    Last State:     Terminated\n      Reason:       Error\n"), "{text}");
        // A quote of rejoined words is the paste's text, line break and all.
        let start = text.find("CrashLoopBackOff").unwrap() as u32;
        let quoted = unwrapped.stripped.quote(Span { start, end: start + "CrashLoopBackOff".len() as u32 });
        assert_eq!(&WRAPPED[quoted.start as usize..quoted.end as usize], "Cr\nashLoopBackOff");
    }

    #[test]
    fn the_wrapped_paste_is_read_rejoined_with_a_warning() {
        let out = crate::ingest::ingest(WRAPPED);
        assert!(out.warnings.iter().any(|w| w.message.contains("hard-wrapped at about 40 columns")), "{:?}", out.warnings);
        assert!(out.facts.len() > 0);
        for fact in out.facts.all() {
            assert!(WRAPPED.get(fact.span.start as usize..fact.span.end as usize).is_some());
        }
    }

    #[test]
    fn rows_wrapped_onto_the_headers_indent_are_rejoined_however_short() {
        // A 44-column screen: the copy trimmed each row's padding before the wrap, so the
        // first halves fall well short of the width; the second halves share the header's.
        let paste = "\
ops@jump:~$ kubectl -n loom get cronjobs
NAME              SCHEDULE      TIMEZONE
    SUSPEND   ACTIVE   LAST SCHEDULE   AGE
weft-rollup       */10 * * * *  <none>
    False     0        4m              90d
warp-export       15 2 * * *    America/Bog
ota  False     1        3d2h            90d
shuttle-sync      0 * * * *     <none>
    False     0        31m             12d

ops@jump:~$ kubectl -n loom logs warp-expo
rt-29110935-x8kq2 --tail=2
2026-05-11T02:15:09Z INFO exporting bolts
 for 2026-05-10 to the archive bucket now
";
        let unwrapped = strip(paste).expect("wrapped");
        let text = &unwrapped.stripped.text;
        assert!(text.contains("\nweft-rollup       */10 * * * *  <none>    False     0        4m              90d\n"), "{text}");
        assert!(text.contains("\nshuttle-sync      0 * * * *     <none>    False     0        31m             12d\n"), "{text}");
        let out = crate::ingest::ingest(paste);
        let names: Vec<String> = out.facts.all().iter().map(|f| out.facts.entity_of(f.subject).name.to_string()).collect();
        for name in ["weft-rollup", "warp-export", "shuttle-sync"] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        assert!(out.unparsed.iter().all(|u| !u.reason.contains("columns")), "{:?}", out.unparsed);
    }

    #[test]
    fn equal_length_table_rows_are_no_wrap() {
        let paste = "\
$ kubectl -n kiln get pods
NAME                          READY   STATUS    RESTARTS   AGE
glaze-worker-6c9d7f8b5-2kx9p  1/1     Running   0          14m
glaze-worker-6c9d7f8b5-q7m4z  1/1     Running   0          3d1
glaze-worker-6c9d7f8b5-w2d8n  1/1     Running   0          3d1
kiln-timer-5f7c9d8b6-hh2k4    1/1     Running   0          3d1
kiln-timer-5f7c9d8b6-p9x7c    1/1     Running   0          3d1

$ kubectl -n kiln get deploy
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
glaze-worker   3/3     3            3           40d
kiln-timer     2/2     2            2           40d
";
        assert!(strip(paste).is_none());
    }

    #[test]
    fn indented_yaml_and_describe_are_no_wrap() {
        let paste = "\
$ kubectl -n kiln get deploy glaze-worker -o yaml
spec:
  template:
    spec:
      containers:
      - name: glaze-worker
        image: registry.kiln.example/glaze-worker:4.2.0
        env:
        - name: RECIPES_PATH
          value: /etc/kiln/recipes/production-recipes.yaml
        - name: KILN_TEMPERATURE_PROFILE_DEFAULT
          value: cone-six-oxidation-slow-cool
        volumeMounts:
        - mountPath: /etc/kiln/recipes/production
          name: recipes-volume-production-mount

$ kubectl -n kiln describe pod glaze-worker-6c9d7f8b5-2kx9p
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 02 Mar 2026 08:14:07 +0000
      Finished:     Mon, 02 Mar 2026 08:14:08 +0000
    Ready:          False
";
        assert!(strip(paste).is_none());
    }

    #[test]
    fn prose_wrapped_at_its_words_is_no_wrap() {
        let paste = "\
Hi all, the glaze worker has been restarting since the recipe change
went out this morning. I think the recipe table has a duplicate key
but I could not find it in the repository, so it may have come from
the config map that was edited by hand last week during the kiln
outage. Could someone with access to the cluster check the config
map and compare it with what is in git? I will be back after lunch.

Thanks, and sorry for the noise on the channel this week, it has
been a rough one for the whole team with the kiln outage and the
recipe migration both landing in the same sprint, again.
";
        assert!(strip(paste).is_none());
    }

    #[test]
    fn ordinary_pastes_with_long_lines_are_left_at_once() {
        let long = format!("{}\n", "x".repeat(300));
        assert!(strip(&long.repeat(20)).is_none());
        assert!(strip("short\n").is_none());
    }
}

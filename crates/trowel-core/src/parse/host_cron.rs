//! Cron files on a host that the cron daemon never reads: a drop-in under `/etc/cron.d/`
//! (or a script under `/etc/cron.daily/` and its siblings) whose name breaks the run-parts
//! naming rule. Debian's and Ubuntu's cron read only files named with letters, digits, `_`
//! and `-`; a templated `backup.cron` or `export.sh` is skipped without a word in any log,
//! so its jobs simply stop running.
//!
//! Any mention of such a path is read (a `cat`, an `ls`, a config-management task's `dest`),
//! as `CronFileIgnored` on a CronJob named after the file. A name that is skipped on purpose
//! (a leading dot, a package manager's `.dpkg-old`/`.rpmsave` leftovers, `~` backups,
//! `.disabled`) says nothing. `run-parts --list <dir>` prints the files it would run: its
//! output is read as `CronFileListed`, so inference can see that the odd name is indeed left out.

use crate::ascii::Set;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// Directories whose files cron picks by the run-parts naming rule.
const CRON_DIRS: &[&str] = &["/etc/cron.d/", "/etc/cron.hourly/", "/etc/cron.daily/", "/etc/cron.weekly/", "/etc/cron.monthly/"];

/// Endings of names left out on purpose: package managers' copies and switched-off files.
const SKIPPED_ON_PURPOSE: &[&str] = &[".dpkg-old", ".dpkg-dist", ".dpkg-new", ".dpkg-bak", ".dpkg-tmp", ".rpmsave", ".rpmnew", ".rpmorig", ".ucf-old", ".ucf-dist", ".disabled", ".bak", ".orig", ".old", "~"];

pub fn parse(cx: &mut Cx<'_>) {
    let whole = cx.artifact.span.text(cx.paste);
    if memchr::memmem::find(whole.as_bytes(), b"/etc/cron.").is_none() {
        return;
    }
    let listing = cx.artifact.command.as_ref().is_some_and(|c| c.program == "run-parts" && c.args.iter().any(|a| a == "--list" || a == "--test"));
    let lines: Vec<_> = cx.lines().collect();
    // A command that names the file (`cat /etc/cron.d/x.cron`) prints its content: the first
    // line that is not a comment (a schedule, a setting) quotes it.
    if let Some(command) = &cx.artifact.command {
        let content = lines.iter().map(|l| l.trimmed()).find(|l| !l.is_blank() && !l.text.starts_with('#')).or_else(|| lines.first().map(|l| l.trimmed()));
        if let Some(content) = content {
            for (path, name) in command.args.iter().flat_map(|a| cron_paths(a)) {
                if is_skipped_by_run_parts(name) {
                    let file = cx.entity(EntityKind::CronJob, None, name);
                    cx.fact(file, Predicate::CronFileIgnored, Value::text(path), content.span);
                }
            }
        }
    }
    for line in lines {
        let span = line.trimmed().span;
        for (path, name) in cron_paths(line.text) {
            let file = cx.entity(EntityKind::CronJob, None, name);
            if listing {
                cx.fact(file, Predicate::CronFileListed, Value::text(path), span);
            } else if is_skipped_by_run_parts(name) {
                cx.fact(file, Predicate::CronFileIgnored, Value::text(path), span);
            }
        }
    }
}

/// The files of cron's directories a text names, as `(path, file name)`.
fn cron_paths(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"/etc/cron.").is_none() {
        return out;
    }
    for dir in CRON_DIRS {
        let mut from = 0;
        while let Some(at) = text[from..].find(dir).map(|i| from + i) {
            let name_at = at + dir.len();
            let name_len = text[name_at..].find(|c: char| c.is_whitespace() || "'\"`,;:)]}".contains(c)).unwrap_or(text.len() - name_at);
            from = name_at + name_len;
            let name = &text[name_at..from];
            if !name.is_empty() && !name.contains('/') {
                out.push((&text[at..from], name));
            }
        }
    }
    out
}

/// Whether run-parts skips a file of this name although nobody meant it to: a character
/// other than letters, digits, `_` and `-` (a dotted ending above all), not a leading dot
/// and not one of the endings left out on purpose.
fn is_skipped_by_run_parts(name: &str) -> bool {
    let valid = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    !name.starts_with('.') && !name.chars().all(valid) && !SKIPPED_ON_PURPOSE.iter().any(|end| name.ends_with(end)) && !name.contains_of(b"*?${<")
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines as facts;

    #[test]
    fn a_dotted_cron_drop_in_is_ignored_and_run_parts_lists_the_others() {
        let paste = "$ cat /etc/cron.d/gl-export.cron\n30 1 * * * finbatch /opt/bin/gl_export\n\n$ ls /etc/cron.d/\ne2scrub_all  sysstat  .placeholder  old.dpkg-dist  /etc/cron.d/*.cron\n\n$ run-parts --list /etc/cron.d\n/etc/cron.d/e2scrub_all\n/etc/cron.d/sysstat\n";
        let found = facts(paste);
        assert!(found.iter().any(|f| f == "cronjob gl-export.cron · CronFileIgnored · /etc/cron.d/gl-export.cron"), "{found:?}");
        assert!(found.iter().any(|f| f == "cronjob sysstat · CronFileListed · /etc/cron.d/sysstat"), "{found:?}");
        assert_eq!(found.iter().filter(|f| f.contains("CronFileIgnored")).count(), 1, "{found:?}");
    }
}

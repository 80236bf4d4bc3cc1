//! Error kinds, the exit codes they map to, and how an error reaches the user:
//! one line on stderr, `apsc: ` and the chain of contexts, never a backtrace.
//! This module depends on nothing else in the crate.

use std::fmt;
use std::io;
use std::process::ExitCode;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Also a closed pipe on stdout.
    Success = 0,
    CheckFailed = 1,
    /// Bad arguments, unknown report, partner or parameter, refused statement.
    Usage = 2,
    /// Invalid seed data, every problem listed as `file:line: what is wrong`.
    Data = 3,
    /// Cannot open or create, not apsc's, damaged, newer schema, query failed.
    Database = 4,
    /// A file outside the database: a seed directory, an output.
    File = 5,
}

/// An error apsc raises itself, each kind with its exit code; errors from
/// libraries keep their own types, mapped in [`exit_for`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// The database cannot be used as it is.
    #[error("{0}")]
    Database(String),
    /// The database file is damaged; `seed --reset` can rebuild it.
    #[error("{0}")]
    Corrupt(String),
    /// A file outside the database cannot be read or written.
    #[error("{0}")]
    File(String),
    /// `apsc check` ran and found problems; its report is already printed.
    #[error("{failed} of {total} checks failed")]
    CheckFailed { failed: usize, total: usize },
}

/// Shorthands for an error of each kind as an `anyhow::Error`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Error::Usage(message.into()).into()
}

pub fn database(message: impl Into<String>) -> anyhow::Error {
    Error::Database(message.into()).into()
}

pub fn corrupt(message: impl Into<String>) -> anyhow::Error {
    Error::Corrupt(message.into()).into()
}

pub fn file(message: impl Into<String>) -> anyhow::Error {
    Error::File(message.into()).into()
}

/// True when some cause in the chain is of the given kind.
pub fn is_kind(err: &anyhow::Error, kind: fn(&Error) -> bool) -> bool {
    err.chain()
        .any(|cause| cause.downcast_ref::<Error>().is_some_and(kind))
}

/// One thing wrong with the seed, at a file and (usually) a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Everything wrong with a seed; nothing was loaded.
#[derive(Debug)]
pub struct Problems(pub Vec<Problem>);

/// A mistake repeated down a long file is told by its first few problems,
/// and a count of the rest.
const SHOWN_PER_FILE: usize = 50;

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let n = self.0.len();
        write!(f, "{n} problem{} in the seed, nothing was loaded", s(n))?;
        // Each file's count, in the order the files first come.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for problem in &self.0 {
            let at = counts.iter().position(|(file, _)| *file == problem.file);
            let at = at.unwrap_or_else(|| {
                counts.push((&problem.file, 0));
                counts.len() - 1
            });
            counts[at].1 += 1;
            if counts[at].1 <= SHOWN_PER_FILE {
                write!(f, "\n{problem}")?;
            }
        }
        for (file, count) in counts.into_iter().filter(|&(_, n)| n > SHOWN_PER_FILE) {
            let (more, first) = (count - SHOWN_PER_FILE, SHOWN_PER_FILE);
            let s = s(more);
            write!(
                f,
                "\n{file}: {more} more problem{s}, not shown (the first {first} are)"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// The exit code for an error: the first cause in the chain that has a kind
/// decides; an error of no known kind is a database error, since everything
/// else apsc does is raised with a kind.
pub fn exit_for(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        return match cause.downcast_ref::<Error>() {
            Some(Error::Usage(_)) => Exit::Usage,
            Some(Error::Database(_) | Error::Corrupt(_)) => Exit::Database,
            Some(Error::File(_)) => Exit::File,
            Some(Error::CheckFailed { .. }) => Exit::CheckFailed,
            None if cause.is::<Problems>() => Exit::Data,
            None if cause.is::<rusqlite::Error>() || cause.is::<refinery::Error>() => {
                Exit::Database
            }
            None if cause.is::<io::Error>() => Exit::File,
            None => match cause.downcast_ref::<csv::Error>() {
                Some(csv) if csv.is_io_error() => Exit::File,
                Some(_) => Exit::Data,
                None => continue,
            },
        };
    }
    Exit::Database
}

/// True when the error is only a closed pipe on the other end of stdout
/// (`apsc ... | head`), which is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let closed = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    err.chain()
        .any(|cause| cause.downcast_ref().is_some_and(closed))
}

/// The error as one line: each context, then the cause, joined by `: `.
/// SQLite's errors are given in its words only: not its numeric code, and
/// not twice (rusqlite's error repeats itself as its own source).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        if cause.is::<rusqlite::ffi::Error>() {
            continue;
        }
        let text = match cause.downcast_ref::<rusqlite::Error>() {
            // A CHECK that failed quotes its SQL, over several lines.
            Some(rusqlite::Error::SqliteFailure(_, Some(message))) => {
                message.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            Some(rusqlite::Error::SqliteFailure(code, None)) => {
                rusqlite::ffi::code_to_str(code.extended_code).to_string()
            }
            // refinery quotes the whole failed migration after its first line.
            _ if cause.is::<refinery::Error>() => match cause.to_string().split_once('\n') {
                Some((first, _)) => format!("{first} …"),
                None => cause.to_string(),
            },
            _ => cause.to_string(),
        };
        // A context that only repeats its cause adds nothing.
        if parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    readable(&parts.join(": "))
}

/// The message with what a terminal cannot show put in words: a damaged
/// file's bytes come back from SQLite as runs of U+FFFD (or control
/// characters), which would otherwise reach the terminal as they are.
fn readable(message: &str) -> String {
    let unreadable = |c: char| c == '\u{fffd}' || (c.is_control() && c != '\n');
    let (mut out, mut rest) = (String::new(), message);
    while let Some(start) = rest.find(unreadable) {
        let after = rest[start..].trim_start_matches(unreadable);
        let n = rest[start..rest.len() - after.len()].chars().count();
        let s = if n == 1 { "" } else { "s" };
        out += &format!("{}<{n} unreadable character{s}>", &rest[..start]);
        rest = after;
    }
    out + rest
}

/// Print the error as `apsc: context: cause` and return its exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return ExitCode::SUCCESS;
    }
    eprintln!("apsc: {}", one_line(err));
    ExitCode::from(exit_for(err) as u8)
}

/// Print a command-line parsing error (or help, or version) the way clap does,
/// with exit code 0 for help and version and 2 for a usage error.
pub fn clap_exit(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    eprintln!("apsc: {}", clap_line(&err.render().to_string()));
    ExitCode::from(Exit::Usage as u8)
}

/// clap's message for a usage error as one line: what is wrong and clap's
/// tip, without the usage block (`--help` shows it).
fn clap_line(rendered: &str) -> String {
    let message = |l: &&str| !l.starts_with("Usage:") && !l.starts_with("For more information");
    let parts = rendered.lines().map(str::trim).take_while(message);
    let mut line = String::new();
    for part in parts.filter(|l| !l.is_empty()) {
        // A line that ends in a colon leads into the next ("were not provided:").
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(part.strip_prefix("error: ").unwrap_or(part));
    }
    format!("{line} (see --help)")
}

/// A panic is a bug, but it still reaches the user as one line, not a
/// backtrace; except a panic over a closed pipe (`println!` panics when a
/// write to stdout fails), which is a closed pipe like any other: success,
/// and no message.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = (payload.downcast_ref::<&str>().copied())
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown cause");
        if is_closed_pipe_panic(message) {
            std::process::exit(0);
        }
        let at = |l: &std::panic::Location| format!(" at {}:{}", l.file(), l.line());
        let place = info.location().map(at).unwrap_or_default();
        eprintln!("apsc: internal error{place}: {message} (please report this)");
    }));
}

/// True for a panic's message that tells of a write into a closed pipe, in
/// the words of `io::Error`'s Display (`Broken pipe (os error 32)`) or Debug.
fn is_closed_pipe_panic(message: &str) -> bool {
    message.contains("Broken pipe") || message.contains("BrokenPipe")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_files_bytes_in_a_message_are_named_not_printed() {
        let err = anyhow::anyhow!("near \"\u{fffd}\u{fffd}\u{fffd}\x1b[2J\": syntax error");
        assert_eq!(
            one_line(&err),
            "near \"<4 unreadable characters>[2J\": syntax error"
        );
        let err = anyhow::anyhow!("one \u{fffd} here");
        assert_eq!(one_line(&err), "one <1 unreadable character> here");
    }

    #[test]
    fn each_kind_maps_to_its_documented_code() {
        assert_eq!(exit_for(&usage("x")), Exit::Usage);
        assert_eq!(exit_for(&database("x")), Exit::Database);
        assert_eq!(exit_for(&corrupt("x")), Exit::Database);
        assert_eq!(exit_for(&file("x")), Exit::File);
        let check: anyhow::Error = Error::CheckFailed {
            failed: 1,
            total: 2,
        }
        .into();
        assert_eq!(exit_for(&check), Exit::CheckFailed);
        let problems: anyhow::Error = Problems(vec![]).into();
        assert_eq!(exit_for(&problems), Exit::Data);
    }

    #[test]
    fn a_file_shows_its_first_problems_and_counts_the_rest() {
        let problem = |file: &str, line: u64| Problem {
            file: file.to_string(),
            line: Some(line),
            message: "unknown area 'nowhere'".to_string(),
        };
        let extra = 7;
        let mut all: Vec<Problem> = (1..=(SHOWN_PER_FILE + extra) as u64)
            .map(|line| problem("meetings.csv", line + 1))
            .collect();
        all.insert(3, problem("areas.csv", 4));
        let total = all.len();
        let text = Problems(all).to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!("{total} problems in the seed, nothing was loaded")
        );
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.starts_with("meetings.csv:"))
                .count(),
            SHOWN_PER_FILE + 1
        );
        assert!(lines.contains(&"areas.csv:4: unknown area 'nowhere'"));
        let last = SHOWN_PER_FILE as u64 + 1;
        assert!(lines.contains(&format!("meetings.csv:{last}: unknown area 'nowhere'").as_str()));
        assert!(!text.contains(&format!("meetings.csv:{}:", last + 1)));
        assert_eq!(
            *lines.last().unwrap(),
            format!(
                "meetings.csv: {extra} more problems, not shown (the first {SHOWN_PER_FILE} are)"
            )
        );
        // Fewer than the limit: every one, and no count.
        let few = Problems(vec![problem("a.csv", 2), problem("a.csv", 3)]).to_string();
        assert_eq!(few.lines().count(), 3);
        assert!(!few.contains("not shown"));
    }

    #[test]
    fn the_innermost_context_does_not_hide_the_kind() {
        let err = usage("bad flag").context("running the report");
        assert_eq!(exit_for(&err), Exit::Usage);
        let io = anyhow::Error::new(io::Error::other("disk")).context("writing out.csv");
        assert_eq!(exit_for(&io), Exit::File);
    }

    #[test]
    fn corrupt_is_told_apart_by_kind_not_by_words() {
        let err = corrupt("anything at all").context("opening x.db");
        assert!(is_kind(&err, |e| matches!(e, Error::Corrupt(_))));
        let err = database("x.db is damaged").context("opening x.db");
        assert!(!is_kind(&err, |e| matches!(e, Error::Corrupt(_))));
    }

    #[test]
    fn sqlite_errors_read_without_codes_or_repetition() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let err = conn.execute_batch("SELEC 1").unwrap_err();
        let line = one_line(&anyhow::Error::new(err).context("running the SQL"));
        assert!(
            line.starts_with("running the SQL: near \"SELEC\": syntax error"),
            "{line}"
        );
        assert!(!line.contains("Error code"), "{line}");
        assert_eq!(line.matches("syntax error").count(), 1, "{line}");
    }

    #[test]
    fn clap_errors_become_one_line_with_their_tip() {
        let rendered = "error: unexpected argument '--fromat' found\n\n  tip: a similar argument exists: '--format'\n\nUsage: apsc report --format <FORMAT> <NAME>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            clap_line(rendered),
            "unexpected argument '--fromat' found; tip: a similar argument exists: '--format' (see --help)"
        );
    }

    #[test]
    fn a_closed_pipe_is_success() {
        let err = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&usage("x")));
        // `println!`'s panic, and a library's `expect` on a failed write.
        let os = io::Error::from_raw_os_error(32);
        assert!(is_closed_pipe_panic(&format!(
            "failed printing to stdout: {os}"
        )));
        assert!(is_closed_pipe_panic(&format!("failed to write: {os:?}")));
        assert!(!is_closed_pipe_panic("index out of bounds"));
    }
}

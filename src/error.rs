//! Error kinds, the exit codes they map to, and how an error reaches the user:
//! one line on stderr, `apsc: ` and the chain of contexts, never a backtrace.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success (a closed pipe on stdout counts as success) |
//! | 1 | `apsc check` found a problem |
//! | 2 | usage error: bad arguments, unknown report, partner or parameter, refused statement |
//! | 3 | invalid seed data: every problem is listed as `file:line: what is wrong` |
//! | 4 | database error: cannot open or create, not an apsc database, newer schema, query failed |
//! | 5 | file error outside the database: reading a seed directory, writing output |

use std::fmt;
use std::io;
use std::process::ExitCode;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Success = 0,
    CheckFailed = 1,
    Usage = 2,
    Data = 3,
    Database = 4,
    File = 5,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// The user asked for something that cannot be done as asked.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Shorthand for a usage error as an `anyhow::Error`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Input data (a seed file, a seed directory) is not what it must be.
#[derive(Debug)]
pub struct DataError(pub String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

/// The database cannot be used as it is.
#[derive(Debug)]
pub struct DatabaseError(pub String);

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DatabaseError {}

/// Shorthand for a database error as an `anyhow::Error`.
pub fn database(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(DatabaseError(message.into()))
}

/// `apsc check` ran and found problems; its report is already printed.
#[derive(Debug)]
pub struct CheckFailed {
    pub failed: usize,
    pub total: usize,
}

impl fmt::Display for CheckFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} checks failed", self.failed, self.total)
    }
}

impl std::error::Error for CheckFailed {}

/// The exit code for an error: the first cause in the chain that has a kind decides.
pub fn exit_for(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if cause.is::<CheckFailed>() {
            return Exit::CheckFailed;
        }
        if cause.is::<UsageError>() {
            return Exit::Usage;
        }
        if cause.is::<DataError>() || cause.is::<crate::seed::Problems>() {
            return Exit::Data;
        }
        if cause.is::<DatabaseError>()
            || cause.is::<rusqlite::Error>()
            || cause.is::<refinery::Error>()
        {
            return Exit::Database;
        }
        if cause.is::<io::Error>() {
            return Exit::File;
        }
        if let Some(err) = cause.downcast_ref::<csv::Error>() {
            return if err.is_io_error() {
                Exit::File
            } else {
                Exit::Data
            };
        }
    }
    Exit::Database
}

/// True when the error is only a closed pipe on the other end of stdout
/// (`apsc ... | head`), which is not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
            })
    })
}

/// Print the error as `apsc: context: cause` and return its exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(err) {
        return Exit::Success.into();
    }
    eprintln!("apsc: {err:#}");
    exit_for(err).into()
}

/// Print a command-line parsing error (or help, or version) the way clap does,
/// with exit code 0 for help and version and 2 for a usage error.
pub fn clap_exit(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    if err.use_stderr() {
        Exit::Usage.into()
    } else {
        Exit::Success.into()
    }
}

/// A panic is a bug, but it still reaches the user as one line, not a backtrace.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("apsc: internal error{place}: {message} (please report this)");
    }));
}

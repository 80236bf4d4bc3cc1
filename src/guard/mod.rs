//! The guard on ad-hoc SQL: an authorizer that refuses what would change the
//! file or reach outside it; SQLite's defensive mode and size limits; a time
//! limit on the query (not on the wait for a slow reader). A refusal, an
//! interruption or an SQL error becomes one line that says why and what to do.

mod stopwatch;
mod verdict;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, ErrorCode};

pub use stopwatch::Stopwatch;
pub use verdict::{Mode, Refusal, statement_verdict, vacuum, verdict};

use crate::error;
use crate::output::WriteWatch;

/// The largest string or blob a statement may make: bounds `zeroblob`,
/// `randomblob`, `printf('%.*c', ...)` and their kin.
pub const MAX_VALUE_BYTES: i32 = 100 * 1024 * 1024;

/// The longest SQL text accepted.
pub const MAX_SQL_BYTES: i32 = 10 * 1024 * 1024;

/// The guard installed on a connection; keeps what it refused and whether
/// the time limit fired, to explain an error afterwards.
pub struct Guard {
    refused: Arc<Mutex<Option<Refusal>>>,
    timed_out: Arc<AtomicBool>,
    clock: Arc<Stopwatch>,
    timeout: Option<Duration>,
    mode: Mode,
    /// Set while apsc runs a statement it judged itself: its own BEGIN or
    /// COMMIT, which the user may not run, or a lone VACUUM.
    judged: Arc<AtomicBool>,
}

impl Guard {
    /// Install the guard: defensive mode, limits, the authorizer and the time
    /// limit, whose stopwatch starts now.
    pub fn install(
        conn: &mut Connection,
        mode: Mode,
        timeout: Option<Duration>,
    ) -> anyhow::Result<Guard> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
        conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)?;
        let refused = Arc::new(Mutex::new(None));
        let record = Arc::clone(&refused);
        let judged = Arc::new(AtomicBool::new(false));
        let allow_all = Arc::clone(&judged);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            if allow_all.load(Ordering::Relaxed) {
                return Authorization::Allow;
            }
            match verdict(&ctx.action, ctx.database_name, mode) {
                None => Authorization::Allow,
                Some(why) => {
                    let mut slot = record.lock().unwrap_or_else(|e| e.into_inner());
                    slot.get_or_insert(why);
                    Authorization::Deny
                }
            }
        }))?;
        let timed_out = Arc::new(AtomicBool::new(false));
        let clock = Arc::new(Stopwatch::start());
        if let Some(limit) = timeout {
            let fired = Arc::clone(&timed_out);
            let watch = Arc::clone(&clock);
            conn.progress_handler(
                10_000,
                Some(move || {
                    let over = watch.elapsed() > limit;
                    if over {
                        fired.store(true, Ordering::Relaxed);
                    }
                    over
                }),
            )?;
        }
        Ok(Guard {
            refused,
            timed_out,
            clock,
            timeout,
            mode,
            judged,
        })
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Run apsc's own transaction statement (`BEGIN IMMEDIATE`, `COMMIT`,
    /// `ROLLBACK`), which the guard refuses from the user under `--write`.
    /// Waiting for another process's lock is not the query's time.
    pub fn own_transaction(&self, conn: &Connection, sql: &str) -> rusqlite::Result<()> {
        self.judged.store(true, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let result = conn.execute_batch(sql);
        self.clock.waited(started.elapsed());
        self.judged.store(false, Ordering::Relaxed);
        result
    }

    /// Let a lone VACUUM under `--write`, already judged and the last
    /// statement to run on this connection, do its work: it attaches a
    /// temporary copy of the database, which the guard otherwise refuses.
    pub fn allow_vacuum(&self, conn: &Connection) -> anyhow::Result<()> {
        self.judged.store(true, Ordering::Relaxed);
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1)?;
        Ok(())
    }

    /// The stopwatch of the time limit, for the printer to tell how long its
    /// writes waited.
    pub fn clock(&self) -> Arc<Stopwatch> {
        Arc::clone(&self.clock)
    }

    /// A refusal the guard recorded while a statement was prepared, if any.
    pub fn take_refusal(&self) -> Option<Refusal> {
        self.refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Turn an error from preparing or running a statement into the message
    /// a person needs: why it was refused or stopped, and how to allow it.
    pub fn explain(&self, err: rusqlite::Error) -> anyhow::Error {
        if err.sqlite_error_code() == Some(ErrorCode::AuthorizationForStatementDenied)
            && let Some(refusal) = self.take_refusal()
        {
            return error::usage(refusal.message());
        }
        if let Some(refusal) = sqlite_refusal(&err) {
            return error::usage(refusal);
        }
        if self.timed_out.load(Ordering::Relaxed)
            && err.sqlite_error_code() == Some(ErrorCode::OperationInterrupted)
        {
            let secs = self.timeout.map_or(0.0, |t| t.as_secs_f64());
            return error::database(format!(
                "stopped: the query ran past the time limit of {secs} s; \
                 raise it with --timeout SECONDS (0 for no limit)"
            ));
        }
        if err.sqlite_error_code() == Some(ErrorCode::TooBig) {
            return error::database(format!(
                "stopped: a value grew past the limit of {} MiB",
                MAX_VALUE_BYTES / (1024 * 1024)
            ));
        }
        sql_error(err)
    }
}

/// What SQLite refuses on its own, before the authorizer is asked: a write to
/// the schema table (defensive mode) and extension functions.
fn sqlite_refusal(err: &rusqlite::Error) -> Option<String> {
    let message = match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message,
        rusqlite::Error::SqlInputError { msg, .. } => msg,
        _ => return None,
    };
    if message.contains("may not be modified") {
        return Some(format!(
            "refused: {message}: it is SQLite's own record of the schema; \
             change the schema with CREATE, DROP or ALTER under --write"
        ));
    }
    let function = message.strip_prefix("not authorized to use function: ")?;
    Some(Refusal::Outside(format!("{function}()")).message())
}

/// An SQL error in a person's terms: SQLite's message, and where in the SQL
/// it is, without SQLite's numeric codes.
pub fn sql_error(err: rusqlite::Error) -> anyhow::Error {
    // A problem with the file or its folder, not the SQL: kept as SQLite's
    // error, for the caller, who knows the path, to say in the user's terms.
    if let rusqlite::Error::SqliteFailure(code, _) = &err
        && matches!(
            code.code,
            ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::DiskFull
                | ErrorCode::DatabaseCorrupt
        )
    {
        return anyhow::Error::new(err);
    }
    let message = match &err {
        rusqlite::Error::SqlInputError {
            msg, sql, offset, ..
        } => {
            let at = usize::try_from(*offset).ok().filter(|o| *o <= sql.len());
            match at.and_then(|o| sql.get(..o)) {
                Some(before) => {
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    format!("{msg} (line {line}, column {column})")
                }
                None => msg.clone(),
            }
        }
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        rusqlite::Error::SqliteFailure(e, None) => {
            rusqlite::ffi::code_to_str(e.extended_code).to_string()
        }
        other => other.to_string(),
    };
    let hint = if message.starts_with("no such table") || message.starts_with("no such column") {
        " (`apsc schema` lists the tables, views and columns)"
    } else {
        ""
    };
    error::database(format!("the SQL failed: {message}{hint}"))
}

#[cfg(test)]
mod tests;

//! The guard on ad-hoc SQL. SQLite does the enforcing: without `--write` the
//! file is opened read-only; defensive mode keeps the schema table from being
//! written; an attach limit of 0 keeps every other file out (ATTACH, VACUUM
//! INTO); a length limit bounds every value; a progress handler stops a query
//! past its time, counting query time only. The authorizer then only names
//! what it refuses, as each statement is prepared, before any runs.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, Error, ErrorCode};

use crate::error;

/// Bounds `zeroblob`, `randomblob`, `printf('%.*c', ...)` and their kin.
const MAX_VALUE_BYTES: i32 = 100 * 1024 * 1024;

/// PRAGMAs whose argument only names what to report on.
const REPORTING: &str = "foreign_key_check foreign_key_list index_info index_list index_xinfo \
                         integrity_check quick_check table_info table_list table_xinfo";

const SCHEMA_TABLES: &str = "sqlite_master sqlite_schema sqlite_temp_master sqlite_temp_schema";

/// The guard installed on a connection, and what its callbacks share.
#[derive(Default)]
pub struct Guard {
    /// `--write`: changes, in one transaction of apsc's own. Without it,
    /// queries, and TEMP tables and views, which never touch the file.
    pub write: bool,
    timeout: Option<Duration>,
    /// The first refusal while a statement was prepared.
    refused: Arc<Mutex<Option<String>>>,
    /// Time spent waiting (on a slow reader, on a lock): not query time.
    waited_ns: Arc<AtomicU64>,
    /// Set while apsc runs what it judged itself (its BEGIN and COMMIT, a
    /// lone VACUUM).
    own: Arc<AtomicBool>,
}

impl Guard {
    /// Install the guard; the time limit counts from now.
    pub fn install(
        conn: &mut Connection,
        write: bool,
        timeout: Option<Duration>,
    ) -> anyhow::Result<Guard> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
        let known: HashSet<String> = conn
            .prepare("SELECT name FROM pragma_pragma_list")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let guard = Guard {
            write,
            timeout,
            ..Guard::default()
        };
        let (refused, own) = (Arc::clone(&guard.refused), Arc::clone(&guard.own));
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            if own.load(Relaxed) {
                return Authorization::Allow;
            }
            let Some(why) = refusal(&ctx.action, ctx.database_name, write, &known) else {
                return Authorization::Allow;
            };
            if let Ok(mut first) = refused.lock() {
                first.get_or_insert(why);
            }
            Authorization::Deny
        }))?;
        if let Some(limit) = timeout {
            let (waited_ns, started) = (Arc::clone(&guard.waited_ns), Instant::now());
            let waited = move || Duration::from_nanos(waited_ns.load(Relaxed));
            let over = move || started.elapsed().saturating_sub(waited()) > limit;
            conn.progress_handler(10_000, Some(over))?;
        }
        Ok(guard)
    }

    /// What to call with the time each write to the output waited.
    pub fn wait_counter(&self) -> impl Fn(Duration) + 'static {
        let waited = Arc::clone(&self.waited_ns);
        move |took| _ = waited.fetch_add(took.as_nanos().try_into().unwrap_or(u64::MAX), Relaxed)
    }

    /// Run apsc's own `BEGIN IMMEDIATE`, `COMMIT` or `ROLLBACK`, which the
    /// user may not run under `--write`; a wait for a lock is not query time.
    pub fn own_transaction(&self, conn: &Connection, sql: &str) -> rusqlite::Result<()> {
        self.own.store(true, Relaxed);
        let started = Instant::now();
        let result = conn.execute_batch(sql);
        self.wait_counter()(started.elapsed());
        self.own.store(false, Relaxed);
        result
    }

    /// Let a lone VACUUM under `--write`, the last statement on this
    /// connection, attach the temporary copy it works in.
    pub fn allow_vacuum(&self, conn: &Connection) -> anyhow::Result<()> {
        self.own.store(true, Relaxed);
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1)?;
        Ok(())
    }

    /// An error from preparing or running a statement in a person's terms:
    /// why it was refused or stopped, and how to allow it.
    pub fn explain(&self, err: Error) -> anyhow::Error {
        // A denial always fails the statement, whatever code SQLite gives.
        if let Some(refusal) = self.refused.lock().ok().and_then(|mut r| r.take()) {
            return error::usage(refusal);
        }
        if let Error::SqliteFailure(_, Some(message)) | Error::SqlInputError { msg: message, .. } =
            &err
            && message.contains("may not be modified")
        {
            return error::usage(format!(
                "refused: {message}: it is SQLite's own record of the schema; \
                 change the schema with CREATE, DROP or ALTER under --write"
            ));
        }
        match err.sqlite_error_code() {
            // Only the time limit interrupts a query.
            Some(ErrorCode::OperationInterrupted) => error::database(format!(
                "stopped: the query ran past the time limit of {} s; \
                 raise it with --timeout SECONDS (0 for no limit)",
                self.timeout.unwrap_or_default().as_secs_f64()
            )),
            Some(ErrorCode::TooBig) => error::database(format!(
                "stopped: a value grew past the limit of {} MiB",
                MAX_VALUE_BYTES >> 20
            )),
            _ => sql_error(err),
        }
    }
}

/// The refusal of one action of a statement being prepared, or None.
fn refusal(
    action: &AuthAction<'_>,
    database: Option<&str>,
    write: bool,
    known: &HashSet<String>,
) -> Option<String> {
    use AuthAction::*;
    let (verb, object) = match action {
        Attach { filename } => return Some(outside(&format!("ATTACH of {filename:?}"))),
        Function { function_name } if function_name.eq_ignore_ascii_case("load_extension") => {
            return Some(outside("load_extension()"));
        }
        Pragma {
            pragma_name,
            pragma_value,
        } => return pragma(pragma_name, *pragma_value, write, known),
        Transaction { operation } if write => {
            return Some(in_transaction(&format!("{operation:?}").to_uppercase()));
        }
        Select | Read { .. } | Recursive | Function { .. } => return None,
        Transaction { .. } | Savepoint { .. } => return None,
        _ if write || database.is_some_and(|d| d.eq_ignore_ascii_case("temp")) => return None,
        // CREATE, DROP and ALTER write the schema table first and are named
        // by what they create; the schema table is defensive mode's to refuse.
        Insert { table_name } | Update { table_name, .. } | Delete { table_name }
            if SCHEMA_TABLES
                .split(' ')
                .any(|t| t.eq_ignore_ascii_case(table_name)) =>
        {
            return None;
        }
        Insert { table_name } => ("INSERT into", table_name),
        Update { table_name, .. } => ("UPDATE of", table_name),
        Delete { table_name } => ("DELETE from", table_name),
        CreateTable { table_name } => ("CREATE TABLE", table_name),
        CreateVtable { table_name, .. } => ("CREATE TABLE", table_name),
        CreateIndex { index_name, .. } => ("CREATE INDEX", index_name),
        CreateView { view_name } => ("CREATE VIEW", view_name),
        CreateTrigger { trigger_name, .. } => ("CREATE TRIGGER", trigger_name),
        DropTable { table_name } | DropVtable { table_name, .. } => ("DROP TABLE", table_name),
        DropIndex { index_name, .. } => ("DROP INDEX", index_name),
        DropView { view_name } => ("DROP VIEW", view_name),
        DropTrigger { trigger_name, .. } => ("DROP TRIGGER", trigger_name),
        AlterTable { table_name, .. } => ("ALTER TABLE", table_name),
        Reindex { index_name } => ("REINDEX", index_name),
        Analyze { table_name } => ("ANALYZE", table_name),
        other => return Some(changes(&format!("{other:?}"))),
    };
    Some(changes(&format!("{verb} {object}")))
}

/// A PRAGMA with no value reads a setting; with one, it changes the setting
/// (refused), or names what to report on, or changes what the file holds.
fn pragma(name: &str, value: Option<&str>, write: bool, known: &HashSet<String>) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if !known.contains(&lower) {
        return Some(format!(
            "refused: PRAGMA {name} is not a pragma SQLite knows (`PRAGMA pragma_list` lists them)"
        ));
    }
    let what = value.map_or(format!("PRAGMA {name}"), |v| format!("PRAGMA {name} = {v}"));
    let acts = ["incremental_vacuum", "optimize"].contains(&lower.as_str());
    let stored = ["application_id", "user_version"].contains(&lower.as_str());
    match value {
        _ if acts || (stored && value.is_some()) => (!write).then(|| changes(&what)),
        Some(_) if !REPORTING.split_whitespace().any(|p| p == lower) => Some(format!(
            "refused: {what} would change a setting of the file or of apsc's connection, \
             which apsc keeps as it opened them; the PRAGMA alone reads the setting"
        )),
        _ => None,
    }
}

fn changes(what: &str) -> String {
    format!(
        "refused: {what} would change the database, which is opened read-only; run with --write to allow changes"
    )
}

fn outside(what: &str) -> String {
    format!("refused: {what} is never allowed: apsc reads and writes only its own database file")
}

fn in_transaction(what: &str) -> String {
    format!(
        "refused: {what}: with --write every statement runs in one transaction of apsc's own; \
         leave out BEGIN, COMMIT and ROLLBACK, and run VACUUM on its own"
    )
}

/// The refusal of VACUUM, the one statement the authorizer never sees:
/// VACUUM INTO writes another file; a plain VACUUM needs `--write` and, as
/// it cannot run inside a transaction, to be `alone` in the SQL.
pub fn vacuum_refusal(sql: &str, write: bool, alone: bool) -> Option<String> {
    match (vacuum(sql)?, write, alone) {
        (true, ..) => Some(outside("VACUUM INTO")),
        (false, false, _) => Some(changes("VACUUM")),
        (false, true, false) => Some(in_transaction("VACUUM")),
        (false, true, true) => None,
    }
}

/// `Some(true)` for `VACUUM INTO` (its grammar has no other string),
/// `Some(false)` for a plain VACUUM, None for any other statement.
pub fn vacuum(sql: &str) -> Option<bool> {
    let mut rest = sql.trim_start();
    while let Some((_, close)) = [("--", "\n"), ("/*", "*/")]
        .into_iter()
        .find(|(open, _)| rest.starts_with(open))
    {
        rest = rest[2..]
            .split_once(close)
            .map_or("", |(_, r)| r)
            .trim_start();
    }
    let mut words = rest.split(|c: char| !c.is_alphanumeric() && c != '_');
    let vacuum = words.next()?.eq_ignore_ascii_case("vacuum");
    vacuum.then(|| words.any(|w| w.eq_ignore_ascii_case("into")))
}

/// An SQL error in a person's terms: SQLite's message, and where in the SQL
/// it is, without SQLite's numeric codes. A problem with the file itself is
/// left as SQLite's error, for the caller, who knows the path, to explain.
pub fn sql_error(err: Error) -> anyhow::Error {
    use ErrorCode::*;
    if matches!(
        err.sqlite_error_code(),
        Some(ReadOnly | CannotOpen | DiskFull | DatabaseCorrupt)
    ) {
        return anyhow::Error::new(err);
    }
    let message = match &err {
        Error::SqlInputError {
            msg, sql, offset, ..
        } => match usize::try_from(*offset).ok().and_then(|o| sql.get(..o)) {
            Some(before) => {
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!("{msg} (line {line}, column {column})")
            }
            None => msg.clone(),
        },
        Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        Error::SqliteFailure(e, None) => rusqlite::ffi::code_to_str(e.extended_code).to_string(),
        other => other.to_string(),
    };
    let schema = message.starts_with("no such table") || message.starts_with("no such column");
    let hint = schema.then_some(" (`apsc schema` lists the tables, views and columns)");
    let hint = hint.unwrap_or_default();
    error::database(format!("the SQL failed: {message}{hint}"))
}

#[cfg(test)]
mod tests;

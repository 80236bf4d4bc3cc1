//! The guard on ad-hoc SQL: an authorizer that refuses writes, ATTACH, PRAGMA
//! changes and extension loading; SQLite's defensive mode and size limits; a
//! time limit that interrupts a runaway query. A refusal or an interruption
//! becomes a message that says why and what to do about it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, ErrorCode};

use crate::error;

/// What the guard lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Queries only: the file is opened read-only and every write is refused.
    ReadOnly,
    /// `--write`: changes are allowed; ATTACH and extensions still are not.
    Write,
}

/// The largest string or blob a statement may make: bounds `zeroblob`,
/// `randomblob`, `printf('%.*c', ...)` and their kin.
pub const MAX_VALUE_BYTES: i32 = 100 * 1024 * 1024;

/// The longest SQL text accepted.
pub const MAX_SQL_BYTES: i32 = 10 * 1024 * 1024;

/// Pragmas that only report, whatever their argument.
const QUERY_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
    "database_list",
    "collation_list",
    "function_list",
    "module_list",
    "pragma_list",
    "compile_options",
    "page_count",
    "page_size",
    "freelist_count",
    "encoding",
    "data_version",
];

/// Settings that may be read (no argument) but not changed.
const SETTING_PRAGMAS: &[&str] = &[
    "user_version",
    "schema_version",
    "application_id",
    "journal_mode",
    "foreign_keys",
    "query_only",
    "cache_size",
    "busy_timeout",
    "auto_vacuum",
    "synchronous",
    "locking_mode",
    "max_page_count",
    "recursive_triggers",
    "defer_foreign_keys",
    "secure_delete",
];

/// The guard installed on a connection; keeps what it refused and whether
/// the time limit fired, to explain an error afterwards.
pub struct Guard {
    refused: Arc<Mutex<Option<String>>>,
    timed_out: Arc<AtomicBool>,
    timeout: Option<Duration>,
    mode: Mode,
}

/// Why an action is refused, or None when it is allowed.
fn verdict(action: &AuthAction<'_>, mode: Mode) -> Option<String> {
    use AuthAction::*;
    let never = match action {
        Attach { filename } => Some(format!("ATTACH of {filename:?}")),
        Detach { database_name } => Some(format!("DETACH of {database_name:?}")),
        Function { function_name } if function_name.eq_ignore_ascii_case("load_extension") => {
            Some("load_extension()".to_string())
        }
        _ => None,
    };
    if let Some(what) = never {
        return Some(format!("{what} is never allowed"));
    }
    if mode == Mode::Write {
        return None;
    }
    let write = match action {
        Select
        | Read { .. }
        | Recursive
        | Transaction { .. }
        | Savepoint { .. }
        | Function { .. } => {
            return None;
        }
        // CREATE, DROP and ALTER touch the schema table first and are then
        // checked (and refused) by name; refusing them here would name the
        // schema table instead of the statement. The schema table itself
        // cannot be written: PRAGMA writable_schema is refused below, and
        // the file is open read-only.
        Insert { table_name } | Update { table_name, .. } | Delete { table_name }
            if is_schema_table(table_name) =>
        {
            return None;
        }
        Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            if QUERY_PRAGMAS.contains(&name.as_str())
                || (SETTING_PRAGMAS.contains(&name.as_str()) && pragma_value.is_none())
            {
                return None;
            }
            match pragma_value {
                Some(value) => format!("PRAGMA {pragma_name} = {value}"),
                None => format!("PRAGMA {pragma_name}"),
            }
        }
        Insert { table_name } => format!("INSERT into {table_name}"),
        Update { table_name, .. } => format!("UPDATE of {table_name}"),
        Delete { table_name } => format!("DELETE from {table_name}"),
        CreateTable { table_name } | CreateTempTable { table_name } => {
            format!("CREATE TABLE {table_name}")
        }
        CreateIndex { index_name, .. } | CreateTempIndex { index_name, .. } => {
            format!("CREATE INDEX {index_name}")
        }
        CreateView { view_name } | CreateTempView { view_name } => {
            format!("CREATE VIEW {view_name}")
        }
        CreateTrigger { trigger_name, .. } | CreateTempTrigger { trigger_name, .. } => {
            format!("CREATE TRIGGER {trigger_name}")
        }
        CreateVtable { table_name, .. } => format!("CREATE VIRTUAL TABLE {table_name}"),
        DropTable { table_name } | DropTempTable { table_name } => {
            format!("DROP TABLE {table_name}")
        }
        DropIndex { index_name, .. } | DropTempIndex { index_name, .. } => {
            format!("DROP INDEX {index_name}")
        }
        DropView { view_name } | DropTempView { view_name } => format!("DROP VIEW {view_name}"),
        DropTrigger { trigger_name, .. } | DropTempTrigger { trigger_name, .. } => {
            format!("DROP TRIGGER {trigger_name}")
        }
        DropVtable { table_name, .. } => format!("DROP TABLE {table_name}"),
        AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        Reindex { index_name } => format!("REINDEX {index_name}"),
        Analyze { table_name } => format!("ANALYZE {table_name}"),
        other => format!("{other:?}"),
    };
    Some(format!("{write} would change the database"))
}

fn is_schema_table(name: &str) -> bool {
    [
        "sqlite_master",
        "sqlite_schema",
        "sqlite_temp_master",
        "sqlite_temp_schema",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(name))
}

impl Guard {
    /// Install the guard: authorizer, defensive mode, limits and time limit.
    pub fn install(
        conn: &mut Connection,
        mode: Mode,
        timeout: Option<Duration>,
    ) -> anyhow::Result<Guard> {
        // Settings first: once the authorizer is in place, it refuses them too.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
        conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)?;
        if mode == Mode::ReadOnly {
            conn.pragma_update(None, "query_only", true)?;
        }
        let refused = Arc::new(Mutex::new(None));
        let record = Arc::clone(&refused);
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            match verdict(&ctx.action, mode) {
                None => Authorization::Allow,
                Some(why) => {
                    let mut slot = record.lock().unwrap_or_else(|e| e.into_inner());
                    slot.get_or_insert(why);
                    Authorization::Deny
                }
            }
        }))?;
        let timed_out = Arc::new(AtomicBool::new(false));
        if let Some(limit) = timeout {
            let fired = Arc::clone(&timed_out);
            let start = Instant::now();
            conn.progress_handler(
                10_000,
                Some(move || {
                    let over = start.elapsed() > limit;
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
            timeout,
            mode,
        })
    }

    /// Refuse a prepared statement that would write, in read-only mode. The
    /// authorizer catches almost everything; this catches what it cannot see
    /// (VACUUM, for one).
    pub fn check_statement(&self, stmt: &rusqlite::Statement<'_>, sql: &str) -> anyhow::Result<()> {
        if self.mode == Mode::ReadOnly && !stmt.readonly() {
            let head: String = sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            return Err(error::usage(format!(
                "refused: `{head}` would change the database, which is opened read-only; \
                 run with --write to allow changes"
            )));
        }
        Ok(())
    }

    /// Turn an error from preparing or running a statement into the message
    /// a person needs: why it was refused or stopped, and how to allow it.
    pub fn explain(&self, err: rusqlite::Error) -> anyhow::Error {
        let refused = self
            .refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(why) = refused
            && err.sqlite_error_code() == Some(ErrorCode::AuthorizationForStatementDenied)
        {
            let how = if why.ends_with("never allowed") {
                "apsc reads and writes only its own database file"
            } else {
                "the database is opened read-only; run with --write to allow changes"
            };
            return error::usage(format!("refused: {why}; {how}"));
        }
        let message = match &err {
            rusqlite::Error::SqliteFailure(_, Some(message)) => Some(message.as_str()),
            rusqlite::Error::SqlInputError { msg, .. } => Some(msg.as_str()),
            _ => None,
        };
        if let Some(message) = message {
            // A direct write to the schema table, which SQLite itself refuses.
            if message.contains("may not be modified") {
                return error::usage(format!(
                    "refused: {message}; apsc never writes the schema table directly"
                ));
            }
            // SQLite's own refusal of functions it disallows, load_extension first.
            if message.contains("not authorized to use function") {
                return error::usage(format!("refused: {message}; it is never allowed"));
            }
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
                "stopped: a value grew past the limit of {} MiB ({err})",
                MAX_VALUE_BYTES / (1024 * 1024)
            ));
        }
        anyhow::Error::new(err)
    }
}

//! What the guard lets through: the verdict on each action SQLite's
//! authorizer asks about, and on the one statement it never asks about
//! (VACUUM). Whatever leaves the database file as it was is allowed; the rest
//! is refused with the true reason.

use rusqlite::hooks::AuthAction;

/// What the guard lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Queries only: the file is opened read-only and every change to it is
    /// refused. Temporary tables and views, which live outside the file, are
    /// allowed.
    ReadOnly,
    /// `--write`: changes are allowed, in one transaction of apsc's own;
    /// ATTACH and extensions still are not.
    Write,
}

/// Why a statement is refused. The text names what was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It would change the database: allowed with `--write`.
    Change(String),
    /// It reaches outside the database file: never allowed.
    Outside(String),
    /// It would change a setting of apsc's connection (the checks apsc relies
    /// on among them), which no data needs.
    Setting(String),
    /// It would change how the file is laid out or journaled, which apsc
    /// keeps as it is (rollback journal, so a read leaves no other file).
    Layout(String),
    /// A transaction statement, or VACUUM, inside `--write`'s own transaction.
    Transaction(String),
    /// A PRAGMA SQLite does not know (SQLite would silently do nothing).
    UnknownPragma(String),
}

impl Refusal {
    /// The one line a person reads: what was refused, why, and what to do.
    pub fn message(&self) -> String {
        match self {
            Refusal::Change(what) => format!(
                "refused: {what} would change the database, which is opened read-only; \
                 run with --write to allow changes"
            ),
            Refusal::Outside(what) => format!(
                "refused: {what} is never allowed: apsc reads and writes only its own database file"
            ),
            Refusal::Setting(what) => format!(
                "refused: {what} would change a setting of apsc's connection, which apsc keeps \
                 as it opened it; the setting can be read with the PRAGMA alone"
            ),
            Refusal::Layout(what) => format!(
                "refused: {what} would change how the file is laid out or journaled, \
                 which apsc keeps as it is"
            ),
            Refusal::Transaction(what) => format!(
                "refused: {what}: with --write every statement runs in one transaction of \
                 apsc's own; leave out BEGIN, COMMIT and ROLLBACK, and run VACUUM on its own"
            ),
            Refusal::UnknownPragma(name) => format!(
                "refused: PRAGMA {name} is not a pragma SQLite knows (`PRAGMA pragma_list` lists them)"
            ),
        }
    }
}

/// How a PRAGMA is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PragmaKind {
    /// Only reports; an argument names what to look at.
    Query,
    /// A value stored in the file, such as `user_version`: read freely,
    /// changed with `--write`.
    Stored,
    /// A value that shapes the file (page size, journal mode): read freely,
    /// never changed.
    Layout,
    /// A setting of the connection: read freely, never changed.
    Setting,
    /// Does work that changes the file: with `--write` only.
    Action,
    /// Does work that leaves the file as it is.
    Harmless,
}

const PRAGMAS: &[(&str, PragmaKind)] = {
    use PragmaKind::*;
    &[
        ("analysis_limit", Setting),
        ("application_id", Stored),
        ("auto_vacuum", Layout),
        ("automatic_index", Setting),
        ("busy_timeout", Setting),
        ("cache_size", Setting),
        ("cache_spill", Setting),
        ("case_sensitive_like", Setting),
        ("cell_size_check", Setting),
        ("checkpoint_fullfsync", Setting),
        ("collation_list", Query),
        ("compile_options", Query),
        ("data_version", Query),
        ("database_list", Query),
        ("defer_foreign_keys", Setting),
        ("encoding", Layout),
        ("foreign_key_check", Query),
        ("foreign_key_list", Query),
        ("foreign_keys", Setting),
        ("freelist_count", Query),
        ("fullfsync", Setting),
        ("function_list", Query),
        ("hard_heap_limit", Setting),
        ("ignore_check_constraints", Setting),
        ("incremental_vacuum", Action),
        ("index_info", Query),
        ("index_list", Query),
        ("index_xinfo", Query),
        ("integrity_check", Query),
        ("journal_mode", Layout),
        ("journal_size_limit", Setting),
        ("legacy_alter_table", Setting),
        ("locking_mode", Setting),
        ("max_page_count", Setting),
        ("mmap_size", Setting),
        ("module_list", Query),
        ("optimize", Action),
        ("page_count", Query),
        ("page_size", Layout),
        ("pragma_list", Query),
        ("query_only", Setting),
        ("quick_check", Query),
        ("read_uncommitted", Setting),
        ("recursive_triggers", Setting),
        ("reverse_unordered_selects", Setting),
        ("schema_version", Layout),
        ("secure_delete", Setting),
        ("shrink_memory", Harmless),
        ("soft_heap_limit", Setting),
        ("synchronous", Setting),
        ("table_info", Query),
        ("table_list", Query),
        ("table_xinfo", Query),
        ("temp_store", Setting),
        ("threads", Setting),
        ("trusted_schema", Setting),
        ("user_version", Stored),
        ("wal_autocheckpoint", Setting),
        ("wal_checkpoint", Harmless),
        ("writable_schema", Setting),
    ]
};

fn pragma(name: &str, value: Option<&str>, mode: Mode) -> Option<Refusal> {
    use PragmaKind::*;
    let lower = name.to_ascii_lowercase();
    let Some((_, kind)) = PRAGMAS.iter().find(|(n, _)| *n == lower) else {
        return Some(Refusal::UnknownPragma(name.to_string()));
    };
    let what = match value {
        Some(value) => format!("PRAGMA {name} = {value}"),
        None => format!("PRAGMA {name}"),
    };
    match (kind, value.is_some(), mode) {
        (Query | Harmless, _, _) | (Stored | Layout | Setting, false, _) => None,
        (Stored | Action, _, Mode::Write) => None,
        (Stored | Action, _, Mode::ReadOnly) => Some(Refusal::Change(what)),
        (Layout, true, _) => Some(Refusal::Layout(what)),
        (Setting, true, _) => Some(Refusal::Setting(what)),
    }
}

fn is_temp(database: Option<&str>) -> bool {
    database.is_some_and(|d| d.eq_ignore_ascii_case("temp"))
}

/// The verdict on one action of a statement being prepared: None to allow it.
/// `database` is the schema the action touches (`main`, `temp`), if any.
pub fn verdict(action: &AuthAction<'_>, database: Option<&str>, mode: Mode) -> Option<Refusal> {
    use AuthAction::*;
    let change = match action {
        Attach { filename } => return Some(Refusal::Outside(format!("ATTACH of {filename:?}"))),
        Detach { database_name } => {
            return Some(Refusal::Outside(format!("DETACH of {database_name:?}")));
        }
        Function { function_name } if function_name.eq_ignore_ascii_case("load_extension") => {
            return Some(Refusal::Outside("load_extension()".to_string()));
        }
        Pragma {
            pragma_name,
            pragma_value,
        } => return pragma(pragma_name, *pragma_value, mode),
        Transaction { operation } if mode == Mode::Write => {
            return Some(Refusal::Transaction(
                format!("{operation:?}").to_uppercase(),
            ));
        }
        Select | Read { .. } | Recursive | Transaction { .. } | Savepoint { .. } => return None,
        Function { .. } => return None,
        // Temporary tables, views, indexes and triggers live outside the file.
        CreateTempTable { .. }
        | CreateTempView { .. }
        | CreateTempIndex { .. }
        | CreateTempTrigger { .. }
        | DropTempTable { .. }
        | DropTempView { .. }
        | DropTempIndex { .. }
        | DropTempTrigger { .. } => return None,
        _ if is_temp(database) => return None,
        _ if mode == Mode::Write => return None,
        // CREATE, DROP and ALTER touch the schema table first and are then
        // judged by name; refusing them here would name the schema table
        // instead of the statement. The schema table itself cannot be
        // written: defensive mode forbids it, and the file is open read-only.
        Insert { table_name } | Update { table_name, .. } | Delete { table_name }
            if is_schema_table(table_name) =>
        {
            return None;
        }
        Insert { table_name } => format!("INSERT into {table_name}"),
        Update { table_name, .. } => format!("UPDATE of {table_name}"),
        Delete { table_name } => format!("DELETE from {table_name}"),
        CreateTable { table_name } => format!("CREATE TABLE {table_name}"),
        CreateIndex { index_name, .. } => format!("CREATE INDEX {index_name}"),
        CreateView { view_name } => format!("CREATE VIEW {view_name}"),
        CreateTrigger { trigger_name, .. } => format!("CREATE TRIGGER {trigger_name}"),
        CreateVtable { table_name, .. } => format!("CREATE VIRTUAL TABLE {table_name}"),
        DropTable { table_name } | DropVtable { table_name, .. } => {
            format!("DROP TABLE {table_name}")
        }
        DropIndex { index_name, .. } => format!("DROP INDEX {index_name}"),
        DropView { view_name } => format!("DROP VIEW {view_name}"),
        DropTrigger { trigger_name, .. } => format!("DROP TRIGGER {trigger_name}"),
        AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        Reindex { index_name } => format!("REINDEX {index_name}"),
        Analyze { table_name } => format!("ANALYZE {table_name}"),
        other => format!("{other:?}"),
    };
    Some(Refusal::Change(change))
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

/// The verdict on a statement as a whole, for the one statement SQLite's
/// authorizer never sees: VACUUM. `alone`: the SQL holds no other statement,
/// so with `--write` it can run outside apsc's transaction, as VACUUM must.
pub fn statement_verdict(sql: &str, mode: Mode, alone: bool) -> Option<Refusal> {
    match (vacuum(sql)?, mode, alone) {
        (true, _, _) => Some(Refusal::Outside("VACUUM INTO".to_string())),
        (false, Mode::ReadOnly, _) => Some(Refusal::Change("VACUUM".to_string())),
        (false, Mode::Write, false) => Some(Refusal::Transaction("VACUUM".to_string())),
        (false, Mode::Write, true) => None,
    }
}

/// VACUUM, which SQLite's authorizer never sees: `Some(true)` for `VACUUM
/// INTO` (which writes another file), `Some(false)` for a plain VACUUM,
/// None for any other statement. `sql` is one statement's text.
pub fn vacuum(sql: &str) -> Option<bool> {
    let words = words_outside_comments(sql);
    let first = words.first()?;
    first
        .eq_ignore_ascii_case("vacuum")
        .then(|| words.iter().any(|w| w.eq_ignore_ascii_case("into")))
}

/// The words of a statement, comments left out. Enough to tell VACUUM's
/// two forms apart: its grammar has no string but the INTO target.
fn words_outside_comments(sql: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = sql;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else if let Some(ch) = rest.chars().next() {
            if ch.is_alphanumeric() || ch == '_' {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                words.push(&rest[..end]);
                rest = &rest[end..];
            } else {
                rest = &rest[ch.len_utf8()..];
            }
        } else {
            return words;
        }
    }
}

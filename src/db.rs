//! Opening the database file: the pragmas every connection gets, telling an
//! apsc database from an empty, foreign, damaged or newer one, running the
//! embedded migrations, and creating the database from the built-in seed the
//! first time a command finds none.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

use crate::error;
use crate::reports;
use crate::seed::{self, SeedDir};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// How long a connection waits for a lock held by another process (a seed
/// committing, a long report) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The page size of a new database. Fact rows carry their quotes and are
/// large; 16 KiB pages make loading a big seed about a tenth faster than
/// SQLite's default of 4 KiB, and cost nothing measurable on small reads.
pub const PAGE_SIZE: i64 = 16384;

/// The table refinery keeps its history in.
const HISTORY: &str = "refinery_schema_history";

/// The migrations compiled into this binary.
pub fn runner() -> refinery::Runner {
    embedded::migrations::runner()
}

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// What a file holds, as far as apsc is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// No tables at all: a new or empty file.
    Empty,
    /// Tables, but not apsc's.
    Foreign,
    /// An apsc database at this schema version, seeded or not.
    Apsc { version: i64, seeded: bool },
}

/// Settings every connection gets.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

fn open(path: &Path, flags: OpenFlags) -> anyhow::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("opening {}", path.display()))?;
    configure(&conn).with_context(|| format!("opening {}", path.display()))?;
    Ok(conn)
}

/// Read what kind of file this is. Fails with a clear message when the file
/// is not a database at all.
pub fn state(conn: &Connection, path: &Path) -> anyhow::Result<State> {
    let context = || format!("reading {}", path.display());
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
        .map_err(|err| not_a_database(err, path))?;
    if tables == 0 {
        return Ok(State::Empty);
    }
    let has_history: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [HISTORY],
            |row| row.get(0),
        )
        .with_context(context)?;
    if !has_history {
        return Ok(State::Foreign);
    }
    // Another application may use refinery too: the first migration's name tells.
    let first = runner()
        .get_migrations()
        .iter()
        .min_by_key(|m| m.version())
        .map(|m| m.name().to_string());
    let ours: Option<String> = conn
        .query_row(
            &format!("SELECT name FROM {HISTORY} WHERE version = 1"),
            [],
            |row| row.get(0),
        )
        .ok();
    if ours.is_none() || ours != first {
        return Ok(State::Foreign);
    }
    let version: i64 = conn
        .query_row(
            &format!("SELECT coalesce(max(version), 0) FROM {HISTORY}"),
            [],
            |row| row.get(0),
        )
        .with_context(context)?;
    let seeded = version > 0
        && conn
            .query_row("SELECT count(*) > 0 FROM seed_files", [], |row| row.get(0))
            .unwrap_or(false);
    Ok(State::Apsc { version, seeded })
}

fn not_a_database(err: rusqlite::Error, path: &Path) -> anyhow::Error {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => error::database(format!(
            "{} is not an SQLite database (or it is encrypted or damaged)",
            path.display()
        )),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => error::corrupt(format!(
            "{} is damaged: {err}; rebuild it with `apsc seed --reset`",
            path.display()
        )),
        _ => anyhow::Error::new(err).context(format!("reading {}", path.display())),
    }
}

/// Refuse files that are not apsc's or are newer than this binary.
fn refuse_unusable(state: &State, path: &Path) -> anyhow::Result<()> {
    match state {
        State::Foreign => Err(error::database(format!(
            "{} is not an apsc database: it has tables, but not apsc's; \
             choose another file with --db or APSC_DB",
            path.display()
        ))),
        State::Apsc { version, .. } if *version > latest_version() => {
            Err(error::database(format!(
                "{} has schema version {version}, newer than this apsc knows (version {}); \
             use a newer apsc",
                path.display(),
                latest_version()
            )))
        }
        _ => Ok(()),
    }
}

/// Run the migrations this database lacks.
/// All in one transaction: a new database takes one commit, not one per
/// migration, and a failed migration leaves none of them applied.
pub fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    runner()
        .set_grouped(true)
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .run(conn)
        .context("running migrations")?;
    Ok(())
}

fn check_path(path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(error::database(format!(
            "{} is a directory, not a database file",
            path.display()
        )));
    }
    Ok(())
}

/// Open for writing: create the file if needed, refuse foreign or newer
/// files, run pending migrations. `seed_if_new` loads the built-in seed into
/// a database that has never been seeded.
pub fn open_write(path: &Path, seed_if_new: bool) -> anyhow::Result<Connection> {
    check_path(path)?;
    let existed = path.exists();
    let mut conn = open(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let state = state(&conn, path)?;
    refuse_unusable(&state, path)?;
    // SQLite falls back to read-only when the file cannot be written; say so
    // now rather than fail on the first write.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(error::database(format!(
            "cannot write {}: the file is read-only for this user (reports and queries still run; \
             seeding needs write access)",
            path.display()
        )));
    }
    if state == State::Empty {
        // Only an empty file takes a page size.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    }
    let current = matches!(state, State::Apsc { version, .. } if version == latest_version());
    if !current {
        migrate(&mut conn).with_context(|| format!("preparing {}", path.display()))?;
    }
    let seeded = matches!(state, State::Apsc { seeded: true, .. });
    // A seed writes the report views; a seeded database from an older apsc
    // gets this binary's now.
    if seeded
        && !reports::is_current(&conn).with_context(|| format!("reading {}", path.display()))?
    {
        let tx = conn.transaction()?;
        reports::install(&tx).context("writing the report views")?;
        tx.commit()?;
    }
    if seed_if_new && !seeded {
        let summary = load_seed(&mut conn, &SeedDir::embedded())
            .with_context(|| format!("seeding {}", path.display()))?;
        eprintln!(
            "apsc: {} {} from the built-in seed ({} facts, {} partners, {} passages)",
            if existed { "seeded" } else { "created" },
            path.display(),
            summary.facts(),
            summary.count("partners"),
            summary.count("passages"),
        );
    }
    Ok(conn)
}

/// Load a seed and write the report views over it, in one transaction: the
/// seed and its views commit together or not at all.
pub fn load_seed(conn: &mut Connection, seed: &SeedDir) -> anyhow::Result<seed::Summary> {
    seed::load(conn, seed, |tx| {
        reports::install(tx).context("writing the report views")
    })
}

/// Open the file that `seed --reset` will overwrite: refuse a foreign or newer
/// database (someone else's data), accept a damaged one (that is what a reset
/// is for).
pub fn open_for_reset(path: &Path) -> anyhow::Result<Connection> {
    check_path(path)?;
    let conn = open(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    match state(&conn, path) {
        Ok(state) => refuse_unusable(&state, path)?,
        Err(err) if is_corrupt(&err) => {}
        Err(err) => return Err(err),
    }
    Ok(conn)
}

fn is_corrupt(err: &anyhow::Error) -> bool {
    error::is_kind(err, |e| matches!(e, error::Error::Corrupt(_)))
        || err.chain().any(|cause| {
            cause.downcast_ref::<rusqlite::Error>().is_some_and(|e| {
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt)
            })
        })
}

/// Open for reading. A missing, empty, unseeded or out-of-date database is
/// first brought up to date (which needs write access); otherwise the file is
/// opened read-only and nothing is written.
pub fn open_read(path: &Path) -> anyhow::Result<Connection> {
    check_path(path)?;
    if !path.exists() {
        drop(open_write(path, true)?);
    } else if hot_journal(path) {
        recover(path);
    }
    let conn = open(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let state = state(&conn, path)?;
    refuse_unusable(&state, path)?;
    let up_to_date =
        matches!(state, State::Apsc { version, seeded: true } if version == latest_version());
    // Report views from an older apsc in a file this process cannot write do
    // not stop reading: apsc runs its own SQL for reports anyway.
    let reports_current = up_to_date
        && reports::is_current(&conn).with_context(|| format!("reading {}", path.display()))?;
    if up_to_date && (reports_current || read_only_file(path)) {
        return Ok(conn);
    }
    drop(conn);
    drop(open_write(path, true).context("bringing the database up to date")?);
    open(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Whether the file cannot be opened for writing by this process.
fn read_only_file(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_err()
}

/// Let SQLite roll back what a killed writer left in the journal: that takes a
/// connection that can write. If this process cannot write, the read that
/// follows reports the problem.
fn recover(path: &Path) {
    if let Ok(conn) = open(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
            row.get::<_, i64>(0)
        });
    }
}

/// A rollback journal left by a writer that was killed: only a connection
/// that can write rolls it back, so readers let a writer open the file first.
fn hot_journal(path: &Path) -> bool {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    std::fs::metadata(journal).is_ok_and(|m| m.len() > 0)
}

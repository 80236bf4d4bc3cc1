//! Opening the database file: the pragmas every connection gets, telling an
//! apsc database from an empty, foreign, damaged or newer one, running the
//! embedded migrations, and creating the database from the built-in seed the
//! first time a command finds none. Readers get one read-only connection;
//! only a missing, unseeded or out-of-date file is first made ready by a
//! connection that can write.

pub mod catalog;
mod connection;
mod explain;
pub mod notes;
mod state;
mod upgrade;

use std::path::Path;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

use crate::reports;
use crate::seed::{self, SeedDir};
use connection::{READ_ONLY, READ_WRITE, is_corrupt, journal, open, read_only_file};

pub use explain::{DEFAULT_DB, from_other_seed, hint, rebuild_hint, writing as in_user_terms};
pub use state::{FIRST_MIGRATION, LATEST_VERSION, State, replace};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The page size of a new database. Fact rows carry their quotes and are
/// large; 16 KiB pages make loading a big seed about a tenth faster than
/// SQLite's default of 4 KiB, and cost nothing measurable on small reads.
pub const PAGE_SIZE: i64 = 16384;

/// The migrations compiled into this binary. Building a runner compiles a
/// regex, a third of a short command's CPU, so reading a schema version uses
/// the constants in `state` instead.
pub fn runner() -> refinery::Runner {
    embedded::migrations::runner()
}

/// Run the migrations this database lacks, in one transaction: a failed
/// migration leaves none of them applied.
pub fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    runner()
        .set_grouped(true)
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .run(conn)
        .context("running migrations")?;
    Ok(())
}

/// Open for writing: create the file if needed, refuse foreign or newer
/// files, run pending migrations. `seed_if_new` loads the built-in seed into
/// a database that has never been seeded.
pub fn open_write(path: &Path, seed_if_new: bool) -> anyhow::Result<Connection> {
    explain::check_path(path)?;
    let existed = path.exists();
    let mut conn = open(path, READ_WRITE)?;
    let mut state = state::read(&conn, path)?;
    state::refuse_unusable(&state, path)?;
    // SQLite falls back to read-only when the file cannot be written; say so
    // now rather than fail on the first write.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(explain::read_only(path));
    }
    if let State::Apsc { version, .. } = state
        && version < FIRST_MIGRATION.0
    {
        drop(conn);
        build(&SeedDir::embedded())
            .and_then(|built| upgrade::rebuild(path, version, built))
            .map_err(|e| explain::writing(e, path))?;
        conn = open(path, READ_WRITE)?;
        state = state::read(&conn, path)?;
    }
    prepare(&mut conn, &state, path).map_err(|e| explain::writing(e, path))?;
    if seed_if_new && !matches!(state, State::Apsc { seeded: true, .. }) {
        let summary = load_seed(&mut conn, &SeedDir::embedded())
            .map_err(|e| explain::writing(e, path))
            .with_context(|| format!("seeding {}", path.display()))?;
        let (done, shown) = (if existed { "seeded" } else { "created" }, path.display());
        let [partners, passages] = ["partners", "passages"].map(|table| summary.count(table));
        eprintln!(
            "apsc: {done} {shown} from the built-in seed ({} facts, {partners} partners, \
             {passages} passages)",
            summary.facts()
        );
    }
    Ok(conn)
}

/// A new database in memory with `seed` loaded, for [`replace`] to put in
/// place of a file.
pub fn build(seed: &SeedDir) -> anyhow::Result<(Connection, seed::Summary)> {
    let mut fresh = Connection::open_in_memory()?;
    fresh.pragma_update(None, "page_size", PAGE_SIZE)?;
    fresh.pragma_update(None, "foreign_keys", true)?;
    migrate(&mut fresh)?;
    let summary = load_seed(&mut fresh, seed)?;
    Ok((fresh, summary))
}

/// Load a seed and write the report views over it, in one transaction: the
/// seed and its views commit together or not at all.
pub fn load_seed(conn: &mut Connection, seed: &SeedDir) -> anyhow::Result<seed::Summary> {
    seed::load(conn, seed, install_catalog)
}

/// Write what apsc keeps beside the data for other tools: the report views
/// and their catalog, and the column notes.
fn install_catalog(conn: &Connection) -> anyhow::Result<()> {
    reports::install(conn).context("writing the report views")?;
    notes::install(conn).context("writing the column notes")?;
    conn.pragma_update(None, "user_version", catalog_stamp())
        .context("stamping the report views and column notes as this apsc's")
}

/// Whether the report views and the column notes are this binary's, judged
/// by the stamp [`install_catalog`] leaves in `PRAGMA user_version`: listing
/// every view's columns to expand the notes again would compile every view,
/// most of a short command's time.
fn catalog_is_current(conn: &Connection) -> rusqlite::Result<bool> {
    let stamp: i32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(stamp == catalog_stamp() && reports::is_current(conn)?)
}

/// A hash of the notes file, the schema version and every report's SQL,
/// which between them fix every view and note. Never 0, SQLite's default.
fn catalog_stamp() -> i32 {
    use sha2::{Digest, Sha256};
    let reports: Vec<[&str; 2]> = reports::all().iter().map(|r| [r.name, r.sql]).collect();
    let (notes, version) = (notes::SOURCE, LATEST_VERSION);
    let digest = Sha256::digest(format!("{notes}\0{version}\0{reports:?}"));
    i32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]) | 1
}

/// Bring the schema and, for a seeded file, the report views up to date.
fn prepare(conn: &mut Connection, state: &State, path: &Path) -> anyhow::Result<()> {
    if *state == State::Empty {
        // Only an empty file takes a page size.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    }
    if !matches!(state, State::Apsc { version, .. } if *version == LATEST_VERSION) {
        migrate(conn).with_context(|| format!("preparing {}", path.display()))?;
    }
    if matches!(state, State::Apsc { seeded: true, .. }) && !catalog_is_current(conn)? {
        let tx = conn.transaction()?;
        install_catalog(&tx)?;
        tx.commit()?;
    }
    Ok(())
}

/// Open for reading: one read-only connection to a file that is ready. A
/// missing, empty, unseeded or out-of-date database is first made ready
/// (which needs write access); otherwise nothing is written.
pub fn open_read(path: &Path) -> anyhow::Result<Connection> {
    explain::check_path(path)?;
    if path.exists() {
        roll_back_hot_journal(path);
        if let Some(conn) = ready(path)? {
            return Ok(conn);
        }
    }
    drop(open_write(path, true).context("bringing the database up to date")?);
    open(path, READ_ONLY)
}

/// A read-only connection if the file needs nothing written first.
fn ready(path: &Path) -> anyhow::Result<Option<Connection>> {
    let conn = open(path, READ_ONLY)?;
    let state = state::read(&conn, path)?;
    state::refuse_unusable(&state, path)?;
    if !matches!(state, State::Apsc { version, seeded: true } if version == LATEST_VERSION) {
        return Ok(None);
    }
    // Report views from an older apsc in a file this process cannot write do
    // not stop reading: apsc runs its own SQL for reports anyway.
    let views_current = catalog_is_current(&conn).map_err(|e| explain::open_error(e, path))?;
    Ok((views_current || read_only_file(path)).then_some(conn))
}

/// Open for `apsc check`: like [`open_read`], but a damaged file is opened
/// as it is, so that every check can say what it finds.
pub fn open_for_check(path: &Path) -> anyhow::Result<Connection> {
    match open_read(path) {
        Err(err) if is_corrupt(&err) => open(path, READ_ONLY),
        opened => opened,
    }
}

/// A journal left by a killed writer is rolled back only by a connection
/// that can write: readers let one open the file first. If this process
/// cannot write, the read that follows reports the problem.
fn roll_back_hot_journal(path: &Path) {
    if std::fs::metadata(journal(path)).is_ok_and(|m| m.len() > 0)
        && let Ok(conn) = open(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    {
        let _ = conn.execute_batch("SELECT count(*) FROM sqlite_master");
    }
}

#[cfg(test)]
mod tests {
    /// Each migration's checksum when it was committed. A migration's output
    /// must never change: databases record the checksum they were built
    /// with, and `apsc check` compares it with this binary's.
    const CHECKSUMS: &[(i32, u64)] = &[(12, 16744581332351579707)];

    #[test]
    fn no_committed_migration_changes_its_sql() {
        for (version, checksum) in CHECKSUMS {
            let m = super::runner()
                .get_migrations()
                .iter()
                .find(|m| m.version() == *version)
                .cloned()
                .unwrap_or_else(|| panic!("V{version} is missing"));
            assert_eq!(m.checksum(), *checksum, "V{version} changed");
        }
    }

    #[test]
    fn the_constants_name_the_first_and_last_migration() {
        let mut found: Vec<(i64, String)> = super::runner()
            .get_migrations()
            .iter()
            .map(|m| (i64::from(m.version()), m.name().to_string()))
            .collect();
        found.sort();
        let (version, name) = super::FIRST_MIGRATION;
        assert_eq!(found[0], (version, name.to_string()));
        assert_eq!(found.last().unwrap().0, super::LATEST_VERSION);
    }
}

//! What a file holds, as far as apsc is concerned: nothing yet, someone
//! else's tables, an apsc database (and at which version), or a damaged
//! file that still shows apsc's schema and so may be rebuilt; and replacing
//! it with a database built in memory (`seed --reset`, the rebuild of an
//! earlier apsc's file) by one path, sound or damaged: the new database is
//! written beside it, with its mode, and renamed over it, so that readers see
//! the old file or the new one and a failure leaves the old one as it was. A
//! foreign file, sound or damaged, is never replaced.

use std::fs;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;

use super::connection::{READ_WRITE, is_corrupt, journal, open, read_only_file};
use super::explain::{self, hint};
use crate::error;
use crate::output::pending;

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// No tables at all: a new or empty file.
    Empty,
    /// Tables, but not apsc's.
    Foreign,
    /// An apsc database at this schema version, seeded or not.
    Apsc { version: i64, seeded: bool },
}

/// The table refinery keeps its history in.
const HISTORY: &str = "refinery_schema_history";

/// The first migration this binary carries (earlier versions are rebuilt,
/// see `upgrade`); a unit test holds it and [`LATEST_VERSION`] to the
/// embedded migrations.
pub const FIRST_MIGRATION: (i64, &str) = (12, "one_schema");

/// The newest schema version this binary knows.
pub const LATEST_VERSION: i64 = 12;

/// The first migration earlier apscs recorded: version 1, before the ten
/// migrations were written as one schema file, and version 11, that file
/// before the codings of forms, context dates, identifiers and memberships.
const EARLIER_FIRST: [(i64, &str); 2] = [(1, "knowledge_base"), (11, "one_schema")];

/// Read what kind of file this is. A file SQLite cannot read is a
/// [`error::Error::Corrupt`] or a database error that says so.
pub fn read(conn: &Connection, path: &Path) -> anyhow::Result<State> {
    let objects: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    if objects.map_err(|err| explain::open_error(err, path))? == 0 {
        return Ok(State::Empty);
    }
    // Another application may use refinery too: the first migration tells,
    // and apsc's record of its seed must be there. A damaged history or seed
    // record is damage, not a sign of someone else's file.
    let sql = format!(
        "SELECT version, name, (SELECT max(version) FROM {HISTORY}),
                EXISTS (SELECT 1 FROM seed_files)
           FROM {HISTORY} ORDER BY version"
    );
    let found = conn.query_row(&sql, [], |row| {
        let first: (i64, String) = (row.get(0)?, row.get(1)?);
        Ok((first, row.get(2)?, row.get(3)?))
    });
    let ours = |(version, name): &(i64, String)| {
        let mut firsts = std::iter::once(FIRST_MIGRATION).chain(EARLIER_FIRST);
        firsts.any(|first| first == (*version, name.as_str()))
    };
    match found {
        Ok((first, version, seeded)) if ours(&first) => Ok(State::Apsc { version, seeded }),
        Err(err) if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Err(explain::open_error(err, path))
        }
        _ => Ok(State::Foreign),
    }
}

/// Refuse files that are not apsc's or are newer than this binary.
pub fn refuse_unusable(state: &State, path: &Path) -> anyhow::Result<()> {
    let (shown, latest) = (path.display(), LATEST_VERSION);
    match state {
        State::Foreign => Err(error::database(format!(
            "{shown} is not an apsc database: it has tables, but not apsc's; \
             choose another file with --db or APSC_DB"
        ))),
        State::Apsc { version, .. } if *version > latest => Err(error::database(format!(
            "{shown} has schema version {version}, newer than this apsc knows (version \
             {latest}); use a newer apsc"
        ))),
        _ => Ok(()),
    }
}

/// Whether the bytes of a file SQLite cannot read still show apsc's schema:
/// an SQLite header, refinery's history table, and apsc's first migration
/// (or its own tables) by name. Only such a file may be replaced by a rebuild;
/// anything else may be someone else's data.
fn looks_like_apsc(bytes: &[u8]) -> bool {
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    // The first migration's name is a row of the history table; when that
    // page is the damaged one, apsc's own tables in the schema tell instead.
    let apsc_tables = "partner_aliases seed_files mention_waivers column_notes";
    let apsc_schema = || {
        apsc_tables
            .split(' ')
            .all(|t| contains(&format!("CREATE TABLE {t}")))
    };
    bytes.starts_with(b"SQLite format 3\0")
        && contains(HISTORY)
        && (contains(FIRST_MIGRATION.1) || contains(EARLIER_FIRST[0].1) || apsc_schema())
}

/// Replace the database at `path` with the contents of `fresh`.
pub fn replace(path: &Path, fresh: &Connection) -> anyhow::Result<()> {
    explain::check_path(path)?;
    if path.exists() {
        refuse_to_replace(path)?;
    }
    let shown = path.display();
    // Noted as pending, so that an interrupted rebuild removes it.
    let temp = pending::create(&shown.to_string(), || {
        let mut named = tempfile::Builder::new();
        named.prefix(".apsc-rebuild-").suffix(".db");
        named.tempfile_in(explain::folder(path))
    })
    .map_err(|e| explain::writing(e.into(), path))
    .with_context(|| format!("creating a new database beside {shown}"))?;
    let no_progress = None::<fn(rusqlite::backup::Progress)>;
    let copied = fresh.backup(rusqlite::MAIN_DB, temp.path(), no_progress);
    copied.map_err(|e| explain::writing(e.into(), temp.path()))?;
    let mode = fs::metadata(path).map(|meta| meta.permissions());
    let keep_mode = |()| mode.map_or(Ok(()), |mode| fs::set_permissions(temp.path(), mode));
    let written = temp.as_file().sync_all().and_then(keep_mode);
    written.with_context(|| format!("writing {}", temp.path().display()))?;
    // A journal beside the old file belongs to it, and would be replayed
    // into the new one.
    if let Err(err) = fs::remove_file(journal(path))
        && err.kind() != std::io::ErrorKind::NotFound
    {
        return Err(err).with_context(|| format!("removing the journal of {shown}"));
    }
    let temp_path = temp.path().to_path_buf();
    pending::persist(&temp_path, || temp.persist(path))
        .map_err(|e| e.error)
        .with_context(|| format!("moving the rebuilt database into {shown}"))?;
    Ok(())
}

/// Refuse a file this process may not write, one that is not apsc's or is
/// newer than this binary, and a damaged one that does not look like apsc's.
fn refuse_to_replace(path: &Path) -> anyhow::Result<()> {
    if read_only_file(path) {
        return Err(explain::read_only(path));
    }
    match open(path, READ_WRITE).and_then(|conn| read(&conn, path)) {
        Ok(found) => refuse_unusable(&found, path),
        Err(err) if !is_corrupt(&err) => Err(err),
        Err(_) if looks_like_apsc(&fs::read(path).context("reading the damaged file")?) => Ok(()),
        Err(_) => Err(error::database(format!(
            "{} is damaged and does not look like an apsc database, so apsc will not replace \
             it; move it away, then run `{}`",
            path.display(),
            hint(path, "seed")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apsc_database() -> anyhow::Result<Vec<u8>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("x.db");
        let mut conn = Connection::open(&path)?;
        super::super::migrate(&mut conn)?;
        drop(conn);
        Ok(std::fs::read(path)?)
    }

    #[test]
    fn an_apsc_schema_is_recognised_in_raw_bytes() -> anyhow::Result<()> {
        let bytes = apsc_database()?;
        assert!(looks_like_apsc(&bytes));
        // Half the file, as a truncated copy would leave it.
        assert!(looks_like_apsc(&bytes[..bytes.len() / 2]));
        // The history's rows lost (the first migration's name is one): the
        // schema's own tables still tell.
        let first = FIRST_MIGRATION.1.as_bytes();
        let mut wiped = bytes.clone();
        let mut i = 0;
        while i + first.len() <= wiped.len() {
            if &wiped[i..i + first.len()] == first {
                wiped[i..i + first.len()].fill(0xff);
            }
            i += 1;
        }
        assert!(!wiped.windows(first.len()).any(|w| w == first));
        assert!(looks_like_apsc(&wiped));
        Ok(())
    }

    #[test]
    fn a_foreign_database_is_not_taken_for_apsc() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path)?;
        conn.execute_batch(
            "CREATE TABLE refinery_schema_history (version INTEGER, name TEXT);
             INSERT INTO refinery_schema_history VALUES (1, 'initial');
             CREATE TABLE notes (text TEXT);",
        )?;
        drop(conn);
        assert!(!looks_like_apsc(&std::fs::read(&path)?));
        assert!(!looks_like_apsc(b"not a database at all"));
        Ok(())
    }
}

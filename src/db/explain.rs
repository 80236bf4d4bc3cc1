//! SQLite's errors in the user's terms: what is wrong with the file or its
//! folder and what to do, with every suggested command naming the database
//! the user gave.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, ffi};

use crate::error;

/// The database path apsc uses when neither --db nor APSC_DB is given.
pub const DEFAULT_DB: &str = "apsc.db";

/// A command line for the user to run against this database:
/// `apsc --db 'my file.db' seed --reset`, or `apsc seed --reset` for the default.
pub fn hint(path: &Path, command: &str) -> String {
    let word = path.to_string_lossy();
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+,".contains(c));
    match () {
        _ if path == Path::new(DEFAULT_DB) => format!("apsc {command}"),
        _ if plain && !word.is_empty() => format!("apsc --db {word} {command}"),
        _ => format!("apsc --db '{}' {command}", word.replace('\'', r"'\''")),
    }
}

/// The command (in backquotes) that rebuilds the database at `path` from
/// its seed: plain `seed --reset` for the built-in seed, and with `--from
/// DIR` as well when the data may have come from a seed folder, where plain
/// `seed --reset` would put the built-in seed in its place.
pub fn rebuild_hint(path: &Path) -> String {
    let reset = format!("`{}`", hint(path, "seed --reset"));
    if from_other_seed(path) == Some(false) {
        return reset;
    }
    format!(
        "{reset}, or `{}` if it was loaded from a seed folder DIR (seed_files lists the \
         files with their SHA-256)",
        hint(path, "seed --reset --from DIR")
    )
}

/// Whether the data of the database at `path` came from other seed files
/// than this apsc's built-in seed (a seed folder, or an earlier apsc's
/// seed): `seed_files` names a file, or a digest, that the built-in seed does
/// not have. None when `seed_files` cannot be read (a damaged file).
pub fn from_other_seed(path: &Path) -> Option<bool> {
    let seed = crate::seed::SeedDir::embedded();
    let ours: BTreeMap<&str, Option<String>> = (seed.names())
        .map(|name| (name, seed.get(name).map(crate::seed::sha256_hex)))
        .collect();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let sql = "SELECT EXISTS (SELECT 1 FROM seed_files
                 WHERE sha256 IS NOT (SELECT value FROM json_each(?1) WHERE key = name))";
    let ours = serde_json::to_string(&ours).ok()?;
    conn.query_row(sql, [ours], |row| row.get(0)).ok()
}

/// The folder a database file lives in ("." for a bare name).
pub(super) fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Refuse a path SQLite could not use before SQLite says it less clearly:
/// a folder, or a file in a folder that does not exist.
pub fn check_path(path: &Path) -> anyhow::Result<()> {
    if path.as_os_str().is_empty() {
        return Err(error::usage(
            "the database path is empty: give --db PATH or set APSC_DB to a path",
        ));
    }
    let (shown, parent) = (path.display(), folder(path));
    if path.is_dir() {
        return Err(error::database(format!(
            "{shown} is a directory, not a database file; give the path of a file inside it"
        )));
    }
    let problem = match std::fs::metadata(parent) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => "is not a folder",
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot be entered by this user (check its permissions)"
        }
        Err(_) => "does not exist (create it, or choose another --db)",
    };
    let parent = parent.display();
    Err(error::database(format!(
        "cannot use {shown}: the folder {parent} {problem}"
    )))
}

/// An error met opening or first reading a file, in the user's terms.
pub fn open_error(err: rusqlite::Error, path: &Path) -> anyhow::Error {
    file_problem(&err, path)
        .unwrap_or_else(|| anyhow::Error::new(err).context(format!("opening {}", path.display())))
}

/// What an SQLite error says in the user's terms when it is about the file
/// or its folder rather than the data (not a database, damaged, read-only,
/// no room for the journal, a full disk, a lock); `None` for others.
fn file_problem(err: &rusqlite::Error, path: &Path) -> Option<anyhow::Error> {
    let rusqlite::Error::SqliteFailure(code, detail) = err else {
        return None;
    };
    let shown = path.display();
    let parent = folder(path).display();
    let message = match code.extended_code {
        ffi::SQLITE_NOTADB => format!(
            "{shown} is not an SQLite database (or it is encrypted, or its first page is \
             damaged); apsc leaves it as it is: choose another file with --db, or move it away \
             and build a new one with `{}`",
            hint(path, "seed")
        ),
        ffi::SQLITE_READONLY_DIRECTORY => format!(
            "cannot write {shown}: its folder {parent} is not writable, and SQLite keeps a \
             journal file beside the database while it writes; make the folder writable or \
             move the database"
        ),
        ffi::SQLITE_CANTOPEN => format!(
            "cannot open {shown}: check that the folder {parent} exists and that you may \
             read and write there"
        ),
        ffi::SQLITE_READONLY | ffi::SQLITE_READONLY_DBMOVED | ffi::SQLITE_READONLY_RECOVERY => {
            return Some(read_only(path));
        }
        ffi::SQLITE_FULL => format!("cannot write {shown}: the disk is full; nothing was changed"),
        ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => {
            format!("{shown} stayed locked by another program; try again when it has finished")
        }
        _ if code.code == ErrorCode::DatabaseCorrupt => {
            let said = detail.clone().unwrap_or_else(|| code.to_string());
            return Some(error::corrupt(format!(
                "{shown} is damaged ({said}); check it with `{}`, rebuild it with {}",
                hint(path, "check"),
                rebuild_hint(path)
            )));
        }
        _ => return None,
    };
    Some(error::database(message))
}

/// The file cannot be written by this user.
pub fn read_only(path: &Path) -> anyhow::Error {
    let shown = path.display();
    error::database(format!(
        "cannot write {shown}: the file is read-only for this user (reports and queries still \
         run; `seed` and `sql --write` need write access)"
    ))
}

/// Say an error in the user's terms when some SQLite error in its chain is
/// about the file or its folder (read-only, a folder that cannot take the
/// journal, a full disk, damage); any other error is returned as it is.
pub fn writing(err: anyhow::Error, path: &Path) -> anyhow::Error {
    let mapped = err
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .and_then(|sqlite| file_problem(sqlite, path));
    mapped.unwrap_or(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_database_the_user_gave() {
        assert_eq!(hint(Path::new("apsc.db"), "check"), "apsc check");
        assert_eq!(
            hint(Path::new("half.db"), "seed --reset"),
            "apsc --db half.db seed --reset"
        );
        assert_eq!(
            hint(Path::new("my data/it's.db"), "check"),
            r"apsc --db 'my data/it'\''s.db' check"
        );
    }

    #[test]
    fn a_missing_folder_is_named() {
        let err = check_path(Path::new("no-such-folder-here/x.db")).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("the folder no-such-folder-here does not exist"),
            "{text}"
        );
        assert!(matches!(
            err.downcast_ref::<error::Error>(),
            Some(error::Error::Database(_))
        ));
    }

    #[test]
    fn an_empty_path_is_a_usage_error() {
        let err = check_path(Path::new("")).unwrap_err();
        assert_eq!(error::exit_for(&err), error::Exit::Usage);
    }
}

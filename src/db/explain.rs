//! SQLite's errors in the user's terms: what is wrong with the file or its
//! folder and what to do, with every suggested command naming the database
//! the user gave.

use std::path::Path;

use rusqlite::ErrorCode;
use rusqlite::ffi;

use crate::error;

/// The database path apsc uses when neither --db nor APSC_DB is given.
pub const DEFAULT_DB: &str = "apsc.db";

/// A command line for the user to run against this database:
/// `apsc --db 'my file.db' seed --reset`, or `apsc seed --reset` for the default.
pub fn hint(path: &Path, command: &str) -> String {
    if path == Path::new(DEFAULT_DB) {
        return format!("apsc {command}");
    }
    format!(
        "apsc --db {} {command}",
        shell_quote(&path.to_string_lossy())
    )
}

/// Where a database's data came from, as `seed_files` tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOrigin {
    /// The built-in seed, or no seed at all.
    BuiltIn,
    /// Files this apsc's built-in seed does not have: a seed folder
    /// (`seed --from DIR`), or an earlier apsc's built-in seed.
    Folder,
    /// `seed_files` cannot be read (a damaged file).
    Unknown,
}

/// The command (in backquotes) that rebuilds the database at `path` from
/// its seed: plain `seed --reset` for the built-in seed; with `--from DIR`
/// when the data came from a seed folder, where plain `seed --reset` would
/// put the built-in seed in its place; both, when it cannot be told.
pub fn rebuild_hint(conn: &rusqlite::Connection, path: &Path) -> String {
    rebuild_command(path, seed_origin(conn))
}

fn rebuild_command(path: &Path, origin: SeedOrigin) -> String {
    let folder = hint(path, "seed --reset --from DIR");
    match origin {
        SeedOrigin::BuiltIn => format!("`{}`", hint(path, "seed --reset")),
        SeedOrigin::Folder => format!(
            "`{folder}`, DIR being the seed folder it was loaded from (seed_files lists its \
             files with their SHA-256), or `{}` if it held an earlier apsc's built-in seed",
            hint(path, "seed --reset")
        ),
        SeedOrigin::Unknown => format!(
            "`{}`, or `{folder}` if it was loaded from a seed folder DIR (the file no longer \
             says which)",
            hint(path, "seed --reset")
        ),
    }
}

/// [`rebuild_hint`] for a file apsc has no connection to.
fn rebuild_hint_at(path: &Path) -> String {
    rebuild_command(path, seed_origin_at(path))
}

/// Where the data of the database at `path` came from (see `seed_origin`),
/// opened read-only to look.
pub fn seed_origin_at(path: &Path) -> SeedOrigin {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    match rusqlite::Connection::open_with_flags(path, flags) {
        Ok(conn) => seed_origin(&conn),
        Err(_) => SeedOrigin::Unknown,
    }
}

/// Where the data came from: a folder when `seed_files` names a file, or a
/// digest, that the built-in seed does not have.
fn seed_origin(conn: &rusqlite::Connection) -> SeedOrigin {
    let built_in: std::collections::BTreeMap<String, String> = {
        let seed = crate::seed::SeedDir::embedded();
        seed.names()
            .map(|name| {
                let digest = crate::seed::sha256_hex(seed.get(name).unwrap_or_default());
                (name.to_string(), digest)
            })
            .collect()
    };
    let Ok(mut stmt) = conn.prepare("SELECT name, sha256 FROM seed_files") else {
        return SeedOrigin::Unknown;
    };
    let Ok(rows) = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
    else {
        return SeedOrigin::Unknown;
    };
    let mut origin = SeedOrigin::BuiltIn;
    for row in rows {
        match row {
            Ok((name, digest)) if built_in.get(&name) != Some(&digest) => {
                origin = SeedOrigin::Folder;
            }
            Ok(_) => {}
            Err(_) => return SeedOrigin::Unknown,
        }
    }
    origin
}

/// Quote a word for a POSIX shell when it needs it.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The folder a database file lives in ("." for a bare name).
fn folder(path: &Path) -> &Path {
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
    if path.is_dir() {
        return Err(error::database(format!(
            "{} is a directory, not a database file; give the path of a file inside it",
            path.display()
        )));
    }
    let parent = folder(path);
    let problem = match std::fs::metadata(parent) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => "is not a folder",
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot be entered by this user (check its permissions)"
        }
        Err(_) => "does not exist (create it, or choose another --db)",
    };
    Err(error::database(format!(
        "cannot use {}: the folder {} {problem}",
        path.display(),
        parent.display()
    )))
}

/// An error met opening or first reading a file, in the user's terms.
pub fn open_error(err: rusqlite::Error, path: &Path) -> anyhow::Error {
    let extended = match &err {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        _ => return anyhow::Error::new(err).context(format!("opening {}", path.display())),
    };
    let shown = path.display();
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => error::database(format!(
            "{shown} is not an SQLite database (or it is encrypted, or its first page is \
             damaged); apsc leaves it as it is: choose another file with --db, or move it away \
             and build a new one with `{}`",
            hint(path, "seed")
        )),
        Some(ErrorCode::DatabaseCorrupt) => error::corrupt(format!(
            "{shown} is damaged ({}); check it with `{}`, rebuild it with {}",
            message(&err),
            hint(path, "check"),
            rebuild_hint_at(path)
        )),
        _ => write_error(err, extended, path),
    }
}

/// What a failed write says in the user's terms, for the SQLite errors that
/// are about the file or its folder rather than the data; `None` for others.
fn file_problem(err: &rusqlite::Error, path: &Path) -> Option<anyhow::Error> {
    let rusqlite::Error::SqliteFailure(code, _) = err else {
        return None;
    };
    let shown = path.display();
    let parent = folder(path).display();
    let message = match code.extended_code {
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
            format!(
                "cannot write {shown}: the file is read-only for this user (reports and queries \
                 still run; `seed` and `sql --write` need write access)"
            )
        }
        ffi::SQLITE_FULL => format!("cannot write {shown}: the disk is full; nothing was changed"),
        ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED => {
            format!("{shown} stayed locked by another program; try again when it has finished")
        }
        ffi::SQLITE_CORRUPT => {
            return Some(error::corrupt(format!(
                "{shown} is damaged ({}); check it with `{}`, rebuild it with {}",
                message(err),
                hint(path, "check"),
                rebuild_hint_at(path)
            )));
        }
        _ => return None,
    };
    Some(error::database(message))
}

/// An error met writing a database, in the user's terms.
pub fn write_error(err: rusqlite::Error, _extended: i32, path: &Path) -> anyhow::Error {
    match file_problem(&err, path) {
        Some(mapped) => mapped,
        None => anyhow::Error::new(err).context(format!("writing {}", path.display())),
    }
}

/// SQLite's own words for an error, without the code number.
pub fn message(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(e, None) => e.to_string(),
        other => other.to_string(),
    }
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

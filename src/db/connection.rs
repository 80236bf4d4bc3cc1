//! A connection to a database file with the settings every connection gets,
//! and what is known of the file: damaged, writable, its rollback journal.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::explain;
use crate::error;

/// Open a connection with the settings every connection gets.
pub fn open(path: &Path, flags: OpenFlags) -> anyhow::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags.union(OpenFlags::SQLITE_OPEN_NO_MUTEX))
        .map_err(|e| explain::open_error(e, path))?;
    // A lock held by another process (a seed committing, a long report) is
    // waited for this long.
    conn.busy_timeout(Duration::from_secs(30))
        .and_then(|()| conn.pragma_update(None, "foreign_keys", true))
        .map_err(|e| explain::open_error(e, path))?;
    Ok(conn)
}

pub const READ_ONLY: OpenFlags = OpenFlags::SQLITE_OPEN_READ_ONLY;
pub const READ_WRITE: OpenFlags =
    OpenFlags::SQLITE_OPEN_READ_WRITE.union(OpenFlags::SQLITE_OPEN_CREATE);

/// Whether an error says the file is damaged (every error met opening or
/// reading the file is said in the user's terms, see `explain`).
pub fn is_corrupt(err: &anyhow::Error) -> bool {
    error::is_kind(err, |e| matches!(e, error::Error::Corrupt(_)))
}

/// Whether the file cannot be opened for writing by this process.
pub fn read_only_file(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_err()
}

/// The rollback journal beside a database file.
pub fn journal(path: &Path) -> PathBuf {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    journal.into()
}

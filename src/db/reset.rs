//! Replacing a database file with one built in memory (`apsc seed --reset`,
//! the rebuild of an earlier apsc's file), by one path whether the old file
//! is sound or damaged: the new database is written to a file beside it,
//! with its mode, and renamed over it, so that readers see the old file or
//! the new one and a failure leaves the old one as it was. A foreign file,
//! sound or damaged, is never replaced.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;

use crate::output::pending;

use super::{READ_WRITE, explain, is_corrupt, journal, open, read_only_file, state};

/// Replace the database at `path` with the contents of `fresh`.
pub fn replace(path: &Path, fresh: &Connection) -> anyhow::Result<()> {
    explain::check_path(path)?;
    if path.exists() {
        refuse_to_replace(path)?;
    }
    // Noted as pending, so that an interrupted rebuild removes it.
    let temp = pending::create(&path.display().to_string(), || {
        tempfile::Builder::new()
            .prefix(".apsc-rebuild-")
            .suffix(".db")
            .tempfile_in(explain::folder(path))
    })
    .map_err(|e| explain::writing(e.into(), path))
    .with_context(|| format!("creating a new database beside {}", path.display()))?;
    fresh
        .backup(
            rusqlite::MAIN_DB,
            temp.path(),
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| explain::writing(e.into(), temp.path()))?;
    temp.as_file()
        .sync_all()
        .with_context(|| format!("writing {}", temp.path().display()))?;
    if let Ok(meta) = fs::metadata(path) {
        let mode = meta.permissions().mode();
        fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode))
            .with_context(|| format!("writing {}", temp.path().display()))?;
    }
    // A journal beside the old file belongs to it, and would be replayed
    // into the new one.
    match fs::remove_file(journal(path)) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            return Err(anyhow::Error::new(err)
                .context(format!("removing the journal of {}", path.display())));
        }
        _ => {}
    }
    let temp_path = temp.path().to_path_buf();
    pending::persist(&temp_path, || temp.persist(path))
        .map_err(|e| e.error)
        .with_context(|| format!("moving the rebuilt database into {}", path.display()))?;
    Ok(())
}

/// Refuse a file this process may not write, one that is not apsc's or is
/// newer than this binary, and a damaged one that does not look like apsc's.
fn refuse_to_replace(path: &Path) -> anyhow::Result<()> {
    if read_only_file(path) {
        return Err(explain::read_only(path));
    }
    let found = open(path, READ_WRITE).and_then(|conn| state::read(&conn, path));
    match found {
        Ok(found) => state::refuse_unusable(&found, path),
        Err(err) if is_corrupt(&err) => state::check_rebuildable(path),
        Err(err) => Err(err),
    }
}

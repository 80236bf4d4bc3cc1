//! Replacing a database file with one built in memory (`apsc seed --reset`):
//! through SQLite's backup API, so readers see the old file or the new one
//! and a failure leaves the old one as it was; or, for a damaged apsc file
//! the backup cannot write into, by writing the new database beside it and
//! moving it into place. A foreign file is never replaced.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::{BUSY_TIMEOUT, READ_WRITE, explain, is_corrupt, journal, open, state};
use crate::error;

/// Replace the database at `path` with the contents of `fresh`.
pub fn replace(path: &Path, fresh: &Connection) -> anyhow::Result<()> {
    explain::check_path(path)?;
    let mut target = open(path, READ_WRITE)?;
    let readable = match state::read(&target, path) {
        Ok(found) => {
            state::refuse_unusable(&found, path)?;
            true
        }
        Err(err) if is_corrupt(&err) => false,
        Err(err) => return Err(err),
    };
    if readable {
        match copy_into(fresh, &mut target, path) {
            Ok(()) => return Ok(()),
            Err(err) if is_corrupt(&err) => {}
            Err(err) => return Err(err),
        }
    }
    drop(target);
    state::check_rebuildable(path)?;
    move_into_place(fresh, path)
}

/// Copy every page of `fresh` over `target` in one transaction.
fn copy_into(fresh: &Connection, target: &mut Connection, path: &Path) -> anyhow::Result<()> {
    let backup = Backup::new(fresh, target).map_err(|e| explain::writing(e.into(), path))?;
    let started = Instant::now();
    loop {
        match backup
            .step(-1)
            .map_err(|e| explain::writing(e.into(), path))?
        {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                return Err(error::database(format!(
                    "{} stayed locked by another process for {} s; nothing was changed",
                    path.display(),
                    BUSY_TIMEOUT.as_secs()
                )));
            }
        }
    }
}

/// Write `fresh` to a new file beside `path`, with the old file's mode, and
/// move it over the damaged one. A journal left beside the damaged file
/// belongs to it and would be replayed into the new one: it goes first.
fn move_into_place(fresh: &Connection, path: &Path) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".apsc-rebuild-")
        .suffix(".db")
        .tempfile_in(folder)
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
    match fs::remove_file(journal(path)) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => {
            return Err(anyhow::Error::new(err)
                .context(format!("removing the journal of {}", path.display())));
        }
    }
    let temp_path = temp.path().to_path_buf();
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("moving the rebuilt database into {}", path.display()))?;
    crate::output::pending::remove(&temp_path);
    Ok(())
}

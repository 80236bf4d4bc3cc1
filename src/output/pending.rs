//! Files being written beside their final name, so that an interrupted
//! command (Ctrl-C, SIGTERM, SIGHUP) removes them instead of leaving hidden
//! temporary files behind: the real file is untouched either way.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Note a temporary file to remove if the command is interrupted.
pub fn add(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

/// The file was moved into place or removed: forget it.
pub fn remove(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// On an interrupt, remove every pending file and exit as interrupted
/// (130, as a shell reports a process stopped by Ctrl-C).
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING.lock() {
            for path in pending.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_pending_until_it_is_removed_from_the_list() {
        let path = Path::new("/nonexistent/.x.apsc-test.tmp");
        add(path);
        assert!(PENDING.lock().unwrap().iter().any(|p| p == path));
        remove(path);
        assert!(!PENDING.lock().unwrap().iter().any(|p| p == path));
    }
}

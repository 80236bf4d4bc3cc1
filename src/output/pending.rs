//! Files being written beside their final name, so that an interrupted
//! command (Ctrl-C, SIGTERM, SIGHUP) removes them instead of leaving hidden
//! temporary files behind: the real file is untouched either way.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Each temporary file, and the name it was to take, as the user gave it.
static PENDING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// Make a temporary file with `create` and note it to remove if the command
/// is interrupted, with the name it was to take, in one step: an interrupt
/// waits for both, and finds the file not yet made or noted, never made and
/// not yet noted.
pub fn create<E>(
    target: &str,
    create: impl FnOnce() -> Result<tempfile::NamedTempFile, E>,
) -> Result<tempfile::NamedTempFile, E> {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let temp = create()?;
    pending.push((temp.path().to_path_buf(), target.to_string()));
    Ok(temp)
}

/// Move the temporary file at `path` into place with `persist`, and forget
/// it once moved. An interrupt waits for the move: it finds the file either
/// still pending (and removes it) or in place (and says nothing of it).
pub fn persist<T, E>(path: &Path, persist: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let moved = persist()?;
    pending.retain(|(p, _)| p != path);
    Ok(moved)
}

/// What an interrupted command says: that it was interrupted, and which
/// files it did not write.
fn interrupted(targets: &[String]) -> String {
    if targets.is_empty() {
        return "apsc: interrupted\n".to_string();
    }
    format!(
        "apsc: interrupted; nothing written to {}\n",
        targets.join(", ")
    )
}

/// On an interrupt, remove every pending file, say so on stderr (clearing
/// a progress line first) and exit as interrupted (130, as a shell reports
/// a process stopped by Ctrl-C).
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        // Held until the process exits: no file is moved into place after
        // this, so the message stays true.
        let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let mut targets = Vec::new();
        for (path, target) in pending.iter() {
            // A file already gone was moved into place (or never made).
            if std::fs::remove_file(path).is_ok() {
                targets.push(target.clone());
            }
        }
        let message = interrupted(&targets);
        // Said from a thread of its own, waited for a moment only: a stdout
        // or stderr that nobody reads must not keep the command from
        // stopping.
        let (said, heard) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Rows on the terminal stop here, so that the message is not
            // followed by the rest of a row.
            let out = std::io::stdout();
            let _rows = out.is_terminal().then(|| out.lock());
            let mut err = std::io::stderr();
            if err.is_terminal() {
                let _ = err.write_all(b"\r\x1b[2K");
            }
            let _ = err.write_all(message.as_bytes());
            let _ = said.send(());
            // Hold the terminal until the process exits.
            std::thread::sleep(Duration::from_secs(1));
        });
        let _ = heard.recv_timeout(Duration::from_millis(200));
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_stays_pending_until_it_is_moved_into_place() {
        let temp = create("y", tempfile::NamedTempFile::new).unwrap();
        let path = temp.path();
        let listed = || PENDING.lock().unwrap().iter().any(|(p, _)| p == path);
        let failed: Result<(), &str> = persist(path, || Err("no room"));
        assert_eq!(failed, Err("no room"));
        assert!(listed(), "a file that did not move is still pending");
        assert_eq!(persist(path, || Ok::<_, ()>(7)), Ok(7));
        assert!(!listed(), "a file moved into place is not");
    }

    #[test]
    fn an_interrupt_names_the_files_it_did_not_write() {
        assert_eq!(interrupted(&[]), "apsc: interrupted\n");
        assert_eq!(
            interrupted(&["out.csv".to_string()]),
            "apsc: interrupted; nothing written to out.csv\n"
        );
    }
}

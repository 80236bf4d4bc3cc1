//! Files being written beside their final name, so that an interrupted
//! command (Ctrl-C, SIGTERM, SIGHUP) removes them instead of leaving hidden
//! temporary files behind: the real file is untouched either way.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Each temporary file, and the name it was to take, as the user gave it.
static PENDING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// Make a temporary file with `create` and note it, with the name it was to
/// take, in one step: an interrupt never finds it made and not yet noted.
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
/// it, in one step: an interrupt finds it pending (and removes it) or in place.
pub fn persist<T, E>(path: &Path, persist: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let moved = persist()?;
    pending.retain(|(p, _)| p != path);
    Ok(moved)
}

/// What an interrupted command says, naming the files it did not write.
fn interrupted(targets: &[String]) -> String {
    match targets.join(", ") {
        files if files.is_empty() => "apsc: interrupted\n".to_string(),
        files => format!("apsc: interrupted; nothing written to {files}\n"),
    }
}

/// On an interrupt, remove every pending file, say so on stderr (clearing a
/// progress line first) and exit 130, as a shell reports Ctrl-C.
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        // Held until the process exits, so that the message stays true.
        let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        // A file already gone was moved into place (or never made).
        let gone = |(path, _): &&(PathBuf, String)| std::fs::remove_file(path).is_ok();
        let removed = pending.iter().filter(gone);
        let targets: Vec<String> = removed.map(|(_, target)| target.clone()).collect();
        let message = interrupted(&targets);
        // Said from a thread waited for a moment only: a stdout or stderr
        // that nobody reads must not keep the command from stopping.
        let (said, heard) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Rows on the terminal stop here, not after the message.
            let out = std::io::stdout();
            let _rows = out.is_terminal().then(|| out.lock());
            let mut err = std::io::stderr();
            let clear = if err.is_terminal() { "\r\x1b[2K" } else { "" };
            let _ = write!(err, "{clear}{message}");
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

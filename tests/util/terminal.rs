//! Commands run on a pseudo-terminal through script(1), as a person at a
//! terminal 80 columns wide would see them.

use std::fs;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::TestDir;

/// What a terminal 80 columns wide shows when `commands` run on it (through
/// script(1)), or None where script cannot make a terminal here.
pub fn on_a_terminal(t: &TestDir, commands: &str) -> Option<String> {
    on_a_terminal_cued(t, commands, None)
}

/// The same, where `commands` wait for a file `go` to appear in the test's
/// directory (see [`WAIT_FOR_GO`]): it is made as soon as the terminal shows
/// `cue`, so that they act on what is drawn, not after a guessed delay.
pub fn on_a_terminal_cued(t: &TestDir, commands: &str, cue: Option<&str>) -> Option<String> {
    let typescript = t.path().join("typescript");
    let line = format!("stty cols 80 rows 40; {commands}");
    // -f: each write reaches the typescript at once, to be watched for the cue.
    let mut script = Command::new("script")
        .args(["-qefc", &line, typescript.to_str().unwrap()])
        .current_dir(t.path())
        .env("APSC_DB", t.db())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    if let Some(cue) = cue {
        let started = Instant::now();
        loop {
            let ended = script.try_wait().ok()?.is_some();
            let drawn = fs::read_to_string(&typescript).unwrap_or_default();
            // After script's own first line, which quotes the commands.
            if drawn
                .split_once('\n')
                .is_some_and(|(_, shown)| shown.contains(cue))
            {
                break;
            }
            if ended || started.elapsed() > Duration::from_secs(30) {
                // Let the commands end, not wait for ever.
                let _ = fs::write(t.path().join("go"), "");
                panic!("the terminal never showed {cue:?}:\n{drawn}");
            }
            thread::sleep(Duration::from_millis(5));
        }
        fs::write(t.path().join("go"), "").unwrap();
    }
    script.wait().ok().filter(|s| s.success())?;
    fs::read_to_string(typescript).ok()
}

/// Shell commands that wait until the test has made the file `go`.
pub const WAIT_FOR_GO: &str = "until [ -e go ]; do sleep 0.01; done";

//! The Python the tests run outside tools in: the interpreter `python3`
//! names, asked once for its own path and for the modules it has, since a
//! version manager's `python3` is often a shell script that costs more than
//! Python's own start, and importing a package only to see that it is there
//! costs as much as the test's own import of it.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::missing;

/// The modules a test may ask for.
const MODULES: [&str; 4] = ["frictionless", "networkx", "datasette", "sqlite3"];

/// Prints the interpreter's path, then each module of its arguments that
/// it can import (found, not imported).
const FIND: &str = "import importlib.util, sys\n\
    print(sys.executable)\n\
    for m in sys.argv[1:]:\n    \
        if importlib.util.find_spec(m): print(m)\n";

struct Python {
    interpreter: PathBuf,
    modules: Vec<String>,
}

fn found() -> Option<&'static Python> {
    static FOUND: OnceLock<Option<Python>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let out = Command::new("python3")
                .arg("-c")
                .arg(FIND)
                .args(MODULES)
                .stdin(Stdio::null())
                .output()
                .ok()
                .filter(|o| o.status.success())?;
            let text = String::from_utf8(out.stdout).ok()?;
            let mut lines = text.lines();
            let interpreter = PathBuf::from(lines.next().filter(|l| !l.is_empty())?);
            let modules = lines.map(String::from).collect();
            Some(Python {
                interpreter,
                modules,
            })
        })
        .as_ref()
}

/// A command that runs Python with `module` at hand; or None where
/// `python3` does not run or lacks the module, and the test is skipped
/// (under CI, failed: see [`missing`]).
#[track_caller]
pub fn python_with(module: &str) -> Option<Command> {
    assert!(MODULES.contains(&module), "add {module} to MODULES");
    let Some(python) = found() else {
        missing("`python3` does not run here");
        return None;
    };
    if !python.modules.iter().any(|m| m == module) {
        missing(&format!("Python has no module {module}"));
        return None;
    }
    Some(Command::new(&python.interpreter))
}

//! Test helpers: a directory per test, the real `apsc` binary run inside it,
//! readable failures, and the source text read straight from the seed file.

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::Connection;

mod made_once;
mod python;
mod run;
mod seed;
mod terminal;
pub use python::python_with;
pub use run::Run;
pub use seed::*;
pub use terminal::*;

/// The spam token that stands for "China" in the supplied text.
pub const TOKEN: &str = "皇冠体育app";

/// The SHA-256 of the supplied source text, as the project was given it.
pub const SOURCE_SHA256: &str = "27afaf093ce8eec8bc0522708fa52b39aec60a97558736a81280b87c65742ea8";

/// The crate's own seed directory.
pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// The supplied source text, read from the seed directory.
pub fn source_text() -> String {
    fs::read_to_string(seed_dir().join("white-paper-2017-section-vi.txt"))
        .expect("the source text is in seed/")
}

/// The line of web-page furniture after the paper, which omissions.csv names.
pub const FURNITURE: &str = "Registration Number: 130349";

/// The restored text, computed here without the program's help: "China" for
/// the token, and without the furniture line.
pub fn restored_text() -> String {
    source_text()
        .replace(TOKEN, "China")
        .replace(&format!("{FURNITURE}\n"), "")
}

/// The checks of the seed's curation that may fail while a seed is being
/// curated (none: the built-in seed links or waives every name it quotes).
pub const CURATION_CHECKS: [&str; 0] = [];

/// A directory of its own for one test, removed when the test ends.
pub struct TestDir {
    dir: tempfile::TempDir,
    /// The `apsc` this test runs: the one cargo built, or a link to it
    /// inside the directory (see [`TestDir::open_to_all`]).
    binary: PathBuf,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempdir_in(&std::env::temp_dir()),
            binary: PathBuf::from(env!("CARGO_BIN_EXE_apsc")),
        }
    }

    /// A directory that any user can enter, holding its own link to (or
    /// copy of) the binary, so that a test may run `apsc` as another user
    /// wherever the checkout lives: a checkout under `/root` or in a mode-700
    /// folder keeps `target/` out of other users' reach, and so does a
    /// temporary folder (mode 700) under a private `TMPDIR`.
    pub fn open_to_all() -> TestDir {
        let base = world_traversable_base();
        let dir = tempdir_in(&base);
        set_mode(dir.path(), 0o755);
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        set_mode(&bin, 0o755);
        let binary = bin.join("apsc");
        let built = Path::new(env!("CARGO_BIN_EXE_apsc"));
        // A link when others may already run the built file: a copy is
        // written, and a file written while other test threads fork can
        // refuse to run ("text file busy") for a moment.
        let open = fs::metadata(built).is_ok_and(|m| m.permissions().mode() & 0o005 == 0o005);
        if !open || fs::hard_link(built, &binary).is_err() {
            fs::copy(built, &binary).expect("copying the apsc binary");
            set_mode(&binary, 0o755);
        }
        TestDir { dir, binary }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The default database of this test.
    pub fn db(&self) -> PathBuf {
        self.path().join("apsc.db")
    }

    /// `apsc --db <this test's db> ARGS`, run in this directory.
    pub fn apsc(&self, args: &[&str]) -> Run {
        self.apsc_with(args, |_| {})
    }

    /// The same, with a chance to adjust the command (env, stdin, user).
    pub fn apsc_with(&self, args: &[&str], adjust: impl FnOnce(&mut Command)) -> Run {
        let mut cmd = Command::new(&self.binary);
        cmd.current_dir(self.path())
            .env("APSC_DB", self.db())
            .env("COLUMNS", "100")
            .env_remove("RUST_BACKTRACE")
            .args(args)
            .stdin(Stdio::null());
        adjust(&mut cmd);
        let shown = shell_words(args);
        let output = run_to_end(&mut cmd).unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e}\ncommand: {shown}",
                self.binary.display()
            )
        });
        Run { shown, output }
    }

    /// `apsc ARGS --format csv`, which must succeed: its header and rows.
    #[track_caller]
    pub fn csv(&self, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
        let mut args = args.to_vec();
        args.extend(["--format", "csv"]);
        self.apsc(&args).success().csv()
    }

    /// A connection to this test's database.
    pub fn conn(&self) -> Connection {
        Connection::open(self.db()).expect("opening the test database")
    }

    /// A copy of the crate's seed directory, to break on purpose.
    pub fn seed_copy(&self) -> PathBuf {
        let copy = self.path().join("seed");
        fs::create_dir_all(&copy).unwrap();
        for entry in fs::read_dir(seed_dir()).unwrap() {
            let entry = entry.unwrap();
            let target = copy.join(entry.file_name());
            fs::copy(entry.path(), &target).unwrap();
            let mut perms = fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            fs::set_permissions(&target, perms).unwrap();
        }
        copy
    }

    /// Every file in this directory, with its bytes, to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }
}

/// Run a command to its end. A freshly copied binary may be held open for
/// writing by a fork in another test thread for a moment ("text file busy"):
/// that is retried.
fn run_to_end(cmd: &mut Command) -> std::io::Result<std::process::Output> {
    const TEXT_FILE_BUSY: i32 = 26;
    let mut tries = 0;
    loop {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(TEXT_FILE_BUSY) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result,
        }
    }
}

fn tempdir_in(base: &Path) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("apsc-test-")
        .tempdir_in(base)
        .unwrap_or_else(|e| panic!("creating a temp dir in {}: {e}", base.display()))
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

/// The first of the usual temporary folders that every user can reach: it
/// and each folder above it are searchable by others.
fn world_traversable_base() -> PathBuf {
    let candidates = [std::env::temp_dir(), "/tmp".into(), "/var/tmp".into()];
    candidates
        .iter()
        .filter_map(|c| c.canonicalize().ok())
        .find(|c| {
            c.ancestors().all(|a| {
                fs::metadata(a).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o001 != 0)
            })
        })
        .unwrap_or_else(|| {
            panic!("none of {candidates:?} can be entered by every user: cannot run apsc as another user")
        })
}

/// Whether an outside program (`sqlite3`, `python3`) is here to test
/// against. Missing, it fails the test under CI (`CI` set, as CI services
/// do), where the tool must be installed and a skip would pass unnoticed;
/// elsewhere the test is skipped with the reason printed.
#[track_caller]
pub fn require_tool(program: &str) -> bool {
    let found = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        missing(&format!(
            "`{program}` is not installed (or `{program} --version` fails)"
        ));
    }
    found
}

/// Under CI, fail with `why`; elsewhere print that the test is skipped.
#[track_caller]
pub fn missing(why: &str) {
    match skip_or_fail(under_ci(std::env::var("CI").ok().as_deref()), why) {
        // Straight to stderr: the test harness hides what eprintln! prints
        // in a test that passes, and a skip must be seen.
        Ok(skipped) => drop(writeln!(std::io::stderr(), "{skipped}")),
        Err(failure) => panic!("{failure}"),
    }
}

/// Whether a `CI` variable's value means CI: set, and not empty, `false` or `0`.
pub fn under_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The line that reports a skip, or under CI the failure.
pub fn skip_or_fail(ci: bool, why: &str) -> Result<String, String> {
    if ci {
        Err(format!(
            "{why}; CI must provide it (.ci/run installs what the tests need)"
        ))
    } else {
        Ok(format!("skipped: {why}"))
    }
}

/// Whether the tests run as root, who may write any file whatever its mode.
pub fn running_as_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Arguments as a shell would need them typed, to show a failed command.
fn shell_words(args: &[&str]) -> String {
    let mut shown = String::from("apsc");
    for arg in args {
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./=:,@%+".contains(c));
        shown.push(' ');
        if plain {
            shown.push_str(arg);
        } else {
            shown.push_str(&format!("'{}'", arg.replace('\'', "'\\''")));
        }
    }
    shown
}

/// Every row of a table as text, in a stable order, for comparing databases.
pub fn dump(conn: &Connection, table: &str) -> Vec<String> {
    rows_as_text(conn, &format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
}

/// Every row a query returns, its cells as text joined by `|`.
pub fn rows_as_text(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |row| {
        let cells: Vec<String> = (0..width)
            .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
            .collect();
        Ok(cells.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The one integer a query returns, such as a `count(*)`.
#[track_caller]
pub fn number(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The user tables of a database (no SQLite or FTS internals).
pub fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'passages_fts%' ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The first column of every row a query returns, as text.
pub fn strings(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map(params, |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The column names of a table or view, in order.
pub fn columns(conn: &Connection, table: &str) -> Vec<String> {
    strings(
        conn,
        "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid",
        [table],
    )
}

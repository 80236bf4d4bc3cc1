//! Test helpers: a directory per test, the real `apsc` binary run inside it,
//! readable failures, and the source text read straight from the seed file.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;

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

/// A directory of its own for one test, removed when the test ends.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::Builder::new()
                .prefix("apsc-test-")
                .tempdir()
                .expect("creating a temp dir"),
        }
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

    /// The same, with a chance to adjust the command (env, stdin).
    pub fn apsc_with(&self, args: &[&str], adjust: impl FnOnce(&mut Command)) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_apsc"));
        cmd.current_dir(self.path())
            .env("APSC_DB", self.db())
            .env("COLUMNS", "100")
            .env_remove("RUST_BACKTRACE")
            .args(args)
            .stdin(Stdio::null());
        adjust(&mut cmd);
        let shown = format!("apsc {}", args.join(" "));
        let output = cmd.output().expect("running apsc");
        Run { shown, output }
    }

    /// A database that exists and is seeded.
    pub fn seeded(&self) -> &TestDir {
        self.apsc(&["seed"]).success();
        self
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

/// The checks of the seed's curation: they hold once the seed links or waives
/// every partner its quotes name, which is curators' work in progress; they
/// are tested on seeds of their own (tests/curation.rs).
pub const CURATION_CHECKS: [&str; 1] = ["mentions"];

/// One finished run of the binary.
pub struct Run {
    shown: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    fn describe(&self) -> String {
        format!(
            "command: {}\nstatus: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.shown,
            self.output.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Assert exit code 0, and return the run.
    #[track_caller]
    pub fn success(self) -> Run {
        assert!(
            self.output.status.success(),
            "expected success\n{}",
            self.describe()
        );
        self
    }

    /// Assert a given exit code, and return the run.
    #[track_caller]
    pub fn code_is(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    /// Assert stderr holds `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Assert stdout holds `needle`.
    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Assert that `apsc check --format csv` found every check holding but
    /// the curation checks ([`CURATION_CHECKS`]), and return the run.
    #[track_caller]
    pub fn checks_hold(self) -> Run {
        assert!(
            matches!(self.code(), 0 | 1),
            "check did not run\n{}",
            self.describe()
        );
        let out = self.stdout();
        let rows: Vec<(&str, &str)> = out
            .lines()
            .skip(1)
            .map(|line| {
                let mut cells = line.splitn(3, ',');
                (cells.next().unwrap(), cells.next().unwrap_or_default())
            })
            .collect();
        assert!(rows.len() >= 10, "too few checks\n{}", self.describe());
        for (check, result) in rows {
            if !CURATION_CHECKS.contains(&check) {
                assert_eq!(result, "ok", "{check} failed\n{}", self.describe());
            }
        }
        self
    }

    /// No panic, no backtrace, no Rust debug output: what a user must never see.
    #[track_caller]
    pub fn clean_stderr(self) -> Run {
        let err = self.stderr();
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "internal error",
        ] {
            assert!(
                !err.contains(bad),
                "stderr shows {bad:?}\n{}",
                self.describe()
            );
        }
        self
    }
}

/// Every row of a table as text, in a stable order, for comparing databases.
pub fn dump(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
        .unwrap();
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

/// A database at schema `version` holding the rows of `seeded` (a database
/// of this apsc), as an older apsc left it: every table the migrations leave
/// empty gets the columns it has at that version (V3 renamed two of
/// corrections'), but the links in a role the older apsc did not know; the
/// full-text index is rebuilt and the report views written.
pub fn older_copy_of(seeded: &Path, path: &Path, version: i32) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    apsc::db::runner()
        .set_grouped(true)
        .set_target(refinery::Target::Version(version))
        .run(&mut conn)
        .unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("ATTACH ?1 AS seeded", [seeded.to_str().unwrap()])
        .unwrap();
    let empty = |table: &String| {
        let sql = format!("SELECT count(*) FROM main.\"{table}\"");
        conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).unwrap() == 0
    };
    // Figures last: a trigger checks that each names a fact.
    let mut copied: Vec<String> = tables(&conn).into_iter().filter(empty).collect();
    copied.sort_by_key(|table| table == "figures");
    for table in copied {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info(?1, 'main')")
            .unwrap();
        let columns: Vec<String> = stmt
            .query_map([&table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let quoted = |names: Vec<&str>| {
            let names: Vec<String> = names.iter().map(|c| format!("\"{c}\"")).collect();
            names.join(", ")
        };
        let sources = columns.iter().map(|c| match c.as_str() {
            "from" => "find",
            "to" => "replace_with",
            other => other,
        });
        let known = if columns.iter().any(|c| c == "role") && version >= 3 {
            " WHERE role IN (SELECT term FROM main.partner_roles)"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO main.{table} ({}) SELECT {} FROM seeded.{table}{known}",
            quoted(columns.iter().map(String::as_str).collect()),
            quoted(sources.collect()),
        );
        conn.execute(&sql, [])
            .unwrap_or_else(|e| panic!("copying {table}: {e}"));
    }
    conn.execute("DETACH seeded", []).unwrap();
    conn.execute(
        "INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')",
        [],
    )
    .unwrap();
    apsc::reports::install(&conn).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    conn
}

//! Ad-hoc SQL under guard: every write and every way out of the file is
//! refused with a message that says why, the file stays byte for byte as it
//! was and no other file appears; runaway queries and huge values are stopped.

use crate::util::TestDir;

/// Statements that must be refused without --write, and a word the refusal names.
const REFUSED: &[(&str, &str)] = &[
    (
        "INSERT INTO areas VALUES ('x', 'VI.9', 'X')",
        "INSERT into areas",
    ),
    (
        "UPDATE partners SET name = 'X' WHERE id = 'rok'",
        "UPDATE of partners",
    ),
    ("DELETE FROM meetings", "DELETE from meetings"),
    ("DROP TABLE meetings", "DROP TABLE meetings"),
    ("DROP VIEW report_partners", "DROP VIEW report_partners"),
    ("CREATE TABLE t (x)", "CREATE TABLE t"),
    ("CREATE INDEX i ON meetings (name)", "CREATE INDEX i"),
    ("ALTER TABLE meetings ADD COLUMN x", "ALTER TABLE meetings"),
    ("ATTACH DATABASE 'other.db' AS other", "ATTACH"),
    ("ATTACH DATABASE ':memory:' AS other", "ATTACH"),
    ("PRAGMA writable_schema = 1", "PRAGMA writable_schema"),
    ("PRAGMA journal_mode = WAL", "PRAGMA journal_mode"),
    ("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode"),
    ("DELETE FROM sqlite_master", "sqlite_master"),
    ("UPDATE sqlite_schema SET sql = ''", "sqlite_master"),
    ("PRAGMA query_only = 0", "PRAGMA query_only"),
    ("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys"),
    ("PRAGMA user_version = 7", "PRAGMA user_version"),
    ("SELECT load_extension('/tmp/evil.so')", "load_extension"),
    ("VACUUM", "VACUUM"),
    ("VACUUM INTO 'copy.db'", "VACUUM"),
    ("REINDEX", "REINDEX"),
    ("ANALYZE", "sqlite_stat1"),
    ("SELECT 1; DELETE FROM partners", "DELETE from partners"),
    (
        "SELECT 1; DROP TABLE partners; SELECT 2",
        "DROP TABLE partners",
    ),
    (
        "WITH x AS (SELECT 1) DELETE FROM partners",
        "DELETE from partners",
    ),
    (
        "CREATE TRIGGER t AFTER INSERT ON areas BEGIN SELECT 1; END",
        "CREATE TRIGGER t",
    ),
];

#[test]
fn every_write_is_refused_and_nothing_changes() {
    let t = TestDir::new();
    t.seeded();
    let before = t.snapshot();
    for (sql, named) in REFUSED {
        let run = t.apsc(&["sql", sql]).clean_stderr();
        assert_eq!(run.code(), 2, "{sql}: exit code\n{}", run.stderr());
        let err = run.stderr();
        assert!(err.contains("refused"), "{sql}: {err}");
        assert!(
            err.contains(named),
            "{sql}: the refusal does not name {named:?}: {err}"
        );
        assert_eq!(t.snapshot(), before, "{sql}: the directory changed");
    }
}

#[test]
fn a_refusal_says_how_to_allow_it() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "DELETE FROM meetings"])
        .code_is(2)
        .stderr_has("run with --write");
    t.apsc(&["sql", "ATTACH 'x.db' AS x"])
        .code_is(2)
        .stderr_has("never allowed");
    t.apsc(&["sql", "--write", "ATTACH 'x.db' AS x"])
        .code_is(2)
        .stderr_has("never allowed");
    assert!(!t.path().join("x.db").exists());
}

#[test]
fn reading_pragmas_the_catalog_and_temporary_tables_is_allowed() {
    let t = TestDir::new();
    t.seeded();
    let before = t.snapshot();
    for sql in [
        "PRAGMA table_info(meetings)",
        "PRAGMA foreign_key_list(meeting_partners)",
        "PRAGMA user_version",
        "PRAGMA integrity_check",
        "PRAGMA journal_mode",
        "PRAGMA foreign_keys",
        "PRAGMA table_info(no_such_table)",
        "CREATE TEMP TABLE t (x); INSERT INTO t VALUES (1); SELECT * FROM t",
        "CREATE TEMP VIEW v AS SELECT name FROM areas; SELECT * FROM v",
        "SELECT * FROM pragma_table_info('partners')",
        "SELECT name FROM sqlite_master",
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT sum(x) FROM n",
        "SELECT * FROM passages_fts WHERE passages_fts MATCH 'Mekong'",
    ] {
        t.apsc(&["sql", sql]).success();
    }
    assert_eq!(t.snapshot(), before, "a read changed the directory");
}

#[test]
fn journal_mode_read_reports_the_rollback_journal() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "--format", "csv", "PRAGMA journal_mode"])
        .success()
        .stdout_has("delete");
}

#[test]
fn vacuum_with_write_runs_outside_the_transaction() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "VACUUM"])
        .code_is(2)
        .stderr_has("run with --write");
    t.apsc(&["sql", "--write", "VACUUM"]).success();
    // Alone only: in a list it would have to run inside the transaction.
    t.apsc(&["sql", "--write", "SELECT 1; VACUUM"])
        .code_is(2)
        .stderr_has("VACUUM on its own");
    t.apsc(&["check", "--format", "csv"]).checks_hold();
}

#[test]
fn begin_and_commit_under_write_are_refused_not_failed() {
    let t = TestDir::new();
    t.seeded();
    let before = t.snapshot();
    for sql in ["BEGIN", "DELETE FROM meetings; COMMIT"] {
        t.apsc(&["sql", "--write", sql])
            .code_is(2)
            .clean_stderr()
            .stderr_has("one transaction of apsc's own");
    }
    assert_eq!(t.snapshot(), before);
}

#[test]
fn with_write_changes_are_made_in_one_transaction() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&[
        "sql",
        "--write",
        "UPDATE partners SET name = 'Korea (Republic of)' WHERE id = 'rok'",
    ])
    .success()
    .stderr_has("1 row changed");
    let name: String = t
        .conn()
        .query_row("SELECT name FROM partners WHERE id = 'rok'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Korea (Republic of)");
    // The second statement fails, so the first is rolled back too.
    t.apsc(&["sql", "--write", "UPDATE partners SET name = 'X' WHERE id = 'rok'; INSERT INTO areas VALUES ('a', 'VI.1', 'dup')"])
        .code_is(4);
    let name: String = t
        .conn()
        .query_row("SELECT name FROM partners WHERE id = 'rok'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Korea (Republic of)");
}

#[test]
fn a_query_that_never_ends_is_stopped_by_the_time_limit() {
    let t = TestDir::new();
    t.seeded();
    let before = t.snapshot();
    // One row, which never comes: a table prints nothing before its rows,
    // so nothing is cut short.
    let run = t
        .apsc(&[
            "sql",
            "--timeout",
            "0.15",
            "--format",
            "table",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
        ])
        .code_is(4)
        .clean_stderr()
        .stderr_has("time limit of 0.15 s")
        .stderr_has("--timeout");
    assert_eq!(run.stdout(), "");
    assert!(!run.stderr().contains("cut short"), "{}", run.stderr());
    assert_eq!(t.snapshot(), before);
}

/// A fast query with a large result: about 250 kB of CSV, several times what
/// a pipe holds, made in a small fraction of a second.
const MANY_ROWS: &str = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) \
     SELECT x, 'the quick brown fox jumps over the lazy dog' AS words FROM c";

#[test]
fn regression_time_limit_counted_the_wait_for_a_slow_reader() {
    use std::io::Read;
    let t = TestDir::new();
    t.seeded();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apsc"))
        .current_dir(t.path())
        .env("APSC_DB", t.db())
        .args(["sql", "--timeout", "0.4", "--format", "csv", MANY_ROWS])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader waits well past the limit before it reads a byte.
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert_eq!(out.lines().count(), 5_001, "{err}");
}

/// A query stopped by its time limit: what went to stdout is said to be
/// cut short; a file (`-o`) is not written at all (see
/// `output::a_failed_command_leaves_no_partial_output_file`).
#[test]
fn a_query_stopped_by_a_limit_leaves_no_output_that_looks_complete() {
    let t = TestDir::new();
    t.seeded();
    let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c";
    t.apsc(&["sql", "--timeout", "0.15", "--format", "csv", endless])
        .code_is(4)
        .stderr_has("the output is cut short")
        .stderr_has("time limit");
    // One row, which never comes: a CSV header is out at once, and alone
    // it would read as an empty result.
    let endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c";
    t.apsc(&["sql", "--timeout", "0.15", "--format", "csv", endless])
        .code_is(4)
        .stderr_has("the output is cut short");
}

#[test]
fn huge_values_are_bounded() {
    let t = TestDir::new();
    t.seeded();
    // Under SQLite's own ceiling of 1 GB, over apsc's of 100 MiB: without the
    // guard each of these would build a value of hundreds of megabytes.
    for sql in [
        "SELECT length(zeroblob(500000000) || 'x')",
        "SELECT length(randomblob(500000000))",
        "SELECT length(printf('%.*c', 500000000, 'x'))",
        "SELECT length(replace(hex(zeroblob(60000000)), '0', '00'))",
    ] {
        let run = t.apsc(&["sql", sql]).clean_stderr();
        assert_eq!(run.code(), 4, "{sql}: {}", run.stderr());
        assert!(run.stderr().contains("limit"), "{sql}: {}", run.stderr());
    }
}

#[test]
fn a_very_deep_expression_is_an_error_not_a_crash() {
    let t = TestDir::new();
    t.seeded();
    let deep = format!("SELECT {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let file = t.path().join("deep.sql");
    std::fs::write(&file, deep).unwrap();
    let run = t
        .apsc(&["sql", "--file", file.to_str().unwrap()])
        .clean_stderr();
    assert_eq!(run.code(), 4, "{}", run.stderr());
    let plus = format!("SELECT 1{}", "+1".repeat(200_000));
    std::fs::write(&file, plus).unwrap();
    let run = t
        .apsc(&["sql", "--file", file.to_str().unwrap()])
        .clean_stderr();
    assert_eq!(run.code(), 4, "{}", run.stderr());
}

#[test]
fn a_parameter_carrying_sql_is_only_text() {
    let t = TestDir::new();
    t.seeded();
    let before = t.snapshot();
    for hostile in [
        "x'); DROP TABLE partners; --",
        "1 OR 1=1",
        "x' OR '1'='1",
        "'; ATTACH 'evil.db' AS e; --",
    ] {
        let run = t
            .apsc(&[
                "sql",
                "--format",
                "csv",
                "--no-header",
                "SELECT count(*) FROM partners WHERE id = :id",
                "--param",
                &format!("id={hostile}"),
            ])
            .success();
        assert_eq!(run.stdout(), "0\r\n", "{hostile}");
        let run = t
            .apsc(&[
                "report",
                "statements",
                "--param",
                &format!("area={hostile}"),
            ])
            .code_is(2);
        assert!(run.stderr().contains("no area called"));
    }
    assert_eq!(t.snapshot(), before);
}

#[test]
fn sql_can_be_read_from_a_file_or_stdin() {
    let t = TestDir::new();
    t.seeded();
    let file = t.path().join("q.sql");
    std::fs::write(&file, "SELECT count(*) AS n FROM areas").unwrap();
    t.apsc(&["sql", "--file", file.to_str().unwrap(), "--format", "csv"])
        .success()
        .stdout_has("n\r\n6\r\n");
    let run = t.apsc_with(&["sql", "-", "--format", "csv"], |cmd| {
        cmd.stdin(std::fs::File::open(&file).unwrap());
    });
    run.success().stdout_has("n\r\n6\r\n");
}

#[test]
fn a_table_stopped_by_a_limit_shows_the_rows_that_came_and_says_it_is_cut_short() {
    let t = TestDir::new();
    t.seeded();
    // Three rows at once, then a search for a fourth that never comes.
    let stalls = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
                  SELECT x FROM c WHERE x < 4 OR x > 1e15";
    let run = t
        .apsc(&["sql", "--timeout", "0.2", "--format", "table", stalls])
        .code_is(4)
        .stderr_has("time limit")
        .stderr_has("the output is cut short");
    let out = run.stdout();
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('│')).collect();
    assert_eq!(rows.len(), 4, "a header and three rows:\n{out}");
    for (row, x) in rows[1..].iter().zip(["1", "2", "3"]) {
        assert_eq!(row.trim_matches(|c| c == '│' || c == ' '), x, "{out}");
    }
    assert!(out.trim_end().ends_with('┘'), "the table is closed:\n{out}");
    // JSON is left open, so that a parser does not take it for the whole.
    let run = t
        .apsc(&["sql", "--timeout", "0.2", "--format", "json", stalls])
        .code_is(4)
        .stderr_has("the output is cut short");
    let json = run.stdout();
    assert!(
        json.ends_with("{\"x\":3}\n"),
        "its last line ended: {json:?}"
    );
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_err(),
        "{json}"
    );
}

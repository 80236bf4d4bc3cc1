//! Damaged and foreign files where the database should be: each ends in a
//! clear message with a documented exit code and the file exactly as it was,
//! or in success.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;

use rusqlite::Connection;

use crate::util::{Run, TestDir, number, running_as_root};

/// Commands that read, and one that writes, to try on every bad file.
const COMMANDS: &[&[&str]] = &[
    &["report", "overview"],
    &["sql", "SELECT count(*) FROM meetings"],
    &["check"],
    &["search", "Mekong"],
    &["export", "out"],
    &["seed"],
];

/// Run every command; each must fail with `code` (or succeed, when `code` is
/// 0) without a panic, leaving the directory as it was.
fn every_command_refuses(t: &TestDir, code: i32, needle: &str) {
    let before = t.snapshot();
    for args in COMMANDS {
        let run = t.apsc(args).clean_stderr().code_is(code).stderr_has(needle);
        assert_eq!(
            run.stderr().lines().count(),
            1,
            "one line\n{}",
            run.describe()
        );
        assert_eq!(t.snapshot(), before, "apsc {args:?} changed the directory");
        assert!(!t.path().join("out").exists());
    }
}

#[test]
fn a_directory_is_not_a_database() {
    let t = TestDir::new();
    fs::create_dir(t.db()).unwrap();
    every_command_refuses(&t, 4, "is a directory");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let t = TestDir::new();
    fs::write(t.db(), "name,kind\nnot,a database\n".repeat(100)).unwrap();
    every_command_refuses(&t, 4, "is not an SQLite database");
    t.apsc(&["seed", "--reset"])
        .code_is(4)
        .stderr_has("is not an SQLite database");
}

#[test]
fn another_applications_database_is_refused() {
    let t = TestDir::new();
    let conn = Connection::open(t.db()).unwrap();
    conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');")
        .unwrap();
    drop(conn);
    every_command_refuses(&t, 4, "is not an apsc database");
    t.apsc(&["seed", "--reset"])
        .code_is(4)
        .stderr_has("is not an apsc database");
}

#[test]
fn another_applications_refinery_history_is_not_taken_for_apsc() {
    let t = TestDir::new();
    let conn = Connection::open(t.db()).unwrap();
    conn.execute_batch(
        "CREATE TABLE refinery_schema_history (version INT4 PRIMARY KEY, name VARCHAR(255), applied_on VARCHAR(255), checksum VARCHAR(255));
         INSERT INTO refinery_schema_history VALUES (1, 'initial', '2020-01-01', '1');
         CREATE TABLE orders (id INTEGER PRIMARY KEY);",
    )
    .unwrap();
    drop(conn);
    every_command_refuses(&t, 4, "is not an apsc database");
}

#[test]
fn a_database_from_a_newer_apsc_is_refused_naming_both_versions() {
    let t = TestDir::new();
    t.seeded();
    t.conn()
        .execute(
            "INSERT INTO refinery_schema_history VALUES (99, 'future', '2030-01-01', '0')",
            [],
        )
        .unwrap();
    // The newest migration in migrations/ is the version this apsc knows.
    let latest = fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_prefix('V')?
                .split_once("__")?
                .0
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap();
    let before = t.snapshot();
    for args in COMMANDS {
        let run = t.apsc(args).code_is(4).clean_stderr();
        assert!(
            run.stderr().contains("schema version 99"),
            "{}",
            run.stderr()
        );
        assert!(
            run.stderr()
                .contains(&format!("this apsc knows (version {latest})")),
            "{}",
            run.stderr()
        );
    }
    t.apsc(&["seed", "--reset"])
        .code_is(4)
        .stderr_has("schema version 99");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn an_empty_file_becomes_the_database() {
    let t = TestDir::new();
    fs::write(t.db(), b"").unwrap();
    t.apsc(&["report", "overview", "--format", "csv"])
        .success()
        .stderr_has("seeded")
        .stdout_has("VI.6,Cooperation in Non-Proliferation and Disarmament");
    t.apsc(&["check", "--format", "csv"]).checks_hold();
}

/// Flip bytes in the middle of a seeded database.
fn damaged(t: &TestDir, at: usize) -> Vec<u8> {
    t.seeded();
    let mut bytes = fs::read(t.db()).unwrap();
    let at = at.min(bytes.len() - 200);
    for b in &mut bytes[at..at + 100] {
        *b ^= 0xA5;
    }
    fs::write(t.db(), &bytes).unwrap();
    bytes
}

#[test]
fn flipped_bytes_give_a_clear_error_and_change_nothing() {
    // Each damaged file in a directory of its own, all at once: the commands
    // mostly wait on the disk.
    std::thread::scope(|scope| {
        for at in [1024, 8192, 40_000, 150_000, 300_000] {
            scope.spawn(move || flipped_at(at));
        }
    });
}

fn flipped_at(at: usize) {
    let t = TestDir::new();
    let bytes = damaged(&t, at);
    for args in COMMANDS.iter().filter(|a| a[0] != "seed") {
        let run = t.apsc(args).clean_stderr();
        assert!(
            [0, 1, 4].contains(&run.code()),
            "damaged at {at}\n{}",
            run.describe()
        );
        assert!(
            fs::read(t.db()).unwrap() == bytes,
            "apsc {args:?} changed the file damaged at {at}\n{}",
            run.describe()
        );
    }
    // Where SQLite itself sees the damage, check does not pass the file.
    // (Bytes flipped in a page's free space damage nothing.)
    let sqlite_says: String = Connection::open(t.db())
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
        .unwrap_or_else(|e| e.to_string());
    if sqlite_says != "ok" {
        let run = t.apsc(&["check"]);
        assert_ne!(
            run.code(),
            0,
            "check passed a database damaged at {at}: {sqlite_says}\n{}",
            run.describe()
        );
    }
}

/// Regression: a read that could not read the report catalog took it for an
/// outdated one and set out to rewrite the report views in the damaged file
/// ("bringing the database up to date: writing the report views").
#[test]
fn a_damaged_report_catalog_made_reads_try_to_rewrite_the_views() {
    let t = TestDir::new();
    t.seeded();
    let (page_size, root) = {
        let conn = t.conn();
        let page_size = number(&conn, "PRAGMA page_size");
        let root = number(
            &conn,
            "SELECT rootpage FROM sqlite_master WHERE name = 'reports'",
        );
        (page_size as usize, root as usize)
    };
    // Spoil the header of the catalog's first page: SQLite calls it malformed.
    let mut bytes = fs::read(t.db()).unwrap();
    for b in &mut bytes[(root - 1) * page_size..][..8] {
        *b ^= 0xA5;
    }
    fs::write(t.db(), &bytes).unwrap();
    for args in COMMANDS.iter().filter(|a| a[0] != "seed") {
        // check reports the damage as a failed check; the rest refuse.
        let code = if args[0] == "check" { 1 } else { 4 };
        let run = t
            .apsc(args)
            .clean_stderr()
            .code_is(code)
            .stderr_has(if code == 1 { "damaged" } else { "malformed" });
        assert!(!run.stderr().contains("writing"), "{}", run.describe());
        assert!(fs::read(t.db()).unwrap() == bytes, "{}", run.describe());
    }
}

#[test]
fn reset_repairs_a_database_with_damaged_pages() {
    let t = TestDir::new();
    damaged(&t, 150_000);
    t.apsc(&["seed", "--reset"]).success();
    t.apsc(&["check", "--format", "csv"]).checks_hold();
}

#[test]
fn a_read_only_file_still_answers_queries_and_seeding_says_why_not() {
    // Root writes any file whatever its mode: run apsc as nobody instead,
    // from a directory that user can enter, wherever the checkout lives.
    let as_user = running_as_root();
    let t = TestDir::open_to_all();
    t.seeded();
    fs::set_permissions(t.db(), fs::Permissions::from_mode(0o444)).unwrap();
    let run_as = |args: &[&str]| -> Run {
        t.apsc_with(args, |cmd| {
            if as_user {
                cmd.uid(65534).gid(65534);
            }
        })
    };
    let before = t.snapshot();
    run_as(&["report", "overview", "--format", "csv"])
        .success()
        .stdout_has("VI.6,Cooperation in Non-Proliferation and Disarmament");
    run_as(&["sql", "SELECT count(*) FROM partners"]).success();
    run_as(&["check", "--format", "csv"]).checks_hold();
    run_as(&["seed"])
        .code_is(4)
        .clean_stderr()
        .stderr_has("read-only for this user");
    run_as(&["seed", "--reset"]).code_is(4).clean_stderr();
    assert_eq!(t.snapshot(), before);
}

//! Damaged files and the messages on the way to fixing them: `check` gives
//! every check its row on a damaged file, `seed --reset` rebuilds a damaged
//! apsc file but never a damaged foreign one, and every error names the
//! database, folder or file the user gave, in the user's terms. Output to the
//! paths the user gave has a module of its own.

mod output;

use std::fs;

use rusqlite::Connection;

use crate::util::TestDir;

/// The checks `apsc check` runs, by the names it prints.
const CHECKS: [&str; 13] = [
    "integrity",
    "foreign keys",
    "migrations",
    "schema",
    "rows",
    "restoration",
    "passages",
    "quotes",
    "coverage",
    "dates",
    "mentions",
    "forms",
    "context",
];

/// A seeded database cut to half its length, as a copy interrupted midway leaves it.
fn truncated(t: &TestDir) -> Vec<u8> {
    t.seeded();
    let bytes = fs::read(t.db()).unwrap();
    let half = bytes[..bytes.len() / 2].to_vec();
    fs::write(t.db(), &half).unwrap();
    half
}

#[test]
fn check_on_a_truncated_file_gives_every_check_a_row_and_exits_1() {
    let t = TestDir::new();
    let before = truncated(&t);
    let run = t
        .apsc(&["check", "--format", "csv"])
        .code_is(1)
        .clean_stderr();
    let out = run.stdout();
    for check in CHECKS {
        let row = out
            .lines()
            .find(|l| l.starts_with(&format!("{check},")))
            .unwrap_or_else(|| panic!("no row for {check}:\n{out}"));
        assert!(row.contains("FAILED") || row.contains(",ok,"), "{row}");
    }
    assert!(out.contains("integrity,FAILED"), "{out}");
    assert!(!run.stderr().contains("Error code"), "{}", run.stderr());
    assert_eq!(fs::read(t.db()).unwrap(), before, "check changed the file");
}

#[test]
fn check_on_a_page_overwritten_with_junk_fails_integrity_with_a_row() {
    let t = TestDir::new();
    t.seeded();
    let mut bytes = fs::read(t.db()).unwrap();
    // Page 6 of 16 KiB pages: inside the data, past the schema on page 1.
    let page = 16384 * 5;
    bytes[page..page + 16384].fill(0xff);
    fs::write(t.db(), &bytes).unwrap();
    let out = t.apsc(&["check", "--format", "csv"]).code_is(1).stdout();
    assert!(out.contains("integrity,FAILED"), "{out}");
    assert_eq!(out.lines().count(), 1 + CHECKS.len(), "{out}");
}

#[test]
fn reset_rebuilds_a_truncated_apsc_file_and_check_then_passes() {
    let t = TestDir::new();
    truncated(&t);
    t.apsc(&["seed", "--reset"]).success().clean_stderr();
    t.apsc(&["check", "--format", "csv"]).checks_hold();
    assert!(
        !t.path().read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".apsc-rebuild-")),
        "the rebuild left its temporary file behind"
    );
}

#[test]
fn reset_keeps_the_mode_of_the_file_it_rebuilds() {
    use std::os::unix::fs::PermissionsExt;
    let t = TestDir::new();
    truncated(&t);
    fs::set_permissions(t.db(), fs::Permissions::from_mode(0o600)).unwrap();
    t.apsc(&["seed", "--reset"]).success();
    let mode = fs::metadata(t.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn reset_never_replaces_a_damaged_foreign_file() {
    let t = TestDir::new();
    let conn = Connection::open(t.db()).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO notes (text) SELECT printf('%.200c', 'x') FROM n;",
    )
    .unwrap();
    drop(conn);
    let bytes = fs::read(t.db()).unwrap();
    let half = bytes[..bytes.len() / 2].to_vec();
    fs::write(t.db(), &half).unwrap();
    t.apsc(&["seed", "--reset"])
        .code_is(4)
        .stderr_has("does not look like an apsc database");
    assert_eq!(
        fs::read(t.db()).unwrap(),
        half,
        "a foreign file was changed"
    );
}

#[test]
fn hints_on_a_damaged_file_name_the_db_the_user_gave() {
    let t = TestDir::new();
    truncated(&t);
    let db = t.db().display().to_string();
    t.apsc(&["--db", &db, "report", "overview"])
        .code_is(4)
        .stderr_has(&format!("apsc --db {db} seed --reset"));
    t.apsc(&["--db", &db, "check"])
        .code_is(1)
        .stderr_has(&format!("apsc --db {db} seed --reset"));
}

#[test]
fn sqlite_errors_reach_the_user_without_error_codes() {
    let t = TestDir::new();
    t.seeded();
    let run = t.apsc(&["sql", "SELEC 1"]);
    assert_ne!(run.code(), 0);
    assert!(!run.stderr().contains("Error code"), "{}", run.stderr());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
}

#[test]
fn check_names_a_quote_or_sentence_moved_from_its_offsets() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let id: String = conn
        .query_row("SELECT id FROM meetings ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "UPDATE meetings SET quote_start = quote_start + 1 WHERE id = ?1",
        [&id],
    )
    .unwrap();
    conn.execute(
        "UPDATE sentences SET text = text || ' ' WHERE id = (SELECT min(id) FROM sentences)",
        [],
    )
    .unwrap();
    drop(conn);
    let out = t.apsc(&["check", "--format", "csv"]).code_is(1).stdout();
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("quotes").contains("FAILED"), "{out}");
    assert!(row("quotes").contains(&format!("meetings/{id}")), "{out}");
    assert!(
        row("passages").contains("FAILED") && row("passages").contains("sentence VI.1"),
        "{out}"
    );
}

#[test]
fn regression_a_number_wider_than_its_planned_column_was_split_over_lines() {
    let t = TestDir::new();
    t.seeded();
    // Widths are planned from the first rows; a much wider number comes later.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 1500)
               SELECT CASE WHEN i < 1400 THEN i % 10 ELSE 123456789012 END AS value FROM n";
    t.apsc(&["sql", sql, "-o", "out.txt"]).success();
    let table = fs::read_to_string(t.path().join("out.txt")).unwrap();
    assert!(table.lines().any(|l| l.contains("123456789012")), "split");
    // One line per row, plus the frame and the header.
    assert_eq!(table.lines().count(), 1500 + 4);
}

#[test]
fn sql_with_no_statement_and_names_with_spaces_around_them() {
    let t = TestDir::new();
    t.seeded();
    for sql in ["  ;  ", "-- only a comment", ""] {
        t.apsc(&["sql", sql]).code_is(2).clean_stderr();
    }
    let trimmed = t.apsc(&[
        "report",
        "partner",
        "--param",
        "name= ROK ",
        "--format",
        "csv",
    ]);
    let exact = t.apsc(&[
        "report", "partner", "--param", "name=ROK", "--format", "csv",
    ]);
    assert_eq!(trimmed.success().stdout(), exact.success().stdout());
}

#[test]
fn check_finds_rows_deleted_since_the_seed() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "--write", "DELETE FROM figures"]).success();
    let out = t.apsc(&["check", "--format", "csv"]).code_is(1).stdout();
    let row = out
        .lines()
        .find(|l| l.starts_with("rows,"))
        .unwrap_or_default();
    assert!(
        row.contains("FAILED") && row.contains("figures holds 0 rows"),
        "{out}"
    );
}

/// Overwrite the first page of the index `meetings_passage` with junk:
/// `integrity` fails, and the tables (`seed_files` among them) still read.
fn damage_an_index(t: &TestDir) {
    damage_the_root_of(t, "meetings_passage");
}

/// Overwrite the first page of a table or index with junk.
fn damage_the_root_of(t: &TestDir, name: &str) {
    let conn = t.conn();
    let (page_size, root): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT page_size FROM pragma_page_size), rootpage
               FROM sqlite_master WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let mut bytes = fs::read(t.db()).unwrap();
    let (at, size) = (((root - 1) * page_size) as usize, page_size as usize);
    bytes[at..at + size].fill(0xff);
    fs::write(t.db(), &bytes).unwrap();
}

#[test]
fn the_rebuild_hint_names_a_seed_folder_when_the_data_came_from_one() {
    // Built from the built-in seed: `seed --reset` rebuilds it as it was.
    let t = TestDir::new();
    t.seeded();
    damage_an_index(&t);
    let run = t.apsc(&["check", "--format", "csv"]).code_is(1);
    assert!(
        run.stdout().contains("integrity,FAILED"),
        "{}",
        run.stdout()
    );
    let err = run.stderr();
    assert!(err.contains(" seed --reset`"), "{err}");
    assert!(!err.contains("--from"), "{err}");
    // Built from a seed folder: plain `seed --reset` would load the built-in
    // seed in its place, so the hint asks for the folder.
    let t = TestDir::new();
    t.apsc(&["seed", "--dump", "mine"]).success();
    let path = t.path().join("mine/partners.csv");
    let mut partners = fs::read_to_string(&path).unwrap();
    partners = partners.replacen("Republic of Korea", "Republic of Korea (ROK)", 1);
    fs::write(&path, partners).unwrap();
    t.apsc(&["seed", "--from", "mine"]).success();
    damage_an_index(&t);
    let err = t.apsc(&["check"]).code_is(1).stderr();
    assert!(err.contains(" seed --reset --from DIR`"), "{err}");
    assert!(err.contains("if it was loaded from a seed folder"), "{err}");
    // A command that meets the damage on its way says the same.
    let err = t.apsc(&["seed", "--from", "mine"]).code_is(4).stderr();
    assert!(err.contains("is damaged"), "{err}");
    assert!(err.contains(" seed --reset --from DIR`"), "{err}");
    // The built-in seed in its place is done as asked, and said.
    let err = t.apsc(&["seed", "--reset"]).success().stderr();
    assert!(
        err.contains("held data loaded from other seed files"),
        "{err}"
    );
    assert!(err.contains("seed --from DIR`"), "{err}");
    // Now it holds the built-in seed: reloading it says nothing.
    t.apsc(&["seed"]).success().clean_stderr();
}

#[test]
fn a_damaged_history_or_seed_record_is_damage_not_a_foreign_file() {
    // The migration history tells apsc's file from another application's:
    // unreadable, it once made a damaged apsc file "not an apsc database",
    // which `seed --reset` then refused to rebuild.
    for table in ["refinery_schema_history", "seed_files"] {
        let t = TestDir::new();
        t.seeded();
        damage_the_root_of(&t, table);
        let run = t.apsc(&["report", "overview"]);
        let err = run.stderr();
        assert!(!err.contains("not an apsc database"), "{table}: {err}");
        if table == "refinery_schema_history" {
            // Every command reads the history first.
            assert_eq!(run.code(), 4, "{table}: {err}");
            assert!(err.contains("is damaged"), "{table}: {err}");
        }
        let err = t
            .apsc(&["check", "--format", "csv"])
            .code_is(1)
            .stderr_has("the file is damaged")
            .stderr();
        if table == "seed_files" {
            // Where the data came from can no longer be read: both ways.
            assert!(err.contains(" seed --reset`, or `"), "{err}");
            assert!(err.contains("if it was loaded from a seed folder"), "{err}");
        }
        t.apsc(&["seed", "--reset"]).success();
        t.apsc(&["check", "--format", "csv"]).checks_hold();
    }
}
